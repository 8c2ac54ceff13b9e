"""Identity checking: true identities proven with steps, false ones refuted with exact witnesses."""

import os

import pytest
import sympy as sp
from hypothesis import given, settings

from symml.core.errors import ParseError, ShapeError
from symml.core.exact.numbers import real_ball as real_enclosure
from symml.core.exact.signs import as_domain, number_sign
from symml.core.identity import check_identity
from symml.core.latex import compile_snippet, pdflatex_available
from symml.strategies import expressions, nonzero_rationals, polynomials

x, y, z, u, v, c, a, b = sp.symbols("x y z u v c a b")
Z, C = sp.symbols("z c", real=True)


def sigma(t):
    return 1 / (1 + sp.exp(-t))


def softplus(t):
    return sp.log(1 + sp.exp(t))


def _substitute_back(lhs, rhs, assumptions, result):
    """The witness satisfies the assumptions, both sides are real there, and they differ exactly."""
    symbols = list((sp.sympify(lhs) - sp.sympify(rhs)).free_symbols)
    point = {s: result.witness[s.name] for s in symbols}
    for cond in as_domain(assumptions, symbols).describe():
        assert sp.simplify(cond.xreplace(point)) is sp.true
    lv, rv = sp.sympify(lhs).xreplace(point), sp.sympify(rhs).xreplace(point)
    assert number_sign(lv) is not None and number_sign(rv) is not None
    assert sp.simplify(lv - rv) != 0
    assert number_sign(lv - rv) in (-1, 1)


# --- the notes' logistic loss: (2.6) and its rewrites ---------------------------------


def test_logistic_cross_entropy_rewrite_is_proven():
    f = 1 / (1 + sp.exp(-Z))
    result = check_identity(-C * sp.log(f) - (1 - C) * sp.log(1 - f), sp.log(1 + sp.exp(Z)) - C * Z)
    assert result.proven
    assert any(s.rule == "log-exp" for s in result.steps)


def test_issue_form_of_the_rewrite_with_user_symbols():
    f = 1 / (1 + sp.exp(u))  # u = -theta^T x + b as in (2.4)
    result = check_identity(-c * sp.log(f) - (1 - c) * sp.log(1 - f), sp.log(1 + sp.exp(u)) - (1 - c) * u)
    assert result.proven
    assert result.claim.free_symbols == {c, u}  # the user's own (assumption-free) symbols


def test_printed_2_7_is_refuted_against_2_6():
    f = 1 / (1 + sp.exp(u))  # f(x) of (2.4), u = -theta^T x + b; one observation (N = 1)
    lhs = -(c * sp.log(f) + (1 - c) * sp.log(1 - f))  # (2.6)
    rhs = sp.log(1 + sp.exp(u)) - c * u  # (2.7) as printed
    result = check_identity(lhs, rhs)
    assert result.refuted
    _substitute_back(lhs, rhs, None, result)
    # the witness is a genuine label: also refuted for c in {0, 1}
    labelled = check_identity(lhs, rhs, assumptions="c >= 0, c <= 1")
    assert labelled.refuted
    _substitute_back(lhs, rhs, "c >= 0, c <= 1", labelled)


def test_notes_2_7_with_z_and_b_and_binary_labels():
    # (2.4)-(2.7) per observation: z = theta^T x (a scalar), b the offset, c in {0, 1}
    zz, bb = sp.symbols("z b")
    f = 1 / (1 + sp.exp(-zz + bb))
    term_2_6 = -(c * sp.log(f) + (1 - c) * sp.log(1 - f))
    term_2_7 = sp.log(1 + sp.exp(-zz + bb)) - c * (-zz + bb)
    labels = {c: sp.FiniteSet(0, 1)}
    printed = check_identity(term_2_6, term_2_7, assumptions=labels)
    assert printed.refuted and printed.witness["c"] in (0, 1)
    _substitute_back(term_2_6, term_2_7, labels, printed)
    # the difference is (1 - 2c)(b - z): nonzero exactly at the witness
    point = {s: printed.witness[s.name] for s in (zz, bb, c)}
    assert ((1 - 2 * c) * (bb - zz)).xreplace(point) != 0
    # the corrected (2.7): c multiplies z - b, i.e. log(1 + e^u) - (1 - c) u with u = b - z
    corrected = sp.log(1 + sp.exp(-zz + bb)) - (1 - c) * (-zz + bb)
    assert check_identity(term_2_6, corrected, assumptions=labels).proven


