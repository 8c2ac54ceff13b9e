"""Section 2.1: how constraints change the optima — exact extrema on intervals, boxes, circles."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.core.errors import DomainError, ExactnessWarning, InvalidValueError, ParseError, ShapeError
from symml.core.results import Verdict
from symml.optimisation.constrained import optima_on_box, optima_with_equalities

x, y = sp.symbols("x y", real=True)
small = st.fractions(min_value=-3, max_value=3, max_denominator=5).map(sp.Rational)


@pytest.mark.parametrize(
    ("bounds", "minimum", "minimisers", "maximum", "maximisers"),
    [
        ((-2, 2), -2, [(-2,), (1,)], 2, [(-1,), (2,)]),  # ties: two global minima and maxima
        ((0, 3), -2, [(1,)], 18, [(3,)]),
        ((-1, 1), -2, [(1,)], 2, [(-1,)]),
        ((2, 3), 2, [(2,)], 18, [(3,)]),  # no stationary point inside: extrema on the boundary
    ],
)
def test_cubic_on_intervals(bounds, minimum, minimisers, maximum, maximisers):
    res = optima_on_box(x**3 - 3 * x, [x], [bounds])
    assert res.verdict is Verdict.PROVEN and res.steps
    assert (res.minimum, res.maximum) == (minimum, maximum)
    assert list(res.minimisers) == minimisers and list(res.maximisers) == maximisers


def test_saddle_on_a_box_has_four_optima():
    res = optima_on_box(x**2 - y**2, [x, y], [(-1, 1), (-1, 1)])
    assert res.proven if hasattr(res, "proven") else res.verdict is Verdict.PROVEN
    assert res.minimisers == ((0, -1), (0, 1)) and res.maximisers == ((-1, 0), (1, 0))


def test_irrational_interior_optimum():
    res = optima_on_box(x**3 - 6 * x, [x], [(0, 3)])
    assert res.minimisers == ((sp.sqrt(2),),)
    assert sp.simplify(res.minimum - (-4 * sp.sqrt(2))) == 0


def test_lagrange_on_circle_and_ellipse():
    res = optima_with_equalities(x + y, [x, y], [x**2 + y**2 - 1])
    assert res.verdict is Verdict.PROVEN
    assert res.minimum == -sp.sqrt(2) and res.maximum == sp.sqrt(2)
    assert res.minimisers == ((-sp.sqrt(2) / 2, -sp.sqrt(2) / 2),)
    ell = optima_with_equalities(x * y, [x, y], [x**2 + 4 * y**2 - 8])
    assert (ell.minimum, ell.maximum) == (-2, 2)
    assert set(ell.maximisers) == {(2, 1), (-2, -1)}


def test_unbounded_constraint_is_not_claimed_global():
    res = optima_with_equalities(x + y, [x, y], [x * y - 1])  # a hyperbola: no global extrema
    assert res.verdict is Verdict.UNDECIDED
    assert any("bounded" in n for n in res.result.notes)


@settings(max_examples=60)  # each example enumerates the 9 faces of the box exactly (~0.15 s)
@given(
    a=small,
    b=small,
    c=small,
    d=small,
    e=small,
    pts=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=4),
)
def test_box_minimum_is_below_every_sampled_point(a, b, c, d, e, pts):
    f = a * x**2 + b * x * y + c * y**2 + d * x + e * y
    res = optima_on_box(f, [x, y], [(-1, 1), (0, 2)])
    assert res.verdict is Verdict.PROVEN
    for point in res.minimisers:
        assert sp.simplify(f.subs({x: point[0], y: point[1]}) - res.minimum) == 0
    for i, j in pts:  # grid points of the box, exact
        value = f.subs({x: sp.Rational(i, 2) - 1, y: sp.Rational(j, 2)})
        assert sp.Le(res.minimum, value) is sp.true and sp.Ge(res.maximum, value) is sp.true


@given(t=small)
def test_circle_extrema_bound_every_rational_point_on_the_circle(t):
    res = optima_with_equalities(3 * x - 4 * y, [x, y], [x**2 + y**2 - 1])
    assert (res.minimum, res.maximum) == (-5, 5)
    px, py = (1 - t**2) / (1 + t**2), 2 * t / (1 + t**2)  # rational parametrisation of the circle
    value = 3 * px - 4 * py
    assert -5 <= value <= 5


def test_bad_input():
    with pytest.raises(DomainError, match="lower < upper"):
        optima_on_box(x, [x], [(1, 0)])
    with pytest.raises(ShapeError, match="one \\(lower, upper\\) pair per variable"):
        optima_on_box(x + y, [x, y], [(0, 1)])
    with pytest.raises(DomainError, match="polynomial"):
        optima_on_box(sp.exp(x), [x], [(0, 1)])
    with pytest.raises(ShapeError):
        optima_with_equalities(x, [x], [])


def test_strings_go_through_the_safe_parser_and_floats_become_exact():
    res = optima_on_box("x**3 - 3*x", "x", [("-2", "2")])
    assert (res.minimum, res.maximum) == (-2, 2)
    with pytest.warns(ExactnessWarning, match="0.5"):
        res = optima_on_box(x**2, [x], [(0.5, 1)])
    assert res.minimum == sp.Rational(1, 4) and res.minimisers == ((sp.Rational(1, 2),),)
    res = optima_with_equalities("x + y", ["x", "y"], ["x**2 + y**2 - 1"])
    assert res.maximum == sp.sqrt(2)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: optima_on_box(x**2, [x], [(0, "oo")]), ParseError, "infinity"),
        (lambda: optima_on_box("__import__('os')", [x], [(0, 1)]), ParseError, "strings are not allowed"),
        (lambda: optima_on_box(sp.Symbol("a") * x, [x], [(0, 1)]), DomainError, "not parameters"),
        (lambda: optima_on_box(x**2, [x], [(0, 1, 2)]), ShapeError, "pair per variable"),
        (lambda: optima_on_box(x**2, [], []), InvalidValueError, "at least one variable"),
        (lambda: optima_with_equalities(x + y, [x], [x**2 - 1]), DomainError, "not parameters"),
        (lambda: optima_with_equalities(x + y, [x, y], []), ShapeError, "at least one equality"),
    ],
)
def test_bad_input_is_one_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
