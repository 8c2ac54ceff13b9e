"""Exact global optima under constraints: closed intervals, boxes and equality constraints.

Section 2.1 of the notes asks how restrictions change the number and type of optima.  On a
compact feasible set a continuous f attains its minimum and maximum (Weierstrass), and
they are among finitely many *candidates*: interior stationary points, stationary points
on each face of a box, or Lagrange points ∇f = Σⱼ λⱼ∇hⱼ, hⱼ = 0.  symml finds the
candidates exactly, proves the list complete (real root isolation, zero-dimensional
polynomial systems), compares the values exactly, and says ``undecided`` otherwise.

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> res = optima_on_box(x**3 - 3*x, [x], [(-2, 2)])
>>> res.minimum, res.minimisers
(-2, ((-2,), (1,)))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symml.core.errors import DomainError, ShapeError
from symml.core.limits import limits
from symml.core.parsing import as_expr, as_symbols, as_sympy
from symml.core.results import Printable, Result, Sentence, Step, Verdict

__all__ = ["ConstrainedOptima", "optima_on_box", "optima_with_equalities"]


@dataclass(frozen=True)
class ConstrainedOptima(Printable):
    """The global minimum and maximum of f on a compact set, with the candidates behind them.

    ``minimum``/``maximum`` are exact values, ``minimisers``/``maximisers`` tuples of points;
    ``candidates`` pairs each candidate point with its value and where it came from;
    ``result`` is the proof (``proven``) or says what could not be completed (``undecided``).
    """

    f: Any
    variables: tuple[sp.Symbol, ...]
    feasible: Any  # a SymPy set (the box) or condition (the equalities)
    candidates: tuple[tuple[tuple[Any, ...], Any, str], ...]
    minimum: Any
    minimisers: tuple[tuple[Any, ...], ...]
    maximum: Any
    maximisers: tuple[tuple[Any, ...], ...]
    result: Result

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.result.steps

    @property
    def value(self) -> tuple[Any, Any]:
        """The minimum and the maximum of f on the set."""
        return (self.minimum, self.maximum)

    def text(self) -> str:
        """The minimum and maximum with where they are attained (with decimals)."""
        from symml.core.latex.text import plain, with_decimals

        points = lambda ps: ", ".join(with_decimals(p) for p in ps)  # noqa: E731
        return "\n".join(
            [
                f"optima of {plain(self.f)} on {plain(self.feasible)}: {self.verdict.value}",
                f"  minimum {with_decimals(self.minimum)} at {points(self.minimisers)}",
                f"  maximum {with_decimals(self.maximum)} at {points(self.maximisers)}",
            ]
        )

    json_fields = ("variables", "feasible", "minimum", "minimisers", "maximum", "maximisers", "*result")

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import table, text_in_math

        rows = [
            [printer._print(point), printer._print(value), text_in_math(origin)]
            for point, value, origin in self.candidates
        ]
        head = [r"\text{candidate}", "f", r"\text{from}"]
        return table(head, rows, printer) + "\n" + self.result._latex(printer)


def _polynomial_problem(f: Any, variables: Any, who: str) -> tuple[tuple[sp.Symbol, ...], Any]:
    """The variables and f, converted exactly (strings through the safe parser), checked to
    be a polynomial in the variables with no other symbols (the extrema are numbers)."""
    xs = tuple(as_symbols(variables))  # an empty list is an InvalidValueError there
    expr = as_expr(f, xs, what="the function")
    others = expr.free_symbols - set(xs)
    if others:
        raise DomainError(
            f"{who} needs numbers, not parameters: {expr} contains {', '.join(sorted(map(str, others)))}, "
            f"which are not among the variables {', '.join(map(str, xs))}"
        )
    if not expr.is_polynomial(*xs):
        raise DomainError(f"{who} needs a polynomial in {', '.join(map(str, xs))}, got {expr}")
    return xs, expr


def _real_solutions(
    equations: Sequence[Any], unknowns: Sequence[sp.Symbol]
) -> list[dict[sp.Symbol, Any]] | None:
    """All real solutions of a polynomial system, or ``None`` if not provably all.

    One unknown: exact real root isolation of the gcd of the equations.  Several: a
    zero-dimensional system through a lexicographic Gröbner basis (SymPy's
    ``solve_poly_system``); a positive-dimensional or non-polynomial system gives ``None``.
    """
    eqs = [sp.expand(e) for e in equations if sp.expand(e) != 0]
    if not eqs:
        return None if unknowns else [{}]
    if not all(e.is_polynomial(*unknowns) for e in eqs):
        return None
    if len(unknowns) == 1:
        (u,) = unknowns
        g = sp.Poly(eqs[0], u)
        for e in eqs[1:]:
            g = g.gcd(sp.Poly(e, u))
        if g.is_zero:
            return None
        if g.degree() <= 0:
            return []
        return [{u: r} for r in sorted(set(g.real_roots()), key=sp.default_sort_key)]
    bezout = math.prod(max(sp.Poly(e, *unknowns).total_degree(), 1) for e in eqs)
    limits.check("max_bezout", bezout, "solving the Lagrange system exactly (its Bézout number)")
    try:
        sols = sp.solve_poly_system(eqs, *unknowns)
    except (NotImplementedError, sp.PolynomialError):
        return None
    if sols is None:
        return []
    out = []
    for sol in sols:
        values = [sp.nsimplify(v) if not v.has(sp.Float) else None for v in sol]
        if any(v is None for v in values):
            return None
        if all(v.is_real is True for v in values):
            out.append(dict(zip(unknowns, values)))
        elif any(v.is_real is None for v in values):
            return None
    return out


def _stationary_set_reaches_boundary(grad: Sequence[Any], free: Sequence[sp.Symbol]) -> bool:
    """True when ∇g = 0 is linear with a solution set of positive dimension (or no equations)."""
    if all(d == 0 for d in grad):
        return True
    if not all(sp.Poly(d, *free).total_degree() <= 1 for d in grad):
        return False
    solutions = list(sp.linsolve(list(grad), list(free)))
    if not solutions:
        return False
    (solution,) = solutions
    return bool(set().union(*(as_sympy(c).free_symbols for c in solution)) & set(free))


def _exact_order(values: Sequence[Any]) -> tuple[Any, Any] | None:
    """Exact min and max of real numbers, or ``None`` when a comparison is undecidable."""
    lo = hi = values[0]
    for v in values[1:]:
        less, more = sp.Lt(v, lo), sp.Gt(v, hi)
        if less not in (sp.true, sp.false) or more not in (sp.true, sp.false):
            return None
        lo = v if less is sp.true else lo
        hi = v if more is sp.true else hi
    return lo, hi


def _equal(a: Any, b: Any) -> bool | None:
    return sp.simplify(a - b).is_zero


def _points(points: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Points for a sentence, separated by commas (a point of one coordinate as a number)."""
    parts: list[Any] = []
    for p in points:
        point = sp.Tuple(*p) if len(p) > 1 else p[0]
        parts += [",", point] if parts else [point]
    return parts


