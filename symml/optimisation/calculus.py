"""Gradient and Hessian of a scalar function, exactly, as immutable SymPy matrices.

The notes write the gradient as the column vector of first partial derivatives and the
Hessian as the symmetric matrix of second partial derivatives; these are the two
functions every other module of chapter 2 builds on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy as sp

from symml.core.errors import ShapeError, SymmlError

__all__ = ["gradient", "hessian", "check_variables"]


def check_variables(variables: Any) -> tuple[sp.Symbol, ...]:
    """Validate a list of variables: SymPy symbols, at least one, no duplicates.

    Strings such as ``"x,y"`` are accepted through the safe parser when it is available.

    Raises
    ------
    SymmlError
        When a variable is not a symbol, or is repeated, or the list is empty.
    """
    if isinstance(variables, str):
        try:
            from symml.core.parsing import as_symbols
        except ImportError:  # the parser is not there yet: accept plain names only
            names = [v.strip() for v in variables.split(",") if v.strip()]
            if not all(n.isidentifier() for n in names):
                msg = f"variables {variables!r} must be comma-separated names, e.g. 'x,y'"
                raise SymmlError(msg) from None
            variables = [sp.Symbol(n, real=True) for n in names]
        else:
            variables = as_symbols(variables)
    elif isinstance(variables, sp.Symbol):
        variables = [variables]
    elif isinstance(variables, sp.MatrixBase):
        variables = list(variables)
    if not isinstance(variables, Iterable):
        raise SymmlError(f"variables must be a list of SymPy symbols, e.g. [x, y]; got {variables!r}")
    out = tuple(variables)
    if not out:
        raise SymmlError("give at least one variable, e.g. [x]")
    bad = [v for v in out if not isinstance(v, sp.Symbol)]
    if bad:
        raise SymmlError(f"variables must be SymPy symbols, e.g. [x, y]; {bad[0]!r} is not a symbol")
    seen: set[sp.Symbol] = set()
    for v in out:
        if v in seen:
            raise SymmlError(f"variable {v} is listed twice; list each variable once")
        seen.add(v)
    return out


def _scalar(f: Any) -> sp.Expr:
    if isinstance(f, sp.MatrixBase):
        if f.shape == (1, 1):
            return f[0, 0]
        raise ShapeError(f"f must be a scalar function, got a {f.rows}x{f.cols} matrix; give one expression")
    if isinstance(f, (list, tuple)):
        raise ShapeError(f"f must be a scalar function, got a sequence of {len(f)}; give one expression")
    if isinstance(f, str):
        try:
            from symml.core.parsing import as_expr
        except ImportError:
            raise SymmlError("pass f as a SymPy expression (string parsing is not available)") from None
        return as_expr(f)
    if isinstance(f, float):
        raise SymmlError(f"f = {f!r} is a float; give an exact expression, e.g. a Rational")
    try:
        expr = sp.sympify(f, strict=True)
    except sp.SympifyError as exc:
        raise SymmlError(f"f must be a SymPy expression; got {f!r}") from exc
    if not isinstance(expr, sp.Expr):
        raise ShapeError(f"f must be a scalar expression, got {type(expr).__name__}")
    return expr


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
    expr = _scalar(f)
    xs = check_variables(variables)
    return sp.ImmutableMatrix([sp.diff(expr, v) for v in xs])


def hessian(f: Any, variables: Any) -> sp.ImmutableMatrix:
    r"""Hessian of a scalar function: the symmetric matrix of its second partial derivatives.

    .. math:: (\nabla^2 f)_{ij} = \partial^2 f / \partial x_i \partial x_j

    Each mixed derivative is computed once and mirrored, so the result is symmetric by
    construction.

    Examples
    --------
    >>> from sympy import symbols
    >>> x, y = symbols("x y")
    >>> hessian(x**3 + x*y**2, [x, y])
    Matrix([
    [6*x, 2*y],
    [2*y, 2*x]])
    """
    expr = _scalar(f)
    xs = check_variables(variables)
    n = len(xs)
    first = [sp.diff(expr, v) for v in xs]
    entries: dict[tuple[int, int], sp.Expr] = {}
    for i in range(n):
        for j in range(i, n):
            entries[i, j] = entries[j, i] = sp.diff(first[i], xs[j])
    return sp.ImmutableMatrix(n, n, lambda i, j: entries[i, j])
