"""Property tests of the convexity prover: never wrong on convex-by-construction input, and
every witness or proof survives an independent exact check at random rational points."""

from __future__ import annotations

import sys
from pathlib import Path

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symml.core.errors import LimitExceededError
from symml.core.results import Verdict
from symml.optimisation.convexity import Curvature, convexity
from symml.strategies import expressions, rationals

sys.path.insert(0, str(Path(__file__).parent))
from test_convexity import check_witnesses  # noqa: E402

x, y = sp.symbols("x y", real=True)

small = rationals(min_value=-3, max_value=3, max_denominator=3)
positive = rationals(min_value=sp.Rational(1, 3), max_value=3, max_denominator=3)


def affine(xs):
    return st.tuples(small, st.lists(small, min_size=len(xs), max_size=len(xs))).map(
        lambda t: t[0] + sum(c * v for c, v in zip(t[1], xs))
    )


def convex_atoms(xs):
    """Convex functions on all of R^n: squares, exp, |.|, norms, softplus and max of affine maps."""
    aff = affine(xs)
    return st.one_of(
        aff,
        aff.map(lambda g: g**2),
        aff.map(sp.exp),
        aff.map(sp.Abs),
        aff.map(lambda g: sp.sqrt(1 + g**2)),
        aff.map(lambda g: sp.log(1 + sp.exp(g))),
        st.tuples(aff, aff).map(lambda ab: sp.Max(*ab)),
    )


def analysed(f, xs):
    """convexity(f, xs), for f within symml.limits: exp(exp(exp(5/2))) holds a number beyond
    them, which symml refuses with one LimitExceededError (not an example of convexity)."""
    try:
        return convexity(f, xs)
    except LimitExceededError:
        assume(False)


def convex_expressions(xs):
    """Expressions built by convexity-preserving rules: sums, positive multiples, max, exp(.)."""

    def extend(children):
        return st.one_of(
            st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
            st.tuples(positive, children).map(lambda cf: cf[0] * cf[1]),
            st.tuples(children, children).map(lambda ab: sp.Max(*ab)),
            children.map(sp.exp),
        )

    return st.recursive(convex_atoms(xs), extend, max_leaves=3)


ALLOWED_FOR_CONVEX = {Curvature.STRICTLY_CONVEX, Curvature.CONVEX, Curvature.AFFINE, Curvature.UNDECIDED}


# symbolic work per example (second derivatives, solveset, witness search): 40 examples
@settings(max_examples=40, deadline=None)
@given(convex_expressions([x]))
def test_convex_by_construction_one_variable_never_concave_or_neither(f):
    (case,) = analysed(f, [x])
    r = case.result
    assert r.curvature in ALLOWED_FOR_CONVEX, (f, r.curvature)
    if r.curvature is Curvature.AFFINE:
        assert sp.simplify(sp.diff(f, x, 2)) == 0 or not f.has(x)


# two variables: Hessian minors are costlier, 20 examples
@settings(max_examples=20, deadline=None)
@given(convex_expressions([x, y]))
def test_convex_by_construction_two_variables_never_concave_or_neither(f):
    (case,) = analysed(f, [x, y])
    assert case.result.curvature in ALLOWED_FOR_CONVEX, (f, case.result.curvature)


def midpoint_gap(f, xs, p, q, lam):
    at = lambda pt: f.subs(dict(zip(xs, pt)), simultaneous=True)  # noqa: E731
    mid = tuple(lam * u + (1 - lam) * v for u, v in zip(p, q))
    return sp.simplify(at(mid) - lam * at(p) - (1 - lam) * at(q))


# each example runs the whole prover and an exact midpoint check: 40 examples
@settings(max_examples=40, deadline=None)
@given(
    expressions([x], max_leaves=4),
    st.tuples(small, small),
    rationals(min_value=sp.Rational(1, 4), max_value=sp.Rational(3, 4), max_denominator=4),
)
def test_any_expression_witnesses_and_proofs_survive_exact_checks(f, pq, lam):
    (case,) = analysed(f, [x])
    r = case.result
    check_witnesses(f, [x], r)
    if r.verdict is Verdict.PROVEN and r.curvature is not Curvature.NEITHER:
        assert r.steps
    gap = midpoint_gap(f, [x], (pq[0],), (pq[1],), lam)
    if r.curvature.is_convex:
        assert not gap.is_positive, (f, pq, lam)
    if r.curvature.is_concave:
        assert not gap.is_negative, (f, pq, lam)
    if r.curvature in (Curvature.STRICTLY_CONVEX,) and pq[0] != pq[1]:
        assert gap.is_negative is not False, (f, pq, lam)


# two variables, same checks, 15 examples (Hessian route is the expensive part)
@settings(max_examples=15, deadline=None)
@given(expressions([x, y], max_leaves=3), st.tuples(small, small, small, small))
def test_any_expression_two_variables(f, pts):
    (case,) = convexity(f, [x, y])
    r = case.result
    check_witnesses(f, [x, y], r)
    gap = midpoint_gap(f, [x, y], pts[:2], pts[2:], sp.Rational(1, 2))
    if r.curvature.is_convex:
        assert not gap.is_positive, (f, pts)
    if r.curvature.is_concave:
        assert not gap.is_negative, (f, pts)
