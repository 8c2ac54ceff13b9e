"""LaTeX for every result, through one SymPy printer with the notes' notation.

The notation lives in one frozen table (:data:`NOTATION`) fed to one
:class:`SymmlLatexPrinter`; symml objects print through ``_latex(self, printer)`` using
``printer._print(part)`` so that nested results print in the surrounding style.  The
:class:`Document` assembler (preamble, sections, figures) is what the companion uses;
:func:`compile_pdf` runs pdflatex and turns its errors into :class:`LatexError`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from symml.core.errors import LatexError

__all__ = [
    "NOTATION",
    "SymmlLatexPrinter",
    "latex",
    "escape_text",
    "text_in_math",
    "text_with_math",
    "LAYOUTS",
    "layout_of",
    "document_mode",
    "paragraph",
    "table",
    "render_steps",
    "align",
    "render_result",
    "render_cases",
    "Block",
    "Text",
    "Math",
    "Figure",
    "Section",
    "Document",
    "compile_pdf",
    "pdflatex_available",
]

#: The notes' notation, in one place: matrices in brackets, log not ln, juxtaposed products.
NOTATION = MappingProxyType(
    {
        "mat_str": "bmatrix",
        "mat_delim": "",
        "ln_notation": False,
        "mul_symbol": None,
        "fold_short_frac": False,
        "inv_trig_style": "abbreviated",
        "imaginary_unit": "i",
    }
)


class SymmlLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the notes' notation (bold vectors, ``\\top``, ``\\log``).

    The extra setting ``symml_mode`` chooses how symml results are laid out: ``"math"`` (the
    default: one ``align*`` block, which Jupyter's MathJax renders) or ``"document"`` (text
    mode, lines that wrap: what the companion document uses).
    """

    _default_settings = {**LatexPrinter._default_settings, "symml_mode": "math"}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({**NOTATION, **(settings or {})})

    def _print_Transpose(self, expr: Any) -> str:
        return rf"{self.parenthesize(expr.arg, PRECEDENCE['Pow'], strict=True)}^{{\top}}"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return r"\text{always}"

    def _print_Verdict(self, expr: Any) -> str:
        return rf"\text{{{expr.value}}}"

    def _print_str(self, expr: str) -> str:
        return text_in_math(expr)

    def _print_tuple(self, expr: tuple[Any, ...]) -> str:
        return r"\left(" + ", ".join(self._print(e) for e in expr) + r"\right)"


def latex(obj: Any, **settings: Any) -> str:
    """LaTeX for a SymPy object or a symml result, in the notes' notation."""
    return SymmlLatexPrinter(settings)._print(obj)


_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",  # in OT1 text, a bare < prints as an inverted exclamation mark
    ">": r"\textgreater{}",
}


def escape_text(text: str) -> str:
    """Escape plain text for LaTeX text mode."""
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)


#: Characters of plain text that become math when the text sits in a formula: ``\text{}``
#: holds letters only, because MathJax and KaTeX know no text-mode escapes
#: (``\textless``, ``\_``) unless an extension is loaded.
_SYMBOLS_IN_MATH = {
    "<=": r"\leq",
    ">=": r"\geq",
    "->": r"\to",
    "!=": r"\neq",
    "<": "<",
    ">": ">",
    "\\": r"\backslash",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\sim",
    "^": r"\hat{}",
}
_SYMBOL = re.compile("|".join(re.escape(k) for k in sorted(_SYMBOLS_IN_MATH, key=len, reverse=True)))


def _text_run(text: str) -> str:
    """Plain text inside a formula: words in ``\text{}``, special characters as math."""
    out, last = [], 0
    for m in _SYMBOL.finditer(text):
        if m.start() > last:
            out.append(rf"\text{{{text[last : m.start()]}}}")
        out.append(_SYMBOLS_IN_MATH[m.group()])
        last = m.end()
    if last < len(text):
        out.append(rf"\text{{{text[last:]}}}")
    return " ".join(out)


