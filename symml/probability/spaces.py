"""Finite probability spaces (Ω, 𝒜, P) with exact or symbolic weights, and their events.

A :class:`FiniteSpace` holds the outcomes Ω with exact weights (Rationals, or expressions
in parameters such as a coin's bias ``p`` together with constraints like ``0 <= p <= 1``).
Events are subsets of Ω (:class:`Event`), given as sets of outcomes or as predicates; the
event space 𝒜 = 2^Ω is available lazily (:class:`EventSpace`) and is never materialised
unless iterated.  ``space.P(A)`` and ``space.P(A, given=B)`` return a :class:`Probability`:
its exact value together with the steps that compute it.

>>> from symml.probability import FiniteSpace
>>> die = FiniteSpace(range(1, 7))
>>> even = die.event(lambda w: w % 2 == 0, name="E")
>>> die.P(even).value
1/2
>>> die.P({6}, given=even).value
1/3
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, ShapeError, ZeroProbabilityError
from symml.core.events import ProbabilityOf, Quotient, as_label, outcomes_label
from symml.core.latex import equation, render_derivation
from symml.core.limits import limits
from symml.core.parsing import as_expr, as_sympy
from symml.core.results import Printable, Result, Step, Verdict, Witness, exact
from symml.probability._exact import decide, exact_conditions, exact_number, exact_sum, is_zero, parameters_of

__all__ = [
    "FiniteSpace",
    "Event",
    "EventSpace",
    "Probability",
    "ProbabilityOf",
    "check_axioms",
    "product_space",
]


def __getattr__(name: str) -> Any:
    if name == "MAX_OUTCOMES":  # the limit lives in symml.limits (adjustable)
        return limits.max_outcomes
    raise AttributeError(f"module 'symml.probability.spaces' has no attribute {name!r}")


#: A probability of an event with more outcomes is shown as one step, not as the sum of weights.
MAX_SHOWN_TERMS = 64


def total_weight(weights: Iterable[Any]) -> sp.Expr:
    """The exact sum of weights (rationals added as integers, fast for many outcomes)."""
    rational: dict[int, int] = {}
    other = []
    for w in weights:
        if isinstance(w, sp.Rational):
            rational[w.q] = rational.get(w.q, 0) + w.p
        else:
            other.append(w)
    total = sum((Fraction(p, q) for q, p in rational.items()), Fraction(0))
    value = sp.Rational(total.numerator, total.denominator)
    if not other:
        return value
    return sp.factor(sp.Add(value, *other))


def sort_key(outcome: Any) -> Any:
    """The order outcomes are listed in."""
    # numbers first (by value), then tuples (coordinate-wise), then other labels (by text)
    if isinstance(outcome, int) and not isinstance(outcome, bool):
        return (0, outcome, "")
    if isinstance(outcome, sp.Rational):
        return (0, outcome, "")
    if isinstance(outcome, tuple):
        return (1, 0, tuple(sort_key(o) for o in outcome))
    return (2, 0, str(outcome))


def has_name(name: Any) -> bool:
    """Whether a name was given (not ``""``, the default)."""
    return not (isinstance(name, str) and not name)


class Event:
    """A subset of the sample space Ω of one :class:`FiniteSpace`.

    Supports ``A | B`` (union), ``A & B`` (intersection), ``~A`` (complement), ``A - B``
    (difference), ``in``, ``len`` and iteration.  ``name`` is the event's label, a SymPy
    object the printer writes (by default the set of outcomes, made when first asked for).

    Build events with :meth:`FiniteSpace.event` (from a set of outcomes or a predicate),
    which checks that every outcome is in Ω; the constructor does not.

    Parameters
    ----------
    space : FiniteSpace
        The probability space the event belongs to.
    outcomes : frozenset
        The outcomes in the event (a subset of ``space.outcomes``).
    name : str or SymPy object, optional
        A plain name (``"A"``, ``"H_1"``; LaTeX is refused) or a SymPy label.

    Examples
    --------
    On a fair die, "even" ∪ "at most 3" = {1, 2, 3, 4, 6} has probability 5/6:

    >>> from symml.probability import FiniteSpace
    >>> die = FiniteSpace(range(1, 7))
    >>> even = die.event(lambda w: w % 2 == 0, "E")
    >>> low = die.event({1, 2, 3}, "L")
    >>> sorted(even | low), sorted(even & low), sorted(~even)
    ([1, 2, 3, 4, 6], [2], [1, 3, 5])
    >>> die.P(even | low).value, die.P(even, given=low).value
    (5/6, 1/3)
    """

    __slots__ = ("space", "outcomes", "_name")

    def __init__(self, space: FiniteSpace, outcomes: frozenset[Any], name: Any = "") -> None:
        object.__setattr__(self, "space", space)
        object.__setattr__(self, "outcomes", frozenset(outcomes))
        object.__setattr__(self, "_name", as_label(name) if has_name(name) else None)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("an Event is immutable; use .named(...) for another name")

    @property
    def name(self) -> Any:
        """The event's label, a SymPy object: its name (``A``), ``{1, 2, 3}``, Ω, ∅, or a
        combination such as ``A & ~B`` (printed A ∩ Bᶜ)."""
        if self._name is None:
            everything = len(self.outcomes) == len(self.space.outcomes)
            object.__setattr__(self, "_name", outcomes_label(self.outcomes, everything))
        return self._name

    @property
    def symbol(self) -> Any:
        """The event's label (see :attr:`name`), for equations such as ℙ(A) = 1/2."""
        return self.name

    def __or__(self, other: Any) -> Event:
        other = self.space.event(other)
        return Event(self.space, self.outcomes | other.outcomes, sp.Or(self.name, other.name))

    def __and__(self, other: Any) -> Event:
        other = self.space.event(other)
        return Event(self.space, self.outcomes & other.outcomes, sp.And(self.name, other.name))

    def __sub__(self, other: Any) -> Event:
        other = self.space.event(other)
        return Event(self.space, self.outcomes - other.outcomes, sp.And(self.name, sp.Not(other.name)))

    def __invert__(self) -> Event:
        return Event(self.space, frozenset(self.space.outcomes) - self.outcomes, sp.Not(self.name))

    def complement(self) -> Event:
        """The complement Ω \\ A."""
        return ~self

    def __contains__(self, outcome: Any) -> bool:
        return outcome in self.outcomes

    def __iter__(self) -> Iterator[Any]:
        return iter(sorted(self.outcomes, key=sort_key))

    def __len__(self) -> int:
        return len(self.outcomes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return self.space is other.space and self.outcomes == other.outcomes

    def __hash__(self) -> int:
        return hash((id(self.space), self.outcomes))

    def __repr__(self) -> str:
        return f"Event({set(self)!r})"

    def named(self, name: Any) -> Event:
        """The same event with another name (a plain name such as ``A`` or a SymPy label)."""
        return Event(self.space, self.outcomes, name)


class EventSpace:
    """The event space 𝒜 = 2^Ω of a finite space: countable, iterable, never stored.

    ``len(space.events)`` is 2^|Ω| (``size`` gives it as an exact integer even when it is
    astronomically large); iteration yields the events by size, lazily.

    Parameters
    ----------
    space : FiniteSpace
        The space whose subsets are the events (usually reached as ``space.events``).

    Examples
    --------
    >>> from symml.probability import FiniteSpace
    >>> coin = FiniteSpace(["H", "T"])
    >>> [sorted(A) for A in coin.events]
    [[], ['H'], ['T'], ['H', 'T']]
    >>> die = FiniteSpace(range(1, 7))
    >>> len(die.events), {2, 4, 6} in die.events, FiniteSpace(range(100)).events.size
    (64, True, 1267650600228229401496703205376)
    """

    def __init__(self, space: FiniteSpace) -> None:
        self.space = space

    @property
    def size(self) -> int:
        return 2 ** len(self.space.outcomes)

    def __len__(self) -> int:
        if len(self.space.outcomes) >= 63:  # len() must fit a machine integer
            raise InvalidValueError(
                f"the event space has 2^{len(self.space.outcomes)} events, too many for len(); "
                "use .size for the exact count"
            )
        return self.size

    def __iter__(self) -> Iterator[Event]:
        outcomes = self.space.outcomes
        for k in range(len(outcomes) + 1):
            for subset in itertools.combinations(outcomes, k):
                yield Event(self.space, frozenset(subset))

    def __contains__(self, item: Any) -> bool:
        if isinstance(item, Event):
            return item.space is self.space
        try:
            return set(item) <= set(self.space.outcomes)
        except TypeError:
            return False

    def __repr__(self) -> str:
        return f"EventSpace(2^{len(self.space.outcomes)} events)"


def _binary_op(fn: Callable[[Any, Any], Any], reflected: bool = False) -> Callable[..., Any]:
    def method(self: Probability, other: Any) -> Any:
        other = other.value if isinstance(other, Probability) else as_expr(other, what="the other operand")
        return fn(other, self.value) if reflected else fn(self.value, other)

    return method


@dataclass(frozen=True, eq=False)
class Probability(Printable):
    """An exact probability with the steps that compute it.

    Behaves like its value in arithmetic and comparisons (``P(A) == Rational(1, 2)``,
    ``1 - P(A)``); ``.value`` is the exact SymPy value, ``.steps`` the derivation and
    ``.condition`` what it requires of the parameters (``True``, or e.g. ``P(B) > 0``).

    Returned by :func:`~symml.probability.P`, :meth:`FiniteSpace.P` and
    :func:`~symml.probability.bayes`; rarely built by hand.

    Parameters
    ----------
    label : SymPy object
        The quantity, e.g. ``ProbabilityOf(A)`` (printed ℙ(A)).
    value : number or SymPy expression
        The exact probability (floats raise ``InvalidValueError`` through the parser).
    steps : tuple of Step, optional
        The derivation of the value.
    condition : SymPy boolean, default True
        What the value requires of the parameters (e.g. ℙ(B) > 0 for ℙ(A | B)).

    Examples
    --------
    A p-coin flipped twice: given at least one head, the first flip is a head with
    probability 1/(2 − p), valid where ℙ(at least one head) = p(2 − p) > 0.

    >>> import sympy as sp
    >>> from symml.probability import FiniteSpace
    >>> p = sp.Symbol("p")
    >>> coin = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1])
    >>> two = coin * coin
    >>> first = two.event(lambda w: w[0] == "H")
    >>> some = two.event(lambda w: "H" in w)
    >>> r = two.P(first, given=some)
    >>> r.value, r.condition
    (-1/(p - 2), -p*(p - 2) > 0)
    >>> die = FiniteSpace(range(1, 7))
    >>> 1 - die.P({6}), die.P({2, 4, 6}) == sp.Rational(1, 2)
    (5/6, True)
    """

    label: Any
    value: Any
    steps: tuple[Step, ...] = ()
    condition: Any = sp.true

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", exact(as_expr(self.value, what="a probability")))
        object.__setattr__(self, "condition", as_sympy(self.condition, what="the condition"))

    def _sympy_(self) -> Any:
        return self.value

    def __eq__(self, other: object) -> bool:
        try:
            other_value = other.value if isinstance(other, Probability) else as_expr(other)
        except (InvalidValueError, ShapeError):
            return NotImplemented
        return is_zero(self.value - other_value) is True

    def __hash__(self) -> int:
        return hash(self.value)

    __add__ = _binary_op(lambda a, b: a + b)
    __radd__ = _binary_op(lambda a, b: a + b, reflected=True)
    __sub__ = _binary_op(lambda a, b: a - b)
    __rsub__ = _binary_op(lambda a, b: a - b, reflected=True)
    __mul__ = _binary_op(lambda a, b: a * b)
    __rmul__ = _binary_op(lambda a, b: a * b, reflected=True)
    __truediv__ = _binary_op(lambda a, b: a / b)
    __rtruediv__ = _binary_op(lambda a, b: a / b, reflected=True)
    __lt__ = _binary_op(lambda a, b: a < b)
    __le__ = _binary_op(lambda a, b: a <= b)
    __gt__ = _binary_op(lambda a, b: a > b)
    __ge__ = _binary_op(lambda a, b: a >= b)

    def __neg__(self) -> Any:
        return -self.value

    def __float__(self) -> float:
        return float(sp.N(self.value))

    def __repr__(self) -> str:
        cond = "" if self.condition is sp.true else f" if {self.condition}"
        return f"{self.label} = {self.value}{cond}"

    @property
    def verdict(self) -> Verdict | None:
        """``proven`` when the value comes with its derivation (every computed probability)."""
        return Verdict.PROVEN if self.steps else None

    def text(self) -> str:
        """``P(X >= 5) = 1/3``, with a decimal beside an irrational value and the condition."""
        from symml.core.latex.text import plain, with_decimals

        text = f"{plain(self.label)} = {with_decimals(self.value)}"
        if self.condition is not sp.true:
            text += f"  (when {plain(self.condition)})"
        return text

    json_fields = ("label", "value", "condition", "steps")

    def _latex(self, printer: Any) -> str:
        notes = [] if self.condition is sp.true else [f"valid when ${printer._print(self.condition)}$"]
        return render_derivation([equation(self.label, self.value)], self.steps, printer, notes)


def _eq(lhs: Any, rhs: Any) -> sp.Eq:
    return sp.Eq(lhs, rhs, evaluate=False)


class FiniteSpace:
    """A finite probability space (Ω, 𝒜, P) with exact, possibly symbolic, weights.

    Parameters
    ----------
    weights : mapping outcome -> weight, or iterable of outcomes
        Exact weights (ints, Fractions, SymPy Rationals or expressions in parameters).
        An iterable of outcomes gives the uniform measure.  Floats are converted to
        Rationals with an :class:`~symml.core.errors.ExactnessWarning`.
    constraints : SymPy relation(s) or str
        What the parameters satisfy, e.g. ``[p >= 0, p <= 1]``.
    name : str or SymPy symbol
        The sample space's name (default ``Omega``, printed Ω): a plain name such as
        ``Omega_1`` or a SymPy object; LaTeX is refused (the printer writes the notation).

    Raises
    ------
    InvalidValueError
        When Ω is empty, a weight is negative (for some admissible parameter value), or
        the weights do not sum to 1.

    Examples
    --------
    >>> import sympy as sp
    >>> p = sp.Symbol("p")
    >>> coin = FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1])
    >>> coin.P({"H"}).value
    p
    >>> FiniteSpace({1: sp.Rational(1, 2), 2: sp.Rational(1, 3)})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symml.core.errors.InvalidValueError: the weights sum to 5/6, not 1; divide each weight by 5/6 ...
    """

    def __init__(
        self,
        weights: Mapping[Any, Any] | Iterable[Any],
        constraints: Any = (),
        name: Any = "Omega",
        *,
        _trusted: tuple[Any, ...] | None = None,
    ):
        if _trusted is not None and isinstance(weights, Mapping):
            items = weights.items()  # built by symml from exact weights: read as they are
        elif isinstance(weights, Mapping):
            items = [(o, exact_number(w, f"the weight of outcome {o!r}")) for o, w in weights.items()]
        else:
            if isinstance(weights, (str, bytes)):
                raise InvalidValueError(
                    f"outcomes given as the string {weights!r}; give a list of outcomes or a dict of weights"
                )
            try:
                outcomes = list(weights)
                distinct = len(set(outcomes))
            except TypeError:
                raise InvalidValueError(
                    f"a FiniteSpace needs outcomes (a list of hashable labels) or a dict outcome -> weight, "
                    f"not {weights!r}"
                ) from None
            if distinct != len(outcomes):
                raise InvalidValueError("the outcomes repeat; list each outcome of Ω once")
            items = [(o, sp.Rational(1, len(outcomes)) if outcomes else 0) for o in outcomes]
        if not items:
            raise InvalidValueError("the sample space is empty; give at least one outcome")
        table = dict(items)
        self._weights: Mapping[Any, sp.Expr] = MappingProxyType(table)
        self.outcomes: tuple[Any, ...] = tuple(table)
        self.constraints: tuple[Any, ...] = exact_conditions(constraints)
        self.name = as_label(name, "a sample space")
        if _trusted is not None:
            # built by symml from spaces already checked (products, convolutions): a measure
            # by construction, so the per-weight check (costly for many outcomes) is skipped
            self.requirements: tuple[Any, ...] = _trusted
            self.axioms = Result(
                "the weights define a probability measure",
                Verdict.PROVEN,
                steps=(
                    Step(
                        sp.true,
                        "built from probability measures (product or convolution)",
                        rule="product-measure",
                    ),
                ),
            )
            return
        axioms = check_axioms(self._weights, self.constraints)
        if axioms.verdict is Verdict.REFUTED:
            raise InvalidValueError(axioms.notes[0])
        self.axioms: Result = axioms
        # weights whose sign could not be decided are required, not assumed silently
        self.requirements = tuple(
            w >= 0
            for w in self._weights.values()
            if w.free_symbols
            and not _nonnegative_by_factors(w, self.constraints)
            and decide(w >= 0, self.constraints)[0] is not True
        )

    # --- basic structure -------------------------------------------------------------

    @property
    def weights(self) -> Mapping[Any, sp.Expr]:
        """Outcome -> exact weight ℙ({ω})."""
        return self._weights

    @property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        """The symbols in the weights and constraints."""
        return parameters_of([*self._weights.values(), *self.constraints])

    @property
    def admissible(self) -> Any:
        """The parameters' admissible region: the constraints and the weights' signs."""
        return sp.And(*self.constraints, *self.requirements)

    @property
    def events(self) -> EventSpace:
        """The event space 𝒜 = 2^Ω, lazily."""
        return EventSpace(self)

    @property
    def omega(self) -> Event:
        return Event(self, frozenset(self.outcomes), sp.true)

    @property
    def empty(self) -> Event:
        return Event(self, frozenset(), sp.false)

    def __len__(self) -> int:
        return len(self.outcomes)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.outcomes)

    def __repr__(self) -> str:
        body = ", ".join(f"{o!r}: {w}" for o, w in list(self._weights.items())[:10])
        more = ", …" if len(self.outcomes) > 10 else ""
        return f"FiniteSpace({{{body}{more}}})"

    def __contains__(self, outcome: Any) -> bool:
        return outcome in self._weights

    def where(self, **values: Any) -> FiniteSpace:
        """The space with parameter values substituted, e.g. ``coin.where(p=Rational(1, 3))``."""
        subs = {s: exact_number(values[s.name], s.name) for s in self.parameters if s.name in values}
        unknown = set(values) - {s.name for s in self.parameters}
        if unknown:
            raise InvalidValueError(
                f"unknown parameter(s) {sorted(unknown)}; "
                f"the parameters are {[s.name for s in self.parameters]}"
            )
        for c in self.constraints:
            if as_sympy(c.subs(subs)) is sp.false:
                raise InvalidValueError(f"the values {values} violate the constraint {c}")
        constraints = [c.subs(subs) for c in self.constraints]
        return FiniteSpace(
            {o: w.subs(subs) for o, w in self._weights.items()},
            [c for c in constraints if c is not sp.true],
            self.name,
        )

    # --- events ----------------------------------------------------------------------

    def event(self, spec: Any, name: Any = "") -> Event:
        """An event of this space from a set/list of outcomes, a predicate, or an Event.

        Raises
        ------
        InvalidValueError
            When an outcome is not in Ω, or the event belongs to another space.
        """
        if hasattr(spec, "on_space"):  # an event of random variables defined on this space
            return spec.on_space(self, name)
        if isinstance(spec, Event):
            if spec.space is not self:
                raise InvalidValueError(
                    "the event belongs to another probability space; build it from this one"
                )
            return spec.named(name) if has_name(name) else spec
        if callable(spec):
            try:
                chosen = frozenset(o for o in self.outcomes if spec(o))
            except TypeError as exc:
                raise InvalidValueError(f"the predicate failed on an outcome: {exc}") from None
            return Event(self, chosen, name)
        if isinstance(spec, (set, frozenset, list, range)):
            members = list(spec)
            unknown = [o for o in members if o not in self._weights]
            if unknown:
                shown = ", ".join(repr(o) for o in unknown[:3])
                raise InvalidValueError(
                    f"outcome(s) {shown} not in the sample space; an event must be a subset of Ω "
                    f"= {{{', '.join(repr(o) for o in self.outcomes[:8])}{', …' if len(self) > 8 else ''}}}"
                )
            return Event(self, frozenset(members), name)
        raise InvalidValueError(
            f"an event must be a set of outcomes or a predicate (outcome -> bool), not {type(spec).__name__}"
        )

    # --- probabilities ---------------------------------------------------------------

    def _measure(self, event: Event) -> sp.Expr:
        return total_weight([self._weights[o] for o in event.outcomes])

    def measure(self, event: Any) -> sp.Expr:
        """ℙ(A) as a bare exact value (no steps)."""
        return self._measure(self.event(event))

    def P(self, event: Any, given: Any = None) -> Probability:
        """ℙ(A), or ℙ(A | B) = ℙ(A ∩ B) / ℙ(B), exactly and with steps.

        Raises
        ------
        ZeroProbabilityError
            When ℙ(B) = 0 (for every admissible parameter value).  When ℙ(B) = 0 only for
            some parameter values, the result states the condition ℙ(B) > 0.
        """
        a = self.event(event)
        if given is None:
            value = self._measure(a)
            label = ProbabilityOf(a.symbol)
            if len(a.outcomes) > MAX_SHOWN_TERMS:  # a sum of thousands of weights shows nothing
                reason = f"sum of the weights of the {len(a.outcomes)} outcomes in the event"
                return Probability(label, value, (Step(_eq(label, value), reason, rule="sum-of-weights"),))
            terms = [self._weights[o] for o in sorted(a.outcomes, key=sort_key)]
            shown = sp.Add(*terms, evaluate=False) if len(terms) > 1 else (terms[0] if terms else sp.S.Zero)
            steps = [
                Step(
                    _eq(label, shown),
                    "sum of the weights of the outcomes in the event",
                    rule="sum-of-weights",
                )
            ]
            if len(terms) > 1:
                steps.append(Step(_eq(label, value), "add", rule="add"))
            return Probability(label, value, tuple(steps))
        b = self.event(given)
        pb = self._measure(b)
        joint = a & b
        pab = self._measure(joint)
        label = ProbabilityOf(a.symbol, b.symbol)
        if is_zero(pb, self.constraints + self.requirements) is True:
            raise ZeroProbabilityError(
                f"cannot condition on {b!r}: its probability is 0; condition on an event with P(B) > 0"
            )
        positive, _ = decide(pb > 0, self.constraints + self.requirements)
        if positive is False and not (pb.free_symbols):
            raise ZeroProbabilityError(f"cannot condition on {b!r}: P(B) = {pb}")
        condition = sp.true if positive is True else sp.Gt(pb, 0)
        value = sp.factor(sp.cancel(pab / pb))
        steps = (
            Step(
                _eq(label, ProbabilityOf(joint.symbol) / ProbabilityOf(b.symbol)),
                "definition (3.4)",
                rule="conditional-probability",
            ),
            Step(_eq(label, Quotient(pab, pb)), "the two probabilities", rule="substitute"),
            Step(_eq(label, value), "simplify", rule="simplify"),
        )
        return Probability(label, value, steps, condition)

    # --- products --------------------------------------------------------------------

    def __mul__(self, other: FiniteSpace) -> FiniteSpace:
        if not isinstance(other, FiniteSpace):
            return NotImplemented
        return product_space(self, other)

    def __pow__(self, n: int) -> FiniteSpace:
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise InvalidValueError(f"a product space needs a whole number of factors ≥ 1, not {n!r}")
        return product_space(*([self] * n))


