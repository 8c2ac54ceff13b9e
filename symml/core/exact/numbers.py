"""Exact real numbers: the one ``number_sign``, real algebraic numbers, certified balls.

Everything in symml that needs the sign of a constant, the order of two constants or a
rational point between them comes here.  The tiers, in order:

1. rationals: exact arithmetic;
2. real algebraic numbers (radicals, ``CRootOf``): a minimal polynomial decides whether
   the value is 0, and an isolating interval refined exactly (:class:`RealAlgebraic`)
   separates distinct numbers;
3. everything else (``log 2``, ``pi``, ``exp(-1/2)``, ``erf(1)``…): a rigorous ball from
   python-flint's arb, evaluated with every subexpression required to be a finite real
   number; a ball that excludes 0 *proves* the sign.

Floats never decide anything here.  :func:`to_rational` is the one float -> Rational
conversion (the shortest decimal that reads back as the float).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError

__all__ = [
    "POS",
    "ZERO",
    "NEG",
    "number_sign",
    "real_ball",
    "difference_sign",
    "ball_covers",
    "to_rational",
    "RealAlgebraic",
    "interval_enclosure",
    "sort_numbers",
    "real_roots",
    "compare",
    "rational_between",
    "value_expr",
]

POS, ZERO, NEG = 1, 0, -1
_MAX_REFINEMENTS = 200
#: working precisions (bits) tried in turn by ball arithmetic
_PRECISIONS = (64, 256, 1024)


# --------------------------------------------------------------------------- floats


def to_rational(value: Any) -> sp.Rational:
    """The exact Rational a float stands for: its shortest decimal form (``0.1`` -> ``1/10``).

    >>> to_rational(0.1), to_rational(sp.Float("2.5"))
    (1/10, 5/2)
    """
    if isinstance(value, sp.Float):
        if not value.is_finite:
            raise InvalidValueError(f"{value} is not a finite number; give a finite exact number")
        return sp.Rational(str(value))
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidValueError(f"{value!r} is not a finite number; give a finite exact number")
    return sp.Rational(repr(value))


def _exact_input(value: Any) -> Any:
    """A SymPy object for the kernel: SymPy objects as they are, integers and Fractions exact.

    Strings are refused (the safe parser converts them at the boundary; this module sits
    below it), and so are Python floats (a float never decides a sign).
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return sp.Rational(value)
    raise InvalidValueError(f"expected an exact SymPy number, got {value!r} ({type(value).__name__})")


# --------------------------------------------------------------------------- real algebraic numbers


def _interval_pow(lo: sp.Rational, hi: sp.Rational, e: int) -> tuple[sp.Rational, sp.Rational]:
    if e == 0:
        return sp.Integer(1), sp.Integer(1)
    a, b = lo**e, hi**e
    if e % 2 == 0 and lo <= 0 <= hi:
        return sp.Integer(0), max(a, b)
    return min(a, b), max(a, b)


def interval_enclosure(poly: sp.Poly, boxes: Sequence[tuple[Any, Any]]) -> tuple[Any, Any]:
    """An exact rational enclosure of ``poly`` over a box (one rational interval per generator)."""
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
        (a, b), _ = poly.intervals()[index]
        self.lo, self.hi = sp.Rational(a), sp.Rational(b)

    @functools.cached_property
    def expr(self) -> sp.Expr:
        """The root as an exact SymPy number (radicals for quadratics, else ``CRootOf``)."""
        return sp.rootof(self.poly, self.index)

    def refine(self) -> None:
        """Halve the isolating interval (exactly)."""
        a, b = self.poly.refine_root(self.lo, self.hi, eps=(self.hi - self.lo) / 2)
        self.lo, self.hi = sp.Rational(a), sp.Rational(b)

    def sign_of(self, q: Any) -> int | None:
        """Exact sign of the polynomial ``q`` (in this root's generator) at the root."""
        q = sp.Poly(q, self.poly.gen, domain="QQ") if not isinstance(q, sp.Poly) else q.set_domain(sp.QQ)
        r = q.rem(self.poly)
        if r.is_zero:
            return ZERO
        for _ in range(_MAX_REFINEMENTS):
            lo, hi = interval_enclosure(r, [(self.lo, self.hi)])
            if lo > 0:
                return POS
            if hi < 0:
                return NEG
            self.refine()
        return None  # pragma: no cover - a nonzero value is separated from 0 long before this

    def __lt__(self, other: Any) -> bool:
        return compare(self, other) < 0


