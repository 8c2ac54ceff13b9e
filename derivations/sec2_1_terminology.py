"""Section 2.1 of the companion: how constraints change optima, and closed-form minima.

The notes leave two TODOs here ("how different restrictions change the number and type of
optima" and "a few parametric functions and their closed-form minima").  Everything below is
computed at build time: constrained optima by :mod:`symml.optimisation.constrained` (every
face of a box, Lagrange multipliers on a curve), local optima on the real line from exact
derivatives, and each closed-form minimum with a proof whose every step is checked exactly.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derivations._build import pyplot
from symml.core.forms import canonical_form
from symml.core.latex import Block, Math, Section, Text, latex
from symml.core.results import Result, Sentence, Step, Verdict
from symml.optimisation.constrained import optima_on_box, optima_with_equalities
from symml.optimisation.convexity import Curvature, convexity

SECTION = "2.1"
TITLE = "Terminology: constraints and optima"

x, y = sp.symbols("x y", real=True)


# --------------------------------------------------------------------------- 1-D on ℝ
def _local_optima_on_line(f: Any, var: sp.Symbol) -> Result:
    """Local extrema of a polynomial on ℝ by the exact second-derivative test, and unboundedness."""
    d1, d2 = sp.diff(f, var), sp.diff(f, var, 2)
    roots = sorted(set(sp.Poly(d1, var).real_roots()), key=sp.default_sort_key)
    steps = [Step(sp.Eq(sp.Symbol("f'(x)"), d1), "derivative", rule="derivative")]
    steps.append(
        Step(sp.FiniteSet(*roots), "the set of all real roots of f', found exactly", rule="real-roots")
    )
    kinds = []
    for r in roots:
        curvature = d2.subs(var, r)
        if curvature.is_positive:
            kinds.append((r, "strict local minimum"))
        elif curvature.is_negative:
            kinds.append((r, "strict local maximum"))
        else:
            return Result("local optima of f on R", Verdict.UNDECIDED, notes=(f"f''({r}) = 0",))
        steps.append(
            Step(
                sp.Eq(sp.Symbol(f"f''({r})"), curvature),
                Sentence("so", sp.Eq(var, r), f"is a {kinds[-1][1]}"),
                rule="second-derivative-test",
            )
        )
    low, high = sp.limit(f, var, -sp.oo), sp.limit(f, var, sp.oo)
    steps.append(Step(sp.Eq(sp.Limit(f, var, -sp.oo), low), "exact limit", rule="limit"))
    steps.append(Step(sp.Eq(sp.Limit(f, var, sp.oo), high), "exact limit", rule="limit"))
    if {low, high} != {-sp.oo, sp.oo}:
        return Result("local optima of f on R", Verdict.UNDECIDED, notes=("f is bounded on one side",))
    steps.append(
        Step(sp.true, "f is unbounded below and above: no global minimum or maximum on R", rule="unbounded")
    )
    optima = [
        part for i, (r, k) in enumerate(kinds) for part in (("and a" if i else "a"), k, "at", sp.Eq(var, r))
    ]
    return Result(
        Sentence("f has", *optima, ", and no global optimum on", sp.S.Reals),
        Verdict.PROVEN,
        steps=steps,
        value=tuple(kinds),
    )


# ------------------------------------------------------------------ closed-form minima
def _strictly_convex_minimum(f: Any, var: sp.Symbol, domain: sp.Set) -> Result:
    """Unique global minimiser of a strictly convex f on an open interval, in closed form.

    Proof: symml's convexity prover shows f strictly convex on the (convex) domain for every
    admissible parameter value; a stationary point of a strictly convex differentiable
    function is its unique global minimiser.
    """
    where = [sp.StrictGreaterThan(var, 0, evaluate=False)] if var.is_positive else None
    cases = [result for _, result in convexity(f, [var], domain=where)]
    if len(cases) != 1 or cases[0].curvature is not Curvature.STRICTLY_CONVEX:
        return Result("closed-form minimum", Verdict.UNDECIDED, notes=("f not proven strictly convex",))
    d1 = sp.diff(f, var)
    solutions = [s for s in sp.solve(d1, var) if s.is_real is not False]
    if len(solutions) != 1 or sp.simplify(d1.subs(var, solutions[0])) != 0:
        return Result("closed-form minimum", Verdict.UNDECIDED, notes=(f"f' = 0 has solutions {solutions}",))
    star = canonical_form(solutions[0])  # log(b/a)/a, not (-log(a) + log(b))/a
    value = canonical_form(sp.simplify(f.subs(var, star)))
    f_prime = sp.Symbol("f'")
    steps = [
        Step(
            sp.true,
            Sentence("f is strictly convex on", domain, "(convexity proof)"),
            cases[0].steps,
            rule="convexity",
        ),
        Step(sp.Eq(f_prime, d1), "derivative", rule="derivative"),
        Step(
            sp.Eq(var, star),
            Sentence("the only solution of", sp.Eq(f_prime, 0), "(checked by substitution)"),
            rule="stationary-point",
        ),
        Step(
            sp.true,
            "a stationary point of a strictly convex function is its unique global minimiser",
            rule="convex-minimum",
        ),
        Step(
            sp.Eq(sp.Symbol("f_*"), value),
            Sentence("minimum value", sp.Function("f")(sp.Symbol("x_*"))),
            rule="minimum-value",
        ),
    ]
    return Result(
        Sentence(
            sp.Eq(sp.Symbol("argmin_f"), sp.FiniteSet(star), evaluate=False),
            ",",
            sp.Eq(sp.Symbol("min_f"), value, evaluate=False),
        ),
        Verdict.PROVEN,
        steps=steps,
        value=(star, value),
    )


def _quadratic_form_minimum() -> tuple[Any, Result]:
    """½xᵀAx − bᵀx for a symbolic symmetric A ≻ 0 (2×2): minimiser A⁻¹b by completing the square."""
    p, q, r, b1, b2 = sp.symbols("p q r b_1 b_2", real=True)
    A = sp.Matrix([[p, q], [q, r]])
    b = sp.Matrix([b1, b2])
    v = sp.Matrix([x, y])
    f = sp.expand((v.T * A * v)[0] / 2 - (b.T * v)[0])
    star = sp.simplify(A.inv() * b)
    value = sp.simplify(-(b.T * A.inv() * b)[0] / 2)
    shifted = v - star
    square = (shifted.T * A * shifted)[0] / 2
    identity = sp.simplify(sp.together(f - (square + value)))
    if identity != 0:
        return f, Result("minimum of a quadratic form", Verdict.UNDECIDED, notes=("identity failed",))
    # the formulas in the names of the notes: x, x_*, b vectors, A the matrix, f_* the value
    xs, As, bs = sp.MatrixSymbol("x", 2, 1), sp.MatrixSymbol("A", 2, 2), sp.MatrixSymbol("b", 2, 1)
    x_star, f_star, f_value = sp.MatrixSymbol("x_*", 2, 1), sp.Symbol("f_*"), sp.Symbol("f")
    square_term = sp.MatMul(sp.Transpose(xs - x_star), As, xs - x_star)
    minimiser = sp.Eq(x_star, As.I * bs, evaluate=False)
    steps = [
        Step(
            sp.true,
            Sentence(
                "completing the square:",
                sp.Eq(sp.Mul(2, f_value - f_star, evaluate=False), square_term, evaluate=False),
                "with",
                x_star,
                "and",
                f_star,
                "below; the difference of the two sides expands to 0",
            ),
            rule="complete-the-square",
        ),
        Step(
            sp.And(sp.Gt(p, 0), sp.Gt(A.det(), 0)),
            "hypotheses; by Sylvester's criterion A is positive definite",
            rule="sylvester",
        ),
        Step(
            sp.true,
            Sentence(
                "so the square term is positive unless",
                sp.Eq(xs, x_star, evaluate=False),
                ":",
                x_star,
                "is the unique global minimiser",
            ),
            rule="unique-minimiser",
        ),
        Step(sp.Eq(sp.Symbol("x_*"), star, evaluate=False), Sentence(minimiser), rule="minimiser"),
        Step(
            sp.Eq(f_star, value),
            Sentence(sp.Eq(2 * f_star, -bs.T * As.I * bs, evaluate=False)),
            rule="minimum-value",
        ),
    ]
    return f, Result(
        Sentence(
            minimiser,
            "minimises f, where",
            sp.Eq(2 * f_value, xs.T * As * xs - 2 * bs.T * xs, evaluate=False),
            ", when A is positive definite",
        ),
        Verdict.PROVEN,
        steps=steps,
        value=(star, value),
    )


def parametric_minima() -> list[tuple[str, Any, Result]]:
    """The closed-form minima shown in the section: (description, f, proof)."""
    a, c = sp.symbols("a c", real=True)
    ap, bp = sp.symbols("a b", positive=True)
    b = sp.Symbol("b", real=True)
    xp = sp.Symbol("x", positive=True)
    ys = sp.symbols("y_1:4", real=True)
    out = []
    quadratic = ap * x**2 + b * x + c
    out.append((r"a parabola, $a > 0$", quadratic, _strictly_convex_minimum(quadratic, x, sp.S.Reals)))
    exp_linear = sp.exp(ap * x) - bp * x
    out.append(
        (r"$e^{ax} - bx$, $a, b > 0$", exp_linear, _strictly_convex_minimum(exp_linear, x, sp.S.Reals))
    )
    entropy = xp * sp.log(xp) - a * xp
    out.append(
        (
            r"$x \log x - a x$ on $x > 0$",
            entropy,
            _strictly_convex_minimum(entropy, xp, sp.Interval.open(0, sp.oo)),
        )
    )
    mean = sp.Add(*[(x - yi) ** 2 for yi in ys])
    out.append(
        (r"$\sum_{i=1}^3 (x - y_i)^2$ (the mean)", mean, _strictly_convex_minimum(mean, x, sp.S.Reals))
    )
    form, proof = _quadratic_form_minimum()
    out.append(
        (r"$\tfrac12 x^\top A x - b^\top x$, $A = \begin{bmatrix} p & q \\ q & r\end{bmatrix}$", form, proof)
    )
    return out


# ----------------------------------------------------------------------------- figures
def _figure_1d(ctx: Any, f: Any, boxes: list[tuple[tuple[int, int], Any]]) -> Block:
    plt = pyplot()
    import numpy as np

    fn = sp.lambdify(x, f, "numpy")
    fig, axes = plt.subplots(1, 3, figsize=(6.3, 2.8), sharey=True, layout="constrained")
    ts = np.linspace(-2.6, 3.1, 400)
    local = _local_optima_on_line(f, x).value
    axes[0].plot(ts, fn(ts), color="k")
    for r, kind in local:
        axes[0].plot([float(r)], [float(f.subs(x, r))], "o" if "minimum" in kind else "s", color="C0")
    axes[0].set_title(r"on $\mathbb{R}$: local optima only")
    for ax, ((lo, hi), res) in zip(axes[1:], boxes):
        ax.plot(ts, fn(ts), color="0.8")
        inner = np.linspace(lo, hi, 200)
        ax.plot(inner, fn(inner), color="k")
        for (pt,) in res.minimisers:
            ax.plot([float(pt)], [float(res.minimum)], "o", color="C0")
        for (pt,) in res.maximisers:
            ax.plot([float(pt)], [float(res.maximum)], "s", color="C3")
        ax.set_title(rf"on $[{lo}, {hi}]$")
    for ax in axes:
        ax.set_ylim(-6, 20)
        ax.set_xlabel("$x$")
    fig.suptitle(rf"$f(x) = {sp.latex(f)}$: circles global minima, squares global maxima")
    return ctx.figure(
        fig,
        "sec2_1_constraints_1d",
        "The same function with no constraint and on two "
        "intervals: the constraint changes the number and the type of the optima.",
    )


def _figure_2d(ctx: Any, f: Any, box: Any, circle: Any) -> Block:
    plt = pyplot()
    import numpy as np

    fn = sp.lambdify((x, y), f, "numpy")
    g = np.linspace(-1.6, 1.6, 200)
    X, Y = np.meshgrid(g, g)
    fig, axes = plt.subplots(1, 2, figsize=(6.3, 3.4), layout="constrained")
    for ax, res, title in ((axes[0], box, r"box $[-1,1]^2$"), (axes[1], circle, r"circle $x^2+y^2=1$")):
        ax.contour(X, Y, fn(X, Y), levels=15, cmap="coolwarm", linewidths=0.8)
        if res is box:
            ax.plot([-1, 1, 1, -1, -1], [-1, -1, 1, 1, -1], color="k")
        else:
            t = np.linspace(0, 2 * np.pi, 200)
            ax.plot(np.cos(t), np.sin(t), color="k")
        for px, py in res.minimisers:
            ax.plot([float(px)], [float(py)], "o", color="C0")
        for px, py in res.maximisers:
            ax.plot([float(px)], [float(py)], "s", color="C3")
        ax.set_aspect("equal")
        ax.set_title(title)
    fig.suptitle(rf"$f(x, y) = {sp.latex(f)}$ has no optimum on $\mathbb{{R}}^2$ (a saddle)")
    return ctx.figure(
        fig,
        "sec2_1_constraints_2d",
        "A saddle has no optimum, but on a box or on a circle "
        "it has global minima (circles) and maxima (squares), found exactly.",
    )


# ------------------------------------------------------------------------------- build
def build(ctx: Any) -> list[Block]:
    blocks: list[Block] = [
        Text(
            r"Problem (2.11) minimises $f$ over the feasible region $C$ of (2.13); the inequality "
            r"constraints are the $g_i \le 0$ and the equality constraints the $h_j = 0$. The examples "
            r"below show that changing $C$ changes how many optima there are and whether they are "
            r"local or global. Every number is exact: on a closed box the "
            r"candidates are the stationary points of $f$ restricted to every face (interior, edges, "
            r"vertices); on a bounded curve $h = 0$ they solve the Lagrange system "
            r"$\nabla f = \lambda \nabla h$."
        )
    ]

    # --- one variable: R, [-2, 2], [0, 3]
    f1 = x**3 - 3 * x
    on_line = ctx.proven(_local_optima_on_line(f1, x), "local optima of x^3 - 3x on R")
    box_a = ctx.proven(optima_on_box(f1, [x], [(-2, 2)]), "optima of x^3 - 3x on [-2, 2]")
    box_b = ctx.proven(optima_on_box(f1, [x], [(0, 3)]), "optima of x^3 - 3x on [0, 3]")
    one_d: list[Block] = [
        Text(rf"Take $f(x) = {latex(f1)}$. Without constraints:"),
        Math(on_line),
        Text(
            r"On $[-2, 2]$ each global optimum is attained twice, once in the interior and once at "
            r"an end point, so the minimiser is not unique:"
        ),
        Math(box_a),
        Text(r"On $[0, 3]$ the local maximum is no longer feasible and the maximum moves to the boundary:"),
        Math(box_b),
        _figure_1d(ctx, f1, [((-2, 2), box_a), ((0, 3), box_b)]),
    ]
    interplay = [Section("One variable: the interval decides", one_d, level=3)]

    # --- two variables: a saddle on a box and on a circle
    f2 = x**2 - y**2
    box = ctx.proven(optima_on_box(f2, [x, y], [(-1, 1), (-1, 1)]), "optima of x^2 - y^2 on a box")
    circle = ctx.proven(
        optima_with_equalities(f2, [x, y], [x**2 + y**2 - 1]), "optima of x^2 - y^2 on the unit circle"
    )
    line = ctx.proven(
        optima_with_equalities(x + y, [x, y], [x**2 + y**2 - 1]), "optima of x + y on the circle"
    )
    two_d: list[Block] = [
        Text(
            rf"$f(x, y) = {latex(f2)}$ has a single stationary point, the saddle $(0, 0)$, and no "
            r"optimum on $\mathbb{R}^2$. On the box $[-1,1]^2$ (inequality constraints $|x| \le 1$, "
            r"$|y| \le 1$):"
        ),
        Math(box),
        Text(r"With the equality constraint $h(x, y) = x^2 + y^2 - 1 = 0$ (Lagrange multipliers):"),
        Math(circle),
        Text(
            r"A linear function has no stationary point at all, yet on the circle it has exactly one "
            r"minimiser and one maximiser:"
        ),
        Math(line),
        _figure_2d(ctx, f2, box, circle),
    ]
    interplay.append(Section("Two variables: inequality and equality constraints", two_d, level=3))
    blocks.append(Section("Interplay between constraints and local/global optima", interplay, level=2))

    # --- closed-form minima
    closed: list[Block] = [
        Text(
            r"A few parametric functions with their minima in closed form; each proof is checked "
            r"exactly (strict convexity by the convexity rules under the stated parameter signs, "
            r"the substitution $f'(x_*) = 0$, or a completed square that expands to the original function)."
        )
    ]
    for description, f, proof in parametric_minima():
        ctx.proven(proof, f"closed-form minimum of {description}")
        closed.append(Text(rf"\paragraph{{{description}}} $f = {latex(f)}$."))
        closed.append(Math(proof))
    blocks.append(Section("Example: parametric functions and their closed-form minima", closed, level=2))

    # --- errata
    f3 = x**4 - 2 * x**2
    two_minimisers = ctx.proven(optima_on_box(f3, [x], [(-2, 2)]), "argmin of x^4 - 2x^2 on [-2, 2]")
    ctx.erratum(
        "Section 2.1, (2.12), (2.14), (2.15)",
        r"$x_* = \arg\min_{x \in \mathcal{X}} f(x)$, as if the minimiser were unique",
        r"$\arg\min$ is a set, which may be empty or have several elements; write "
        r"$x_* \in \arg\min_{x \in C} f(x)$, over the feasible region $C$ of (2.13) "
        r"(in (2.14) and (2.15) the constraints are missing). For example $f(x) = "
        + latex(f3)
        + r"$ on $[-2, 2]$ has the two global minimisers "
        + ", ".join(f"${latex(p[0])}$" for p in two_minimisers.minimisers)
        + r"; and ``optima'' is the plural: $x_*$ is a local or global \emph{optimum} (here a minimum).",
        Math(two_minimisers),
    )
    ctx.erratum(
        "Section 2.1, Restrictions",
        r"the restrictions $g_i$ and $h_i$ are ``equalities and inequalities, respectively''",
        r"the $g_i$ give the inequality constraints $g_i(x) \le 0$ and the $h_j$ (index $j$, not $i$) "
        r"the equality constraints $h_j(x) = 0$, as in (2.11).",
    )
    return blocks
