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
import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from symml.core.errors import LatexError
from symml.core.events import event_outcomes, outcome
from symml.core.latex.text import chain_bounds, number_line_key

__all__ = [
    "NOTATION",
    "SYMBOL_NOTATION",
    "notation",
    "SymmlLatexPrinter",
    "latex",
    "outcome_latex",
    "with_decimal",
    "escape_text",
    "text_in_math",
    "text_with_math",
    "LAYOUTS",
    "layout_of",
    "document_mode",
    "words",
    "paragraph",
    "table",
    "render_steps",
    "readable",
    "align",
    "render_result",
    "render_derivation",
    "equation",
    "display",
    "visible_width",
    "render_cases",
    "render_named",
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


#: Names that print as notation, not as their spelling: symbols, matrix symbols and
#: undefined functions (``nabla_f(x)`` is ∇f(x)).  Besides this table, a name
#: ``nabla_<name>`` prints as ∇ before the name and ``nabla2_<name>`` as ∇² before it.
SYMBOL_NOTATION = MappingProxyType(
    {
        "batch_gradient": r"\sum_{i \in \mathcal{B}_t} \nabla \ell_i",
        "theta_vec": r"\boldsymbol{\theta}",
        "a_vec": r"\mathbf{a}",
        "theta_star": r"\boldsymbol{\theta}_{*}",
        "theta_dagger": r"\boldsymbol{\theta}_{\dagger}",
        "mu_vec": r"\boldsymbol{\mu}",
        "mu_next": r"\boldsymbol{\mu}'",
        "r_next": "r'",
        "y_vec": r"\mathbf{y}",
        "f_vec": r"\mathbf{f}",
        "c_vec": r"\mathbf{c}",
        "residuals": r"\mathbf{r}",
        "X_tilde": r"\tilde{X}",
        "XT_X": r"\tilde{X}^{\top}\tilde{X}",
        "min_f": r"\min f",
        "max_f": r"\max f",
        "X_hat": r"\hat{X}",
        "J_min": r"J_{\min}",
        "n_pos": r"n_{+}",
        "n_neg": r"n_{-}",
        # chapter 2, methods: labels of the proofs' statements
        "P_kerH": r"P_{\ker H}",
        "min_rho": r"\min_{\eta} \rho(\eta)",
        "argmin_q": r"\arg\min_{x} q(x)",
        "Expectation": r"\mathbb{E}",
        "Variance": r"\operatorname{Var}",
        "std_dev": r"\sigma",
        "dtheta": r"\Delta\theta",
        "dT_nabla_f": r"d^{\top}\nabla f",
        # chapter 2, losses
        "vT_H_v": r"v^{\top} H v",
        "vT_nabla2_J_v": r"v^{\top}\nabla^{2}J\,v",
        "gradient_matrix_form": r"\frac{1}{N}\hat{X}^{\top}(\mathbf{f} - \mathbf{c})",
        "hessian_matrix_form": r"\frac{1}{N}\hat{X}^{\top} D \hat{X}",
        "weighted_margins": r"\sum_i \lambda_i (2c_i - 1)\hat{x}_i",
        "cluster_mean_k": r"\frac{\sum_i r_{ik} x_i}{n_k}",
        "mu_k": r"\boldsymbol{\mu}_k",
        "appearances_of_i": r"\#\{\text{appearances of } i\}",
        # reasons-losses: names in the losses' reasons
        "thetaT_x": r"\theta^{\top}x",
        "thetaT_x_i": r"\theta^{\top}x_i",
        "nearest_centre_indicator": r"\left[k = \arg\min_j \|x_i - \boldsymbol{\mu}_j\|^{2}\right]",
        "argmin_f": r"\operatorname{argmin} f",
        # checkprint: the notes checker's reasons (symml/check)
        "sum_g": r"\sum_i g_i",
        # reasons-methods: names in the reasons of definiteness, methods, stationary, convexity
        "det": r"\det",
    }
)

#: Name endings that print as decorations: ``x_star`` is x^⋆, ``lambda_max`` is λ_max.
_SUFFIXES = (
    ("_star", "^{{\\star}}"),
    ("_max", "_{{\\max}}"),
    ("_min", "_{{\\min}}"),
    ("_prime", "'"),  # a second variable of the same name: X and X'
)


def notation(name: str) -> str | None:
    """The LaTeX a name prints as (:data:`SYMBOL_NOTATION`, ``nabla_``/``nabla2_``), or ``None``."""
    if name in SYMBOL_NOTATION:
        return SYMBOL_NOTATION[name]
    for suffix, decoration in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            return (notation(base) or LatexPrinter()._print(sp.Symbol(base))) + decoration.format()
    base, _, index = name.partition("_")
    if index and base in SYMBOL_NOTATION:  # dtheta_1 is \Delta\theta_{1}
        return rf"{SYMBOL_NOTATION[base]}_{{{LatexPrinter()._print(sp.Symbol(index))}}}"
    for prefix, nabla in (("nabla2_", r"\nabla^{2} "), ("nabla_", r"\nabla ")):
        if name.startswith(prefix) and len(name) > len(prefix):
            rest = name[len(prefix) :]
            return nabla + (notation(rest) or LatexPrinter()._print(sp.Symbol(rest)))
    return None


class SymmlLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with the notes' notation (bold vectors, ``\\top``, ``\\log``).

    The extra setting ``symml_mode`` chooses how symml results are laid out: ``"math"`` (the
    default: one ``align*`` block, which Jupyter's MathJax renders) or ``"document"`` (text
    mode, lines that wrap: what the companion document uses).  ``symml_proofs=False`` prints
    results without their proof steps (the claim, its witness and notes only): a textbook
    states the result and keeps the machine proof for an appendix.
    """

    _default_settings = {**LatexPrinter._default_settings, "symml_mode": "math", "symml_proofs": True}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({**NOTATION, **(settings or {})})

    def _print_Symbol(self, expr: Any, style: str = "plain") -> str:
        return notation(expr.name) or super()._print_Symbol(expr, style)

    def _print_MatrixSymbol(self, expr: Any) -> str:
        return notation(expr.name) or super()._print_MatrixSymbol(expr)

    def _print_Function(self, expr: Any, exp: Any = None) -> str:
        func, args = expr.func, expr.args
        if getattr(func, "sequence", False) and len(args) == 1:  # a term of a sequence: x_{t+1}
            tex = rf"{self._print(sp.Symbol(func.__name__))}_{{{self._print(args[0])}}}"
        elif isinstance(expr, AppliedUndef) and func.__name__ in ("Expectation", "Variance"):
            tex = notation(func.__name__) + r"\left[" + ", ".join(map(self._print, args)) + r"\right]"
        elif isinstance(expr, AppliedUndef) and notation(func.__name__):
            tex = notation(func.__name__) + r"\left(" + ", ".join(map(self._print, args)) + r"\right)"
        else:
            return super()._print_Function(expr, exp)
        return tex if exp is None else rf"{{{tex}}}^{{{exp}}}"

    # Probabilities and events (symml.core.events): P(X = 6), P(A | B), {1, 2, 3}, A \cap B^c
    def _print_ProbabilityOf(self, expr: Any, exp: Any = None) -> str:
        inner = self._print_event(expr.args[0], top=True)
        if len(expr.args) == 2:
            inner += r" \mid " + self._print_event(expr.args[1], top=True)
        out = rf"\mathbb{{P}}\left({inner}\right)"
        return out if exp is None else rf"{out}^{{{exp}}}"  # P(A)**2 in a product rule

    def _print_event(self, label: Any, top: bool = False) -> str:
        """An event label: Ω, ∅, a set of outcomes, a relation of random variables (in
        braces when it is part of a larger event), and ∩, ∪, complement."""
        if label is sp.true or label is sp.false:
            return r"\Omega" if label is sp.true else r"\emptyset"
        outcomes = event_outcomes(label)
        if outcomes is not None:
            return self._print_outcome_set(outcomes)
        if isinstance(label, (sp.And, sp.Or)):
            sign = r" \cap " if isinstance(label, sp.And) else r" \cup "
            return sign.join(self._event_part(a, label) for a in label.args)
        if isinstance(label, sp.Not):
            return rf"{self._event_part(label.args[0], label)}^{{c}}"
        text = self._print(label)
        braced = isinstance(label, (sp.core.relational.Relational, sp.Contains))
        return rf"\{{{text}\}}" if braced and not top else text

    def _event_part(self, label: Any, outer: Any) -> str:
        text = self._print_event(label)
        compound = isinstance(label, (sp.And, sp.Or)) and (label.func is not outer.func)
        return rf"\left({text}\right)" if compound else text

    def _print_outcome_set(self, outcomes: Any, shown: int = 8) -> str:
        items = sorted(outcomes.args, key=sp.default_sort_key)
        parts = [self._print_outcome(o) for o in items[:shown]] + ([r"\ldots"] if len(items) > shown else [])
        return r"\left\{" + ", ".join(parts) + r"\right\}"

    def _print_outcome(self, outcome: Any) -> str:
        # a label such as rain is a word, not the product r a i n
        if isinstance(outcome, sp.Tuple):
            return r"\left(" + ", ".join(map(self._print_outcome, outcome.args)) + r"\right)"
        text = self._print(outcome)
        word = isinstance(outcome, sp.Symbol) and len(outcome.name) > 1 and text == outcome.name
        return rf"\text{{{text}}}" if word else text

    def _print_Indicator(self, expr: Any) -> str:
        return rf"\mathbf{{1}}_{{{self._print_event(expr.args[0], top=True)}}}"

    def _print_Conditioned(self, expr: Any) -> str:
        # in parentheses: (X | B) = 2 is a relation of the conditioned variable, not of B
        return rf"\left({self._print(expr.args[0])} \mid {self._print_event(expr.args[1], top=True)}\right)"

    def _print_Quotient(self, expr: Any) -> str:
        return rf"\frac{{{self._print(expr.args[0])}}}{{{self._print(expr.args[1])}}}"

    def _print_Add(self, expr: Any, order: Any = None) -> str:
        # an update rule reads x_t - eta grad f(x_t), the previous term first; a sum of
        # matrices (non-commutative) starts with a positive term: I - eta H
        terms = expr.as_ordered_terms()
        leading = [t for t in terms if getattr(t.func, "sequence", False)]
        if not expr.is_commutative:
            leading = [t for t in terms if not t.could_extract_minus_sign()]
        if leading and terms[0] is not leading[0]:
            rest = [t for t in terms if t is not leading[0]]
            return super()._print_Add(sp.Add(leading[0], *rest, evaluate=False), order="none")
        return super()._print_Add(expr, order)

    def _print_Lambda(self, expr: Any) -> str:
        # an update map x |-> x/2, without SymPy's parentheses around it
        (arg,) = expr.signature if len(expr.signature) == 1 else (expr.signature,)
        return rf"{self._print(arg)} \mapsto {self._print(expr.expr)}"

    def _print_MatAdd(self, expr: Any) -> str:
        # f - c, not -c + f: a positive term first
        terms = list(expr.args)
        first = next((t for t in terms if not t.could_extract_minus_sign()), None)
        if first is None or first is terms[0]:
            return super()._print_Add(expr)
        return " ".join([self._print(first), *(self._signed(t) for t in terms if t is not first)])

    def _signed(self, term: Any) -> str:
        if term.could_extract_minus_sign():
            return "- " + self.parenthesize(-term, PRECEDENCE["Mul"])
        return "+ " + self.parenthesize(term, PRECEDENCE["Add"])

    def _print_ComplexRootOf(self, expr: Any) -> str:
        # an algebraic number no one can read without its value: the root, its decimal under it
        poly = self._print(expr.expr)
        decimal = self._print(sp.N(expr, 4))
        root = rf"\operatorname{{root}}_{{{expr.index + 1}}}\left({poly}\right)"
        return rf"\underbrace{{{root}}}_{{\approx {decimal}}}"

    def _print_Mul(self, expr: Any) -> str:
        # p(1 - p), not -p(p - 1): a minus sign absorbed by the one sum among the factors
        coeff, factors = expr.as_coeff_mul()
        sums = [f for f in factors if f.is_Add]
        if coeff.is_negative and len(sums) == 1 and not expr.has(sp.MatrixSymbol):
            flipped = [-f if f is sums[0] else f for f in factors]
            head = [] if coeff == -1 else [-coeff]
            return super()._print_Mul(sp.Mul(*head, *flipped, evaluate=False))
        return super()._print_Mul(expr)

    def _print_Limit(self, expr: Any) -> str:
        # SymPy writes x \to x^{\star}^+ (a double superscript): the point goes in braces
        e, z, z0, direction = expr.args
        point = self._print(z0)
        if str(direction) != "+-" and z0 not in (sp.oo, -sp.oo):
            point = rf"{{{point}}}^{{{self._print(direction)}}}"
        body = self._print(e)
        body = rf"\left({body}\right)" if isinstance(e, (sp.Add, sp.Mul)) else body
        return rf"\lim_{{{self._print(z)} \to {point}}} {body}"

    def _print_Transpose(self, expr: Any) -> str:
        return rf"{self.parenthesize(expr.arg, PRECEDENCE['Pow'], strict=True)}^{{\top}}"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return r"\text{always}"

    # Conditions as the notes write them: p = -1, a < 0 \lor a > 1, -1 < p < 1
    def _print_Or(self, expr: Any) -> str:
        return r" \lor ".join(self._bracketed(a, sp.And) for a in _left_to_right(expr.args))

    def _print_And(self, expr: Any) -> str:
        rest, parts = list(expr.args), []
        while (chain := chain_bounds(rest)) is not None:
            lo, lo_strict, p, hi_strict, hi, replaced = chain
            signs = ["<" if strict else r"\leq" for strict in (lo_strict, hi_strict)]
            parts.append(f"{self._print(lo)} {signs[0]} {self._print(p)} {signs[1]} {self._print(hi)}")
            rest = [a for a in rest if a not in replaced]
        parts += [self._bracketed(a, sp.Or) for a in _left_to_right(rest)]
        return r" \land ".join(parts)

    def _print_Relational(self, expr: Any) -> str:
        # the parameter first: a > 1, not 1 < a
        if expr.lhs.is_number and not expr.rhs.is_number and expr.rel_op in ("<", "<=", ">", ">="):
            expr = expr.reversed
        return super()._print_Relational(expr)

    def _bracketed(self, expr: Any, kind: type) -> str:
        text = self._print(expr)
        return rf"\left({text}\right)" if isinstance(expr, kind) else text

    def _print_Sentence(self, expr: Any) -> str:
        """Words and formulas (symml.core.results.Sentence): in text with inline math in a
        document, as text and math in one formula for MathJax."""
        out, after = "", ""
        for part in expr.parts:
            if isinstance(part, str):
                piece = text_with_math(part) if document_mode(self) else text_in_math(f" {part} ")
            else:
                piece = f"${self._print(part)}$" if document_mode(self) else self._print(part)
            glued = (isinstance(part, str) and part[:1] in ",.;:)") or after.endswith("(")
            out += piece if not out or glued else " " + piece
            after = part if isinstance(part, str) else ""
        return out

    def _print_ellipsis(self, expr: Any) -> str:
        """Python's ``...`` stands for entries left out (a long table, a long sum)."""
        return r"\cdots"

    def _print_Verdict(self, expr: Any) -> str:
        return rf"\text{{{expr.value}}}"

    def _print_str(self, expr: str) -> str:
        return text_in_math(expr)

    def _print_tuple(self, expr: tuple[Any, ...]) -> str:
        return r"\left(" + ", ".join(self._print(e) for e in expr) + r"\right)"


def _left_to_right(conditions: Any) -> list[Any]:
    """Conditions ordered along the number line by the number they compare with (cheap:
    no set computation), the others after them in SymPy's order."""
    return sorted(conditions, key=number_line_key)


def latex(obj: Any, **settings: Any) -> str:
    r"""LaTeX for a SymPy object or a symml result, in the notes' notation.

    Parameters
    ----------
    obj : SymPy object or symml result
        What to print: an expression, a matrix, a relation, or any symml result
        (``Result``, ``Cases``, ``Checks``, ``Probability``, an optimiser, …), which
        prints itself through the same printer so nested parts share the notation.
    **settings : Any
        Settings of SymPy's ``LatexPrinter`` (e.g. ``mat_str``, ``fold_short_frac``) and
        symml's own: ``symml_mode`` (``"math"``, the default: one ``align*`` block as
        Jupyter shows it; ``"snippet"``; ``"document"``: the companion's text layout)
        and ``symml_proofs`` (``False`` leaves the proof steps out).  An unknown setting
        raises SymPy's ``TypeError``.

    Returns
    -------
    str
        The LaTeX source (without surrounding ``$``).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> print(latex(x**2 / 2))
    \frac{x^{2}}{2}
    >>> from symml import convexity
    >>> "proven" in latex(convexity(x**2, [x]))
    True
    """
    return SymmlLatexPrinter(settings)._print(obj)


def outcome_latex(value: Any) -> str:
    r"""LaTeX for one outcome of a sample space: a number, a tuple, or a word label (upright).

    >>> print(outcome_latex(("H", 3)), outcome_latex("rain"))
    \left(H, 3\right) \text{rain}
    """
    return SymmlLatexPrinter()._print_outcome(outcome(value))


def with_decimal(value: Any, digits: int = 4) -> str:
    """LaTeX for an exact number with its decimal beside it when it is irrational:
    ``\\sqrt{2} \\approx 1.414`` (the exact value stays; the decimal only helps the reader).
    Rationals, symbols and non-real numbers print as :func:`latex` does."""
    tex = latex(value)
    if not (isinstance(value, sp.Expr) and value.is_number and not value.is_Rational):
        return tex
    if value.is_real is not True:
        return tex
    decimal = sp.N(value, digits)
    if not decimal.is_Float:  # pragma: no cover - a number SymPy cannot evaluate
        return tex
    return rf"{tex} \approx {sp.latex(decimal)}"


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

#: A subscripted name in plain text (``t_1``, ``r_ik``, ``mu_k``): mathematics, not words.
_SUBSCRIPTED = re.compile(
    r"(?<![\\\w])([A-Za-z]+_[A-Za-z0-9]+|alpha|beta|gamma|delta|epsilon|eta|theta|kappa|lambda|mu|rho|"
    r"sigma|tau)(?![\w(])"
)


def _subscripted(name: str) -> str:
    return latex(sp.Symbol(name))


def _text_run(text: str) -> str:
    """Plain text inside a formula: words in ``\text{}``, subscripted names and special
    characters as math."""
    parts = _SUBSCRIPTED.split(text)
    if len(parts) > 1:  # odd positions are the names
        return " ".join(_subscripted(p) if i % 2 else _text_run(p) for i, p in enumerate(parts) if p.strip())
    out, last = [], 0
    for m in _SYMBOL.finditer(text):
        if text[last : m.start()].strip():
            out.append(rf"\text{{{text[last : m.start()]}}}")
        out.append(_SYMBOLS_IN_MATH[m.group()])
        last = m.end()
    if text[last:].strip():
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


def proofs_shown(printer: Any) -> bool:
    """Whether results print their proof steps (``symml_proofs``, on by default)."""
    return bool(getattr(printer, "_settings", {}).get("symml_proofs", True))


def document_mode(printer: Any) -> bool:
    """Whether results are laid out as text with formulas (``snippet``, ``document``)
    rather than as one formula block for MathJax."""
    return layout_of(printer) != "math"


#: Symbols of plain text that read as mathematics in text mode too (``f'' >= 0``).
_RELATIONS = re.compile(r"<=|>=|->|!=|<|>|\^")


def _text_run_in_text(text: str) -> str:
    parts = _SUBSCRIPTED.split(text)
    if len(parts) > 1:
        return "".join(f"${_subscripted(p)}$" if i % 2 else _text_run_in_text(p) for i, p in enumerate(parts))
    out, last = [], 0
    for m in _RELATIONS.finditer(text):
        out += [escape_text(text[last : m.start()]), f"${_SYMBOLS_IN_MATH[m.group()]}$"]
        last = m.end()
    return "".join(out) + escape_text(text[last:])


def text_with_math(text: str) -> str:
    """Plain text that may contain inline math in ``$...$``, for LaTeX text mode
    (relation signs of plain text become math as well)."""
    parts = text.split("$")
    if len(parts) % 2 == 0:
        return _text_run_in_text(text)
    return "".join(_text_run_in_text(p) if i % 2 == 0 else f"${p}$" for i, p in enumerate(parts))


def words(text: str, printer: Any) -> str:
    """Words of a result (a reason, a note, a claim) in the printer's layout: a
    :class:`~symml.core.results.Sentence` through the printer (its formulas as math), plain
    words as text (in ``\text{}`` inside a formula block)."""
    if hasattr(text, "parts"):
        return printer._print(text)
    return text_with_math(text) if document_mode(printer) else text_in_math(text)


def paragraph(text: str, printer: Any) -> str:
    """A line of words (a string or a Sentence) in the printer's layout."""
    if document_mode(printer):
        return rf"\par\noindent {words(text, printer)}\par"
    return rf"\[{words(text, printer)}\]"


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
        return words(obj, printer)
    return rf"$\displaystyle {printer._print(obj)}$"


def _is_true(statement: Any) -> bool:
    """A step whose statement is ``True`` is a conclusion in words: only its reason is shown."""
    return statement is True or statement is sympy.true


def _identical_sides(statement: Any) -> bool:
    return isinstance(statement, sympy.core.relational.Relational) and statement.lhs == statement.rhs


def _numeric_fact(step: Any) -> bool:
    st = step.statement
    facts = st.args if isinstance(st, sympy.And) else (st,)
    relations = all(isinstance(f, sympy.core.relational.Relational) for f in facts)
    return not step.substeps and relations and not st.free_symbols


def readable(steps: Sequence[Any], shown: Iterable[Any] = ()) -> list[Any]:
    """The steps a reader needs: a step that restates what is already shown (the claim, an
    earlier step) or whose two sides are identical is dropped, and a run of numeric facts
    (``1/6 >= 0`` for each weight) becomes one step."""
    from dataclasses import replace

    seen = {s for s in shown if not isinstance(s, str)}
    out: list[Any] = []
    for step in steps:
        st = step.statement
        if out and _numeric_fact(step) and _numeric_fact(out[-1]) and _same_kind(out[-1], step):
            out[-1] = _grouped(out[-1], step)
            continue
        if not step.substeps and not _is_true(st) and (st in seen or _identical_sides(st)):
            continue
        seen.add(st)
        if step.substeps:
            step = replace(step, substeps=tuple(readable(step.substeps, seen)))
        out.append(step)
    return out


def _same_kind(a: Any, b: Any) -> bool:
    if a.rule or b.rule:
        return a.rule == b.rule
    return a.reason.split()[:1] == b.reason.split()[:1]


def _grouped(first: Any, second: Any) -> Any:
    """Two numeric facts as one step: both statements, one reason."""
    from dataclasses import replace

    facts = (
        *(first.statement.args if isinstance(first.statement, sympy.And) else (first.statement,)),
        second.statement,
    )
    reason = first.reason if first.reason == second.reason else _common_reason(first.reason, second.reason)
    sentences = [type(r) for r in (first.reason, second.reason) if hasattr(r, "parts")]
    if reason != first.reason and sentences:  # keep both sentences' formulas
        reason = sentences[0].of(first.reason, ";", second.reason)
    return replace(first, statement=sympy.And(*dict.fromkeys(facts), evaluate=False), reason=reason)


def _common_reason(a: str, b: str) -> str:
    """``weight of 1 is non-negative`` and ``weight of 2 is ...`` -> ``weight of 1, 2 is ...``."""
    wa, wb = a.split(), b.split()
    head = 0
    while head < min(len(wa), len(wb)) and wa[head] == wb[head]:
        head += 1
    tail = 0
    while tail < min(len(wa), len(wb)) - head and wa[-1 - tail] == wb[-1 - tail]:
        tail += 1
    if head + tail == 0:
        return a
    middle = " ".join(wa[head : len(wa) - tail]) + ", " + " ".join(wb[head : len(wb) - tail])
    return " ".join([*wa[:head], middle, *wa[len(wa) - tail :]])


def step_rows(steps: Sequence[Any], printer: Any, depth: int = 0) -> list[str]:
    """The ``align*`` rows of steps (a row per step, its reason beside it, substeps indented)."""
    rows = []
    indent = r"\quad " * depth
    for step in steps:
        statement = "" if _is_true(step.statement) else printer._print(step.statement)
        rows.append(rf"{indent}& {statement} && {words(step.reason, printer)}")
        rows += step_rows(step.substeps, printer, depth + 1)
    return rows


#: Visible width (in symbols, roughly) of math that fits a 345 pt line; wider relations
#: get a display of their own and long sums are folded over several lines.
LINE_WIDTH = 52

_RELATION_SIGNS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_MATRIX = re.compile(r"\\begin\{bmatrix\}((?:(?!\\begin\{bmatrix\}).)*?)\\end\{bmatrix\}", re.S)


def visible_width(tex: str) -> int:
    """How many symbols wide LaTeX math looks: a fraction as wide as its wider part, a
    matrix as its widest row, a command as one symbol, braces and sizing as nothing."""

    def frac(m: re.Match[str]) -> str:
        return max(m[1], m[2], key=visible_width)

    def matrix(m: re.Match[str]) -> str:
        rows = [row.replace("&", "~~") for row in m[1].split("\\\\")]  # a column gap: two symbols
        return "[" + max(rows, key=visible_width) + "]"

    previous = None
    while previous != tex:
        previous, tex = tex, _MATRIX.sub(matrix, _FRAC.sub(frac, tex))
    tex = re.sub(r"\\(left|right|displaystyle|quad|qquad)\b|\\[,;!]", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "x", tex)
    tex = re.sub(r"[{}\s^_]", "", tex)
    return len(tex) + len(re.findall(r"[-+=<>]", tex))  # binary signs come with space around them


def _fold(expr: Any, printer: Any, first: int) -> list[str]:
    """A sum over several lines, each about :data:`LINE_WIDTH` wide (the first ``first``)."""
    if not isinstance(expr, sympy.Add):
        return [printer._print(expr)]
    lines, current, budget = [], "", first
    for term in expr.as_ordered_terms():
        tex = printer._print(term)
        if current or lines:
            piece = f"- {tex[1:].lstrip()}" if tex.startswith("-") else f"+ {tex}"
        else:
            piece = tex
        if current and visible_width(current + piece) > budget:
            lines.append(current)
            current, budget = piece, LINE_WIDTH
        else:
            current = f"{current} {piece}".strip()
    return [*lines, current]


def _wide_relation(statement: Any, printer: Any) -> str | None:
    """A relation wider than a line as a ``multline*`` display (each side folded over as
    many lines as it needs), so that long sums stay on the page; two wide matrices are
    compared entry by entry.  ``None`` for statements that fit."""
    if not isinstance(statement, sympy.core.relational.Relational):
        return None
    lhs, rhs = printer._print(statement.lhs), printer._print(statement.rhs)
    if visible_width(lhs) + visible_width(rhs) < LINE_WIDTH:
        return None
    sign = _RELATION_SIGNS.get(statement.rel_op, "=")
    left, right = statement.lhs, statement.rhs
    if isinstance(left, sympy.MatrixBase) and isinstance(right, sympy.MatrixBase):
        if left.shape != (1, 1) or right.shape != (1, 1):
            return _entrywise(left, right, sign, printer)
        left, right = left[0], right[0]  # a 1 x 1 matrix folds as the sum inside it
    lines = _relation_lines(left, right, sign, printer)
    return "\\begin{multline*}\n" + " \\\\\n".join(lines) + "\n\\end{multline*}"


def _relation_lines(lhs: Any, rhs: Any, sign: str, printer: Any, width: int = LINE_WIDTH) -> list[str]:
    """``lhs sign rhs`` over lines about ``width`` wide: sums folded at their terms."""
    left = _fold(lhs, printer, width)
    right = _fold(rhs, printer, width - 2)
    if len(left) == 1 and visible_width(left[0] + right[0]) < width:
        return [f"{left[0]} {sign} {right[0]}", *right[1:]]
    return [*left, f"{sign} {right[0]}", *right[1:]]


def _entrywise(lhs: Any, rhs: Any, sign: str, printer: Any) -> str:
    """Two matrices too wide for a line, compared entry by entry (entries zero on both
    sides are left out and said so)."""
    lines = []
    for i in range(lhs.rows):
        for j in range(lhs.cols):
            if lhs[i, j] == 0 and rhs[i, j] == 0:
                continue
            index = f"{i + 1}" if lhs.cols == 1 else f"{i + 1}{j + 1}"
            first, *more = _relation_lines(lhs[i, j], rhs[i, j], sign, printer, LINE_WIDTH - 6)
            lines.append(rf"[\,\cdot\,]_{{{index}}}\colon\ {first}")
            lines += [rf"\qquad {part}" for part in more]
    zeros = lhs.rows * lhs.cols - sum(1 for e in zip(lhs, rhs) if e != (0, 0))
    note = " \\\\\n" + rf"\text{{the other {zeros} entries are 0 on both sides}}" if zeros else ""
    return "\\begin{gather*}\n" + " \\\\\n".join(lines) + note + "\n\\end{gather*}"


def display(statement: Any, printer: Any) -> str:
    """A statement displayed on its own: ``\\[...\\]``, or folded when it is too wide."""
    wide = _wide_relation(statement, printer)
    return wide if wide is not None else rf"\[{printer._print(statement)}\]"


def _step_items(steps: Sequence[Any], printer: Any) -> str:
    items = []
    for step in steps:
        reason = words(step.reason, printer)
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
    steps = readable(steps) if proofs_shown(printer) else []
    if not steps:
        return ""
    if document_mode(printer):
        return _step_items(steps, printer)
    return align(step_rows(steps, printer))


def equation(lhs: Any, rhs: Any) -> Any:
    """``lhs = rhs`` (unevaluated) to display: both sides converted by the safe parser's
    ``as_sympy``, never by ``sympify`` (SymPy's ``Eq`` would ``eval`` a stored string)."""
    from symml.core.parsing import as_sympy

    return sp.Eq(as_sympy(lhs), as_sympy(rhs), evaluate=False)


def render_derivation(
    statements: Sequence[Any], steps: Sequence[Any], printer: Any, notes: Sequence[str] = ()
) -> str:
    """Statements (e.g. ``P(A) = 1/3``, or the iterates of a method) and the steps behind
    them: one ``align*`` block for MathJax, displays and a numbered list in text layouts."""
    steps = readable(steps, shown=statements) if proofs_shown(printer) else []
    if document_mode(printer):
        parts = [display(s, printer) for s in statements]
        if steps:
            parts.append(_step_items(steps, printer))
        parts += [paragraph(note, printer) for note in notes]
        return "\n".join(parts)
    rows = [rf"& {printer._print(s)}" for s in statements]
    rows += step_rows(steps, printer, depth=1)
    rows += [rf"& && {words(note, printer)}" for note in notes]
    return align(rows)


def align(rows: Sequence[str]) -> str:
    """Rows of math (``&`` marks the alignment points) as one ``align*`` block."""
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def render_result(result: Any, printer: Any) -> str:
    """A result: the claim, its verdict, then its steps or witness, and its notes."""
    steps = readable(result.steps, shown=(result.claim,)) if proofs_shown(printer) else []
    if document_mode(printer):
        verdict = result.verdict.value.capitalize()
        wide = None if isinstance(result.claim, str) else _wide_relation(result.claim, printer)
        claim = _inline(result.claim, printer) if wide is None else "\n" + wide
        # without its proof a proven claim is simply stated; other verdicts keep their word
        head = " " if result.proven and not proofs_shown(printer) else rf"\textbf{{{verdict}:}} "
        parts = [rf"\par\noindent{head}{claim}"]
        if steps:
            parts.append(_step_items(steps, printer))
        if result.witness is not None:
            w = result.witness
            desc = f" ({_inline(w.description, printer)})" if w.description else ""
            parts.append(rf"\par\noindent Witness{desc}: $\displaystyle {w._latex(printer)}$")
        for note in result.notes:
            parts.append(rf"\par\noindent{{\small Note: {words(note, printer)}}}")
        return "\n".join(parts) + "\n\\par\\medskip"
    head = rf"& {printer._print(result.claim)} && \textbf{{{result.verdict.value}}}"
    rows = [head]
    rows += step_rows(steps, printer)
    if result.witness is not None:
        rows.append(rf"& {result.witness._latex(printer)} && \text{{witness}}")
    for note in result.notes:
        rows.append(rf"& && {words(note, printer)}")
    return align(rows)


def render_cases(cases: Any, printer: Any) -> str:
    """A case split: one paragraph per case, its condition then its result (in a document,
    a single case that always holds is just its result)."""
    cases = list(cases)
    single = len(cases) == 1 and _is_true(cases[0].condition) and hasattr(cases[0].result, "_latex")
    if single and document_mode(printer):
        return cases[0].result._latex(printer)
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


def render_named(results: Any, printer: Any) -> str:
    """Named results (a mapping name -> result): each headed by its name."""
    parts = []
    for name, result in results.items():
        head = (
            rf"\paragraph{{{escape_text(name.capitalize())}.}}"
            if document_mode(printer)
            else rf"$\textbf{{{name.capitalize()}}}$:"
        )
        parts.append(head + "\n" + result._latex(printer))
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
    """A figure file (relative to the document) with a caption.

    ``placement`` is LaTeX's float specifier; the default ``H`` (package float) keeps the
    figure where it stands, so no figure floats into another section.
    """

    path: str
    caption: str
    width: str = r"0.7\linewidth"
    placement: str = "H"

    def tex(self) -> str:
        return (
            f"\\begin{{figure}}[{self.placement}]\n\\centering\n"
            rf"\includegraphics[width={self.width}]{{{self.path}}}" + "\n"
            rf"\caption{{{self.caption}}}" + "\n\\end{figure}"
        )


@dataclass(frozen=True)
class Section(Block):
    """A (sub)section with a title and blocks; ``level`` 1 = section, 2 = subsection,
    3 = subsubsection, 4 = paragraph.

    ``number`` fixes the number printed (the notes' own, e.g. ``"2.4.1"``); ``numbered=False``
    prints no number (the heading still goes into the table of contents), so that material
    of the companion's own never takes a number the notes use.
    """

    title: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    level: int = 1
    label: str = ""
    number: str = ""  # a fixed number for a section (the notes' own, e.g. "2.1")
    numbered: bool = True

    def tex(self) -> str:
        cmd = {1: "section", 2: "subsection", 3: "subsubsection", 4: "paragraph"}[self.level]
        if not self.numbered:
            head = rf"\{cmd}*{{{self.title}}}" + (
                rf"\addcontentsline{{toc}}{{{cmd}}}{{{self.title}}}" if self.level < 4 else ""
            )
        else:
            head = rf"\{cmd}{{{self.title}}}"
            if self.number:
                # Number the heading as the notes do; numbered headings below follow (2.1.1, ...).
                head = rf"\renewcommand{{\the{cmd}}}{{{self.number}}}" + "\n" + head
        head += rf"\label{{{self.label}}}" if self.label else ""
        return "\n\n".join([head, *(b.tex() for b in self.blocks)])


PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage{amsmath,amssymb,amsthm}
\usepackage{mathtools}
\usepackage{booktabs}
\usepackage{graphicx}
\usepackage{float}
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
