"""The chapter-2 losses at the size of real examples, against plain SymPy, as ratios.

Each table gives (N, symml's time, the raw-SymPy baseline's time, the ratio baseline/symml)
per size, and the fitted growth exponent k of time ~ N**k for both.

* Least squares (M = 5): symml solves exactly (minimiser set, rank, strict convexity
  verdict); the baseline builds J, expands it, differentiates and calls ``sympy.solve`` on
  the normal equations (a second baseline: ``Matrix.LUsolve`` on them).  symml's proof
  steps and LaTeX are built only when asked for, so they are not in the timing.
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import growth_exponent, print_table, ratio, timed
from symml.optimisation.losses import least_squares

LEAST_SQUARES_SIZES = (50, 500, 5000)


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
    J = sp.expand(sp.Add(*[(yi - sum(aj * xj for aj, xj in zip(a, row)) - b) ** 2 for row, yi in zip(X, y)]))
    sol = sp.solve([sp.diff(J, v) for v in (*a, b)], [*a, b], dict=True)
    return [sol[0][v] for v in (*a, b)]


def sympy_lusolve(X, y):
    Xt = sp.Matrix(X).row_join(sp.ones(len(X), 1))
    return list((Xt.T * Xt).LUsolve(Xt.T * sp.Matrix(y)))


def _least_squares(X, y):
    fit = least_squares(X, y)  # the minimiser set and the rank (strict convexity) are decided here
    return fit, fit.solution.minimiser, fit.rank


def least_squares_table(sizes=LEAST_SQUARES_SIZES, m: int = 5) -> None:
    rows, ours_t, solve_t = [], [], []
    for n in sizes:
        X, y = dataset(n, m)
        (fit, minimiser, rank), t_ours = timed(lambda X=X, y=y: _least_squares(X, y))
        solved, t_solve = timed(lambda X=X, y=y: sympy_solve(X, y))
        lu, t_lu = timed(lambda X=X, y=y: sympy_lusolve(X, y))
        assert list(minimiser) == solved == lu and rank == m + 1  # the same exact minimiser
        ours_t.append(t_ours)
        solve_t.append(t_solve)
        rows.append(
            [n, f"{t_ours:.3f}", f"{t_solve:.3f}", ratio(t_solve, t_ours), f"{t_lu:.3f}", ratio(t_lu, t_ours)]
        )
    print_table(
        [f"least squares, M={m}: N", "symml (s)", "sympy.solve (s)", "ratio", "LUsolve (s)", "ratio"], rows
    )
    print(
        f"growth exponent: symml N^{growth_exponent(sizes, ours_t):.2f}, "
        f"sympy.solve N^{growth_exponent(sizes, solve_t):.2f}"
    )


def main() -> None:
    least_squares_table()


if __name__ == "__main__":
    main()