def text_in_math(text: str) -> str:
    """Plain text with inline math in ``$...$``, for math mode: text parts in ``\text{}``."""
    parts = text.split("$")
    if len(parts) % 2 == 0:  # unbalanced dollars: all text
        return _text_run(text)
    return " ".join((_text_run(part) if i % 2 == 0 else part) for i, part in enumerate(parts) if part)


#: The layouts of a result: ``math`` (one formula block: Jupyter's MathJax, VS Code's KaTeX),
#: ``snippet`` (text with formulas that compiles with amsmath + amssymb alone) and
#: ``document`` (the companion's: like ``snippet``, with booktabs rules in tables).
LAYOUTS = ("math", "snippet", "document")


def layout_of(printer: Any) -> str:
    """The layout a printer lays results out in (see :data:`LAYOUTS`)."""
    return getattr(printer, "_settings", {}).get("symml_mode", "math")


def document_mode(printer: Any) -> bool:
    """Whether results are laid out as text with formulas (``snippet``, ``document``)
    rather than as one formula block for MathJax."""
    return layout_of(printer) != "math"


def text_with_math(text: str) -> str:
    """Plain text that may contain inline math in ``$...$``, for LaTeX text mode."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        return escape_text(text)
    return "".join(escape_text(p) if i % 2 == 0 else f"${p}$" for i, p in enumerate(parts))


def paragraph(text: str, printer: Any) -> str:
    """A line of plain text (inline math in ``$...$``) in the printer's layout."""
    if document_mode(printer):
        return rf"\par\noindent {text_with_math(text)}\par"
    return rf"\[{text_in_math(text)}\]"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], printer: Any, spec: str = "") -> str:
    """A table of formulas (cells are LaTeX math) as a displayed ``array``: booktabs rules
    in the document layout, ``\\hline`` elsewhere (MathJax, KaTeX and bare amsmath)."""
    top, mid, bottom = (
        (r"\toprule", r"\midrule", r"\bottomrule") if layout_of(printer) == "document" else (r"\hline",) * 3
    )
    spec = spec or "l" * len(header)
    body = [" & ".join(header) + r" \\", mid, *(" & ".join(row) + r" \\" for row in rows)]
    lines = [rf"\begin{{array}}{{{spec}}}", top, *body, bottom, r"\end{array}"]
    return "\\[\n" + "\n".join(lines) + "\n\\]"


def _inline(obj: Any, printer: Any) -> str:
    """An object for text mode: strings as text with math, anything else as inline math."""
    if isinstance(obj, str):
        return text_with_math(obj)
    return rf"$\displaystyle {printer._print(obj)}$"


def _is_true(statement: Any) -> bool:
    """A step whose statement is ``True`` is a conclusion in words: only its reason is shown."""
    return statement is True or statement is sympy.true


def step_rows(steps: Sequence[Any], printer: Any, depth: int = 0) -> list[str]:
    """The ``align*`` rows of steps (a row per step, its reason beside it, substeps indented)."""
    rows = []
    indent = r"\quad " * depth
    for step in steps:
        statement = "" if _is_true(step.statement) else printer._print(step.statement)
        rows.append(rf"{indent}& {statement} && {text_in_math(step.reason)}")
        rows += step_rows(step.substeps, printer, depth + 1)
    return rows


#: Printed length (LaTeX characters) beyond which a relation gets a display of its own.
_WIDE = 180

_RELATION_SIGNS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}


def _wide_relation(statement: Any, printer: Any) -> str | None:
    """A long relation as a ``multline*`` display (lhs on one line, ``= rhs`` on the next),
    so that wide matrices and sums do not run off the page; ``None`` for short statements."""
    if not isinstance(statement, sympy.core.relational.Relational):
        return None
    lhs, rhs = printer._print(statement.lhs), printer._print(statement.rhs)
    if len(lhs) + len(rhs) < _WIDE:
        return None
    sign = _RELATION_SIGNS.get(statement.rel_op, "=")
    return "\\begin{multline*}\n" + lhs + " \\\\\n" + sign + " " + rhs + "\n\\end{multline*}"


