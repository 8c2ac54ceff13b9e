"""Where a function is defined: the one domain engine of symml.

A formula can behave well on a domain while the function it stands for does not: the
derivative of ``acot(x)`` hides the jump at 0, ``csch(x)**2`` has a pole there, and
``log(x**2 - 4)`` is not real at 0.  :func:`requirements` reads an expression's atoms and
returns what must hold at a point for the expression to be

* **defined** there: a finite real number (no pole, no complex value);
* **continuous** there (no jump: ``acot``, ``sign``, ``floor``, ``Piecewise`` …);
* **differentiable** near there (no kink or vertical tangent: ``Abs``, ``sqrt`` at 0 …),
  when ``order >= 1`` is asked for.

Each :class:`Requirement` is a sign condition on one expression (``arg``): the signs that
*prove* it (``ok``) and the signs that *violate* it (``bad``; a point where ``arg`` has such
a sign is a point where the property fails).  A function this table does not know has no
``ok`` sign at all, so nothing about it is ever proven: unknown means undecided.  Callers
prove the requirements with their own sign reasoning on their domain (the exact kernel's
signs), or check them at exact points with :func:`status_at`.

>>> import sympy as sp
>>> x = sp.Symbol("x", real=True)
>>> [(r.arg, r.what) for r in requirements(sp.log(x**2 - 4), [x])]
[(x**2 - 4, 'defined')]
>>> status_at(sp.log(x**2 - 4), [x], {x: 0})
False
>>> status_at(sp.acot(x), [x], {x: 1}), status_at(sp.acot(x), [x], {x: 0})
(True, None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.logic.boolalg import Boolean

from symml.core.exact.numbers import NEG, POS, ZERO, number_sign
from symml.core.parsing import as_sympy

__all__ = [
    "Requirement",
    "requirements",
    "status_at",
    "unproven",
    "first_violated",
    "parameter_exprs",
    "holds",
    "DEFINED",
    "CONTINUOUS",
    "DIFFERENTIABLE",
]

DEFINED, CONTINUOUS, DIFFERENTIABLE = "defined", "continuous", "differentiable"

_NONZERO = frozenset({POS, NEG})
_POSITIVE = frozenset({POS})
_NONNEG = frozenset({POS, ZERO})
_NOTHING: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Requirement:
    """One condition a point must meet: ``arg`` has a sign in ``ok`` (proves), not in ``bad``.

    ``what`` is the property at stake (``"defined"``, ``"continuous"`` or
    ``"differentiable"``); ``why`` says it in words for notes and errors.  An empty
    ``ok`` means the engine knows no condition (an unknown function): never proven.
    """

    arg: sp.Expr
    ok: frozenset[int]
    bad: frozenset[int]
    node: sp.Expr
    what: str
    why: str

    def holds_at(self, point: Mapping[Any, Any]) -> bool | None:
        """True when the requirement provably holds at the exact point, False when it fails."""
        try:
            value = self.arg.xreplace({k: as_sympy(v) for k, v in point.items()}) if point else self.arg
        except (ValueError, TypeError):  # Max/Min refuse a non-real argument
            return None
        if value.free_symbols:
            return None
        s = number_sign(value)
        if s is None:
            return None
        if s in self.ok:
            return True
        return False if s in self.bad else None


def _req(arg: Any, ok: frozenset[int], bad: frozenset[int], node: Any, what: str, why: str) -> Requirement:
    return Requirement(as_sympy(arg), ok, bad, node, what, why.format(node))


def _unknown(node: Any, what: str) -> Requirement:
    return _req(sp.Integer(1), _NOTHING, _NOTHING, node, what, "{} is not a function symml knows " + what)


#: one-argument functions: (argument expression of g, ok, bad, the condition in words)
_ONE_ARG: dict[type, tuple[Callable[[Any], Any], frozenset[int], frozenset[int], str]] = {
    sp.log: (lambda g: g, _POSITIVE, frozenset({NEG, ZERO}), "the argument of {} must be positive"),
    sp.tan: (lambda g: sp.cos(g), _NONZERO, frozenset({ZERO}), "{} has poles where the cosine vanishes"),
    sp.sec: (lambda g: sp.cos(g), _NONZERO, frozenset({ZERO}), "{} has poles where the cosine vanishes"),
    sp.cot: (lambda g: sp.sin(g), _NONZERO, frozenset({ZERO}), "{} has poles where the sine vanishes"),
    sp.csc: (lambda g: sp.sin(g), _NONZERO, frozenset({ZERO}), "{} has poles where the sine vanishes"),
    sp.csch: (lambda g: g, _NONZERO, frozenset({ZERO}), "{} has a pole where its argument vanishes"),
    sp.coth: (lambda g: g, _NONZERO, frozenset({ZERO}), "{} has a pole where its argument vanishes"),
    sp.acsch: (lambda g: g, _NONZERO, frozenset({ZERO}), "{} has a pole where its argument vanishes"),
    sp.asin: (lambda g: 1 - g**2, _NONNEG, frozenset({NEG}), "{} is real only for arguments in [-1, 1]"),
    sp.acos: (lambda g: 1 - g**2, _NONNEG, frozenset({NEG}), "{} is real only for arguments in [-1, 1]"),
    sp.atanh: (lambda g: 1 - g**2, _POSITIVE, frozenset({NEG, ZERO}), "{} needs an argument in (-1, 1)"),
    sp.acoth: (lambda g: g**2 - 1, _POSITIVE, frozenset({NEG, ZERO}), "{} needs |argument| > 1"),
    sp.acosh: (lambda g: g - 1, _NONNEG, frozenset({NEG}), "{} is real only for arguments >= 1"),
    sp.asec: (lambda g: g**2 - 1, _NONNEG, frozenset({NEG}), "{} is real only for |argument| >= 1"),
    sp.acsc: (lambda g: g**2 - 1, _NONNEG, frozenset({NEG}), "{} is real only for |argument| >= 1"),
    sp.erfinv: (lambda g: 1 - g**2, _POSITIVE, frozenset({NEG, ZERO}), "{} needs an argument in (-1, 1)"),
    sp.erfcinv: (lambda g: g * (2 - g), _POSITIVE, frozenset({NEG, ZERO}), "{} needs an argument in (0, 2)"),
    sp.gamma: (lambda g: g, _POSITIVE, frozenset({ZERO}), "{} has poles at the integers <= 0"),
    sp.loggamma: (lambda g: g, _POSITIVE, frozenset({NEG, ZERO}), "{} is real only for positive arguments"),
    sp.digamma: (lambda g: g, _POSITIVE, frozenset({ZERO}), "{} has poles at the integers <= 0"),
    sp.trigamma: (lambda g: g, _POSITIVE, frozenset({ZERO}), "{} has poles at the integers <= 0"),
    sp.factorial: (lambda g: g + 1, _POSITIVE, frozenset({ZERO}), "{} has poles at the integers < 0"),
    sp.Ei: (lambda g: g, _NONZERO, frozenset({ZERO}), "{} has a logarithmic pole at 0"),
    sp.Ci: (lambda g: g, _POSITIVE, frozenset({NEG, ZERO}), "{} is real only for positive arguments"),
    sp.Chi: (lambda g: g, _POSITIVE, frozenset({NEG, ZERO}), "{} is real only for positive arguments"),
    sp.li: (
        lambda g: g * (g - 1),
        _POSITIVE,
        frozenset({NEG, ZERO}),
        "{} needs a positive argument other than 1",
    ),
    sp.zeta: (lambda g: g - 1, _NONZERO, frozenset({ZERO}), "{} has a pole at 1"),
    sp.LambertW: (
        lambda g: g + sp.exp(-1),
        _NONNEG,
        frozenset({NEG}),
        "{} is real only for arguments >= -1/e",
    ),
}

#: functions that are real and smooth on the whole line (on real arguments)
_SMOOTH = (
    sp.exp, sp.sin, sp.cos, sp.sinh, sp.cosh, sp.tanh, sp.sech, sp.atan, sp.asinh,
    sp.erf, sp.erfc, sp.erfi, sp.Si, sp.Shi, sp.fresnels, sp.fresnelc, sp.sinc,
)  # fmt: skip

#: where the derivative fails although the function is continuous: the argument's sign must be
_KINKS: dict[type, tuple[Callable[[Any], Any], frozenset[int], str]] = {
    sp.Abs: (lambda g: g, _NONZERO, "{} has a corner where its argument vanishes"),
    sp.asin: (lambda g: 1 - g**2, _POSITIVE, "{} has vertical tangents at arguments -1 and 1"),
    sp.acos: (lambda g: 1 - g**2, _POSITIVE, "{} has vertical tangents at arguments -1 and 1"),
    sp.acosh: (lambda g: g - 1, _POSITIVE, "{} has a vertical tangent at argument 1"),
    sp.asec: (lambda g: g**2 - 1, _POSITIVE, "{} has vertical tangents at arguments -1 and 1"),
    sp.acsc: (lambda g: g**2 - 1, _POSITIVE, "{} has vertical tangents at arguments -1 and 1"),
    sp.LambertW: (lambda g: g + sp.exp(-1), _POSITIVE, "{} has a vertical tangent at -1/e"),
}

#: continuous except where the argument vanishes (acot jumps by pi at 0)
_JUMPS = (sp.acot, sp.sign, sp.Heaviside)

_ALL = frozenset({POS, ZERO, NEG})
_NOT_REAL_ATOMS = (sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity, sp.I)


def requirements(
    expr: Any, variables: Iterable[sp.Symbol] | None = None, order: int = 0
) -> tuple[Requirement, ...]:
    """What must hold at a point for ``expr`` to be defined, real, finite and continuous there.

    ``order >= 1`` adds what differentiability needs (the function is then smooth where all
    requirements hold: every atom in the table is analytic away from its listed points).
    Only the atoms that involve ``variables`` (default: every symbol) are checked for
    continuity and differentiability; definedness is required of every atom, so an atom in
    the parameters alone (``1/a`` in ``exp(x/a)``) gives a condition on the parameters.
    """
    e = as_sympy(expr)
    xs = frozenset(variables) if variables is not None else frozenset(e.free_symbols)
    out: list[Requirement] = []
    _walk(e, xs, order, out, necessary=True)
    unique: dict[tuple[Any, ...], Requirement] = {}
    for r in out:
        unique.setdefault((r.arg, r.ok, r.bad, r.what), r)
    return tuple(unique.values())


def _walk(e: Any, xs: frozenset, order: int, out: list[Requirement], necessary: bool) -> None:
    if not isinstance(e, sp.Basic) or isinstance(e, Boolean):
        return
    if isinstance(e, sp.Piecewise):
        if e.free_symbols & xs:
            out.append(_unknown(e, CONTINUOUS))  # joins and gaps: left to the caller's own rules
        for piece, _ in e.args:
            _walk(piece, xs, order, out, necessary=False)  # each piece matters only where it applies
        return
    found = _node(e, xs, order)
    if not necessary:
        found = [Requirement(r.arg, r.ok, _NOTHING, r.node, r.what, r.why) for r in found]
    out.extend(found)
    for arg in e.args:
        _walk(arg, xs, order, out, necessary)


def _node(e: Any, xs: frozenset, order: int) -> list[Requirement]:  # noqa: C901 - one case per atom kind
    if e.is_Atom:
        if e in _NOT_REAL_ATOMS:
            return [_req(0, _NOTHING, frozenset({ZERO}), e, DEFINED, "{} is not a finite real number")]
        if e.is_Symbol or e.is_number:
            return []
        return [_unknown(e, DEFINED)]
    if e.is_Add or e.is_Mul:
        return []
    if e.is_Pow:
        return _power(e, xs, order)
    depends = bool(e.free_symbols & xs)
    kind = type(e)
    if not e.free_symbols and kind not in _ONE_ARG and not isinstance(e, (sp.Min, sp.Max, *_SMOOTH, *_JUMPS)):
        # a constant the table does not cover: defined when its value is a real number
        return [_req(e, _ALL, _NOTHING, e, DEFINED, "{} must be a real number")]
    out: list[Requirement] = []
    if kind in _ONE_ARG and len(e.args) == 1:
        make, ok, bad, why = _ONE_ARG[kind]
        out.append(_req(make(e.args[0]), ok, bad, e, DEFINED, why))
    elif isinstance(e, sp.polygamma):
        n, g = e.args
        if not (n.is_Integer and n >= 0):
            return [_unknown(e, DEFINED)]
        out.append(_req(g, _POSITIVE, frozenset({ZERO}), e, DEFINED, "{} has poles at the integers <= 0"))
    elif isinstance(e, sp.atan2):
        y, x = e.args
        out.append(_req(x**2 + y**2, _POSITIVE, frozenset({ZERO}), e, DEFINED, "{} is undefined at (0, 0)"))
        if depends:
            cut = x + sp.sqrt(x**2 + y**2)
            out.append(_req(cut, _POSITIVE, _NOTHING, e, CONTINUOUS, "{} jumps on the negative x-axis"))
    elif isinstance(e, (sp.besselj, sp.besseli)):
        if not (e.args[0].is_Integer and e.args[0] >= 0):
            return [_unknown(e, DEFINED)]
    elif isinstance(e, (sp.bessely, sp.besselk)):
        if not e.args[0].is_Integer:
            return [_unknown(e, DEFINED)]
        out.append(
            _req(e.args[1], _POSITIVE, frozenset({NEG, ZERO}), e, DEFINED, "{} needs a positive argument")
        )
    elif isinstance(e, _JUMPS):
        if depends:
            why = "{} jumps where its argument vanishes"
            out.append(_req(e.args[0], _NONZERO, _NOTHING, e, CONTINUOUS, why))
    elif isinstance(e, (sp.floor, sp.ceiling, sp.frac)):
        if depends:
            out.append(_unknown(e, CONTINUOUS))
    elif isinstance(e, (sp.Min, sp.Max)):
        if depends and order >= 1:
            out.append(_unknown(e, DIFFERENTIABLE))
    elif not isinstance(e, (sp.Abs, *_SMOOTH)) or len(e.args) != 1:
        return [_unknown(e, DEFINED)]
    if depends and order >= 1 and kind in _KINKS:
        make, ok, why = _KINKS[kind]
        out.append(_req(make(e.args[0]), ok, _NOTHING, e, DIFFERENTIABLE, why))
    return out


def _power(e: sp.Pow, xs: frozenset, order: int) -> list[Requirement]:
    b, x = e.args
    if x.is_integer:
        if x.is_nonnegative:
            return []
        bad = frozenset({ZERO}) if x.is_negative else _NOTHING
        return [_req(b, _NONZERO, bad, e, DEFINED, "the base of {} must not vanish")]
    if b.is_positive:
        return []
    positive = number_sign(x) == POS if x.is_number else bool(x.is_positive)
    if positive and not (x.free_symbols & xs):
        out = [_req(b, _NONNEG, frozenset({NEG}), e, DEFINED, "the base of {} must be nonnegative")]
    else:
        bad = (
            frozenset({NEG, ZERO})
            if x.is_negative or (x.is_number and number_sign(x) == NEG)
            else frozenset({NEG})
        )
        out = [_req(b, _POSITIVE, bad, e, DEFINED, "the base of {} must be positive")]
    if order >= 1 and b.free_symbols & xs:
        out.append(
            _req(
                b, _POSITIVE, _NOTHING, e, DIFFERENTIABLE, "{} is not differentiable where its base vanishes"
            )
        )
    return out


# --------------------------------------------------------------------------- using the requirements


def status_at(
    expr: Any,
    variables: Iterable[sp.Symbol] | None,
    point: Mapping[Any, Any],
    order: int = 0,
    what: str | None = None,
) -> bool | None:
    """Whether ``expr`` is defined, real, finite and continuous at an exact point.

    ``True`` when every requirement provably holds there, ``False`` when one provably fails
    (a pole, a non-real value), ``None`` when that cannot be decided (an unknown function,
    a jump the table cannot rule out).  ``what="defined"`` checks definedness alone.
    """
    verdict: bool | None = True
    for r in requirements(expr, variables, order):
        if what is not None and r.what != what:
            continue
        got = r.holds_at(point)
        if got is False:
            return False
        if got is None:
            verdict = None
    return verdict


def first_violated(
    reqs: Sequence[Requirement], point: Mapping[Any, Any], what: str = DEFINED
) -> Requirement | None:
    """The first requirement of kind ``what`` that provably fails at the exact point."""
    for r in reqs:
        if r.what == what and r.bad and r.holds_at(point) is False:
            return r
    return None


def unproven(
    reqs: Sequence[Requirement], signs: Callable[[sp.Expr], frozenset[int] | None]
) -> list[Requirement]:
    """The requirements that ``signs`` (the possible signs of an expression on a domain) does not prove."""
    out = []
    for r in reqs:
        got = signs(r.arg) if r.ok else None
        if got is None or not got <= r.ok:
            out.append(r)
    return out


def parameter_exprs(expr: Any, variables: Iterable[sp.Symbol]) -> list[sp.Expr]:
    """Expressions in the parameters alone whose sign decides whether ``expr`` is defined at all.

    ``exp(x/a)`` gives ``[a]``: at ``a = 0`` the function is undefined for every x, so a
    case split must put that value in a case of its own.
    """
    xs = frozenset(variables)
    return [
        r.arg
        for r in requirements(expr, xs)
        if r.what == DEFINED and r.arg.free_symbols and not (r.arg.free_symbols & xs)
    ]


def holds(cond: Any, variables: Sequence[sp.Symbol], point: Sequence[Any]) -> bool | None:
    """Whether an exact point satisfies a condition (And/Or/Not of relations), certified."""
    cond = as_sympy(cond)
    if cond is sp.true:
        return True
    if cond is sp.false:
        return False
    if isinstance(cond, sp.And):
        vals = [holds(c, variables, point) for c in cond.args]
        if any(v is False for v in vals):
            return False
        return None if any(v is None for v in vals) else True
    if isinstance(cond, sp.Or):
        vals = [holds(c, variables, point) for c in cond.args]
        if any(v is True for v in vals):
            return True
        return None if any(v is None for v in vals) else False
    if isinstance(cond, sp.Not):
        v = holds(cond.args[0], variables, point)
        return None if v is None else not v
    if isinstance(cond, sp.core.relational.Relational):
        diff = (cond.lhs - cond.rhs).subs(dict(zip(variables, point)), simultaneous=True)
        if diff.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
            return None
        s = number_sign(diff)
        if s is None:
            return None
        op = cond.rel_op
        return {
            "<": s < 0,
            "<=": s <= 0,
            ">": s > 0,
            ">=": s >= 0,
            "==": s == 0,
            "!=": s != 0,
        }[op]
    if isinstance(cond, Boolean):
        return None
    return None
