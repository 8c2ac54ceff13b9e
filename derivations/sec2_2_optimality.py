"""Section 2.2 of the companion: optimality conditions and every stationary point of (2.19).

The notes state the first- and second-order conditions, then work example (2.19),
f = (p−1)x² + (p+1)y², claiming that the only stationary point is the origin and listing three
cases of p, with a TODO for figures and for |p| = 1.  Everything below is computed by symml
at build time: the case split over p is found automatically (five cases, the lines of
non-strict optima at p = ±1 included), the Hessian's definiteness comes with certificates,
the x⁴ example shows that the second-order sufficient condition is not necessary, and
Himmelblau's function has its nine stationary points found exactly and classified.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derivations._build import pyplot
from derivations.errata_more import optimality_errata
from symml.core.latex import Block, Math, Section, Text, align, escape_text, latex, with_decimal
from symml.optimisation.calculus import gradient, hessian
from symml.optimisation.definiteness import definiteness
from symml.optimisation.stationary import optimality_conditions, stationary_points
from symml.plot import parametric_contour_figure

SECTION = "2.2"
TITLE = "Continuous unconstrained optimisation: optimality conditions"

x, y, p = sp.symbols("x y p", real=True)
F_219 = (p - 1) * x**2 + (p + 1) * y**2
HIMMELBLAU = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _component_text(comp: Any) -> str:
    if comp.point is not None:
        where = "$" + latex(tuple(comp.point)) + "$"
    else:
        parts = [f"{latex(e)} = 0" for e in comp.equations] + [latex(w) for w in comp.where]
        where = "the set $" + ",\\ ".join(parts) + "$"
    return f"{where}: {escape_text(comp.kind_text())}"


def _cases_table(res: Any) -> Text:
    rows = []
    for cond, r in res:
        comps = "; ".join(_component_text(c) for c in r.components) or "none"
        rows.append(rf"${latex(cond)}$ & {comps} \\")
    body = "\n".join(rows)
    return Text(
        "\\begin{center}\n\\begin{tabular}{ll}\n\\toprule\n"
        "case & stationary set and its nature \\\\\n\\midrule\n"
        f"{body}\n\\bottomrule\n\\end{{tabular}}\n\\end{{center}}"
    )


def _contour_figure(ctx: Any, res: Any) -> Block:
    import numpy as np

    fig = parametric_contour_figure(F_219, [x, y], p, res, spare=1)
    ax = fig.axes[-1]  # the spare panel: the Hessian's eigenvalues against p
    ax.set_visible(True)
    ps = np.linspace(-3, 3, 2)
    ax.plot(ps, 2 * (ps - 1), color="C0", label=r"$2(p-1)$")
    ax.plot(ps, 2 * (ps + 1), color="C3", label=r"$2(p+1)$")
    ax.axhline(0, color="0.6", lw=0.8)
    for edge in (-1, 1):
        ax.axvline(edge, color="k", lw=0.8, ls=":")
    ax.set_xlabel("$p$")
    ax.set_title("eigenvalues of $\\nabla^2 f$")
    ax.legend(loc="upper left", frameon=False)
    ax.set_aspect("auto")
    return ctx.figure(
        fig,
        "sec2_2_example_2_19_contours",
        r"Contours of $f = (p-1)x^2 + (p+1)y^2$, one panel per case of $p$ (drawn at the value of $p$ "
        r"in brackets), with the stationary set: a point (circle: minimum, triangle: maximum, "
        r"cross: saddle) or, at $p = \pm 1$, a whole line (black). Last panel: the eigenvalues "
        r"$2(p \mp 1)$ of the Hessian, whose signs decide the cases.",
    )


def _himmelblau_figure(ctx: Any, comps: Any) -> Block:
    plt = pyplot()
    import numpy as np

    fig, ax = plt.subplots(figsize=(4.8, 4.4), layout="constrained")
    grid = np.linspace(-5.5, 5.5, 301)
    X, Y = np.meshgrid(grid, grid)
    fn = sp.lambdify((x, y), HIMMELBLAU, "numpy")
    ax.contour(X, Y, np.log1p(fn(X, Y)), levels=25, cmap="viridis", linewidths=0.7)
    markers = {"minimum": ("o", "tab:blue"), "maximum": ("^", "tab:red"), "saddle": ("x", "k")}
    for kind, (m, colour) in markers.items():
        # floats for plotting only: the points themselves are exact CRootOf numbers
        pts = [(float(sp.N(c.point[0], 20)), float(sp.N(c.point[1], 20))) for c in comps if c.kind == kind]
        ax.plot([a for a, _ in pts], [b for _, b in pts], m, color=colour, ms=8, label=f"{len(pts)} {kind}")
    ax.legend(loc="upper left")
    ax.set_aspect("equal")
    return ctx.figure(
        fig,
        "sec2_2_himmelblau",
        "Himmelblau's function (contours of $\\log(1 + f)$) and its nine stationary points, "
        "found and classified exactly.",
    )


def build(ctx: Any) -> list[Block]:
    blocks: list[Block] = []

    # ---------------------------------------------------------- optimality conditions
    z = sp.Symbol("x", real=True)
    checks = optimality_conditions(z**4, [z], (0,))
    ctx.proven(checks["first order necessary"], "x^4: first-order condition at 0")
    ctx.proven(checks["second order necessary"], "x^4: second-order necessary condition at 0")
    ctx.refuted(checks["second order sufficient"], "x^4: Hessian not positive definite at 0")
    quartic = ctx.proven(stationary_points(z**4, [z]), "x^4 has a strict global minimum at 0")
    comp = quartic[0].result.components[0]
    conditions = [
        Text(
            r"Checked at $\theta_* = 0$ for $L(\theta) = \theta^4$: the first-order and the "
            r"second-order necessary conditions hold, the second-order sufficient condition fails "
            r"(the Hessian is $"
            + latex(checks["second order sufficient"].witness["hessian"])
            + r"$, not positive definite), and yet $\theta_* = 0$ is a "
            + escape_text(comp.kind_text())
            + r". The sufficient condition is therefore \emph{not} necessary: it is an "
            r"``if'', not the ``if and only if'' of the notes."
        ),
        Math(comp.classification),
    ]
    blocks.append(Section("The optimality conditions, checked", conditions, level=2))
    optimality_errata(ctx)
    ctx.erratum(
        "Section 2.2, second-order sufficient condition",
        r"``$\theta_*$ is a local minimum if and only if $\nabla L(\theta_*) = 0$ and "
        r"$\nabla^2 L(\theta_*)$ is positive definite''",
        r"the condition is sufficient but not necessary: $L(\theta) = \theta^4$ has a strict global "
        r"minimum at $0$ where $\nabla^2 L(0) = 0$ is not positive definite.",
        Math(checks["second order sufficient"]),
    )

    # ----------------------------------------------------------------- example (2.19)
    g = gradient(F_219, [x, y])
    H = hessian(F_219, [x, y])
    defin = ctx.proven(definiteness(H), "definiteness of the Hessian (2.21)")
    res = ctx.proven(stationary_points(F_219, [x, y]), "stationary points of (2.19)")
    example = [
        Text(
            r"For $f(x, y) = " + latex(F_219) + r"$ we have $\nabla f = " + latex(g) + r"$ and "
            r"$\nabla^2 f = " + latex(H) + r"$. The definiteness of the Hessian splits the real line of "
            r"$p$ into these cases, found from the real roots of the coefficients of its characteristic "
            r"polynomial (nothing about $p$ is given in advance):"
        ),
        Math(defin),
        Text(
            r"\paragraph{The eigenvalue argument.} The Hessian (2.21) is diagonal and constant, so its "
            r"eigenvalues are $\lambda_1 = 2(p - 1)$ and $\lambda_2 = 2(p + 1)$, and the origin is "
            r"stationary for "
            r"every $p$. The second-order conditions of Section 2.2 read off the signs:"
        ),
        Text(
            r"\begin{itemize}\setlength{\itemsep}{0pt}"
            r"\item $p > 1$: $\lambda_1, \lambda_2 > 0$, the Hessian is positive definite, so the sufficient "
            r"condition holds: a strict (here global) minimum."
            r"\item $p < -1$: both eigenvalues are negative: a strict maximum (the same condition for $-f$)."
            r"\item $-1 < p < 1$: $\lambda_1 < 0 < \lambda_2$, the Hessian is indefinite, so the necessary "
            r"condition fails both for a minimum and for a maximum: a saddle point."
            r"\item $|p| = 1$: one eigenvalue is $0$. At $p = 1$ the Hessian "
            r"$\begin{bmatrix} 0 & 0 \\ 0 & 4 \end{bmatrix}$ is positive \emph{semi}definite but singular: "
            r"the necessary condition holds and the sufficient one fails, so the second-order test is "
            r"inconclusive. Here $f = 2y^2$ is constant along the $x$-axis: every point of the line $y = 0$ "
            r"is stationary, a non-strict global minimum. At $p = -1$, symmetrically, $f = -2x^2$ has a line "
            r"of non-strict global maxima."
            r"\end{itemize}"
        ),
        Text(
            r"Solving $\nabla f = 0$ exactly on each case (a Gr\"obner basis over $\mathbb{Q}[x, y, p]$, "
            r"cut where its leading coefficients vanish) gives "
            + str(len(res))
            + r" cases, checked to be disjoint and to cover $\mathbb{R}$:"
        ),
        _cases_table(res),
        _contour_figure(ctx, res),
    ]
    blocks.append(Section("Example (2.19): all five cases of $p$", example, level=2))

    degenerate: list[Block] = [
        Text(
            r"At $p = 1$ the function is $f = " + latex(F_219.subs(p, 1)) + r"$ and at $p = -1$ it is "
            r"$f = " + latex(F_219.subs(p, -1)) + r"$: the gradient vanishes on a whole line, every "
            r"point of which is a non-strict global optimum. The proofs:"
        ),
        Math(res.where(p=1)),
        Math(res.where(p=-1)),
    ]
    blocks.append(Section(r"The degenerate cases $|p| = 1$", degenerate, level=2))
    ctx.erratum(
        "Example (2.19), after (2.20)",
        r"``the only stationary point is $(x, y) = (0, 0)$''",
        r"for $p = 1$ every point of the line $y = 0$, and for $p = -1$ every point of the line "
        r"$x = 0$, is stationary (non-strict global minima, resp.\ maxima); for $|p| \neq 1$ the "
        r"origin is the only one.",
        Math(res.where(p=1)),
    )
    ctx.erratum(
        "Example (2.19), after (2.21)",
        r"``we have 3 possible cases: $p > 1$, $-1 < p < 1$, $p < -1$''",
        r"there are five cases; the three listed do not cover $p = \pm 1$: "
        + "; ".join(rf"${latex(c)}$: {escape_text(r.components[0].kind_text())}" for c, r in res)
        + ".",
    )

    # -------------------------------------------------------- degenerate Hessians
    examples = [
        (x**4 + y**4, "minimum"),
        (x**3 + y**3, "saddle"),
        (x**3 - 3 * x * y**2, "saddle (the monkey saddle)"),
        (x**2 * y**2, "non-strict minima on the axes"),
    ]
    rows = []
    for f, _ in examples:
        r = ctx.proven(stationary_points(f, [x, y]), f"stationary points of {f}")
        comps = "; ".join(_component_text(c) for c in r[0].result.components)
        rows.append(rf"${latex(f)}$ & {comps} \\")
    table = Text(
        "\\begin{center}\n\\begin{tabular}{ll}\n\\toprule\n$f$ & stationary set and its nature \\\\\n"
        "\\midrule\n" + "\n".join(rows) + "\n\\bottomrule\n\\end{tabular}\n\\end{center}"
    )
    blocks.append(
        Section(
            "When the Hessian is only semidefinite",
            [
                Text(
                    "In each example below the Hessian at the origin is zero, so the second-order test "
                    "says nothing; the decision comes from the lowest-order terms of $f$ (an odd-degree term "
                    "changes sign along a line; even powers of one sign give a minimum or maximum)."
                ),
                table,
            ],
            level=2,
        )
    )

    # ----------------------------------------------------------------- Himmelblau
    hb = ctx.proven(stationary_points(HIMMELBLAU, [x, y]), "Himmelblau's stationary points")
    comps = hb[0].result.components
    counts = {k: sum(c.kind == k for c in comps) for k in ("minimum", "maximum", "saddle")}
    lines = []
    for c in comps:
        kind = escape_text(c.kind_text())
        # one line per coordinate: two CRootOf's side by side are wider than the page
        lines.append(rf"& x = {with_decimal(c.point[0])}, && \text{{{kind}}}")
        lines.append(rf"& \quad y = {with_decimal(c.point[1])} &&")
    himmelblau = [
        Text(
            r"For Himmelblau's function $f = " + latex(HIMMELBLAU) + r"$, \texttt{sympy.solve} on the "
            r"gradient returns only some of the stationary points. All "
            + str(len(comps))
            + f" exactly ({counts['minimum']} minima, {counts['maximum']} maximum, "
            f"{counts['saddle']} saddles): "
            r"each coordinate is a real root of an irreducible polynomial (\texttt{CRootOf}), "
            r"and the signs of the Hessian's minors at them are decided by exact interval refinement."
        ),
        Text(align(lines)),
        _himmelblau_figure(ctx, comps),
    ]
    blocks.append(Section("Himmelblau's function", himmelblau, level=2))
    return blocks
