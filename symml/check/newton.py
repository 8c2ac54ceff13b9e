r"""The minimiser of a quadratic model: ``x_\star = x_t - H_t^{-1} \nabla L(x_t)`` after (2.41).

A proven second-order model ``m(x) = c + g^\top (x - p) + \frac12 (x - p)^\top H (x - p)`` (H
symmetric, as a Hessian is) has gradient ``g + H (x - p)``; a point claimed to be its minimum
must make it vanish.  The claim is read with matrices as non-commuting symbols (``H^{-1}``,
``(\nabla^2 f)^{-1}``, ``(X^\top X)^{-1}``), so the residual ``g + H (x_\star - p)`` is computed
in any dimension: ``H H^{-1} = I`` is the only rule used, and a residual that expands to 0
proves the claim wherever the model has a minimum with H invertible (then H is positive
definite).  A residual that does not vanish is refuted in dimension 1 with H > 0 (a model that
has a minimum), at exact values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symml.check.links import Outcome, one_dimensional
from symml.check.reader import INNER, Bilinear, Chain
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED
from symml.core.errors import SymmlError
from symml.core.results import Sentence, Witness

__all__ = ["QuadraticModel", "record_model", "newton_claim"]


def _model_gradient(commutative: bool) -> tuple[Any, Any]:
    """The model's Hessian H and gradient g + H(x - x_t), as the reasons state them (matrices and
    vectors, or numbers in dimension 1)."""
    H, x, x_t = (sp.Symbol(name, commutative=commutative) for name in ("H", "x", "x_t"))
    return H, sp.Symbol("g") + H * (x - x_t)


_MINIMUM = re.compile(r"\b(minimum|minimiser|minimizer|minimises|minimizes|minimised|minimized)\b", re.I)


@dataclass(frozen=True)
class QuadraticModel:
    """A proven quadratic model at ``point``: its gradient there and its matrix, and its label."""

    point: Any
    gradient: Any
    matrix: Any
    names: frozenset[str]
    label: str | None


def _named(expr: Any) -> Any:
    return expr.xreplace({a: sp.Symbol(str(a), real=True) for a in expr.atoms(sp.Indexed)})


def record_model(walk: Any, point: Any, explicit: Any, increment: Any, names: frozenset[str]) -> None:
    """Remember a proven model ``c + g^T h + 1/2 h^T H h`` (``h`` the increment) for the claims after it."""
    forms = [a for a in explicit.atoms(Bilinear) if a.args[0] == increment == a.args[2]]
    inners = [a for a in explicit.atoms(INNER) if increment in a.args]
    if len(forms) != 1 or len(inners) != 1:
        return
    (form,), (inner,) = forms, inners
    gradient = inner.args[1] if inner.args[0] == increment else inner.args[0]
    label = walk.current.label if getattr(walk, "current", None) is not None else None
    walk.scope.add("model", "quadratic", QuadraticModel(point, gradient, form.args[1], names, label))


def _canonical(expr: Any, walk: Any) -> Any:
    """Matrices by what they stand for: ``H_t`` is ``\\nabla^2 f(x_t)`` when the notes said so."""
    known = {str(e.key): e.value for e in walk.scope.entries if e.kind in ("symbol", "choice")}
    reps = {}
    for s in expr.atoms(sp.Symbol):
        value = known.get(s.name)
        if value is None or s.is_commutative and not str(value).startswith("hess_"):
            continue  # a commuting name is a matrix here only if the notes made it a Hessian
        reps[s] = sp.Symbol(str(_named(value)), commutative=False)
    return expr.xreplace(reps)


def _unify(expr: Any, names: frozenset[str], own: str) -> Any:
    """Every name of the model's function as one (``\\nabla L`` and ``\\nabla f`` when f was read as L)."""
    reps = {}
    for a in expr.atoms(AppliedUndef):
        name = a.func.__name__
        for other in names - {own}:
            for prefix in ("", "grad_", "hess_"):
                if name == prefix + other:
                    reps[a] = sp.Function(prefix + own, real=True)(*a.args)
    return expr.xreplace(reps)


def newton_claim(walk: Any, d: Any, chain: Chain) -> bool:
    """``x_\\star = …`` after a proven model and words about its minimum: checked; False otherwise."""
    models = walk.scope.of("model")
    words = walk.scope.words.strip()
    last = re.split(r"(?<=[.:])\s", words)[-1] if words else ""
    if not models or not _MINIMUM.search(last) or len(chain.relations) != 1:
        return False
    model: QuadraticModel = models[-1].value
    own = sorted(model.names)[0]
    claim = _unify(_canonical(_named(chain.terms[1]), walk), model.names, own)
    gradient = _unify(model.gradient, model.names, own)
    matrix = _canonical(model.matrix, walk)
    if matrix.is_commutative:  # a Hessian written as one, \nabla^2 f(x_t)
        matrix = sp.Symbol(str(_named(matrix)), commutative=False)
    residual = sp.expand(gradient + matrix * (claim - model.point))
    where = f"({model.label})" if model.label else "the quadratic model"
    if residual == 0:
        H, model_gradient = _model_gradient(commutative=False)
        reason = Sentence(
            f"the stationary point of {where}: its gradient",
            model_gradient,
            "vanishes there in any dimension; it is the model's minimum exactly when",
            H,
            "is positive definite",
        )
        walk.add(d, d.line, d.body, Outcome(PROVEN, reason))
        return True
    walk.add(d, d.line, d.body, _refute(residual, claim, where))
    return True


def _refute(residual: Any, claim: Any, where: str) -> Outcome:
    """The residual in dimension 1 with the matrices positive: a point where it is not 0."""
    from symml.core.identity import check_identity

    unknown = {a: sp.Symbol(str(a), real=True) for a in residual.atoms(AppliedUndef)}
    matrices = [s for s in residual.atoms(sp.Symbol) if not s.is_commutative]
    flat = one_dimensional(residual.xreplace(unknown))
    positive = [sp.Symbol(s.name.removesuffix("^T"), real=True) > 0 for s in matrices]
    try:
        result = check_identity(flat, 0, assumptions=positive)
    except SymmlError:
        return Outcome(NOT_CHECKED, f"not the stationary point of {where}? undecided")
    if result.verdict.value != REFUTED:
        return Outcome(NOT_CHECKED, f"compared with the stationary point of {where}: undecided")
    values = dict(result.witness.values)
    shown = flat.xreplace({s: values.get(str(s), 0) for s in flat.free_symbols})
    values = {str(s): values.get(str(s), sp.S.Zero) for s in flat.free_symbols}
    H, model_gradient = _model_gradient(commutative=True)
    reason = Sentence(
        f"not the minimum of {where}: in dimension 1 with",
        H > 0,
        "the model's gradient",
        model_gradient,
        "is",
        shown,
        "at the claimed point, not 0",
    )
    shows = sp.Ne(shown, 0, evaluate=False)
    return Outcome(REFUTED, reason, Witness(values, shows=shows, description="the model's gradient there"))
