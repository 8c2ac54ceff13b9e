"""Stationary points: every real one, classified, with parameters split into exact cases.

The stationary set {∇f = 0} of a polynomial (after removing factors of ∇f that never
vanish, such as exponentials) is decomposed exactly: a lexicographic Gröbner basis with the
parameters smallest, split along the factors of its elements, gives components — isolated
points (rational, or algebraic: the shape lemma expresses every coordinate as a polynomial
in a root of an irreducible polynomial, held as ``CRootOf``) and positive-dimensional sets
(lines, planes, curves).  With parameters, the parameter line is cut at the real roots of
the leading coefficients of those Gröbner bases and of every quantity whose sign the
classification needs; on each cell the computation specialises soundly (the leading
coefficients do not vanish), so the case split is found automatically, is disjoint and
covers every admissible value.

Each component is classified: through the inertia of the Hessian (see
:mod:`symml.optimisation.definiteness`), and where the Hessian is only semidefinite by the
lowest-order terms of f around the point, by sign changes along exact directions, and by
proofs that f − f(point) ≥ 0 (or ≤ 0) everywhere, which also say when a minimum is global.
Anything not decided is ``undecided``, never guessed.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.core.errors import DomainError
from symml.core.exact.cells import (
    Cell,
    CellSplitUnavailable,
    ConstantCell,
    irreducible_factors,
    merge_adjacent_cells,
    parameter_cells,
)
from symml.core.exact.domain import holds, requirements, status_at
from symml.core.exact.numbers import NEG, POS, ZERO, RealAlgebraic, interval_enclosure, number_sign
from symml.core.exact.semialgebraic import Unsupported, require_consistent, satisfiable
from symml.core.exact.signs import prove_sign
from symml.core.limits import limits
from symml.core.parsing import as_sympy, expanded_terms
from symml.core.results import Cases, Checks, Printable, Result, Sentence, Step, Witness, to_json_value
from symml.core.symbols import own_conditions
from symml.optimisation.calculus import check_variables, gradient, gradient_statement, hessian
from symml.optimisation.definiteness import (
    characteristic_coefficients,
    classify_in_cell,
    leading_minors,
    part_steps,
)

__all__ = [
    "stationary_points",
    "StationaryComponent",
    "StationaryResult",
    "StationaryPoints",
    "optimality_conditions",
]

KIND_MIN, KIND_MAX, KIND_SADDLE, KIND_UNDECIDED = "minimum", "maximum", "saddle", "undecided"


# Result records


@dataclass(frozen=True)
class StationaryComponent(Printable):
    """One connected piece of the stationary set, with its classification.

    Attributes
    ----------
    equations : tuple of Expr
        The component is the set where all of these vanish (``(x, y)`` is the origin,
        ``(y,)`` with ``dimension`` 1 is the line y = 0).
    dimension : int
        0 for an isolated point, 1 for a curve/line, …
    kind : str
        ``"minimum"``, ``"maximum"``, ``"saddle"`` or ``"undecided"``.
    strict : bool or None
        Whether the extremum is strict (None when not proven either way, or for saddles).
    point : tuple or None
        The exact coordinates of an isolated point.
    value : Expr or None
        f on the component.
    scope : str
        ``"global"`` when proven global, ``"local"`` with ``unbounded`` when f is unbounded
        in the relevant direction, else ``""``.
    classification : Result
        The proof (or the undecided note) of the kind.
    """

    equations: tuple[Any, ...]
    dimension: int
    kind: str
    strict: bool | None
    point: tuple[Any, ...] | None
    value: Any
    scope: str
    classification: Result
    unbounded_witness: Witness | None = None
    where: tuple[Any, ...] = ()  # strict inequalities cutting a piece out of the set

    json_fields = ("equations", "dimension", "kind", "strict", "where?", "point?", "value?", "scope?")

    def set_latex(self, printer: Any, variables: tuple[sp.Symbol, ...]) -> str:
        if self.point is not None:
            return printer._print(tuple(self.point))
        if not self.equations:
            return r"\text{every point}"
        eqs = ",\\ ".join(f"{printer._print(e)} = 0" for e in self.equations)
        if self.where:
            eqs += r",\ " + r",\ ".join(printer._print(w) for w in self.where)
        return eqs

    def kind_text(self) -> str:
        if self.kind == KIND_UNDECIDED:
            return "undecided"
        if self.kind == KIND_SADDLE:
            return "saddle point" if self.dimension == 0 else "saddle points"
        strict = {True: "strict ", False: "non-strict ", None: ""}[self.strict]
        scope = {"global": "global ", "local": "local "}.get(self.scope, "")
        kind = self.kind if self.dimension == 0 else {"minimum": "minima", "maximum": "maxima"}[self.kind]
        return f"{strict}{scope}{kind}"

    def _latex(self, printer: Any) -> str:
        # printer code: the component's set as a formula, its kind in words (in text or in math)
        from symml.core.latex import document_mode

        if document_mode(printer):
            return rf"${self.set_latex(printer, ())}$: {self.kind_text()}"
        return rf"\[{self.set_latex(printer, ())}\colon\ \text{{{self.kind_text()}}}\]"


@dataclass(frozen=True)
class StationaryResult(Result):
    """The stationary set of f on one case of the parameters, and the kind of each component."""

    components: tuple[StationaryComponent, ...] = ()
    variables: tuple[sp.Symbol, ...] = ()

    json_fields = ("verdict", "components", "notes?")

    def text(self) -> str:
        """The verdict, then one line per component: where it is and what kind it is."""
        from symml.core.latex.text import plain, with_decimals

        xs = self.variables
        names = plain(tuple(xs)) if len(xs) != 1 else plain(xs[0])
        lines = [f"{self.verdict.value}: the stationary set"]
        if not self.components:
            lines.append("  no stationary point")
        for c in self.components:
            where = (
                _equals(names, with_decimals(tuple(c.point) if len(c.point) > 1 else c.point[0]))
                if c.point is not None
                else " and ".join([f"{plain(e)} = 0" for e in c.equations] + [plain(w) for w in c.where])
                or "every point"
            )
            lines.append(f"  {where}: {c.kind_text()}")
        lines += [f"  note: {plain(n)}" for n in self.notes]
        return "\n".join(lines)

    def signature(self) -> Any:
        return (self.verdict, tuple(tuple(sorted(c.to_json().items(), key=str)) for c in self.components))

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import paragraph, render_steps, table, text_in_math

        rows = [
            [c.set_latex(printer, self.variables), text_in_math(f"{_dimension_text(c)}: {c.kind_text()}")]
            for c in self.components
        ] or [[text_in_math("no stationary point"), ""]]
        head = [r"\text{stationary set}", rf"\textbf{{{self.verdict.value}}}"]
        parts = [table(head, rows, printer), *(paragraph(n, printer) for n in self.notes)]
        proofs = [c.classification for c in self.components if c.classification.steps]
        if proofs and len(proofs) <= 3:
            parts += [render_steps(r.steps, printer) for r in proofs]
        return "\n".join(parts)


class StationaryPoints(Cases):
    """All stationary points of f, split by exact cases of the parameters.

    Iterating gives ``(condition, StationaryResult)`` cases; ``to_json()`` has the shape of
    DESIGN.md: ``{"variables": [...], "cases": [{"condition", "components": [...]}]}``.
    """

    def __init__(
        self,
        cases: Any,
        parameters: Any,
        assumptions: Any,
        function: sp.Expr,
        variables: tuple[sp.Symbol, ...],
    ) -> None:
        super().__init__(cases, parameters, assumptions)
        self.function = function
        self.variables = variables

    json_fields = ("variables", "cases=case_list")

    def text(self) -> str:
        """A plain-text summary (the CLI's output without --json)."""
        from symml.core.latex.text import plain

        names = plain(tuple(self.variables)) if len(self.variables) > 1 else plain(self.variables[0])
        lines = [f"stationary points of {plain(self.function)} in {names}:"]
        for cond, res in self:
            if len(self) > 1 or cond is not sp.true:
                lines.append(f"  case {plain(cond)}: {res.verdict.value}")
            lines += [f"  {line}" for line in res.text().splitlines()[1:]]
        return "\n".join(lines)

    def _latex(self, printer: Any) -> str:
        if len(self) == 1 and self[0].condition is sp.true:
            return self[0].result._latex(printer)
        return super()._latex(printer)


def _dimension_text(c: StationaryComponent) -> str:
    return "point" if c.dimension == 0 else f"set of dimension {c.dimension}"


def _equals(name: str, value: str) -> str:
    """``x = 1`` or, for a value known by its decimal only, ``x ≈ 0.4554``."""
    return f"{name} {value}" if value.startswith("≈") else f"{name} = {value}"


# Points


@dataclass
class _Point:
    """An isolated stationary point: coordinates rational in the parameters, or algebraic."""

    coords: tuple[sp.Expr, ...]  # exact display coordinates
    subs: dict[sp.Symbol, sp.Expr]  # variable -> expression in params (and in `gen` if algebraic)
    root: RealAlgebraic | None = None  # the algebraic number `gen` stands for
    gen: sp.Symbol | None = None
    equations: tuple[sp.Expr, ...] = ()
    sqrt: tuple[sp.Symbol, sp.Expr] | None = None  # (s, D): coordinates are A + B s with s = sqrt(D)


def _reduce_sqrt(expr: Any, s: sp.Symbol, D: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Write a rational function of s = sqrt(D) (D free of s) as A + B s with A, B free of s."""
    num, den = sp.fraction(sp.together(as_sympy(expr)))
    modulus = sp.Poly(s**2 - D, s)

    def reduce(part: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
        r = sp.Poly(sp.expand(part), s).rem(modulus)
        return r.coeff_monomial(1), r.coeff_monomial(s)

    a, b = reduce(num)
    c, e = reduce(den)
    # (a + b s) / (c + e s) = (a + b s)(c - e s) / (c^2 - e^2 D)
    norm = sp.expand(c**2 - e**2 * D)
    return sp.cancel((a * c - b * e * D) / norm), sp.cancel((b * c - a * e) / norm)


class _SqrtCell(Cell):
    """Signs of A + B·sqrt(D) on a parameter cell, from the signs of A, B and A² − B²D."""

    def __init__(self, base: Cell, s: sp.Symbol, D: sp.Expr, analysis: Any) -> None:
        super().__init__(base.condition, base.kinds, base.values, base.critical)
        self.base, self.s, self.D, self.analysis = base, s, D, analysis

    def sign(self, expr: Any) -> int | None:
        A, B = _reduce_sqrt(expr, self.s, self.D)
        sa = self.analysis.sign(A, self.base)
        if B == 0:
            return sa
        sb = self.analysis.sign(B, self.base)
        if sa is None or sb is None:
            return None
        if sa == 0 or sa == sb:
            return sb
        if sb == 0:
            return sa
        sc = self.analysis.sign(sp.cancel(A**2 - B**2 * self.D), self.base)
        return None if sc is None else sa * sc


class _PointCell(Cell):
    """Signs of expressions at an algebraic point (coordinates polynomial in one root)."""

    def __init__(self, base: Cell, root: RealAlgebraic, gen: sp.Symbol) -> None:
        super().__init__(base.condition, base.kinds, base.values, base.critical)
        self.base = base
        self.root = root
        self.gen = gen

    def sign(self, expr: Any) -> int | None:
        expr = sp.together(as_sympy(expr))
        if self.gen not in expr.free_symbols:
            return self.base.sign(expr)
        if expr.free_symbols - {self.gen}:
            return None
        num, den = sp.fraction(expr)
        signs = []
        for part in (num, den):
            if self.gen in part.free_symbols:
                poly = sp.Poly(part, self.gen)
                if not poly.domain.is_QQ and not poly.domain.is_ZZ:
                    return None
                signs.append(self.root.sign_of(sp.Poly(poly.as_expr(), self.root.poly.gen)))
            else:
                signs.append(number_sign(part))
        if any(s is None for s in signs) or signs[1] == 0:
            return None
        return signs[0] * signs[1]  # type: ignore[operator]


# The engine


@dataclass
class _Analysis:
    f: sp.Expr
    xs: tuple[sp.Symbol, ...]
    params: tuple[sp.Symbol, ...]
    cell: Cell
    domain: list[Any]
    grad_polys: list[sp.Expr]
    hess: sp.ImmutableMatrix
    grad_steps: list[Step]
    missing: set[sp.Expr] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    complete: bool = True

    def sign(self, expr: Any, cell: Cell | None = None) -> int | None:
        c = cell or self.cell
        s = c.sign(expr)
        if s is None and self.params:
            for fac in irreducible_factors(expr, list(self.params)):
                if len(fac.free_symbols) == 1:
                    self.missing.add(fac)
        return s


def _polynomial_gradient(f: sp.Expr, xs: tuple[sp.Symbol, ...]) -> tuple[list[sp.Expr], list[str]] | None:
    """∇f with never-vanishing factors removed, as polynomials in the variables; None if impossible."""
    notes = []
    out = []
    terms = 0.0
    for g in gradient(f, xs):
        g = sp.factor(sp.together(g))
        num, den = sp.fraction(g)
        kept = []
        for fac in sp.Mul.make_args(num):
            base = fac.base if fac.is_Pow and fac.exp.is_positive else fac
            if isinstance(base, sp.exp) or (base.is_positive is True and base.free_symbols & set(xs)):
                notes.append(f"removed the factor {fac} of a partial derivative: it never vanishes")
                continue
            kept.append(fac)
        terms += expanded_terms(sp.Mul(*kept))
        limits.check("max_expanded_terms", int(min(terms, 10**18)), "solving the gradient system (its terms)")
        poly = sp.expand(sp.Mul(*kept))
        if den.free_symbols & set(xs) and not all(
            isinstance(fa.base if fa.is_Pow else fa, sp.exp) for fa in sp.Mul.make_args(den)
        ):
            notes.append(f"f is undefined where {den} = 0; those points are excluded")
        if not poly.is_polynomial(*xs):
            return None
        out.append(poly)
    return out, sorted(set(notes))


def _lc(g: sp.Expr, xs: tuple[sp.Symbol, ...]) -> sp.Expr:
    return sp.Poly(g, *xs).LC()


def _decompose(an: _Analysis, polys: list[sp.Expr], depth: int = 0) -> list[list[sp.Expr]] | None:
    """Split {polys = 0} into pieces whose Gröbner bases have irreducible elements.

    Returns a list of Gröbner bases (lists of expressions in the variables, parameters as
    coefficients), or None when a sign needed for a sound specialisation is unknown.
    """
    xs, ps = an.xs, an.params
    G = sp.groebner(polys, *xs, *ps, order="lex")
    exprs = list(G.exprs)
    if exprs == [1]:
        return []
    with_x = []
    for g in exprs:
        if not (g.free_symbols & set(xs)):
            s = an.sign(g)
            if s is None:
                return None
            if s != 0:
                return []  # a nonzero constant on this cell: no solution
            continue
        lc = _lc(g, xs)
        s = an.sign(lc)
        if s is None:
            return None
        if s == 0:
            an.notes.append(f"a leading coefficient {lc} vanishes on this case")
            return None
        with_x.append(g)
    if depth > 12:
        return [with_x]
    for g in with_x:
        _, factors = sp.factor_list(g, *xs, *ps) if ps else sp.factor_list(g, *xs)
        xfacs = [fa for fa, _ in factors if fa.free_symbols & set(xs)]
        pfacs = [fa for fa, _ in factors if not (fa.free_symbols & set(xs))]
        for pf in pfacs:
            s = an.sign(pf)
            if s is None:
                return None
            if s == 0:
                return None
        if len(xfacs) > 1 or any(m > 1 for fa, m in factors if fa.free_symbols & set(xs)):
            pieces: list[list[sp.Expr]] = []
            for fa in xfacs:
                sub = _decompose(an, with_x + [fa], depth + 1)
                if sub is None:
                    return None
                pieces += sub
            return _drop_redundant(pieces, xs, ps)
    return [with_x]


def _drop_redundant(pieces: list[list[sp.Expr]], xs: Any, ps: Any) -> list[list[sp.Expr]]:
    """Remove pieces contained in another piece (V(A) ⊆ V(B) when B's generators lie in A).

    Ideal membership is tested over Q[x, p] (parameters as variables), so a containment
    holds for every parameter value; duplicates it cannot see are removed later, by
    comparing the components themselves.
    """
    out: list[list[sp.Expr]] = []
    gbs = [sp.groebner(p, *xs, *ps, order="lex") for p in pieces]
    for i, piece in enumerate(pieces):
        contained = False
        for j, other in enumerate(pieces):
            if i == j:
                continue
            inside = all(gbs[i].reduce(g)[1] == 0 for g in other)
            if inside:
                same = all(gbs[j].reduce(g)[1] == 0 for g in piece)
                if not same or j < i:
                    contained = True
                    break
        if not contained:
            out.append(piece)
    return out


def _dimension(G: list[sp.Expr], xs: tuple[sp.Symbol, ...]) -> int:
    """The largest set of variables no leading monomial lies within (the dimension of the ideal)."""
    lms = [sp.Poly(g, *xs).monoms()[0] for g in G]
    n = len(xs)
    # a leading monomial x_k**e excludes x_k from every such set: search the others only
    pure = {next(k for k in range(n) if m[k]) for m in lms if sum(1 for e in m if e) == 1}
    free = [k for k in range(n) if k not in pure]
    limits.check("max_subsets", 2 ** len(free), f"the dimension search over {len(free)} variables")
    for size in range(len(free), 0, -1):
        for subset in itertools.combinations(free, size):
            if all(any(m[k] > 0 for k in range(n) if k not in subset) for m in lms):
                return size
    return 0


def _points(an: _Analysis, G: list[sp.Expr]) -> list[_Point] | None:
    """The real points of a zero-dimensional piece, trying each variable order for shape position."""
    for order in itertools.islice(itertools.permutations(an.xs), limits.max_subsets):
        if order == an.xs:
            basis = G
        else:
            basis = list(sp.groebner(G, *order, *an.params, order="lex").exprs)
            for g in basis:
                if g.free_symbols & set(order) and an.sign(_lc(g, order)) in (None, 0):
                    basis = []
                    break
            if not basis:
                continue
        pts = _points_in_order(an, basis, order)
        if pts is not None:
            return pts
    return None


def _points_in_order(an: _Analysis, G: list[sp.Expr], xs: tuple[sp.Symbol, ...]) -> list[_Point] | None:
    """The real points of a zero-dimensional piece in shape position for this variable order."""
    n = len(xs)
    by_lead: dict[int, sp.Expr] = {}
    for g in G:
        m = sp.Poly(g, *xs).monoms()[0]
        lead = next(k for k in range(n) if m[k] > 0)
        if lead in by_lead:
            return None
        by_lead[lead] = g
    if sorted(by_lead) != list(range(n)):
        return None
    last = sp.Poly(by_lead[n - 1], xs[-1])
    for k in range(n - 1):
        p = sp.Poly(by_lead[k], *xs)
        if p.degree(xs[k]) != 1 or any(p.degree(xs[j]) > 0 for j in range(k)):
            return None
        # x_k = … needs its coefficient nonzero at every root: ask that it be free of the variables
        if sp.Poly(by_lead[k], xs[k]).LC().free_symbols & set(xs):
            return None
    solved: dict[sp.Symbol, sp.Expr] = {}
    xn = xs[-1]
    if last.degree() == 1:
        solved[xn] = sp.cancel(sp.solve(by_lead[n - 1], xn)[0])
        root = None
        gen = None
    else:
        if an.params and any(c.free_symbols & set(an.params) for c in last.coeffs()):
            if last.degree() == 2:
                return _quadratic_points(an, by_lead, last, xs)
            an.notes.append(
                "some stationary points are roots of a polynomial of degree > 2 in the parameters"
            )
            return None
        if an.params and any(g.free_symbols & set(an.params) for g in by_lead.values()):
            an.notes.append("some stationary points mix algebraic numbers with the parameters: not solved")
            return None
        qpoly = sp.Poly(last.as_expr(), xn, domain="QQ")
        count = qpoly.count_roots()
        out = []
        for idx in range(count):
            ra = RealAlgebraic(qpoly.monic(), idx)
            pt = _algebraic_point(an, by_lead, ra, xs)
            if pt is None:
                return None
            out.append(pt)
        return out
    for k in range(n - 2, -1, -1):
        g = by_lead[k].subs(solved)
        solved[xs[k]] = sp.cancel(sp.solve(g, xs[k])[0])
    coords = tuple(sp.factor(solved[v]) if solved[v].free_symbols else solved[v] for v in an.xs)
    eqs = tuple(v - c for v, c in zip(an.xs, coords))
    return [_Point(coords, dict(zip(an.xs, coords)), root, gen, eqs)]


def _quadratic_points(
    an: _Analysis, by_lead: dict[int, sp.Expr], last: sp.Poly, xs: tuple[sp.Symbol, ...]
) -> list[_Point] | None:
    """Points whose last coordinate solves a x² + b x + c = 0 with coefficients in the parameters."""
    n = len(xs)
    xn = xs[-1]
    a, b, c = sp.Poly(last.as_expr(), xn).all_coeffs()
    D = sp.factor(b**2 - 4 * a * c)
    sd = an.sign(D)
    if sd is None:
        return None
    if sd < 0:
        return []
    s = sp.Dummy("s", positive=True)
    roots = [-b / (2 * a)] if sd == 0 else [(-b + s) / (2 * a), (-b - s) / (2 * a)]
    out = []
    for root in roots:
        solved: dict[sp.Symbol, sp.Expr] = {xn: root}
        for k in range(n - 2, -1, -1):
            g = by_lead[k].subs(solved)
            solved[xs[k]] = sp.solve(g, xs[k])[0]
        subs = {}
        for v in an.xs:
            A, B = _reduce_sqrt(solved[v], s, D)
            subs[v] = A + B * s
        coords = tuple(sp.factor(subs[v].subs(s, sp.sqrt(D))) for v in an.xs)
        eqs = tuple(v - c for v, c in zip(an.xs, coords))
        out.append(_Point(coords, subs, None, None, eqs, sqrt=(s, D)))
    return out


def _algebraic_point(
    an: _Analysis, by_lead: dict[int, sp.Expr], ra: RealAlgebraic, xs: tuple[sp.Symbol, ...]
) -> _Point | None:
    n = len(xs)
    xn = xs[-1]
    gen = ra.poly.gen
    solved: dict[sp.Symbol, sp.Expr] = {xn: gen}
    for k in range(n - 2, -1, -1):
        g = by_lead[k].subs(solved)
        sol = sp.solve(g, xs[k])[0]
        red = sp.Poly(sp.expand(sol), gen, domain="QQ").rem(ra.poly)
        solved[xs[k]] = red.as_expr()
    alpha = ra.expr
    coords = tuple(_own_root(solved[v], ra, v) if v != xn else alpha for v in an.xs)
    eqs = tuple(v - c for v, c in zip(an.xs, coords))
    return _Point(coords, {v: solved[v] for v in an.xs}, ra, gen, eqs)


def _own_root(h: sp.Expr, ra: RealAlgebraic, var: sp.Symbol) -> sp.Expr:
    """h(α) as a root of its own minimal polynomial (``CRootOf`` in ``var``), exactly.

    The minimal polynomial is the irreducible factor of res_t(g(t), X − h(t)) that vanishes
    at h(α) (checked by reduction modulo g); which of its real roots is h(α) is found by
    refining exact rational enclosures of both until only one root's interval meets h(α)'s.
    """
    gen = ra.poly.gen
    if not h.free_symbols:
        return h
    X = sp.Dummy("X")
    res = sp.Poly(sp.resultant(ra.poly.as_expr(), X - h, gen), X)
    for fac, _ in sp.factor_list(res.as_expr(), X)[1]:
        mpoly = sp.Poly(fac, X)
        if not sp.Poly(sp.expand(fac.subs(X, h)), gen).rem(ra.poly).is_zero:
            continue
        if mpoly.degree() == 1:
            return -mpoly.nth(0) / mpoly.nth(1)
        hpoly = sp.Poly(h, gen, domain="QQ")
        candidates = [RealAlgebraic(sp.Poly(fac.subs(X, var), var), k) for k in range(mpoly.count_roots())]
        for _ in range(200):
            lo, hi = interval_enclosure(hpoly, [(ra.lo, ra.hi)])
            hits = [c for c in candidates if not (c.hi < lo or hi < c.lo)]
            if len(hits) == 1:
                return hits[0].expr
            ra.refine()
            for c in hits:
                c.refine()
        break
    return sp.expand(h.subs(gen, ra.expr))  # pragma: no cover - the enclosures always separate


# Classification


def _even_monomial_sign(an: _Analysis, g: sp.Expr, cell: Cell, gens: Any = None) -> int | None:
    """+1 if every term of g is c·(even powers) with c > 0 (so g ≥ 0), −1 for ≤ 0, else None."""
    g = sp.expand(g)
    if g == 0 or not g.is_polynomial(*(gens or an.xs)):
        return None
    poly = sp.Poly(g, *(gens or an.xs))
    sign = None
    for monom, coeff in poly.terms():
        if any(e % 2 for e in monom):
            return None
        s = an.sign(coeff, cell)
        if s is None or s == 0:
            return None
        if sign is None:
            sign = s
        elif sign != s:
            return None
    return sign


def _structural_sign(an: _Analysis, expr: sp.Expr, cell: Cell) -> int | None:
    """+1 if expr is a sum of terms c·∏ b_i^(even) with c ≥ 0 (so expr ≥ 0), −1 mirrored."""
    sign = None
    for term in sp.Add.make_args(expr):
        coeff, rest = term.as_coeff_Mul()
        s = an.sign(coeff, cell) if not coeff.free_symbols else None
        factors = sp.Mul.make_args(rest)
        const = [fa for fa in factors if not (fa.free_symbols & set(an.xs))]
        varf = [fa for fa in factors if fa.free_symbols & set(an.xs)]
        if const:
            sc = an.sign(sp.Mul(*const), cell)
            s = None if (s is None or sc is None) else s * sc
        if s is None or s == 0:
            return None
        if not all(fa.is_Pow and fa.exp.is_even for fa in varf):
            return None
        if sign is None:
            sign = s
        elif sign != s:
            return None
    return sign


def _directions(n: int) -> list[tuple[int, ...]]:
    out = []
    for i in range(n):
        out.append(tuple(1 if k == i else 0 for k in range(n)))
    for i, j in itertools.combinations(range(n), 2):
        for s in (1, -1):
            out.append(tuple(1 if k == i else (s if k == j else 0) for k in range(n)))
    for s in itertools.product((1, -1, 2), repeat=n):
        if s not in out and n <= 3:
            out.append(s)
    return out


def _lowest_term(poly_t: sp.Poly) -> tuple[int, sp.Expr] | None:
    terms = [(m[0], c) for m, c in poly_t.terms() if c != 0]
    if not terms:
        return None
    return min(terms, key=lambda mc: mc[0])


def _truncate(expr: sp.Expr, u: sp.Symbol, order: int) -> sp.Expr:
    poly = sp.Poly(sp.expand(expr), u)
    return sp.Add(*(c * u ** m[0] for m, c in poly.terms() if m[0] <= order))


def _splitting_lemma(
    an: _Analysis, point: _Point, g: sp.Expr, us: tuple[sp.Symbol, ...]
) -> tuple[str, bool | None, list[Step], Any] | None:
    """Kind of a point whose Hessian has corank 1, by the splitting lemma.

    With k spanning the kernel of H and w_1, …, w_(n-1) completing a basis on which H is
    definite (sign σ), write g(u, v) = f(x* + u k + Σ v_i w_i) − f(x*).  The equation
    ∂g/∂v = 0 has a unique power-series solution v = φ(u) (implicit function theorem), and g
    is equivalent to ψ(u) + σ|w|² with ψ(u) = g(u, φ(u)) (the splitting lemma).  Truncating φ
    at order N changes ψ only beyond order 2N + 1, so the lowest term a u^m of ψ, once found
    with m ≤ 2N + 1, is exact: m even with sign(a) = σ gives a strict extremum, anything else
    (m odd, or the opposite sign) a saddle.
    """
    n = len(us)
    if n < 2:
        return None  # one variable: the lowest-order term of g itself decides (below)
    H = sp.Matrix(an.hess.subs(dict(zip(an.xs, point.coords)), simultaneous=True))
    kernel = H.nullspace()
    if len(kernel) != 1:
        return None
    k = kernel[0].applyfunc(sp.simplify)
    others = [sp.Matrix([1 if i == j else 0 for i in range(n)]) for j in range(n)]
    basis = [k]
    for e in others:
        if sp.Matrix.hstack(*basis, e).rank() == len(basis) + 1:
            basis.append(e)
        if len(basis) == n:
            break
    W = sp.Matrix.hstack(*basis[1:])
    Hvv = W.T * H * W
    inert = [number_sign(sp.simplify(Hvv[:j, :j].det())) for j in range(1, n)]
    if any(s in (0, None) for s in inert):
        return None
    pos = all(s == 1 for s in inert)
    neg = all(s == (-1) ** (j + 1) for j, s in enumerate(inert))
    if not (pos or neg):
        return None  # an indefinite nondegenerate part is a saddle already (not reached)
    sigma = 1 if pos else -1
    u = sp.Symbol("u", real=True)
    vs = sp.symbols(f"v1:{n}", real=True)
    shift = k * u + W * sp.Matrix(vs)
    gu = sp.expand(g.subs(dict(zip(us, shift)), simultaneous=True))
    grad_v = sp.Matrix([sp.diff(gu, v) for v in vs])
    linear = Hvv * sp.Matrix(vs)
    rest = sp.expand(grad_v - linear)
    Hinv = Hvv.inv()
    for N in (2, 4, 8):
        phi = sp.zeros(n - 1, 1)
        for _ in range(N + 1):
            sub = dict(zip(vs, phi))
            step_phi = -Hinv * rest.subs(sub, simultaneous=True)
            phi = step_phi.applyfunc(lambda e, order=N: _truncate(e, u, order))
        psi = sp.Poly(sp.expand(gu.subs(dict(zip(vs, phi)), simultaneous=True)), u)
        terms = sorted((m[0], c) for m, c in psi.terms() if c != 0 and m[0] <= 2 * N + 1)
        if not terms:
            continue
        m, a = terms[0]
        step = Step(
            sp.Eq(sp.Function("psi")(u), a * u**m + sp.Order(u ** (m + 1), u), evaluate=False),
            f"splitting lemma (Hessian of corank 1, kernel {tuple(k)}): f - f(x*) is equivalent to "
            f"psi(u) plus a {'positive' if sigma > 0 else 'negative'} definite quadratic",
            rule="splitting-lemma",
        )
        sign_a = number_sign(sp.simplify(a))
        if sign_a is None:
            return None
        if m % 2 == 0 and sign_a == sigma:
            kind = KIND_MIN if sigma > 0 else KIND_MAX
            return kind, True, [step], ""
        reason = "odd order" if m % 2 else "psi has the opposite sign to the definite part"
        return (
            KIND_SADDLE,
            None,
            [step, Step(sp.true, f"{reason}: not an extremum", rule="not-an-extremum")],
            None,
        )
    return None


def _higher_order(an: _Analysis, point: _Point, value: sp.Expr) -> tuple[str, bool | None, list[Step], Any]:
    """Kind of a point whose Hessian is semidefinite, from f − f(point) near the point."""
    radical = all(not c.has(sp.CRootOf) for c in point.coords)
    if not radical or (an.params and any(c.free_symbols & set(an.params) for c in point.coords)):
        return KIND_UNDECIDED, None, [], None
    if not an.f.is_polynomial(*an.xs):
        return KIND_UNDECIDED, None, [], None
    n = len(an.xs)
    us = sp.symbols(f"u1:{n + 1}", real=True)
    g = sp.expand(
        an.f.subs({v: c + u for v, c, u in zip(an.xs, point.coords, us)}, simultaneous=True) - value
    )
    if not an.params and all(not c.free_symbols for c in point.coords):
        split = _splitting_lemma(an, point, g, us)
        if split is not None:
            return split
    t = sp.Symbol("t", real=True)
    steps: list[Step] = []
    signs_seen: dict[int, tuple[tuple[int, ...], sp.Expr]] = {}
    flat: tuple[int, ...] | None = None
    for d in _directions(n):
        along = sp.expand(g.subs({u: di * t for u, di in zip(us, d)}, simultaneous=True))
        if along == 0:
            flat = flat or d
            continue
        low = _lowest_term(sp.Poly(along, t))
        if low is None:
            continue
        order, coeff = low
        s = an.sign(coeff)
        if s is None:
            continue
        if order % 2 == 1:
            step = Step(
                sp.Eq(sp.Function("f")(*[c + di * t for c, di in zip(point.coords, d)]) - value, along),
                f"lowest-order term has odd degree {order}: f - f(x*) changes sign along direction {d}",
                rule="odd-order-term",
            )
            return (
                KIND_SADDLE,
                None,
                [step],
                Witness({"direction": sp.Matrix(d)}, shows=sp.Eq(sp.Function("g")(t), along, evaluate=False)),
            )
        signs_seen.setdefault(s, (d, along))
        if 1 in signs_seen and -1 in signs_seen:
            (d1, a1), (d2, a2) = signs_seen[1], signs_seen[-1]
            steps = [
                Step(sp.Eq(sp.Function("g")(t), a1), f"f - f(x*) along {d1}", rule="along-direction"),
                Step(sp.Eq(sp.Function("g")(t), a2), f"f - f(x*) along {d2}", rule="along-direction"),
            ]
            steps.append(
                Step(sp.true, "f - f(x*) takes both signs arbitrarily close to x*: a saddle", rule="saddle")
            )
            return KIND_SADDLE, None, steps, None
    # sign of g everywhere
    gs = _even_monomial_sign(an, g, an.cell, us)
    if gs is None:
        return KIND_UNDECIDED, None, [], None
    kind = KIND_MIN if gs > 0 else KIND_MAX
    rel = sp.GreaterThan if gs > 0 else sp.LessThan
    steps.append(
        Step(
            rel(g, 0, evaluate=False),
            "f(x* + u) - f(x*): every term is an even power with a coefficient of one sign",
            rule="even-powers",
        )
    )
    poly = sp.Poly(g, *us)
    pure = all(
        any(m[k] > 0 and all(m[j] == 0 for j in range(n) if j != k) for m in poly.monoms()) for k in range(n)
    )
    strict: bool | None = None
    if pure:
        strict = True
        steps.append(
            Step(
                sp.true,
                "it vanishes only at u = 0 (each u_i has a pure power term)",
                rule="vanishes-only-at-point",
            )
        )
    elif flat is not None:
        strict = False
    return kind, strict, steps, "" if an.domain else "global"


def _classify_point(an: _Analysis, point: _Point) -> StationaryComponent:
    try:
        comp = _classify_point_exact(an, point)
    except (sp.PolynomialError, NotImplementedError, ValueError, TypeError) as exc:
        cls = Result("the kind of the point", "undecided", notes=(f"not classified: {type(exc).__name__}",))
        comp = StationaryComponent(point.equations, 0, KIND_UNDECIDED, None, point.coords, None, "", cls)
    if comp.kind == KIND_UNDECIDED and len(an.xs) == 1 and not an.params and point.root is None:
        # one variable: the first nonzero derivative at the point decides (x**4*(x - 1)**3 at 0)
        return _first_nonzero_derivative(an.f, an.xs, point.coords, orders=range(2, 13))
    return comp


def _classify_point_exact(an: _Analysis, point: _Point) -> StationaryComponent:
    cell: Cell = an.cell
    polynomial = an.f.is_polynomial(*an.xs)
    if point.root is not None and polynomial:
        cell = _PointCell(an.cell, point.root, point.gen)  # type: ignore[arg-type]
    if point.root is not None and not polynomial:
        # exact coordinates (radicals or CRootOf) substituted into a non-polynomial Hessian
        exact_subs = dict(zip(an.xs, point.coords))
        H = sp.ImmutableMatrix(an.hess.subs(exact_subs, simultaneous=True).applyfunc(sp.simplify))
        point = _Point(point.coords, exact_subs, None, None, point.equations)
    else:
        H = an.hess.subs(point.subs, simultaneous=True)
        H = sp.ImmutableMatrix(H.applyfunc(lambda e: sp.cancel(sp.expand(e))))
    if point.root is not None:
        H = sp.ImmutableMatrix(H.applyfunc(lambda e: _reduce_alg(e, point)))
    if point.sqrt is not None:
        sq, D = point.sqrt
        cell = _SqrtCell(an.cell, sq, D, an)
        H = sp.ImmutableMatrix(H.applyfunc(lambda e: _recombine(_reduce_sqrt(e, sq, D), sq)))
    coeffs = characteristic_coefficients(H, sp.cancel)
    minors = leading_minors(H)
    hres = classify_in_cell(H, coeffs, minors, cell, name="the Hessian")
    value = (
        sp.simplify(an.f.subs(dict(zip(an.xs, point.coords)), simultaneous=True))
        if point.root is None
        else None
    )
    if point.sqrt is not None:
        A, B = _reduce_sqrt(an.f.subs(point.subs, simultaneous=True), *point.sqrt)
        value = sp.factor(A) + sp.factor(B) * sp.sqrt(point.sqrt[1])
    if point.root is not None:
        val_poly = sp.expand(an.f.subs(point.subs, simultaneous=True))
        red = _reduce_alg(val_poly, point)
        value = _own_root(red, point.root, sp.Symbol("v")) if red.free_symbols else red
    kind_map = {
        "positive definite": (KIND_MIN, True),
        "negative definite": (KIND_MAX, True),
        "indefinite": (KIND_SADDLE, None),
    }
    steps = [Step(sp.Eq(sp.Matrix(an.xs), sp.Matrix(point.coords)), "the point", rule="point")]
    if hres.verdict.value == "proven" and hres.value in kind_map:
        kind, strict = kind_map[hres.value]
        reason = {
            KIND_MIN: "second-order sufficient condition: gradient zero, Hessian positive definite",
            KIND_MAX: "gradient zero, Hessian negative definite: strict local maximum",
            KIND_SADDLE: "Hessian indefinite: f increases along v and decreases along w",
        }[kind]
        steps.append(Step(sp.true, reason, substeps=hres.steps, rule="second-order-test"))
        scope = ""
        unbounded = None
        if kind in (KIND_MIN, KIND_MAX) and value is not None:
            scope, gsteps, unbounded = _global_scope(an, point, value, kind, cell)
            steps += gsteps
        cls = Result(f"the point is a {kind}", "proven", steps=steps, witness=hres.witness)
        return StationaryComponent(
            point.equations, 0, kind, strict, point.coords, value, scope, cls, unbounded
        )
    if hres.verdict.value == "proven" and hres.value in (
        "positive semidefinite",
        "negative semidefinite",
        "zero",
    ):
        steps.append(
            Step(
                sp.true,
                f"the Hessian is {hres.value}: second-order test inconclusive",
                hres.steps,
                rule="second-order-inconclusive",
            )
        )
        kind, strict, hsteps, extra = _higher_order(an, point, value)
        if kind != KIND_UNDECIDED:
            steps += hsteps
            scope = extra if isinstance(extra, str) else ""
            if kind in (KIND_MIN, KIND_MAX) and not scope and value is not None:
                scope, gsteps, _ = _global_scope(an, point, value, kind, cell)
                steps += gsteps
            witness = extra if isinstance(extra, Witness) else None
            cls = Result(f"the point is a {kind}", "proven", steps=steps, witness=witness)
            return StationaryComponent(point.equations, 0, kind, strict, point.coords, value, scope, cls)
        note = f"the Hessian is {hres.value} and the higher-order terms did not decide"
    else:
        note = "the Hessian's definiteness is not decided on this case"
    cls = Result("the kind of the point", "undecided", notes=(note,))
    return StationaryComponent(point.equations, 0, KIND_UNDECIDED, None, point.coords, value, "", cls)


def _recombine(parts: tuple[sp.Expr, sp.Expr], s: sp.Symbol) -> sp.Expr:
    return parts[0] + parts[1] * s


def _reduce_alg(e: sp.Expr, point: _Point) -> sp.Expr:
    e = sp.together(e)
    num, den = sp.fraction(e)
    gen = point.gen
    assert point.root is not None and gen is not None
    parts = []
    for part in (num, den):
        if gen in part.free_symbols:
            try:
                poly = sp.Poly(part, gen, domain="QQ")
            except sp.CoercionFailed:  # irrational numbers in a domain bound (x < sqrt(2))
                poly = sp.Poly(part, gen)
            part = poly.rem(sp.Poly(point.root.poly.as_expr(), gen)).as_expr()
        parts.append(part)
    return sp.cancel(parts[0] / parts[1])


def _quadratic_reason(n: int, centre: str, then: str) -> Sentence:
    """Why a quadratic f has one sign about a stationary point: 2(f(x) - f(x0)) = u^T H u."""
    x, x0, u = (sp.MatrixSymbol(name, n, 1) for name in ("x", centre, "u"))
    H = sp.MatrixSymbol("H", n, n)
    f = sp.Function("f")
    twice = sp.Mul(2, f(x) - f(x0), evaluate=False)
    return Sentence(
        "f is quadratic:",
        sp.Eq(twice, u.T * H * u, evaluate=False),
        "exactly, with",
        sp.Eq(u, x - x0, evaluate=False),
        f", {then}",
    )


def _global_scope(
    an: _Analysis, point: _Point, value: sp.Expr, kind: str, cell: Cell
) -> tuple[str, list[Step], Witness | None]:
    """'global' with a proof that f − f(x*) has one sign, or 'local' with an unbounded ray."""
    want = 1 if kind == KIND_MIN else -1
    if an.domain:
        return "", [], None
    diff = an.f - value
    if an.f.is_polynomial(*an.xs) and sp.Poly(an.f, *an.xs).total_degree() <= 2:
        rel = sp.GreaterThan if want > 0 else sp.LessThan
        u = sp.Matrix([v - c for v, c in zip(an.xs, point.coords)])
        step = Step(
            rel(sp.collect(sp.expand((u.T * an.hess * u)[0, 0] / 2), an.xs), 0, evaluate=False),
            _quadratic_reason(len(an.xs), "x_star", "and H is definite"),
            rule="quadratic-form",
        )
        return "global", [step], None
    s = _structural_sign(an, diff, cell)
    if s is None and point.root is None:
        s = _even_monomial_sign(an, diff, cell)
    if s is None and len(an.xs) == 1 and not an.params and point.root is None:
        # one variable: the kernel's exact sign proof of f - f(x*) on the whole line
        proof = prove_sign(diff, ">=" if want > 0 else "<=")
        if proof.verdict.value == "proven":
            rel = sp.GreaterThan if want > 0 else sp.LessThan
            return (
                "global",
                [Step(rel(diff, 0, evaluate=False), "exact sign proof", proof.steps, rule="exact-sign")],
                None,
            )
    if s == want:
        rel = sp.GreaterThan if want > 0 else sp.LessThan
        step = Step(
            rel(diff, 0, evaluate=False),
            "a sum of even powers with coefficients of one sign: the extremum is global",
            rule="even-powers",
        )
        return "global", [step], None
    # unbounded in the other direction: a ray along which f -> -oo (for a minimum)
    t = sp.Symbol("t", real=True)
    n = len(an.xs)
    for d in _directions(n):
        along = sp.expand(an.f.subs({v: di * t for v, di in zip(an.xs, d)}, simultaneous=True))
        if not along.free_symbols & {t} or not along.is_polynomial(t):
            continue
        poly = sp.Poly(along, t)
        deg = poly.degree()
        lc = poly.LC()
        s_lc = an.sign(lc, an.cell)
        if s_lc is None or deg < 1:
            continue
        for direction in (1, -1):
            lim_sign = s_lc * (direction**deg)
            if lim_sign == -want:
                ray = tuple(direction * di for di in d)
                what = "below" if want > 0 else "above"
                step = Step(
                    sp.Eq(sp.Function("f")(*[di * t for di in ray]), sp.expand(along.subs(t, direction * t))),
                    Sentence(
                        f"f is unbounded {what} along this ray:",
                        sp.Function("f")(*[di * t for di in ray]),
                        "->",
                        -want * sp.oo,
                        "as",
                        t,
                        "->",
                        sp.oo,
                        "; the extremum is only local",
                    ),
                    rule="unbounded-ray",
                )
                return (
                    "local",
                    [step],
                    Witness({"direction": sp.Matrix(ray)}, description=f"f unbounded {what}"),
                )
    return "", [], None


def _value_on_set(an: _Analysis, G: list[sp.Expr]) -> sp.Expr | None:
    """f on the set V(G) when f reduces modulo G to a constant (None otherwise)."""
    if an.params:
        # parametrise the (linear) set; every denominator must be nonzero on the whole cell
        if not all(sp.Poly(g, *an.xs).total_degree() == 1 for g in G):
            return None
        lead = [next(v for v in an.xs if sp.Poly(g, *an.xs).degree(v) > 0) for g in G]
        sol = sp.solve(G, lead, dict=True)
        if len(sol) != 1:
            return None
        on = sp.cancel(sp.together(an.f.subs(sol[0], simultaneous=True)))
        dens = [sp.fraction(sp.together(v))[1] for v in sol[0].values()] + [sp.fraction(on)[1]]
        if any(an.sign(d) not in (1, -1) for d in dens) or on.free_symbols & set(an.xs):
            return None
        return sp.factor(on)
    basis = sp.groebner(G, *an.xs, order="lex")
    num, den = sp.fraction(sp.together(an.f))
    if den.free_symbols & set(an.xs) or not num.is_polynomial(*an.xs):
        return None
    rem = basis.reduce(sp.expand(num))[1]
    if as_sympy(rem).free_symbols & set(an.xs):
        return None
    return sp.factor(sp.together(rem / den))


def _real_regular_point(an: _Analysis, G: list[sp.Expr], dim: int) -> dict[sp.Symbol, sp.Expr] | None:
    """A rational point of V(G) where the Jacobian of G has rank n − dim: the real set has dimension dim."""
    xs = an.xs
    n = len(xs)
    jac = sp.Matrix([[sp.diff(g, v) for v in xs] for g in G])
    values = (0, 1, -1, 2, -2, sp.Rational(1, 2))
    for free in itertools.combinations(xs, dim):
        rest = [v for v in xs if v not in free]
        for assignment in itertools.islice(itertools.product(values, repeat=dim), 40):
            sub = dict(zip(free, assignment))
            eqs = [sp.expand(g.subs(sub)) for g in G]
            try:
                sols = sp.solve(eqs, rest, dict=True) if rest else ([{}] if all(e == 0 for e in eqs) else [])
            except NotImplementedError:
                continue
            for sol in sols:
                point = {**sub, **sol}
                if set(point) != set(xs) or not all(as_sympy(point[v]).is_Rational for v in xs):
                    continue
                if any(sp.expand(g.subs(point)) != 0 for g in G):
                    continue
                if jac.subs(point).rank() == n - dim:
                    return point
    return None


def _classify_set(an: _Analysis, G: list[sp.Expr], dim: int) -> StationaryComponent:
    """Classify a positive-dimensional component: f is constant on it; compare f with that value."""
    xs = an.xs
    if not G:
        # the gradient vanishes identically: f is constant
        value = sp.simplify(an.f)
        steps = [
            Step(
                sp.Eq(sp.Function("f")(*xs), value),
                "f is constant: every point is stationary",
                rule="constant-function",
            )
        ]
        cls = Result(
            "every point is a non-strict global minimum (and maximum)",
            "proven",
            steps=steps,
            notes=("f is constant: every point is both a non-strict minimum and a non-strict maximum",),
        )
        return StationaryComponent((), dim, KIND_MIN, False, None, value, "global", cls)
    if an.params:
        # divide by the leading coefficients (nonzero on the cell) so the equations read x = …
        G = [sp.cancel(g / _lc(g, xs)) for g in G]
        G = [sp.expand(g) if not sp.fraction(g)[1].free_symbols & set(xs) else g for g in G]
    eqs = tuple(sp.factor(g) if len(sp.Add.make_args(g)) > 1 else g for g in G)
    linear = all(sp.Poly(g, *xs).total_degree() == 1 for g in G)
    steps: list[Step] = []
    if not linear:
        if an.params:
            cls = Result(
                "the kind of the set", "undecided", notes=("a curved stationary set with parameters",)
            )
            return StationaryComponent(eqs, dim, KIND_UNDECIDED, None, None, None, "", cls)
        regular = _real_regular_point(an, G, dim)
        if regular is None:
            cls = Result(
                "the kind of the set",
                "undecided",
                notes=(f"no regular real point found: the real dimension {dim} is not certified",),
            )
            return StationaryComponent(eqs, dim, KIND_UNDECIDED, None, None, None, "", cls)
        steps.append(
            Step(
                sp.Eq(sp.Matrix(xs), sp.Matrix([regular[v] for v in xs])),
                f"a real point of the set where its equations have independent gradients: "
                f"the real set has dimension {dim}",
                rule="regular-point",
            )
        )
    on_set = _value_on_set(an, G)
    if on_set is None:
        cls = Result("the kind of the set", "undecided", notes=("f is not constant on the set",))
        return StationaryComponent(eqs, dim, KIND_UNDECIDED, None, None, None, "", cls)
    steps.append(
        Step(
            sp.Eq(sp.Function("f")(*xs), on_set),
            "f on the set: f reduces to this constant modulo its equations",
            rule="reduce-modulo-equations",
        )
    )
    diff = sp.expand(an.f - on_set)
    s = _structural_sign(an, an.f - on_set, an.cell)
    if s is None:
        s = _even_monomial_sign(an, diff, an.cell)
    reason = "even powers with coefficients of one sign: f - c has one sign"
    quadratic = an.f.is_polynomial(*xs) and sp.Poly(an.f, *xs).total_degree() <= 2
    if s is None and quadratic:
        # f is quadratic: f(x) - c = (x - x0)^T H (x - x0) / 2 exactly, for x0 on the set
        H = sp.ImmutableMatrix(an.hess)
        coeffs = characteristic_coefficients(H)
        minors = leading_minors(H)
        hres = classify_in_cell(H, coeffs, minors, an.cell, name="the Hessian")
        s = {"positive semidefinite": 1, "negative semidefinite": -1}.get(str(hres.value))
        if s is not None:
            reason = _quadratic_reason(len(xs), "x_0", f"for a point x_0 of the set, and H is {hres.value}")
            steps.append(
                Step(
                    sp.true,
                    f"the (constant) Hessian is {hres.value}",
                    hres.steps,
                    rule="hessian-definiteness",
                )
            )
    if s in (1, -1) and not an.domain:
        kind = KIND_MIN if s > 0 else KIND_MAX
        rel = sp.GreaterThan if s > 0 else sp.LessThan
        steps.append(Step(rel(an.f - on_set, 0, evaluate=False), reason, rule="sign-on-set"))
        steps.append(
            Step(
                sp.true,
                f"every point of the set is a non-strict global {kind} (f is constant on it)",
                rule="constant-on-set",
            )
        )
        cls = Result(f"every point of the set is a {kind}", "proven", steps=steps)
        return StationaryComponent(eqs, dim, kind, False, None, on_set, "global", cls)
    if linear:
        # a saddle everywhere on the set when the Hessian there is one indefinite matrix
        lead = [next(v for v in xs if sp.Poly(g, *xs).degree(v) > 0) for g in G]
        param = sp.solve(G, lead, dict=True)
        if len(param) == 1:
            H = sp.ImmutableMatrix(an.hess.subs(param[0], simultaneous=True).applyfunc(sp.expand))
            if not (H.free_symbols & set(xs)):
                coeffs = characteristic_coefficients(H)
                minors = leading_minors(H)
                hres = classify_in_cell(H, coeffs, minors, an.cell, name="the Hessian")
                if hres.value == "indefinite":
                    steps.append(
                        Step(
                            sp.true,
                            "the Hessian is the same indefinite matrix at every point of the set",
                            hres.steps,
                            rule="indefinite-on-set",
                        )
                    )
                    cls = Result(
                        "every point of the set is a saddle", "proven", steps=steps, witness=hres.witness
                    )
                    return StationaryComponent(eqs, dim, KIND_SADDLE, None, None, on_set, "", cls)
    cls = Result(
        "the kind of the set", "undecided", notes=("neither one sign of f - c nor an indefinite Hessian",)
    )
    return StationaryComponent(eqs, dim, KIND_UNDECIDED, None, None, on_set, "", cls)


def _split_line(
    an: _Analysis, G: list[sp.Expr], comp: StationaryComponent
) -> list[StationaryComponent] | None:
    """A line of stationary points whose nature changes along it, cut into pieces of one kind.

    Parametrise the line by one free variable s; the Hessian kills the line's direction d,
    and on a complement W the transversal Hessian T(s) = Wᵀ H(s) W decides: on an interval
    of s where det T ≠ 0 and T is definite, every point is a non-strict local minimum or
    maximum (Morse–Bott lemma: f = c + a nondegenerate quadratic form across the line), where
    T is indefinite a saddle.  At the real roots of det T the point is classified on its own.
    """
    xs = an.xs
    if not an.f.is_polynomial(*xs) or comp.value is None:
        return None
    if not all(sp.Poly(g, *xs).total_degree() == 1 for g in G):
        return None
    lead = [next(v for v in xs if sp.Poly(g, *xs).degree(v) > 0) for g in G]
    free = [v for v in xs if v not in lead]
    if len(free) != 1:
        return None
    (svar,) = free
    sol = sp.solve(G, lead, dict=True)
    if len(sol) != 1:
        return None
    param = {**sol[0], svar: svar}
    P = sp.Matrix([param[v] for v in xs])
    d = sp.Matrix([sp.diff(e, svar) for e in P])
    basis = [d]
    for j in range(len(xs)):
        e = sp.Matrix([1 if i == j else 0 for i in range(len(xs))])
        if sp.Matrix.hstack(*basis, e).rank() == len(basis) + 1:
            basis.append(e)
    W = sp.Matrix.hstack(*basis[1:])
    H = sp.Matrix(an.hess.subs(param, simultaneous=True)).applyfunc(sp.expand)
    if (H * d).applyfunc(sp.expand) != sp.zeros(len(xs), 1):
        return None
    T = (W.T * H * W).applyfunc(sp.expand)
    det = sp.expand(T.det(method="berkowitz"))
    if det == 0:
        return None
    try:
        cells = parameter_cells([svar], [det])
    except CellSplitUnavailable:
        return None
    coeffs = characteristic_coefficients(T)
    minors = leading_minors(T)
    out: list[StationaryComponent] = []
    base_steps = [
        Step(sp.Eq(sp.Matrix(xs), P), f"the line, parametrised by {svar}", rule="parametrise-line"),
        Step(
            sp.Eq(sp.Symbol("T"), T),
            "the Hessian across the line (it vanishes along it)",
            rule="transverse-hessian",
        ),
    ]
    for cell in cells:
        if cell.kinds[svar] == "point":
            value = cell.values[svar]
            s0 = value.expr if isinstance(value, RealAlgebraic) else value
            coords = tuple(sp.simplify(c.subs(svar, s0)) for c in P)
            pt = _Point(coords, dict(zip(xs, coords)), None, None, tuple(v - c for v, c in zip(xs, coords)))
            kind, strict, hsteps, _extra = _higher_order(an, pt, comp.value)
            if kind == KIND_UNDECIDED:
                cls = Result("the kind of the point", "undecided", notes=("degenerate point of the line",))
            else:
                cls = Result(f"the point is a {kind}", "proven", steps=[*base_steps, *hsteps])
            out.append(StationaryComponent(pt.equations, 0, kind, strict, coords, comp.value, "", cls))
            continue
        tres = classify_in_cell(T, coeffs, minors, cell, name="T")
        kinds = {"positive definite": KIND_MIN, "negative definite": KIND_MAX, "indefinite": KIND_SADDLE}
        kind = kinds.get(str(tres.value), KIND_UNDECIDED)
        where = tuple(_relations_of(cell.condition))
        if kind == KIND_UNDECIDED:
            cls = Result("the kind of this part of the line", "undecided", notes=("T is degenerate here",))
        else:
            reason = (
                "T indefinite: every point is a saddle"
                if kind == KIND_SADDLE
                else f"T definite: Morse-Bott lemma, every point is a non-strict local {kind}"
            )
            cls = Result(
                f"every point of this part is a {kind}",
                "proven",
                steps=[*base_steps, Step(cell.condition, reason, substeps=tres.steps, rule="case")],
            )
        strict = None if kind in (KIND_SADDLE, KIND_UNDECIDED) else False
        out.append(
            StationaryComponent(comp.equations, 1, kind, strict, None, comp.value, "", cls, None, where)
        )
    return out


def _relations_of(cond: Any) -> list[Any]:
    if cond is sp.true:
        return []
    return list(cond.args) if isinstance(cond, sp.And) else [cond]


def _in_domain(an: _Analysis, point: _Point) -> bool | None:
    cell: Cell = an.cell if point.root is None else _PointCell(an.cell, point.root, point.gen)  # type: ignore[arg-type]
    if point.sqrt is not None:
        cell = _SqrtCell(an.cell, point.sqrt[0], point.sqrt[1], an)
    for rel in an.domain:
        lhs = (rel.lhs - rel.rhs).subs(point.subs, simultaneous=True)
        if point.root is not None:
            lhs = _reduce_alg(lhs, point)
        s = an.sign(lhs, cell)
        if s is None:
            return None
        if not bool(rel.func(s, 0)):
            return False
    return True


def _satisfiable(cond: Any, symbols: list[sp.Symbol]) -> tuple[bool | None, dict]:
    """The kernel's decision, or None when the condition is not polynomial over the rationals."""
    try:
        return satisfiable(cond, symbols)
    except Unsupported:
        return None, {}


def _smooth_at(an: _Analysis, pt: _Point) -> bool | None:
    """Whether f is defined (real), continuous and differentiable at a point (the domain engine).

    ``log(x**2 - 4)`` has ∇f = 0 at x = 0, where f is not real: not a stationary point.
    """
    cell: Cell = an.cell if pt.root is None else _PointCell(an.cell, pt.root, pt.gen)  # type: ignore[arg-type]
    if pt.sqrt is not None:
        cell = _SqrtCell(an.cell, pt.sqrt[0], pt.sqrt[1], an)
    verdict: bool | None = True
    for r in requirements(an.f, an.xs, order=2):
        if not r.ok:
            return None
        value = r.arg.subs(pt.subs, simultaneous=True)
        if pt.root is not None:
            value = _reduce_alg(value, pt)
        got = number_sign(value) if not value.free_symbols else an.sign(value, cell)
        if got is not None and got in r.ok:
            continue
        if got is not None and got in r.bad:
            return False
        verdict = None
    return verdict


def _set_meets_domain(an: _Analysis, G: list[sp.Expr]) -> bool | None:
    """Whether the set {G = 0} has a point in the (open) domain, for the cell's parameters."""
    if not an.domain:
        return True
    cond = sp.And(*[sp.Eq(g, 0) for g in G], *an.domain)
    if an.params:
        cond = sp.And(cond, an.cell.condition)
    got, _ = _satisfiable(cond, [*an.xs, *an.params])
    return got


def _set_requirements(an: _Analysis, G: list[sp.Expr]) -> list[Any]:
    """The domain engine's requirements on f that may fail somewhere on the set {G = 0} in the domain."""
    relation = {POS: sp.StrictGreaterThan, ZERO: sp.Equality, NEG: sp.StrictLessThan}
    out = []
    for r in requirements(an.f, an.xs, order=2):
        if not r.arg.free_symbols & set(an.xs):
            continue
        fails = sp.Or(*[relation[sg](r.arg, 0) for sg in (POS, ZERO, NEG) if sg not in r.ok])
        cond = sp.And(*[sp.Eq(g, 0) for g in G], *an.domain, fails)
        if an.params:
            cond = sp.And(cond, an.cell.condition)
        if _satisfiable(cond, [*an.xs, *an.params])[0] is not False:
            out.append(r)
    return out


def _analyse(an: _Analysis) -> StationaryResult:
    steps = list(an.grad_steps)
    pieces = _decompose(an, an.grad_polys)
    if pieces is None:
        return StationaryResult(
            "the stationary set",
            "undecided",
            notes=tuple(an.notes) + ("the solution structure is not constant on this case",),
            variables=an.xs,
        )
    components: list[StationaryComponent] = []
    complete = True
    for G in pieces:
        dim = _dimension(G, an.xs)
        if dim == 0:
            pts = _points(an, G)
            if pts is None:
                complete = False
                an.notes.append(f"a zero-dimensional piece {G} is not in shape position: not solved")
                continue
            for pt in pts:
                inside = _in_domain(an, pt) if an.domain else True
                if inside is False:
                    continue
                if inside is None:
                    complete = False
                    an.notes.append(f"could not decide whether {pt.coords} is in the domain")
                    continue
                if not _check_point(an, pt):
                    complete = False
                    an.notes.append(f"the point {pt.coords} did not check exactly")
                    continue
                smooth = _smooth_at(an, pt)
                if smooth is False:
                    an.notes.append(f"f is not real or differentiable at {pt.coords}: not stationary")
                    continue
                if smooth is None:
                    complete = False
                    an.notes.append(f"could not show that f is defined and differentiable at {pt.coords}")
                    continue
                components.append(_classify_point(an, pt))
        else:
            meets = _set_meets_domain(an, G)
            if meets is False:
                an.notes.append(f"the stationary set {G} does not meet the domain")
                continue
            if meets is None or _set_requirements(an, G):
                complete = False
                an.notes.append(f"could not show that the set {G} meets the domain where f is smooth")
            comp = _classify_set(an, G, dim)
            if an.domain:
                an.notes.append("a stationary set meets the domain: shown whole, restricted to the domain")
            pieces_of_line = None
            if comp.kind == KIND_UNDECIDED and dim == 1 and not an.params and not an.domain:
                pieces_of_line = _split_line(an, G, comp)
            if pieces_of_line is not None:
                components += pieces_of_line
            else:
                components.append(comp)
    components = _unique(components)
    components.sort(key=lambda c: (c.dimension, [sp.default_sort_key(e) for e in c.equations]))
    # pieces of one line keep the order of the line's parameter (sort is stable)
    for c in components:
        steps.append(
            Step(
                sp.And(*[sp.Eq(e, 0) for e in c.equations]),
                f"component: {c.kind_text()}",
                c.classification.steps,
                rule="component",
            )
        )
    proven = complete and all(c.kind != KIND_UNDECIDED for c in components)
    verdict = "proven" if proven else "undecided"
    if not steps:
        steps = [Step(sp.true, "no stationary point", rule="no-stationary-point")]
    return StationaryResult(
        "the stationary set",
        verdict,
        steps=steps,
        notes=tuple(dict.fromkeys(an.notes)),
        components=tuple(components),
        variables=an.xs,
    )


def _unique(components: list[StationaryComponent]) -> list[StationaryComponent]:
    """Drop repeated components (the same point or set reached through two pieces)."""
    out: list[StationaryComponent] = []
    for c in components:
        same = False
        for d in out:
            if c.dimension != d.dimension:
                continue
            if c.point is not None and d.point is not None:
                same = all(sp.simplify(a - b) == 0 for a, b in zip(c.point, d.point))
            else:
                same = c.equations == d.equations and c.where == d.where
            if same:
                break
        if not same:
            out.append(c)
    return out


def _check_point(an: _Analysis, pt: _Point) -> bool:
    """Substitute the point into ∇f (exactly) and check every component vanishes."""
    for g in an.grad_polys:
        val = sp.expand(g.subs(pt.subs, simultaneous=True))
        if pt.sqrt is not None:
            A, B = _reduce_sqrt(val, *pt.sqrt)
            if A != 0 or B != 0:
                return False
            continue
        if pt.root is not None:
            val = _reduce_alg(val, pt)
        if sp.simplify(val) != 0:
            return False
    return True


# Public API


def _as_function(f: Any) -> sp.Expr:
    if isinstance(f, str):
        from symml.core.parsing import parse_expression

        return parse_expression(f)
    from symml.core.parsing import as_expr

    return as_expr(f, what="f")


def _as_condition_list(value: Any) -> list[Any]:
    from symml.core.parsing import as_conditions

    return as_conditions(value)


def stationary_points(
    f: Any, variables: Any, *, domain: Any = None, assumptions: Any = None
) -> StationaryPoints:
    r"""All real stationary points of f (∇f = 0), classified, split by cases of the parameters.

    Parameters
    ----------
    f : SymPy expression or string
        A scalar function; symbols that are not variables are real parameters.
    variables : list of Symbol or string
        The variables, e.g. ``[x, y]`` or ``"x,y"``.
    assumptions : relations on the parameters, optional
        E.g. ``p > 0``; the cases cover exactly the admissible values.
    domain : strict inequalities on the variables, optional
        An open set to restrict the search to, e.g. ``x > 0``.

    Returns
    -------
    StationaryPoints
        A :class:`~symml.core.results.Cases` of :class:`StationaryResult`; each case lists
        its components (points and non-isolated sets) with kind ``minimum``, ``maximum``,
        ``saddle`` or ``undecided``, strictness and, when proven, global scope.

    Raises
    ------
    DomainError
        When the domain is not given by strict inequalities on the variables.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y, p = sp.symbols("x y p")
    >>> res = stationary_points((p - 1)*x**2 + (p + 1)*y**2, [x, y])
    >>> [(str(c), [(cp.equations, cp.kind, cp.strict) for cp in r.components]) for c, r in res]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('p < -1', [((x, y), 'maximum', True)]), ('Eq(p, -1)', [((x,), 'maximum', False)]),
     ('(p > -1) & (p < 1)', [((x, y), 'saddle', None)]), ('Eq(p, 1)', [((y,), 'minimum', False)]),
     ('p > 1', [((x, y), 'minimum', True)])]
    """
    expr = _as_function(f)
    xs = tuple(check_variables(variables))
    if isinstance(f, str) or any(v.is_real for v in xs):
        # the parser makes real symbols; match the user's variables by name
        by_name = {v.name: v for v in xs}
        expr = expr.subs({s: by_name[s.name] for s in expr.free_symbols if s.name in by_name and s not in xs})
    # a variable declared positive (negative) lives on x > 0 (x < 0)
    own = [c for c in own_conditions(xs) if isinstance(c, (sp.StrictGreaterThan, sp.StrictLessThan))]
    dom = [*_as_condition_list(domain), *own]
    for rel in dom:
        if not isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan)):
            raise DomainError(
                f"the domain must be an open set given by strict inequalities (< or >); got {rel}"
            )
        extra = rel.free_symbols - set(xs)
        if extra:
            raise DomainError(
                f"the domain {rel} mentions {sorted(map(str, extra))}, which are not variables; "
                "put conditions on parameters in assumptions"
            )
    assume_list = _as_condition_list(assumptions)
    require_consistent(assume_list, "the assumptions")
    assume = sp.And(*assume_list) if assume_list else sp.true
    params = tuple(sorted((expr.free_symbols | assume.free_symbols) - set(xs), key=sp.default_sort_key))
    missing_vars = [v for v in xs if v not in expr.free_symbols]
    notes0 = [f"f does not depend on {v}" for v in missing_vars]
    if dom and _satisfiable(sp.And(*dom), list(xs))[0] is False:
        empty = StationaryResult(
            "the stationary set",
            "proven",
            steps=[Step(sp.And(*dom), "the domain is empty: no stationary point", rule="empty-domain")],
            variables=xs,
        )
        return StationaryPoints([(assume, empty)], params, assume, expr, xs)
    polyg = _polynomial_gradient(expr, xs)
    if polyg is None or not _rational_coefficients(polyg[0], [*xs, *params]):
        return _fallback(expr, xs, params, assume, dom)
    grad_polys, gnotes = polyg
    hess = hessian(expr, xs)
    grad_steps = [Step(gradient_statement(gradient(expr, xs)), "gradient", rule="gradient")]
    if not params:
        an = _Analysis(expr, xs, (), ConstantCell(), dom, grad_polys, hess, grad_steps, notes=notes0 + gnotes)
        return StationaryPoints([(sp.true, _analyse(an))], (), sp.true, expr, xs)
    critical: list[sp.Expr] = []
    for _ in range(4):
        try:
            cells = parameter_cells(params, critical, assume)
        except CellSplitUnavailable as exc:
            res = StationaryResult(
                "the stationary set", "undecided", notes=(f"no exact case split: {exc}",), variables=xs
            )
            return StationaryPoints([(assume, res)], params, assume, expr, xs)
        results = []
        new: set[sp.Expr] = set()
        for cell in cells:
            res = _analyse_cell(
                expr, xs, params, cell, dom, grad_polys, hess, grad_steps, notes0 + gnotes, new
            )
            results.append(res)
        new -= set(critical)
        if not new:
            break
        critical += sorted(new, key=sp.default_sort_key)
    pairs = [(c.condition, r) for c, r in zip(cells, results)]
    if len(params) == 1 and assume is sp.true:
        pairs = _merge(cells, results, params[0])
    return StationaryPoints(pairs, params, assume, expr, xs)


def _analyse_cell(
    expr: sp.Expr,
    xs: tuple[sp.Symbol, ...],
    params: tuple[sp.Symbol, ...],
    cell: Cell,
    dom: list[Any],
    grad_polys: list[sp.Expr],
    hess: Any,
    grad_steps: list[Step],
    notes: list[str],
    missing: set[sp.Expr],
) -> StationaryResult:
    fixed = cell.point_substitution
    if fixed:
        sub_f = sp.expand(expr.subs(fixed))
        irrational = [p for p, v in fixed.items() if not v.is_Rational]
        coefficients_rational = (
            all(
                c.is_Rational or not c.free_symbols - set(params) and not c.has(sp.CRootOf, sp.Pow)
                for c in sp.Poly(sub_f, *xs).coeffs()
            )
            if sub_f.is_polynomial(*xs)
            else False
        )
        if irrational and not coefficients_rational:
            return StationaryResult(
                "the stationary set",
                "undecided",
                notes=(f"the case {cell.condition} fixes a parameter at an irrational value: not analysed",),
                variables=xs,
            )
        rest = tuple(p for p in params if p not in fixed)
        sub_cell: Cell = ConstantCell() if not rest else _restrict(cell, rest)
        polyg = _polynomial_gradient(sub_f, xs)
        if polyg is None:
            return StationaryResult(
                "the stationary set", "undecided", notes=("gradient not polynomial",), variables=xs
            )
        an = _Analysis(
            sub_f, xs, rest, sub_cell, dom, polyg[0], hessian(sub_f, xs), grad_steps, notes=list(notes)
        )
    else:
        an = _Analysis(expr, xs, params, cell, dom, grad_polys, hess, grad_steps, notes=list(notes))
    res = _analyse(an)
    if res.verdict.value != "proven":
        missing |= an.missing
    return res


def _restrict(cell: Cell, rest: tuple[sp.Symbol, ...]) -> Cell:
    return Cell(
        cell.condition,
        {p: cell.kinds[p] for p in rest},
        {p: cell.values[p] for p in rest},
        cell.critical,
    )


def _merge(
    cells: list[Cell], results: list[StationaryResult], p: sp.Symbol
) -> list[tuple[Any, StationaryResult]]:

    return merge_adjacent_cells(
        cells,
        results,
        p,
        same=lambda a, b: a.signature() == b.signature() and b.verdict.value == "proven",
        rebuild=lambda first, parts: StationaryResult(
            first.claim,
            first.verdict,
            steps=part_steps(parts),
            notes=first.notes,
            components=first.components,
            variables=first.variables,
        ),
    )


def _rational_coefficients(polys: list[sp.Expr], gens: list[sp.Symbol]) -> bool:
    """Whether every polynomial has rational coefficients (the exact solver works over Q)."""
    try:
        return all(c.is_Rational for g in polys for c in sp.Poly(g, *gens).coeffs())
    except sp.PolynomialError:
        return False


def _fallback(expr: sp.Expr, xs: Any, params: Any, assume: Any, dom: Any) -> StationaryPoints:
    """Non-polynomial gradient: candidates from solveset on the domain (one variable) or
    sympy.solve, each checked exactly (in the domain, f real and differentiable there, ∇f = 0).

    With one variable and no parameters, a finite solveset answer on the domain interval is
    the whole stationary set; otherwise completeness is not claimed.
    """
    notes = ["the gradient is not a polynomial system over Q (after removing non-vanishing factors)"]
    real = {v: sp.Symbol(v.name, real=True) for v in (*xs, *params) if not v.is_real}
    if real:  # solve and classify over the reals (Abs(x) of a complex x has no derivative)
        back = {r: v for v, r in real.items()}
        res = _fallback(
            expr.xreplace(real),
            tuple(real.get(v, v) for v in xs),
            params,
            assume,
            [c.xreplace(real) for c in dom],
        )
        return StationaryPoints([(c, _back_result(r, back, xs)) for c, r in res], params, assume, expr, xs)
    sols, complete = _fallback_candidates(expr, xs, params, dom, notes)
    comps: list[StationaryComponent] = []
    for sol in sols:
        if set(sol) != set(xs) or any(v.free_symbols for v in sol.values()):
            complete = False if any(v.free_symbols - set(params) for v in sol.values()) else complete
            continue
        coords = tuple(sol[v] for v in xs)
        point = dict(zip(xs, coords))
        if any(holds(rel, xs, coords) is not True for rel in dom):
            continue
        if status_at(expr, xs, point, order=2) is not True or any(
            number_sign(g.subs(point)) != 0 for g in gradient(expr, xs)
        ):
            complete = False
            notes.append(f"the candidate {coords} is not shown to be smooth with gradient 0")
            continue
        comps.append(_first_nonzero_derivative(expr, xs, coords))
    decided = complete and all(c.kind != KIND_UNDECIDED for c in comps)
    if not complete:
        notes.append("completeness not proven")
    verdict = "proven" if decided else "undecided"
    steps = [
        Step(sp.And(*[sp.Eq(e, 0) for e in c.equations]), c.kind, c.classification.steps, rule="component")
        for c in comps
    ]
    if decided:
        steps = [
            Step(sp.true, notes[-1] if len(notes) > 1 else "no stationary point", rule="no-stationary-point"),
            *steps,
        ]
    res = StationaryResult(
        "the stationary set", verdict, steps=steps, notes=tuple(notes), components=tuple(comps), variables=xs
    )
    return StationaryPoints([(assume, res)], params, assume, expr, xs)


def _back_result(res: StationaryResult, back: dict[sp.Symbol, sp.Symbol], xs: Any) -> StationaryResult:
    """A fallback result in the user's own variables."""
    comps = tuple(
        dataclasses.replace(c, equations=tuple(e.xreplace(back) for e in c.equations)) for c in res.components
    )
    return StationaryResult(
        res.claim, res.verdict, steps=res.steps, notes=res.notes, components=comps, variables=tuple(xs)
    )


def _fallback_candidates(
    expr: sp.Expr, xs: Any, params: Any, dom: Any, notes: list[str]
) -> tuple[list[dict[sp.Symbol, Any]], bool]:
    if len(xs) == 1 and not params:
        (x,) = xs
        where: sp.Set = sp.S.Reals
        try:
            for rel in dom:
                where = where.intersect(sp.solveset(rel, x, sp.S.Reals))
            zeros = sp.solveset(sp.diff(expr, x), x, where)
        except (NotImplementedError, ValueError, TypeError):
            zeros = None
        if zeros is sp.S.EmptySet or isinstance(zeros, sp.FiniteSet):
            notes.append(f"zeros of f' on the domain (solveset): {sorted(zeros, key=sp.default_sort_key)}")
            return [{x: z} for z in zeros], True
    try:
        sols = sp.solve(list(gradient(expr, xs)), list(xs), dict=True)
    except (NotImplementedError, ValueError):
        sols = []
        notes.append("sympy.solve could not solve the gradient equations")
    return sols, False


def _first_nonzero_derivative(
    expr: sp.Expr, xs: Any, coords: tuple[Any, ...], orders: Any = (2, 3, 4)
) -> StationaryComponent:
    """One checked point: in one variable the first nonzero derivative classifies it
    (even order: a strict extremum by its sign; odd order: neither)."""
    equations = tuple(v - c for v, c in zip(xs, coords))
    if len(xs) == 1:
        (x,) = xs
        d = sp.diff(expr, x)
        for order in orders:
            d = sp.diff(d, x)
            s = number_sign(d.subs(x, coords[0]))
            if s is None or s == 0:
                if s is None:
                    break
                continue
            if order % 2 == 1:
                kind, strict = KIND_SADDLE, None
            else:
                kind, strict = (KIND_MIN if s > 0 else KIND_MAX), True
            why = f"the first nonzero derivative at the point is f^({order}) = {d.subs(x, coords[0])}"
            cls = Result(
                f"the point is a {kind}", "proven", steps=[Step(sp.Eq(x, coords[0]), why, rule="point")]
            )
            return StationaryComponent(equations, 0, kind, strict, coords, expr.subs(x, coords[0]), "", cls)
    cls = Result("the kind of the point", "undecided", notes=("not classified (non-polynomial gradient)",))
    return StationaryComponent(equations, 0, KIND_UNDECIDED, None, coords, None, "", cls)


def optimality_conditions(f: Any, variables: Any, point: Any) -> Checks:
    """The notes' optimality conditions at a point, each as a proven or refuted check.

    Returns :class:`~symml.core.results.Checks` (a read-only dict) with ``"first order
    necessary"`` (∇f(x*) = 0), ``"second order necessary"`` (∇f(x*) = 0 and ∇²f(x*)
    positive semidefinite) and ``"second order
    sufficient"`` (∇f(x*) = 0 and ∇²f(x*) positive definite); a condition that fails is
    ``refuted`` with the failing quantity as witness.

    Parameters
    ----------
    f : SymPy expression or str
        The function; it must be twice differentiable at ``point`` (else the checks are
        ``undecided``).
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    point : sequence or dict
        The candidate x*, one exact coordinate per variable, e.g. ``(0, 0)`` or
        ``{x: 0, y: 0}``; a wrong number of coordinates raises ``ShapeError``, a point where f is not defined
        (real) ``DomainError``.

    Returns
    -------
    Checks
        A read-only dict name -> ``Result``; each ``.verdict`` is ``proven``, ``refuted``
        (``.witness`` holds the gradient or the Hessian that fails) or ``undecided``.

    Examples
    --------
    At the origin, x⁴ + y⁴ satisfies the second-order necessary condition but not the
    sufficient one (its Hessian is 0), although the origin is its minimiser:

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> checks = optimality_conditions(x**4 + y**4, [x, y], (0, 0))
    >>> checks["second order necessary"].verdict.value, checks["second order sufficient"].verdict.value
    ('proven', 'refuted')

    The saddle x² − y² is stationary at the origin, but its Hessian is indefinite:

    >>> r = optimality_conditions(x**2 - y**2, [x, y], (0, 0))["second order necessary"]
    >>> r.verdict.value, r.witness["hessian"]
    ('refuted', Matrix([
    [2,  0],
    [0, -2]]))
    """
    from symml.optimisation.definiteness import definiteness
    from symml.optimisation.methods.core import as_point

    expr = _as_function(f)
    xs = tuple(check_variables(variables))
    pt = tuple(as_point(point, len(xs), "the point", xs))  # a sequence, or a {symbol: value} dict
    subs = dict(zip(xs, pt))
    smooth = status_at(expr, xs, subs, order=2)
    if smooth is False:
        raise DomainError(f"f = {expr} is not defined (real) at {pt}")
    if smooth is None:
        return _not_differentiable_checks(expr, pt)
    g = sp.ImmutableMatrix(gradient(expr, xs).subs(subs, simultaneous=True).applyfunc(sp.simplify))
    H = sp.ImmutableMatrix(hessian(expr, xs).subs(subs, simultaneous=True).applyfunc(sp.simplify))
    out: dict[str, Result] = {}
    zero = sp.zeros(len(xs), 1)
    first_ok = g == zero
    first = (
        Result(
            gradient_statement(g),
            "proven",
            steps=[Step(gradient_statement(g), "substitute", rule="substitute")],
        )
        if first_ok
        else Result(gradient_statement(zero), "refuted", witness=Witness({"gradient": g}))
    )
    out["first order necessary"] = first
    d = definiteness(H)
    if not isinstance(d, Result):  # the Hessian's definiteness depends on parameters
        note = "the Hessian's definiteness depends on the parameters; use definiteness(H) for its cases"
        for name in ("second order necessary", "second order sufficient"):
            out[name] = Result(f"{name} condition holds", "undecided", notes=(note,))
        return Checks(out, f"optimality conditions of f = {expr} at {pt}")
    psd = d.value in ("positive definite", "positive semidefinite", "zero")
    pd = d.value == "positive definite"
    for name, ok in (("second order necessary", psd), ("second order sufficient", pd)):
        if first_ok and ok:
            out[name] = Result(f"{name} condition holds", "proven", steps=[*first.steps, *d.steps])
        else:
            out[name] = Result(
                f"{name} condition holds",
                "refuted",
                witness=Witness({"gradient": g, "hessian": H}, description=f"the Hessian is {d.value}"),
            )
    return Checks(out, f"optimality conditions of f = {expr} at {pt}")


def _not_differentiable_checks(expr: sp.Expr, pt: tuple[Any, ...]) -> Checks:
    """f is not shown twice differentiable at the point (Abs(x) at 0): no condition is claimed."""
    note = f"f = {expr} is not shown to be twice differentiable at {pt}: the conditions do not apply"
    names = ("first order necessary", "second order necessary", "second order sufficient")
    out = {name: Result(f"{name} condition holds", "undecided", notes=(note,)) for name in names}
    return Checks(out, f"optimality conditions of f = {expr} at {pt}")


def _json_case(case: Any) -> dict[str, Any]:  # pragma: no cover - kept for callers of the JSON shape
    return {"condition": str(case.condition), **to_json_value(case.result)}
