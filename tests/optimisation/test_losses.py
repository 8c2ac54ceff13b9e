"""Unit tests of the chapter-2 losses: known closed forms, exact witnesses substituted back."""

from __future__ import annotations

import pytest
import sympy as sp

import symml
from symml.core.errors import ExactnessWarning, InvalidValueError, ShapeError, SymmlError
from symml.core.results import Verdict


def _all_zero(M):
    return all(sp.cancel(sp.together(e)) == 0 for e in M)


# ----------------------------------------------------------------------- least squares
def test_least_squares_known_line():
    fit = symml.least_squares([[0], [1], [2]], [1, 3, 4])
    a, b = fit.solution.minimiser
    assert (a, b) == (sp.Rational(3, 2), sp.Rational(7, 6))
    assert fit.solution.minimum == sp.Rational(1, 6)
    assert fit.solution.residuals.T == sp.Matrix(
        [[-sp.Rational(1, 6), sp.Rational(1, 3), -sp.Rational(1, 6)]]
    )
    # residuals are orthogonal to the columns of X~ (the normal equations)
    assert fit.design.T * fit.solution.residuals == sp.zeros(2, 1)
    assert fit.solution.unique and fit.rank == 2
    assert fit.strict_convexity.verdict is Verdict.PROVEN
    assert fit.convexity.verdict is Verdict.PROVEN and fit.agreement.verdict is Verdict.PROVEN


def test_least_squares_forms_agree_and_match_sympy():
    fit = symml.least_squares([[1, 2], [0, 1], [3, -1], [2, 2]], [1, 0, 2, 5])
    a1, a2, b = fit.variables
    by_hand = sum(
        (yi - a1 * p - a2 * q - b) ** 2
        for (p, q), yi in [((1, 2), 1), ((0, 1), 0), ((3, -1), 2), ((2, 2), 5)]
    )
    assert sp.expand(fit.loss - by_hand) == 0
    assert sp.expand(fit.loss_matrix - by_hand) == 0
    assert _all_zero(fit.gradient - sp.Matrix([sp.diff(by_hand, v) for v in fit.variables]))
    assert _all_zero(fit.gradient_matrix - fit.gradient)
    assert fit.hessian == sp.hessian(by_hand, fit.variables)
    theta = fit.solution.minimiser
    assert fit.gradient.subs(dict(zip(fit.variables, theta))) == sp.zeros(3, 1)


def test_least_squares_symbolic_slope_is_textbook_formula():
    x1, x2, x3, y1, y2, y3 = sp.symbols("x1 x2 x3 y1 y2 y3")
    fit = symml.least_squares([[x1], [x2], [x3]], [y1, y2, y3])
    a, b = fit.solution.minimiser
    xs, ys = [x1, x2, x3], [y1, y2, y3]
    xbar, ybar = sum(xs) / 3, sum(ys) / 3
    slope = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys)) / sum((x - xbar) ** 2 for x in xs)
    assert sp.cancel(a - slope) == 0
    assert sp.cancel(b - (ybar - slope * xbar)) == 0
    assert fit.solution.condition != sp.true  # the generic condition is stated
    assert fit.strict_convexity.verdict is Verdict.PROVEN  # the equivalence with full rank
    # the result is in the user's own symbols
    assert {x1, y1} <= fit.loss.free_symbols


def test_least_squares_rank_deficient_repeated_inputs():
    fit = symml.least_squares([[1], [1], [1]], [1, 3, 4])
    sol = fit.solution
    assert not sol.unique and fit.rank == 1
    assert sol.minimiser.T == sp.Matrix([[sp.Rational(4, 3), sp.Rational(4, 3)]])
    assert sol.minimum == sp.Rational(14, 3)
    (t,) = sol.parameters
    # every point of the line is a minimiser with the same value, and the gradient vanishes
    subs = dict(zip(fit.variables, sol.general))
    assert sp.expand(fit.loss.subs(subs) - sol.minimum) == 0
    assert _all_zero(fit.gradient.subs(subs))
    # minimum norm: |theta(t)|^2 - |theta_dagger|^2 = |t n|^2 >= 0
    assert sp.expand((sol.general.T * sol.general)[0] - (sol.minimiser.T * sol.minimiser)[0]) == 2 * t**2
    # strict convexity refuted: the witness is a null vector of X~
    assert fit.strict_convexity.verdict is Verdict.REFUTED
    v = fit.strict_convexity.witness["v"]
    assert v != sp.zeros(2, 1) and fit.design * v == sp.zeros(3, 1)


