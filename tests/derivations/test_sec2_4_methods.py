"""Companion section 2.4: the step-size region, momentum and Newton results, figures and errata."""

import sympy as sp

from derivations._build import BuildContext
from derivations.sec2_4_methods import SECTION, build
from symml.core.latex import Section


def _tex(blocks):
    return "\n".join(b.tex() for b in blocks)


def test_section_2_4_builds_with_key_results_and_errata(tmp_path):
    ctx = BuildContext(tmp_path)
    blocks = build(ctx)
    tex = _tex(blocks)
    assert SECTION == "2.4"
    assert r"\left(0, \frac{1}{4}\right)" in tex  # stability interval of x^2 + 4y^2
    assert r"\left(0, \frac{1}{a}\right)" in tex  # a x^2
    assert r"\frac{2}{3}" in tex  # Newton on x^4
    assert "refuted" in tex.lower() and "proven" in tex.lower()
    assert any(isinstance(b, Section) and b.title == "Momentum" for b in blocks)
    assert {e.where for e in ctx.errata} == {
        "(2.37)",
        "Section 2.4.1, after (2.37)",
        "(2.36), after it",
        "Section 2.4.1",
        "(2.39)",
        "(2.38), after it",
        "(2.41)--(2.42)",
        "Section 2.4, after (2.35)",
    }
    assert (tmp_path / "figures" / "sec2_4_step_size.pdf").exists()
    assert (tmp_path / "figures" / "sec2_4_momentum_newton.pdf").exists()


def test_section_2_4_is_deterministic(tmp_path):
    first = _tex(build(BuildContext(tmp_path / "a")))
    second = _tex(build(BuildContext(tmp_path / "b")))
    assert first == second


def test_step_size_labels_are_the_exact_behaviour():
    from derivations.sec2_4_methods import step_size_behaviour

    R = sp.Rational
    assert step_size_behaviour(R(1, 20)) == "converges"  # factors 9/10, 3/5
    assert step_size_behaviour(R(1, 5)) == "converges, oscillating"  # factors 3/5, -3/5
    assert step_size_behaviour(R(1, 4)) == "oscillates, never converges"  # factor -1
    assert step_size_behaviour(R(11, 40)) == "diverges"  # factor -6/5
