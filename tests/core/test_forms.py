"""Results hold values in the form the notes write them: p(1 - p), log(b/a)/a; the
canonical form is the same value (an identity), only written differently."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings

from symml.core.forms import absorb_sign, canonical_form
from symml.probability import Bernoulli, Binomial, Var
from symml.strategies import expressions, polynomials

p, x, y = sp.symbols("p x y", real=True)
a, b = sp.symbols("a b", positive=True)


@pytest.mark.parametrize(
    ("value", "form"),
    [
        (p - p**2, p * (1 - p)),
        (-p * (p - 1), p * (1 - p)),
        (3 * p - 3 * p**2, 3 * p * (1 - p)),
        (4 * p**2 - 4 * p + 1, (2 * p - 1) ** 2),
        ((-sp.log(a) + sp.log(b)) / a, sp.log(b / a) / a),
        (sp.log(a) + sp.log(b) - sp.log(2), sp.log(a * b / 2)),
        (-1 / (p - 2), 1 / (2 - p)),
    ],
)
def test_known_closed_forms(value, form):
    assert canonical_form(value) == form  # structurally: this is what prints


def test_what_is_not_shorter_stays_as_written():
    assert canonical_form(p**3 + x**3) == p**3 + x**3
    assert canonical_form(2 * sp.log(a)) == 2 * sp.log(a)  # not log(a**2)
    assert absorb_sign(-p * (p - 1) * (p + 1)) == -p * (p - 1) * (p + 1)  # two sums: no choice made


def test_variances_print_as_the_notes_write_them():
    assert Var(Bernoulli(p)) == p * (1 - p)
    assert Var(Binomial(3, p)) == 3 * p * (1 - p)
    assert str(Var(Binomial(3, p))) == "3*p*(1 - p)"


def test_the_minimiser_of_exp_ax_minus_bx_is_log_b_over_a_over_a():
    z = sp.Symbol("x", real=True)
    f = sp.exp(a * z) - b * z
    (solved,) = sp.solve(sp.diff(f, z), z)  # SymPy writes (-log(a) + log(b))/a
    star = canonical_form(solved)
    assert star == sp.log(b / a) / a
    assert canonical_form(sp.simplify(f.subs(z, star))) == b * (1 - sp.log(b / a)) / a


@settings(deadline=None)
@given(polynomials([p, x], max_degree=3))
def test_the_canonical_form_of_a_polynomial_is_the_same_polynomial(value):
    assert sp.expand(canonical_form(value) - value) == 0


@settings(deadline=None)
@given(expressions([p, x], max_leaves=5))
def test_the_canonical_form_is_an_identity(value):
    form = canonical_form(value)
    point = {p: sp.Rational(3, 7), x: sp.Rational(-5, 2)}
    difference = (form - value).subs(point)
    assert sp.simplify(difference) == 0 and sp.simplify(form - value) == 0
