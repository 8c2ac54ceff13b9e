"""Figures of symml results (matplotlib, Agg): contours, trajectories, step sizes, pmfs.

Every function returns a :class:`matplotlib.figure.Figure` (not registered with pyplot: no
window is opened, nothing is saved; ``fig.savefig(...)`` writes it).
The mathematics stays exact: numbers become floats only here, at the last moment,
to be drawn.

>>> import sympy as sp
>>> from symml.plot import pmf_figure
>>> from symml.probability import Die
>>> fig = pmf_figure(Die(6))
>>> [round(float(b.get_height()), 4) for b in fig.axes[0].patches][:2]
[0.1667, 0.1667]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, ShapeError

__all__ = [
    "contour_figure",
    "parametric_contour_figure",
    "representative_value",
    "trajectory_figure",
    "step_size_figure",
    "pmf_figure",
]

_MARKERS = {"minimum": ("o", "tab:blue"), "maximum": ("^", "tab:red"), "saddle": ("x", "k")}


def _figure(figsize: tuple[float, float]) -> Any:
    """A new Figure not registered with pyplot (no window, nothing to close, no figure-count warnings)."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize)


def to_float(value: Any) -> float:
    """An exact real number as a float, for drawing only (20 correct digits first)."""
    return float(sp.N(value, 20))


def _two_variables(variables: Sequence[Any]) -> tuple[sp.Symbol, sp.Symbol]:
    if len(variables) != 2:
        raise ShapeError(f"a contour plot needs two variables; got {list(variables)}")
    return variables[0], variables[1]


def draw_level_sets(
    ax: Any, f: Any, variables: Sequence[Any], extent: Sequence[float], levels: int = 15
) -> None:
    """Draw the level sets of f(x, y) over ``extent = (xmin, xmax, ymin, ymax)`` on ``ax``."""
    import numpy as np

    from symml.core.parsing import as_expr

    x, y = _two_variables(variables)
    f = as_expr(f, [x, y])
    free = f.free_symbols - {x, y}
    if free:
        raise InvalidValueError(f"give values for the parameters {sorted(map(str, free))} before plotting")
    g = sp.lambdify((x, y), f, "numpy")
    X, Y = np.meshgrid(np.linspace(extent[0], extent[1], 200), np.linspace(extent[2], extent[3], 200))
    Z = np.asarray(g(X, Y), dtype=float) * np.ones_like(X)
    ax.contour(X, Y, Z, levels=levels, colors="0.75", linewidths=0.6)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")


def contour_figure(
    f: Any, variables: Sequence[Any], *, stationary: Any = None, extent: Sequence[float] = (-3, 3, -3, 3)
) -> Any:
    """Contours of f(x, y) with its stationary points marked (minimum o, maximum ^, saddle x).

    Parameters
    ----------
    f : SymPy expression in two variables (no free parameters)
    variables : the two variables (x, y)
    stationary : StationaryPoints, optional
        The result of :func:`symml.stationary_points`; computed when not given.  Its
        isolated points are marked, converted to floats only for drawing.
    extent : (xmin, xmax, ymin, ymax)

    Returns
    -------
    matplotlib.figure.Figure
    """
    from symml.optimisation.stationary import stationary_points

    res = stationary if stationary is not None else stationary_points(f, list(variables))
    fig = _figure((5, 4.5))
    ax = fig.subplots()
    draw_level_sets(ax, f, variables, extent)
    for _cond, case in res:
        for comp in case.components:
            if comp.point is None:
                continue
            marker, colour = _MARKERS.get(comp.kind, ("s", "0.3"))
            ax.plot(
                [to_float(comp.point[0])],
                [to_float(comp.point[1])],
                marker,
                color=colour,
                ms=8,
                label=comp.kind,
            )
    ax.set_title(f"${sp.latex(f)}$", fontsize=9)
    return fig


def representative_value(condition: Any) -> Any:
    """An exact parameter value inside a case condition (``p = 1``, ``-1 < p < 1``, ``p > 1``):
    the value itself, the midpoint of a bounded interval, or one unit inside a half-line."""
    if isinstance(condition, sp.Eq):
        return condition.rhs
    rels = condition.args if isinstance(condition, sp.And) else (condition,)
    lower = [r.rhs for r in rels if isinstance(r, (sp.StrictGreaterThan, sp.GreaterThan))]
    upper = [r.rhs for r in rels if isinstance(r, (sp.StrictLessThan, sp.LessThan))]
    if lower and upper:
        return (lower[0] + upper[0]) / 2
    if lower:
        return lower[0] + 1
    if upper:
        return upper[0] - 1
    raise InvalidValueError(f"cannot pick a value inside the condition {condition}")


def draw_stationary_set(
    ax: Any, components: Sequence[Any], variables: Sequence[Any], extent: Sequence[float]
) -> None:
    """Mark stationary components: isolated points by their kind, curves (a line of minima) in black."""
    import numpy as np

    x, y = _two_variables(variables)
    for comp in components:
        if comp.point is not None:
            marker, colour = _MARKERS.get(comp.kind, ("s", "0.3"))
            ax.plot([to_float(comp.point[0])], [to_float(comp.point[1])], marker, color=colour, ms=7)
            continue
        X, Y = np.meshgrid(np.linspace(extent[0], extent[1], 201), np.linspace(extent[2], extent[3], 201))
        for eq in comp.equations:
            g = sp.lambdify((x, y), eq, "numpy")
            ax.contour(
                X,
                Y,
                np.asarray(g(X, Y), dtype=float) * np.ones_like(X),
                levels=[0],
                colors="k",
                linewidths=2.5,
            )


