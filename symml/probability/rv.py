"""Finite random variables on one joint model: exact pmf, events, moments, joints, sums.

Every :class:`FiniteRV` is a function on the product of independent sources (a die, a coin,
a user's :class:`~symml.probability.spaces.FiniteSpace`; see :mod:`symml.probability.joint`).
Variables built from others remember their sources, so dependence is never lost:
``X + X`` is ``2X``, ``Cov(X, X + Y) = Var X`` and ``(X + Y) - X`` has the law of ``Y``.
Comparisons of variables are events (``P(X > Y)``, ``P(X + Y >= 10, given=X.eq(6))``).

Variables on disjoint sources are independent and combine by exact convolution — sums
through the generating polynomial (python-flint over the integers, SymPy's polynomials when
the probabilities have a parameter), never by enumerating the product space; shared sources
are enumerated, and only they.  :func:`iid_sum` raises the generating polynomial to the n-th
power, and E and Var of sums follow from linearity without any pmf.

>>> from symml.probability import Die, iid_sum, E, Var, Cov
>>> S = iid_sum(Die(6), 2)
>>> S.pmf_at(7), E(S), Var(S)
(1/6, 7, 35/6)
>>> X, Y = Die(6), Die(6)
>>> Cov(X, X + Y), P(X > Y).value
(35/12, 5/12)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, SymmlError, ZeroProbabilityError
from symml.core.events import Conditioned, Indicator, ProbabilityOf, Quotient, as_label, outcome
from symml.core.limits import limits
from symml.core.parsing import as_sympy
from symml.core.results import Computation, Result, Step, Verdict, Witness
from symml.probability import joint
from symml.probability._exact import decide, exact_number, is_zero
from symml.probability._lattice import factor_weight, lattice_of, lattice_pow
from symml.probability.joint import Given, Leaf, Node, Op, Source
from symml.probability.spaces import Event, FiniteSpace, Probability, has_name, sort_key

__all__ = [
    "FiniteRV",
    "RandomEvent",
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
    "pmf_table",
]

_ARITHMETIC = {"+": "add", "-": "sub", "*": "mul", "/": "div", "max": "max", "min": "min"}

#: The name of a combination of variables, from their names: X + Y, 2X, max(X, Y).
_NAMES: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "max": sp.Max,
    "min": sp.Min,
}


def _name_of(sym: str, a: Any, b: Any) -> Any:
    """The name of ``a sym b`` (``max``/``min`` of names SymPy cannot order stay unevaluated)."""
    try:
        return _NAMES[sym](a, b)
    except (TypeError, ValueError):
        return sp.Function(sym)(a, b)


def _relation_label(op: Any, a: Any, b: Any) -> Any:
    """The label {a op b}, as written: X > X' stays a relation even where SymPy would decide it."""
    return _RELATIONS[op](a, b, evaluate=False)


#: The relation of an event {X op value}, from the comparison.
_RELATIONS: dict[Any, Any] = {
    operator.eq: sp.Eq,
    operator.ne: sp.Ne,
    operator.lt: sp.Lt,
    operator.le: sp.Le,
    operator.gt: sp.Gt,
    operator.ge: sp.Ge,
}


def _value(v: Any) -> Any:
    """A value of a random variable: numbers become exact SymPy numbers, labels stay as they are.

    A tuple is converted entry by entry; a dict, list or set is refused: SymPy would pass
    such a container (and the strings in it) to ``sympify``, which evaluates strings.
    """
    if isinstance(v, bool):
        return sp.Integer(int(v))
    if isinstance(v, sp.Basic) and not isinstance(v, sp.Expr):
        if v in (sp.true, sp.false):
            return sp.Integer(int(bool(v)))
        raise InvalidValueError(f"the value {v} of a random variable is not a number or a label")
    if isinstance(v, (int, float, sp.Expr)) or type(v).__module__ == "numpy":
        return exact_number(v, "a value of the random variable")
    if isinstance(v, tuple):
        return tuple(_value(e) for e in v)
    if isinstance(v, (Mapping, list, set, frozenset)):
        raise InvalidValueError(
            f"a value of a random variable is a number, a label or a tuple of those; got {v!r}"
        )
    return v


def _same(a: Any, b: Any) -> bool:
    """Whether two values are equal, comparing tuples and strings structurally.

    SymPy compares a number with a Python tuple by passing the tuple (and the strings in it)
    to ``sympify``, which evaluates strings: never let it.
    """
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)


def _numeric(v: Any) -> bool:
    return isinstance(v, sp.Expr)


def _sorted_values(values: Iterable[Any]) -> list[Any]:
    vals = list(values)
    if all(isinstance(v, sp.Rational) for v in vals):
        return sorted(vals)
    return sorted(vals, key=sort_key)


def _truth(value: Any) -> bool:
    value = as_sympy(value) if not isinstance(value, bool) else value
    if value in (True, sp.true):
        return True
    if value in (False, sp.false):
        return False
    raise InvalidValueError(f"cannot decide {value} for every parameter value; compare numeric values")


def _is_numeric(node: Node) -> bool:
    """Whether every value of the node is a number (cached; sums of numbers are numbers)."""
    cached = getattr(node, "_numeric", None)
    if cached is None:
        if isinstance(node, Op) and node.kind in ("add", "sub", "mul", "div", "max", "min", "affine"):
            cached = True
        elif isinstance(node, Leaf) and node.mapping is None and node.source.moments is not None:
            cached = True  # an iid sum or a family with known moments: numbers by construction
        elif node.boolean:
            cached = False
        else:
            # the values of the function itself (a conditioned variable takes some of them)
            cached = all(_numeric(v) for v in joint.law(joint.strip(node)))
        node._numeric = cached  # type: ignore[attr-defined]
    return cached


def _space_node(space: FiniteSpace, mapping: Mapping[Any, Any] | None, boolean: bool = False) -> Node:
    """A function on a space as a node of the space's source(s)."""
    sources = joint.sources_of_space(space)
    if len(sources) == 1:
        return Leaf(sources[0], mapping, boolean)
    if mapping is None:
        return Op("tuple", lambda *o: tuple(o), [Leaf(s) for s in sources])
    table = dict(mapping)
    return Op("map", lambda *o: table[tuple(o)], [Leaf(s) for s in sources], boolean=boolean)