def test_least_squares_fewer_points_than_parameters_interpolates():
    x1, x2, y1 = sp.symbols("x1 x2 y1")
    fit = symml.least_squares([[x1, x2]], [y1])
    sol = fit.solution
    assert sol.minimum == 0 and not sol.unique and len(sol.null_space) == 2
    for n in sol.null_space:
        assert _all_zero(fit.design * n)
    num = symml.least_squares([[1, 2]], [3])
    assert num.solution.minimum == 0
    assert num.solution.minimiser.T == sp.Matrix([[sp.Rational(1, 2), 1, sp.Rational(1, 2)]])


def test_least_squares_floats_are_made_exact_and_reported():
    with pytest.warns(ExactnessWarning):
        fit = symml.least_squares([[0.5], [1], [2]], [1, 3, 4])
    assert fit.X[0, 0] == sp.Rational(1, 2)


@pytest.mark.parametrize(
    ("X", "y", "error"),
    [
        ([], [], ShapeError),
        ([[1, 2], [3]], [1, 2], ShapeError),
        ([[1], [2]], [1, 2, 3], ShapeError),
        ([[1], [2]], [[1, 2], [3, 4]], ShapeError),
        ([[1], [float("nan")]], [1, 2], InvalidValueError),
        ([[1], [sp.I]], [1, 2], InvalidValueError),
        ([[1], [True]], [1, 2], InvalidValueError),
        ("1, 2", [1, 2], ShapeError),
    ],
)
def test_least_squares_bad_input(X, y, error):
    with pytest.raises(error):
        symml.least_squares(X, y)
    assert issubclass(error, SymmlError)


# ----------------------------------------------------------------- logistic regression
def test_notes_2_7_refuted_with_exact_witness():
    model = symml.logistic_regression([[0], [1]], [0, 1])
    r = model.notes_2_7
    assert r.verdict is Verdict.REFUTED
    c, u = r.witness["c"], r.witness["u"]
    f = 1 / (1 + sp.exp(u))
    term_26 = -(c * sp.log(f) + (1 - c) * sp.log(1 - f))
    term_27 = sp.log(1 + sp.exp(u)) - c * u
    gap = sp.simplify(sp.expand_log(term_26 - term_27, force=True))
    assert gap == -1  # (2.6) and the printed (2.7) differ at the witness
    # and the corrected per-sample form agrees with (2.6) there
    assert sp.simplify(sp.expand_log(term_26 - (sp.log(1 + sp.exp(u)) - (1 - c) * u), force=True)) == 0


def test_logistic_loss_is_the_cross_entropy_and_not_2_7():
    model = symml.logistic_regression([[1, 2], [0, 1], [-1, 1]], [1, 0, 1])
    assert model.per_sample.verdict is Verdict.PROVEN and len(model.per_sample.steps) >= 5
    assert sp.simplify(sp.expand_log(model.loss_cross_entropy - model.loss, force=True)) == 0
    at = dict(zip(model.variables, [0, 0, 1]))  # every u_i = 1
    diff = sp.simplify(sp.expand_log((model.loss_notes_2_7 - model.loss).subs(at), force=True))
    assert diff == -sp.Rational(1, 3)  # (1/N) sum (1 - 2c_i) u_i = (1/3)(-1 + 1 - 1)


def test_logistic_gradient_and_hessian_match_sympy():
    model = symml.logistic_regression([[1, 2], [0, 1], [-1, 1]], [1, 0, 1])
    grad = sp.Matrix([sp.diff(model.loss, v) for v in model.variables])
    assert _all_zero(grad - model.gradient)
    assert _all_zero(grad - model.gradient_matrix)
    assert _all_zero(sp.hessian(model.loss, model.variables) - model.hessian)
    # at theta = 0, b = 0 every f = 1/2: the gradient is (1/N) sum (1/2 - c_i)(x_i, -1)
    at = dict(zip(model.variables, [0, 0, 0]))
    assert model.gradient.subs(at) == sp.Matrix([0, -sp.Rational(1, 3), sp.Rational(1, 6)])
    assert model.hessian.subs(at) == model.design.T * model.design / 12