def _summarise(
    f: Any,
    variables: tuple[sp.Symbol, ...],
    feasible: Any,
    candidates: list[tuple[tuple[Any, ...], Any, str]],
    complete: bool,
    compact: tuple[Any, str] | None,
    notes: list[str],
) -> ConstrainedOptima:
    claim = Sentence("global extrema of f on", feasible)
    if not candidates:
        result = Result(claim, Verdict.UNDECIDED, notes=tuple(notes) or ("no candidates found",))
        return ConstrainedOptima(f, variables, feasible, (), None, (), None, (), result)
    values = [v for _, v, _ in candidates]
    order = _exact_order(values)
    if order is None:
        notes.append("could not compare the candidate values exactly")
        result = Result(claim, Verdict.UNDECIDED, notes=tuple(notes))
        return ConstrainedOptima(f, variables, feasible, tuple(candidates), None, (), None, (), result)
    lo, hi = order
    mins = tuple(sorted((p for p, v, _ in candidates if _equal(v, lo)), key=sp.default_sort_key))
    maxs = tuple(sorted((p for p, v, _ in candidates if _equal(v, hi)), key=sp.default_sort_key))
    if not complete or compact is None:
        result = Result(claim, Verdict.UNDECIDED, notes=tuple(notes))
    else:
        origins = "; ".join(sorted({o for _, _, o in candidates}))
        steps = [
            Step(compact[0], compact[1], rule="weierstrass"),
            Step(
                sp.FiniteSet(*[sp.Tuple(*p) for p, _, _ in candidates]),
                f"every extremum of f on the set is one of these candidates ({origins}), all found exactly",
                rule="candidates",
            ),
            Step(
                sp.Eq(sp.Min(*values, evaluate=False), lo),
                "smallest candidate value (exact comparison)",
                rule="exact-comparison",
            ),
            Step(
                sp.Eq(sp.Max(*values, evaluate=False), hi),
                "largest candidate value (exact comparison)",
                rule="exact-comparison",
            ),
        ]
        f_min, f_max = sp.Eq(sp.Symbol("min_f"), lo), sp.Eq(sp.Symbol("max_f"), hi)
        claim = Sentence(
            *("on", feasible, ":", f_min, ", attained at", *_points(mins)),
            *(";", f_max, ", attained at", *_points(maxs)),
        )
        result = Result(claim, Verdict.PROVEN, steps=steps, notes=tuple(notes))
    return ConstrainedOptima(f, variables, feasible, tuple(candidates), lo, mins, hi, maxs, result)


