"""Stationary points and definiteness: symml against raw SymPy, side by side.

(a) The definiteness of the n×n tridiagonal matrix with 2 + p on the diagonal and −1 off it,
    as exact cases over p, against SymPy's ``is_positive_definite`` (which returns None for
    symbolic entries) and its eigenvalue route (``eigenvals``).  Target: n = 10 under 5 s.
(b) Stationary points of (2.19), Himmelblau, Rosenbrock and the monkey saddle, against
    ``sympy.solve`` on the gradient: time, how many points (or sets) each finds, and whether
    they are classified.  Target for the full (2.19) analysis: under 2 s.
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import print_table, ratio, timed
from symml.optimisation.definiteness import definiteness
from symml.optimisation.stationary import stationary_points

p = sp.Symbol("p", real=True)
x, y = sp.symbols("x y", real=True)


def tridiagonal(n: int) -> sp.Matrix:
    return sp.Matrix(n, n, lambda i, j: 2 + p if i == j else (-1 if abs(i - j) == 1 else 0))


def _sympy_eigen(M: sp.Matrix) -> str:
    try:
        values = M.eigenvals()
    except sp.matrices.exceptions.MatrixError:
        return "fails (MatrixError)"
    return f"{sum(values.values())} eigenvalues, no case split"


def bench_definiteness() -> None:
    rows = []
    for n in (4, 6, 8, 10, 12):
        M = tridiagonal(n)
        cases, ours = timed(lambda M=M: definiteness(M))
        decided = all(r.verdict.value == "proven" for _, r in cases)
        verdicts = " / ".join(r.value.replace("positive ", "+").replace("negative ", "-") for _, r in cases)
        pd, t_pd = timed(lambda M=M: M.is_positive_definite)
        eig, t_eig = timed(lambda M=M: _sympy_eigen(M))
        rows.append(
            [
                n,
                f"{ours:.2f} s",
                f"{len(cases)} cases, {'all proven' if decided else 'some undecided'}: {verdicts}",
                f"{t_pd:.3f} s -> {pd}",
                f"{t_eig:.2f} s -> {eig}",
                ratio(t_eig, ours),
            ]
        )
    print("(a) definiteness of tridiag(-1, 2 + p, -1), n x n, exact cases over p")
    print_table(
        ["n", "symml", "symml result", "sympy is_positive_definite", "sympy eigenvals", "eig/symml"], rows
    )


def _describe(res: object) -> str:
    parts = []
    for cond, r in res:  # type: ignore[attr-defined]
        kinds: dict[str, int] = {}
        for c in r.components:
            key = c.kind + ("" if c.dimension == 0 else f" (dim {c.dimension})")
            kinds[key] = kinds.get(key, 0) + 1
        inner = ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) or "none"
        parts.append(inner if cond is sp.true else f"[{cond}] {inner}")
    return "; ".join(parts)


def bench_stationary() -> None:
    problems = [
        ("(2.19) (p-1)x^2+(p+1)y^2", (p - 1) * x**2 + (p + 1) * y**2),
        ("Himmelblau", (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2),
        ("Rosenbrock", (1 - x) ** 2 + 100 * (y - x**2) ** 2),
        ("monkey saddle x^3-3xy^2", x**3 - 3 * x * y**2),
    ]
    rows = []
    for name, f in problems:
        res, ours = timed(lambda f=f: stationary_points(f, [x, y]))
        grad = [sp.diff(f, x), sp.diff(f, y)]
        sols, theirs = timed(lambda grad=grad: sp.solve(grad, [x, y], dict=True))
        rows.append(
            [
                name,
                f"{ours:.2f} s",
                _describe(res),
                f"{theirs:.2f} s",
                f"{len(sols)} solution(s), no case split, not classified",
                ratio(theirs, ours),
            ]
        )
    print("\n(b) all stationary points, classified (symml) vs sympy.solve on the gradient")
    print_table(["problem", "symml", "symml finds", "sympy.solve", "sympy finds", "solve/symml"], rows)


def main() -> None:
    bench_definiteness()
    bench_stationary()


if __name__ == "__main__":
    main()
