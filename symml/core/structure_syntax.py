"""Reading back the structures symml's results hold, in the form SymPy's ``str`` prints them.

A result's JSON (``result.to_json()``) writes every SymPy value as a string; besides
expressions and conditions, proof steps hold matrices (``Eq(H, Matrix([[2, 0], [0, 6]]))``),
sets and intervals (``Contains(x, Interval.open(0, oo))``), unevaluated derivatives,
integrals and limits, and exact algebraic numbers (``CRootOf(x**3 - x - 1, 0)``).
:func:`symml.core.parsing.parse_value` reads them back through :class:`StructureSyntax`,
a part of the safe parser: each constructor below is built node by node from its checked
arguments (no ``eval``), and nothing else is accepted:

- ``Matrix([[...], ...])`` (also ``ImmutableMatrix``) as an operand of ``Eq``/``Ne`` and
  as a factor of a product of matrices (kept unevaluated, as results hold it);
- ``{a, b, (c, d)}`` (a finite set, of numbers or tuples), ``EmptySet``, ``Reals``,
  ``Interval(a, b)`` and ``Interval.open``/``Lopen``/``Ropen``, ``ProductSet(A, B, ...)``,
  ``Union(A, B, ...)``, ``Contains(x, S)``;
- ``Derivative(f, x)`` and ``Derivative(f, (x, n))``, ``Integral(f, (s, a, b))``,
  ``Limit(f, t, a)`` (the direction SymPy chooses for ``a``: from the right, or from
  below at ``oo``);
- ``CRootOf(p, k)``: the ``k``-th root of a polynomial ``p`` in one variable with
  rational coefficients, of degree at most ``symml.limits.max_root_degree``, which must be
  real;
- ``Equivalent(A, B)`` of two conditions.

``oo`` and ``-oo`` are accepted only as an end of an interval, an integral or a limit
point.  Everywhere else the parser's own rules and limits apply.
"""

from __future__ import annotations

import ast
from typing import Any

import sympy as sp

from symml.core.limits import limits

__all__ = ["StructureSyntax", "STRUCTURE_NAMES", "is_structure"]

#: Constructors of structures, by the name SymPy's ``str`` writes.
STRUCTURE_NAMES = (
    "Interval",
    "Interval.open",
    "Interval.Lopen",
    "Interval.Ropen",
    "ProductSet",
    "Union",
    "Contains",
    "Derivative",
    "Integral",
    "Limit",
    "CRootOf",
    "Equivalent",
)

_SET_CONSTANTS = {"EmptySet": sp.S.EmptySet, "Reals": sp.S.Reals}
_INTERVAL_ENDS = {
    "Interval": (False, False),
    "Interval.open": (True, True),
    "Interval.Lopen": (True, False),
    "Interval.Ropen": (False, True),
}
_INFINITE = {"oo": sp.oo}


def is_structure(value: Any) -> bool:
    """Whether ``value`` is a matrix or a set (an operand of ``Eq``, not a number)."""
    return isinstance(value, (sp.MatrixBase, sp.MatrixExpr, sp.Set))


