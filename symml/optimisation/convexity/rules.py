"""Composition rules for convexity: one small rule object per atom, each producing proof steps.

Private to :mod:`symml.optimisation.convexity`.  The design follows CVXPY's atoms (each
atom knows its curvature, monotonicity and domain) but every rule *proves* what it
claims: it returns a :class:`Curvature` record whose steps cite the rule and the signs it
relied on, or ``None`` when its conditions are not proven.  The composition theorem is
written once (:class:`ScalarComposition`): h∘g is convex when h is convex and
nondecreasing on the range of g and g is convex, or h is convex and nonincreasing and g
concave (and dually for concave).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from symml.core.limits import limits
from symml.core.parsing import as_sympy, expanded_terms
from symml.core.results import Step

__all__ = ["Curvature", "derive_curvature", "RULES"]

SignFn = Callable[[sp.Expr], "str | None"]


@dataclass(frozen=True)
class Curvature:
    """What a rule proved about an expression.

    ``kind`` is ``"affine"``, ``"convex"`` or ``"concave"``; ``strict`` says the expression
    is strictly convex/concave as a function of all the variables it contains.
    """

    kind: str
    strict: bool
    steps: tuple[Step, ...]

    @property
    def convex(self) -> bool:
        return self.kind in ("affine", "convex")

    @property
    def concave(self) -> bool:
        return self.kind in ("affine", "concave")


def _vars_in(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> set[sp.Symbol]:
    return set(variables) & expr.free_symbols


def _is_affine(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> bool:
    vs = list(_vars_in(expr, variables))
    if not vs:
        return True
    if expanded_terms(expr) > limits.max_expanded_terms:
        return False  # not expanded to find out (it would take minutes): not claimed affine
    try:
        poly = sp.Poly(sp.expand(expr), *vs)
    except sp.PolynomialError:
        return False
    if poly.total_degree() > 1:
        return False
    return all(not (c.free_symbols & set(variables)) for c in poly.coeffs())


def _injective_affine(expr: sp.Expr, variables: Sequence[sp.Symbol], sign: SignFn) -> bool:
    """An affine function of exactly one variable with a provably nonzero slope."""
    vs = _vars_in(expr, variables)
    if len(vs) != 1 or not _is_affine(expr, variables):
        return False
    (v,) = vs
    slope = sp.diff(expr, v)
    return sign(slope) in ("pos", "neg")


@dataclass(frozen=True)
class Context:
    variables: tuple[sp.Symbol, ...]
    sign: SignFn  # sign class of an expression on the domain (and parameter cell)

    def derive(self, expr: sp.Expr) -> Curvature | None:
        return derive_curvature(expr, self)


class Rule:
    """A composition rule: ``match`` says whether it applies, ``apply`` proves or gives up."""

    name = "rule"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:  # pragma: no cover
        raise NotImplementedError


def _step(expr: sp.Expr, kind: str, strict: bool, reason: str, subs: Sequence[Curvature] = ()) -> Curvature:
    label = ("strictly " if strict and kind != "affine" else "") + kind
    substeps = tuple(s for c in subs for s in c.steps)
    return Curvature(
        kind, strict and kind != "affine", (Step(expr, f"{label}: {reason}", substeps, rule="composition"),)
    )


class AffineRule(Rule):
    name = "affine"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return _is_affine(expr, ctx.variables)

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        return _step(expr, "affine", False, "affine in the variables (degree at most 1)")


class SumRule(Rule):
    name = "sum"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.Add)

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        parts = [ctx.derive(a) for a in expr.args]
        if any(p is None for p in parts):
            return None
        vs = _vars_in(expr, ctx.variables)
        for kind in ("convex", "concave"):
            ok = all(p.kind in ("affine", kind) for p in parts)
            if not ok:
                continue
            if all(p.kind == "affine" for p in parts):
                return _step(expr, "affine", False, "sum of affine terms", parts)
            covered: set[sp.Symbol] = set()
            for a, p in zip(expr.args, parts):
                if p.strict:
                    covered |= _vars_in(a, ctx.variables)
            strict = covered == vs
            why = f"sum of {kind} terms" + (
                "; strictly " + kind + " terms involve every variable" if strict else ""
            )
            return _step(expr, kind, strict, why, parts)
        return None


class ScaleRule(Rule):
    """c·g with c free of the variables: the sign of c keeps or flips the curvature."""

    name = "scale"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        if not isinstance(expr, sp.Mul):
            return False
        const, rest = expr.as_independent(*ctx.variables, as_Add=False)
        return const != 1 and rest != 1

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        const, rest = expr.as_independent(*ctx.variables, as_Add=False)
        inner = ctx.derive(rest)
        if inner is None:
            return None
        s = ctx.sign(const)
        if s == "zero":
            return _step(expr, "affine", False, "zero multiple")
        if inner.kind == "affine":
            return _step(expr, "affine", False, "multiple of an affine function", [inner])
        if s in ("pos", "nonneg"):
            strict = inner.strict and s == "pos"
            return _step(
                expr,
                inner.kind,
                strict,
                f"nonnegative multiple ({const}) of a {inner.kind} function",
                [inner],
            )
        if s in ("neg", "nonpos"):
            kind = "concave" if inner.kind == "convex" else "convex"
            strict = inner.strict and s == "neg"
            return _step(
                expr, kind, strict, f"negative multiple ({const}) of a {inner.kind} function", [inner]
            )
        return None


@dataclass(frozen=True)
class OuterFunction:
    """A scalar function h of one argument: curvature and monotonicity on an argument range."""

    name: str
    # given the sign class of the argument, return (kind, monotone, strict) or None
    profile: Callable[[str | None, SignFn], tuple[str, str, bool] | None]


class ScalarComposition(Rule):
    """h(g): the composition theorem, written once for every scalar atom h."""

    name = "composition"

    def __init__(self, atoms: dict[type, OuterFunction]) -> None:
        self.atoms = atoms

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return type(expr) in self.atoms

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        atom = self.atoms[type(expr)]
        (g,) = expr.args
        return compose(expr, atom, g, ctx)


def compose(expr: sp.Expr, atom: OuterFunction, g: sp.Expr, ctx: Context) -> Curvature | None:
    inner = ctx.derive(g)
    if inner is None:
        return None
    prof = atom.profile(ctx.sign(g), ctx.sign)
    if prof is None:
        return None
    kind_h, mono, strict_h = prof
    if inner.kind == "affine":
        strict = strict_h and _injective_affine(g, ctx.variables, ctx.sign)
        return _step(
            expr,
            kind_h,
            strict,
            f"{atom.name} is {kind_h} on the range of its argument, composed with an affine function",
            [inner],
        )
    # h convex & nondecreasing ∘ convex, h convex & nonincreasing ∘ concave, and duals
    need = {
        ("convex", "up"): "convex",
        ("convex", "down"): "concave",
        ("concave", "up"): "concave",
        ("concave", "down"): "convex",
    }.get((kind_h, mono))
    if need is None or inner.kind != need:
        return None
    # h strictly monotone (every atom used here is) and g strictly convex/concave => strict
    strict = inner.strict
    return _step(
        expr,
        kind_h,
        strict,
        f"{atom.name} is {kind_h} and "
        f"{'nondecreasing' if mono == 'up' else 'nonincreasing'} on the range of its argument, "
        f"which is {need}",
        [inner],
    )


def _exp_profile(arg_sign: str | None, sign: SignFn) -> tuple[str, str, bool]:
    return ("convex", "up", True)


def _log_profile(arg_sign: str | None, sign: SignFn) -> tuple[str, str, bool] | None:
    return ("concave", "up", True) if arg_sign == "pos" else None


def _gamma_profile(arg_sign: str | None, sign: SignFn) -> tuple[str, str, bool] | None:
    # Gamma is strictly convex on t > 0 (Gamma'' = Gamma (psi^2 + psi') > 0 there) but not
    # monotone, so it composes with affine arguments only
    return ("convex", "none", True) if arg_sign == "pos" else None


ATOMS: dict[type, OuterFunction] = {
    sp.exp: OuterFunction("exp", _exp_profile),
    sp.log: OuterFunction("log", _log_profile),
    sp.gamma: OuterFunction("Gamma", _gamma_profile),
}


class PowerRule(Rule):
    """g^p for a constant exponent p, split by the sign of g and the range of p."""

    name = "power"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.Pow) and not (expr.exp.free_symbols & set(ctx.variables))

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        base, p = expr.args
        s = ctx.sign
        sb = s(base)
        if p.is_Integer and p.is_even and p > 0:
            # t^(2k): convex on R, nonincreasing on t <= 0, nondecreasing on t >= 0
            inner = ctx.derive(base)
            if inner is None:
                return None
            if inner.kind == "affine":
                strict = _injective_affine(base, ctx.variables, s)
                return _step(
                    expr,
                    "convex",
                    strict,
                    f"even power t^{p} is convex, composed with an affine function",
                    [inner],
                )
            if inner.kind == "convex" and sb in ("pos", "nonneg"):
                return _step(
                    expr,
                    "convex",
                    inner.strict,
                    f"t^{p} is convex and nondecreasing for t >= 0, its argument is convex and nonnegative",
                    [inner],
                )
            if inner.kind == "concave" and sb in ("neg", "nonpos"):
                return _step(
                    expr,
                    "convex",
                    inner.strict,
                    f"t^{p} is convex and nonincreasing for t <= 0, its argument is concave and nonpositive",
                    [inner],
                )
            return None
        p_minus_1 = s(p - 1)
        p_sign = s(p)
        name = f"t^{p}"
        if sb in ("pos", "nonneg"):
            if p_minus_1 in ("pos", "nonneg", "zero"):
                strict_h = p_minus_1 == "pos"
                prof = ("convex", "up", strict_h)
            elif p_sign == "pos" and p_minus_1 == "neg":
                prof = ("concave", "up", True)
            elif p_sign == "neg" and sb == "pos":
                prof = ("convex", "down", True)
            else:
                return None
            if isinstance(base, sp.Abs) and prof[0] == "convex" and prof[1] == "up":
                a = base.args[0]
                if _is_affine(a, ctx.variables):
                    strict = prof[2] and _injective_affine(a, ctx.variables, s)
                    inner = ctx.derive(base)
                    return _step(
                        expr,
                        "convex",
                        strict,
                        f"|t|^{p} is convex for p >= 1 (strictly for p > 1), "
                        "composed with an affine function",
                        [inner] if inner else [],
                    )
            atom = OuterFunction(name, lambda _a, _s, prof=prof: prof)
            return compose(expr, atom, base, ctx)
        if sb in ("neg", "nonpos") and p.is_Integer and p.is_odd and p > 0:
            # t^(2k+1) is concave and nondecreasing on t <= 0
            atom = OuterFunction(name, lambda _a, _s: ("concave", "up", True))
            return compose(expr, atom, base, ctx)
        if sb == "neg" and p.is_Integer and p < 0:
            # t^(-k) on t < 0: convex nonincreasing... only for even k; odd k: concave
            kind = "convex" if p.is_even else "concave"
            mono = "up" if p.is_even else "down"
            atom = OuterFunction(name, lambda _a, _s: (kind, mono, True))
            return compose(expr, atom, base, ctx)
        return None


class AbsRule(Rule):
    name = "abs"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.Abs)

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        (g,) = expr.args
        sg = ctx.sign(g)
        if sg in ("pos", "nonneg", "zero"):
            inner = ctx.derive(g)
            if inner is None:
                return None
            return _step(expr, inner.kind, inner.strict, "|g| = g since g >= 0", [inner])
        if sg in ("neg", "nonpos"):
            inner = ctx.derive(-g)
            if inner is None:
                return None
            return _step(expr, inner.kind, inner.strict, "|g| = -g since g <= 0", [inner])
        inner = ctx.derive(g)
        if inner is not None and inner.kind == "affine":
            return _step(expr, "convex", False, "|t| is convex; |g| = max(g, -g) with g affine", [inner])
        return None


class MaxMinRule(Rule):
    name = "max/min"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, (sp.Max, sp.Min))

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        parts = [ctx.derive(a) for a in expr.args]
        if any(p is None for p in parts):
            return None
        vs = _vars_in(expr, ctx.variables)
        if isinstance(expr, sp.Max) and all(p.convex for p in parts):
            strict = all(p.strict and _vars_in(a, ctx.variables) == vs for a, p in zip(expr.args, parts))
            return _step(expr, "convex", strict, "pointwise maximum of convex functions", parts)
        if isinstance(expr, sp.Min) and all(p.concave for p in parts):
            strict = all(p.strict and _vars_in(a, ctx.variables) == vs for a, p in zip(expr.args, parts))
            return _step(expr, "concave", strict, "pointwise minimum of concave functions", parts)
        return None


class LogSumExpRule(Rule):
    """log(Σ cᵢ exp(aᵢ)) with cᵢ > 0 and aᵢ affine: convex (log-sum-exp)."""

    name = "log-sum-exp"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.log) and isinstance(expr.args[0], sp.Add)

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        for term in expr.args[0].args:
            const, rest = term.as_independent(*ctx.variables, as_Add=False)
            if rest == 1:
                if ctx.sign(const) != "pos":
                    return None
                continue
            if not isinstance(rest, sp.exp) or ctx.sign(const) != "pos":
                return None
            if not _is_affine(rest.args[0], ctx.variables):
                return None
        return _step(
            expr,
            "convex",
            False,
            "log-sum-exp of affine functions with positive weights is convex "
            "(its Hessian diag(p) - p p^T is positive semidefinite, p the softmax weights)",
        )


class QuadOverLinRule(Rule):
    """(Σ gᵢ²)/h with gᵢ affine and h affine and positive: convex (perspective of ‖·‖²)."""

    name = "quad-over-lin"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        if not isinstance(expr, sp.Mul):
            return False
        num, den = sp.fraction(sp.together(expr))
        return bool(den.free_symbols & set(ctx.variables))

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        num, den = sp.fraction(sp.together(expr))
        if not _is_affine(den, ctx.variables) or ctx.sign(den) != "pos":
            return None
        terms = sp.Add.make_args(sp.factor_terms(num))
        for t in terms:
            const, rest = t.as_independent(*ctx.variables, as_Add=False)
            if ctx.sign(const) not in ("pos", "nonneg"):
                return None
            if rest == 1:
                continue
            if not (isinstance(rest, sp.Pow) and rest.exp == 2 and _is_affine(rest.base, ctx.variables)):
                return None
        return _step(
            expr,
            "convex",
            False,
            "quadratic over linear: the perspective t*q(x/t) of a convex "
            "quadratic, with positive affine denominator, is convex",
        )


class NormRule(Rule):
    """sqrt(Σ gᵢ² + c) with gᵢ affine, c ≥ 0: the Euclidean norm of an affine map, convex."""

    name = "norm"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.Pow) and expr.exp == sp.S.Half

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        inner = sp.expand(expr.base)
        vs = list(_vars_in(inner, ctx.variables))
        if not vs:
            return None
        try:
            poly = sp.Poly(inner, *vs)
        except sp.PolynomialError:
            return None
        if poly.total_degree() != 2:
            return None
        # a quadratic form plus a constant: PSD Gram matrix and a nonnegative Schur complement
        z = sp.Symbol("_z")
        hom = sp.expand(poly.as_expr().subs({v: v / z for v in vs}) * z**2)
        allv = [*vs, z]
        gram = sp.hessian(hom, allv) / 2
        if gram.free_symbols & set(ctx.variables):
            return None
        for k in range(1, len(allv) + 1):
            for rows in _subsets(len(allv), k):
                minor = gram.extract(rows, rows).det()
                if ctx.sign(minor) not in ("pos", "nonneg", "zero"):
                    return None
        return _step(
            expr,
            "convex",
            False,
            "the square root of a positive semidefinite quadratic form "
            "(in (x, 1)) is a Euclidean norm of an affine map, hence convex",
        )


def _subsets(n: int, k: int) -> list[list[int]]:
    import itertools

    return [list(c) for c in itertools.combinations(range(n), k)]


class EntropyRule(Rule):
    """g·log(g) with g affine and positive: convex (negative entropy)."""

    name = "negative entropy"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.Mul) and any(isinstance(a, sp.log) for a in expr.args)

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        logs = [a for a in expr.args if isinstance(a, sp.log)]
        if len(logs) != 1:
            return None
        g = logs[0].args[0]
        rest = sp.simplify(expr / logs[0])
        if sp.simplify(rest - g) != 0 or not _is_affine(g, ctx.variables) or ctx.sign(g) != "pos":
            return None
        strict = _injective_affine(g, ctx.variables, ctx.sign)
        return _step(
            expr,
            "convex",
            strict,
            "t log t is strictly convex for t > 0 (second derivative 1/t), composed with an affine function",
        )


class GeometricMeanRule(Rule):
    """(x₁⋯x_k)^(1/k) of positive variables: concave (geometric mean)."""

    name = "geometric mean"

    def match(self, expr: sp.Expr, ctx: Context) -> bool:
        return isinstance(expr, sp.Pow) and isinstance(expr.base, sp.Mul) and expr.exp.is_Rational

    def apply(self, expr: sp.Expr, ctx: Context) -> Curvature | None:
        factors = expr.base.args
        if expr.exp != sp.Rational(1, len(factors)):
            return None
        if not all(f in ctx.variables for f in factors) or len(set(factors)) != len(factors):
            return None
        if not all(ctx.sign(f) in ("pos", "nonneg") for f in factors):
            return None
        return _step(expr, "concave", False, "the geometric mean of nonnegative variables is concave")


RULES: tuple[Rule, ...] = (
    AffineRule(),
    SumRule(),
    LogSumExpRule(),
    EntropyRule(),
    QuadOverLinRule(),
    ScaleRule(),
    GeometricMeanRule(),
    NormRule(),
    PowerRule(),
    AbsRule(),
    MaxMinRule(),
    ScalarComposition(ATOMS),
)


def _fold_abs_powers(expr: sp.Expr) -> sp.Expr:
    """Undo SymPy's |g|^(2k+1) -> g^(2k)·|g| for real g, so the power rule sees |g|^p."""
    if not isinstance(expr, sp.Mul):
        return expr
    factors = list(expr.args)
    for i, fac in enumerate(factors):
        if not isinstance(fac, sp.Abs):
            continue
        g = fac.args[0]
        power = sp.Integer(1)
        rest = []
        for j, other in enumerate(factors):
            if j == i:
                continue
            if isinstance(other, sp.Pow) and other.base == g and other.exp.is_Integer and other.exp.is_even:
                power += other.exp
            elif other == g**2:
                power += 2
            else:
                rest.append(other)
        if power == 1:
            continue
        folded = sp.Pow(fac, power, evaluate=False)
        return sp.Mul(*rest, folded, evaluate=False) if rest else folded
    return expr


def derive_curvature(expr: sp.Expr, ctx: Context) -> Curvature | None:
    """Curvature of ``expr`` by the first rule that proves it, or ``None``."""
    expr = _fold_abs_powers(as_sympy(expr))
    for rule in RULES:
        try:
            if rule.match(expr, ctx):
                got = rule.apply(expr, ctx)
                if got is not None:
                    return got
        except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
            continue
    return None
