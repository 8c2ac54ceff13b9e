"""Soundness properties of `symml check`: true chains are never refuted, false ones never proven.

Random polynomials are written as LaTeX chains ``factored = expanded`` (SymPy's own LaTeX
printer writes them, so the reader meets \\left( \\right), powers, fractions and products as
they come); a perturbed right-hand side (a changed constant or coefficient) is a false chain.
The witness of every refutation is substituted back.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from symml.check import PROVEN, REFUTED, check_notes

x, y = sp.symbols("x y", real=True)

small = st.integers(-4, 4)
linear = (
    st.tuples(small, small, small).filter(lambda c: c[0] or c[1]).map(lambda c: c[0] * x + c[1] * y + c[2])
)
factors = st.lists(st.tuples(linear, st.integers(1, 3)), min_size=1, max_size=3)


def factored(parts: list[tuple[sp.Expr, int]], scale: sp.Rational) -> sp.Expr:
    return sp.Mul(scale, *(sp.Pow(f, k, evaluate=False) for f, k in parts), evaluate=False)


def chain(lhs: sp.Expr, rhs: sp.Expr) -> str:
    assume(not lhs.doit().is_Symbol)  # ``x = …`` defines x: not a chain
    return f"$$ {sp.latex(lhs)} = {sp.latex(rhs)} \\tag{{1}} $$"


scales = st.sampled_from([sp.Integer(1), sp.Integer(-2), sp.Rational(1, 2), sp.Rational(-3, 4)])


@given(factors, scales)
def test_true_polynomial_chains_are_never_refuted(parts, scale):
    lhs = factored(parts, scale)
    (finding,) = check_notes(chain(lhs, sp.expand(lhs))).findings
    assert finding.verdict == PROVEN, finding.reason


@given(factors, scales, st.integers(-3, 3).filter(bool), st.booleans())
def test_perturbed_chains_are_never_proven(parts, scale, delta, on_coefficient):
    lhs = factored(parts, scale)
    expanded = sp.expand(lhs)
    wrong = expanded + delta * (x if on_coefficient else 1)
    (finding,) = check_notes(chain(lhs, wrong)).findings
    assert finding.verdict == REFUTED, finding.reason
    values = finding.witness.values
    point = {x: values.get("x", 0), y: values.get("y", 0)}
    assert sp.expand(lhs).xreplace(point) != wrong.xreplace(point)


# -- Taylor expansions of a defined polynomial ------------------------------------------------------

h = sp.Symbol("h", real=True)
coefficients = st.lists(st.integers(-4, 4), min_size=1, max_size=5)
orders = st.integers(1, 4)


def expansion_notes(body: sp.Expr, explicit: sp.Expr, order: int) -> str:
    return (
        f"$$ f(x) = {sp.latex(body)} \\tag{{0}} $$\n"
        f"$$ f(x + h) = {sp.latex(explicit)} + O(h^{{{order}}}) \\tag{{1}} $$"
    )


def taylor(body: sp.Expr, order: int) -> sp.Expr:
    """The terms of order < ``order`` of body(x + h), by SymPy's own series."""
    return sp.series(body.subs(x, x + h), h, 0, order).removeO()


@given(coefficients, orders)
def test_true_expansions_of_polynomials_are_proven(cs, order):
    body = sum(c * x**k for k, c in enumerate(cs))
    assume(body.free_symbols)
    (_, finding) = check_notes(expansion_notes(body, taylor(body, order), order)).findings
    assert finding.verdict == PROVEN, finding.reason


@given(coefficients, orders, st.integers(-3, 3).filter(bool), st.integers(0, 3))
def test_a_changed_low_order_term_is_refuted_at_its_order(cs, order, delta, power):
    body = sum(c * x**k for k, c in enumerate(cs))
    assume(body.free_symbols and power < order)
    wrong = taylor(body, order) + delta * h**power
    (_, finding) = check_notes(expansion_notes(body, wrong, order)).findings
    assert finding.verdict == REFUTED, finding.reason
    values = finding.witness.values
    remainder = sp.expand(body.subs(x, x + h) - wrong).xreplace({x: values.get("x", 0)})
    lowest = min(k for k in range(order + 1) if remainder.coeff(h, k) != 0)
    assert lowest < order  # a term of order below the claimed one survives at the witness
