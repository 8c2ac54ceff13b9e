"""Hypothesis strategies for finite probability: spaces, events and random variables.

Public through :mod:`symml.strategies`; the names and keyword options are stable.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy as sp
from hypothesis import strategies as st

from symml.probability.rv import FiniteRV
from symml.probability.spaces import Event, FiniteSpace

__all__ = [
    "probability_vectors",
    "finite_spaces",
    "events",
    "random_variables",
    "independent_sources",
    "random_variable_expressions",
    "RVExpression",
]


@st.composite
def probability_vectors(draw: Any, *, min_size: int = 1, max_size: int = 6, allow_zero: bool = True) -> list:
    """Lists of exact Rationals that are non-negative and sum to 1.

    Drawn as positive integer counts (0 allowed when ``allow_zero``) divided by their total.

    >>> from hypothesis import given
    >>> @given(probability_vectors(max_size=3))
    ... def test(v):
    ...     assert sum(v) == 1
    >>> test()
    """
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    counts = draw(
        st.lists(st.integers(min_value=0 if allow_zero else 1, max_value=12), min_size=n, max_size=n)
    )
    if sum(counts) == 0:
        counts[0] = 1
    total = sum(counts)
    return [sp.Rational(c, total) for c in counts]


@st.composite
def finite_spaces(draw: Any, *, min_size: int = 1, max_size: int = 6, allow_zero: bool = True) -> FiniteSpace:
    """Finite probability spaces with outcomes 0, 1, …, n−1 and exact rational weights.

    Weights come from :func:`probability_vectors` (so zero-probability outcomes occur when
    ``allow_zero``).

    >>> from hypothesis import given
    >>> @given(finite_spaces(max_size=4))
    ... def test(space):
    ...     assert sum(space.weights.values()) == 1
    >>> test()
    """
    weights = draw(probability_vectors(min_size=min_size, max_size=max_size, allow_zero=allow_zero))
    return FiniteSpace(dict(enumerate(weights)))


@st.composite
def events(draw: Any, space: FiniteSpace, *, name: str = "") -> Event:
    """Events (subsets of Ω) of a given space, each outcome in or out at random.

    >>> from hypothesis import given
    >>> from symml.probability import FiniteSpace
    >>> S = FiniteSpace(range(4))
    >>> @given(events(S))
    ... def test(A):
    ...     assert set(A) <= set(S.outcomes)
    >>> test()
    """
    chosen = draw(st.lists(st.sampled_from(space.outcomes), unique=True, max_size=len(space.outcomes)))
    return space.event(set(chosen), name=name)


@st.composite
def random_variables(
    draw: Any, *, space: FiniteSpace | None = None, max_size: int = 5, min_value: int = -4, max_value: int = 6
) -> FiniteRV:
    """Integer-valued finite random variables: on a given space, or with a random pmf.

    Without ``space`` the pmf has up to ``max_size`` distinct integer values in
    [min_value, max_value] with rational probabilities; with ``space`` each outcome gets an
    integer value (values may repeat).

    >>> from hypothesis import given
    >>> @given(random_variables())
    ... def test(X):
    ...     assert sum(X.pmf.values()) == 1
    >>> test()
    """
    if space is not None:
        values = draw(
            st.lists(
                st.integers(min_value=min_value, max_value=max_value),
                min_size=len(space.outcomes),
                max_size=len(space.outcomes),
            )
        )
        return FiniteRV.on(space, dict(zip(space.outcomes, values)))
    values = draw(
        st.lists(
            st.integers(min_value=min_value, max_value=max_value), min_size=1, max_size=max_size, unique=True
        )
    )
    probs = draw(probability_vectors(min_size=len(values), max_size=len(values)))
    return FiniteRV(dict(zip(values, probs)))


# --- dependent random variables on a few independent sources ---------------------------------


@st.composite
def independent_sources(
    draw: Any, *, min_size: int = 2, max_size: int = 3, max_sides: int = 4, dice_only: bool = False
) -> tuple[FiniteRV, ...]:
    """Tuples of independent random variables: fair dice, or small integer pmfs.

    Each source is ``Die(k)`` with 2 ≤ k ≤ ``max_sides``, or (unless ``dice_only``) a
    :func:`random_variables` pmf with up to 3 values in [-2, 3], zero probabilities allowed.
    Every element is a new, independent source (like a new die).

    >>> from hypothesis import given
    >>> from symml.probability import independent
    >>> @given(independent_sources(min_size=2, max_size=2))
    ... def test(pair):
    ...     assert independent(*pair).verdict.value == "proven"
    >>> test()
    """
    from symml.probability.families import Die

    n = draw(st.integers(min_value=min_size, max_value=max_size))
    out = []
    for i in range(n):
        if dice_only or draw(st.booleans()):
            out.append(Die(draw(st.integers(min_value=2, max_value=max_sides)), name=f"X_{i}"))
        else:
            X = draw(random_variables(max_size=3, min_value=-2, max_value=3))
            X.name = f"X_{i}"
            out.append(X)
    return tuple(out)


@dataclass(frozen=True)
class RVExpression:
    """A random variable built from independent sources, with a plain reference.

    ``rv`` is the symml random variable; ``value(faces)`` computes its value directly from
    one outcome of each source (``faces[i]`` is the value of ``sources[i]``), and
    ``conditions`` are the events (functions of the faces) whose conditional space it lives
    on (``X.given(B)``).  :meth:`reference_law` enumerates the sources by brute force.
    """

    rv: FiniteRV
    sources: tuple[FiniteRV, ...]
    value: Callable[[tuple[Any, ...]], Any]
    conditions: tuple[Callable[[tuple[Any, ...]], bool], ...] = ()
    text: str = ""

    def __repr__(self) -> str:
        return f"RVExpression({self.text})"

    def reference_law(self, *others: RVExpression) -> dict[Any, Any]:
        """The exact law of ``rv`` (or of the tuple (rv, *others)) by enumerating every
        outcome of the sources, restricted to the conditions and renormalised.

        Raises ``ZeroDivisionError`` when the conditions have probability 0.
        """
        exprs = (self, *others)
        conditions = tuple(dict.fromkeys(c for e in exprs for c in e.conditions))
        acc: dict[Any, Any] = {}
        total = sp.S.Zero
        for combo in itertools.product(*(X.pmf.items() for X in self.sources)):
            faces = tuple(v for v, _ in combo)
            if not all(c(faces) for c in conditions):
                continue
            w = sp.Mul(*(w for _, w in combo))
            key = exprs[0].value(faces) if not others else tuple(e.value(faces) for e in exprs)
            acc[key] = acc.get(key, 0) + w
            total += w
        if total == 0:
            raise ZeroDivisionError("the conditions have probability 0")
        return {k: w / total for k, w in acc.items() if w != 0}


_FUNCTIONS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("abs", abs),
    ("square", lambda v: v**2),
    ("parity", lambda v: v % 2),
)
_BINARY: tuple[tuple[str, Callable[[Any, Any], Any], str], ...] = (
    ("+", operator.add, "__add__"),
    ("-", operator.sub, "__sub__"),
    ("*", operator.mul, "__mul__"),
    ("max", lambda a, b: max(a, b), "maximum"),
    ("min", lambda a, b: min(a, b), "minimum"),
)
_COMPARISONS: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
    ("<", operator.lt, "__lt__"),
    ("<=", operator.le, "__le__"),
    ("==", operator.eq, "eq"),
    ("!=", operator.ne, "ne"),
)


@st.composite
def random_variable_expressions(
    draw: Any,
    sources: tuple[FiniteRV, ...],
    *,
    max_depth: int = 3,
    comparisons: bool = True,
    conditioning: bool = True,
) -> RVExpression:
    """Random variables built from the given sources, sharing them in arbitrary ways.

    Drawn recursively (depth ≤ ``max_depth``) from the sources with +, −, ·, max, min,
    integer affine maps a·X + b, the functions |v|, v² and v mod 2, indicators of
    comparisons X < Y, X ≤ Y, X = Y, X ≠ Y (with ``comparisons``) and conditioning
    ``X.given(Y < Z)`` on an event of positive probability (with ``conditioning``).  Each
    result carries a plain-Python reference of the same function of the sources.

    >>> from hypothesis import given, strategies as st
    >>> from symml.probability import Die, E
    >>> dice = (Die(3), Die(3))
    >>> @given(random_variable_expressions(dice, conditioning=False))
    ... def test(expr):
    ...     law = expr.reference_law()
    ...     assert E(expr.rv) == sum(v * w for v, w in law.items())
    >>> test()
    """
    return draw(_expression(sources, max_depth, comparisons, conditioning))


@st.composite
def _expression(draw: Any, sources: tuple, depth: int, comparisons: bool, conditioning: bool) -> RVExpression:
    kinds = ["source"] if depth <= 0 else ["source", "binary", "binary", "affine", "function"]
    if depth > 0 and comparisons:
        kinds.append("indicator")
    if depth > 0 and conditioning:
        kinds.append("given")
    kind = draw(st.sampled_from(kinds))
    sub = _expression(sources, depth - 1, comparisons, conditioning)
    if kind == "source":
        i = draw(st.integers(min_value=0, max_value=len(sources) - 1))
        return RVExpression(sources[i], sources, lambda f, i=i: f[i], (), f"X{i}")
    if kind == "binary":
        name, fn, method = draw(st.sampled_from(_BINARY))
        a, b = draw(sub), draw(sub)
        rv = getattr(a.rv, method)(b.rv)
        return _derived(
            rv, sources, lambda f: fn(a.value(f), b.value(f)), (a, b), f"({a.text} {name} {b.text})"
        )
    if kind == "affine":
        a = draw(sub)
        scale = draw(st.integers(min_value=-3, max_value=3).filter(bool))
        shift = draw(st.integers(min_value=-3, max_value=3))
        rv = scale * a.rv + shift
        return _derived(
            rv, sources, lambda f: scale * a.value(f) + shift, (a,), f"({scale}*{a.text} + {shift})"
        )
    if kind == "function":
        name, fn = draw(st.sampled_from(_FUNCTIONS))
        a = draw(sub)
        return _derived(a.rv.apply(fn), sources, lambda f: fn(a.value(f)), (a,), f"{name}({a.text})")
    name, test, method = draw(st.sampled_from(_COMPARISONS))
    a, b = draw(sub), draw(sub)
    event = getattr(a.rv, method)(b.rv)
    holds = _holds(a, b, test)
    if kind == "indicator":
        text = f"1[{a.text} {name} {b.text}]"
        return _derived(event.indicator(), sources, lambda f: int(holds(f)), (a, b), text)
    c = draw(sub)
    reference = RVExpression(c.rv, sources, c.value, (*c.conditions, *a.conditions, *b.conditions, holds))
    try:
        reference.reference_law()
    except ZeroDivisionError:
        return c  # the event has probability 0 (given the other conditions): no conditioning
    return RVExpression(
        c.rv.given(event), sources, c.value, reference.conditions, f"({c.text} | {a.text} {name} {b.text})"
    )


def _holds(a: RVExpression, b: RVExpression, test: Callable[[Any, Any], bool]) -> Callable[[tuple], bool]:
    return lambda f: bool(test(a.value(f), b.value(f)))


def _derived(rv: FiniteRV, sources: tuple, value: Callable, parts: tuple, text: str) -> RVExpression:
    conditions = tuple(dict.fromkeys(c for p in parts for c in p.conditions))
    return RVExpression(rv, sources, value, conditions, text)
