"""Optimisation methods as exact maps (Sections 2.4-2.5): iterates, stability, Newton, SGD, Adam."""

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.core.errors import DomainError, InvalidValueError, NotDifferentiableError
from symml.core.results import Cases, Verdict
from symml.optimisation.methods import (
    adagrad,
    adam,
    adam_bias_correction,
    adam_first_step,
    adam_scale_invariance,
    gd_closed_form,
    gd_rate,
    gd_stability,
    gradient_descent,
    minibatch_expectation,
    minibatch_variance,
    momentum,
    momentum_stability,
    newton,
    newton_from_quadratic_model,
    newton_one_step,
    newton_rate,
    newton_step,
    rmsprop,
    sgd,
    step_size_heuristic_counterexamples,
)
from symml.strategies import pd_matrices, polynomials, quadratics, rationals

x, y, z = sp.symbols("x y z", real=True)
a, p = sp.symbols("a p")
R = sp.Rational


# exact iterates


def test_gd_iterates_on_a_parabola_halve():
    traj = gradient_descent(x**2, [x], R(1, 4)).iterates(3, 4)
    assert [q[0] for q in traj.points] == [3, R(3, 2), R(3, 4), R(3, 8), R(3, 16)]


def test_gd_iterates_stay_rational_on_a_3d_quadratic():
    f = x**2 + 2 * y**2 + 3 * z**2 + x * y - y * z + x - 2 * z
    traj = gradient_descent(f, [x, y, z], R(1, 10)).iterates([1, -1, R(1, 2)], 40)
    assert traj.definitions == ()
    assert all(e.is_Rational for q in traj.points for e in q)
    # and they approach the minimiser
    sol = sp.solve([f.diff(v) for v in (x, y, z)], [x, y, z], dict=True)[0]
    assert (traj.final - sp.Matrix([sol[x], sol[y], sol[z]])).norm() < R(1, 100)


def test_gd_with_symbolic_step_is_a_polynomial_in_eta():
    eta = sp.Symbol("eta", positive=True)
    traj = gradient_descent(x**2, [x], eta).iterates(1, 3)
    assert sp.expand(traj.final[0] - (1 - 2 * eta) ** 3) == 0


def test_update_map_is_the_rule():
    eta = sp.Symbol("eta", positive=True)
    m = gradient_descent(a * x**2, [x], eta).map()
    assert sp.expand(m.as_dict()[x] - (x - 2 * a * eta * x)) == 0
    mm = momentum(x**2, [x], R(1, 2), R(1, 2)).map().as_dict()
    msym = sp.Symbol("m", real=True)
    assert mm[msym] == msym / 2 + 2 * x
    assert sp.expand(mm[x] - (x - R(1, 2) * (msym / 2 + 2 * x))) == 0


# step size


def test_gd_stability_of_a_x_squared_is_zero_to_one_over_a():
    assert gd_stability(a * x**2, [x], assumptions=a > 0).value == sp.Interval.open(0, 1 / a)


def test_gd_stability_splits_on_an_unconstrained_parameter():
    cases = gd_stability(a * x**2, [x])
    assert isinstance(cases, Cases) and cases.verified
    assert cases.where(a=3).value.subs(a, 3) == sp.Interval.open(0, R(1, 3))
    assert cases.where(a=-1).value == sp.S.EmptySet
    assert cases.where(a=0).value == sp.Interval.open(0, sp.oo)


