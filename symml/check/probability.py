"""Probability identities for arbitrary events, checked on finite probability spaces.

An identity between probabilities of Boolean combinations of events A, B, … holds on
every probability space exactly when it holds on the space of the 2^k *atoms* (A ∩ B,
A ∩ Bᶜ, …) with arbitrary weights: each ℙ(E) is the sum of the weights of the atoms in E.
So the identity becomes one between rational functions of the weights, which symml's
identity checker proves; a refutation is a small explicit space (the atoms with the
witness's weights), built with :class:`symml.probability.FiniteSpace` and checked on it.
Hypotheses stated just before (``ℙ(A, B) = ℙ(A)ℙ(B)``) are used as rewrites.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import sympy as sp
from sympy.logic.boolalg import Boolean

from symml.check.links import Outcome
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED
from symml.core.events import ProbabilityOf
from symml.core.results import Sentence, Step, Witness

__all__ = ["has_probability", "check_probability_link", "atom_space"]


def has_probability(value: Any) -> bool:
    return not isinstance(value, sp.MatrixBase) and bool(value.atoms(ProbabilityOf))


def _events(*values: Any) -> list[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for v in values:
        for p in v.atoms(ProbabilityOf):
            found |= p.args[0].free_symbols
    return sorted(found, key=str)


def _atoms(events: list[sp.Symbol]) -> list[tuple[bool, ...]]:
    return list(itertools.product((True, False), repeat=len(events)))


def _weights(events: list[sp.Symbol]) -> dict[tuple[bool, ...], sp.Symbol]:
    return {
        a: sp.Symbol(
            "w_" + "".join(e.name if inside else e.name.lower() + "c" for e, inside in zip(events, a))
        )
        for a in _atoms(events)
    }


def _in_weights(value: Any, events: list[sp.Symbol], w: dict[tuple[bool, ...], sp.Symbol]) -> Any:
    def prob(p: ProbabilityOf) -> Any:
        event: Boolean = p.args[0]
        return sp.Add(*(w[a] for a in w if _holds(event, events, a)))

    return value.replace(lambda e: isinstance(e, ProbabilityOf), prob)


def _holds(event: Any, events: list[sp.Symbol], atom: tuple[bool, ...]) -> bool:
    return event.xreplace({e: sp.true if inside else sp.false for e, inside in zip(events, atom)}) is sp.true


def _hypotheses(walk: Any) -> list[tuple[Any, Any]]:
    return [(e.key, e.value) for e in walk.scope.of("hypothesis")]


def check_probability_link(lhs: Any, rel: str, rhs: Any, walk: Any) -> Outcome:
    """Check ``lhs rel rhs`` between probabilities for all events on all finite spaces."""
    if rel != "=":
        return Outcome(NOT_CHECKED, "an inequality between probabilities is not checked")
    events = _events(lhs, rhs)
    if len(events) > 4:
        return Outcome(NOT_CHECKED, f"{len(events)} events (at most 4 are checked)")
    return _probability_outcome(lhs, rhs, tuple(events), tuple(_hypotheses(walk)))


@functools.lru_cache(maxsize=1024)
def _probability_outcome(lhs: Any, rhs: Any, events: tuple[Any, ...], hypotheses: tuple[Any, ...]) -> Outcome:
    from symml.core.identity import check_identity

    w = _weights(list(events))
    free, assumptions = _simplex(w)
    left, right = (_in_weights(v, list(events), w).xreplace(free) for v in (lhs, rhs))
    result = check_identity(left, right, assumptions=assumptions)
    if result.verdict.value == PROVEN:
        reason = "holds on every finite probability space (atoms of the events)"
        return Outcome(PROVEN, reason, steps=result.steps)
    if not hypotheses:
        weights = {a: s.xreplace(free) for a, s in w.items()}
        return _refutation(lhs, rhs, list(events), weights, [a.lhs > a.rhs for a in assumptions])
    for key, value in hypotheses:
        rewritten = [v.xreplace({key: value}) for v in (lhs, rhs)]
        left2, right2 = (_in_weights(v, list(events), w).xreplace(free) for v in rewritten)
        again = check_identity(left2, right2, assumptions=assumptions)
        if rewritten != [lhs, rhs] and again.verdict.value == PROVEN:
            step = Step(sp.Eq(key, value, evaluate=False), "the hypothesis stated before", rule="hypothesis")
            reason = Sentence("holds given", sp.Eq(key, value, evaluate=False), "(stated before)")
            return Outcome(PROVEN, reason, steps=(step, *again.steps))
    product = _independent_weights(list(events), hypotheses)
    if product is not None:
        return _refutation(lhs, rhs, list(events), *product)
    return Outcome(NOT_CHECKED, "not proven from the hypotheses stated before; not refuted under them")


def _simplex(w: dict) -> tuple[dict, list]:
    """The last atom's weight eliminated (weights sum to 1), and the weights' constraints."""
    last = list(w.values())[-1]
    others = [s for s in w.values() if s != last]
    return {last: 1 - sp.Add(*others)}, [s >= 0 for s in others] + [1 - sp.Add(*others) >= 0]


def _independent_weights(events: list[sp.Symbol], hypotheses: tuple[Any, ...]) -> tuple[dict, list] | None:
    """Product weights when the only hypothesis is that the two events are independent."""
    if len(events) != 2 or len(hypotheses) != 1:
        return None
    A, B = events
    key, value = hypotheses[0]
    if key != ProbabilityOf(sp.And(A, B)) or value != ProbabilityOf(A) * ProbabilityOf(B):
        return None
    p, q = sp.Symbol("p_" + A.name), sp.Symbol("p_" + B.name)
    weights = {atom: (p if atom[0] else 1 - p) * (q if atom[1] else 1 - q) for atom in _atoms(events)}
    return weights, [p > 0, p < 1, q > 0, q < 1]


def _refutation(lhs: Any, rhs: Any, events: list[sp.Symbol], weights: dict, strict: list) -> Outcome:
    """A witness space: the atoms with exact weights where the two sides differ (checked on the space)."""
    from symml.core.identity import check_identity

    left, right = (_in_weights(v, events, weights) for v in (lhs, rhs))
    result = check_identity(left, right, assumptions=strict)
    if result.verdict.value != REFUTED:
        return Outcome(NOT_CHECKED, "undecided on finite probability spaces")
    values = {sp.Symbol(k): v for k, v in result.witness.values.items()}
    exact = {a: w.xreplace(values) for a, w in weights.items()}
    space, named = atom_space(events, exact)
    shown_l = _on_space(lhs, space, named)
    shown_r = _on_space(rhs, space, named)
    if shown_l is None or shown_r is None or sp.simplify(shown_l - shown_r) == 0:
        return Outcome(NOT_CHECKED, "a candidate counterexample did not survive the check on its space")
    labels = [sp.Symbol(_label(a, events)) for a in exact]
    witness = Witness(
        {
            "Omega": tuple(labels),
            "P": tuple(exact.values()),
            **{e.name: tuple(lab for lab, a in zip(labels, exact) if a[k]) for k, e in enumerate(events)},
        },
        shows=sp.Ne(shown_l, shown_r, evaluate=False),
        description="a finite probability space (outcomes, probabilities) where the two sides differ",
    )
    return Outcome(REFUTED, "false on the finite space of the witness", witness=witness)


def _label(atom: tuple[bool, ...], events: list[sp.Symbol]) -> str:
    return "".join(e.name if inside else e.name.lower() for e, inside in zip(events, atom))


def atom_space(
    events: list[sp.Symbol], weights: dict[tuple[bool, ...], Any]
) -> tuple[Any, dict[sp.Symbol, Any]]:
    """The finite space of the atoms with ``weights``, and each event as an Event of it."""
    from symml.probability import FiniteSpace

    space = FiniteSpace({_label(a, events): v for a, v in weights.items()})
    named = {e: space.event({_label(a, events) for a in weights if a[k]}) for k, e in enumerate(events)}
    return space, named


def _on_space(value: Any, space: Any, named: dict[sp.Symbol, Any]) -> Any:
    def prob(p: ProbabilityOf) -> Any:
        event = p.args[0]
        outcomes = {
            o for o in space.outcomes if _holds(event, list(named), tuple(o in named[e] for e in named))
        }
        return space.P(outcomes).value

    try:
        return value.replace(lambda e: isinstance(e, ProbabilityOf), prob)
    except ZeroDivisionError:
        return None
