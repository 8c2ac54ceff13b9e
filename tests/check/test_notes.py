"""`symml check` on the course notes themselves: every refutation is a real erratum, checked here by hand.

The notes are copied beside this test (tests/check/data) so that it runs in any checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from derivations import NOTES_FILE
from symml.check import NOT_CHECKED, PROVEN, REFUTED, check_notes
from symml.core.latex import compile_snippet, pdflatex_available

DATA = NOTES_FILE  # the copy of the notes the companion is built from
SHARED = Path(__file__).resolve().parents[3] / "shared" / "notes" / "maths-for-ml-notes.md"

u = sp.Symbol("u", real=True)


@pytest.fixture(scope="module")
def report():
    return check_notes(DATA)


def by_label(report):
    return {f.label or f"line {f.line}": f for f in report.findings}


@pytest.mark.skipif(not SHARED.is_file(), reason="the course notes are not beside this checkout")
def test_the_copy_is_the_notes():
    assert DATA.read_text(encoding="utf-8") == SHARED.read_text(encoding="utf-8")


def test_the_refuted_statements_are_the_known_errata(report):
    refuted = sorted(f.label or f"line {f.line}" for f in report.findings if f.verdict == REFUTED)
    assert refuted == ["2.26", "2.29", "2.34", "2.37", "2.45", "2.48", "2.50", "2.7", "line 173"]
    counts = report.counts
    assert counts[PROVEN] >= 19 and counts[REFUTED] == 9
    assert sum(counts.values()) == len(report.findings)
    # what the notes prove: the least-squares loss, the gradient and Hessian of (2.19), the
    # algebra of the convexity proof, FTC, and the probability rules
    proven = {f.label for f in report.findings if f.verdict == PROVEN}
    assert {"2.3", "2.20", "2.21", "2.25", "2.33", "2.41", "2.42", "3.3", "3.5", "3.6"} <= proven


def test_2_7_the_logistic_loss_has_the_wrong_sign(report):
    w = by_label(report)["2.7"].witness.values
    c, theta, x, b = w["c_1"], w["theta"], w["x_1"], w["b"]
    assert c in (0, 1)
    z = -theta * x + b
    f = 1 / (1 + sp.exp(z))
    cross_entropy = -(c * sp.log(f) + (1 - c) * sp.log(1 - f))  # (2.6) with N = 1
    printed = sp.log(1 + sp.exp(z)) - c * z  # (2.7) with N = 1
    assert sp.simplify(cross_entropy - printed) != 0
    assert sp.N(cross_entropy - printed, 30) != 0


def test_only_stationary_point_fails_at_p_equal_minus_one(report):
    w = by_label(report)["line 173"].witness.values
    x, y = sp.symbols("x y", real=True)
    f = (w["p"] - 1) * x**2 + (w["p"] + 1) * y**2
    point = {x: w["x"], y: w["y"]}
    assert (w["x"], w["y"]) != (0, 0)
    assert [sp.diff(f, v).xreplace(point) for v in (x, y)] == [0, 0]


def test_2_34_the_proof_step_has_the_wrong_sign(report):
    w = by_label(report)["2.34"].witness.values
    f = sp.Lambda(u, w["f(u)"])
    t, a, b = w["t"], w["a"], w["b"]
    df = sp.Lambda(u, sp.diff(w["f(u)"], u))
    line_233 = (1 - t) * f(a) + t * f(b) + (1 - t) * t * (b - a) * (df(a) - df(b))
    line_234 = (1 - t) * f(a) + t * f(b)
    assert sp.diff(w["f(u)"], u, 2).is_positive and 0 < t < 1 and a < b  # f convex, as the proof assumes
    assert (line_233 - line_234).is_negative


def test_2_37_is_an_ascent_step(report):
    finding = by_label(report)["2.37"]
    w = finding.witness.values
    grad = sp.diff(w["f(u)"], u).subs(u, w["x_t"])
    d = grad  # (2.37) = (2.35) with eta_t = eta and d_t = grad f(x_t)
    assert d * grad > 0  # but a descent direction needs d^T grad f <= 0
    assert "violates" in finding.reason


@pytest.mark.parametrize("label", ["2.48", "2.50"])
def test_2_48_and_2_50_the_vector_form_drops_the_root(report, label):
    w = by_label(report)[label].witness.values
    eta, g, s, eps = w["eta_t"], w["g_{t,d}"], w["s_{t,d}"], w["epsilon"]
    assert eta > 0 and s > 0 and eps > 0
    assert -eta * g / sp.sqrt(s + eps) != -eta * g / s


def test_2_29_is_false_in_both_readings_of_the_stray_prime(report):
    """f(b) >= f(a)'(b-a)f'(a): f(a)' is 0 (a number's derivative) or f'(a); the witness refutes both."""
    w = by_label(report)["2.29"].witness.values
    f = sp.Lambda(u, w["f(u)"])
    df = sp.Lambda(u, sp.diff(w["f(u)"], u))
    a, b = w["a"], w["b"]
    assert sp.diff(w["f(u)"], u, 2).is_positive and a < b  # f convex, as in the proof of Theorem 2.1
    assert f(b) - f(a) >= (b - a) * df(a)  # (2.28) holds there: only (2.29) is wrong
    assert f(b) < 0  # f(a)' read as 0
    assert f(b) < (b - a) * df(a) ** 2  # f(a)' read as f'(a)
    import mpmath

    mpmath.mp.dps = 50
    assert mpmath.e**b - 3 < 0 and mpmath.e**b - 3 < (b - a) * mpmath.e ** (2 * a)


