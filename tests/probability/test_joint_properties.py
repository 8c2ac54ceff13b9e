"""The joint model against brute force: random expressions in 2–3 independent sources.

Every law, E, Var, Cov, ℙ and independence verdict that symml computes (enumerating only
shared sources, convolving the rest) equals the same quantity found by enumerating every
outcome of the sources with plain exact arithmetic.
"""

import itertools

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symml.core.errors import ZeroProbabilityError
from symml.core.results import Verdict
from symml.probability import Cov, E, P, Var, conditional_pmf, independent, joint_pmf
from symml.strategies import independent_sources, random_variable_expressions


@st.composite
def expressions(draw, count=1, conditioning=True):
    sources = draw(independent_sources())
    exprs = [draw(random_variable_expressions(sources, conditioning=conditioning)) for _ in range(count)]
    return exprs


def _mean(law):
    return sum((v * w for v, w in law.items()), sp.S.Zero)


def _reference(*exprs):
    try:
        return exprs[0].reference_law(*exprs[1:])
    except ZeroDivisionError:
        return None


def _nonzero(law):
    return {v: w for v, w in law.items() if w != 0}


@given(expressions())
def test_law_mean_and_variance_equal_enumeration(exprs):
    (X,) = exprs
    law = _reference(X)
    if law is None:
        with pytest.raises(ZeroProbabilityError):
            E(X.rv)
        return
    assert _nonzero(X.rv.pmf) == law
    mu = _mean(law)
    assert E(X.rv) == mu
    assert Var(X.rv) == sum((w * (v - mu) ** 2 for v, w in law.items()), sp.S.Zero)


@given(expressions(count=2))
def test_covariance_and_joint_law_equal_enumeration(exprs):
    X, Y = exprs
    law = _reference(X, Y)
    if law is None:
        with pytest.raises(ZeroProbabilityError):
            joint_pmf(X.rv, Y.rv)
        return
    assert _nonzero(joint_pmf(X.rv, Y.rv)) == law
    ex = sum((x * w for (x, _), w in law.items()), sp.S.Zero)
    ey = sum((y * w for (_, y), w in law.items()), sp.S.Zero)
    assert Cov(X.rv, Y.rv) == sum((w * (x - ex) * (y - ey) for (x, y), w in law.items()), sp.S.Zero)


@given(expressions(count=2, conditioning=False))
def test_independence_agrees_with_the_definition(exprs):
    X, Y = exprs
    law = _reference(X, Y)
    px, py = _reference(X), _reference(Y)
    holds = all(
        law.get((x, y), 0) == wx * wy for (x, wx), (y, wy) in itertools.product(px.items(), py.items())
    )
    result = independent(X.rv, Y.rv)
    assert result.verdict is (Verdict.PROVEN if holds else Verdict.REFUTED)
    if not holds:
        x, y = result.witness["x"], result.witness["y"]
        assert law.get((x, y), 0) != px.get(x, 0) * py.get(y, 0)


@given(expressions(count=2, conditioning=False), st.data())
def test_conditional_pmf_equals_enumeration(exprs, data):
    X, Y = exprs
    law = _reference(X, Y)
    y = data.draw(st.sampled_from(sorted({b for _, b in law})))
    py = sum(w for (_, b), w in law.items() if b == y)
    expected = {a: w / py for (a, b), w in law.items() if b == y}
    assert conditional_pmf(X.rv, Y.rv, y) == expected


@given(expressions(count=4))
def test_probabilities_of_comparisons_equal_enumeration(exprs):
    # an event of conditioned variables lives on their conditional space: P(A) under A's
    # conditions, P(A ∩ B) and P(A | B) under the conditions of both
    X, Y, U, V = exprs
    A, B = X.rv < Y.rv, U.rv.eq(V.rv)
    pair = _reference(X, Y)
    if pair is None:
        with pytest.raises(ZeroProbabilityError):
            P(A)
    else:
        assert P(A).value == sum((w for (x, y), w in pair.items() if x < y), sp.S.Zero)
    joint = _reference(X, Y, U, V)
    if joint is None:
        with pytest.raises(ZeroProbabilityError):
            P(A & B)
        return
    pa = sum((w for (x, y, _, _), w in joint.items() if x < y), sp.S.Zero)
    pb = sum((w for (_, _, u, v), w in joint.items() if u == v), sp.S.Zero)
    pab = sum((w for (x, y, u, v), w in joint.items() if x < y and u == v), sp.S.Zero)
    assert P(A & B).value == pab
    assert P(A | B).value == pa + pb - pab
    if pb == 0:
        with pytest.raises(ZeroProbabilityError):
            P(A, given=B)
    else:
        assert P(A, given=B).value == pab / pb
