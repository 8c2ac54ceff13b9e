"""Plain text for the terminal: conditions as ``p = -1`` and ``a < 0 or a > 1``, points as
``(0, 1)``, and a decimal beside every irrational number (``x ≈ -0.2708``).

This is the ``str()`` side of the one printer: a SymPy ``StrPrinter`` subclass, so that
everything nested prints in the same style.  Decimals are for reading only; every value
stays exact in the result itself.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter

from symml.core.events import event_outcomes

__all__ = [
    "TextPrinter",
    "plain",
    "event_text",
    "with_decimals",
    "counted",
    "chain_bounds",
    "number_line_key",
]

#: Names that read as notation (the text side of the LaTeX printer's SYMBOL_NOTATION);
#: besides these, ``nabla_<name>`` reads "grad <name>" and ``nabla2_<name>`` "hess <name>".
NAMES = {
    "batch_gradient": "sum_(i in B_t) grad l_i",
    "min_f": "min f",
    "max_f": "max f",
    "dT_nabla_f": "d^T grad f",
    "n_pos": "n_+",
    "n_neg": "n_-",
    "r_next": "r'",
    "vT_nabla2_J_v": "v^T (hess J) v",
    "gradient_matrix_form": "(1/N) X_hat^T (f - c)",
    "hessian_matrix_form": "(1/N) X_hat^T D X_hat",
    # reasons-losses: names in the losses' reasons
    "thetaT_x": "theta^T x",
    "thetaT_x_i": "theta^T x_i",
    "weighted_margins": "sum_i lambda_i (2c_i - 1) x_hat_i",
    "XT_X": "X_tilde^T X_tilde",
    "nearest_centre_indicator": "[k = argmin_j ||x_i - mu_j||^2]",
    "argmin_f": "argmin f",
    "cluster_mean_k": "(sum_i r_ik x_i)/n_k",
    "vT_H_v": "v^T H v",
    # checkprint: the notes checker's reasons (symml/check)
    "sum_g": "sum_i g_i",
}

#: Name endings that read as marks: ``X_prime`` is X' (a second variable named X).
ENDINGS = {"_prime": "'", "_vec": ""}


def name_text(name: str) -> str | None:
    """How a notation name reads in plain text, or ``None`` for an ordinary name."""
    for prefix, word in (("nabla2_", "hess "), ("nabla_", "grad ")):
        if name.startswith(prefix) and len(name) > len(prefix):
            return word + name[len(prefix) :]
    for ending, mark in ENDINGS.items():
        if name.endswith(ending) and len(name) > len(ending):
            base = name[: -len(ending)]
            return (name_text(base) or base) + mark  # X_prime_prime is X''
    return NAMES.get(name)

#: Significant digits of the decimal shown beside an irrational number.
DIGITS = 4


class TextPrinter(StrPrinter):
    """SymPy's string printer with conditions and sets as a reader writes them."""

    def _print_ellipsis(self, expr: Any) -> str:
        return "..."

    def _print_Equality(self, expr: Any) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Unequality(self, expr: Any) -> str:
        return f"{self._print(expr.lhs)} != {self._print(expr.rhs)}"

    def _print_Or(self, expr: Any) -> str:
        return " or ".join(self._print(a) for a in sorted(expr.args, key=number_line_key))

    def _print_And(self, expr: Any) -> str:
        rest, parts = list(expr.args), []
        while (chain := chain_bounds(rest)) is not None:  # 0 <= beta < 1 and 0 < eta < 2
            lo, lo_strict, p, hi_strict, hi, replaced = chain
            signs = ["<" if strict else "<=" for strict in (lo_strict, hi_strict)]
            parts.append(f"{self._print(lo)} {signs[0]} {self._print(p)} {signs[1]} {self._print(hi)}")
            rest = [a for a in rest if a not in replaced]
        parts += [self._parenthesised(a) for a in sorted(rest, key=number_line_key)]
        return " and ".join(parts)

    def _print_Relational(self, expr: Any) -> str:
        # a reader writes the parameter first: a > 1, not 1 < a
        if expr.lhs.is_number and not expr.rhs.is_number and expr.rel_op in ("<", "<=", ">", ">="):
            expr = expr.reversed
        return super()._print_Relational(expr)

    def _print_Reals(self, expr: Any) -> str:
        return "R"

    def _print_Interval(self, expr: Any) -> str:
        left = "(" if expr.left_open else "["
        right = ")" if expr.right_open else "]"
        return f"{left}{self._print(expr.start)}, {self._print(expr.end)}{right}"

    def _print_Derivative(self, expr: Any) -> str:
        # d^2/dx^2 (x*log(x)): the operator, then its argument
        body = self._print(expr.expr)
        for variable, order in reversed(expr.variable_count):
            power = "" if order == 1 else f"^{order}"
            body = f"d{power}/d{self._print(variable)}{power} ({body})"
        return body

    def _print_ProductSet(self, expr: Any) -> str:
        return " × ".join(self._print(s) for s in expr.sets)

    def _print_Symbol(self, expr: Any) -> str:
        return name_text(expr.name) or super()._print_Symbol(expr)

    def _print_MatrixSymbol(self, expr: Any) -> str:
        return name_text(expr.name) or super()._print_MatrixSymbol(expr)

    def _print_Function(self, expr: Any) -> str:
        if getattr(expr.func, "sequence", False) and len(expr.args) == 1:  # x_t, x_(t + 1)
            index = self._print(expr.args[0])
            return f"{expr.func.__name__}_{index if expr.args[0].is_Atom else f'({index})'}"
        if name_text(expr.func.__name__):
            return f"{name_text(expr.func.__name__)}({', '.join(map(self._print, expr.args))})"
        return super()._print_Function(expr)

    # Probabilities and events (symml.core.events): P(X = 6 | Y >= 2), P({1, 2} and A)
    def _print_ProbabilityOf(self, expr: Any) -> str:
        given = f" | {self._print_event(expr.args[1])}" if len(expr.args) == 2 else ""
        return f"P({self._print_event(expr.args[0])}{given})"

    def _print_event(self, label: Any) -> str:
        if label is sp.true or label is sp.false:
            return "Omega" if label is sp.true else "empty set"
        outcomes = event_outcomes(label)
        if outcomes is not None:
            items = sorted(outcomes.args, key=sp.default_sort_key)
            shown = [self._print(o) for o in items[:8]] + (["..."] if len(items) > 8 else [])
            return "{" + ", ".join(shown) + "}"
        if isinstance(label, (sp.And, sp.Or)):
            word = " and " if isinstance(label, sp.And) else " or "
            parts = [self._print_event(a) for a in label.args]
            bracketed = [f"({t})" if isinstance(a, (sp.And, sp.Or)) else t for a, t in zip(label.args, parts)]
            return word.join(bracketed)
        if isinstance(label, sp.Not):
            inner = self._print_event(label.args[0])
            return f"not ({inner})" if isinstance(label.args[0], (sp.And, sp.Or)) else f"not {inner}"
        return self._print(label)

    def _print_Indicator(self, expr: Any) -> str:
        return f"1{{{self._print_event(expr.args[0])}}}"

    def _print_Conditioned(self, expr: Any) -> str:
        return f"({self._print(expr.args[0])} | {self._print_event(expr.args[1])})"  # (X | B) = 2

    def _print_Contains(self, expr: Any) -> str:
        return f"{self._print(expr.args[0])} in {self._print(expr.args[1])}"

    def _print_Quotient(self, expr: Any) -> str:
        return f"({self._print(expr.args[0])})/({self._print(expr.args[1])})"

    def _print_Not(self, expr: Any) -> str:
        return f"not ({self._print(expr.args[0])})"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return "always"

    def _print_BooleanFalse(self, expr: Any) -> str:
        return "never"

    def _print_ComplexRootOf(self, expr: Any) -> str:
        return f"root #{expr.index + 1} of {self._print(expr.expr)}"

    def _print_MatrixBase(self, expr: Any) -> str:
        if expr.cols == 1:
            return "(" + ", ".join(self._print(e) for e in expr) + ")"
        return "[" + "; ".join(", ".join(self._print(e) for e in expr.row(i)) for i in range(expr.rows)) + "]"

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_tuple(self, expr: tuple[Any, ...]) -> str:
        if len(expr) == 1:
            return f"({self._print(expr[0])})"
        return "(" + ", ".join(self._print(e) for e in expr) + ")"

    def _print_str(self, expr: str) -> str:
        return expr.replace("$", "")

    def _parenthesised(self, expr: Any) -> str:
        text = self._print(expr)
        return f"({text})" if isinstance(expr, sp.Or) else text


