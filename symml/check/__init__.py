"""``symml check``: verify the displayed mathematics of a notes file.

:func:`check_notes` reads a Markdown or LaTeX notes file, finds its statements (displayed
equation chains, definitions, gradient and Hessian claims, restated update rules, lists of
convex functions, stationary-point claims, probability identities) and reports each as
``proven`` (with steps), ``refuted`` (with an exact witness) or ``not checked`` (with the
reason).  Formulas are read by a small LaTeX reader that builds SymPy objects directly
(:mod:`symml.check.reader`); no text of the file is ever evaluated.
"""

from __future__ import annotations

from pathlib import Path

from symml.check.document import load_text
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED, Finding, NotesCheck
from symml.check.walk import walk_notes

__all__ = ["check_notes", "NotesCheck", "Finding", "PROVEN", "REFUTED", "NOT_CHECKED"]


def check_notes(text_or_path: str | Path) -> NotesCheck:
    r"""Check the displayed mathematics of a notes file (Markdown or LaTeX), or of its text.

    Parameters
    ----------
    text_or_path : str or Path
        A path to a ``.md``/``.tex`` file, or the notes' text itself.

    Returns
    -------
    NotesCheck
        ``.findings`` (label, line, statement, verdict, witness, reason), ``.counts``,
        ``.verdict`` (``refuted`` when any statement is), ``.text()``, ``.to_json()``,
        ``.latex()`` (an errata list).

    Raises
    ------
    ParseError
        When the file cannot be read, is not UTF-8 or has an unbalanced ``$$``.

    Examples
    --------
    >>> r = check_notes("$$ (x + 1)^2 = x^2 + 2x + 1 = x^2 + 1 \\tag{1} $$")
    >>> [(f.label, f.verdict) for f in r.findings]
    [('1', 'refuted')]
    >>> r.findings[0].witness.values
    {'x': 1}
    """
    text, _kind = load_text(text_or_path)
    source = str(text_or_path) if isinstance(text_or_path, Path) or text != text_or_path else ""
    return NotesCheck(walk_notes(text), source)
