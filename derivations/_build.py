"""Assemble the derivation modules into ``companion.tex`` (and ``companion.pdf``)."""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from derivations._layout import (
    FIGURE_RC,
    Traces,
    appendix,
    check_figure,
    printed_text_pt,
    textbook,
    todo_quotes,
)
from derivations.todos import TODOS
from symml.core.errors import LatexError, SymmlError
from symml.core.latex import Block, Document, Figure, Section, Text, compile_pdf, pdflatex_available
from symml.core.results import Result, Verdict

#: The course notes the companion accompanies (a copy of ../shared/notes, checked equal to it by
#: tests/check/test_notes.py); ``symml check`` runs on it and its refutations join the errata.
NOTES_FILE = Path(__file__).parent / "data" / "maths-for-ml-notes.md"

#: Derivation modules in the notes' order.  A module listed here that does not exist yet is
#: skipped with a note (sections land as their capability issues do).
SECTIONS: tuple[str, ...] = (
    "derivations.ch2_intro",
    "derivations.sec2_1_terminology",
    "derivations.sec2_2_optimality",
    "derivations.sec2_3_convexity",
    "derivations.sec2_4_methods",
    "derivations.sec2_5_sgd",
    "derivations.sec3_1_probability",
    "derivations.sec3_2_random_variables",
)


def pyplot() -> Any:
    """matplotlib.pyplot on the non-interactive Agg backend (no display; vector PDF output)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


class ExpectationError(SymmlError, AssertionError):
    """A derivation expected a proof (or a refutation) and symml did not deliver it."""


@dataclass(frozen=True)
class Erratum:
    """A statement of the notes that is wrong or incomplete, with symml's evidence."""

    where: str  # e.g. "(2.7)" or "Section 2.2, example (2.19)"
    statement: str  # LaTeX: what the notes say
    correction: str  # LaTeX: what is true
    evidence: Block | tuple[Block, ...] | None = None  # the refutation (witness) or proof, rendered


@dataclass
class BuildContext:
    """What a derivation module gets: where figures go, and checks that fail the build."""

    out_dir: Path
    errata: list[Erratum] = field(default_factory=list)
    #: the smallest text of each figure as printed, in points (checked: at least 8 pt)
    figure_text_pt: dict[str, float] = field(default_factory=dict)

    @property
    def figures_dir(self) -> Path:
        d = self.out_dir / "figures"
        d.mkdir(parents=True, exist_ok=True)
        return d

    def proven(self, result: Any, what: str = "") -> Any:
        """Return ``result`` if it (or every case of it) is proven; else fail the build."""
        self._expect(result, Verdict.PROVEN, what)
        return result

    def refuted(self, result: Any, what: str = "") -> Any:
        """Return ``result`` if it is refuted with a witness; else fail the build."""
        self._expect(result, Verdict.REFUTED, what)
        return result

    def _expect(self, result: Any, verdict: Verdict, what: str) -> None:
        results = (
            [c.result for c in result]
            if not isinstance(result, Result) and hasattr(result, "__iter__")
            else [result]
        )
        for r in results:
            got = getattr(r, "verdict", None)
            if got is not verdict:
                raise ExpectationError(f"expected {verdict.value} for {what or r!r}, got {got}")

    def erratum(self, where: str, statement: str, correction: str, evidence: Block | None = None) -> None:
        self.errata.append(Erratum(where, statement, correction, evidence))

    def figure(self, fig: Any, name: str, caption: str, width: str = r"\linewidth") -> Figure:
        """Save a matplotlib figure as a deterministic vector PDF and return its block.

        Figures are drawn at the size they are printed: the figure is included at its own
        width (at most ``width``), and the build fails when any of its text would print
        smaller than 8 pt.
        """
        plt = pyplot()
        path = self.figures_dir / f"{name}.pdf"
        fig.savefig(path, format="pdf", bbox_inches="tight", metadata={"CreationDate": None, "ModDate": None})
        smallest, printed = printed_text_pt(fig, width)
        plt.close(fig)
        check_figure(name, smallest)
        self.figure_text_pt[name] = smallest
        return Figure(f"figures/{name}.pdf", caption, f"{printed:.2f}in")


def section_modules(only: Sequence[str] = ()) -> list[ModuleType]:
    """Import the derivation modules (all, or those whose SECTION is in ``only``)."""
    modules = []
    for name in SECTIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        if not only or module.SECTION in only:
            modules.append(module)
    if only:
        known = {m.SECTION for m in modules}
        missing = [s for s in only if s not in known]
        if missing:
            available = ", ".join(m.SECTION for m in section_modules())
            raise SymmlError(f"no derivation for section {', '.join(missing)}; available: {available}")
    return modules


