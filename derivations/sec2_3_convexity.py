"""Section 2.3 of the companion: convex sets, epigraphs, the notes' convex functions, Theorem 2.1.

Everything shown is computed at build time by :mod:`symml.optimisation.convexity`: set
convexity proven from the constraints or refuted by two exact points and a λ, epigraphs,
each function of the notes' list with its proof, domain and parameter cases, the chain
of Theorem 2.1 with a correct proof, Propositions 2.1 and 2.2 with their missing
hypotheses, and a few functions explored through their derivatives and Hessians.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derivations._build import pyplot
from derivations.errata_more import convexity_errata
from symml.core.errors import DomainError
from symml.core.latex import Block, Math, Section, Text, escape_text, latex
from symml.core.results import Result, Sentence, Step, Verdict
from symml.optimisation.calculus import gradient, hessian
from symml.optimisation.convexity import (
    Curvature,
    convexity,
    epigraph_convexity,
    nondecreasing,
    set_convexity,
    steepest_ascent,
    tangent_chain,
)

SECTION = "2.3"
TITLE = "Convex optimisation"

x, y = sp.symbols("x y", real=True)
a = sp.Symbol("a", real=True)

#: the sets of the figure, in order: (name, constraints)
SETS: tuple[tuple[str, Any], ...] = (
    ("disc", [x**2 + y**2 <= 1]),
    ("half-plane", [x + 2 * y <= 1]),
    ("triangle (polyhedron)", [x >= 0, y >= 0, x + y <= 1]),
    ("annulus", [x**2 + y**2 >= sp.Rational(1, 4), x**2 + y**2 <= 1]),
    ("union of two discs", sp.Or(x**2 + y**2 <= 1, (x - 3) ** 2 + y**2 <= 1)),
    ("sublevel set of a double well", [(x**2 - 1) ** 2 + y**2 <= sp.Rational(1, 4)]),
)

#: the notes' list of convex functions of one variable, with the notes' domain and range
NOTES_LIST: tuple[tuple[str, Any, Any, Any], ...] = (
    ("x^2", x**2, None, None),
    ("e^{ax}, a real", sp.exp(a * x), None, None),
    ("-log x", -sp.log(x), x > 0, None),
    ("x^a, a > 1, x > 0", x**a, x > 0, a > 1),
    ("|x|^a, a >= 1", sp.Abs(x) ** a, None, a >= 1),
    ("x log x, x > 0", x * sp.log(x), x > 0, None),
)

#: "Explore some functions": (description, f, variables, domain)
EXPLORE: tuple[tuple[str, Any, list[Any], Any], ...] = (
    ("a double well", x**4 - x**2, [x], None),
    ("the softplus (logistic loss)", sp.log(1 + sp.exp(x)), [x], None),
    ("$x e^x$", x * sp.exp(x), [x], None),
    ("quadratic over linear", x**2 / y, [x, y], y > 0),
    ("a positive definite quadratic", x**2 + x * y + y**2, [x, y], None),
    ("Rosenbrock's function", (1 - x) ** 2 + 100 * (y - x**2) ** 2, [x, y], None),
)


def _m(expr: Any) -> str:
    return "$" + latex(expr) + "$"


# ------------------------------------------------------------------------------ sets
def set_results() -> list[tuple[str, Any, Any]]:
    """(name, constraints, Result) for every set of the figure."""
    return [(name, cons, set_convexity(cons, [x, y])) for name, cons in SETS]


def _sets_figure(ctx: Any, results: list[tuple[str, Any, Any]]) -> Block:
    plt = pyplot()
    import numpy as np

    fig, axes = plt.subplots(2, 3, figsize=(6.3, 3.6), layout="constrained")
    grid = np.linspace(-2.2, 4.2, 321)
    gx, gy = np.meshgrid(grid, grid)
    for ax, (name, cons, res) in zip(axes.flat, results):
        cond = sp.And(*cons) if isinstance(cons, list) else cons
        inside = sp.lambdify((x, y), cond, modules="numpy")(gx, gy)
        ax.contourf(gx, gy, np.asarray(inside, dtype=float), levels=[0.5, 1.5], colors=["#9ecae1"])
        ax.set_title(f"{name}:\n{'convex' if res.proven else 'not convex'}")
        ax.set_aspect("equal")
        ax.set_xlim(-2.2, 4.2)
        ax.set_ylim(-2.2, 2.2)
        if res.witness is not None:
            w = res.witness
            p, q, m = (tuple(float(c) for c in w[k]) for k in ("x", "x'", "mid"))
            ax.plot([p[0], q[0]], [p[1], q[1]], "k--", lw=1)
            ax.plot([p[0], q[0]], [p[1], q[1]], "ko", ms=4)
            ax.plot([m[0]], [m[1]], "rx", ms=8, mew=2)
    return ctx.figure(
        fig,
        "sec2_3_sets",
        "Three convex sets (top) and three non-convex ones (bottom). For each non-convex set "
        "the exact witness is drawn: two points of the set (dots) whose combination "
        r"$\lambda x + (1-\lambda)x'$ (cross) lies outside, so (2.22) fails.",
    )


# ------------------------------------------------------------------------- epigraphs
#: the notes' six functions at one parameter value each, and a non-convex one: (label, f, x-range)
EPIGRAPH_PANELS: tuple[tuple[str, Any, tuple[float, float]], ...] = (
    (r"$x^2$", x**2, (-2, 2)),
    (r"$e^{ax}$, $a = 1$", sp.exp(x), (-2, 2)),
    (r"$-\log x$", -sp.log(x), (0.05, 3)),
    (r"$x^a$, $a = 3/2$", x ** sp.Rational(3, 2), (0, 3)),
    (r"$|x|^a$, $a = 3/2$", sp.Abs(x) ** sp.Rational(3, 2), (-2, 2)),
    (r"$x\log x$", x * sp.log(x), (0.02, 3)),
    (r"$x^4 - x^2$", x**4 - x**2, (-1.3, 1.3)),
)


def _epigraph_figure(ctx: Any, witness: Any) -> Block:
    """The epigraphs of the notes' six convex functions and of the non-convex x^4 - x^2,
    with the exact chord witness of the last drawn inside its window."""
    plt = pyplot()
    import numpy as np

    fig, axes = plt.subplots(2, 4, figsize=(6.3, 3.9), layout="constrained")
    for ax, (label, f, (lo, hi)) in zip(axes.flat, EPIGRAPH_PANELS):
        u = np.linspace(lo, hi, 300)
        values = np.asarray(sp.lambdify(x, f, "numpy")(u), dtype=float) * np.ones_like(u)
        top = float(values.max()) + 0.5
        convex = f is not EPIGRAPH_PANELS[-1][1]
        ax.fill_between(u, values, top, color="#9ecae1" if convex else "#fdae6b")
        ax.plot(u, values, "k", lw=1.2)
        ax.set_title(label)
        ax.set_xlim(min(lo, 0) if lo > 0 else lo, hi)
        ax.set_ylim(float(values.min()) - 0.3, top)
    (px, pt), (qx, qt), (mx, mt) = ((float(c) for c in witness[k]) for k in ("x", "x'", "mid"))
    last = axes.flat[len(EPIGRAPH_PANELS) - 1]
    last.plot([px, qx], [pt, qt], "k--", lw=1)
    last.plot([px, qx], [pt, qt], "ko", ms=4)
    last.plot([mx], [mt], "rx", ms=8, mew=2)
    axes.flat[-1].set_visible(False)
    other = witness["x'"]
    return ctx.figure(
        fig,
        "sec2_3_epigraphs",
        r"Epigraphs (2.23), shaded, of the notes' six convex functions (blue; at the parameter values "
        r"shown) and of the non-convex $x^4 - x^2$ (orange). For the last, the exact witness: two points "
        rf"${latex(tuple(witness['x']))}$ and ${latex(tuple(other))}$ of the epigraph (dots) whose midpoint "
        rf"${latex(tuple(witness['mid']))}$ (cross) "
        r"lies below the graph, outside the epigraph.",
    )


# --------------------------------------------------------------------------- the list
def notes_list_results() -> list[tuple[str, Any]]:
    """(label, ConvexityCases) for each function of the notes' list, with the notes' ranges."""
    return [(label, convexity(f, [x], domain=dom, assumptions=ass)) for label, f, dom, ass in NOTES_LIST]


def _not_on_reals() -> list[str]:
    """The DomainError messages for the list's functions taken literally on all of R."""
    out = []
    for _label, f, dom, _ass in NOTES_LIST:
        if dom is None:
            continue
        try:
            convexity(f, [x])
        except DomainError as exc:
            out.append(str(exc))
    return out


