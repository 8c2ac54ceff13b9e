"""Stationary points: every real point and set, classified, with exact parameter cases."""

import json
import subprocess
import sys
from functools import reduce

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from symml.cli import app
from symml.core.errors import DomainError, ShapeError, SymmlError
from symml.optimisation.calculus import gradient
from symml.optimisation.stationary import optimality_conditions, stationary_points
from symml.strategies import invertible_matrices, nonzero_rationals, rationals

x, y, z, p = sp.symbols("x y z p")
T = sp.Symbol("t")


def _kinds(result):
    return sorted((c.kind, c.dimension, c.strict) for c in result.components)


# Example (2.19): the five cases


def test_example_2_19_has_five_cases_found_automatically():
    f = (p - 1) * x**2 + (p + 1) * y**2
    res = stationary_points(f, [x, y])
    assert res.verified
    table = [(c, [(cp.equations, cp.dimension, cp.kind, cp.strict) for cp in r.components]) for c, r in res]
    assert table == [
        (p < -1, [((x, y), 0, "maximum", True)]),
        (sp.Eq(p, -1), [((x,), 1, "maximum", False)]),
        (sp.And(p > -1, p < 1), [((x, y), 0, "saddle", None)]),
        (sp.Eq(p, 1), [((y,), 1, "minimum", False)]),
        (p > 1, [((x, y), 0, "minimum", True)]),
    ]
    assert all(r.verdict.value == "proven" for _, r in res)
    # the minima for p > 1 and the line of minima at p = 1 are global
    assert res.where(p=2).components[0].scope == "global"
    assert res.where(p=1).components[0].scope == "global"
    # every case checks: on each line the gradient vanishes; at each point it is zero
    for value in (-2, -1, 0, 1, 2):
        fv = f.subs(p, value)
        for comp in res.where(p=value).components:
            on = sp.solve(
                comp.equations,
                sorted(set().union(*(e.free_symbols for e in comp.equations)), key=str),
                dict=True,
            )[0]
            assert all(sp.expand(g.subs(on)) == 0 for g in gradient(fv, [x, y]))


def test_saddle_witness_directions_substitute_back():
    res = stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    comp = res.where(p=0).components[0]
    w = comp.classification.witness
    H = sp.diag(2 * (p - 1), 2 * (p + 1))
    for value in (sp.Rational(-1, 2), 0, sp.Rational(1, 2)):
        Hv = H.subs(p, value)
        assert (w["v"].T * Hv * w["v"])[0, 0] > 0 > (w["w"].T * Hv * w["w"])[0, 0]


def test_plain_sympy_misses_the_lines():
    # what the notes (and sympy.solve) say: only (0, 0)
    assert sp.solve(list(gradient((p - 1) * x**2 + (p + 1) * y**2, [x, y])), [x, y], dict=True) == [
        {x: 0, y: 0}
    ]
    res = stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    assert res.where(p=1).components[0].dimension == 1


# Himmelblau: nine points, four minima, one maximum, four saddles


def test_himmelblau_nine_points_classified():
    f = (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2
    res = stationary_points(f, [x, y])
    (case,) = list(res)
    assert case.condition is sp.true
    comps = case.result.components
    assert case.result.verdict.value == "proven"
    assert len(comps) == 9
    kinds = [c.kind for c in comps]
    assert kinds.count("minimum") == 4 and kinds.count("maximum") == 1 and kinds.count("saddle") == 4
    grad = gradient(f, [x, y])
    for c in comps:
        assert not c.point[0].has(sp.Float) and not c.point[1].has(sp.Float)
        # a high-precision sanity check of every point (the exact check follows for two of them)
        for g in grad:
            assert abs(sp.N(g.subs({x: c.point[0], y: c.point[1]}), 60)) < sp.Rational(1, 10**40)
    # exact: the gradient at the maximum has minimal polynomial t (it is 0)
    for c in [next(c for c in comps if c.kind == "maximum")]:
        for g in grad:
            assert sp.minimal_polynomial(g.subs({x: c.point[0], y: c.point[1]}), T) == T
    # the four minima are global with value 0; (3, 2) is one of them
    minima = [c for c in comps if c.kind == "minimum"]
    assert all(c.scope == "global" and c.strict for c in minima)
    assert any(c.point == (3, 2) for c in minima)
    assert all(c.value == 0 for c in minima)


# Degenerate Hessians: higher-order analysis


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (x**4 + y**4, [("minimum", 0, True)]),
        (-(x**4) - y**2, [("maximum", 0, True)]),
        (x**2 + y**4, [("minimum", 0, True)]),
        (x**3 + y**3, [("saddle", 0, None)]),
        (x**3 - 3 * x * y**2, [("saddle", 0, None)]),  # the monkey saddle
        (x**2 + y**3, [("saddle", 0, None)]),
        (x**4 - y**4, [("saddle", 0, None)]),
        (x**2 * y**2, [("minimum", 1, False), ("minimum", 1, False)]),
        ((x**2 + y**2 - 1) ** 2, [("maximum", 0, True), ("minimum", 1, False)]),
        (x**2 - 2 * x * y + y**2 + z**2, [("minimum", 1, False)]),
        (x**2 - y**2, [("saddle", 0, None)]),
    ],
)
def test_named_examples(f, expected):
    xs = [x, y, z] if f.has(z) else [x, y]
    (case,) = list(stationary_points(f, xs))
    assert case.result.verdict.value == "proven"
    assert _kinds(case.result) == sorted(expected)


