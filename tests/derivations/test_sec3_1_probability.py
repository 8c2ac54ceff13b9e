"""Section 3.1 of the companion builds, shows the examples and records the (3.6) erratum."""

import sympy as sp

from derivations import sec3_1_probability as sec
from derivations._build import BuildContext
from symml.core.latex import Section


def test_examples_are_the_notes_four(tmp_path):
    spaces = sec.examples()
    assert set(spaces) == {"die", "coin", "uniform", "rain"}
    assert spaces["die"].P({2, 4, 6}).value == sp.Rational(1, 2)
    assert len(spaces["die"].events) == 64


def test_build_content_and_erratum(tmp_path):
    ctx = BuildContext(tmp_path)
    blocks = sec.build(ctx)
    tex = Section("3.1", blocks).tex()
    assert r"|\mathcal{A}| = 64" in tex
    assert "rain" in tex and r"\frac{3}{10}" in tex
    assert r"\mathbb{P}\left(A \mid B\right)" in tex
    assert [e.where for e in ctx.errata] == ["(3.6)", "Definition 3.2", "Definition 3.3, (3.1)--(3.2)"]
    assert "union" in ctx.errata[0].correction
    # the union of the erratum: A = sum >= 8 (15/36), B = dice differ (30/36), A ∩ B = 12/36
    assert r"\frac{11}{12}" in ctx.errata[0].correction
