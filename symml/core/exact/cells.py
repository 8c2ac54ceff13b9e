"""Exact signs of real algebraic numbers and sign-invariant cells of parameter space.

Two pieces the definiteness and stationary-point analyses share:

* :class:`RealAlgebraic` — a real root of an irreducible rational polynomial, held as the
  polynomial and a rational isolating interval.  The sign of any rational polynomial at the
  root is decided exactly: it is zero iff the polynomial is divisible by the minimal
  polynomial, and otherwise the interval is bisected (exact rational arithmetic, no floats)
  until an interval enclosure of the value excludes zero.
* :func:`parameter_cells` — the real line of each parameter cut at the real roots of a set
  of *critical* irreducible polynomials: open intervals (with a rational sample) and the
  roots themselves.  A :class:`Cell` answers ``sign(expr)`` for a rational function of the
  parameters only when the answer is provably constant on the cell (every irreducible factor
  of its numerator and denominator is critical or has no real root), and ``None`` otherwise,
  so that callers degrade to ``undecided`` instead of guessing.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.core.exact.numbers import (
    RealAlgebraic,
    compare,
    number_sign,
    rational_between,
    real_roots,
    sort_numbers,
    value_expr,
)
from symml.core.parsing import as_symbols, as_sympy
from symml.core.symbols import own_conditions

__all__ = [
    "Cell",
    "ConstantCell",
    "merge_adjacent_cells",
    "parameter_cells",
    "CellSplitUnavailable",
    "normalise",
    "irreducible_factors",
    "real_zeros",
    "Segment",
    "line_segments",
    "SignPattern",
    "line_sign_pattern",
]


class CellSplitUnavailable(Exception):
    """The critical polynomials couple several parameters; no exact grid of cells exists."""


def normalise(factor: sp.Expr, gens: Sequence[sp.Symbol]) -> sp.Expr:
    """A canonical form of an irreducible factor: primitive, positive leading coefficient."""
    poly = sp.Poly(factor, *gens)
    _, prim = poly.primitive()
    if prim.LC() < 0:
        prim = -prim
    return prim.as_expr()


def irreducible_factors(expr: Any, gens: Sequence[sp.Symbol]) -> list[sp.Expr]:
    """The distinct non-constant irreducible factors (over Q) of a rational function's parts."""
    expr = sp.together(as_sympy(expr))
    out: list[sp.Expr] = []
    for part in sp.fraction(expr):
        part = sp.expand(part)
        if part == 0 or not (part.free_symbols & set(gens)):
            continue
        for fac, _ in sp.factor_list(part, *gens)[1]:
            if fac.free_symbols & set(gens):
                norm = normalise(fac, sorted(fac.free_symbols & set(gens), key=sp.default_sort_key))
                if norm not in out:
                    out.append(norm)
    return out


@functools.lru_cache(maxsize=4096)
def _factor_list(expr: sp.Expr, gens: tuple[sp.Symbol, ...]) -> tuple[Any, list[tuple[sp.Expr, int]]]:
    """``factor_list`` over the rationals, cached: every cell asks about the same expressions."""
    return sp.factor_list(expr, *gens)


