"""The joint model under every random variable: independent sources and functions of them.

Every random variable is a function on the product of independent *sources*: a die, a
coin, a user's :class:`~symml.probability.spaces.FiniteSpace`, or the sum of n independent
copies of a variable (one source: nothing else can refer to its copies).  A derived variable
is a :class:`Node` recording its operation and its children, hence its sources; so X + X is
2X, and X is never independent of X + Y.  The law of a node is computed as follows:

* a source: its weights pushed through the map;
* an operation on children whose sources are pairwise disjoint: the children are
  independent, and their laws combine by convolution (sums on a lattice: one product of
  generating polynomials, see :mod:`symml.probability._lattice`) or by the product of pmfs;
* children that share sources: only the shared sources are enumerated.  Given their
  outcomes the children are independent again (their other sources are disjoint), so the
  law is the mixture, over the shared outcomes, of the combined conditional laws.

A conditioned variable ``X.given(B)`` lives on the conditional space: an expression that
contains it is evaluated under ℙ(· | B) (under all its conditions together).

Expectations, variances and covariances of sums use linearity and bilinearity (no pmf is
built); covariances of variables on disjoint sources are 0 without computation.
"""

from __future__ import annotations

import itertools
import math
import operator
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sympy as sp

from symml.core.errors import ZeroProbabilityError
from symml.core.forms import absorb_sign
from symml.core.limits import limits
from symml.core.parsing import as_sympy
from symml.probability._exact import equal_values, is_zero, ring_sum
from symml.probability._lattice import Lattice, lattice_add, lattice_affine, lattice_moments, lattice_of
from symml.probability.spaces import Event, FiniteSpace, product_space

__all__ = [
    "Source",
    "Node",
    "Leaf",
    "Op",
    "Given",
    "source_of",
    "law",
    "evaluate",
    "lattice",
    "mean",
    "variance",
    "covariance",
    "joint_space",
    "event_node",
]


_ORDER = itertools.count()


class Source:
    """One independent random experiment: outcomes with exact weights.

    The weights are given (a space) or made on demand from a lattice (an iid sum, whose
    mean and variance are known without its pmf).
    """

    def __init__(
        self,
        space: FiniteSpace | None = None,
        *,
        make_lattice: Callable[[], Lattice | None] | None = None,
        make_weights: Callable[[], dict[Any, Any]] | None = None,
        moments: tuple[Any, Any] | None = None,
        constraints: tuple[Any, ...] = (),
        requirements: tuple[Any, ...] = (),
    ) -> None:
        self.order = next(_ORDER)
        self._space = space
        self._make_lattice = make_lattice
        self._make_weights = make_weights
        self._lattice: Lattice | None = None
        self._lattice_done = False
        self._weights: dict[Any, Any] | None = dict(space.weights) if space is not None else None
        self.moments = moments
        self.constraints = space.constraints if space is not None else constraints
        self.requirements = space.requirements if space is not None else requirements

    @property
    def weights(self) -> dict[Any, Any]:
        """Outcome -> exact weight."""
        if self._weights is None:
            if self._make_weights is not None:
                self._weights = self._make_weights()
            else:
                lat = self.lattice()
                assert lat is not None
                self._weights = lat.to_dict()
        return self._weights

    def lattice(self) -> Lattice | None:
        """The weights as a generating polynomial, when the outcomes lie on a lattice."""
        if not self._lattice_done:
            self._lattice_done = True
            self._lattice = (
                self._make_lattice() if self._make_lattice is not None else lattice_of(self.weights)
            )
        return self._lattice

    @property
    def space(self) -> FiniteSpace:
        """The source as a FiniteSpace (its outcomes and weights)."""
        if self._space is None:
            self._space = FiniteSpace(self.weights, self.constraints, _trusted=self.requirements)
            _SOURCES[self._space] = weakref.ref(self)
        return self._space

    def __repr__(self) -> str:
        return f"Source#{self.order}"


