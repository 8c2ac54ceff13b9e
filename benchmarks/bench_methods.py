"""Exact iterates: symml's optimisers against a naive SymPy loop (subs + simplify each step).

100 gradient-descent iterations on a 3-variable rational quadratic, a non-quadratic
(GD on x**4 + y**2 + xy), and Adam: 20 iterations for symml, while the naive loop is
stopped after a few steps because its nested radicals grow exponentially.
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import growth_exponent, print_table, ratio, timed
from symml.optimisation.methods import adam, gradient_descent

x, y, z = sp.symbols("x y z", real=True)
R = sp.Rational


def _naive_gd(f, xs, x0, eta, steps):
    grad = [sp.diff(f, v) for v in xs]
    point = list(x0)
    for _ in range(steps):
        mapping = dict(zip(xs, point))
        point = [sp.simplify(p - eta * g.subs(mapping)) for p, g in zip(point, grad)]
    return point


def _naive_adam(f, xs, x0, eta, steps):
    bm, bs, eps = R(9, 10), R(999, 1000), R(1, 10**8)
    grad = [sp.diff(f, v) for v in xs]
    point, m, s = list(x0), [0] * len(xs), [0] * len(xs)
    for t in range(1, steps + 1):
        g = [gi.subs(dict(zip(xs, point))) for gi in grad]
        m = [sp.simplify(bm * mi + (1 - bm) * gi) for mi, gi in zip(m, g)]
        s = [sp.simplify(bs * si + (1 - bs) * gi**2) for si, gi in zip(s, g)]
        point = [
            sp.simplify(p - eta * (mi / (1 - bm**t)) / (sp.sqrt(si / (1 - bs**t)) + eps))
            for p, mi, si in zip(point, m, s)
        ]
    return point


def _naive_gd_expand(f, xs, x0, eta, steps):
    grad = [sp.diff(f, v) for v in xs]
    point = list(x0)
    for _ in range(steps):
        mapping = dict(zip(xs, point))
        point = [sp.expand(p - eta * g.subs(mapping)) for p, g in zip(point, grad)]
    return point


def _size(values) -> int:
    return sum(sp.count_ops(v, visual=False) + len(str(v)) // 40 for v in values)


def main() -> None:
    rows = []
    quad = x**2 + 2 * y**2 + 3 * z**2 + x * y - y * z + x - 2 * z
    ours, t_ours = timed(lambda: gradient_descent(quad, [x, y, z], R(1, 10)).iterates([1, -1, R(1, 2)], 100))
    naive, t_naive = timed(lambda: _naive_gd(quad, [x, y, z], [1, -1, R(1, 2)], R(1, 10), 100))
    assert list(ours.final) == naive  # the same exact rationals
    rows.append(
        [
            "GD, 3-var quadratic, 100 steps",
            f"{t_ours:.3f} s",
            f"{t_naive:.3f} s",
            ratio(t_naive, t_ours),
            "rational, equal",
        ]
    )
    quartic = x**4 + y**2 + x * y
    ours, t_ours = timed(lambda: gradient_descent(quartic, [x, y], R(1, 10)).iterates([1, 1], 8))
    naive, t_naive = timed(lambda: _naive_gd(quartic, [x, y], [1, 1], R(1, 10), 8))
    assert list(ours.final) == naive
    digits = len(str(ours.final[0]))
    rows.append(
        [
            "GD, x^4 + y^2 + xy, 8 steps",
            f"{t_ours:.3f} s",
            f"{t_naive:.3f} s",
            ratio(t_naive, t_ours),
            f"rational, {digits} chars",
        ]
    )
    f2 = x**2 + 3 * y**2 + x * y - x
    ours, t_ours = timed(lambda: adam(f2, [x, y], R(1, 10)).iterates([1, 1], 20))
    rows.append(
        [
            "Adam, 2-var quadratic, 20 steps",
            f"{t_ours:.3f} s",
            "(see next row)",
            "—",
            f"{len(ours.definitions)} named values",
        ]
    )
    ours5, t_ours5 = timed(lambda: adam(f2, [x, y], R(1, 10)).iterates([1, 1], 3))
    naive, t_naive = timed(lambda: _naive_adam(f2, [x, y], [1, 1], R(1, 10), 3))
    rows.append(
        [
            "Adam, 2-var quadratic, 3 steps",
            f"{t_ours5:.3f} s",
            f"{t_naive:.3f} s",
            ratio(t_naive, t_ours5),
            f"naive size {_size(naive)} ops",
        ]
    )
    print_table(["problem", "symml", "naive SymPy", "ratio", "result"], rows)
    _symbolic_eta_growth(quad)


def _symbolic_eta_growth(quad: sp.Expr) -> None:
    """GD with a symbolic step size: iterates are polynomials of degree t in eta (issue 19)."""
    eta = sp.Symbol("eta", positive=True)
    sizes, ours_t, naive_t, rows = [10, 20, 40], [], [], []
    start = [1, -1, R(1, 2)]
    for steps in sizes:
        ours, t_ours = timed(lambda n=steps: gradient_descent(quad, [x, y, z], eta).iterates(start, n))
        naive, t_naive = timed(lambda n=steps: _naive_gd_expand(quad, [x, y, z], start, eta, n))
        assert all(sp.expand(a - b) == 0 for a, b in zip(ours.final, naive))  # the same polynomials
        ours_t.append(t_ours)
        naive_t.append(t_naive)
        rows.append(
            [
                steps,
                f"{t_ours:.3f} s",
                f"{t_naive:.3f} s",
                ratio(t_naive, t_ours),
                sp.degree(ours.final[0], eta),
            ]
        )
    print("\nGD, 3-var quadratic, symbolic eta (iterates in Q[eta]) vs a naive expand loop")
    print_table(["steps", "symml", "naive SymPy", "ratio", "degree in eta"], rows)
    print(
        f"growth exponent: symml steps^{growth_exponent(sizes, ours_t):.2f}, "
        f"naive steps^{growth_exponent(sizes, naive_t):.2f} (the output grows like steps^2)"
    )


if __name__ == "__main__":
    main()
