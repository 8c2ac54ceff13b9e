"""Several parameters: one exact split by the principal-minor criteria (issue 14, step 3).

The split is computed once; Hypothesis then picks parameter values, and the case that
holds there must say what exact arithmetic says about the Hessian at those values.
Witnesses (which carry their parameter point) are substituted back.
"""

import functools

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symml import convexity, definiteness
from symml.core.errors import DomainError
from symml.strategies import rationals

x, y = sp.symbols("x y")
a, b, c = sp.symbols("a b c")
a11, a12, a21, a22, b1, b2 = sp.symbols("a11 a12 a21 a22 b1 b2")

QUADRATIC_FORM = a * x**2 + 2 * b * x * y + c * y**2
TWO_EQUATIONS = (a11 * x + a12 * y - b1) ** 2 + (a21 * x + a22 * y - b2) ** 2


@functools.cache
def _split(f):
    return convexity(f, [x, y])


def _expected(H):
    """The curvature of a quadratic with constant rational Hessian H, from its eigenvalues' signs."""
    signs = {int(sp.sign(sp.radsimp(l))) for l in H.eigenvals(multiple=True)}
    if signs == {0}:
        return "affine"
    if signs == {1}:
        return "strictly convex"
    if signs == {-1}:
        return "strictly concave"
    if signs == {0, 1}:
        return "convex"
    if signs == {0, -1}:
        return "concave"
    return "neither"


def _check_chord(f, point, witness, against):
    values = {s: witness[s.name] for s in f.free_symbols - {x, y}}
    g = f.xreplace(values)
    p, q, lam = witness["x"], witness["x'"], witness["lambda"]
    mid = [lam * u + (1 - lam) * v for u, v in zip(p, q)]

    def at(v):
        return g.xreplace(dict(zip((x, y), v)))

    gap = at(mid) - (lam * at(p) + (1 - lam) * at(q))
    assert (gap > 0) if against == "convex" else (gap < 0)
    # the witness's parameter point lies in the case it refutes
    assert values and all(v.is_Rational for v in values.values())


def test_quadratic_form_is_one_clean_split():
    cases = _split(QUADRATIC_FORM)
    assert cases.verified  # disjoint and covering, checked by z3
    kinds = sorted(r.curvature.value for _, r in cases)
    assert kinds == sorted(["strictly convex", "strictly concave", "affine", "convex", "concave", "neither"])
    assert all(r.verdict.value == "proven" for _, r in cases)
    for cond, r in cases:
        if r.curvature.value == "neither":
            _check_chord(QUADRATIC_FORM, None, r.witness, "convex")
            _check_chord(QUADRATIC_FORM, None, r.concave_witness, "concave")
            assert cond.subs({a: r.witness["a"], b: r.witness["b"], c: r.witness["c"]}) is sp.true


_small = st.one_of(st.sampled_from([0, 0, 1, -1]).map(sp.Integer), rationals(min_value=-3, max_value=3))


@given(_small, _small, _small)
def test_quadratic_form_case_agrees_with_exact_eigenvalues(av, bv, cv):
    got = _split(QUADRATIC_FORM).where(a=av, b=bv, c=cv)
    H = sp.Matrix([[2 * av, 2 * bv], [2 * bv, 2 * cv]])
    assert got.curvature.value == _expected(H)


@given(st.lists(st.integers(-2, 2), min_size=4, max_size=4), st.integers(-2, 2), st.integers(-2, 2))
def test_two_equation_least_squares(entries, r1, r2):
    cases = _split(TWO_EQUATIONS)
    assert cases.verified
    values = dict(zip((a11, a12, a21, a22, b1, b2), [*map(sp.Integer, entries), r1, r2]))
    got = cases.where(**{s.name: v for s, v in values.items()})
    A = sp.Matrix(2, 2, entries)
    assert got.curvature.value == _expected(2 * A.T * A)


def test_definiteness_of_a_general_symmetric_matrix():
    cases = definiteness(sp.Matrix([[a, b], [b, c]]))
    assert cases.verified
    assert cases.where(a=1, b=0, c=1).value == "positive definite"
    assert cases.where(a=1, b=1, c=1).value == "positive semidefinite"
    assert cases.where(a=0, b=0, c=0).value == "zero"
    indefinite = cases.where(a=1, b=2, c=1)
    assert indefinite.value == "indefinite"
    w = next(r.witness for _, r in cases if r.value == "indefinite")
    M = sp.Matrix([[w["a"], w["b"]], [w["b"], w["c"]]])
    assert (w["v"].T * M * w["v"])[0] > 0 > (w["w"].T * M * w["w"])[0]