# --- ≥ 20 true identities ---------------------------------------------------------------

TRUE = [
    ((x + 1) ** 2, x**2 + 2 * x + 1, None),
    ((x - y) * (x + y), x**2 - y**2, None),
    ((x**3 - 1) / (x - 1), x**2 + x + 1, None),
    (1 / x + 1 / y, (x + y) / (x * y), None),
    (sigma(-u), 1 - sigma(u), None),
    (sp.diff(sigma(u), u), sigma(u) * (1 - sigma(u)), None),
    (sigma(u), sp.exp(u) / (1 + sp.exp(u)), None),
    (sp.log(sigma(u)), -sp.log(1 + sp.exp(-u)), None),
    (sp.log(1 - sigma(u)), -u - sp.log(1 + sp.exp(-u)), None),
    (sp.log(1 + sp.exp(u)), u + sp.log(1 + sp.exp(-u)), None),
    (sp.log(x * y), sp.log(x) + sp.log(y), "x > 0, y > 0"),
    (sp.log(x / y), sp.log(x) - sp.log(y), "x > 0, y > 0"),
    (sp.log(x**3), 3 * sp.log(x), "x > 0"),
    (sp.log(sp.exp(x)), x, None),
    (sp.exp(x + y), sp.exp(x) * sp.exp(y), None),
    (sp.exp(2 * sp.log(x)), x**2, "x > 0"),
    (sp.sqrt(x**2), x, "x >= 0"),
    (sp.sqrt(x**2), -x, "x <= 0"),
    (sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, None),
    (sp.cos(2 * x), 1 - 2 * sp.sin(x) ** 2, None),
    (sp.tanh(u), 2 * sigma(2 * u) - 1, None),
    ((a * x + b) ** 2 - 2 * a * x * b, a**2 * x**2 + b**2, None),
    (sp.log((1 + x) ** 2 * y), 2 * sp.log(1 + x) + sp.log(y), "x > 0, y > 0"),
    (sp.Matrix([[x, 1], [0, x]]) ** 2, sp.Matrix([[x**2, 2 * x], [0, x**2]]), None),
    (softplus(u) - softplus(-u), u, None),
    (sp.diff(softplus(u), u), sigma(u), None),
    (sp.log(sigma(u) / (1 - sigma(u))), u, None),  # the logit inverts the sigmoid
    (sp.log(sp.exp(u) + sp.exp(v)), a + sp.log(sp.exp(u - a) + sp.exp(v - a)), None),  # log-sum-exp shift
    (sp.log(sp.exp(u) + sp.exp(v)), u + softplus(v - u), None),
    (x**a * x**b, x ** (a + b), "x > 0"),
    (sp.log(x**a), a * sp.log(x), "x > 0"),
    (sp.sin(x + y), sp.sin(x) * sp.cos(y) + sp.cos(x) * sp.sin(y), None),
]


@pytest.mark.parametrize(("lhs", "rhs", "assumptions"), TRUE)
def test_true_identities_are_proven_with_steps(lhs, rhs, assumptions):
    result = check_identity(lhs, rhs, assumptions=assumptions)
    assert result.proven, result.notes
    assert result.steps
    result.latex()
    result.to_json()


# --- ≥ 10 false identities, each witness substituted back ----------------------------------

