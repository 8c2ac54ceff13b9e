"""Chapter 2 opening of the companion: the three training objectives (2.1)–(2.10), derived.

Least squares, logistic regression and K-means, each derived by :mod:`symml.optimisation.losses`
at build time: losses in index and matrix form, gradients and Hessians with checked proofs,
exact minimisers, the printed (2.7) refuted with an exact witness, exact Lloyd iterations.
The notes' three "[TODO: Generate figure]" are filled with figures drawn from these results
(floats appear only in the plotting).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derivations._build import pyplot
from derivations.errata_more import logistic_model_erratum
from derivations.todos import KMEANS, LEAST_SQUARES, LOGISTIC
from symml.core.latex import Block, Math, Section, Text, latex
from symml.core.results import Result, Sentence, Step, Verdict
from symml.optimisation.losses import kmeans, least_squares, logistic_regression

SECTION = "2.0"
TITLE = "Optimisation: the three training objectives"

#: Small data sets used throughout (exact rationals).
LR_X = [[0], [1], [2], [3], [4]]
LR_Y = [1, 3, 2, 5, 4]
LOGISTIC_X = [[0], [1], [2], [3], [4], [5]]
LOGISTIC_C = [0, 0, 1, 0, 1, 1]
SEPARABLE_C = [0, 0, 0, 1, 1, 1]
KMEANS_X = [[0, 0], [1, 0], [0, 1], [5, 4], [6, 5], [5, 5], [1, 1]]
RECT = [[0, 0], [0, 1], [4, 0], [4, 1]]


# ---------------------------------------------------------------------- least squares
def one_feature_formulas() -> Result:
    """Slope S_xy/S_xx and intercept ȳ − a x̄ from the normal equations, for every N.

    The normal equations of one feature involve the data only through N, Σx, Σy, Σx², Σxy;
    with these as independent symbols the 2 x 2 system is solved exactly, so the proof holds
    for every data set (with S_xx ≠ 0), not only for a fixed number of points.
    """
    n = sp.Symbol("N", positive=True)
    sx, sy, sxx, sxy = sp.symbols("Sigma_x Sigma_y Sigma_xx Sigma_xy", real=True)
    a, b = sp.symbols("a b", real=True)
    xbar, ybar = sx / n, sy / n
    S_xx, S_xy = sxx - n * xbar**2, sxy - n * xbar * ybar
    gram, rhs = sp.Matrix([[sxx, sx], [sx, n]]), sp.Matrix([sxy, sy])
    solution = sp.solve(list(gram * sp.Matrix([a, b]) - rhs), [a, b], dict=True)
    if len(solution) != 1:  # pragma: no cover - the system is regular when S_xx != 0
        return Result("slope and intercept", Verdict.UNDECIDED, notes=("no unique solution",))
    a_star, b_star = solution[0][a], solution[0][b]
    slope_ok = sp.simplify(a_star - S_xy / S_xx) == 0
    intercept_ok = sp.simplify(b_star - (ybar - a_star * xbar)) == 0
    det_ok = sp.expand(gram.det() - n * S_xx) == 0
    if not (slope_ok and intercept_ok and det_ok):  # pragma: no cover
        return Result("slope and intercept", Verdict.UNDECIDED, notes=("identity failed",))
    # the names the formulas are written in: S_xx, S_xy and the means x̄, ȳ
    s_xx, s_xy, x_bar, y_bar = sp.symbols("S_xx S_xy xbar ybar", real=True)
    formulas = (sp.Eq(a, s_xy / s_xx, evaluate=False), sp.Eq(b, y_bar - a * x_bar, evaluate=False))
    steps = [
        Step(
            sp.Eq(gram * sp.Matrix([a, b]), rhs, evaluate=False),
            "the normal equations for one feature",
            rule="normal-equations",
        ),
        Step(
            sp.Eq(gram.det(), n * s_xx),
            Sentence("determinant, with", sp.Eq(s_xx, sxx - n * x_bar**2, evaluate=False)),
            rule="determinant",
        ),
        Step(formulas[1], "second row divided by N", rule="solve-row"),
        Step(
            sp.Eq(a, a_star),
            "first row after substituting b (exact solution of the system)",
            rule="solve-row",
        ),
        Step(
            sp.true,
            Sentence(formulas[0], "and", formulas[1], ": both differences simplify to 0"),
            rule="substitution-check",
        ),
    ]
    return Result(
        Sentence(
            formulas[0], "and", formulas[1], "solve the normal equations for every N when", sp.Ne(s_xx, 0)
        ),
        Verdict.PROVEN,
        steps=steps,
    )


def _data_line(name: str, values: Any) -> str:
    return f"${name} = {latex(tuple(values))}$"


def _least_squares(ctx: Any) -> Section:
    xs = sp.symbols("x_1:4", real=True)
    ys = sp.symbols("y_1:4", real=True)
    sym = least_squares([[v] for v in xs], list(ys))
    ctx.proven(sym.agreement, "least squares: index and matrix form agree")
    ctx.proven(sym.convexity, "least squares: convex")
    ctx.proven(sym.strict_convexity, "least squares: strictly convex iff full column rank")
    formulas = ctx.proven(one_feature_formulas(), "slope and intercept")

    fit = least_squares(LR_X, LR_Y)
    ctx.proven(fit.strict_convexity, "least squares on the example data: strictly convex")
    tied = least_squares([[1], [1], [3]], [0, 2, 2])
    tied_one_point = least_squares([[1], [1]], [0, 2])
    ctx.refuted(tied_one_point.strict_convexity, "least squares with one distinct input: not strictly convex")
    under = least_squares([[1, 2]], [3])
    ctx.refuted(under.strict_convexity, "least squares with fewer points than parameters")
    xv, yv = [r[0] for r in LR_X], LR_Y
    n = len(xv)
    xbar, ybar = sp.Rational(sum(xv), n), sp.Rational(sum(yv), n)
    s_xx = sum((sp.Integer(v) - xbar) ** 2 for v in xv)
    s_xy = sum((sp.Integer(u) - xbar) * (sp.Integer(v) - ybar) for u, v in zip(xv, yv))
    slope, intercept = s_xy / s_xx, ybar - s_xy / s_xx * xbar
    if (slope, intercept) != tuple(fit.solution.minimiser):  # the formula and symml's solver agree
        raise AssertionError("S_xy/S_xx disagrees with the exact least-squares solution")

    blocks: list[Block] = [
        Text(
            r"Stack the inputs as rows of $X$ and write $\tilde X = [X\ \mathbf 1]$ and "
            r"$\boldsymbol\theta = (\mathbf a, b)$; then (2.3) is $J(\boldsymbol\theta) = "
            r"\|\mathbf y - \tilde X\boldsymbol\theta\|^2$, with gradient and Hessian"
        ),
        Math(
            r"\nabla J = -2\tilde X^\top(\mathbf y - \tilde X\boldsymbol\theta), \qquad "
            r"\nabla^2 J = 2\tilde X^\top\tilde X \succeq 0."
        ),
        Text(
            r"Setting the gradient to zero gives the \emph{normal equations}, and the Hessian, twice a "
            r"Gram matrix, makes $J$ convex for every data set:"
        ),
        Math(r"\tilde X^\top\tilde X\,\boldsymbol\theta = \tilde X^\top\mathbf y."),
        Math(sym.convexity),
        Math(sym.strict_convexity),
        Text(
            r"For one feature ($M = 1$) write $\bar x = \frac1N\sum_i x_i$, $\bar y = \frac1N\sum_i y_i$, "
            r"$S_{xx} = \sum_i (x_i - \bar x)^2$ and $S_{xy} = \sum_i (x_i - \bar x)(y_i - \bar y)$. "
            r"The normal equations then have the familiar solution"
        ),
        Math(
            r"a_* = \frac{S_{xy}}{S_{xx}}, \qquad b_* = \bar y - a_*\bar x \qquad (S_{xx} \neq 0,"
            r"\ \text{i.e.\ not all } x_i \text{ equal})."
        ),
        Math(formulas),
        Text(
            r"The index form (2.3) and the matrix form agree, with their gradients and Hessians "
            r"(checked on three symbolic points):"
        ),
        Math(sym.agreement),
        Section(
            "Exact fit on rational data",
            [
                Text(
                    r"The data: "
                    + _data_line("x", xv)
                    + ", "
                    + _data_line("y", yv)
                    + rf". Here $\bar x = {latex(xbar)}$, $\bar y = {latex(ybar)}$, "
                    rf"$S_{{xx}} = {latex(s_xx)}$, "
                    rf"$S_{{xy}} = {latex(s_xy)}$, so $a_* = {latex(slope)}$ and $b_* = {latex(intercept)}$; "
                    r"the minimiser, the minimum value and the residuals:"
                ),
                Math(fit.solution),
                _fit_figure(ctx, fit),
            ],
            level=3,
        ),
        Section(
            "Rank-deficient data",
            [
                Text(
                    r"When every input is the same, $\tilde X$ has rank one: the loss is constant along "
                    r"a null vector of $\tilde X$ (so not strictly convex) and the minimisers form a line. "
                    r"the whole line is described, with its minimum-norm point:"
                ),
                Math(tied_one_point.strict_convexity),
                Math(tied_one_point.solution),
                Text(r"With fewer points than parameters ($N = 1 < M + 1 = 3$) the data are interpolated:"),
                Math(under.solution),
                Text(r"Two distinct inputs among three points are enough for a unique fit:"),
                Math(tied.solution),
            ],
            level=3,
        ),
    ]
    return Section(LEAST_SQUARES, blocks, level=2)


def _fit_figure(ctx: Any, fit: Any) -> Block:
    plt = pyplot()
    a, b = (float(v) for v in fit.solution.minimiser)
    xs = [float(r[0]) for r in fit.X.tolist()]
    ys = [float(v) for v in fit.y]
    fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
    ax.plot(xs, ys, "o", color="C0", label="data")
    lo, hi = min(xs) - 0.5, max(xs) + 0.5
    ax.plot(
        [lo, hi],
        [a * lo + b, a * hi + b],
        color="C3",
        label=rf"$y = {latex(fit.solution.minimiser[0])}x"
        rf" + {latex(fit.solution.minimiser[1])}$",
    )
    for x, y in zip(xs, ys):
        ax.plot([x, x], [y, a * x + b], color="0.6", linewidth=0.8)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper left")
    return ctx.figure(
        fig,
        "ch2_least_squares_fit",
        "The exact least-squares line (2.1) for the example data; grey: the residuals.",
    )


# ---------------------------------------------------------------- logistic regression
def _logistic(ctx: Any) -> Section:
    xs = sp.symbols("x_1:3", real=True)
    sym = logistic_regression([[v] for v in xs], [0, 1])
    per_sample = ctx.proven(sym.per_sample, "cross-entropy per-sample form")
    wrong = ctx.refuted(sym.notes_2_7, "(2.7) as printed")
    ctx.proven(sym.agreement, "logistic gradient and Hessian")
    ctx.proven(sym.psd, "logistic Hessian PSD")
    overlap = logistic_regression(LOGISTIC_X, LOGISTIC_C)
    ctx.refuted(overlap.separation, "overlapping data are not separable")
    ctx.proven(overlap.existence, "overlapping data: a finite minimiser exists")
    separable = logistic_regression(LOGISTIC_X, SEPARABLE_C)
    ctx.proven(separable.separation, "separable data")
    ctx.refuted(separable.existence, "separable data: no finite minimiser")

    logistic_model_erratum(ctx)
    u = sp.Symbol("u", real=True)
    c = sp.Symbol("c", real=True)
    correct = sp.log(1 + sp.exp(u)) - (1 - c) * u
    ctx.erratum(
        "(2.7)",
        r"$J = \frac1N\sum_{i=1}^N\bigl(\log(1 + e^{-\theta^\top x + b}) - c_i(-\theta^\top x + b)\bigr)$",
        r"with $u_i = -\theta^\top x_i + b$ (note $x_i$, not $x$), (2.6) equals "
        r"$J = \frac1N\sum_{i=1}^N\bigl("
        + latex(correct.subs({u: sp.Symbol("u_i"), c: sp.Symbol("c_i")}))
        + r"\bigr) = \frac1N\sum_{i=1}^N\bigl(\log(1 + e^{\theta^\top x_i - b}) + c_i(-\theta^\top x_i + b)"
        r"\bigr)$; the printed form differs from it by $\frac1N\sum_i(1 - 2c_i)u_i$.",
        Math(wrong),
    )
    blocks: list[Block] = [
        Text(
            r"The model (2.4) is $f(x) = 1/(1 + e^{-\theta^\top x + b})$: with $u = -\theta^\top x + b$ "
            r"(the notes' exponent) $f = 1/(1 + e^{u})$, so the sigmoid acts on $s = \theta^\top x - b$ "
            r"and $b$ enters with a minus sign. Each term of the cross-entropy (2.6) simplifies as follows:"
        ),
        Math(per_sample),
        Text(r"The printed (2.7) does not follow from (2.6); one sample is enough to see it:"),
        Math(wrong),
        Text(
            r"For two points $x_1, x_2$ with labels $0, 1$ the loss, its gradient "
            r"$\frac1N\sum_i (f(x_i) - c_i)(x_i, -1)$ and its Hessian "
            r"$\frac1N\sum_i f(x_i)(1 - f(x_i))(x_i, -1)(x_i, -1)^\top$ are checked against direct "
            r"differentiation, in index and in matrix form:"
        ),
        Math(sp.Eq(sp.Symbol("J"), sym.loss)),
        Math(sym.agreement),
        Math(sym.psd),
        Section(
            "Separable data have no finite minimiser",
            [
                Text(
                    r"For the inputs $x = "
                    + latex(tuple(r[0] for r in LOGISTIC_X))
                    + r"$ with labels $c = "
                    + latex(tuple(SEPARABLE_C))
                    + r"$ a threshold separates the classes; along the separating "
                    r"direction the loss tends to 0 without reaching it:"
                ),
                Math(separable.separation),
                Math(separable.existence),
                Text(
                    r"With labels $c = " + latex(tuple(LOGISTIC_C)) + r"$ the classes overlap; an exact "
                    r"certificate (Gordan's alternative) shows no direction separates them:"
                ),
                Math(overlap.separation),
                Text(
                    r"A strictly positive certificate (Stiemke's alternative) shows the minimum is attained:"
                ),
                Math(overlap.existence),
                _logistic_figures(ctx, overlap, per_sample_loss=correct, u=u, c=c),
            ],
            level=3,
        ),
    ]
    return Section(LOGISTIC, blocks, level=2)


def _logistic_figures(ctx: Any, model: Any, per_sample_loss: Any, u: Any, c: Any) -> Block:
    import numpy as np

    plt = pyplot()
    # Plotting only: a float Newton iteration on symml's own gradient and Hessian.
    grad = sp.lambdify([model.variables], list(model.gradient), "numpy")
    hess = sp.lambdify([model.variables], model.hessian.tolist(), "numpy")
    w = np.zeros(len(model.variables))
    for _ in range(25):
        w = w - np.linalg.solve(np.array(hess(w), dtype=float), np.array(grad(w), dtype=float))
    theta, b = w
    fig, axes = plt.subplots(1, 2, figsize=(6.3, 3.0), layout="constrained")
    zs = np.linspace(-6, 6, 300)
    loss0 = sp.lambdify(u, per_sample_loss.subs(c, 0), "numpy")
    loss1 = sp.lambdify(u, per_sample_loss.subs(c, 1), "numpy")
    axes[0].plot(zs, 1 / (1 + np.exp(-zs)), color="C0", label=r"$f = 1/(1 + e^{u})$ against $s = -u$")
    axes[0].plot(zs, loss0(-zs), color="C3", label=r"loss, $c = 0$")
    axes[0].plot(zs, loss1(-zs), color="C2", label=r"loss, $c = 1$")
    axes[0].set_xlabel(r"$s = \theta^\top x - b$")
    axes[0].set_ylim(-0.1, 4)
    axes[0].legend(loc="upper center", frameon=False)
    xs = np.array([float(r[0]) for r in model.X.tolist()])
    cs = np.array([float(v) for v in model.c])
    grid = np.linspace(xs.min() - 1, xs.max() + 1, 300)
    axes[1].plot(xs, cs, "o", color="C0", label="data")
    axes[1].plot(grid, 1 / (1 + np.exp(-theta * grid + b)), color="C3", label="fitted $f(x)$")
    axes[1].set_xlabel("$x$")
    axes[1].legend(loc="upper left")
    return ctx.figure(
        fig,
        "ch2_logistic",
        "Left: the logistic function and the per-sample cross-entropy for each label, from the "
        "derived form. Right: the logistic fit of the overlapping data (the minimiser located "
        "numerically, for the plot only, from the exact gradient and Hessian).",
    )


# ---------------------------------------------------------------------------- K-means
def _kmeans(ctx: Any) -> Section:
    km = kmeans(KMEANS_X, 2, centres=[[0, 0], [1, 0]])
    ctx.proven(km.convexity_in_centres, "K-means convex in the centres")
    ctx.proven(km.monotone, "Lloyd monotone")
    rect = kmeans(RECT, 2)
    left_right = kmeans(RECT, 2, centres=[[0, 0], [4, 1]])
    opt_a = ctx.proven(rect.local_minimum(left_right.centres), "left/right local minimum")
    opt_b = ctx.proven(rect.local_minimum(rect.centres), "top/bottom local minimum")
    nonconvex = ctx.refuted(rect.not_jointly_convex(left_right.centres), "K-means not jointly convex")
    ctx.erratum(
        "(2.9)--(2.10)",
        r"the K-means loss (2.9) with no constraints on $r_{ik}$, and an empty display (2.10)",
        r"(2.10) should state the constraints $r_{ik} \in \{0, 1\}$ and $\sum_{k=1}^K r_{ik} = 1$ for every "
        r"$i$; without them $r_{ik} = 0$ for all $i, k$ gives $J = 0$ for any centres.",
    )
    symbolic = kmeans(
        [[sp.Symbol("x_1", real=True)], [sp.Symbol("x_2", real=True)], [sp.Symbol("x_3", real=True)]], 2
    )
    blocks: list[Block] = [
        Text(
            r"The loss (2.9) needs the constraints $r_{ik} \in \{0,1\}$ and $\sum_k r_{ik} = 1$ "
            r"(each point in exactly one cluster). For fixed assignments the gradient in "
            r"$\boldsymbol\mu_k$ is "
            r"$-2\sum_i r_{ik}(x_i - \boldsymbol\mu_k)$, zero at the cluster mean; "
            r"for three points on a line and $K = 2$:"
        ),
        Math(sp.Eq(sp.Symbol(r"\boldsymbol{\mu}"), symbolic.centre_update, evaluate=False)),
        Math(ctx.proven(symbolic.convexity_in_centres, "K-means convex in the centres (symbolic)")),
        Text(
            r"An empty cluster ($n_k = 0$) leaves $J$ independent of $\boldsymbol\mu_k$: every value "
            r"minimises, and the previous centre is kept. The assignment step sends each point to its "
            r"nearest centre; a tie goes to the centre with the smallest index."
        ),
        Section(
            "Exact Lloyd iterations",
            [
                Text(
                    r"The data: the seven points "
                    + ", ".join(f"${latex(tuple(pt))}$" for pt in KMEANS_X)
                    + r" of $\mathbb{R}^2$, $K = 2$, initial centres $(0,0)$ and $(1,0)$:"
                ),
                *[Math(it) for it in km.lloyd],
                Math(km.monotone),
                _kmeans_figure(ctx, km),
            ],
            level=3,
        ),
        Section(
            "Two local optima: J is not jointly convex",
            [
                Text(
                    r"For the four corners "
                    + ", ".join(f"${latex(tuple(pt))}$" for pt in RECT)
                    + r" of a $4 \times 1$ rectangle, splitting left/right and "
                    r"top/bottom are both fixed points of Lloyd's algorithm and strict local minima of "
                    r"$F(\boldsymbol\mu) = \min_r J(r, \boldsymbol\mu)$, with different values:"
                ),
                Math(opt_a),
                Math(opt_b),
                Text(r"Swapping the two centres does not change $F$, but their midpoint is worse:"),
                Math(nonconvex),
            ],
            level=3,
        ),
    ]
    return Section(KMEANS, blocks, level=2)


def _kmeans_figure(ctx: Any, km: Any) -> Block:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(4.0, 3.4), layout="constrained")
    pts = km.X.tolist()
    for k in range(km.K):
        members = [p for p, lab in zip(pts, km.labels) if lab == k]
        ax.plot(
            [float(p[0]) for p in members],
            [float(p[1]) for p in members],
            "o",
            color=f"C{k}",
            label=f"cluster {k + 1}",
        )
        cx, cy = (float(v) for v in km.centres.row(k))
        ax.plot([cx], [cy], "x", color=f"C{k}", markersize=12, mew=2)
    ax.set_aspect("equal")
    ax.legend(loc="upper left")
    return ctx.figure(
        fig,
        "ch2_kmeans",
        "K-means after the exact Lloyd iterations above: points coloured by cluster, crosses at the centres.",
    )


# ------------------------------------------------------------------------------ build
def build(ctx: Any) -> list[Block]:
    """The chapter-2 opening: least squares, logistic regression and K-means."""
    return [
        Text(
            "Each objective of the chapter's opening is derived below; every identity shown "
            "was checked exactly while this document was built."
        ),
        _least_squares(ctx),
        _logistic(ctx),
        _kmeans(ctx),
    ]
