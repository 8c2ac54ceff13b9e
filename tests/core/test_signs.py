"""Sign proofs: proven claims carry steps, refuted ones an exact witness that we substitute back."""

import re

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.core.errors import InvalidValueError
from symml.core.exact.signs import as_domain, number_sign, prove_sign, sign_conditions, sos_certificate
from symml.strategies import polynomials, rationals

x, y, z, a, p = sp.symbols("x y z a p")
X = sp.Symbol("x", real=True)

_HOLDS = {
    ">": lambda v: v > 0,
    ">=": lambda v: v >= 0,
    "<": lambda v: v < 0,
    "<=": lambda v: v <= 0,
    "==": lambda v: v == 0,
    "!=": lambda v: v != 0,
}


def _check_witness(expr, relation, assumptions, result):
    """Substitute the witness back: it satisfies the assumptions and breaks the claim, exactly."""
    point = {s: result.witness[s.name] for s in expr.free_symbols}
    for cond in as_domain(assumptions, list(expr.free_symbols)).describe():
        assert sp.simplify(cond.xreplace(point)) is sp.true
    value = expr.xreplace(point)
    holds = _HOLDS[relation](sp.simplify(value))
    assert holds is sp.false or holds is False


TRUE_CLAIMS = [
    (x**2 + 1, ">", None, "sum of nonnegative terms"),
    (sp.exp(x) + x**2, ">", None, "sum of nonnegative terms"),
    (x**2 - 2 * x + 1, ">=", None, "even power"),
    (x**3 - x, ">=", "x >= 1", "Sturm|shift"),
    (sp.log(x), ">", "x > 1", "log a has the sign of a"),
    (sp.log(1 + sp.exp(z)), ">", None, "log a has the sign of a"),
    (x**4 - 2 * x**2 * y + y**2 + 1, ">", None, "sum of squares"),
    ((x - 1) ** 2 * (x + 2), ">=", "x > -2", "Sturm|shift"),
    (1 / x**2, ">", None, "even power"),
    (x + 1 / x - 2, ">=", "x > 0", "factor"),
    (x**2 - 2 * x * y + y**2, ">=", None, "even power"),
    (sp.sqrt(x), ">=", "x >= 0", "nonnegative base"),
    (X**2 + 1, ">", None, "sum"),
    (a * x**2, ">=", "a > 0", "product"),
    (x**2 * y**2 - x * y + 1, ">", None, "sum of squares"),
    (-(x**2) - 1, "<", None, "product"),
    (x**3 - 3 * x + 3, ">", "x > 0", "Sturm|shift"),
    (x**2 + x * y + y**2, ">=", None, "sum of squares"),
    ((x - 2) * (x - 3), ">", "x > 3", "shift"),
    (x**2 - 2, "!=", "x > 0, x < 1", "Sturm|shift"),
    (sp.Integer(3) - sp.sqrt(8), ">", None, "exact evaluation"),
    (sp.exp(-x) / (1 + sp.exp(-x)) ** 2, ">", None, "product"),
]


@pytest.mark.parametrize(("expr", "relation", "assumptions", "reason"), TRUE_CLAIMS)
def test_true_sign_claims_are_proven_with_steps(expr, relation, assumptions, reason):
    result = prove_sign(expr, relation, assumptions=assumptions)
    assert result.proven, result.notes
    reasons = " / ".join(
        s.reason
        for step in result.steps
        for s in (step, *step.substeps, *(g for c in step.substeps for g in c.substeps))
    )
    assert re.search(reason, reasons, re.IGNORECASE), reasons
    result.latex()
    result.to_json()


FALSE_CLAIMS = [
    (x**2 - 2 * x + 1, ">", None),
    (x**3 - x, ">=", "x > 0"),
    (x**2 - 3, "!=", None),
    (x * y, ">=", None),
    (x**3 - 2, ">", "x > 1"),
    (sp.sin(x), ">=", None),
    (sp.log(x), ">", "x > 0"),
    (x**2 - x * y, ">", "x > 0, y > 0"),
    (x - 1, "==", None),
    (sp.exp(x) - 2, "<", None),
    (x / (x**2 + 1) - sp.Rational(1, 3), "<=", None),
]


@pytest.mark.parametrize(("expr", "relation", "assumptions"), FALSE_CLAIMS)
def test_false_sign_claims_are_refuted_with_an_exact_witness(expr, relation, assumptions):
    result = prove_sign(expr, relation, assumptions=assumptions)
    assert result.refuted, result.notes
    _check_witness(expr, relation, assumptions, result)


def test_irrational_root_is_an_exact_witness():
    result = prove_sign(x**2 - 3, "!=")
    assert result.witness["x"] in (sp.sqrt(3), -sp.sqrt(3))
    assert sp.expand(result.witness["x"] ** 2 - 3) == 0


