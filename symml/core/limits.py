"""The budgets of symml: every limit on the work one input may start, in one place.

Exact symbolic work can grow without bound from a short input: ``((x+1)**1000)**1000``
expands to a million terms, ``Die(10**8)`` to a hundred million Rationals, a stationary-point
analysis of 40 squares to 2⁴⁰ subsets.  symml checks the size of such work *before* starting
it and, when a limit would be exceeded, raises :class:`~symml.core.errors.LimitExceededError`
naming the limit and how to raise it.  (Python cannot catch an out-of-memory abort inside the
big-integer library, so checking first is the only safe order.)

Every limit is an attribute of :data:`limits`; change it for the rest of the session or for
one block:

>>> import symml
>>> symml.limits.max_outcomes
1000000
>>> with symml.limits.raised(max_outcomes=10**7):
...     symml.limits.max_outcomes
10000000
>>> symml.limits.max_outcomes
1000000

The defaults keep every request within seconds and well under 3 GB of memory.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from typing import Any

from symml.core.errors import LimitExceededError

__all__ = ["Limits", "limits"]


@dataclasses.dataclass
class Limits:
    """symml's limits; each attribute is documented below (see :data:`limits`)."""

    # -- the parser --------------------------------------------------------------------------
    max_length: int = 10_000
    """Longest accepted input string, in characters."""
    max_depth: int = 100
    """Deepest accepted nesting of brackets, calls, powers and unary operators."""
    max_digits: int = 300
    """Most digits in one number literal (and largest decimal exponent of a float literal)."""
    max_exponent: int = 1000
    """Largest numerator or denominator of a numeric exponent, e.g. ``x**1000``."""
    max_number_bits: int = 14_000
    """Largest size, in bits, of the rational numbers a sum, product or power may compute."""
    max_function_bits: int = 1024
    """Largest size, in bits, of the numbers inside exp, log, sin, … or an irrational exponent."""
    max_min_max_arguments: int = 12
    """Most arguments of ``Max`` and ``Min`` in one input (SymPy compares them pairwise)."""
    max_rounded_bits: int = 256
    """Largest size, in bits, of an irrational number passed to ``floor`` or ``ceiling``."""
    max_degree: int = 1000
    """Highest total degree of a polynomial part of an input once powers are multiplied out
    (``((x+1)**1000)**1000`` has degree 10⁶)."""
    max_tower_height: int = 2
    """Deepest nesting of exp (or powers of E) whose argument is a number: ``exp(exp(3))``
    is fine; ``exp(exp(exp(3)))`` is a number of 10⁸ digits that no sign can be read from."""
    max_root_degree: int = 200
    """Highest degree of the polynomial of an algebraic number ``CRootOf(p, k)`` read back from
    a result's JSON (isolating the roots of a larger one takes long)."""

    # -- analyses ----------------------------------------------------------------------------
    max_variables: int = 12
    """Most variables of one analysis (stationary points, convexity, Hessians)."""
    max_cells: int = 100
    """Most cells of one case split: the product of the pieces of each parameter's line
    (10 parameters with 3 pieces each would be 59 049 analyses)."""
    max_expanded_terms: int = 1500
    """Most terms, once expanded, of the polynomial system an analysis solves (the gradient of
    ``(x+y+z)**40`` has 2460; solving it exactly takes seconds, and the cost grows fast)."""
    max_hessian_terms: int = 200
    """Most terms (once expanded) of a function of several variables whose Hessian minors are
    computed symbolically; larger ones are left to the composition rules and witnesses."""
    max_bezout: int = 24
    """Largest Bézout number (the product of the equations' degrees) of a polynomial system
    handed to SymPy's Gröbner-basis solver (``optima_with_equalities(x + 2*y, [x**4 + y**4 - 1])``
    has 36 and runs for many minutes)."""
    max_subsets: int = 4096
    """Most subsets (of variables or factors) an exhaustive search may visit: 2ⁿ for n items."""

    # -- probability -------------------------------------------------------------------------
    max_outcomes: int = 1_000_000
    """Most outcomes of one product space (uniform factors share one weight: cheap per outcome)."""
    max_support: int = 100_000
    """Most values of one distribution built value by value (a die, a binomial, a geometric)."""
    max_enumeration: int = 2_000_000
    """Most joint outcomes of shared sources enumerated for one law."""
    max_lattice: int = 5_000_000
    """Longest lattice (values a + k·h) convolved with polynomial arithmetic."""
    max_coefficient_bits: int = 30_000_000
    """Most bits of all the integers one exact distribution holds (an iid sum of 10⁵ dice
    needs about 10¹⁰: refused before the big-integer library could abort the process)."""
    max_batches: int = 20_000
    """Most minibatches enumerated exactly by SGD's expectation and variance."""

    def check(self, name: str, size: int, what: str) -> None:
        """Raise :class:`LimitExceededError` when ``size`` exceeds the limit ``name``.

        >>> Limits().check("max_outcomes", 10, "a die with 10 sides")
        >>> Limits().check("max_outcomes", 10**8, "a die with 10**8 sides")
        Traceback (most recent call last):
        ...
        symml.core.errors.LimitExceededError: a die with 10**8 sides needs 100000000 (symml.limits...
        """
        limit = getattr(self, name)
        if size > limit:
            raise LimitExceededError(
                f"{what} needs {size} (symml.limits.{name} is {limit}); raise it with "
                f"symml.limits.{name} = ... if you have the time and memory",
                limit=name,
            )

    @contextlib.contextmanager
    def raised(self, **values: int) -> Iterator[Limits]:
        """Change some limits for one ``with`` block, then restore them."""
        unknown = [k for k in values if not hasattr(self, k)]
        if unknown:
            raise AttributeError(f"symml.limits has no limit {unknown[0]!r}")
        before = {k: getattr(self, k) for k in values}
        try:
            for k, v in values.items():
                setattr(self, k, v)
            yield self
        finally:
            for k, v in before.items():
                setattr(self, k, v)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in {f.name for f in dataclasses.fields(self)}:
            raise AttributeError(f"symml.limits has no limit {name!r}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TypeError(f"symml.limits.{name} must be a nonnegative int, not {value!r}")
        object.__setattr__(self, name, value)


limits = Limits()
"""The limits in force (one object for the whole process)."""
