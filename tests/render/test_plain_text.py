"""No LaTeX outside the printer: ``str()`` and JSON of every result are plain text, and claims
with mathematics in them are :class:`~symml.core.results.Sentence` (words and SymPy objects)
that only the printer sets as formulas."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from catalogue import CATALOGUE

from symml.core.latex import latex
from symml.core.results import Result, Sentence, Verdict

x = sp.Symbol("x")


#: The JSON keys that hold claims, witness descriptions and names (reasons of steps still
#: carry inline LaTeX in several chapter-2 modules: not checked here).
_DATA_KEYS = ("claim", "description", "label", "feasible", "name")


def _data_strings(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _DATA_KEYS and isinstance(value, str):
                yield value
            yield from _data_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _data_strings(value)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_str_and_json_hold_no_latex(name):
    result = CATALOGUE[name]()
    text = str(result)
    assert "\\" not in text and "$" not in text, text
    if hasattr(result, "to_json"):
        for value in _data_strings(json.loads(json.dumps(result.to_json()))):
            assert "\\" not in value and "$" not in value, value


def test_a_sentence_is_its_plain_text_and_keeps_its_parts():
    f = sp.Eq(sp.Function("f")(x), x**2, evaluate=False)
    s = Sentence(f, "is convex on", x > 0, ", proven")
    assert s == "f(x) = x**2 is convex on x > 0, proven"  # the text str() and JSON show
    assert s.parts == (f, "is convex on", x > 0, ", proven")
    r = Result(s, Verdict.UNDECIDED)
    assert r.to_json()["claim"] == str(s)
    # only the printer writes LaTeX: formulas as math, words as text, in both layouts
    assert latex(s) == r"f{\left(x \right)} = x^{2} \text{ is convex on } x > 0\text{ , proven }"
    assert r"$f{\left(x \right)} = x^{2}$ is convex on $x > 0$" in r.latex()


def test_claims_that_were_latex_strings_are_sentences():
    from symml import convexity, least_squares, set_convexity

    y = sp.Symbol("y", real=True)
    claims = [
        convexity(x**2, [x]).cases[0].result.claim,
        set_convexity([x**2 + y**2 <= 1], [x, y]).claim,
        least_squares([[1, 0], [1, 1], [1, 2]], [1, 2, 2]).convexity.claim,
    ]
    for claim in claims:
        assert isinstance(claim, Sentence) and any(isinstance(p, sp.Basic) for p in claim.parts)
        assert "$" not in claim and "\\" not in claim
    assert claims[0].parts[-1] == sp.S.Reals and str(claims[0]).endswith("on R")


def test_a_sentence_reason_or_note_prints_its_formulas_in_every_layout():
    from symml.core.results import Step

    u = sp.Symbol("u")
    step = Step(
        sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1, evaluate=False), Sentence("expand, with", sp.Eq(u, x + 1))
    )
    r = Result(
        Sentence(x**2, "is non-negative"), Verdict.PROVEN, steps=(step,), notes=(Sentence("see", u > 0),)
    )
    assert r.to_json()["steps"][0]["reason"] == "expand, with u = x + 1"  # JSON: the plain text
    assert r"expand, with $u = x + 1$" in r.latex()  # text with inline math in a snippet
    assert r"\text{ expand, with } u = x + 1" in r._repr_latex_()  # one formula block for MathJax
    assert r"see $u > 0$" in r.latex() and r"\text{ see } u > 0" in r._repr_latex_()
    assert "$" not in str(r) and "\\" not in str(r)


def test_grouped_numeric_facts_keep_the_formulas_of_sentence_reasons():
    from symml.core.latex import readable
    from symml.core.results import Step

    a, b = sp.Rational(1, 6), sp.Rational(1, 3)
    steps = [
        Step(sp.Ge(a, 0, evaluate=False), Sentence("weight of", sp.Symbol("A"))),
        Step(sp.Ge(b, 0, evaluate=False), Sentence("weight of", sp.Symbol("B"))),
    ]
    (one,) = readable(steps)
    assert isinstance(one.reason, Sentence) and {sp.Symbol("A"), sp.Symbol("B")} <= set(one.reason.parts)


def test_entries_left_out_are_an_ellipsis_the_printers_set():
    from symml.core.latex.text import plain
    from symml.probability import Binomial

    assert latex(...) == r"\cdots" and plain(...) == "..."
    table = Binomial(60, sp.Rational(1, 2))._repr_latex_()  # 61 values: the middle ones left out
    assert table.count(r"\cdots") == 2 and r"\mathbb{P}\left(X = x\right)" in table