class _Constant:
    """A real constant beyond the algebraic numbers, with rational bounds from arb balls."""

    def __init__(self, expr: sp.Expr) -> None:
        self.expr = expr
        self.prec = 0
        self.lo, self.hi = _ball_bounds(expr, _PRECISIONS[0])

    def refine(self) -> None:
        self.prec += 1
        self.lo, self.hi = _ball_bounds(self.expr, 64 * 2**self.prec)


def _ball_bounds(expr: sp.Expr, prec: int) -> tuple[sp.Rational, sp.Rational]:
    ball = _ball_at(expr, {}, prec)
    if ball is None:
        raise ValueError(f"{expr} has no certified real enclosure")
    return _arb_rational(ball.lower()), _arb_rational(ball.upper())


def _arb_rational(exact_arb: Any) -> sp.Rational:
    man, exp = exact_arb.mid().man_exp()
    return sp.Rational(int(man)) * sp.Rational(2) ** int(exp)


def _bounds(v: Any) -> tuple[Any, Any]:
    if isinstance(v, (RealAlgebraic, _Constant)):
        return v.lo, v.hi
    return v, v


def _as_number(v: Any) -> Any:
    """A Rational, ±oo, RealAlgebraic or _Constant for a real constant."""
    if isinstance(v, (RealAlgebraic, _Constant)):
        return v
    v = _exact_input(v)
    if v.is_Rational or v in (sp.oo, -sp.oo):
        return v
    if isinstance(v, sp.CRootOf):
        return RealAlgebraic(sp.Poly(v.poly.as_expr(), v.poly.gen), v.index)
    return _Constant(v)


def value_expr(v: Any) -> sp.Expr:
    """A root (Rational or :class:`RealAlgebraic`), constant or ±oo as a SymPy number."""
    if isinstance(v, (RealAlgebraic, _Constant)):
        return v.expr
    return v if v in (sp.oo, -sp.oo) or not v.is_Rational else sp.Rational(v)


def _separate(u: Any, v: Any) -> bool:
    """Refine u < v until u's enclosure ends before v's begins; False if they cannot be separated."""
    for _ in range(_MAX_REFINEMENTS if not isinstance(u, _Constant) and not isinstance(v, _Constant) else 8):
        if _bounds(u)[1] < _bounds(v)[0]:
            return True
        for w in (u, v):
            if isinstance(w, (RealAlgebraic, _Constant)):
                w.refine()
    return False


def compare(u: Any, v: Any) -> int | None:
    """Exact order (-1, 0, 1) of two real numbers (Rationals, ±oo, algebraic or other constants).

    ``None`` when two non-algebraic constants cannot be told apart (never a guess).
    """
    try:
        u, v = _as_number(u), _as_number(v)
    except ValueError:  # a constant that ball arithmetic cannot enclose: not ordered
        return None
    if not isinstance(u, (RealAlgebraic, _Constant)) and not isinstance(v, (RealAlgebraic, _Constant)):
        return 0 if u == v else (1 if u > v else -1)
    if sp.oo in (u, v) or -sp.oo in (u, v):
        if u == v:
            return 0
        return 1 if u == sp.oo or v == -sp.oo else -1
    if isinstance(u, RealAlgebraic) and isinstance(v, RealAlgebraic) and u.poly == v.poly:
        return (u.index > v.index) - (u.index < v.index)
    if isinstance(u, _Constant) or isinstance(v, _Constant):
        return number_sign(value_expr(u) - value_expr(v))
    for _ in range(_MAX_REFINEMENTS):  # distinct minimal polynomials: distinct numbers
        (ulo, uhi), (vlo, vhi) = _bounds(u), _bounds(v)
        if uhi < vlo:
            return -1
        if vhi < ulo:
            return 1
        for w in (u, v):
            if isinstance(w, RealAlgebraic):
                w.refine()
    raise ValueError("could not separate two real algebraic numbers")  # pragma: no cover


