"""Gradient and Hessian of a scalar function, exactly, as immutable SymPy matrices.

The notes write the gradient as the column vector of first partial derivatives and the
Hessian as the symmetric matrix of second partial derivatives; these are the two
functions every other module of chapter 2 builds on.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symml.core.errors import ShapeError, SymmlError
from symml.core.parsing import as_expr, as_symbols

__all__ = ["gradient", "hessian", "check_variables", "scalar_function", "gradient_statement"]


def check_variables(variables: Any) -> tuple[sp.Symbol, ...]:
    """Validate a list of variables: SymPy symbols, at least one, no duplicates.

    Strings such as ``"x,y"`` are accepted through the safe parser when it is available.

    Raises
    ------
    SymmlError
        When a variable is not a symbol, or is repeated, or the list is empty.
    """
    return tuple(as_symbols(variables))


def scalar_function(f: Any, symbols: Any = None) -> sp.Expr:
    """A scalar function given as an expression, a 1x1 matrix or a string, exactly.

    Names in a string resolve to ``symbols`` (the caller's own variables), so that
    ``gradient("x**2", [x])`` differentiates with respect to that very ``x``.
    """
    if isinstance(f, sp.MatrixBase):
        if f.shape == (1, 1):
            return f[0, 0]
        raise ShapeError(f"f must be a scalar function, got a {f.rows}x{f.cols} matrix; give one expression")
    if isinstance(f, (list, tuple)):
        raise ShapeError(f"f must be a scalar function, got a sequence of {len(f)}; give one expression")
    if isinstance(f, float):
        raise SymmlError(f"f = {f!r} is a float; give an exact expression, e.g. a Rational")
    return as_expr(f, symbols, what="f")


def gradient(f: Any, variables: Any) -> sp.ImmutableMatrix:
    r"""Gradient of a scalar function: the column vector of its first partial derivatives.

    .. math:: \nabla f = (\partial f/\partial x_1, \dots, \partial f/\partial x_n)^\top

    Parameters
    ----------
    f : SymPy expression
        A scalar function of ``variables`` (other symbols are parameters).
    variables : list of Symbol
        The variables, in order; each listed once.

    Returns
    -------
    ImmutableMatrix
        An ``n x 1`` column.

    Raises
    ------
    ShapeError
        When ``f`` is not a scalar.
    SymmlError
        When a variable is not a symbol or is listed twice.

    Examples
    --------
    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> gradient(x**2 * y, [x, y])
    Matrix([
    [2*x*y],
    [ x**2]])
    """
    xs = check_variables(variables)
    expr = scalar_function(f, xs)
    return sp.ImmutableMatrix([sp.diff(expr, v) for v in xs])


def hessian(f: Any, variables: Any) -> sp.ImmutableMatrix:
    r"""Hessian of a scalar function: the symmetric matrix of its second partial derivatives.

    .. math:: (\nabla^2 f)_{ij} = \partial^2 f / \partial x_i \partial x_j

    Each mixed derivative is computed once and mirrored, so the result is symmetric by
    construction.

    Parameters
    ----------
    f : SymPy expression, 1x1 Matrix or str
        A scalar function of ``variables`` (other symbols are parameters); a non-scalar
        matrix or a sequence raises ``ShapeError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).

    Returns
    -------
    ImmutableMatrix
        The symmetric ``n x n`` matrix of second partial derivatives.

    Raises
    ------
    ShapeError
        When ``f`` is not a scalar.
    SymmlError
        When a variable is not a symbol or is listed twice.

    Examples
    --------
    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> hessian(x**2 + x*y + y**2, [x, y])
    Matrix([
    [2, 1],
    [1, 2]])
    >>> hessian(x**3 + x*y**2, [x, y])
    Matrix([
    [6*x, 2*y],
    [2*y, 2*x]])
    """
    xs = check_variables(variables)
    expr = scalar_function(f, xs)
    n = len(xs)
    first = [sp.diff(expr, v) for v in xs]
    entries: dict[tuple[int, int], sp.Expr] = {}
    for i in range(n):
        for j in range(i, n):
            entries[i, j] = entries[j, i] = sp.diff(first[i], xs[j])
    return sp.ImmutableMatrix(n, n, lambda i, j: entries[i, j])


def gradient_statement(value: sp.MatrixBase) -> sp.Eq:
    """The statement ``∇f = value`` (unevaluated), for proof steps; prints as ``\\nabla f``."""
    nabla = sp.MatrixSymbol("nabla_f", value.rows, value.cols)
    return sp.Eq(nabla, sp.ImmutableMatrix(value), evaluate=False)
