"""The rules of probability, checked exactly on given events: union rule, inclusion–exclusion,
total probability, Bayes, and (conditional, pairwise, mutual) independence.

Every function returns a :class:`~symml.core.results.Result` (``proven`` with the exact
values as steps, ``refuted`` with an exact witness), or — when the weights have a
parameter — :class:`~symml.core.results.Cases` saying for which parameter values the claim
holds.

>>> from symml.probability import FiniteSpace
>>> die = FiniteSpace(range(1, 7))
>>> A, B = die.event({1, 2, 3}, "A"), die.event({2, 4, 6}, "B")
>>> independent(A, B).verdict.value
'refuted'
>>> independent(die.event({1, 2}, "C"), B).verdict.value
'proven'
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, ZeroProbabilityError
from symml.core.events import ProbabilityOf, Quotient
from symml.core.latex.text import event_text
from symml.core.results import Cases, Result, Sentence, Step, Verdict, Witness
from symml.probability._exact import admissible_set, decide, is_zero, sample_point, zero_set
from symml.probability.joint import event_node, joint_space
from symml.probability.rv import FiniteRV, RandomEvent, independent_rvs, merge_labels
from symml.probability.spaces import Event, FiniteSpace, Probability

__all__ = [
    "union_rule",
    "inclusion_exclusion",
    "total_probability",
    "bayes",
    "independent",
    "pairwise_independent",
    "mutually_independent",
]


def _eq(lhs: Any, rhs: Any) -> sp.Eq:
    return sp.Eq(lhs, rhs, evaluate=False)


def _constraints(space: FiniteSpace) -> tuple[Any, ...]:
    return space.constraints + space.requirements


def _space_of(events: Sequence[Any]) -> FiniteSpace:
    spaces = {id(e.space): e.space for e in events if isinstance(e, Event)}
    if len(spaces) != 1:
        raise InvalidValueError(
            "give Events of one and the same FiniteSpace (build them with space.event(...))"
        )
    return next(iter(spaces.values()))


def _events(events: Sequence[Any]) -> tuple[FiniteSpace, list[Event]]:
    if any(isinstance(e, RandomEvent) for e in events):
        # events of random variables: subsets of the joint space of all their sources
        nodes = [e._node if isinstance(e, RandomEvent) else event_node(space_event(e)) for e in events]
        space = joint_space(frozenset().union(*(n.sources for n in nodes)))
        bound = [(e.name, e.bindings if isinstance(e, RandomEvent) else {}) for e in events]
        labels, _ = merge_labels(bound)
        return space, [RandomEvent(n, label).on_space(space) for n, label in zip(nodes, labels)]
    space = _space_of(events)
    return space, [space.event(e) for e in events]


def space_event(e: Any) -> Event:
    if not isinstance(e, Event):
        raise InvalidValueError(
            "give events (e.g. X > 3, space.event({1, 2})), not sets, with events of variables"
        )
    return e


def _P(e: Event) -> ProbabilityOf:
    return ProbabilityOf(e.symbol)


def _intersection(events: Sequence[Event]) -> Event:
    out = events[0]
    for e in events[1:]:
        out = out & e
    return out


def union_rule(A: Any, B: Any) -> Result:
    """The union rule ℙ(A ∪ B) = ℙ(A) + ℙ(B) − ℙ(A ∩ B), checked on two events.

    This is the rule the notes state as (3.6) (under the name "intersection").

    Parameters
    ----------
    A, B : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace
        Two events of one model: events of random variables, or Events of one and the
        same FiniteSpace (else ``InvalidValueError``).

    Returns
    -------
    Result
        ``proven``, with the claim ℙ(A ∪ B) = ℙ(A) + ℙ(B) − ℙ(A ∩ B) as ``.claim``, the
        exact probabilities as ``.steps`` and ℙ(A ∪ B) as ``.value``.

    Examples
    --------
    >>> from symml.probability import Die
    >>> X = Die(6)
    >>> r = union_rule(X <= 2, X >= 5)
    >>> r.verdict.value, r.value
    ('proven', 2/3)
    """
    return inclusion_exclusion(A, B)


def inclusion_exclusion(*events: Any) -> Result:
    """Inclusion–exclusion ℙ(⋃Aᵢ) = Σ_{∅≠S} (−1)^{|S|+1} ℙ(⋂_{i∈S} Aᵢ), checked exactly.

    Parameters
    ----------
    *events : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace
        At least two events (else ``InvalidValueError``) of one model.

    Returns
    -------
    Result
        ``proven``: ``.claim`` is the identity, ``.steps`` the exact probability of each
        intersection and their signed sum, ``.value`` the probability of the union.

    Examples
    --------
    Three events on a fair die, A = {1, 2, 3}, B = {2, 4, 6}, C = {1, 2, 4}: their
    union {1, 2, 3, 4, 6} has probability 5/6.

    >>> from symml.probability import FiniteSpace
    >>> die = FiniteSpace(range(1, 7))
    >>> A, B, C = die.event({1, 2, 3}, "A"), die.event({2, 4, 6}, "B"), die.event({1, 2, 4}, "C")
    >>> r = inclusion_exclusion(A, B, C)
    >>> r.verdict.value, r.value
    ('proven', 5/6)
    """
    if len(events) < 2:
        raise InvalidValueError("inclusion–exclusion needs at least two events")
    space, evs = _events(events)
    union = evs[0]
    for e in evs[1:]:
        union = union | e
    lhs_value = space.measure(union)
    symbolic = sp.S.Zero
    numeric = sp.S.Zero
    shown = []
    for k in range(1, len(evs) + 1):
        for subset in itertools.combinations(evs, k):
            inter = _intersection(list(subset))
            sign = (-1) ** (k + 1)
            symbolic += sign * _P(inter)
            value = space.measure(inter)
            numeric += sign * value
            shown.append(sign * sp.UnevaluatedExpr(value) if sign < 0 else sp.UnevaluatedExpr(value))
    claim = _eq(_P(union), symbolic)
    if is_zero(lhs_value - numeric) is False:  # pragma: no cover - a theorem; reaching this means a bug
        raise AssertionError(f"inclusion–exclusion failed: {lhs_value} != {numeric}")
    steps = (
        Step(
            _eq(_P(union), sp.Add(*shown, evaluate=False)),
            "the probability of each intersection",
            rule="inclusion-exclusion",
        ),
        Step(_eq(_P(union), sp.factor(numeric)), "add", rule="add"),
        Step(
            _eq(_P(union), sp.factor(lhs_value)),
            "sum of the weights of the outcomes in the union",
            rule="sum-of-weights",
        ),
    )
    return Result(claim, Verdict.PROVEN, steps=steps, value=sp.factor(lhs_value))


def total_probability(A: Any, partition: Sequence[Any]) -> Result:
    """The law of total probability ℙ(A) = Σ ℙ(A | Bᵢ) ℙ(Bᵢ) over a partition of Ω.

    Parts of probability 0 contribute ℙ(A ∩ Bᵢ) = 0 and are skipped (ℙ(A | Bᵢ) is undefined).

    Parameters
    ----------
    A : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace
        The event whose probability is computed.
    partition : sequence of events
        Disjoint events of the same model that cover Ω (at least one).

    Returns
    -------
    Result
        ``proven``: ``.steps`` show each ℙ(A | Bᵢ) ℙ(Bᵢ), their sum and ℙ(A) computed
        directly; ``.value`` is ℙ(A).

    Raises
    ------
    InvalidValueError
        When the parts overlap or do not cover Ω, or the partition is empty.

    Examples
    --------
    Two dice total at least 10 with probability 1/6, conditioning on the first die:

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6, name="Y")
    >>> r = total_probability(X + Y >= 10, [X.eq(k) for k in range(1, 7)])
    >>> r.verdict.value, r.value
    ('proven', 1/6)
    """
    space, evs = _events([A, *partition])
    a, parts = evs[0], evs[1:]
    if not parts:
        raise InvalidValueError("give a partition of Ω: a non-empty list of disjoint events that cover it")
    for b, c in itertools.combinations(parts, 2):
        if b.outcomes & c.outcomes:
            raise InvalidValueError(f"the parts {b!r} and {c!r} overlap; a partition needs disjoint parts")
    covered = frozenset().union(*(b.outcomes for b in parts))
    if covered != frozenset(space.outcomes):
        missing = [o for o in space.outcomes if o not in covered][:3]
        raise InvalidValueError(f"the parts do not cover Ω (missing {missing}); add the missing outcomes")
    terms_symbolic = []
    terms_value = []
    shown = []
    for b in parts:
        pb = space.measure(b)
        if is_zero(pb, _constraints(space)) is True:
            continue
        terms_symbolic.append(ProbabilityOf(a.symbol, b.symbol) * _P(b))
        conditional = sp.cancel(space.measure(a & b) / pb)
        terms_value.append(conditional * pb)
        shown.append(
            sp.Mul(sp.UnevaluatedExpr(sp.factor(conditional)), sp.UnevaluatedExpr(pb), evaluate=False)
        )
    total = sp.factor(sp.Add(*terms_value))
    direct = space.measure(a)
    if is_zero(total - direct) is False:  # pragma: no cover - a theorem
        raise AssertionError("total probability failed")
    steps = (
        Step(
            _eq(_P(a), sp.Add(*shown, evaluate=False)),
            "each part B_i of positive probability: its conditional probability of A times its probability",
            rule="total-probability",
        ),
        Step(_eq(_P(a), total), "add", rule="add"),
        Step(_eq(_P(a), direct), "directly, the sum of the weights of A", rule="sum-of-weights"),
    )
    return Result(_eq(_P(a), sp.Add(*terms_symbolic)), Verdict.PROVEN, steps=steps, value=direct)


def bayes(A: Any, B: Any) -> Probability:
    """Bayes' rule ℙ(A | B) = ℙ(B | A) ℙ(A) / ℙ(B), computed exactly with steps.

    Parameters
    ----------
    A : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace
        The event of interest (its probability must be positive).
    B : event
        The observed event, of the same model (its probability must be positive).

    Returns
    -------
    Probability
        ``.value`` is ℙ(A | B), ``.steps`` the three probabilities in Bayes' rule,
        ``.condition`` what it requires of parameters (``True`` for numbers); checked
        against ℙ(A ∩ B) / ℙ(B).

    Raises
    ------
    ZeroProbabilityError
        When ℙ(B) = 0 or ℙ(A) = 0 (then ℙ(B | A) is undefined).

    Examples
    --------
    Given that two dice total at least 10, the first is a six with probability 1/2:

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6, name="Y")
    >>> bayes(X.eq(6), X + Y >= 10).value
    1/2
    """
    space, (a, b) = _events([A, B])
    pa, pb = space.measure(a), space.measure(b)
    if is_zero(pa, _constraints(space)) is True:
        raise ZeroProbabilityError(
            f"ℙ(A) = 0 for A = {a!r}, so ℙ(B | A) is undefined; Bayes' rule needs ℙ(A) > 0"
        )
    direct = space.P(a, given=b)  # raises ZeroProbabilityError when ℙ(B) = 0
    b_given_a = sp.factor(sp.cancel(space.measure(a & b) / pa))
    value = sp.factor(sp.cancel(b_given_a * pa / pb))
    label = ProbabilityOf(a.symbol, b.symbol)
    steps = (
        Step(_eq(label, ProbabilityOf(b.symbol, a.symbol) * _P(a) / _P(b)), "Bayes' rule", rule="bayes"),
        Step(
            _eq(label, Quotient(sp.Mul(b_given_a, pa, evaluate=False), pb)),
            "the three probabilities",
            rule="substitute",
        ),
        Step(_eq(label, value), "simplify", rule="simplify"),
    )
    if is_zero(value - direct.value) is False:  # pragma: no cover - a theorem
        raise AssertionError("Bayes' rule failed")
    return Probability(label, value, steps, direct.condition)


def _independence(
    space: FiniteSpace,
    claim: Any,
    equations: list[tuple[str, Any, Any, Any]],
    requires: tuple[Any, ...] = (),
) -> Result | Cases[Result]:
    """Decide whether every ``lhs = rhs`` holds; with one parameter, for which values.

    ``equations`` are ``(name, symbolic_lhs_rhs_eq, lhs_value, rhs_value)``; ``requires``
    restricts the parameters further (ℙ(C) > 0 for a conditional claim given C).
    """
    diffs = [(name, sym, l, r, sp.factor(sp.expand(l - r))) for name, sym, l, r in equations]
    params = sorted(set().union(*(d[4].free_symbols for d in diffs)) | set(space.parameters), key=str)
    if not any(d[4].free_symbols for d in diffs):
        return _fixed_verdict(claim, diffs, {})
    if len(params) != 1:
        return Result(
            claim,
            Verdict.UNDECIDED,
            notes=("the weights involve several parameters; the condition on them was not solved",),
        )
    (p,) = params
    domain = admissible_set(space.constraints + space.requirements + requires, p)
    if domain is None:
        return Result(
            claim, Verdict.UNDECIDED, notes=("the constraints on the parameter could not be solved",)
        )
    good = domain
    for *_, d in diffs:
        zs = zero_set(d, p, domain) if d.free_symbols else (domain if d == 0 else sp.S.EmptySet)
        if zs is None:
            return Result(claim, Verdict.UNDECIDED, notes=(f"could not solve {d} = 0 for {p}",))
        good = good & zs
    bad = domain - good
    cases: list[tuple[Any, Result]] = []
    if good is not sp.S.EmptySet:
        point = sample_point(good)
        cases.append((good.as_relational(p), _proven_on(claim, diffs, p, good)))
    if bad is not sp.S.EmptySet:
        point = sample_point(bad)
        if point is None:
            return Result(
                claim, Verdict.UNDECIDED, notes=("no exact sample point in the failing parameter set",)
            )
        cases.append((bad.as_relational(p), _fixed_verdict(claim, diffs, {p: point})))
    return Cases(cases, parameters=[p], assumptions=domain.as_relational(p))


def _proven_on(claim: Any, diffs: list[Any], p: sp.Symbol, good: sp.Set) -> Result:
    """Every product rule holds for the parameter values in ``good`` (checked exactly)."""
    steps = []
    for name, sym, l, r, d in diffs:
        if isinstance(good, sp.FiniteSet):
            for value in good:
                if is_zero(d.subs(p, value)) is not True:  # pragma: no cover - solveset gave a wrong root
                    raise AssertionError(f"{d} does not vanish at {p} = {value}")
            reason = Sentence(f"{name}: the difference", d, "vanishes exactly at these values of", p)
        elif is_zero(d) is not True:
            raise AssertionError(f"{d} is not identically zero on {good}")  # pragma: no cover
        else:
            reason = f"{name}: identical in {p}"
        difference = Step(_eq(sp.factor(l - r), 0), "difference", rule="difference")
        steps.append(Step(_eq(sym.lhs, sym.rhs), reason, (difference,), rule="product-rule"))
    return Result(claim, Verdict.PROVEN, steps=tuple(steps))


def _fixed_verdict(claim: Any, diffs: list[Any], point: dict[Any, Any], where: Any = None) -> Result:
    steps = []
    for name, sym, l, r, _d in diffs:
        lv, rv = sp.factor(l.subs(point)), sp.factor(r.subs(point))
        equal = is_zero(lv - rv)
        if equal is None:
            return Result(claim, Verdict.UNDECIDED, notes=(f"could not decide whether {lv} = {rv}",))
        if equal is False:
            values: dict[Any, Any] = {str(k): v for k, v in point.items()}
            values[sym.lhs] = lv
            values[sym.rhs] = rv
            return Result(
                claim,
                Verdict.REFUTED,
                witness=Witness(values, sp.Ne(lv, rv, evaluate=False), f"{name} fails"),
            )
        reason = name if where is None else f"{name}, since {where[0]} is in {where[1]}"
        values = Step(_eq(lv, rv), "exact values", rule="exact-values")
        steps.append(Step(_eq(sym.lhs, sym.rhs), reason, (values,), rule="product-rule"))
    return Result(claim, Verdict.PROVEN, steps=tuple(steps))


def _product_equation(events: Sequence[Event], space: FiniteSpace, given: Event | None) -> tuple:
    inter = _intersection(list(events))
    if given is None:
        lhs_sym = _P(inter)
        rhs_sym = sp.Mul(*(_P(e) for e in events))
        lhs = space.measure(inter)
        rhs = sp.Mul(*(space.measure(e) for e in events))
    else:
        pg = space.measure(given)
        lhs_sym = ProbabilityOf(inter.symbol, given.symbol)
        rhs_sym = sp.Mul(*(ProbabilityOf(e.symbol, given.symbol) for e in events))
        lhs = sp.cancel(space.measure(inter & given) / pg)
        rhs = sp.Mul(*(sp.cancel(space.measure(e & given) / pg) for e in events))
    name = "product rule for " + ", ".join(map(_words, events)) + (f" given {_words(given)}" if given else "")
    return (name, _eq(lhs_sym, rhs_sym), lhs, rhs)


def _words(event: Event) -> str:
    """An event's label as plain words for a reason (``A``, ``X = 6``, ``{1, 2}``)."""
    return event_text(event.name)


