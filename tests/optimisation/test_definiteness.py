"""Definiteness of symmetric matrices: exact inertia, certificates, automatic parameter cases."""

import json

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.core.errors import ShapeError
from symml.core.results import Cases
from symml.optimisation.definiteness import definiteness
from symml.strategies import invertible_matrices, nonzero_rationals

p = sp.Symbol("p", real=True)
q = sp.Symbol("q", real=True)


@pytest.mark.parametrize(
    ("matrix", "kind"),
    [
        (sp.Matrix([[2, 1], [1, 2]]), "positive definite"),
        (sp.Matrix([[-2, 1], [1, -2]]), "negative definite"),
        (sp.Matrix([[1, 1], [1, 1]]), "positive semidefinite"),
        (sp.Matrix([[-1, 1], [1, -1]]), "negative semidefinite"),
        (sp.Matrix([[0, 1], [1, 0]]), "indefinite"),
        (sp.Matrix([[1, 2], [2, 1]]), "indefinite"),
        (sp.zeros(3, 3), "zero"),
        (sp.Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]), "positive definite"),
        (sp.Matrix([[1, 0, 0], [0, 0, 0], [0, 0, 3]]), "positive semidefinite"),
        (sp.Matrix([[0, 0], [0, 1]]), "positive semidefinite"),
        (sp.Matrix([[sp.sqrt(2), 1], [1, sp.sqrt(2)]]), "positive definite"),
        (sp.Matrix([[1, sp.sqrt(2)], [sp.sqrt(2), 2]]), "positive semidefinite"),
    ],
)
def test_known_matrices(matrix, kind):
    res = definiteness(matrix)
    assert res.proven and res.value == kind
    assert res.steps


def test_indefinite_witness_substitutes_back():
    M = sp.Matrix([[1, 3], [3, 1]])
    res = definiteness(M)
    v, w = res.witness["v"], res.witness["w"]
    assert (v.T * M * v)[0, 0] > 0 > (w.T * M * w)[0, 0]


def test_positive_definite_certificate_is_sylvester_or_pivots():
    res = definiteness(sp.Matrix([[4, 2], [2, 3]]))
    reasons = " ".join(s.reason for s in res.steps)
    assert "leading principal minors" in reasons or "Sylvester" in reasons


def test_example_2_21_five_cases_automatic():
    H = sp.diag(2 * (p - 1), 2 * (p + 1))
    cases = definiteness(H)
    assert cases.verified
    got = [(c, r.value) for c, r in cases]
    assert got == [
        (p < -1, "negative definite"),
        (sp.Eq(p, -1), "negative semidefinite"),
        (sp.And(p > -1, p < 1), "indefinite"),
        (sp.Eq(p, 1), "positive semidefinite"),
        (p > 1, "positive definite"),
    ]
    # the indefinite witness holds on the whole case: its quadratic forms have known signs there
    res = cases.where(p=0)
    v, w = res.witness["v"], res.witness["w"]
    for value in (sp.Rational(-9, 10), 0, sp.Rational(1, 2), sp.Rational(99, 100)):
        Hv = H.subs(p, value)
        assert (v.T * Hv * v)[0, 0] > 0 > (w.T * Hv * w)[0, 0]


def test_plain_symbols_and_assumptions():
    a = sp.Symbol("a")  # no assumptions
    cases = definiteness(sp.Matrix([[a, 1], [1, a]]), assumptions=[a > 0])
    assert cases.verified
    assert [(str(c), r.value) for c, r in cases] == [
        ("(a > 0) & (a < 1)", "indefinite"),
        ("Eq(a, 1)", "positive semidefinite"),
        ("a > 1", "positive definite"),
    ]