def test_logistic_sign_convention_of_b():
    model = symml.logistic_regression([[2]], [1])
    theta, b = model.variables
    assert model.predictions[0] == 1 / (1 + sp.exp(-2 * theta + b))


def test_logistic_separable_data_have_no_finite_minimiser():
    model = symml.logistic_regression([[0], [1], [2], [3]], [0, 0, 1, 1])
    sep = model.separation
    assert sep.verdict is Verdict.PROVEN
    w = sep.value
    margins = [(2 * c - 1) * (w[0] * x - w[1]) for x, c in [(0, 0), (1, 0), (2, 1), (3, 1)]]
    assert all(m >= 1 for m in margins)
    t = sp.Symbol("t", positive=True)
    assert sp.limit(model.loss.subs(dict(zip(model.variables, t * w))), t, sp.oo) == 0
    assert model.existence.verdict is Verdict.REFUTED and model.existence.witness["w"] == w


def test_logistic_overlapping_data_refute_separability():
    model = symml.logistic_regression([[0], [1], [2], [3]], [0, 1, 0, 1])
    sep = model.separation
    assert sep.verdict is Verdict.REFUTED
    lam = sep.witness["lambda"]
    assert all(v >= 0 for v in lam) and sum(lam) == 1
    signs = sp.diag(*[2 * c - 1 for c in model.c])
    assert model.design.T * signs * lam == sp.zeros(2, 1)
    # overlap: a strictly positive certificate, so a finite minimiser exists
    ex = model.existence
    assert ex.verdict is Verdict.PROVEN
    assert all(v > 0 for v in ex.value) and model.design.T * signs * ex.value == sp.zeros(2, 1)
    assert model.design.rank() == 2


def test_logistic_quasi_separable_data_are_undecided():
    # x = 1 carries both labels; a threshold at 1 separates the rest with zero margin there
    model = symml.logistic_regression([[0], [1], [1], [2]], [0, 0, 1, 1])
    assert model.separation.verdict is Verdict.REFUTED
    assert model.existence.verdict is Verdict.UNDECIDED


def test_logistic_symbolic_data():
    x1, x2 = sp.symbols("x1 x2")
    model = symml.logistic_regression([[x1], [x2]], [0, 1])
    assert model.separation is None
    assert model.psd.verdict is Verdict.PROVEN
    assert {x1, x2} <= model.loss.free_symbols


@pytest.mark.parametrize(
    ("c", "error"),
    [
        ([0, 2], InvalidValueError),
        ([0, -1], InvalidValueError),
        ([0, sp.Rational(1, 2)], InvalidValueError),
        ([0, sp.Symbol("c")], InvalidValueError),
        ([0], ShapeError),
        ([0, 1, 1], ShapeError),
    ],
)
def test_logistic_bad_labels(c, error):
    with pytest.raises(error):
        symml.logistic_regression([[0], [1]], c)


# ------------------------------------------------------------------------------ K-means
RECT = [[0, 0], [0, 1], [4, 0], [4, 1]]


def test_kmeans_constraints_update_and_convexity():
    km = symml.kmeans(RECT, 2)
    r, mu = km.r, km.mu
    assert sp.Eq(r[0, 0] + r[0, 1], 1) in km.constraints
    assert sp.Contains(r[3, 1], sp.FiniteSet(0, 1)) in km.constraints
    assert _all_zero(sp.Matrix([sp.diff(km.loss, v) for v in mu]) - km.gradient)
    assert km.hessian == sp.hessian(km.loss, list(mu))
    subs = {mu[k, j]: km.centre_update[k, j] for k in range(2) for j in range(2)}
    assert _all_zero(km.gradient.subs(subs))
    assert km.convexity_in_centres.verdict is Verdict.PROVEN


def test_kmeans_lloyd_and_two_local_optima():
    left_right = symml.kmeans(RECT, 2, centres=[[0, 0], [4, 1]])
    assert left_right.converged and left_right.labels == (0, 0, 1, 1)
    assert left_right.centres == sp.Matrix([[0, sp.Rational(1, 2)], [4, sp.Rational(1, 2)]])
    top_bottom = symml.kmeans(RECT, 2)  # first K points start the centres
    assert top_bottom.converged and top_bottom.labels == (0, 1, 0, 1)
    assert top_bottom.centres == sp.Matrix([[2, 0], [2, 1]])
    a = left_right.local_minimum(left_right.centres)
    b = left_right.local_minimum(top_bottom.centres)
    assert a.verdict is Verdict.PROVEN and b.verdict is Verdict.PROVEN
    assert (a.value, b.value) == (1, 16)
    assert left_right.monotone.verdict is Verdict.PROVEN


