r"""Convexity of functions and sets, proven or refuted exactly (notes, Section 2.3).

:func:`convexity` decides whether f is strictly convex, convex, affine, concave, strictly
concave or neither on a convex domain, split by cases of its parameters.  Three routes,
tried in order, each producing a proof or an exact witness:

1. **Second order** (Theorem 2.1): the sign of f'' on the domain (one variable; strictness
   proven when f'' vanishes only at finitely many points, as for x⁴), or the signs of the
   Hessian's principal minors (several variables; positive definite ⇒ strict).
2. **Composition rules** (:mod:`symml.optimisation.convexity.rules`): sums, nonnegative
   multiples, affine pre-composition, pointwise max, monotone convex/concave outer
   functions, |t|ᵖ, norms, log-sum-exp, quadratic-over-linear, negative entropy.
3. **Refutation**: exact x, x′, λ violating (2.24), found numerically and substituted back
   exactly (rationals, or certified arb balls); ``neither`` carries witnesses against both
   convexity and concavity.

Parameters (symbols other than the variables) are split into cells at the values where
the curvature can change, and the result is a :class:`ConvexityCases` whose conditions
are checked to be disjoint and covering.  Sets given by constraints are handled by
:func:`set_convexity`, epigraphs by :func:`epigraph_convexity`, and the statements of
Theorem 2.1 and Propositions 2.1–2.2 by :func:`tangent_chain`, :func:`nondecreasing`
and :func:`steepest_ascent`.
"""

from __future__ import annotations

import enum
import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.core.errors import DomainError, InvalidValueError, SymmlError
from symml.core.exact.cells import line_segments, line_sign_pattern, real_zeros
from symml.core.exact.domain import (
    DEFINED,
    DIFFERENTIABLE,
    Requirement,
    parameter_exprs,
    requirements,
    status_at,
    unproven,
)
from symml.core.exact.numbers import NEG, POS, ZERO, compare, number_sign, rational_between
from symml.core.exact.signs import SIGN_NAMES, assumed_sign
from symml.core.latex.text import counted
from symml.core.limits import limits
from symml.core.parsing import as_sympy, expanded_terms
from symml.core.results import Cases, Printable, Result, Sentence, Step, Verdict, Witness
from symml.optimisation.convexity.rules import Context, derive_curvature
from symml.optimisation.convexity.witness import certify_chord, chord_witness, holds, set_witness

__all__ = [
    "Curvature",
    "ConvexityResult",
    "ConvexityCases",
    "convexity",
    "set_convexity",
    "epigraph_convexity",
    "tangent_chain",
    "nondecreasing",
    "steepest_ascent",
]


class Curvature(enum.StrEnum):
    """The most specific curvature proven: strictly convex … neither, or undecided."""

    STRICTLY_CONVEX = "strictly convex"
    CONVEX = "convex"
    AFFINE = "affine"
    CONCAVE = "concave"
    STRICTLY_CONCAVE = "strictly concave"
    NEITHER = "neither"
    UNDEFINED = "undefined"  # for a parameter case in which f is defined nowhere (exp(x/a), a = 0)
    UNDECIDED = "undecided"

    @property
    def is_convex(self) -> bool:
        return self in (Curvature.STRICTLY_CONVEX, Curvature.CONVEX, Curvature.AFFINE)

    @property
    def is_concave(self) -> bool:
        return self in (Curvature.STRICTLY_CONCAVE, Curvature.CONCAVE, Curvature.AFFINE)


@dataclass(frozen=True)
class ProofResult(Result):
    """A :class:`Result` of the convexity rules; its claim is a :class:`Sentence` (words and
    SymPy objects), which the printer sets with inline math."""


def _proof(claim: Any, verdict: Verdict, **kwargs: Any) -> ProofResult:
    return ProofResult(claim, verdict, **kwargs)


def _named_f(f: Any) -> sp.Eq:
    """f = <expression>, for a claim."""
    return sp.Eq(sp.Symbol("f"), f, evaluate=False)


def _domain(variables: Sequence[Any], domain: Sequence[Any]) -> Any:
    """The domain of a claim: its conditions, or R (R^n) when there are none."""
    if domain:
        return sp.And(*domain)
    return sp.S.Reals if len(variables) == 1 else sp.ProductSet(*([sp.S.Reals] * len(variables)))


@dataclass(frozen=True)
class ConvexityResult(ProofResult):
    """The curvature of f on a domain (for one case of the parameters), with its evidence.

    ``verdict`` is ``proven`` for every definite curvature (``neither`` included: its
    steps are the two exact witnesses), ``undecided`` otherwise.  ``witness`` refutes
    convexity and ``concave_witness`` refutes concavity, when found.
    """

    curvature: Curvature = Curvature.UNDECIDED
    concave_witness: Witness | None = None
    function: Any = None
    variables: tuple[Any, ...] = ()
    domain: tuple[Any, ...] = ()

    json_fields = ("verdict=curvature", "status=verdict", "claim", "witness=witnesses", "steps", "notes?")

    @property
    def witnesses(self) -> dict[str, Witness | None] | None:
        """The witnesses against convexity and against concavity (``None`` when neither)."""
        if self.witness is None and self.concave_witness is None:
            return None
        return {"against_convex": self.witness, "against_concave": self.concave_witness}


class ConvexityCases(Cases[ConvexityResult]):
    """Curvature split by cases of the parameters; ``to_json()`` has the CLI's shape."""

    function: Any = None
    variables: tuple[Any, ...] = ()

    json_fields = ("function", "variables", "cases=case_list")

    def text(self) -> str:
        """Plain-text summary, one line per case (used by the ``symml convex`` command)."""
        from symml.core.latex.text import plain

        lines = []
        for case in self:
            r = case.result
            line = f"{plain(case.condition)}: {r.curvature.value} ({r.verdict.value})"
            if r.witness is not None:
                line += "; against convexity " + r.witness.text()
            if r.concave_witness is not None:
                line += "; against concavity " + r.concave_witness.text()
            lines.append(line)
        if len(self) == 1 and self[0].condition is sp.true:
            return (
                f"{plain(self[0].result.claim)} ({self[0].result.verdict.value})" + lines[0].partition(")")[2]
            )
        return "\n".join(lines)

    @property
    def curvature(self) -> Curvature:
        """The curvature when there is a single case (no parameter split)."""
        if len(self) != 1:
            raise SymmlError("this result has several parameter cases; use .where(...) or iterate over it")
        return self[0].result.curvature


# ---------------------------------------------------------------------------------------
# Input handling: symbols, domain, parameter cells


@dataclass
class _Problem:
    f: sp.Expr  # in real dummies
    xs: tuple[sp.Symbol, ...]
    params: tuple[sp.Symbol, ...]
    conditions: list[Any]  # domain, in dummies
    assumptions: list[Any]  # parameter assumptions, in dummies
    back: dict[sp.Symbol, sp.Symbol]
    user_f: sp.Expr
    user_xs: tuple[sp.Symbol, ...]
    user_domain: tuple[Any, ...]
    interval: sp.Set | None = None  # one variable: the domain as an interval
    dom_subs: dict[sp.Symbol, sp.Expr] = field(default_factory=dict)
    written: sp.Expr | None = None  # f as the user wrote it (exp(log(x)) not reduced to x), in dummies


def _prepare(f: Any, variables: Any, domain: Any, assumptions: Any) -> _Problem:
    from symml.core.exact.semialgebraic import require_consistent
    from symml.core.parsing import as_conditions, as_expr, as_symbols
    from symml.core.symbols import own_conditions, realify

    xs_user = tuple(as_symbols(variables))
    if not xs_user:
        raise SymmlError("give at least one variable, e.g. [x]")
    f_user = as_expr(f, xs_user, what="f")
    names = {s.name: s for s in f_user.free_symbols if isinstance(s, sp.Symbol)}
    names.update({s.name: s for s in xs_user})
    # the variables' own assumptions (x = Symbol("x", positive=True)) are part of the domain
    own = [c for c in own_conditions(xs_user) if not isinstance(c, sp.Ne)]
    dom_user = [*as_conditions(domain, names), *own]
    # the parameters' own assumptions (a = Symbol("a", positive=True)) bound the case split
    params_user = f_user.free_symbols - set(xs_user)
    ass_user = [*as_conditions(assumptions, names), *own_conditions(params_user)]
    require_consistent(ass_user, "the assumptions")
    extra = set(xs_user)
    for c in [*dom_user, *ass_user]:
        extra |= {s for s in c.free_symbols if isinstance(s, sp.Symbol)}
    bad_dom = set().union(*(c.free_symbols for c in dom_user)) - set(xs_user) if dom_user else set()
    if bad_dom:
        raise SymmlError(
            f"the domain mentions {', '.join(sorted(map(str, bad_dom)))}, which are not variables; "
            "put conditions on parameters in assumptions"
        )
    bad_ass = set().union(*(c.free_symbols for c in ass_user)) & set(xs_user) if ass_user else set()
    if bad_ass:
        raise SymmlError(
            f"the assumptions mention the variable(s) {', '.join(sorted(map(str, bad_ass)))}; "
            "put conditions on variables in the domain"
        )
    (f_r, dom_r, ass_r), mapping, back = realify([f_user, list(dom_user), list(ass_user)], variables=extra)
    xs = tuple(mapping[x] for x in xs_user)
    params = tuple(
        sorted(
            (f_r.free_symbols | set().union(*(c.free_symbols for c in ass_r))) - set(xs), key=lambda s: s.name
        )
    )
    prob = _Problem(f_r, xs, params, list(dom_r), list(ass_r), back, f_user, xs_user, tuple(dom_user))
    with sp.evaluate(False):  # the natural domain comes from f as written, before SymPy simplifies
        prob.written = f_user.xreplace(mapping)
    _check_domain(prob)
    return prob


