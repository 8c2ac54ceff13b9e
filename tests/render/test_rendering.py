"""Every result, as its readers see it: Jupyter (MathJax 3), VS Code (KaTeX), a paper
(pdflatex, amsmath + amssymb, 345 pt wide) and the terminal (``str()``)."""

from __future__ import annotations

import functools
import re

import pytest
import sympy as sp
from catalogue import CATALOGUE
from consumers import compile_snippets, mathjax_katex

import symml

NAMES = sorted(CATALOGUE)

#: A line more than this much too wide is a defect (the issue's acceptance threshold).
OVERFULL_PT = 20.0


@functools.cache
def built(name: str):
    return CATALOGUE[name]()


def _texts(method: str) -> dict[str, str]:
    return {name: getattr(built(name), method)() for name in NAMES}


@functools.cache
def rendered() -> dict:
    return mathjax_katex(_texts("_repr_latex_"))


@functools.cache
def compiled() -> dict:
    return compile_snippets(_texts("latex"))


@pytest.mark.latex
@pytest.mark.parametrize("name", NAMES)
def test_repr_latex_renders_in_mathjax_and_katex(name):
    assert hasattr(built(name), "_repr_latex_")
    assert rendered()[name] == {"mathjax": [], "katex": []}


@pytest.mark.latex
@pytest.mark.parametrize("name", NAMES)
def test_snippet_compiles_alone_and_fits_the_page(name):
    report = compiled()[name]
    assert report["errors"] == []
    assert [pt for pt in report["overfull"] if float(pt) > OVERFULL_PT] == []


_DUMP = re.compile(r"\w+\((\w+)=|object at 0x|Step\(|Matrix\(\[")


@pytest.mark.parametrize("name", NAMES)
def test_str_is_a_short_summary(name):
    text = str(built(name))
    assert len(text.splitlines()) <= 40
    assert not _DUMP.search(text), text[:300]


@pytest.mark.parametrize("name", NAMES)
def test_str_holds_no_latex(name):
    text = str(built(name))
    assert not re.search(r"\\[A-Za-z{}]|\$|\^\{|_\{", text), text[:300]


@pytest.mark.parametrize("name", NAMES)
def test_every_result_has_the_same_shape(name):
    import json

    value = built(name)
    assert all(hasattr(value, shape) for shape in ("verdict", "value", "steps", "cases", "text", "to_json"))
    assert value.verdict is None or isinstance(value.verdict, symml.Verdict)
    pairs = [tuple(case) for case in value.cases]
    assert pairs and all(len(pair) == 2 for pair in pairs)
    if len(pairs) == 1:
        assert pairs[0][0] is sp.true or len(getattr(value, "parameters", ())) > 0
    assert str(value) == value.text()
    json.dumps(value.to_json())
    assert value.latex("document") and value.latex("math") == value._repr_latex_()
