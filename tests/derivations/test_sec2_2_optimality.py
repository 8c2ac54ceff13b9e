"""Section 2.2 of the companion: the five cases of (2.19), the x^4 witness, Himmelblau, errata."""

import sympy as sp

from derivations import sec2_2_optimality as sec
from derivations._build import BuildContext
from symml.core.latex import Document, Section
from symml.plot import representative_value


def test_section_builds_with_the_key_results(tmp_path):
    ctx = BuildContext(tmp_path)
    blocks = sec.build(ctx)
    tex = "\n".join(b.tex() for b in blocks)
    # the five cases of p, found by symml, appear with their kinds
    for cond in (r"p < -1", r"p = -1", r"-1 < p < 1", r"p = 1", r"p > 1"):
        assert cond in tex
    assert "non-strict global minima" in tex and "non-strict global maxima" in tex
    assert "saddle point" in tex and "strict global minimum" in tex
    # x^4: the second-order sufficient condition fails at a strict minimum
    assert r"\theta^4" in tex and "not" in tex
    # Himmelblau: all nine points, 4 minima, 1 maximum, 4 saddles, exact CRootOf coordinates
    assert "4 minima, 1 maximum, 4 saddles" in tex
    assert tex.count(r"\operatorname{root}") >= 16  # each with its decimal beneath
    # figures: contours for the five cases and Himmelblau's points
    assert (tmp_path / "figures" / "sec2_2_example_2_19_contours.pdf").exists()
    assert (tmp_path / "figures" / "sec2_2_himmelblau.pdf").exists()
    # errata: the iff, the only-stationary-point claim, the three cases, the printed signs, (2.19)'s map
    wheres = [e.where for e in ctx.errata]
    assert len(wheres) == 5
    assert any("sufficient" in w for w in wheres)
    assert any("(2.20)" in w for w in wheres) and any("(2.21)" in w for w in wheres)
    three_cases = next(e for e in ctx.errata if "(2.21)" in e.where)
    assert "five cases" in three_cases.correction
    # the blocks assemble into a whole document (compiled by the companion's own tests)
    doc = Document("2.2", [Section(f"{sec.SECTION} {sec.TITLE}", blocks)]).tex()
    assert doc.count(r"\subsection") == 5 and r"\end{document}" in doc


def test_representative_values_lie_in_their_cases():
    p = sp.Symbol("p", real=True)
    for cond in (p < -1, sp.Eq(p, -1), sp.And(p > -1, p < 1), sp.Eq(p, 1), p > 1):
        assert cond.subs(p, representative_value(cond)) is sp.true
