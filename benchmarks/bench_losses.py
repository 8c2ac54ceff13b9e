"""Least squares on rational data: symml's closed form against sympy.solve on the expanded loss.

symml builds the loss in index and matrix form, proves their agreement, solves the normal
equations exactly and describes the minimiser set; the baseline builds J by hand, expands it,
differentiates, and calls ``sympy.solve`` on the gradient (and, as a second baseline, the
normal equations with ``Matrix.LUsolve``).
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import print_table, ratio, timed
from symml.optimisation.losses import least_squares

SIZES = ((10, 2), (25, 3), (50, 5))


def dataset(n: int, m: int, seed: int = 1) -> tuple[list[list[sp.Rational]], list[sp.Rational]]:
    """A deterministic rational data set (a linear congruential generator, no randomness)."""
    state = seed

    def draw() -> sp.Rational:
        nonlocal state
        state = (1103515245 * state + 12345) % 2**31
        return sp.Rational(state % 41 - 20, 1 + state % 7)

    X = [[draw() for _ in range(m)] for _ in range(n)]
    y = [draw() for _ in range(n)]
    return X, y


def sympy_solve(X, y):
    m = len(X[0])
    a = sp.symbols(f"a1:{m + 1}")
    b = sp.Symbol("b")
    J = sp.expand(sum((yi - sum(aj * xj for aj, xj in zip(a, row)) - b) ** 2 for row, yi in zip(X, y)))
    sol = sp.solve([sp.diff(J, v) for v in (*a, b)], [*a, b], dict=True)
    return [sol[0][v] for v in (*a, b)]


def sympy_lusolve(X, y):
    Xt = sp.Matrix(X).row_join(sp.ones(len(X), 1))
    return list((Xt.T * Xt).LUsolve(Xt.T * sp.Matrix(y)))


def main() -> None:
    rows = []
    for n, m in SIZES:
        X, y = dataset(n, m)
        ours, t_ours = timed(lambda X=X, y=y: least_squares(X, y))
        solved, t_solve = timed(lambda X=X, y=y: sympy_solve(X, y))
        lu, t_lu = timed(lambda X=X, y=y: sympy_lusolve(X, y))
        assert list(ours.solution.minimiser) == solved == lu  # the same exact minimiser
        rows.append(
            [
                f"N={n}, M={m}",
                f"{t_ours:.3f}",
                f"{t_solve:.3f}",
                ratio(t_solve, t_ours),
                f"{t_lu:.3f}",
                ratio(t_lu, t_ours),
            ]
        )
    print_table(["least squares", "symml (s)", "sympy.solve (s)", "ratio", "LUsolve (s)", "ratio"], rows)
    print("symml also proves index/matrix agreement, convexity and the rank, which the baselines do not.")


if __name__ == "__main__":
    main()
