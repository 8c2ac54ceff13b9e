r"""Taylor expansions: ``f(x_0 + \rho u) = f(x_0) + \nabla f(x_0)^\top \rho u + \mathcal{O}(\rho^2)``.

A claimed expansion of ``f`` at ``p`` along an increment ``s v`` (``s`` the small quantity of the
remainder, ``\rho`` or ``h``) says that the remainder ``f(p + s v) - P(s)`` is of the stated order:
``O(s^k)`` (or ``o(s^k)``), so every term of order below ``k`` (up to ``k``) of ``P`` must be the
Taylor term of ``f``.  An approximation ``L(x) \simeq P`` with no remainder claims that ``P`` is
the Taylor polynomial of its own degree in ``x - p``.

- a *defined* ``f`` is expanded exactly (its coefficients by differentiation, where the body is
  an entire function: polynomials, exp, sin, cos); a wrong term is refuted at a point with the
  lowest-order surviving term of the remainder;
- an *unspecified* ``f`` is expanded generically: in dimension 1 its value and derivatives at
  ``p`` are independent unknowns ``f(p), f'(p), f''(p), …`` and ``\nabla f(p)^\top v``,
  ``v^\top \nabla^2 f(p) v`` are ``f'(p) v``, ``f''(p) v^2`` (the only atoms accepted, so that a
  match is the d-dimensional Taylor polynomial too).  A wrong term is refuted with ``f = exp``;
  a right polynomial part with too large an order for what the notes say of ``f``
  ("differentiable" only, for ``O(\rho^2)``) is refuted with ``f(u) = |u|^{m + 1/2}``, which is
  m times differentiable and whose remainder is ``\rho^{m + 1/2}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symml.check.links import Outcome, one_dimensional
from symml.check.reader import INNER, NORM, BigO, Bilinear, LittleO, sympy_only
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED
from symml.core.errors import SymmlError
from symml.core.results import Sentence, Witness

__all__ = ["Expansion", "expansion", "check_expansion", "differentiability"]

_SMOOTH = (sp.exp, sp.sin, sp.cos)


@dataclass(frozen=True)
class Expansion:
    """A claimed expansion: ``lhs`` ≈ ``explicit`` with a remainder of ``order`` in ``small``."""

    lhs: Any
    explicit: Any
    small: sp.Symbol
    order: Any  # k in O(s^k) (for an approximation: its degree + 1)
    little: bool
    approximation: bool = False  # ``L(x) \simeq P``: P must be the Taylor polynomial of its degree


def expansion(lhs: Any, rel: str, rhs: Any) -> Expansion | None:
    """The expansion a link claims, or None when it is not one."""
    sympy_only((lhs, rhs), "expansion")
    remainders = [t for t in sp.Add.make_args(rhs) if isinstance(t, (BigO, LittleO))]
    if rel != "=" or len(remainders) != 1 or lhs.atoms(BigO, LittleO):
        return None
    (term,) = remainders
    scale = term.args[0].replace(lambda e: isinstance(e, NORM), lambda e: sp.Abs(e.args[0]))
    small = scale.free_symbols
    if len(small) != 1:
        return None
    (s,) = small
    size = sp.Symbol("size", positive=True)  # |s|: O(|h|^3) is O(h^2 |h|) as SymPy writes it
    plain = scale.replace(lambda a: isinstance(a, sp.Abs), lambda a: a.args[0])
    scale = sp.powsimp(plain.xreplace({s: size}))
    base, order = scale.as_base_exp()
    if base != size or not (order.is_Rational and order > 0):
        return None
    return Expansion(lhs, rhs - term, s, order, isinstance(term, LittleO))


def approximation(lhs: Any, rel: str, rhs: Any) -> Expansion | None:
    """``L(x) \\simeq L(p) + …``: an expansion at p in the direction v, x = p + s v, of the rhs's degree."""
    sympy_only((lhs, rhs), "approximation")
    if rel != "~" or not (isinstance(lhs, AppliedUndef) and len(lhs.args) == 1):
        return None
    x = lhs.args[0]
    points = [a.args[0] for a in rhs.atoms(AppliedUndef) if a.func == lhs.func and len(a.args) == 1]
    if not isinstance(x, (sp.Symbol, sp.Indexed)) or len(set(points)) != 1 or points[0] == x:
        return None
    s, v = sp.Symbol("s", positive=True), sp.Symbol("v", real=True)
    at = points[0] + s * v
    explicit = _put_point(rhs, x, at)
    mapped = one_dimensional_form(explicit)
    loose = explicit.xreplace({a: sp.Dummy() for a in explicit.atoms(sp.Indexed)}).free_symbols
    if x in loose or not mapped.is_polynomial(s):
        return None
    degree = sp.degree(sp.expand(mapped), s)
    return Expansion(lhs.func(at), explicit, s, sp.Integer(degree + 1), False, True)


