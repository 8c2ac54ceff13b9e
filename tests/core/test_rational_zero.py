"""The kernel's rational-function zero test agrees with SymPy's cancel, and decides identities exactly."""

import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from symml.core.exact.rational import rational_function_is_zero
from symml.strategies import polynomials

a, b, c = sp.symbols("a b c", real=True)
polys = polynomials([a, b, c], max_degree=3, max_terms=4)


@given(polys, polys, polys, polys)
def test_sum_of_fractions_identity(p, q, s, t):
    assume(q != 0 and t != 0)
    identity = p / q + s / t - (p * t + s * q) / (q * t)
    assert rational_function_is_zero(identity) is True


@given(polys, polys, polys, st.integers(min_value=-3, max_value=3))
def test_agrees_with_cancel(p, q, s, k):
    assume(q != 0 and s != 0)
    expr = p / q + (s / q) ** k - p * q ** (-1)
    decided = rational_function_is_zero(expr)
    assert decided is not None
    assert decided == (sp.cancel(sp.together(expr)) == 0)


def test_nested_and_repeated_denominators():
    n = a + b + c
    mean = (a * 2 + b * 3 + c * 5) / n
    gradient = -2 * (a * (2 - mean) + b * (3 - mean) + c * (5 - mean))  # zeroed by the mean
    assert rational_function_is_zero(gradient) is True
    assert rational_function_is_zero(gradient + 1 / n) is False
    assert rational_function_is_zero(1 / (1 + 1 / a) - a / (a + 1)) is True


def test_not_a_rational_function_is_left_undecided():
    assert rational_function_is_zero(sp.sqrt(2) * a - sp.sqrt(2) * a + sp.sqrt(a)) is None
    assert rational_function_is_zero(sp.exp(a) - 1) is None
    assert rational_function_is_zero(a**b) is None
    assert rational_function_is_zero(sp.Float(0.5) * a) is None
    assert rational_function_is_zero(sp.Rational(1, 3) - sp.Rational(2, 6)) is True
