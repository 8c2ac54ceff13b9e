"""Identities of rational functions, decided in a sparse polynomial ring without cancelling.

``sympy.cancel(sympy.together(e))`` decides whether a rational function is zero, but it
computes greatest common divisors of large multivariate polynomials at every level; on the
identities of the losses (one symbol per datum, a denominator n_k = Σᵢ r_ik of N terms) it
takes tens of seconds.  Zero-ness needs no gcd: bring every term over one common
multiple D of the denominators — the product of the distinct denominator factors, each to
its largest power, as they appear in the expression — and test the numerator, a
polynomial, for zero.  D is a non-zero polynomial wherever the expression is defined, so

    e = N / D is identically zero  ⇔  N = 0 as a polynomial,

which is exact sparse arithmetic over ℚ (SymPy's ``PolyRing``).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy import QQ
from sympy.polys.rings import PolyRing

from symml.core.parsing import as_sympy

__all__ = ["rational_function_is_zero"]

#: a fraction as (numerator, {denominator factor: exponent}) over one polynomial ring
_Fraction = tuple[Any, dict[Any, int]]


def rational_function_is_zero(expr: sp.Expr) -> bool | None:
    """Whether ``expr`` — a rational function of its symbols with rational coefficients — is zero.

    Returns ``True`` or ``False`` (exact), or ``None`` when ``expr`` is not such a rational
    function (functions, radicals, floats, symbolic exponents).  A zero denominator factor
    (division by the zero polynomial) also gives ``None``.

    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> rational_function_is_zero(a / (a + b) + b / (a + b) - 1)
    True
    >>> rational_function_is_zero(1 / a - 1 / b)
    False
    """
    expr = as_sympy(expr, what="the expression")
    if not isinstance(expr, sp.Expr):
        return None
    symbols = sorted(expr.free_symbols, key=sp.default_sort_key)
    if not all(isinstance(s, sp.Symbol) for s in symbols):
        return None
    ring = PolyRing(symbols, QQ) if symbols else None
    try:
        numerator, _ = _fraction(expr, ring, {})
    except _NotRational:
        return None
    return not numerator


class _NotRational(Exception):
    """Internal: the expression is not a rational function over ℚ."""


def _constant(ring: PolyRing | None, value: Any) -> Any:
    return ring(value) if ring is not None else QQ(value)


def _fraction(e: sp.Expr, ring: PolyRing | None, memo: dict[sp.Expr, _Fraction]) -> _Fraction:
    """``e`` as (numerator, denominator factors) in ``ring`` (memoised on shared subtrees)."""
    if e in memo:
        return memo[e]
    if e.is_Rational:
        out: _Fraction = (_constant(ring, QQ(int(e.p), int(e.q))), {})
    elif isinstance(e, sp.Symbol) and ring is not None:
        out = (ring(e), {})
    elif e.is_Add:
        out = _add([_fraction(t, ring, memo) for t in e.args], ring)
    elif e.is_Mul:
        out = _mul([_fraction(t, ring, memo) for t in e.args], ring)
    elif e.is_Pow and e.exp.is_Integer:
        out = _power(_fraction(e.base, ring, memo), int(e.exp), ring)
    else:
        raise _NotRational
    memo[e] = out
    return out


def _scale(numerator: Any, factors: dict[Any, int], target: dict[Any, int]) -> Any:
    """numerator · target / factors (target's factors include every factor of ``factors``)."""
    for base, k in target.items():
        missing = k - factors.get(base, 0)
        if missing:
            numerator = numerator * base**missing
    return numerator


def _add(parts: list[_Fraction], ring: PolyRing | None) -> _Fraction:
    common: dict[Any, int] = {}
    for _, factors in parts:
        for base, k in factors.items():
            common[base] = max(common.get(base, 0), k)
    total = _constant(ring, 0)
    for numerator, factors in parts:
        total += _scale(numerator, factors, common)
    return total, common


def _mul(parts: list[_Fraction], ring: PolyRing | None) -> _Fraction:
    numerator, factors = _constant(ring, 1), {}
    for n, fs in parts:
        numerator = numerator * n
        for base, k in fs.items():
            factors[base] = factors.get(base, 0) + k
    return numerator, factors


def _power(base: _Fraction, k: int, ring: PolyRing | None) -> _Fraction:
    numerator, factors = base
    if k >= 0:
        return numerator**k, {b: e * k for b, e in factors.items()}
    if not numerator:
        raise _NotRational  # a division by the zero polynomial: undefined, not an identity
    # (n / Π bᵉ)^(−k) = Π b^(e·k) / n^k
    top = _constant(ring, 1)
    for b, e in factors.items():
        top = top * b ** (e * -k)
    if ring is None:
        return top / numerator**-k, {}
    return top, {numerator: -k}
