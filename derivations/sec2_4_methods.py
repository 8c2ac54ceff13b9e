"""Section 2.4 of the notes: first-order methods, the step size, momentum and Newton's method."""

from __future__ import annotations

import sympy as sp

from derivations._build import pyplot
from derivations.errata_more import methods_errata
from symml.core.latex import Block, Math, Section, Text, latex
from symml.optimisation.calculus import hessian
from symml.optimisation.methods import (
    gd_rate,
    gd_stability,
    gradient_descent,
    momentum,
    momentum_stability,
    newton,
    newton_from_quadratic_model,
    newton_one_step,
    newton_rate,
    step_size_heuristic_counterexamples,
)
from symml.plot import draw_level_sets, draw_trajectory, step_size_figure

SECTION = "2.4"
TITLE = "First order methods"

x, y = sp.symbols("x y", real=True)
#: The example of the section: a parabola with curvatures 2 and 8 along the axes.
F = x**2 + 4 * y**2
START = (sp.Integer(2), sp.Integer(1))


def step_size_behaviour(eta: sp.Expr) -> str:
    """What constant-step gradient descent does on F, decided exactly from the Hessian's
    eigenvalues: each coordinate along an eigenvector is multiplied by 1 - eta*lambda per step."""
    factors = [1 - eta * lam for lam in hessian(F, [x, y]).eigenvals()]
    largest = max(abs(f) for f in factors)
    if largest > 1:
        return "diverges"
    if largest == 1:
        return "oscillates, never converges"
    return "converges, oscillating" if any(f < 0 for f in factors) else "converges"


def _step_size_figure(ctx, etas, bound):
    labels = {eta: step_size_behaviour(eta) for eta in etas}
    fig = step_size_figure(F, [x, y], START, etas, steps=12, labels=labels)
    fig.suptitle(rf"exact stability region: $0 < \eta < {latex(bound)}$")
    return ctx.figure(
        fig,
        "sec2_4_step_size",
        r"Gradient descent on $f = x^2 + 4y^2$ from $(2, 1)$, 12 exact iterates for four step sizes, each "
        r"labelled with its exact behaviour (the factors $1 - 2\eta$ and $1 - 8\eta$ along the axes): "
        rf"inside the proven region $0 < \eta < {latex(bound)}$ the iterates converge, at the bound they "
        r"oscillate for ever, beyond it they diverge (points that leave the window are not drawn).",
    )


def _methods_figure(ctx):
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(6.3, 4), layout="constrained")
    draw_level_sets(ax, F, [x, y], (-3, 3, -2, 2))
    draw_trajectory(
        ax, gradient_descent(F, [x, y], sp.Rational(1, 5)).iterates(START, 15), r"GD, $\eta = 1/5$", "o-"
    )
    draw_trajectory(
        ax,
        momentum(F, [x, y], sp.Rational(1, 10), sp.Rational(1, 2)).iterates(START, 15),
        r"momentum, $\eta = 1/10,\ \beta = 1/2$",
        "s-",
    )
    draw_trajectory(ax, newton(F, [x, y]).iterates(START, 2), "Newton", "^-")
    ax.legend(loc="lower left")
    return ctx.figure(
        fig,
        "sec2_4_momentum_newton",
        r"Gradient descent, heavy-ball momentum and Newton's method on $f = x^2 + 4y^2$ from $(2, 1)$ "
        r"(exact iterates); Newton lands on the minimiser in one step.",
    )