@dataclass
class Cell:
    """One cell of parameter space: an open box or a point (per parameter), and its condition.

    ``values`` maps each parameter to a rational sample (``open``) or its exact value
    (``point``: a Rational or a :class:`RealAlgebraic`).
    """

    condition: Any
    kinds: dict[sp.Symbol, str]
    values: dict[sp.Symbol, Any]
    critical: dict[sp.Symbol, set[sp.Expr]] = field(default_factory=dict)

    @property
    def point_substitution(self) -> dict[sp.Symbol, sp.Expr]:
        """Exact values of the parameters fixed by this cell (its ``point`` coordinates)."""
        return {p: value_expr(v) for p, v in self.values.items() if self.kinds[p] == "point"}

    @property
    def sample(self) -> dict[sp.Symbol, sp.Expr]:
        """A point of the cell (exact) — for plotting and for checks, never for proofs."""
        return {p: value_expr(v) for p, v in self.values.items()}

    def sign(self, expr: Any) -> int | None:
        """The sign of a rational function of the parameters on the whole cell, or None.

        ``None`` means the sign is not provably constant on the cell (a factor whose roots
        were not used to cut the cells), or could not be decided.
        """
        expr = sp.together(as_sympy(expr))
        params = list(self.kinds)
        num, den = sp.fraction(expr)
        total = 1
        for is_num, part in ((True, num), (False, den)):
            part = sp.expand(part)
            if part == 0:
                return 0 if is_num else None
            extra = part.free_symbols - set(params)
            if extra:
                return None
            if not part.free_symbols:
                s = number_sign(part)
                if s is None:
                    return None
                total *= s
                continue
            try:
                coeff, factors = _factor_list(part, tuple(params))
            except (sp.PolynomialError, sp.CoercionFailed):
                return None  # not a polynomial over Q in the parameters (exp(p), sqrt(p))
            s = number_sign(coeff)
            if s is None:
                return None
            total *= s
            for fac, mult in factors:
                fs = self._factor_sign(fac)
                if fs is None:
                    return None
                if fs == 0:
                    return 0 if is_num else None  # None: a pole on the cell
                total *= fs**mult
        return total

    def _factor_sign(self, fac: sp.Expr) -> int | None:
        syms = fac.free_symbols
        if not syms:
            return number_sign(fac)
        if len(syms) > 1:
            return None
        (p,) = syms
        if p not in self.kinds:
            return None
        poly = sp.Poly(fac, p, domain="QQ")
        value = self.values[p]
        if self.kinds[p] == "point":
            if isinstance(value, RealAlgebraic):
                return value.sign_of(sp.Poly(poly.as_expr().subs(p, value.poly.gen), value.poly.gen))
            return int(sp.sign(poly.eval(value)))
        # an open cell: the sign is constant only if the factor's roots cut the cells
        norm = normalise(fac, [p])
        if norm not in self.critical.get(p, set()) and poly.count_roots() > 0:
            return None
        return int(sp.sign(poly.eval(value)))


class ConstantCell(Cell):
    """The single 'cell' of a parameter-free problem: signs of exact numbers."""

    def __init__(self) -> None:
        super().__init__(sp.true, {}, {}, {})

    def sign(self, expr: Any) -> int | None:
        expr = as_sympy(expr)
        if expr.free_symbols:
            return None
        s = number_sign(expr)
        if s is None and expr.has(sp.exp, sp.NumberSymbol):
            s = number_sign(sp.factor(expr))
        return s


def _axis_cells(p: sp.Symbol, factors: Sequence[sp.Expr]) -> list[tuple[Any, str, Any]]:
    """(condition, kind, value) for one parameter's line cut at the factors' real roots."""
    roots = real_roots(factors, p)
    if not roots:
        return [(sp.true, "open", sp.Integer(0))]
    cells: list[tuple[Any, str, Any]] = []
    cells.append((p < value_expr(roots[0]), "open", rational_between(-sp.oo, roots[0])))
    for i, r in enumerate(roots):
        e = value_expr(r)
        cells.append((sp.Eq(p, e), "point", r))
        if i + 1 < len(roots):
            nxt = roots[i + 1]
            cells.append((sp.And(p > e, p < value_expr(nxt)), "open", rational_between(r, nxt)))
    cells.append((p > value_expr(roots[-1]), "open", rational_between(roots[-1], sp.oo)))
    return cells


