"""What ``symml check`` reports: one finding per statement, and the whole report.

A finding's verdict is ``proven`` (with the steps of the engine that proved it),
``refuted`` (with an exact witness) or ``not checked`` (with the reason: unreadable,
a definition, an approximation, nothing to check it against, or undecided).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from symml.core.results import JsonData, Printable, Step, Verdict, Witness

__all__ = ["Finding", "NotesCheck", "PROVEN", "REFUTED", "NOT_CHECKED"]

PROVEN, REFUTED, NOT_CHECKED = "proven", "refuted", "not checked"


@dataclass(frozen=True)
class Finding(JsonData):
    """One statement of the notes and what the check found."""

    label: str | None
    line: int
    statement: str
    verdict: str
    reason: str
    witness: Witness | None = None
    steps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        if self.verdict not in (PROVEN, REFUTED, NOT_CHECKED):
            raise ValueError(f"unknown verdict {self.verdict!r}")
        if self.verdict == REFUTED and self.witness is None:
            raise ValueError("a refuted finding must carry an exact witness")

    @property
    def where(self) -> str:
        return f"({self.label})" if self.label else f"line {self.line}"

    json_fields = ("label", "line", "statement", "verdict", "witness", "reason")

    def text(self) -> str:
        label = f"({self.label})" if self.label else ""
        head = f"{label:>12}  line {self.line:<4} {self.verdict:<12} {_short(self.statement)}"
        lines = [head, f"{'':>14}{self.reason}"]
        if self.witness is not None:
            lines.append(f"{'':>14}witness: {self.witness.text()}")
        return "\n".join(lines)


def _short(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class NotesCheck(Printable):
    """The findings of ``symml check`` on one notes file, in the order of the file.

    ``verdict`` is ``refuted`` when some statement is refuted, ``proven`` when every
    statement was checked and proven, ``undecided`` otherwise.
    """

    def __init__(self, findings: Sequence[Finding], source: str = "") -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        self.source = source

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(f.verdict for f in self.findings)
        return {v: counted.get(v, 0) for v in (PROVEN, REFUTED, NOT_CHECKED)}

    @property
    def verdict(self) -> Verdict:
        counts = self.counts
        if counts[REFUTED]:
            return Verdict.REFUTED
        if counts[NOT_CHECKED] or not self.findings:
            return Verdict.UNDECIDED
        return Verdict.PROVEN

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for f in self.findings for s in f.steps)

    @property
    def refuted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.verdict == REFUTED)

    def text(self) -> str:
        c = self.counts
        head = (
            f"{len(self.findings)} statements{' in ' + self.source if self.source else ''}: "
            f"{c[PROVEN]} proven, {c[REFUTED]} refuted, {c[NOT_CHECKED]} not checked"
        )
        return "\n".join([head, *(f.text() for f in self.findings)])

    json_fields = ("findings", "counts")

    def _latex(self, printer: Any) -> str:
        from symml.check.errata import errata_latex

        return errata_latex(self, printer)
