"""Section 2.5 of the notes: stochastic gradient descent, Adagrad, RMSProp and Adam."""

from __future__ import annotations

import random

import sympy as sp

from derivations._build import pyplot
from derivations.errata_more import sgd_errata
from symml.core.latex import Block, Math, Section, Text, latex
from symml.optimisation.methods import (
    adagrad,
    adam,
    adam_bias_correction,
    adam_first_step,
    adam_scale_invariance,
    gradient_descent,
    minibatch_expectation,
    minibatch_variance,
    momentum,
    rmsprop,
    sgd,
)
from symml.plot import draw_level_sets, draw_trajectory

SECTION = "2.5"
TITLE = "Stochastic gradient descent"

theta = sp.Symbol("theta", real=True)
xd, yd = sp.symbols("x_d y_d", real=True)
#: Per-sample loss of the linear-regression example.
LOSS = (yd - theta * xd) ** 2
#: The law q: x uniform on {-1, 0, 1, 2}, y = 2x + e with e = -1 or 1 equally likely.
XS, ES = (-1, 0, 1, 2), (-1, 1)


def _true_loss() -> sp.Expr:
    pairs = [(xv, 2 * xv + ev) for xv in XS for ev in ES]
    return sp.expand(sp.Add(*(LOSS.subs({xd: a, yd: b}) for a, b in pairs)) / len(pairs))


def _samples(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)  # deterministic samples: the companion builds identically every time
    out = []
    for _ in range(n):
        xv = rng.choice(XS)
        out.append({xd: sp.Integer(xv), yd: sp.Integer(2 * xv + rng.choice(ES))})
    return out


#: the sample sizes of the figure (with their seeds): the sample loss approaches L as N grows
SAMPLE_SIZES = ((4, 1), (32, 3), (1000, 4))


def sample_loss(n: int, seed: int) -> sp.Expr:
    """(1/N) sum (y_i - theta x_i)^2 over N samples of q, exactly (through the sums of x^2, xy, y^2)."""
    data = _samples(n, seed)
    sxx = sum(d[xd] ** 2 for d in data)
    sxy = sum(d[xd] * d[yd] for d in data)
    syy = sum(d[yd] ** 2 for d in data)
    return sp.expand((syy - 2 * theta * sxy + theta**2 * sxx) / n)


def _loss_figure(ctx, true_loss):
    plt = pyplot()
    import numpy as np

    ts = np.linspace(-0.5, 4.5, 200)
    fig, ax = plt.subplots(figsize=(6.3, 3.4), layout="constrained")
    ax.plot(ts, sp.lambdify(theta, true_loss, "numpy")(ts), "k-", linewidth=2.5, label=r"$L(\theta)$ (exact)")
    for (n, seed), style in zip(SAMPLE_SIZES, ("--", "-.", ":")):
        ax.plot(
            ts,
            sp.lambdify(theta, sample_loss(n, seed), "numpy")(ts),
            style,
            lw=1.5,
            label=f"sample mean, N = {n}",
        )
    ax.set_xlabel(r"$\theta$")
    ax.set_ylabel("loss")
    fig.legend(loc="outside upper center", ncols=2, frameon=False)
    return ctx.figure(
        fig,
        "sec2_5_sampled_loss",
        r"The expected squared loss $L(\theta) = \mathbb{E}_q(y - \theta x)^2$ (exact) and sample "
        r"approximations $\frac1N\sum_i (y_i - \theta x_i)^2$ from $N$ samples of $q$: with $N = 1000$ the "
        r"sample loss is close to $L$.",
    )


def _sample_table(true_loss) -> Block:
    """The data of the figure: the four samples of N = 4 and every sample loss, exactly."""
    (n0, seed0), *_ = SAMPLE_SIZES
    pairs = ", ".join(f"({latex(d[xd])}, {latex(d[yd])})" for d in _samples(n0, seed0))
    rows = [rf"N = {n} & {latex(sample_loss(n, seed))} \\" for n, seed in SAMPLE_SIZES]
    rows.append(rf"\text{{exact}} & {latex(true_loss)} \\")
    table = r"\begin{array}{rl}" + "\n" + "\n".join(rows) + "\n" + r"\end{array}"
    return Text(
        rf"The $N = {n0}$ samples $(x_i, y_i)$ are ${pairs}$; the samples of the larger $N$ are drawn "
        r"the same way (Python's \texttt{random.Random} with fixed seeds). The sample losses, exactly:"
        + "\n\\["
        + table
        + "\\]"
    )


