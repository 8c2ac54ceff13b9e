"""Soundness of sign_conditions on random univariate polynomials (issue 14).

The sign sets are checked against exact evaluation, independently of the kernel:
at random rational points, at every real root (each reported zero is a root, and every
real root of the polynomial is reported), and at a rational point between every two
consecutive roots (and beyond the extreme ones).  Repeated roots and irrational roots are
generated on purpose.  Run with ``--hypothesis-profile thorough`` for thousands of
random examples.
"""

import itertools

import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symml import sign_conditions
from symml.strategies import polynomials, rationals

p = sp.Symbol("p")
t = sp.Dummy("t")

_linear = rationals(min_value=-3, max_value=3).map(lambda r: p - r)
_irrational = st.sampled_from([2, 3, 5, 6, 7]).map(lambda c: p**2 - c)
_shifted_irrational = st.tuples(st.sampled_from([2, 3, 5]), rationals(min_value=-2, max_value=2)).map(
    lambda cr: (p - cr[1]) ** 2 - cr[0]
)
_no_real_root = st.sampled_from([1, 2, 5]).map(lambda c: p**2 + c)
_cubic = st.sampled_from([p**3 - 2, p**3 - 3 * p + 1, p**3 - p - 1])
_factor = st.one_of(_linear, _irrational, _shifted_irrational, _no_real_root, _cubic)


def _degree(e):
    return sp.Poly(e, p).degree()


@st.composite
def _structured(draw):
    """A product of factors with multiplicities, degree <= 6, times a nonzero rational."""
    product, degree = sp.Integer(1), 0
    for factor in draw(st.lists(_factor, min_size=1, max_size=4)):
        mult = draw(st.integers(1, 3))
        if degree + mult * _degree(factor) > 6:
            continue
        product *= factor**mult
        degree += mult * _degree(factor)
    lead = draw(rationals(min_value=-4, max_value=4).filter(lambda r: r != 0))
    return sp.expand(lead * product)


_random = polynomials([p], max_degree=6, max_terms=7)
univariate = st.one_of(_structured(), _random).filter(lambda e: e.free_symbols == {p})


def _set_of(sc, sign):
    return {1: sc.positive, 0: sc.zero, -1: sc.negative}[sign]


def _sign(value):
    value = sp.Rational(value)
    return int(value.p > 0) - int(value.p < 0)


def _root_brackets(poly):
    """Disjoint rational brackets of the distinct real roots, with rational gaps between them."""
    sqf = sp.Poly(poly, p).sqf_part()
    brackets = [(sp.Rational(a), sp.Rational(b)) for (a, b), _ in sqf.intervals()]
    while any(u[1] >= v[0] for u, v in itertools.pairwise(brackets)):
        brackets = [
            (a, b) if a == b else tuple(map(sp.Rational, sqf.refine_root(a, b, eps=(b - a) / 4)))
            for a, b in brackets
        ]
    return sqf, brackets


def _is_root(poly, z):
    if z.is_Rational:
        return poly.xreplace({p: z}) == 0
    minimal = sp.Poly(sp.minimal_polynomial(z, t), t)
    return sp.Poly(poly.xreplace({p: t}), t).rem(minimal).is_zero


def _in_bracket(z, a, b):
    if a == b:
        return z == a
    return bool(sp.Rational(a) < z) and bool(z < sp.Rational(b))


@given(univariate, st.lists(rationals(min_value=-8, max_value=8), max_size=6))
def test_sign_sets_agree_with_exact_evaluation(poly, points):
    sc = sign_conditions(poly, p)
    assert sc is not None
    assert sc.undefined is sp.S.EmptySet
    sqf, brackets = _root_brackets(poly)
    # every reported zero is a root, and every real root is reported exactly once
    zeros = [] if sc.zero is sp.S.EmptySet else list(sc.zero) if isinstance(sc.zero, sp.FiniteSet) else None
    assert zeros is not None, f"zero set {sc.zero} of {poly} is not a finite set of roots"
    assert len(zeros) == len(brackets), (poly, sc.zero)
    assert all(_is_root(poly, z) for z in zeros), (poly, sc.zero)
    for a, b in brackets:
        assert sum(_in_bracket(z, a, b) for z in zeros) == 1, (poly, sc.zero, (a, b))
    # between consecutive roots, and beyond the extreme ones: one rational point each
    ends = [b for _, b in brackets]
    starts = [a for a, _ in brackets]
    samples = [(u + v) / 2 for u, v in zip(ends, starts[1:])]
    samples += [starts[0] - 1, ends[-1] + 1] if brackets else [sp.Integer(0)]
    for v in [*samples, *points]:
        value = poly.xreplace({p: v})
        for sign in (-1, 0, 1):
            expected = sp.true if _sign(value) == sign else sp.false
            assert _set_of(sc, sign).contains(v) is expected, (poly, v, sign, sc)


def test_regression_zero_set_of_two_p_squared_minus_p():
    sc = sign_conditions(2 * p**2 - p, p)
    assert sc.zero == sp.FiniteSet(0, sp.Rational(1, 2))
    assert sc.negative == sp.Interval.open(0, sp.Rational(1, 2))
    assert sc.positive == sp.Union(sp.Interval.open(-sp.oo, 0), sp.Interval.open(sp.Rational(1, 2), sp.oo))