def _step_items(steps: Sequence[Any], printer: Any) -> str:
    items = []
    for step in steps:
        reason = text_with_math(step.reason)
        if _is_true(step.statement):
            item = rf"\item {reason}"
        elif (wide := _wide_relation(step.statement, printer)) is not None:
            item = rf"\item {{\small {reason}}}" + "\n" + wide if reason else rf"\item {wide}"
        else:
            item = rf"\item {_inline(step.statement, printer)}" + (
                rf" \quad{{\small ({reason})}}" if reason else ""
            )
        if step.substeps:
            item += "\n" + _step_items(step.substeps, printer)
        items.append(item)
    return "\\begin{enumerate}\\setlength{\\itemsep}{0pt}\n" + "\n".join(items) + "\n\\end{enumerate}"


def render_steps(steps: Sequence[Any], printer: Any) -> str:
    """Steps: an ``align*`` block (a row per step, its reason beside it), or in document
    mode a numbered list whose lines wrap."""
    if document_mode(printer):
        return _step_items(steps, printer)
    return align(step_rows(steps, printer))


def align(rows: Sequence[str]) -> str:
    """Rows of math (``&`` marks the alignment points) as one ``align*`` block."""
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def render_result(result: Any, printer: Any) -> str:
    """A result: the claim, its verdict, then its steps or witness, and its notes."""
    if document_mode(printer):
        verdict = result.verdict.value.capitalize()
        parts = [rf"\par\noindent\textbf{{{verdict}:}} {_inline(result.claim, printer)}"]
        if result.steps:
            parts.append(_step_items(result.steps, printer))
        if result.witness is not None:
            w = result.witness
            desc = f" ({text_with_math(w.description)})" if w.description else ""
            parts.append(rf"\par\noindent Witness{desc}: $\displaystyle {w._latex(printer)}$")
        for note in result.notes:
            parts.append(rf"\par\noindent{{\small Note: {text_with_math(note)}}}")
        return "\n".join(parts) + "\n\\par\\medskip"
    head = rf"& {printer._print(result.claim)} && \textbf{{{result.verdict.value}}}"
    rows = [head]
    rows += step_rows(result.steps, printer)
    if result.witness is not None:
        rows.append(rf"& {result.witness._latex(printer)} && \text{{witness}}")
    for note in result.notes:
        rows.append(rf"& && {text_in_math(note)}")
    return align(rows)


def render_cases(cases: Any, printer: Any) -> str:
    """A case split: one paragraph per case, its condition then its result."""
    parts = []
    for case in cases:
        cond = printer._print(case.condition)
        inner = (
            case.result._latex(printer)
            if hasattr(case.result, "_latex")
            else (rf"\[{printer._print(case.result)}\]")
        )
        # \paragraph in a document; in Jupyter (MathJax reads only math) an inline formula
        head = rf"\paragraph{{Case ${cond}$.}}" if document_mode(printer) else rf"$\textbf{{Case }} {cond}$:"
        parts.append(head + "\n" + inner)
    return "\n\n".join(parts)


# The document assembler used by the companion


class Block:
    """Something that goes in a section: text, display math, a figure or a result."""

    def tex(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Block):
    """A paragraph of LaTeX text (already LaTeX: math in ``$…$`` is allowed)."""

    body: str

    def tex(self) -> str:
        return self.body


@dataclass(frozen=True)
class Math(Block):
    """Display math: a SymPy object, a symml result, or a LaTeX string."""

    content: Any

    def tex(self) -> str:
        c = self.content
        if isinstance(c, str):
            return rf"\[{c}\]"
        if hasattr(c, "_latex"):
            return latex(c, symml_mode="document")
        return rf"\[{latex(c)}\]"


@dataclass(frozen=True)
class Figure(Block):
    """A figure file (relative to the document) with a caption."""

    path: str
    caption: str
    width: str = r"0.7\linewidth"

    def tex(self) -> str:
        return (
            "\\begin{figure}[htbp]\n\\centering\n"
            rf"\includegraphics[width={self.width}]{{{self.path}}}" + "\n"
            rf"\caption{{{self.caption}}}" + "\n\\end{figure}"
        )


