"""A plain-text table and a timer shared by the benchmark modules."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn`` once; return its value and the seconds it took."""
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def ratio(baseline: float | None, ours: float | None) -> str:
    """``baseline / ours`` as 'N.N×' (how many times faster symml is), or '—'."""
    if baseline is None or ours is None or ours <= 0:
        return "—"
    return f"{baseline / ours:.1f}×"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print rows under headers, columns padded to their widest cell."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for k, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def growth_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """The slope k of log(time) against log(size): time grows like size**k (least-squares fit)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
