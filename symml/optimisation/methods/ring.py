"""Iterates in a polynomial ring: the fast, exact arithmetic of the polynomial methods.

Private to :mod:`symml.optimisation.methods`.

Gradient descent, momentum and SGD only add and multiply: on a polynomial f with
hyper-parameters and a start that are polynomials in the user's symbols (η, a, …), every
iterate is a polynomial in those symbols.  Building each as a SymPy tree and expanding it
costs far more than the arithmetic itself, so these methods run in the ring
ℚ[symbols] (ℚ when there are none), where the gradient is evaluated monomial by monomial,
and only the results are turned back into (expanded) SymPy expressions.  The formulas are
the methods' own ``update``; this module supplies the arithmetic they run on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp
from sympy import QQ
from sympy.polys.polyerrors import CoercionFailed, GeneratorsNeeded, PolynomialError

from symml.core.parsing import as_sympy

__all__ = ["SympyArithmetic", "PolynomialArithmetic", "polynomial_arithmetic"]


class SympyArithmetic:
    """Arithmetic on SymPy expressions: values stay as they are (the default of ``update``)."""

    def gradient(self, grad: sp.MatrixBase, variables: Sequence[sp.Symbol], x: Any) -> list[Any]:
        """The gradient ``grad`` (a column in the variables) at the point x."""
        return list(grad.xreplace(dict(zip(variables, x))))

    def hyper(self, value: sp.Expr) -> Any:
        """A hyper-parameter as a value of this arithmetic."""
        return value

    def canonical(self, value: sp.Expr, name: str) -> sp.Expr:
        """The value as it is stored in a state (no naming, no expansion)."""
        return value

    def column(self, values: Sequence[Any], name: str) -> Any:
        """A state column from its values."""
        return sp.ImmutableMatrix([as_sympy(self.canonical(v, name)) for v in values])


class PolynomialArithmetic(SympyArithmetic):
    """Arithmetic in the domain ℚ[symbols] (or ℚ): exact, expanded, without SymPy trees."""

    def __init__(self, symbols: Sequence[sp.Symbol]) -> None:
        self.symbols = tuple(symbols)
        self.domain = QQ.poly_ring(*self.symbols) if self.symbols else QQ
        self._terms: dict[sp.MatrixBase, list[list[tuple[tuple[int, ...], Any]]]] = {}

    def convert(self, value: sp.Expr) -> Any:
        """A SymPy polynomial in the symbols as an element of the domain."""
        return self.domain.from_sympy(as_sympy(value))

    def to_sympy(self, element: Any) -> sp.Expr:
        return self.domain.to_sympy(element)

    def hyper(self, value: sp.Expr) -> Any:
        return self.convert(value)

    def column(self, values: Sequence[Any], name: str) -> tuple[Any, ...]:
        return tuple(values)

    def prepare(self, grad: sp.MatrixBase, variables: Sequence[sp.Symbol]) -> None:
        """Read ``grad`` as polynomials in the variables over the domain (raises when it is not)."""
        if grad not in self._terms:
            polys = [sp.Poly(g, *variables, domain=self.domain) for g in grad]
            self._terms[grad] = [list(p.as_dict(native=True).items()) for p in polys]

    def gradient(self, grad: sp.MatrixBase, variables: Sequence[sp.Symbol], x: Any) -> list[Any]:
        self.prepare(grad, variables)
        return [self._evaluate(t, x) for t in self._terms[grad]]

    def _evaluate(self, terms: list[tuple[tuple[int, ...], Any]], x: Sequence[Any]) -> Any:
        total = self.domain.zero
        for monom, coeff in terms:
            term = coeff
            for xi, e in zip(x, monom):
                if e:
                    term = term * xi**e
            total += term
        return total


def polynomial_arithmetic(
    grads: Sequence[sp.MatrixBase], variables: Sequence[sp.Symbol], values: Sequence[sp.Expr]
) -> PolynomialArithmetic | None:
    """The ring arithmetic for these gradients and values, or None when they are not polynomial.

    ``values`` are the hyper-parameters and the start; everything must be a polynomial with
    rational coefficients in the variables (gradients) and the other symbols.
    """
    exprs = [g for grad in grads for g in grad] + [as_sympy(v) for v in values]
    symbols = set().union(*(e.free_symbols for e in exprs)) - set(variables)
    if not all(isinstance(s, sp.Symbol) for s in symbols):
        return None
    arithmetic = PolynomialArithmetic(sorted(symbols, key=sp.default_sort_key))
    try:  # reading everything into the ring is the check
        for grad in grads:
            arithmetic.prepare(grad, variables)
        for v in values:
            arithmetic.convert(v)
    except (PolynomialError, CoercionFailed, GeneratorsNeeded, ValueError, TypeError):
        return None
    return arithmetic
