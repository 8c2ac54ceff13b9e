"""The public strategies generate what they promise, checked exactly."""

from __future__ import annotations

from itertools import combinations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.strategies import (
    expressions,
    invertible_matrices,
    matrices,
    nonzero_rationals,
    pd_matrices,
    polynomials,
    positive_rationals,
    psd_matrices,
    quadratics,
    rationals,
    symmetric_matrices,
    variables,
)

x, y, z = sp.symbols("x y z", real=True)
sizes = st.integers(1, 3)


def principal_minors(A: sp.Matrix) -> list[sp.Expr]:
    n = A.rows
    return [
        A.extract(list(idx), list(idx)).det() for k in range(1, n + 1) for idx in combinations(range(n), k)
    ]


def leading_minors(A: sp.Matrix) -> list[sp.Expr]:
    return [A[:k, :k].det() for k in range(1, A.rows + 1)]


def is_exact(value: sp.Basic) -> bool:
    return not value.has(sp.Float)


@given(rationals(min_value=-2, max_value=sp.Rational(7, 3), max_denominator=5))
def test_rationals_respect_bounds_and_denominator(q):
    assert isinstance(q, sp.Rational)
    assert -2 <= q <= sp.Rational(7, 3) and q.q <= 5


@given(rationals(max_denominator=1))
def test_rationals_with_denominator_one_are_integers(q):
    assert q.is_Integer


@given(nonzero_rationals(min_value=-1, max_value=1))
def test_nonzero_rationals(q):
    assert q != 0 and -1 <= q <= 1


@given(positive_rationals(max_value=3))
def test_positive_rationals(q):
    assert 0 < q <= 3


@given(sizes.flatmap(lambda n: st.tuples(st.just(n), variables(n))))
def test_variables_are_distinct_real_symbols(data):
    n, symbols = data
    assert len(symbols) == n == len(set(symbols))
    assert all(isinstance(s, sp.Symbol) and s.is_real for s in symbols)


@given(variables(2, real=False))
def test_plain_variables_have_no_assumptions(symbols):
    assert all(s.is_real is None for s in symbols)


def test_variables_rejects_bad_sizes():
    with pytest.raises(ValueError):
        variables(0)
    with pytest.raises(ValueError):
        variables(9)


@given(polynomials([x, y], max_degree=3, max_terms=5))
def test_polynomials_have_bounded_degree_and_exact_coefficients(f):
    assert is_exact(f)
    if f != 0:
        poly = sp.Poly(f, x, y)
        assert poly.total_degree() <= 3
        assert len(poly.terms()) <= 5
        assert all(c.is_Rational for c in poly.coeffs())


@given(polynomials([x], coefficients=st.just(sp.Integer(2)), max_terms=2))
def test_polynomials_use_the_given_coefficients(f):
    assert f == 0 or set(sp.Poly(f, x).coeffs()) == {2}


@settings(max_examples=60)  # substitutes several points into a symbolic tree
@given(
    st.integers(1, 2)
    .flatmap(variables)
    .flatmap(
        lambda vs: st.tuples(
            st.just(vs), expressions(vs), st.lists(rationals(min_value=-3, max_value=3), min_size=2)
        )
    )
)
def test_expressions_are_exact_and_real_wherever_evaluated(data):
    symbols, f, values = data
    assert is_exact(f)
    assert f.free_symbols <= set(symbols)
    point = dict(zip(symbols, values))
    value = f.subs(point)
    assert not value.has(sp.zoo, sp.nan, sp.oo, sp.I)
    assert value.is_real is True  # decided by SymPy's assumptions, exactly


@given(expressions([x], functions=False))
def test_expressions_without_functions_are_rational_functions(f):
    assert f.is_rational_function(x)


@given(sizes.flatmap(lambda r: sizes.flatmap(lambda c: matrices(r, c).map(lambda M: (r, c, M)))))
def test_matrices_have_the_shape_asked_for(data):
    rows, cols, M = data
    assert isinstance(M, sp.ImmutableMatrix) and M.shape == (rows, cols) and is_exact(M)


@given(sizes.flatmap(symmetric_matrices))
def test_symmetric_matrices_are_symmetric(A):
    assert isinstance(A, sp.ImmutableMatrix) and A == A.T


@given(sizes.flatmap(invertible_matrices))
def test_invertible_matrices_have_nonzero_determinant(A):
    assert A.is_square and A.det() != 0
    assert A * A.inv() == sp.eye(A.rows)


@given(sizes.flatmap(psd_matrices))
def test_psd_matrices_are_symmetric_with_nonnegative_principal_minors(A):
    # Exact PSD test: all principal minors (not only the leading ones) are >= 0.
    assert A == A.T
    assert all(m >= 0 for m in principal_minors(A))


@settings(max_examples=80)  # 3x3 ranks and seven minors per example
@given(st.integers(0, 3).flatmap(lambda r: st.tuples(st.just(r), psd_matrices(3, rank=r))))
def test_psd_matrices_have_the_rank_asked_for(data):
    rank, A = data
    assert A.rank() == rank
    assert all(m >= 0 for m in principal_minors(A))


@settings(max_examples=100)  # determinants of products of three rational matrices
@given(sizes.flatmap(pd_matrices))
def test_pd_matrices_pass_sylvester(A):
    assert A == A.T
    assert all(m > 0 for m in leading_minors(A))


def test_psd_rank_out_of_range():
    with pytest.raises(ValueError):
        psd_matrices(2, rank=3)


@settings(max_examples=60)  # builds and differentiates a symbolic quadratic
@given(st.integers(1, 3).flatmap(variables).flatmap(lambda vs: st.tuples(st.just(vs), quadratics(vs))))
def test_quadratics_have_gradient_ax_minus_b_and_hessian_a(data):
    symbols, (f, A, b) = data
    xs = sp.Matrix(symbols)
    gradient = sp.Matrix([sp.diff(f, v) for v in symbols])
    assert sp.expand(gradient - (A * xs - b)) == sp.zeros(len(symbols), 1)
    assert sp.hessian(f, symbols) == A
    assert A == A.T and b.shape == (len(symbols), 1)


@settings(max_examples=40)  # each example checks a symbolic quadratic
@given(quadratics([x, y], matrices=pd_matrices(2)))
def test_quadratics_with_pd_matrices_have_a_unique_minimiser(q):
    f, A, b = q
    minimiser = A.solve(b)
    point = {x: minimiser[0], y: minimiser[1]}
    assert sp.diff(f, x).subs(point) == 0 and sp.diff(f, y).subs(point) == 0
    # f - f(x*) = ½ (x - x*)ᵀ A (x - x*) >= 0 exactly
    d = sp.Matrix([x, y]) - minimiser
    assert sp.expand(f - f.subs(point) - (d.T * A * d)[0, 0] / 2) == 0


@given(data=st.data())
@settings(max_examples=25)  # each example builds a space and checks its axioms exactly
def test_probability_strategies_are_public_and_generate_measures(data):
    from symml import strategies as public

    space = data.draw(public.finite_spaces())
    assert sum(space.weights.values()) == 1 and all(w >= 0 for w in space.weights.values())
    event = data.draw(public.events(space))
    assert 0 <= space.P(event).value <= 1
    assert set(public.__all__) >= {"finite_spaces", "events", "random_variables", "probability_vectors"}
