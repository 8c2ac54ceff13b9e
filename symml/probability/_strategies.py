"""Hypothesis strategies for finite probability: spaces, events and random variables.

Public through :mod:`symml.strategies`; the names and keyword options are stable.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from hypothesis import strategies as st

from symml.probability.rv import FiniteRV
from symml.probability.spaces import Event, FiniteSpace

__all__ = ["probability_vectors", "finite_spaces", "events", "random_variables"]


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
