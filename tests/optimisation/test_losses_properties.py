"""Property tests of the chapter-2 losses on random rational data (Hypothesis).

symml.strategies had no dataset strategy when these were written, so small private
strategies for rational datasets live here.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import symml


def rationals(bound: int = 4, denominators: int = 3) -> st.SearchStrategy[sp.Rational]:
    """Small exact rationals p/q with |p| <= bound * q, q <= denominators."""
    return st.builds(
        lambda p, q: sp.Rational(p, q),
        st.integers(-bound * denominators, bound * denominators),
        st.integers(1, denominators),
    )


@st.composite
def datasets(draw, max_n: int = 5, max_m: int = 2, labels: bool = False):
    """(X, y) with N in [1, max_n] rows, M in [1, max_m] rational features; y rational or 0/1."""
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(1, max_m))
    X = [[draw(rationals()) for _ in range(m)] for _ in range(n)]
    y = [draw(st.integers(0, 1)) if labels else draw(rationals()) for _ in range(n)]
    return X, y


def _is_zero(M):
    return all(sp.cancel(sp.together(e)) == 0 for e in M)


# Each example runs exact rank/pinv/Gram computations: 30 examples keep this under ~3 s.
@settings(max_examples=30, deadline=None)
@given(datasets())
def test_least_squares_minimisers_zero_the_gradient(data):
    X, y = data
    fit = symml.least_squares(X, y)
    sol = fit.solution
    at = dict(zip(fit.variables, sol.minimiser))
    assert fit.gradient.subs(at) == sp.zeros(len(fit.variables), 1)
    assert fit.loss.subs(at) == sol.minimum
    # every member of the general solution is a minimiser with the same value
    general = dict(zip(fit.variables, sol.general))
    assert _is_zero(fit.gradient.subs(general))
    assert sp.expand(fit.loss.subs(general) - sol.minimum) == 0
    # uniqueness is exactly full column rank, and strict convexity agrees
    assert sol.unique == (fit.rank == len(fit.variables))
    assert fit.strict_convexity.proven == sol.unique
    if not sol.unique:
        v = fit.strict_convexity.witness["v"]
        assert fit.design * v == sp.zeros(len(X), 1) and any(e != 0 for e in v)


@settings(max_examples=40, deadline=None)
@given(datasets(), st.lists(rationals(), min_size=3, max_size=3))
def test_least_squares_gradient_is_sympy_derivative_and_minimum_is_global(data, point):
    X, y = data
    fit = symml.least_squares(X, y)
    expanded = sp.expand(fit.loss)
    assert _is_zero(sp.Matrix([sp.diff(expanded, v) for v in fit.variables]) - fit.gradient_matrix)
    # the minimum value is below the loss at any other exact point
    other = dict(zip(fit.variables, point))
    assert fit.loss.subs(other) >= fit.solution.minimum


# The symbolic differentiation of log/exp sums is the slow part: 15 examples.
@settings(max_examples=15, deadline=None)
@given(datasets(max_n=4, labels=True))
def test_logistic_gradient_is_sympy_derivative(data):
    X, c = data
    model = symml.logistic_regression(X, c)
    grad = sp.Matrix([sp.diff(model.loss, v) for v in model.variables])
    assert _is_zero(grad - model.gradient)
    assert _is_zero(model.gradient - model.gradient_matrix)
    # separability is always decided, with a certificate that checks out exactly
    A = sp.diag(*[2 * ci - 1 for ci in model.c]) * model.design
    sep = model.separation
    if sep.proven:
        assert all(m >= 1 for m in A * sep.value)
    else:
        lam = sep.witness["lambda"]
        assert sep.refuted and A.T * lam == sp.zeros(A.cols, 1)
        assert all(e >= 0 for e in lam) and sum(lam) == 1


# Each example builds a logistic model (exact LPs, checked identities): 15 examples.
@settings(max_examples=15, deadline=None)
@given(
    datasets(max_n=4, labels=True),
    st.lists(rationals(), min_size=3, max_size=3),
    st.lists(rationals(), min_size=3, max_size=3),
)
def test_logistic_hessian_is_psd_on_random_data(data, params, v):
    X, c = data
    model = symml.logistic_regression(X, c)
    P = len(model.variables)
    H = model.hessian.subs(dict(zip(model.variables, params[:P])))
    vec = sp.Matrix(v[:P])
    # v^T H v as a sum of (provably positive weight) * square, equal to the matrix form
    weights = [
        sp.exp(u) / (1 + sp.exp(u)) ** 2 for u in model.exponents.subs(dict(zip(model.variables, params[:P])))
    ]
    proj = model.design * vec
    sos = sp.Add(*[w * p**2 for w, p in zip(weights, proj)]) / len(X)
    assert sp.cancel(sp.together((vec.T * H * vec)[0] - sos)) == 0
    assert all(w.is_positive for w in weights)
    assert sos.is_nonnegative


@settings(max_examples=40, deadline=None)
@given(datasets(max_n=6), st.data())
def test_lloyd_never_increases_the_loss(data, draw):
    X, _ = data
    n, m = len(X), len(X[0])
    K = draw.draw(st.integers(1, n))
    centres = [[draw.draw(rationals()) for _ in range(m)] for _ in range(K)]
    km = symml.kmeans(X, K, centres=centres, iterations=5)
    previous = None
    for it in km.lloyd:
        if previous is not None:
            assert it.loss_assigned <= previous
        assert it.loss_after <= it.loss_assigned
        # assignment: nobody has a strictly nearer centre; ties go to the smallest index
        for i, k in enumerate(it.labels):
            d = [sum((X[i][j] - it.centres_before[q, j]) ** 2 for j in range(m)) for q in range(K)]
            assert d[k] == min(d) and d.index(min(d)) == k
        previous = it.loss_after
    assert km.monotone.proven