def optima_on_box(
    f: Any, variables: Sequence[sp.Symbol], bounds: Sequence[tuple[Any, Any]]
) -> ConstrainedOptima:
    """Global minimum and maximum of a polynomial f on a closed box ∏ [aᵢ, bᵢ].

    Candidates are the stationary points of f restricted to every face of the box (the
    interior, each facet, …, each vertex), found exactly; the box is compact, so the
    extrema are among them.

    Parameters
    ----------
    f : SymPy expression (polynomial in ``variables``)
        The function; a non-polynomial or other symbols raise ``DomainError``.
    variables : list of Symbol
        The variables, each once.
    bounds : list of (lower, upper), exact numbers with lower < upper
        One pair per variable (else ``ShapeError``); bounds that are not exact numbers
        with lower < upper raise ``DomainError``.

    Returns
    -------
    ConstrainedOptima
        ``.minimum``/``.maximum``, ``.minimisers``/``.maximisers``, ``.candidates`` and
        the proof (``.verdict``, ``.steps``).

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> res = optima_on_box(x**2 - y**2, [x, y], [(-1, 1), (-1, 1)])
    >>> res.minimum, res.minimisers, res.maximum, res.maximisers
    (-1, ((0, -1), (0, 1)), 1, ((-1, 0), (1, 0)))
    """
    variables, f = _polynomial_problem(f, variables, "optima_on_box")
    if len(bounds) != len(variables) or any(len(pair) != 2 for pair in bounds):
        raise ShapeError(
            f"give one (lower, upper) pair per variable: {len(variables)} variables, {len(bounds)} bounds"
        )
    box = [
        (as_expr(a, what=f"a bound of {v}"), as_expr(b, what=f"a bound of {v}"))
        for v, (a, b) in zip(variables, bounds)
    ]
    for v, (a, b) in zip(variables, box):
        if not (a.is_number and b.is_number) or sp.Ge(a, b) is not sp.false:
            raise DomainError(f"the bounds of {v} must be exact numbers with lower < upper, got [{a}, {b}]")
    candidates: list[tuple[tuple[Any, ...], Any, str]] = []
    complete = True
    notes: list[str] = []
    for choice in itertools.product(("free", "lower", "upper"), repeat=len(variables)):
        fixed = {v: (a if c == "lower" else b) for v, (a, b), c in zip(variables, box, choice) if c != "free"}
        free = [v for v, c in zip(variables, choice) if c == "free"]
        g = sp.expand(f.subs(fixed))
        grad = [sp.expand(sp.diff(g, v)) for v in free]
        if free and _stationary_set_reaches_boundary(grad, free):
            # The stationary points of f on this face form affine sets of positive
            # dimension (or the whole face); f is constant on each (it is connected), and
            # each leaves the bounded face, so its value is attained on the face's boundary,
            # whose candidates are collected separately.
            notes.append(
                Sentence.of(
                    "f is constant on sets of stationary points, where",
                    _equations({d: 0 for d in grad}),
                    ", of positive dimension on the",
                    _face(fixed, free, variables),
                    ": the extreme values are right, but the minimisers and maximisers listed are only "
                    "the candidate points (such a set may consist of further ones)",
                )
            )
            continue
        sols = _real_solutions(grad, free) if free else [{}]
        face = _face(fixed, free, variables)
        if sols is None:
            complete = False
            notes.append(
                Sentence.of("stationary points on the", face, "are not isolated or not found exactly")
            )
            continue
        for sol in sols:
            inside = [
                sp.And(sp.Gt(sol[v], a), sp.Lt(sol[v], b)) for v, (a, b) in zip(variables, box) if v in sol
            ]
            truth = sp.And(*inside) if inside else sp.true
            if truth is sp.false:
                continue
            if truth is not sp.true:
                complete = False
                notes.append(
                    Sentence("could not decide whether the point", _equations(sol), "lies in the box")
                )
                continue
            point = tuple(as_sympy(fixed.get(v, sol.get(v))) for v in variables)
            value = sp.radsimp(sp.expand(f.subs(dict(zip(variables, point)))))
            origin = (
                "stationary in the interior"
                if face == "interior"
                else ("vertex" if face == "vertex" else "stationary on a face")
            )
            candidates.append((point, value, origin))
    compact = (
        sp.Interval(*box[0]) if len(box) == 1 else sp.ProductSet(*[sp.Interval(a, b) for a, b in box]),
        "the box is closed and bounded and f is continuous, so both extrema are attained (Weierstrass)",
    )
    return _summarise(f, variables, compact[0], candidates, complete, compact, notes)