class FiniteRV(Computation):
    """A finite random variable X: Ω → values, with its exact pmf.

    Parameters
    ----------
    pmf : mapping value -> probability
        The distribution ℙ(X = x); checked to be non-negative and to sum to 1.  A new
        FiniteRV is a new independent source (like a new die).
    constraints : SymPy relation(s) or str
        Constraints on parameters in the probabilities (e.g. ``[p >= 0, p <= 1]``).
    name : str or SymPy expression
        The variable's name, a plain name such as ``"X"`` or ``"S_3"`` (default ``X``;
        LaTeX is refused: the printer writes the notation), or a SymPy expression.

    Examples
    --------
    >>> import sympy as sp
    >>> X = FiniteRV({0: sp.Rational(1, 4), 1: sp.Rational(3, 4)})
    >>> X.pmf
    {0: 1/4, 1: 3/4}
    >>> P(X >= 1).value
    3/4
    """

    def __init__(self, pmf: Mapping[Any, Any], constraints: Any = (), name: Any = "X") -> None:
        if not isinstance(pmf, Mapping):
            raise InvalidValueError(
                "FiniteRV needs a pmf: a dict value -> probability, e.g. {0: 1/2, 1: 1/2}"
            )
        weights: dict[Any, Any] = {}
        mapping: dict[Any, Any] = {}
        seen: set[Any] = set()
        for v, w in pmf.items():
            value = _value(v)
            if value in seen:
                raise InvalidValueError(f"the value {v!r} appears twice in the pmf; list each value once")
            # whole-number outcomes stay Python ints: predicates on product spaces run fast
            outcome = v if type(v) is int else value
            weights[outcome] = w
            mapping[outcome] = value
            seen.add(value)
        space = FiniteSpace(weights, constraints)
        same = all(o is v for o, v in mapping.items())
        self._node: Node = Leaf(joint.source_of(space), None if same else mapping)
        self.name = name

    @property
    def name(self) -> Any:
        """The variable's name, a SymPy expression (``X``, ``X + Y``, ``S_3``)."""
        return self._name

    @name.setter
    def name(self, name: Any) -> None:
        self._name = as_label(name, "a random variable")
        self._bindings: Bindings | None = None  # a name given by the user: it denotes this variable

    @property
    def bindings(self) -> Bindings:
        """Which variable each symbol of :attr:`name` denotes (see :func:`merge_labels`)."""
        if self._bindings is None:
            return {s: self._node for s in _symbols(self.name)}
        return self._bindings

    @classmethod
    def _of(cls, node: Node, name: Any, bindings: Bindings | None = None) -> FiniteRV:
        """A variable on ``node`` named ``name``; ``bindings`` when the name is built from other
        variables' names (X + X'), else the name denotes the new variable itself."""
        rv = cls.__new__(cls)
        rv._node = node
        rv.name = name
        rv._bindings = bindings
        return rv

    @classmethod
    def on(
        cls, space: FiniteSpace, function: Callable[[Any], Any] | Mapping[Any, Any], name: Any = "X"
    ) -> FiniteRV:
        """The random variable ω ↦ function(ω) on ``space`` (a callable or a dict outcome -> value).

        Variables on the same space are functions of the same experiment (dependent in
        general); variables on different spaces are independent.
        """
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
        return cls._of(_space_node(space, mapping), name)

    @classmethod
    def _from_source(cls, source: Source, name: Any) -> FiniteRV:
        return cls._of(Leaf(source), name)

    # --- the distribution ------------------------------------------------------------

    @property
    def sources(self) -> tuple[Source, ...]:
        """The independent sources X is a function of (in creation order)."""
        return tuple(sorted(self._node.sources, key=lambda s: s.order))

    @property
    def space(self) -> FiniteSpace:
        """The probability space X is defined on: the joint space of its sources (for a
        conditioned variable, the space of its values)."""
        if self._node.conditions:
            cached = getattr(self, "_value_space", None)
            if cached is None:
                cached = FiniteSpace(self.pmf, joint.constraints_of(self._node), _trusted=())
                self._value_space = cached
            return cached
        return joint.joint_space(self._node.sources)

    def values_map(self) -> dict[Any, Any]:
        """Outcome of :attr:`space` -> value of X."""
        if self._node.conditions:
            return {o: o for o in self.space.outcomes}
        sources = self.sources
        return {o: joint.evaluate(self._node, joint.assignment(sources, o)) for o in self.space.outcomes}

    @property
    def pmf(self) -> dict[Any, Any]:
        """The pmf as a dict value -> exact probability ℙ(X = x), sorted by value."""
        law = joint.law(self._node)
        return {v: law[v] for v in _sorted_values(law)}

    def pmf_at(self, value: Any) -> Any:
        """ℙ(X = value), exactly (fast for sums: one coefficient of the generating polynomial)."""
        v = _value(value)
        lat = None if self._node._law is not None else joint.lattice(self._node)
        if lat is not None:
            k = lat.index(v)
            return sp.S.Zero if k is None else lat.prob(k)
        return joint.law(self._node).get(v, sp.S.Zero)

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
        if not _is_numeric(self._node):
            bad = [v for v in self.pmf if not _numeric(v)]
            shown = repr(bad[0]) if bad else "true/false"
            raise InvalidValueError(
                f"{what} of {self.name} needs numeric values, but it takes {shown}; "
                "map the outcomes to numbers first (FiniteRV.on(space, f), or .indicator(...))"
            )

    def cdf(self, x: Any) -> Any:
        """F(x) = ℙ(X ≤ x), exactly."""
        self._require_numeric("the cdf")
        x = exact_number(x, "the point of the cdf")
        total = sp.S.Zero
        for v, w in self.pmf.items():
            le = as_sympy(v <= x)
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

    def _event(self, test: Callable[[Any], Any], name: Any) -> RandomEvent:
        node = Op("test", lambda v: _truth(test(v)), [self._node], boolean=True)
        return RandomEvent(node, name, self.bindings)

    def eq(self, value: Any) -> RandomEvent:
        """The event {X = value} (``value`` a number, a label or another random variable)."""
        if isinstance(value, FiniteRV):
            return self._relation(value, operator.eq)
        v = _value(value)
        return self._event(lambda x: _same(x, v), _relation_label(operator.eq, self.name, outcome(v)))

    def ne(self, value: Any) -> RandomEvent:
        """The event {X ≠ value}."""
        if isinstance(value, FiniteRV):
            return self._relation(value, operator.ne)
        v = _value(value)
        return self._event(lambda x: not _same(x, v), _relation_label(operator.ne, self.name, outcome(v)))

    def isin(self, values: Iterable[Any]) -> RandomEvent:
        """The event {X ∈ values}."""
        vs = {_value(v) for v in values}
        label = sp.Contains(self.name, sp.FiniteSet(*map(outcome, vs)), evaluate=False)
        return self._event(lambda x: any(_same(x, v) for v in vs), label)

    def _relation(self, other: FiniteRV, op: Callable[[Any, Any], Any]) -> RandomEvent:
        if op not in (operator.eq, operator.ne):
            self._require_numeric("a comparison")
            other._require_numeric("a comparison")
        node = Op("compare", lambda a, b: _truth(op(a, b)), [self._node, other._node], boolean=True)
        (left, right), bindings = merge_labels([(self.name, self.bindings), (other.name, other.bindings)])
        return RandomEvent(node, _relation_label(op, left, right), bindings)

    def _compare(self, value: Any, op: Callable[[Any, Any], Any]) -> RandomEvent:
        if isinstance(value, FiniteRV):
            return self._relation(value, op)
        self._require_numeric("a comparison")
        v = _value(value)
        if not _numeric(v):
            raise InvalidValueError(f"cannot compare {self.name} with the label {v!r}; compare with a number")
        return self._event(lambda x: op(x, v), _relation_label(op, self.name, v))

    def __lt__(self, value: Any) -> RandomEvent:
        return self._compare(value, operator.lt)

    def __le__(self, value: Any) -> RandomEvent:
        return self._compare(value, operator.le)

    def __gt__(self, value: Any) -> RandomEvent:
        return self._compare(value, operator.gt)

    def __ge__(self, value: Any) -> RandomEvent:
        return self._compare(value, operator.ge)

    __hash__ = object.__hash__  # comparisons build events; == stays identity

    def indicator(self, value: Any, name: Any = "") -> FiniteRV:
        """The indicator 1{X = value} (1 where X takes ``value``, else 0), a function of X."""
        return self.eq(value).indicator(name)

    def given(self, event: Any) -> FiniteRV:
        """X on the conditional space given an event B of positive probability.

        B may be an event of any random variables (``X.given(X + Y >= 10)``), an Event of
        X's space, or a set / predicate of outcomes of X's space.  An expression combining
        the result with other variables is evaluated under ℙ(· | B).

        Raises
        ------
        ZeroProbabilityError
            When ℙ(B) = 0.
        """
        b = _as_random_event(event, self.space)
        if is_zero(joint.law(b._node).get(True, sp.S.Zero), joint.constraints_of(b._node)) is True:
            raise ZeroProbabilityError(f"cannot condition {self.name} on {b.name}: its probability is 0")
        (x, given), bindings = merge_labels([(self.name, self.bindings), (b.name, b.bindings)])
        return FiniteRV._of(Given(self._node, b._node), Conditioned(x, given), bindings)

    # --- arithmetic ------------------------------------------------------------------

    def apply(self, g: Callable[[Any], Any], name: Any = "") -> FiniteRV:
        """The random variable g(X) (a function of the same sources)."""
        if not callable(g):
            raise InvalidValueError("apply needs a function value -> value")
        if has_name(name):
            return FiniteRV._of(Op("apply", g, [self._node], normalize=_value), name)
        return self._derived(g, sp.Function("g")(self.name))

    def _derived(self, g: Callable[[Any], Any], label: Any) -> FiniteRV:
        """g(X) named by a label built from X's name (X**2, 1/X): the same variables in it."""
        return FiniteRV._of(Op("apply", g, [self._node], normalize=_value), label, self.bindings)

    def _affine(self, scale: Any, shift: Any, name: Any) -> FiniteRV:
        self._require_numeric("arithmetic")
        node = Op(
            "affine", lambda v: scale * v + shift, [self._node], normalize=_value, params=(scale, shift)
        )
        return FiniteRV._of(node, name, self.bindings)

    def _binary(
        self, other: Any, op: Callable[[Any, Any], Any], sym: str, reflected: bool = False
    ) -> FiniteRV:
        if not isinstance(other, FiniteRV):
            return self._with_constant(_value(other), op, sym, reflected)
        left, right = (other, self) if reflected else (self, other)
        left._require_numeric("arithmetic")
        right._require_numeric("arithmetic")
        if op is _divide:
            _check_divisor(right)
        node = Op(_ARITHMETIC[sym], op, [left._node, right._node], normalize=_value)
        (a, b), bindings = merge_labels([(left.name, left.bindings), (right.name, right.bindings)])
        return FiniteRV._of(node, _name_of(sym, a, b), bindings)

    def _with_constant(self, c: Any, op: Callable[[Any, Any], Any], sym: str, reflected: bool) -> FiniteRV:
        self._require_numeric("arithmetic")
        if not _numeric(c):
            raise InvalidValueError(f"arithmetic needs numbers; {c!r} is a label")
        label = _name_of(sym, c, self.name) if reflected else _name_of(sym, self.name, c)
        affine = {
            "+": (sp.S.One, c),
            "-": (sp.S.NegativeOne, c) if reflected else (sp.S.One, -c),
            "*": (c, sp.S.Zero),
        }
        if sym == "/" and not reflected:
            if is_zero(c) is not False:
                raise ZeroProbabilityError(f"division of {self.name} by {c}, which is 0")
            affine["/"] = (1 / c, sp.S.Zero)
        if sym in affine:
            return self._affine(*affine[sym], label)
        if op is _divide:
            _check_divisor(self)
        fn = (lambda v: op(c, v)) if reflected else (lambda v: op(v, c))
        return self._derived(fn, label)

    def __add__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.add, "+")

    def __radd__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.add, "+", reflected=True)

    def __sub__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.sub, "-")

    def __rsub__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.sub, "-", reflected=True)

    def __mul__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.mul, "*")

    def __rmul__(self, other: Any) -> FiniteRV:
        return self._binary(other, operator.mul, "*", reflected=True)

    def __truediv__(self, other: Any) -> FiniteRV:
        return self._binary(other, _divide, "/")

    def __rtruediv__(self, other: Any) -> FiniteRV:
        return self._binary(other, _divide, "/", reflected=True)

    def __pow__(self, k: int) -> FiniteRV:
        self._require_numeric("a power")
        if isinstance(k, bool) or not isinstance(k, (int, sp.Integer)):
            raise InvalidValueError(f"X ** k needs a whole number k, not {k!r}")
        if k < 0:
            _check_divisor(self)
        return self._derived(lambda v: v**k, self.name**k)

    def __neg__(self) -> FiniteRV:
        return self._affine(sp.S.NegativeOne, sp.S.Zero, -self.name)

    def maximum(self, other: FiniteRV) -> FiniteRV:
        """max(X, Y), pointwise on the joint space."""
        return self._binary(other, _max, "max")

    def minimum(self, other: FiniteRV) -> FiniteRV:
        """min(X, Y)."""
        return self._binary(other, _min, "min")

    # --- printing --------------------------------------------------------------------

    def __repr__(self) -> str:
        try:
            items = list(self.pmf.items())
        except SymmlError as exc:  # e.g. conditioned on events that exclude each other
            return f"FiniteRV({self.name}: undefined, {exc})"
        body = ", ".join(f"{v!r}: {w}" for v, w in items[:8]) + (", …" if len(items) > 8 else "")
        return f"FiniteRV({{{body}}})"

    json_fields = ("name", "pmf")

    def text(self) -> str:
        """The pmf, one value a line (at most 10 lines): ``P(X = 1) = 1/6``."""
        from symml.core.latex.text import counted, plain, with_decimals

        try:
            items = list(self.pmf.items())
        except SymmlError as exc:
            return f"{self.name}: undefined ({exc})"
        shown = items if len(items) <= 10 else items[:4] + [None] + items[-4:]
        lines = [f"random variable {plain(self.name)} with {counted(len(items), 'value')}"]
        for item in shown:
            shown = "..." if item is None else f"P({plain(self.name)} = {plain(item[0])})"
            pair = shown if item is None else f"{shown} = {with_decimals(item[1])}"
            lines.append(f"  {pair}")
        return "\n".join(lines)

    def _latex(self, printer: Any) -> str:
        return pmf_table(self, printer)