def _optimisers_figure(ctx):
    plt = pyplot()

    t1, t2 = sp.symbols("theta_1 theta_2", real=True)
    f = t1**2 + 10 * t2**2
    start = (sp.Integer(-2), sp.Integer(1))
    R = sp.Rational
    runs = [
        ("GD, $\\eta = 1/25$", gradient_descent(f, [t1, t2], R(1, 25)), "o-"),
        ("momentum, $\\eta = 1/50, \\beta = 7/10$", momentum(f, [t1, t2], R(1, 50), R(7, 10)), "s-"),
        ("Adagrad, $\\eta = 1$", adagrad(f, [t1, t2], 1), "v-"),
        ("RMSProp, $\\eta = 1/5$", rmsprop(f, [t1, t2], R(1, 5)), "^-"),
        ("Adam, $\\eta = 1/5$", adam(f, [t1, t2], R(1, 5)), "d-"),
    ]
    loss = sp.lambdify((t1, t2), f)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.3, 6.4), layout="constrained", height_ratios=(1.1, 1))
    draw_level_sets(top, f, [t1, t2], (-2.5, 2.5, -1.3, 1.3))
    for label, opt, style in runs:
        trajectory = opt.iterates(start, 25)
        draw_trajectory(top, trajectory, label, style)
        # the loss along the iterates, in floats: for drawing only
        losses = [loss(*pt) for pt in trajectory.as_floats()]
        bottom.semilogy(range(len(losses)), losses, style, markersize=3, linewidth=1, label=label)
    top.set_xlabel(r"$\theta_1$")
    top.set_ylabel(r"$\theta_2$")
    bottom.set_xlabel("iteration $t$")
    bottom.set_ylabel(r"$f(\theta_t)$")
    handles, labels = top.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=3, frameon=False)
    return ctx.figure(
        fig,
        "sec2_5_optimisers",
        r"Five optimisers on $f(\theta) = \theta_1^2 + 10\theta_2^2$ from $\theta_0 = (-2, 1)$, 25 exact "
        r"iterates each ($\epsilon = 10^{-8}$, $\beta_m = 9/10$, $\beta_s = 999/1000$ where they apply). "
        r"Top: the trajectories over the level sets; bottom: the loss against the iteration (log scale).",
    )