def parameter_cells(
    parameters: Sequence[sp.Symbol], critical: Iterable[Any], assumptions: Any = True
) -> list[Cell]:
    """Cells of parameter space on which every critical polynomial has constant sign.

    Parameters
    ----------
    parameters : sequence of Symbol
    critical : iterable of expressions
        Rational functions of the parameters whose signs matter; their irreducible factors
        cut the cells.  Each factor must involve a single parameter.
    assumptions : SymPy boolean
        Only cells on which it holds are returned (its relations are cut at too).

    Raises
    ------
    CellSplitUnavailable
        When a critical factor couples several parameters.
    """
    params = list(parameters)
    # the parameters' own assumptions (positive=True, ...) bound the cells too
    assumptions = sp.And(as_sympy(assumptions), *own_conditions(params), evaluate=False)
    relations = [rel.lhs - rel.rhs for rel in assumptions.atoms(sp.core.relational.Relational)]
    facs: list[sp.Expr] = []
    try:
        for c in [*critical, *relations]:
            for f in irreducible_factors(c, params):
                if f not in facs:
                    facs.append(f)
    except (sp.PolynomialError, sp.CoercionFailed, sp.DomainError, TypeError, KeyError) as exc:
        # exp(p), sqrt(p) or p - sqrt(2): not a rational function over Q of the parameters
        raise CellSplitUnavailable(f"the critical expressions are not rational over Q: {exc}") from exc
    by_param: dict[sp.Symbol, list[sp.Expr]] = {p: [] for p in params}
    for f in facs:
        syms = f.free_symbols & set(params)
        if len(syms) > 1:
            raise CellSplitUnavailable(f"the critical polynomial {f} couples {sorted(map(str, syms))}")
        (p,) = syms
        by_param[p].append(f)
    try:
        axes = [_axis_cells(p, by_param[p]) for p in params]
    except (sp.PolynomialError, sp.CoercionFailed, sp.DomainError, TypeError) as exc:
        raise CellSplitUnavailable(f"the critical values cannot be isolated exactly: {exc}") from exc
    cells: list[Cell] = []
    critical_sets = {p: set(by_param[p]) for p in params}
    for combo in itertools.product(*axes):
        cond = sp.And(*(c for c, _, _ in combo))
        cell = Cell(
            cond,
            {p: kind for p, (_, kind, _) in zip(params, combo)},
            {p: v for p, (_, _, v) in zip(params, combo)},
            critical_sets,
        )
        if assumptions is not sp.true and not _holds(assumptions, cell):
            continue
        cells.append(cell)
    return cells


def _holds(cond: Any, cell: Cell) -> bool:
    """Whether an assumption (And/Or of relations) holds on the cell (decided by signs)."""
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    if isinstance(cond, sp.And):
        return all(_holds(a, cell) for a in cond.args)
    if isinstance(cond, sp.Or):
        return any(_holds(a, cell) for a in cond.args)
    if isinstance(cond, sp.Not):
        return not _holds(cond.args[0], cell)
    if isinstance(cond, sp.core.relational.Relational):
        s = cell.sign(cond.lhs - cond.rhs)
        if s is None:
            raise CellSplitUnavailable(f"cannot decide the assumption {cond} on a cell")
        return bool(as_sympy(cond.func(s, 0)))
    raise CellSplitUnavailable(f"unsupported assumption {cond}")


# --------------------------------------------------------------------------- merging neighbours


def merge_adjacent_cells(
    cells: list[Cell],
    results: list[Any],
    param: sp.Symbol,
    same: Callable[[Any, Any], bool],
    rebuild: Callable[[Any, list[tuple[Any, Any]]], Any],
) -> list[tuple[Any, Any]]:
    """Join runs of neighbouring parameter cells whose results are ``same``.

    A run becomes one case on the span of its cells; ``rebuild(first, parts)`` makes its
    result from the run's first result and the run's ``(condition, result)`` parts.
    """
    groups: list[list[int]] = []
    for i, r in enumerate(results):
        if groups and same(results[groups[-1][-1]], r):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for g in groups:
        if len(g) == 1:
            out.append((cells[g[0]].condition, results[g[0]]))
            continue
        parts = [(cells[i].condition, results[i]) for i in g]
        out.append((_span_condition(cells[g[0]], cells[g[-1]], param), rebuild(results[g[0]], parts)))
    return out