def _divide(a: Any, b: Any) -> Any:
    if b == 0:
        raise ZeroProbabilityError("division by a random variable that takes the value 0")
    return a / b


def _check_divisor(Y: FiniteRV) -> None:
    """A divisor must not take the value 0 with positive probability."""
    for v, w in joint.law(Y._node).items():
        if is_zero(v) is not False and is_zero(w, joint.constraints_of(Y._node)) is not True:
            raise ZeroProbabilityError(
                f"{Y.name} takes the value 0 (with probability {w}); its reciprocal is undefined there"
            )


def _max(a: Any, b: Any) -> Any:
    return sp.Max(a, b)


def _min(a: Any, b: Any) -> Any:
    return sp.Min(a, b)


class RandomEvent:
    """An event defined by random variables: {X > 3}, {X = Y}, {X + Y ≥ 10}.

    A true/false function of the variables' sources.  Combine with ``&``, ``|``, ``~`` and
    ``-``; ask ``P(A)`` or ``P(A, given=B)``; condition a variable with ``X.given(A)``.
    ``name`` is the event's label, a SymPy boolean the printer writes (``X >= 5``,
    ``Eq(X, Y)``, a plain name such as ``A``).
    """

    def __init__(self, node: Node, name: Any, bindings: Bindings | None = None) -> None:
        self._node = node
        self.name = as_label(name)
        #: which variable each random-variable symbol of the label denotes
        self.bindings: Bindings = dict(bindings or {})

    @property
    def symbol(self) -> Any:
        """The event's label (see :attr:`name`), for equations such as ℙ(A) = 1/2."""
        return self.name

    @property
    def space(self) -> FiniteSpace:
        """The joint space of the event's sources."""
        return joint.joint_space(self._node.sources)

    @property
    def outcomes(self) -> frozenset[Any]:
        """The outcomes of :attr:`space` in the event."""
        return self.on_space(self.space).outcomes

    def on_space(self, space: FiniteSpace, name: Any = "") -> Event:
        """The event as a subset of ``space`` (a space whose sources include the event's)."""
        sources = joint.sources_of_space(space)
        if not self._node.sources <= set(sources) or self._node.conditions:
            raise InvalidValueError(
                f"the event {self.name} depends on other random experiments than the space's outcomes"
            )
        chosen = frozenset(
            o for o in space.outcomes if joint.evaluate(self._node, joint.assignment(sources, o))
        )
        return Event(space, chosen, name if has_name(name) else self.name)

    def _combine(self, other: Any, fn: Callable[..., bool], label: Callable[[Any, Any], Any]) -> RandomEvent:
        b = _as_random_event(other, None)
        node = Op("logic", fn, [self._node, b._node], boolean=True)
        labels, bindings = merge_labels([(self.name, self.bindings), (b.name, b.bindings)])
        return RandomEvent(node, label(*labels), bindings)

    def __and__(self, other: Any) -> RandomEvent:
        return self._combine(other, lambda a, b: a and b, sp.And)

    def __rand__(self, other: Any) -> RandomEvent:
        return _as_random_event(other, None) & self

    def __or__(self, other: Any) -> RandomEvent:
        return self._combine(other, lambda a, b: a or b, sp.Or)

    def __ror__(self, other: Any) -> RandomEvent:
        return _as_random_event(other, None) | self

    def __sub__(self, other: Any) -> RandomEvent:
        return self._combine(other, lambda a, b: a and not b, lambda a, b: sp.And(a, sp.Not(b)))

    def __invert__(self) -> RandomEvent:
        node = Op("logic", operator.not_, [self._node], boolean=True)
        return RandomEvent(node, sp.Not(self.name), self.bindings)

    def complement(self) -> RandomEvent:
        """The complement Ω \\ A."""
        return ~self

    def named(self, name: Any) -> RandomEvent:
        """The same event with another name (a plain name such as ``A`` or a SymPy label)."""
        return RandomEvent(self._node, name)

    def indicator(self, name: Any = "") -> FiniteRV:
        """The random variable 1_A (1 on the event, 0 off it)."""
        node = Op("apply", lambda t: sp.Integer(int(t)), [self._node])
        if has_name(name):
            return FiniteRV._of(node, name)
        return FiniteRV._of(node, Indicator(self.name), self.bindings)

    def __bool__(self) -> bool:
        # `if X > 3:` or `1 < X < 3` would silently test the event object, not a probability
        raise InvalidValueError(
            f"the event {self.name} has no truth value; ask P(event), or combine events with & and |"
        )

    def __iter__(self) -> Iterator[Any]:
        return iter(self.on_space(self.space))

    def __len__(self) -> int:
        return len(self.outcomes)

    def __contains__(self, outcome: Any) -> bool:
        return outcome in self.outcomes

    def __repr__(self) -> str:
        return f"RandomEvent({self.name})"