def _put_point(expr: Any, x: Any, at: Any) -> Any:
    """``expr`` with the name ``x`` replaced by ``at`` (not inside indexed names ``x_t``)."""
    hidden = {a: sp.Dummy() for a in expr.atoms(sp.Indexed) if a != x}
    back = {d: a for a, d in hidden.items()}
    return expr.xreplace(hidden).xreplace({x: at}).xreplace(back)


def one_dimensional_form(expr: Any) -> Any:
    """Inner products, forms and matrices as products of numbers (to read off degrees)."""
    return one_dimensional(expr.xreplace({a: a.args[0] * a.args[1] for a in expr.atoms(INNER)}))


def differentiability(words: str) -> float:
    """How often the notes say f is differentiable (0 when they do not say; inf for smooth)."""
    text = words.lower()
    if re.search(r"\bsmooth\b|infinitely (?:often )?differentiable|c\^\\?\{?\\?infty", text):
        return float("inf")
    found = [int(m) for m in re.findall(r"\bc\^\{?(\d)\b", text)]
    for word, times in (("twice", 2), ("two times", 2), ("three times", 3), ("thrice", 3)):
        if re.search(rf"\b{word}\s+(?:continuously\s+)?differentiable", text):
            found.append(times)
    if re.search(r"\bdifferentiable\b", text):
        found.append(1)
    return float(max(found, default=0))


def check_expansion(e: Expansion, walk: Any) -> Outcome:
    """Prove the expansion (every low-order term right), refute it, or say why not."""
    e = Expansion(_named(e.lhs), _named(e.explicit), e.small, e.order, e.little, e.approximation)
    if isinstance(e.lhs, AppliedUndef) and len(e.lhs.args) == 1:
        return _generic(e, walk)
    if e.lhs.atoms(AppliedUndef, INNER, Bilinear) or e.explicit.atoms(AppliedUndef, INNER, Bilinear):
        return Outcome(NOT_CHECKED, "an expansion mixing a defined function with unknown ones")
    return _defined(e)


def _needed(e: Expansion) -> int:
    """The highest order whose coefficient the claim fixes: k - 1 for O(s^k), k for o(s^k)."""
    k = e.order
    return int(k) if e.little and k.is_Integer else int(sp.ceiling(k)) - 1


def _coefficients(remainder: Any, s: sp.Symbol, upto: int) -> list[Any]:
    return [sp.expand(sp.diff(remainder, s, j).subs(s, 0) / sp.factorial(j)) for j in range(upto + 1)]


def _entire(expr: Any, s: sp.Symbol) -> bool:
    """Whether ``expr`` is built from polynomials, exp, sin and cos of its symbols (smooth everywhere)."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and not (node.exp.is_Integer and node.exp >= 0):
            if s in node.free_symbols:
                return False
        elif isinstance(node, sp.Function) and not isinstance(node, _SMOOTH):
            return False
    return True


def _defined(e: Expansion) -> Outcome:
    s = e.small
    remainder = e.lhs - e.explicit
    if not _entire(remainder, s):
        return Outcome(NOT_CHECKED, "the expansion of a function not known to be smooth at the point")
    coefficients = _coefficients(remainder, s, _needed(e))
    return _verdict(coefficients, e, {}, "the defined function")


def _verdict(coefficients: list[Any], e: Expansion, fixed: dict[str, Any], what: str) -> Outcome:
    """Proven when every coefficient vanishes identically; refuted at the lowest one that does not."""
    from symml.core.identity import check_identity

    for j, c in enumerate(coefficients):
        try:
            result = check_identity(c, 0)
        except SymmlError:
            return Outcome(NOT_CHECKED, f"the order-{j} term of the remainder could not be decided")
        if result.verdict.value == PROVEN:
            continue
        if result.verdict.value != REFUTED:
            return Outcome(NOT_CHECKED, f"the order-{j} term of the remainder could not be decided")
        values = {str(k): v for k, v in result.witness.values.items()}
        point = {sym: values.get(str(sym), 0) for sym in c.free_symbols}
        term = c.xreplace(point)
        shown = sp.Ne(term * e.small**j, 0, evaluate=False)
        values = {str(sym): v for sym, v in point.items()} | fixed
        order = sp.Function("o" if e.little else "O")(e.small**e.order)
        reason = Sentence.of(
            "the remainder of",
            what,
            "has the term",
            term * e.small**j,
            f"of order {j} at the witness: it is not",
            order,
        )
        return Outcome(
            REFUTED, reason, Witness(values, shows=shown, description="lowest-order surviving term")
        )
    return Outcome(
        PROVEN, Sentence.of(f"every term of order up to {len(coefficients) - 1} is the Taylor term of", what)
    )


# -- an unspecified function --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Generic:
    """f's value and derivatives at p as unknowns, in dimension 1."""

    point: Any
    direction: Any
    names: frozenset[str]
    derivatives: tuple[sp.Symbol, ...]

    def atom(self, k: int) -> sp.Symbol:
        return self.derivatives[k]


