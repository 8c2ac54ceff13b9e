"""Reading back the structures results hold (matrices, sets, derivatives, CRootOf, …):
exactly what ``json_text`` writes parses back to the same object, and only ``parse_value``
reads them (hostile variants of each constructor: HOSTILE_STRUCTURES in test_parsing.py)."""

from __future__ import annotations

import pytest
import sympy as sp

from symml.core.errors import ParseError, ShapeError, SymmlError
from symml.core.parsing import parse_conditions, parse_expression, parse_matrix, parse_value
from symml.core.results import json_text

x, y, s, t, a, b = sp.symbols("x y s t a b", real=True)

M = sp.ImmutableMatrix([[2, 0], [0, 6]])
V = sp.ImmutableMatrix([1, sp.Rational(-1, 3)])

VALUES = [
    sp.Eq(sp.Symbol("H", real=True), M, evaluate=False),
    sp.Eq(M * sp.ImmutableMatrix([a, b]), V, evaluate=False),
    sp.Eq(sp.MatMul(M, sp.ImmutableMatrix([a, b])), V, evaluate=False),
    sp.Eq(sp.Function("spec")(sp.Symbol("H", real=True)), sp.FiniteSet(2, 6), evaluate=False),
    sp.FiniteSet(sp.Tuple(0, 0), sp.Tuple(sp.Rational(1, 2), 1)),
    sp.Interval(0, 1),
    sp.Interval.open(0, sp.Rational(1, 3)),
    sp.Interval.Lopen(-sp.oo, a),
    sp.Interval.Ropen(1, sp.oo),
    sp.ProductSet(sp.Interval(0, 1), sp.Interval(0, 1)),
    sp.Union(sp.Interval(0, 1), sp.Interval(2, 3)),
    sp.S.EmptySet,
    sp.S.Reals,
    sp.Contains(x, sp.Interval.open(0, sp.oo), evaluate=False),
    sp.Contains(sp.Symbol("r_11", real=True), sp.FiniteSet(0, 1), evaluate=False),
    sp.Eq(sp.Derivative(x * sp.log(x), (x, 2)), 1 / x, evaluate=False),
    sp.Derivative(x**2 * y, x, y),
    sp.Integral((1 - s) * (b - a) ** 2 * sp.exp(a + s * (b - a)), (s, 0, 1)),
    sp.Integral(sp.exp(-x), (x, 0, sp.oo)),
    sp.Eq(sp.Limit(sp.log(1 + sp.exp(-t)), t, sp.oo), 0, evaluate=False),
    sp.Limit(sp.sin(t) / t, t, 0),
    sp.CRootOf(4 * x**3 + 3 * x**2 - 1, 0),
    x - sp.CRootOf(x**5 - x - 1, 0),
    sp.Equivalent(sp.Abs(1 - t * a) < 1, sp.And(0 < t, t < 2 / a)),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: json_text(v)[:40])
def test_what_json_text_writes_reads_back_identically(value):
    text = json_text(value)
    assert "\n" not in text
    names = {str(v): v for v in value.free_symbols if isinstance(v, sp.Symbol)}
    names.update({f.func.__name__: f.func for f in value.atoms(sp.core.function.AppliedUndef)})
    assert parse_value(text, symbols=names) == value


def test_a_relation_of_matrices_stays_as_written():
    # SymPy would decide Eq(H, Matrix(...)) False for a symbol H; a proof step states it
    step = parse_value("Eq(H, Matrix([[2, 0], [0, 6]]))")
    assert isinstance(step, sp.Eq) and step.rhs == M
    assert parse_value("Eq(Matrix([[1, 2]]), Matrix([[1, 2]]))").lhs == sp.ImmutableMatrix([[1, 2]])


def test_the_root_read_back_is_the_root_written():
    root = parse_value("CRootOf(x**3 - x - 1, 0)")
    assert root == sp.CRootOf(x**3 - x - 1, 0)
    assert sp.minimal_polynomial(root, x) == x**3 - x - 1
    largest = parse_value("CRootOf(x**3 - 2*x, -1)")  # SymPy's own negative index: the largest root
    assert sp.minimal_polynomial(largest, x) == x**2 - 2 and largest.is_positive


def test_matrix_symbols_the_caller_names_stay_matrices():
    H = sp.MatrixSymbol("H", 2, 2)
    step = parse_value("Eq(H, Matrix([[2, 0], [0, 6]]))", symbols={"H": H})
    assert step.lhs is H


def test_a_ragged_matrix_is_a_shape_error():
    with pytest.raises(ShapeError):
        parse_value("Eq(H, Matrix([[1, 2], [3]]))")


@pytest.mark.parametrize(
    "text", ["Interval(0, 1)", "{1, 2}", "Matrix([[1]])", "Derivative(x, x)", "CRootOf(x**2 - 2, 0)"]
)
def test_only_parse_value_reads_structures(text):
    # an expression, a condition or a matrix entry given by a user is never a structure
    for parse in (parse_expression, parse_conditions):
        with pytest.raises(ParseError):
            parse(text)
    with pytest.raises(SymmlError):
        parse_matrix(f"[[{text}]]")