def test_tridiagonal_family_boundaries_are_eigenvalue_crossings():
    n = 4
    M = sp.Matrix(n, n, lambda i, j: 2 + p if i == j else (-1 if abs(i - j) == 1 else 0))
    cases = definiteness(M)
    kinds = [r.value for _, r in cases]
    assert kinds == [
        "negative definite",
        "negative semidefinite",
        "indefinite",
        "positive semidefinite",
        "positive definite",
    ]
    # the PSD boundary is p = -(2 - 2 cos(pi/5)) = -(3 - sqrt(5))/2: the matrix is singular there
    cond = [c for c, r in cases if r.value == "positive semidefinite"][0]
    boundary = cond.rhs
    assert sp.simplify(boundary + (3 - sp.sqrt(5)) / 2) == 0
    assert sp.simplify(M.subs(p, boundary).det()) == 0


def test_two_parameters_give_a_grid():
    cases = definiteness(sp.diag(p, q))
    assert cases.verified
    assert cases.where(p=1, q=1).value == "positive definite"
    assert cases.where(p=1, q=0).value == "positive semidefinite"
    assert cases.where(p=-1, q=1).value == "indefinite"
    assert cases.where(p=0, q=0).value == "zero"


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (sp.Matrix([[1, 2, 3], [4, 5, 6]]), "square"),
        (sp.Matrix([[1, 2], [3, 4]]), "symmetric"),
    ],
)
def test_bad_input(bad, match):
    with pytest.raises(ShapeError, match=match):
        definiteness(bad)


def test_string_input_and_json():
    res = definiteness("[[2, 1], [1, 2]]")
    assert res.value == "positive definite"
    data = json.loads(json.dumps(res.to_json()))
    assert data["verdict"] == "proven"


def test_latex_of_cases():
    from symml.core.latex import latex

    cases = definiteness(sp.diag(2 * (p - 1), 2 * (p + 1)))
    text = cases.latex("math")
    assert text.count(r"\textbf{Case }") == 5 and "indefinite" in text
    assert latex(cases, symml_mode="document").count(r"\paragraph{Case") == 5


signs = st.lists(st.sampled_from([-1, 0, 1]), min_size=3, max_size=3)


@settings(max_examples=60)  # each example computes a symbolic characteristic polynomial
@given(
    P=invertible_matrices(3),
    pattern=signs,
    scale=st.lists(nonzero_rationals(min_value=1, max_value=5), min_size=3, max_size=3),
)
def test_sylvester_law_of_inertia(P, pattern, scale):
    """x^T (P^T D P) x has the inertia of D: the classification matches D's signs."""
    D = sp.diag(*[s * abs(c) for s, c in zip(pattern, scale)])
    M = P.T * D * P
    res = definiteness(M)
    pos, neg = pattern.count(1), pattern.count(-1)
    n = 3
    expected = (
        "zero"
        if pos == neg == 0
        else "positive definite"
        if pos == n
        else "negative definite"
        if neg == n
        else "positive semidefinite"
        if neg == 0
        else "negative semidefinite"
        if pos == 0
        else "indefinite"
    )
    assert res.proven and res.value == expected
    if expected == "indefinite":
        v, w = res.witness["v"], res.witness["w"]
        assert (v.T * M * v)[0, 0] > 0 > (w.T * M * w)[0, 0]


def test_a_parameter_declared_positive_gets_no_impossible_cases():
    # regression: the split over a used to list a < 0 and a = 0 under the condition False
    from symml.optimisation.convexity import convexity
    from symml.optimisation.stationary import stationary_points

    a = sp.Symbol("a", positive=True)
    x, y = sp.symbols("x y", real=True)
    res = definiteness(sp.diag(a, 1))
    cases = list(res) if isinstance(res, Cases) else [(sp.true, res)]
    assert [r.value for _, r in cases] == ["positive definite"]
    sp_cases = [r for _, r in stationary_points(a * x**2 - y**2, [x, y])]
    assert len(sp_cases) == 1 and [c.kind for c in sp_cases[0].components] == ["saddle"]
    cv = [r for _, r in convexity(a * x**2 + x, [x])]
    assert len(cv) == 1 and cv[0].curvature.value == "strictly convex"
    # and an honest split still happens where the sign is not fixed by the declaration
    q = sp.Symbol("q", nonnegative=True)
    kinds = {str(c): r.value for c, r in definiteness(sp.diag(q, 1))}
    assert kinds == {"Eq(q, 0)": "positive semidefinite", "q > 0": "positive definite"}