# space -> its source, weakly both ways (a source holds its space, so a strong value would
# keep every space and source alive for ever)
_SOURCES: weakref.WeakKeyDictionary[FiniteSpace, weakref.ref[Source]] = weakref.WeakKeyDictionary()


def source_of(space: FiniteSpace) -> Source:
    """The source of a FiniteSpace: the same object for every variable defined on it."""
    ref = _SOURCES.get(space)
    source = ref() if ref is not None else None
    if source is None:  # no variable on this space is alive: a new source is indistinguishable
        source = Source(space)
        _SOURCES[space] = weakref.ref(source)
    return source


def _by_order(sources: Iterable[Source]) -> list[Source]:
    return sorted(sources, key=lambda s: s.order)


class Node:
    """A random variable as a function of its sources (private structure of FiniteRV)."""

    sources: frozenset[Source]
    conditions: tuple[Node, ...]  # condition events of the conditional space it lives on
    boolean: bool = False

    def _init_cache(self) -> None:
        self._law: dict[Any, Any] | None = None
        self._lattice: Lattice | None = None
        self._lattice_done = False
        self._mean: Any = None
        self._variance: Any = None


class Leaf(Node):
    """ω ↦ mapping[ω_source] (the outcome itself when ``mapping`` is None)."""

    def __init__(self, source: Source, mapping: Mapping[Any, Any] | None = None, boolean: bool = False):
        self.source = source
        self.mapping = mapping
        self.sources = frozenset((source,))
        self.conditions = ()
        self.boolean = boolean
        self._init_cache()

    def value(self, outcome: Any) -> Any:
        return outcome if self.mapping is None else self.mapping[outcome]


class Op(Node):
    """fn(child₁, …, child_k), with ``kind`` naming the operation for the fast paths
    ("add", "sub", "affine" (scale·X + shift), "mul", "tuple", "compare", …)."""

    def __init__(
        self,
        kind: str,
        fn: Callable[..., Any],
        children: Iterable[Node],
        *,
        normalize: Callable[[Any], Any] | None = None,
        boolean: bool = False,
        params: tuple[Any, ...] = (),
    ):
        self.kind = kind
        self.fn = fn
        self.children = tuple(children)
        self.normalize = normalize
        self.boolean = boolean
        self.params = params
        self.sources = frozenset().union(*(c.sources for c in self.children))
        self.conditions = tuple(dict.fromkeys(c for ch in self.children for c in ch.conditions))
        self._init_cache()

    def apply(self, values: Iterable[Any]) -> Any:
        v = self.fn(*values)
        return self.normalize(v) if self.normalize is not None else v


class Given(Node):
    """The child on the conditional space given the boolean node ``condition``."""

    def __init__(self, child: Node, condition: Node):
        self.child = child
        self.condition = strip(condition)
        self.sources = child.sources | condition.sources
        self.conditions = tuple(dict.fromkeys((*child.conditions, *condition.conditions, self.condition)))
        self.boolean = child.boolean
        self._init_cache()


def strip(node: Node) -> Node:
    """The same function of the sources with every condition removed."""
    if not node.conditions:
        return node
    if isinstance(node, Given):
        return strip(node.child)
    assert isinstance(node, Op)
    cached = getattr(node, "_stripped", None)
    if cached is None:
        cached = Op(
            node.kind,
            node.fn,
            [strip(c) for c in node.children],
            normalize=node.normalize,
            boolean=node.boolean,
            params=node.params,
        )
        node._stripped = cached  # type: ignore[attr-defined]
    return cached


def evaluate(node: Node, assignment: Mapping[Source, Any]) -> Any:
    """The value of the node at outcomes of (at least) its sources (conditions ignored)."""
    if isinstance(node, Leaf):
        return node.value(assignment[node.source])
    if isinstance(node, Given):
        return evaluate(node.child, assignment)
    assert isinstance(node, Op)
    return node.apply(evaluate(c, assignment) for c in node.children)


