"""Decisions about weights with several parameters go through the exact kernel (z3's complete
real arithmetic): a proof is checked against a brute-force grid, a refutation's parameter
values are substituted back into the constraints and the weight."""

import itertools

import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symml.core.identity import check_identity
from symml.probability import check_axioms

p, q = sp.symbols("p q")
UNIT_SQUARE = [p >= 0, q >= 0, p <= 1, q <= 1]
GRID = [sp.Rational(i, 10) for i in range(11)]


def _refutation_holds(result, weights, constraints):
    values = {s: result.witness[str(s)] for s in (p, q) if str(s) in result.witness.values}
    # the named parameters satisfy every constraint on them alone
    assert all(c.subs(values) == sp.true for c in constraints if c.free_symbols <= set(values))
    at = [w.subs(values) for w in weights.values() if w.free_symbols <= set(values)]
    negative = [v for v in at if v < 0]
    assert result.witness["weight"] in negative


def test_two_parameter_measure_is_proven():
    # a two-stage experiment: first q, then p within it
    weights = {"a": p * q, "b": q - p * q, "c": 1 - q}
    assert check_axioms(weights, UNIT_SQUARE).verdict.value == "proven"
    simplex = [p >= 0, q >= 0, p + q <= 1]
    assert check_axioms({"a": p, "b": q, "c": 1 - p - q}, simplex).verdict.value == "proven"


def test_two_parameter_measure_is_refuted_at_a_point_that_substitutes_back():
    weights = {"a": p * q, "b": q - p * q, "c": 1 - q}
    loose = [p >= 0, q >= 0, q <= 1]  # p <= 1 is missing: b = q(1 - p) < 0 for p > 1
    result = check_axioms(weights, loose)
    assert result.verdict.value == "refuted"
    _refutation_holds(result, weights, loose)


coefficients = st.integers(-3, 3)


@st.composite
def quadratic_weights(draw):
    monomials = [sp.Integer(1), p, q, p * q, p**2, q**2]
    w1 = sum(draw(coefficients) * m for m in monomials) / 4
    w2 = sum(draw(coefficients) * m for m in monomials) / 4
    return {"a": sp.expand(w1), "b": sp.expand(w2), "c": sp.expand(1 - w1 - w2)}


@given(quadratic_weights())
def test_decisions_agree_with_a_brute_force_grid(weights):
    result = check_axioms(weights, UNIT_SQUARE)
    assert result.verdict.value in ("proven", "refuted")  # polynomial: z3 always decides
    if result.verdict.value == "refuted":
        _refutation_holds(result, weights, UNIT_SQUARE)
    else:
        for a, b in itertools.product(GRID, GRID):
            assert all(w.subs({p: a, q: b}) >= 0 for w in weights.values())


def test_algebraic_constants_are_decided_by_their_minimal_polynomial():
    s = sp.cos(sp.pi / 7) + sp.cos(3 * sp.pi / 7) + sp.cos(5 * sp.pi / 7)
    proven = check_identity(s, sp.Rational(1, 2))
    assert proven.verdict.value == "proven"
    assert proven.steps[0].rule == "exact-constant"
    refuted = check_identity(s, sp.Rational(1, 3))
    assert refuted.verdict.value == "refuted"
    assert sp.N(s - sp.Rational(1, 3), 50) != 0
