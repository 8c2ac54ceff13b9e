"""Section 3.2 of the companion: random variables (the notes leave this section empty).

Written from symml's results: definitions, pmf tables of the standard families, exact
expectations and variances (with a symbolic parameter), sums of dice by exact convolution
(with a figure), and independence of random variables, proven or refuted exactly.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derivations._build import pyplot
from symml.core.latex import Block, Math, Section, Text, latex
from symml.probability import (
    Bernoulli,
    Binomial,
    Cov,
    Die,
    E,
    FiniteRV,
    FiniteSpace,
    Geometric,
    Hypergeometric,
    P,
    Var,
    entropy,
    iid_sum,
    independent,
)
from symml.probability.rv import joint_pmf

SECTION = "3.2"
TITLE = "Random variables"

R = sp.Rational
p = sp.Symbol("p", real=True)


def _moments_row(name: str, X: FiniteRV) -> str:
    return rf"\text{{{name}}} & {latex(E(X))} & {latex(sp.factor(Var(X)))} \\"


def family_table() -> tuple[list[tuple[str, FiniteRV]], str]:
    """E and Var of the families, computed from their pmfs."""
    fams = [
        ("Bernoulli(p)", Bernoulli(p)),
        ("Binomial(4, p)", Binomial(4, p)),
        ("Die(6)", Die(6)),
        ("Hypergeometric(10, 4, 3)", Hypergeometric(10, 4, 3)),
        ("Geometric(1/2) censored at 4", Geometric(R(1, 2), 4)),
    ]
    rows = "\n".join(_moments_row(n, X) for n, X in fams)
    table = (
        r"\begin{array}{lcc}" + "\n\\toprule\n" + r"X & \mathbb{E}[X] & \operatorname{Var}[X] \\"
        "\n\\midrule\n" + rows + "\n\\bottomrule\n\\end{array}"
    )
    return fams, table


def dice_sums(ns: tuple[int, ...] = (1, 2, 3, 5, 10)) -> dict[int, FiniteRV]:
    """The exact distribution of the sum of n fair dice, by convolution."""
    return {n: iid_sum(Die(6), n) for n in ns}


def _figure(sums: dict[int, FiniteRV], ctx: Any) -> Block:
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(6.3, 3.0), layout="constrained")
    for n, S in sums.items():
        values = [int(v) for v in S.pmf]
        probs = [float(w) for w in S.pmf.values()]  # floats for plotting only
        ax.plot(values, probs, marker="o", markersize=2.5, linewidth=1, label=f"n = {n}")
    ax.set_xlabel("sum of n dice")
    ax.set_ylabel("probability")
    ax.legend(frameon=False)
    return ctx.figure(
        fig, "sec3_2_dice_sums", "Exact distribution of the sum of $n$ fair dice (convolution)."
    )


def build(ctx: Any) -> list[Block]:
    blocks: list[Block] = []
    X = Die(6)
    definitions: list[Block] = [
        Text(
            r"A (finite) \emph{random variable} on a probability space $(\Omega,\mathcal{A},\mathbb{P})$ is "
            r"a function $X:\Omega\to\mathbb{R}$. Its \emph{probability mass function} (pmf) is "
            r"$p_X(x) = \mathbb{P}(X = x) = \mathbb{P}(\{\omega : X(\omega) = x\})$, its cumulative "
            r"distribution function is $F_X(x) = \mathbb{P}(X \le x)$, its expectation "
            r"$\mathbb{E}[X] = \sum_x x\, p_X(x)$ and its variance "
            r"$\operatorname{Var}[X] = \mathbb{E}[(X - \mathbb{E}[X])^2] "
            r"= \mathbb{E}[X^2] - \mathbb{E}[X]^2$. "
            r"The event $\{X \le x\}$ is an element of $\mathcal{A}$, so these are probabilities of events "
            r"in the sense of Section 3.1."
        ),
        Text(r"The face of a fair die, $X$, has the pmf"),
        Math(X),
        Text(
            rf"so $\mathbb{{E}}[X] = {latex(E(X))}$, $\operatorname{{Var}}[X] = {latex(Var(X))}$, "
            rf"$F_X(3) = {latex(X.cdf(3))}$ and its entropy is $H(X) = {latex(entropy(X))}$ nats. "
            r"Probabilities of events defined through $X$ come with their steps:"
        ),
        Math(X.space.P(X >= 5, given=X.ne(6))),
    ]
    blocks.append(Section("Definitions", definitions, level=2))

    fams, table = family_table()
    fam_blocks: list[Block] = [
        Text(
            r"The standard finite families, with a symbolic success probability "
            r"$p \in [0,1]$ where it applies:"
        ),
        Math(table),
        Text(r"For example, the pmf of $\mathrm{Binomial}(4, p)$ is"),
        Math(Binomial(4, p)),
    ]
    blocks.append(Section("Families and their moments", fam_blocks, level=2))

    sums = dice_sums()
    S2, S10 = sums[2], sums[10]
    big = iid_sum(Die(6), 100)
    heads = iid_sum(Bernoulli(p), 50)
    conv: list[Block] = [
        Text(
            r"For independent $X$ and $Y$ the pmf of $X + Y$ is the convolution "
            r"$p_{X+Y}(s) = \sum_x p_X(x)\,p_Y(s - x)$; the sum of $n$ independent copies has the generating "
            r"polynomial $G(t)^n$, raised to the $n$-th power exactly (never listing the $6^n$ "
            r"outcomes of the product space). Two dice:"
        ),
        Math(S2),
        Text(
            rf"For ten dice, $\mathbb{{P}}(S_{{10}} = 35) = {latex(S10.pmf_at(35))}$, "
            rf"$\mathbb{{E}}[S_{{10}}] = {latex(E(S10))}$, "
            rf"$\operatorname{{Var}}[S_{{10}}] = {latex(Var(S10))}$ "
            rf"(ten times the variance of one die). For a hundred dice, "
            rf"$\mathbb{{P}}(S_{{100}} = 350)$ is a fraction whose denominator has "
            rf"{len(str(big.pmf_at(350).q))} digits. With a coin of bias $p$ tossed 50 times, the number of "
            rf"heads is exact in $p$: $\mathbb{{P}}(\text{{20 heads}}) = {latex(heads.pmf_at(20))}$."
        ),
        _figure(sums, ctx),
    ]
    blocks.append(Section("Sums of independent random variables", conv, level=2))

    die = FiniteSpace(range(1, 7))
    parity = FiniteRV.on(die, lambda w: w % 2, "A")
    high = FiniteRV.on(die, lambda w: int(w > 3), "B")
    low = FiniteRV.on(die, lambda w: int(w <= 2), "C")
    indep: list[Block] = [
        Text(
            r"Random variables $X, Y$ are independent when $\mathbb{P}(X = x, Y = y) = \mathbb{P}(X = x)\,"
            r"\mathbb{P}(Y = y)$ for all $x, y$. On one die, let $A$ be the parity indicator "
            r"($1$ on odd faces), $B = \mathbf{1}\{\omega > 3\}$ and $C = \mathbf{1}\{\omega \le 2\}$. "
            r"$A$ and $C$ are independent; $A$ and $B$ are not (witness below), and indeed "
            rf"$\operatorname{{Cov}}[A, B] = {latex(Cov(parity, high))}$."
        ),
        Math(ctx.proven(independent(parity, low), "A, C independent")),
        Math(ctx.refuted(independent(parity, high), "A, B dependent")),
        Text(
            r"Independence gives $\operatorname{Var}[X+Y] = \operatorname{Var}[X] + \operatorname{Var}[Y]$; "
            rf"for $A$ and $B$ on one die it fails: "
            rf"$\operatorname{{Var}}[A+B] = {latex(Var(parity + high))}$ "
            rf"while $\operatorname{{Var}}[A] + \operatorname{{Var}}[B] = {latex(Var(parity) + Var(high))}$."
        ),
    ]
    blocks.append(Section("Independence of random variables", indep, level=2))
    blocks.append(Section("Random variables built from others", dependent_variables(ctx), level=2))
    blocks.append(Section("Linearity of expectation", linearity(ctx), level=2))
    blocks.append(Section("Joint behaviour of two random variables", joint_behaviour(ctx), level=2))
    return blocks


def linearity(ctx: Any) -> list[Block]:
    """Linearity of expectation, stated and used (with dependent variables too)."""
    X, Y = Die(6, "X"), Die(6, "Y")
    M = X.maximum(Y)
    coins = [Bernoulli(p) for _ in range(4)]
    heads = coins[0] + coins[1] + coins[2] + coins[3]
    total = sum((E(c) for c in coins), sp.Integer(0))
    if sp.expand(E(heads) - total) != 0 or E(X + M) != E(X) + E(M):  # pragma: no cover
        raise AssertionError("linearity of expectation failed")
    S10 = iid_sum(Die(6), 10)
    return [
        Text(
            r"\paragraph{Linearity of expectation.} For any random variables $X, Y$ on the same space "
            r"and numbers $a, b$, $\mathbb{E}[aX + bY] = a\,\mathbb{E}[X] + b\,\mathbb{E}[Y]$: "
            r"$\sum_\omega (aX(\omega) + bY(\omega))\,\mathbb{P}(\{\omega\}) = a\sum_\omega X(\omega)\,"
            r"\mathbb{P}(\{\omega\}) + b\sum_\omega Y(\omega)\,\mathbb{P}(\{\omega\})$. "
            r"No independence is needed."
        ),
        Text(
            rf"Used three ways: ten dice have $\mathbb{{E}}[S_{{10}}] = 10 \cdot \tfrac72 = {latex(E(S10))}$ "
            r"without their distribution; the number of heads in four tosses of a coin of bias $p$ is a sum "
            rf"of four indicators, so its mean is $4p = {latex(E(heads))}$; and for the dependent pair $X$ "
            rf"and $M = \max(X, Y)$ of two dice, $\mathbb{{E}}[X + M] = {latex(E(X + M))} = "
            rf"{latex(E(X))} + {latex(E(M))} = \mathbb{{E}}[X] + \mathbb{{E}}[M]$, all computed exactly "
            r"from the joint model."
        ),
    ]


def joint_behaviour(ctx: Any) -> list[Block]:
    """The joint pmf of a die and the maximum of two dice, its marginals, covariance and dependence."""
    X, Y = Die(6, "X"), Die(6, "Y")
    M = X.maximum(Y)
    M.name = "M"
    joint = joint_pmf(X, M)
    if any(M.pmf_at(m) != sp.Rational(2 * m - 1, 36) for m in range(1, 7)):  # pragma: no cover
        raise AssertionError("the marginal of the maximum is not (2m - 1)/36")
    rows = [
        " & ".join([str(i), *(latex(joint.get((i, j), 0)) for j in range(1, 7))]) + r" \\"
        for i in range(1, 7)
    ]
    table = (
        r"\begin{array}{c|cccccc}"
        + "\n"
        + r"x \backslash m & 1 & 2 & 3 & 4 & 5 & 6 \\ \hline"
        + "\n"
        + "\n".join(rows)
        + "\n"
        + r"\end{array}"
    )
    return [
        Text(
            r"Two fair dice $X$, $Y$ and their maximum $M = \max(X, Y)$: $M$ is a function of both dice, "
            r"so $X$ and $M$ are dependent. Their joint pmf $\mathbb{P}(X = x, M = m)$, exactly:"
        ),
        Math(table),
        Text(
            r"Row sums give the marginal of $X$ (each $\tfrac16$), column sums the marginal of $M$, "
            rf"$\mathbb{{P}}(M = m) = \tfrac{{2m - 1}}{{36}}$; the covariance is "
            rf"$\operatorname{{Cov}}[X, M] = {latex(Cov(X, M))} > 0$. The product rule fails, with a witness:"
        ),
        Math(ctx.refuted(independent(X, M), "X and max(X, Y) dependent")),
    ]


def dependent_variables(ctx: Any) -> list[Block]:
    """Variables built from others keep their dependence: one joint model of the dice."""
    X, Y = Die(6, "X"), Die(6, "Y")
    S = X + Y
    S.name = "S"
    return [
        Text(
            r"Every random variable is a function of independent experiments (here two dice "
            r"$X$ and $Y$), and a variable built from others is a function of the same experiments: "
            r"$S = X + Y$ is not independent of $X$. Covariance is bilinear, so "
            rf"$\operatorname{{Cov}}[X, S] = \operatorname{{Var}}[X] = {latex(Cov(X, S))}$, and "
            rf"$\operatorname{{Var}}[S - X] = {latex(Var(S - X))} = \operatorname{{Var}}[Y]$ "
            r"(not $\operatorname{Var}[S] + \operatorname{Var}[X]$). The dependence, with a witness:"
        ),
        Math(ctx.refuted(independent(X, S), "X and X + Y dependent")),
        Text(
            r"Comparisons of random variables are events: "
            rf"$\mathbb{{P}}(X > Y) = {latex(P(X > Y).value)}$, "
            rf"$\mathbb{{P}}(X = Y) = {latex(P(X.eq(Y)).value)}$, and conditioning on one die:"
        ),
        Math(P(S >= 10, given=X.eq(6))),
        Text(
            rf"Given $S \ge 11$, the first die has the pmf $X \mid \{{S \ge 11\}}$ below, with mean "
            rf"${latex(E(X.given(S >= 11)))}$:"
        ),
        Math(X.given(S >= 11)),
    ]
