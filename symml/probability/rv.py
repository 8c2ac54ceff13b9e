"""Finite random variables: exact pmf, cdf, moments, entropy, joints, and fast sums.

A :class:`FiniteRV` is a function on a :class:`~symml.probability.spaces.FiniteSpace`
(``FiniteRV.on(space, f)``), or is given directly by its pmf (``FiniteRV({0: q, 1: p})``).
Random variables on the same space combine pointwise (``X + Y`` is ω ↦ X(ω) + Y(ω));
random variables on different spaces are independent, and combine by exact convolution of
their pmfs — sums through the generating polynomial (python-flint over the integers, or
SymPy's polynomials when the probabilities have a parameter), never by enumerating the
product space.  :func:`iid_sum` raises the generating polynomial to the n-th power.

>>> from symml.probability import Die, iid_sum, E, Var
>>> S = iid_sum(Die(6), 2)
>>> S.pmf_at(7), E(S), Var(S)
(1/6, 7, 35/6)
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, ZeroProbabilityError
from symml.core.results import Printable, Result, Step, Verdict, Witness
from symml.probability._exact import decide, exact_number, ring_sum
from symml.probability.spaces import Event, FiniteSpace, Probability, _sort_key, outcome_latex

__all__ = [
    "FiniteRV",
    "iid_sum",
    "P",
    "E",
    "Var",
    "std",
    "Cov",
    "correlation",
    "moment",
    "entropy",
    "joint_pmf",
    "marginal_pmf",
    "conditional_pmf",
    "independent_rvs",
]

#: Lattices (values a + k·h) longer than this are convolved as dictionaries instead.
MAX_LATTICE = 5_000_000


def _value(v: Any) -> Any:
    """A value of a random variable: numbers become exact SymPy numbers, labels stay as they are."""
    if isinstance(v, bool):
        return sp.Integer(int(v))
    if isinstance(v, (int, float)) or isinstance(v, sp.Expr):
        return exact_number(v, "a value of the random variable")
    return v


def _numeric(v: Any) -> bool:
    return isinstance(v, sp.Expr)


def _sorted_values(values: Iterable[Any]) -> list[Any]:
    vals = list(values)
    if all(isinstance(v, sp.Rational) for v in vals):
        return sorted(vals)
    return sorted(vals, key=_sort_key)


@dataclass(frozen=True)
class _Lattice:
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


def _lattice_of(pmf: Mapping[Any, Any]) -> _Lattice | None:
    values = list(pmf)
    if not values or not all(isinstance(v, sp.Rational) for v in values):
        return None
    v0 = min(values)
    diffs = [v - v0 for v in values if v != v0]
    step = functools.reduce(sp.gcd, diffs) if diffs else sp.S.One
    span = int((max(values) - v0) / step) + 1
    if span > MAX_LATTICE or span > 50 * len(values) + 1000:
        return None
    probs = list(pmf.values())
    if all(isinstance(p, sp.Rational) for p in probs):
        denom = math.lcm(*(int(p.q) for p in probs))
        coeffs: list[Any] = [0] * span
        for v, p in pmf.items():
            coeffs[int((v - v0) / step)] = int(p * denom)
        return _Lattice(v0, step, tuple(coeffs), denom)
    coeffs = [sp.S.Zero] * span
    for v, p in pmf.items():
        coeffs[int((v - v0) / step)] = p
    return _Lattice(v0, step, tuple(coeffs), 1)


def _symbolic_coeffs(lat: _Lattice) -> list[Any]:
    return [sp.Rational(c, lat.denom) if isinstance(c, int) else c for c in lat.coeffs]


def _restep(lat: _Lattice, step: sp.Rational) -> list[Any]:
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
    params = sorted(set().union(*(sp.sympify(c).free_symbols for c in a)), key=sp.default_sort_key)
    generating = sp.Add(*(sp.sympify(c) * x**i for i, c in enumerate(a)))
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


def _factor(w: Any) -> Any:
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


def _lattice_add(a: _Lattice, b: _Lattice) -> _Lattice | None:
    step = sp.gcd(a.step, b.step)
    length = (len(a.coeffs) - 1) * int(a.step / step) + (len(b.coeffs) - 1) * int(b.step / step) + 1
    if length > MAX_LATTICE:
        return None
    integral = a.integral and b.integral
    ca = _restep(a, step) if integral else _symbolic_coeffs(_Lattice(a.offset, a.step, a.coeffs, a.denom))
    cb = _restep(b, step) if integral else _symbolic_coeffs(_Lattice(b.offset, b.step, b.coeffs, b.denom))
    if not integral:
        ca = _restep(_Lattice(a.offset, a.step, tuple(ca), 1), step)
        cb = _restep(_Lattice(b.offset, b.step, tuple(cb), 1), step)
    coeffs = _poly_mul(ca, cb, integral)
    return _Lattice(
        a.offset + b.offset, step, _pad(coeffs, length, integral), a.denom * b.denom if integral else 1
    )


def _lattice_pow(a: _Lattice, n: int) -> _Lattice | None:
    length = (len(a.coeffs) - 1) * n + 1
    if length > MAX_LATTICE:
        return None
    integral = a.integral
    base = list(a.coeffs) if integral else _symbolic_coeffs(a)
    coeffs = _poly_pow(base, n, integral)
    return _Lattice(a.offset * n, a.step, _pad(coeffs, length, integral), a.denom**n if integral else 1)


def _dict_combine(
    p: Mapping[Any, Any], q: Mapping[Any, Any], op: Callable[[Any, Any], Any]
) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for x, px in p.items():
        for y, qy in q.items():
            v = _value(op(x, y))
            out[v] = out.get(v, 0) + px * qy
    return {v: sp.expand(w) if w.free_symbols else w for v, w in out.items()}


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, sp.Integer)) or int(n) < 1:
        raise InvalidValueError(f"the number of copies must be a whole number ≥ 1, not {n!r}")
    return int(n)


class FiniteRV(Printable):
    """A finite random variable X: Ω → values, with its exact pmf.

    Parameters
    ----------
    pmf : mapping value -> probability
        The distribution ℙ(X = x); checked to be non-negative and to sum to 1.
    constraints : SymPy relation(s) or str
        Constraints on parameters in the probabilities (e.g. ``[p >= 0, p <= 1]``).
    name : str
        LaTeX name used when printing (default ``X``).

    Examples
    --------
    >>> import sympy as sp
    >>> X = FiniteRV({0: sp.Rational(1, 4), 1: sp.Rational(3, 4)})
    >>> X.pmf
    {0: 1/4, 1: 3/4}
    >>> P(X >= 1).value
    3/4
    """

    def __init__(self, pmf: Mapping[Any, Any], constraints: Any = (), name: str = "X") -> None:
        if not isinstance(pmf, Mapping):
            raise InvalidValueError(
                "FiniteRV needs a pmf: a dict value -> probability, e.g. {0: 1/2, 1: 1/2}"
            )
        values: dict[Any, Any] = {}
        for v, w in pmf.items():
            key = _value(v)
            if key in values:
                raise InvalidValueError(f"the value {v!r} appears twice in the pmf; list each value once")
            values[key] = w
        space = FiniteSpace(values, constraints)
        self._setup(space, None, name)

    def _setup(
        self,
        space: FiniteSpace | None,
        mapping: dict[Any, Any] | None,
        name: str,
        lattice: _Lattice | None = None,
    ) -> None:
        self._space = space
        self._map = mapping  # outcome -> value; None means the identity on the space
        self.name = name
        self._lattice = lattice
        self._pmf: dict[Any, Any] | None = None
        self._constraints: tuple[Any, ...] = space.constraints if space is not None else ()
        self._requirements: tuple[Any, ...] = space.requirements if space is not None else ()

    @classmethod
    def on(
        cls, space: FiniteSpace, function: Callable[[Any], Any] | Mapping[Any, Any], name: str = "X"
    ) -> FiniteRV:
        """The random variable ω ↦ function(ω) on ``space`` (a callable or a dict outcome -> value)."""
        if not isinstance(space, FiniteSpace):
            raise InvalidValueError("FiniteRV.on needs a FiniteSpace as its first argument")
        if isinstance(function, Mapping):
            missing = [o for o in space.outcomes if o not in function]
            if missing:
                raise InvalidValueError(
                    f"the map gives no value for the outcome(s) {missing[:3]}; give one for each"
                )
            mapping = {o: _value(function[o]) for o in space.outcomes}
        elif callable(function):
            mapping = {o: _value(function(o)) for o in space.outcomes}
        else:
            raise InvalidValueError(
                "a random variable is a function on Ω: give a callable or a dict outcome -> value"
            )
        rv = cls.__new__(cls)
        rv._setup(space, mapping, name)
        return rv

    @classmethod
    def _from_pmf(
        cls, pmf: dict[Any, Any] | None, constraints: tuple, requirements: tuple, name: str, lattice=None
    ) -> FiniteRV:
        rv = cls.__new__(cls)
        rv._setup(None, None, name, lattice)
        rv._pmf = None if pmf is None else {v: pmf[v] for v in _sorted_values(pmf)}
        rv._constraints, rv._requirements = constraints, requirements
        return rv

    # --- the distribution ------------------------------------------------------------

    @property
    def space(self) -> FiniteSpace:
        """The probability space X is defined on (for a pmf-only X, its values)."""
        if self._space is None:
            self._space = FiniteSpace(self.pmf, self._constraints, _trusted=self._requirements)
        return self._space

    def values_map(self) -> dict[Any, Any]:
        """Outcome -> value."""
        return dict(self._map) if self._map is not None else {o: o for o in self.space.outcomes}

    @property
    def pmf(self) -> dict[Any, Any]:
        """The pmf as a dict value -> exact probability ℙ(X = x), sorted by value."""
        if self._pmf is None:
            if self._lattice is not None:
                self._pmf = self._lattice.to_dict()
            elif self._map is None:
                self._pmf = {v: self.space.weights[v] for v in _sorted_values(self.space.outcomes)}
            else:
                acc: dict[Any, Any] = {}
                for o, v in self._map.items():
                    acc[v] = acc.get(v, 0) + self.space.weights[o]
                self._pmf = {
                    v: sp.factor(acc[v]) if acc[v].free_symbols else acc[v] for v in _sorted_values(acc)
                }
        return dict(self._pmf)

    def pmf_at(self, value: Any) -> Any:
        """ℙ(X = value), exactly (fast for sums: one coefficient of the generating polynomial)."""
        v = _value(value)
        if self._lattice is not None and self._pmf is None:
            k = self._lattice.index(v)
            return sp.S.Zero if k is None else self._lattice.prob(k)
        return self.pmf.get(v, sp.S.Zero)

    @property
    def support(self) -> list[Any]:
        """The values taken with positive (not identically zero) probability, sorted."""
        return [v for v, w in self.pmf.items() if w != 0]

    @property
    def parameters(self) -> tuple[sp.Symbol, ...]:
        free: set[Any] = set()
        for w in self.pmf.values():
            free |= w.free_symbols
        return tuple(sorted(free, key=str))

    def _require_numeric(self, what: str) -> None:
        bad = [v for v in self.pmf if not _numeric(v)]
        if bad:
            raise InvalidValueError(
                f"{what} of {self.name} needs numeric values, but it takes {bad[0]!r}; "
                "map the outcomes to numbers first (FiniteRV.on(space, f))"
            )

    def cdf(self, x: Any) -> Any:
        """F(x) = ℙ(X ≤ x), exactly."""
        self._require_numeric("the cdf")
        x = _value(x)
        total = sp.S.Zero
        for v, w in self.pmf.items():
            le = sp.sympify(v <= x)
            if le not in (sp.true, sp.false):
                raise InvalidValueError(f"cannot order the value {v} against {x}; the cdf needs real values")
            if le is sp.true:
                total += w
        return sp.factor(total) if total.free_symbols else total

    def cdf_table(self) -> dict[Any, Any]:
        """Value -> ℙ(X ≤ value) at each value of X."""
        self._require_numeric("the cdf")
        out, total = {}, sp.S.Zero
        for v, w in self.pmf.items():
            total += w
            out[v] = sp.factor(total) if total.free_symbols else total
        return out

    # --- events ----------------------------------------------------------------------

    def _event(self, test: Callable[[Any], Any], name: str) -> Event:
        space = self.space
        if self._map is None:
            chosen = frozenset(o for o in space.outcomes if _truth(test(o)))
        else:
            chosen = frozenset(o for o, v in self._map.items() if _truth(test(v)))
        return Event(space, chosen, name)

    def eq(self, value: Any) -> Event:
        """The event {X = value}."""
        v = _value(value)
        return self._event(lambda x: x == v, rf"\{{{self.name} = {outcome_latex(v)}\}}")

    def ne(self, value: Any) -> Event:
        """The event {X ≠ value}."""
        v = _value(value)
        return self._event(lambda x: x != v, rf"\{{{self.name} \neq {outcome_latex(v)}\}}")

    def isin(self, values: Iterable[Any]) -> Event:
        """The event {X ∈ values}."""
        vs = {_value(v) for v in values}
        shown = ", ".join(outcome_latex(v) for v in _sorted_values(vs))
        return self._event(lambda x: x in vs, rf"\{{{self.name} \in \{{{shown}\}}\}}")

    def _compare(self, value: Any, op: Callable[[Any, Any], Any], sym: str) -> Event:
        self._require_numeric("a comparison")
        v = _value(value)
        return self._event(lambda x: op(x, v), rf"\{{{self.name} {sym} {outcome_latex(v)}\}}")

    def __lt__(self, value: Any) -> Event:
        return self._compare(value, operator.lt, "<")

    def __le__(self, value: Any) -> Event:
        return self._compare(value, operator.le, r"\leq")

    def __gt__(self, value: Any) -> Event:
        return self._compare(value, operator.gt, ">")

    def __ge__(self, value: Any) -> Event:
        return self._compare(value, operator.ge, r"\geq")

    def indicator(self, value: Any, name: str = "") -> FiniteRV:
        """The indicator 1{X = value} (1 where X takes ``value``, else 0), on the same space."""
        v = _value(value)
        return self.apply(
            lambda x: 1 if x == v else 0, name or rf"\mathbf{{1}}_{{{self.name} = {outcome_latex(v)}}}"
        )

    def given(self, event: Any) -> FiniteRV:
        """The conditional distribution of X given an event B (of positive probability)."""
        b = self.space.event(event)
        pb = self.space.measure(b)
        if sp.simplify(pb) == 0:
            raise ZeroProbabilityError(f"cannot condition {self.name} on {b!r}: its probability is 0")
        acc: dict[Any, Any] = {}
        vm = self.values_map()
        for o in b.outcomes:
            acc[vm[o]] = acc.get(vm[o], 0) + self.space.weights[o]
        pmf = {v: sp.factor(sp.cancel(w / pb)) for v, w in acc.items()}
        return FiniteRV._from_pmf(pmf, self._constraints, self._requirements, rf"{self.name} \mid {b.name}")

    # --- arithmetic ------------------------------------------------------------------

    def apply(self, g: Callable[[Any], Any], name: str = "") -> FiniteRV:
        """The random variable g(X)."""
        name = name or rf"g({self.name})"
        if self._map is not None or self._space is not None:
            vm = self.values_map()
            return FiniteRV.on(self.space, {o: g(v) for o, v in vm.items()}, name)
        acc: dict[Any, Any] = {}
        for v, w in self.pmf.items():
            gv = _value(g(v))
            acc[gv] = acc.get(gv, 0) + w
        return FiniteRV._from_pmf(acc, self._constraints, self._requirements, name)

    def _binary(
        self, other: Any, op: Callable[[Any, Any], Any], sym: str, reflected: bool = False
    ) -> FiniteRV:
        if not isinstance(other, FiniteRV):
            c = _value(other)
            fn = (lambda v: op(c, v)) if reflected else (lambda v: op(v, c))
            label = (
                rf"{outcome_latex(c)} {sym} {self.name}"
                if reflected
                else rf"{self.name} {sym} {outcome_latex(c)}"
            )
            if sym == "+" and self._lattice is not None and self._pmf is None and isinstance(c, sp.Rational):
                lat = self._lattice
                return FiniteRV._from_pmf(
                    None,
                    self._constraints,
                    self._requirements,
                    label,
                    _Lattice(lat.offset + c, lat.step, lat.coeffs, lat.denom),
                )
            return self.apply(fn, label)
        left, right = (other, self) if reflected else (self, other)
        label = rf"{left.name} {sym} {right.name}"
        if left._shares_space(right):
            lm, rm = left.values_map(), right.values_map()
            return FiniteRV.on(left.space, {o: op(lm[o], rm[o]) for o in left.space.outcomes}, label)
        return _independent_combine(left, right, op, sym, label)

    def _shares_space(self, other: FiniteRV) -> bool:
        return self._space is not None and self._space is other._space

    def __add__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.add, "+")

    def __radd__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.add, "+", reflected=True)

    def __sub__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.sub, "-")

    def __rsub__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.sub, "-", reflected=True)

    def __mul__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.mul, r"\cdot")

    def __rmul__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.mul, r"\cdot", reflected=True)

    def __truediv__(self, other: Any) -> FiniteRV:
        return self._binary(other, _divide, "/")

    def __pow__(self, k: int) -> FiniteRV:
        return self.apply(lambda v: v**k, rf"{self.name}^{{{k}}}")

    def __neg__(self) -> FiniteRV:
        return self.apply(operator.neg, rf"-{self.name}")

    def maximum(self, other: FiniteRV) -> FiniteRV:
        """max(X, Y) (pointwise on one space; by the product of pmfs when independent)."""
        return self._binary(other, _max, r"\vee")

    def minimum(self, other: FiniteRV) -> FiniteRV:
        """min(X, Y)."""
        return self._binary(other, _min, r"\wedge")

    # --- printing --------------------------------------------------------------------

    def __repr__(self) -> str:
        items = list(self.pmf.items())
        body = ", ".join(f"{v!r}: {w}" for v, w in items[:8]) + (", …" if len(items) > 8 else "")
        return f"FiniteRV({{{body}}})"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "pmf": {str(v): str(w) for v, w in self.pmf.items()}}

    def _latex(self, printer: Any) -> str:
        return pmf_table(self, printer)


def _truth(value: Any) -> bool:
    value = sp.sympify(value) if not isinstance(value, bool) else value
    if value in (True, sp.true):
        return True
    if value in (False, sp.false):
        return False
    raise InvalidValueError(f"cannot decide {value} for every parameter value; compare numeric values")


def _divide(a: Any, b: Any) -> Any:
    if b == 0:
        raise ZeroProbabilityError("division by a random variable that takes the value 0")
    return a / b


def _max(a: Any, b: Any) -> Any:
    return sp.Max(a, b)


def _min(a: Any, b: Any) -> Any:
    return sp.Min(a, b)


def _independent_combine(left: FiniteRV, right: FiniteRV, op: Callable, sym: str, label: str) -> FiniteRV:
    constraints = tuple(dict.fromkeys(left._constraints + right._constraints))
    requirements = tuple(dict.fromkeys(left._requirements + right._requirements))
    if op in (operator.add, operator.sub):
        a = left._lattice if left._lattice is not None and left._pmf is None else _lattice_of(left.pmf)
        r = right if op is operator.add else -right
        b = r._lattice if r._lattice is not None and r._pmf is None else _lattice_of(r.pmf)
        if a is not None and b is not None:
            lat = _lattice_add(a, b)
            if lat is not None:
                return FiniteRV._from_pmf(None, constraints, requirements, label, lat)
    return FiniteRV._from_pmf(_dict_combine(left.pmf, right.pmf, op), constraints, requirements, label)


def iid_sum(X: FiniteRV, n: int, name: str = "") -> FiniteRV:
    """The sum of n independent copies of X, by exact convolution (never the product space).

    For values on a lattice a + k·h the generating polynomial Σ ℙ(X = a + kh) t^k is raised
    to the n-th power (python-flint over the integers for rational probabilities, SymPy's
    polynomials when they have a parameter); otherwise the pmf is convolved as a dict by
    repeated squaring.

    Examples
    --------
    >>> import sympy as sp
    >>> from symml.probability import Coin
    >>> p = sp.Symbol("p")
    >>> heads = iid_sum(Coin(p).indicator("H"), 3)
    >>> heads.pmf[2]
    -3*p**2*(p - 1)
    """
    if not isinstance(X, FiniteRV):
        raise InvalidValueError("iid_sum needs a FiniteRV (e.g. Die(6) or FiniteRV({0: 1/2, 1: 1/2}))")
    n = _check_n(n)
    X._require_numeric("iid_sum")
    name = name or rf"S_{{{n}}}"
    base = X._lattice if X._lattice is not None and X._pmf is None else _lattice_of(X.pmf)
    if base is not None:
        lat = _lattice_pow(base, n)
        if lat is not None:
            out = FiniteRV._from_pmf(None, X._constraints, X._requirements, name, lat)
            if not lat.integral:
                out._pmf = {v: _factor(w) for v, w in lat.to_dict().items()}
            return out
    result: dict[Any, Any] | None = None
    power = X.pmf
    k = n
    while k:
        if k & 1:
            result = power if result is None else _dict_combine(result, power, operator.add)
        k >>= 1
        if k:
            power = _dict_combine(power, power, operator.add)
    assert result is not None
    return FiniteRV._from_pmf(result, X._constraints, X._requirements, name)


# --- expectations ------------------------------------------------------------------------


def _simplify(value: Any) -> Any:
    free = getattr(value, "free_symbols", None)
    if not free:
        # exact numbers: rationals stay; algebraic ones such as 3√2/4 + … are collected
        return sp.expand(value) if isinstance(value, sp.Expr) and not value.is_Rational else value
    # every expectation of a family with symbolic p is such a polynomial
    summed = ring_sum(value)
    return sp.factor(summed if summed is not None else sp.expand(value))


def E(X: FiniteRV, g: Callable[[Any], Any] | None = None) -> Any:
    """The expectation E[X] = Σ x ℙ(X = x), or E[g(X)] = Σ g(x) ℙ(X = x), exactly.

    Raises
    ------
    InvalidValueError
        When X takes non-numeric values (labels such as "H").
    """
    if not isinstance(X, FiniteRV):
        raise InvalidValueError(f"E needs a FiniteRV, not {type(X).__name__}")
    if g is not None:
        terms = [_value(g(v)) * w for v, w in X.pmf.items()]
        if not all(_numeric(t) for t in terms):
            raise InvalidValueError("E[g(X)] needs g to return numbers")
        return _simplify(sp.Add(*terms))
    X._require_numeric("E")
    if X._lattice is not None and X._pmf is None and X._lattice.integral:
        lat = X._lattice
        total = sum(k * c for k, c in enumerate(lat.coeffs))
        return lat.offset + lat.step * sp.Rational(total, lat.denom)
    return _simplify(sp.Add(*(v * w for v, w in X.pmf.items())))


def moment(X: FiniteRV, k: int, central: bool = False) -> Any:
    """The k-th moment E[X^k], or the central moment E[(X − E[X])^k]."""
    k = _check_n(k)
    X._require_numeric("a moment")
    mu = E(X) if central else sp.S.Zero
    return E(X, lambda v: (v - mu) ** k)


def Var(X: FiniteRV) -> Any:
    """The variance Var[X] = E[X²] − E[X]², exactly."""
    X._require_numeric("Var")
    if X._lattice is not None and X._pmf is None and X._lattice.integral:
        lat = X._lattice
        m1 = sum(k * c for k, c in enumerate(lat.coeffs))
        m2 = sum(k * k * c for k, c in enumerate(lat.coeffs))
        var_k = sp.Rational(m2, lat.denom) - sp.Rational(m1, lat.denom) ** 2
        return lat.step**2 * var_k
    mu = E(X)
    return _simplify(E(X, lambda v: (v - mu) ** 2))


def std(X: FiniteRV) -> Any:
    """The standard deviation √Var[X]."""
    return sp.sqrt(Var(X))


def Cov(X: FiniteRV, Y: FiniteRV) -> Any:
    """The covariance E[XY] − E[X]E[Y] (0 for random variables on different spaces: independent)."""
    X._require_numeric("Cov")
    Y._require_numeric("Cov")
    if not X._shares_space(Y):
        return sp.S.Zero
    xm, ym = X.values_map(), Y.values_map()
    exy = sp.Add(*(xm[o] * ym[o] * w for o, w in X.space.weights.items()))
    return _simplify(exy - E(X) * E(Y))


def correlation(X: FiniteRV, Y: FiniteRV) -> Any:
    """The correlation Cov[X, Y] / √(Var[X] Var[Y]).

    Raises
    ------
    InvalidValueError
        When X or Y is constant (zero variance).
    """
    vx, vy = Var(X), Var(Y)
    if sp.simplify(vx) == 0 or sp.simplify(vy) == 0:
        raise InvalidValueError("the correlation is undefined for a constant random variable (variance 0)")
    return sp.simplify(Cov(X, Y) / sp.sqrt(vx * vy))


def entropy(X: FiniteRV, base: Any = None) -> Any:
    """The Shannon entropy H(X) = −Σ ℙ(X = x) log ℙ(X = x), exactly (nats; ``base=2`` for bits)."""
    terms = []
    for w in X.pmf.values():
        if w == 0:
            continue  # 0 log 0 = 0
        terms.append(-w * (sp.log(w) if base is None else sp.log(w, exact_number(base, "the base"))))
    return sp.expand_log(sp.Add(*terms), force=True) if not X.parameters else sp.Add(*terms)


# --- joint distributions ---------------------------------------------------------------------


def joint_pmf(*rvs: FiniteRV) -> dict[tuple[Any, ...], Any]:
    """The joint pmf (x₁, …, x_k) -> ℙ(X₁ = x₁, …, X_k = x_k).

    Random variables on one space are read pointwise; on different spaces they are
    independent and their pmfs multiply.
    """
    if not rvs:
        raise InvalidValueError("joint_pmf needs at least one random variable")
    spaces = {id(X._space) for X in rvs if X._space is not None}
    if len(spaces) == 1 and all(X._space is not None for X in rvs):
        space = rvs[0].space
        maps = [X.values_map() for X in rvs]
        out: dict[tuple[Any, ...], Any] = {}
        for o, w in space.weights.items():
            key = tuple(m[o] for m in maps)
            out[key] = out.get(key, 0) + w
        return {k: _simplify(v) for k, v in out.items()}
    groups: dict[int, list[int]] = {}
    for i, X in enumerate(rvs):
        groups.setdefault(id(X._space) if X._space is not None else -1 - i, []).append(i)
    parts = [(idx, joint_pmf(*(rvs[i] for i in idx))) for idx in groups.values()]
    result: dict[tuple[Any, ...], Any] = {(): sp.S.One}
    order: list[int] = []
    for idx, pmf in parts:
        result = {a + b: wa * wb for a, wa in result.items() for b, wb in pmf.items()}
        order += idx
    inverse = [order.index(i) for i in range(len(rvs))]
    return {tuple(k[j] for j in inverse): _simplify(w) for k, w in result.items()}


def marginal_pmf(joint: Mapping[tuple[Any, ...], Any], index: int) -> dict[Any, Any]:
    """The marginal pmf of coordinate ``index`` of a joint pmf: Σ over the other coordinates."""
    out: dict[Any, Any] = {}
    for key, w in joint.items():
        out[key[index]] = out.get(key[index], 0) + w
    return {v: _simplify(out[v]) for v in _sorted_values(out)}


def conditional_pmf(X: FiniteRV, Y: FiniteRV, y: Any) -> dict[Any, Any]:
    """The conditional pmf x -> ℙ(X = x | Y = y).

    Raises
    ------
    ZeroProbabilityError
        When ℙ(Y = y) = 0.
    """
    joint = joint_pmf(X, Y)
    y = _value(y)
    py = sp.Add(*(w for (a, b), w in joint.items() if b == y))
    if sp.simplify(py) == 0:
        raise ZeroProbabilityError(f"ℙ({Y.name} = {y}) = 0; condition on a value {Y.name} takes")
    out = {a: sp.factor(sp.cancel(w / py)) for (a, b), w in joint.items() if b == y}
    return {v: out[v] for v in _sorted_values(out)}


def independent_rvs(X: FiniteRV, Y: FiniteRV) -> Result:
    """Whether ℙ(X = x, Y = y) = ℙ(X = x) ℙ(Y = y) for all x, y (proven or refuted exactly)."""
    claim = f"{X.name} and {Y.name} are independent"
    if not X._shares_space(Y):
        return Result(
            claim,
            Verdict.PROVEN,
            steps=(Step(sp.true, "defined on different probability spaces: independent by construction"),),
        )
    joint = joint_pmf(X, Y)
    px, py = X.pmf, Y.pmf
    steps = []
    constraints = X.space.constraints + X.space.requirements
    for x, wx in px.items():
        for y, wy in py.items():
            pxy = joint.get((x, y), sp.S.Zero)
            diff = sp.expand(pxy - wx * wy)
            if diff == 0:
                continue
            ok, point = decide(sp.Eq(diff, 0), constraints)
            if ok is True:
                continue
            if ok is False or not diff.free_symbols:
                values = {"x": x, "y": y, **{str(k): v for k, v in point.items()}}
                lhs, rhs = sp.factor(pxy.subs(point)), sp.factor((wx * wy).subs(point))
                values[r"\mathbb{P}(X = x, Y = y)"] = lhs
                values[r"\mathbb{P}(X = x)\,\mathbb{P}(Y = y)"] = rhs
                return Result(
                    claim, Verdict.REFUTED, witness=Witness(values, sp.Ne(lhs, rhs, evaluate=False))
                )
            return Result(claim, Verdict.UNDECIDED, notes=(f"could not decide whether {diff} = 0",))
    steps.append(
        Step(sp.true, f"P(X = x, Y = y) = P(X = x) P(Y = y) for all {len(px) * len(py)} pairs (x, y)")
    )
    return Result(claim, Verdict.PROVEN, steps=tuple(steps))


def P(event: Any, given: Any = None) -> Probability:
    """ℙ(A) or ℙ(A | B) of an event (e.g. ``P(X > 3)``, ``P(A, given=B)``), exactly with steps.

    Examples
    --------
    >>> from symml.probability import Die
    >>> X = Die(6)
    >>> P(X > 4).value, P(X.eq(6), given=X > 4).value
    (1/3, 1/2)
    """
    if not isinstance(event, Event):
        raise InvalidValueError(
            "P needs an Event (e.g. X > 3, X.eq(2), space.event({1, 2})); "
            "for a set of outcomes use space.P({...})"
        )
    if given is not None and not isinstance(given, Event):
        given = event.space.event(given)
    if given is not None and given.space is not event.space:
        raise InvalidValueError("A and B must be events of the same space (e.g. of the same random variable)")
    return event.space.P(event, given=given)


def pmf_table(X: FiniteRV, printer: Any, limit: int = 40) -> str:
    """The pmf of X as a booktabs table in display math: a row of values, a row of ℙ(X = x)."""
    items = list(X.pmf.items())
    shown = items if len(items) <= limit else items[: limit // 2] + [(None, None)] + items[-limit // 2 :]
    cols = []
    for v, w in shown:
        if v is None:
            cols.append((r"\cdots", r"\cdots"))
        else:
            cols.append((outcome_latex(v), printer._print(w)))
    chunks = [cols[i : i + 10] for i in range(0, len(cols), 10)]
    blocks = []
    for chunk in chunks:
        spec = "l" + "c" * len(chunk)
        head = r"x & " + " & ".join(c[0] for c in chunk)
        row = rf"\mathbb{{P}}({X.name} = x) & " + " & ".join(c[1] for c in chunk)
        blocks.append(
            rf"\begin{{array}}{{{spec}}}"
            + "\n\\toprule\n"
            + head
            + r" \\"
            + "\n\\midrule\n"
            + row
            + r" \\"
            + "\n\\bottomrule\n\\end{array}"
        )
    return "\\[\n" + "\n\\]\n\\[\n".join(blocks) + "\n\\]"


__all__.append("pmf_table")
