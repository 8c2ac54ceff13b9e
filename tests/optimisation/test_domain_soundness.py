"""Verdicts respect where the function is defined (issue 21): each example of the issue."""

import pytest
import sympy as sp

from symml.core.errors import DomainError, LimitExceededError
from symml.core.exact.numbers import number_sign
from symml.core.exact.signs import prove_sign
from symml.optimisation.constrained import optima_on_box, optima_with_equalities
from symml.optimisation.convexity import Curvature, convexity, set_convexity
from symml.optimisation.definiteness import definiteness
from symml.optimisation.stationary import optimality_conditions, stationary_points

x, y, a = sp.symbols("x y a")


def chord_sign(f, xs, w):
    """The exact sign of f(λx + (1−λ)x′) − (λf(x) + (1−λ)f(x′)) at a witness."""
    lam = w["lambda"]
    p = w["x"] if isinstance(w["x"], tuple) else (w["x"],)
    q = w["x'"] if isinstance(w["x'"], tuple) else (w["x'"],)
    mid = tuple(lam * u + (1 - lam) * v for u, v in zip(p, q))
    at = lambda pt: f.subs(dict(zip(xs, pt)), simultaneous=True)  # noqa: E731
    assert 0 < lam < 1
    return number_sign(at(mid) - (lam * at(p) + (1 - lam) * at(q)))


def test_acot_jump_is_not_hidden_by_its_derivative():
    f = x**4 + x**2 + sp.acot(x)
    r = convexity(f, [x])[0].result
    assert not r.curvature.is_convex
    assert r.witness is not None and chord_sign(f, [x], r.witness) == 1


def test_minus_acot_on_a_closed_interval_ending_at_the_jump():
    f = -sp.acot(x)
    r = convexity(f, [x], domain=[x >= -1, x <= 0])[0].result
    assert not r.curvature.is_convex
    assert r.witness is not None and chord_sign(f, [x], r.witness) == 1
    for pt in (r.witness["x"], r.witness["x'"]):
        assert -1 <= pt <= 0


def test_poles_are_not_part_of_a_domain():
    with pytest.raises(DomainError, match="pole"):
        convexity(sp.csch(x) ** 2, [x])
    assert convexity(sp.csch(x) ** 2, [x], domain=x > 0).curvature is Curvature.STRICTLY_CONVEX


def test_set_of_a_function_with_a_pole_is_not_proven_convex():
    r = set_convexity([sp.csch(x) ** 2 <= 1], [x])
    assert r.verdict.value != "proven"


def test_parameter_values_where_f_is_undefined_are_their_own_case():
    res = convexity(sp.exp(x / a), [x])
    assert res.where(a=0).curvature is Curvature.UNDEFINED
    assert res.where(a=2).curvature is Curvature.STRICTLY_CONVEX
    assert res.where(a=-1).curvature is Curvature.STRICTLY_CONVEX


def test_piecewise_jump_down_at_a_closed_end_is_not_convex():
    f = sp.Piecewise((x**2, x < 1), (0, True))
    r = convexity(f, [x], domain=[x >= 0, x <= 1])[0].result
    assert not r.curvature.is_convex


def test_piecewise_join_where_a_piece_formula_jumps():
    # acot(x) on x < 0 meets pi/2 at 0 with acot(0) = pi/2, but acot jumps there
    f = sp.Piecewise((sp.acot(x), x < 0), (sp.pi / 2, True))
    r = convexity(f, [x], domain=[x > -1, x < 1])[0].result
    assert r.curvature in (Curvature.UNDECIDED, Curvature.NEITHER)


def test_abs_is_still_convex_and_abs_powers_keep_their_cases():
    assert convexity(sp.Abs(x), [x]).curvature is Curvature.CONVEX
    res = convexity(sp.Abs(x) ** a, [x], assumptions=a >= 1)
    assert res.where(a=2).curvature is Curvature.STRICTLY_CONVEX


def test_witness_search_evaluates_special_functions():
    # lambdify's math module has no LambertW, Ei, besselj, zeta: the search must not crash
    for f in (sp.LambertW(x), sp.Ei(x), sp.besselj(1, x), sp.zeta(x), sp.erfinv(x), sp.Si(x)):
        for _, r in convexity(f, [x], domain=[x > sp.Rational(1, 2), x < sp.Rational(9, 10)]):
            for w, sign in ((r.witness, 1), (r.concave_witness, -1)):
                if w is not None:
                    assert chord_sign(f, [x], w) == sign


# --------------------------------------------------------------------------- stationary points

z = sp.Symbol("z")


def points(res):
    (case,) = list(res)
    return case.result, sorted((c.point for c in case.result.components), key=sp.default_sort_key)


def test_a_stationary_line_outside_the_domain_is_not_listed():
    res = stationary_points((x - z) ** 2 - y**2, [x, y, z], domain=[x > 1, z < 0])
    r, pts = points(res)
    assert r.verdict.value == "proven" and r.components == ()
    res = stationary_points((x - z) ** 2 - y**2, [x, y, z], domain=[x > 1, z > 0])
    assert len(points(res)[0].components) == 1  # the line x = z, y = 0 meets this domain


def test_a_zero_of_the_gradient_where_f_is_not_real_is_not_stationary():
    r, pts = points(stationary_points(sp.log(x**2 - 4), [x]))
    assert pts == [] and r.verdict.value == "proven"


