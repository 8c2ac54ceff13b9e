"""Union rule, inclusion–exclusion, total probability, Bayes and independence, exactly."""

import pytest
import sympy as sp

from symml.core.errors import InvalidValueError, ZeroProbabilityError
from symml.core.results import Cases, Verdict
from symml.probability import (
    Coin,
    FiniteSpace,
    bayes,
    inclusion_exclusion,
    independent,
    mutually_independent,
    pairwise_independent,
    total_probability,
    union_rule,
)

R = sp.Rational
p = sp.Symbol("p")


@pytest.fixture
def die():
    return FiniteSpace(range(1, 7))


def test_union_rule_value(die):
    result = union_rule(die.event({1, 2, 3}, "A"), die.event({3, 4}, "B"))
    assert result.verdict is Verdict.PROVEN
    assert result.value == R(2, 3)


def test_inclusion_exclusion_three(die):
    result = inclusion_exclusion(die.event({1, 2}), die.event({2, 3}), die.event({3, 4, 1}))
    assert result.value == R(2, 3)


def test_total_probability_and_bayes_disease():
    # a test with 1% prevalence, sensitivity 9/10, false-positive rate 1/20
    space = FiniteSpace(
        {
            ("ill", "+"): R(1, 100) * R(9, 10),
            ("ill", "-"): R(1, 100) * R(1, 10),
            ("well", "+"): R(99, 100) * R(1, 20),
            ("well", "-"): R(99, 100) * R(19, 20),
        }
    )
    ill = space.event(lambda w: w[0] == "ill", "D")
    pos = space.event(lambda w: w[1] == "+", "T")
    total = total_probability(pos, [ill, ~ill])
    assert total.value == R(9, 1000) + R(99, 2000)
    posterior = bayes(ill, pos)
    assert posterior.value == R(18, 117)  # 0.009 / 0.0585
    assert posterior.value == space.P(ill, given=pos).value


def test_total_probability_rejects_non_partition(die):
    with pytest.raises(InvalidValueError, match="overlap"):
        total_probability(die.event({1}), [die.event({1, 2}), die.event({2, 3, 4, 5, 6})])
    with pytest.raises(InvalidValueError, match="do not cover"):
        total_probability(die.event({1}), [die.event({1, 2})])


def test_bayes_zero_probability(die):
    with pytest.raises(ZeroProbabilityError):
        bayes(die.event({1}), die.empty)


def test_independence_proven_and_refuted(die):
    A, B, C = die.event({1, 2}, "A"), die.event({2, 4, 6}, "B"), die.event({1, 2, 3}, "C")
    proven = independent(A, B)
    assert proven.verdict is Verdict.PROVEN
    refuted = independent(C, B)
    assert refuted.verdict is Verdict.REFUTED
    w = refuted.witness
    # the witness is exactly P(C ∩ B) = 1/6 against P(C) P(B) = 1/4
    assert sorted(v for k, v in w.values.items()) == [R(1, 6), R(1, 4)]
    assert w.shows == sp.Ne(R(1, 6), R(1, 4), evaluate=False)


def test_independence_with_parameter_gives_cases():
    two = Coin(p).space ** 2
    A = two.event(lambda w: w[0] == "H", "A")
    B = two.event(lambda w: w[0] == w[1], "B")
    cases = independent(A, B)
    assert isinstance(cases, Cases) and cases.verified
    assert cases.where(p=R(1, 2)).verdict is Verdict.PROVEN
    assert cases.where(p=0).verdict is Verdict.PROVEN
    refuted = cases.where(p=R(1, 4))
    assert refuted.verdict is Verdict.REFUTED
    # the witness carries a parameter value where the product rule fails; check it exactly
    q = refuted.witness["p"]
    pa = two.measure(A).subs(p, q)
    pb = two.measure(B).subs(p, q)
    pab = two.measure(A & B).subs(p, q)
    assert pab != pa * pb


def test_pairwise_but_not_mutual():
    two = FiniteSpace(["H", "T"]) ** 2
    A = two.event(lambda w: w[0] == "H", "A")
    B = two.event(lambda w: w[1] == "H", "B")
    C = two.event(lambda w: w[0] == w[1], "C")
    assert pairwise_independent(A, B, C).verdict is Verdict.PROVEN
    mutual = mutually_independent(A, B, C)
    assert mutual.verdict is Verdict.REFUTED
    assert set(mutual.witness.values.values()) == {R(1, 4), R(1, 8)}


def test_conditional_independence():
    # two coins flipped by a fair choice between a fair coin and a two-headed coin
    space = FiniteSpace(
        {
            ("fair", "H", "H"): R(1, 8),
            ("fair", "H", "T"): R(1, 8),
            ("fair", "T", "H"): R(1, 8),
            ("fair", "T", "T"): R(1, 8),
            ("rigged", "H", "H"): R(1, 2),
        }
    )
    first = space.event(lambda w: w[1] == "H", "H_1")
    second = space.event(lambda w: w[2] == "H", "H_2")
    fair = space.event(lambda w: w[0] == "fair", "F")
    assert independent(first, second).verdict is Verdict.REFUTED
    assert independent(first, second, given=fair).verdict is Verdict.PROVEN
    with pytest.raises(ZeroProbabilityError):
        independent(first, second, given=space.empty)


def test_events_of_different_spaces_rejected(die):
    other = FiniteSpace(range(1, 7))
    with pytest.raises(InvalidValueError, match="same FiniteSpace"):
        independent(die.event({1}), other.event({1}))


def test_an_event_is_independent_of_itself_only_with_probability_0_or_1():
    # P(A ∩ A) = P(A) against P(A)^2: the product prints as a power (it crashed the printer)
    from symml.probability import Die, FiniteSpace, independent

    six = Die(6).eq(6)
    result = independent(six, six)
    assert result.verdict is Verdict.REFUTED and "^{2}" in result.latex()
    space = FiniteSpace({1: sp.Rational(1, 2), 2: sp.Rational(1, 2)})
    assert independent(space.event([1, 2]), space.event([1, 2])).verdict is Verdict.PROVEN  # P = 1
