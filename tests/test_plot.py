"""symml.plot: the figures show the exact results (converted to floats only to be drawn)."""

from __future__ import annotations

import pytest
import sympy as sp
from matplotlib.figure import Figure

from symml import gradient_descent, stationary_points
from symml.core.errors import InvalidValueError
from symml.plot import contour_figure, pmf_figure, step_size_figure, trajectory_figure
from symml.probability import Binomial, Die

x, y = sp.symbols("x y", real=True)


def marked_points(fig: Figure) -> dict[str, list[tuple[float, float]]]:
    out: dict[str, list[tuple[float, float]]] = {}
    for line in fig.axes[0].lines:
        out.setdefault(line.get_label(), []).append((line.get_xdata()[0], line.get_ydata()[0]))
    return out


def test_contours_mark_the_exact_stationary_points():
    f = x**3 - 3 * x + y**2  # minimum at (1, 0), saddle at (-1, 0)
    res = stationary_points(f, [x, y])
    fig = contour_figure(f, [x, y], stationary=res)
    assert isinstance(fig, Figure)
    exact = {c.kind: (float(c.point[0]), float(c.point[1])) for _, r in res for c in r.components}
    assert exact == {"minimum": (1.0, 0.0), "saddle": (-1.0, 0.0)}
    assert marked_points(fig) == {kind: [pt] for kind, pt in exact.items()}


def test_contours_of_irrational_points_are_the_rounded_exact_values():
    f = x**4 / 4 - x**2 + y**2  # minima at x = ±sqrt(2), a maximum in x (saddle) at 0
    fig = contour_figure(f, [x, y])
    assert sorted(marked_points(fig)["minimum"]) == [(-(2**0.5), 0.0), (2**0.5, 0.0)]


def test_contours_refuse_free_parameters():
    p = sp.Symbol("p", real=True)
    with pytest.raises(InvalidValueError):
        contour_figure(p * x**2 + y**2, [x, y], stationary=stationary_points(x**2 + y**2, [x, y]))


def test_trajectory_figure_draws_the_exact_iterates():
    f = x**2 + 4 * y**2
    traj = gradient_descent(f, [x, y], sp.Rational(1, 5)).iterates([2, 1], 4)
    fig = trajectory_figure(f, [x, y], {"GD": traj})
    line = fig.axes[0].lines[0]
    assert line.get_label() == "GD"
    # x_{k+1} = (3/5) x_k, y_{k+1} = -(3/5) y_k
    assert list(zip(line.get_xdata(), line.get_ydata())) == [
        (float(2 * sp.Rational(3, 5) ** k), float((-sp.Rational(3, 5)) ** k)) for k in range(5)
    ]


def test_step_size_figure_has_one_panel_per_eta():
    etas = [sp.Rational(1, 10), sp.Rational(1, 5)]
    fig = step_size_figure(x**2 + 4 * y**2, [x, y], [2, 1], etas, steps=3)
    assert len(fig.axes) == 2
    for ax, eta in zip(fig.axes, etas):
        xs = list(ax.lines[0].get_xdata())
        assert xs == [float(2 * (1 - 2 * eta) ** k) for k in range(4)]
    with pytest.raises(InvalidValueError):
        step_size_figure(x**2 + y**2, [x, y], [1, 1], [])


@pytest.mark.parametrize("X", [Die(6), Binomial(4, sp.Rational(1, 3))])
def test_pmf_bars_are_the_exact_probabilities(X):
    fig = pmf_figure(X)
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    assert heights == [float(p) for p in X.pmf.values()]
    assert sum(X.pmf.values()) == 1