FALSE = [
    ((x + 1) ** 2, x**2 + 1, None),
    (sp.sqrt(x**2), x, None),
    (sp.log(x + y), sp.log(x) + sp.log(y), "x > 0, y > 0"),
    (sigma(-u), sigma(u), None),
    (sp.diff(sigma(u), u), sigma(u) ** 2, None),
    (sp.exp(x * y), sp.exp(x) * sp.exp(y), None),
    ((x + y) ** 3, x**3 + y**3, None),
    (1 / (x + y), 1 / x + 1 / y, "x > 0, y > 0"),
    (sp.sin(2 * x), 2 * sp.sin(x), None),
    (sp.log(1 + sp.exp(u)), u, None),
    (x / (x + 1), 1 - 1 / x, "x > 0"),
    (sp.log(x) ** 2, 2 * sp.log(x), "x > 1"),
    (softplus(u) - softplus(-u), -u, None),
    (sp.exp(u) / (1 + sp.exp(u)), sigma(-u), None),
    (sp.pi, sp.Rational(355, 113), None),  # differ by 2.7e-7: the sign is still certified
    (sp.exp(sp.pi * sp.sqrt(163)), 640320**3 + 744, None),  # differ by 7.5e-13 at 2.6e17
]


@pytest.mark.parametrize(("lhs", "rhs", "assumptions"), FALSE)
def test_false_identities_are_refuted_with_exact_witnesses(lhs, rhs, assumptions):
    result = check_identity(lhs, rhs, assumptions=assumptions)
    assert result.refuted, result.notes
    _substitute_back(lhs, rhs, assumptions, result)


def test_false_matrix_identity_names_the_entry():
    A = sp.Matrix([[x, 1], [0, x]])
    result = check_identity(A**2, sp.Matrix([[x**2, 1], [0, x**2]]))
    assert result.refuted and "entry (1, 2)" in result.witness.description
    point = {x: result.witness["x"]}
    assert ((A**2)[0, 1] - 1).xreplace(point) != 0


def test_witness_respects_coupled_assumptions():
    result = check_identity(x - y, sp.Abs(x - y), assumptions="x < y")
    assert result.refuted
    assert result.witness["x"] < result.witness["y"]


def test_sqrt_of_a_square_is_refuted_at_minus_one():
    result = check_identity(sp.sqrt(x**2), x)
    assert result.refuted and result.witness.values == {"x": -1}
    assert sp.sqrt(x**2).xreplace({x: -1}) - (-1) == 2


def test_log_of_a_product_without_positivity_is_not_proven_and_not_refuted():
    # Decision (documented in check_identity): identities are claimed where both sides are
    # defined and real.  Without x, y > 0 the two sides agree wherever both are real
    # (x, y > 0), so there is no real counterexample; at x = y = -1 the right-hand side
    # 2 log(-1) is not real.  The honest answer is undecided, never proven.
    result = check_identity(sp.log(x * y), sp.log(x) + sp.log(y))
    assert result.verdict.value == "undecided"
    assert any("counterexample" in n for n in result.notes)
    # with the positivity that makes it true, it is proven
    assert check_identity(sp.log(x * y), sp.log(x) + sp.log(y), assumptions="x > 0, y > 0").proven


def test_a_point_where_a_side_is_not_real_is_no_witness():
    # SymPy evaluates sqrt(-1)*sqrt(-1) to -1 != sqrt(1); in the reals the right-hand side is undefined there
    result = check_identity(sp.sqrt(x * y), sp.sqrt(x) * sp.sqrt(y))
    assert not result.refuted
    assert real_enclosure(sp.sqrt(x) * sp.sqrt(y), {x: -1, y: -1}) is None
    assert check_identity(sp.sqrt(x * y), sp.sqrt(x) * sp.sqrt(y), assumptions="x >= 0, y >= 0").proven


