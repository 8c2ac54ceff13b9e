"""One readable, canonical form for the exact values results hold.

A value is computed however is fastest (expanded, summed in a polynomial ring, solved);
before a result stores it, :func:`canonical_form` rewrites it into the form a reader of the
notes writes: ``p*(1 - p)``, not ``-p*(p - 1)`` or ``p - p**2``; ``log(b/a)/a``, not
``(-log(a) + log(b))/a``.  Every rewrite is an identity under the symbols' own assumptions
(logarithms are joined only when their arguments are positive), so the value is unchanged,
only written differently.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["canonical_form", "absorb_sign"]

#: Larger values are left as they are: factoring a long expression costs more than it helps.
_OPS_BUDGET = 60


def absorb_sign(value: sp.Expr) -> sp.Expr:
    """A product with a negative coefficient and exactly one sum among its factors, with
    the sign moved into that sum: ``-p*(p - 1)`` is ``p*(1 - p)``, ``-1/(p - 2)`` is
    ``1/(2 - p)``.  Anything else is returned unchanged.

    >>> p = sp.Symbol("p")
    >>> absorb_sign(-p*(p - 1)), absorb_sign(-3*p**2*(p - 1)), absorb_sign(-1/(p - 2))
    (p*(1 - p), 3*p**2*(1 - p), 1/(2 - p))
    >>> absorb_sign(-p*(p - 1)*(p + 1))  # two sums: which one takes the sign is a choice
    -p*(p - 1)*(p + 1)
    """
    if not isinstance(value, sp.Mul):
        return value
    coeff, factors = value.as_coeff_mul()
    if not coeff.is_negative:
        return value
    sums = [f for f in factors if _odd_power_of_sum(f)]
    if len(sums) != 1 or any(f.is_Add or (f.is_Pow and f.base.is_Add) for f in factors if f is not sums[0]):
        return value
    (chosen,) = sums
    flipped = -chosen if chosen.is_Add else sp.Pow(-chosen.base, chosen.exp)
    return sp.Mul(-coeff, *(flipped if f is chosen else f for f in factors))


def _odd_power_of_sum(factor: sp.Expr) -> bool:
    if factor.is_Add:
        return True
    return bool(factor.is_Pow and factor.base.is_Add and factor.exp.is_Integer and factor.exp % 2)


def _joined_logs(total: sp.Expr) -> sp.Expr:
    """``log(b) - log(a)`` as ``log(b/a)``, for positive arguments and coefficients ±1 only
    (``2*log(x)`` stays: ``log(x**2)`` reads no better)."""
    ups, downs, rest = [], [], []
    for term in total.args:
        if isinstance(term, sp.log) and term.args[0].is_positive:
            ups.append(term.args[0])
        elif isinstance(-term, sp.log) and (-term).args[0].is_positive:
            downs.append((-term).args[0])
        else:
            rest.append(term)
    if len(ups) + len(downs) < 2:
        return total
    return sp.Add(sp.log(sp.Mul(*ups) / sp.Mul(*downs)), *rest)


def canonical_form(value: Any) -> Any:
    """The readable canonical form of an exact value (see the module documentation).

    Numbers, non-expressions and large expressions are returned unchanged; otherwise
    logarithms are combined where the assumptions allow, rational functions factored, and
    a minus sign absorbed by the one sum among the factors.  The form with the fewest
    operations wins (ties go to the rewritten one).

    >>> p, q = sp.symbols("p q", real=True)
    >>> canonical_form(p - p**2), canonical_form(4*p**2 - 4*p + 1)
    (p*(1 - p), (2*p - 1)**2)
    >>> a, b = sp.symbols("a b", positive=True)
    >>> canonical_form((-sp.log(a) + sp.log(b))/a)
    log(b/a)/a
    >>> canonical_form(p**3 + q**3)  # factoring would be longer
    p**3 + q**3
    """
    if not isinstance(value, sp.Expr) or not value.free_symbols or sp.count_ops(value) > _OPS_BUDGET:
        return value
    candidate = value.replace(lambda e: e.is_Add, _joined_logs) if value.has(sp.log) else value
    if candidate.is_rational_function():
        candidate = sp.factor(candidate)
    candidate = absorb_sign(candidate)
    return candidate if sp.count_ops(candidate) <= sp.count_ops(value) else absorb_sign(value)