def number_line_key(cond: Any) -> tuple[tuple[str, ...], int, float, str]:
    """Sort key of a condition: by the names it speaks about (``d_1 = 6`` before ``d_2 = 2``),
    then along the number line (``a < 0`` before ``a = 1`` before ``a > 1``)."""
    names = tuple(sorted(s.name for s in getattr(cond, "free_symbols", ()) if isinstance(s, sp.Symbol)))
    relations = [cond] if isinstance(cond, sp.core.relational.Relational) else list(cond.args)
    for rel in relations:
        if not isinstance(rel, sp.core.relational.Relational):
            continue
        number = rel.rhs if rel.rhs.is_number else rel.lhs if rel.lhs.is_number else None
        if number is not None and number.is_comparable:
            # a float only orders the display; the conditions themselves stay exact
            upper_side = rel.rel_op in (">", ">=") if number is rel.rhs else rel.rel_op in ("<", "<=")
            return (names, 0, float(number) + (0.5 if upper_side else 0.0) * 1e-9, str(cond))
    return (names, 1, 0.0, str(cond))


def chain_bounds(args: list[Any]) -> tuple[Any, bool, Any, bool, Any, tuple[Any, Any]] | None:
    """A lower and an upper bound on one symbol among the relations ``args``, to print as
    the chain ``lower < symbol <= upper``: ``(lower, strict, symbol, strict, upper,
    the two relations it replaces)``, or ``None`` when there is no such pair."""
    lower: dict[Any, tuple[Any, bool, Any]] = {}
    upper: dict[Any, tuple[Any, bool, Any]] = {}
    for rel in args:
        if not isinstance(rel, sp.core.relational.Relational) or rel.rel_op not in ("<", "<=", ">", ">="):
            continue
        oriented = rel if rel.lhs.is_Symbol else rel.reversed
        if not oriented.lhs.is_Symbol or oriented.lhs in oriented.rhs.free_symbols:
            continue
        strict = oriented.rel_op in ("<", ">")
        side = lower if oriented.rel_op in (">", ">=") else upper
        side.setdefault(oriented.lhs, (oriented.rhs, strict, rel))
    for p, (lo, lo_strict, lo_rel) in lower.items():
        if p in upper:
            hi, hi_strict, hi_rel = upper[p]
            return lo, lo_strict, p, hi_strict, hi, (lo_rel, hi_rel)
    return None


