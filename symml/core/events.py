"""Events, random-variable names and probabilities as SymPy objects (printed by the one printer).

An event's *label* is a SymPy boolean about the outcome: a name (``Symbol("A")``), a
relation of random-variable symbols (``Eq(X, 6)``, ``X + Y >= 10``), a set of outcomes
(``Contains(omega, {1, 2, 3})``), ``true`` for Ω and ``false`` for ∅, and their ``And``
(∩), ``Or`` (∪) and ``Not`` (complement).  :class:`ProbabilityOf` is the unevaluated
ℙ(A) or ℙ(A | B).  The LaTeX printer writes them as the notes do (``\\mathbb{P}(X = 6)``,
``\\mathbb{P}(A \\mid B)``, ``\\{1, 2, 3\\}``); ``str()`` of a result reads ``P(X = 6)``;
the JSON form (plain ``str`` of the object) reads back through
:func:`symml.core.parsing.parse_value` to an equal object.

>>> import sympy as sp
>>> X, A, B = sp.symbols("X A B")
>>> str(ProbabilityOf(sp.Eq(X, 6))), str(ProbabilityOf(A | B, A))
('P(Eq(X, 6))', 'P((A or B) | A)')
>>> str(outcomes_label([3, 1, 2]))
'Contains(omega, {1, 2, 3})'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.logic.boolalg import Boolean, BooleanAtom

from symml.core.errors import InvalidValueError

__all__ = [
    "OMEGA",
    "ProbabilityOf",
    "Quotient",
    "Indicator",
    "Conditioned",
    "outcomes_label",
    "event_outcomes",
    "as_label",
    "outcome",
]

#: The outcome ω of a set-of-outcomes label ``Contains(omega, {...})``.
OMEGA = sp.Symbol("omega")

#: A name of an event or a random variable: letters, digits and ``_`` (``A``, ``H_1``, ``S_3``).
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def _basic(arg: Any) -> sp.Basic:
    # sp.Function would sympify (eval) strings: SymPy objects, numbers and tuples only
    if isinstance(arg, sp.Basic):
        return arg
    if isinstance(arg, tuple):
        return sp.Tuple(*map(_basic, arg))
    if isinstance(arg, (bool, int)):
        return sp.Integer(int(arg))
    if isinstance(arg, Fraction):
        return sp.Rational(arg.numerator, arg.denominator)
    raise InvalidValueError(f"give a SymPy object (an event label, a number), not {arg!r}")


class _Named(sp.Function):
    """An unevaluated function of SymPy objects (strings are refused, never sympified).

    A number, whatever its arguments (events are booleans, which SymPy does not call
    commutative): so ℙ(A ∩ B)/ℙ(B) is a fraction, not a product with a power -1.
    """

    is_commutative = True

    def __new__(cls, *args: Any, **options: Any) -> Any:
        return super().__new__(cls, *map(_basic, args), **options)

    @classmethod
    def eval(cls, *args: Any) -> None:
        return None


class ProbabilityOf(_Named):
    """ℙ(A) or ℙ(A | B) inside an equation: A and B are event labels (SymPy booleans).

    Never evaluates: it names a probability.  ``str()`` (the JSON form) is ``P(A)`` or
    ``P(A | B)``, with each side in parentheses when it is not a single name, set or call.
    """

    nargs = (1, 2)

    @property
    def event(self) -> Any:
        return self.args[0]

    @property
    def given(self) -> Any:
        return self.args[1] if len(self.args) == 2 else None

    def _sympystr(self, printer: Any) -> str:
        human = getattr(printer, "_print_ProbabilityOf", None)
        if human is not None:  # the text printer (str() of results) has its own reading
            return human(self)
        if self.given is None:
            return f"P({event_str(self.event, printer)})"
        return f"P({_wrapped(self.event, printer)} | {_wrapped(self.given, printer)})"


def event_str(label: Any, printer: Any) -> str:
    """An event label as parsable text: ``or``/``&``/``~`` (``|`` is the conditional bar),
    a set of outcomes as ``{1, 2}``."""
    if isinstance(label, sp.Or):
        return " or ".join(_wrapped(a, printer) for a in label.args)
    if isinstance(label, sp.And):
        return " & ".join(_wrapped(a, printer) for a in label.args)
    if isinstance(label, sp.Not):
        return "~" + _wrapped(label.args[0], printer)
    if _is_outcome_set(label):
        return printer._print(label.args[1])
    return printer._print(label)


def _wrapped(label: Any, printer: Any) -> str:
    text = event_str(label, printer)
    atomic = isinstance(label, (sp.Symbol, BooleanAtom, sp.Equality, sp.Unequality)) or _is_outcome_set(label)
    return text if atomic else f"({text})"


def _is_outcome_set(label: Any) -> bool:
    return isinstance(label, sp.Contains) and label.args[0] == OMEGA


def event_outcomes(label: Any) -> sp.Set | None:
    """The set of a set-of-outcomes label ``Contains(omega, S)``, else ``None``."""
    return label.args[1] if _is_outcome_set(label) else None


class Quotient(_Named):
    """An unevaluated quotient a/b shown as a fraction in a step (e.g. (1/6)/(1/2))."""

    nargs = 2

    def doit(self, **hints: Any) -> Any:
        return self.args[0] / self.args[1]

    def _eval_simplify(self, **kwargs: Any) -> Any:
        return sp.cancel(self.args[0] / self.args[1])

    def _sympystr(self, printer: Any) -> str:
        return f"({printer._print(self.args[0])})/({printer._print(self.args[1])})"


class Indicator(_Named):
    """The indicator variable 1_A of an event A (printed as a bold 1 with A below)."""

    nargs = 1


class Conditioned(_Named):
    """The name of a random variable X conditioned on an event B (printed X | B)."""

    nargs = 2


def outcome(value: Any) -> sp.Basic:
    """One outcome as a SymPy object: numbers as numbers, tuples as ``Tuple``, a label
    such as ``"H"`` (or any other object, by its text) as the name ``H``."""
    if isinstance(value, tuple):
        return sp.Tuple(*map(outcome, value))
    if isinstance(value, str):
        return sp.Symbol(value)
    if isinstance(value, (sp.Basic, bool, int, Fraction)):
        return _basic(value)
    return sp.Symbol(str(value))  # any other label (an object of the user's) by its text


def outcomes_label(outcomes: Iterable[Any], everything: bool = False) -> Boolean:
    """The label of the event made of ``outcomes``: ∅ (``false``), Ω (``true`` when
    ``everything``) or ``Contains(omega, {...})``."""
    items = list(outcomes)
    if everything:
        return sp.true
    if not items:
        return sp.false
    return sp.Contains(OMEGA, sp.FiniteSet(*map(outcome, items)), evaluate=False)


def as_label(name: Any, what: str = "an event") -> Any:
    """A user's name for an event or a random variable as a SymPy object.

    A string must be a plain name (``A``, ``H_1``, ``S_3``: letters, digits, ``_``); LaTeX
    is refused (the printer writes the notation).  SymPy objects are kept.
    """
    if isinstance(name, sp.Basic):
        return name
    if isinstance(name, str) and _NAME.match(name):
        return sp.Symbol(name)
    raise InvalidValueError(
        f"the name of {what} is a plain name such as A, H_1 or X (letters, digits and _), "
        f"or a SymPy object; got {name!r}"
    )