def _check_domain(prob: _Problem) -> None:
    """The domain must be a convex set: an interval, or built from convex sublevel sets."""
    if any(c is sp.false for c in prob.conditions):
        raise DomainError("the domain is empty (a condition is False); give a nonempty convex domain")
    if len(prob.xs) == 1:
        (x,) = prob.xs
        s: sp.Set = sp.S.Reals
        for c in prob.conditions:
            if c.has(sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc):
                # SymPy solves periodic inequalities over one period only: sin(x) > 0 would be (0, pi)
                raise DomainError(
                    f"the domain condition {_show([c.xreplace(prob.back)])} holds on infinitely many "
                    "intervals (its function is periodic), so it is not one convex set; give the "
                    "interval itself, e.g. 0 < x < pi"
                )
            try:
                s = s.intersect(sp.solveset(c, x, sp.S.Reals))
            except (NotImplementedError, ValueError, TypeError) as exc:
                raise DomainError(
                    f"cannot read the domain condition {c} as a set of reals; give inequalities such as x > 0"
                ) from exc
        if s is sp.S.EmptySet:
            raise DomainError(f"the domain {_show(prob.user_domain)} is empty; give a nonempty interval")
        if not isinstance(s, sp.Interval) and s != sp.S.Reals:
            raise DomainError(
                f"the domain {_show(prob.user_domain)} is {s}, not an interval, so it is not "
                "convex; give one interval, e.g. x > 0"
            )
        if isinstance(s, sp.Interval) and s.measure == 0:
            raise DomainError(f"the domain {_show(prob.user_domain)} is a single point; give an interval")
        prob.interval = sp.Interval(-sp.oo, sp.oo) if s == sp.S.Reals else s
        prob.dom_subs = _interval_subs(x, prob.interval)
        _check_closed_ends(prob)
        return
    for c in prob.conditions:
        res = _condition_convex(c, prob.xs) or _convex_over_positive_variable(c, prob.xs, prob.conditions)
        if res is None:
            raise DomainError(
                f"cannot show the domain condition {_show([c.xreplace(prob.back)])} describes a convex "
                "set; use affine or convex g(x) <= 0 conditions"
            )
    # per-variable bounds become substitutions for the sign reasoning
    for x in prob.xs:
        s = sp.S.Reals
        for c in prob.conditions:
            if c.free_symbols == {x}:
                try:
                    s = s.intersect(sp.solveset(c, x, sp.S.Reals))
                except (NotImplementedError, ValueError, TypeError):
                    continue
        bounded_closed = (
            isinstance(s, sp.Interval)
            and s.inf.is_finite
            and s.sup.is_finite
            and not (s.left_open and s.right_open)
        )
        if isinstance(s, sp.Interval) and not bounded_closed:
            prob.dom_subs.update(_interval_subs(x, s))


def _check_closed_ends(prob: _Problem) -> None:
    """f must be defined at the closed ends of an interval domain (the substitution used for
    signs only covers the interior); continuity there is checked with the rest."""
    iv = prob.interval
    (x,) = prob.xs
    for end, closed in ((iv.inf, not iv.left_open), (iv.sup, not iv.right_open)):
        if not (closed and end.is_finite):
            continue
        try:
            value = prob.f.subs(x, end)
        except (ValueError, TypeError):  # Max/Min of a non-real value there
            value = sp.nan
        if status_at(prob.written, prob.xs, {x: end}, what=DEFINED) is False or value.has(
            sp.zoo, sp.nan, sp.oo, -sp.oo
        ):
            raise DomainError(
                f"f = {prob.user_f} is not defined at the end {prob.user_xs[0]} = {end} of the domain "
                f"{_show(prob.user_domain)}; make that end open"
            )


def _condition_convex(c: Any, xs: Sequence[sp.Symbol]) -> bool | None:
    """Whether one condition describes a convex set (True), or None when not shown."""
    if not isinstance(c, sp.core.relational.Relational):
        return None
    g = c.lhs - c.rhs
    if isinstance(c, (sp.StrictLessThan, sp.LessThan)):
        kinds = ("convex",)
    elif isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)):
        kinds = ("concave",)
    elif isinstance(c, sp.Equality):
        kinds = ("affine",)
    else:
        return None
    cur = derive_curvature(g, Context(tuple(xs), lambda e: assumed_sign(e)))
    if cur is None:
        return None
    if cur.kind == "affine" or cur.kind in kinds:
        return True
    return None


def _convex_over_positive_variable(c: Any, xs: Sequence[sp.Symbol], conditions: Sequence[Any]) -> bool | None:
    """g > 0 beside a condition v > 0 (v a variable): the set is {g/v > 0, v > 0}, convex when g/v is concave.

    ``x*z - y**2 > 0`` with ``x > 0``: ``z - y**2/x`` is concave on ``x > 0`` (a linear term minus a
    quadratic over linear), so the two conditions together describe a convex set.
    """
    if not isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)):
        return None
    g = c.lhs - c.rhs
    for v in xs:
        if not any(isinstance(d, sp.StrictGreaterThan) and d.lhs - d.rhs == v for d in conditions):
            continue
        positive = sp.Dummy(v.name, positive=True)
        h = sp.expand(g / v).xreplace({v: positive})
        variables = tuple(positive if s == v else s for s in xs)
        cur = derive_curvature(h, Context(variables, lambda e: assumed_sign(e)))
        if cur is not None and cur.kind in ("affine", "concave"):
            return True
    return None


def _interval_subs(x: sp.Symbol, s: sp.Interval) -> dict[sp.Symbol, sp.Expr]:
    lo, hi = s.inf, s.sup
    if lo.is_infinite and hi.is_infinite:
        return {}
    if hi.is_infinite:
        t = sp.Dummy("t", nonnegative=True) if not s.left_open else sp.Dummy("t", positive=True)
        return {x: lo + t}
    if lo.is_infinite:
        t = sp.Dummy("t", nonnegative=True) if not s.right_open else sp.Dummy("t", positive=True)
        return {x: hi - t}
    t = sp.Dummy("t", positive=True)
    # the interior (lo, hi); closed ends matter only for definedness, checked separately
    return {x: (lo + hi * t) / (1 + t)}


def _show(conds: Sequence[Any]) -> str:
    return ", ".join(str(c) for c in conds) if conds else "R"


@dataclass(frozen=True)
class _Cell:
    condition: Any
    values: dict[sp.Symbol, Any]  # parameters fixed at a point
    subs: dict[sp.Symbol, Any]  # open-interval parameters in terms of positive dummies


def _critical_values(
    exprs: Sequence[sp.Expr], xs: Sequence[sp.Symbol], params: Sequence[sp.Symbol]
) -> dict[sp.Symbol, set[Any]]:
    """Parameter values where a factor free of the variables changes sign."""
    out: dict[sp.Symbol, set[Any]] = {p: set() for p in params}
    for e in exprs:
        e = as_sympy(e)
        pieces: list[sp.Expr] = []
        try:
            num, den = sp.fraction(sp.factor(sp.together(e)))
        except (sp.PolynomialError, NotImplementedError):  # pragma: no cover - defensive
            num, den = e, sp.Integer(1)
        for part in (num, den):
            for fac in sp.Mul.make_args(part):
                if isinstance(fac, sp.Pow) and fac.exp.is_Integer:
                    fac = fac.base
                pieces.append(fac)
        for fac in pieces:
            ps = fac.free_symbols & set(params)
            if len(ps) != 1 or fac.free_symbols & set(xs):
                continue
            (p,) = ps
            roots = real_zeros(fac, p)
            if roots is not None:
                out[p] |= set(roots)
    return out


def _structural_exprs(f: sp.Expr, xs: Sequence[sp.Symbol]) -> list[sp.Expr]:
    """Expressions whose parameter roots matter to the composition rules: exponents, scales."""
    out: list[sp.Expr] = []
    for node in sp.preorder_traversal(f):
        if isinstance(node, sp.Pow) and node.exp.free_symbols and not (node.exp.free_symbols & set(xs)):
            out += [node.exp, node.exp - 1]
        if isinstance(node, sp.Mul):
            const, _ = node.as_independent(*xs, as_Add=False)
            if const.free_symbols:
                out.append(const)
    return out


def _solution_set(cond: Any, p: sp.Symbol) -> sp.Set:
    """The reals satisfying a condition on one parameter; ``or``/``not`` combinations included."""
    if isinstance(cond, (sp.Or, sp.And, sp.Not)):
        return cond.as_set()
    return sp.solveset(cond, p, sp.S.Reals)


def _cells(prob: _Problem, exprs: Sequence[sp.Expr]) -> list[_Cell]:
    params = prob.params
    if not params:
        return [_Cell(sp.true, {}, {})]
    undefined_at = parameter_exprs(prob.written if prob.written is not None else prob.f, prob.xs)
    crit = _critical_values([*exprs, *_structural_exprs(prob.f, prob.xs), *undefined_at], prob.xs, params)
    per_param: list[list[tuple[Any, dict, dict]]] = []
    for p in params:
        own = [c for c in prob.assumptions if c.free_symbols == {p}]
        allowed: sp.Set = sp.S.Reals
        for c in own:
            allowed = allowed.intersect(_solution_set(c, p))
        pts = (
            set(crit[p]) | {b for b in allowed.boundary if b.is_finite}
            if allowed != sp.S.Reals
            else set(crit[p])
        )
        segments = line_segments(v for v in pts if v.is_real)
        if segments is None:  # critical values that cannot be ordered exactly: no split
            whole = _whole_range_cell(prob)
            return [whole] if whole is not None else [_Cell(sp.And(*prob.assumptions), {}, {})]
        segs: list[tuple[Any, dict, dict]] = []
        for seg in segments:
            if allowed.contains(seg.sample) is not sp.true:
                continue
            if seg.kind == "point":
                segs.append((seg.condition(p), {p: seg.sample}, {}))
            else:
                segs.append((seg.condition(p), {}, _interval_param_subs(p, seg.lower, seg.upper)))
        per_param.append(segs)
    # parameters coupled only through assumptions are not split further
    size = math.prod(len(segs) for segs in per_param)
    names = ", ".join(str(prob.back.get(p, p)) for p in params)
    limits.check("max_cells", size, f"a case split over the parameters {names} (cells)")
    cells = []
    for combo in itertools.product(*per_param):
        cond = sp.And(*(c for c, _, _ in combo))
        values: dict = {}
        subs: dict = {}
        for _, v, s in combo:
            values.update(v)
            subs.update(s)
        cells.append(_Cell(cond, values, subs))
    return cells


def _whole_range_cell(prob: _Problem) -> _Cell | None:
    """One cell for all admissible parameter values, when each parameter's range is an interval."""
    subs: dict = {}
    for p in prob.params:
        allowed: sp.Set = sp.S.Reals
        for c in prob.assumptions:
            if c.free_symbols == {p}:
                allowed = allowed.intersect(_solution_set(c, p))
            elif p in c.free_symbols:
                return None
        if allowed == sp.S.Reals:
            continue
        if not isinstance(allowed, sp.Interval) or allowed.measure == 0:
            return None
        if (allowed.inf.is_finite and not allowed.left_open) or (
            allowed.sup.is_finite and not allowed.right_open
        ):
            return None  # a closed end is a point where the curvature may differ; split instead
        subs.update(_interval_param_subs(p, allowed.inf, allowed.sup))
    return _Cell(sp.And(*prob.assumptions) if prob.assumptions else sp.true, {}, subs)


def _interval_param_subs(p: sp.Symbol, lo: Any, hi: Any) -> dict[sp.Symbol, Any]:
    t = sp.Dummy(f"t_{p.name}", positive=True)
    if lo.is_infinite and hi.is_infinite:
        return {}
    if hi.is_infinite:
        return {p: lo + t}
    if lo.is_infinite:
        return {p: hi - t}
    return {p: (lo + hi * t) / (1 + t)}


# ---------------------------------------------------------------------------------------
# The analysis of one cell


_NONSMOOTH = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Piecewise, sp.floor, sp.ceiling, sp.Heaviside)