def parametric_contour_figure(
    f: Any,
    variables: Sequence[Any],
    parameter: Any,
    stationary: Any,
    *,
    extent: Sequence[float] = (-2, 2, -2, 2),
    columns: int = 3,
    width: float = 6.3,
    spare: int = 0,
) -> Any:
    """One contour panel per case of a parametric function's stationary points.

    Each panel draws f at an exact value of ``parameter`` inside the case (see
    :func:`representative_value`) with its stationary set: points marked by kind, whole lines
    of stationary points in black.  ``spare`` extra panels are left empty (hidden) at the end
    for the caller to use; the grid is ``columns`` wide and ``width`` inches across.
    """
    from symml.core.latex import latex

    cases = list(stationary)
    n = len(cases) + spare
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    fig = _figure((width, rows * (width / columns + 0.45)))
    axes = list(fig.subplots(rows, columns, squeeze=False).flat)
    for ax, (cond, res) in zip(axes, cases):
        value = representative_value(cond)
        draw_level_sets(ax, f.subs(parameter, value), variables, extent, levels=12)
        comps = [_at(c, parameter, value) for c in res.components]
        draw_stationary_set(ax, comps, variables, extent)
        kinds = ", ".join(dict.fromkeys(c.kind for c in res.components)) or "none"
        ax.set_title(f"${latex(cond)}$ ($p = {latex(value)}$)\n{kinds}")
        ax.set_xticks([extent[0], 0, extent[1]])
        ax.set_yticks([extent[2], 0, extent[3]])
    for ax in axes[len(cases) :]:
        ax.set_visible(False)
    fig.set_layout_engine("constrained")
    return fig


def _at(component: Any, parameter: Any, value: Any) -> Any:
    """A stationary component with the parameter set to a value (for drawing only)."""
    from dataclasses import replace

    point = None if component.point is None else tuple(c.subs(parameter, value) for c in component.point)
    equations = tuple(e.subs(parameter, value) for e in component.equations)
    return replace(component, point=point, equations=equations)


def draw_trajectory(ax: Any, trajectory: Any, label: str, style: str = "o-") -> None:
    """Draw the exact iterates of a trajectory (as floats; points that blew up are left out)."""
    pts = [p for p in trajectory.as_floats() if all(abs(v) < 1e3 for v in p)]
    ax.plot([p[0] for p in pts], [p[1] for p in pts], style, label=label, markersize=3, linewidth=1)


def trajectory_figure(
    f: Any,
    variables: Sequence[Any],
    trajectories: Mapping[str, Any],
    *,
    extent: Sequence[float] = (-3, 3, -2, 2),
) -> Any:
    """Optimiser trajectories (``{label: Trajectory}``) over the level sets of f, one line each.

    Examples
    --------
    >>> import sympy as sp
    >>> from symml import gradient_descent
    >>> x, y = sp.symbols("x y", real=True)
    >>> traj = gradient_descent(x**2 + 4*y**2, [x, y], sp.Rational(1, 5)).iterates([2, 1], 3)
    >>> fig = trajectory_figure(x**2 + 4*y**2, [x, y], {"GD": traj})
    >>> [float(v) for v in fig.axes[0].lines[0].get_xdata()]
    [2.0, 1.2, 0.72, 0.432]
    """
    fig = _figure((6, 4))
    ax = fig.subplots()
    draw_level_sets(ax, f, variables, extent)
    styles = ("o-", "s-", "^-", "d-", "v-")
    for k, (label, trajectory) in enumerate(trajectories.items()):
        draw_trajectory(ax, trajectory, label, styles[k % len(styles)])
    ax.legend()
    return fig


def step_size_figure(
    f: Any,
    variables: Sequence[Any],
    start: Any,
    etas: Sequence[Any],
    *,
    steps: int = 12,
    extent: Sequence[float] = (-3, 3, -2, 2),
    labels: Mapping[Any, str] | None = None,
    columns: int = 2,
    width: float = 6.3,
) -> Any:
    """Gradient descent from ``start`` with several step sizes, one panel per η (exact iterates).

    The panels fill a grid ``columns`` wide and ``width`` inches across (a printed page's
    text width by default); ``labels`` maps a step size to words under its title
    (e.g. ``"converges"``, ``"diverges"``).
    """
    from symml.core.latex import latex
    from symml.optimisation.methods import gradient_descent

    if not etas:
        raise InvalidValueError("give at least one step size, e.g. etas=[1/10, 1/4]")
    columns = max(1, min(columns, len(etas)))
    rows = -(-len(etas) // columns)
    panel = width / columns
    fig = _figure((width, rows * panel * (extent[3] - extent[2]) / (extent[1] - extent[0]) + 0.5 * rows))
    axes = fig.subplots(rows, columns, squeeze=False)
    for ax, eta in zip(axes.flat, etas):
        draw_level_sets(ax, f, variables, extent)
        trajectory = gradient_descent(f, list(variables), eta).iterates(start, steps)
        draw_trajectory(ax, trajectory, rf"$\eta = {latex(eta)}$")
        words = (labels or {}).get(eta, "")
        ax.set_title(rf"$\eta = {latex(eta)}$" + (f": {words}" if words else ""))
    for ax in list(axes.flat)[len(etas) :]:
        ax.set_visible(False)
    fig.set_layout_engine("constrained")
    return fig


def pmf_figure(X: Any) -> Any:
    """The pmf of a finite random variable as a bar chart (bar heights are the exact ℙ(X = x))."""
    pmf = X.pmf
    values = list(pmf)
    fig = _figure((5, 3))
    ax = fig.subplots()
    labels = [str(v) for v in values]
    ax.bar(labels, [to_float(pmf[v]) for v in values], color="tab:blue")
    ax.set_ylabel(r"$\mathbb{P}(X = x)$")
    return fig