def _check_given(space: FiniteSpace, given: Event | None) -> None:
    if given is not None and is_zero(space.measure(given), _constraints(space)) is True:
        raise ZeroProbabilityError(
            f"cannot condition on {given!r}: its probability is 0; condition on an event with ℙ > 0"
        )


def independent(A: Any, B: Any, given: Any = None) -> Result | Cases[Result]:
    """Whether ℙ(A ∩ B) = ℙ(A) ℙ(B) (or ℙ(A ∩ B | C) = ℙ(A | C) ℙ(B | C) with ``given=C``).

    Returns a ``Result`` (proven with the exact values, or refuted with them as witness);
    when the weights have a parameter, ``Cases`` over the parameter: for which values the
    events are independent and for which not (each refuted case with an exact parameter
    value as witness).

    Parameters
    ----------
    A, B : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace, or FiniteRV
        Two events of one model; or two random variables (then the claim is
        ℙ(X = x, Y = y) = ℙ(X = x) ℙ(Y = y) for all x, y, and ``given`` must be None).
    given : event, optional
        The conditioning event C; it must have positive probability
        (``ZeroProbabilityError``).

    Returns
    -------
    Result or Cases
        ``.verdict`` is ``proven`` (the product rule with exact values in ``.steps``) or
        ``refuted`` (``.witness`` holds the two unequal sides); with a parameter, a
        ``Cases`` over its values.

    Examples
    --------
    Two dice: "the first is a six" is independent of "the total is 7" but not of
    "the total is 8" (1/36 ≠ 1/6 · 5/36):

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6, name="Y")
    >>> independent(X.eq(6), (X + Y).eq(7)).verdict.value
    'proven'
    >>> r = independent(X.eq(6), (X + Y).eq(8))
    >>> r.verdict.value, sorted(r.witness.values.values())
    ('refuted', [5/216, 1/36])
    >>> independent(X, Y).verdict.value, independent(X, X + Y).verdict.value
    ('proven', 'refuted')

    With a parameter, the answer is a case split (a p-coin flipped twice; A: the first is
    heads, B: both flips agree):

    >>> import sympy as sp
    >>> from symml.probability import Coin
    >>> p = sp.Symbol("p")
    >>> two = Coin(p).space ** 2
    >>> A = two.event(lambda w: w[0] == "H", "A")
    >>> B = two.event(lambda w: w[0] == w[1], "B")
    >>> [str(c.condition) for c in independent(A, B)]
    ['Eq(p, 0) | Eq(p, 1/2) | Eq(p, 1)', '(p > 0) & (p < 1) & Ne(p, 1/2)']
    """
    if isinstance(A, FiniteRV) and isinstance(B, FiniteRV) and given is None:
        return independent_rvs(A, B)
    space, evs = _events([A, B] if given is None else [A, B, given])
    g = evs[2] if given is not None else None
    _check_given(space, g)
    a, b = evs[0], evs[1]
    eq = _product_equation([a, b], space, g)
    # like ℙ(A | C), a claim given C holds only where ℙ(C) > 0
    requires = () if g is None else _positive(space.measure(g), _constraints(space))
    return _independence(space, eq[1], [eq], requires)


