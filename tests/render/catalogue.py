"""A broad catalogue of results: every public entry point, with and without parameters.

Each entry is a name and a zero-argument function building the result, so that the
rendering tests (MathJax 3, KaTeX, pdflatex snippets, ``str()``) see what users see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

import symml
from symml import probability as prob
from symml.optimisation import convexity, methods

x, y, z, p, a, b, t = sp.symbols("x y z p a b t", real=True)


def _probability() -> dict[str, Callable[[], Any]]:
    X = prob.Die(6)
    S = prob.iid_sum(prob.Die(6), 3)
    C = prob.Coin(p, name="C")
    space = prob.FiniteSpace({1: sp.Rational(1, 2), 2: sp.Rational(1, 3), 3: sp.Rational(1, 6)})
    A, B = space.event({1, 2}, "A"), space.event({2, 3}, "B")
    return {
        "die": lambda: X,
        "die sum": lambda: S,
        "binomial": lambda: prob.Binomial(4, sp.Rational(1, 3)),
        "binomial with p": lambda: prob.Binomial(3, p),
        "coin with p": lambda: C,
        "P(die >= 5)": lambda: prob.P(X >= 5),
        "P(sum = 10)": lambda: prob.P(S.eq(10)),
        "P(indicator = 1)": lambda: prob.P((X > 3).indicator().eq(1)),
        "P(conditioned = 5)": lambda: prob.P(X.given(X > 3).eq(5)),
        "P(g(X) = 1)": lambda: prob.P(X.apply(lambda v: v % 2).eq(1)),
        "P(A | B)": lambda: prob.P(A, given=B),
        "bayes": lambda: prob.bayes(A, B),
        "union rule": lambda: prob.union_rule(A, B),
        "inclusion-exclusion": lambda: prob.inclusion_exclusion(A, B, space.event({1, 3}, "D")),
        "total probability": lambda: prob.total_probability(
            A, [space.event({1}, "H"), space.event({2, 3}, "T")]
        ),
        "independent": lambda: prob.independent(A, B),
        "independent with p": lambda: _coin_independence(),
        "check axioms": lambda: prob.check_axioms({1: sp.Rational(1, 2), 2: sp.Rational(1, 2)}),
        "check axioms with p": lambda: prob.check_axioms({1: p, 2: 1 - p}),
    }


def _losses() -> dict[str, Callable[[], Any]]:
    """The paths of the losses and constrained optima that store other words than the examples
    below: rank-deficient and symbolic data, separable and overlapping labels, k-means' local
    minimum and label swap, a box with a line of minima."""
    q, r = sp.symbols("q r", real=True)
    half = sp.Rational(1, 2)
    km = [[0, 0], [0, 1], [4, 0], [4, 1]]
    return {
        "least squares rank-deficient": lambda: symml.least_squares([[1, 1], [2, 2], [3, 3]], [1, 2, 4]),
        "least squares symbolic": lambda: symml.least_squares([[p], [q], [r]], [1, 2, 3]),
        "least squares symbolic, fewer points": lambda: symml.least_squares([[p, q]], [1]),
        "least squares symbolic, rank-deficient": lambda: symml.least_squares(
            [[p, p], [q, q], [r, r]], [1, 2, 3]
        ),
        "logistic separable": lambda: symml.logistic_regression([[0], [1], [2]], [0, 0, 1]),
        "logistic not separable": lambda: symml.logistic_regression([[0], [1], [2]], [1, 0, 1]),
        "logistic symbolic": lambda: symml.logistic_regression([[p], [q]], [0, 1]),
        "logistic per-sample derivation": lambda: symml.logistic_regression([[1]], [1]).per_sample,
        "logistic (2.7) refuted": lambda: symml.logistic_regression([[1]], [1]).notes_2_7,
        "kmeans local minimum": lambda: symml.kmeans(km, 2).local_minimum([[0, half], [4, half]]),
        "kmeans local minimum, K = 1": lambda: symml.kmeans([[0, 0], [0, 2]], 1).local_minimum([[0, 1]]),
        "kmeans not jointly convex": lambda: symml.kmeans(km, 2).not_jointly_convex([[0, half], [4, half]]),
        "optima on box, a line of minima": lambda: symml.optima_on_box(
            (x - y) ** 2, [x, y], [(0, 1), (0, 1)]
        ),
    }


def _coin_independence() -> Any:
    coin = prob.FiniteSpace({"H": p, "T": 1 - p}, constraints=[p >= 0, p <= 1])
    two = prob.product_space(coin, coin)
    first = two.event({o for o in two.outcomes if o[0] == "H"}, "A")
    both = two.event({o for o in two.outcomes if o[0] == o[1]}, "B")
    return prob.independent(first, both)


CATALOGUE: dict[str, Callable[[], Any]] = {
    "stationary": lambda: symml.stationary_points(x**3 - 3 * x + y**2, [x, y]),
    "stationary with p": lambda: symml.stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y]),
    "stationary line": lambda: symml.stationary_points((x - y) ** 2, [x, y]),
    "stationary quartic": lambda: symml.stationary_points(x**4 + x**3 - x, [x]),
    "optimality conditions": lambda: symml.optimality_conditions(x**2 + y**2, [x, y], [0, 0]),
    "definiteness": lambda: symml.definiteness(sp.Matrix([[2, 1], [1, 2]])),
    "definiteness with p": lambda: symml.definiteness(sp.Matrix([[p, 1], [1, p]])),
    "convexity": lambda: symml.convexity(x * sp.log(x), [x], domain=[x > 0]),
    "convexity 2d": lambda: symml.convexity(x**2 + x * y + y**2, [x, y]),
    "convexity neither": lambda: symml.convexity(sp.sin(x), [x]),
    "convexity with a": lambda: symml.convexity(x**a, [x], domain=[x > 0]),
    "set convexity": lambda: symml.set_convexity([x**2 + y**2 <= 1], [x, y]),
    "epigraph convexity": lambda: symml.epigraph_convexity(x**2, [x]),
    "gradient": lambda: symml.gradient(x**2 * y, [x, y]),
    "hessian": lambda: symml.hessian(x**2 * y, [x, y]),
    "optima on box": lambda: symml.optima_on_box(x**2 - x * y, [x, y], [(0, 1), (0, 1)]),
    "optima with equalities": lambda: symml.optima_with_equalities(x + y, [x, y], [x**2 + y**2 - 1]),
    "least squares": lambda: symml.least_squares([[1, 0], [1, 1], [1, 2]], [1, 2, 2]),
    "logistic regression": lambda: symml.logistic_regression([[1, 0], [1, 1]], [0, 1]),
    "kmeans": lambda: symml.kmeans([[0, 0], [0, 1], [4, 4], [4, 5]], 2),
    "gradient descent": lambda: symml.gradient_descent(x**2 + 2 * y**2, [x, y], sp.Rational(1, 4)),
    "momentum": lambda: symml.momentum(x**2, [x], sp.Rational(1, 4), sp.Rational(1, 2)),
    "newton": lambda: symml.newton(x**4, [x]),
    "newton step": lambda: symml.newton_step(x**2 + y**4, [x, y], [1, 1]),
    "sgd": lambda: symml.sgd((y - t * x) ** 2, [t], [{x: 1, y: 2}, {x: 2, y: 3}], 1, sp.Rational(1, 10)),
    "sgd unbiasedness": lambda: symml.sgd(
        (y - t * x) ** 2, [t], [{x: 1, y: 2}, {x: 2, y: 3}], 1, sp.Rational(1, 10)
    ).unbiasedness(),
    "gd iterates": lambda: symml.gradient_descent(x**2 + 2 * y**2, [x, y], sp.Rational(1, 4)).iterates(
        [1, 1], 3
    ),
    "gd iterates with eta": lambda: symml.gradient_descent(x**2, [x], p).iterates([1], 2),
    "gd descent check": lambda: symml.gradient_descent(
        x**2 + 2 * y**2, [x, y], sp.Rational(1, 4)
    ).descent_check([1, 1]),
    "adam iterates": lambda: symml.adam(x**2, [x], sp.Rational(1, 10)).iterates([1], 2),
    "newton iterates": lambda: symml.newton(x**4, [x]).iterates([1], 2),
    "adagrad": lambda: symml.adagrad(x**2, [x], sp.Rational(1, 2)),
    "rmsprop": lambda: symml.rmsprop(x**2, [x], sp.Rational(1, 2)),
    "adam": lambda: symml.adam(x**2, [x], sp.Rational(1, 10)),
    "gd stability": lambda: symml.gd_stability(x**2 + 3 * y**2, [x, y]),
    "gd stability with a": lambda: symml.gd_stability(a * x**2, [x], assumptions=[a > 0]),
    "gd rate": lambda: methods.gd_rate(x**2 + 3 * y**2, [x, y]),
    "momentum stability": lambda: methods.momentum_stability(a * x**2, x, assumptions=[a > 0]),
    "newton one step": lambda: methods.newton_one_step(x**2 + x * y + y**2, [x, y]),
    "tangent chain": lambda: convexity.tangent_chain(sp.exp(x), [x]),
    "steepest ascent": lambda: convexity.steepest_ascent(x**2 + y**2, [x, y], [1, 2]),
    "identity": lambda: symml.check_identity((x + 1) ** 2, x**2 + 2 * x + 1),
    "identity refuted": lambda: symml.check_identity((x + 1) ** 2, x**2 + 1),
    "prove sign": lambda: symml.prove_sign(x**2 + 1),
    **_probability(),
    **_losses(),
}