# --- laws -----------------------------------------------------------------------------


def _tidy(acc: dict[Any, Any]) -> dict[Any, Any]:
    out = {}
    for v, w in acc.items():
        w = as_sympy(w)
        out[v] = w if w.is_Rational else sp.expand(w)
    return merge_equal_values(out)


def merge_equal_values(pmf: dict[Any, Any]) -> dict[Any, Any]:
    """Values that are equal but written differently ((1+√2)² and 3+2√2) become one value."""
    irrational = [v for v in pmf if isinstance(v, sp.Expr) and not v.is_Rational]
    if len(irrational) < 2:
        return pmf
    groups = equal_values(irrational)
    if all(len(g) == 1 for g in groups):
        return pmf
    merged = set(irrational)
    out = {v: w for v, w in pmf.items() if v not in merged}
    for group in groups:
        out[group[0]] = sp.Add(*(pmf[v] for v in group))
    return out


def _bottom_up(
    node: Node, done: Callable[[Node], bool], compute: Callable[[Node], None], needs: Callable
) -> None:
    """compute(n) for ``node`` and the descendants ``needs`` names, children first, with an
    explicit stack: a sum of thousands of variables is a chain thousands of nodes deep."""
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        n, expanded = stack.pop()
        if done(n):
            continue
        if expanded:
            compute(n)
            continue
        stack.append((n, True))
        stack.extend((c, False) for c in needs(n) if not done(c))


def law(node: Node) -> dict[Any, Any]:
    """The exact law value -> probability of a node (cached on the node)."""
    if node._law is None:
        _bottom_up(node, lambda n: n._law is not None, _set_law, _law_needs)
    assert node._law is not None
    return node._law


def _set_law(node: Node) -> None:
    node._law = _conditional_law(node) if node.conditions else _free_law(node)


def _law_needs(node: Node) -> tuple[Node, ...]:
    # the children whose own laws combine into this one (a lattice or a mixture needs none)
    if node.conditions or not isinstance(node, Op) or lattice(node) is not None or _shared(node.children):
        return ()
    return node.children


def _free_law(node: Node) -> dict[Any, Any]:
    if isinstance(node, Leaf):
        if node.mapping is None:
            return merge_equal_values(dict(node.source.weights))
        acc: dict[Any, Any] = {}
        for o, w in node.source.weights.items():
            v = node.value(o)
            acc[v] = acc.get(v, 0) + w
        return merge_equal_values({v: w if w.is_Rational else sp.factor(w) for v, w in acc.items()})
    assert isinstance(node, Op)
    lat = lattice(node)
    if lat is not None:
        return lat.to_dict()
    shared = _shared(node.children)
    if shared:
        return _mixture(node, {}, shared)
    return _combine(node, [law(c) for c in node.children])


def _shared(children: Iterable[Node]) -> set[Source]:
    seen: set[Source] = set()
    shared: set[Source] = set()
    for c in children:
        shared |= seen & c.sources
        seen |= c.sources
    return shared


def _law_given(node: Node, fixed: Mapping[Source, Any]) -> dict[Any, Any]:
    """The law of an unconditioned node given outcomes of some of its sources."""
    relevant = {s: o for s, o in fixed.items() if s in node.sources}
    if not relevant:
        return law(node)
    if len(relevant) == len(node.sources):
        return {evaluate(node, relevant): sp.S.One}
    assert isinstance(node, Op)
    shared = _shared(node.children) - relevant.keys()
    if shared:
        return _mixture(node, relevant, shared)
    return _combine(node, [_law_given(c, relevant) for c in node.children])


