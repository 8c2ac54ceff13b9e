"""Section 3.1 of the companion: probability spaces, computed exactly.

The notes leave a TODO ("basic examples (dice, coin, uniform, rain): sample space, event
space, probability") and a question ("why is ℙ defined on 𝒜 and not on Ω?").  Everything
below is computed by :mod:`symml.probability` at build time; the union rule (3.6), which
the notes call the probability of the *intersection*, is checked and recorded as an erratum.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derivations.errata_more import probability_errata
from symml.core.latex import Block, Math, Section, Text, latex, outcome_latex
from symml.probability import (
    FiniteSpace,
    bayes,
    independent,
    mutually_independent,
    pairwise_independent,
    total_probability,
    union_rule,
)

SECTION = "3.1"
TITLE = "Probability: spaces, events and the basic rules"

R = sp.Rational
p = sp.Symbol("p", real=True)


def _omega(space: FiniteSpace) -> str:
    return r"\{" + ", ".join(outcome_latex(o) for o in space.outcomes) + r"\}"


def _measure_table(space: FiniteSpace) -> str:
    cols = "c" * len(space.outcomes)
    head = r"\omega & " + " & ".join(outcome_latex(o) for o in space.outcomes)
    row = r"\mathbb{P}(\{\omega\}) & " + " & ".join(latex(w) for w in space.weights.values())
    return (
        rf"\begin{{array}}{{l{cols}}}" + "\n\\toprule\n" + head + r" \\" + "\n\\midrule\n" + row + r" \\"
        "\n\\bottomrule\n\\end{array}"
    )


def examples() -> dict[str, FiniteSpace]:
    """The notes' four basic experiments as exact probability spaces."""
    return {
        "die": FiniteSpace(range(1, 7)),
        "coin": FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1]),
        "uniform": FiniteSpace(["a", "b", "c", "d", "e"]),
        "rain": FiniteSpace({"rain": R(3, 10), "dry": R(7, 10)}),
    }


def _space_block(title: str, space: FiniteSpace, event: Any, what: str, ctx: Any) -> list[Block]:
    blocks: list[Block] = [
        Text(
            rf"\paragraph{{{title}.}} $\Omega = {_omega(space)}$, the event space $\mathcal{{A}} = 2^\Omega$ "
            rf"has $|\mathcal{{A}}| = {len(space.events)}$ events, and $\mathbb{{P}}$ is given by its "
            r"values on the outcomes (the axioms are checked: every weight is non-negative "
            r"and they sum to 1):"
        ),
        Math(_measure_table(space)),
    ]
    ctx.proven(space.axioms, f"axioms of the {title} space")
    blocks.append(Math(space.axioms))
    blocks.append(Text(f"For example, {what}:"))
    blocks.append(Math(space.P(event)))
    return blocks


def why_events() -> tuple[FiniteSpace, list[Any]]:
    """A die's probabilities of events that are not single outcomes, and a uniform [0,1) contrast."""
    die = FiniteSpace(range(1, 7))
    return die, [
        die.P(die.event(lambda w: w % 2 == 0, "E")),
        die.P(die.event(lambda w: w >= 5, "H")),
    ]


