"""Exact conversion of user numbers and exact decisions about parameters (private helpers).

Weights, probabilities and parameters must be exact SymPy numbers or expressions.  Floats
become Rationals (reported with :class:`~symml.core.errors.ExactnessWarning`), strings go
through :mod:`symml.core.parsing` (never ``sympify``).  Conditions on parameters are decided
exactly when they involve one parameter; otherwise the answer is ``None`` (undecided).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from symml.core.errors import ExactnessWarning, InvalidValueError
from symml.core.exact.numbers import to_rational
from symml.core.parsing import as_conditions, as_expr, as_sympy
from symml.core.symbols import own_conditions


def _plain_number(value: Any) -> Any:
    """A NumPy scalar as the Python int or float it stands for (other values unchanged)."""
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind is None or getattr(value, "shape", None) != ():
        return value
    if kind in "iu":
        return int(value)
    if kind == "f":
        return float(value)
    if kind == "b":
        return bool(value)
    return value


def exact_number(value: Any, what: str) -> sp.Expr:
    """``value`` as an exact, finite, real SymPy expression; floats (Python or NumPy) become
    Rationals with a warning."""
    number = _exact_number(_plain_number(value), what)
    if number.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or number.is_extended_real is False:
        raise InvalidValueError(f"{what} is {number}; give a finite real number")
    return number


def _exact_number(value: Any, what: str) -> sp.Expr:
    if isinstance(value, bool):
        raise InvalidValueError(f"{what} is the boolean {value}; give a number such as 1/2")
    if isinstance(value, float):
        exact_value = to_rational(value)
        warnings.warn(
            f"{what}: the float {value!r} was read as the exact Rational {exact_value}",
            ExactnessWarning,
            stacklevel=4,
        )
        return exact_value
    if isinstance(value, str):
        return as_expr(value)
    if isinstance(value, (int, Fraction)):
        return sp.Rational(value)
    if isinstance(value, sp.Basic) and isinstance(value, sp.Expr):
        if value.has(sp.Float):
            exact_value = value.xreplace({f: to_rational(f) for f in value.atoms(sp.Float)})
            warnings.warn(
                f"{what}: floats in {value} were read as exact Rationals: {exact_value}",
                ExactnessWarning,
                stacklevel=3,
            )
            return exact_value
        return value
    raise InvalidValueError(
        f"{what} is {value!r} ({type(value).__name__}); give an exact number or expression"
    )


def exact_conditions(conditions: Any) -> tuple[Any, ...]:
    """Constraints on parameters as a tuple of SymPy booleans (strings via the parser)."""
    if conditions is None or conditions is True:
        return ()
    if isinstance(conditions, str):
        return tuple(as_conditions(conditions))
    if isinstance(conditions, sp.Basic):
        conditions = [conditions]
    out = []
    for c in conditions:
        if isinstance(c, str):
            out.extend(exact_conditions(c))
            continue
        if not isinstance(c, (sp.Basic, bool)):
            raise InvalidValueError(f"constraint {c!r} is not a SymPy relation; give e.g. p >= 0")
        c = as_sympy(c)
        if isinstance(c, sp.Basic) and c.has(sp.Float):
            exact_c = sp.nsimplify(c, rational=True)
            warnings.warn(
                f"floats in the constraint {c} were read as exact Rationals: {exact_c}",
                ExactnessWarning,
                stacklevel=3,
            )
            c = exact_c
        if c is sp.true:
            continue
        if c is sp.false:
            raise InvalidValueError(
                "the constraints are contradictory (False); no parameter value is admissible"
            )
        if isinstance(c, sp.And):
            out.extend(c.args)
        else:
            out.append(c)
    return tuple(out)


def _real(symbol: sp.Symbol) -> sp.Symbol:
    return sp.Dummy(symbol.name, real=True)


def _assumed_set(parameter: sp.Symbol) -> sp.Set:
    """The values a symbol's own assumptions allow (positive=True gives (0, oo), …)."""
    if parameter.is_positive:
        return sp.Interval.open(0, sp.oo)
    if parameter.is_nonnegative:
        return sp.Interval(0, sp.oo)
    if parameter.is_negative:
        return sp.Interval.open(-sp.oo, 0)
    if parameter.is_nonpositive:
        return sp.Interval(-sp.oo, 0)
    return sp.S.Reals


