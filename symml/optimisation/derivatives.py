"""The gradient and Hessian as results: ``symml.gradient(f, [x, y])`` prints, serialises and
renders like every other result, and still behaves as the exact matrix it holds.

:mod:`symml.optimisation.calculus` computes the matrices (what the rest of symml builds
on); this module gives them the one result shape (``.value``, ``.steps``, ``.latex()``,
``.to_json()``, ``str()``) for users.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symml.core.errors import SymmlError
from symml.core.parsing import as_expr, as_matrix, as_symbols, as_sympy
from symml.core.results import Computation, Step
from symml.optimisation import calculus

__all__ = ["Derivatives", "gradient", "hessian"]

#: The longest line of a derivative's text before its entries go one to a line.
_LINE = 100

_ARITHMETIC = ("add", "sub", "mul", "matmul", "truediv", "pow")


class Derivatives(Computation):
    """The exact gradient (an n x 1 column) or Hessian (n x n) of f, with the partial
    derivatives as its steps.  Indexing, iteration, comparison, arithmetic and the matrix's
    methods (``.T``, ``.subs``, ``.shape``) act on the matrix ``.value`` itself.

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> g = gradient(x**2 * y, [x, y])
    >>> print(g)
    gradient of x**2*y in (x, y): (2*x*y, x**2)
    >>> g == sp.Matrix([2 * x * y, x**2]), g[1]
    (True, x**2)
    """

    #: Above SymPy matrices', so that ``M * g`` and ``M + g`` come here (as ``g.__rmul__``).
    _op_priority = 20.0

    def __init__(self, kind: str, f: sp.Expr, variables: tuple[sp.Symbol, ...], value: Any) -> None:
        self.kind, self.variables = kind, tuple(as_symbols(variables))
        self.f = as_expr(f, self.variables, what="f")
        self.value = as_matrix(value, self.variables, what=f"the {kind}")
        self.json_fields = ("function=f", "variables", f"{kind}=value")

    @property
    def steps(self) -> tuple[Step, ...]:  # type: ignore[override]
        """Each partial derivative (each mixed one once: the Hessian is symmetric)."""
        xs, f, n = self.variables, self.f, len(self.variables)
        if self.kind == "gradient":
            pairs = [((x,), self.value[i]) for i, x in enumerate(xs)]
        else:
            pairs = [((xs[i], xs[j]), self.value[i, j]) for i in range(n) for j in range(i, n)]
        return tuple(
            Step(sp.Eq(sp.Derivative(f, *by), d, evaluate=False), "differentiate", rule="partial-derivative")
            for by, d in pairs
        )

    def statement(self) -> sp.Eq:
        """``nabla f = value`` (or ``nabla2 f = value``), as the notes write it."""
        if self.kind == "gradient":
            return calculus.gradient_statement(self.value)
        nabla2 = sp.MatrixSymbol("nabla2_f", *self.value.shape)
        return sp.Eq(nabla2, self.value, evaluate=False)

    def text(self) -> str:
        """``gradient of f in (x, y): (2*x*y, x**2)``; a Hessian one row a line."""
        from symml.core.latex.text import plain

        head = f"{self.kind} of {plain(self.f)} in {plain(self.variables)}:"
        if self.kind == "gradient":
            short = f"{head} {plain(tuple(self.value))}"
            if len(short) <= _LINE:
                return short
            return "\n".join(
                [head, *(f"  ∂f/∂{plain(v)} = {plain(d)}" for v, d in zip(self.variables, self.value))]
            )
        rows = [f"  {plain(tuple(self.value.row(i)))}" for i in range(self.value.rows)]
        if max(map(len, rows)) <= _LINE:
            return "\n".join([head, *rows])
        n = len(self.variables)  # long entries: one a line, the upper triangle (H is symmetric)
        entries = [
            f"  ∂²f/∂{plain(self.variables[i])}∂{plain(self.variables[j])} = {plain(self.value[i, j])}"
            for i in range(n)
            for j in range(i, n)
        ]
        return "\n".join([head, *entries])

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_derivation

        return render_derivation([self.statement()], self.steps, printer)

    # the matrix itself
    def _sympy_(self) -> sp.ImmutableMatrix:
        return self.value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("kind", "f", "variables", "value", "json_fields"):
            raise AttributeError(name)
        return getattr(self.value, name)

    def __getitem__(self, key: Any) -> Any:
        return self.value[key]

    def __iter__(self) -> Any:
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __eq__(self, other: object) -> bool:
        other = _operand(other)
        return NotImplemented if other is NotImplemented else self.value == other

    def __hash__(self) -> int:
        return hash(self.value)

    def __neg__(self) -> Any:
        return -self.value


def _operand(other: Any) -> Any:
    """The other side of an operation as a SymPy object: strings only through the safe parser."""
    if isinstance(other, Derivatives):
        return other.value
    if isinstance(other, (sp.Basic, sp.MatrixBase)):
        return other
    try:
        if isinstance(other, (list, tuple)):
            return as_matrix(other, what="the other operand")
        return as_sympy(other, what="the other operand")
    except SymmlError:
        return NotImplemented


def _delegate(name: str) -> None:
    def forward(self: Derivatives, other: Any) -> Any:
        other = _operand(other)
        return NotImplemented if other is NotImplemented else getattr(self.value, f"__{name}__")(other)

    def reflected(self: Derivatives, other: Any) -> Any:
        other = _operand(other)
        return NotImplemented if other is NotImplemented else getattr(self.value, f"__r{name}__")(other)

    setattr(Derivatives, f"__{name}__", forward)
    setattr(Derivatives, f"__r{name}__", reflected)


for _name in _ARITHMETIC:
    _delegate(_name)


def gradient(f: Any, variables: Any) -> Derivatives:
    """The exact gradient of a scalar function, as a result that is also the column matrix.

    Parameters
    ----------
    f : SymPy expression, 1x1 Matrix or str
        A scalar function of ``variables`` (other symbols are parameters); a non-scalar
        matrix or a sequence raises ``ShapeError``, a float ``SymmlError``.
    variables : list of Symbol or str
        The variables, in order, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).

    Returns
    -------
    Derivatives
        ``.value`` is the n x 1 column ∇f, ``.steps`` the partial derivatives; the result
        also acts as the matrix itself (indexing, ``==``, arithmetic, ``.T``, ``.subs``).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> gradient(x**3, [x]).value
    Matrix([[3*x**2]])
    >>> y = sp.Symbol("y", real=True)
    >>> g = gradient(x**2 * y, [x, y])
    >>> g[0], g[1]
    (2*x*y, x**2)
    """
    xs = calculus.check_variables(variables)
    expr = calculus.scalar_function(f, xs)
    return Derivatives("gradient", expr, xs, calculus.gradient(expr, xs))


def hessian(f: Any, variables: Any) -> Derivatives:
    """The exact Hessian of a scalar function, as a result that is also the symmetric matrix.

    Parameters
    ----------
    f : SymPy expression, 1x1 Matrix or str
        A scalar function of ``variables`` (other symbols are parameters); a non-scalar
        matrix or a sequence raises ``ShapeError``, a float ``SymmlError``.
    variables : list of Symbol or str
        The variables, in order, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).

    Returns
    -------
    Derivatives
        ``.value`` is the symmetric n x n matrix ∇²f, ``.steps`` the second partial
        derivatives (each mixed one once); the result also acts as the matrix itself.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y", real=True)
    >>> hessian(x * y, [x, y]).value
    Matrix([
    [0, 1],
    [1, 0]])

    The saddle x² − y² has an indefinite Hessian (eigenvalues 2 and −2):

    >>> H = hessian(x**2 - y**2, [x, y])
    >>> H[0, 0], H[1, 1], H[0, 1]
    (2, -2, 0)
    """
    xs = calculus.check_variables(variables)
    expr = calculus.scalar_function(f, xs)
    return Derivatives("hessian", expr, xs, calculus.hessian(expr, xs))
