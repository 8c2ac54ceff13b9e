"""Refutation witnesses for convexity: two points and a λ, found numerically, checked exactly.

Private helpers of :mod:`symml.optimisation.convexity`.  Floating point is used only to
*rank* candidate triples (x, x', λ) on a grid of simple rationals; every witness returned
has been re-evaluated exactly and its inequality certified by
:func:`~symml.core.exact.numbers.number_sign` (exact for rationals, arb
ball arithmetic otherwise).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import sympy as sp

from symml.core.exact.domain import holds
from symml.core.exact.numbers import number_sign
from symml.core.parsing import as_symbols, as_sympy
from symml.core.results import Sentence, Witness

__all__ = ["chord_witness", "set_witness", "holds", "grid_points"]

_LAMBDAS = (sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(3, 4))
_VALUES_1D = tuple(
    sp.Rational(v)
    for v in (
        "-10",
        "-3",
        "-2",
        "-3/2",
        "-1",
        "-1/2",
        "-1/4",
        "0",
        "1/4",
        "1/2",
        "1",
        "3/2",
        "2",
        "3",
        "5",
        "10",
    )
)
_VALUES_2D = tuple(sp.Rational(v) for v in ("-3", "-2", "-1", "-1/2", "0", "1/2", "1", "2", "3"))
_VALUES_ND = tuple(sp.Rational(v) for v in ("-2", "-1", "0", "1", "2"))


def grid_points(n: int, extra: Sequence[Any] = ()) -> list[tuple[sp.Rational, ...]]:
    """Simple rational grid points in n dimensions (denser in 1-D), plus ``extra`` values."""
    base = _VALUES_1D if n == 1 else _VALUES_2D if n == 2 else _VALUES_ND
    values = sorted(set(base) | {sp.Rational(v) for v in extra}) if n == 1 else list(base)
    return [tuple(p) for p in itertools.product(values, repeat=n)]


def _numeric(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> Callable[..., float | None]:
    """A float evaluator that only ranks candidates: the math module, or mpmath for the special
    functions math lacks (LambertW, Ei, besselj, zeta …); acot follows SymPy (acot(0) = pi/2)."""
    # lambdify prints acot(g) as atan(1/g), undefined at 0 where SymPy's acot is pi/2
    expr = as_sympy(expr).replace(
        sp.acot, lambda g: sp.Piecewise((sp.atan(1 / g), sp.Ne(g, 0)), (sp.pi / 2, True))
    )
    slow = sp.lambdify(variables, expr, modules="mpmath")
    use = [sp.lambdify(variables, expr, modules="math")]  # fast while the math module suffices

    def call(*args: float) -> float | None:
        try:
            v = use[0](*args)
        except NameError:
            if use[0] is slow:
                return None  # a function mpmath lacks too: no candidates
            use[0] = slow  # LambertW, Ei, besselj, zeta …: mpmath from now on
            return call(*args)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError, AttributeError):
            return None  # undefined there: not a candidate
        if isinstance(v, mpmath.mpc) and v.imag != 0:
            return None
        try:
            out = float(v.real if isinstance(v, mpmath.mpc) else v)
        except (TypeError, ValueError):
            return None
        return out if math.isfinite(out) else None

    return call


def _value(expr: sp.Expr, variables: Sequence[sp.Symbol], point: Sequence[Any]) -> sp.Expr:
    return as_sympy(expr).subs(dict(zip(variables, point)), simultaneous=True)


def _pack(point: Sequence[Any]) -> Any:
    return point[0] if len(point) == 1 else tuple(point)


def chord_witness(
    f: sp.Expr,
    variables: Sequence[sp.Symbol],
    member: Callable[[Sequence[Any]], bool | None],
    against: str = "convex",
    hints: Sequence[tuple[Sequence[Any], Sequence[Any]]] = (),
    points: Sequence[Sequence[Any]] | None = None,
    budget: int = 8,
    f_search: sp.Expr | None = None,
    certify: Callable[[sp.Expr], int | None] = number_sign,
) -> Witness | None:
    """Find exact x, x' in the domain and λ in (0, 1) violating (2.24) (or its reverse).

    ``against="convex"`` looks for f(λx + (1−λ)x') > λf(x) + (1−λ)f(x');
    ``against="concave"`` for the reverse strict inequality.  ``member`` tells whether an
    exact point lies in the (convex) domain.  Returns ``None`` when nothing is certified.
    """
    n = len(variables)
    sign_wanted = 1 if against == "convex" else -1
    f = as_sympy(f)
    fnum = _numeric(f if f_search is None else as_sympy(f_search), variables)
    pts = list(points) if points is not None else grid_points(n)
    pts = [p for p in pts if member(p)]
    scored: list[tuple[float, tuple[Any, ...], tuple[Any, ...], sp.Rational]] = []
    values = {p: fnum(*map(float, p)) for p in pts}
    for p, q in itertools.combinations(pts, 2):
        fp, fq = values[p], values[q]
        if fp is None or fq is None:
            continue
        for lam in _LAMBDAS:
            mid = tuple(lam * a + (1 - lam) * b for a, b in zip(p, q))
            fm = fnum(*map(float, mid))
            if fm is None:
                continue
            chord = float(lam) * fp + (1 - float(lam)) * fq
            gap = sign_wanted * (fm - chord)
            if gap > 1e-9 * (1 + abs(chord)):
                scored.append((gap / (1 + abs(chord)), p, q, lam))
    scored.sort(key=lambda t: -t[0])
    # the best-scoring grid triples first; then the hints (pairs inside a piece where f'' has
    # the wrong sign), which find witnesses between grid points
    tried = [(p, q, lam) for _, p, q, lam in scored[:budget]]
    tried += [(tuple(a), tuple(b), sp.Rational(1, 2)) for a, b in hints]
    for p, q, lam in tried:
        w = certify_chord(f, variables, p, q, lam, sign_wanted, member, certify)
        if w is not None:
            return w
    return None


def certify_chord(
    f: sp.Expr,
    variables: Sequence[sp.Symbol],
    p: Sequence[Any],
    q: Sequence[Any],
    lam: sp.Rational,
    sign_wanted: int,
    member: Callable[[Sequence[Any]], bool | None],
    certify: Callable[[sp.Expr], int | None] = number_sign,
) -> Witness | None:
    if member(p) is not True or member(q) is not True:
        return None
    mid = tuple(lam * a + (1 - lam) * b for a, b in zip(p, q))
    mid = tuple(sp.cancel(m) if m.free_symbols else m for m in mid)  # parametric points: one fraction
    f_mid = _value(f, variables, mid)
    chord = lam * _value(f, variables, p) + (1 - lam) * _value(f, variables, q)
    if f_mid.free_symbols or chord.free_symbols:  # functions of the parameters: one fraction each
        f_mid, chord = sp.factor(sp.cancel(f_mid)), sp.factor(sp.cancel(chord))
    if f_mid.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or chord.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    if certify(f_mid - chord) != sign_wanted:
        return None
    rel = (
        sp.StrictGreaterThan(f_mid, chord, evaluate=False)
        if sign_wanted > 0
        else sp.StrictLessThan(f_mid, chord, evaluate=False)
    )
    what = "convexity" if sign_wanted > 0 else "concavity"
    return Witness(
        {"x": _pack(p), "x'": _pack(q), "lambda": lam},
        shows=rel,
        description=Sentence(_chord_relation(sign_wanted), f": (2.24) fails for {what}"),
    )


#: The names of a chord witness as the notes write them: x, x' and lambda.
_X, _X2, _LAM = sp.Symbol("x"), sp.Symbol("x_prime"), sp.Symbol("lambda")


def _chord_relation(sign_wanted: int) -> Any:
    """f(λx + (1−λ)x') > λf(x) + (1−λ)f(x') (or <): what a witness against convexity shows."""
    f = sp.Function("f")
    left, right = f(_LAM * _X + (1 - _LAM) * _X2), _LAM * f(_X) + (1 - _LAM) * f(_X2)
    relation = sp.StrictGreaterThan if sign_wanted > 0 else sp.StrictLessThan
    return relation(left, right, evaluate=False)


def set_witness(
    cond: Any, variables: Sequence[sp.Symbol], points: Sequence[Sequence[Any]] | None = None, budget: int = 12
) -> Witness | None:
    """Two exact points of {cond} and a λ whose combination is not in the set, or ``None``."""
    cond, variables = as_sympy(cond), as_symbols(variables)
    n = len(variables)
    pts = list(points) if points is not None else grid_points(n)
    relations = sorted(cond.atoms(sp.core.relational.Relational), key=sp.default_sort_key)
    numeric = [(r, _numeric(r.lhs - r.rhs, variables)) for r in relations]

    def approx_member(p: Sequence[Any]) -> bool:
        truth = {}
        for r, fn in numeric:
            v = fn(*map(float, p))
            if v is None:
                return False
            truth[r] = {
                "<": v < 0,
                "<=": v <= 1e-12,
                ">": v > 0,
                ">=": v >= -1e-12,
                "==": abs(v) < 1e-12,
                "!=": abs(v) > 1e-12,
            }[r.rel_op]
        return bool(cond.xreplace({r: sp.true if t else sp.false for r, t in truth.items()}))

    inside = [p for p in pts if approx_member(p)]
    candidates = []
    for p, q in itertools.combinations(inside, 2):
        for lam in (sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(2, 3)):
            mid = tuple(lam * a + (1 - lam) * b for a, b in zip(p, q))
            if not approx_member(mid):
                candidates.append((p, q, lam))
                break
        if len(candidates) >= budget:
            break
    for p, q, lam in candidates:
        if holds(cond, variables, p) is not True or holds(cond, variables, q) is not True:
            continue
        mid = tuple(lam * a + (1 - lam) * b for a, b in zip(p, q))
        if holds(cond, variables, mid) is False:
            return Witness(
                {"x": _pack(p), "x'": _pack(q), "lambda": lam, "mid": _pack(mid)},
                shows=sp.Not(_substituted(cond, variables, mid)),
                description=Sentence(
                    _X, "and", _X2, "lie in the set,", _LAM * _X + (1 - _LAM) * _X2, "does not: (2.22) fails"
                ),
            )
    return None


def _substituted(cond: Any, variables: Sequence[sp.Symbol], point: Sequence[Any]) -> Any:
    """The condition at the point, each relation kept unevaluated so the reader can check it."""
    cond = as_sympy(cond)
    reps = {}
    for r in cond.atoms(sp.core.relational.Relational):
        lhs = _value(r.lhs, variables, point)
        rhs = _value(r.rhs, variables, point)
        reps[r] = sp.core.relational.Relational(lhs, rhs, r.rel_op, evaluate=False)
    return cond.xreplace(reps)