#: which variable (the node of a FiniteRV) each random-variable symbol of a label denotes
Bindings = dict[sp.Symbol, Any]


def merge_labels(parts: Sequence[tuple[Any, Bindings]]) -> tuple[list[Any], Bindings]:
    """Labels of several variables or events made consistent: one symbol per variable.

    ``parts`` are ``(label, bindings)`` pairs.  A later label's symbol that an earlier one
    uses for another variable is renamed: to the name that variable already has there, or
    to a fresh prime (``X'``, the name ``X_prime``).  Returns the labels and the bindings
    of them all.  Two dice both called X: {X = 6} ∩ {X' = 6}, and Y > X given X = 6
    (Y also called X) is {X > X'} given {X' = 6}.
    """
    merged: Bindings = {}
    labels = []
    for label, binds in parts:
        names_of = {id(node): s for s, node in merged.items()}
        renames: dict[sp.Symbol, sp.Symbol] = {}
        taken = set(merged) | set(binds)
        for s, node in binds.items():
            if merged.get(s, node) is node and names_of.get(id(node), s) == s:
                continue
            renames[s] = names_of.get(id(node)) or _fresh_prime(s, taken)
            taken.add(renames[s])
        labels.append(as_sympy(label).xreplace(renames) if renames else as_sympy(label))
        for s, node in binds.items():
            merged[renames.get(s, s)] = node
    return labels, merged