def _positive(value: Any, constraints: tuple[Any, ...]) -> tuple[Any, ...]:
    """``(value > 0,)`` unless that holds for every admissible parameter value."""
    if not getattr(value, "free_symbols", None):
        return ()
    return () if decide(value > 0, constraints)[0] is True else (sp.Gt(value, 0),)


def pairwise_independent(*events: Any) -> Result | Cases[Result]:
    """Whether every two of the events are independent (ℙ(Aᵢ ∩ Aⱼ) = ℙ(Aᵢ) ℙ(Aⱼ)).

    Parameters
    ----------
    *events : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace
        At least two events (else ``InvalidValueError``) of one model.

    Returns
    -------
    Result or Cases
        ``proven`` with one step per pair, or ``refuted`` with the failing pair's two
        sides as ``.witness``; a ``Cases`` when the weights have a parameter.

    Examples
    --------
    Two fair coins: "first is heads", "second is heads" and "they agree" are pairwise
    independent (but not mutually, see :func:`mutually_independent`):

    >>> from symml.probability import FiniteSpace
    >>> two = FiniteSpace(["H", "T"]) ** 2
    >>> A = two.event(lambda w: w[0] == "H", "A")
    >>> B = two.event(lambda w: w[1] == "H", "B")
    >>> C = two.event(lambda w: w[0] == w[1], "C")
    >>> pairwise_independent(A, B, C).verdict.value
    'proven'
    """
    if len(events) < 2:
        raise InvalidValueError("pairwise independence needs at least two events")
    space, evs = _events(events)
    eqs = [_product_equation(list(pair), space, None) for pair in itertools.combinations(evs, 2)]
    return _independence(space, "the events are pairwise independent", eqs)


