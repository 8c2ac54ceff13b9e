"""Convexity: symml.convexity against SymPy's ``is_convex`` on the named-function suite.

For each function of ``tests/optimisation/convexity_suite.py`` (``SUITE``: the notes' list,
textbook functions of one and several variables, parameter families; ``EXTENDED``: piecewise
losses, special functions, coupled domains, families with two and three parameters) both
tools are run.  A verdict is *decided* when it is a definite answer (symml: any curvature
but ``undecided`` in every parameter case; SymPy: ``True``/``False``), and *wrong* when it
contradicts the known curvature (a weaker true statement, e.g. "convex" for a strictly
convex function, is not wrong).  Every function is also given to symml's parser as text
(``str(f)``), which must read it back: piecewise and special functions are never a parse
error.  SymPy's exceptions (NotImplementedError on |x|³, Max, symbolic exponents, several
variables) count as undecided.  CVXPY's DCP check is added when cvxpy is importable.

Run: ``python -m benchmarks.bench_convexity``.
"""

from __future__ import annotations

import signal
import sys
import warnings
from pathlib import Path
from typing import Any

import sympy as sp

from benchmarks.table import print_table, ratio, timed

CONVEX_LIKE = {"strictly convex", "convex", "affine"}
SYMPY_TIMEOUT = 10
SYMML_TIMEOUT = 60
#: a true curvature -> every answer that is true of it
IMPLIED = {
    "strictly convex": {"strictly convex", "convex"},
    "strictly concave": {"strictly concave", "concave"},
    "affine": {"affine", "convex", "concave"},
    "convex": {"convex"},
    "concave": {"concave"},
    "neither": {"neither"},
}


def _suite() -> list[tuple[Any, ...]]:
    here = Path(__file__).resolve().parents[1] / "tests" / "optimisation"
    sys.path.insert(0, str(here))
    try:
        from convexity_suite import EXTENDED, SUITE
    finally:
        sys.path.remove(str(here))
    return [*SUITE, *EXTENDED]


def _sympy_domain(xs: list[sp.Symbol], domain: Any) -> Any:
    if domain is None or len(xs) != 1:
        return sp.S.Reals
    conds = domain if isinstance(domain, list) else [domain]
    s = sp.S.Reals
    for c in conds:
        s = s.intersect(sp.solveset(c, xs[0], sp.S.Reals))
    return s