@dataclass
class _Analysis:
    prob: _Problem
    f: sp.Expr
    cell: _Cell
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def xs(self) -> tuple[sp.Symbol, ...]:
        return self.prob.xs

    @property
    def param_free(self) -> bool:
        return not (self.f.free_symbols - set(self.xs))

    def sign(self, e: sp.Expr) -> str | None:
        e = as_sympy(e)
        got = assumed_sign(e, {**self.prob.dom_subs, **self.cell.subs})
        if got is not None:
            return got
        if len(self.xs) == 1 and not (e.free_symbols - set(self.xs)) and self.prob.interval is not None:
            pat = line_sign_pattern(e, self.xs[0], self.prob.interval)
            if pat is not None and pat.pieces:
                if not self.prob.interval.is_open and pat.zeros == () and self._endpoints_sign(e) is False:
                    return None
                if all(s > 0 for _, _, s in pat.pieces):
                    return "pos" if not pat.zeros and self._endpoints_sign(e) is not False else "nonneg"
                if all(s < 0 for _, _, s in pat.pieces):
                    return "neg" if not pat.zeros and self._endpoints_sign(e, -1) is not False else "nonpos"
                if pat.nonneg:
                    return "nonneg"
                if pat.nonpos:
                    return "nonpos"
        return None

    def _endpoints_sign(self, e: sp.Expr, want: int = 1) -> bool:
        """At the closed ends of the interval, does e have the sign ``want``?"""
        iv = self.prob.interval
        ends = []
        if iv.inf.is_finite and not iv.left_open:
            ends.append(iv.inf)
        if iv.sup.is_finite and not iv.right_open:
            ends.append(iv.sup)
        return all(number_sign(e.subs(self.xs[0], v)) == want for v in ends)

    def member(self, point: Sequence[Any]) -> bool | None:
        """Whether an exact point lies in the domain and f (as written) is defined there."""
        inside = holds(sp.And(*self.prob.conditions), self.xs, point) if self.prob.conditions else True
        if inside is not True:
            return inside
        at = dict(zip(self.xs, point))
        verdict: bool | None = True
        for r in self.definedness:
            signs = _sign_set(self, r.arg.xreplace(at))
            if signs is not None and signs <= r.ok:
                continue
            if signs is not None and signs <= r.bad:
                return False
            verdict = None
        return verdict

    @functools.cached_property
    def definedness(self) -> list[Requirement]:
        return [r for r in requirements(_written(self), self.xs) if r.what == DEFINED]


_SIGN_SETS = {name: signs for signs, name in SIGN_NAMES.items()}


def _sign_set(an: _Analysis, e: sp.Expr) -> frozenset[int] | None:
    """The possible signs of e on the domain (the interior, for a bounded interval)."""
    if not e.free_symbols:
        s = number_sign(e)
        return None if s is None else frozenset({s})
    return _SIGN_SETS.get(an.sign(e) or "")


def _written(an: _Analysis) -> sp.Expr:
    """f as the user wrote it (its natural domain), with the cell's parameter values."""
    f = an.f if an.prob.written is None else an.prob.written
    f = f.subs(an.cell.values) if an.cell.values else f
    # open-interval parameters as positive dummies: the engine then knows an exponent's sign
    return f.xreplace(an.cell.subs) if an.cell.subs else f


def _closed_ends(an: _Analysis) -> list[Any]:
    iv = an.prob.interval
    if len(an.xs) != 1 or iv is None:
        return []
    return [
        end
        for end, closed in ((iv.inf, not iv.left_open), (iv.sup, not iv.right_open))
        if closed and end.is_finite
    ]


def _defined_on_domain(an: _Analysis) -> str:
    """Whether f is defined, real, finite and continuous on the whole domain (the domain engine).

    ``"proven"`` (a step is recorded), ``"undefined"`` when the cell's parameter values leave
    f undefined everywhere (``exp(x/a)`` at ``a = 0``), ``"unknown"`` when not shown (a note
    says why).  A point of the domain where f is provably undefined raises DomainError.
    """
    reqs = requirements(_written(an), an.xs)
    ends = _closed_ends(an)
    for r in unproven(reqs, lambda e: _sign_set(an, e)):
        why = r.why.replace(str(r.node), str(r.node.xreplace(an.prob.back)))
        if r.what == DEFINED and r.bad and not (r.arg.free_symbols & set(an.xs)):
            if (_sign_set(an, r.arg) or frozenset({POS, ZERO, NEG})) <= r.bad:
                an.notes.append(f"f is not defined for these parameter values: {why}")
                return "undefined"
        if r.what == DEFINED and r.bad and _undefined_at_a_point(an, r, why):
            return "undefined"
        an.notes.append(f"could not prove that f is {r.what} on the domain ({why})")
        return "unknown"
    for end, r in itertools.product(ends, reqs):
        if (
            _sign_set(an, r.arg.subs(an.xs[0], end)) is None
            or not _sign_set(an, r.arg.subs(an.xs[0], end)) <= r.ok
        ):
            an.notes.append(f"could not prove that f is {r.what} at the end {an.prob.user_xs[0]} = {end}")
            return "unknown"
    an.steps.append(
        Step(
            _domain_statement(an.prob),
            "the domain is convex and f is defined (real, finite) and continuous on it",
            rule="domain",
        )
    )
    return "proven"


def _undefined_at_a_point(an: _Analysis, r: Requirement, why: str) -> bool:
    """An exact point of the domain where the requirement provably fails: for a family f_a
    whose requirement comes with the parameter (|x|**a at x = 0 for a < 0) these parameter
    values are a case of their own (True, with a note); otherwise a DomainError."""
    bad = _violating_point(an, r)
    if bad is None:
        return False
    point, value = bad
    at, arg = _point_str(an.prob.user_xs, point), r.arg.xreplace(an.prob.back)
    if r.node.free_symbols - set(an.xs):
        an.notes.append(f"f is not defined at {at} for these parameter values ({arg} = {value} there)")
        return True
    raise DomainError(
        f"f = {an.prob.user_f} is not defined on the whole domain {_show(an.prob.user_domain)}: {why}"
        f", which fails at {at} ({arg} = {value}); restrict the domain"
    )


def _domain_statement(prob: _Problem) -> Any:
    if len(prob.xs) == 1 and prob.interval is not None:
        return sp.Contains(prob.xs[0], prob.interval, evaluate=False)
    if not prob.conditions:
        return sp.Contains(sp.Tuple(*prob.xs), sp.ProductSet(*([sp.S.Reals] * len(prob.xs))), evaluate=False)
    return sp.And(*prob.conditions)


def _violating_point(an: _Analysis, r: Requirement) -> tuple[Any, Any] | None:
    arg = r.arg
    if arg.free_symbols - set(an.xs):
        return None
    if len(an.xs) == 1:
        extra = []
        pat = line_sign_pattern(arg, an.xs[0], an.prob.interval)
        if pat is not None:
            extra = [*pat.zeros, *(v for _, v, _ in pat.pieces)]
        candidates = [(v,) for v in [*extra, *_interval_candidates(an.prob.interval)]]
    else:
        from symml.optimisation.convexity.witness import grid_points

        candidates = grid_points(len(an.xs))
    for pt in candidates:
        if holds(sp.And(*an.prob.conditions), an.xs, pt) is not True:
            continue
        if r.holds_at(dict(zip(an.xs, pt))) is False:
            return pt, arg.subs(dict(zip(an.xs, pt)))
    return None


def _interval_candidates(iv: sp.Interval) -> list[Any]:
    pts = []
    if iv.inf.is_finite and not iv.left_open:
        pts.append(iv.inf)
    if iv.sup.is_finite and not iv.right_open:
        pts.append(iv.sup)
    pts += [sp.Integer(v) for v in (0, -1, 1, -2, 2, -10, 10)]
    lo = iv.inf if iv.inf.is_finite else sp.Integer(-100)
    hi = iv.sup if iv.sup.is_finite else sp.Integer(100)
    for k in range(1, 8):
        pts.append(lo + (hi - lo) * sp.Rational(k, 8))
    return [p for p in pts if iv.contains(p) is sp.true]


def _point_str(xs: Sequence[sp.Symbol], point: Sequence[Any]) -> str:
    return ", ".join(f"{x} = {v}" for x, v in zip(xs, point))


def _is_affine(f: sp.Expr, xs: Sequence[sp.Symbol]) -> bool:
    if expanded_terms(f) > limits.max_expanded_terms:
        return False  # not expanded to find out (it would take minutes): not claimed affine
    try:
        poly = sp.Poly(sp.expand(f), *xs)
    except sp.PolynomialError:
        return False
    return poly.total_degree() <= 1 and all(not (c.free_symbols & set(xs)) for c in poly.coeffs())


def _twice_differentiable(an: _Analysis) -> bool:
    """Whether the domain engine proves f twice differentiable on the domain (for Theorem 2.1)."""
    reqs = [r for r in requirements(an.f, an.xs, order=2) if r.what == DIFFERENTIABLE]
    return not unproven(reqs, lambda e: _sign_set(an, e))


#: The sign of f'' on the domain -> (curvature, relation stated, conclusion, why).
_SECOND_ORDER_VERDICTS: dict[str, tuple[Any, Any, str, str]] = {
    "pos": (Curvature.STRICTLY_CONVEX, sp.StrictGreaterThan, "f strictly convex", "f'' > 0 on the domain"),
    "neg": (Curvature.STRICTLY_CONCAVE, sp.StrictLessThan, "f strictly concave", "f'' < 0 on the domain"),
    "nonneg": (Curvature.CONVEX, sp.GreaterThan, "f convex", "f'' >= 0 on the domain (Theorem 2.1)"),
    "nonpos": (Curvature.CONCAVE, sp.LessThan, "f concave", "f'' <= 0 on the domain (Theorem 2.1)"),
}


