"""The companion as a textbook: results stated in the text, their proof traces in an appendix.

A derivation module returns blocks in which symml results stand as ``Math(result)``.  The
assembler passes them through :func:`textbook`: each result is printed without its proof
steps (``symml_proofs=False``), followed by a one-line mark (``verified: proven (exact)``)
that points to its full machine trace in Appendix A; headings of the companion's own get no
number (numbers are the notes'); each ``[TODO]`` of the notes is quoted where it is answered.
Figures are checked at the size they are printed: no text smaller than 8 pt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from symml.core.errors import SymmlError
from symml.core.latex import Block, Math, Section, Text, escape_text, latex

#: Width of the text block of the companion (A4, 2.5 cm margins) in inches.
TEXT_WIDTH_IN = (210 - 2 * 25) / 25.4
#: The smallest text a printed figure may carry, in points.
MIN_FIGURE_PT = 8.0

#: matplotlib settings for the companion's figures: sizes are points at print size,
#: because figures are drawn at the width they are printed.
FIGURE_RC = {
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "figure.titlesize": 10,
    "lines.markersize": 5,
    "figure.dpi": 100,
}


class FigureTextError(SymmlError):
    """A figure of the companion would print text smaller than :data:`MIN_FIGURE_PT`."""


@dataclass(frozen=True)
class Trace:
    """A result whose machine proof goes to the appendix."""

    number: str  # "A.12"
    where: str  # the heading it appears under
    content: Any


@dataclass
class Traces:
    """The appendix being collected while the document is assembled."""

    entries: list[Trace] = field(default_factory=list)

    def add(self, content: Any, where: str) -> Trace:
        trace = Trace(f"A.{len(self.entries) + 1}", where, content)
        self.entries.append(trace)
        return trace


def _verdict_word(obj: Any) -> str:
    verdict = getattr(obj, "verdict", None)
    if verdict is None and hasattr(obj, "__iter__") and not isinstance(obj, (str, dict)):
        words = {getattr(getattr(c, "result", None), "verdict", None) for c in obj}
        words.discard(None)
        if len(words) == 1:
            verdict = words.pop()
        elif words:
            return "every case proven or refuted (exact)"
    if verdict is None:
        return ""
    value = getattr(verdict, "value", str(verdict))
    return {"proven": "proven (exact)", "refuted": "refuted by an exact witness"}.get(value, value)


def verification_mark(obj: Any, trace: Trace | None) -> str:
    """The one-line mark under a stated result: its verdict and where its trace is."""
    word = _verdict_word(obj)
    head = f"verified: {word}" if word else "computed exactly"
    where = f" \\hfill proof trace {trace.number}" if trace is not None else ""
    return rf"\par\noindent{{\small\textsf{{{head}}}{where}}}\par\medskip"


@dataclass(frozen=True)
class Verified(Block):
    """A result as a textbook states it: claim (and witness), then its verification mark."""

    content: Any
    trace: Trace | None = None

    def tex(self) -> str:
        body = latex(self.content, symml_mode="document", symml_proofs=False)
        return body + "\n" + verification_mark(self.content, self.trace)


@dataclass(frozen=True)
class TodoQuote(Block):
    """The notes' ``[TODO]`` that the section it opens answers, quoted."""

    text: str  # LaTeX of the TODO's text
    where: str  # its place in the notes

    def tex(self) -> str:
        return (
            "\\begin{quote}\\small\\textbf{The notes' [TODO]} (" + self.where + "): ``" + self.text + "''"
            " --- answered in this section.\\end{quote}"
        )


def _is_result(block: Block) -> bool:
    return isinstance(block, Math) and not isinstance(block.content, str) and hasattr(block.content, "_latex")


def state(content: Any, where: str, traces: Traces) -> Block:
    """A result stated without its proof; the proof (if it has one) becomes a trace."""
    full = latex(content, symml_mode="document")
    short = latex(content, symml_mode="document", symml_proofs=False)
    has_verdict = bool(_verdict_word(content))
    if full == short and not has_verdict:
        return Math(content)
    trace = traces.add(content, where) if full != short else None
    return Verified(content, trace)