def test_2_45_the_minibatch_estimate_is_biased(report):
    """Brute force: the mean over every batch of B of the n samples is (B/n)/N * sum g, not 1/N * sum g."""
    import itertools
    import random

    finding = by_label(report)["2.45"]
    w = finding.witness.values
    n, batch, big_n = int(w["n"]), int(w["B"]), w["N"]
    rng = random.Random(17)
    for g in ([sp.Integer(1)] * n, [sp.Rational(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(n)]):
        batches = list(itertools.combinations(g, batch))
        mean = sum(sum(b) / big_n for b in batches) / len(batches)  # (2.45) averaged over the batches
        gradient = sum(g) / big_n  # (2.44)'s gradient, reading x as theta
        assert mean == sp.Rational(batch, n) * gradient
        assert sum(g) == 0 or mean != gradient
    assert [sum(b) / big_n for b in itertools.combinations([1] * n, batch)] == [w["g_i"] * batch / big_n] * n


def test_2_26_needs_f_twice_differentiable(report):
    """Proposition 2.2 assumes f differentiable only: |u|^(3/2) is, and its remainder is rho^(3/2)."""
    w = by_label(report)["2.26"].witness.values
    f = sp.Lambda(u, w["f(u)"])
    x0, direction = w["x_0"], w["u"]
    rho = sp.Symbol("rho", positive=True)
    derivative = sp.limit((f(x0 + rho) - f(x0)) / rho, rho, 0, "+")
    assert derivative == sp.limit((f(x0 - rho) - f(x0)) / -rho, rho, 0, "+") == 0  # differentiable at x_0
    remainder = f(x0 + rho * direction) - f(x0) - derivative * rho * direction
    assert sp.limit(remainder / rho**2, rho, 0, "+") is sp.oo  # not O(rho^2)


def test_2_41_and_2_42_the_newton_step_is_the_models_stationary_point(report):
    assert by_label(report)["2.41"].verdict == PROVEN and "degree 2" in by_label(report)["2.41"].reason
    assert by_label(report)["2.42"].verdict == PROVEN
    # by hand in dimension 2: the model's gradient g + H(x - x_t) vanishes at x_t - H^{-1} g
    H = sp.Matrix([[2, 1], [1, 3]])
    g, xt = sp.Matrix([1, -2]), sp.Matrix([5, 7])
    star = xt - H.inv() * g
    assert g + H * (star - xt) == sp.zeros(2, 1)


def test_2_10_is_an_empty_display(report):
    finding = by_label(report)["2.10"]
    assert finding.verdict == NOT_CHECKED and "empty display" in finding.reason


def test_witnesses_use_the_notes_names_and_read_back(report):
    from symml.core.parsing import parse_value

    for f in report.refuted:
        data = f.to_json()["witness"]
        for name, text in data.items():
            if name == "description":
                continue
            assert "[" not in name
            assert parse_value(text) is not None
    assert by_label(report)["2.7"].witness.values.keys() >= {"c_1", "x_1"}


def test_the_text_report_has_one_line_column(report):
    for row in report.text().splitlines()[1:]:
        assert row.count("line ") <= 1 or "line" in row.split("line ", 2)[-1]
        assert not row.lstrip().startswith("-  line")


def test_nothing_unread_is_guessed(report):
    for f in report.findings:
        if f.verdict == NOT_CHECKED:
            assert f.reason and f.witness is None


@pytest.mark.latex
@pytest.mark.skipif(not pdflatex_available(), reason="pdflatex is not installed")
def test_the_errata_list_compiles(report):
    errata = report.latex("document")
    assert errata.count(r"\item") == 9
    assert compile_snippet(errata).is_file()
    assert compile_snippet(report.latex()).is_file()


@pytest.mark.latex
@pytest.mark.skipif(not pdflatex_available(), reason="pdflatex is not installed")
def test_the_cli_errata_list_compiles_alone(tmp_path):
    """``symml check --latex`` output in a bare article with amsmath and amssymb only."""
    import subprocess

    from typer.testing import CliRunner

    from symml.cli import app

    result = CliRunner().invoke(app, ["check", str(DATA), "--latex"])
    assert result.exit_code == 4
    tex = tmp_path / "errata.tex"
    body = result.stdout
    assert body.count(r"\item") == 9 and "line 173 (line 173)" not in body
    tex.write_text(
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
        + body
        + "\n\\end{document}\n"
    )
    run = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "errata.pdf").is_file()


