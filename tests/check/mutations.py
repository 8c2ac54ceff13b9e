"""Mutants of the notes: one displayed formula (or one convex-list item) changed at a time.

Each mutation operator changes a sign, a factor, a power, a difference, an index, a
connective or a parameter range; :func:`mutants` applies every operator at every place it
applies in the statements the checker proves on the notes, and yields (name, where, text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: (name, pattern, replacement): applied at each match separately.
OPERATORS = (
    ("sign", r" \+ ", " - "),
    ("sign", r" - ", " + "),
    ("factor", r"(?<![\d_^{])2\(", "3("),
    ("power", r"\^2", "^3"),
    ("difference", r"\(b-a\)", "(a-b)"),
    ("difference", r"\(tb-ta\)", "(ta-tb)"),
    ("index", r"x_i(?![\w])", "x_1"),
    ("connective", r"\\vee", r"\\wedge"),
    ("connective", r"\\cap", r"\\cup"),
    ("denominator", r"\{\\mathbb\{P\}\(B\)\}", r"{\\mathbb{P}(A)}"),
    ("half", r"\\frac\{1\}\{2\}", r"\\frac{1}{3}"),
    ("inverse", r"\^\{-1\}", ""),
)

#: What is proven on the notes and may be mutated: labels of displays.
TARGETS = ("2.3", "2.20", "2.21", "2.25", "2.26", "2.33", "2.41", "2.42", "3.3", "3.5", "3.6")

#: A remainder term: a sign or power inside or before it changes nothing (-O(g) is O(g)).
_REMAINDER = re.compile(r"(?: [+-] )?\\mathcal\{O\}\([^()]*\)|(?: [+-] )?\bo\([^()]*\)")

#: The list of convex functions: (item text, mutated item text).
RANGES = (
    ("$f(x) = x^a$, $a > 1$, $x > 0$", "$f(x) = x^a$, $a > 1/2$, $x > 0$"),
    ("$f(x) = |x|^a$, $a \\geq 1$", "$f(x) = |x|^a$, $a \\geq 1/2$"),
    ("$f(x) = x^2$", "$f(x) = x^2 - x^4$"),
    ("$f(x) = x \\log x$, $x > 0$", "$f(x) = -x \\log x$, $x > 0$"),
    ("$f(x) = e^{ax}$, $a \\in \\mathbb{R}$", "$f(x) = e^{ax} - x^4$, $a \\in \\mathbb{R}$"),
)


#: The nature of the stationary point of (2.19) in each case: (item text, mutated item text).
NATURES = (
    ("$p > 1$: The stationary point is a minimum", "$p > 1$: The stationary point is a maximum"),
    (
        "$-1 < p < 1$: The stationary point is a *saddle point*",
        "$-1 < p < 1$: The stationary point is a minimum",
    ),
    ("$p < -1$: The stationary point is a maximum", "$p < -1$: The stationary point is a *saddle point*"),
)


def _displays(text: str) -> dict[str, tuple[int, int]]:
    """Span of each labelled ``$$…$$`` display's body (without the label), by label."""
    out = {}
    for m in re.finditer(r"\$\$(.*?)\$\$", text, flags=re.S):
        body = m.group(1)
        label = re.search(r"\\tag\{([^}]*)\}|\((\d+\.\d+)\)\s*$", body)
        if label:
            name = label.group(1) or label.group(2)
            out[name] = (m.start(1), m.start(1) + label.start())
    return out


def _claim_start(body: str) -> int:
    """Where the claimed part of a display starts: after its first '=' (a definition's left side stays)."""
    k = body.find("=")
    return k + 1 if k >= 0 and not body.lstrip().startswith(("=", "\\geq")) else 0


def mutants(text: str) -> Iterator[tuple[str, str, str]]:
    """Every single mutation of the target statements: (operator name, label, mutated notes)."""
    spans = _displays(text)
    for label in TARGETS:
        start, end = spans[label]
        body = text[start:end]
        claim = _claim_start(body)
        remainders = [r.span() for r in _REMAINDER.finditer(body)]
        for name, pattern, replacement in OPERATORS:
            for m in re.finditer(pattern, body):
                if m.start() < claim or any(a <= m.start() < b for a, b in remainders):
                    continue
                changed = body[: m.start()] + re.sub(pattern, replacement, m.group(0)) + body[m.end() :]
                yield name, label, text[:start] + changed + text[end:]
    for kind, table in (("range", RANGES), ("nature", NATURES)):
        for old, new in table:
            k = text.index(old)
            line = text.count("\n", 0, k) + 1
            yield kind, f"line {line}", text[:k] + new + text[k + len(old) :]