def test_results_speak_the_users_symbols():
    plain = prove_sign(x**2 + 1, ">")
    assert plain.claim.lhs == x**2 + 1
    assert all(s.name == "x" for s in plain.steps[0].statement.free_symbols)
    assert x in plain.steps[0].statement.free_symbols


def test_undecided_rather_than_wrong():
    # exp(x) >= 1 + x is true, but beyond the structural and polynomial rules
    result = prove_sign(sp.exp(x) - 1 - x, ">=")
    assert result.verdict.value in ("proven", "undecided")
    assert not result.refuted


def test_bad_relation_is_a_clear_error():
    with pytest.raises(InvalidValueError, match="relation"):
        prove_sign(x, "=>")
    with pytest.raises(InvalidValueError, match="no admissible value"):
        prove_sign(x, ">", assumptions="x > 1, x < 0")


def test_string_input_goes_through_the_parser():
    assert prove_sign("x**2 + 1", ">").proven
    assert prove_sign("log(a)", ">", assumptions="a > 1").proven


def test_number_sign_is_exact():
    assert number_sign(sp.log(2) - sp.Rational(7, 10)) == -1
    assert number_sign(sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6)) == 0
    assert number_sign(sp.pi - sp.Rational(355, 113)) == -1
    assert number_sign(sp.log(-2)) is None
    assert number_sign(sp.zoo) is None


def test_sign_conditions_square_minus_one():
    sc = sign_conditions(p**2 - 1, p)
    assert sc.zero == sp.FiniteSet(-1, 1)
    assert sc.negative == sp.Interval.open(-1, 1)
    assert sc.positive == sp.Union(sp.Interval.open(-sp.oo, -1), sp.Interval.open(1, sp.oo))
    assert sc.undefined is sp.S.EmptySet


def test_sign_conditions_with_pole_and_domain():
    sc = sign_conditions((p - 1) / (p + 1), p)
    assert sc.undefined == sp.FiniteSet(-1)
    assert sc.zero == sp.FiniteSet(1)
    sc = sign_conditions((p - 1) / p, p, assumptions="p >= 0")
    assert sc.undefined == sp.FiniteSet(0)
    assert sc.negative == sp.Interval.open(0, 1)
    conditions = dict((sign, cond) for cond, sign in sc.cases())
    assert conditions[1].subs(p, 2) is sp.true and conditions[1].subs(p, sp.Rational(1, 2)) is sp.false


def test_sign_conditions_irrational_and_transcendental_boundaries():
    sc = sign_conditions(p**3 - 2, p, assumptions="p > 0")
    (root,) = sc.zero
    assert sp.simplify(root**3 - 2) == 0
    sc = sign_conditions(sp.exp(p) - 2, p)
    assert sc.zero == sp.FiniteSet(sp.log(2))
    assert sc.positive == sp.Interval.open(sp.log(2), sp.oo)


def test_sign_conditions_rejects_other_symbols():
    with pytest.raises(InvalidValueError, match="only"):
        sign_conditions(p * x, p)


# Sign sets partition the line: each rational point lies in exactly the set of its sign.
@settings(max_examples=30)  # each example isolates real roots exactly
@given(polynomials([X], max_degree=4), st.lists(rationals(min_value=-5, max_value=5), min_size=1, max_size=4))
def test_sign_conditions_agree_with_exact_evaluation(poly, points):
    poly = poly.xreplace({X: p})
    if not poly.free_symbols:
        return
    sc = sign_conditions(poly, p)
    for v in points:
        value = poly.subs(p, v)
        expected = sc.positive if value > 0 else sc.zero if value == 0 else sc.negative
        assert expected.contains(v) is sp.true


@settings(max_examples=40)  # each example factors a Gram matrix exactly
@given(st.lists(polynomials([X, y], max_degree=1, max_terms=3), min_size=1, max_size=3))
def test_sums_of_squares_are_proven_nonnegative(parts):
    poly = sp.expand(sum(q**2 for q in parts))
    result = prove_sign(poly, ">=")
    assert result.proven  # a sum of squares is nonnegative, and this must be found
    # and adding 1 makes it positive
    assert prove_sign(poly + 1, ">").proven


def test_sos_certificate_beyond_quadratics():
    poly = sp.expand((x + y + 1) ** 2 + (x * y) ** 2)
    cert = sos_certificate(poly, [x, y])
    assert cert is not None and sp.expand(sum(d * q**2 for d, q in cert) - poly) == 0


def test_sos_certificate_is_exact():
    poly = 2 * x**2 - 2 * x * y + y**2 - 4 * y + 9
    cert = sos_certificate(poly, [x, y])
    assert cert is not None and all(d > 0 for d, _ in cert)
    assert sp.expand(sum(d * q**2 for d, q in cert) - poly) == 0
    assert sos_certificate(x**2 - y**2, [x, y]) is None