def test_real_enclosure_is_a_rigorous_ball():
    ball = real_enclosure(sp.exp(sp.pi * sp.sqrt(163)) - 640320**3 - 744)
    assert ball < 0 and ball > -sp.Rational(1, 10**12)
    assert real_enclosure(sp.log(x), {x: 0}) is None
    assert real_enclosure(1 / x, {x: 0}) is None
    assert real_enclosure(sp.sqrt(x), {x: 0}).is_zero()


def test_witness_is_reported_in_the_variables_order():
    result = check_identity(x + y, x - y, variables=[y, x])
    assert result.refuted and list(result.witness.values) == ["y", "x"]
    assert result.witness["y"] != 0


def test_user_symbols_own_assumptions_are_respected():
    xp, yp = sp.symbols("x y", positive=True)
    # positivity carried by the symbols themselves proves the log rule ...
    assert check_identity(sp.log(xp * yp), sp.log(xp) + sp.log(yp)).proven
    # ... and keeps witnesses out: sqrt((x+1)^2) = x + 1 is true for x > 0 (false at x = -2)
    assert check_identity(sp.sqrt(xp**2 + 2 * xp + 1), xp + 1).proven
    false = check_identity(sp.sqrt(xp**2 + 2 * xp + 1), xp - 1)
    assert false.refuted and false.witness["x"] > 0
    n = sp.Symbol("n", integer=True)
    result = check_identity(sp.sin(n), 0)
    assert result.refuted and result.witness["n"].is_integer and sp.sin(result.witness["n"]) != 0


def test_radicands_are_factored_soundly():
    assert check_identity(sp.sqrt(x**2 + 2 * x + 1), sp.Abs(x + 1)).proven
    result = check_identity(sp.sqrt(x**2 + 2 * x + 1), x + 1)
    assert result.refuted
    point = {x: result.witness["x"]}
    assert sp.sqrt(x**2 + 2 * x + 1).xreplace(point) != (x + 1).xreplace(point)


def test_half_line_domains_are_shifted_to_their_endpoint():
    # x >= -1 makes x + 1 >= 0, which SymPy sees after x = -1 + t with t >= 0
    result = check_identity(sp.sqrt(x**2 + 2 * x + 1), x + 1, assumptions="x >= -1")
    assert result.proven and sp.Eq(x, sp.Symbol("t_x") - 1) in result.steps[0].reason.parts
    lhs, rhs = sp.log((x - 3) * (2 - y)), sp.log(x - 3) + sp.log(2 - y)
    assert check_identity(lhs, rhs, assumptions="x > 3, y < 2").proven
    # but not beyond the half-line: at x = -2 the sides are 1 and -1
    wider = check_identity(sp.sqrt(x**2 + 2 * x + 1), x + 1, assumptions="x >= -2")
    assert wider.refuted and wider.witness["x"] >= -2
    point = {x: wider.witness["x"]}
    assert sp.sqrt(x**2 + 2 * x + 1).xreplace(point) - (x + 1).xreplace(point) > 0


def test_undecided_is_said_plainly():
    # true only where both sides are real (x > 0), and no domain is given: no false proof, no false witness
    result = check_identity(sp.log(x**2), 2 * sp.log(x))
    assert not result.refuted
    assert result.verdict.value in ("proven", "undecided")


def test_bad_inputs_raise_one_clear_error():
    with pytest.raises(ShapeError, match="same shape"):
        check_identity(sp.Matrix([x, y]), sp.Matrix([[x, y]]))
    with pytest.raises(ShapeError, match="scalar"):
        check_identity(sp.Matrix([x]), x)
    with pytest.raises(ParseError):
        check_identity("__import__('os')", "x")


def test_strings_are_parsed_safely():
    assert check_identity("log(x*y)", "log(x) + log(y)", assumptions="x > 0, y > 0").proven


# --- properties -------------------------------------------------------------------------------

X, Y = sp.symbols("x y", real=True)