def _fresh_prime(s: sp.Symbol, taken: set[sp.Symbol]) -> sp.Symbol:
    """X', X'', ... (the names X_prime, X_prime_prime): the first not in ``taken``."""
    name = f"{s.name}_prime"
    while sp.Symbol(name) in taken:
        name += "_prime"
    return sp.Symbol(name)


def _symbols(label: Any) -> set[sp.Symbol]:
    return {s for s in getattr(label, "free_symbols", ()) if isinstance(s, sp.Symbol)}


def _distinct_names(a: FiniteRV, b: FiniteRV) -> tuple[Any, Any]:
    """The names to print for a and b (see :func:`merge_labels`)."""
    (first, second), _ = merge_labels([(a.name, a.bindings), (b.name, b.bindings)])
    return first, second


def _as_random_event(event: Any, space: FiniteSpace | None) -> RandomEvent:
    """An event of random variables from a RandomEvent, an Event, or a set/predicate of ``space``."""
    if isinstance(event, RandomEvent):
        return event
    if not isinstance(event, Event):
        if space is None:
            raise InvalidValueError("combine events with events (e.g. (X > 3) & Y.eq(1))")
        event = space.event(event)
    return RandomEvent(joint.event_node(event), event.name)


# --- sums of independent copies --------------------------------------------------------------


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, sp.Integer)) or int(n) < 1:
        raise InvalidValueError(f"the number of copies must be a whole number ≥ 1, not {n!r}")
    return int(n)


def iid_sum(X: FiniteRV, n: int, name: Any = "") -> FiniteRV:
    """The sum of n independent copies of X, by exact convolution (never the product space).

    The result is a new source (independent of X: it is made of copies).  Its mean and
    variance are n E[X] and n Var[X] (no pmf needed).  For values on a lattice a + k·h the
    generating polynomial Σ ℙ(X = a + kh) t^k is raised to the n-th power when the pmf is
    first asked for (python-flint over the integers for rational probabilities, SymPy's
    polynomials when they have a parameter); otherwise the pmf is convolved as a dict by
    repeated squaring.

    Parameters
    ----------
    X : FiniteRV
        A variable with numeric values (labels such as ``"H"`` raise
        ``InvalidValueError``; use ``.indicator("H")``).
    n : int
        The number of copies, a whole number ≥ 1 (else ``InvalidValueError``).
    name : str, optional
        The sum's name, a plain name (default ``S_n``, printed with a subscript).

    Returns
    -------
    FiniteRV
        X₁ + … + Xₙ for independent copies Xᵢ of X: a new source, independent of X.
        Too large a support raises ``LimitExceededError`` when the pmf is built.

    Examples
    --------
    The sum of two dice takes 7 with probability 1/6; E = 7, Var = 2 · 35/12 = 35/6:

    >>> from symml.probability import Die, E, Var
    >>> S = iid_sum(Die(6), 2)
    >>> S.pmf_at(7), E(S), Var(S)
    (1/6, 7, 35/6)

    With a parameter, the number of heads in three flips of a p-coin:

    >>> import sympy as sp
    >>> from symml.probability import Coin
    >>> p = sp.Symbol("p")
    >>> heads = iid_sum(Coin(p).indicator("H"), 3)
    >>> heads.pmf[2]
    3*p**2*(1 - p)
    """
    if not isinstance(X, FiniteRV):
        raise InvalidValueError("iid_sum needs a FiniteRV (e.g. Die(6) or FiniteRV({0: 1/2, 1: 1/2}))")
    n = _check_n(n)
    X._require_numeric("iid_sum")
    node = X._node
    moments = (n * joint.mean(node), n * joint.variance(node))
    constraints = joint.constraints_of(node)

    def base() -> Any:
        lat = joint.lattice(node)
        return lat if lat is not None else lattice_of(joint.law(node))

    def make_lattice() -> Any:
        lat = base()
        return lattice_pow(lat, n) if lat is not None else None

    def make_weights() -> dict[Any, Any]:
        lat = source.lattice()
        if lat is not None:
            pmf = lat.to_dict()
            return pmf if lat.integral else {v: factor_weight(w) for v, w in pmf.items()}
        return _dict_power(joint.law(node), n)

    source = Source(
        make_lattice=make_lattice,
        make_weights=make_weights,
        moments=moments,
        constraints=constraints,
    )
    return FiniteRV._from_source(source, name if has_name(name) else f"S_{n}")