def call_name(node: ast.Call) -> str | None:
    """``Interval.open`` for ``Interval.open(...)``, ``exp`` for ``exp(...)``; else ``None``."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


class StructureSyntax:
    """The part of the safe parser that builds structures (see the module documentation).

    Mixed into the parser, it relies on the parser's ``build``, ``expr``, ``condition``,
    ``matrix``, ``snippet`` and ``fail``; every argument goes through them, so
    the parser's limits hold inside structures too.
    """

    # -- entry points ------------------------------------------------------------------------
    def structure_name(self, node: ast.Name) -> Any:
        """``EmptySet`` and ``Reals``, or ``None`` for any other name."""
        return _SET_CONSTANTS.get(node.id)

    def structure_call(self, node: ast.Call, depth: int) -> Any:
        """Build ``Interval(...)``, ``Derivative(...)``, … or return ``None`` for other calls."""
        name = call_name(node)
        if name in ("Matrix", "ImmutableMatrix"):
            return self.matrix(node)
        if name not in STRUCTURE_NAMES:
            return None
        if node.keywords:
            raise self.fail(node, f"keyword arguments are not allowed; call {name} with plain arguments")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(node, "unpacking (*a) is not allowed; write the arguments out")
        builder = getattr(self, "_" + name.split(".")[0].lower())
        return builder(node, name, depth + 1)

    def finite_set(self, node: ast.Set, depth: int) -> sp.FiniteSet:
        """``{1, 2}`` or ``{(0, 1), (1, 0)}``: a finite set of numbers or of tuples."""
        elements = []
        for element in node.elts:
            if isinstance(element, ast.Tuple):
                elements.append(sp.Tuple(*(self.expr(e, depth + 1) for e in element.elts)))
            else:
                elements.append(self.expr(element, depth + 1))
        return sp.FiniteSet(*elements)

    def operand(self, node: ast.AST, depth: int) -> Any:
        """A side of ``Eq``/``Ne`` or a factor: an expression, a matrix or a set."""
        value = self.build(node, depth + 1)
        if is_structure(value) or isinstance(value, sp.Expr):
            return value
        raise self.fail(node, f"{self.snippet(node)} is not an expression, a matrix or a set")

    def matrix_product(self, factors: list[Any], operators: list[ast.operator], node: ast.AST) -> Any:
        """A product with a matrix among its factors, unevaluated as results hold it."""
        if any(isinstance(op, ast.Div) for op in operators):
            raise self.fail(node, "a matrix cannot be divided; multiply by its inverse")
        if not all(isinstance(f, (sp.Expr, sp.MatrixBase, sp.MatrixExpr)) for f in factors):
            raise self.fail(node, "only numbers and matrices can be multiplied, not sets")
        return sp.MatMul(*factors)

    # -- the constructors ----------------------------------------------------------------------
    def _arity(self, node: ast.Call, name: str, least: int, most: int | None) -> None:
        count = len(node.args)
        if count < least or (most is not None and count > most):
            expected = (
                str(least) if least == most else f"{least} or more" if most is None else f"{least} to {most}"
            )
            raise self.fail(node, f"{name} takes {expected} argument(s), not {count}")

    def end(self, node: ast.AST, depth: int) -> sp.Expr:
        """An end of an interval or an integral, or a limit point: an expression, ``oo`` or ``-oo``."""
        if isinstance(node, ast.Name) and node.id in _INFINITE:
            return _INFINITE[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            operand = node.operand
            if isinstance(operand, ast.Name) and operand.id in _INFINITE:
                return -_INFINITE[operand.id]
        return self.expr(node, depth)

    def symbol(self, node: ast.AST, depth: int, name: str) -> sp.Symbol:
        value = self.expr(node, depth)
        if not isinstance(value, sp.Symbol):
            raise self.fail(node, f"{name} needs a variable here, not {value}")
        return value

    def set_value(self, node: ast.AST, depth: int, name: str) -> sp.Set:
        value = self.build(node, depth)
        if not isinstance(value, sp.Set):
            raise self.fail(node, f"{name} needs a set here, e.g. Interval(0, 1) or {{0, 1}}")
        return value

    def _interval(self, node: ast.Call, name: str, depth: int) -> sp.Set:
        self._arity(node, name, 2, 2)
        left, right = (self.end(a, depth) for a in node.args)
        return sp.Interval(left, right, *_INTERVAL_ENDS[name])

    def _productset(self, node: ast.Call, name: str, depth: int) -> sp.Set:
        self._arity(node, name, 1, None)
        return sp.ProductSet(*(self.set_value(a, depth, name) for a in node.args))

    def _union(self, node: ast.Call, name: str, depth: int) -> sp.Set:
        self._arity(node, name, 1, None)
        return sp.Union(*(self.set_value(a, depth, name) for a in node.args))

    def _contains(self, node: ast.Call, name: str, depth: int) -> Any:
        self._arity(node, name, 2, 2)
        element, where = node.args
        member = (
            sp.Tuple(*(self.expr(e, depth) for e in element.elts))
            if isinstance(element, ast.Tuple)
            else self.expr(element, depth)
        )
        return sp.Contains(member, self.set_value(where, depth, name), evaluate=False)

    def _equivalent(self, node: ast.Call, name: str, depth: int) -> Any:
        self._arity(node, name, 2, None)
        return sp.Equivalent(*(self.condition(a, depth) for a in node.args))

    def _derivative(self, node: ast.Call, name: str, depth: int) -> sp.Expr:
        self._arity(node, name, 2, None)
        body, *specs = node.args
        counts = []
        for spec in specs:
            if isinstance(spec, ast.Tuple) and len(spec.elts) == 2:
                variable = self.symbol(spec.elts[0], depth, name)
                order = self.expr(spec.elts[1], depth)
                if not (order.is_Integer and 0 < order <= limits.max_exponent):
                    raise self.fail(
                        spec, f"the order of a derivative is a whole number from 1 to {limits.max_exponent}"
                    )
                counts.append((variable, order))
            else:
                counts.append((self.symbol(spec, depth, name), sp.Integer(1)))
        return sp.Derivative(self.expr(body, depth), *counts)

    def _integral(self, node: ast.Call, name: str, depth: int) -> sp.Expr:
        self._arity(node, name, 2, None)
        body, *bounds = node.args
        limits_ = []
        for bound in bounds:
            parts = bound.elts if isinstance(bound, ast.Tuple) else [bound]
            if not 1 <= len(parts) <= 3:
                raise self.fail(bound, "an integral's limits are (s, a, b), (s, b) or s")
            limits_.append((self.symbol(parts[0], depth, name), *(self.end(e, depth) for e in parts[1:])))
        return sp.Integral(self.expr(body, depth), *limits_)

    def _limit(self, node: ast.Call, name: str, depth: int) -> sp.Expr:
        self._arity(node, name, 3, 3)
        body, variable, point = node.args
        return sp.Limit(self.expr(body, depth), self.symbol(variable, depth, name), self.end(point, depth))

    def _crootof(self, node: ast.Call, name: str, depth: int) -> sp.Expr:
        self._arity(node, name, 2, 2)
        polynomial, index = self.expr(node.args[0], depth), self.expr(node.args[1], depth)
        free = polynomial.free_symbols
        if len(free) != 1:
            raise self.fail(node, "CRootOf needs a polynomial in one variable, e.g. CRootOf(x**3 - x - 1, 0)")
        (variable,) = free
        if not polynomial.is_polynomial(variable):
            raise self.fail(node, f"CRootOf needs a polynomial in {variable}, not {polynomial}")
        poly = sp.Poly(polynomial, variable)
        degree = poly.degree()
        if not poly.domain.is_QQ and not poly.domain.is_ZZ:
            raise self.fail(node, "CRootOf needs a polynomial with rational coefficients")
        if degree > limits.max_root_degree:
            raise self.fail(
                node,
                f"CRootOf of a polynomial of degree {degree}; at most symml.limits.max_root_degree = "
                f"{limits.max_root_degree}",
            )
        if not (index.is_Integer and -degree <= index < degree):
            raise self.fail(
                node.args[1], f"the index of a root of a degree-{degree} polynomial is 0 to {degree - 1}"
            )
        root = sp.CRootOf(poly, int(index))
        if not root.is_real:
            raise self.fail(node, f"{self.snippet(node)} is not a real number (symml works over the reals)")
        return root
