"""The chapter-2 losses at the size of real examples, against plain SymPy, as ratios.

Each table gives (N, symml's time, the raw-SymPy baseline's time, the ratio baseline/symml)
per size, and the fitted growth exponent k of time ~ N**k for both.

* Least squares (M = 5): symml solves exactly (minimiser set, rank, strict convexity
  verdict); the baseline builds J, expands it, differentiates and calls ``sympy.solve`` on
  the normal equations (a second baseline: ``Matrix.LUsolve`` on them).  symml's proof
  steps and LaTeX are built only when asked for, so they are not in the timing.
* Logistic regression (M = 3, labels cᵢ = [i ≡ 0 mod 3]): symml builds the loss, gradient,
  Hessian and decides separability exactly; the baseline builds the same loss in plain
  SymPy and differentiates it (``diff`` for the gradient, ``hessian`` for the Hessian).
  scipy's import (about a second, once per process) is done before the timings.
* K-means (K = 3, M = 2, the first K points as initial centres, to convergence): symml's
  exact Lloyd iterations against the same iterations on SymPy matrices.
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import growth_exponent, print_table, ratio, timed
from symml.optimisation.losses import kmeans, least_squares, logistic_regression

LEAST_SQUARES_SIZES = (50, 500, 5000)
LOGISTIC_SIZES = (12, 100, 1000)
KMEANS_SIZES = (60, 250, 1000)


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


def sympy_logistic(X, c):
    """Plain SymPy: the loss (1/N) Σ log(1 + e^u) − (1 − c)u, its gradient and its Hessian."""
    m = len(X[0])
    params = [*sp.symbols(f"theta1:{m + 1}"), sp.Symbol("b")]
    us = [-sum(t * x for t, x in zip(params, row)) + params[-1] for row in X]
    J = sp.Add(*[sp.log(1 + sp.exp(u)) - (1 - ci) * u for u, ci in zip(us, c)]) / len(X)
    return J, [sp.diff(J, v) for v in params], sp.hessian(J, params)


def _logistic(X, c):
    model = logistic_regression(X, c)
    return model, model.separation.verdict


def logistic_table(sizes=LOGISTIC_SIZES, m: int = 3) -> None:
    rows, ours_t, plain_t = [], [], []
    for n in sizes:
        X, _ = dataset(n, m)
        c = [int(i % 3 == 0) for i in range(n)]
        (model, verdict), t_ours = timed(lambda X=X, c=c: _logistic(X, c))
        (J, grad, H), t_plain = timed(lambda X=X, c=c: sympy_logistic(X, c))
        point = dict(zip(model.variables, [sp.Rational(1, 2), -1, sp.Rational(1, 3), 0]))
        plain_point = dict(zip((*sp.symbols(f"theta1:{m + 1}"), sp.Symbol("b")), point.values()))
        assert model.loss.subs(point) - J.subs(plain_point) == 0  # the same loss
        assert verdict == "refuted"  # overlapping labels: not separable, exact Gordan certificate
        ours_t.append(t_ours)
        plain_t.append(t_plain)
        rows.append([n, f"{t_ours:.3f}", f"{t_plain:.3f}", ratio(t_plain, t_ours), f"{t_ours / t_plain:.2f}"])
    print_table(
        [f"logistic, M={m}: N", "symml (s)", "SymPy loss+grad+Hessian (s)", "ratio", "symml/SymPy"], rows
    )
    print(
        f"growth exponent: symml N^{growth_exponent(sizes, ours_t):.2f}, "
        f"SymPy N^{growth_exponent(sizes, plain_t):.2f}"
    )


def sympy_lloyd(X, K: int, max_iter: int = 20):
    """Lloyd's algorithm on SymPy matrices (ties to the smallest index, empty clusters kept)."""
    Xm = sp.Matrix(X)
    C = Xm[:K, :]
    labels = None
    for _ in range(max_iter):
        new_labels = []
        for i in range(Xm.rows):
            d = [sum((Xm[i, j] - C[k, j]) ** 2 for j in range(Xm.cols)) for k in range(K)]
            new_labels.append(d.index(min(d)))
        rows = []
        for k in range(K):
            members = [i for i, lab in enumerate(new_labels) if lab == k]
            total = sum((Xm.row(i) for i in members), sp.zeros(1, Xm.cols))
            rows.append(list(total / len(members)) if members else list(C.row(k)))
        new_C = sp.Matrix(rows)
        if new_labels == labels and new_C == C:
            break
        labels, C = new_labels, new_C
    return C, labels


def kmeans_table(sizes=KMEANS_SIZES, K: int = 3) -> None:
    rows, ours_t, plain_t, per_iteration = [], [], [], []
    for n in sizes:
        X, _ = dataset(n, 2)
        km, t_ours = timed(lambda X=X: kmeans(X, K, iterations=100))
        (C, labels), t_plain = timed(lambda X=X: sympy_lloyd(X, K, max_iter=100))
        assert km.converged and km.centres == C and list(km.labels) == labels  # the same exact fixed point
        ours_t.append(t_ours)
        plain_t.append(t_plain)
        per_iteration.append(t_ours / len(km.lloyd))
        rows.append(
            [
                n,
                f"{t_ours:.3f}",
                f"{t_plain:.3f}",
                ratio(t_plain, t_ours),
                len(km.lloyd),
                f"{per_iteration[-1]:.4f}",
            ]
        )
    headers = [
        f"k-means, K={K}: N",
        "symml (s)",
        "SymPy Lloyd (s)",
        "ratio",
        "iterations",
        "symml s/iteration",
    ]
    print_table(headers, rows)
    print(
        f"growth exponent: symml N^{growth_exponent(sizes, ours_t):.2f}, "
        f"SymPy N^{growth_exponent(sizes, plain_t):.2f} (to convergence: iterations grow too), "
        f"symml per iteration N^{growth_exponent(sizes, per_iteration):.2f}"
    )


def main() -> None:
    import scipy.optimize  # noqa: F401  (its one-time import is not part of any timing)

    least_squares_table()
    logistic_table()
    kmeans_table()


if __name__ == "__main__":
    main()
