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

import itertools
from typing import Any

import sympy as sp
from sympy.logic.boolalg import Boolean

from symml.check.links import Outcome
from symml.check.reader import Probability
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED
from symml.core.results import Step, Witness

__all__ = ["has_probability", "check_probability_link", "atom_space"]


def has_probability(value: Any) -> bool:
    return not isinstance(value, sp.MatrixBase) and bool(value.atoms(Probability))


def _events(*values: Any) -> list[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for v in values:
        for p in v.atoms(Probability):
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
    def prob(p: Probability) -> Any:
        event: Boolean = p.args[0]
        return sp.Add(*(w[a] for a in w if _holds(event, events, a)))

    return value.replace(lambda e: isinstance(e, Probability), prob)


def _holds(event: Any, events: list[sp.Symbol], atom: tuple[bool, ...]) -> bool:
    return event.xreplace({e: sp.true if inside else sp.false for e, inside in zip(events, atom)}) is sp.true


def _hypotheses(walk: Any) -> list[tuple[Any, Any]]:
    return [(e.key, e.value) for e in walk.scope.of("hypothesis")]


def check_probability_link(lhs: Any, rel: str, rhs: Any, walk: Any) -> Outcome:
    """Check ``lhs rel rhs`` between probabilities for all events on all finite spaces."""
    from symml.core.identity import check_identity

    if rel != "=":
        return Outcome(NOT_CHECKED, "an inequality between probabilities is not checked")
    events = _events(lhs, rhs)
    if len(events) > 4:
        return Outcome(NOT_CHECKED, f"{len(events)} events (at most 4 are checked)")
    w = _weights(events)
    last = w[_atoms(events)[-1]]
    others = [s for s in w.values() if s != last]
    total = {last: 1 - sp.Add(*others)}
    assumptions = [s >= 0 for s in others] + [1 - sp.Add(*others) >= 0]
    left, right = (_in_weights(v, events, w).xreplace(total) for v in (lhs, rhs))
    result = check_identity(left, right, assumptions)
    if result.verdict.value == PROVEN:
        return Outcome(
            PROVEN, "holds on every finite probability space (atoms of the events)", steps=result.steps
        )
    for key, value in _hypotheses(walk):
        rewritten = [v.xreplace({key: value}) for v in (lhs, rhs)]
        if rewritten != [lhs, rhs]:
            left2, right2 = (_in_weights(v, events, w).xreplace(total) for v in rewritten)
            again = check_identity(left2, right2, assumptions)
            if again.verdict.value == PROVEN:
                step = Step(
                    sp.Eq(key, value, evaluate=False), "the hypothesis stated before", rule="hypothesis"
                )
                return Outcome(
                    PROVEN, f"holds given {key} = {value} (stated before)", steps=(step, *again.steps)
                )
        return Outcome(NOT_CHECKED, "not proven from the hypotheses stated before; not refuted under them")
    return _refutation(lhs, rhs, events, w, total, assumptions)


def _refutation(
    lhs: Any, rhs: Any, events: list[sp.Symbol], w: dict, total: dict, assumptions: list
) -> Outcome:
    from symml.core.identity import check_identity

    left, right = (_in_weights(v, events, w).xreplace(total) for v in (lhs, rhs))
    strict = [a.lhs > 0 if a.rhs == 0 else a.lhs > a.rhs for a in assumptions]
    result = check_identity(left, right, strict)
    if result.verdict.value != REFUTED:
        return Outcome(NOT_CHECKED, "undecided on finite probability spaces")
    values = {sp.Symbol(k): v for k, v in result.witness.values.items()}
    weights = {a: s.xreplace(values) if s in values else total[s].xreplace(values) for a, s in w.items()}
    space, named = atom_space(events, weights)
    shown_l = _on_space(lhs, space, named)
    shown_r = _on_space(rhs, space, named)
    if shown_l is None or shown_r is None or sp.simplify(shown_l - shown_r) == 0:
        return Outcome(NOT_CHECKED, "a candidate counterexample did not survive the check on its space")
    witness = Witness(
        {
            "Omega": tuple(sp.Symbol(_label(a, events)) for a in weights),
            "P": tuple(weights.values()),
            **{
                e.name: tuple(sp.Symbol(_label(a, events)) for a in weights if a[k])
                for k, e in enumerate(events)
            },
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
    def prob(p: Probability) -> Any:
        event = p.args[0]
        outcomes = {
            o for o in space.outcomes if _holds(event, list(named), tuple(o in named[e] for e in named))
        }
        return space.P(outcomes).value

    try:
        return value.replace(lambda e: isinstance(e, Probability), prob)
    except ZeroDivisionError:
        return None