def _second_order_1d(an: _Analysis) -> tuple[Curvature | None, list[Step], dict[str, Any]] | None:
    (x,) = an.xs
    f = an.f
    if not _twice_differentiable(an):
        return None
    d1 = sp.diff(f, x)
    d2 = _tidy(sp.diff(d1, x))
    if d2.has(*_NONSMOOTH, sp.DiracDelta, sp.Derivative):
        return None
    steps = [
        Step(
            sp.Eq(sp.Derivative(f, (x, 2)), d2, evaluate=False), "second derivative", rule="second-derivative"
        )
    ]
    hints: dict[str, Any] = {}
    if an.param_free and an.prob.interval is not None:
        pat = line_sign_pattern(d2, x, an.prob.interval)
        if pat is not None:
            zeros = ", ".join(map(str, pat.zeros)) or "none"
            pieces = ", ".join(
                f"sign {'+' if s > 0 else '-' if s < 0 else '0'} at x = {v}" for _, v, s in pat.pieces
            )
            why = (
                f"f'' is continuous on the domain, its zeros there are {zeros} (solveset); "
                f"on the pieces between them: {pieces}"
            )
            if pat.identically_zero:
                return (
                    Curvature.AFFINE,
                    [
                        *steps,
                        Step(
                            sp.Eq(d2, 0, evaluate=False),
                            "f'' = 0: f is affine",
                            rule="second-derivative-zero",
                        ),
                    ],
                    hints,
                )
            if pat.nonneg:
                strict = all(s > 0 for _, _, s in pat.pieces)
                rel = sp.GreaterThan(d2, 0, evaluate=False)
                st = Step(rel, why, rule="second-derivative-sign")
                if strict:
                    concl = Step(
                        "f' strictly increasing",
                        f"f'' >= 0 and vanishes only at finitely many points ({zeros})"
                        ", so f' is strictly increasing and f strictly convex (Theorem 2.1, strict form)",
                        rule="second-order-condition",
                    )
                    return Curvature.STRICTLY_CONVEX, [*steps, st, concl], hints
                return (
                    Curvature.CONVEX,
                    [*steps, st, Step("f' nondecreasing", "Theorem 2.1", rule="second-order-condition")],
                    hints,
                )
            if pat.nonpos:
                strict = all(s < 0 for _, _, s in pat.pieces)
                st = Step(sp.LessThan(d2, 0, evaluate=False), why, rule="second-derivative-sign")
                if strict:
                    concl = Step(
                        "f' strictly decreasing",
                        f"f'' <= 0 and vanishes only at finitely many points ({zeros})"
                        ", so f is strictly concave",
                        rule="second-order-condition",
                    )
                    return Curvature.STRICTLY_CONCAVE, [*steps, st, concl], hints
                return (
                    Curvature.CONCAVE,
                    [
                        *steps,
                        st,
                        Step("f' nonincreasing", "Theorem 2.1 for -f", rule="second-order-condition"),
                    ],
                    hints,
                )
            neg = [(iv, v) for iv, v, s in pat.pieces if s < 0]
            pos = [(iv, v) for iv, v, s in pat.pieces if s > 0]
            hints["against_convex"] = [_pair_in(iv, v) for iv, v in neg]
            hints["against_concave"] = [_pair_in(iv, v) for iv, v in pos]
            return None, [], hints  # f'' changes sign: no curvature, but witnesses to look for
    s = an.sign(d2)
    if s is None:
        return None
    reason = "sign on the domain and parameter range (each factor's sign from the assumptions)"
    if s == "zero":
        return (
            Curvature.AFFINE,
            [
                *steps,
                Step(sp.Eq(d2, 0, evaluate=False), "f'' = 0: f is affine", rule="second-derivative-zero"),
            ],
            hints,
        )
    if s in _SECOND_ORDER_VERDICTS:
        curvature, relation, conclusion, why = _SECOND_ORDER_VERDICTS[s]
        stated = Step(relation(d2, 0, evaluate=False), reason, rule="second-derivative-sign")
        return curvature, [*steps, stated, Step(conclusion, why, rule="second-order-condition")], hints
    return None


def _pair_in(iv: sp.Interval, v: Any) -> tuple[tuple[Any], tuple[Any]]:
    return (rational_between(iv.inf, v),), (rational_between(v, iv.sup),)


_OPS_BUDGET = 40


def _tidy(e: sp.Expr) -> sp.Expr:
    """simplify for small expressions; a cheap normal form for large ones (simplify can take minutes)."""
    if sp.count_ops(e) <= _OPS_BUDGET:
        return sp.simplify(e)
    return sp.factor_terms(sp.together(e))


def _det(m: sp.Matrix) -> sp.Expr:
    """Determinant by cofactor expansion, without SymPy's intermediate simplification
    (``dotprodsimp`` inside ``Matrix.det`` can take minutes on exp/sqrt entries)."""
    n = m.rows
    if n == 1:
        return m[0, 0]
    if n == 2:
        return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
    total = sp.Integer(0)
    for j in range(n):
        if m[0, j] == 0:
            continue
        minor = m.extract(list(range(1, n)), [c for c in range(n) if c != j])
        total += (-1) ** j * m[0, j] * _det(minor)
    return total


def _principal_minors(h: sp.Matrix) -> list[tuple[tuple[int, ...], sp.Expr]]:
    n = h.rows
    out = []
    for k in range(1, n + 1):
        for rows in itertools.combinations(range(n), k):
            out.append((rows, _tidy(_det(h.extract(list(rows), list(rows))))))
    return out


def _second_order_nd(an: _Analysis) -> tuple[Curvature, list[Step], dict[str, Any]] | None:
    from symml.optimisation.calculus import hessian

    f = an.f
    if not _twice_differentiable(an):
        return None
    if sp.count_ops(f) > _OPS_BUDGET or expanded_terms(f) > limits.max_hessian_terms:
        return None  # minors of a large Hessian blow up; leave it to the rules and witnesses
    h = hessian(f, list(an.xs)).applyfunc(_tidy)
    steps = [Step(h, "Hessian matrix of second partial derivatives", rule="hessian")]
    minors = _principal_minors(h)
    signs = {rows: an.sign(m) for rows, m in minors}
    n = h.rows
    leading = [tuple(range(k)) for k in range(1, n + 1)]

    def rows_name(rows: tuple[int, ...]) -> str:
        return "principal minor of rows/columns " + ",".join(str(r + 1) for r in rows)

    if all(s in ("pos", "nonneg", "zero") for s in signs.values()):
        if all(signs[r] == "pos" for r in leading):
            sub = [
                Step(
                    sp.StrictGreaterThan(m, 0, evaluate=False),
                    "leading " + rows_name(r),
                    rule="leading-minor",
                )
                for r, m in minors
                if r in leading
            ]
            return (
                Curvature.STRICTLY_CONVEX,
                [
                    *steps,
                    Step(
                        "Hessian positive definite on the domain",
                        "Sylvester's criterion",
                        tuple(sub),
                        rule="sylvester",
                    ),
                    Step(
                        "f strictly convex",
                        "positive definite Hessian on a convex domain",
                        rule="second-order-condition",
                    ),
                ],
                {},
            )
        sub = [
            Step(sp.GreaterThan(m, 0, evaluate=False), rows_name(r), rule="principal-minor")
            for r, m in minors
        ]
        return (
            Curvature.CONVEX,
            [
                *steps,
                Step(
                    "Hessian positive semidefinite on the domain",
                    "all principal minors are nonnegative",
                    tuple(sub),
                    rule="principal-minors",
                ),
                Step("f convex", "Theorem 2.1", rule="second-order-condition"),
            ],
            {},
        )
    alt = {rows: s for rows, s in signs.items()}

    def nsd_ok(rows: tuple[int, ...]) -> bool:
        s = alt[rows]
        if s == "zero":
            return True
        return s in (("pos", "nonneg") if len(rows) % 2 == 0 else ("neg", "nonpos"))

    if all(nsd_ok(r) for r in alt):
        if all(alt[r] == ("pos" if len(r) % 2 == 0 else "neg") for r in leading):
            sub = [
                Step(
                    sp.StrictGreaterThan((-1) ** len(r) * m, 0, evaluate=False),
                    "leading " + rows_name(r) + " times (-1)^k",
                    rule="leading-minor",
                )
                for r, m in minors
                if r in leading
            ]
            return (
                Curvature.STRICTLY_CONCAVE,
                [
                    *steps,
                    Step(
                        "Hessian negative definite on the domain",
                        "Sylvester's criterion for -H",
                        tuple(sub),
                        rule="sylvester",
                    ),
                    Step("f strictly concave", "negative definite Hessian", rule="second-order-condition"),
                ],
                {},
            )
        sub = [
            Step(
                sp.GreaterThan((-1) ** len(r) * m, 0, evaluate=False),
                rows_name(r) + " times (-1)^k",
                rule="principal-minor",
            )
            for r, m in minors
        ]
        return (
            Curvature.CONCAVE,
            [
                *steps,
                Step(
                    "Hessian negative semidefinite on the domain",
                    "all principal minors of -H are nonnegative",
                    tuple(sub),
                    rule="principal-minors",
                ),
                Step("f concave", "Theorem 2.1 for -f", rule="second-order-condition"),
            ],
            {},
        )
    return None


def _analyse_cell(prob: _Problem, cell: _Cell) -> ConvexityResult:
    f = prob.f.subs(cell.values) if cell.values else prob.f
    an = _Analysis(prob, f, cell)
    curvature: Curvature | None = None
    route_steps: list[Step] = []
    hints: dict[str, Any] = {}
    # a Piecewise f of one variable: its pieces and joins are checked by _piecewise_1d
    deferred = len(prob.xs) == 1 and isinstance(_written(an), sp.Piecewise) and isinstance(f, sp.Piecewise)
    defined = "deferred" if deferred else _defined_on_domain(an)
    if defined == "undefined":
        undefined = Step(cell.condition, "f is not defined for these parameter values", rule="undefined")
        return _finish(an, Curvature.UNDEFINED, [undefined], None, None)
    if defined == "deferred":
        curvature, route_steps = _piecewise_1d(an) or (None, [])
    elif defined == "proven":
        curvature, route_steps, hints = _prove_curvature(an)
    if curvature is not None:
        return _finish(an, curvature, route_steps, None, None)
    # refutation: exact witnesses against convexity and against concavity
    w_convex = _witness(an, "convex", hints.get("against_convex", ()))
    w_concave = _witness(an, "concave", hints.get("against_concave", ()))
    if w_convex is not None and w_concave is not None:
        steps = [
            Step(
                w_convex.shows,
                "witness against convexity: x = {}, x' = {}, lambda = {}".format(
                    w_convex["x"], w_convex["x'"], w_convex["lambda"]
                ),
                rule="chord-witness",
            ),
            Step(
                w_concave.shows,
                "witness against concavity: x = {}, x' = {}, lambda = {}".format(
                    w_concave["x"], w_concave["x'"], w_concave["lambda"]
                ),
                rule="chord-witness",
            ),
        ]
        return _finish(an, Curvature.NEITHER, steps, w_convex, w_concave)
    an.notes.append("second-order route, composition rules and witness search did not decide")
    if w_convex is not None:
        an.notes.append("f is not convex (exact witness attached)")
    if w_concave is not None:
        an.notes.append("f is not concave (exact witness attached)")
    return _finish(an, Curvature.UNDECIDED, [], w_convex, w_concave)