def sort_numbers(values: Iterable[Any]) -> list[Any] | None:
    """Distinct real numbers in exact increasing order (None if two cannot be ordered)."""
    items = [_as_number(v) for v in values]  # strings refused by _exact_input
    failed = []

    def cmp(a: Any, b: Any) -> int:
        c = compare(a, b)
        if c is None:
            failed.append((a, b))
            return 0
        return c

    out = sorted(items, key=functools.cmp_to_key(cmp))
    return None if failed else out


def real_roots(factors: Iterable[sp.Expr], p: sp.Symbol) -> list[Any]:
    """The distinct real roots of irreducible polynomials in ``p``, in increasing order.

    Each root is a Rational or a :class:`RealAlgebraic`; neighbouring roots are refined
    until their isolating intervals are disjoint, so a rational lies strictly between them.
    """
    roots: list[Any] = []
    for fac in factors:
        poly = sp.Poly(_exact_input(fac), _exact_input(p), domain="QQ")
        if poly.degree() == 1:
            roots.append(-poly.nth(0) / poly.nth(1))
            continue
        for k in range(poly.count_roots()):
            roots.append(RealAlgebraic(poly, k))
    roots = sorted(roots, key=functools.cmp_to_key(compare))
    for u, v in itertools.pairwise(roots):
        _separate(u, v)
    return roots


def rational_between(u: Any, v: Any) -> sp.Rational:
    """A simple rational strictly between two real numbers u < v (Rationals, roots, constants, ±oo).

    >>> rational_between(sp.sqrt(2), sp.Rational(3, 2)), rational_between(-sp.oo, sp.log(2))
    (23/16, 0)
    """
    u, v = _as_number(u), _as_number(v)
    if u == -sp.oo and v == sp.oo:
        return sp.Integer(0)
    if u == -sp.oo:
        lo = _bounds(v)[0]
        return _simple_rational_between(lo - 2, lo)
    if v == sp.oo:
        hi = _bounds(u)[1]
        return _simple_rational_between(hi, hi + 2)
    if not _separate(u, v):
        raise ValueError(f"{value_expr(u)} and {value_expr(v)} could not be separated")
    return _simple_rational_between(_bounds(u)[1], _bounds(v)[0])


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


# --------------------------------------------------------------------------- certified balls

_ARB_FUNCTIONS: dict[type, str] = {
    sp.exp: "exp",
    sp.sin: "sin",
    sp.cos: "cos",
    sp.tan: "tan",
    sp.sinh: "sinh",
    sp.cosh: "cosh",
    sp.tanh: "tanh",
    sp.atan: "atan",
    sp.asinh: "asinh",
    sp.erf: "erf",
    sp.erfc: "erfc",
}


class _NotReal(Exception):
    """A subexpression is not a finite real number (or ball arithmetic cannot tell)."""


def _arb(e: Any, env: dict[Any, Any]) -> Any:  # noqa: C901 - one case per node type
    from flint import arb

    if e.is_Symbol:
        if e not in env:
            raise _NotReal
        return _arb(_exact_input(env[e]), {})
    if e.is_Integer:
        return arb(int(e))
    if e.is_Rational:
        return arb(int(e.p)) / int(e.q)
    if e is sp.pi:
        return arb.pi()
    if e is sp.E:
        return arb(1).exp()
    if isinstance(e, sp.CRootOf):
        return _root_ball(e)
    if e.is_Add:
        total = arb(0)
        for a in e.args:
            total += _arb(a, env)
        return total
    if e.is_Mul:
        prod = arb(1)
        for a in e.args:
            prod *= _arb(a, env)
        return _finite(prod)
    if e.is_Pow:
        return _pow_ball(e, env)
    if isinstance(e, sp.log) and len(e.args) == 1:
        a = _arb(e.args[0], env)
        if not a > 0:
            raise _NotReal
        return a.log()
    if isinstance(e, sp.loggamma):
        a = _arb(e.args[0], env)
        if not a > 0:
            raise _NotReal
        return _finite(a.lgamma())
    if isinstance(e, sp.Abs):
        return abs(_arb(e.args[0], env))
    if isinstance(e, (sp.asin, sp.acos, sp.atanh)):
        a = _arb(e.args[0], env)
        if not (a > -1 and a < 1):
            raise _NotReal
        return _finite(getattr(a, type(e).__name__)())
    if isinstance(e, sp.acosh):
        a = _arb(e.args[0], env)
        if not a > 1:
            raise _NotReal
        return _finite(a.acosh())
    name = _ARB_FUNCTIONS.get(type(e))
    if name is not None:
        return _finite(getattr(_arb(e.args[0], env), name)())
    if type(e) in _ARB_RECIPROCALS:
        return _reciprocal_ball(e, env)
    raise _NotReal