def continuous_uniform() -> list[Block]:
    """The uniform distribution on [0, 1]: probabilities of intervals as exact integrals,
    single points of probability 0, and why its event space cannot be every subset."""
    w, a, b = sp.symbols("omega a b", real=True)
    density = sp.Integer(1)

    def prob(lo: Any, hi: Any) -> Any:
        return sp.integrate(density, (w, lo, hi))

    if sp.expand(prob(a, b) - (b - a)) != 0:  # pragma: no cover - the integral of the density
        raise AssertionError("P([a, b]) is not b - a")
    half, point = prob(0, sp.Rational(1, 2)), prob(sp.Rational(1, 2), sp.Rational(1, 2))
    union = (
        prob(sp.Rational(1, 4), sp.Rational(3, 4))
        + prob(sp.Rational(1, 2), 1)
        - prob(sp.Rational(1, 2), sp.Rational(3, 4))
    )
    return [
        Text(
            r"A point $\omega$ drawn uniformly from $\Omega = [0, 1]$ (a random number generator, a "
            r"spinner) has $\mathbb{P}([a, b]) = \int_a^b 1\,d\omega$ for $0 \le a \le b \le 1$, "
            r"computed exactly:"
        ),
        Math(sp.Eq(sp.Symbol(r"\mathbb{P}([a, b])"), sp.Add(b, -a, evaluate=False))),
        Math(
            rf"\mathbb{{P}}([0, \tfrac12]) = {latex(half)}, \qquad \mathbb{{P}}(\{{\tfrac12\}}) = "
            rf"\int_{{1/2}}^{{1/2}} 1\,d\omega = {latex(point)}, \qquad "
            rf"\mathbb{{P}}([\tfrac14, \tfrac34] \cup [\tfrac12, 1]) = \tfrac12 + \tfrac12 - "
            rf"\tfrac14 = {latex(union)}."
        ),
        Text(
            r"Every single outcome has probability $0$, so $\mathbb{P}$ cannot be built from the "
            r"probabilities of outcomes as on a finite space: it is defined on events. By countable "
            r"additivity the rationals of $[0, 1]$, a countable union of points, have probability $0$, "
            r"and the irrationals probability $1$. Could $\mathcal{A}$ be \emph{all} subsets of $[0, 1]$, "
            r"as Definition 3.2 says? No: Vitali's construction splits $[0, 1)$ into countably many "
            r"translates (mod 1) of one set $V$; a probability on all subsets that gives intervals their "
            r"length would give each translate the same value $\mathbb{P}(V)$, and countable additivity "
            r"would force $1 = \sum_{n} \mathbb{P}(V)$, which is $0$ or $\infty$. So $\mathcal{A}$ is a "
            r"$\sigma$-algebra (closed under complements and countable unions) generated by the "
            r"intervals, the Borel sets, and not the power set."
        ),
    ]


