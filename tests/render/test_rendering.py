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


def _sympy_value(value) -> bool:
    """gradient() and hessian() return SymPy matrices: SymPy prints them (str, LaTeX)."""
    return isinstance(value, (sp.Basic, sp.MatrixBase))


def _texts(method: str) -> dict[str, str]:
    out = {}
    for name in NAMES:
        value = built(name)
        if method == "latex" and _sympy_value(value):
            out[name] = rf"\[{symml.latex(value)}\]"
        elif hasattr(value, method):
            out[name] = getattr(value, method)()
    return out


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
    assert hasattr(built(name), "latex") or _sympy_value(built(name))
    report = compiled()[name]
    assert report["errors"] == []
    assert [pt for pt in report["overfull"] if float(pt) > OVERFULL_PT] == []


_DUMP = re.compile(r"\w+\((\w+)=|object at 0x|Step\(|Matrix\(\[")


@pytest.mark.parametrize("name", NAMES)
def test_str_is_a_short_summary(name):
    if _sympy_value(built(name)):
        pytest.skip("a SymPy value: str() is SymPy's")
    text = str(built(name))
    assert len(text.splitlines()) <= 40
    assert not _DUMP.search(text), text[:300]


@pytest.mark.parametrize("name", NAMES)
def test_every_result_has_the_same_shape(name):
    import json

    value = built(name)
    if _sympy_value(value):
        pytest.skip("a SymPy value, not a symml result")
    pairs = [tuple(case) for case in value.cases]
    assert pairs and all(len(pair) == 2 for pair in pairs)
    if len(pairs) == 1:
        assert pairs[0][0] is sp.true or len(getattr(value, "parameters", ())) > 0
    assert str(value) == value.text()
    json.dumps(value.to_json())
    assert value.latex("document") and value.latex("math") == value._repr_latex_()
