r"""Sample approximations: a minibatch estimate of a loss defined as a sample mean.

After ``L(\theta) = \frac{1}{N}\sum_{i=1}^{n} \ell_i`` a display such as
``\nabla L(\theta) \simeq \frac{1}{B}\sum_{i=1}^{B} \nabla \ell_i`` approximates the full-sample
gradient by a batch of ``B`` of the ``n`` samples.  Drawn uniformly, every sample is in the
batch with probability ``B/n``, so the estimate ``c \sum_{i \in batch} g_i`` has expectation
``c (B/n) \sum_{i=1}^{n} g_i``: it is unbiased exactly when ``c B / n`` is the mean's factor.
A biased estimate is refuted with every per-sample gradient equal to 1, where there is no
randomness at all and the two sides are different numbers.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from symml.check.errata import notes_form
from symml.check.links import Outcome
from symml.check.notation import reader
from symml.check.reader import Unreadable
from symml.check.report import PROVEN, REFUTED
from symml.core.results import Sentence, Witness

__all__ = ["sample_estimate", "batch_mean"]


def _scaled_sum(expr: Any) -> tuple[Any, sp.Sum] | None:
    """``c * Sum(...)`` as (c, the sum), when ``expr`` is one sum times a factor free of its index."""
    sums = [f for f in sp.Mul.make_args(expr) if isinstance(f, sp.Sum)]
    if len(sums) != 1 or len(sums[0].limits) != 1:
        return None
    factor = sp.Mul(*[f for f in sp.Mul.make_args(expr) if f is not sums[0]])
    if sums[0].limits[0][0] in factor.free_symbols:
        return None
    return factor, sums[0]


def _gradient_of(term: Any) -> Any | None:
    """``\\nabla`` of an unknown per-sample loss ``L(x, z_i)``: ``grad_L(x, z_i)`` (the notes' notation)."""
    if not isinstance(term, AppliedUndef):
        return None
    return sp.Function(f"grad_{term.func.__name__}", real=True)(*term.args)


def _summand(s: sp.Sum) -> Any:
    index = s.limits[0][0]
    return s.function.xreplace({index: sp.Symbol("i", integer=True)})


def _claim(walk: Any, main: str) -> tuple[Any, Any, Any, Any] | None:
    """(the definition of L, θ, the estimate's factor, its sum) of a gradient estimate, or None."""
    try:
        chain = reader(main).chain()
    except Unreadable:
        return None
    if chain.relations != ("~",):
        return None
    lhs, rhs = chain.terms
    if not (isinstance(lhs, AppliedUndef) and len(lhs.args) == 1 and lhs.func.__name__.startswith("grad_")):
        return None
    definition = walk.scope.functions().get(lhs.func.__name__[len("grad_") :])
    estimate = _scaled_sum(rhs)
    if definition is None or estimate is None or len(definition.arguments) != 1:
        return None
    return definition, lhs.args[0], *estimate


def batch_mean(factor: Any, terms: list[Any], size: int) -> Any:
    """The exact mean of ``factor * sum(batch)`` over every batch of ``size`` distinct samples."""
    batches = list(itertools.combinations(terms, size))
    return sp.Rational(1, len(batches)) * sum((factor * sum(b) for b in batches), sp.S.Zero)


def sample_estimate(walk: Any, d: Any, main: str) -> bool:
    """Check a minibatch estimate of the gradient of a sample-mean loss; False if ``main`` is not one."""
    claim = _claim(walk, main)
    if claim is None:
        return False
    definition, theta, c, estimate = claim
    full = _scaled_sum(definition.body)
    if full is None:
        return False
    c0, total = full
    (_, lo0, n), (_, lo, size) = total.limits[0], estimate.limits[0]
    per_sample = _gradient_of(_summand(total))
    if per_sample is None or per_sample != _summand(estimate) or (lo0, lo) != (1, 1) or size == n:
        return False
    literal = theta not in definition.body.free_symbols  # then ∇L(θ) = 0 as printed
    bias = sp.simplify(c * size / n - c0)
    where = f"({definition.label})" if definition.label else "its definition"
    if bias == 0:
        reason = Sentence(
            "unbiased: the mean over uniform batches of", size, "of the", n, f"samples of {where} is exact"
        )
        walk.add(d, d.line, d.body, Outcome(PROVEN, reason))
        return True
    found = _witness(c, c0, size, n, literal)
    if found is None:
        return False
    values, lhs_value, rhs_value = found
    shows = sp.Ne(lhs_value, rhs_value, evaluate=False)
    witness = Witness(values, shows=shows, description="every per-sample gradient is 1")
    gradient = notes_form(sp.Function(f"grad_{definition.name}")(theta))  # ∇L(θ)
    total = sp.Symbol("sum_g")  # the sum of the per-sample gradients g_i
    printed = ("(nor", sp.S.Zero, ", which is", gradient, "as printed: its right side is free of", theta, ")")
    reason = Sentence(
        "a batch of", size, "of the", n, f"samples of {where}, drawn uniformly, has mean",
        sp.simplify(c * size / n) * total, ", not", sp.Eq(c0 * total, gradient, evaluate=False),
        "; with every per-sample gradient", sp.Eq(sp.Symbol("g_i"), 1, evaluate=False),
        "every batch gives", rhs_value, ", not", lhs_value, *(printed if literal else ()),
    )  # fmt: skip
    walk.add(d, d.line, d.body, Outcome(REFUTED, reason, witness))
    return True


def _witness(c: Any, c0: Any, size: Any, n: Any, literal: bool) -> tuple[dict[str, Any], Any, Any] | None:
    """Small sizes (B < n) and g_i = 1 where the estimate differs from ∇L(θ) in every reading."""
    others = sorted((c * size / n - c0).free_symbols - {size, n}, key=str)
    for samples in range(2, 5):
        for batch in range(1, samples):
            # the other sizes (the N of 1/N) first equal to the number of samples, as the notes mean them
            tries = [(samples,) * len(others), *itertools.product(range(1, 5), repeat=len(others))]
            for rest in tries:
                point = {n: sp.Integer(samples), size: sp.Integer(batch)}
                point |= dict(zip(others, map(sp.Integer, rest)))
                rhs = batch_mean(c.xreplace(point), [sp.S.One] * samples, batch)
                lhs = (c0 * n).xreplace(point)
                if lhs != rhs and (not literal or rhs != 0):
                    values = {str(k): v for k, v in point.items()} | {"g_i": sp.S.One}
                    return values, lhs, rhs
    return None
