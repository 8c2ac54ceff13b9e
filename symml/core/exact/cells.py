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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.core.parsing import as_sympy
from symml.core.symbols import own_conditions

__all__ = ["RealAlgebraic", "Cell", "parameter_cells", "CellSplitUnavailable", "number_sign", "normalise"]

_MAX_REFINEMENTS = 200


class CellSplitUnavailable(Exception):
    """The critical polynomials couple several parameters; no exact grid of cells exists."""


def _interval_pow(lo: sp.Rational, hi: sp.Rational, e: int) -> tuple[sp.Rational, sp.Rational]:
    if e == 0:
        return sp.Integer(1), sp.Integer(1)
    a, b = lo**e, hi**e
    if e % 2 == 0 and lo <= 0 <= hi:
        return sp.Integer(0), max(a, b)
    return min(a, b), max(a, b)


def _interval_eval(poly: sp.Poly, boxes: Sequence[tuple[sp.Rational, sp.Rational]]) -> tuple[Any, Any]:
    """An exact rational enclosure of ``poly`` over a box (naive interval arithmetic)."""
    lo_sum, hi_sum = sp.Integer(0), sp.Integer(0)
    for monom, coeff in poly.terms():
        lo, hi = sp.Integer(1), sp.Integer(1)
        for (a, b), e in zip(boxes, monom):
            pa, pb = _interval_pow(a, b, e)
            cands = [lo * pa, lo * pb, hi * pa, hi * pb]
            lo, hi = min(cands), max(cands)
        c = sp.Rational(coeff)
        lo, hi = (c * lo, c * hi) if c >= 0 else (c * hi, c * lo)
        lo_sum += lo
        hi_sum += hi
    return lo_sum, hi_sum


class RealAlgebraic:
    """A real root of an irreducible rational polynomial, with an exact isolating interval.

    Parameters
    ----------
    poly : Poly
        Irreducible over the rationals, degree at least 2.
    index : int
        Which real root, counting from the smallest (as ``CRootOf`` does).
    """

    def __init__(self, poly: sp.Poly, index: int) -> None:
        self.poly = poly
        self.index = index
        intervals = poly.intervals()
        (a, b), _ = intervals[index]
        self.lo, self.hi = sp.Rational(a), sp.Rational(b)

    @functools.cached_property
    def expr(self) -> sp.Expr:
        """The root as an exact SymPy number (radicals for quadratics, else ``CRootOf``)."""
        return sp.rootof(self.poly, self.index)

    def refine(self) -> None:
        """Halve the isolating interval (exactly)."""
        width = self.hi - self.lo
        a, b = self.poly.refine_root(self.lo, self.hi, eps=width / 2)
        self.lo, self.hi = sp.Rational(a), sp.Rational(b)

    def sign_of(self, q: Any) -> int | None:
        """Exact sign of the polynomial ``q`` (in this root's generator) at the root."""
        gen = self.poly.gen
        q = sp.Poly(q, gen, domain="QQ") if not isinstance(q, sp.Poly) else q.set_domain(sp.QQ)
        r = q.rem(self.poly)
        if r.is_zero:
            return 0
        for _ in range(_MAX_REFINEMENTS):
            lo, hi = _interval_eval(r, [(self.lo, self.hi)])
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            self.refine()
        return None  # pragma: no cover - a nonzero value is separated from 0 long before this

    def __lt__(self, other: Any) -> bool:
        return _less(self, other)


def _bounds(v: Any) -> tuple[Any, Any]:
    return (v.lo, v.hi) if isinstance(v, RealAlgebraic) else (v, v)


def _less(u: Any, v: Any) -> bool:
    """Exact order of two distinct real algebraic numbers (rationals or RealAlgebraic)."""
    for _ in range(_MAX_REFINEMENTS):
        ulo, uhi = _bounds(u)
        vlo, vhi = _bounds(v)
        if uhi < vlo:
            return True
        if vhi < ulo:
            return False
        if isinstance(u, RealAlgebraic):
            u.refine()
        if isinstance(v, RealAlgebraic):
            v.refine()
    raise ValueError("could not separate two real algebraic numbers")  # pragma: no cover