#: functions of 1/a or reciprocals of functions of a: (evaluate at 1/a?, arb method, take 1/result?)
_ARB_RECIPROCALS: dict[type, tuple[bool, str, bool]] = {
    sp.acot: (True, "atan", False),  # SymPy's acot(a) = atan(1/a) for real a != 0 (acot(0) = pi/2)
    sp.acoth: (True, "atanh", False),
    sp.asec: (True, "acos", False),
    sp.acsc: (True, "asin", False),
    sp.csch: (False, "sinh", True),
    sp.sech: (False, "cosh", True),
    sp.coth: (False, "tanh", True),
    sp.sec: (False, "cos", True),
    sp.csc: (False, "sin", True),
    sp.cot: (False, "tan", True),
}


def _reciprocal_ball(e: Any, env: dict[Any, Any]) -> Any:
    a = _arb(e.args[0], env)
    inverted, method, reciprocal = _ARB_RECIPROCALS[type(e)]
    if inverted:
        if isinstance(e, sp.acot) and a.is_exact() and a.is_zero():
            return _arb(sp.pi / 2, {})
        if a.contains(0):
            raise _NotReal
        a = 1 / a
        if method in ("acos", "asin", "atanh") and not (a > -1 and a < 1):
            raise _NotReal
    value = _finite(getattr(a, method)())
    if reciprocal:
        if value.contains(0):
            raise _NotReal
        value = 1 / value
    return _finite(value)


def _pow_ball(e: sp.Pow, env: dict[Any, Any]) -> Any:
    from flint import arb

    base, ex = e.args
    bb = _arb(base, env)
    if ex.is_Integer:
        if ex < 0 and bb.contains(0):
            raise _NotReal
        return _finite(bb ** int(ex))
    # a non-integer power is real only for a positive base (SymPy's principal branch)
    if not bb > 0:
        if ex.is_positive and bb.is_zero():
            return arb(0)
        raise _NotReal
    if ex == sp.S.Half:
        return bb.sqrt()
    return _finite((_arb(ex, env) * bb.log()).exp())


def _root_ball(e: sp.CRootOf) -> Any:
    from flint import arb, ctx

    if not e.is_real:
        raise _NotReal
    root = RealAlgebraic(sp.Poly(e.poly.as_expr(), e.poly.gen), e.index)
    while root.hi - root.lo > sp.Rational(1, 2**ctx.prec):
        root.refine()
    lo = arb(int(root.lo.p)) / int(root.lo.q)
    hi = arb(int(root.hi.p)) / int(root.hi.q)
    return lo.union(hi)


def _finite(ball: Any) -> Any:
    if not ball.is_finite():
        raise _NotReal
    return ball


def _ball_at(e: Any, env: dict[Any, Any], prec: int) -> Any | None:
    from flint import ctx

    old = ctx.prec
    ctx.prec = prec
    try:
        return _arb(e, env)
    except (_NotReal, ValueError, ZeroDivisionError):
        return None
    finally:
        ctx.prec = old


def real_ball(value: Any, point: dict[Any, Any] | None = None) -> Any | None:
    """A rigorous ball (``flint.arb``) around the real value of an expression at a rational point.

    The expression is evaluated at ``point`` (symbol -> rational) without letting SymPy
    rewrite it first, and every subexpression must be a finite real number:
    ``sqrt(x) * sqrt(y)`` at ``x = y = -1`` is not real (although SymPy's ``I * I``
    gives ``-1``).  The precision is raised until the ball excludes 0.  ``None`` when
    some subexpression is undefined, not real, or outside what ball arithmetic covers.

    >>> x, y = sp.symbols("x y")
    >>> real_ball(sp.log(x) - sp.Rational(7, 10), {x: 2}) < 0
    True
    >>> real_ball(sp.sqrt(x) * sp.sqrt(y), {x: -1, y: -1}) is None
    True
    """
    e = _exact_input(value)
    env = dict(point or {})
    if e.free_symbols - set(env):
        return None
    ball = None
    for prec in _PRECISIONS:
        ball = _ball_at(e, env, prec)
        if ball is not None and (not ball.contains(0) or (ball.is_exact() and ball.is_zero())):
            return ball
    return ball


