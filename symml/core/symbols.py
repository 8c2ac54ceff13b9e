"""Symbols: real stand-ins for user symbols, fresh names, and a deterministic order.

Users hand symml plain ``Symbol('x')`` (no assumptions) as often as the parser's
``Symbol('x', real=True)``.  The provers need real symbols (``exp(x) > 0`` only holds
for real ``x``), so :func:`realify` swaps every symbol for a real ``Dummy`` of the same
name and returns the map back, so that results come out in the user's own symbols.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp

from symml.core.parsing import as_sympy

__all__ = ["realify", "fresh_symbol", "sorted_symbols", "free_symbols_of", "sequence", "TIME"]

#: The iteration counter t of a method's update rule.
TIME = sp.Symbol("t", integer=True, nonnegative=True)


def sequence(name: str) -> Any:
    """The sequence ``name``: ``sequence("x")(t + 1)`` is its term x_{t+1} (printed with
    a subscript; in JSON it reads ``x(t + 1)``).

    >>> x = sequence("x")
    >>> x(TIME + 1)
    x(t + 1)
    """
    return sp.Function(name, sequence=True)


def sorted_symbols(symbols: Iterable[sp.Symbol]) -> list[sp.Symbol]:
    """Symbols in a deterministic order: by name, then by SymPy's sort key.

    >>> import sympy as sp
    >>> sorted_symbols(sp.symbols("y x b"))
    [b, x, y]
    """
    return sorted(set(symbols), key=lambda s: (s.name, sp.default_sort_key(s)))


def free_symbols_of(exprs: Any) -> list[sp.Symbol]:
    """The free symbols of an expression, matrix or collection of them, sorted by name.

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> free_symbols_of([x**2 + y, sp.Matrix([y, 1])])
    [x, y]
    """
    found: set[sp.Symbol] = set()
    for e in _flatten(exprs):
        found |= {s for s in as_sympy(e).free_symbols if isinstance(s, sp.Symbol)}
    return sorted_symbols(found)


def _flatten(exprs: Any) -> list[Any]:
    if isinstance(exprs, (list, tuple, set, frozenset)):
        return [e for item in exprs for e in _flatten(item)]
    if isinstance(exprs, Mapping):
        return _flatten(list(exprs.values()))
    return [exprs]


def fresh_symbol(name: str, avoid: Iterable[Any] = (), **assumptions: Any) -> sp.Symbol:
    """A new symbol whose name collides with none of ``avoid`` (symbols, expressions or names).

    The name is ``name`` itself when free, else ``name_1``, ``name_2``, …

    >>> import sympy as sp
    >>> t = sp.Symbol("t")
    >>> fresh_symbol("t", [t + 1, "t_1"], positive=True)
    t_2
    >>> fresh_symbol("t", [t]).is_positive is None
    True
    """
    taken: set[str] = set()
    for item in avoid:
        if isinstance(item, str):
            taken.add(item)
        else:
            taken |= {s.name for s in _symbols_in(item)}
    candidate, k = name, 0
    while candidate in taken:
        k += 1
        candidate = f"{name}_{k}"
    return sp.Symbol(candidate, **assumptions)


def _symbols_in(item: Any) -> set[sp.Symbol]:
    if isinstance(item, sp.Symbol):
        return {item}
    if isinstance(item, (list, tuple, set, frozenset)):
        return set().union(*(_symbols_in(i) for i in item)) if item else set()
    return {s for s in as_sympy(item).free_symbols if isinstance(s, sp.Symbol)}


def realify(
    exprs: Any,
    variables: Iterable[sp.Symbol] = (),
    assumptions: Mapping[sp.Symbol, Mapping[str, bool]] | None = None,
) -> tuple[Any, dict[sp.Symbol, sp.Symbol], dict[sp.Symbol, sp.Symbol]]:
    """Replace every symbol by a real ``Dummy`` of the same name; return the map back.

    Parameters
    ----------
    exprs : expression, matrix, or list/tuple of them
        What to convert; the same shape is returned.
    variables : iterable of Symbol
        Symbols to convert even if they do not occur in ``exprs`` (e.g. declared
        variables), so that ``mapping`` covers them.
    assumptions : mapping Symbol -> dict, optional
        Extra assumptions per user symbol (e.g. ``{x: {"positive": True}}``), used by
        the provers to hand SymPy what a domain such as ``x > 0`` implies.

    Returns
    -------
    (exprs', mapping, back)
        ``exprs'`` in real dummies, ``mapping`` user symbol -> dummy, ``back`` the inverse
        (apply it with ``xreplace`` to return to the user's symbols).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> (e,), mapping, back = realify([sp.exp(x) + 1])
    >>> e.is_positive, mapping[x].is_real
    (True, True)
    >>> e.xreplace(back) == sp.exp(x) + 1
    True
    """
    symbols = free_symbols_of(exprs)
    symbols = sorted_symbols(set(symbols) | set(variables))
    extra = assumptions or {}
    mapping: dict[sp.Symbol, sp.Symbol] = {}
    for s in symbols:
        facts = {"real": True, **dict(extra.get(s, {}))}
        mapping[s] = sp.Dummy(s.name, **facts)
    back = {d: s for s, d in mapping.items()}
    return _replace(exprs, mapping), mapping, back


def _replace(exprs: Any, mapping: Mapping[sp.Symbol, sp.Symbol]) -> Any:
    if isinstance(exprs, list):
        return [_replace(e, mapping) for e in exprs]
    if isinstance(exprs, tuple):
        return tuple(_replace(e, mapping) for e in exprs)
    return as_sympy(exprs).xreplace(dict(mapping))


def own_conditions(symbols: Iterable[sp.Symbol]) -> list[Any]:
    """The conditions a symbol's own SymPy assumptions impose: ``positive=True`` gives
    ``a > 0``, and so on.  Case splits add them, so that no case is one the user's
    symbols exclude (a split over ``a`` with ``a = Symbol("a", positive=True)`` has no
    ``a < 0`` case).

    >>> import sympy as sp
    >>> a, b, c = sp.Symbol("a", positive=True), sp.Symbol("b", nonnegative=True), sp.Symbol("c")
    >>> own_conditions([a, b, c])
    [a > 0, b >= 0]
    """
    out: list[Any] = []
    for s in sorted_symbols(symbols):
        if s.is_positive:
            out.append(sp.StrictGreaterThan(s, 0, evaluate=False))
        elif s.is_negative:
            out.append(sp.StrictLessThan(s, 0, evaluate=False))
        elif s.is_nonnegative:
            out.append(sp.GreaterThan(s, 0, evaluate=False))
        elif s.is_nonpositive:
            out.append(sp.LessThan(s, 0, evaluate=False))
        elif s.is_nonzero and s.is_real:
            out.append(sp.Ne(s, 0, evaluate=False))
    return out
