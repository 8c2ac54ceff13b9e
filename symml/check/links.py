"""Checking one link ``A = B`` or ``A \\leq B`` of a chain with symml's engines.

Two models of the notes' objects:

- the *opaque* model proves: every indexed name (``x_i``), inner product (``a^T x``),
  norm, value of an unknown function (``f(a)``, ``f'(a)``, ``∇f(x_t)``) and sum with a
  symbolic range is an independent real unknown (the summands of sums over the same range
  are compared under one index).  An identity that holds for all values of the unknowns
  holds for the notes' objects, so ``proven`` here is sound;
- the *concrete* model refutes: vectors of dimension 1 (``a^T x = a x``), sums of one
  term (``N = 1``), an unknown function replaced by ``exp`` (smooth, positive, increasing,
  strictly convex) when the surrounding text allows it, and every symbol restricted to
  where the notes mean it (step sizes positive, weights in (0, 1), labels in {0, 1}).
  A witness there is a point of the statement's own domain, so ``refuted`` is sound.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symml.check.errata import notes_name
from symml.check.reader import INNER, NORM, BigO, Bilinear, LittleO, MatrixInverse
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED
from symml.core.errors import SymmlError
from symml.core.events import ProbabilityOf
from symml.core.results import Sentence, Step, Witness

__all__ = [
    "Context", "Outcome", "check_link", "fails_at", "one_dimensional", "opaque", "concrete",
    "INSTANCE", "SHIFTED",
]  # fmt: skip

_U = sp.Symbol("u", real=True)
#: The function an unknown f becomes in the concrete model: smooth, positive, increasing, strictly convex.
INSTANCE = sp.Lambda(_U, sp.exp(_U))
#: The second instance, where the notes say nothing of f's sign: exp shifted down by 3 (smooth,
#: increasing, strictly convex, negative for u < log 3).
SHIFTED = sp.Lambda(_U, sp.exp(_U) - 3)

_OPEN_UNIT = ("t", "lambda", "beta", "beta_m", "beta_s", "rho_t")
_POSITIVE = ("eta", "epsilon", "varepsilon", "rho", "N", "B", "K", "M", "s", "sigma")


@dataclass
class Context:
    """What the surrounding notes say: finite ranges of data, whether f may be instantiated."""

    finite: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    instances: tuple[Any, ...] = ()
    parameters: frozenset[str] = frozenset()

    @property
    def instance_ok(self) -> bool:
        """Whether an unknown f may be replaced by a concrete function (the first of ``instances``)."""
        return bool(self.instances)


@dataclass(frozen=True)
class Outcome:
    """The verdict on one link, with the reason, the witness or the proof steps."""

    verdict: str
    reason: str
    witness: Witness | None = None
    steps: tuple[Step, ...] = ()


def _base_name(s: sp.Symbol) -> str:
    return s.name.split("[", 1)[0].split("_", 1)[0] if "[" in s.name else s.name.split("_", 1)[0]


def opaque(expr: Any) -> Any:
    """The expression with every unknown object (see the module) an independent real symbol."""
    expr = sp.Integer(expr) if isinstance(expr, int) else expr
    atoms = {}
    for a in sorted(expr.atoms(sp.Sum, sp.Integral, sp.Derivative, sp.Subs), key=sp.default_sort_key):
        atoms[a] = sp.Symbol(f"<{a}>", real=True)
    expr = expr.xreplace(atoms)
    unknown = [a for a in expr.atoms(AppliedUndef, INNER, NORM, Bilinear) if not isinstance(a, ProbabilityOf)]
    unknown += list(expr.atoms(sp.Indexed))
    return expr.xreplace({a: sp.Symbol(str(a), real=True) for a in unknown})


def loose_indices(*exprs: Any) -> dict[sp.Symbol, sp.Symbol]:
    """Plain names used inside a sum over i where the indexed name is also used (``x`` beside ``x_i``).

    The concrete model identifies ``x`` with ``x_1``, so that a witness refutes the formula
    both as written and with ``x`` read as ``x_i``.
    """
    indexed = {str(a.base) for e in exprs for a in _atoms_of(e, sp.Indexed)}
    out = {}
    for e in exprs:
        for s in _atoms_of(e, sp.Sum):
            body = s.function.xreplace({a: sp.Dummy() for a in s.function.atoms(sp.Indexed)})
            for name in body.free_symbols:
                if isinstance(name, sp.Symbol) and name.name in indexed and not name.is_integer:
                    out[name] = sp.Symbol(f"{name.name}[1]", real=True)
    return out


def _atoms_of(e: Any, kind: Any) -> set[Any]:
    return set().union(*(x.atoms(kind) for x in e)) if isinstance(e, sp.MatrixBase) else e.atoms(kind)


def _short_sums(expr: Any, terms: int) -> Any | None:
    """Sums ``i = 1..N`` with ``N`` a symbol, taken with ``terms`` terms (N = 1 or 2)."""
    uppers = {}
    for s in expr.atoms(sp.Sum):
        for _, lo, hi in s.limits:
            if not (isinstance(hi, sp.Symbol) and lo.is_Integer):
                return None
            uppers[hi] = lo + terms - 1
    return expr.xreplace(uppers).doit() if uppers else expr


def concrete(
    expr: Any, instance: Any, loose: dict[sp.Symbol, sp.Symbol] | None = None, terms: int = 1
) -> Any | None:
    """The expression in the concrete model with ``instance`` (a Lambda, or None) for an unknown f,
    or ``None`` when it has no such reading."""
    expr = _short_sums(expr, terms)
    if expr is None:
        return None
    expr = expr.xreplace({e: e.args[0] * e.args[1] for e in expr.atoms(INNER)})
    expr = one_dimensional(expr)
    expr = expr.xreplace({e: sp.Abs(e.args[0]) for e in expr.atoms(NORM)})
    undefined = [a for a in expr.atoms(AppliedUndef) if not isinstance(a, ProbabilityOf)]
    if undefined:
        if instance is None or any(len(a.args) != 1 for a in undefined):
            return None
        expr = expr.replace(
            lambda e: isinstance(e, AppliedUndef) and not isinstance(e, ProbabilityOf),
            lambda e: instance(e.args[0]),
        ).doit()
    if expr.atoms(sp.Sum, sp.Integral, sp.Subs):
        return None
    expr = expr.xreplace({a: sp.Symbol(str(a), real=True) for a in expr.atoms(sp.Indexed)})
    return expr.xreplace(loose or {})


def one_dimensional(expr: Any) -> Any:
    """Dimension 1: a^T M b is a M b, a matrix (``H_t``, ``X^T``) is a number, its transpose itself."""
    expr = expr.xreplace({e: e.args[0] * e.args[1] * e.args[2] for e in expr.atoms(Bilinear)})
    expr = expr.replace(lambda e: isinstance(e, MatrixInverse), lambda e: 1 / e.args[0])
    nc = [s for s in expr.atoms(sp.Symbol) if not s.is_commutative]
    return expr.xreplace({s: sp.Symbol(s.name.removesuffix("^T"), real=True) for s in nc})


def refutation_domain(symbols: Sequence[sp.Symbol], ctx: Context) -> list[Any]:
    """Where the notes mean each symbol: a smaller domain only makes witnesses safer."""
    conditions = []
    for s in symbols:
        base = _base_name(s)
        plain = sp.Symbol(s.name, real=True)
        if base in _OPEN_UNIT or s.name in _OPEN_UNIT:
            conditions += [plain > 0, plain < 1]
        elif base in _POSITIVE or s.name[:1].isupper():  # sizes, and matrices (positive definite)
            conditions.append(plain > 0)
        elif s.name == "a":
            conditions.append(plain <= 0)
        elif s.name == "b":
            conditions.append(plain >= 1)
    return conditions


def _finite_choices(symbols: Sequence[sp.Symbol], ctx: Context) -> list[dict[sp.Symbol, Any]]:
    discrete = [(s, ctx.finite[_base_name(s)]) for s in symbols if _base_name(s) in ctx.finite]
    if not discrete:
        return [{}]
    return [
        dict(zip([s for s, _ in discrete], combo)) for combo in itertools.product(*(v for _, v in discrete))
    ]


def _engine(lhs: Any, rel: str, rhs: Any, assumptions: list[Any]) -> Any:
    from symml.core.exact.signs import prove_sign
    from symml.core.identity import check_identity

    if rel == "=":
        return check_identity(lhs, rhs, assumptions=assumptions)
    target = {"<=": ">=", "<": ">", ">=": ">=", ">": ">"}[rel]
    difference = rhs - lhs if rel in ("<=", "<") else lhs - rhs
    return prove_sign(difference, target, assumptions=assumptions)


def _entries(value: Any) -> list[Any]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def merged_sums(expr: Any) -> list[Any]:
    """``expr`` as parts that must all vanish: the summands of sums over one range, combined, and the rest."""
    groups: dict[Any, Any] = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(expr):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if len(sums) != 1 or len(sums[0].limits) != 1:
            rest += term
            continue
        (index, lo, hi) = sums[0].limits[0]
        coefficient = term / sums[0]
        if index in coefficient.free_symbols:
            rest += term
            continue
        groups[(lo, hi)] = groups.get((lo, hi), 0) + coefficient * sums[0].function.xreplace(
            {index: sp.Symbol("i", integer=True)}
        )
    return [rest, *groups.values()]


def _prove_by_summands(lhs: Any, rhs: Any) -> Outcome | None:
    from symml.core.identity import check_identity

    if isinstance(lhs, sp.MatrixBase) or not (lhs - rhs).atoms(sp.Sum):
        return None
    steps: list[Step] = []
    for part in merged_sums(lhs - rhs):
        try:
            result = check_identity(opaque(part), 0)
        except SymmlError:
            return None
        if result.verdict.value != PROVEN:
            return None
        steps += result.steps
    reason = "the summands agree for every index (sums over the same range compared term by term)"
    return Outcome(PROVEN, reason, steps=tuple(steps))


def _prove(lhs: Any, rel: str, rhs: Any) -> Outcome | None:
    if any(not s.is_commutative for s in sp.Tuple(*_entries(lhs), *_entries(rhs)).atoms(sp.Symbol)):
        return None  # matrices: only refuted (in dimension 1), or proven by their own checks
    if isinstance(lhs, sp.MatrixBase) != isinstance(rhs, sp.MatrixBase):
        return Outcome(NOT_CHECKED, "a matrix compared with a scalar")
    if isinstance(lhs, sp.MatrixBase) and lhs.shape != rhs.shape:
        return Outcome(NOT_CHECKED, f"matrices of shapes {lhs.shape} and {rhs.shape}")
    steps: list[Step] = []
    for left, right in zip(_entries(lhs), _entries(rhs)):
        try:
            result = _engine(opaque(left), rel, opaque(right), [])
        except SymmlError:
            return None
        if result.verdict.value != PROVEN:
            return None
        steps += result.steps
    return Outcome(PROVEN, _proof_reason(lhs, rhs), steps=tuple(steps))


def _proof_reason(lhs: Any, rhs: Any) -> str:
    unknowns = list(
        sp.Tuple(*_entries(lhs), *_entries(rhs)).atoms(AppliedUndef, INNER, NORM, sp.Indexed, sp.Sum)
    )
    if unknowns:
        return "holds for every value of the data, inner products and unknown function values"
    return "identity"


def _refute(lhs: Any, rel: str, rhs: Any, ctx: Context) -> Outcome | None:
    for instance in ctx.instances or (None,):
        found = _refute_with(lhs, rel, rhs, ctx, instance)
        if found is not None or not _instantiated(lhs, rhs, ctx):
            return found
    return None


def _refute_with(lhs: Any, rel: str, rhs: Any, ctx: Context, instance: Any) -> Outcome | None:
    loose = loose_indices(lhs, rhs)
    has_sums = bool(_atoms_of(lhs, sp.Sum) or _atoms_of(rhs, sp.Sum))
    for terms in (1, 2) if has_sums and not loose else (1,):
        for k, (left, right) in enumerate(zip(_entries(lhs), _entries(rhs))):
            left_c = concrete(left, instance, loose, terms)
            right_c = concrete(right, instance, loose, terms)
            if left_c is None or right_c is None:
                return None
            found = _refute_entry(left_c, rel, right_c, ctx)
            if found is None:
                continue
            values, result = found
            if _instantiated(left, right, ctx):
                values["f(u)"] = instance.expr
            values |= {str(plain): values.get(str(one), 0) for plain, one in loose.items()}
            reason = _refutation_reason(lhs, rhs, ctx, k, terms, instance)
            if loose:
                names = ", ".join(f"{p} = {notes_name(str(one))}" for p, one in loose.items())
                reason = Sentence.of(
                    reason, f"(with {names}: also false reading {', '.join(map(str, loose))} as indexed)"
                )
            return Outcome(REFUTED, reason, witness=_witness(values, result))
    return None


def _refute_entry(left: Any, rel: str, right: Any, ctx: Context) -> tuple[dict[str, Any], Any] | None:
    symbols = sorted((left - right).free_symbols | left.free_symbols | right.free_symbols, key=str)
    for choice in _finite_choices(symbols, ctx):
        rest = [s for s in symbols if s not in choice]
        try:
            result = _engine(left.xreplace(choice), rel, right.xreplace(choice), refutation_domain(rest, ctx))
        except SymmlError:
            continue
        if result.verdict.value == REFUTED:
            return {str(s): v for s, v in choice.items()} | dict(result.witness.values), result
    return None


def _instantiated(left: Any, right: Any, ctx: Context) -> bool:
    both = sp.Tuple(*_entries(left), *_entries(right))
    return ctx.instance_ok and any(not isinstance(a, ProbabilityOf) for a in both.atoms(AppliedUndef))


def _witness(values: dict[str, Any], result: Any) -> Witness:
    return Witness(values, shows=result.witness.shows, description=result.witness.description)


def _refutation_reason(
    lhs: Any, rhs: Any, ctx: Context, entry: int, terms: int = 1, instance: Any = INSTANCE
) -> Sentence:
    both = sp.Tuple(*_entries(lhs), *_entries(rhs))
    notes: list[Any] = []
    if both.atoms(sp.Sum):
        notes.append("one data point (N = 1)" if terms == 1 else "two data points (N = 2)")
    if both.atoms(INNER):
        notes.append("vectors of dimension 1")
    if any(not isinstance(a, ProbabilityOf) for a in both.atoms(AppliedUndef)):
        notes.append(sp.Eq(sp.Function("f")(_U), instance.expr, evaluate=False))
    where = f" (entry {entry + 1})" if isinstance(lhs, sp.MatrixBase) else ""
    parts: list[Any] = ["false" + where]
    for k, note in enumerate(notes):
        parts += ["with" if k == 0 else ",", note]
    return Sentence(*parts, "at the witness")


def fails_at(lhs: Any, rel: str, rhs: Any, witness: Witness) -> bool:
    """Whether the link is false at ``witness`` (its values and its ``f(u)``), decided exactly."""
    values = dict(witness.values)
    instance = sp.Lambda(_U, values.pop("f(u)")) if "f(u)" in values else None
    loose = loose_indices(lhs, rhs)
    left, right = concrete(lhs, instance, loose), concrete(rhs, instance, loose)
    if left is None or right is None or isinstance(left, sp.MatrixBase):
        return False
    point = {s: values[str(s)] for s in sp.Tuple(left, right).free_symbols if str(s) in values}
    left, right = left.xreplace(point), right.xreplace(point)
    if sp.Tuple(left, right).free_symbols:
        return False
    try:
        return _engine(left, rel, right, []).verdict.value == REFUTED
    except SymmlError:
        return False


def check_link(lhs: Any, rel: str, rhs: Any, ctx: Context) -> Outcome:
    """Prove the link in the opaque model, else refute it in the concrete one, else say why not.

    Outcomes are remembered (a notes file checked again after an edit re-checks only what changed).
    """
    key = (lhs, rel, rhs, tuple(sorted(ctx.finite.items())), ctx.instances)
    try:
        return _remembered(key, ctx)
    except TypeError:  # something unhashable: check without remembering
        return _check_link(lhs, rel, rhs, ctx)


@functools.lru_cache(maxsize=4096)
def _remembered_outcome(key: tuple[Any, ...]) -> Outcome:
    lhs, rel, rhs, finite, instances = key
    return _check_link(lhs, rel, rhs, Context(dict(finite), instances))


def _remembered(key: tuple[Any, ...], ctx: Context) -> Outcome:
    hash(key)
    return _remembered_outcome(key)


def _check_link(lhs: Any, rel: str, rhs: Any, ctx: Context) -> Outcome:
    if rel == "~":
        return Outcome(NOT_CHECKED, "an approximation (simeq) is not checked")
    if rel == "!=":
        return Outcome(NOT_CHECKED, "an inequation (neq) is not checked")
    if sp.Tuple(*_entries(lhs), *_entries(rhs)).atoms(BigO, LittleO):
        return Outcome(NOT_CHECKED, "a remainder term outside an expansion f(x + h) = … + O(…)")
    proven = _prove(lhs, rel, rhs) or (_prove_by_summands(lhs, rhs) if rel == "=" else None)
    if proven is not None:
        return proven
    refuted = _refute(lhs, rel, rhs, ctx)
    if refuted is not None:
        return refuted
    both = sp.Tuple(*_entries(lhs), *_entries(rhs))
    if any(not isinstance(a, ProbabilityOf) for a in both.atoms(AppliedUndef)):
        return Outcome(
            NOT_CHECKED, "a claim about an unspecified function: not proven for every f, no counterexample"
        )
    return Outcome(NOT_CHECKED, "undecided: neither proven nor refuted by the identity and sign engines")