def test_gd_stability_example_2_19():
    cases = gd_stability((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    assert cases.verified
    assert cases.where(p=3).value.subs(p, 3) == sp.Interval.open(0, R(1, 4))
    assert cases.where(p=0).value == sp.S.EmptySet
    assert cases.where(p=1).value == sp.Interval.open(0, R(1, 2))


def test_gd_stability_non_quadratic_is_local():
    r = gd_stability(x**4 - 2 * x**2, [x])
    assert r.verdict is Verdict.PROVEN and "local" in r.claim
    assert dict((pt[0], s) for pt, s in r.value) == {
        -1: sp.Interval.open(0, R(1, 4)),
        1: sp.Interval.open(0, R(1, 4)),
    }


def _contracts(M: sp.Matrix) -> bool:
    """Spectral radius < 1 for symmetric M, decided by Sylvester's criterion on I - M and I + M."""
    n = M.rows
    for S in (sp.eye(n) - M, sp.eye(n) + M):
        if not all(S[:k, :k].det() > 0 for k in range(1, n + 1)):
            return False
    return True


@settings(max_examples=40)  # exact eigenvalues with radicals and a case analysis per example
@given(
    quadratics([x, y], matrices=pd_matrices(2)),
    rationals(min_value=R(1, 50), max_value=3, max_denominator=60),
)
def test_gd_converges_exactly_inside_the_proven_region(q, eta):
    f, A, b = q
    region = gd_stability(f, [x, y]).value
    M = sp.eye(2) - eta * A
    assert (region.contains(eta) is sp.true) == _contracts(M)


@pytest.mark.parametrize("f", [x**2 + 3 * y**2 - x, x**2 + x * y + y**2 + y])
def test_gd_closed_form_is_the_iteration(f):
    eta = R(1, 5)
    cf = gd_closed_form(f, [x, y], eta)
    assert cf.proven
    x0 = {sp.Symbol("x0_1", real=True): 1, sp.Symbol("x0_2", real=True): -2}
    traj = gradient_descent(f, [x, y], eta).iterates([1, -2], 3)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    for i in range(4):
        assert sp.simplify(cf.value.xreplace({**x0, k: i}) - traj[i]) == sp.zeros(2, 1)


def test_gd_rate_and_optimal_step():
    rho, eta_star, rho_star = gd_rate(x**2 + 3 * y**2, [x, y]).value
    assert (eta_star, rho_star) == (R(1, 4), R(1, 2))
    eta = sp.Symbol("eta", real=True)
    assert rho.subs(eta, eta_star) == rho_star
    assert rho.subs(eta, R(1, 5)) > rho_star and rho.subs(eta, R(3, 10)) > rho_star


def test_gradient_norm_heuristic_is_neither_sufficient_nor_necessary():
    not_sufficient, not_necessary = step_size_heuristic_counterexamples()
    assert not_sufficient.refuted and not_necessary.refuted
    w = not_sufficient.witness
    f, x0, eta = w["f"], w["x0"], w["eta"]
    (v,) = f.free_symbols
    assert eta < 1 / abs(sp.diff(f, v).subs(v, x0))  # the heuristic holds
    pts = [q[0] for q in gradient_descent(f, [v], eta).iterates(x0, 5).points]
    assert all(abs(pts[k + 1]) == 3 * abs(pts[k]) for k in range(5))  # yet GD diverges
    w = not_necessary.witness
    f, x0, eta = w["f"], w["x0"], w["eta"]
    assert eta >= 1 / abs(sp.diff(f, v).subs(v, x0))  # the heuristic fails
    assert gradient_descent(f, [v], eta).iterates(x0, 1).final[0] == 0  # yet GD converges


# momentum


@settings(max_examples=60)  # exact eigenvalues of 2x2 matrices: cheap but not free
@given(
    rationals(min_value=R(1, 20), max_value=4, max_denominator=30),
    rationals(min_value=0, max_value=R(19, 20), max_denominator=30),
)
def test_momentum_region_is_the_spectral_condition(eta, beta):
    region = momentum_stability(x**2, x).value  # h = 2
    e, b = sp.symbols("eta beta", real=True)
    inside = region.subs({e: eta, b: beta}) is sp.true
    T = sp.Matrix([[1 - 2 * eta, -eta * beta], [2, beta]])
    radius_below_one = all(sp.Abs(l) < 1 for l in T.eigenvals(multiple=True))
    assert inside == bool(radius_below_one)


def test_momentum_with_beta_zero_is_gd():
    gd = gradient_descent(x**2 + x * y + y**2, [x, y], R(1, 3)).iterates([1, 2], 5)
    hb = momentum(x**2 + x * y + y**2, [x, y], R(1, 3), 0).iterates([1, 2], 5)
    assert gd.points == hb.points


# Newton


def test_newton_from_the_quadratic_model():
    r = newton_from_quadratic_model(2)
    assert r.proven
    assert sp.Matrix(r.value).shape == (2, 1)


@settings(max_examples=40)  # a symbolic start and a 2x2 solve per example
@given(quadratics([x, y], matrices=pd_matrices(2)), rationals(), rationals())
def test_newton_lands_on_the_minimiser_in_one_step(q, u, v):
    f, A, b = q
    xstar = A.inv() * b
    assert newton_step(f, [x, y], [u, v]).value == xstar
    assert newton_one_step(f, [x, y]).value == xstar


def test_newton_on_x4_is_linear_with_factor_two_thirds():
    assert newton_rate(x**4, x, 0).value == (1, R(2, 3))
    pts = [q[0] for q in newton(x**4, [x]).iterates(3, 5).points]
    assert pts == [3 * R(2, 3) ** k for k in range(6)]
    assert newton_rate(sp.exp(x) - x, x, 0).value == (2, R(1, 2))


def test_newton_step_on_a_saddle_is_not_a_descent_direction():
    r = newton(x**2 - y**2, [x, y]).descent_check([1, 2])
    assert r.refuted
    d, point = r.witness["d"], r.witness["x"]
    grad = sp.Matrix([2 * point[0], -2 * point[1]])
    assert (d.T * grad)[0, 0] == 6 >= 0
    assert gradient_descent(x**2 - y**2, [x, y], 1).descent_check([1, 2]).proven


def test_newton_step_with_singular_hessian_names_the_point():
    with pytest.raises(DomainError, match=r"singular at x = \(0, 0\)"):
        newton_step(x**4 + y**2, [x, y], [0, 0])


# SGD


@settings(max_examples=50)  # enumerates every batch (at most 5^3 = 125)
@given(st.lists(rationals(), min_size=1, max_size=5), st.data(), st.booleans())
def test_minibatch_gradient_is_unbiased_for_random_data(g, data, replacement):
    B = data.draw(st.integers(1, min(len(g), 3)))
    r = minibatch_expectation(g, B, replacement=replacement)
    assert r.proven
    assert r.value[0] == sum(g) / len(g)


def test_minibatch_gradient_unbiased_for_symbolic_data_and_the_notes_normalisation():
    g = sp.symbols("g1:6")
    assert minibatch_expectation(g, 2).proven
    assert minibatch_expectation(g, 3, replacement=True).proven
    wrong = minibatch_expectation(g, 2, normalisation="1/N")
    assert wrong.refuted
    assert sp.expand(wrong.value[0] - R(2, 5) * sum(g) / 5) == 0
    assert wrong.witness["B"] / wrong.witness["N"] == R(2, 5)


def test_minibatch_variance_closed_forms():
    assert minibatch_variance([1, 2, 3, 6], 2).value == R(7, 6)
    assert minibatch_variance([1, 2, 3, 6], 2, replacement=True).value == R(7, 4)
    g = sp.symbols("g1:4")
    r = minibatch_variance(g, 2)
    mean = sum(g) / 3
    sigma2 = sum((gi - mean) ** 2 for gi in g) / 3
    assert sp.expand(r.value - sigma2 / 2 * R(1, 2)) == 0


def test_sgd_on_linear_regression():
    th, xs, ys = sp.symbols("theta x_d y_d", real=True)
    data = [{xs: 1, ys: 2}, {xs: 2, ys: 3}, {xs: -1, ys: 0}, {xs: 3, ys: 7}]
    opt = sgd((ys - th * xs) ** 2, [th], data, batch_size=2, eta=R(1, 20))
    assert opt.unbiasedness().proven and opt.unbiasedness(replacement=True).proven
    traj = opt.iterates(0, 4)
    # first batch is samples 0 and 1: gradient (1/2)(-2*1*2 - 2*2*3) = -8
    assert traj[1][0] == R(8, 20)
    assert all(q[0].is_Rational for q in traj.points)


# adaptive methods


def test_adagrad_and_rmsprop_first_steps():
    assert adagrad(x**2, [x], 1, epsilon=0).iterates(3, 1).final[0] == 2
    assert rmsprop(x**2, [x], 1, beta=R(3, 4), epsilon=0).iterates(3, 1).final[0] == 1


def test_adam_twenty_iterations_are_exact_and_named():
    traj = adam(x**2 + 3 * y**2 + x * y - x, [x, y], R(1, 10)).iterates([1, 1], 20)
    assert len(traj) == 21 and traj.definitions
    assert not any(e.has(sp.Float) for q in traj.points for e in q)
    assert all(abs(v) < 2 for q in traj.as_floats() for v in q)
    # the named values expand back to the direct computation for the first steps
    bm, bs, eps, eta = R(9, 10), R(999, 1000), R(1, 10**8), R(1, 10)
    g = 2 * 1 + 1 - 1  # df/dx at (1, 1)
    m, s = (1 - bm) * g, (1 - bs) * g**2
    x1 = 1 - eta * (m / (1 - bm)) / (sp.sqrt(s / (1 - bs)) + eps)
    assert sp.simplify(traj.expanded(1)[0] - x1) == 0


def test_adam_bias_correction_and_first_step():
    beta, g = sp.Symbol("beta", real=True), sp.Symbol("g", real=True)
    t = sp.Symbol("t", integer=True, positive=True)
    r = adam_bias_correction()
    assert r.proven and r.value == g * (1 - beta**t)
    eta, eps = sp.Symbol("eta", positive=True), sp.Symbol("epsilon", nonnegative=True)
    assert sp.simplify(adam_first_step().value.subs(eps, 0)) == eta
    assert sp.simplify(adam_first_step(bias_correction=False).value.subs(eps, 0)) == sp.sqrt(10) * eta


@settings(max_examples=25)  # nested radicals simplified exactly: ~50 ms per example
@given(rationals(min_value=R(1, 10), max_value=10), rationals(min_value=-3, max_value=3))
def test_adam_step_is_invariant_to_gradient_scale_at_eps_zero(c, x0):
    assert adam_scale_invariance(3).proven
    f = x**2 + x
    plain = adam(f, [x], R(1, 10), epsilon=0).iterates(x0, 2)
    scaled = adam(c * f, [x], R(1, 10), epsilon=0).iterates(x0, 2)
    for k in range(3):
        assert sp.simplify(plain.expanded(k)[0] - scaled.expanded(k)[0]) == 0


# bad input


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: gradient_descent(x**2, [x], 0), InvalidValueError, "positive"),
        (lambda: gradient_descent(x**2, [x], -1), InvalidValueError, "positive"),
        (lambda: momentum(x**2, [x], 1, 1), InvalidValueError, r"\[0, 1\)"),
        (lambda: momentum(x**2, [x], 1, -R(1, 2)), InvalidValueError, r"\[0, 1\)"),
        (lambda: adam(x**2, [x], 1, epsilon=-1), InvalidValueError, "non-negative"),
        (lambda: rmsprop(x**2, [x], 1, beta=2), InvalidValueError, r"\[0, 1\)"),
        (lambda: gradient_descent(sp.Abs(x), [x], 1), NotDifferentiableError, "not differentiable"),
        (lambda: newton_step(x**3, [x], 0), DomainError, "singular at x = 0"),
        (lambda: gradient_descent(x**2, [x], 1).iterates(1, -1), InvalidValueError, "non-negative"),
    ],
)
def test_bad_input_raises_one_clear_error(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_results_print_and_serialise():
    from symml.core.latex import latex

    for obj in (
        gd_stability(x**2 + 3 * y**2, [x, y]),
        momentum_stability(x**2, x),
        adam(x**2, [x], R(1, 10)),
        adam(x**2, [x], R(1, 10)).iterates(1, 2),
        newton(x**2 - y**2, [x, y]).descent_check([1, 2]),
    ):
        assert latex(obj) and obj.to_json()


def test_a_string_function_uses_the_callers_symbols():
    # regression: with a plain user symbol, "u**2" had zero gradient: GD stood still and
    # the stability region came out as (0, oo)
    from symml.optimisation.methods import gd_stability, gradient_descent

    u = sp.Symbol("u")
    gd = gradient_descent("u**2", [u], eta=sp.Rational(1, 4))
    assert gd.iterates([1], 1).states[-1].x == sp.ImmutableMatrix([sp.Rational(1, 2)])
    assert gd_stability("u**2", [u]).value == sp.Interval.open(0, 1)


def test_gd_stability_sees_a_drift_along_the_kernel():
    # x**2/2 + a*y: the y-iterate moves by -eta*a each step, so GD converges only for a = 0
    x, y, a = sp.symbols("x y a")
    cases = dict(gd_stability(x**2 / 2 + a * y, [x, y]))
    assert cases[sp.Eq(a, 0)].value == sp.Interval.open(0, 2)
    for cond, res in cases.items():
        if cond != sp.Eq(a, 0):
            assert res.value is sp.S.EmptySet
            assert cond.subs(a, 0) is sp.false
    for v in (-1, 1, sp.Rational(1, 3)):  # every a != 0 lies in exactly one (empty-set) case
        assert [c.subs(a, v) for c in cases].count(sp.true) == 1


@pytest.mark.parametrize("method", [adagrad, rmsprop, adam])
def test_a_user_symbol_named_like_an_internal_value_does_not_change_the_iterates(method):
    # the library names intermediate values x_k, s_k, m_k; a parameter called x_3
    # (declared real, so SymPy's Symbol("x_3", real=True) would be the very same object)
    # must stay the user's own
    x = sp.Symbol("x")
    c = sp.Symbol("x_3", real=True)
    eta = sp.Rational(1, 10)
    with_parameter = method((x - c) ** 2, [x], eta=eta).iterates(1, 4)
    plain = method((x - 2) ** 2, [x], eta=eta).iterates(1, 4)
    assert c not in {s for s, _ in with_parameter.definitions}
    assert sp.simplify(with_parameter.expanded(4).subs(c, 2) - plain.expanded(4)) == sp.zeros(1, 1)


# iterates in the polynomial ring Q[symbols] agree with plain SymPy arithmetic


def _plain_momentum(f, xs, start, eta, beta, steps):
    grad = [sp.diff(f, v) for v in xs]
    point, memory = [sp.sympify(c) for c in start], [sp.Integer(0)] * len(xs)
    for _ in range(steps):
        g = [gi.xreplace(dict(zip(xs, point))) for gi in grad]
        memory = [sp.expand(beta * mi + gi) for mi, gi in zip(memory, g)]
        point = [sp.expand(pi - eta * mi) for pi, mi in zip(point, memory)]
    return point


@settings(deadline=None)
@given(
    polynomials([x, y], max_degree=3, max_terms=4),
    st.tuples(rationals(min_value=-2, max_value=2), rationals(min_value=-2, max_value=2)),
    st.sampled_from([sp.Symbol("eta", positive=True), R(1, 10)]),
    st.sampled_from([sp.Symbol("beta", nonnegative=True), R(1, 2), 0]),
)
def test_ring_iterates_equal_plain_sympy(f, start, eta, beta):
    f = f + a * x * y  # a parameter of f, too
    ours = momentum(f, [x, y], eta, beta).iterates(list(start), 3)
    assert list(ours.final) == _plain_momentum(f, [x, y], start, eta, beta, 3)
    assert ours.definitions == ()


def test_ring_falls_back_off_polynomials():
    # sqrt(2) in the step size is not in Q[symbols]: the SymPy path gives the same kind of values
    it = gradient_descent(x**2, [x], sp.sqrt(2) / 4).iterates([1], 2)
    value = it.final[0]
    for symbol, definition in reversed(it.definitions):  # named exact values, as before
        value = value.xreplace({symbol: definition})
    assert sp.expand(value - (1 - sp.sqrt(2) / 2) ** 2) == 0
    it = gradient_descent(sp.exp(x), [x], R(1, 2)).iterates([0], 1)
    assert it.final[0] == -R(1, 2)


def test_step_is_the_next_point_as_newton_step_gives():
    f = x**2 + x * y + y**2 - x
    method = newton(f, [x, y])
    assert method.step([5, 7]) == newton_step(f, [x, y], [5, 7]).value == sp.Matrix([R(2, 3), -R(1, 3)])
    assert method.displacement([5, 7]) == method.step([5, 7]) - sp.Matrix([5, 7])
    gd = gradient_descent(f, [x, y], R(1, 10))
    assert gd.step([0, 0]) == sp.Matrix([R(1, 10), 0])  # 0 - (1/10)(2*0 + 0 - 1)