def plain(obj: Any) -> str:
    """``obj`` as plain text in the notes' conventions (see :class:`TextPrinter`)."""
    return TextPrinter().doprint(obj)


def event_text(label: Any) -> str:
    """An event label as plain words: ``X = 6``, ``A and not B``, ``{1, 2}``."""
    return TextPrinter()._print_event(label)


def counted(n: int, noun: str) -> str:
    """``1 feature``, ``3 features``: a count and its noun, in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def with_decimals(value: Any) -> str:
    """An exact value as text, with a decimal beside it when it is an irrational number
    (``-sqrt(2)/2 ≈ -0.7071``); points and vectors get one decimal per coordinate."""
    if isinstance(value, (tuple, list)) or (isinstance(value, sp.MatrixBase) and 1 in value.shape):
        if len(value) == 1 and isinstance(value, sp.MatrixBase):  # a 1 x 1 matrix is a number
            return with_decimals(value[0])
        return "(" + ", ".join(with_decimals(v) for v in value) + ")"
    text = plain(value)
    if (
        isinstance(value, sp.Expr)
        and value.is_number
        and not value.is_Rational
        and value.is_real is not False
    ):
        try:
            decimal = sp.N(value, DIGITS)
        except (TypeError, ValueError):  # pragma: no cover - a number SymPy cannot evaluate
            return text
        if decimal.is_Float:
            return f"≈ {decimal}" if value.has(sp.CRootOf) else f"{text} ≈ {decimal}"
    return text
