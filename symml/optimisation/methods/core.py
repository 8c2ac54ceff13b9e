"""Shared machinery of the optimisation methods: input checks, exact values, trajectories.

Private to :mod:`symml.optimisation.methods`.

Exact iterates of adaptive methods (Adagrad, RMSProp, Adam) live in towers of nested
square roots whose fully expanded form doubles in size at every step.  To stay exact and
small, every value that is not a rational function of the user's symbols is *named*: it
becomes a fresh symbol with an exact definition in terms of earlier ones (a straight-line
program).  Rational values, and polynomials in symbolic hyper-parameters, stay as they are.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, NotDifferentiableError, ShapeError
from symml.core.latex import equation, render_derivation
from symml.core.latex.text import counted
from symml.core.parsing import as_expr, as_sympy
from symml.core.results import Computation, Step, exact
from symml.core.symbols import fresh_symbol, sequence
from symml.optimisation.methods.ring import SympyArithmetic

__all__ = [
    "x_seq",
    "m_seq",
    "s_seq",
    "X",
    "X_STAR",
    "H_MATRIX",
    "grad_f",
    "spec",
    "rho",
    "expectation_of",
    "variance_of",
    "H_NC",
    "I_NC",
    "G_NC",
    "EQ",
    "NE",
    "LT",
    "LE",
    "GT",
    "GE",
    "as_expression",
    "as_point",
    "check_differentiable",
    "check_step_size",
    "check_memory",
    "check_epsilon",
    "Tower",
    "State",
    "Trajectory",
]


#: The names in the methods' proofs, as plain SymPy objects: the one printer renders their
#: notation (``x_star`` is x^⋆, ``nabla_f(x)`` is ∇f(x), ``x(k)`` of a sequence is x_k).
X, X_STAR, H_MATRIX = sp.Symbol("x"), sp.Symbol("x_star"), sp.Symbol("H")


def _applied(function: Any, doc: str) -> Any:
    """``function`` applied to SymPy arguments only (a string goes through the safe parser,
    never through the ``sympify`` an undefined function would call)."""

    def apply(*args: Any) -> Any:
        return function(*(as_sympy(a, what="the argument") for a in args))

    apply.__name__, apply.__qualname__, apply.__doc__ = function.__name__, function.__name__, doc
    return apply


x_seq = _applied(sequence("x"), "The iterate x_k (printed with a subscript).")
m_seq = _applied(sequence("m"), "The memory m_t.")
s_seq = _applied(sequence("s"), "The second-moment memory s_t.")
grad_f = _applied(sp.Function("nabla_f"), "The gradient of f at a point (printed as nabla f(x)).")
spec = _applied(sp.Function("spec"), "The spectrum of a matrix.")
rho = _applied(sp.Function("rho"), "A spectral radius or a rate.")
expectation_of = _applied(sp.Function("Expectation"), "An expectation E[.] (printed with brackets).")
variance_of = _applied(sp.Function("Variance"), "A variance Var[.].")
#: Matrices that do not commute in (I - eta H)(x_k - x*) and H^{-1} g.
H_NC, I_NC, G_NC = sp.symbols("H I g", commutative=False)


#: Relations that stay as written (a proof step "-2 < 0" must not collapse to "True").
EQ = functools.partial(sp.Eq, evaluate=False)
NE = functools.partial(sp.Ne, evaluate=False)
LT = functools.partial(sp.Lt, evaluate=False)
LE = functools.partial(sp.Le, evaluate=False)
GT = functools.partial(sp.Gt, evaluate=False)
GE = functools.partial(sp.Ge, evaluate=False)

#: Default hyper-parameters of the adaptive methods (exact: 9/10, 999/1000, 10^-8).
NINE_TENTHS = sp.Rational(9, 10)
BETA_S_DEFAULT = sp.Rational(999, 1000)
EPSILON_DEFAULT = sp.Rational(1, 10**8)

#: Functions that are not differentiable everywhere on the reals.
_NON_SMOOTH = (sp.Abs, sp.sign, sp.Max, sp.Min, sp.Piecewise, sp.floor, sp.ceiling, sp.Heaviside, sp.frac)


def as_expression(value: Any, what: str) -> sp.Expr:
    """A user value (number, SymPy object, or string through the safe parser) as an exact expression.

    :func:`symml.core.parsing.as_expr` does the work: floats become Rationals with an
    ExactnessWarning, booleans, conditions and other objects are an InvalidValueError.
    """
    return as_expr(value, what=what)


def as_point(
    point: Any, n: int, what: str = "the point", variables: Sequence[sp.Symbol] = ()
) -> sp.ImmutableMatrix:
    """A point of R^n (list, tuple, matrix, ``{symbol: value}`` dict, or a scalar when n = 1) as a column.

    A dict is read in the order of ``variables``; it must give every variable and no other.
    """
    if isinstance(point, Mapping):
        names = {str(v): v for v in variables}
        keys = {names.get(k, k) if isinstance(k, str) else k for k in point}
        if not variables or keys != set(variables):
            raise ShapeError(
                f"{what} as a dict must give exactly the variables {list(variables)}; got {point!r}"
            )
        by_symbol = {names.get(k, k) if isinstance(k, str) else k: v for k, v in point.items()}
        entries = [by_symbol[v] for v in variables]
    elif isinstance(point, sp.MatrixBase):
        entries = list(point)
    elif isinstance(point, (list, tuple)):
        entries = list(point)
    elif n == 1:
        entries = [point]
    else:
        raise ShapeError(f"{what} must have {n} coordinates, e.g. a list; got {point!r}")
    if len(entries) != n:
        given, needed = counted(len(entries), "coordinate"), counted(n, "variable")
        raise ShapeError(f"{what} has {given} but there are {needed}")
    return sp.ImmutableMatrix([as_expression(e, what) for e in entries])


def check_differentiable(f: sp.Expr, variables: Sequence[sp.Symbol]) -> None:
    """Raise when ``f`` involves a function that is not differentiable everywhere (|x|, max, …)."""
    for node in sp.preorder_traversal(f):
        if isinstance(node, _NON_SMOOTH) and node.free_symbols & set(variables):
            raise NotDifferentiableError(
                f"f contains {node}, which is not differentiable everywhere; gradient methods need a "
                "differentiable f (e.g. replace |x| by a smooth surrogate such as sqrt(x**2 + c))"
            )


def _decide(rel: Any) -> bool | None:
    value = as_sympy(rel)
    if value is sp.true:
        return True
    if value is sp.false:
        return False
    return None


def check_step_size(eta: Any) -> sp.Expr:
    """η as an exact expression; η ≤ 0 raises (symbolic η is accepted unless provably ≤ 0)."""
    eta = as_expression(eta, "the step size eta")
    if eta.is_real is False or _decide(eta > 0) is False:
        raise InvalidValueError(f"the step size eta = {eta} must be positive, e.g. eta = 1/10")
    return eta


def check_memory(beta: Any, name: str = "beta") -> sp.Expr:
    """A memory / forgetting factor β in [0, 1); anything provably outside raises."""
    beta = as_expression(beta, f"the memory parameter {name}")
    if beta.is_real is False or _decide(beta >= 0) is False or _decide(beta < 1) is False:
        raise InvalidValueError(f"{name} = {beta} must lie in [0, 1), e.g. {name} = 9/10")
    return beta


def check_epsilon(epsilon: Any) -> sp.Expr:
    """The damping ε ≥ 0 of the adaptive methods; ε < 0 raises."""
    epsilon = as_expression(epsilon, "epsilon")
    if epsilon.is_real is False or _decide(epsilon >= 0) is False:
        raise InvalidValueError(f"epsilon = {epsilon} must be non-negative, e.g. epsilon = 1/10**8")
    return epsilon


def _is_plain(value: sp.Expr, allowed: set[sp.Symbol]) -> bool:
    """Rational, or a rational function with rational coefficients of the allowed symbols."""
    if value.is_Rational:
        return True
    if not value.free_symbols <= allowed:
        return False
    for node in sp.preorder_traversal(value):
        if isinstance(node, sp.Pow) and not node.exp.is_Integer:
            return False
        if isinstance(node, sp.Number) and not node.is_Rational:
            return False
        if isinstance(node, (sp.Function, sp.NumberSymbol)) or node is sp.I:
            return False
    return True


@dataclass
class Tower(SympyArithmetic):
    """Named exact values: each fresh symbol stands for an exact expression in earlier ones.

    ``definitions`` is ordered; substituting them back (last to first) gives the fully
    expanded exact value, which may be exponentially large (hence the naming).
    """

    parameters: set[sp.Symbol] = field(default_factory=set)
    definitions: list[tuple[sp.Symbol, sp.Expr]] = field(default_factory=list)
    counter: int = 0
    #: names a new symbol must not take (the user's symbols): x_3 stays the user's
    avoid: set[str] = field(default_factory=set)

    def canonical(self, value: sp.Expr, name: str) -> sp.Expr:
        """Keep rational values (expanded/cancelled); name anything else."""
        value = as_sympy(value)
        if _is_plain(value, self.parameters):
            if value.is_Rational:
                return value
            return sp.expand(value) if value.is_polynomial(*self.parameters) else sp.cancel(value)
        if isinstance(value, sp.Symbol):
            return value
        self.counter += 1
        taken = self.avoid | {s.name for s, _ in self.definitions} | {s.name for s in value.free_symbols}
        # a name unlike the iterates x_1, x_2: the value x̃_1 (xtilde_1) is a definition, not a step
        symbol = fresh_symbol(f"{name}tilde_{self.counter}", taken, real=True)
        self.definitions.append((symbol, value))
        return symbol

    def expand(self, value: sp.Expr) -> sp.Expr:
        """Substitute every definition back: the exact value in closed (possibly huge) form."""
        for symbol, definition in reversed(self.definitions):
            value = value.xreplace({symbol: definition})
        return value

    def evaluate(self, value: sp.Expr, digits: int = 30) -> sp.Float:
        """A numerical value (for plotting only), evaluating the definitions in order."""
        known: dict[sp.Symbol, Any] = {}
        needed = value.free_symbols
        for symbol, definition in self.definitions:
            if needed and not (needed & {s for s, _ in self.definitions}):
                break
            known[symbol] = sp.N(definition.xreplace(known), digits)
        return sp.N(value.xreplace(known), digits)


@dataclass(frozen=True)
class State:
    """The state of an iterative method at iteration ``t``: the point and the method's memory.

    ``x`` is the point; ``m`` the first-moment (momentum) memory and ``s`` the
    second-moment memory, when the method keeps them.
    """

    t: int
    x: sp.ImmutableMatrix
    m: sp.ImmutableMatrix | None = None
    s: sp.ImmutableMatrix | None = None

    def memory(self) -> dict[str, sp.ImmutableMatrix]:
        return {k: v for k, v in (("m", self.m), ("s", self.s)) if v is not None}


@dataclass(frozen=True)
class Trajectory(Computation):
    """Exact iterates x_0, x_1, …, x_k of a method, with the definitions of named values.

    Attributes
    ----------
    method : str
        The method's name.
    states : tuple of State
    definitions : tuple of (Symbol, expression)
        Named exact values used in the iterates (empty when everything is rational).
    """

    method: str
    variables: tuple[sp.Symbol, ...]
    states: tuple[State, ...]
    definitions: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()

    @property
    def points(self) -> list[sp.ImmutableMatrix]:
        """The exact iterates x_0, …, x_k as columns."""
        return [s.x for s in self.states]

    def __len__(self) -> int:
        return len(self.states)

    def __getitem__(self, k: int) -> sp.ImmutableMatrix:
        return self.states[k].x

    @property
    def final(self) -> sp.ImmutableMatrix:
        return self.states[-1].x

    def expanded(self, k: int) -> sp.ImmutableMatrix:
        """Iterate k with every named value substituted back (exact, possibly large)."""
        tower = Tower(definitions=list(self.definitions))
        return sp.ImmutableMatrix([tower.expand(e) for e in self.states[k].x])

    def as_floats(self) -> list[tuple[float, ...]]:
        """The iterates as floats — for plotting only, never for a proof."""
        tower = Tower(definitions=list(self.definitions))
        known: dict[sp.Symbol, Any] = {}
        for symbol, definition in tower.definitions:
            known[symbol] = sp.N(definition.xreplace(known), 30)
        out = []
        for p in self.points:
            vals = []
            for e in p:
                v = sp.N(e.xreplace(known), 30)
                vals.append(float(v) if v.is_real and v.is_finite else math.nan)
            out.append(tuple(vals))
        return out

    def text(self) -> str:
        """The iterates, one per line (with decimals), and the named values."""
        from symml.core.latex.text import plain, with_decimals

        lines = [f"{self.method}: {len(self.states) - 1} steps"]
        lines += [f"  x_{s.t} = {with_decimals(s.x)}" for s in self.states[:30]]
        lines += [f"  {plain(sym)} = {with_decimals(d)}" for sym, d in self.definitions[:5]]
        return "\n".join(lines)

    json_fields = ("method", "variables", "iterates=points", "definitions=named_values")

    @property
    def named_values(self) -> dict[Any, Any]:
        """The values named by symbols in the iterates (symbol -> definition)."""
        return dict(self.definitions)

    def _latex(self, printer: Any) -> str:
        iterates = [
            equation(sp.Symbol(f"x_{state.t}"), tuple(state.x) if len(state.x) > 1 else state.x[0])
            for state in self.states
        ]
        named = [
            Step(equation(symbol, definition), "named value", rule="definition")
            for symbol, definition in self.definitions
        ]
        return render_derivation(iterates, named, printer)


def exact_matrix(value: Any) -> sp.ImmutableMatrix:
    return exact(sp.ImmutableMatrix(value))


def substitute(expr_matrix: sp.MatrixBase, variables: Iterable[sp.Symbol], point: Iterable[Any]) -> sp.Matrix:
    mapping: Mapping[sp.Symbol, Any] = dict(zip(variables, point))
    return expr_matrix.xreplace(mapping)