def build(ctx: Any) -> list[Block]:
    spaces = examples()
    die, coin, uniform, rain = spaces["die"], spaces["coin"], spaces["uniform"], spaces["rain"]
    blocks: list[Block] = [
        Text(
            "Each example below is a finite probability space "
            "$(\\Omega, \\mathcal{A}, \\mathbb{P})$ built with exact weights; the event space is the "
            "power set of $\\Omega$, counted but never "
            "listed, and every probability is computed from the weights of the outcomes in the event."
        )
    ]
    examples_blocks: list[Block] = []
    examples_blocks += _space_block(
        "A die",
        die,
        die.event(lambda w: w % 2 == 0, "E"),
        r"the probability of an even number $E = \{2, 4, 6\}$",
        ctx,
    )
    examples_blocks += _space_block(
        "A coin with bias $p$",
        coin,
        coin.event({"H"}),
        "heads has probability $p$ (a symbol, $0 \\le p \\le 1$)",
        ctx,
    )
    examples_blocks += _space_block(
        "A uniform choice", uniform, uniform.event({"a", "e"}), "choosing a vowel", ctx
    )
    examples_blocks += _space_block("Rain", rain, rain.event({"rain"}), "rain tomorrow", ctx)
    blocks.append(Section("Examples: die, coin, uniform, rain", examples_blocks, level=2))

    die6, event_probs = why_events()
    why: list[Block] = [
        Text(
            r"Questions are asked about events, not outcomes: ``the die shows an even number'' is the set "
            r"$\{2,4,6\}\in\mathcal{A}$, which is not an element of $\Omega$. On a finite space, "
            r"$\mathbb{P}$ on $\mathcal{A}$ is determined by its values on single outcomes, for example:"
        ),
        *[Math(pr) for pr in event_probs],
        Text(
            r"On an infinite sample space this reduction fails: for a uniform choice of a point in $[0,1]$ "
            r"every single outcome has probability $0$, yet $\mathbb{P}([0,\tfrac12]) = \tfrac12$. "
            r"Summing the (zero) probabilities of outcomes cannot give $\tfrac12$, so $\mathbb{P}$ must be "
            r"defined on a family $\mathcal{A}$ of events (closed under complement and countable unions). "
            r"The size of $\mathcal{A}$ grows as $2^{|\Omega|}$: already $2^{"
            + str(len(die6))
            + r"} = "
            + str(len(die6.events))
            + r"$ events for one die, and $2^{36} = "
            + str((die6 * die6).events.size)
            + r"$ for two dice, which is why the event space is counted and never listed."
        ),
    ]
    blocks.append(Section(r"Why $\mathbb{P}$ lives on $\mathcal{A}$ and not on $\Omega$", why, level=2))
    blocks.append(
        Section("A continuous example: the uniform distribution on [0, 1]", continuous_uniform(), level=2)
    )

    # basic properties on two dice
    two = die**2
    A = two.event(lambda w: w[0] + w[1] >= 8, "A")
    B = two.event(lambda w: w[0] != w[1], "B")
    union = ctx.proven(union_rule(A, B), "union rule (3.6) on two dice")
    props: list[Block] = [
        Text(
            r"On two fair dice let $A$ be ``the sum is at least 8'' and $B$ ``the dice differ''. "
            r"The conditional probability (3.4):"
        ),
        Math(two.P(A, given=B)),
        Text(r"The union rule (3.6), checked on these events:"),
        Math(union),
    ]
    ctx.erratum(
        "(3.6)",
        r"that $\mathbb{P}(A \vee B) = \mathbb{P}(A) + \mathbb{P}(B) - \mathbb{P}(A \wedge B)$ is "
        r"``the probability of intersection''",
        r"(3.6) is the probability of the \emph{union} $A \cup B$ "
        r"(the events $\omega\in A$ or $\omega\in B$); "
        r"the intersection $\mathbb{P}(A\cap B)$ is the term subtracted. "
        r"On two dice, with $A$ = sum at least 8 "
        r"and $B$ = the dice differ, the union has probability "
        + rf"${latex(union.value)}$ while $\mathbb{{P}}(A \cap B) = {latex(two.measure(A & B))}$.",
        Math(union),
    )
    # total probability and Bayes: a diagnostic test
    test = FiniteSpace(
        {
            ("ill", "+"): R(1, 100) * R(9, 10),
            ("ill", "-"): R(1, 100) * R(1, 10),
            ("well", "+"): R(99, 100) * R(1, 20),
            ("well", "-"): R(99, 100) * R(19, 20),
        }
    )
    ill = test.event(lambda w: w[0] == "ill", "D")
    pos = test.event(lambda w: w[1] == "+", "T")
    props += [
        Text(
            r"Total probability and Bayes' rule for a test with prevalence $1/100$, sensitivity $9/10$ "
            r"and false-positive rate $1/20$ ($D$: ill, $T$: positive test):"
        ),
        Math(ctx.proven(total_probability(pos, [ill, ~ill]), "total probability")),
        Math(bayes(ill, pos)),
    ]
    blocks.append(Section("Basic properties: conditioning, the union rule, Bayes", props, level=2))

    # independence
    C = die.event({1, 2}, "C")
    Ev = die.event({2, 4, 6}, "E")
    L = die.event({1, 2, 3}, "L")
    coins = FiniteSpace(["H", "T"]) ** 2
    H1 = coins.event(lambda w: w[0] == "H", "H_1")
    H2 = coins.event(lambda w: w[1] == "H", "H_2")
    S = coins.event(lambda w: w[0] == w[1], "S")
    biased = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1]) ** 2
    F = biased.event(lambda w: w[0] == "H", "F")
    Same = biased.event(lambda w: w[0] == w[1], "S")
    param = independent(F, Same)
    indep: list[Block] = [
        Text(
            r"On one die, $C = \{1, 2\}$ and $E = \{2, 4, 6\}$ are independent; "
            r"$L = \{1,2,3\}$ and $E$ are not:"
        ),
        Math(ctx.proven(independent(C, Ev), "C, E independent")),
        Math(ctx.refuted(independent(L, Ev), "L, E dependent")),
        Text(
            r"Independence of several events needs the product rule for every subfamily. For two fair coins, "
            r"$H_1$ (first is heads), $H_2$ (second is heads) and $S$ (both the same) are pairwise "
            r"independent but not mutually independent:"
        ),
        Math(ctx.proven(pairwise_independent(H1, H2, S), "pairwise")),
        Math(ctx.refuted(mutually_independent(H1, H2, S), "not mutual")),
        Text(
            r"With a biased coin (bias $p$, tossed twice), for which $p$ are $F$ (first is heads) and "
            r"$S$ (both the same) independent? Solving the product rule for $p$:"
        ),
        Math(param),
    ]
    blocks.append(Section("Independence", indep, level=2))
    probability_errata(ctx)
    return blocks
