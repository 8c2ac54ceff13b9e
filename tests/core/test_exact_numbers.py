"""The kernel's exact numbers: number_sign, exact order, rationals strictly between, floats."""

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symml.core.errors import InvalidValueError
from symml.core.exact.cells import line_segments, line_sign_pattern, real_zeros
from symml.core.exact.numbers import (
    compare,
    number_sign,
    rational_between,
    real_roots,
    sort_numbers,
    to_rational,
    value_expr,
)
from symml.strategies import rationals

x = sp.Symbol("x", real=True)


@pytest.mark.parametrize(
    ("value", "sign"),
    [
        (sp.Rational(-3, 7), -1),
        (sp.CRootOf(x**5 - x - 1, 0) - sp.Rational(7, 6), 1),  # the root is 1.1673...
        (sp.CRootOf(x**5 - x - 1, 0) - sp.Rational(117, 100), -1),
        (sp.sqrt(2) + sp.sqrt(3) - sp.sqrt(5 + 2 * sp.sqrt(6)), 0),  # exact zero: minimal polynomial
        (sp.pi - sp.Rational(22, 7), -1),
        (sp.exp(sp.pi * sp.sqrt(163)) - 640320**3 - 744, -1),  # 7.5e-13 below an integer
        (sp.loggamma(sp.Rational(1, 2)) - sp.log(sp.sqrt(sp.pi)), 0),
        (sp.erf(1) - sp.Rational(84, 100), 1),
    ],
)
def test_number_sign_is_exact(value, sign):
    assert number_sign(value) == sign


@pytest.mark.parametrize("value", [sp.log(-2), sp.zoo, sp.nan, sp.sqrt(-1), sp.Float(0.5), sp.Symbol("a")])
def test_number_sign_refuses_what_is_not_a_real_constant(value):
    assert number_sign(value) is None


def test_to_rational_is_the_shortest_decimal():
    assert to_rational(0.1) == sp.Rational(1, 10)
    assert to_rational(sp.Float("2.5")) == sp.Rational(5, 2)
    with pytest.raises(InvalidValueError):
        to_rational(float("nan"))


_numbers = st.one_of(
    rationals(min_value=-5, max_value=5),
    st.integers(2, 30).map(sp.sqrt),
    st.integers(2, 30).map(lambda n: -sp.sqrt(n) / 2),
    st.integers(2, 9).map(lambda n: sp.CRootOf(x**3 - n, 0)),
    st.integers(2, 9).map(sp.log),
)


@given(_numbers, _numbers)
def test_rational_between_lies_strictly_inside(u, v):
    order = compare(u, v)
    assert order == number_sign(u - v)
    if order == 0:
        return
    lo, hi = (u, v) if order < 0 else (v, u)
    r = rational_between(lo, hi)
    assert r.is_Rational
    assert number_sign(r - lo) == 1 and number_sign(hi - r) == 1


@given(st.lists(_numbers, max_size=5))
def test_line_segments_are_ordered_with_samples_inside(values):
    segments = line_segments(values)
    points = [s.lower for s in segments if s.kind == "point"]
    assert len(points) == len(sort_numbers(values)) - sum(
        compare(a, b) == 0 for a, b in zip(sort_numbers(values), sort_numbers(values)[1:])
    )
    for seg in segments:
        if seg.kind == "open":
            assert seg.lower == -sp.oo or number_sign(seg.sample - seg.lower) == 1
            assert seg.upper == sp.oo or number_sign(seg.upper - seg.sample) == 1


def test_real_roots_are_separated_and_exact():
    roots = real_roots([x**2 - 2, 2 * x - 3, x**3 - 3 * x + 1], x)
    values = [value_expr(r) for r in roots]
    assert len(values) == 6
    assert all(number_sign(b - a) == 1 for a, b in zip(values, values[1:]))


def test_sign_pattern_orders_transcendental_zeros_exactly():
    pattern = line_sign_pattern(sp.exp(x) - 2, x, sp.Interval(-sp.oo, sp.oo))
    assert pattern.zeros == (sp.log(2),)
    assert [s for _, _, s in pattern.pieces] == [-1, 1]
    assert real_zeros(sp.sin(x), x, sp.Interval.open(0, sp.pi)) == []