def _sympy_verdict(f: Any, xs: list[sp.Symbol], domain: Any) -> str:
    from sympy.calculus.util import is_convex

    def give_up(*_: Any) -> None:
        raise TimeoutError

    # SymPy's is_convex can run for minutes (solveset on f'' < 0 for log(1 + exp(-x)));
    # SYMPY_TIMEOUT seconds per call, counted as undecided
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(SYMPY_TIMEOUT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = is_convex(f, *xs, domain=_sympy_domain(xs, domain))
    except TimeoutError:
        return f"timeout ({SYMPY_TIMEOUT} s)"
    except Exception as exc:  # noqa: BLE001 - every SymPy failure counts as undecided
        return f"error ({type(exc).__name__})"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return {True: "convex", False: "not convex"}.get(got, "None")


def _sympy_wrong(verdict: str, expected: Any) -> bool:
    truths = list(expected.values()) if isinstance(expected, dict) else [expected]
    if verdict == "convex":
        return not all(t in CONVEX_LIKE for t in truths)
    if verdict == "not convex":
        return any(t in CONVEX_LIKE for t in truths)
    return False


def _points(res: Any, expected: Any) -> list[tuple[dict[str, Any], str]]:
    """(parameter values, true curvature) pairs; keys are values in the parameters' name order."""
    names = sorted(p.name for p in res.parameters)
    out = []
    for key, curv in expected.items():
        values = key if isinstance(key, tuple) else (key,)
        out.append((dict(zip(names, values)), curv))
    return out


def _symml_verdict(
    f: Any, xs: list[sp.Symbol], domain: Any, assumptions: Any, expected: Any
) -> tuple[str, bool]:
    from symml.core.errors import SymmlError
    from symml.optimisation.convexity import convexity

    try:
        res = convexity(f, xs, domain=domain, assumptions=assumptions)
    except SymmlError as exc:  # a clear refusal (e.g. a domain not shown convex): undecided
        return f"undecided ({type(exc).__name__})", False
    labels = [r.curvature.value for _, r in res]
    decided = "undecided" not in labels
    wrong = False
    if isinstance(expected, dict):
        for values, curv in _points(res, expected):
            got = res.where(**values).curvature.value
            if got != "undecided" and got not in IMPLIED[curv]:
                wrong = True
    elif labels[0] != "undecided" and labels[0] not in IMPLIED[expected]:
        wrong = True
    text = labels[0] if len(labels) == 1 else f"{len(labels)} cases"
    return (text if decided else "undecided"), wrong


def _with_timeout(fn: Any, seconds: int) -> Any:
    def give_up(*_: Any) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        return fn()
    except TimeoutError:
        return (f"timeout ({seconds} s)", False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _parses(f: Any) -> bool:
    """symml's parser reads the function back from its text (the same expression)."""
    from symml.core.parsing import parse_expression

    names = {s.name: s for s in f.free_symbols}
    return sp.simplify(parse_expression(str(f), names) - f) == 0


def main() -> None:
    suite = _suite()
    rows = []
    totals = {"symml": 0.0, "sympy": 0.0}
    decided = {"symml": 0, "sympy": 0}
    wrong = {"symml": 0, "sympy": 0}
    parse_errors = [name for name, f, *_ in suite if not _parses(f)]
    for name, f, xs, domain, assumptions, expected in suite:
        (label, bad), t_ours = timed(
            lambda: _with_timeout(lambda: _symml_verdict(f, xs, domain, assumptions, expected), SYMML_TIMEOUT)  # noqa: B023
        )
        label = "undecided" if label.startswith(("timeout", "undecided")) else label
        theirs, t_theirs = timed(lambda: _sympy_verdict(f, xs, domain))  # noqa: B023
        totals["symml"] += t_ours
        totals["sympy"] += t_theirs
        decided["symml"] += label not in ("undecided",)
        decided["sympy"] += theirs in ("convex", "not convex")
        wrong["symml"] += bad
        theirs_wrong = _sympy_wrong(theirs, expected)
        wrong["sympy"] += theirs_wrong
        truth = expected if isinstance(expected, str) else "by parameter"
        rows.append(
            [
                name,
                truth,
                label + (" WRONG" if bad else ""),
                theirs + (" WRONG" if theirs_wrong else ""),
                f"{t_ours * 1000:.0f}",
                f"{t_theirs * 1000:.0f}",
            ]
        )
    print_table(["function", "truth", "symml", "sympy is_convex", "symml ms", "sympy ms"], rows)
    n = len(suite)
    print()
    print_table(
        ["tool", "decided", "wrong", "total s"],
        [
            [
                "symml",
                f"{decided['symml']}/{n} ({100 * decided['symml'] / n:.0f}%)",
                wrong["symml"],
                f"{totals['symml']:.1f}",
            ],
            [
                "sympy is_convex",
                f"{decided['sympy']}/{n} ({100 * decided['sympy'] / n:.0f}%)",
                wrong["sympy"],
                f"{totals['sympy']:.1f}",
            ],
        ],
    )
    print(f"parse errors (str(f) through symml's parser): {len(parse_errors)} {parse_errors or ''}")
    print(
        f"time ratio sympy/symml: {ratio(totals['sympy'], totals['symml'])} "
        "(symml also proves strictness, parameter cases, witnesses)"
    )
    try:
        import cvxpy  # noqa: F401
    except ImportError:
        print("cvxpy is not installed in this environment: DCP column omitted")


if __name__ == "__main__":
    main()
