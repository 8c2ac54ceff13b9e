"""check_identity against raw ``simplify(lhs - rhs) == 0`` on true and false identities.

Raw simplify can only say "zero" (a proof without steps) or "not zero" (which proves
nothing, and gives no witness); check_identity proves with steps or refutes with an
exact witness.  To be fair to SymPy, raw simplify gets symbols that carry the same
assumptions (``x > 0`` becomes ``Symbol('x', positive=True)``, every other symbol is
``real=True``).  A case counts as *decided correctly* when the answer is right and, for
a false identity, comes with a witness; a *wrong* answer is ``proven`` (or "zero") for a
false identity or ``refuted`` for a true one.
"""

from __future__ import annotations

import sympy as sp

from benchmarks.table import print_table, ratio, timed
from symml.core.identity import check_identity

x, y, u, v, c, a = sp.symbols("x y u v c a")


def _sigma(t):
    return 1 / (1 + sp.exp(-t))


def _softplus(t):
    return sp.log(1 + sp.exp(t))


_F = 1 / (1 + sp.exp(u))
_CE = -c * sp.log(_F) - (1 - c) * sp.log(1 - _F)  # (2.6), one observation, u = -theta^T x + b

#: (name, lhs, rhs, symbols assumed positive, is it true?)
SUITE = [
    ("square", (x + 1) ** 2, x**2 + 2 * x + 1, "", True),
    ("rational", (x**3 - 1) / (x - 1), x**2 + x + 1, "", True),
    ("partial fractions", 1 / (x * (x + 1)), 1 / x - 1 / (x + 1), "", True),
    ("sigma(-u)", _sigma(-u), 1 - _sigma(u), "", True),
    ("sigma'", sp.diff(_sigma(u), u), _sigma(u) * (1 - _sigma(u)), "", True),
    ("logit of sigma", sp.log(_sigma(u) / (1 - _sigma(u))), u, "", True),
    ("log product", sp.log(x * y), sp.log(x) + sp.log(y), "xy", True),
    ("log power", sp.log(x**3 * y), 3 * sp.log(x) + sp.log(y), "xy", True),
    ("cross-entropy (2.6)", _CE, _softplus(u) - (1 - c) * u, "", True),
    ("log sigma", sp.log(_sigma(u)), -_softplus(-u), "", True),
    ("softplus difference", _softplus(u) - _softplus(-u), u, "", True),
    ("log-sum-exp shift", sp.log(sp.exp(u) + sp.exp(v)), a + sp.log(sp.exp(u - a) + sp.exp(v - a)), "", True),
    ("log-sum-exp max", sp.log(sp.exp(u) + sp.exp(v)), u + _softplus(v - u), "", True),
    ("tanh via sigma", sp.tanh(u), 2 * _sigma(2 * u) - 1, "", True),
    ("trig", sp.sin(x) ** 2 + sp.cos(x) ** 2, 1, "", True),
    ("sqrt of square", sp.sqrt(x**2), x, "x", True),
    ("(2.7) printed", _CE, _softplus(u) - c * u, "", False),
    ("(x+1)^2", (x + 1) ** 2, x**2 + 1, "", False),
    ("sqrt(x^2)", sp.sqrt(x**2), x, "", False),
    ("log sum", sp.log(x + y), sp.log(x) + sp.log(y), "xy", False),
    ("exp product", sp.exp(x * y), sp.exp(x) * sp.exp(y), "", False),
    ("sigma(-u) = sigma(u)", _sigma(-u), _sigma(u), "", False),
    ("softplus difference sign", _softplus(u) - _softplus(-u), -u, "", False),
    ("pi vs 355/113", sp.pi, sp.Rational(355, 113), "", False),
    ("Ramanujan's constant", sp.exp(sp.pi * sp.sqrt(163)), 640320**3 + 744, "", False),
]


def _assumptions(positive: str) -> str:
    return ", ".join(f"{name} > 0" for name in positive)


def _for_sympy(e, positive: str):
    """The same expression on symbols carrying the assumptions, for raw SymPy."""
    return e.xreplace(
        {
            s: sp.Symbol(s.name, positive=True) if s.name in positive else sp.Symbol(s.name, real=True)
            for s in e.free_symbols
        }
    )


def main() -> None:
    rows = []
    right = {"symml": 0, "plain": 0, "assumed": 0}
    wrong = {"symml": 0, "plain": 0, "assumed": 0}
    total = {"symml": 0.0, "plain": 0.0, "assumed": 0.0}
    verdicts = {"proven": 0, "refuted": 0, "undecided": 0}
    for name, lhs, rhs, positive, truth in SUITE:
        result, t_ours = timed(
            lambda lhs=lhs, rhs=rhs, p=positive: check_identity(lhs, rhs, assumptions=_assumptions(p))
        )
        plain_diff = sp.sympify(lhs) - rhs  # the user's symbols, no assumptions
        plain, t_plain = timed(lambda d=plain_diff: sp.simplify(d) == 0)
        assumed_diff = _for_sympy(plain_diff, positive)
        assumed, t_assumed = timed(lambda d=assumed_diff: sp.simplify(d) == 0)
        verdicts[result.verdict.value] += 1
        right["symml"] += result.proven if truth else (result.refuted and result.witness is not None)
        wrong["symml"] += (result.proven and not truth) or (result.refuted and truth)
        for key, raw in (("plain", plain), ("assumed", assumed)):
            right[key] += bool(raw) and truth  # "not zero" is no refutation and has no witness
            wrong[key] += bool(raw) and not truth
        total["symml"] += t_ours
        total["plain"] += t_plain
        total["assumed"] += t_assumed
        rows.append(
            [
                name,
                "true" if truth else "false",
                result.verdict.value,
                "zero" if plain else "not shown zero",
                "zero" if assumed else "not shown zero",
                f"{t_ours * 1000:.0f} ms",
                f"{t_assumed * 1000:.0f} ms",
                ratio(t_assumed, t_ours),
            ]
        )
    n = len(SUITE)
    rows.append(
        [
            "TOTAL",
            f"{sum(t for *_, t in SUITE)} true, {sum(not t for *_, t in SUITE)} false",
            *(f"{right[k]}/{n} right, {wrong[k]} wrong" for k in ("symml", "plain", "assumed")),
            f"{total['symml'] * 1000:.0f} ms",
            f"{total['assumed'] * 1000:.0f} ms",
            ratio(total["assumed"], total["symml"]),
        ]
    )
    print_table(
        [
            "identity",
            "truth",
            "symml check_identity",
            "simplify(a-b)==0, plain symbols",
            "simplify(a-b)==0, assumptions",
            "symml time",
            "simplify time (assumptions)",
            "ratio",
        ],
        rows,
    )
    print(
        f"symml: {verdicts['proven']} proven, {verdicts['refuted']} refuted with a certified witness, "
        f"{verdicts['undecided']} undecided; plain simplify took {total['plain'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