def test_x2y2_gives_the_two_axes():
    (case,) = list(stationary_points(x**2 * y**2, [x, y]))
    assert sorted((c.equations for c in case.result.components), key=str) == [(x,), (y,)]
    assert all(c.scope == "global" and c.value == 0 for c in case.result.components)


def test_local_minimum_with_unbounded_witness():
    f = x**3 - 3 * x + y**2
    (case,) = list(stationary_points(f, [x, y]))
    comps = {c.point: c for c in case.result.components}
    assert comps[(1, 0)].kind == "minimum" and comps[(1, 0)].scope == "local"
    assert comps[(-1, 0)].kind == "saddle"
    d = comps[(1, 0)].unbounded_witness["direction"]
    t = sp.Symbol("t", positive=True)
    along = f.subs({x: d[0] * t, y: d[1] * t})
    assert sp.limit(along, t, sp.oo) == -sp.oo


def test_domain_restricts_the_search():
    (case,) = list(stationary_points(x**3 - 3 * x + y**2, [x, y], domain=[x > 0]))
    assert [c.point for c in case.result.components] == [(1, 0)]


def test_parameter_enters_the_point():
    res = stationary_points((x - p) ** 2 + p * y**2, [x, y])
    assert res.verified
    assert [str(c) for c, _ in res] == ["p < 0", "Eq(p, 0)", "p > 0"]
    assert res.where(p=3).components[0].point == (p, 0)
    assert res.where(p=-3).components[0].kind == "saddle"
    assert res.where(p=0).components[0].equations == (x,)


def test_assumptions_restrict_the_cases():
    res = stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y], assumptions=[p > 0])
    assert res.verified
    assert [r.components[0].kind for _, r in res] == ["saddle", "minimum", "minimum"]


def test_non_polynomial_gradient_factor_removed():
    (case,) = list(stationary_points(x * sp.exp(-(x**2) - y**2), [x, y]))
    assert case.result.verdict.value == "proven"
    kinds = {c.point: c.kind for c in case.result.components}
    assert kinds == {(sp.sqrt(2) / 2, 0): "maximum", (-sp.sqrt(2) / 2, 0): "minimum"}


def test_user_symbols_without_assumptions_and_strings():
    a, b = sp.symbols("a b")
    (case,) = list(stationary_points(a**2 + b**2, [a, b]))
    assert case.result.components[0].equations == (a, b)
    (case,) = list(stationary_points("x**2 + y**2", "x,y"))
    assert [str(e) for e in case.result.components[0].equations] == ["x", "y"]


# The notes' optimality conditions


def test_second_order_sufficient_is_not_necessary_x4():
    checks = optimality_conditions(x**4, [x], (0,))
    assert checks["first order necessary"].proven
    assert checks["second order necessary"].proven
    assert checks["second order sufficient"].refuted
    assert checks["second order sufficient"].witness["hessian"] == sp.Matrix([[0]])
    # ... and yet 0 is a strict (global) minimum
    (case,) = list(stationary_points(x**4, [x]))
    comp = case.result.components[0]
    assert (comp.kind, comp.strict, comp.scope) == ("minimum", True, "global")


def test_optimality_conditions_at_a_saddle_and_a_non_stationary_point():
    checks = optimality_conditions(x**2 - y**2, [x, y], (0, 0))
    assert checks["first order necessary"].proven and checks["second order necessary"].refuted
    checks = optimality_conditions(x**2, [x], (1,))
    assert checks["first order necessary"].refuted
    assert checks["first order necessary"].witness["gradient"] == sp.Matrix([2])


# Bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"domain": [x >= 0]}, DomainError, "strict"),
        ({"domain": [p > 0]}, DomainError, "not variables"),
    ],
)
def test_bad_domains(kwargs, error, match):
    with pytest.raises(error, match=match):
        stationary_points(p * x**2, [x], **kwargs)