def _span_condition(first: Cell, last: Cell, p: sp.Symbol) -> Any:
    lo = _lower(first.condition, p)
    hi = _upper(last.condition, p)
    parts = [c for c in (lo, hi) if c is not None]
    return sp.And(*parts) if parts else sp.true


def _relations(cond: Any) -> list[Any]:
    return list(cond.args) if isinstance(cond, sp.And) else [cond]


def _lower(cond: Any, p: sp.Symbol) -> Any:
    for rel in _relations(cond):
        if isinstance(rel, sp.Eq):
            return p >= rel.rhs
        if isinstance(rel, sp.StrictGreaterThan) and rel.lhs == p:
            return rel
        if isinstance(rel, sp.StrictLessThan) and rel.rhs == p:
            return rel
    return None


def _upper(cond: Any, p: sp.Symbol) -> Any:
    for rel in _relations(cond):
        if isinstance(rel, sp.Eq):
            return p <= rel.rhs
        if isinstance(rel, sp.StrictLessThan) and rel.lhs == p:
            return rel
        if isinstance(rel, sp.StrictGreaterThan) and rel.rhs == p:
            return rel
    return None


# --------------------------------------------------------------------------- one real line


def real_zeros(expr: Any, p: sp.Symbol, where: sp.Set = sp.S.Reals) -> list[sp.Expr] | None:
    """The real zeros of an expression in ``p`` as exact numbers, or None when not found exactly.

    Rational functions with rational coefficients: the real roots of the numerator's
    irreducible factors (exact isolation; all of them, ``where`` is only a hint).
    Otherwise SymPy's ``solveset`` on ``where`` must return a finite set; its real
    elements are kept.
    """
    expr, (p,) = as_sympy(expr), as_symbols([p])
    if expr.free_symbols - {p}:
        return None
    if not expr.has(p):
        return []
    if expr.is_rational_function(p):
        try:
            num = sp.fraction(sp.cancel(sp.together(expr)))[0]
            return [value_expr(r) for r in real_roots(irreducible_factors(num, [p]), p)]
        except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded, sp.DomainError):
            pass
    try:
        sol = sp.solveset(expr, p, where)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if sol is sp.S.EmptySet:
        return []
    if not isinstance(sol, sp.FiniteSet):
        return None
    return [v for v in sol if v.is_real]


@dataclass(frozen=True)
class Segment:
    """A piece of the real line: an open interval (``lower`` < ``upper``) or a point.

    ``sample`` is a rational strictly inside an open piece, or the point itself.
    """

    kind: str  # "open" or "point"
    lower: Any
    upper: Any
    sample: Any

    def condition(self, p: sp.Symbol) -> Any:
        """The piece as a relation in ``p`` (``p > 1``, ``Eq(p, 2)``, ``(p > 0) & (p < 1)``)."""
        (p,) = as_symbols([p])
        if self.kind == "point":
            return sp.Eq(p, self.lower)
        lower = [p > self.lower] if self.lower.is_finite else []
        return sp.And(*lower, *([p < self.upper] if self.upper.is_finite else []))


def line_segments(points: Iterable[Any]) -> list[Segment] | None:
    """The real line cut at the given real numbers: open pieces and the points, left to right.

    The points are ordered exactly (duplicates written differently are merged); every
    open piece gets a rational sample strictly inside it.  ``None`` when two points
    cannot be ordered exactly.

    >>> [(s.kind, s.sample) for s in line_segments([sp.sqrt(2), 1])]
    [('open', 0), ('point', 1), ('open', 5/4), ('point', sqrt(2)), ('open', 2)]
    """
    ordered = sort_numbers(points)
    if ordered is None:
        return None
    distinct: list[Any] = []
    for v in ordered:
        if not distinct or compare(distinct[-1], v) != 0:
            distinct.append(v)
    ends = [-sp.oo, *distinct, sp.oo]
    out: list[Segment] = []
    for i, (lo, hi) in enumerate(itertools.pairwise(ends)):
        out.append(Segment("open", value_expr(lo), value_expr(hi), rational_between(lo, hi)))
        if i < len(distinct):
            out.append(Segment("point", value_expr(hi), value_expr(hi), value_expr(hi)))
    return out


