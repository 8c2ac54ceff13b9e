"""The losses on data of realistic size: the exact-matrix and floating-point-candidate paths.

Least squares on numeric data runs in exact rational matrices; logistic regression finds
its separability certificates with HiGHS beyond a few points and checks them exactly.  Each
test asserts the mathematics (certificates substituted back, forms equal to SymPy's own
derivatives), never a timing.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.polys.matrices import DomainMatrix

import symml
from symml.core.results import Verdict
from symml.optimisation.losses.logistic import (
    EXACT_SIMPLEX_MAX_POINTS,
    exp_of_linear,
    find_gordan_certificate,
    find_separator,
    find_stiemke_certificate,
)
from tests.optimisation.test_losses_properties import datasets, rationals


def _signed_design(X, c) -> DomainMatrix:
    rows = [[(2 * ci - 1) * sp.Rational(v) for v in row] + [-(2 * ci - 1)] for row, ci in zip(X, c)]
    return DomainMatrix.from_Matrix(sp.Matrix(rows)).convert_to(sp.QQ)


def _lcg_points(n: int, m: int, seed: int = 3) -> list[list[sp.Rational]]:
    state, out = seed, []
    for _ in range(n):
        row = []
        for _ in range(m):
            state = (1103515245 * state + 12345) % 2**31
            row.append(sp.Rational(state % 41 - 20, 1 + state % 7))
        out.append(row)
    return out


@settings(deadline=None)
@given(datasets(max_n=24, max_m=2, labels=True))
def test_floating_point_candidates_are_exact_certificates(data):
    X, c = data
    A = _signed_design(X, c)
    Am = sp.Matrix(A.to_Matrix())
    w = find_separator(A, numeric=True)
    lam = find_gordan_certificate(A, numeric=True)
    exact_w = find_separator(A, numeric=False)
    if w is not None:
        assert all(m >= 1 for m in Am * w)  # every margin at least 1, in exact rationals
    if lam is not None:
        assert Am.T * lam == sp.zeros(Am.cols, 1) and all(v >= 0 for v in lam) and sum(lam) == 1
    # Gordan: exactly one of the two exists, and the exact simplex agrees on which
    assert w is None or lam is None
    assert (w is not None or lam is not None) or exact_w is not None or len(X) == 0
    if w is not None or lam is not None:
        assert (w is not None) == (exact_w is not None)
    mu = find_stiemke_certificate(A, numeric=True)
    if mu is not None:
        assert Am.T * mu == sp.zeros(Am.cols, 1) and all(v > 0 for v in mu)


def test_logistic_beyond_the_exact_simplex_overlapping_data():
    n = 3 * EXACT_SIMPLEX_MAX_POINTS
    X = _lcg_points(n, 2)
    c = [int(i % 3 == 0) for i in range(n)]
    model = symml.logistic_regression(X, c)
    sep = model.separation
    assert sep.verdict is Verdict.REFUTED
    lam = sep.witness["lambda"]
    A = sp.diag(*[2 * ci - 1 for ci in model.c]) * model.design
    assert A.T * lam == sp.zeros(3, 1) and all(v >= 0 for v in lam) and sum(lam) == 1
    ex = model.existence
    assert ex.verdict is Verdict.PROVEN
    assert A.T * ex.value == sp.zeros(3, 1) and all(v > 0 for v in ex.value)


def test_logistic_beyond_the_exact_simplex_separable_data():
    n = 2 * EXACT_SIMPLEX_MAX_POINTS
    X = _lcg_points(n, 2, seed=11)
    # labelled by the side of the line x1 + 2 x2 = 1/3 (no point lies on it)
    c = [1 if p + 2 * q > sp.Rational(1, 3) else 0 for p, q in X]
    model = symml.logistic_regression(X, c)
    sep = model.separation
    assert sep.verdict is Verdict.PROVEN
    w = sep.value
    A = sp.diag(*[2 * ci - 1 for ci in model.c]) * model.design
    assert all(m >= 1 for m in A * w)
    assert model.existence.verdict is Verdict.REFUTED and model.existence.witness["w"] == w


def test_logistic_forms_on_larger_data_are_sympys_derivatives():
    n = EXACT_SIMPLEX_MAX_POINTS + 4
    X = _lcg_points(n, 2, seed=5)
    c = [int(i % 2 == 0) for i in range(n)]
    model = symml.logistic_regression(X, c)
    theta1, theta2, b = model.variables
    us = [-(theta1 * p + theta2 * q) + b for p, q in X]
    by_hand = sp.Add(*[sp.log(1 + sp.exp(u)) - (1 - ci) * u for u, ci in zip(us, c)]) / n
    assert sp.expand(model.loss - by_hand) == 0
    assert list(model.predictions) == [1 / (1 + sp.exp(u)) for u in us]
    grad = sp.Matrix([sp.diff(by_hand, v) for v in model.variables])
    hess = sp.hessian(by_hand, model.variables)
    # where every e^{u_i} is rational (b = 0, log 2, log 3 with theta = 0), both sides are
    # exact rationals: compare them there
    for eb in (1, 2, 3):
        point = {theta1: 0, theta2: 0, b: sp.log(eb)}
        assert grad.subs(point) == model.gradient.subs(point)
        assert hess.subs(point) == model.hessian.subs(point)
        assert all(e.is_Rational for e in model.hessian.subs(point))
    assert model.agreement.verdict is Verdict.PROVEN  # the lazily built proof checks out too


@given(st.lists(rationals(), min_size=3, max_size=3), st.booleans())
def test_exp_of_linear_is_sympys_exp(coefficients, with_b):
    syms = sp.symbols("t1 t2 b", real=True)
    u = sp.Add(*[q * s for q, s in zip(coefficients, syms[: 2 + with_b])])
    e = exp_of_linear(u)
    assert e == sp.exp(u) and sp.srepr(e) == sp.srepr(sp.exp(u))
    assert sp.srepr(1 / (1 + e)) == sp.srepr(1 / (1 + sp.exp(u)))


def test_least_squares_large_numeric_data_solve_the_normal_equations():
    X = _lcg_points(400, 3, seed=7)
    y = [r[0] - 2 * r[1] + sp.Rational(1, 3) + sp.Rational((i % 5) - 2, 7) for i, r in enumerate(X)]
    fit = symml.least_squares(X, y)
    Xt = sp.Matrix(X).row_join(sp.ones(len(X), 1))
    theta = fit.solution.minimiser
    assert (Xt.T * Xt) * theta == Xt.T * sp.Matrix(y)
    r = sp.Matrix(y) - Xt * theta
    assert fit.solution.residuals == r and fit.solution.minimum == (r.T * r)[0]
    assert fit.rank == 4 and fit.strict_convexity.verdict is Verdict.PROVEN


@settings(deadline=None)
@given(datasets(max_n=8, max_m=3))
def test_least_squares_minimum_norm_minimiser_is_the_pseudoinverse(data):
    X, y = data
    fit = symml.least_squares(X, y)
    Xt = sp.Matrix(X).row_join(sp.ones(len(X), 1))
    assert fit.solution.minimiser == Xt.pinv() * sp.Matrix(y)
    assert fit.rank == Xt.rank()
    assert [list(v) for v in fit.solution.null_space] == [list(v) for v in Xt.nullspace()]