def _explore(ctx: Any) -> list[Block]:
    blocks: list[Block] = []
    for desc, f, xs, dom in EXPLORE:
        res = ctx.proven(convexity(f, xs, domain=dom), f"curvature of {desc}")
        grad = gradient(f, xs)
        hess = hessian(f, xs)
        blocks.append(
            Text(
                rf"\paragraph{{{desc}}} $f = {latex(f)}$"
                + (f" on ${latex(dom)}$." if dom is not None else ".")
            )
        )
        blocks.append(Math(rf"\nabla f = {latex(grad)},\qquad \nabla^2 f = {latex(hess)}"))
        blocks.append(Math(res))
    return blocks


# ------------------------------------------------------------------------ Theorem 2.1
def tangent_combination() -> Result:
    """The step that makes the tangent-line proof work in any dimension d: the tangents at
    z = (1-t)a + tb, weighted by 1-t and t, leave exactly f(z) (the gradient terms cancel).

    Checked with d x 1 matrix symbols of symbolic size d, so it holds for every d.
    """
    d = sp.Symbol("d", integer=True, positive=True)
    g, av, bv = (sp.MatrixSymbol(n, d, 1) for n in ("g", "a", "b"))
    t = sp.Symbol("t", real=True)
    z = (1 - t) * av + t * bv
    residual = sp.expand((1 - t) * (g.T * (av - z)) + t * (g.T * (bv - z))).doit()
    if residual != 0 and not getattr(residual, "is_ZeroMatrix", False):  # pragma: no cover
        return Result("tangent combination", Verdict.UNDECIDED, notes=(f"residual {residual}",))
    # for display: z as a name (the check above substituted it)
    zv = sp.MatrixSymbol("z", d, 1)
    combination = sp.MatAdd((1 - t) * (av - zv), t * (bv - zv), evaluate=False)
    tangents = sp.MatAdd((1 - t) * g.T * (av - zv), t * g.T * (bv - zv), evaluate=False)
    at_z = sp.Eq(zv, (1 - t) * av + t * bv, evaluate=False)
    return Result(
        Sentence(
            "with g the gradient of f at",
            at_z,
            ":",
            sp.Eq(tangents, 0, evaluate=False),
            "for every t and every dimension d",
        ),
        Verdict.PROVEN,
        steps=(
            Step(
                sp.true,
                Sentence(
                    sp.Eq(combination, (1 - t) * av + t * bv - zv, evaluate=False), ", which is 0 as", at_z
                ),
                rule="expand",
            ),
            Step(
                sp.true,
                "expanded with d-by-1 matrix symbols of symbolic size d: the residual is 0",
                rule="matrix-identity",
            ),
        ),
    )


