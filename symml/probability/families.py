"""The named families of finite random variables: Die, Coin, Bernoulli, Binomial,
Categorical, discrete Uniform, Hypergeometric and (censored) Geometric.

Parameters may be exact numbers or symbols; a symbolic probability ``p`` gets the
constraint ``0 <= p <= 1`` automatically, and a number outside [0, 1] is an error.

>>> import sympy as sp
>>> from symml.probability import E, Var
>>> p = sp.Symbol("p")
>>> X = Binomial(4, p)
>>> E(X), Var(X)
(4*p, 4*p*(1 - p))
>>> Die(6).pmf[3]
1/6
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError
from symml.core.limits import limits
from symml.probability._exact import exact_number
from symml.probability.rv import FiniteRV, trusted_rv

__all__ = [
    "Die",
    "Coin",
    "Bernoulli",
    "Binomial",
    "Categorical",
    "Uniform",
    "DiscreteUniform",
    "Hypergeometric",
    "Geometric",
]


def _probability(p: Any, what: str = "p") -> tuple[sp.Expr, list[Any]]:
    """An exact probability parameter and its constraints (0 <= p <= 1 for a symbol)."""
    value = exact_number(p, f"the probability {what}")
    if value.free_symbols:
        return value, [value >= 0, value <= 1]
    if not (0 <= value <= 1):
        raise InvalidValueError(f"the probability {what} = {value} is outside [0, 1]; give a value in [0, 1]")
    return value, []


def _count(n: Any, what: str, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, sp.Integer)) or int(n) < minimum:
        raise InvalidValueError(f"{what} must be a whole number ≥ {minimum}, not {n!r}")
    return int(n)


def _support(size: int, bits: int, what: str) -> None:
    """Refuse, before building it, a distribution too large for the limits (``symml.limits``)."""
    limits.check("max_support", size, f"{what} (its values)")
    limits.check("max_coefficient_bits", size * bits, f"{what} (bits of its exact probabilities)")


def _bits(p: sp.Expr) -> int:
    return abs(p.p).bit_length() + p.q.bit_length() if p.is_Rational else 64


def Die(sides: int = 6, name: str = "X") -> FiniteRV:
    """A fair die with faces 1, …, sides (each with probability 1/sides).

    Parameters
    ----------
    sides : int, default 6
        The number of faces, a whole number ≥ 1; anything else raises
        ``InvalidValueError``.  A die too large for ``symml.limits.max_support`` raises
        ``LimitExceededError``.
    name : str, default "X"
        The variable's name in printed formulas (LaTeX).

    Returns
    -------
    FiniteRV
        A new independent source: two calls give two independent dice.

    Examples
    --------
    The fair die of the notes, Ω = {1, …, 6}: E[X] = 7/2 and Var[X] = 35/12.

    >>> from symml.probability import E, P, Var
    >>> X = Die(6)
    >>> X.pmf[3], E(X), Var(X)
    (1/6, 7/2, 35/12)

    Two dice are independent; the first shows more than the second with probability 5/12:

    >>> Y = Die(6)
    >>> P(X > Y).value
    5/12
    """
    n = _count(sides, "the number of sides")
    _support(n, n.bit_length(), f"Die({n})")
    return FiniteRV({k: sp.Rational(1, n) for k in range(1, n + 1)}, name=name)


_HALF = sp.Rational(1, 2)


def Coin(p: Any = _HALF, name: str = "C") -> FiniteRV:
    """A coin showing "H" with probability p and "T" with 1 − p (labels, not numbers).

    Use ``Coin(p).indicator("H")`` for the number of heads (a Bernoulli variable).

    Parameters
    ----------
    p : number or SymPy expression, default 1/2
        The probability of heads: an exact number in [0, 1] (a float is converted to a
        Rational with an ``ExactnessWarning``), or a symbol, which then gets the
        constraints ``0 <= p <= 1``.  A number outside [0, 1] raises ``InvalidValueError``.
    name : str, default "C"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A variable with the labels ``"H"`` and ``"T"`` as values (so ``E`` and ``Var``
        refuse it; use ``.indicator("H")``).

    Examples
    --------
    >>> import sympy as sp
    >>> from symml.probability import E, P
    >>> C = Coin()
    >>> C.pmf
    {'H': 1/2, 'T': 1/2}
    >>> p = sp.Symbol("p")
    >>> P(Coin(p).eq("T")).value, E(Coin(p).indicator("H"))
    (1 - p, p)
    """
    value, constraints = _probability(p)
    if not value.free_symbols:
        return FiniteRV({"H": value, "T": 1 - value}, name=name)
    # a measure by construction under 0 <= p <= 1: no sign check of each weight
    return trusted_rv(lambda: {"H": value, "T": 1 - value}, None, constraints, name)


def Bernoulli(p: Any, succ: Any = 1, fail: Any = 0, name: str = "X") -> FiniteRV:
    """Bernoulli(p): ``succ`` (default 1) with probability p, ``fail`` (default 0) with 1 − p.

    Parameters
    ----------
    p : number or SymPy expression
        The probability of ``succ``: an exact number in [0, 1], or a symbol (constrained
        to ``0 <= p <= 1``).  A number outside [0, 1] raises ``InvalidValueError``.
    succ, fail : number or label, default 1 and 0
        The two values; they must differ (``InvalidValueError``).
    name : str, default "X"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A new independent source with E[X] = fail + p (succ − fail) and
        Var[X] = p (1 − p) (succ − fail)².

    Examples
    --------
    >>> import sympy as sp
    >>> from symml.probability import E, Var
    >>> X = Bernoulli(sp.Rational(1, 3))
    >>> X.pmf, E(X), Var(X)
    ({0: 2/3, 1: 1/3}, 1/3, 2/9)
    >>> p = sp.Symbol("p")
    >>> Var(Bernoulli(p))
    p*(1 - p)
    """
    value, constraints = _probability(p)
    if succ == fail:
        raise InvalidValueError("succ and fail must be different values")
    if not value.free_symbols:
        return FiniteRV({fail: 1 - value, succ: value}, name=name)
    a, b = exact_number(fail, "the value fail"), exact_number(succ, "the value succ")
    moments = (a + value * (b - a), value * (1 - value) * (b - a) ** 2)
    # a measure by construction under 0 <= p <= 1: no sign check of each weight
    return trusted_rv(lambda: {a: 1 - value, b: value}, moments, constraints, name)


def Binomial(n: int, p: Any, name: str = "X") -> FiniteRV:
    """Binomial(n, p): ℙ(X = k) = C(n, k) p^k (1 − p)^(n − k), k = 0, …, n.

    Parameters
    ----------
    n : int
        The number of independent trials, a whole number ≥ 0 (else ``InvalidValueError``).
    p : number or SymPy expression
        The probability of success in each trial: an exact number in [0, 1], or a symbol
        (constrained to ``0 <= p <= 1``).  A number outside [0, 1] raises
        ``InvalidValueError``.
    name : str, default "X"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A new independent source; E[X] = np and Var[X] = np(1 − p) are known without
        its pmf, which is built only when asked for.

    Examples
    --------
    The number of heads in four fair coin flips:

    >>> import sympy as sp
    >>> from symml.probability import E, Var
    >>> X = Binomial(4, sp.Rational(1, 2))
    >>> X.pmf
    {0: 1/16, 1: 1/4, 2: 3/8, 3: 1/4, 4: 1/16}
    >>> E(X), Var(X)
    (2, 1)
    """
    n = _count(n, "the number of trials n", minimum=0)
    value, constraints = _probability(p)

    def weights() -> dict[Any, Any]:
        _support(n + 1, n * (_bits(value) + 1), f"the pmf of Binomial({n}, {value})")
        return {k: sp.binomial(n, k) * value**k * (1 - value) ** (n - k) for k in range(n + 1)}

    # a measure by the binomial theorem: no weight-by-weight check (slow for large n)
    return trusted_rv(weights, (n * value, n * value * (1 - value)), constraints, name)


def Categorical(
    probabilities: Mapping[Any, Any] | Iterable[Any], constraints: Any = (), name: str = "X"
) -> FiniteRV:
    """A categorical variable: a dict category -> probability, or a list (categories 0, 1, …).

    Parameters
    ----------
    probabilities : mapping category -> probability, or sequence of probabilities
        Exact probabilities (or expressions in parameters), non-negative and summing to 1;
        otherwise ``InvalidValueError`` says which weight or sum is wrong.  A list gives
        the categories 0, 1, 2, …; categories may be numbers or labels.
    constraints : SymPy relation(s) or str, optional
        What the parameters in the probabilities satisfy, e.g. ``[q >= 0, q <= 1/2]``.
    name : str, default "X"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A new independent source with the given pmf.

    Examples
    --------
    >>> import sympy as sp
    >>> from symml.probability import P
    >>> half, third, sixth = sp.Rational(1, 2), sp.Rational(1, 3), sp.Rational(1, 6)
    >>> weather = Categorical({"rain": sixth, "cloud": third, "sun": half})
    >>> P(weather.ne("rain")).value
    5/6
    >>> Categorical([half, half]).pmf
    {0: 1/2, 1: 1/2}
    """
    if isinstance(probabilities, Mapping):
        pmf = dict(probabilities)
    else:
        pmf = dict(enumerate(probabilities))
    return FiniteRV(pmf, constraints, name=name)


def Uniform(values: Iterable[Any], name: str = "X") -> FiniteRV:
    """The discrete uniform distribution on the given (distinct) values.

    Parameters
    ----------
    values : iterable
        The values, each taken with probability 1/len(values): numbers or labels, at least
        one, all distinct (else ``InvalidValueError``).
    name : str, default "X"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A new independent source.  ``DiscreteUniform`` is the same function.

    Examples
    --------
    >>> from symml.probability import E, Var
    >>> X = Uniform([0, 2, 4])
    >>> X.pmf, E(X), Var(X)
    ({0: 1/3, 2: 1/3, 4: 1/3}, 2, 8/3)
    """
    vals = list(values)
    if not vals:
        raise InvalidValueError("Uniform needs at least one value")
    if len(set(vals)) != len(vals):
        raise InvalidValueError("the values of a discrete uniform variable must be distinct")
    return FiniteRV({v: sp.Rational(1, len(vals)) for v in vals}, name=name)


DiscreteUniform = Uniform


def Hypergeometric(N: int, K: int, n: int, name: str = "X") -> FiniteRV:
    """Successes in n draws without replacement from N items of which K are successes.

    ℙ(X = k) = C(K, k) C(N − K, n − k) / C(N, n).

    Parameters
    ----------
    N : int
        The population size, a whole number ≥ 1.
    K : int
        The number of successes in the population, 0 ≤ K ≤ N.
    n : int
        The number of draws, 0 ≤ n ≤ N.  A value out of range (or not a whole number)
        raises ``InvalidValueError``.
    name : str, default "X"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A new independent source on the values max(0, n − (N − K)), …, min(n, K).

    Examples
    --------
    Three draws from 10 items of which 4 are successes: E[X] = nK/N = 6/5.

    >>> from symml.probability import E
    >>> X = Hypergeometric(10, 4, 3)
    >>> X.pmf
    {0: 1/6, 1: 1/2, 2: 3/10, 3: 1/30}
    >>> E(X)
    6/5
    """
    N = _count(N, "the population size N")
    K = _count(K, "the number of successes K", minimum=0)
    n = _count(n, "the number of draws n", minimum=0)
    if K > N or n > N:
        raise InvalidValueError(f"need K ≤ N and n ≤ N (got N = {N}, K = {K}, n = {n})")
    lo, hi = max(0, n - (N - K)), min(n, K)
    _support(hi - lo + 1, 3 * N, f"Hypergeometric({N}, {K}, {n})")
    pmf = {k: sp.binomial(K, k) * sp.binomial(N - K, n - k) / sp.binomial(N, n) for k in range(lo, hi + 1)}
    return FiniteRV(pmf, name=name)


def Geometric(p: Any, limit: int, name: str = "X") -> FiniteRV:
    """The trial of the first success, censored at ``limit``: X = min(T, limit).

    ℙ(X = k) = (1 − p)^(k − 1) p for k < limit, and the closed tail sum
    ℙ(X = limit) = ℙ(T ≥ limit) = (1 − p)^(limit − 1).

    Parameters
    ----------
    p : number or SymPy expression
        The probability of success in each trial: an exact number in [0, 1], or a symbol
        (constrained to ``0 <= p <= 1``).  A number outside [0, 1] raises
        ``InvalidValueError``.
    limit : int
        The censoring limit, a whole number ≥ 1 (the variable is finite: all trials from
        ``limit`` on are lumped into the value ``limit``).
    name : str, default "X"
        The variable's name in printed formulas.

    Returns
    -------
    FiniteRV
        A new independent source on the values 1, …, limit.

    Examples
    --------
    >>> import sympy as sp
    >>> X = Geometric(sp.Rational(1, 2), 4)
    >>> X.pmf
    {1: 1/2, 2: 1/4, 3: 1/8, 4: 1/8}
    """
    value, constraints = _probability(p)
    m = _count(limit, "the censoring limit")
    _support(m, m * _bits(value), f"Geometric censored at {m}")
    pmf = {k: (1 - value) ** (k - 1) * value for k in range(1, m)}
    pmf[m] = (1 - value) ** (m - 1)
    return FiniteRV(pmf, constraints, name=name)
