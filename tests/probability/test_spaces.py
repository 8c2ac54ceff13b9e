"""Finite spaces, events and ℙ: the notes' examples (die, coin, uniform, rain) done exactly."""

import pytest
import sympy as sp

from symml.core.errors import ExactnessWarning, InvalidValueError, ZeroProbabilityError
from symml.core.latex import compile_snippet, latex, pdflatex_available
from symml.core.results import Verdict
from symml.probability import FiniteSpace, check_axioms, product_space
from symml.probability.spaces import MAX_OUTCOMES

R = sp.Rational
p = sp.Symbol("p")


@pytest.fixture
def die():
    return FiniteSpace(range(1, 7))


def test_die_probabilities(die):
    even = die.event(lambda w: w % 2 == 0, "E")
    assert die.P(even) == R(1, 2)
    assert die.P({1, 2}) == R(1, 3)
    assert die.P(~even).value == R(1, 2)
    assert die.P(die.omega).value == 1 and die.P(die.empty).value == 0


def test_conditional_probability_with_steps(die):
    # P(sum-of-one-die ≥ 5 | even) = P({6}) / P({2,4,6}) = 1/3
    even = die.event({2, 4, 6}, "B")
    result = die.P(lambda w: w >= 5, given=even)
    assert result.value == R(1, 3)
    assert result.condition is sp.true
    assert "definition (3.4)" in [s.reason for s in result.steps]
    assert r"\mathbb{P}" in result.latex()


def test_two_dice_conditional_five_eighteenths():
    two = FiniteSpace(range(1, 7)) ** 2
    A = two.event(lambda w: w[0] + w[1] >= 8, "A")
    B = two.event(lambda w: w[0] != w[1], "B")
    # 15 outcomes with sum >= 8; 3 of them doubles -> 12/30 = 2/5
    assert two.P(A, given=B).value == R(2, 5)
    C = two.event(lambda w: w[0] == 6 or w[1] == 6, "C")
    # sum ≥ 8 with a six: (6, 2..6) and (2..5, 6), 9 outcomes; P(a six) = 11/36
    assert two.P(A, given=C).value == R(9, 11)
    assert two.P(A & C).value == R(9, 36)


def test_event_operations(die):
    A, B = die.event({1, 2, 3}, "A"), die.event({3, 4}, "B")
    assert set(A | B) == {1, 2, 3, 4}
    assert set(A & B) == {3}
    assert set(A - B) == {1, 2}
    assert set(~A) == {4, 5, 6}
    assert 3 in A and 4 not in A and len(A) == 3
    a, b = sp.symbols("A B")
    assert (A | B).name == a | b and (A - B).name == a & ~b and (~A).name == ~a
    assert latex(die.P(A - B).label) == r"\mathbb{P}\left(A \cap B^{c}\right)"
    assert latex(die.P(~(A | B)).label) == r"\mathbb{P}\left(\left(A \cup B\right)^{c}\right)"
    assert str(die.P(A | B, given=~B)) == "P(A or B | not B) = 1/2"


def test_event_space_is_lazy_and_counts(die):
    events = die.events
    assert len(events) == 64
    assert {1, 2} in events and {7} not in events
    assert sum(1 for _ in events) == 64
    big = FiniteSpace(range(200))
    assert big.events.size == 2**200  # never materialised
    first = next(iter(big.events))
    assert len(first) == 0


def test_symbolic_coin_and_condition_stated():
    coin = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1])
    assert coin.P({"H"}).value == p
    conditioned = coin.P({"H"}, given={"H"})
    assert conditioned.value == 1
    assert conditioned.condition == sp.Gt(p, 0)  # p = 0 is admissible and makes P(H) = 0


def test_condition_dropped_when_provably_positive():
    coin = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p > 0, p < 1])
    assert coin.P({"H"}, given={"H"}).condition is sp.true


def test_rain_example():
    rain = FiniteSpace({"rain": R(3, 10), "dry": R(7, 10)})
    assert rain.P({"rain"}).value == R(3, 10)
    assert len(rain.events) == 4


def test_uniform_choice():
    space = FiniteSpace(["a", "b", "c", "d", "e"])
    assert space.P({"a", "e"}).value == R(2, 5)