def test_piecewise_losses_are_decided_by_their_pieces_and_joins():
    # Huber and hinge-like losses: convex on every piece, continuous, slopes never drop
    half = sp.Rational(1, 2)
    huber = sp.Piecewise((x**2 / 2, sp.Abs(x) <= 1), (sp.Abs(x) - half, True))
    assert [r.curvature.value for _, r in convexity(huber, [x])] == ["convex"]
    slopes_drop = sp.Piecewise((2 * x, x < 0), (x, True))
    assert [r.curvature.value for _, r in convexity(slopes_drop, [x])] == ["concave"]
    # x**2 then x: continuous, but the slope drops from 2 to 1 at x = 1, so not convex
    (_, r), = convexity(sp.Piecewise((x**2, x < 1), (x, True)), [x])
    assert r.curvature.value == "neither"
    g = sp.Piecewise((x**2, x < 1), (x, True))
    w = r.witness
    p, q, lam = w["x"], w["x'"], w["lambda"]
    assert g.subs(x, lam * p + (1 - lam) * q) > lam * g.subs(x, p) + (1 - lam) * g.subs(x, q)


def test_special_functions_and_coupled_domains_are_handled():
    z = sp.Symbol("z")
    (_, r), = convexity(sp.loggamma(x), [x], domain=x > 0)
    assert r.curvature.value == "strictly convex"
    (_, r), = convexity(y**2 / x + z, [x, y, z], domain=[x * z - y**2 > 0, x > 0])
    assert r.curvature.value == "convex"
    (_, r), = convexity(-sp.log(x * z - y**2), [x, y, z], domain=[x * z - y**2 > 0, x > 0])
    assert r.curvature.value in ("strictly convex", "convex", "undecided")


# --- witnesses that depend on the parameter (x0 ± h(a), certified on the whole cell) ---

FAMILIES = {  # the function and its curvature as a function of a (from f'' by hand)
    "x**4 + a*x**2": (x**4 + a * x**2, lambda v: "neither" if v < 0 else "strictly convex"),
    "a*x**4 - x**2": (a * x**4 - x**2, lambda v: "strictly concave" if v <= 0 else "neither"),
    "x**4 - a*x**2 + a**2*x": (
        x**4 - a * x**2 + a**2 * x,
        lambda v: "strictly convex" if v <= 0 else "neither",
    ),
    # f'' = -12x(2(1 - a)x + a**2) > 0 between its roots 0 and a**2/(2(a - 1)) when a < 1
    "2(a - 1)x**4 - 2a**2 x**3 + 2x": (
        2 * (a - 1) * x**4 - 2 * a**2 * x**3 + 2 * x,
        lambda v: "strictly concave" if v == 0 else "neither",
    ),
}


def _chord_gap(f, w):
    """λ f(x) + (1 − λ) f(x') − f(λ x + (1 − λ) x') for a witness's points."""
    lam, p, q = w["lambda"], w["x"], w["x'"]
    return lam * f.subs(x, p) + (1 - lam) * f.subs(x, q) - f.subs(x, lam * p + (1 - lam) * q)


@functools.cache
def _family(name):
    f, _ = FAMILIES[name]
    return convexity(f, [x])


def test_parametric_families_are_decided_for_every_parameter_value():
    for name, (_, expected) in FAMILIES.items():
        for v in (-3, -1, sp.Rational(-1, 100), 0, sp.Rational(1, 100), 1, 3):
            (case,) = [case for cond, case in _family(name) if cond.subs(a, v) is sp.true]
            assert case.value == expected(v), (name, v)


@given(st.sampled_from(sorted(FAMILIES)), rationals(min_value=-50, max_value=50, max_denominator=1000))
def test_parametric_witnesses_substitute_back_at_every_parameter_value(name, value):
    """At any a of a 'neither' case, both witnesses' chords fail (2.24) exactly, and the points
    are real numbers there (the witness is one formula in a for the whole case)."""
    f, _ = FAMILIES[name]
    for cond, case in _family(name):
        if case.value != "neither" or cond.subs(a, value) is not sp.true:
            continue
        for w, sign in ((case.witness, -1), (case.concave_witness, 1)):
            at = {k: sp.Rational(1, 2) if k == "lambda" else v.subs(a, value) for k, v in w.values.items()}
            gap = sp.nsimplify(_chord_gap(f.subs(a, value), at))
            assert sp.sign(gap) == sign, (name, value, at, gap)
            rel = w.shows
            assert rel.func(rel.lhs.subs(a, value), rel.rhs.subs(a, value)) is sp.true


def test_parameter_values_where_f_is_undefined_at_a_point_are_a_case_of_their_own():
    """|x|**a is not defined at x = 0 when a < 0: that case says so (the other cases are
    still decided); log(x) on R is undefined whatever a is, so a*log(x) is a DomainError."""
    t = sp.Symbol("t", real=True)
    cases = {str(cond): case for cond, case in convexity(sp.Abs(t) ** a, [t])}
    assert cases["a < 0"].value == "undefined" and "x = 0" not in cases["a < 0"].notes[0]
    assert "t = 0" in cases["a < 0"].notes[0] and (sp.Abs(t) ** -1).subs(t, 0) == sp.zoo
    assert cases["a > 1"].value == "strictly convex"
    with pytest.raises(DomainError):
        convexity(a * sp.log(t), [t])
