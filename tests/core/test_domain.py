"""The domain engine: where an expression is defined, real, finite, continuous (issue 21)."""

import pytest
import sympy as sp

from symml.core.exact.domain import (
    CONTINUOUS,
    DEFINED,
    DIFFERENTIABLE,
    first_violated,
    parameter_exprs,
    requirements,
    status_at,
)

x, y, a = sp.symbols("x y a", real=True)


@pytest.mark.parametrize(
    "expr,point,expected",
    [
        (sp.log(x**2 - 4), 0, False),  # log of -4: not real
        (sp.log(x**2 - 4), 3, True),
        (sp.csch(x) ** 2, 0, False),  # a pole
        (sp.coth(x), 0, False),
        (sp.tan(x), 0, True),
        (sp.acot(x), 0, None),  # defined, but jumps there
        (sp.acot(x), 1, True),
        (sp.atanh(x), 1, False),
        (sp.atanh(x), sp.Rational(1, 2), True),
        (sp.acoth(x), sp.Rational(1, 2), False),
        (sp.asin(x), 2, False),
        (sp.acosh(x), 0, False),
        (sp.sqrt(x), -1, False),
        (sp.sqrt(x), 0, True),
        (x ** sp.Rational(-1, 2), 0, False),
        (1 / x, 0, False),
        (sp.loggamma(x), -sp.Rational(1, 2), False),
        (sp.gamma(x), 0, False),
        (sp.polygamma(1, x), 0, False),
        (sp.Ei(x), 0, False),
        (sp.zeta(x), 1, False),
        (sp.LambertW(x), -1, False),
        (sp.LambertW(x), 0, True),
        (sp.erfinv(x), 1, False),
        (sp.sign(x), 0, None),
        (sp.floor(x), sp.Rational(1, 2), None),  # continuity of floor is not in the table
        (sp.Function("g")(x), 1, None),  # unknown functions: never proven
        (sp.besselj(sp.Rational(1, 3), x), 1, None),
        (sp.exp(x) + sp.atan(x) + sp.Abs(x), 0, True),
    ],
)
def test_status_at_a_point(expr, point, expected):
    assert status_at(expr, [x], {x: point}) is expected


def test_derivative_requirements_only_with_order():
    assert all(r.what != DIFFERENTIABLE for r in requirements(sp.Abs(x), [x]))
    (r,) = [r for r in requirements(sp.Abs(x), [x], order=2) if r.what == DIFFERENTIABLE]
    assert r.arg == x and r.holds_at({x: 0}) is None and r.holds_at({x: 1}) is True
    assert status_at(sp.sqrt(x), [x], {x: 0}, order=1) is None  # defined, not differentiable


def test_jumps_are_continuity_requirements_that_never_refute():
    (r,) = requirements(sp.acot(x), [x])
    assert r.what == CONTINUOUS and not r.bad
    (r,) = requirements(sp.atan2(y, x), [x, y])[1:]
    assert r.what == CONTINUOUS


def test_parameters_alone_give_parameter_conditions():
    assert parameter_exprs(sp.exp(x / a), [x]) == [a]
    assert parameter_exprs(sp.log(a) * x, [x]) == [a]


def test_pieces_only_matter_where_they_apply():
    f = sp.Piecewise((sp.log(x), x > 0), (0, True))
    reqs = requirements(f, [x])
    assert {r.what for r in reqs} == {DEFINED, CONTINUOUS}
    assert first_violated(reqs, {x: -1}) is None  # log's requirement is not necessary here


def test_constants_are_decided():
    assert status_at(sp.log(-1) + x, [x], {x: 0}) is False
    assert status_at(sp.zoo * x, [x], {x: 1}) is False