def difference_sign(lhs: Any, rhs: Any, point: dict[Any, Any]) -> int | None:
    """The sign of ``lhs - rhs`` at ``point`` when both sides are real there and provably differ.

    Each side is enclosed separately (so a non-real side is never cancelled away by SymPy).
    Once both sides are known to be real there, a difference that SymPy's own arithmetic
    reduces to a non-zero rational decides the sign exactly, whatever the sides' size
    (``exp(exp(8))`` against ``exp(exp(8)) + 1/3`` is beyond any ball's precision).
    """
    shift = None
    for prec in _PRECISIONS:
        left, right = _ball_at(lhs, point, prec), _ball_at(rhs, point, prec)
        if left is None or right is None:
            continue  # perhaps a log's argument not yet separated from 0: more precision
        diff = left - right
        if diff > 0:
            return POS
        if diff < 0:
            return NEG
        if shift is None:
            shift = (_exact_input(lhs) - _exact_input(rhs)).xreplace(point)
            if shift.is_Rational and shift != 0:
                return POS if shift > 0 else NEG
    return None


def ball_covers(e: Any) -> bool:
    """Whether every node of ``e`` is one that ball arithmetic evaluates."""
    for node in sp.preorder_traversal(e):
        if node.is_Atom:
            if not (node.is_Symbol or node.is_Rational or node in (sp.pi, sp.E)):
                return False
        elif not (
            node.is_Add
            or node.is_Mul
            or node.is_Pow
            or isinstance(node, (sp.log, sp.Abs, sp.asin, sp.acos, sp.atanh, sp.acosh, sp.loggamma))
            or isinstance(node, sp.CRootOf)
            or type(node) in _ARB_FUNCTIONS
            or type(node) in _ARB_RECIPROCALS
        ):
            return False
    return True


# --------------------------------------------------------------------------- the sign of a number


def number_sign(value: Any) -> int | None:
    """The exact sign (-1, 0, 1) of a real constant, or ``None`` if undefined or undecidable.

    Rationals are compared exactly; a ball (python-flint arb) that excludes 0 proves the
    sign of any other constant; 0 is recognised exactly, through the minimal polynomial of
    an algebraic number or SymPy's exact simplification.  Non-real, infinite or undefined
    values give ``None``, and so does a value that none of this decides: never a guess.

    >>> number_sign(sp.log(2) - sp.Rational(7, 10)), number_sign(sp.sqrt(2) * sp.sqrt(8) - 4)
    (-1, 0)
    >>> number_sign(sp.log(-1)) is None
    True
    """
    if isinstance(value, float):
        return None  # floats never decide a sign
    v = _exact_input(value)
    if not isinstance(v, sp.Expr) or v.free_symbols or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.I):
        return None
    if v.is_Rational:
        return POS if v.p > 0 else NEG if v.p < 0 else ZERO
    if v.has(sp.Float):
        return None  # floats never decide a sign
    ball = real_ball(v)
    if ball is not None and not ball.contains(0):
        return POS if ball > 0 else NEG
    if v.is_extended_real is False:
        return None
    return _exact_zero(v, ball)


def _exact_zero(v: sp.Expr, ball: Any) -> int | None:
    """0 when ``v`` is provably zero (its ball contains 0), else None."""
    if ball is not None and ball.is_exact() and ball.is_zero():
        return ZERO
    if v.is_algebraic:
        t = sp.Dummy("t")
        try:
            minimal = sp.Poly(sp.minimal_polynomial(v, t), t)
        except (NotImplementedError, ValueError, sp.PolynomialError):
            minimal = None
        if minimal is not None:
            if minimal.degree() == 1:
                root = -minimal.nth(0) / minimal.nth(1)
                return POS if root > 0 else NEG if root < 0 else ZERO
            return None
    for candidate in (sp.expand(v), sp.radsimp(v), sp.simplify(v)):
        if candidate.is_zero:
            return ZERO
    return None