def theorem_2_1_proof(ctx: Any) -> list[Block]:
    """Theorem 2.1 in both directions, any d, through one-variable restrictions."""
    return [
        Text(
            r"\paragraph{Theorem 2.1, proved for any $d$.} Let $\mathcal X \subset \mathbb R^d$ be convex "
            r"and open "
            r"and $f$ twice differentiable on it. For $a, b \in \mathcal X$ put $g(s) = f(a + s(b - a))$, "
            r"$s \in [0, 1]$; the chain rule gives"
        ),
        Math(
            r"g'(s) = \nabla f(a + s(b-a))^\top (b - a), \qquad g''(s) = (b-a)^\top\, \nabla^2 f(a + "
            r"s(b-a))\,(b-a)."
        ),
        Text(
            r"($\Leftarrow$) If $\nabla^2 f \succeq 0$ on $\mathcal X$, then $g'' \ge 0$, so $g'$ is "
            r"non-decreasing (Proposition 2.1 applied to $g'$) and $g(1) - g(0) = \int_0^1 g'(s)\,ds \ge "
            r"g'(0)$, "
            r"that is, $f$ lies above each of its tangent planes:"
        ),
        Math(r"f(b) \ \ge\ f(a) + \nabla f(a)^\top (b - a) \qquad \text{for all } a, b \in \mathcal X."),
        Text(
            r"Take $z = (1-t)a + tb$ and the tangent plane at $z$ (not at $a$ and $b$ as in (2.30)--(2.31)): "
            r"$f(a) \ge f(z) + \nabla f(z)^\top(a - z)$ and $f(b) \ge f(z) + \nabla f(z)^\top(b - z)$. "
            r"Weighting them by $1 - t$ and $t$ and adding, the gradient terms cancel exactly,"
        ),
        Math(ctx.proven(tangent_combination(), "tangent combination")),
        Text(r"which leaves $(1-t)f(a) + tf(b) \ge f(z)$: the inequality (2.24), so $f$ is convex."),
        Text(
            r"($\Rightarrow$) If $f$ is convex, fix $x \in \mathcal X$ and a direction $v$; then "
            r"$g(s) = f(x + sv)$ is convex on an interval around $0$. For $s_1 < s_2 < s_3$ convexity gives "
            r"the chord-slope inequality $\frac{g(s_2) - g(s_1)}{s_2 - s_1} \le \frac{g(s_3) - g(s_2)}{s_3 - "
            r"s_2}$, "
            r"whose limits show that $g'$ is non-decreasing; hence $g''(0) \ge 0$, that is "
            r"$v^\top \nabla^2 f(x)\, v \ge 0$ for every $v$: the Hessian is positive semidefinite at every "
            r"$x$. "
            r"Both directions need $\mathcal X$ convex (so that the segments stay in the domain)."
        ),
    ]