def _prove_curvature(an: _Analysis) -> tuple[Curvature | None, list[Step], dict[str, Any]]:
    """The proof routes on a domain where f is defined and continuous: affine, second order, rules."""
    f, xs = an.f, an.xs
    curvature: Curvature | None = None
    route_steps: list[Step] = []
    hints: dict[str, Any] = {}
    if _is_affine(f, xs):
        return (
            Curvature.AFFINE,
            [Step(f, "affine in the variables: (2.24) holds with equality", rule="affine")],
            hints,
        )
    # several variables: composition first (cheap, and Hessian minors grow fast), then
    # second order when the rules fail or prove less than strict curvature
    composition_first = len(xs) >= 3
    if composition_first:
        curvature, route_steps = _composition(an)
        if curvature is not None and curvature not in (Curvature.STRICTLY_CONVEX, Curvature.STRICTLY_CONCAVE):
            got = _second_order_nd(an) if len(xs) <= 3 and f.is_polynomial(*xs) else None
            if got is not None and got[0] in (Curvature.STRICTLY_CONVEX, Curvature.STRICTLY_CONCAVE):
                curvature, route_steps, hints = got
    else:
        got = _second_order_1d(an) if len(xs) == 1 else _second_order_nd(an)
        if got is not None:
            curvature, route_steps, hints = got
        if curvature in (Curvature.CONVEX, Curvature.CONCAVE):
            # the Hessian may be singular somewhere (x^4 + y^4) while the rules prove strictness
            better, better_steps = _composition(an)
            if better in (Curvature.STRICTLY_CONVEX, Curvature.STRICTLY_CONCAVE):
                curvature, route_steps = better, better_steps
        if curvature is None:
            curvature, route_steps = _composition(an)
    if curvature is None and composition_first and len(xs) <= 4:
        got = _second_order_nd(an)
        if got is not None:
            curvature, route_steps, hints = got
    return curvature, route_steps, hints


#: (sign of the slope jumps allowed, curvatures a piece may have, the strict result)
_PIECEWISE_RULES = (
    (1, {Curvature.STRICTLY_CONVEX, Curvature.CONVEX, Curvature.AFFINE}, Curvature.STRICTLY_CONVEX),
    (-1, {Curvature.STRICTLY_CONCAVE, Curvature.CONCAVE, Curvature.AFFINE}, Curvature.STRICTLY_CONCAVE),
)


def _piecewise_1d(an: _Analysis) -> tuple[Curvature, list[Step]] | None:
    """A continuous piecewise f of one variable: convex iff convex on every piece and its slope
    does not drop at any join (f'(c-) <= f'(c+)); concave in the mirror case."""
    (x,) = an.xs
    pieces = _piece_intervals(an.f, x, an.prob.interval) if an.param_free and an.prob.interval else None
    if not pieces:
        return None
    steps, kinds = [], []
    for iv, e in pieces:
        bounds = [c for c in (x > iv.inf, x < iv.sup) if c is not sp.true]
        (_, res), *rest = convexity(e, [x], domain=bounds)
        if rest:
            return None
        kinds.append(res.curvature)
        here = sp.Contains(x, iv, evaluate=False)
        steps.append(
            Step(here, f"f = {e.xreplace(an.prob.back)} here: {res.curvature.value}", res.steps, rule="piece")
        )
    if not _ends_continuous(an.f, x, an.prob.interval, pieces):
        return None
    jumps = []
    for (left, e1), (_, e2) in itertools.pairwise(pieces):
        c = left.sup
        if not all(status_at(e, [x], {x: c}, order=1) for e in (e1, e2)):
            return None  # a piece's own formula jumps or has no derivative at the join
        if any(number_sign(e.subs(x, c) - an.f.subs(x, c)) != 0 for e in (e1, e2)):
            return None  # not continuous at the join
        jumps.append(number_sign(sp.diff(e2, x).subs(x, c) - sp.diff(e1, x).subs(x, c)))
        steps.append(
            Step(
                sp.Eq(x, c),
                "a continuous join; the one-sided slopes f'(c-), f'(c+) compared",
                rule="continuous-join",
            )
        )
    for sign, allowed, strict in _PIECEWISE_RULES:
        if set(kinds) <= allowed and all(j is not None and j * sign >= 0 for j in jumps):
            plain = Curvature.CONVEX if sign > 0 else Curvature.CONCAVE
            curvature = strict if set(kinds) == {strict} else plain
            why = "every piece is, and the slope never " + ("drops" if sign > 0 else "rises") + " at a join"
            return curvature, [*steps, Step(f"f is {curvature.value}", why, rule="piecewise-curvature")]
    return None


def _ends_continuous(f: sp.Piecewise, x: sp.Symbol, iv: sp.Interval, pieces: list[tuple[Any, Any]]) -> bool:
    """At each closed end of the domain, f's value is its end piece's formula, continuous there
    (a jump down at a closed end breaks convexity although every piece is convex)."""
    for end, closed, (_, e) in (
        (iv.inf, not iv.left_open, pieces[0]),
        (iv.sup, not iv.right_open, pieces[-1]),
    ):
        if not (closed and end.is_finite):
            continue
        if status_at(e, [x], {x: end}) is not True or number_sign(e.subs(x, end) - f.subs(x, end)) != 0:
            return False
    return True


def _piece_intervals(f: sp.Piecewise, x: sp.Symbol, domain: sp.Interval) -> list[tuple[Any, Any]] | None:
    """The pieces of ``f`` on the domain as (interval, expression), left to right, without gaps."""
    remaining: sp.Set = domain
    out = []
    for expr, cond in f.args:
        try:
            where = remaining if cond is sp.true else remaining.intersect(cond.as_set())
        except (NotImplementedError, TypeError, ValueError):
            return None
        remaining = remaining - where
        for part in where.args if isinstance(where, sp.Union) else [where]:
            if isinstance(part, sp.Interval) and part.measure != 0:
                out.append((part, expr))
            elif not isinstance(part, sp.FiniteSet) and part is not sp.S.EmptySet:
                return None
    if remaining.measure != 0 or not out:
        return None
    out.sort(key=functools.cmp_to_key(lambda u, v: compare(u[0].inf, v[0].inf) or 0))
    if any(compare(a.sup, b.inf) != 0 for (a, _), (b, _) in itertools.pairwise(out)):
        return None
    return out


def _composition(an: _Analysis) -> tuple[Curvature | None, list[Step]]:
    cur = derive_curvature(an.f, Context(an.xs, an.sign))
    if cur is None:
        return None, []
    if cur.strict and not set(an.xs) <= an.f.free_symbols:
        # the rules' strictness is in the variables f contains; f is constant along the others
        cur = type(cur)(cur.kind, False, cur.steps)
    curvature = {
        ("affine", False): Curvature.AFFINE,
        ("affine", True): Curvature.AFFINE,
        ("convex", True): Curvature.STRICTLY_CONVEX,
        ("convex", False): Curvature.CONVEX,
        ("concave", True): Curvature.STRICTLY_CONCAVE,
        ("concave", False): Curvature.CONCAVE,
    }[(cur.kind, cur.strict)]
    return curvature, [Step(an.f, "composition rules", cur.steps, rule="composition-rules")]


def _witness(an: _Analysis, against: str, hints: Sequence[Any]) -> Witness | None:
    f_search = an.f
    certify: Callable[[sp.Expr], int | None] = number_sign
    if not an.param_free:
        # search with the parameters at a sample of the cell, certify for the whole cell
        sample = {
            p: v.subs({d: 1 for d in v.free_symbols if d not in an.xs}) for p, v in an.cell.subs.items()
        }
        sample.update({p: sp.Integer(1) for p in an.f.free_symbols - set(an.xs) if p not in sample})
        f_search = an.f.subs(sample)
        if f_search.free_symbols - set(an.xs):
            return None

        def certify(gap: sp.Expr) -> int | None:
            if not gap.free_symbols:
                return number_sign(gap)
            return {"pos": 1, "neg": -1}.get(assumed_sign(gap, an.cell.subs, quick=True) or "")

    try:
        found = chord_witness(
            an.f, an.xs, an.member, against=against, hints=list(hints), f_search=f_search, certify=certify
        )
        if found is None and not an.param_free and len(an.xs) == 1:
            found = _shrinking_chord(an, against, certify)
        return found
    except (TypeError, ValueError, ZeroDivisionError):  # pragma: no cover - defensive
        return None


def _distances(cell: _Cell) -> list[sp.Expr]:
    """Each parameter's distance d > 0 to the end of its open cell (a < 0 gives d = -a)."""
    out = []
    for p, e in cell.subs.items():
        ts = [d for d in e.free_symbols if isinstance(d, sp.Dummy) and d.is_positive]
        solved = sp.solve(sp.Eq(e, p), ts[0]) if len(ts) == 1 else []
        if len(solved) == 1:
            out.append(solved[0])
    return out