@dataclass(frozen=True)
class SignPattern:
    """Signs of a continuous function on an interval: its zeros and the sign on each piece."""

    zeros: tuple[sp.Expr, ...]
    pieces: tuple[tuple[sp.Interval, sp.Expr, int], ...]  # (open piece, sample point, sign)

    @property
    def nonneg(self) -> bool:
        return all(s >= 0 for _, _, s in self.pieces)

    @property
    def nonpos(self) -> bool:
        return all(s <= 0 for _, _, s in self.pieces)

    @property
    def positive_somewhere(self) -> bool:
        return any(s > 0 for _, _, s in self.pieces)

    @property
    def negative_somewhere(self) -> bool:
        return any(s < 0 for _, _, s in self.pieces)

    @property
    def identically_zero(self) -> bool:
        return all(s == 0 for _, _, s in self.pieces)


_NOT_CONTINUOUS = (sp.Abs, sp.sign, sp.DiracDelta, sp.Heaviside, sp.Piecewise, sp.Max, sp.Min)


def line_sign_pattern(g: Any, x: sp.Symbol, interval: sp.Interval) -> SignPattern | None:
    """Exact sign pattern of ``g`` on ``interval``, or ``None`` when it cannot be established.

    Needs ``g`` continuous on the interval (``continuous_domain``) and its zeros there
    found completely (:func:`real_zeros`); the zeros are ordered exactly and the sign on
    each piece between them is decided at a rational point strictly inside it.
    """
    from sympy.calculus.util import continuous_domain

    g = as_sympy(g)
    if g.free_symbols - {x} or g.has(*_NOT_CONTINUOUS) or sp.count_ops(g) > 40:
        return None  # (solveset's domain checks on large expressions take many seconds)
    try:
        if g.is_zero or sp.simplify(g) == 0:
            piece = sp.Interval.open(interval.inf, interval.sup)
            return SignPattern((), ((piece, rational_between(interval.inf, interval.sup), 0),))
        cont = continuous_domain(g, x, interval)
        if not interval.is_subset(cont) and not sp.Interval.open(interval.inf, interval.sup).is_subset(cont):
            return None
        # the zeros of a continuous g are those of its numerator (solving it avoids slow checks)
        num = sp.fraction(sp.together(g))[0]
        zeros = real_zeros(num if num.is_polynomial(x) else g, x, interval)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if zeros is None:
        return None
    where = [_in_interval(z, interval) for z in zeros]
    if None in where:
        return None
    inside = [z for z, w in zip(zeros, where) if w]
    pieces = _pattern_pieces(g, x, interval, inside)
    if pieces is None:
        return None
    return SignPattern(tuple(z for z, _ in pieces[1]), pieces[0])


def _in_interval(z: Any, interval: sp.Interval) -> bool | None:
    """Whether the real number z lies in the interval, decided by exact comparisons."""
    lo, hi = compare(interval.inf, z), compare(z, interval.sup)
    if lo is None or hi is None:
        return None
    above = lo < 0 or (lo == 0 and not interval.left_open)
    return above and (hi < 0 or (hi == 0 and not interval.right_open))


def _pattern_pieces(g: sp.Expr, x: sp.Symbol, interval: sp.Interval, zeros: list[Any]) -> Any:
    ordered = sort_numbers(zeros)
    if ordered is None:
        return None
    ends = [interval.inf, *ordered, interval.sup]
    pieces = []
    for lo, hi in itertools.pairwise(ends):
        if compare(lo, hi) == 0:
            continue
        s = rational_between(lo, hi)
        sg = number_sign(g.subs(x, s))
        if sg is None or sg == 0:  # a zero that was not found: do not trust the pattern
            return None
        pieces.append((sp.Interval.open(value_expr(lo), value_expr(hi)), s, sg))
    return tuple(pieces), [(value_expr(z), None) for z in ordered]


