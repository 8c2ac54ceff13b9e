"""Section 2.3 of the companion: convex sets, epigraphs, the notes' list, Theorem 2.1, errata."""

from __future__ import annotations

import sympy as sp

from derivations import sec2_3_convexity as sec
from derivations._build import BuildContext
from symml.core.latex import Document, Section
from symml.core.results import Verdict
from symml.optimisation.convexity import Curvature


def test_sets_of_the_figure_have_the_expected_verdicts():
    verdicts = {name: res.verdict for name, _, res in sec.set_results()}
    assert verdicts == {
        "disc": Verdict.PROVEN,
        "half-plane": Verdict.PROVEN,
        "triangle (polyhedron)": Verdict.PROVEN,
        "annulus": Verdict.REFUTED,
        "union of two discs": Verdict.REFUTED,
        "sublevel set of a double well": Verdict.REFUTED,
    }


def test_every_function_of_the_notes_list_is_convex_on_its_range():
    results = dict(sec.notes_list_results())
    assert len(results) == 6
    for label, res in results.items():
        for _, r in res:
            assert r.verdict is Verdict.PROVEN and r.curvature.is_convex, label
    a = sp.Symbol("a", real=True)
    exp_cases = results["e^{ax}, a real"]
    assert exp_cases.where(a=0).curvature is Curvature.AFFINE
    assert exp_cases.where(a=2).curvature is Curvature.STRICTLY_CONVEX
    assert all(r.curvature is Curvature.STRICTLY_CONVEX for _, r in results["x log x, x > 0"])
    del a


def test_section_builds_with_figures_errata_and_is_deterministic(tmp_path):
    ctx = BuildContext(tmp_path)
    blocks = sec.build(ctx)
    tex = Document("t", [Section("2.3", blocks)]).tex()
    assert (tmp_path / "figures" / "sec2_3_sets.pdf").exists()
    assert (tmp_path / "figures" / "sec2_3_epigraphs.pdf").exists()
    # key results: strict convexity of x^4 through its second derivative, the x^a cases
    assert r"12 x^{2}" in tex
    assert "strictly concave" in tex and "neither convex nor concave" in tex
    assert r"a \neq 0" in tex
    wheres = {e.where for e in ctx.errata}
    assert any("Convex functions (in 1D)" in w for w in wheres)
    assert any("(2.30)--(2.34)" in w for w in wheres)
    assert any("Proposition 2.1" in w for w in wheres)
    assert any("Proposition 2.2" in w for w in wheres)
    assert any("strict convexity" in w for w in wheres)
    list_erratum = next(e for e in ctx.errata if "Convex functions" in e.where)
    assert "not defined" in list_erratum.evidence.tex()
    ctx2 = BuildContext(tmp_path / "again")
    assert Document("t", [Section("2.3", sec.build(ctx2))]).tex() == tex
