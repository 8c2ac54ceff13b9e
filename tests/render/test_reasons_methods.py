"""Reasons, claims, notes and descriptions of definiteness, the methods, stationary points,
convexity and the identity checker hold words and SymPy objects, never LaTeX (issue 15):
only the printer writes LaTeX, and it sets their mathematics as formulas."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
import sympy as sp
from consumers import compile_snippets, mathjax_katex
from json_walk import holds_tex, json_strings, steps, words

import symml
from symml.core.results import Sentence
from symml.optimisation import convexity, methods

x, y, p, a = sp.symbols("x y p a", real=True)
g1, g2, g3 = sp.symbols("g1 g2 g3", real=True)

#: Each result, and notation its LaTeX must show in every layout (from its reasons and claims).
RESULTS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "definiteness by pivots": (
        lambda: symml.definiteness(sp.Matrix([[2, 1], [1, 2]])),
        (r"L D L^{\top}", r"d_{k} = \frac{D_{k}}{D_{k - 1}}", r"leading principal minors"),
    ),
    "definiteness indefinite": (
        lambda: symml.definiteness(sp.Matrix([[1, 2], [2, 1]])),
        (r"v^{\top} M v", r"w^{\top} M w"),
    ),
    "definiteness with p": (
        lambda: symml.definiteness(sp.Matrix([[p, 1], [1, p]])),
        (
            r"\det\left(\lambda I - M\right)",
            r"\chi{\left(- \lambda \right)}",
            r"\det\left(M\right) \neq 0",
            r"p = -2",
            r"\left(-1\right)^{k}",
        ),
    ),
    "definiteness in two parameters": (
        lambda: symml.definiteness(sp.Matrix([[p, a], [a, 1]])),
        (r"D_{k} > 0", r"\det\left(M\right) = 0", r"- M"),
    ),
    "optimality conditions refuted": (
        lambda: symml.optimality_conditions(x**2 - y**2, [x, y], (0, 0))["second order necessary"],
        (),
    ),
    "newton step": (
        lambda: symml.newton_step(x**2 + y**4, [x, y], [1, 1], eta=sp.Rational(1, 2)),
        (r"H d = - \nabla f", r"x_{1} = \eta d + x_{0}", r"\eta = \frac{1}{2}"),
    ),
    "heuristic not sufficient": (
        lambda: methods.step_size_heuristic_counterexamples()[0],
        (r"\eta < \frac{1}{\left|{\nabla f\left(x_{0}\right)}\right|}",),
    ),
    "heuristic not necessary": (
        lambda: methods.step_size_heuristic_counterexamples()[1],
        (r"\eta < \frac{1}{\left|{\nabla f\left(x_{0}\right)}\right|}",),
    ),
    "newton from the quadratic model": (
        lambda: methods.newton_from_quadratic_model(2),
        (
            r"H \left(x - x_{t}\right) + g",
            r"\det\left(H\right) \neq 0",
            r"x_{t} - H^{-1} g",
            r"g = \nabla f\left(x_{t}\right)",
        ),
    ),
    "momentum stability": (
        lambda: methods.momentum_stability(a * x**2, x, assumptions=[a > 0]),
        (r"\det\left(T - z I\right)", r"\beta \in \left[0, 1\right)", r"\eta < \frac{\beta + 1}{a}"),
    ),
    "gd stability": (
        lambda: symml.gd_stability(a * x**2, [x], assumptions=[a > 0]),
        (r"H x^{\star} = - c", r"I - \eta H", r"\lambda > 0"),
    ),
    "gd rate": (
        lambda: methods.gd_rate(x**2 + 3 * y**2, [x, y]),
        (r"\frac{\kappa - 1}{\kappa + 1}", r"\kappa = \frac{\lambda_{\max}}{\lambda_{\min}}"),
    ),
    "minibatch expectation": (
        lambda: methods.minibatch_expectation([g1, g2, g3], 2),
        (r"\frac{\sum_{i=1}^{N} \nabla \ell_{i}}{N}",),
    ),
    "minibatch expectation refuted": (
        lambda: methods.minibatch_expectation([g1, g2], 1, normalisation="1/N"),
        (r"\mathbb{E}\left[\hat{g}\right] = \frac{\nabla L}{2}",),
    ),
    "minibatch variance": (
        lambda: methods.minibatch_variance([1, 2, 3, 6], 2),
        (r"\left(- \bar{g} + \hat{g}\right)^{2}",),
    ),
    "adam bias correction": (
        lambda: methods.adam_bias_correction(),
        (r"\mathbb{E}\left[g_{t}\right] = g", r"m_{0} = 0", r"\frac{m_{t}}{1 - \beta^{t}}"),
    ),
    "adam scale invariance": (
        lambda: methods.adam_scale_invariance(2),
        (r"m_{t}", r"s_{t}"),
    ),
    "adam first step": (
        lambda: methods.adam_first_step(bias_correction=False),
        (r"m_{0} = 0", r"\left|{g}\right| = a", r"s_{0} = 0"),
    ),
    "stationary quadratic": (
        lambda: symml.stationary_points(x**2 + x * y + y**2, [x, y]),
        (
            r"2 \left(f{\left(x \right)} - f{\left(x^{\star} \right)}\right) = u^{\top} H u",
            r"u = x - x^{\star}",
        ),
    ),
    "stationary unbounded ray": (
        lambda: symml.stationary_points(x**3 - 3 * x + y**2, [x, y]),
        (r"f{\left(- t,0 \right)}", r"\to", r"-\infty"),
    ),
    "stationary with p": (
        lambda: symml.stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y]),
        (r"u^{\top} H u", r"D_{k}"),
    ),
    "stationary quadratic set": (
        lambda: symml.stationary_points(x**2 + 2 * x * y + y**2 + x + y, [x, y]),
        (r"f{\left(x_{0} \right)}", r"u^{\top} H u", r"u = x - x_{0}"),
    ),
    "tangent chain in two variables": (
        lambda: convexity.tangent_chain(x**2 + x * y + y**2, [x, y]),
        (r"\frac{d^{2}}{d s^{2}} g{\left(s \right)} = u^{\top} H u", r"u = b - a", r"b_{1}^{2}"),
    ),
    "steepest ascent": (
        lambda: convexity.steepest_ascent(x**2 + y**2, [x, y], [1, 2]),
        (r"u^{\star}", r"\left|{\nabla f\left(x_{0}\right)}\right|", r"2 \sqrt{5}"),
    ),
    "identity with radicals": (
        lambda: symml.check_identity(sp.sqrt(x**4 + 2 * x**2 + 1), (x + 1) ** 2 - 2 * x),
        (r"\sqrt{q^{2}} = \left|{q}\right|", r"q \geq 0"),
    ),
    "identity by substitution": (
        lambda: symml.check_identity(sp.sqrt(x**2 + 2 * x + 1), x + 1, assumptions="x >= -1"),
        (r"x = t_{x} - 1", r"t_{x} \geq 0"),
    ),
    "identity using the domain": (
        lambda: symml.check_identity(
            sp.log(x * y) + 1, sp.log(x) + sp.log(y**2) / 2 + 1, assumptions="x > 0, y > 0"
        ),
        (r"x > 0", r"y > 0"),
    ),
    "identity by log/exp": (
        lambda: symml.check_identity(
            -a * sp.log(1 / (1 + sp.exp(-x))) - (1 - a) * sp.log(1 - 1 / (1 + sp.exp(-x))),
            sp.log(1 + sp.exp(x)) - a * x,
        ),
        (),
    ),
}

#: Notation of witness descriptions, which the snippet prints (Jupyter's block shows the values).
IN_SNIPPETS = {
    "heuristic not sufficient": (r"\left|{x_{k}}\right|", r"3^{k}"),
    "definiteness indefinite": (r"v^{\top} M v > 0",),
    "minibatch expectation refuted": (r"\frac{B}{N} = \frac{1}{2}",),
}
NAMES = sorted(RESULTS)


@functools.cache
def built(name: str) -> Any:
    return RESULTS[name][0]()


@pytest.mark.parametrize("name", NAMES)
def test_no_latex_in_the_storedwords(name):
    result = built(name)
    found = list(words(result))
    assert found  # the walk reaches the words (a claim at least)
    assert [(path, text) for path, text in found if holds_tex(text)] == []
    data = json.loads(json.dumps(result.to_json()))
    assert [(path, s) for path, s in json_strings(data) if holds_tex(s)] == []
    assert "$" not in str(result) and "\\" not in str(result)


@pytest.mark.parametrize("name", NAMES)
def test_the_latex_shows_the_notation_of_the_reasons(name):
    result = built(name)
    for tex in (result.latex(), result._repr_latex_()):
        missing = [notation for notation in RESULTS[name][1] if notation not in tex]
        assert missing == []
    assert [notation for notation in IN_SNIPPETS.get(name, ()) if notation not in result.latex()] == []


def test_reasons_hold_sympy_objects_not_their_spelling():
    newton = built("newton step")
    H, d, grad = (sp.MatrixSymbol(n, *s) for n, s in (("H", (2, 2)), ("d", (2, 1)), ("nabla_f", (2, 1))))
    direction = next(s for s in newton.steps if s.statement.lhs == d)
    assert sp.Eq(H * d, -grad) in direction.reason.parts
    assert "L*D*L.T" not in built("definiteness by pivots").latex()  # the formula, not its text
    shifted = built("identity by substitution").steps[0].reason
    assert sp.Eq(x, sp.Symbol("t_x") - 1) in shifted.parts and (sp.Symbol("t_x") >= 0) in shifted.parts
    unbounded = built("stationary unbounded ray")[0].result.components[0].classification.steps[-1]
    assert -sp.oo in unbounded.reason.parts
    # the log/exp rewrite names its substitution e^x = w_x, with w_x > 0, as formulas
    rewrite = next(s for s in built("identity by log/exp").steps if s.rule == "log-exp")
    w = sp.Symbol("w_x")
    assert sp.Eq(sp.exp(x), w) in rewrite.reason.parts and (w > 0) in rewrite.reason.parts


def test_the_steps_proven_in_words_are_true():
    # the first-order statement of the tangent chain, written out: f(b) - f(a) - grad f(a).(b - a)
    # is a square (f = x**2 + xy + y**2), so it holds for every a, b
    steps = built("tangent chain in two variables").steps
    (statement,) = [s.statement for s in steps if isinstance(s.statement, sp.GreaterThan)]
    gap = sp.factor(statement.lhs - statement.rhs)
    a1, a2, b1, b2 = sp.symbols("a_1 a_2 b_1 b_2", real=True)
    assert sp.expand(gap - ((b1 - a1) ** 2 + (b1 - a1) * (b2 - a2) + (b2 - a2) ** 2)) == 0
    # steepest ascent's growth rate: grad f(x0) . u* = |grad f(x0)| (both sides kept)
    last = built("steepest ascent").steps[-1].statement
    assert isinstance(last, sp.Eq) and sp.simplify(last.lhs - last.rhs) == 0 and last.rhs == 2 * sp.sqrt(5)


def test_every_reason_with_mathematics_is_a_sentence():
    reasons = [s.reason for name in NAMES for s in steps(built(name))]
    assert any(isinstance(r, Sentence) for r in reasons)
    assert all(isinstance(r, Sentence) or not any(c in r for c in "$\\^_") for r in reasons if r)


@pytest.mark.latex
def test_the_reasons_render_in_mathjax_katex_and_pdflatex():
    problems = mathjax_katex({name: built(name)._repr_latex_() for name in NAMES})
    assert {n: r for n, r in problems.items() if r != {"mathjax": [], "katex": []}} == {}
    report = compile_snippets({name: built(name).latex() for name in NAMES})
    assert {n: r["errors"] for n, r in report.items() if r["errors"]} == {}
    assert {n: r["overfull"] for n, r in report.items() if any(float(pt) > 20 for pt in r["overfull"])} == {}