# ----------------------------------------------------------------------------- build
def build(ctx: Any) -> list[Block]:
    blocks: list[Block] = [
        Text(
            "Every verdict below is exact: "
            "\\emph{proven} with the steps shown (second derivative or Hessian minors, or the "
            "composition rules), or refuted by exact points $x, x'$ and a $\\lambda$ that anyone can "
            "substitute into (2.22) or (2.24)."
        )
    ]

    # Definition 2.1: sets
    results = set_results()
    set_blocks: list[Block] = []
    for name, _cons, res in results:
        if name in ("disc", "half-plane", "triangle (polyhedron)"):
            ctx.proven(res, f"the {name} is convex")
        else:
            ctx.refuted(res, f"the {name} is not convex")
        set_blocks += [Text(rf"\paragraph{{The {escape_text(name)}.}}"), Math(res)]
    set_blocks.insert(0, _sets_figure(ctx, results))
    blocks.append(Section("Convex and non-convex sets (Definition 2.1)", set_blocks, level=2))

    # Definition 2.2: epigraphs
    epi_convex = ctx.proven(epigraph_convexity(x**2, [x]), "epi(x^2) is convex")
    epi_cubic = ctx.refuted(epigraph_convexity(x**4 - x**2, [x]), "epi(x^4 - x^2) is not convex")
    blocks.append(
        Section(
            "Epigraphs of the notes' convex functions (Definitions 2.2, 2.3)",
            [
                _epigraph_figure(ctx, epi_cubic[0].result.witness),
                Text(
                    "By Definition 2.3, $f$ is convex exactly when its epigraph is: the constraint "
                    "$f(x) - t \\le 0$ is convex in $(x, t)$ when $f$ is, and a chord of $f$ above the "
                    "graph is a pair of epigraph points whose combination leaves the epigraph."
                ),
                Math(epi_convex),
                Math(epi_cubic),
            ],
            level=2,
        )
    )

    # the notes' list
    list_blocks: list[Block] = []
    for (label, f, dom, ass), (_, res) in zip(NOTES_LIST, notes_list_results()):
        ctx.proven(res, f"the notes' {label}")
        for _cond, r in res:
            if not r.curvature.is_convex:
                raise AssertionError(f"{label} is not convex on the notes' range")
        where = f" on ${latex(dom)}$" if dom is not None else r" on $\mathbb{R}$"
        rng = f" for ${latex(ass)}$" if ass is not None else ""
        list_blocks += [Text(rf"\paragraph{{${latex(f)}${where}{rng}.}}"), Math(res)]
    full_power = ctx.proven(convexity(x**a, [x], domain=x > 0), "x^a on x > 0 for every a")
    exp_cases = ctx.proven(convexity(sp.exp(a * x), [x]), "e^{ax} for every a")
    list_blocks += [
        Text(
            r"\paragraph{All exponents.} Without the restriction $a > 1$, $x^a$ on $x > 0$ splits "
            r"into every case of $a$: convex also for $a \le 0$, concave for $0 < a < 1$, "
            r"affine at $a = 0, 1$."
        ),
        Math(full_power),
        Text(r"\paragraph{Strictness of $e^{ax}$.} Strictly convex exactly when $a \neq 0$:"),
        Math(exp_cases),
    ]
    blocks.append(Section("The notes' convex functions of one variable", list_blocks, level=2))
    messages = _not_on_reals()
    ctx.erratum(
        "Section 2.3, Example: Convex functions (in 1D)",
        r"``the following are convex functions from $\mathbb{R}$ to $\mathbb{R}$'', listing $-\log x$ "
        r"without a domain",
        r"$-\log x$, $x \log x$ and $x^a$ (non-integer $a$) are not functions on $\mathbb{R}$; "
        r"they are convex on $x > 0$. Moreover $x^a$ on $x > 0$ is convex for $a \le 0$ or $a \ge 1$ "
        r"(strictly unless "
        r"$a \in \{0, 1\}$), not only for $a > 1$.",
        Text(r"The domain check: " + "; ".join(r"\texttt{" + escape_text(m) + "}" for m in messages)),
    )
    ctx.erratum(
        "Definition 2.3, strict convexity",
        r"``if the inequality (2.24) is strict, $f$ is strictly convex'', with $x, x' \in \mathcal{X}$ and "
        r"$\lambda \in [0, 1]$",
        r"the inequality can never be strict at $\lambda \in \{0, 1\}$ or $x = x'$ (both sides equal "
        r"$f(x')$ or $f(x)$); strict convexity asks for strict inequality for $x \neq x'$ and "
        r"$\lambda \in (0, 1)$.",
    )

    # Theorem 2.1 and Propositions 2.1, 2.2
    chain = ctx.proven(tangent_chain(x**4, [x]), "Theorem 2.1 chain for x^4")
    chain2 = ctx.proven(tangent_chain(x**2 + x * y + y**2, [x, y]), "Theorem 2.1 chain in two variables")
    t, av, bv = sp.Rational(1, 2), sp.Integer(0), sp.Integer(1)
    f2 = sp.Lambda(x, x**2)
    fp2 = sp.Lambda(x, 2 * x)
    eq233 = (1 - t) * f2(av) + t * f2(bv) + (1 - t) * t * (bv - av) * (fp2(av) - fp2(bv))
    eq234 = (1 - t) * f2(av) + t * f2(bv)
    if not eq233 < eq234:  # pragma: no cover - the build must show the failed step
        raise AssertionError("expected (2.33) < (2.34) for x^2")
    ctx.erratum(
        "Theorem 2.1, proof, (2.29)",
        r"$f(b) \geq f(a)'(b-a)f'(a)$",
        r"$f(b) \geq f(a) + (b-a)f'(a)$",
    )
    ctx.erratum(
        "Theorem 2.1, proof, (2.30)--(2.34)",
        r"that combining the tangents at $a$ and $b$ evaluated at $z$ gives (2.34)",
        r"their combination (2.33) carries the term $t(1-t)(b-a)\,[f'(a) - f'(b)]$, which is $\le 0$ "
        r"because $f'$ is nondecreasing, so (2.33) $\ge$ (2.34) does not follow. Take the tangent at $z$ "
        r"instead: $f(a) \ge f(z) + f'(z)(a - z)$, $f(b) \ge f(z) + f'(z)(b - z)$; weighting by $1-t$ and "
        r"$t$ cancels the derivative terms and gives (2.24). The theorem also needs $\mathcal{X}$ convex "
        r"(and $\nabla^2 f(x) \succeq 0$ for every $x \in \mathcal{X}$).",
        Math(
            rf"f = x^2,\ a = 0,\ b = 1,\ t = \tfrac12:\quad (2.33) = {latex(eq233)} < {latex(eq234)} = (2.34)"
        ),
    )
    convexity_errata(ctx)
    prop21 = ctx.refuted(nondecreasing(-1 / x, x, domain=sp.Ne(x, 0)), "Prop 2.1 on a non-interval")
    prop21_ok = ctx.proven(nondecreasing(x**3, x), "Prop 2.1 for x^3")
    ctx.erratum(
        "Proposition 2.1",
        r"$f'(x) \ge 0\ \forall x \in \mathbb{R} \Rightarrow f$ non-decreasing, "
        r"for $f$ on $\mathcal{X} \subset \mathbb{R}$",
        r"$\mathcal{X}$ must be an interval and $f' \ge 0$ on $\mathcal{X}$: $f = -1/x$ on $x \neq 0$ has "
        r"$f' = 1/x^2 > 0$ yet $f(-1) > f(1)$.",
        Math(prop21),
    )
    ascent = ctx.proven(steepest_ascent(x**2 + 3 * y, [x, y], [2, 0]), "Prop 2.2 at (2, 0)")
    flat = ctx.refuted(steepest_ascent(x**2 + y**2, [x, y], [0, 0]), "Prop 2.2 at a stationary point")
    ctx.erratum(
        "Proposition 2.2",
        r"the direction of maximum growth is along $\nabla f(x_0)$, with $u \in \mathcal{X}$, $\|u\| = 1$",
        r"it needs $\nabla f(x_0) \ne 0$ (at a stationary point every direction has zero "
        r"first-order growth), "
        r"and $u$ ranges over all unit vectors of $\mathbb{R}^d$, not over $\mathcal{X}$; the maximiser "
        r"$u^* = \nabla f(x_0)/\|\nabla f(x_0)\|$ follows from Cauchy--Schwarz.",
        Math(flat),
    )
    blocks.append(
        Section(
            "Theorem 2.1 and Propositions 2.1, 2.2",
            [
                *theorem_2_1_proof(ctx),
                Text(
                    r"The same chain carried out for $f = x^4$ (whose $f''$ vanishes at 0, "
                    r"yet which is strictly convex) and, in two variables, for $x^2 + xy + y^2$:"
                ),
                Math(chain),
                Math(chain2),
                Text(
                    r"Proposition 2.1 on an interval, and Proposition 2.2 at a point with nonzero gradient:"
                ),
                Math(prop21_ok),
                Math(ascent),
            ],
            level=2,
        )
    )

    # Explore some functions
    blocks.append(Section("Example: explore some functions", _explore(ctx), level=2))
    # keep the convexity verdicts of the list machine-checkable in the text
    blocks.append(
        Text(
            "Summary of the curvature verdicts of this section: "
            + "; ".join(
                f"{_m(f)}: {escape_text(', '.join(sorted({r.curvature.value for _, r in res})))}"
                for (_, f, _, _), (_, res) in zip(NOTES_LIST, notes_list_results())
            )
            + "."
        )
    )
    return blocks


_ = Curvature
