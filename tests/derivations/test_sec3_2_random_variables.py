"""Section 3.2 of the companion builds with exact pmfs, moments, dice sums and a figure."""

import sympy as sp

from derivations import sec3_2_random_variables as sec
from derivations._build import BuildContext
from symml.core.latex import Section
from symml.probability import E, Var


def test_dice_sums_are_exact():
    sums = sec.dice_sums((2, 10))
    assert sums[2].pmf_at(7) == sp.Rational(1, 6)
    assert E(sums[10]) == 35 and Var(sums[10]) == sp.Rational(350, 12)


def test_build_content(tmp_path):
    ctx = BuildContext(tmp_path)
    tex = Section("3.2", sec.build(ctx)).tex()
    assert r"\toprule" in tex  # pmf tables
    assert r"\frac{35}{12}" in tex  # Var of a die
    assert "sec3_2_dice_sums.pdf" in tex and (tmp_path / "figures" / "sec3_2_dice_sums.pdf").exists()
    assert "witness" in tex  # the refuted independence of A and B
    assert r"\frac{5}{12}" in tex  # P(X > Y) for two dice
    assert ctx.errata == []


def test_dependent_variables_keep_their_dependence(tmp_path):
    ctx = BuildContext(tmp_path)
    blocks = sec.dependent_variables(ctx)
    tex = Section("dependent", blocks).tex()
    assert r"\frac{35}{12}" in tex  # Cov(X, X + Y) = Var X
    assert r"\frac{17}{3}" in tex  # E[X | X + Y >= 11]
    assert ctx.errata == []
