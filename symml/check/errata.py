"""The errata list of a notes check, in LaTeX: one item per refuted statement, with its witness."""

from __future__ import annotations

import re
from typing import Any

from symml.core.latex import document_mode, escape_text, text_in_math, text_with_math

__all__ = ["errata_latex", "finding_latex", "witness_latex", "notes_tex", "notes_name", "named_witness"]


def _statement(body: str) -> str:
    flat = " ".join(body.replace("&", " ").replace("\\\\", " ").split())
    for env in ("aligned", "align", "split"):
        flat = flat.replace(f"\\begin{{{env}}}", "").replace(f"\\end{{{env}}}", "")
    return flat


_INDEXED = re.compile(r"^([A-Za-z]+(?:_[A-Za-z]+)?)\[(.*)\]$")
_GREEK = {"theta", "eta", "epsilon", "lambda", "beta", "mu", "rho", "sigma", "alpha", "gamma", "delta"}


def notes_name(name: str) -> str:
    """A witness's name as the notes write it: ``x[1]`` is ``x_1``, ``g[t, d]`` is ``g_{t,d}``.

    >>> notes_name("x[1]"), notes_name("g[t, d]"), notes_name("x[t + 1]"), notes_name("theta")
    ('x_1', 'g_{t,d}', 'x_{t+1}', 'theta')
    """
    applied = _APPLIED.match(name)
    if applied:  # grad_L(x[t]) is nabla L(x_t)
        head = {"grad": "nabla ", "hess": "nabla^2 "}[applied.group(1)]
        args = ", ".join(notes_name(a.strip()) for a in applied.group(3).split(","))
        return f"{head}{applied.group(2)}({args})"
    m = _INDEXED.match(name)
    if not m:
        return name
    index = m.group(2).replace(" ", "")
    return f"{m.group(1)}_{index}" if len(index) == 1 else f"{m.group(1)}_{{{index}}}"


_APPLIED = re.compile(r"^(grad|hess)_([A-Za-z])\((.*)\)$")


def _name(name: str) -> str:
    """A witness's name in LaTeX: ``g_{t,d}`` (or ``g[t, d]``) is ``g_{t,d}``, ``eta_t`` is ``\\eta_t``."""
    name = notes_name(name)
    if name.startswith("nabla"):
        return "\\" + name
    base, sep, index = name.partition("_")
    base = "\\" + base if base in _GREEK else base
    if index and not index.startswith("{"):
        index = "{" + index + "}"
    return f"{base}_{index}" if sep else base


_FUNCTION = re.compile(r"\\operatorname\{(grad|hess)\}_\{([A-Za-z])\}")


def notes_tex(expr: Any) -> str:
    """An expression in the notes' notation: ``grad_f(x_t)`` is ``\\nabla f(x_t)``."""
    from symml.core.latex import latex

    text = latex(expr)
    text = _FUNCTION.sub(lambda m: ("\\nabla " if m.group(1) == "grad" else "\\nabla^2 ") + m.group(2), text)
    return text.replace("grad_{f}", "\\nabla f")


def named_witness(witness: Any) -> Any:
    """The witness with its values under the notes' names (``x_1``, not ``x[1]``)."""
    from symml.core.results import Witness

    if witness is None:
        return None
    values = {notes_name(k): v for k, v in witness.values.items()}
    return Witness(values, shows=witness.shows, description=witness.description)


def witness_latex(witness: Any, printer: Any) -> str:
    """The witness's values and what substituting them shows, with the notes' names."""
    parts = [f"{_name(k)} = {printer._print(v)}" for k, v in witness.values.items()]
    text = r",\quad ".join(parts)
    if witness.shows is not None:
        text += rf"\quad\Longrightarrow\quad {printer._print(witness.shows)}"
    return text


def finding_latex(finding: Any) -> tuple[str, str]:
    """A refuted finding for a document: its statement (LaTeX math) and why it is false, with the witness
    (LaTeX text with inline math)."""
    from symml.core.latex import LatexPrinter

    printer = LatexPrinter()
    witness = witness_latex(finding.witness, printer)
    statement = rf"$\displaystyle {_statement(finding.statement)}$"
    return statement, rf"{text_with_math(finding.reason)}. Witness: $\displaystyle {witness}$."


def errata_latex(check: Any, printer: Any) -> str:
    """The refuted findings of ``check`` as an errata list (itemize in text, array in math)."""
    refuted = check.refuted
    if document_mode(printer):
        if not refuted:
            return r"\par\noindent No displayed statement was refuted.\par"
        items = []
        for f in refuted:
            witness = witness_latex(f.witness, printer)
            items.append(
                rf"\item \textbf{{{escape_text(f.where)}}}{'' if not f.label else f' (line {f.line})'}: "
                rf"$\displaystyle {_statement(f.statement)}$ is false: {text_with_math(f.reason)}."
                rf" Witness: $\displaystyle {witness}$."
            )
        return "\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}"
    if not refuted:
        return r"\text{No displayed statement was refuted.}"
    rows = [
        rf"\text{{{escape_text(f.where)}}} & {_statement(f.statement)} & "
        rf"{witness_latex(f.witness, printer)} \\"
        for f in refuted
    ]
    header = (
        text_in_math("where") + " & " + text_in_math("statement (false)") + " & " + text_in_math("witness")
    )
    return "\\begin{array}{lll}\n" + header + r" \\ \hline" + "\n" + "\n".join(rows) + "\n\\end{array}"