@settings(max_examples=60)  # each example expands a product symbolically
@given(polynomials([X, Y], max_degree=2), polynomials([X, Y], max_degree=2))
def test_products_equal_their_expansion(p, q):
    result = check_identity(p * q, sp.expand(p * q))
    assert result.proven


@settings(max_examples=40)  # each example searches rational points exactly
@given(polynomials([X, Y], max_degree=3), nonzero_rationals())
def test_a_polynomial_is_not_itself_plus_a_nonzero_rational(p, r):
    result = check_identity(p, p + r)
    assert result.refuted
    point = {s: result.witness[s.name] for s in (X, Y) if s.name in result.witness.values}
    assert p.xreplace(point) - (p + r).xreplace(point) == -r != 0


@settings(max_examples=60)  # a difference of distinct polynomials has a nonzero rational value
@given(polynomials([X, Y], max_degree=3), polynomials([X, Y], max_degree=3))
def test_distinct_polynomials_are_refuted_equal_ones_proven(p, q):
    result = check_identity(p, q)
    if sp.expand(p - q) == 0:
        assert result.proven
    else:
        assert result.refuted
        point = {X: result.witness.values.get("x", 0), Y: result.witness.values.get("y", 0)}
        assert (p - q).xreplace(point) != 0


@settings(max_examples=30)  # symbolic normal forms of exp/log expressions are slow-ish
@given(expressions([X, Y], max_leaves=5), expressions([X, Y], max_leaves=4))
def test_sound_rewrites_are_never_refuted(e, g):
    # e*g expanded and e/(1 + g^2) put over one denominator are equal to the originals everywhere
    for lhs, rhs in ((e * g, sp.expand(e * g)), (e / (1 + g**2), sp.together(e / (1 + g**2)))):
        result = check_identity(lhs, rhs)
        assert not result.refuted, result.witness


@settings(max_examples=30)  # each example evaluates a few points in ball arithmetic
@given(expressions([X, Y], max_leaves=5), nonzero_rationals(min_value=-3, max_value=3))
def test_shifted_expressions_are_refuted_with_the_shift_as_difference(e, r):
    result = check_identity(e, e + r)
    assert result.refuted
    point = {s: sp.sympify(result.witness.values.get(s.name, 0)) for s in (X, Y)}
    assert all(v.is_Rational for v in point.values())
    assert sp.simplify(e.xreplace(point) - (e + r).xreplace(point)) == -r


def test_results_compile_with_pdflatex():
    if not pdflatex_available():
        if os.environ.get("CI"):
            pytest.fail("pdflatex is required in CI")
        pytest.skip("pdflatex is not installed")
    f = 1 / (1 + sp.exp(u))
    results = [
        check_identity(-c * sp.log(f) - (1 - c) * sp.log(1 - f), softplus(u) - (1 - c) * u),
        check_identity(-c * sp.log(f) - (1 - c) * sp.log(1 - f), softplus(u) - c * u),
        check_identity(sp.sqrt(x**2 + 2 * x + 1), x + 1, assumptions="x >= -1"),
        check_identity(sp.log(x * y), sp.log(x) + sp.log(y), assumptions="x > 0, y > 0"),
        check_identity(sp.log(x * y), sp.log(x) + sp.log(y)),
        check_identity(sp.Matrix([[x, 1]]), sp.Matrix([[x, 2]])),
    ]
    assert [r.verdict.value for r in results] == [
        "proven",
        "refuted",
        "proven",
        "proven",
        "undecided",
        "refuted",
    ]
    assert compile_snippet("\n".join(r.latex() for r in results)).exists()


def test_huge_constants_shifted_by_a_rational_are_refuted():
    # exp(exp(8)) has ~1300 digits: no ball separates it from exp(exp(8)) + 1/3, SymPy's difference does
    huge = sp.exp(sp.exp(8))
    result = check_identity(huge, huge + sp.Rational(1, 3))
    assert result.refuted
    assert sp.simplify(result.witness.shows.lhs - result.witness.shows.rhs) == -sp.Rational(1, 3)
