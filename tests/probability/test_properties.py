"""The laws of probability on Hypothesis-generated finite spaces, events and variables."""

import itertools

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symml.probability import (
    E,
    FiniteRV,
    Var,
    bayes,
    iid_sum,
    inclusion_exclusion,
    total_probability,
    union_rule,
)
from symml.probability._strategies import events, finite_spaces, random_variables


@st.composite
def space_and_events(draw, k=2):
    space = draw(finite_spaces(max_size=6))
    return space, [draw(events(space)) for _ in range(k)]


@given(finite_spaces())
def test_axioms(space):
    assert space.P(space.omega).value == 1
    assert space.P(space.empty).value == 0
    assert all(w >= 0 for w in space.weights.values())


@given(space_and_events(1))
def test_complement_rule(data):
    space, (A,) = data
    assert space.P(~A).value == 1 - space.P(A).value


@given(space_and_events(2))
def test_union_rule(data):
    space, (A, B) = data
    result = union_rule(A, B)
    assert result.value == space.P(A).value + space.P(B).value - space.P(A & B).value
    assert result.value == space.P(A | B).value


@given(space_and_events(3))
def test_inclusion_exclusion_three(data):
    space, (A, B, C) = data
    m = space.measure
    expected = m(A) + m(B) + m(C) - m(A & B) - m(A & C) - m(B & C) + m(A & B & C)
    assert inclusion_exclusion(A, B, C).value == expected == m(A | B | C)


@given(space_and_events(2))
def test_bayes(data):
    space, (A, B) = data
    assume(space.measure(A) != 0 and space.measure(B) != 0)
    posterior = bayes(A, B).value
    assert posterior == space.measure(A & B) / space.measure(B)
    assert posterior * space.measure(B) == space.P(B, given=A).value * space.measure(A)


@given(space_and_events(2))
def test_total_probability(data):
    space, (A, B) = data
    assert total_probability(A, [B, ~B]).value == space.measure(A)


@given(random_variables(), random_variables(), st.integers(-3, 3), st.integers(-3, 3))
def test_linearity_of_expectation(X, Y, a, b):
    assert E(a * X + b * Y) == a * E(X) + b * E(Y)


@given(random_variables(), random_variables())
def test_variance_of_independent_sum(X, Y):
    assert Var(X + Y) == Var(X) + Var(Y)
    assert Var(X - Y) == Var(X) + Var(Y)


@settings(max_examples=40)  # brute force enumerates |X|^n outcomes per example
@given(random_variables(max_size=4), st.integers(1, 4))
def test_convolution_equals_enumeration(X, n):
    brute: dict = {}
    for combo in itertools.product(X.pmf.items(), repeat=n):
        value = sum(v for v, _ in combo)
        brute[value] = brute.get(value, 0) + sp.Mul(*(w for _, w in combo))
    fast = iid_sum(X, n).pmf
    assert {v: w for v, w in brute.items() if w != 0} == {v: w for v, w in fast.items() if w != 0}


@given(finite_spaces(max_size=5), st.data())
def test_rv_on_space_pmf_sums_to_one(space, data):
    X = data.draw(random_variables(space=space))
    assert sum(X.pmf.values()) == 1
    assert E(X) == sum(X.values_map()[o] * w for o, w in space.weights.items())
    assert isinstance(X, FiniteRV)