def test_bad_variables():
    with pytest.raises(SymmlError):
        stationary_points(x**2, [x, x])
    with pytest.raises(SymmlError):
        stationary_points(sp.Matrix([x, y]), [x, y])


# Output: LaTeX and the CLI's JSON shape


def test_latex_and_text():
    res = stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    tex = res.latex("math")
    assert tex.count(r"\textbf{Case }") == 5 and "non-strict global minima" in tex
    assert "case p = 1" in res.text() and "case -1 < p < 1" in res.text()


@pytest.mark.latex
def test_latex_compiles():
    from symml.core.latex import compile_snippet, pdflatex_available

    if not pdflatex_available():
        pytest.skip("pdflatex not installed")
    res = stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    cubic = stationary_points(x**3 - p * x + y**2, [x, y])
    assert compile_snippet(res.latex() + "\n" + cubic.latex()).exists()


def test_cli_json_shape_for_example_2_19():
    out = CliRunner().invoke(app, ["stationary", "(p-1)*x**2 + (p+1)*y**2", "--vars", "x,y", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["variables"] == ["x", "y"]
    assert [c["condition"] for c in data["cases"]] == [
        "p < -1",
        "Eq(p, -1)",
        "(p > -1) & (p < 1)",
        "Eq(p, 1)",
        "p > 1",
    ]
    shape = [
        [(c["equations"], c["dimension"], c["kind"], c["strict"]) for c in case["components"]]
        for case in data["cases"]
    ]
    assert shape == [
        [(["x", "y"], 0, "maximum", True)],
        [(["x"], 1, "maximum", False)],
        [(["x", "y"], 0, "saddle", None)],
        [(["y"], 1, "minimum", False)],
        [(["x", "y"], 0, "minimum", True)],
    ]
    # every condition and equation is SymPy-parsable
    for case in data["cases"]:
        sp.sympify(case["condition"])
        for comp in case["components"]:
            [sp.sympify(e) for e in comp["equations"]]


def test_cli_without_parameters_has_one_true_case():
    out = CliRunner().invoke(app, ["stationary", "x**2 + y**2", "--vars", "x,y", "--json"])
    data = json.loads(out.output)
    assert [c["condition"] for c in data["cases"]] == ["True"]


def test_cli_bad_domain_exits_2_with_one_line():
    proc = subprocess.run(
        [sys.executable, "-m", "symml", "stationary", "x**2", "--vars", "x", "--where", "x >= 0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "strict" in proc.stderr and "Traceback" not in proc.stderr


# Properties


@settings(max_examples=40)  # each example is a Groebner basis and a symbolic Hessian
@given(
    P=invertible_matrices(2), d=st.lists(nonzero_rationals(min_value=-4, max_value=4), min_size=2, max_size=2)
)
def test_quadratic_forms_follow_sylvesters_law(P, d):
    """x^T (P^T D P) x: one stationary point, the origin, classified by the signs of D."""
    v = sp.Matrix([x, y])
    f = sp.expand((v.T * P.T * sp.diag(*d) * P * v)[0, 0])
    (case,) = list(stationary_points(f, [x, y]))
    (comp,) = case.result.components
    assert comp.point == (0, 0)
    expected = "minimum" if min(d) > 0 else "maximum" if max(d) < 0 else "saddle"
    assert comp.kind == expected
    if expected != "saddle":
        assert comp.strict and comp.scope == "global"


@settings(max_examples=40)  # symbolic work per example
@given(
    roots=st.lists(
        rationals(min_value=-3, max_value=3, max_denominator=3), min_size=1, max_size=3, unique=True
    ),
    mults=st.lists(st.integers(1, 2), min_size=3, max_size=3),
    c=nonzero_rationals(min_value=-3, max_value=3, max_denominator=2),
)
def test_polynomials_with_known_critical_points(roots, mults, c):
    """f' = c ∏ (x - r_i)^m_i: exactly the r_i; a sign change of f' (odd m_i) is an extremum."""
    fprime = c * reduce(lambda acc, rm: acc * (x - rm[0]) ** rm[1], zip(roots, mults), sp.Integer(1))
    f = sp.integrate(sp.expand(fprime), x)
    (case,) = list(stationary_points(f, [x]))
    assert case.result.verdict.value == "proven"
    got = {comp.point[0]: comp.kind for comp in case.result.components}
    assert set(got) == set(roots)
    for r, m in zip(roots, mults):
        left = sp.sign(fprime.subs(x, r - sp.Rational(1, 1000)))
        right = sp.sign(fprime.subs(x, r + sp.Rational(1, 1000)))
        if m % 2 == 0:
            assert got[r] == "saddle"
        else:
            assert got[r] == ("minimum" if left < 0 < right else "maximum")


# Parameters entering through square roots, several parameters, constant f


def test_points_with_square_roots_of_the_parameter():
    res = stationary_points(x**3 - p * x + y**2, [x, y])
    assert res.verified
    assert [str(c) for c, _ in res] == ["p < 0", "Eq(p, 0)", "p > 0"]
    assert res.where(p=-1).components == ()
    assert [c.kind for c in res.where(p=0).components] == ["saddle"]
    kinds = {c.point: c.kind for c in res.where(p=3).components}
    root = sp.sqrt(3) * sp.sqrt(p) / 3
    assert kinds == {(root, 0): "minimum", (-root, 0): "saddle"}
    # the points are stationary for every p > 0 (exact substitution)
    for pt in kinds:
        assert all(
            sp.simplify(g.subs({x: pt[0], y: pt[1]})) == 0 for g in gradient(x**3 - p * x + y**2, [x, y])
        )


def test_two_parameters_grid_of_cases():
    a, b = sp.symbols("a b")
    res = stationary_points(a * x**2 + b * y**2, [x, y])
    assert res.verified and len(res) == 9
    assert res.where(a=1, b=1).components[0].kind == "minimum"
    assert res.where(a=1, b=-1).components[0].kind == "saddle"
    line = res.where(a=0, b=2).components[0]
    assert (line.equations, line.dimension, line.kind, line.strict) == ((y,), 1, "minimum", False)
    everywhere = res.where(a=0, b=0).components[0]
    assert everywhere.dimension == 2 and everywhere.equations == ()


def test_x4_minus_p_x2_merges_p_le_0():
    res = stationary_points(x**4 - p * x**2, [x])
    assert [str(c) for c, _ in res] == ["p <= 0", "p > 0"]
    assert sorted(c.kind for c in res.where(p=1).components) == ["maximum", "minimum", "minimum"]


def test_cli_assume_and_where():
    out = CliRunner().invoke(
        app, ["stationary", "(p-1)*x**2 + (p+1)*y**2", "--vars", "x,y", "--assume", "p > 0", "--json"]
    )
    data = json.loads(out.output)
    assert [c["condition"] for c in data["cases"]] == ["(p > 0) & (p < 1)", "Eq(p, 1)", "p > 1"]
    out = CliRunner().invoke(app, ["stationary", "x**3 - 3*x + y**2", "--vars", "x,y", "--where", "x > 0"])
    assert out.exit_code == 0 and "(1, 0): strict minimum" in out.output and "(-1, 0)" not in out.output


def test_splitting_lemma_examples():
    # Peano's surface: a minimum along every line through 0, yet a saddle
    (case,) = list(stationary_points((y - x**2) * (y - 2 * x**2), [x, y]))
    assert [c.kind for c in case.result.components] == ["saddle"]
    # corank-1 Hessian with the quartic term deciding: a strict maximum
    (case,) = list(stationary_points(-2 * x**4 + 2 * x**2 * y**2 - y**2, [x, y]))
    origin = next(c for c in case.result.components if c.point == (0, 0))
    assert (origin.kind, origin.strict) == ("maximum", True)


def test_line_whose_nature_changes_is_cut_into_pieces():
    (case,) = list(stationary_points(x**2 * (y**2 - 1), [x, y]))
    assert case.result.verdict.value == "proven"
    got = [(c.equations, c.where, c.kind, c.strict) for c in case.result.components if c.dimension == 1]
    assert got == [
        ((x,), (y < -1,), "minimum", False),
        ((x,), (y > -1, y < 1), "maximum", False),
        ((x,), (y > 1,), "minimum", False),
    ]
    points = {c.point: c.kind for c in case.result.components if c.dimension == 0}
    assert points == {(0, 1): "saddle", (0, -1): "saddle"}
    # exact spot checks of the pieces: f - 0 has the claimed sign just off the line
    f = x**2 * (y**2 - 1)
    assert f.subs({x: sp.Rational(1, 10), y: 2}) > 0 and f.subs({x: sp.Rational(1, 10), y: 0}) < 0
    data = stationary_points(f, [x, y]).to_json()
    assert {"equations": ["x"], "where": ["y > 1"]}.items() <= data["cases"][0]["components"][-1].items()


def test_optimality_conditions_take_a_point_as_a_dict():
    f = x**2 - y**2
    as_dict = optimality_conditions(f, [x, y], {y: 0, x: 0})
    assert as_dict.to_json() == optimality_conditions(f, [x, y], [0, 0]).to_json()
    with pytest.raises(ShapeError):
        optimality_conditions(f, [x, y], {x: 0})  # y is missing