def _equations(values: dict[Any, Any]) -> Any:
    """``x = 1 ∧ y = 0`` for ``{x: 1, y: 0}``, unevaluated (a sentence states them)."""
    return sp.And(*(sp.Eq(k, v, evaluate=False) for k, v in values.items()), evaluate=False)


def _face(fixed: dict[Any, Any], free: Sequence[Any], variables: Sequence[Any]) -> Any:
    """Which part of the box a choice of fixed coordinates is: the interior, a vertex, or a face."""
    if len(free) == len(variables):
        return "interior"
    return "vertex" if not free else Sentence("face", _equations(fixed))


def optima_with_equalities(
    f: Any, variables: Sequence[sp.Symbol], equalities: Sequence[Any]
) -> ConstrainedOptima:
    """Global extrema of a polynomial f on {h₁ = 0, …} by Lagrange multipliers.

    Candidates solve ∇f = Σⱼ λⱼ ∇hⱼ, hⱼ = 0 (every extremum of f on a set where the ∇hⱼ are
    linearly independent does).  The global claim is proven when some hⱼ is a quadratic
    with positive definite Hessian (its zero set is bounded: an ellipsoid), and the
    points where the ∇hⱼ are dependent are also examined.

    Parameters
    ----------
    f : SymPy expression or str
        A polynomial in ``variables`` with no other symbols (else ``DomainError``).
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    equalities : sequence of SymPy expressions or str
        The constraint functions hⱼ (the set is {hⱼ = 0 for all j}), polynomials in
        ``variables``; at least one (else ``ShapeError``).

    Returns
    -------
    ConstrainedOptima
        ``.minimum``/``.maximum`` (exact values), ``.minimisers``/``.maximisers`` (tuples
        of points), ``.candidates`` (each point with its value and origin), ``.verdict``
        and ``.steps`` (``proven`` when the set is bounded and every candidate was found,
        else ``undecided`` with notes).

    Examples
    --------
    On the circle x² + y² = 2, xy ranges over [−1, 1]:

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> res = optima_with_equalities(x*y, [x, y], [x**2 + y**2 - 2])
    >>> res.minimum, res.maximum, res.maximisers, res.verdict.value
    (-1, 1, ((-1, -1), (1, 1)), 'proven')

    On the unit circle, x + y ranges over [−√2, √2]:

    >>> res = optima_with_equalities(x + y, [x, y], [x**2 + y**2 - 1])
    >>> res.minimum, res.maximum
    (-sqrt(2), sqrt(2))
    """
    variables, f = _polynomial_problem(f, variables, "optima_with_equalities")
    hs = [sp.expand(_polynomial_problem(h, variables, "optima_with_equalities")[1]) for h in equalities]
    if not hs:
        raise ShapeError("give at least one equality constraint h(x) = 0")
    lams = sp.symbols(f"lambda1:{len(hs) + 1}", real=True)
    lagrangian = f - sum(lam * h for lam, h in zip(lams, hs))
    eqs = [sp.diff(lagrangian, v) for v in variables] + hs
    sols = _real_solutions(eqs, [*variables, *lams])
    notes: list[str] = []
    complete = sols is not None
    candidates: list[tuple[tuple[Any, ...], Any, str]] = []
    seen: set[tuple[Any, ...]] = set()
    for sol in sols or []:
        point = tuple(sp.radsimp(sol[v]) for v in variables)
        if point in seen:
            continue
        seen.add(point)
        candidates.append(
            (point, sp.radsimp(sp.expand(f.subs(dict(zip(variables, point))))), "Lagrange point")
        )
    # Points where the constraint gradients are linearly dependent (the regularity condition fails).
    jac = sp.Matrix([[sp.diff(h, v) for v in variables] for h in hs])
    singular_eqs = hs + [sp.expand(m) for m in _maximal_minors(jac)]
    irregular = _real_solutions(singular_eqs, list(variables))
    if irregular is None:
        complete = False
        notes.append("could not find the points where the constraint gradients are dependent")
    for sol in irregular or []:
        point = tuple(sol[v] for v in variables)
        if point not in seen:
            seen.add(point)
            candidates.append((point, sp.expand(f.subs(sol)), "constraint gradients dependent"))
    if sols is None:
        notes.append("the Lagrange system is not zero-dimensional or not solvable exactly")
    compact = _bounded_by_quadratic(hs, variables)
    if compact is None:
        notes.append("could not prove the feasible set bounded; the values are extrema among candidates only")
    feasible = sp.And(*(sp.Eq(h, 0) for h in hs))
    return _summarise(f, variables, feasible, candidates, complete, compact, notes)


def _maximal_minors(jac: sp.Matrix) -> list[Any]:
    k = jac.rows
    return [
        jac.extract(list(range(k)), list(cols)).det() for cols in itertools.combinations(range(jac.cols), k)
    ]


def _bounded_by_quadratic(hs: Sequence[Any], variables: Sequence[sp.Symbol]) -> tuple[Any, Sentence] | None:
    """A reason why {h = 0} is bounded, when some h is a quadratic with PD Hessian."""
    for h in hs:
        if sp.Poly(h, *variables).total_degree() != 2:
            continue
        H = sp.hessian(h, variables)
        minors = [H[:k, :k].det() for k in range(1, H.rows + 1)]
        if all(m.is_positive for m in minors):
            return sp.Eq(h, 0), Sentence(
                h,
                "has a positive definite Hessian: its leading minors",
                sp.Tuple(*minors),
                "are positive; so its zero set is bounded (an ellipsoid), the feasible set is compact, "
                "and f attains its extrema there (Weierstrass)",
            )
    return None
