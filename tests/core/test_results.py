"""Results, steps, witnesses and the exhaustiveness check of case splits."""

import json

import pytest
import sympy as sp

from symml.core.errors import CaseSplitError
from symml.core.results import Cases, Result, Step, Verdict, Witness, as_cases, exact

p, q = sp.symbols("p q", real=True)
x = sp.Symbol("x", real=True)


def test_proven_needs_steps_and_refuted_needs_witness():
    with pytest.raises(ValueError, match="steps"):
        Result(sp.Eq(x, x), Verdict.PROVEN)
    with pytest.raises(ValueError, match="witness"):
        Result(sp.Eq(x, x + 1), "refuted")
    r = Result(
        sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1),
        "proven",
        steps=[Step(sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1), "expand")],
    )
    assert r.proven and r.verdict is Verdict.PROVEN


def test_floats_never_enter_a_result():
    with pytest.raises(TypeError, match="exact"):
        Step(sp.Float(0.5) * x, "bad")
    with pytest.raises(TypeError, match="exact"):
        exact(0.1)
    assert exact([1, sp.Rational(1, 3)]) == (sp.Integer(1), sp.Rational(1, 3))


def test_witness_substitutes_back_and_serialises():
    w = Witness({"x": 2}, shows=sp.Ne(sp.Integer(2) ** 2, 2 * 2 + 1))
    assert w["x"] == 2
    assert w.shows is sp.true
    claim = sp.Eq(x**2, 2 * x + 1)
    r = Result(claim, Verdict.REFUTED, witness=Witness({"x": 2}))
    assert claim.subs(x, r.witness["x"]) is sp.false
    data = json.loads(json.dumps(r.to_json()))
    assert data["verdict"] == "refuted" and data["witness"] == {"x": "2"}
    assert sp.sympify(data["claim"]) == sp.Eq(sp.Symbol("x") ** 2, 2 * sp.Symbol("x") + 1)


def _five_cases():
    return [
        (p < -1, "max"),
        (sp.Eq(p, -1), "line max"),
        (sp.And(p > -1, p < 1), "saddle"),
        (sp.Eq(p, 1), "line min"),
        (p > 1, "min"),
    ]


def test_the_five_cases_of_example_2_19_are_disjoint_and_cover():
    cases = Cases(_five_cases(), [p])
    assert cases.verified and len(cases) == 5
    assert cases.where(p=0) == "saddle"
    assert cases.where(p=1) == "line min"
    assert cases.where(p=sp.Rational(-3, 2)) == "max"
    assert [c for c, _ in cases][1] == sp.Eq(p, -1)


def test_notes_three_cases_do_not_cover_p_equal_one():
    notes_cases = [(p > 1, "min"), (sp.And(p > -1, p < 1), "saddle"), (p < -1, "max")]
    with pytest.raises(CaseSplitError, match="no case condition holds at p = -1"):
        Cases(notes_cases, [p])


@pytest.mark.parametrize(
    "cases",
    [
        [(p >= 0, "a"), (p <= 0, "b")],  # overlap at 0 only
        [(p > 0, "a"), (p > 1, "b"), (p <= 0, "c")],  # overlap on (1, oo)
        [(sp.And(p > 0, q > 0), "a"), (p <= 0, "b"), (q <= 0, "c")],  # overlap at p, q <= 0
    ],
)
def test_overlapping_cases_are_rejected(cases):
    with pytest.raises(CaseSplitError, match="overlap"):
        Cases(cases, sorted(set().union(*(c.free_symbols for c, _ in cases)), key=str))


def test_cases_respect_assumptions():
    # With p > 0 assumed, two cases suffice; without it they do not cover.
    cases = [(sp.And(p > 0, p < 2), "small"), (p >= 2, "large")]
    assert Cases(cases, [p], assumptions=p > 0).verified
    with pytest.raises(CaseSplitError, match="cover"):
        Cases(cases, [p])