def textbook(
    blocks: Sequence[Block], where: str, traces: Traces, todos: dict[str, list[TodoQuote]]
) -> list[Block]:
    """The blocks with results stated (proofs to ``traces``), headings of the companion's own
    unnumbered, and each TODO quoted at the start of the heading that answers it."""
    out: list[Block] = []
    for block in blocks:
        if _is_result(block):
            out.append(state(block.content, where, traces))  # type: ignore[attr-defined]
        elif isinstance(block, Section):
            inner = textbook(block.blocks, block.title, traces, todos)
            quotes: list[Block] = list(todos.pop(block.title, []))
            out.append(replace(block, blocks=[*quotes, *inner], numbered=bool(block.number)))
        else:
            out.append(block)
    return out


def appendix(traces: Traces) -> Section:
    """Appendix A: every machine proof trace, numbered as the marks in the text cite them."""
    blocks: list[Block] = [
        Text(
            "Each result of the text is stated there with a one-line mark; its complete machine "
            "proof (every step an exact SymPy statement with its reason, or the exact witness "
            "substituted back) is reproduced here. The same trace is what the result object's "
            "\\texttt{.steps} and \\texttt{.latex()} give in Python."
        )
    ]
    for trace in traces.entries:
        blocks.append(Text(rf"\paragraph{{{trace.number} ({_plain_heading(trace.where)})}}"))
        blocks.append(Math(trace.content))
    return Section("Machine proof traces", blocks, label="sec:traces", number="A")


def _plain_heading(title: str) -> str:
    """A heading's title for a run-in paragraph head (no nested sectioning)."""
    return title if "$" in title or "\\" in title else escape_text(title)


# ----------------------------------------------------------------------------- figures
def inches(width: str | float) -> float:
    """A LaTeX width (``0.7\\linewidth``, ``\\linewidth``, ``5in``) or a fraction, in inches."""
    if isinstance(width, (int, float)):
        return float(width) * TEXT_WIDTH_IN
    m = re.fullmatch(r"\s*([0-9.]*)\s*\\(?:line|text)width\s*", width)
    if m:
        return (float(m[1]) if m[1] else 1.0) * TEXT_WIDTH_IN
    m = re.fullmatch(r"\s*([0-9.]+)\s*in\s*", width)
    if m:
        return float(m[1])
    raise SymmlError(f"unknown figure width {width!r}; give a fraction of \\linewidth or inches")


def text_sizes(fig: Any) -> list[float]:
    """The font sizes (points, at the figure's own size) of every visible text of a figure."""
    from matplotlib.text import Text as MplText

    return [
        float(t.get_fontsize())
        for t in fig.findobj(MplText)
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None
    ]


def saved_width_in(fig: Any, pad: float = 0.1) -> float:
    """The width in inches of the figure as ``savefig(bbox_inches="tight")`` writes it."""
    if not hasattr(fig.canvas, "get_renderer"):  # a Figure not made by pyplot (symml.plot)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    fig.canvas.draw()
    bbox = fig.get_tightbbox(fig.canvas.get_renderer())
    return float(bbox.width) + 2 * pad


def printed_text_pt(fig: Any, width: str | float) -> tuple[float, float]:
    """(smallest text in points as printed, the printed width in inches) for a figure
    included at ``width`` (never wider than its own size: figures are drawn at print size)."""
    natural = saved_width_in(fig)
    printed = min(inches(width), natural)
    sizes = text_sizes(fig)
    smallest = min(sizes) * printed / natural if sizes else float("inf")
    return smallest, printed


def check_figure(name: str, smallest: float) -> None:
    if smallest < MIN_FIGURE_PT - 1e-9:
        raise FigureTextError(
            f"figure {name} prints text at {smallest:.1f} pt (< {MIN_FIGURE_PT:g} pt): draw it at the "
            f"width it is printed ({TEXT_WIDTH_IN:.2f} in at most) with larger fonts"
        )


def todo_quotes(todos: Iterable[Any]) -> dict[str, list[TodoQuote]]:
    """The TODO quotes keyed by the title of the heading that answers them."""
    out: dict[str, list[TodoQuote]] = {}
    for todo in todos:
        out.setdefault(todo.heading, []).append(TodoQuote(todo.quote, todo.where))
    return out