def test_product_space_weights_multiply():
    coin = FiniteSpace({"H": R(1, 3), "T": R(2, 3)})
    two = coin * coin
    assert two.weights[("H", "T")] == R(2, 9)
    assert sum(two.weights.values()) == 1


def test_product_refuses_huge():
    with pytest.raises(InvalidValueError, match="iid_sum"):
        FiniteSpace(range(1, 7)) ** 9
    assert 6**8 > MAX_OUTCOMES


def test_where_substitutes_parameter():
    coin = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1])
    fixed = coin.where(p=R(1, 4))
    assert fixed.P({"T"}).value == R(3, 4)
    with pytest.raises(InvalidValueError):
        coin.where(p=2)


@pytest.mark.parametrize(
    "weights, message",
    [
        ({1: R(1, 2), 2: R(1, 3)}, "sum to 5/6"),
        ({1: R(3, 2), 2: R(-1, 2)}, "negative"),
        ({}, "empty"),
    ],
)
def test_bad_weights(weights, message):
    with pytest.raises(InvalidValueError, match=message):
        FiniteSpace(weights)


def test_negative_symbolic_weight_has_witness():
    result = check_axioms({"H": p, "T": 1 - p})
    assert result.verdict is Verdict.REFUTED
    value = result.witness["weight"]
    point = {p: result.witness["p"]}
    assert value < 0 and ({"H": p, "T": 1 - p}["H"].subs(point) == value or (1 - p).subs(point) == value)


def test_axioms_proven_for_constrained_coin():
    result = check_axioms({"H": p, "T": 1 - p}, [p >= 0, p <= 1])
    assert result.verdict is Verdict.PROVEN and len(result.steps) == 3


def test_unknown_outcome_and_foreign_event(die):
    with pytest.raises(InvalidValueError, match="not in the sample space"):
        die.event({7})
    other = FiniteSpace(range(1, 7))
    with pytest.raises(InvalidValueError, match="another probability space"):
        die.P(other.event({1}))


def test_zero_probability_conditioning():
    space = FiniteSpace({1: R(1, 2), 2: R(1, 2), 3: 0})
    with pytest.raises(ZeroProbabilityError):
        space.P({1}, given={3})
    coin = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1])
    with pytest.raises(ZeroProbabilityError):
        coin.P({"H"}, given=coin.empty)


def test_float_weights_become_rationals_with_warning():
    with pytest.warns(ExactnessWarning):
        space = FiniteSpace({"a": 0.25, "b": 0.75})
    assert space.weights["a"] == R(1, 4)


def test_string_weights_go_through_parser():
    space = FiniteSpace({"a": "1/3", "b": "2/3"})
    assert space.weights["b"] == R(2, 3)


def test_probability_to_json_and_arithmetic(die):
    pa = die.P({1, 2, 3})
    assert 1 - pa == R(1, 2) and pa + pa == 1 and pa * 2 == 1
    assert pa.to_json()["value"] == "1/2"


def test_product_space_of_two_different_factors():
    space = product_space(FiniteSpace(["H", "T"]), FiniteSpace(range(1, 7)))
    assert len(space) == 12
    assert space.P(lambda w: w[0] == "H" and w[1] == 6).value == R(1, 12)


@pytest.mark.latex
@pytest.mark.skipif(not pdflatex_available(), reason="pdflatex not installed")
def test_probability_latex_compiles(die):
    compile_snippet(die.P({6}, given={2, 4, 6}).latex())


def test_the_sample_space_name_is_data_and_prints_as_omega():
    from symml.core.errors import InvalidValueError
    from symml.core.latex import latex
    from symml.probability.spaces import product_space

    coin = FiniteSpace(["H", "T"])
    assert coin.name == sp.Symbol("Omega") and latex(coin.name) == r"\Omega"
    assert (coin**2).name == sp.Symbol("Omega") ** 2 and latex((coin**2).name) == r"\Omega^{2}"
    other = FiniteSpace([1, 2], name="Omega_2")
    assert product_space(coin, other).name == sp.Symbol("Omega") * sp.Symbol("Omega_2")
    with pytest.raises(InvalidValueError, match="plain name"):
        FiniteSpace([1, 2], name=r"\Omega")  # LaTeX is the printer's, not the data's