def _rational_roots(e: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """The roots of a polynomial in x that are rational functions of the parameters (from its
    linear factors over Q(parameters)); f'' changes sign between them."""
    if not e.is_polynomial(x):
        return []
    try:
        _, factors = sp.factor_list(sp.expand(e), x)
    except (sp.PolynomialError, sp.CoercionFailed, NotImplementedError):
        return []
    roots = []
    for g, _mult in factors:
        poly = sp.Poly(g, x)
        if poly.degree() == 1:
            roots.append(sp.cancel(-poly.nth(0) / poly.nth(1)))
    return roots[:4]


def _shrinking_chord(an: _Analysis, against: str, certify: Callable[[sp.Expr], int | None]) -> Witness | None:
    """A chord x0 ± h around a point x0 where f'' has the wrong sign for every parameter value
    of the cell, x0 and h functions of the parameters (with d a parameter's distance to the
    cell's end: x0 in 1 + d, 1 + 1/d, …; h in d/(1 + d), 1/(1 + d), …), certified exactly on
    the cell.  x**4 + a*x**2 is not convex for any a < 0: x0 = 0, h = -a/(1 - a)."""
    (x,) = an.xs
    wrong = "neg" if against == "convex" else "pos"
    d2 = sp.diff(an.f, x, 2)
    if an.prob.interval is None or d2.has(*_NONSMOOTH, sp.DiracDelta):
        return None
    wanted = 1 if against == "convex" else -1

    def factored(gap: sp.Expr) -> int | None:  # a rational function of the parameters: its factors
        return certify(gap) or certify(sp.factor(sp.cancel(gap)))

    ds = _distances(an.cell)
    roots = _rational_roots(d2, x)
    centres = [*_interval_candidates(an.prob.interval)[:8]]
    centres += [sign * sp.cancel(1 + g) for d in ds for g in (d, 1 / d) for sign in (1, -1)]
    centres += [sp.cancel((r + s) / 2) for r, s in itertools.combinations(roots, 2)]
    centres += [sp.cancel(r + k * (1 + d)) for r in roots for d in [sp.Integer(0), *ds] for k in (1, -1)]
    halves = [sp.Integer(1), sp.Rational(1, 10)]
    halves += [sp.cancel(g) for d in ds for g in (d / (1 + d), 1 / (1 + d), d**2 / (1 + d**2))]
    halves += [sp.cancel((r - s) / 4) for r, s in itertools.combinations(roots, 2)]
    for x0 in centres:
        if an.sign(d2.subs(x, x0)) != wrong:
            continue
        for h in halves:
            ends = (sp.cancel(x0 - h),), (sp.cancel(x0 + h),)
            w = certify_chord(an.f, an.xs, *ends, sp.Rational(1, 2), wanted, an.member, factored)
            if w is not None:
                return w
    return None


def _finish(
    an: _Analysis,
    curvature: Curvature,
    route: list[Step],
    w_convex: Witness | None,
    w_concave: Witness | None,
) -> ConvexityResult:
    prob = an.prob
    back = prob.back
    steps = [*an.steps, *route] if curvature is not Curvature.UNDECIDED else []
    verdict = Verdict.PROVEN if curvature is not Curvature.UNDECIDED else Verdict.UNDECIDED
    f_user = an.f.xreplace(back)
    fx = sp.Eq(sp.Function("f")(*prob.user_xs), f_user, evaluate=False)
    where = _domain(prob.user_xs, prob.user_domain)
    claim = {
        Curvature.NEITHER: Sentence(fx, "is neither convex nor concave on", where),
        Curvature.UNDEFINED: Sentence(fx, "is not defined on", where),
        Curvature.UNDECIDED: Sentence("curvature of", fx, "on", where),
    }.get(curvature) or Sentence(fx, f"is {curvature.value} on", where)
    return ConvexityResult(
        claim=claim,
        verdict=verdict,
        steps=tuple(_back_step(s, back) for s in steps),
        witness=_back_witness(w_convex, back),
        notes=tuple(an.notes),
        curvature=curvature,
        value=curvature.value,
        concave_witness=_back_witness(w_concave, back),
        function=f_user,
        variables=prob.user_xs,
        domain=prob.user_domain,
    )


def _back(value: Any, back: dict) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return tuple(_back(v, back) for v in value)
    value = as_sympy(value)
    if isinstance(value, sp.core.relational.Relational):
        # rebuild unevaluated: 2 > 0 must stay a statement, not collapse to True
        return sp.core.relational.Relational(
            _back(value.lhs, back), _back(value.rhs, back), value.rel_op, evaluate=False
        )
    if isinstance(value, sp.Not) and isinstance(value.args[0], sp.core.relational.Relational):
        return sp.Not(_back(value.args[0], back), evaluate=False)
    return value.xreplace(back)


def _back_step(step: Step, back: dict) -> Step:
    substeps = tuple(_back_step(s, back) for s in step.substeps)
    return Step(_back(step.statement, back), step.reason, substeps, rule=step.rule)


def _back_witness(w: Witness | None, back: dict) -> Witness | None:
    if w is None:
        return None
    return Witness(
        {k: _back(v, back) for k, v in w.values.items()},
        shows=_back(w.shows, back) if w.shows is not None else None,
        description=w.description,
    )


def _certificate_exprs(prob: _Problem) -> list[sp.Expr]:
    f = prob.f
    if len(prob.xs) == 1:
        return [sp.diff(f, prob.xs[0], 2)]
    from symml.optimisation.calculus import hessian

    return [m for _, m in _principal_minors(hessian(f, list(prob.xs)))]


def _merge(cells: list[tuple[Any, ConvexityResult]], back: dict) -> list[tuple[Any, ConvexityResult]]:
    """Join cells with the same curvature into one case (its proof lists each cell's proof,
    headed by the cell's condition in the user's symbols)."""
    groups: dict[Curvature, list[tuple[Any, ConvexityResult]]] = {}
    for cond, res in cells:
        groups.setdefault(res.curvature, []).append((cond, res))
    out = []
    for curv, items in groups.items():
        if len(items) == 1 or curv in (Curvature.UNDECIDED, Curvature.NEITHER):
            out += items
            continue
        cond = _union_condition([c for c, _ in items])
        first = items[0][1]
        steps = tuple(Step(as_sympy(c).xreplace(back), "case", r.steps, rule="case") for c, r in items)
        merged = ConvexityResult(
            claim=first.claim,
            verdict=Verdict.PROVEN,
            steps=steps,
            notes=first.notes,
            curvature=curv,
            value=curv.value,
            function=first.function,
            variables=first.variables,
            domain=first.domain,
        )
        out.append((cond, merged))
    order = {id(r): i for i, (_, r) in enumerate(cells)}
    return sorted(out, key=lambda cr: order.get(id(cr[1]), -1) if id(cr[1]) in order else 0)


def _union_condition(conds: list[Any]) -> Any:
    """One condition for a union of cells: as a set when one parameter is involved."""
    cond = sp.Or(*conds)
    syms = cond.free_symbols
    if len(syms) == 1:
        (p,) = syms
        try:
            return cond.as_set().as_relational(p)
        except (NotImplementedError, TypeError, ValueError):
            return cond
    return cond


def convexity(f: Any, variables: Any, *, domain: Any = None, assumptions: Any = None) -> ConvexityCases:
    r"""Decide whether f is (strictly) convex, affine, (strictly) concave or neither, exactly.

    Parameters
    ----------
    f : SymPy expression or str
        The function; symbols other than ``variables`` are real parameters.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``.
    domain : condition(s) on the variables, optional
        A convex domain, e.g. ``x > 0``; default: all of ℝⁿ.  f must be defined on it.
    assumptions : condition(s) on the parameters, optional
        E.g. ``a > 1``; the cases cover exactly the admissible parameter values.

    Returns
    -------
    ConvexityCases
        One :class:`ConvexityResult` per parameter case, each with its curvature and the
        proof (steps) or exact witnesses (x, x′, λ).

    Raises
    ------
    DomainError
        When the domain is not convex (e.g. ``x**2 > 1``) or f is not defined on all of
        it (``log(x)`` on ``x > -1``).

    Examples
    --------
    >>> import sympy as sp
    >>> x, a = sp.symbols("x a")
    >>> convexity(x**4, [x]).curvature.value
    'strictly convex'
    >>> res = convexity(x**3, [x])
    >>> w = res[0].result.witness  # f(λx + (1-λ)x') > λf(x) + (1-λ)f(x'), exactly
    >>> res.curvature.value, sp.simplify(w.shows)
    ('neither', True)
    >>> [(str(c), r.curvature.value) for c, r in convexity(sp.exp(a*x), [x])]
    [('Ne(a, 0)', 'strictly convex'), ('Eq(a, 0)', 'affine')]
    """
    prob = _prepare(f, variables, domain, assumptions)
    # several free parameters in a constant Hessian: the exact semi-algebraic split at once
    results = _quadratic_split(prob) if len(prob.params) >= 2 and not prob.assumptions else []
    if prob.params and not results:
        # the whole parameter range at once first; split only when that is less specific
        whole = _whole_range_cell(prob)
        if whole is not None:
            res = _analyse_cell(prob, whole)
            if res.curvature in (
                Curvature.STRICTLY_CONVEX,
                Curvature.STRICTLY_CONCAVE,
                Curvature.AFFINE,
                Curvature.NEITHER,
            ):
                results = [(whole.condition, res)]
    if not results and len(prob.params) >= 2 and prob.assumptions:
        results = _quadratic_split(prob)
    if not results:
        cells = _cells(prob, _certificate_exprs(prob) if prob.params else [])
        results = [(cell.condition, _analyse_cell(prob, cell)) for cell in cells]
    merged = _merge(results, prob.back) if len(results) > 1 else results
    user_params = [prob.back.get(p, p) for p in prob.params]
    cases = [(as_sympy(c).xreplace(prob.back), r) for c, r in merged]
    out = ConvexityCases(
        cases, parameters=user_params, assumptions=sp.And(*prob.assumptions).xreplace(prob.back)
    )
    out.function = prob.user_f
    out.variables = prob.user_xs
    return out


#: definiteness of a constant Hessian -> the curvature it proves (second-order criterion)
_CURVATURE_OF_KIND = {
    "positive definite": Curvature.STRICTLY_CONVEX,
    "negative definite": Curvature.STRICTLY_CONCAVE,
    "zero": Curvature.AFFINE,
    "positive semidefinite": Curvature.CONVEX,
    "negative semidefinite": Curvature.CONCAVE,
    "indefinite": Curvature.NEITHER,
}


def _quadratic_split(prob: _Problem) -> list[tuple[Any, ConvexityResult]]:
    """Several parameters, a Hessian constant in the variables, no domain: one exact split.

    f is quadratic, so it is convex exactly where its Hessian H is PSD (strictly convex
    where H is PD, affine where H = 0); the regions of the parameters are the principal
    minor criteria, decided and checked by the kernel's semi-algebraic procedure.
    """
    from symml.optimisation.calculus import hessian
    from symml.optimisation.definiteness import definiteness_regions

    if prob.conditions or not prob.f.is_polynomial(*prob.xs, *prob.params):
        return []
    H = sp.ImmutableMatrix(hessian(prob.f, list(prob.xs)))
    if H.free_symbols & set(prob.xs) or not H.free_symbols:
        return []  # not quadratic, or no parameter in the Hessian: the general route
    regions = definiteness_regions(H, list(prob.params), sp.And(*prob.assumptions))
    if regions is None:
        return []
    out = []
    for cond, kind, sample in regions:
        an = _Analysis(prob, prob.f, _Cell(cond, {}, {}))
        curvature = _CURVATURE_OF_KIND[kind]
        steps = [
            Step(
                sp.Eq(sp.Symbol("H"), H, evaluate=False),
                "the Hessian is constant in the variables",
                rule="constant-hessian",
            ),
            Step(f"H is {kind}", _definiteness_criterion(kind), rule="definiteness"),
            Step(
                f"f is {curvature.value}",
                "second-order criterion for a quadratic f (Theorem 2.1)",
                rule="second-order-condition",
            ),
        ]
        witnesses: list[Witness | None] = [None, None]
        if curvature is Curvature.NEITHER:
            witnesses = [_sampled_witness(prob, sample, against) for against in ("convex", "concave")]
        out.append((cond, _finish(an, curvature, steps, *witnesses)))
    return out


def _definiteness_criterion(kind: str) -> str:
    from symml.optimisation.definiteness import CRITERIA

    return CRITERIA[kind]


def _sampled_witness(prob: _Problem, sample: dict[sp.Symbol, Any], against: str) -> Witness | None:
    """An exact chord witness at one parameter point of the case (the point is part of it)."""
    if not sample:
        return None
    found = chord_witness(prob.f.xreplace(sample), prob.xs, lambda point: True, against=against)
    if found is None:
        return None
    where = ", ".join(f"{prob.back.get(p, p)} = {v}" for p, v in sample.items())
    return Witness(
        {**{str(prob.back.get(p, p)): v for p, v in sample.items()}, **found.values},
        shows=found.shows,
        description=Sentence.of(found.description, f"(at {where}, a point of this case)"),
    )


# ---------------------------------------------------------------------------------------
# Sets and epigraphs


def _defined_everywhere(g: sp.Expr, xs: Sequence[sp.Symbol]) -> bool:
    """The domain engine proves g defined, real, finite and continuous on the whole space."""

    def signs(e: sp.Expr) -> frozenset[int] | None:
        if not e.free_symbols:
            s = number_sign(e)
            return None if s is None else frozenset({s})
        return _SIGN_SETS.get(assumed_sign(e) or "")

    return not unproven(requirements(g, xs), signs)


def set_convexity(constraints: Any, variables: Any) -> Result:
    r"""Decide whether the set {x : constraints} is convex (Definition 2.1), exactly.

    Parameters
    ----------
    constraints : condition(s)
        A list (conjunction) of relations g(x) <= 0, g(x) >= 0, h(x) = 0 …, or a SymPy
        boolean (``Or`` for unions).
    variables : list of Symbol or str
        The variables of the space, e.g. ``[x, y]`` or ``"x,y"``.

    Returns
    -------
    Result
        ``proven`` when every constraint is a convex sublevel set (gᵢ convex, ≤) or an
        affine equality (the feasible region (2.13)); ``refuted`` with two exact points of
        the set and a λ whose combination leaves it; ``undecided`` otherwise.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> set_convexity([x**2 + y**2 <= 1], [x, y]).verdict.value
    'proven'
    >>> w = set_convexity([x**2 + y**2 >= 1, x**2 + y**2 <= 4], [x, y]).witness
    >>> mid = w["mid"]  # the combination λx + (1-λ)x' of two points of the annulus
    >>> mid, mid[0]**2 + mid[1]**2 < 1
    ((-2/3, -2/3), True)
    """
    from symml.core.parsing import as_conditions, as_symbols
    from symml.core.symbols import realify

    xs_user = tuple(as_symbols(variables))
    names = {s.name: s for s in xs_user}
    if isinstance(constraints, sp.logic.boolalg.Boolean) and not isinstance(constraints, sp.And):
        conds_user = [constraints]
    else:
        conds_user = as_conditions(constraints, names)
    extra = set().union(*(c.free_symbols for c in conds_user)) - set(xs_user) if conds_user else set()
    if extra:
        raise SymmlError(
            f"the constraints mention {', '.join(sorted(map(str, extra)))}, which are not variables; "
            "list every variable"
        )
    (conds,), mapping, back = realify([list(conds_user)], variables=xs_user)
    xs = tuple(mapping[x] for x in xs_user)
    whole = sp.And(*conds)
    claim = Sentence("the set of", sp.Tuple(*xs_user), "with", _domain(xs_user, conds_user), "is convex")
    steps = []
    ok = True
    for c, cu in zip(conds, conds_user):
        if not isinstance(c, sp.core.relational.Relational):
            ok = False
            break
        g = c.lhs - c.rhs
        if not _defined_everywhere(g, xs):
            ok = False  # {g <= 0} is then only the part of the space where g is defined
            break
        cur = derive_curvature(g, Context(xs, lambda e: assumed_sign(e)))
        if cur is None and len(xs) >= 1 and not isinstance(c, (sp.Eq, sp.Ne)):
            res = convexity(g.xreplace(back), list(xs_user))
            r = res[0].result if len(res) == 1 else None
            if (
                r is not None
                and r.curvature is not Curvature.UNDECIDED
                and r.curvature is not Curvature.NEITHER
            ):
                kind = (
                    "affine"
                    if r.curvature is Curvature.AFFINE
                    else ("convex" if r.curvature.is_convex else "concave")
                )
                sub = r.steps
            else:
                ok = False
                break
        elif cur is None:
            ok = False
            break
        else:
            kind = cur.kind
            sub = tuple(_back_step(s, back) for s in cur.steps)
        if isinstance(c, (sp.StrictLessThan, sp.LessThan)) and kind in ("convex", "affine"):
            steps.append(
                Step(cu, "sublevel set of a convex function: convex", tuple(sub), rule="sublevel-set")
            )
        elif isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)) and kind in ("concave", "affine"):
            steps.append(
                Step(cu, "superlevel set of a concave function: convex", tuple(sub), rule="superlevel-set")
            )
        elif isinstance(c, sp.Equality) and kind == "affine":
            steps.append(
                Step(
                    cu, "level set of an affine function (a hyperplane): convex", tuple(sub), rule="level-set"
                )
            )
        else:
            ok = False
            break
    if ok and steps:
        steps.append(Step("intersection", "an intersection of convex sets is convex", rule="intersection"))
        return _proof(claim, Verdict.PROVEN, steps=tuple(steps))
    w = set_witness(whole, xs)
    if w is not None:
        return _proof(claim, Verdict.REFUTED, witness=_back_witness(w, back))
    return _proof(
        claim,
        Verdict.UNDECIDED,
        notes=("no convexity proof from the constraints and no exact witness",),
    )


