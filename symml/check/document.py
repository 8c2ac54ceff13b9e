r"""Reading a notes file: its displayed formulas (with lines and labels), headings and prose.

Markdown displays are ``$$…$$``; both Markdown and LaTeX files may use ``\[…\]`` and the
``equation``/``align``/``gather`` environments (starred or not).  A display's label is its
``\tag{2.7}``, its ``\label{…}`` or a trailing ``(2.7)``.  Between displays, the prose is
kept (with its inline ``$…$`` formulas) and headings are recognised, because definitions
are scoped by them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from symml.core.errors import ParseError
from symml.core.limits import limits

__all__ = ["Display", "Heading", "Prose", "read_notes", "split_displays", "inline_formulas", "load_text"]


@dataclass(frozen=True)
class Display:
    """One displayed formula: its LaTeX body (label removed), first line and label."""

    body: str
    line: int
    label: str | None
    source: str


@dataclass(frozen=True)
class Heading:
    """A heading: its level (1 = chapter) and its title."""

    level: int
    title: str
    line: int
    numbered: bool


@dataclass(frozen=True)
class Prose:
    """Text between displays, with the line it starts on."""

    text: str
    line: int
    formulas: tuple[tuple[str, int], ...] = field(default=())


_ENVIRONMENTS = r"equation|align|gather|multline|displaymath|eqnarray"
_OPENERS = re.compile(r"\$\$|\\\[|\\begin\{(?P<env>(?:" + _ENVIRONMENTS + r")\*?)\}")
_TAG = re.compile(r"\\tag\*?\{([^{}]*)\}")
_LABEL = re.compile(r"\\label\{([^{}]*)\}")
_TRAILING_NUMBER = re.compile(r"(?:\\quad|\\qquad|\s)*\((\d+(?:\.\d+)*)\)\s*[.,]?\s*$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+[A-Z][^$]{0,80}$")
_BLOCK = re.compile(r"^(Example|Proposition|Theorem|Teorema|Lemma|Corollary|Definition|Assumption|Remark)\b")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TEX_HEADING = re.compile(r"^\\(section|subsection|subsubsection|paragraph)\*?\{(.*)\}")
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)((?:[^$\\]|\\.)+?)\$")


def load_text(source: str | Path) -> tuple[str, str]:
    """The text of a notes file (or the text itself) and its kind, ``"md"`` or ``"tex"``.

    Raises :class:`ParseError` when the file cannot be read or is not UTF-8.
    """
    if isinstance(source, Path) or ("\n" not in source and len(source) < 4096 and _looks_like_path(source)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read the notes file {str(path)!r}: {exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"the notes file {str(path)!r} is not UTF-8 (byte {exc.start}); save it as UTF-8"
            ) from None
        return text, ("tex" if path.suffix == ".tex" else "md")
    if not isinstance(source, str):
        raise ParseError(f"give the notes as text or a path, not {type(source).__name__}")
    return source, ("tex" if "\\documentclass" in source or "\\begin{document}" in source else "md")


def _looks_like_path(text: str) -> bool:
    return text.strip() == text and text.endswith((".md", ".tex", ".markdown", ".txt")) and "$" not in text


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def split_displays(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, body, opener) of every display, in order; unbalanced delimiters raise."""
    found = []
    pos = 0
    while True:
        m = _OPENERS.search(text, pos)
        if m is None:
            break
        if m.group(0) == "$$":
            close, closing = text.find("$$", m.end()), "$$"
        elif m.group(0) == "\\[":
            close, closing = text.find("\\]", m.end()), "\\]"
        else:
            closing = "\\end{" + m.group("env") + "}"
            close = text.find(closing, m.end())
        if close < 0:
            raise ParseError(
                f"the display opened by {m.group(0)} at line {_line_of(text, m.start())} is never closed "
                f"(no {closing}); balance the delimiters"
            )
        found.append((m.start(), close + len(closing), text[m.end() : close], m.group(0)))
        pos = close + len(closing)
    if len(found) > limits.max_length:
        raise ParseError(f"the notes have {len(found)} displays; at most {limits.max_length} are read")
    return found


def _label(body: str) -> tuple[str, str | None]:
    m = _TAG.search(body)
    if m:
        return body[: m.start()] + body[m.end() :], m.group(1).strip()
    m = _LABEL.search(body)
    if m:
        return body[: m.start()] + body[m.end() :], m.group(1).strip()
    m = _TRAILING_NUMBER.search(body)
    if m:
        return body[: m.start()], m.group(1)
    return body, None


def inline_formulas(text: str, first_line: int) -> tuple[tuple[str, int], ...]:
    """The inline ``$…$`` formulas of a piece of prose, with their lines."""
    return tuple((m.group(1), first_line + text.count("\n", 0, m.start())) for m in _INLINE.finditer(text))


def headings(prose: Prose, numbered_level: int) -> list[tuple[int, Heading]]:
    """(offset line, Heading) of the headings in a piece of prose."""
    out = []
    for k, raw in enumerate(prose.text.split("\n")):
        line = raw.strip()
        m = _MD_HEADING.match(line)
        if m:
            out.append((k, Heading(len(m.group(1)), m.group(2), prose.line + k, True)))
            continue
        m = _TEX_HEADING.match(line)
        if m:
            level = {"section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4}[m.group(1)]
            out.append((k, Heading(level, m.group(2), prose.line + k, True)))
            continue
        m = _NUMBERED.match(line)
        if m and "\t" not in raw and not line.endswith(tuple("0123456789")):
            numbered_level = m.group(1).count(".") + 1
            out.append((k, Heading(numbered_level, line, prose.line + k, True)))
        elif _BLOCK.match(line):
            out.append((k, Heading(numbered_level + 1, line, prose.line + k, False)))
    return out


#: The longest line read (a 10 MB line is not notes), and the most inline formulas read.
MAX_LINE = 100 * limits.max_length
MAX_INLINE = limits.max_length
MAX_TEXT = 500 * limits.max_length


def _check_size(text: str) -> None:
    """One clear error for notes too large to read (instead of minutes of work on them)."""
    if len(text) > MAX_TEXT:
        raise ParseError(f"the notes are {len(text)} characters long; at most {MAX_TEXT} are read (split)")
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE:
            raise ParseError(
                f"line {_line_of(text, start)} is {end - start} characters long; at most {MAX_LINE} are read "
                "(split it)"
            )
        start = end + 1
    if text.count("$") > 2 * MAX_INLINE + 4 * limits.max_length:
        found = len(_INLINE.findall(text))
        if found > MAX_INLINE:
            raise ParseError(f"the notes have {found} inline formulas; at most {MAX_INLINE} are read")


def read_notes(text: str) -> list[Display | Prose]:
    """The notes as a sequence of prose pieces and displays, in order.

    Raises :class:`ParseError` for a line longer than ``MAX_LINE`` characters, more than
    ``MAX_INLINE`` inline formulas or ``limits.max_length`` displays, or an unclosed display.
    """
    _check_size(text)
    items: list[Display | Prose] = []
    pos = 0
    for start, end, body, _opener in split_displays(text):
        piece = text[pos:start]
        items.append(Prose(piece, _line_of(text, pos), inline_formulas(piece, _line_of(text, pos))))
        body, label = _label(body)
        items.append(Display(body.strip(), _line_of(text, start), label, text[start:end]))
        pos = end
    piece = text[pos:]
    items.append(Prose(piece, _line_of(text, pos), inline_formulas(piece, _line_of(text, pos))))
    return items