def value_expr(v: Any) -> sp.Expr:
    return v.expr if isinstance(v, RealAlgebraic) else sp.Rational(v)


def number_sign(value: Any) -> int | None:
    """Exact sign of a parameter-free real number: rational, radical or ``CRootOf`` expression.

    Rationals are immediate; an algebraic number is decided through its minimal polynomial
    and an isolating interval refined by exact interval arithmetic.  Returns ``None`` for
    numbers that are not provably real algebraic (e.g. involving pi), never a guess.
    """
    value = as_sympy(value)
    if value.is_Rational:
        return int(sp.sign(value))
    if value.is_Mul:
        # a product: multiply the signs (so exp(...) factors, always positive, do not block)
        total = 1
        for fac in value.args:
            s = number_sign(fac)
            if s is None:
                return None
            total *= s
        return total
    if isinstance(value, sp.NumberSymbol) and value.is_positive:
        return 1  # e, pi, ...: positive by their definition
    if value.is_Add and not value.free_symbols and value.has(sp.exp, sp.NumberSymbol):
        # a sum of terms of one sign has that sign (decided term by term, never numerically)
        term_signs = {number_sign(a) for a in value.args}
        if len(term_signs) == 1 and term_signs != {None} and term_signs != {0}:
            return term_signs.pop()
        return None
    if isinstance(value, sp.exp) and value.args[0].is_extended_real and not value.free_symbols:
        return 1
    if value.is_Pow and isinstance(value.base, sp.exp) and value.exp.is_Rational:
        return number_sign(value.base)
    if value.free_symbols or not value.is_algebraic:
        return None
    t = sp.Dummy("t")
    try:
        minpoly = sp.Poly(sp.minimal_polynomial(value, t), t)
    except (NotImplementedError, ValueError):
        return None
    if minpoly.degree() == 1:
        root = -minpoly.nth(0) / minpoly.nth(1)
        return int(sp.sign(root))
    if minpoly.nth(0) == 0:
        return 0
    # Find which real root of the minimal polynomial the value is, by a rational enclosure of
    # the value: interval arithmetic on the expression tree.
    enclosure = _expr_enclosure(value)
    if enclosure is None:
        return None
    for prec in range(4, 60, 4):
        lo, hi = enclosure(prec)
        if lo > 0:
            return 1
        if hi < 0:
            return -1
    return None


def _expr_enclosure(value: sp.Expr) -> Any:
    """A function prec -> rational (lo, hi) enclosing ``value``; None if the tree is unsupported."""

    def enc(e: sp.Expr, prec: int) -> tuple[Any, Any]:
        if e.is_Rational:
            return e, e
        if isinstance(e, sp.CRootOf):
            ra = RealAlgebraic(sp.Poly(e.poly.as_expr(), e.poly.gen), e.index)
            while ra.hi - ra.lo > sp.Rational(1, 2**prec):
                ra.refine()
            return ra.lo, ra.hi
        if e.is_Add:
            lo, hi = sp.Integer(0), sp.Integer(0)
            for a in e.args:
                al, ah = enc(a, prec)
                lo, hi = lo + al, hi + ah
            return lo, hi
        if e.is_Mul:
            lo, hi = sp.Integer(1), sp.Integer(1)
            for a in e.args:
                al, ah = enc(a, prec)
                cands = [lo * al, lo * ah, hi * al, hi * ah]
                lo, hi = min(cands), max(cands)
            return lo, hi
        if e.is_Pow and e.exp.is_Integer:
            bl, bh = enc(e.base, prec)
            k = int(e.exp)
            if k < 0:
                if bl <= 0 <= bh:
                    raise ValueError("division by an interval containing 0")
                bl, bh = 1 / bh, 1 / bl
                k = -k
            return _interval_pow(bl, bh, k)
        if e.is_Pow and e.exp.is_Rational and e.exp.q > 1:
            bl, bh = enc(e.base, prec)
            if bl < 0:
                raise ValueError("root of a possibly negative number")
            q, pexp = int(e.exp.q), int(e.exp.p)
            scale = 2**prec
            lo = sp.Rational(sp.integer_nthroot(int(sp.floor(bl * scale**q)), q)[0], scale)
            hi_root, exact_root = sp.integer_nthroot(int(sp.ceiling(bh * scale**q)), q)
            hi = sp.Rational(hi_root + (0 if exact_root else 1), scale)
            return _interval_pow_signed(lo, hi, pexp)
        raise ValueError(f"unsupported {e.func}")

    def run(prec: int) -> tuple[Any, Any]:
        return enc(value, prec)

    try:
        run(4)
    except ValueError:
        return None
    return run