def _one_symbol(value: Any, what: str) -> sp.Symbol:
    from symml.core.parsing import as_symbols

    symbols = as_symbols(value)
    if len(symbols) != 1:
        raise InvalidValueError(f"{what} is one symbol, e.g. t; got {len(symbols)}")
    return symbols[0]


def epigraph_convexity(
    f: Any, variables: Any, *, domain: Any = None, assumptions: Any = None, epigraph_variable: Any = None
) -> Cases[Result]:
    r"""Decide whether the epigraph (2.23) of f is convex, through f's convexity (Definition 2.3).

    epi f = {(x, t) : x in the domain, f(x) - t <= 0}.  When f is convex the constraint
    function f(x) - t is convex in (x, t), so its sublevel set is convex; when a witness
    (x, x′, λ) shows f(λx + (1−λ)x′) > λf(x) + (1−λ)f(x′), the points (x, f(x)) and
    (x′, f(x′)) lie in epi f but their λ-combination does not.

    Parameters
    ----------
    f : SymPy expression or str
        The function; symbols other than ``variables`` are real parameters.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    domain : condition(s) on the variables, optional
        A convex domain, e.g. ``x > 0``; default: all of ℝⁿ (as for :func:`convexity`,
        which raises ``DomainError`` when it is not convex or f is not defined on it).
    assumptions : condition(s) on the parameters, optional
        E.g. ``a > 0``; the cases cover exactly the admissible parameter values.
    epigraph_variable : Symbol or str, optional
        The name of the epigraph's extra coordinate (default ``t``).

    Returns
    -------
    Cases
        One ``Result`` per parameter case (a single case ``True`` without parameters):
        ``proven`` with the convexity proof of f as sub-steps, ``refuted`` with the
        ``.witness`` (x, x′, λ and the midpoint outside epi f), or ``undecided``.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> [r.verdict.value for _, r in epigraph_convexity(x**2, [x])]
    ['proven']
    >>> [r.verdict.value for _, r in epigraph_convexity(sp.sin(x), [x])]
    ['refuted']
    """
    res = convexity(f, variables, domain=domain, assumptions=assumptions)
    t = sp.Symbol("t") if epigraph_variable is None else _one_symbol(epigraph_variable, "epigraph_variable")
    xs = res.variables
    out = []
    for cond, r in res:
        fx = r.function
        epi = sp.LessThan(fx - t, 0, evaluate=False)
        claim = Sentence("the epigraph of f, the set of", sp.Tuple(*xs, t), "with", epi, ", is convex")
        if r.curvature.is_convex:
            steps = (
                Step(epi, "definition (2.23) of the epigraph", rule="epigraph-definition"),
                Step(
                    fx - t,
                    f"f is {r.curvature.value} (below) and -{t} is affine, so the sum is convex in "
                    f"({', '.join(map(str, xs))}, {t})",
                    r.steps,
                    rule="sum-rule",
                ),
                Step("epi f convex", "sublevel set of a convex function", rule="sublevel-set"),
            )
            out.append((cond, _proof(claim, Verdict.PROVEN, steps=steps)))
        elif r.witness is not None:
            w = r.witness
            lam = w["lambda"]
            p, q = _as_tuple(w["x"]), _as_tuple(w["x'"])
            fp = fx.subs(dict(zip(xs, p)))
            fq = fx.subs(dict(zip(xs, q)))
            mid = tuple(lam * a + (1 - lam) * b for a, b in zip(p, q))
            t_mid = lam * fp + (1 - lam) * fq
            f_mid = fx.subs(dict(zip(xs, mid)))
            wit = Witness(
                {"x": (*p, fp), "x'": (*q, fq), "lambda": lam, "mid": (*mid, t_mid)},
                shows=sp.StrictGreaterThan(f_mid, t_mid, evaluate=False),
                description="(x, f(x)) and (x', f(x')) are in epi f; their combination is not, as f(mid) > t",
            )
            out.append(
                (
                    cond,
                    _proof(
                        claim,
                        Verdict.REFUTED,
                        witness=wit,
                        notes=("f violates (2.24), so epi f violates (2.22)",),
                    ),
                )
            )
        else:
            out.append((cond, _proof(claim, Verdict.UNDECIDED, notes=("f's convexity was not decided",))))
    return Cases(out, parameters=res.parameters, assumptions=res.assumptions)


def _as_tuple(v: Any) -> tuple[Any, ...]:
    return tuple(v) if isinstance(v, tuple) else (v,)


# ---------------------------------------------------------------------------------------
# Theorem 2.1 and Propositions 2.1, 2.2


