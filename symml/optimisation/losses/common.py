"""Shared helpers of the chapter-2 losses: exact data conversion, fresh parameter names, proofs.

Private to :mod:`symml.optimisation.losses`.  Data are converted once, up front, so that a
bad input raises before anything is built; every identity a derivation states is checked
here exactly before it becomes a :class:`~symml.core.results.Step`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from symml.core.errors import ExactnessWarning, InvalidValueError, ShapeError, SymmlError
from symml.core.exact.numbers import to_rational
from symml.core.exact.rational import rational_function_is_zero
from symml.core.identity import check_identity
from symml.core.parsing import as_expr, as_sympy
from symml.core.results import Step

__all__ = [
    "data_matrix",
    "data_vector",
    "fresh_symbols",
    "prove_equal",
    "is_numeric",
    "Derivation",
    "DerivationError",
    "qq_matrix",
    "sympy_fields",
    "sympy_matrix",
]


def _exact_entry(value: Any, what: str) -> sp.Expr:
    """One data entry as an exact real SymPy expression (floats made exact and reported)."""
    if isinstance(value, sp.Rational):
        return value  # already exact and real: the common case of large numeric data
    if isinstance(value, bool):
        raise InvalidValueError(f"{what} contains the boolean {value!r}; give numbers or SymPy symbols")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidValueError(f"{what} contains {value!r}; give finite numbers")
        exact = to_rational(value)
        warnings.warn(
            f"{what}: the float {value!r} was converted to the exact Rational {exact}",
            ExactnessWarning,
            stacklevel=5,
        )
        return exact
    if isinstance(value, str):
        return _exact_entry(as_expr(value), what)
    if isinstance(value, (int, Fraction)):
        return sp.Rational(value)
    if isinstance(value, sp.Float):
        exact = to_rational(value)
        warnings.warn(
            f"{what}: the float {value} was converted to the exact Rational {exact}",
            ExactnessWarning,
            stacklevel=5,
        )
        return exact
    if not isinstance(value, sp.Expr):
        raise SymmlError(
            f"{what} contains {value!r} of type {type(value).__name__}; give numbers or SymPy expressions"
        )
    if value.has(sp.Float):
        exact = value.xreplace({f: to_rational(f) for f in value.atoms(sp.Float)})
        warnings.warn(
            f"{what}: floats in {value} were converted to exact Rationals: {exact}",
            ExactnessWarning,
            stacklevel=5,
        )
        value = exact
    if value.is_real is False or value.has(sp.I, sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise InvalidValueError(f"{what} contains {value}, which is not a finite real number; give real data")
    return value


def data_matrix(X: Any, what: str = "X") -> sp.ImmutableMatrix:
    """Data as an exact N x M matrix: a SymPy matrix, nested lists, or a flat list (one feature).

    Raises
    ------
    ShapeError
        When the data are empty or rows have different lengths.
    """
    if isinstance(X, sp.MatrixBase):
        rows = [list(X.row(i)) for i in range(X.rows)]
        if X.rows == 0 or X.cols == 0:
            raise ShapeError(f"{what} is empty ({X.rows}x{X.cols}); give at least one data point")
    elif isinstance(X, (list, tuple)):
        if len(X) == 0:
            raise ShapeError(f"{what} is empty; give at least one data point")
        if all(not isinstance(r, (list, tuple, sp.MatrixBase)) for r in X):
            rows = [[r] for r in X]  # a flat list: N points with one feature each
        elif all(isinstance(r, (list, tuple, sp.MatrixBase)) for r in X):
            rows = [list(r) for r in X]
        else:
            raise ShapeError(f"{what} mixes numbers and rows; give a list of rows, e.g. [[1, 2], [3, 4]]")
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            raise ShapeError(
                f"the rows of {what} have different lengths {sorted(widths)}; every row needs M entries"
            )
        if widths == {0}:
            raise ShapeError(f"the rows of {what} are empty; give at least one feature")
    else:
        raise ShapeError(f"{what} must be a SymPy Matrix or a list of rows (N x M); got {type(X).__name__}")
    entries = [[_exact_entry(v, what) for v in r] for r in rows]
    return sp.ImmutableMatrix(entries)


def data_vector(y: Any, n: int, what: str = "y") -> sp.ImmutableMatrix:
    """Targets as an exact N x 1 column; a row or column matrix or a flat list of length ``n``."""
    if isinstance(y, sp.MatrixBase):
        if 1 not in y.shape:
            raise ShapeError(f"{what} must be a vector, got a {y.rows}x{y.cols} matrix")
        values = list(y)
    elif isinstance(y, (list, tuple)):
        values = list(y)
        if any(isinstance(v, (list, tuple)) for v in values):
            if all(isinstance(v, (list, tuple)) and len(v) == 1 for v in values):
                values = [v[0] for v in values]
            else:
                raise ShapeError(f"{what} must be a flat list of N values, e.g. [1, 2, 3]")
    else:
        raise ShapeError(f"{what} must be a list or a SymPy vector of {n} values; got {type(y).__name__}")
    if len(values) != n:
        raise ShapeError(
            f"X has {n} rows (data points) but {what} has {len(values)} entries; give one per row"
        )
    return sp.ImmutableMatrix([_exact_entry(v, what) for v in values])


def is_numeric(M: sp.MatrixBase) -> bool:
    """Whether every entry is a rational number (no symbols)."""
    return all(e.is_Rational for e in M)


def fresh_symbols(names: Sequence[str], avoid: Iterable[sp.Basic]) -> tuple[sp.Symbol, ...]:
    """Real symbols with the given names, primed until none clashes with a name in ``avoid``."""
    taken = {s.name for s in avoid if isinstance(s, sp.Symbol)}
    out = []
    for name in names:
        candidate = name
        while candidate in taken:
            candidate += "'"
        taken.add(candidate)
        out.append(sp.Symbol(candidate, real=True))
    return tuple(out)


class DerivationError(AssertionError):
    """Internal: an identity that a derivation states did not check out (a bug, never bad input).

    Deliberately not a :class:`SymmlError`: the command line reports it as an internal error.
    """


def _fast_zero(diff: sp.Expr) -> bool:
    """True when ``diff`` is zero by exact polynomial or rational arithmetic (exp's as symbols)."""
    if diff == 0:
        return True
    if diff.is_polynomial(*diff.free_symbols):
        return sp.Poly(diff, *sorted(diff.free_symbols, key=sp.default_sort_key)).is_zero
    indeterminates = {e: sp.Dummy("E", positive=True) for e in diff.atoms(sp.exp)}
    generic = diff.xreplace(indeterminates)
    if generic.has(sp.log):
        return False
    separable = _separable_zero(generic, set(indeterminates.values()))
    if separable is not None:
        return separable
    decided = rational_function_is_zero(generic)
    return decided if decided is not None else sp.cancel(sp.together(generic)) == 0


def _separable_zero(generic: sp.Expr, indeterminates: set[sp.Dummy]) -> bool | None:
    """Decide ``generic == 0`` for a sum whose terms each involve at most one indeterminate Eᵢ.

    Such a sum is Σᵢ gᵢ(Eᵢ) + r with independent Eᵢ: it vanishes identically exactly when
    every gᵢ is free of Eᵢ (after cancelling) and the remainders add up to 0.  The terms of
    the losses' identities (one per data point) are of this kind, so this replaces one
    common denominator of N factors (exponential in N) by N small ones.  ``None`` when the
    sum is not of this kind (or too small to need it).
    """
    if not generic.is_Add or len(indeterminates) < 3:
        return None
    groups: dict[sp.Dummy | None, list[sp.Expr]] = {}
    for term in generic.args:
        present = term.free_symbols & indeterminates
        if len(present) > 1:
            return None
        groups.setdefault(next(iter(present)) if present else None, []).append(term)
    remainder = list(groups.pop(None, []))
    for E, terms in groups.items():
        reduced = sp.cancel(sp.together(sp.Add(*terms)))
        if reduced.has(E):
            return False
        remainder.append(reduced)
    total = sp.Add(*remainder)
    return total == 0 or sp.cancel(sp.together(total)) == 0


def _difference_is_zero(diff: sp.Expr) -> bool:
    """Whether ``diff`` is identically zero, by exact rational-function arithmetic first.

    Each ``exp(…)`` is replaced by a fresh symbol before cancelling: an identity that holds
    for an independent indeterminate holds for every value of it, so this is sound, and it
    turns the logistic identities into rational-function identities (fast to decide).
    """
    if _fast_zero(diff):
        return True
    if diff.is_polynomial(*diff.free_symbols):
        return False  # _fast_zero decided it exactly: a non-zero polynomial
    simplifiers = (sp.expand, lambda e: sp.cancel(sp.together(e)), lambda e: sp.simplify(sp.expand_log(e)))
    return any(simplifier(diff) == 0 for simplifier in simplifiers)


def prove_equal(lhs: Any, rhs: Any, reason: str, display: Any = None, *, rule: str) -> Step:
    """A :class:`Step` stating ``lhs = rhs`` by ``rule``, after checking the identity exactly.

    Matrices are compared entry by entry.  The check uses
    :func:`symml.core.identity.check_identity` when available, else exact expansion /
    cancellation (a decision procedure for the polynomial and rational identities used
    here).  An identity that does not check out is a bug in symml, never printed.
    """
    lhs_s, rhs_s = as_sympy(lhs), as_sympy(rhs)
    if isinstance(lhs_s, sp.MatrixBase) or isinstance(rhs_s, sp.MatrixBase):
        a, b = sp.Matrix(lhs_s), sp.Matrix(rhs_s)
        if a.shape != b.shape:
            raise DerivationError(f"shapes differ in a stated identity: {a.shape} vs {b.shape}")
        pairs = list(zip(a, b))
    else:
        pairs = [(lhs_s, rhs_s)]
    substeps = []
    for u, v in pairs:
        # The exact polynomial / rational decision first: it settles every identity the
        # losses state in milliseconds, where the general checker may simplify for minutes.
        ok = True if _fast_zero(as_sympy(u) - as_sympy(v)) else _check_with_core(u, v)
        if ok is None:
            ok = _difference_is_zero(as_sympy(u) - as_sympy(v))
        if not ok:
            raise DerivationError(f"internal: the identity {u} = {v} ({reason}) did not check out")
    statement = display if display is not None else sp.Eq(lhs_s, rhs_s, evaluate=False)
    return Step(statement, reason, tuple(substeps), rule=rule)


def _check_with_core(u: Any, v: Any) -> bool | None:
    """Ask the core identity checker; ``None`` when it leaves the identity undecided."""
    result = check_identity(u, v)
    verdict = getattr(result, "verdict", None)
    if verdict is not None and verdict.value == "proven":
        return True
    if verdict is not None and verdict.value == "refuted":
        return False
    return None


class Derivation:
    """An ordered list of proof steps that a loss builds up; the steps are the result's ``.steps``."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, step: Step) -> Step:
        self.steps.append(step)
        return step

    def equal(self, lhs: Any, rhs: Any, reason: str, display: Any = None, *, rule: str) -> Step:
        return self.add(prove_equal(lhs, rhs, reason, display, rule=rule))

    def fact(self, statement: Any, reason: str, *, rule: str) -> Step:
        if statement is sp.false:  # an Eq that evaluated to False: a bug, never printed
            raise DerivationError(f"internal: the stated fact ({reason}) evaluated to False")
        return self.add(Step(statement, reason, rule=rule))


def sympy_fields(instance: Any, matrices: Sequence[str] = (), scalars: Sequence[str] = ()) -> None:
    """Make the named fields of a frozen result SymPy objects through the safe converter.

    The results compute their lazy parts from their fields, so a field given as a string
    (or a list of strings) must never reach ``sympify``: it is parsed safely once, here.
    Fields that already hold SymPy objects are kept as they are (no cost on large data).
    """
    for name in matrices:
        value = getattr(instance, name)
        if not isinstance(value, sp.ImmutableMatrix):
            object.__setattr__(instance, name, sp.ImmutableMatrix(as_sympy(value, what=name)))
    for name in scalars:
        value = getattr(instance, name)
        if not isinstance(value, sp.Basic):
            object.__setattr__(instance, name, as_sympy(value, what=name))


def qq_matrix(M: sp.MatrixBase) -> DomainMatrix:
    """A matrix of SymPy rationals as a dense DomainMatrix over QQ (python-flint's fmpq_mat when present).

    The exact data path of the losses: products, ranks and solves on numeric data run here,
    never on SymPy expression trees.
    """
    return DomainMatrix.from_Matrix(M).convert_to(QQ).to_dense()


def sympy_matrix(D: DomainMatrix) -> sp.ImmutableMatrix:
    """A DomainMatrix over QQ back as a SymPy ImmutableMatrix of Rationals."""
    return sp.ImmutableMatrix(D.to_Matrix())