@dataclass(frozen=True)
class BuildReport:
    tex: Path
    pdf: Path | None
    seconds: dict[str, float]
    message: str
    figure_text_pt: dict[str, float] = field(default_factory=dict)
    traces: int = 0  # results whose machine proof is in the appendix


def _errata_section(errata: Sequence[Erratum]) -> Section:
    blocks: list[Block] = [
        Text(
            "Each item below is a statement of the notes that is wrong, imprecise or inconsistent, "
            "with the notes' text, the correction, and the evidence: an exact witness or a proof."
        )
    ]
    for e in errata:
        blocks.append(
            Text(rf"\paragraph{{{e.where}}} The notes state {e.statement}. Correct: {e.correction}")
        )
        if isinstance(e.evidence, tuple):
            blocks.extend(e.evidence)
        elif e.evidence is not None:
            blocks.append(e.evidence)
    return Section("Errata", blocks, label="sec:errata")


#: How an erratum's evidence from the notes checker begins (the document does not name the tool).
CHECKED = r"\emph{Found by checking the notes' displays}"

_REFERENCE = re.compile(r"\((\d+\.\d+)\)")


def _references(where: str) -> set[str]:
    """The display labels an erratum's place names: ``(2.30)--(2.34)`` names 2.30 to 2.34."""
    labels = set(_REFERENCE.findall(where))
    for chapter, low, high in re.findall(r"\((\d+)\.(\d+)\)--\(\d+\.(\d+)\)", where):
        labels |= {f"{chapter}.{k}" for k in range(int(low), int(high) + 1)}
    return labels


def _about(where: str, label: str | None, place: str) -> bool:
    """Whether a derivation's erratum is about the display ``label`` (or the place after one)."""
    return label in _references(where) if label else place in where


