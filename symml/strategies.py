"""Hypothesis strategies for exact mathematics: rationals, polynomials, expressions, matrices.

Public API, documented like :mod:`hypothesis.strategies`: plural nouns, keyword-only
options, every value exact (SymPy Integers and Rationals, never floats) and small, so that
symbolic work on generated values stays fast.  Matrices are ``ImmutableMatrix``.

>>> from hypothesis import given, settings
>>> from symml.strategies import pd_matrices
>>> @settings(max_examples=10)  # a docstring example, kept quick
... @given(pd_matrices(2))
... def test_positive_determinant(A):
...     assert A.det() > 0
>>> test_positive_determinant()
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp
from hypothesis import strategies as st

from symml.core.errors import InvalidValueError, LimitExceededError
from symml.core.parsing import as_expr, as_symbols

__all__ = [
    "rationals",
    "nonzero_rationals",
    "positive_rationals",
    "variables",
    "polynomials",
    "expressions",
    "matrices",
    "symmetric_matrices",
    "invertible_matrices",
    "psd_matrices",
    "pd_matrices",
    "quadratics",
    # chapter 3 (defined in symml.probability._strategies, loaded on first use)
    "probability_vectors",  # noqa: F822 - provided by __getattr__
    "finite_spaces",  # noqa: F822 - provided by __getattr__
    "events",  # noqa: F822 - provided by __getattr__
    "random_variables",  # noqa: F822 - provided by __getattr__
    "independent_sources",  # noqa: F822 - provided by __getattr__
    "random_variable_expressions",  # noqa: F822 - provided by __getattr__
    "RVExpression",  # noqa: F822 - provided by __getattr__
]

_PROBABILITY = tuple(__all__[__all__.index("probability_vectors") :])  # chapter 3: the tail of __all__


def __getattr__(name: str) -> Any:
    # The probability strategies live beside the code they generate; importing them lazily
    # keeps ``import symml.strategies`` light for the optimisation suites.
    if name in _PROBABILITY:
        from symml.probability import _strategies

        return getattr(_strategies, name)
    raise AttributeError(f"module 'symml.strategies' has no attribute {name!r}")


_NAMES = ("x", "y", "z", "u", "v", "w", "s", "t")


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _bound(value: Any) -> Fraction:
    bound = as_expr(value, what="a bound")
    if not bound.is_Rational:
        raise InvalidValueError(f"a bound of rationals() is a rational number; got {bound}")
    return Fraction(int(bound.p), int(bound.q))


def rationals(
    *,
    min_value: Any = None,
    max_value: Any = None,
    max_denominator: int | None = 12,
) -> st.SearchStrategy[sp.Rational]:
    """Exact SymPy Rationals in ``[min_value, max_value]`` with a bounded denominator.

    Values are drawn by :func:`hypothesis.strategies.fractions` and converted to SymPy
    Rationals, so they shrink towards 0 and small denominators.  ``None`` bounds are
    unbounded (as in Hypothesis).

    Parameters
    ----------
    min_value, max_value : int, Fraction or sympy.Rational, optional
        Inclusive bounds.
    max_denominator : int or None
        Largest denominator (``1`` gives integers); ``None`` leaves it unbounded.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(rationals(min_value=0, max_value=1, max_denominator=4))
    ... def test_unit(q):
    ...     assert 0 <= q <= 1 and q.q in (1, 2, 3, 4)
    >>> test_unit()
    """
    bounds = [None if b is None else _bound(b) for b in (min_value, max_value)]
    return st.fractions(min_value=bounds[0], max_value=bounds[1], max_denominator=max_denominator).map(
        _rational
    )


def nonzero_rationals(
    *,
    min_value: Any = None,
    max_value: Any = None,
    max_denominator: int | None = 12,
) -> st.SearchStrategy[sp.Rational]:
    """Exact nonzero Rationals: :func:`rationals` without 0.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(nonzero_rationals(min_value=-3, max_value=3))
    ... def test_invertible(q):
    ...     assert q * (1 / q) == 1
    >>> test_invertible()
    """
    return rationals(min_value=min_value, max_value=max_value, max_denominator=max_denominator).filter(
        lambda q: q != 0
    )


def positive_rationals(
    *,
    max_value: Any = None,
    max_denominator: int | None = 12,
) -> st.SearchStrategy[sp.Rational]:
    """Exact Rationals strictly greater than 0 (and at most ``max_value``).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(positive_rationals(max_value=10))
    ... def test_log_defined(q):
    ...     assert q > 0
    >>> test_log_defined()
    """
    return rationals(min_value=0, max_value=max_value, max_denominator=max_denominator).filter(
        lambda q: q > 0
    )


def variables(n: int, *, real: bool = True) -> st.SearchStrategy[tuple[sp.Symbol, ...]]:
    """Tuples of ``n`` distinct symbols with names drawn from x, y, z, u, v, w, s, t.

    Parameters
    ----------
    n : int
        How many symbols, 1 to 8.
    real : bool
        ``True`` gives ``Symbol(name, real=True)`` (what the parser makes); ``False``
        gives plain symbols without assumptions, as a user might create them.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(variables(2))
    ... def test_distinct(xs):
    ...     assert len(set(xs)) == 2 and all(v.is_real for v in xs)
    >>> test_distinct()
    """
    if not 1 <= n <= len(_NAMES):
        raise ValueError(f"variables(n) needs 1 <= n <= {len(_NAMES)}, got n = {n}")
    make = (lambda name: sp.Symbol(name, real=True)) if real else sp.Symbol
    return st.permutations(_NAMES).map(lambda names: tuple(make(name) for name in names[:n]))


def _small_rationals() -> st.SearchStrategy[sp.Rational]:
    return rationals(min_value=-6, max_value=6, max_denominator=6)


def _monomials(symbols: Sequence[sp.Symbol], max_degree: int) -> list[sp.Expr]:
    return sorted(
        sp.itermonomials(list(symbols), max_degree),
        key=lambda m: (sp.Poly(m, *symbols).total_degree(), str(m)),
    )


def polynomials(
    variables: Sequence[sp.Symbol],
    *,
    max_degree: int = 3,
    max_terms: int = 4,
    coefficients: st.SearchStrategy[sp.Expr] | None = None,
) -> st.SearchStrategy[sp.Expr]:
    """Polynomials in ``variables`` with exact coefficients, total degree at most ``max_degree``.

    Each polynomial is a sum of up to ``max_terms`` distinct monomials (chosen from all
    monomials of total degree ``<= max_degree``) times coefficients drawn from
    ``coefficients`` (default: rationals in [-6, 6] with denominators up to 6).  Shrinks
    towards 0 and low degrees.

    Examples
    --------
    >>> import sympy
    >>> from hypothesis import given, settings
    >>> x, y = sympy.symbols("x y", real=True)
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(polynomials([x, y], max_degree=2))
    ... def test_degree(p):
    ...     assert p == 0 or sympy.Poly(p, x, y).total_degree() <= 2
    >>> test_degree()
    """
    symbols = tuple(as_symbols(variables))
    if not symbols:
        raise ValueError("polynomials() needs at least one variable")
    monomials = _monomials(symbols, max_degree)
    coefficient = coefficients if coefficients is not None else _small_rationals()
    terms = st.lists(
        st.tuples(st.sampled_from(monomials), coefficient), max_size=max_terms, unique_by=lambda t: t[0]
    )
    return terms.map(lambda ts: sp.Add(*(c * m for m, c in ts)))


def expressions(
    variables: Sequence[sp.Symbol],
    *,
    max_leaves: int = 6,
    functions: bool = True,
) -> st.SearchStrategy[sp.Expr]:
    """Small exact expressions that are defined and real for every real value of ``variables``.

    The grammar: leaves are the variables and small rationals; nodes are ``a + b``,
    ``a*b``, ``a**k`` (k an integer from 2 to 3), ``a/(1 + b**2)``, and, when
    ``functions`` is true, ``exp(a)``, ``log(1 + a**2)``, ``log(1 + exp(a))`` and
    ``sqrt(1 + a**2)``.  Denominators and logarithm arguments are positive by
    construction, so every generated expression is a real-valued function on all of
    ``R^n`` (no division by zero, no log of a non-positive number), and every number in
    it is within ``symml.limits`` (so nested exponentials such as ``exp(exp(12))``, which
    symml refuses as too large to decide, are not drawn).

    Parameters
    ----------
    variables : sequence of Symbol
    max_leaves : int
        Bound on the number of leaves of the expression tree (keeps it small).
    functions : bool
        Allow exp, log and sqrt nodes (otherwise: rational functions only).

    Examples
    --------
    >>> import sympy
    >>> from hypothesis import given, settings
    >>> x = sympy.Symbol("x", real=True)
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(expressions([x], max_leaves=4))
    ... def test_real_at_zero(f):
    ...     assert f.subs(x, 0).is_real
    >>> test_real_at_zero()
    """
    symbols = tuple(variables)
    if not symbols:
        raise ValueError("expressions() needs at least one variable")
    leaves = st.one_of(st.sampled_from(symbols), rationals(min_value=-4, max_value=4, max_denominator=4))

    def extend(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
        nodes = [
            st.tuples(children, children).map(lambda ab: ab[0] + ab[1]),
            st.tuples(children, children).map(lambda ab: ab[0] * ab[1]),
            st.tuples(children, st.integers(2, 3)).map(lambda ak: ak[0] ** ak[1]),
            st.tuples(children, children).map(lambda ab: ab[0] / (1 + ab[1] ** 2)),
        ]
        if functions:
            nodes += [
                children.map(sp.exp),
                children.map(lambda a: sp.log(1 + a**2)),
                children.map(lambda a: sp.log(1 + sp.exp(a))),
                children.map(lambda a: sp.sqrt(1 + a**2)),
            ]
        return st.one_of(nodes)

    return st.recursive(leaves, extend, max_leaves=max_leaves).filter(_within_limits)


def _within_limits(expr: sp.Expr) -> bool:
    """Whether symml accepts ``expr`` (exp(exp(12)) holds a number beyond ``symml.limits``)."""
    try:
        as_expr(expr)
    except LimitExceededError:
        return False
    return True


def matrices(
    rows: int,
    cols: int,
    *,
    elements: st.SearchStrategy[sp.Expr] | None = None,
) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """``rows`` × ``cols`` ImmutableMatrices with entries from ``elements``.

    The default entries are rationals in [-6, 6] with denominators up to 6.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(matrices(2, 3))
    ... def test_shape(M):
    ...     assert M.shape == (2, 3)
    >>> test_shape()
    """
    if rows < 1 or cols < 1:
        raise ValueError(f"matrices() needs rows >= 1 and cols >= 1, got {rows} x {cols}")
    entry = elements if elements is not None else _small_rationals()
    return st.lists(entry, min_size=rows * cols, max_size=rows * cols).map(
        lambda values: sp.ImmutableMatrix(rows, cols, values)
    )


def symmetric_matrices(
    n: int, *, elements: st.SearchStrategy[sp.Expr] | None = None
) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """Symmetric ``n`` × ``n`` matrices: the upper triangle is drawn, then mirrored.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(symmetric_matrices(3))
    ... def test_symmetric(A):
    ...     assert A == A.T
    >>> test_symmetric()
    """
    entry = elements if elements is not None else _small_rationals()
    count = n * (n + 1) // 2

    def fill(values: list[sp.Expr]) -> sp.ImmutableMatrix:
        upper = iter(values)
        M = sp.zeros(n, n)
        for i in range(n):
            for j in range(i, n):
                M[i, j] = M[j, i] = next(upper)
        return sp.ImmutableMatrix(M)

    return st.lists(entry, min_size=count, max_size=count).map(fill)


def invertible_matrices(
    n: int, *, elements: st.SearchStrategy[sp.Expr] | None = None
) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """Invertible ``n`` × ``n`` matrices, invertible by construction: ``P·L·U``.

    ``P`` is a permutation, ``L`` unit lower triangular and ``U`` upper triangular with a
    nonzero diagonal, so ``det = ±∏ U_ii ≠ 0`` without any filtering.  Off-diagonal
    entries come from ``elements`` (default small rationals); diagonal entries of ``U`` are
    nonzero small rationals.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(invertible_matrices(3))
    ... def test_det(A):
    ...     assert A.det() != 0
    >>> test_det()
    """
    entry = elements if elements is not None else _small_rationals()
    pivots = nonzero_rationals(min_value=-4, max_value=4, max_denominator=4)
    off = n * (n - 1) // 2

    def build(parts: tuple[list[int], list[sp.Expr], list[sp.Expr], list[sp.Expr]]) -> sp.ImmutableMatrix:
        order, lower, upper, diagonal = parts
        L, U = sp.eye(n), sp.zeros(n, n)
        lo, up = iter(lower), iter(upper)
        for i in range(n):
            U[i, i] = diagonal[i]
            for j in range(i):
                L[i, j] = next(lo)
            for j in range(i + 1, n):
                U[i, j] = next(up)
        P = sp.Matrix.hstack(*(sp.eye(n)[:, k] for k in order))
        return sp.ImmutableMatrix(P * L * U)

    return st.tuples(
        st.permutations(range(n)),
        st.lists(entry, min_size=off, max_size=off),
        st.lists(entry, min_size=off, max_size=off),
        st.lists(pivots, min_size=n, max_size=n),
    ).map(build)


def psd_matrices(
    n: int, *, rank: int | None = None, elements: st.SearchStrategy[sp.Expr] | None = None
) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """Positive semidefinite ``n`` × ``n`` matrices ``BᵀB`` of a given (or drawn) rank.

    ``B`` is the first ``rank`` rows of an :func:`invertible_matrices` draw, so its rows
    are independent and ``rank(BᵀB) = rank`` exactly.  With ``rank=None`` the rank is
    drawn from 0 to ``n`` (0 gives the zero matrix).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(psd_matrices(2, rank=1))
    ... def test_singular(A):
    ...     assert A.det() == 0 and A.trace() > 0
    >>> test_singular()
    """
    if rank is not None and not 0 <= rank <= n:
        raise ValueError(f"psd_matrices(n={n}) needs 0 <= rank <= n, got rank = {rank}")
    ranks = st.just(rank) if rank is not None else st.integers(0, n)

    def gram(parts: tuple[int, sp.ImmutableMatrix]) -> sp.ImmutableMatrix:
        r, M = parts
        B = M[:r, :]
        return sp.ImmutableMatrix(B.T * B) if r else sp.ImmutableMatrix(sp.zeros(n, n))

    return st.tuples(ranks, invertible_matrices(n, elements=elements)).map(gram)


def pd_matrices(
    n: int, *, elements: st.SearchStrategy[sp.Expr] | None = None
) -> st.SearchStrategy[sp.ImmutableMatrix]:
    """Positive definite ``n`` × ``n`` matrices ``MᵀM`` with ``M`` invertible.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(pd_matrices(2))
    ... def test_pd(A):
    ...     assert A[0, 0] > 0 and A.det() > 0
    >>> test_pd()
    """
    return psd_matrices(n, rank=n, elements=elements)


def quadratics(
    variables: Sequence[sp.Symbol],
    *,
    matrices: st.SearchStrategy[sp.ImmutableMatrix] | None = None,
    vectors: st.SearchStrategy[sp.Expr] | None = None,
) -> st.SearchStrategy[tuple[sp.Expr, sp.ImmutableMatrix, sp.ImmutableMatrix]]:
    """Quadratic functions ``f(x) = ½ xᵀAx − bᵀx`` as triples ``(f, A, b)``.

    ``A`` (symmetric, from ``matrices``; default :func:`symmetric_matrices`) and ``b`` (a
    column with entries from ``vectors``; default small rationals) are returned beside the
    expanded expression ``f``, so tests can compare symml's gradient ``Ax − b`` and
    Hessian ``A`` with the known answer.  Pass ``matrices=pd_matrices(n)`` for strictly
    convex quadratics.

    Examples
    --------
    >>> import sympy
    >>> from hypothesis import given, settings
    >>> x, y = sympy.symbols("x y", real=True)
    >>> @settings(max_examples=10)  # a docstring example, kept quick
    ... @given(quadratics([x, y]))
    ... def test_hessian(q):
    ...     f, A, b = q
    ...     assert sympy.hessian(f, [x, y]) == A
    >>> test_hessian()
    """
    symbols = tuple(as_symbols(variables))
    n = len(symbols)
    if n == 0:
        raise ValueError("quadratics() needs at least one variable")
    x = sp.Matrix(symbols)
    entries = vectors if vectors is not None else _small_rationals()

    def build(
        parts: tuple[sp.ImmutableMatrix, list[sp.Expr]],
    ) -> tuple[sp.Expr, sp.ImmutableMatrix, sp.ImmutableMatrix]:
        A, b_entries = parts
        b = sp.ImmutableMatrix(b_entries)
        f = sp.expand((x.T * A * x)[0, 0] / 2 - (b.T * x)[0, 0])
        return f, A, b

    return st.tuples(
        matrices if matrices is not None else symmetric_matrices(n),
        st.lists(entries, min_size=n, max_size=n),
    ).map(build)
