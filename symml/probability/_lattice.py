"""Distributions on a lattice a + k·h, as integer generating polynomials (private helpers).

The pmf of a random variable whose values lie on a lattice offset + k·step is held as the
coefficients of its generating polynomial Σ ℙ(X = offset + k·step) t^k: Python integers over
one common denominator (multiplied and powered by python-flint), or SymPy expressions when
the probabilities have a parameter.  Sums of independent variables multiply these
polynomials; the sum of n copies raises one to the n-th power.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symml.core.limits import limits
from symml.core.parsing import as_sympy


@dataclass(frozen=True)
class Lattice:
    """A pmf on the lattice offset + k·step (k = 0 … len−1), probabilities coeffs[k] / denom."""

    offset: sp.Rational
    step: sp.Rational
    coeffs: tuple[Any, ...]  # Python ints (denom > 0) or SymPy expressions (denom == 1)
    denom: int

    @property
    def integral(self) -> bool:
        return all(isinstance(c, int) for c in self.coeffs)

    def prob(self, k: int) -> Any:
        if k < 0 or k >= len(self.coeffs):
            return sp.S.Zero
        c = self.coeffs[k]
        return sp.Rational(c, self.denom) if isinstance(c, int) else c

    def value(self, k: int) -> sp.Expr:
        return self.offset + k * self.step

    def index(self, v: Any) -> int | None:
        if not isinstance(v, sp.Rational):
            return None
        k = (v - self.offset) / self.step
        return int(k) if k.is_integer else None

    def to_dict(self) -> dict[Any, Any]:
        out = {}
        for k, c in enumerate(self.coeffs):
            if c != 0:
                out[self.value(k)] = sp.Rational(c, self.denom) if isinstance(c, int) else c
        return out


def lattice_of(pmf: Mapping[Any, Any]) -> Lattice | None:
    values = list(pmf)
    if not values or not all(isinstance(v, sp.Rational) for v in values):
        return None
    v0 = min(values)
    diffs = [v - v0 for v in values if v != v0]
    step = functools.reduce(sp.gcd, diffs) if diffs else sp.S.One
    span = int((max(values) - v0) / step) + 1
    if span > limits.max_lattice or span > 50 * len(values) + 1000:
        return None
    probs = list(pmf.values())
    if all(isinstance(p, sp.Rational) for p in probs):
        denom = math.lcm(*(int(p.q) for p in probs))
        coeffs: list[Any] = [0] * span
        for v, p in pmf.items():
            coeffs[int((v - v0) / step)] = int(p * denom)
        return Lattice(v0, step, tuple(coeffs), denom)
    coeffs = [sp.S.Zero] * span
    for v, p in pmf.items():
        coeffs[int((v - v0) / step)] = p
    return Lattice(v0, step, tuple(coeffs), 1)


def _symbolic_coeffs(lat: Lattice) -> list[Any]:
    return [sp.Rational(c, lat.denom) if isinstance(c, int) else c for c in lat.coeffs]


def _restep(lat: Lattice, step: sp.Rational) -> list[Any]:
    ratio = int(lat.step / step)
    if ratio == 1:
        return list(lat.coeffs)
    zero: Any = 0 if lat.integral else sp.S.Zero
    out = [zero] * ((len(lat.coeffs) - 1) * ratio + 1)
    for k, c in enumerate(lat.coeffs):
        out[k * ratio] = c
    return out


def _poly_mul(a: list[Any], b: list[Any], integral: bool) -> list[Any]:
    if integral:
        import flint

        return [int(c) for c in (flint.fmpz_poly(a) * flint.fmpz_poly(b)).coeffs()]
    x = sp.Dummy("x")
    pa = sp.Poly(list(reversed(a)), x)
    pb = sp.Poly(list(reversed(b)), x)
    return [sp.expand(c) for c in reversed((pa * pb).all_coeffs())]


def _poly_pow(a: list[Any], n: int, integral: bool) -> list[Any]:
    if integral:
        import flint

        return [int(c) for c in (flint.fmpz_poly(a) ** n).coeffs()]
    x = sp.Dummy("x")
    params = sorted(set().union(*(as_sympy(c).free_symbols for c in a)), key=sp.default_sort_key)
    generating = sp.Add(*(as_sympy(c) * x**i for i, c in enumerate(a)))
    if params and generating.is_polynomial(x, *params):
        # One polynomial in (x, parameters) over QQ: its power is sparse integer arithmetic,
        # far cheaper than powering over the expression domain and expanding each coefficient.
        power = sp.Poly(generating, x, *params) ** n
        by_degree: dict[int, dict[tuple[int, ...], Any]] = {}
        for (i, *rest), c in power.terms():
            by_degree.setdefault(i, {})[tuple(rest)] = c
        return [
            _factored(sp.Poly.from_dict(by_degree[i], *params, domain=power.domain))
            if i in by_degree
            else sp.S.Zero
            for i in range(power.degree(x) + 1)
        ]
    # SymPy's dense polynomial power uses repeated squaring over ZZ[p] / QQ[p]
    return [sp.expand(c) for c in reversed((sp.Poly(list(reversed(a)), x) ** n).all_coeffs())]


def _factored(poly: sp.Poly) -> Any:
    """A polynomial as a product of its irreducible factors (C(n,k) p^k (p-1)^(n-k))."""
    coeff, factors = poly.factor_list()
    return sp.Mul(coeff, *[f.as_expr() ** k for f, k in factors])


def factor_weight(w: Any) -> Any:
    """``factor(w)``; sums only (products are already factored), polynomials through the ring."""
    if not isinstance(w, sp.Add):
        return w
    free = sorted(w.free_symbols, key=sp.default_sort_key)
    if free and w.is_polynomial(*free):
        return _factored(sp.Poly(w, *free))
    return sp.factor(w)


def _pad(coeffs: list[Any], length: int, integral: bool) -> tuple[Any, ...]:
    zero: Any = 0 if integral else sp.S.Zero
    return tuple(coeffs) + (zero,) * (length - len(coeffs))


def lattice_add(a: Lattice, b: Lattice) -> Lattice | None:
    step = sp.gcd(a.step, b.step)
    length = (len(a.coeffs) - 1) * int(a.step / step) + (len(b.coeffs) - 1) * int(b.step / step) + 1
    if length > limits.max_lattice:
        return None
    integral = a.integral and b.integral
    _check_bits(length, _coefficient_bits(a) + _coefficient_bits(b), "the convolution of two distributions")
    ca = _restep(a, step) if integral else _symbolic_coeffs(Lattice(a.offset, a.step, a.coeffs, a.denom))
    cb = _restep(b, step) if integral else _symbolic_coeffs(Lattice(b.offset, b.step, b.coeffs, b.denom))
    if not integral:
        ca = _restep(Lattice(a.offset, a.step, tuple(ca), 1), step)
        cb = _restep(Lattice(b.offset, b.step, tuple(cb), 1), step)
    coeffs = _poly_mul(ca, cb, integral)
    return Lattice(
        a.offset + b.offset, step, _pad(coeffs, length, integral), a.denom * b.denom if integral else 1
    )


def _coefficient_bits(a: Lattice) -> int:
    """Bits of the largest coefficient (its sum bounds every coefficient of a power)."""
    if a.integral:
        return max(sum(a.coeffs).bit_length(), a.denom.bit_length(), 1)
    return 64  # symbolic coefficients: a nominal size per factor


def _check_bits(length: int, bits: int, what: str) -> None:
    # Checked before the big-integer work: GMP aborts the whole process when it runs out of memory.
    limits.check("max_coefficient_bits", length * bits, f"{what} (bits of its exact probabilities)")


def lattice_pow(a: Lattice, n: int) -> Lattice | None:
    length = (len(a.coeffs) - 1) * n + 1
    if length > limits.max_lattice:
        return None
    integral = a.integral
    _check_bits(length, n * _coefficient_bits(a), f"the sum of {n} independent copies")
    base = list(a.coeffs) if integral else _symbolic_coeffs(a)
    if not integral and len(base) == 2:
        # two values (a coin, a Bernoulli): the binomial theorem gives each coefficient,
        # C(n, k) p^k q^(n - k), already factored and with no polynomial arithmetic
        q, p = base
        coeffs = [sp.Integer(math.comb(n, k)) * p**k * q ** (n - k) for k in range(n + 1)]
    else:
        coeffs = _poly_pow(base, n, integral)
    return Lattice(a.offset * n, a.step, _pad(coeffs, length, integral), a.denom**n if integral else 1)


def lattice_neg(a: Lattice) -> Lattice:
    """The lattice of −X: the coefficients reversed."""
    top = a.offset + (len(a.coeffs) - 1) * a.step
    return Lattice(-top, a.step, tuple(reversed(a.coeffs)), a.denom)


def lattice_affine(a: Lattice, scale: sp.Rational, shift: sp.Rational) -> Lattice:
    """The lattice of scale·X + shift (scale ≠ 0 rational)."""
    b = lattice_neg(a) if scale < 0 else a
    return Lattice(b.offset * abs(scale) + shift, b.step * abs(scale), b.coeffs, b.denom)


def lattice_moments(a: Lattice) -> tuple[Any, Any] | None:
    """(E X, Var X) straight from integer coefficients, or ``None`` for symbolic ones."""
    if not a.integral:
        return None
    m0 = sum(a.coeffs)
    m1 = sum(k * c for k, c in enumerate(a.coeffs))
    m2 = sum(k * k * c for k, c in enumerate(a.coeffs))
    mean_k = sp.Rational(m1, m0)
    var_k = sp.Rational(m2, m0) - mean_k**2
    return a.offset + a.step * mean_k, a.step**2 * var_k
