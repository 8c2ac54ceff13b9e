"""Parsing speed: symml's safe parser against SymPy's own ``parse_expr`` on the same strings.

SymPy's ``parse_expr`` calls ``eval`` and must never see user input in symml; it is the
baseline here only because it is what a SymPy user would otherwise reach for.
"""

from __future__ import annotations

import warnings

from sympy.parsing.sympy_parser import parse_expr

from benchmarks.table import print_table, ratio, timed
from symml.core.parsing import parse_expression

CASES = {
    "polynomial": "(p - 1)*x**2 + (p + 1)*y**2 - 2*x*y + 3*x - 7",
    "logistic loss": "-c*log(1/(1 + exp(u))) - (1 - c)*log(1 - 1/(1 + exp(u)))",
    "rational function": "(x**3 - 1)/(x**2 + x + 1) + 1/(1 + y**2)",
    "long sum (200 terms)": " + ".join(f"{k}*x**{k % 7}*y" for k in range(200)),
    "nested (40 deep)": "exp(" * 40 + "x" + ")" * 40,
    "floats": "0.1*x + 2.5e-3*y**2 - 0.75",
}
REPEAT = 20


def _best(fn) -> float:
    return min(timed(fn)[1] for _ in range(REPEAT))


def main() -> None:
    rows = []
    for name, text in CASES.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the float case warns on every parse
            ours = _best(lambda text=text: parse_expression(text))
            baseline = _best(lambda text=text: parse_expr(text))
        rows.append((name, f"{ours * 1e3:.2f} ms", f"{baseline * 1e3:.2f} ms", ratio(baseline, ours)))
    print_table(["input", "symml parse_expression", "sympy parse_expr", "speed-up"], rows)


if __name__ == "__main__":
    main()
