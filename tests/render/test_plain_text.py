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
