"""Convexity prover (notes, Section 2.3): named functions, domains, parameters, witnesses, sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import sympy as sp

from symml.core.errors import DomainError, SymmlError
from symml.core.exact.numbers import number_sign
from symml.core.results import Verdict
from symml.optimisation.convexity import (
    Curvature,
    convexity,
    epigraph_convexity,
    nondecreasing,
    set_convexity,
    steepest_ascent,
    tangent_chain,
)

sys.path.insert(0, str(Path(__file__).parent))
from convexity_suite import SUITE  # noqa: E402

x, y, z = sp.symbols("x y z")
a = sp.Symbol("a")

#: functions whose (true) curvature symml honestly leaves undecided today
KNOWN_UNDECIDED = {"x^2/2 + sin"}


def chord_gap(f, xs, w):
    """f(λx + (1−λ)x′) − (λf(x) + (1−λ)f(x′)) at the witness, computed afresh and exactly."""
    lam = w["lambda"]
    p = w["x"] if isinstance(w["x"], tuple) else (w["x"],)
    q = w["x'"] if isinstance(w["x'"], tuple) else (w["x'"],)
    at = lambda pt: f.subs(dict(zip(xs, pt)), simultaneous=True)  # noqa: E731
    mid = tuple(lam * u + (1 - lam) * v for u, v in zip(p, q))
    assert 0 < lam < 1
    return at(mid) - (lam * at(p) + (1 - lam) * at(q))


def check_witnesses(f, xs, result, params=None):
    """Substitute every witness back: against convexity the gap is > 0, against concavity < 0."""
    g = f.subs(params) if params else f
    if result.witness is not None:
        gap = chord_gap(g, xs, result.witness)
        assert _sign(gap) == 1, (f, result.witness)
    if result.concave_witness is not None:
        gap = chord_gap(g, xs, result.concave_witness)
        assert _sign(gap) == -1, (f, result.concave_witness)


def _sign(gap):
    """The exact sign of a constant gap: the kernel's certified balls decide it where SymPy's
    assumptions give up (log((6*sqrt(58) + 76)/...) has is_positive None)."""
    if gap.is_number:
        return number_sign(gap)
    gap = sp.simplify(gap)
    return 1 if gap.is_positive else -1 if gap.is_negative else None


@pytest.mark.parametrize("name,f,xs,domain,assumptions,expected", SUITE, ids=[s[0] for s in SUITE])
def test_named_function(name, f, xs, domain, assumptions, expected):
    res = convexity(f, xs, domain=domain, assumptions=assumptions)
    if isinstance(expected, dict):
        (par,) = res.parameters
        for value, curv in expected.items():
            got = res.where(**{par.name: value})
            assert got.curvature.value == curv, (value, got.curvature)
            check_witnesses(f, xs, got, {par: value})
    else:
        (case,) = res
        got = case.result
        if name in KNOWN_UNDECIDED:
            assert got.curvature in (Curvature(expected), Curvature.UNDECIDED)
        else:
            assert got.curvature.value == expected
        check_witnesses(f, xs, got)
    for _, r in res:
        if r.verdict is Verdict.PROVEN:
            assert r.steps
        if r.curvature is Curvature.NEITHER:
            assert r.witness is not None and r.concave_witness is not None


def test_suite_is_broad_and_decided():
    assert len(SUITE) >= 60
    assert len(KNOWN_UNDECIDED) <= len(SUITE) // 10


def test_x4_strictness_is_proven_through_isolated_zero():
    (case,) = convexity(x**4, [x])
    r = case.result
    assert r.curvature is Curvature.STRICTLY_CONVEX
    reasons = " ".join(s.reason for s in r.steps)
    assert "finitely many points (0)" in reasons
    assert any(s.statement == sp.Eq(sp.Derivative(x**4, (x, 2)), 12 * x**2, evaluate=False) for s in r.steps)


def test_abs_cubed_where_sympy_raises():
    from sympy.calculus.util import is_convex

    with pytest.raises(NotImplementedError):
        is_convex(sp.Abs(x) ** 3, x)
    assert convexity(sp.Abs(x) ** 3, [x]).curvature is Curvature.STRICTLY_CONVEX


def test_x_to_the_a_cases_disjoint_and_covering():
    res = convexity(x**a, [x], domain=x > 0)
    assert res.verified
    got = {str(c): r.curvature.value for c, r in res}
    assert got == {
        "(1 < a) | (a < 0)": "strictly convex",
        "Eq(a, 0) | Eq(a, 1)": "affine",
        "(a > 0) & (a < 1)": "strictly concave",
    }
    assert res.where(a=sp.Rational(-1, 2)).curvature is Curvature.STRICTLY_CONVEX


def test_exp_ax_strict_iff_a_nonzero():
    res = convexity(sp.exp(a * x), [x])
    assert [(c, r.curvature) for c, r in res] == [
        (sp.Ne(a, 0), Curvature.STRICTLY_CONVEX),
        (sp.Eq(a, 0), Curvature.AFFINE),
    ]


def test_abs_power_with_notes_range():
    res = convexity(sp.Abs(x) ** a, [x], assumptions=a >= 1)
    assert [(c, r.curvature) for c, r in res] == [
        (sp.Eq(a, 1), Curvature.CONVEX),
        (a > 1, Curvature.STRICTLY_CONVEX),
    ]


def test_parameter_cell_witness_holds_for_every_parameter_value():
    p = sp.Symbol("p")
    f = (p - 1) * x**2 + (p + 1) * y**2
    res = convexity(f, [x, y])
    (mid,) = [r for c, r in res if r.curvature is Curvature.NEITHER]
    gap = chord_gap(f, [x, y], mid.witness)
    # the gap is affine in p; positive at both ends of -1 < p < 1 (and in between)
    assert sp.simplify(gap.subs(p, -1)) >= 0 and sp.simplify(gap.subs(p, 1)) >= 0
    assert sp.degree(sp.expand(gap), p) <= 1 and sp.simplify(gap.subs(p, 0)) > 0


@pytest.mark.parametrize(
    "f,domain,message",
    [
        (sp.log(x), x > -1, "not defined on the whole domain"),
        (-sp.log(x), None, "argument of log(x) must be positive"),
        (x * sp.log(x), None, "at x = 0"),
        (1 / x, None, "must not vanish"),
        (x**2, x**2 > 1, "not an interval"),
        (sp.log(x), [x >= 0, x <= 1], "end x = 0"),
        (x**2, [x > 1, x < 0], "empty"),
    ],
)
def test_domain_errors(f, domain, message):
    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        convexity(f, [x], domain=domain)


def test_non_convex_domain_in_two_variables():
    with pytest.raises(DomainError, match="convex"):
        convexity(x + y, [x, y], domain=[x**2 + y**2 > 1])


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"f": x**2, "variables": [x], "domain": a > 0}, "not variables"),
        ({"f": a * x**2, "variables": [x], "assumptions": x > 0}, "assumptions mention the variable"),
        ({"f": x**2, "variables": [x, x]}, "twice|more than once|repeated|duplicate"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(SymmlError, match=message):
        convexity(**kwargs)


def test_results_in_the_users_own_symbols():
    u = sp.Symbol("u")  # plain, no assumptions
    (case,) = convexity(u**3, [u])
    r = case.result
    syms = set()
    for w in (r.witness, r.concave_witness):
        syms |= sp.sympify(w.shows).free_symbols
    assert r.function == u**3
    assert all(s.statement.free_symbols <= {u} for s in r.steps if isinstance(s.statement, sp.Basic))
    assert not syms
    (case,) = convexity(u**4, [u])
    derivative_step = case.result.steps[1].statement
    assert derivative_step.free_symbols == {u}


def test_string_input_goes_through_the_parser():
    res = convexity("x*log(x)", "x", domain="x > 0")
    assert res.curvature is Curvature.STRICTLY_CONVEX


def test_json_shape():
    payload = convexity(x**3, [x]).to_json()
    assert set(payload) == {"function", "variables", "cases"}
    (case,) = payload["cases"]
    assert case["condition"] == "True"
    assert case["verdict"] == "neither"
    assert set(case["witness"]) == {"against_convex", "against_concave"}
    w = case["witness"]["against_convex"]
    f = sp.sympify(payload["function"])
    xs = sp.Symbol(payload["variables"][0])
    lam, p, q = (sp.Rational(w[k]) for k in ("lambda", "x", "x'"))
    assert f.subs(xs, lam * p + (1 - lam) * q) > lam * f.subs(xs, p) + (1 - lam) * f.subs(xs, q)
    json.dumps(payload)


@pytest.mark.latex
def test_latex_compiles():
    from symml.core.latex import compile_snippet, pdflatex_available

    if not pdflatex_available():
        pytest.skip("pdflatex not installed")
    blocks = [
        convexity(x**4, [x]).latex(),
        convexity(sp.exp(a * x), [x]).latex(),
        convexity(x * y, [x, y]).latex(),
        convexity(sp.log(sp.exp(x) + sp.exp(y)), [x, y]).latex(),
        set_convexity([x**2 + y**2 >= 1, x**2 + y**2 <= 4], [x, y]).latex(),
        tangent_chain(x**4, [x]).latex(),
    ]
    assert compile_snippet("", blocks).exists()


# --- sets -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "constraints",
    [
        [x**2 + y**2 <= 1],  # disc
        [x + 2 * y <= 3],  # half-plane
        [x >= 0, y >= 0, x + y <= 1],  # polyhedron (a triangle)
        [sp.Eq(x + y, 1), x**2 <= 4],  # a segment: affine equality and a convex inequality
        [sp.exp(x) - y <= 0],  # epigraph of exp
    ],
)
def test_convex_sets_proven(constraints):
    res = set_convexity(constraints, [x, y])
    assert res.verdict is Verdict.PROVEN and res.steps


@pytest.mark.parametrize(
    "constraints",
    [
        [x**2 + y**2 >= 1, x**2 + y**2 <= 4],  # annulus
        sp.Or(x**2 + y**2 <= 1, (x - 3) ** 2 + y**2 <= 1),  # union of two discs
        [(x**2 - 1) ** 2 + y**2 <= sp.Rational(1, 4)],  # a non-convex sublevel set
        [x * y <= 1],
    ],
)
def test_non_convex_sets_refuted_with_exact_points(constraints):
    res = set_convexity(constraints, [x, y])
    assert res.verdict is Verdict.REFUTED
    w = res.witness
    cond = sp.And(*constraints) if isinstance(constraints, list) else constraints
    at = lambda pt: cond.subs({x: pt[0], y: pt[1]})  # noqa: E731
    lam = w["lambda"]
    mid = tuple(lam * u + (1 - lam) * v for u, v in zip(w["x"], w["x'"]))
    assert at(w["x"]) is sp.true and at(w["x'"]) is sp.true and at(mid) is sp.false


# --- epigraphs, Theorem 2.1, Propositions 2.1 and 2.2 ---------------------------------


def test_epigraph_convex_iff_function_convex():
    t = sp.Symbol("t")
    (case,) = epigraph_convexity(x**2, [x])
    assert case.result.verdict is Verdict.PROVEN
    (case,) = epigraph_convexity(x**3, [x])
    w = case.result.witness
    (px, pt), (qx, qt), lam = w["x"], w["x'"], w["lambda"]
    assert pt >= px**3 and qt >= qx**3  # both points lie in epi f
    mx, mt = lam * px + (1 - lam) * qx, lam * pt + (1 - lam) * qt
    assert mx**3 > mt  # their combination does not
    res = epigraph_convexity(sp.exp(a * x), [x], epigraph_variable=t)
    assert all(r.verdict is Verdict.PROVEN for _, r in res)


def test_tangent_chain_for_a_convex_function_and_not_for_x3():
    res = tangent_chain(x**4, [x])
    assert res.verdict is Verdict.PROVEN
    reasons = [s.reason for s in res.steps]
    assert any("tangent at z" in r for r in reasons)
    assert tangent_chain(x**3, [x]).verdict is not Verdict.PROVEN
    assert tangent_chain(x**2 + y**2, [x, y]).verdict is Verdict.PROVEN


def test_notes_step_2_33_to_2_34_fails_for_x_squared():
    # (2.33) = (1-t)f(a) + t f(b) + (1-t)t(b-a)(f'(a) - f'(b)) is *below* (2.34) when a < b
    av, bv, tv = sp.Integer(0), sp.Integer(1), sp.Rational(1, 2)
    f = lambda u: u**2  # noqa: E731
    fp = lambda u: 2 * u  # noqa: E731
    eq233 = (1 - tv) * f(av) + tv * f(bv) + (1 - tv) * tv * (bv - av) * (fp(av) - fp(bv))
    eq234 = (1 - tv) * f(av) + tv * f(bv)
    assert eq233 < eq234


def test_prop_2_1_needs_an_interval():
    assert nondecreasing(x**3, x).verdict is Verdict.PROVEN
    res = nondecreasing(-1 / x, x, domain=sp.Ne(x, 0))
    assert res.verdict is Verdict.REFUTED
    u, v = res.witness["x"], res.witness["x'"]
    assert u < v and -1 / u > -1 / v


def test_prop_2_2_steepest_ascent():
    res = steepest_ascent(x**2 + 3 * y, [x, y], [2, 0])
    u = res.value
    assert u == sp.Matrix([sp.Rational(4, 5), sp.Rational(3, 5)])
    assert (u.T * u)[0, 0] == 1
    zero = steepest_ascent(x**2 + y**2, [x, y], [0, 0])
    assert zero.verdict is Verdict.REFUTED


# --- command line ---------------------------------------------------------------------


def run_cli(args, capsys):
    from symml.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def test_cli_convex_json(capsys):
    code, out, err = run_cli(["convex", "x*log(x)", "--vars", "x", "--where", "x > 0", "--json"], capsys)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["cases"][0]["verdict"] == "strictly convex"


def test_cli_convex_parameters_and_text(capsys):
    code, out, err = run_cli(
        ["convex", "x**a", "--vars", "x", "--where", "x > 0", "--assume", "a > 1"], capsys
    )
    assert code == 0, err
    assert "strictly convex" in out
    code, out, _ = run_cli(["convex", "x*y", "--vars", "x,y", "--json"], capsys)
    assert json.loads(out)["cases"][0]["verdict"] == "neither"


def test_cli_bad_domain_exit_2(capsys):
    code, out, err = run_cli(["convex", "log(x)", "--vars", "x", "--where", "x > -1"], capsys)
    assert code == 2
    assert "not defined" in err and "Traceback" not in err
