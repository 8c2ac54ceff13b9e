"""The errata list of a notes check, in LaTeX: one item per refuted statement, with its witness."""

from __future__ import annotations

from typing import Any

from symml.core.latex import document_mode, escape_text, text_in_math

__all__ = ["errata_latex"]


def _statement(body: str) -> str:
    flat = " ".join(body.replace("&", " ").replace("\\\\", " ").split())
    for env in ("aligned", "align", "split"):
        flat = flat.replace(f"\\begin{{{env}}}", "").replace(f"\\end{{{env}}}", "")
    return flat


def errata_latex(check: Any, printer: Any) -> str:
    """The refuted findings of ``check`` as an errata list (itemize in text, array in math)."""
    refuted = check.refuted
    if document_mode(printer):
        if not refuted:
            return r"\par\noindent No displayed statement was refuted.\par"
        items = []
        for f in refuted:
            witness = printer._print(f.witness)
            items.append(
                rf"\item \textbf{{{escape_text(f.where)}}} (line {f.line}): "
                rf"$\displaystyle {_statement(f.statement)}$ is false. {escape_text(f.reason)}"
                rf" Witness: $\displaystyle {witness}$."
            )
        return "\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}"
    if not refuted:
        return r"\text{No displayed statement was refuted.}"
    rows = [
        rf"\text{{{escape_text(f.where)}}} & {_statement(f.statement)} & {printer._print(f.witness)} \\"
        for f in refuted
    ]
    header = (
        text_in_math("where") + " & " + text_in_math("statement (false)") + " & " + text_in_math("witness")
    )
    return "\\begin{array}{lll}\n" + header + r" \\ \hline" + "\n" + "\n".join(rows) + "\n\\end{array}"