def _dict_power(pmf: dict[Any, Any], n: int) -> dict[Any, Any]:
    def add(p: dict[Any, Any], q: dict[Any, Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for x, px in p.items():
            for y, qy in q.items():
                v = _value(x + y)
                out[v] = out.get(v, 0) + px * qy
        return joint.merge_equal_values({v: sp.expand(w) if w.free_symbols else w for v, w in out.items()})

    # the support of a sum of n copies has at most C(n + k - 1, k - 1) values (k values each)
    k = len(pmf)
    limits.check("max_support", math.comb(n + k - 1, k - 1) if k < 64 else 10**30, f"the sum of {n} copies")
    result: dict[Any, Any] | None = None
    power = pmf
    while n:
        if n & 1:
            result = power if result is None else add(result, power)
        n >>= 1
        if n:
            power = add(power, power)
    assert result is not None
    return result


def trusted_rv(
    make_weights: Callable[[], dict[Any, Any]], moments: tuple[Any, Any] | None, constraints: Any, name: Any
) -> FiniteRV:
    """A new source whose weights are a probability measure by construction (a family's closed
    form: non-negative under its constraints, summing to 1 by a theorem), with known moments."""
    source = Source(make_weights=make_weights, moments=moments, constraints=tuple(constraints))
    return FiniteRV._from_source(source, name)


# --- expectations ------------------------------------------------------------------------


def _rv(X: Any, what: str) -> FiniteRV:
    if not isinstance(X, FiniteRV):
        raise InvalidValueError(f"{what} needs a FiniteRV (e.g. Die(6)), not {type(X).__name__}")
    return X


def E(X: FiniteRV, g: Callable[[Any], Any] | None = None) -> Any:
    """The expectation E[X] = Σ x ℙ(X = x), or E[g(X)], exactly.

    Sums use linearity (E[X + Y] = E[X] + E[Y], no pmf is built).

    Parameters
    ----------
    X : FiniteRV
        The random variable (anything else raises ``InvalidValueError``).
    g : callable, optional
        A function of the values: then E[g(X)] = Σ g(x) ℙ(X = x) is returned.

    Returns
    -------
    SymPy expression
        The exact expectation (a Rational, or an expression in the parameters).

    Raises
    ------
    InvalidValueError
        When X takes non-numeric values (labels such as "H").

    Examples
    --------
    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6)
    >>> E(X), E(X + Y), E(X, lambda x: x**2)
    (7/2, 7, 91/6)
    """
    X = _rv(X, "E")
    if g is not None:
        X = X.apply(g)
    X._require_numeric("E")
    return joint.mean(X._node)


def moment(X: FiniteRV, k: int, central: bool = False) -> Any:
    """The k-th moment E[X^k], or the central moment E[(X − E[X])^k].

    Parameters
    ----------
    X : FiniteRV
        A variable with numeric values (else ``InvalidValueError``).
    k : int
        The order, a whole number ≥ 1 (else ``InvalidValueError``).
    central : bool, default False
        Whether to centre at the mean first.

    Returns
    -------
    SymPy expression
        The exact moment.

    Examples
    --------
    For a fair die, E[X²] = 91/6 and the second central moment is the variance 35/12;
    the third central moment of a symmetric law is 0:

    >>> from symml.probability import Die
    >>> X = Die(6)
    >>> moment(X, 2), moment(X, 2, central=True), moment(X, 3, central=True)
    (91/6, 35/12, 0)
    """
    k = _check_n(k)
    X = _rv(X, "moment")
    X._require_numeric("a moment")
    mu = E(X) if central else sp.S.Zero
    return E(X, lambda v: (v - mu) ** k)


def Var(X: FiniteRV) -> Any:
    """The variance Var[X] = E[(X − E[X])²], exactly (by bilinearity for sums).

    Parameters
    ----------
    X : FiniteRV
        A variable with numeric values (labels raise ``InvalidValueError``).

    Returns
    -------
    SymPy expression
        The exact variance.

    Examples
    --------
    >>> import sympy as sp
    >>> from symml.probability import Bernoulli, Die
    >>> X, Y = Die(6), Die(6)
    >>> Var(X), Var(X + Y), Var(2 * X)
    (35/12, 35/6, 35/3)
    >>> p = sp.Symbol("p")
    >>> Var(Bernoulli(p))
    p*(1 - p)
    """
    X = _rv(X, "Var")
    X._require_numeric("Var")
    return joint.variance(X._node)


def std(X: FiniteRV) -> Any:
    """The standard deviation √Var[X].

    Parameters
    ----------
    X : FiniteRV
        A variable with numeric values (labels raise ``InvalidValueError``).

    Returns
    -------
    SymPy expression
        The exact square root of the variance.

    Examples
    --------
    >>> from symml.probability import Die
    >>> std(Die(6))
    sqrt(105)/6
    """
    return sp.sqrt(Var(X))


def Cov(X: FiniteRV, Y: FiniteRV) -> Any:
    """The covariance E[(X − E X)(Y − E Y)]: 0 for variables on disjoint sources, bilinear
    on sums, otherwise from the joint law over the shared sources.

    Parameters
    ----------
    X, Y : FiniteRV
        Variables with numeric values (labels raise ``InvalidValueError``).

    Returns
    -------
    SymPy expression
        The exact covariance.

    Examples
    --------
    Two independent dice have covariance 0; Cov(X, X + Y) = Var X = 35/12:

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6)
    >>> Cov(X, Y), Cov(X, X + Y)
    (0, 35/12)
    """
    X, Y = _rv(X, "Cov"), _rv(Y, "Cov")
    X._require_numeric("Cov")
    Y._require_numeric("Cov")
    return joint.covariance(X._node, Y._node)


def correlation(X: FiniteRV, Y: FiniteRV) -> Any:
    """The correlation Cov[X, Y] / √(Var[X] Var[Y]).

    Parameters
    ----------
    X, Y : FiniteRV
        Variables with numeric values.

    Returns
    -------
    SymPy expression
        The exact correlation, in [−1, 1].

    Raises
    ------
    InvalidValueError
        When X or Y is constant (zero variance), or takes labels as values.

    Examples
    --------
    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6)
    >>> correlation(X, X + Y), correlation(X, -X)
    (sqrt(2)/2, -1)
    """
    vx, vy = Var(X), Var(Y)
    constraints = joint.constraints_of(X._node, Y._node)
    if is_zero(vx, constraints) is not False or is_zero(vy, constraints) is not False:
        raise InvalidValueError("the correlation is undefined for a constant random variable (variance 0)")
    return sp.simplify(Cov(X, Y) / sp.sqrt(vx * vy))


def _log_base(base: Any) -> Any:
    if base is None:
        return None
    b = exact_number(base, "the base of the logarithm")
    if b.free_symbols or not b.is_extended_real or b.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        raise InvalidValueError(f"the base of the logarithm must be a real number > 0 and ≠ 1, not {b}")
    if not (b > 0) or is_zero(b - 1) is not False:
        raise InvalidValueError(f"the base of the logarithm must be > 0 and ≠ 1, not {b}")
    return b


def entropy(X: FiniteRV, base: Any = None) -> Any:
    """The Shannon entropy H(X) = −Σ ℙ(X = x) log ℙ(X = x), exactly (nats; ``base=2`` for bits).

    Parameters
    ----------
    X : FiniteRV
        Any finite variable (its values may be labels: only the probabilities count).
    base : number, optional
        The base of the logarithm: a real number > 0 and ≠ 1 (else ``InvalidValueError``);
        by default the natural logarithm.

    Returns
    -------
    SymPy expression
        The exact entropy (terms with ℙ = 0 contribute 0).

    Examples
    --------
    A fair coin carries one bit; a fair die log 6 nats:

    >>> from symml.probability import Coin, Die
    >>> entropy(Coin(), base=2), entropy(Die(6))
    (1, log(6))
    """
    X = _rv(X, "entropy")
    b = _log_base(base)
    terms = []
    for w in X.pmf.values():
        if w == 0:
            continue  # 0 log 0 = 0
        terms.append(-w * (sp.log(w) if b is None else sp.log(w, b)))
    return sp.expand_log(sp.Add(*terms), force=True) if not X.parameters else sp.Add(*terms)


# --- joint distributions ---------------------------------------------------------------------


def _tuple_law(rvs: Iterable[FiniteRV]) -> dict[tuple[Any, ...], Any]:
    nodes = [X._node for X in rvs]
    return joint.law(Op("tuple", lambda *v: tuple(v), nodes))


def joint_pmf(*rvs: FiniteRV) -> dict[tuple[Any, ...], Any]:
    """The joint pmf (x₁, …, x_k) -> ℙ(X₁ = x₁, …, X_k = x_k), exactly.

    Computed on the joint model: only the sources the variables share are enumerated;
    variables on disjoint sources multiply.

    Parameters
    ----------
    *rvs : FiniteRV
        One or more random variables (none raises ``InvalidValueError``).

    Returns
    -------
    dict
        Tuple of values -> exact joint probability; only pairs of positive probability
        appear.

    Examples
    --------
    A die X and the sum S = X + Y of two dice: ℙ(X = 1, S = 2) = 1/36, and
    ℙ(X = 6, S = 2) = 0 (the pair is absent).

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6)
    >>> law = joint_pmf(X, X + Y)
    >>> law[(1, 2)], (6, 2) in law, len(law)
    (1/36, False, 36)
    """
    if not rvs:
        raise InvalidValueError("joint_pmf needs at least one random variable")
    law = _tuple_law(_rv(X, "joint_pmf") for X in rvs)
    return {k: joint.simplify_value(w) for k, w in law.items()}


def marginal_pmf(joint_law: Mapping[tuple[Any, ...], Any], index: int) -> dict[Any, Any]:
    """The marginal pmf of coordinate ``index`` of a joint pmf: Σ over the other coordinates.

    Parameters
    ----------
    joint_law : mapping tuple -> probability
        A joint pmf, e.g. from :func:`joint_pmf`.
    index : int
        The coordinate to keep (0 for the first variable).

    Returns
    -------
    dict
        Value -> exact marginal probability, sorted by value.

    Examples
    --------
    The marginal of the sum of two dice, read off their joint pmf:

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6)
    >>> marginal_pmf(joint_pmf(X, X + Y), 1)[7]
    1/6
    """
    out: dict[Any, Any] = {}
    for key, w in joint_law.items():
        out[key[index]] = out.get(key[index], 0) + w
    return {v: joint.simplify_value(out[v]) for v in _sorted_values(out)}


def conditional_pmf(X: FiniteRV, Y: FiniteRV, y: Any) -> dict[Any, Any]:
    """The conditional pmf x -> ℙ(X = x | Y = y).

    Parameters
    ----------
    X, Y : FiniteRV
        Random variables (of one joint model; they may share sources).
    y : number or label
        The value of Y conditioned on; it must have positive probability.

    Returns
    -------
    dict
        Value x -> exact ℙ(X = x | Y = y), sorted by value, zeros left out.

    Raises
    ------
    ZeroProbabilityError
        When ℙ(Y = y) = 0.

    Examples
    --------
    Given that two dice sum to 4, the first shows 1, 2 or 3 with equal probability:

    >>> from symml.probability import Die
    >>> X, Y = Die(6), Die(6)
    >>> conditional_pmf(X, X + Y, 4)
    {1: 1/3, 2: 1/3, 3: 1/3}
    """
    law = _tuple_law([_rv(X, "conditional_pmf"), _rv(Y, "conditional_pmf")])
    y = _value(y)
    py = sp.Add(*(w for (a, b), w in law.items() if _same(b, y)))
    if is_zero(py, joint.constraints_of(X._node, Y._node)) is not False:
        raise ZeroProbabilityError(f"ℙ({Y.name} = {y}) = 0; condition on a value {Y.name} takes")
    out = {a: sp.factor(sp.cancel(w / py)) for (a, b), w in law.items() if _same(b, y)}
    return {v: out[v] for v in _sorted_values(out) if out[v] != 0}


def independent_rvs(X: FiniteRV, Y: FiniteRV) -> Result:
    """Whether ℙ(X = x, Y = y) = ℙ(X = x) ℙ(Y = y) for all x, y (proven or refuted exactly)."""
    names = _distinct_names(X, Y)
    claim = _product_rule(*names, sp.Symbol("x"), sp.Symbol("y"))
    a, b = X._node, Y._node
    if not (a.sources & b.sources) and not (a.conditions or b.conditions):
        reason = "functions of disjoint sets of independent sources: independent by construction"
        return Result(claim, Verdict.PROVEN, steps=(Step(sp.true, reason, rule="independent-sources"),))
    law = _tuple_law([X, Y])
    px, py = X.pmf, Y.pmf
    constraints = joint.constraints_of(a, b)
    for x, wx in px.items():
        for y, wy in py.items():
            pxy = law.get((x, y), sp.S.Zero)
            diff = sp.expand(pxy - wx * wy)
            if is_zero(diff, constraints) is True:
                continue
            ok, point = decide(sp.Eq(diff, 0), constraints) if diff.free_symbols else (False, {})
            if ok is True:
                continue
            if ok is False:
                return _dependence_witness(claim, names, (x, y), (pxy, wx * wy), point)
            return Result(claim, Verdict.UNDECIDED, notes=(f"could not decide whether {diff} = 0",))
    every = f"P(X = x, Y = y) = P(X = x) P(Y = y) for all {len(px) * len(py)} pairs (x, y)"
    steps = (Step(sp.true, every, rule="product-rule"),)
    return Result(claim, Verdict.PROVEN, steps=steps)


def _product_rule(a: Any, b: Any, x: Any, y: Any) -> sp.Eq:
    """ℙ(X = x, Y = y) = ℙ(X = x) ℙ(Y = y): independence of X and Y (for all x, y)."""
    ax, by = sp.Eq(a, outcome(x)), sp.Eq(b, outcome(y))
    return _eq(ProbabilityOf(sp.And(ax, by)), ProbabilityOf(ax) * ProbabilityOf(by))


def _dependence_witness(
    claim: Any, names: tuple[Any, Any], xy: tuple, probabilities: tuple, point: dict
) -> Result:
    (x, y), (a, b) = xy, names
    values: dict[Any, Any] = {"x": outcome(x), "y": outcome(y), **{str(k): v for k, v in point.items()}}
    lhs, rhs = (sp.factor(as_sympy(q).subs(point)) for q in probabilities)
    rule = _product_rule(a, b, x, y)
    values[rule.lhs] = lhs
    values[rule.rhs] = rhs
    return Result(claim, Verdict.REFUTED, witness=Witness(values, sp.Ne(lhs, rhs, evaluate=False)))


# --- probabilities of events -----------------------------------------------------------------


def _factored(value: sp.Expr) -> Any:
    return value if value.is_Rational else sp.factor(value)


def _probability_of(event: RandomEvent) -> Any:
    return _factored(joint.law(event._node).get(True, sp.S.Zero))


def _eq(lhs: Any, rhs: Any) -> sp.Eq:
    return sp.Eq(lhs, rhs, evaluate=False)


def P(event: Any, given: Any = None) -> Probability:
    """ℙ(A) or ℙ(A | B) of an event (e.g. ``P(X > 3)``, ``P(X > Y, given=X + Y >= 10)``), exactly with steps.

    Parameters
    ----------
    event : Event or event of random variables
        A comparison of random variables (``X > 3``, ``X.eq(2)``, ``X > Y``,
        ``(X > 3) & Y.eq(1)``) or an :class:`~symml.probability.spaces.Event` of a
        :class:`~symml.probability.spaces.FiniteSpace`.  Anything else (a set, a bool)
        raises ``InvalidValueError``; for a set of outcomes use ``space.P({...})``.
    given : event, optional
        The conditioning event B; ℙ(A | B) = ℙ(A ∩ B) / ℙ(B) (definition (3.4)).
        ``ZeroProbabilityError`` when ℙ(B) = 0; events of two different spaces raise
        ``InvalidValueError``.

    Returns
    -------
    Probability
        ``.value`` is the exact probability, ``.steps`` the derivation and ``.condition``
        what it needs of the parameters (``True``, or e.g. ℙ(B) > 0).  It also behaves
        like its value in arithmetic (``1 - P(A)``).

    Examples
    --------
    >>> from symml.probability import Die
    >>> X = Die(6)
    >>> P(X > 4).value, P(X.eq(6), given=X > 4).value
    (1/3, 1/2)

    Two dice: the first shows more with probability 5/12; given a total of at least 10,
    the first is a six with probability 1/2:

    >>> Y = Die(6)
    >>> P(X > Y).value, P(X.eq(6), given=X + Y >= 10).value
    (5/12, 1/2)
    """
    if not isinstance(event, (Event, RandomEvent)):
        raise InvalidValueError(
            "P needs an Event (e.g. X > 3, X.eq(2), X > Y, space.event({1, 2})); "
            "for a set of outcomes use space.P({...})"
        )
    if isinstance(event, Event) and not isinstance(given, RandomEvent):
        if given is not None and isinstance(given, Event) and given.space is not event.space:
            raise InvalidValueError(
                "A and B must be events of the same space (or events of random variables)"
            )
        return event.space.P(event, given=given)
    a = _as_random_event(event, None)
    if given is None:
        value = _probability_of(a)
        label = ProbabilityOf(a.symbol)
        step = Step(
            _eq(label, value),
            "sum of ℙ over the joint outcomes of the sources where the event holds",
            rule="sum-of-weights",
        )
        return Probability(label, value, (step,))
    return _conditional(a, _as_random_event(given, event.space if isinstance(event, Event) else None))


def _conditional(a: RandomEvent, b: RandomEvent) -> Probability:
    # one law of the pair, so that both probabilities live on the same (conditional) space
    pair = joint.law(Op("tuple", lambda *v: v, [a._node, b._node]))
    pb = _factored(sp.Add(*(w for (_, hb), w in pair.items() if hb)))
    pab = _factored(sp.Add(*(w for (ha, hb), w in pair.items() if ha and hb)))
    constraints = joint.constraints_of(a._node, b._node)
    (la, lb), _ = merge_labels([(a.name, a.bindings), (b.name, b.bindings)])
    label = ProbabilityOf(la, lb)
    if is_zero(pb, constraints) is True:
        raise ZeroProbabilityError(
            f"cannot condition on {b.name}: its probability is 0; condition on an event with ℙ(B) > 0"
        )
    positive, _ = decide(pb > 0, constraints) if pb.free_symbols else (is_zero(pb) is False, {})
    both = a & b
    value = sp.factor(sp.cancel(pab / pb))
    steps = (
        Step(
            _eq(label, ProbabilityOf(both.symbol) / ProbabilityOf(lb)),
            "definition (3.4)",
            rule="conditional-probability",
        ),
        Step(_eq(label, Quotient(pab, pb)), "the two probabilities", rule="substitute"),
        Step(_eq(label, value), "simplify", rule="simplify"),
    )
    return Probability(label, value, steps, sp.true if positive is True else sp.Gt(pb, 0))


def pmf_table(X: FiniteRV, printer: Any, limit: int = 40) -> str:
    """The pmf of X as a table in display math: a row of values, a row of ℙ(X = x)."""
    from symml.core.latex import outcome_latex, table

    items = list(X.pmf.items())
    shown = items if len(items) <= limit else items[: limit // 2] + [(None, None)] + items[-limit // 2 :]
    cols = []
    for v, w in shown:
        if v is None:
            cols.append((printer._print(...), printer._print(...)))  # the entries left out
        else:
            cols.append((outcome_latex(v), printer._print(w)))
    chunks = [cols[i : i + 10] for i in range(0, len(cols), 10)]
    x = sp.Symbol("x")
    return "\n".join(
        table(
            ["x", *(c[0] for c in chunk)],
            [[printer._print(ProbabilityOf(sp.Eq(X.name, x))), *(c[1] for c in chunk)]],
            printer,
            spec="l" + "c" * len(chunk),
        )
        for chunk in chunks
    )