def _mixture(node: Op, fixed: Mapping[Source, Any], shared: set[Source]) -> dict[Any, Any]:
    sources = _by_order(shared)
    size = math.prod(len(s.weights) for s in sources)
    limits.check("max_enumeration", size, f"enumerating the joint outcomes of {len(sources)} shared sources")
    acc: dict[Any, Any] = {}
    for combo in itertools.product(*(s.weights.items() for s in sources)):
        weight = sp.Mul(*(w for _, w in combo))
        if weight == 0:
            continue
        assignment = {**fixed, **{s: o for s, (o, _) in zip(sources, combo)}}
        parts = [_law_given(c, assignment) for c in node.children]
        for v, q in _combine(node, parts).items():
            acc[v] = acc.get(v, 0) + weight * q
    return _tidy(acc)


def _combine(node: Op, laws: list[dict[Any, Any]]) -> dict[Any, Any]:
    """The law of node.fn(children) for independent children with the given laws."""
    acc: dict[Any, Any] = {}
    for combo in itertools.product(*(law.items() for law in laws)):
        v = node.apply(x for x, _ in combo)
        acc[v] = acc.get(v, 0) + sp.Mul(*(w for _, w in combo))
    return _tidy(acc)


def _conditional_law(node: Node) -> dict[Any, Any]:
    body = strip(node)
    condition = all_of(node.conditions)
    joint = law(Op("tuple", lambda *v: v, [body, condition]))
    pc = sp.Add(*(w for (_, holds), w in joint.items() if holds))
    if is_zero(pc, _constraints(condition)) is True:
        raise ZeroProbabilityError("the condition has probability 0; condition on an event with ℙ > 0")
    acc = {v: w for (v, holds), w in joint.items() if holds}
    return {v: _cancel(w / pc) for v, w in acc.items()}


def _cancel(w: Any) -> Any:
    w = as_sympy(w)
    return w if w.is_Rational else sp.factor(sp.cancel(w))


def _constraints(node: Node) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(c for s in _by_order(node.sources) for c in (*s.constraints, *s.requirements)))


def constraints_of(*nodes: Node) -> tuple[Any, ...]:
    """The parameters' constraints of all sources of the nodes."""
    return tuple(dict.fromkeys(c for n in nodes for c in _constraints(n)))


def all_of(conditions: Iterable[Node]) -> Node:
    conds = list(conditions)
    if len(conds) == 1:
        return conds[0]
    return Op("and", lambda *v: all(v), conds, boolean=True)


# --- the lattice fast path ----------------------------------------------------------------


def lattice(node: Node) -> Lattice | None:
    """The law as a generating polynomial, built by convolution of independent parts."""
    if not node._lattice_done:
        _bottom_up(node, lambda n: n._lattice_done, _set_lattice, _linear_needs)
    return node._lattice


def _set_lattice(node: Node) -> None:
    node._lattice = None if node.conditions or node.boolean else _make_lattice(node)
    node._lattice_done = True


def _linear_needs(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Op) and not node.conditions and node.kind in ("add", "sub", "affine", "mul"):
        return node.children
    return ()


def _part_lattice(node: Node) -> Lattice | None:
    lat = lattice(node)
    return lat if lat is not None else (lattice_of(law(node)) if not node.conditions else None)


def _make_lattice(node: Node) -> Lattice | None:
    if isinstance(node, Leaf):
        return node.source.lattice() if node.mapping is None else None
    assert isinstance(node, Op)
    if node.kind == "affine":
        scale, shift = node.params
        inner = lattice(node.children[0])
        if inner is None or not (scale.is_Rational and shift.is_Rational) or scale == 0:
            return None
        return lattice_affine(inner, scale, shift)
    if node.kind in ("add", "sub") and not _shared(node.children):
        a, b = (_part_lattice(c) for c in node.children)
        if a is None or b is None:
            return None
        if node.kind == "sub":
            b = lattice_affine(b, sp.S.NegativeOne, sp.S.Zero)
        return lattice_add(a, b)
    return None


# --- moments by linearity ----------------------------------------------------------------


def _numeric_law_mean(pmf: Mapping[Any, Any]) -> Any:
    return simplify_value(sp.Add(*(v * w for v, w in pmf.items())))