def checked_errata(errata: Sequence[Erratum], notes: Path = NOTES_FILE) -> list[Erratum]:
    """The errata section's items: ``symml check``'s refutations on the notes, each joined to the
    derivations' erratum about the same display (its correction and evidence), and the derivations'
    other errata (statements in prose, or displays the checker cannot read)."""
    from symml.check import check_notes
    from symml.check.errata import finding_latex

    report = check_notes(notes)
    previous: dict[int, str] = {}
    last = None
    for f in report.findings:
        if f.label:
            last = f.label
        previous[f.line] = last
    items = list(errata)
    for finding in report.refuted:
        statement, evidence = finding_latex(finding)
        place = f"({finding.label})" if finding.label else f"after ({previous.get(finding.line)})"
        matches = [k for k, e in enumerate(items) if _about(e.where, finding.label, place)]
        checked = Text(rf"{CHECKED} (line {finding.line}): {evidence}")
        if matches:
            k = matches[0]
            e = items[k]
            before = e.evidence if isinstance(e.evidence, tuple) else (e.evidence,) if e.evidence else ()
            items[k] = Erratum(e.where, e.statement, e.correction, (*before, checked))
        else:
            items.append(Erratum(place, statement, "see the witness.", checked))
    return items


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def output_directory(out_dir: Path | str) -> Path:
    """The output directory, checked before any work: one clear SymmlError when it cannot be used.

    A missing directory is created only when the finished files are moved in.
    """
    out = Path(out_dir)
    existing = _nearest_existing(out)
    if not existing.is_dir():
        where = "" if existing == out.absolute() else f" ({existing} is a file)"
        raise SymmlError(f"--out {out} is not a directory{where}; give a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise SymmlError(f"the output directory {existing} is not writable; give one you can write to")
    return out


@contextlib.contextmanager
def _scratch_beside(out: Path) -> Iterator[str]:
    """A temporary folder on the same file system as ``out`` (moves into it are atomic), removed after."""
    where = _nearest_existing(out.absolute().parent)
    if not os.access(where, os.W_OK | os.X_OK):
        where = _nearest_existing(out)
    with tempfile.TemporaryDirectory(prefix=".symml-build-", dir=where) as scratch:
        yield scratch


def _move_into(out: Path, scratch: Path, files: Sequence[Path]) -> None:
    """Move finished files into ``out`` atomically, never through a symbolic link, never over a directory."""
    try:
        out.mkdir(parents=True, exist_ok=True)  # a new directory gets the usual mode; an old keeps its own
    except OSError as exc:
        raise SymmlError(f"cannot create the output directory {out}: {exc.strerror or exc}") from None
    targets = [(f, out / f.relative_to(scratch)) for f in files]
    for _, target in targets:  # check everything before moving anything
        if target.is_dir() and not target.is_symlink():
            raise SymmlError(f"{target} is a directory, so the built file cannot be written there; remove it")
        folder = target.parent
        if folder != out and folder.is_symlink():
            raise SymmlError(f"{folder} is a symbolic link; symml does not write through links")
        if folder.exists() and not folder.is_dir():
            raise SymmlError(f"{folder} is a file, so the figures cannot be written there; remove it")
    for source, target in targets:
        try:
            target.parent.mkdir(exist_ok=True)
            # os.replace swaps the directory entry: an existing link is replaced, not followed
            os.replace(source, target)
        except OSError as exc:
            raise SymmlError(f"cannot write {target}: {exc.strerror or exc}") from None


def build_companion(
    out_dir: Path | str = "build", sections: Sequence[str] = (), pdf: bool = True
) -> BuildReport:
    """Build ``companion.tex`` in ``out_dir`` (and the PDF when pdflatex exists).

    Nothing is written unless every section builds: the .tex is written last, whole.
    """
    modules = section_modules(sections)  # an unknown section fails before anything is written
    out = output_directory(out_dir)
    seconds: dict[str, float] = {}
    # Build (and compile) in a scratch folder beside ``out`` and move the finished files into
    # place only when every step has succeeded: a failure leaves ``out`` as it was.
    with _scratch_beside(out) as scratch:
        ctx = BuildContext(Path(scratch))
        parts, traces = _assemble(modules, ctx, seconds)
        doc = Document("A symbolic companion to \\emph{Mathematics for Machine Learning}", parts)
        name = "companion" if not sections else "companion-" + "-".join(s.replace(".", "_") for s in sections)
        built = Path(scratch) / f"{name}.tex"
        built.write_text(doc.tex())
        finished = [built, *sorted(ctx.out_dir.glob("figures/*"))]
        compiled = pdf and pdflatex_available()
        if compiled:
            start = time.perf_counter()
            # the log (for reading warnings) and the table of contents (for checking it)
            finished += [compile_pdf(built), built.with_suffix(".log"), built.with_suffix(".toc")]
            seconds["pdflatex"] = time.perf_counter() - start
            check_overfull(built.with_suffix(".log"))
        _move_into(out, Path(scratch).resolve(), [f.resolve() for f in finished])
    tex = out / f"{name}.tex"
    pdf_path = out / f"{name}.pdf" if compiled else None
    if pdf_path is not None:
        message = f"wrote {tex} and {pdf_path}"
    else:
        message = f"wrote {tex}" + (
            "; pdflatex not found, so no PDF (install texlive-latex-base and texlive-latex-recommended, "
            f"then run: cd {out} && pdflatex {tex.name})"
            if pdf
            else ""
        )
    return BuildReport(tex, pdf_path, seconds, message, dict(ctx.figure_text_pt), len(traces.entries))


def _assemble(
    modules: Sequence[ModuleType], ctx: BuildContext, seconds: dict[str, float]
) -> tuple[list[Block], Traces]:
    """The document's sections: each module's blocks as a textbook states them, the errata,
    then the appendix of machine proof traces."""
    import matplotlib

    traces = Traces()
    todos = todo_quotes(t for t in TODOS if t.section in {m.SECTION for m in modules})
    parts: list[Block] = []
    with matplotlib.rc_context(FIGURE_RC):
        for module in modules:
            start = time.perf_counter()
            blocks = module.build(ctx)
            seconds[module.SECTION] = time.perf_counter() - start
            number = module.SECTION.removesuffix(".0")  # "2.0" is the chapter's opening: "2"
            section = Section(module.TITLE, blocks, label=f"sec:{module.SECTION}", number=number)
            parts += textbook([section], module.TITLE, traces, todos)
    if todos:
        raise SymmlError(f"no heading answers the TODOs under {sorted(todos)}")
    errata = checked_errata(ctx.errata)
    if errata:
        parts += textbook([_errata_section(errata)], "Errata", traces, {})
    if traces.entries:
        parts.append(appendix(traces))
    return parts, traces


#: pdflatex's report of a line that sticks out of the text block
_OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)[^\n]*", re.MULTILINE)


def check_overfull(log: Path, tolerance_pt: float = 1.0) -> None:
    """Fail the build when a line of the PDF is wider than the text block by more than 1 pt."""
    text = log.read_text(errors="replace")
    wide = [m.group(0) for m in _OVERFULL.finditer(text) if float(m.group(1)) > tolerance_pt]
    if wide:
        raise LatexError(f"{len(wide)} overfull line(s) in the companion: " + " | ".join(wide[:5]))