def build(ctx) -> list[Block]:
    blocks: list[Block] = []
    eta = sp.Symbol("eta", positive=True)
    gd = gradient_descent(F, [x, y], eta)
    blocks.append(
        Text(
            "Gradient descent with a constant step is the exact map below; its step "
            r"$d = -\eta\nabla f$ is a descent direction wherever $\nabla f \neq 0$, since "
            r"$d^\top\nabla f = -\eta\|\nabla f\|^2 < 0$. The notes' (2.37) writes $+\eta\nabla f$, "
            "which is an ascent step (see the errata)."
        )
    )
    blocks.append(Math(gd))
    check = ctx.proven(
        gradient_descent(F, [x, y], sp.Rational(1, 10)).descent_check(START), "GD descent at (2,1)"
    )
    blocks.append(Math(check))
    g = gd.gradient_at(sp.Matrix(START))
    ascent = sp.simplify(eta * (g.T * g)[0, 0])
    ctx.erratum(
        "(2.37)",
        r"$x_{t+1} = x_t + \eta\nabla f(x_t)$",
        r"$x_{t+1} = x_t - \eta\nabla f(x_t)$: with $+$ the step satisfies "
        rf"$d^\top\nabla f = \eta\|\nabla f\|^2 > 0$, e.g. ${latex(ascent)}$ at $(2, 1)$.",
    )

    # step size
    stab = ctx.proven(gd_stability(F, [x, y]), "GD stability region")
    bound = stab.value.sup
    rate = ctx.proven(gd_rate(F, [x, y]), "GD rate")
    _, eta_star, rho_star = rate.value
    step = [
        Text(
            rf"For $f = {latex(F)}$ constant-step gradient descent converges from every start exactly when "
            rf"$\eta \in {latex(stab.value)}$:"
        ),
        Math(stab),
        Text(
            rf"The linear rate is $\rho(\eta) = {latex(rate.value[0])}$, smallest at "
            rf"$\eta^\star = {latex(eta_star)}$ where $\rho^\star = {latex(rho_star)}$:"
        ),
        Math(rate),
        _step_size_figure(ctx, [sp.Rational(1, 20), eta_star, bound, bound + sp.Rational(1, 40)], bound),
    ]
    a = sp.Symbol("a", positive=True)
    general = ctx.proven(gd_stability(a * x**2, [x], assumptions=a > 0), "a x^2")
    step.append(
        Text(rf"For the parabola $f = a x^2$ with $a > 0$ the region is $\eta \in {latex(general.value)}$.")
    )
    not_sufficient, not_necessary = step_size_heuristic_counterexamples()
    ctx.refuted(not_sufficient, "heuristic sufficient")
    ctx.refuted(not_necessary, "heuristic necessary")
    step += [
        Text(r"The heuristic $\eta < \|\nabla f(x_0)\|^{-1}$ is neither sufficient nor necessary:"),
        Math(not_sufficient),
        Math(not_necessary),
    ]
    ctx.erratum(
        "Section 2.4.1, after (2.37)",
        r"$\eta < \|\nabla f\|^{-1}$ gives a stable iteration",
        r"for a quadratic the exact condition is $0 < \eta < 2/\lambda_{\max}(H)$ "
        r"($0 < \eta < 1/a$ for $a x^2$), independent of $\|\nabla f\|$",
        Math(not_sufficient),
    )
    blocks.append(Section("Role of the step size", step, level=2, number="2.4.1"))

    # momentum
    beta = sp.Symbol("beta", real=True)
    hb = momentum(F, [x, y], eta, beta)
    mom = ctx.proven(momentum_stability(x**2, x), "heavy-ball region")
    blocks.append(
        Section(
            "Momentum",
            [
                Text("The heavy-ball update (2.38)--(2.39) as an exact map:"),
                Math(hb.map()),
                Text(r"On $f = x^2$ it is a linear system; its exact stability region in $(\eta, \beta)$:"),
                Math(mom),
            ],
            level=2,
            number="2.4.2",
        )
    )

    # Newton
    model = ctx.proven(newton_from_quadratic_model(2), "Newton from the quadratic model")
    one = ctx.proven(newton_one_step(F - x + y, [x, y]), "Newton one step")
    rate4 = ctx.proven(newton_rate(x**4, x, 0), "Newton on x^4")
    saddle = ctx.refuted(newton(x**2 - y**2, [x, y]).descent_check([1, 2]), "Newton saddle not descent")
    blocks.append(
        Section(
            "Newton's method",
            [
                Text("Minimising the quadratic model (2.41) symbolically gives (2.42):"),
                Math(model),
                Text(rf"On a strictly convex quadratic, here $f = {latex(F - x + y)}$, one step suffices:"),
                Math(one),
                Text(
                    r"On $f = x^4$ the Hessian vanishes at the minimiser and convergence is only linear, "
                    r"with factor $2/3$:"
                ),
                Math(rate4),
                Text(
                    r"Where the Hessian is indefinite, the Newton step need not be a descent direction "
                    r"($f = x^2 - y^2$ at $(1, 2)$):"
                ),
                Math(saddle),
                Section("Example: convergence for a parabola (2)", [_methods_figure(ctx)], level=3),
            ],
            level=2,
            number="2.4.3",
        )
    )
    methods_errata(ctx, stab, mom, saddle)
    return blocks
