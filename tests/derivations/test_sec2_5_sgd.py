"""Companion section 2.5: the unbiasedness proof, adaptive methods, figures and errata."""

from derivations._build import BuildContext
from derivations.sec2_5_sgd import SECTION, build


def test_section_2_5_builds_with_key_results_and_errata(tmp_path):
    ctx = BuildContext(tmp_path)
    tex = "\n".join(b.tex() for b in build(ctx))
    assert SECTION == "2.5"
    assert r"\sqrt{10} \eta" in tex  # Adam's first step without bias correction
    assert r"\frac{\eta g_{t}}{\sqrt{s_{t} + \epsilon}}" in tex  # Adagrad with root and epsilon
    assert "refuted" in tex.lower()  # the notes' 1/N
    assert {e.where for e in ctx.errata} == {
        "(2.45)",
        "(2.48) and (2.50)",
        "(2.51)--(2.53)",
        "Section 2.5, after (2.43)",
        "(2.44)--(2.45)",
    }
    for name in ("sec2_5_sampled_loss", "sec2_5_optimisers"):
        assert (tmp_path / "figures" / f"{name}.pdf").exists()


def test_the_sample_loss_approaches_the_exact_loss():
    import sympy as sp

    from derivations.sec2_5_sgd import SAMPLE_SIZES, _true_loss, sample_loss, theta

    exact = sp.Poly(_true_loss(), theta).all_coeffs()
    errors = []
    for n, seed in SAMPLE_SIZES:
        coeffs = sp.Poly(sample_loss(n, seed), theta).all_coeffs()
        errors.append(max(abs(a - b) for a, b in zip(coeffs, exact)))
    assert errors[-1] < errors[0] and errors[-1] < sp.Rational(1, 2)  # N = 1000 is close to L