def test_kmeans_not_jointly_convex_witness():
    km = symml.kmeans(RECT, 2)
    res = km.not_jointly_convex([[0, sp.Rational(1, 2)], [4, sp.Rational(1, 2)]])
    assert res.verdict is Verdict.REFUTED
    w = res.witness
    mid = (w["mu"] + w["mu'"]) / 2
    F = km.objective
    assert F(mid) == 17 and F(w["mu"]) == 1 and F(w["mu'"]) == 1
    assert F(mid) > (F(w["mu"]) + F(w["mu'"])) / 2


def test_kmeans_tie_rule_and_empty_cluster():
    tie = symml.kmeans([[1], [5]], 2, centres=[[0], [2]], iterations=1)
    assert tie.lloyd[0].labels == (0, 1) and tie.lloyd[0].ties == (0,)
    empty = symml.kmeans([[0], [1]], 2, centres=[[0], [100]], iterations=1)
    it = empty.lloyd[0]
    assert it.empty_clusters == (1,) and it.centres_after == sp.Matrix([[sp.Rational(1, 2)], [100]])
    assert it.loss_after == sp.Rational(1, 2)


def test_kmeans_one_cluster_minimum_is_the_mean():
    km = symml.kmeans([[0, 0], [1, 0], [0, 2]], 1)
    mean = sp.Matrix([[sp.Rational(1, 3), sp.Rational(2, 3)]])
    assert km.centres == mean and km.labels == (0, 0, 0)
    res = km.local_minimum(mean)
    assert res.verdict is Verdict.PROVEN and res.value == km.objective(mean) == sp.Rational(10, 3)
    assert km.local_minimum([[0, 1]]).verdict is Verdict.UNDECIDED  # not the mean


def test_kmeans_not_strict_local_minimum_is_undecided():
    km = symml.kmeans([[1], [5]], 2)
    assert km.local_minimum([[0], [2]]).verdict is Verdict.UNDECIDED


@pytest.mark.parametrize(
    ("K", "kwargs", "error"),
    [
        (0, {}, InvalidValueError),
        (5, {}, InvalidValueError),
        (1.5, {}, InvalidValueError),
        (True, {}, InvalidValueError),
        (2, {"centres": [[0, 0]]}, ShapeError),
        (2, {"iterations": 0}, InvalidValueError),
    ],
)
def test_kmeans_bad_input(K, kwargs, error):
    with pytest.raises(error):
        symml.kmeans(RECT, K, **kwargs)


def test_kmeans_symbolic_data_derive_but_do_not_iterate():
    x1, x2 = sp.symbols("x1 x2")
    km = symml.kmeans([[x1], [x2]], 1)
    assert km.lloyd == () and km.monotone is None
    assert sp.cancel(km.centre_update[0, 0].subs({km.r[0, 0]: 1, km.r[1, 0]: 1}) - (x1 + x2) / 2) == 0
    with pytest.raises(InvalidValueError):
        symml.kmeans([[x1], [x2]], 1, centres=[[0]])


# ------------------------------------------------------------------------------- output
@pytest.mark.latex
def test_latex_compiles_and_json():
    import json

    from symml.core.latex import compile_snippet, pdflatex_available

    results = [
        symml.least_squares([[0], [1], [2]], [1, 3, 4]),
        symml.least_squares([[1], [1]], [0, 2]),
        symml.logistic_regression([[0], [1], [2], [3]], [0, 1, 0, 1]),
        symml.kmeans(RECT, 2),
    ]
    for r in results:
        json.dumps(r.to_json())
        assert r._repr_latex_() == r.latex("math")
    if pdflatex_available():
        compile_snippet("", [r.latex() for r in results])


def test_the_summary_counts_in_words():
    # y = x/2 + 2/3 through (1, 1), (2, 2), (3, 2): one feature, a unique minimiser
    fit = symml.least_squares([[1], [2], [3]], [1, 2, 2])
    head, rank, minimiser, minimum = str(fit).splitlines()
    assert head == "least squares on 3 points, 1 feature: minimise J(a_1, b)"
    assert minimiser.strip() == "minimiser: a_1 = 1/2, b = 2/3" and minimum.strip() == "minimum: 1/6"