def product_space(*spaces: FiniteSpace) -> FiniteSpace:
    """The product of independent experiments: outcomes are tuples, weights multiply.

    Refuses (``LimitExceededError``) products with more than ``symml.limits.max_outcomes`` outcomes;
    for sums and other functions of many repetitions use random variables and ``iid_sum``.

    Parameters
    ----------
    *spaces : FiniteSpace
        The factors, at least one (else ``InvalidValueError``).  ``A * B`` and ``A ** n``
        are shorthands.

    Returns
    -------
    FiniteSpace
        Outcomes are tuples (ω₁, …, ωₖ) with weight ℙ₁({ω₁}) ⋯ ℙₖ({ωₖ}); constraints on
        parameters are carried over.

    Examples
    --------
    Two dice: 36 equally likely pairs; the faces sum to 7 with probability 1/6.

    >>> from symml.probability import FiniteSpace
    >>> die = FiniteSpace(range(1, 7))
    >>> two = product_space(die, die)
    >>> len(two), two.P(lambda w: w[0] + w[1] == 7).value
    (36, 1/6)
    """
    if not spaces:
        raise InvalidValueError("a product space needs at least one factor")
    size = math.prod(len(s) for s in spaces)
    limits.check("max_outcomes", size, "the product space (use iid_sum instead of enumerating it); it")
    outcomes = itertools.product(*(s.outcomes for s in spaces))
    if all(len(set(s.weights.values())) == 1 for s in spaces):  # uniform factors: one weight
        weights = dict.fromkeys(outcomes, sp.Mul(*(s.weights[s.outcomes[0]] for s in spaces)))
    else:
        weights = {}
        products: dict[tuple[int, ...], Any] = {}  # few distinct weight combinations: multiply each once
        for outcome, combo in zip(outcomes, itertools.product(*(tuple(s.weights.values()) for s in spaces))):
            key = tuple(map(id, combo))  # the weights stay alive: ids are stable here
            w = products.get(key)
            if w is None:
                w = products[key] = sp.Mul(*combo)
            weights[outcome] = w
    constraints = tuple(dict.fromkeys(c for s in spaces for c in s.constraints))
    names = [s.name for s in spaces]  # Omega**2 for two copies of one space, else their product
    name = sp.Pow(names[0], len(names)) if len(set(names)) == 1 else sp.Mul(*names, evaluate=False)
    requirements = tuple(dict.fromkeys(r for s in spaces for r in s.requirements))
    return FiniteSpace(weights, constraints, name, _trusted=requirements)