def admissible_set(constraints: Sequence[Any], parameter: sp.Symbol) -> sp.Set | None:
    """The set of real values of ``parameter`` satisfying every constraint, or ``None``."""
    real = _real(parameter)
    s: sp.Set = _assumed_set(parameter)
    for c in constraints:
        if not c.free_symbols:
            continue
        if c.free_symbols != {parameter}:
            return None
        try:
            s = s & as_sympy(c).subs(parameter, real).as_set()
        except (NotImplementedError, TypeError, ValueError):
            return None
    return s.subs(real, parameter) if real in s.free_symbols else s


def condition_set(condition: Any, parameter: sp.Symbol) -> sp.Set | None:
    """The set of real values of ``parameter`` where ``condition`` holds, or ``None``."""
    real = _real(parameter)
    cond = as_sympy(condition)
    if cond in (sp.true, sp.false):
        return sp.S.Reals if cond is sp.true else sp.S.EmptySet
    try:
        s = cond.subs(parameter, real).as_set()
    except (NotImplementedError, TypeError, ValueError):
        return None
    return s.subs(real, parameter) if real in s.free_symbols else s


def zero_set(expr: sp.Expr, parameter: sp.Symbol, domain: sp.Set) -> sp.Set | None:
    """The real zeros of ``expr`` in ``domain`` as an explicit set, or ``None``: the kernel's
    :func:`~symml.core.exact.cells.real_zeros` (exact root isolation for rational functions),
    kept where membership in ``domain`` is decided."""
    from symml.core.exact.cells import real_zeros
    from symml.core.exact.domain import holds

    real = _real(parameter)
    e = sp.together(sp.expand(expr)).subs(parameter, real)
    if e.free_symbols - {real}:
        return None
    zeros = real_zeros(sp.fraction(e)[0], real, domain.subs(parameter, real))
    if zeros is None:
        return None
    where = domain.as_relational(parameter)
    inside = [(z, holds(where, [parameter], [z])) for z in zeros]
    if any(c is None for _, c in inside):
        return None
    return sp.FiniteSet(*(z for z, c in inside if c))


def sample_point(s: sp.Set) -> sp.Expr | None:
    """An exact point of a non-empty set (a midpoint or endpoint), or ``None``."""
    if s is sp.S.EmptySet:
        return None
    if isinstance(s, sp.FiniteSet):
        return sorted(s, key=sp.default_sort_key)[0]
    if isinstance(s, sp.Interval):
        a, b = s.start, s.end
        if a.is_finite and b.is_finite:
            return (a + b) / 2
        if a.is_finite:
            return a + 1
        if b.is_finite:
            return b - 1
        return sp.Integer(0)
    if isinstance(s, sp.Union):
        for part in sorted(s.args, key=sp.default_sort_key):
            point = sample_point(part)
            if point is not None:
                return point
    return None


def decide(condition: Any, constraints: Sequence[Any]) -> tuple[bool | None, dict[sp.Symbol, Any]]:
    """Whether ``condition`` holds for every admissible parameter value, exactly.

    Returns ``(True, {})`` when proven, ``(False, witness)`` when some admissible value
    (the witness, e.g. ``{p: 3/4}``) violates it, and ``(None, {})`` when undecided.
    """
    try:
        verdict, witness = _decide_cached(as_sympy(condition), tuple(constraints))
    except TypeError:  # an unhashable constraint: decide without the cache
        verdict, witness = _decide(condition, constraints)
    return verdict, dict(witness)


@functools.lru_cache(maxsize=4096)
def _decide_cached(condition: Any, constraints: tuple[Any, ...]) -> tuple[bool | None, tuple[Any, ...]]:
    # The same questions recur (p >= 0 and 1 - p >= 0 for every weight of a Binomial) and
    # each costs a set computation; SymPy objects are immutable, so answers can be reused.
    verdict, witness = _decide(condition, constraints)
    return verdict, tuple(witness.items())


def _decide(condition: Any, constraints: Sequence[Any]) -> tuple[bool | None, dict[sp.Symbol, Any]]:
    cond = sp.simplify(as_sympy(condition)) if as_sympy(condition).free_symbols else as_sympy(condition)
    if cond is sp.true:
        return True, {}
    if cond is sp.false:
        return False, {}
    kernel = _decide_semialgebraic(cond, constraints)
    if kernel is not None:
        return kernel
    free = cond.free_symbols
    if len(free) != 1:
        return None, {}
    (p,) = free
    admissible = admissible_set(constraints, p)
    holds = condition_set(cond, p)
    if admissible is None or holds is None:
        return None, {}
    bad = admissible - holds
    if bad is sp.S.EmptySet:
        return True, {}
    point = sample_point(bad)
    if point is None:
        return None, {}
    return False, {p: point}