def _interval_pow_signed(lo: Any, hi: Any, k: int) -> tuple[Any, Any]:
    if k < 0:
        lo, hi = 1 / hi, 1 / lo
        k = -k
    return _interval_pow(lo, hi, k)


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
            coeff, factors = _factor_list(part, tuple(params))
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


def _roots_of(factors: Iterable[sp.Expr], p: sp.Symbol) -> list[Any]:
    roots: list[Any] = []
    for fac in factors:
        poly = sp.Poly(fac, p, domain="QQ")
        if poly.degree() == 1:
            roots.append(-poly.nth(0) / poly.nth(1))
            continue
        for k in range(poly.count_roots()):
            roots.append(RealAlgebraic(poly, k))
    return sorted(roots, key=functools.cmp_to_key(lambda u, v: -1 if _less(u, v) else 1))


def _simple_rational_between(lo: Any, hi: Any) -> sp.Rational:
    """The simplest rational strictly between lo < hi (an integer when there is one)."""
    n = sp.floor(lo) + 1
    if n < hi:
        # choose the integer closest to 0 in (lo, hi)
        if lo < 0 < hi:
            return sp.Integer(0)
        return sp.Integer(n) if lo >= 0 else sp.Integer(sp.ceiling(hi) - 1)
    den = 2
    while True:
        k = sp.floor(lo * den) + 1
        if sp.Rational(k, den) < hi:
            return sp.Rational(k, den)
        den *= 2


def _axis_cells(p: sp.Symbol, factors: Sequence[sp.Expr]) -> list[tuple[Any, str, Any]]:
    """(condition, kind, value) for one parameter's line cut at the factors' real roots."""
    roots = _roots_of(factors, p)
    if not roots:
        return [(sp.true, "open", sp.Integer(0))]
    # separate neighbouring roots so that a rational lies strictly between them
    for u, v in itertools.pairwise(roots):
        while _bounds(u)[1] >= _bounds(v)[0]:
            for w in (u, v):
                if isinstance(w, RealAlgebraic):
                    w.refine()
    cells: list[tuple[Any, str, Any]] = []
    first = value_expr(roots[0])
    cells.append(
        (p < first, "open", _simple_rational_between(_bounds(roots[0])[0] - 2, _bounds(roots[0])[0]))
    )
    for i, r in enumerate(roots):
        e = value_expr(r)
        cells.append((sp.Eq(p, e), "point", r))
        if i + 1 < len(roots):
            nxt = roots[i + 1]
            sample = _simple_rational_between(_bounds(r)[1], _bounds(nxt)[0])
            cells.append((sp.And(p > e, p < value_expr(nxt)), "open", sample))
    last = _bounds(roots[-1])[1]
    cells.append((p > value_expr(roots[-1]), "open", _simple_rational_between(last, last + 2)))
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
    facs: list[sp.Expr] = []
    for c in critical:
        for f in irreducible_factors(c, params):
            if f not in facs:
                facs.append(f)
    # the parameters' own assumptions (positive=True, ...) bound the cells too
    assumptions = sp.And(as_sympy(assumptions), *own_conditions(params), evaluate=False)
    for rel in assumptions.atoms(sp.core.relational.Relational):
        for f in irreducible_factors(rel.lhs - rel.rhs, params):
            if f not in facs:
                facs.append(f)
    by_param: dict[sp.Symbol, list[sp.Expr]] = {p: [] for p in params}
    for f in facs:
        syms = f.free_symbols & set(params)
        if len(syms) > 1:
            raise CellSplitUnavailable(f"the critical polynomial {f} couples {sorted(map(str, syms))}")
        (p,) = syms
        by_param[p].append(f)
    axes = [_axis_cells(p, by_param[p]) for p in params]
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