@pytest.mark.parametrize(
    "f,domain,expected",
    [
        (sp.sin(x), [x > 0, x < sp.pi / 4], []),
        (sp.sin(x), [x > 0, x < 2 * sp.pi], [(sp.pi / 2,), (3 * sp.pi / 2,)]),
        (sp.sin(x), [x > 2, x < 5], [(3 * sp.pi / 2,)]),
        (sp.exp(x) - x, None, [(0,)]),
        (x**2, [x > 1, x < 0], []),  # an empty domain has no stationary point
    ],
)
def test_non_polynomial_gradients_respect_the_domain(f, domain, expected):
    r, pts = points(stationary_points(f, [x], domain=domain))
    assert r.verdict.value == "proven" and pts == sorted(expected, key=sp.default_sort_key)
    for c in r.components:  # each point checked: the derivative vanishes there
        assert sp.diff(f, x).subs(x, c.point[0]) == 0


def test_optimality_conditions_state_the_gradient_and_need_a_derivative():
    checks = optimality_conditions(x**2 + y**2, [x, y], [0, 0])
    first = checks["first order necessary"]
    assert first.verdict.value == "proven" and first.steps[0].statement is not sp.false
    checks = optimality_conditions(sp.Abs(x), [x], (0,))
    assert all(c.verdict.value == "undecided" for c in checks.values())


def test_optimality_conditions_with_a_parametric_hessian():
    p = sp.Symbol("p")
    checks = optimality_conditions(p * x**2, [x], (0,))
    assert checks["first order necessary"].verdict.value == "proven"
    assert checks["second order sufficient"].verdict.value == "undecided"


# --------------------------------------------------------------------------- assumptions and crashes


def test_symbol_assumptions_are_premises_of_sign_claims():
    xp = sp.Symbol("x", positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    assert prove_sign(xp, ">").verdict.value == "proven"
    r = prove_sign(x**n, ">=")  # an integer exponent does not make a negative base harmless
    assert r.verdict.value == "refuted"
    n_value, x_value = r.witness.values["n"], r.witness.values["x"]
    assert n_value.is_integer and n_value > 0 and x_value**n_value < 0
    r = prove_sign(n - sp.Rational(3, 2), ">")  # the witness must be an integer
    assert r.verdict.value == "refuted" and r.witness.values["n"] == 1


def test_variables_declared_positive_or_negative_bound_the_domain():
    xp, xn = sp.Symbol("x", positive=True), sp.Symbol("x", negative=True)
    assert convexity(xp**3, [xp]).curvature is Curvature.STRICTLY_CONVEX
    assert convexity(xn**3, [xn]).curvature is Curvature.STRICTLY_CONCAVE
    (case,) = list(stationary_points(xp**2 - xp, [xp]))
    assert [c.point for c in case.result.components] == [(sp.Rational(1, 2),)]
    (case,) = list(stationary_points(xp**2 + xp, [xp]))
    assert case.result.components == ()


@pytest.mark.parametrize(
    "matrix",
    [
        sp.Matrix([[sp.exp(a), 0], [0, 1]]),
        sp.Matrix([[sp.sqrt(a), 0], [0, 1]]),
        sp.Matrix([[a - sp.sqrt(2), 0], [0, 1]]),
    ],
)
def test_definiteness_of_non_polynomial_entries_is_an_answer(matrix):
    for _, r in definiteness(matrix):
        assert r.value in ("undecided", "positive definite")


def test_irrational_coefficients_and_bounds():
    (case,) = list(stationary_points((x - sp.sqrt(2)) ** 4, [x]))
    assert [(c.point, c.kind) for c in case.result.components] == [((sp.sqrt(2),), "minimum")]
    (case,) = list(stationary_points(x**3 - x, [x], domain=[x < sp.sqrt(2)]))
    assert case.result.verdict.value in ("proven", "undecided")
    assert convexity(x**3, [x], domain=[x > 0, x < sp.sqrt(2)]).curvature is Curvature.STRICTLY_CONVEX


def test_sech_inflection_points_are_ordered_without_crashing():
    # f'' vanishes at ±acosh(sqrt(2)): ball arithmetic encloses acosh now
    r = convexity(sp.sech(x), [x])[0].result
    assert r.curvature is Curvature.NEITHER
    assert chord_sign(sp.sech(x), [x], r.witness) == 1
    assert chord_sign(sp.sech(x), [x], r.concave_witness) == -1


# --------------------------------------------------------------------------- cheap wins and budgets


def test_rank_changes_are_cut_when_the_determinant_vanishes_identically():
    p = sp.Symbol("p")
    got = [(c, r.value) for c, r in definiteness(sp.Matrix([[p, p], [p, p]]))]
    assert got == [
        (p < 0, "negative semidefinite"),
        (sp.Eq(p, 0), "zero"),
        (p > 0, "positive semidefinite"),
    ]


def test_identities_constant_on_their_interval():
    assert prove_sign(sp.asin(x) + sp.acos(x) - sp.pi / 2, "==").verdict.value == "proven"
    # acot jumps at 0: acot(x) + atan(x) is pi/2 only for x > 0
    r = prove_sign(sp.acot(x) + sp.atan(x) - sp.pi / 2, "==")
    assert r.verdict.value == "refuted" and r.witness.values["x"] < 0


def test_a_degenerate_point_is_classified_by_its_lowest_order_term():
    (case,) = list(stationary_points(x**4 * (x - 1) ** 3, [x]))
    kinds = {c.point: c.kind for c in case.result.components}
    assert kinds[(0,)] == "maximum" and kinds[(1,)] == "saddle"
    assert case.result.verdict.value == "proven"


def test_a_box_with_a_segment_of_minimisers_says_so():
    r = optima_on_box((x - y) ** 2, [x, y], [(0, 1), (0, 1)])
    assert r.minimum == 0 and r.maximum == 1
    assert any("positive dimension" in n for n in r.result.notes)


def test_a_lagrange_system_too_large_to_solve_is_refused_at_once():
    with pytest.raises(LimitExceededError, match="max_bezout"):
        optima_with_equalities(x + 2 * y, [x, y], [x**4 + y**4 - 1])
