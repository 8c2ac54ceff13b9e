"""check_identity against raw ``simplify(lhs - rhs) == 0`` on true and false identities.

Raw simplify can only say "zero" (a proof without steps) or "not zero" (which proves
nothing, and gives no witness); check_identity proves with steps or refutes with an
exact witness.  Raw simplify gets the same (assumption-free) symbols.  A case counts as
*decided correctly* when the answer is right and, for a
false identity, comes with a witness.
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import print_table, ratio, timed
from symml.core.identity import check_identity

x, y, u, c = sp.symbols("x y u c")


def _sigma(t):
    return 1 / (1 + sp.exp(-t))


_F = 1 / (1 + sp.exp(u))

#: (name, lhs, rhs, assumptions, is it true?)
SUITE = [
    ("square", (x + 1) ** 2, x**2 + 2 * x + 1, None, True),
    ("rational", (x**3 - 1) / (x - 1), x**2 + x + 1, None, True),
    ("sigma(-u)", _sigma(-u), 1 - _sigma(u), None, True),
    ("sigma'", sp.diff(_sigma(u), u), _sigma(u) * (1 - _sigma(u)), None, True),
    ("log product", sp.log(x * y), sp.log(x) + sp.log(y), "x > 0, y > 0", True),
    (
        "cross-entropy",
        -c * sp.log(_F) - (1 - c) * sp.log(1 - _F),
        sp.log(1 + sp.exp(u)) - (1 - c) * u,
        None,
        True,
    ),
    ("log sigma", sp.log(_sigma(u)), -sp.log(1 + sp.exp(-u)), None, True),
    ("trig", sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, None, True),
    ("(2.7) printed", -c * sp.log(_F) - (1 - c) * sp.log(1 - _F), sp.log(1 + sp.exp(u)) - c * u, None, False),
    ("(x+1)^2", (x + 1) ** 2, x**2 + 1, None, False),
    ("sqrt(x^2)", sp.sqrt(x**2), x, None, False),
    ("log sum", sp.log(x + y), sp.log(x) + sp.log(y), "x > 0, y > 0", False),
    ("exp product", sp.exp(x * y), sp.exp(x) * sp.exp(y), None, False),
]


def main() -> None:
    rows = []
    ours_right = raw_right = 0
    total_ours = total_raw = 0.0
    for name, lhs, rhs, assumptions, truth in SUITE:
        result, t_ours = timed(lambda lhs=lhs, rhs=rhs, a=assumptions: check_identity(lhs, rhs, a))
        raw, t_raw = timed(lambda lhs=lhs, rhs=rhs: sp.simplify(lhs - rhs) == 0)
        ours_ok = result.proven if truth else (result.refuted and result.witness is not None)
        raw_ok = bool(raw) if truth else False  # "not zero" is no refutation and has no witness
        ours_right += ours_ok
        raw_right += raw_ok
        total_ours += t_ours
        total_raw += t_raw
        rows.append(
            [
                name,
                "true" if truth else "false",
                result.verdict.value,
                "zero" if raw else "not shown zero",
                f"{t_ours * 1000:.0f} ms",
                f"{t_raw * 1000:.0f} ms",
                ratio(t_raw, t_ours),
            ]
        )
    rows.append(
        [
            "TOTAL",
            "",
            f"{ours_right}/{len(SUITE)} right",
            f"{raw_right}/{len(SUITE)} right",
            f"{total_ours * 1000:.0f} ms",
            f"{total_raw * 1000:.0f} ms",
            ratio(total_raw, total_ours),
        ]
    )
    print_table(
        ["identity", "truth", "symml", "simplify(a-b)==0", "symml time", "simplify time", "ratio"], rows
    )


if __name__ == "__main__":
    main()