def _nonnegative_by_factors(w: sp.Expr, constraints: tuple[Any, ...]) -> bool:
    """w = c · Π fᵢ^kᵢ with c > 0 and each fᵢ^kᵢ ≥ 0 (even power, or fᵢ ≥ 0 proven): cheap for
    products such as C(n, k) p^k (1 − p)^(n − k), whose expanded sign test is costly."""
    if not w.free_symbols:
        return False
    coeff, factors = sp.factor_list(w)
    sign = 1 if coeff > 0 else -1  # factor_list writes 1 - p as -(p - 1): track the sign
    for f, k in factors:
        if k % 2 == 0:
            continue
        if decide(f >= 0, constraints)[0] is True:
            continue
        if decide(-f >= 0, constraints)[0] is True:
            sign = -sign
            continue
        return False
    return coeff != 0 and sign > 0


def check_axioms(weights: Mapping[Any, Any], constraints: Any = ()) -> Result:
    """Check the axioms of a probability measure on a finite Ω: weights ≥ 0 and summing to 1.

    Returns a :class:`~symml.core.results.Result`: ``proven`` (with a step per weight and
    the sum), ``refuted`` (the witness names the outcome and, for symbolic weights, a
    parameter value where it is negative; ``notes[0]`` is the error message), or
    ``undecided`` (a weight's sign depends on several parameters).

    Parameters
    ----------
    weights : mapping outcome -> weight
        Exact weights (numbers or expressions in parameters; floats are converted with an
        ``ExactnessWarning``, strings parsed safely).  A weight that is not a number raises
        ``InvalidValueError``.
    constraints : SymPy relation(s) or str, optional
        What the parameters satisfy, e.g. ``[p >= 0, p <= 1]``.

    Returns
    -------
    Result
        ``.verdict`` (``proven``/``refuted``/``undecided``), ``.steps`` (one per weight,
        then the sum), ``.witness`` for a refutation and ``.notes``.

    Examples
    --------
    >>> check_axioms({"a": 1, "b": -1, "c": 1}).verdict.value
    'refuted'

    Weights that sum to 5/6 are refuted with the sum as witness:

    >>> import sympy as sp
    >>> r = check_axioms({1: sp.Rational(1, 2), 2: sp.Rational(1, 3)})
    >>> r.verdict.value, r.witness["sum"]
    ('refuted', 5/6)

    A p-coin is a probability measure exactly when 0 ≤ p ≤ 1:

    >>> p = sp.Symbol("p")
    >>> check_axioms({"H": p, "T": 1 - p}, [p >= 0, p <= 1]).verdict.value
    'proven'
    >>> r = check_axioms({"H": p, "T": 1 - p})
    >>> r.verdict.value, r.witness["weight"] < 0
    ('refuted', True)
    """
    ws = {o: exact_number(w, f"the weight of outcome {o!r}") for o, w in weights.items()}
    cons = exact_conditions(constraints)
    claim = "the weights define a probability measure"
    if not ws:
        return Result(
            claim,
            Verdict.REFUTED,
            witness=Witness({"Omega": sp.EmptySet}),
            notes=("the sample space is empty; give at least one outcome",),
        )
    steps: list[Step] = []
    undecided: list[str] = []
    for o, w in ws.items():
        ok, point = (True, {}) if _nonnegative_by_factors(w, cons) else decide(w >= 0, cons)
        if ok is False:
            where = f" at {', '.join(f'{k} = {v}' for k, v in point.items())}" if point else ""
            value = w.subs(point) if point else w
            msg = (
                f"the weight of outcome {o!r} is {value}{where}, which is negative; "
                "weights must be non-negative"
                + ("" if not point else " (add a constraint on the parameters that excludes this)")
            )
            values = {"weight": value, **{str(k): v for k, v in point.items()}}
            return Result(claim, Verdict.REFUTED, witness=Witness(values, sp.Lt(value, 0)), notes=(msg,))
        if ok is None:
            undecided.append(f"the sign of the weight {w} of {o!r} was not decided from the constraints")
        else:
            steps.append(
                Step(
                    sp.GreaterThan(w, 0, evaluate=False),
                    f"weight of {o!r} is non-negative",
                    rule="non-negative-weight",
                )
            )
    total = exact_sum(ws.values())
    sums_to_one = is_zero(total - 1, cons)
    if sums_to_one is None:
        undecided.append(f"the sum of the weights, {total}, was not shown to be 1")
    elif sums_to_one is False:
        msg = (
            f"the weights sum to {total}, not 1; divide each weight by {total} (or add the missing outcomes)"
        )
        witness = Witness({"sum": total}, sp.Ne(total, 1, evaluate=False))
        return Result(claim, Verdict.REFUTED, witness=witness, notes=(msg,))
    steps.append(
        Step(
            _eq(sp.Add(*ws.values(), evaluate=False) if len(ws) > 1 else next(iter(ws.values())), 1),
            "the weights sum to 1",
            rule="sum-to-one",
        )
    )
    if undecided:
        return Result(claim, Verdict.UNDECIDED, notes=tuple(undecided))
    return Result(claim, Verdict.PROVEN, steps=tuple(steps))