def tangent_chain(f: Any, variables: Any, domain: Any = None) -> Result:
    r"""Theorem 2.1 for a given f: Hessian PSD on a convex domain ⇒ f above its tangents ⇒ (2.24).

    The write-up is the correct proof: the tangent inequalities are taken *at the point
    z = (1−t)a + tb* (not at a and b, as in the notes' (2.30)–(2.31), which leaves the
    term t(1−t)(b−a)(f′(a) − f′(b)) ≤ 0 and so does not give (2.34)).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> tangent_chain(x**4, [x]).verdict.value
    'proven'
    """
    res = convexity(f, variables, domain=domain)
    if len(res) != 1:
        raise SymmlError("tangent_chain needs a function without parameters")
    r = res[0].result
    xs = res.variables
    f_, a_, b_, t_, z_ = sp.Function("f"), *sp.symbols("a b t z")
    claim = Sentence(
        "for",
        _named_f(r.function),
        ":",
        sp.Le(f_(z_), (1 - t_) * f_(a_) + t_ * f_(b_), evaluate=False),
        "for all a, b in the domain and",
        sp.Contains(t_, sp.Interval(0, 1), evaluate=False),
        ", where",
        sp.Eq(z_, (1 - t_) * a_ + t_ * b_, evaluate=False),
    )
    if not r.curvature.is_convex:
        if r.witness is not None:
            return _proof(claim, Verdict.REFUTED, witness=r.witness, notes=(f"f is {r.curvature.value}",))
        return _proof(claim, Verdict.UNDECIDED, notes=(f"f is {r.curvature.value}",))
    second_order = any(s.rule in ("second-derivative", "hessian") for s in r.steps)
    if r.function.has(*_NONSMOOTH) or not second_order:
        # the chain goes through f'' (Taylor); a convexity proof by composition rules does not
        return _proof(
            claim,
            Verdict.UNDECIDED,
            notes=(
                "Theorem 2.1's chain needs f'' (or the Hessian) shown >= 0; "
                "f is convex by the composition rules",
            ),
        )
    a = sp.Symbol("a", real=True)
    b = sp.Symbol("b", real=True)
    s = sp.Symbol("s", real=True)
    tt = sp.Symbol("t", real=True)
    fx = r.function
    f_, f_prime = sp.Function("f"), sp.Function("f_prime")  # f' prints through the notation table
    if len(xs) == 1:
        (x,) = xs
        fa, fb = fx.subs(x, a), fx.subs(x, b)
        d1 = sp.diff(fx, x)
        d2 = sp.diff(fx, x, 2)
        z = (1 - tt) * a + tt * b
        remainder = sp.Integral((1 - s) * (b - a) ** 2 * d2.subs(x, a + s * (b - a)), (s, 0, 1))
        tangent_a = sp.GreaterThan(fb, fa + d1.subs(x, a) * (b - a))
        combo = sp.expand((1 - tt) * (a - z) + tt * (b - z))
        steps = (
            Step("Hessian positive semidefinite on the domain", "proved below", r.steps, rule="hessian-psd"),
            Step(
                sp.Eq(fb - fa - d1.subs(x, a) * (b - a), remainder, evaluate=False),
                "Taylor's theorem with integral remainder; a + s(b - a) stays in the convex domain",
                rule="taylor",
            ),
            Step(
                tangent_a,
                "the integrand is >= 0, so f lies above its tangent at every a (first-order condition)",
                rule="first-order-condition",
            ),
            Step(
                sp.GreaterThan(f_(a), f_(z) + f_prime(z) * (a - z)),
                "tangent at z evaluated at a",
                rule="tangent",
            ),
            Step(
                sp.GreaterThan(f_(b), f_(z) + f_prime(z) * (b - z)),
                "tangent at z evaluated at b",
                rule="tangent",
            ),
            Step(
                sp.Eq((1 - tt) * (a - z) + tt * (b - z), combo, evaluate=False),
                "weights (1-t) and t cancel the derivative terms",
                rule="cancel",
            ),
            Step(
                sp.LessThan(sp.Function("f")(z), (1 - tt) * sp.Function("f")(a) + tt * sp.Function("f")(b)),
                "sum of the two tangent inequalities: (2.24)",
                rule="sum-of-inequalities",
            ),
        )
        if combo != 0:  # pragma: no cover - algebra guard
            return _proof(claim, Verdict.UNDECIDED, notes=("combination did not cancel",))
        return _proof(claim, Verdict.PROVEN, steps=steps)
    steps = (
        Step("Hessian positive semidefinite on the domain", "proved below", r.steps, rule="hessian-psd"),
        _first_order_step(fx, xs),
        Step(
            sp.Le(f_(z_), (1 - t_) * f_(a_) + t_ * f_(b_), evaluate=False),
            Sentence(
                "tangents at",
                sp.Eq(z_, (1 - t_) * a_ + t_ * b_, evaluate=False),
                "evaluated at a and b, weighted by",
                1 - t_,
                "and",
                t_,
                ": the gradient terms cancel",
            ),
            rule="sum-of-inequalities",
        ),
    )
    return _proof(claim, Verdict.PROVEN, steps=steps)


def _first_order_step(fx: sp.Expr, xs: Sequence[sp.Symbol]) -> Step:
    """f(b) >= f(a) + grad f(a)^T (b - a) for a convex f of several variables, written out
    in the coordinates a_i, b_i, and why: f restricted to the segment has g'' >= 0 (Taylor)."""
    n = len(xs)
    a = sp.symbols(f"a_1:{n + 1}", real=True)
    b = sp.symbols(f"b_1:{n + 1}", real=True)
    at_a, at_b = dict(zip(xs, a)), dict(zip(xs, b))
    slope = sum(sp.diff(fx, x).xreplace(at_a) * (bi - ai) for x, ai, bi in zip(xs, a, b))
    statement = sp.GreaterThan(fx.xreplace(at_b), fx.xreplace(at_a) + slope, evaluate=False)
    va, vb, H = sp.MatrixSymbol("a", n, 1), sp.MatrixSymbol("b", n, 1), sp.MatrixSymbol("H", n, n)
    s, g, d = sp.Symbol("s", real=True), sp.Function("g"), sp.MatrixSymbol("u", n, 1)
    reason = Sentence(
        "restrict f to the segment:",
        sp.Eq(g(s), sp.Function("f")(va + s * d), evaluate=False),
        "with",
        sp.Eq(d, vb - va, evaluate=False),
        "has",
        sp.Eq(sp.Derivative(g(s), (s, 2)), d.T * H * d, evaluate=False),
        ", which is >= 0; Taylor",
    )
    return Step(statement, reason, rule="first-order-condition")


def nondecreasing(f: Any, variable: Any, domain: Any = None) -> Result:
    r"""Proposition 2.1, checked: f′ ≥ 0 on an *interval* ⇒ f nondecreasing there.

    On a domain that is not an interval the statement fails (f = −1/x on x ≠ 0 has
    f′ = 1/x² > 0, yet f(−1) = 1 > −1 = f(1)); this function then returns the exact
    counterexample as a ``refuted`` result instead of raising.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> nondecreasing(x**3, x).verdict.value
    'proven'
    >>> nondecreasing(-1/x, x, domain=sp.Ne(x, 0)).witness["x"]
    -1
    """
    from symml.core.parsing import as_conditions, as_expr, as_symbols
    from symml.core.symbols import realify

    (xu,) = as_symbols(variable)
    fu = as_expr(f, [xu], what="f")
    dom_u = as_conditions(domain, {xu.name: xu})
    (fr, dr), mapping, back = realify([fu, list(dom_u)], variables=[xu])
    x = mapping[xu]
    s: sp.Set = sp.S.Reals
    for c in dr:
        s = s.intersect(sp.solveset(c, x, sp.S.Reals))
    d1 = sp.simplify(sp.diff(fr, x))
    claim = Sentence(_named_f(fu), "is nondecreasing on", _domain([xu], dom_u))
    pieces = list(s.args) if isinstance(s, sp.Union) else [s]
    pats = []
    for piece in pieces:
        iv = piece if isinstance(piece, sp.Interval) else sp.Interval(-sp.oo, sp.oo)
        pat = line_sign_pattern(d1, x, iv)
        if pat is None or not pat.nonneg:
            return _proof(claim, Verdict.UNDECIDED, notes=("f' >= 0 not established on the domain",))
        pats.append((iv, pat))
    if len(pieces) == 1:
        steps = (
            Step(
                sp.Eq(sp.Derivative(fr, x), d1, evaluate=False).xreplace(back),
                "derivative",
                rule="derivative",
            ),
            Step(
                sp.GreaterThan(d1, 0, evaluate=False).xreplace(back),
                "sign on the interval (zeros and one sample per piece)",
                rule="sign-on-interval",
            ),
            Step(
                "f(b) - f(a) = integral of f' over [a, b] >= 0",
                "fundamental theorem of calculus, "
                "valid because the domain is an interval, so [a, b] lies in it",
                rule="fundamental-theorem",
            ),
        )
        return _proof(claim, Verdict.PROVEN, steps=steps)
    # f' >= 0 on each piece, but the pieces are separated: look for a descent across the gap
    samples = [rational_between(iv.inf, iv.sup) for iv, _ in pats]
    for u, v in itertools.combinations(samples, 2):
        lo, hi = (u, v) if number_sign(v - u) == 1 else (v, u)
        drop = fr.subs(x, lo) - fr.subs(x, hi)
        if number_sign(drop) == 1:
            w = Witness(
                {"x": lo, "x'": hi},
                shows=sp.StrictGreaterThan(fr.subs(x, lo), fr.subs(x, hi), evaluate=False),
                description="x < x' but f(x) > f(x'), although f' >= 0 wherever f is defined",
            )
            return _proof(
                claim,
                Verdict.REFUTED,
                witness=w,
                notes=("Proposition 2.1 needs the domain to be an interval",),
            )
    return _proof(claim, Verdict.UNDECIDED, notes=("domain is not an interval and no counterexample found",))


def steepest_ascent(f: Any, variables: Any, point: Sequence[Any]) -> Result:
    r"""Proposition 2.2, checked at a point: the unit direction of maximal growth is ∇f/‖∇f‖.

    By Cauchy–Schwarz, ∇f(x₀)ᵀu ≤ ‖∇f(x₀)‖ for every unit u, with equality iff
    u = ∇f(x₀)/‖∇f(x₀)‖.  The statement needs ∇f(x₀) ≠ 0: at a stationary point every
    direction has zero first-order growth, and the result is ``refuted`` with that point.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> r = steepest_ascent(x**2 + 3*y, [x, y], [2, 0])
    >>> r.value.T
    Matrix([[4/5, 3/5]])
    """
    from symml.core.parsing import as_expr, as_symbols
    from symml.optimisation.calculus import gradient

    xs = as_symbols(variables)
    fu = as_expr(f, xs, what="f")
    if len(point) != len(xs):
        raise SymmlError(
            f"the point has {counted(len(point), 'coordinate')} but there are {counted(len(xs), 'variable')}"
        )
    pt = [as_expr(v, what="a coordinate of the point") for v in point]
    g = gradient(fu, xs).subs(dict(zip(xs, pt)))
    if g.free_symbols:
        raise SymmlError("the gradient at the point still contains symbols; give numbers (or fix parameters)")
    grad = sp.Symbol("nabla_f")
    claim = Sentence(
        "the direction of maximal growth of", _named_f(fu), "at", sp.Tuple(*pt), "is", grad / sp.Abs(grad)
    )
    norm = sp.sqrt(sum(c**2 for c in g))
    if norm == 0:
        w = Witness(
            {"x0": tuple(pt)},
            shows=sp.Eq(sp.Symbol("grad_f"), 0, evaluate=False),
            description="the gradient vanishes: every unit direction has zero first-order growth",
        )
        return _proof(claim, Verdict.REFUTED, witness=w, notes=("Proposition 2.2 needs grad f(x0) != 0",))
    u = sp.ImmutableMatrix([sp.radsimp(c / norm) for c in g])
    gradient_at = sp.Function("nabla_f")(sp.Symbol("x_0"))
    us = sp.symbols(f"u_1:{len(xs) + 1}", real=True)
    steps = (
        Step(sp.Eq(gradient_at, g, evaluate=False), "gradient at the point", rule="gradient"),
        Step(
            sp.LessThan(sp.Add(*(gi * ui for gi, ui in zip(g, us))), norm),
            "Cauchy-Schwarz with |u| = 1 (first-order growth (2.26))",
            rule="cauchy-schwarz",
        ),
        Step(
            sp.Eq(sp.Symbol("u_star"), u, evaluate=False),
            Sentence(
                "equality iff",
                sp.Symbol("u"),
                "is a positive multiple of",
                gradient_at,
                "; it is nonzero, so",
                sp.Symbol("u_star"),
                "is unique",
            ),
            rule="equality-case",
        ),
        Step(
            sp.Eq(sp.Add(*(gi * ui for gi, ui in zip(g, u)), evaluate=False), norm, evaluate=False),
            Sentence("the maximal growth rate is", sp.Abs(gradient_at)),
            rule="maximal-growth",
        ),
    )
    return _proof(claim, Verdict.PROVEN, steps=steps, value=u)


# silence unused-import warnings for names used only in type positions
_ = (Callable, Printable)
