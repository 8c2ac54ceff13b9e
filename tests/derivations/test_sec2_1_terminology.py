"""Section 2.1 of the companion: constrained optima and closed-form minima, checked exactly."""

from __future__ import annotations

import sympy as sp

from derivations import sec2_1_terminology as sec
from derivations._build import BuildContext
from symml.core.latex import Document, Section
from symml.core.results import Verdict


def test_closed_form_minima_are_the_known_ones():
    minima = {desc: proof for desc, _, proof in sec.parametric_minima()}
    assert all(p.verdict is Verdict.PROVEN for p in minima.values())
    a, b, c = sp.Symbol("a", positive=True), sp.Symbol("b", real=True), sp.Symbol("c", real=True)
    (star, value) = next(p.value for d, p in minima.items() if d.startswith("a parabola"))
    assert sp.simplify(star + b / (2 * a)) == 0 and sp.simplify(value - (c - b**2 / (4 * a))) == 0
    (star, value) = next(p.value for d, p in minima.items() if "mean" in d)
    ys = sp.symbols("y_1:4", real=True)
    assert sp.simplify(star - sum(ys) / 3) == 0
    (star, value) = next(p.value for d, p in minima.items() if d.startswith(r"$x \log x"))
    assert star == sp.exp(sp.Symbol("a", real=True) - 1)


def test_every_closed_form_minimiser_is_below_nearby_rational_points():
    # an exact spot check of each proof's conclusion at concrete parameter values
    for _, f, proof in sec.parametric_minima():
        star, value = proof.value
        if isinstance(star, sp.MatrixBase):
            continue
        var = next(s for s in f.free_symbols if s.name == "x")
        params = sorted(f.free_symbols - {var}, key=str)
        subs = {p: sp.Rational(3, 2) for p in params}
        s_star, s_value = star.subs(subs), value.subs(subs)
        assert sp.simplify(f.subs(subs).subs(var, s_star) - s_value) == 0
        for dx in (sp.Rational(-1, 3), sp.Rational(1, 7)):
            assert sp.simplify(f.subs(subs).subs(var, s_star + dx) - s_value).is_positive


def test_section_builds_with_errata_and_figures(tmp_path):
    ctx = BuildContext(tmp_path)
    blocks = sec.build(ctx)
    tex = Document("t", [Section("2.1", blocks)]).tex()
    assert r"\min f = -2" in tex and r"\max f = 18" in tex  # x^3 - 3x on [0, 3]
    assert r"- \sqrt{2}" in tex  # x + y on the unit circle
    assert (tmp_path / "figures" / "sec2_1_constraints_1d.pdf").exists()
    wheres = {e.where for e in ctx.errata}
    assert any("(2.12)" in w for w in wheres) and any("Restrictions" in w for w in wheres)
    # deterministic
    assert Document("t", [Section("2.1", sec.build(BuildContext(tmp_path)))]).tex() == tex
