"""Exact probability: symml vs brute force, sympy.stats and icepool, side by side (ratios).

* Dependence: variables that share sources (Cov(X₁, X₁ + … + X_k), Var(S − X₁), ℙ(X₁ >
  max(X₂, …)), the joint pmf of X₁ and S) against brute-force enumeration of every outcome
  of the k dice with plain ``Fraction``s: the same answers (checked), and the time ratio.
* Dice sums: symml raises the generating polynomial of one die to the n-th power
  (python-flint over the integers); sympy.stats enumerates the product space and gets a
  time limit; icepool (the fastest exact dice library in Python) is used when it is
  importable — it is an optional benchmark extra (``pip install symml[bench]``), not a
  dependency of symml.
* A symbolic bias p, product spaces and events.

Each competitor that may hang runs in a child process with a time limit.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
from collections.abc import Callable
from fractions import Fraction
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

    def fresh(tool: str, n: int) -> sp.Symbol:
        # a new symbol per tool and size: neither tool profits from the other's SymPy caches
        return sp.Symbol(f"p_{tool}_{n}", positive=True)

    rows = []
    for n in (10, 50, 200):
        k = n * 2 // 5
        ours_value, ours = timed(lambda n=n, k=k: iid_sum(Bernoulli(fresh("symml", n)), n).pmf_at(k))
        theirs_value, theirs = timed(lambda n=n, k=k: st.P(sp.Eq(st.Binomial("B", n, fresh("stats", n)), k)))
        same = sp.expand(ours_value.subs(fresh("symml", n), fresh("stats", n)) - theirs_value) == 0
        question = f"P({k} heads in {n} tosses), polynomial in p" + ("" if same else " (DIFFERENT ANSWERS)")
        rows.append([question, _fmt(ours), _fmt(theirs), ratio(theirs, ours)])
    for n in (50, 1000):
        _, ours = timed(lambda n=n: (E(Binomial(n, fresh("symml", n))), Var(Binomial(n, fresh("symml", n)))))
        outcome = _limited(_stats_binomial_moments, n, SYMPY_LIMIT)
        theirs = outcome if isinstance(outcome, float) else None
        rows.append(
            [f"E and Var of Binomial({n}, p)", _fmt(ours), _fmt(outcome, SYMPY_LIMIT), ratio(theirs, ours)]
        )
    print("\nSymbolic bias p (icepool has no symbolic probabilities)")
    print_table(["question", "symml", "sympy.stats", "ratio"], rows)


def _stats_binomial_moments(n: int) -> Any:
    import sympy as sp
    import sympy.stats as st

    B = st.Binomial("B", n, sp.Symbol(f"p_stats_{n}", positive=True))
    return st.E(B), st.variance(B)


# --- dependence: symml's joint model against enumerating every outcome -----------------------


def _brute(k: int, statistic: Callable[[tuple[int, ...]], Any]) -> dict[Any, Fraction]:
    """The law of statistic(faces) over k fair dice, by enumerating all 6^k outcomes."""
    law: dict[Any, Fraction] = {}
    w = Fraction(1, 6**k)
    for faces in itertools.product(range(1, 7), repeat=k):
        key = statistic(faces)
        law[key] = law.get(key, 0) + w
    return law


def _brute_mean(law: dict[Any, Fraction], f: Callable[[Any], Any]) -> Fraction:
    return sum((w * f(v) for v, w in law.items()), Fraction(0))


def _brute_cov(k: int) -> Fraction:
    law = _brute(k, lambda f: (f[0], sum(f)))
    ex, es = _brute_mean(law, lambda v: v[0]), _brute_mean(law, lambda v: v[1])
    return _brute_mean(law, lambda v: (v[0] - ex) * (v[1] - es))


def _brute_var_rest(k: int) -> Fraction:
    law = _brute(k, lambda f: sum(f) - f[0])
    mu = _brute_mean(law, lambda v: v)
    return _brute_mean(law, lambda v: (v - mu) ** 2)


def _brute_p_max(k: int) -> Fraction:
    return _brute(k, lambda f: f[0] > max(f[1:])).get(True, Fraction(0))


def _brute_joint(k: int) -> dict[Any, Fraction]:
    return _brute(k, lambda f: (f[0], sum(f)))


def _symml_case(case: str, k: int) -> Any:
    from symml.probability import Cov, Die, P, Var, joint_pmf

    dice = [Die(6) for _ in range(k)]
    total = dice[0]
    for d in dice[1:]:
        total = total + d
    if case == "cov":
        return Cov(dice[0], total)
    if case == "var":
        return Var(total - dice[0])
    if case == "max":
        rest = dice[1]
        for d in dice[2:]:
            rest = rest.maximum(d)
        return P(dice[0] > rest).value
    return joint_pmf(dice[0], total)


_CASES: dict[str, tuple[str, Callable[[int], Any]]] = {
    "cov": ("Cov(X1, X1 + ... + Xk)", _brute_cov),
    "var": ("Var((X1 + ... + Xk) - X1)", _brute_var_rest),
    "max": ("P(X1 > max(X2, ..., Xk))", _brute_p_max),
    "joint": ("joint pmf of (X1, X1 + ... + Xk)", _brute_joint),
}


def _same(ours: Any, brute: Any) -> bool:
    import sympy as sp

    if isinstance(brute, dict):
        return {tuple(map(sp.Rational, k)): sp.Rational(w) for k, w in brute.items()} == {
            k: w for k, w in ours.items() if w != 0
        }
    return sp.Rational(brute) == ours


def dependence_table(ks: tuple[int, ...] = (2, 4, 6, 8)) -> None:
    _symml_case("cov", 2)  # warm up
    rows = []
    for case, (question, brute) in _CASES.items():
        for k in ks:
            ours_value, ours = timed(lambda case=case, k=k: _symml_case(case, k))
            brute_value, theirs = timed(lambda brute=brute, k=k: brute(k))
            check = "same" if _same(ours_value, brute_value) else "DIFFERENT"
            rows.append([question, k, _fmt(ours), _fmt(theirs), ratio(theirs, ours), check])
    print("\nDependence: k fair dice, against enumerating all 6^k outcomes with Fractions")
    print_table(["question", "k", "symml", "brute force", "ratio", "answers"], rows)


def product_space_table() -> None:
    from fractions import Fraction as F

    from symml.probability import Die

    def ours() -> Any:
        seven = Die(6).space ** 7
        return seven.P(seven.event(lambda w: sum(w) >= 30)).value

    def brute() -> Any:
        hits = sum(1 for w in itertools.product(range(1, 7), repeat=7) if sum(w) >= 30)
        return F(hits, 6**7)

    ours_value, t_ours = timed(ours)
    brute_value, t_brute = timed(brute)
    outcome = _limited(_stats_seven_dice, 7, SYMPY_LIMIT)
    theirs = outcome if isinstance(outcome, float) else None
    same = "same" if ours_value == brute_value else "DIFFERENT"
    print("\nProduct space Die(6).space ** 7, one event, its probability")
    print_table(
        ["question", "symml", "brute force", "ratio", "sympy.stats", "ratio", "answers"],
        [
            [
                "P(sum of 7 dice >= 30)",
                _fmt(t_ours),
                _fmt(t_brute),
                ratio(t_brute, t_ours),
                _fmt(outcome, SYMPY_LIMIT),
                ratio(theirs, t_ours),
                same,
            ]
        ],
    )


def _stats_seven_dice(n: int) -> Any:
    import sympy.stats as st

    return st.P(sum(st.Die(f"D{i}", 6) for i in range(n)) >= 30)


def events_table() -> None:
    import sympy as sp
    import sympy.stats as st

    from symml.probability import Die, P

    X, Y = Die(6, "X"), Die(6, "Y")
    Xs, Ys = st.Die("Xs", 6), st.Die("Ys", 6)
    S = X + Y
    cases = [
        (
            "P(X+Y >= 8 | X+Y > 4), two dice",
            lambda: P(S >= 8, given=S > 4).value,
            lambda: st.P(Xs + Ys >= 8, Xs + Ys > 4),
        ),
        ("P(X > Y), two dice", lambda: P(X > Y).value, lambda: st.P(Xs > Ys)),
        (
            "P(X+Y >= 10 | X = 6)",
            lambda: P(X + Y >= 10, given=X.eq(6)).value,
            lambda: st.P(Xs + Ys >= 10, sp.Eq(Xs, 6)),
        ),
    ]
    rows = []
    for question, ours_fn, theirs_fn in cases:
        ours_value, ours = timed(ours_fn)
        theirs_value, theirs = timed(theirs_fn)
        same = "same" if ours_value == theirs_value else "DIFFERENT"
        rows.append([question, _fmt(ours), _fmt(theirs), ratio(theirs, ours), same])
    print("\nProbabilities of events")
    print_table(["question", "symml", "sympy.stats", "ratio", "answers"], rows)


def main() -> None:
    dice_table()
    dependence_table()
    symbolic_table()
    product_space_table()
    events_table()


if __name__ == "__main__":
    main()