def _increment(e: Expansion) -> tuple[Any, Any] | None:
    arg = e.lhs.args[0]
    point = arg.subs(e.small, 0)
    step = sp.expand(arg - point)
    direction = sp.simplify(step / e.small)
    if e.small in direction.free_symbols or direction == 0:
        return None
    return point, direction


def _generic_model(e: Expansion, walk: Any) -> tuple[_Generic, Any] | None:
    """The explicit part with f's atoms at p replaced by f(p), f'(p), f''(p) (None if it has others)."""
    found = _increment(e)
    if found is None:
        return None
    point, direction = found
    name = e.lhs.func.__name__
    derivs = tuple(sp.Symbol(f"d{k}_{name}", real=True) for k in range(4))
    explicit = _put_matrices(e.explicit, walk)
    names = _function_names(explicit, name)
    if names is None:
        return None
    g = _Generic(point, direction, names, derivs)
    mapped = _map_atoms(explicit, g)
    if mapped is None or mapped.atoms(AppliedUndef, INNER, NORM, Bilinear, sp.Derivative, sp.Subs):
        return None
    if any(not a.is_commutative for a in mapped.atoms(sp.Symbol)):
        return None  # a matrix that is not f's Hessian at the point
    return g, mapped


def _put_matrices(expr: Any, walk: Any) -> Any:
    """A matrix named in the notes (``H_t``) replaced by its definition in scope (``\\nabla^2 f(x_t)``)."""
    known = {str(e.key): e.value for e in walk.scope.entries if e.kind in ("symbol", "choice")}
    reps = {s: known[s.name] for s in expr.atoms(sp.Symbol) if not s.is_commutative and s.name in known}
    return _named(expr.xreplace(reps))


def _named(expr: Any) -> Any:
    """Indexed names (``x_t``) as plain symbols, as the checks compare them."""
    return expr.xreplace({a: sp.Symbol(str(a), real=True) for a in expr.atoms(sp.Indexed)})


def _base(name: str) -> str:
    return name.removeprefix("grad_").removeprefix("hess_")


def _function_names(expr: Any, name: str) -> frozenset[str] | None:
    """The names of f: its own, or one other used for all its derivatives (``L`` with ``\\nabla f``)."""
    used = {_base(a.func.__name__) for a in expr.atoms(AppliedUndef)}
    used |= {
        _base(d.expr.func.__name__) for d in expr.atoms(sp.Derivative) if isinstance(d.expr, AppliedUndef)
    }
    others = used - {name}
    if not others:
        return frozenset({name})
    derivatives_of_f = any(
        a.func.__name__ in (f"grad_{name}", f"hess_{name}") for a in expr.atoms(AppliedUndef)
    )
    return frozenset({name, *others}) if len(others) == 1 and not derivatives_of_f else None


def _map_atoms(expr: Any, g: _Generic) -> Any | None:
    """f(p) -> d0, grad f(p) -> d1, hess f(p) -> d2, f'(p) -> d1; forms to products (dimension 1)."""
    reps: dict[Any, Any] = {}
    for a in expr.atoms(AppliedUndef):
        name, args = a.func.__name__, a.args
        if len(args) != 1 or sp.simplify(args[0] - g.point) != 0 or _base(name) not in g.names:
            return None
        order = 2 if name.startswith("hess_") else 1 if name.startswith("grad_") else 0
        reps[a] = g.atom(order)
    for d in expr.atoms(sp.Derivative):
        inner_f = d.expr
        if not isinstance(inner_f, AppliedUndef):
            return None
        reps[d] = g.atom(d.derivative_count)
    expr = expr.xreplace({k: v for k, v in reps.items() if isinstance(k, sp.Derivative)})
    expr = expr.replace(lambda x: isinstance(x, sp.Subs), lambda x: x.doit())
    expr = expr.xreplace(reps)
    expr = expr.xreplace({a: a.args[0] * a.args[1] for a in expr.atoms(INNER)})
    return expr.xreplace({a: a.args[0] * a.args[1] * a.args[2] for a in expr.atoms(Bilinear)})


