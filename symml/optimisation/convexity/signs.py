"""Signs for the convexity prover: certified signs of constants and of f'' on an interval.

Private helpers of :mod:`symml.optimisation.convexity`.  The colleague module
``symml.core.exact.signs`` was not available when this was written, so the small sign
machinery the prover needs lives here:

* :func:`certified_sign` — the sign of an exact real constant, exactly when it is
  rational and otherwise by arb ball arithmetic (python-flint), which encloses the true
  value rigorously: a ball that excludes 0 *proves* the sign.
* :func:`assumed_sign` — the sign of an expression from SymPy's assumption system after
  substituting variables and parameters by positive dummies that encode their ranges.
* :func:`sign_pattern_1d` — the sign of a continuous function of one variable on an
  interval, from its exact zeros (``solveset``) and one certified sample per piece.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symml.core.parsing import as_sympy

__all__ = ["certified_sign", "assumed_sign", "sign_pattern_1d", "SignPattern", "sample_in"]


class _NoArb(Exception):
    """The expression contains something arb cannot evaluate."""


def _to_arb(expr: sp.Expr) -> Any:
    import flint

    if expr.is_Integer:
        return flint.arb(int(expr))
    if expr.is_Rational:
        return flint.arb(int(expr.p)) / int(expr.q)
    if expr is sp.pi:
        return flint.arb.pi()
    if expr is sp.E:
        return flint.arb(1).exp()
    if isinstance(expr, sp.Add):
        total = flint.arb(0)
        for a in expr.args:
            total += _to_arb(a)
        return total
    if isinstance(expr, sp.Mul):
        prod = flint.arb(1)
        for a in expr.args:
            prod *= _to_arb(a)
        return prod
    if isinstance(expr, sp.Pow):
        base, ex = expr.args
        b = _to_arb(base)
        if ex.is_Integer:
            return b ** int(ex)
        if not b > 0:
            # SymPy's b**(p/q) for negative b is the principal complex root: never certify it
            raise _NoArb(str(expr))
        if ex == sp.S.Half:
            return b.sqrt()
        return (b.log() * _to_arb(ex)).exp()
    if isinstance(expr, sp.exp):
        return _to_arb(expr.args[0]).exp()
    if isinstance(expr, sp.log):
        return _to_arb(expr.args[0]).log()
    if isinstance(expr, sp.Abs):
        return abs(_to_arb(expr.args[0]))
    simple = {
        sp.sin: "sin",
        sp.cos: "cos",
        sp.tan: "tan",
        sp.atan: "atan",
        sp.sinh: "sinh",
        sp.cosh: "cosh",
        sp.tanh: "tanh",
    }
    for cls, name in simple.items():
        if isinstance(expr, cls):
            return getattr(_to_arb(expr.args[0]), name)()
    raise _NoArb(str(expr))


def certified_sign(value: Any) -> int | None:
    """The sign (-1, 0, 1) of an exact real constant, or ``None`` when it cannot be certified.

    Rationals are decided exactly; other constants by arb ball arithmetic at increasing
    precision (a ball excluding 0 is a rigorous proof of the sign).  An irrational value
    that equals 0 is only recognised when SymPy simplifies it to 0.

    Examples
    --------
    >>> from sympy import sqrt, Rational, log
    >>> certified_sign(sqrt(2) - Rational(7, 5))
    1
    >>> certified_sign(log(2) - Rational(7, 10))
    -1
    """
    v = as_sympy(value)
    if v.free_symbols:
        return None
    if v.is_Rational:
        return int(sp.sign(v))
    if v.is_zero:
        return 0
    if v.is_real is False:
        return None
    import flint

    old = flint.ctx.prec
    try:
        for prec in (64, 256, 1024):
            flint.ctx.prec = prec
            try:
                ball = _to_arb(v)
            except (_NoArb, ValueError, ZeroDivisionError):
                return None
            if not ball.is_finite():
                return None
            if ball > 0:
                return 1
            if ball < 0:
                return -1
    finally:
        flint.ctx.prec = old
    simplified = sp.simplify(v)
    if simplified == 0:
        return 0
    return None


def assumed_sign(expr: sp.Expr, subs: Mapping[Any, Any] = ()) -> str | None:
    """Sign class of ``expr`` from SymPy's assumptions after ``subs``.

    Returns one of ``"zero"``, ``"pos"``, ``"neg"``, ``"nonneg"``, ``"nonpos"`` or ``None``.
    Each factor of the factored expression is tried separately, so that e.g.
    ``a*(a - 1)*x**(a - 2)`` with ``x`` positive leaves only the parameter factor open.
    """
    e = as_sympy(expr).subs(as_sympy(dict(subs))) if subs else as_sympy(expr)
    if e == 0:
        return "zero"
    weak = None
    for candidate in _forms(e):
        got = _sign_of_factors(candidate)
        if got in ("pos", "neg", "zero"):
            return got
        weak = weak or got
    return weak


def _forms(e: sp.Expr) -> list[sp.Expr]:
    forms = [e]
    big = sp.count_ops(e) > 60  # factor/simplify on large expressions can take minutes
    try:
        forms.append(sp.factor_terms(sp.together(e)) if big else sp.factor(sp.together(e)))
    except (sp.PolynomialError, NotImplementedError):  # pragma: no cover - defensive
        pass
    if not big:
        forms.append(sp.powsimp(sp.simplify(e), force=False))
    return forms


def _sign_of_factors(e: sp.Expr) -> str | None:
    if e.is_zero:
        return "zero"
    if e.is_positive:
        return "pos"
    if e.is_negative:
        return "neg"
    factors = sp.Mul.make_args(e)
    sign = 1
    strict = True
    for f in factors:
        if f.is_positive:
            continue
        if f.is_negative:
            sign = -sign
            continue
        if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp.is_even and f.base.is_real:
            strict = False
            continue
        if f.is_nonnegative:
            strict = False
            continue
        if f.is_nonpositive:
            strict = False
            sign = -sign
            continue
        return None
    if strict:
        return "pos" if sign > 0 else "neg"
    return "nonneg" if sign > 0 else "nonpos"


def sample_in(lo: Any, hi: Any) -> sp.Expr:
    """A simple exact point strictly inside the open interval (lo, hi); ends may be infinite."""
    lo, hi = as_sympy(lo), as_sympy(hi)
    if lo is sp.S.NegativeInfinity and hi is sp.S.Infinity:
        return sp.Integer(0)
    if lo is sp.S.NegativeInfinity:
        return sp.floor(hi) - 1
    if hi is sp.S.Infinity:
        return sp.ceiling(lo) + 1
    mid = (lo + hi) / 2
    if not mid.is_Rational:
        # a rational strictly between: refine by halving with certified comparisons
        for den in (2, 4, 8, 16, 64, 256, 1024):
            cand = sp.Rational(sp.floor(mid * den), den)
            if certified_sign(cand - lo) == 1 and certified_sign(hi - cand) == 1:
                return cand
        return mid
    return mid


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


def sign_pattern_1d(g: sp.Expr, x: sp.Symbol, interval: sp.Interval) -> SignPattern | None:
    """Exact sign pattern of ``g`` on ``interval``, or ``None`` when it cannot be established.

    Needs ``g`` continuous on the interval (checked with ``continuous_domain``) and its
    zeros there found completely by ``solveset`` (a finite set); then the sign is constant
    between consecutive zeros and is read off one certified sample per piece.
    """
    from sympy.calculus.util import continuous_domain

    if g.free_symbols - {x}:
        return None
    if g.has(sp.Abs, sp.sign, sp.DiracDelta, sp.Heaviside, sp.Piecewise, sp.Max, sp.Min):
        return None
    if sp.count_ops(g) > 40:
        return None  # solveset's domain checks on large expressions take many seconds
    try:
        if g.is_zero or sp.simplify(g) == 0:
            inner = interval.interior if hasattr(interval, "interior") else interval
            return SignPattern((), ((inner, sample_in(interval.inf, interval.sup), 0),))
        cont = continuous_domain(g, x, interval)
        if not interval.is_subset(cont) and not sp.Interval.open(interval.inf, interval.sup).is_subset(cont):
            return None
        # zeros of a continuous g are those of its numerator; solving the numerator avoids
        # solveset's slow domain checks of the whole expression
        num, _den = sp.fraction(sp.together(g))
        zeros = sp.solveset(num if num.is_polynomial(x) else g, x, interval)
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None
    if zeros is sp.S.EmptySet:
        zeros = ()
    elif not isinstance(zeros, sp.FiniteSet):
        return None
    pts = sorted((z for z in zeros if z.is_real), key=sp.default_sort_key)
    try:
        pts = sorted(pts, key=lambda z: float(z))  # ordering only; each piece is re-checked
    except TypeError:
        return None
    bounds = [interval.inf, *pts, interval.sup]
    pieces = []
    for lo, hi in zip(bounds, bounds[1:]):
        if lo == hi:
            continue
        s = sample_in(lo, hi)
        sg = certified_sign(g.subs(x, s))
        if sg is None:
            return None
        if sg == 0:  # a zero not reported by solveset: do not trust the pattern
            return None
        pieces.append((sp.Interval.open(lo, hi), s, sg))
    return SignPattern(tuple(pts), tuple(pieces))