def mutually_independent(*events: Any) -> Result | Cases[Result]:
    """Whether the events are mutually independent: the product rule for every subfamily.

    Parameters
    ----------
    *events : event of random variables (``X > 3``, ``X.eq(6)``) or Event of a FiniteSpace
        At least two events (else ``InvalidValueError``) of one model.

    Returns
    -------
    Result or Cases
        ``proven`` with one step per subfamily of two or more events, or ``refuted`` with
        the failing subfamily's two sides as ``.witness``; a ``Cases`` when the weights
        have a parameter.

    Examples
    --------
    >>> from symml.probability import FiniteSpace
    >>> two = FiniteSpace(["H", "T"]) ** 2
    >>> A = two.event(lambda w: w[0] == "H", "A")
    >>> B = two.event(lambda w: w[1] == "H", "B")
    >>> C = two.event(lambda w: w[0] == w[1], "C")
    >>> pairwise_independent(A, B, C).verdict.value, mutually_independent(A, B, C).verdict.value
    ('proven', 'refuted')
    """
    if len(events) < 2:
        raise InvalidValueError("mutual independence needs at least two events")
    space, evs = _events(events)
    eqs = [
        _product_equation(list(sub), space, None)
        for k in range(2, len(evs) + 1)
        for sub in itertools.combinations(evs, k)
    ]
    return _independence(space, "the events are mutually independent", eqs)
