"""Witness search: simple rational points of a domain, tried in a fixed, reproducible order.

A candidate is only *proposed* here; the caller decides exactly (with
:func:`~symml.core.exact.numbers.number_sign` or ball arithmetic) whether it is a witness.
The domain is anything with ``set_of(symbol) -> Set``, ``coupled`` and ``contains(point)``
(:class:`~symml.core.exact.signs.Domain`).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from typing import Any

import sympy as sp

__all__ = ["rational_values_in", "candidate_points"]

_CANDIDATES = [
    sp.Rational(v)
    for v in (0, 1, -1, 2, -2, "1/2", "-1/2", 3, -3, "1/3", "-1/3", 10, -10, "1/10", "-1/10")
    + ("5/2", "-5/2", 100, -100, "3/2", "-3/2", 7, "1/100")
]


def rational_values_in(st: sp.Set, limit: int = 14) -> list[Any]:
    """Simple rationals in the set ``st`` (small integers and fractions, points near its ends).

    >>> rational_values_in(sp.Interval.open(0, 1), limit=4)
    [1/2, 1/3, 1/10, 1/100]
    """
    extra: list[Any] = []
    for end in (st.inf, st.sup):
        if end.is_finite and end.is_real:
            base = end if end.is_Rational else sp.Rational(sp.floor(end * 1000), 1000)
            for d in (0, sp.Rational(1, 2), 1, sp.Rational(1, 10), sp.Rational(1, 1000), 2, 10):
                extra += [base + d, base - d]
    if st.inf.is_finite and st.sup.is_finite and st.inf.is_Rational and st.sup.is_Rational:
        extra += [(st.inf + st.sup) / 2, (3 * st.inf + st.sup) / 4, (st.inf + 3 * st.sup) / 4]
    out = []
    for v in [*_CANDIDATES, *extra]:
        if v not in out and st.contains(v) is sp.true:
            out.append(v)
    return out[:limit] if len(out) > limit else out


def candidate_points(symbols: Sequence[sp.Symbol], domain: Any, budget: int = 400) -> Iterator[dict]:
    """Distinct rational points of ``domain``: a grid of simple values, then seeded random mixes.

    The order is fixed (seeded), so results are reproducible; points violating the
    domain's coupled conditions are skipped.
    """
    symbols = list(symbols)
    per_axis = max(3, int(budget ** (1 / max(len(symbols), 1))) + 1)
    axes = [rational_values_in(domain.set_of(s), limit=per_axis) for s in symbols]
    if any(not a for a in axes):
        return
    points = list(itertools.islice(itertools.product(*axes), budget))
    if len(symbols) > 1:
        rng = random.Random(0)
        full = [rational_values_in(domain.set_of(s), limit=40) for s in symbols]
        points += [tuple(rng.choice(a) for a in full) for _ in range(budget // 2)]
    seen = set()
    for values in points:
        if values in seen:
            continue
        seen.add(values)
        point = dict(zip(symbols, values))
        if domain.coupled and not domain.contains(point):
            continue
        yield point