def _decide_semialgebraic(
    cond: Any, constraints: Sequence[Any]
) -> tuple[bool | None, dict[sp.Symbol, Any]] | None:
    """The kernel's decision (z3's complete real arithmetic) when the condition and the
    constraints are polynomial in any number of parameters; ``None`` when it does not apply.

    Proven: no admissible point violates the condition.  Refuted: z3's model, an exact
    rational point that satisfies every constraint and violates the condition."""
    from symml.core.exact.semialgebraic import Unsupported, satisfiable

    free = set(cond.free_symbols).union(*(as_sympy(c).free_symbols for c in constraints))
    symbols = sorted(free, key=sp.default_sort_key)
    if any(s.is_integer for s in symbols):
        return None  # a real model need not be an integer
    premises = [*constraints, *own_conditions(symbols)]
    try:
        sat, model = satisfiable(sp.And(*premises, sp.Not(cond)), symbols)
    except Unsupported:
        return None
    if sat is False:
        return True, {}
    if sat is True and model:
        return False, {s: model[s] for s in symbols if s in cond.free_symbols}
    return None


def parameters_of(exprs: Iterable[Any]) -> tuple[sp.Symbol, ...]:
    """The free symbols of ``exprs``, sorted by name."""
    free: set[sp.Symbol] = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            free |= e.free_symbols
    return tuple(sorted(free, key=sp.default_sort_key))


def ring_sum(value: Any) -> Any | None:
    """A sum that is a polynomial in its symbols with rational coefficients, added up in a
    sparse ring over QQ (fast and canonical: ~100x faster than expand() on a large Add), or
    ``None`` when it is not such a polynomial."""
    gens = sorted(value.free_symbols, key=sp.default_sort_key)
    ring = sp.polys.rings.ring(gens, sp.QQ)[0]
    try:
        acc = ring(0)
        for term in sp.Add.make_args(value):
            acc += ring.from_expr(term)
    except (ValueError, sp.PolynomialError, sp.CoercionFailed):
        return None
    return acc.as_expr()


def exact_sum(values: Iterable[Any]) -> Any:
    """The sum of exact values in a normal form (:func:`ring_sum`, else simplified)."""
    total = sp.Add(*values)
    if not getattr(total, "free_symbols", None):
        return total if total.is_Rational else sp.simplify(total)
    summed = ring_sum(total)
    return summed if summed is not None else sp.simplify(total)


def _substitute_equalities(value: Any, constraints: Sequence[Any]) -> Any:
    """Use equality constraints (p + q = 1) by solving each for one of its symbols."""
    for c in constraints:
        if not isinstance(c, sp.Equality) or not c.free_symbols:
            continue
        for s in sorted(c.free_symbols, key=sp.default_sort_key):
            solutions = sp.solve(c, s, dict=False)
            if isinstance(solutions, list) and len(solutions) == 1:
                value = value.subs(s, solutions[0])
                break
    return value


def is_zero(value: Any, constraints: Sequence[Any] = ()) -> bool | None:
    """Whether an exact value is 0 for every admissible parameter value: ``True``, ``False``
    (it is not 0 somewhere) or ``None`` (undecided), decided by the exact identity checker
    (which recognises algebraic constants such as cos(pi/7) + cos(3pi/7) + cos(5pi/7) - 1/2
    through their minimal polynomials)."""
    from symml.core.identity import check_identity

    v = as_sympy(value)
    if v.is_Rational:
        return bool(v == 0)
    v = _substitute_equalities(v, constraints)
    if sp.expand(v) == 0:
        return True
    conditions = [c for c in constraints if not isinstance(c, sp.Equality)]
    verdict = check_identity(v, 0, assumptions=conditions).verdict.value
    return None if verdict == "undecided" else verdict == "proven"


def equal_values(values: Sequence[Any]) -> list[list[Any]]:
    """The values grouped into classes of exactly equal numbers (order kept).

    Candidates are found by numerical closeness; each merge is decided by :func:`is_zero`.
    """
    groups: list[list[Any]] = []
    approx: list[complex | None] = []
    for v in values:
        try:
            z: complex | None = complex(sp.N(v, 20))
        except (TypeError, ValueError):
            z = None
        for g, a in zip(groups, approx):
            if z is not None and a is not None and abs(z - a) > 1e-9 * (1 + abs(a)):
                continue
            if is_zero(v - g[0]) is True:
                g.append(v)
                break
        else:
            groups.append([v])
            approx.append(z)
    return groups
