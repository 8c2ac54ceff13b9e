"""The whole companion build (every section, its figures and the PDF) against its 60 s budget.

There is no raw-SymPy way to build the document, so the ratio column compares each part with
its share of the budget: the build passes when the total is at most 60 s on 2 cores.
"""

from __future__ import annotations

import resource
import tempfile

from benchmarks.table import print_table, timed

BUDGET_SECONDS = 60.0


def main() -> None:
    from derivations._build import build_companion

    with tempfile.TemporaryDirectory() as out:
        report, total = timed(lambda: build_companion(out))
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: KiB
        rows = [(section, f"{seconds:.2f} s") for section, seconds in report.seconds.items()]
        rows.append(("total", f"{total:.2f} s"))
        rows.append(("budget", f"{BUDGET_SECONDS:.0f} s"))
        rows.append(("total / budget", f"{total / BUDGET_SECONDS:.2f}"))
        rows.append(("peak resident memory", f"{peak_kib / 1024:.0f} MiB"))
        print_table(("part", "time"), rows)
        print(report.message)
        print("within budget" if total <= BUDGET_SECONDS else "OVER BUDGET")