# -- results hold data, only the printer writes LaTeX ---------------------------------------------------


def test_reasons_are_words_in_the_json_and_the_text_report():
    """No LaTeX in a finding's reason: the JSON and the terminal show plain words and SymPy's text."""
    import json

    from typer.testing import CliRunner

    from symml.cli import app

    result = CliRunner().invoke(app, ["check", str(DATA), "--json"])
    assert result.exit_code == 4
    payload = json.loads(result.stdout)
    assert payload["counts"] == {PROVEN: 19, REFUTED: 9, NOT_CHECKED: 46}
    reasons = [f["reason"] for f in payload["findings"]]
    assert len(reasons) == 74 and all(reasons)
    assert [r for r in reasons if "$" in r or "\\" in r] == []
    text = CliRunner().invoke(app, ["check", str(DATA)]).stdout.splitlines()
    said = [row for row in text[1:] if not row.lstrip().startswith("(") and " line " not in row[:20]]
    assert len(said) >= 74  # each finding's reason (and witness) rows, below its statement row
    assert [row for row in said if "$" in row or "\\" in row] == []
    by = {f["label"] or f"line {f['line']}": f["reason"] for f in payload["findings"]}
    assert "d_t^T grad f <= 0" in by["2.37"] and "grad L(theta)" in by["2.45"]


def test_a_reason_holds_the_mathematics_as_sympy(report):
    """(2.45): the reason's formulas are SymPy objects; the batch mean it states is B/(N n) times the sum
    of the per-sample gradients, which at the witness is the estimate's value over every batch."""
    from symml.check.samples import batch_mean

    finding = by_label(report)["2.45"]
    formulas = [p for p in finding.reason.parts if isinstance(p, sp.Basic)]
    total = sp.Symbol("sum_g")
    means = [
        f for f in formulas if isinstance(f, sp.Expr) and f.has(total) and not f.has(sp.Function("nabla_L"))
    ]
    names = {s.name: s for s in means[0].free_symbols}
    B, N, n = names["B"], names["N"], names["n"]
    assert sp.simplify(means[0] - B * total / (N * n)) == 0
    w = finding.witness.values
    at = {B: w["B"], N: w["N"], n: w["n"], total: w["n"] * w["g_i"]}
    ones = [w["g_i"]] * int(w["n"])
    assert means[0].xreplace(at) == batch_mean(1 / w["N"], ones, int(w["B"]))  # the mean over every batch
    gradient = sp.Function("nabla_L")(sp.Symbol("theta", real=True))
    assert any(isinstance(f, sp.Eq) and f.rhs.func == gradient.func for f in formulas)


def test_the_latex_report_and_the_errata_set_the_formulas(report):
    """``--latex`` and the companion's errata print the reasons' formulas through the one printer."""
    from typer.testing import CliRunner

    from derivations._build import checked_errata
    from symml.check.errata import finding_latex
    from symml.cli import app

    latex = CliRunner().invoke(app, ["check", str(DATA), "--latex"]).stdout
    for formula in (
        r"$d_{t}^{\top} \nabla f \leq 0$",  # (2.37): the constraint it violates
        r"$\frac{\sum_i g_i}{N} = \nabla L\left(\theta\right)$",  # (2.45)
        r"$f{\left(u \right)} = \left|{u}\right|^{\frac{3}{2}}$",  # (2.26)
        r"\eta_{t} = 1",  # a witness of (2.48), in the notes' names
        r"for $p = -1$ there are other stationary points",
    ):
        assert formula in latex
    assert "$$" not in latex and "exp(u)" not in latex and "Abs(" not in latex
    _, evidence = finding_latex(by_label(report)["2.45"])
    assert r"$\nabla L\left(\theta\right)$ as printed" in evidence
    companion = "\n".join(
        b.body
        for e in checked_errata([])
        for b in (e.evidence if isinstance(e.evidence, tuple) else [e.evidence])
    )
    assert r"$d_{t}^{\top} \nabla f \leq 0$" in companion and r"\eta_{t} = 1" in companion
