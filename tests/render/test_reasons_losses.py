"""The losses' and constrained optima's words hold no LaTeX: every reason, claim, note and
witness description is plain words or a :class:`~symml.core.results.Sentence` (words and
SymPy objects), and only the printer sets their mathematics, in the notes' notation."""

from __future__ import annotations

import functools
import json
import re

import pytest
import sympy as sp
from catalogue import CATALOGUE
from json_walk import holds_tex, json_strings, words

from symml.core.results import Sentence, Step

x = sp.Symbol("x", real=True)

#: Every path through the losses and constrained optima that stores words (the catalogue's
#: results, so that MathJax, KaTeX and pdflatex see them too).
NAMES = sorted(
    name
    for name in CATALOGUE
    if name.startswith(("least squares", "logistic", "kmeans", "optima on box", "optima with equalities"))
)


@functools.cache
def built(name: str):
    return CATALOGUE[name]()


@pytest.mark.parametrize("name", NAMES)
def test_words_and_json_hold_no_latex(name):
    result = built(name)
    found = list(words(result))
    assert found
    assert [(path, text) for path, text in found if holds_tex(text)] == []
    data = json.loads(json.dumps(result.to_json()))
    assert [(path, text) for path, text in json_strings(data) if holds_tex(text)] == []


def test_the_walk_sees_reasons_notes_and_descriptions():
    """The walk above reaches what it checks (else the test above could not fail)."""
    paths = {path for name in NAMES for path, _ in words(built(name))}
    for part in (
        ".notes[",
        ".witness.description",
        ".facts()",
        ".steps[0].reason",
        ".steps[0].rule",
        ".claim",
    ):
        assert any(part in path for path in paths), part
    inner = Step(x > 0, "as x > 0")
    object.__setattr__(inner, "reason", r"as $x > 0$")  # past any guard of Step: a stored LaTeX reason
    nested = Step(sp.true, "words", substeps=(inner,))
    assert [(path, text) for path, text in words(nested) if holds_tex(text)] == [
        ("result.substeps[0].reason", r"as $x > 0$")
    ]


def _sentences(name):
    return [(path, text) for path, text in words(built(name)) if isinstance(text, Sentence)]


def test_mathematics_in_words_is_sympy():
    """The former LaTeX in the losses' words is now SymPy objects in sentences."""
    count = sum(len(_sentences(name)) for name in NAMES)
    assert count >= 25
    model = dict(_sentences("logistic per-sample derivation"))["result.steps[0].reason"]
    u, b = sp.Symbol("u", real=True), sp.Symbol("b")
    assert model.parts[1] == sp.Eq(u, b - sp.Symbol("thetaT_x"), evaluate=False)
    (note,) = built("least squares rank-deficient").strict_convexity.notes
    assert note.parts[0] == sp.Eq(sp.Function("rank")(sp.Symbol("X_tilde")), 2, evaluate=False)
    # unevaluated where SymPy would simplify what the reason says away
    quotient = built("logistic per-sample derivation").steps[3].reason.parts[1]
    assert quotient.lhs == sp.log(sp.exp(u, evaluate=False), evaluate=False) and quotient.rhs == u


def test_notation_names_in_words_read_as_plain_text():
    """A name that prints as notation (thetaT_x is θᵀx) has a plain reading for str() and JSON."""
    from symml.core.latex import SYMBOL_NOTATION
    from symml.core.latex.text import name_text

    used = {
        symbol.name
        for name in NAMES
        for _, text in _sentences(name)
        for part in text.parts
        if isinstance(part, sp.Basic)
        for symbol in part.atoms(sp.Symbol, sp.MatrixSymbol)
        if symbol.name in SYMBOL_NOTATION
    }
    assert {"thetaT_x", "weighted_margins", "XT_X", "hessian_matrix_form"} <= used
    spelled = {"X_hat", "X_tilde", "mu_k"}  # these read well as they are spelled
    assert sorted(n for n in used - spelled if name_text(n) is None) == []


#: Notation that only the reasons, notes and descriptions bring (the statements do not),
#: as the printer sets it, in the snippet and in what Jupyter shows.  A pair is a formula
#: and the words after it (in text, or in ``\text{}`` in math).
NOTATION = {
    "least squares rank-deficient": [r"\operatorname{rank}{\left(\tilde{X} \right)} = 2"],
    "least squares symbolic, fewer points": [(r"\tilde{X}^{\top}\tilde{X}", "is singular")],
    "least squares symbolic, rank-deficient": [(r"\tilde{X}", "is rank-deficient")],
    "logistic per-sample derivation": [
        r"u = b - \theta^{\top}x",
        r"\log{\left(e^{u} \right)} = u",
        r"e^{u} + 1 > 0",
    ],
    "logistic (2.7) refuted": [r"u \neq 0"],
    "logistic separable": [r"\frac{d}{d s} f = f \left(1 - f\right)", r"u_{i} = b - \theta^{\top}x_i"],
    "logistic not separable": [r"\sum_i \lambda_i (2c_i - 1)\hat{x}_i = 0", r"\lambda_{i} > 0"],
    "kmeans": [
        r"\sum_{k=1}^{K} r_{ik} = 1",
        r"n_{k} = \sum_{i=1}^{4} r_{ik}",
        r"r_{ik} = \left[k = \arg\min_j \|x_i - \boldsymbol{\mu}_j\|^{2}\right]",
    ],
    "kmeans local minimum": [r"F{\left(\boldsymbol{\mu} \right)}", r"r = r^{\star}"],
    "optima with equalities": [r"\left(2, 4\right)"],
    "optima on box, a line of minima": [r"- 2 x + 2 y = 0"],
}


def _pattern(fragment) -> str:
    if isinstance(fragment, tuple):
        formula, words = fragment
        return re.escape(formula) + r"\$?\s*(\\text\{)?\s*" + re.escape(words)
    return re.escape(fragment)


@pytest.mark.parametrize("name", sorted(NOTATION))
@pytest.mark.parametrize("rendering", ["latex", "_repr_latex_"])
def test_latex_of_the_words_keeps_the_notation(name, rendering):
    tex = getattr(built(name), rendering)()
    missing = [f for f in NOTATION[name] if not re.search(_pattern(f), tex)]
    assert missing == [], tex[:3000]