@dataclass(frozen=True)
class Section(Block):
    """A (sub)section with a title and blocks; ``level`` 1 = section, 2 = subsection."""

    title: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    level: int = 1
    label: str = ""
    number: str = ""  # a fixed number for a section (the notes' own, e.g. "2.1")

    def tex(self) -> str:
        cmd = {1: "section", 2: "subsection", 3: "subsubsection"}[self.level]
        head = rf"\{cmd}{{{self.title}}}" + (rf"\label{{{self.label}}}" if self.label else "")
        if self.number and self.level == 1:
            # Number the section as the notes do; its subsections follow (2.1.1, 2.1.2, ...).
            head = rf"\renewcommand{{\thesection}}{{{self.number}}}" + "\n" + head
        return "\n\n".join([head, *(b.tex() for b in self.blocks)])


PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage{amsmath,amssymb,amsthm}
\usepackage{mathtools}
\usepackage{booktabs}
\usepackage{graphicx}
\usepackage[margin=2.5cm]{geometry}
\allowdisplaybreaks
\setlength{\emergencystretch}{3em}
\makeatletter
\renewcommand*\l@section{\@dottedtocline{1}{0em}{2.8em}}
\renewcommand*\l@subsection{\@dottedtocline{2}{2.8em}{3.4em}}
\makeatother
"""


@dataclass(frozen=True)
class Document:
    """A whole LaTeX document: title, sections; ``tex()`` is deterministic."""

    title: str
    sections: Sequence[Block]
    author: str = "Generated by symml"

    def tex(self) -> str:
        body = "\n\n".join(s.tex() for s in self.sections)
        return (
            PREAMBLE
            + rf"\title{{{self.title}}}"
            + "\n"
            + rf"\author{{{self.author}}}"
            + "\n\\date{}\n"
            + "\\begin{document}\n\\maketitle\n\\tableofcontents\n\n"
            + body
            + "\n\n\\end{document}\n"
        )


def pdflatex_available() -> bool:
    """Whether a ``pdflatex`` executable is on the PATH."""
    return shutil.which("pdflatex") is not None


def compile_pdf(tex_path: Path | str, runs: int = 2, timeout: float = 300) -> Path:
    """Compile a .tex file with pdflatex (twice, for the table of contents) and return the PDF.

    Raises
    ------
    LatexError
        When pdflatex is missing, reports an error, or leaves undefined references.
    """
    tex_path = Path(tex_path).resolve()
    exe = shutil.which("pdflatex")
    if exe is None:
        raise LatexError(
            "pdflatex not found; install TeX Live (Debian: apt-get install texlive-latex-base "
            "texlive-latex-recommended) to get the PDF"
        )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    log = ""
    for attempt in range(runs + 2):
        # at least ``runs`` passes, more (up to two) while LaTeX asks for a rerun
        if attempt >= runs and "Rerun to get" not in log:
            break
        proc = subprocess.run(
            [exe, "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", tex_path.name],
            cwd=tex_path.parent,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            env=env,
        )
        log = proc.stdout
        if proc.returncode != 0:
            errors = [line for line in log.splitlines() if line.startswith(("!", str(tex_path.name)))]
            raise LatexError(f"pdflatex failed on {tex_path.name}: {' | '.join(errors[:5]) or 'see the log'}")
    if "undefined references" in log or "Reference `" in log:
        raise LatexError(f"pdflatex reports undefined references in {tex_path.name}")
    return tex_path.with_suffix(".pdf")


def compile_snippet(body: str, blocks: Iterable[str] = ()) -> Path:
    """Compile a LaTeX fragment in a minimal document (used by tests); returns the PDF path."""
    tmp = Path(tempfile.mkdtemp(prefix="symml-tex-"))
    tex = tmp / "snippet.tex"
    tex.write_text(PREAMBLE + "\\begin{document}\n" + body + "\n".join(blocks) + "\n\\end{document}\n")
    return compile_pdf(tex, runs=1)


__all__.append("compile_snippet")