def _generic(e: Expansion, walk: Any) -> Outcome:
    model = _generic_model(e, walk)
    if model is None:
        return Outcome(
            NOT_CHECKED, "the expansion has terms other than f's value, gradient and Hessian at the point"
        )
    g, mapped = model
    s = e.small
    taylor = sum(g.atom(k) * (g.direction * s) ** k / sp.factorial(k) for k in range(_needed(e) + 1))
    if not sp.expand(mapped).is_polynomial(s) or _needed(e) > 3:
        return Outcome(
            NOT_CHECKED, "the explicit part is not a polynomial of degree at most 3 in the small quantity"
        )
    coefficients = _coefficients(sp.expand(mapped - taylor), s, _needed(e))
    wrong = next((j for j, c in enumerate(coefficients) if sp.expand(c) != 0), None)
    if wrong is not None:
        return _refute_generic(e, g, walk)
    note = (
        f"(reading {', '.join(sorted(g.names - {e.lhs.func.__name__}))} as {e.lhs.func.__name__})"
        if len(g.names) > 1
        else ""
    )
    if e.approximation:
        from symml.check.newton import record_model

        record_model(walk, g.point, e.explicit, g.direction * s, g.names)
        degree = int(e.order) - 1
        return Outcome(
            PROVEN,
            f"the Taylor polynomial of degree {degree} of {e.lhs.func.__name__} at the point {note}".strip(),
        )
    outcome = _order_claim(e, g, walk, mapped)
    reason = Sentence.of(outcome.reason, note) if note else outcome.reason
    return Outcome(outcome.verdict, reason, outcome.witness, outcome.steps)


def _refute_generic(e: Expansion, g: _Generic, walk: Any) -> Outcome:
    """A wrong low-order term: refuted with f = exp (allowed where the notes allow it) in dimension 1."""
    instances = walk.context(rule=True).instances
    if not instances:
        return Outcome(NOT_CHECKED, "a wrong low-order term, but nothing may stand for f here")
    instance = instances[0]
    u = sp.Dummy("u", real=True)
    f_of = sp.Lambda(u, instance.expr.xreplace({instance.variables[0]: u}))
    lhs = f_of(g.point + g.direction * e.small)
    mapped = _map_atoms(_put_matrices(e.explicit, walk), g)
    explicit = mapped.xreplace({g.atom(k): sp.diff(f_of(u), u, k).subs(u, g.point) for k in range(4)})
    coefficients = _coefficients(lhs - explicit, e.small, _needed(e))
    applied = sp.Function("f")(instance.variables[0])
    return _verdict(
        coefficients, e, {"f(u)": instance.expr}, Sentence(sp.Eq(applied, instance.expr, evaluate=False))
    )


def _order_claim(e: Expansion, g: _Generic, walk: Any, mapped: Any) -> Outcome:
    """The polynomial part is f's Taylor polynomial: is the remainder of the stated order for such f?"""
    m = differentiability(walk.scope.words)
    k = e.order
    if m >= k and m > 0:
        return Outcome(PROVEN, f"the Taylor polynomial of f at the point (f is {_times(m)} differentiable)")
    if m == 0:
        return Outcome(
            NOT_CHECKED, "the Taylor polynomial; the notes do not say how often f is differentiable"
        )
    power = sp.Rational(2 * int(m) + 1, 2)
    u = sp.Symbol("u", real=True)
    instance = sp.Abs(u) ** power  # m times differentiable, all its derivatives 0 at 0
    s = e.small
    values = {sym: sp.S.Zero for sym in g.point.free_symbols} | {
        sym: sp.S.One for sym in g.direction.free_symbols
    }
    used = {k_ for k_ in range(4) if g.atom(k_) in mapped.free_symbols}
    if g.point.xreplace(values) != 0 or any(k_ > m for k_ in used):
        return Outcome(NOT_CHECKED, "the Taylor polynomial; no lower-order instance of f fits the claim")
    positive = sp.Symbol(s.name, positive=True)
    at = (g.point + g.direction * s).xreplace(values).xreplace({s: positive})
    explicit = mapped.xreplace(values).xreplace({g.atom(k_): 0 for k_ in used}).xreplace({s: positive})
    remainder = sp.simplify(instance.xreplace({u: at}) - explicit)
    limit = sp.limit(remainder / positive**k, positive, 0, "+")
    if e.little:
        fails = limit != 0
    else:
        fails = limit is sp.oo
    if not fails:
        return Outcome(NOT_CHECKED, "the Taylor polynomial; the remainder's order was not refuted")
    shows = sp.Eq(sp.Symbol("R") / positive**k, remainder / positive**k, evaluate=False)
    values = {str(sym): v for sym, v in values.items()} | {"f(u)": instance}
    reason = Sentence(
        f"f is only said to be {_times(m)} differentiable:",
        sp.Eq(sp.Function("f")(u), instance, evaluate=False),
        "is, and at the witness its remainder is",
        remainder,
        ", not of order",
        s**k,
    )
    said = f"the remainder R = {remainder} makes R/{positive**k} unbounded as {s} -> 0+"
    return Outcome(REFUTED, reason, Witness(values, shows=shows, description=said))


def _times(m: float) -> str:
    return "infinitely" if m == float("inf") else {1: "once", 2: "twice"}.get(int(m), f"{int(m)} times")
