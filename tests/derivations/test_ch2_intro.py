"""The companion's chapter-2 opening builds, shows the key results and records its errata."""

from __future__ import annotations

import pytest

from derivations import ch2_intro
from derivations._build import BuildContext, build_companion
from symml.core.latex import Section


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("ch2")
    ctx = BuildContext(out)
    blocks = ch2_intro.build(ctx)
    tex = "\n".join(b.tex() for b in blocks)
    return ctx, blocks, tex, out


def test_sections_and_figures(built):
    ctx, blocks, tex, out = built
    titles = [b.title for b in blocks if isinstance(b, Section)]
    assert titles == [
        "Example: linear regression (2.1)--(2.3)",
        "Example: logistic regression (2.4)--(2.7)",
        "Example: clustering, K-means (2.8)--(2.10)",
    ]
    for name in ("ch2_least_squares_fit", "ch2_logistic", "ch2_kmeans"):
        assert (out / "figures" / f"{name}.pdf").stat().st_size > 0
        assert f"figures/{name}.pdf" in tex


def test_key_results_appear(built):
    _, _, tex, _ = built
    # least squares on x = 0..4, y = (1, 3, 2, 5, 4): a = 4/5, b = 7/5, J_min = 18/5
    assert r"\frac{4}{5}" in tex and r"\frac{7}{5}" in tex and r"\frac{18}{5}" in tex
    assert "minimum norm" in tex
    # the logistic derivation, the refutation of (2.7), separability both ways
    assert tex.count("Refuted") >= 3 and "Proven:" in tex
    assert "linearly separable" in tex
    # K-means: the two local optima with values 1 and 16, and the non-convexity witness
    assert "strict local minimum" in tex
    assert r"17 > 1" in tex
    assert r"\text{False}" not in tex and "False" not in tex


def test_errata(built):
    ctx, _, _, _ = built
    where = [e.where for e in ctx.errata]
    assert "(2.7)" in where and "(2.9)--(2.10)" in where
    e27 = next(e for e in ctx.errata if e.where == "(2.7)")
    assert "1 - 2c_i" in e27.correction and e27.evidence is not None


def test_build_is_deterministic(built, tmp_path):
    text = build_companion(tmp_path / "a", sections=["2.0"], pdf=False).tex.read_text()
    again = build_companion(tmp_path / "b", sections=["2.0"], pdf=False).tex.read_text()
    assert text == again  # two independent builds are identical
    assert "Errata" in text and "Machine proof traces" in text
