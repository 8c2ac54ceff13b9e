"""The errata list of a notes check, in LaTeX: one item per refuted statement, with its witness."""

from __future__ import annotations

import re
from typing import Any

from symml.core.latex import document_mode, escape_text, text_in_math, words

__all__ = [
    "errata_latex",
    "finding_latex",
    "witness_latex",
    "notes_form",
    "notes_name",
    "name_form",
    "named_witness",
]


def _statement(body: str) -> str:
    flat = " ".join(body.replace("&", " ").replace("\\\\", " ").split())
    for env in ("aligned", "align", "split"):
        flat = flat.replace(f"\\begin{{{env}}}", "").replace(f"\\end{{{env}}}", "")
    return flat


_INDEXED = re.compile(r"^([A-Za-z]+(?:_[A-Za-z]+)?)\[(.*)\]$")


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


def name_form(name: str) -> Any:
    """A witness's name as a SymPy object the printer writes in the notes' notation: ``eta_t`` is
    η_t, ``g_{t,d}`` is g_{t,d}, ``f(u)`` is the function f at u, ``nabla L(x_t)`` is ∇L(x_t).

    >>> name_form("f(u)"), name_form("nabla^2 f(x_t)"), name_form("g[t, d]")
    (f(u), nabla2_f(x_t), g_{t,d})
    """
    import sympy as sp

    name = notes_name(name)
    applied = _NOTES_APPLIED.match(name)
    if applied is None:
        return sp.Symbol(name)
    head = applied.group(1).replace("nabla^2 ", "nabla2_").replace("nabla ", "nabla_")
    return sp.Function(head)(*(sp.Symbol(a.strip()) for a in applied.group(2).split(",")))


_NOTES_APPLIED = re.compile(r"^((?:nabla(?:\^2)? )?[A-Za-z])\((.*)\)$")


def notes_form(expr: Any) -> Any:
    """An expression in the notes' notation, for the printer: ``x[t]`` is the name ``x_t`` and
    ``grad_f(x[t])`` is ∇f(x_t) (the function ``nabla_f``), ``hess_f`` is ∇²f (``nabla2_f``)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    def renamed(name: str) -> str:
        for old, new in (("grad_", "nabla_"), ("hess_", "nabla2_")):
            if name.startswith(old):
                return new + name[len(old) :]
        return name

    expr = expr.xreplace({a: sp.Symbol(notes_name(str(a))) for a in expr.atoms(sp.Indexed)})
    expr = expr.xreplace(
        {s: sp.Symbol(renamed(s.name)) for s in expr.atoms(sp.Symbol) if renamed(s.name) != s.name}
    )
    return expr.replace(
        lambda e: isinstance(e, AppliedUndef) and renamed(e.func.__name__) != e.func.__name__,
        lambda e: sp.Function(renamed(e.func.__name__))(*e.args),
    )


def named_witness(witness: Any) -> Any:
    """The witness with its values under the notes' names (``x_1``, not ``x[1]``)."""
    from symml.core.results import Witness

    if witness is None:
        return None
    values = {notes_name(k): v for k, v in witness.values.items()}
    return Witness(values, shows=witness.shows, description=witness.description)


def witness_latex(witness: Any, printer: Any) -> str:
    """The witness's values and what substituting them shows, with the notes' names (through the
    printer: the names are SymPy objects in the notes' notation)."""
    from symml.core.results import Witness

    values = {name_form(k) if isinstance(k, str) else k: v for k, v in witness.values.items()}
    return printer._print(Witness(values, shows=witness.shows))


def finding_latex(finding: Any) -> tuple[str, str]:
    """A refuted finding for a document: its statement (LaTeX math) and why it is false, with the witness
    (LaTeX text with inline math)."""
    from symml.core.latex import SymmlLatexPrinter

    printer = SymmlLatexPrinter({"symml_mode": "document"})
    witness = witness_latex(finding.witness, printer)
    statement = rf"$\displaystyle {_statement(finding.statement)}$"
    return statement, rf"{words(finding.reason, printer)}. Witness: $\displaystyle {witness}$."


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
                rf"$\displaystyle {_statement(f.statement)}$ is false: {words(f.reason, printer)}."
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
