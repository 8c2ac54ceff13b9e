"""Exact dice sums and probabilities: symml vs sympy.stats vs icepool, side by side.

symml raises the generating polynomial of one die to the n-th power (python-flint over the
integers); sympy.stats enumerates the product space and gets a time limit; icepool (the
fastest exact dice library in Python) is used when it is importable — install it in the
benchmark environment only (``pip install icepool``, or put it on PYTHONPATH); it is not a
dependency of symml.  Each competitor runs in a child process with a time limit.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any

from benchmarks.table import print_table, ratio, timed

SYMPY_LIMIT = 20.0  # seconds per case for sympy.stats (it enumerates 6^n outcomes)
ICEPOOL_LIMIT = 60.0


def _symml_dice(n: int) -> Any:
    from symml.probability import Die, iid_sum

    S = iid_sum(Die(6), n)
    return S.pmf_at(7 * n // 2)


def _sympy_dice(n: int) -> Any:
    import sympy as sp
    import sympy.stats as st

    S = sum(st.Die(f"D{i}", 6) for i in range(n))
    return st.P(sp.Eq(S, 7 * n // 2))


def _icepool_dice(n: int) -> Any:
    import icepool

    d = n @ icepool.d6
    return (d.quantity(7 * n // 2), d.denominator())


def _child(fn: Callable[[int], Any], n: int, queue: Any) -> None:
    try:
        _, seconds = timed(lambda: fn(n))
    except Exception as exc:  # report a competitor's failure in the table, not as a traceback
        queue.put(type(exc).__name__)
        return
    queue.put(seconds)


def _limited(fn: Callable[[int], Any], n: int, limit: float) -> float | str | None:
    """Seconds ``fn(n)`` takes in a child process, ``None`` past ``limit``, or the error's name."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, n, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get() if not queue.empty() else None


def _fmt(seconds: float | str | None, limit: float | None = None) -> str:
    if isinstance(seconds, str):
        return f"failed ({seconds})"
    if seconds is None:
        return f"timeout (>{limit:.0f} s)" if limit else "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _icepool_available() -> bool:
    try:
        import icepool  # noqa: F401
    except ImportError:
        return False
    return True


def dice_table(ns: tuple[int, ...] = (5, 10, 20, 50, 100, 1000, 10000)) -> None:
    has_icepool = _icepool_available()
    _symml_dice(2)  # warm up: import symml, sympy and python-flint outside the timings
    rows = []
    sympy_gave_up = False
    icepool_gave_up = False
    for n in ns:
        _, ours = timed(lambda n=n: _symml_dice(n))
        outcome = None if sympy_gave_up else _limited(_sympy_dice, n, SYMPY_LIMIT)
        sympy_cell = "skipped (gave up at a smaller n)" if sympy_gave_up else _fmt(outcome, SYMPY_LIMIT)
        theirs = outcome if isinstance(outcome, float) else None
        sympy_gave_up = sympy_gave_up or theirs is None
        if not has_icepool:
            ice, ice_cell = None, "not installed"
        elif icepool_gave_up:
            ice, ice_cell = None, "skipped (gave up at a smaller n)"
        else:
            outcome = _limited(_icepool_dice, n, ICEPOOL_LIMIT)
            ice_cell = _fmt(outcome, ICEPOOL_LIMIT)
            icepool_gave_up = not isinstance(outcome, float)
            ice = outcome if isinstance(outcome, float) else None
        rows.append([n, _fmt(ours), sympy_cell, ratio(theirs, ours), ice_cell, ratio(ice, ours)])
    print("Exact P(sum of n fair dice = floor(3.5 n)) (the whole pmf is computed by every tool)")
    print_table(["n", "symml", "sympy.stats", "ratio", "icepool", "ratio"], rows)


def symbolic_table() -> None:
    import sympy as sp
    import sympy.stats as st

    from symml.probability import Bernoulli, Binomial, E, Var, iid_sum

    p = sp.Symbol("p", positive=True)
    rows = []
    for n in (10, 50):
        _, ours = timed(lambda n=n: iid_sum(Bernoulli(p), n).pmf_at(n * 2 // 5))
        _, theirs = timed(lambda n=n: st.P(sp.Eq(st.Binomial("B", n, p), n * 2 // 5)))
        question = f"P(k heads in {n} tosses), polynomial in p"
        rows.append([question, _fmt(ours), _fmt(theirs), ratio(theirs, ours)])
    _, ours = timed(lambda: (E(Binomial(50, p)), Var(Binomial(50, p))))
    _, theirs = timed(lambda: (st.E(st.Binomial("B", 50, p)), st.variance(st.Binomial("B", 50, p))))
    rows.append(["E and Var of Binomial(50, p)", _fmt(ours), _fmt(theirs), ratio(theirs, ours)])
    print("\nSymbolic bias p (icepool has no symbolic probabilities)")
    print_table(["question", "symml", "sympy.stats", "ratio"], rows)


def events_table() -> None:
    import sympy.stats as st

    from symml.probability import Die, P

    rows = []
    X, Y = Die(6, "X"), Die(6, "Y")
    Xs, Ys = st.Die("Xs", 6), st.Die("Ys", 6)
    S = X + Y
    _, ours = timed(lambda: P(S >= 8, given=S > 4).value)
    _, theirs = timed(lambda: st.P(Xs + Ys >= 8, Xs + Ys > 4))
    rows.append(["P(X+Y >= 8 | X+Y > 4), two dice", _fmt(ours), _fmt(theirs), ratio(theirs, ours)])
    print("\nProbabilities of events")
    print_table(["question", "symml", "sympy.stats", "ratio"], rows)


def main() -> None:
    dice_table()
    symbolic_table()
    events_table()


if __name__ == "__main__":
    main()