def test_irrational_boundaries_are_ordered_exactly():
    r2 = sp.sqrt(2)
    cases = [
        (p < -r2, "a"),
        (sp.And(p >= -r2, p <= sp.Rational(7, 5)), "b"),
        (sp.And(p > sp.Rational(7, 5), p < r2), "c"),
        (p >= r2, "d"),
    ]
    assert Cases(cases, [p]).verified
    with pytest.raises(CaseSplitError):
        Cases([(p < r2, "a"), (p > sp.Rational(141, 100), "b")], [p])


def test_two_parameter_grid():
    cases = [
        (sp.And(p > 0, q > 0), "both"),
        (sp.And(p > 0, q <= 0), "p only"),
        (p <= 0, "not p"),
    ]
    cs = Cases(cases, [p, q])
    assert cs.verified
    assert cs.where(p=1, q=-1) == "p only"


def test_coupled_conditions_are_verified_by_a_decision_procedure():
    # conditions coupling p and q are checked by z3 (nlsat): disjoint and covering
    cs = Cases([(p * q > 1, "a"), (p * q <= 1, "b")], [p, q])
    assert cs.verified and not cs.notes
    with pytest.raises(CaseSplitError, match="overlap"):
        Cases([(p * q >= 1, "a"), (p * q <= 1, "b")], [p, q])
    with pytest.raises(CaseSplitError, match="no case condition holds"):
        Cases([(p * q > 1, "a"), (p * q < 1, "b")], [p, q])


def test_unknown_symbols_in_conditions_are_rejected():
    with pytest.raises(CaseSplitError, match="not parameters"):
        Cases([(p > 0, "a"), (p <= 0, "b")], [q])


def test_json_of_cases_has_conditions_as_parsable_strings():
    res = Result(sp.Gt(p**2 + 1, 0), "proven", steps=[Step(sp.Ge(p**2, 0), "a square")])
    data = as_cases(res).to_json()
    assert data[0]["condition"] == "True" and data[0]["verdict"] == "proven"
    cs = Cases(_five_cases(), [p]).to_json()
    assert [sp.sympify(c["condition"], locals={"p": p}) for c in cs] == [c for c, _ in _five_cases()]


def test_a_case_that_can_never_hold_is_rejected():
    p = sp.Symbol("p", real=True)
    ok = Result("c", Verdict.PROVEN, steps=[Step(sp.true, "r")])
    with pytest.raises(CaseSplitError, match="can never hold"):
        Cases([(sp.false, ok), (sp.true, ok)], [p])


def test_the_verdict_of_a_split_is_the_claim_for_every_parameter_value():
    proven = Result(sp.Ge(p**2, 0), "proven", steps=[Step(sp.Ge(p**2, 0), "a square")])
    refuted = Result(sp.Gt(p, 0), "refuted", witness=Witness({"p": -1}))
    undecided = Result(sp.Gt(p, 0), "undecided")
    assert Cases([(p > 0, proven), (p <= 0, proven)], [p]).verdict is Verdict.PROVEN
    assert Cases([(p > 0, proven), (p <= 0, refuted)], [p]).verdict is Verdict.REFUTED
    assert Cases([(p > 0, undecided), (p <= 0, proven)], [p]).verdict is Verdict.UNDECIDED
    assert Cases([(p > 0, undecided), (p <= 0, refuted)], [p]).verdict is Verdict.REFUTED
    assert Verdict.all_of([None, None]) is None


def test_conditions_print_by_name_then_along_the_number_line():
    from symml.core.latex import latex
    from symml.core.latex.text import plain

    d1, d2, a = sp.symbols("d_1 d_2 a", real=True)
    assert plain(sp.And(sp.Eq(d2, 2), sp.Eq(d1, 6))) == "d_1 = 6 and d_2 = 2"
    assert latex(sp.And(sp.Eq(d2, 2), sp.Eq(d1, 6))) == r"d_{1} = 6 \land d_{2} = 2"
    assert plain(sp.Or(a > 1, a < 0)) == "a < 0 or a > 1"