def simplify_value(value: Any) -> Any:
    """An exact expectation in a normal form (expanded constants, factored polynomials with
    the sign inside the sum: ``p*(1 - p)``, see :func:`~symml.core.forms.absorb_sign`)."""
    free = getattr(value, "free_symbols", None)
    if not free:
        return sp.expand(value) if isinstance(value, sp.Expr) and not value.is_Rational else value
    summed = ring_sum(value)
    return absorb_sign(sp.factor(summed if summed is not None else sp.expand(value)))


def _source_moments(node: Node) -> tuple[Any, Any] | None:
    if not isinstance(node, Leaf) or node.mapping is not None:
        return None
    if node.source.moments is not None:
        return node.source.moments
    lat = node.source.lattice()
    return lattice_moments(lat) if lat is not None else None


def mean(node: Node) -> Any:
    """E[node], by linearity where it can (no pmf is built for sums)."""
    if node._mean is None:
        _bottom_up(node, lambda n: n._mean is not None, _set_mean, _linear_needs)
    return node._mean


def _set_mean(node: Node) -> None:
    node._mean = simplify_value(_moment(node, 0))


def variance(node: Node) -> Any:
    """Var[node]; for sums Var[A ± B] = Var[A] + Var[B] ± 2 Cov[A, B] (no pmf is built)."""
    if node._variance is None:
        _bottom_up(node, lambda n: n._variance is not None, _set_variance, _linear_needs)
    return node._variance


def _set_variance(node: Node) -> None:
    node._variance = simplify_value(_moment(node, 1))


def _moment(node: Node, which: int) -> Any:
    """E[node] (which = 0) or Var[node] (which = 1), from its children's where linear."""
    if not node.conditions:
        moments = _source_moments(node)
        if moments is not None:
            return moments[which]
        linear = _linear_moment(node, which)
        if linear is not None:
            return linear
    lat = lattice(node)
    if lat is not None and lat.integral:
        return lattice_moments(lat)[which]  # type: ignore[index]
    pmf = law(node)
    return _numeric_law_mean(pmf) if which == 0 else _law_variance(pmf)


def _linear_moment(node: Node, which: int) -> Any:
    if not isinstance(node, Op):
        return None
    kids = node.children
    if node.kind == "affine":
        scale, shift = node.params
        return scale * mean(kids[0]) + shift if which == 0 else scale**2 * variance(kids[0])
    if node.kind in ("add", "sub"):
        sign = 1 if node.kind == "add" else -1
        if which == 0:
            return mean(kids[0]) + sign * mean(kids[1])
        return variance(kids[0]) + variance(kids[1]) + 2 * sign * _covariance(kids[0], kids[1])
    if which == 0 and node.kind == "mul" and not _shared(kids):
        return mean(kids[0]) * mean(kids[1])
    return None


def _law_variance(pmf: Mapping[Any, Any]) -> Any:
    mu = _numeric_law_mean(pmf)
    return sp.Add(*((v - mu) ** 2 * w for v, w in pmf.items()))


def _linear_parts(node: Node) -> list[tuple[Any, Node]] | None:
    """node = Σ cᵢ·partᵢ + constant, one level down, or None when it is not such a sum."""
    if not isinstance(node, Op) or node.conditions:
        return None
    if node.kind == "add":
        return [(sp.S.One, node.children[0]), (sp.S.One, node.children[1])]
    if node.kind == "sub":
        return [(sp.S.One, node.children[0]), (sp.S.NegativeOne, node.children[1])]
    if node.kind == "affine":
        return [(node.params[0], node.children[0])]
    return None