def build(ctx) -> list[Block]:
    blocks: list[Block] = []
    true_loss = _true_loss()
    sgd_errata(
        ctx, sp.Rational(sum(XS), len(XS)), 2 * sp.Rational(sum(XS), len(XS)) + sp.Rational(sum(ES), len(ES))
    )
    blocks.append(
        Text(
            r"For the linear-regression example take $x$ uniform on $\{-1, 0, 1, 2\}$ and $y = 2x + e$ with "
            rf"$e = \pm 1$ equally likely. The expected loss is exactly $L(\theta) = {latex(true_loss)}$."
        )
    )
    example = blocks.pop()
    blocks.append(
        Section(
            "Example: random loss function for linear regression",
            [example, _loss_figure(ctx, true_loss), _sample_table(true_loss)],
            level=2,
        )
    )

    # unbiasedness
    g = sp.symbols("g1:5", real=True)
    unbiased = ctx.proven(minibatch_expectation(g, 2), "minibatch unbiased")
    unbiased_r = ctx.proven(minibatch_expectation(g, 2, replacement=True), "minibatch unbiased, replacement")
    variance = ctx.proven(minibatch_variance(g, 2), "minibatch variance")
    notes_version = ctx.refuted(minibatch_expectation(g, 2, normalisation="1/N"), "the notes' 1/N")
    data = _samples(4, 1)
    sgd_lr = sgd(LOSS, [theta], data, batch_size=2, eta=sp.Rational(1, 20))
    sgd_proof = ctx.proven(sgd_lr.unbiasedness(), "SGD linear regression unbiased")
    blocks.append(
        Section(
            "The minibatch gradient",
            [
                Text(
                    r"With per-sample gradients $g_1, \dots, g_4$ (symbolic data) and batches of $B = 2$, "
                    r"the minibatch gradient $\frac1B\sum_{i\in\mathcal{B}} g_i$ is unbiased, averaging "
                    "exactly over every batch, without replacement:"
                ),
                Math(unbiased),
                Text("and with replacement:"),
                Math(unbiased_r),
                Text("Its exact variance (without replacement) has the finite-population factor:"),
                Math(variance),
                Text(
                    r"The same proof for the per-sample gradients of $(y_i - \theta x_i)^2$ on four samples:"
                ),
                Math(sgd_proof),
                Text(r"With the notes' normalisation $\frac1N$ in (2.45) the estimate is biased by $B/N$:"),
                Math(notes_version),
            ],
            level=2,
        )
    )
    ctx.erratum(
        "(2.45)",
        r"$\nabla L(\theta) \simeq \frac{1}{N}\sum_{i=1}^{B} \nabla L(x, z_i)$",
        r"$\nabla L(\theta) \simeq \frac{1}{B}\sum_{i\in\mathcal{B}} \nabla \ell(\theta, z_i)$, which is "
        r"unbiased; with $\frac1N$ the expectation is $\frac{B}{N}\nabla L$",
        Math(notes_version),
    )

    # adaptive methods
    eta = sp.Symbol("eta", positive=True)
    eps = sp.Symbol("epsilon", nonnegative=True)
    beta = sp.Symbol("beta", real=True)
    bm, bs = sp.symbols("beta_m beta_s", real=True)
    th = theta  # the notes write the parameter of 2.5 as theta
    forms = [
        Text("Adagrad (2.47), coordinate by coordinate, with the square root and $\\epsilon$:"),
        Math(adagrad(th**2, [th], eta, eps)),
        Text("RMSProp:"),
        Math(rmsprop(th**2, [th], eta, beta, eps)),
        Text("Adam with bias correction:"),
        Math(adam(th**2, [th], eta, bm, bs, eps)),
    ]
    tiny = sp.Rational(1, 100)
    notes_step = eta * tiny / tiny**2
    ctx.erratum(
        "(2.48) and (2.50)",
        r"$\Delta\theta_t = -\eta_t \frac{1}{s_t} g_t$",
        r"$\Delta\theta_t = -\eta_t\, g_t \oslash \sqrt{s_t + \epsilon}$ (Adagrad) and "
        r"$-\eta_t\, g_t \oslash (\sqrt{s_t} + \epsilon)$ (RMSProp): without the root the first step "
        rf"$-\eta g/g^2 = -\eta/g$ grows as the gradient shrinks (a gradient $1/100$ gives a step of "
        rf"${latex(notes_step)}$), and without $\epsilon$ it is undefined at $s_t = 0$",
    )
    bias = ctx.proven(adam_bias_correction(), "Adam bias correction")
    first = ctx.proven(adam_first_step(), "Adam first step")
    first_raw = ctx.proven(adam_first_step(bias_correction=False), "Adam first step without correction")
    raw_at_zero = sp.simplify(first_raw.value.subs(sp.Symbol("epsilon", nonnegative=True), 0))
    scale = ctx.proven(adam_scale_invariance(3), "Adam scale invariance")
    forms += [
        Text(r"The bias correction, derived: with $m_0 = 0$ and a constant expected gradient $g$,"),
        Math(bias),
        Text(r"The first step has magnitude at most $\eta$ with the correction,"),
        Math(first),
        Text(
            rf"but without it (the notes' (2.53)) it is ${latex(raw_at_zero)}$ at $\epsilon = 0$ "
            r"for the usual $\beta_m = 9/10$, $\beta_s = 999/1000$:"
        ),
        Math(first_raw),
        Text(r"At $\epsilon = 0$ the Adam step does not change when all gradients are scaled by $c > 0$:"),
        Math(scale),
        Section("Example: different optimisers", [_optimisers_figure(ctx)], level=3),
    ]
    blocks.append(Section("Adagrad, RMSProp and Adam", forms, level=2))
    ctx.erratum(
        "(2.51)--(2.53)",
        r"Adam as $\theta_t = \theta_{t-1} - \eta_t\, m_t/(\sqrt{s_t} + \epsilon)$",
        r"use $\hat m_t = m_t/(1 - \beta_m^t)$ and $\hat s_t = s_t/(1 - \beta_s^t)$, since "
        r"$\mathbb{E}[m_t] = (1 - \beta_m^t)g$; without them the first step is "
        rf"${latex(raw_at_zero)}$ instead of $\eta$",
        Math(first_raw),
    )
    return blocks
