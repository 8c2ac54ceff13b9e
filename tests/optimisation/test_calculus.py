"""Gradient and Hessian: closed forms, symmetry, and bad input."""

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symml.core.errors import ShapeError, SymmlError
from symml.optimisation.calculus import gradient, hessian

x, y, z, p = sp.symbols("x y z p")


def test_gradient_of_quadratic_example_2_19():
    f = (p - 1) * x**2 + (p + 1) * y**2
    assert (gradient(f, [x, y]) - sp.Matrix([2 * (p - 1) * x, 2 * (p + 1) * y])).expand() == sp.zeros(2, 1)
    assert (hessian(f, [x, y]) - sp.diag(2 * (p - 1), 2 * (p + 1))).expand() == sp.zeros(2, 2)


def test_gradient_is_a_column_and_immutable():
    g = gradient(x * y * z, [x, y, z])
    assert isinstance(g, sp.ImmutableMatrix)
    assert g.shape == (3, 1)
    assert list(g) == [y * z, x * z, x * y]


def test_hessian_of_cubic():
    assert hessian(x**3 + x * y**2, [x, y]) == sp.Matrix([[6 * x, 2 * y], [2 * y, 2 * x]])


def test_hessian_of_quadratic_form_is_twice_the_symmetric_part():
    A = sp.Matrix([[1, 4], [0, 3]])
    v = sp.Matrix([x, y])
    f = (v.T * A * v)[0, 0]
    assert hessian(f, [x, y]) == A + A.T


def test_variable_order_is_respected():
    assert list(gradient(x**2 + 3 * y, [y, x])) == [3, 2 * x]


def test_single_symbol_as_variables():
    assert list(gradient(x**3, x)) == [3 * x**2]


def test_non_scalar_raises_shape_error():
    with pytest.raises(ShapeError, match="scalar"):
        gradient(sp.Matrix([x, y]), [x, y])
    with pytest.raises(ShapeError, match="scalar"):
        hessian([x, y], [x, y])


def test_duplicate_variable_raises():
    with pytest.raises(SymmlError, match="twice"):
        gradient(x * y, [x, x])


def test_non_symbol_variable_raises():
    with pytest.raises(SymmlError, match="symbol"):
        hessian(x * y, [x, x + 1])


def test_empty_variables_raise():
    with pytest.raises(SymmlError, match="at least one"):
        gradient(x, [])


def test_float_function_rejected():
    with pytest.raises(SymmlError, match="float"):
        gradient(0.5, [x])


@given(st.lists(st.integers(-5, 5), min_size=6, max_size=6))
def test_hessian_symmetric_and_matches_gradient_jacobian(cs):
    f = cs[0] * x**3 * y + cs[1] * x * y * z + cs[2] * z**2 * x + cs[3] * y**4 + cs[4] * x + cs[5] * x * z**3
    H = hessian(f, [x, y, z])
    assert H == H.T
    assert H == gradient(f, [x, y, z]).jacobian([x, y, z])


def test_names_in_a_string_are_the_callers_own_symbols():
    # regression: "x**2" used to be parsed into a new real x, so the gradient with respect
    # to the user's plain x was 0 (and gradient descent stood still)
    u, v = sp.symbols("u v")  # no assumptions, as a user would write them
    assert gradient("u**2 * v", [u, v]) == sp.ImmutableMatrix([2 * u * v, u**2])
    assert hessian("u**3", [u]) == sp.ImmutableMatrix([[6 * u]])