def _linear_form(node: Node) -> dict[Node, Any]:
    """node = Σ cᵢ·atomᵢ + constant with atoms that are not sums: atom -> cᵢ (constant dropped).

    Coefficients flow from the node to its parts in topological order, so shared parts
    (S + S) are visited once."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        n, expanded = stack.pop()
        if expanded:
            order.append(n)
        elif n not in seen:
            seen.add(n)
            stack.append((n, True))
            stack.extend((p, False) for _, p in _linear_parts(n) or () if p not in seen)
    coefficient: dict[Node, Any] = {node: sp.S.One}
    form: dict[Node, Any] = {}
    for n in reversed(order):  # every parent before its parts
        c = coefficient.get(n, sp.S.Zero)
        parts = _linear_parts(n)
        if parts is None:
            form[n] = form.get(n, sp.S.Zero) + c
        else:
            for k, p in parts:
                coefficient[p] = coefficient.get(p, sp.S.Zero) + c * k
    return {atom: c for atom, c in form.items() if c != 0}


def covariance(a: Node, b: Node) -> Any:
    """Cov[a, b]: 0 on disjoint sources, bilinear on sums, else E[ab] − E[a]E[b]."""
    return simplify_value(_covariance(a, b))


def _covariance(a: Node, b: Node) -> Any:
    if a.conditions or b.conditions:
        pair = law(Op("tuple", lambda *v: v, [a, b]))
        ea = sp.Add(*(x * w for (x, _), w in pair.items()))
        eb = sp.Add(*(y * w for (_, y), w in pair.items()))
        return sp.Add(*((x - ea) * (y - eb) * w for (x, y), w in pair.items()))
    if not (a.sources & b.sources):
        return sp.S.Zero
    if a is b:
        return variance(a)
    fa, fb = _linear_form(a), _linear_form(b)
    by_source: dict[Source, list[Node]] = {}
    for atom in fb:
        for s in atom.sources:
            by_source.setdefault(s, []).append(atom)
    total = []
    for x, cx in fa.items():
        partners = dict.fromkeys(y for s in x.sources for y in by_source.get(s, ()))
        total.extend(cx * fb[y] * _atom_covariance(x, y) for y in partners)
    return sp.Add(*total)


def _atom_covariance(x: Node, y: Node) -> Any:
    if x is y:
        return variance(x)
    product = Op("mul", operator.mul, [x, y])
    return _numeric_law_mean(law(product)) - mean(x) * mean(y)


# --- joint spaces and events ------------------------------------------------------------

_JOINT: weakref.WeakValueDictionary[tuple[Source, ...], FiniteSpace] = weakref.WeakValueDictionary()


def joint_space(sources: Iterable[Source]) -> FiniteSpace:
    """The product space of the sources (one space per set of sources, built once)."""
    ordered = tuple(_by_order(sources))
    if len(ordered) == 1:
        return ordered[0].space
    space = _JOINT.get(ordered)
    if space is None:
        space = product_space(*(s.space for s in ordered))
        _JOINT[ordered] = space
        _JOINT_SOURCES[space] = ordered
    return space


_JOINT_SOURCES: weakref.WeakKeyDictionary[FiniteSpace, tuple[Source, ...]] = weakref.WeakKeyDictionary()


def sources_of_space(space: FiniteSpace) -> tuple[Source, ...]:
    """The sources a space stands for: a joint space's factors, or the space itself."""
    return _JOINT_SOURCES.get(space) or (source_of(space),)


def assignment(sources: tuple[Source, ...], outcome: Any) -> dict[Source, Any]:
    """Source -> outcome for one outcome of their joint space."""
    return {sources[0]: outcome} if len(sources) == 1 else dict(zip(sources, outcome))


def event_node(event: Event) -> Node:
    """A FiniteSpace's event as a boolean function of the space's source(s)."""
    sources = sources_of_space(event.space)
    if len(sources) == 1:
        return Leaf(sources[0], {o: o in event.outcomes for o in event.space.outcomes}, boolean=True)
    outcomes = event.outcomes
    leaves = [Leaf(s) for s in sources]
    return Op("member", lambda *o: tuple(o) in outcomes, leaves, boolean=True)
