"""LaTeX: the notation table, results, case splits and documents that compile."""

import os
import shutil

import pytest
import sympy as sp

from symml.core.latex import Document, Math, Section, Text, compile_pdf, compile_snippet, escape_text, latex
from symml.core.results import Cases, Result, Sentence, Step, Verdict, Witness

x, p = sp.symbols("x p", real=True)

needs_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex missing (in CI it must run)",
)


def test_notation_log_not_ln_and_bracket_matrices():
    assert latex(sp.log(x)) == r"\log{\left(x \right)}"
    assert latex(sp.Matrix([[1, 2], [3, 4]])).startswith(r"\begin{bmatrix}")
    assert latex(sp.Transpose(sp.MatrixSymbol("X", 2, 2))) == r"X^{\top}"


def test_text_is_escaped():
    assert escape_text("50% of x_i & y") == r"50\% of x\_i \& y"


def _sample_result():
    claim = sp.Eq(sp.Derivative(sp.exp(p * x), (x, 2)), p**2 * sp.exp(p * x))
    first = sp.Eq(sp.Derivative(sp.exp(p * x), x), p * sp.exp(p * x))
    return Result(
        claim,
        Verdict.PROVEN,
        steps=[Step(first, "differentiate twice"), Step(sp.Ge(p**2, 0), "a square is non-negative")],
    )


def test_proofs_drop_restatements_and_group_numeric_facts():
    from symml.core.latex import readable

    claim = sp.Eq(x**2 - 1, (x - 1) * (x + 1))
    same = sp.Eq(x + 1, x + 1, evaluate=False)
    facts = [
        Step(sp.Ge(R, 0, evaluate=False), f"weight of {i} is non-negative")
        for i, R in enumerate([H, H, T], 1)
    ]
    steps = readable(
        [Step(claim, "restates the claim"), Step(same, "identical sides"), *facts], shown=[claim]
    )
    assert len(steps) == 1
    assert set(steps[0].statement.args) == {sp.Ge(H, 0, evaluate=False), sp.Ge(T, 0, evaluate=False)}
    assert steps[0].reason == "weight of 1, 2, 3 is non-negative"


H, T = sp.Rational(1, 6), sp.Rational(1, 2)


def test_result_latex_has_claim_verdict_and_reasons():
    tex = _sample_result().latex("math")
    assert tex.startswith(r"\begin{align*}") and tex.endswith(r"\end{align*}")
    assert r"\textbf{proven}" in tex and "differentiate twice" in tex
    assert _sample_result()._repr_latex_() == tex
    assert _sample_result().latex() == latex(_sample_result(), symml_mode="snippet")


def test_refuted_result_prints_its_witness():
    r = Result(sp.Eq(x**2, x), Verdict.REFUTED, witness=Witness({"x": 2}, shows=sp.Ne(4, 2)))
    assert "x = 2" in r.latex("math") and "witness" in r.latex("math")


@needs_pdflatex
def test_results_and_cases_compile_with_pdflatex():
    refuted = Result(sp.Eq(x**2, x), Verdict.REFUTED, witness=Witness({"x": 2, "lambda": sp.Rational(1, 2)}))
    cases = Cases([(p < 0, _sample_result()), (p >= 0, refuted)], [p])
    pdf = compile_snippet(_sample_result().latex() + "\n" + cases.latex() + "\n" + refuted.latex())
    assert pdf.exists() and pdf.stat().st_size > 1000


def test_sentence_claims_carry_their_math_in_both_layouts():
    f, f2 = sp.Symbol("f"), sp.Symbol("f''")
    claim = Sentence(f, "is convex on", x > 0, "(50% sure)")
    r = Result(claim, Verdict.PROVEN, steps=[Step(sp.true, Sentence("by", f2 > 0), rule="second-derivative")])
    math = r.latex("math")  # words escaped in \text{}, formulas as math
    assert (
        r"f \text{ is convex on } x > 0 \text{ (50} \% \text{ sure) }" in math
        and r"\text{ by } f'' > 0" in math
    )
    doc = latex(r, symml_mode="document")
    assert doc.startswith(r"\par\noindent\textbf{Proven:} $f$ is convex on $x > 0$ (50\% sure)")
    assert r"\item by $f'' > 0$" in doc and r"\begin{align*}" not in doc


def test_document_layout_is_what_math_blocks_use():
    r = _sample_result()
    assert Math(r).tex() == latex(r, symml_mode="document")
    assert r"\begin{enumerate}" in Math(r).tex() and "(differentiate twice)" in Math(r).tex()


@needs_pdflatex
def test_document_layout_compiles():
    claim = Sentence(sp.Eq(x**2, x), "for all", x)
    refuted = Result(claim, Verdict.REFUTED, witness=Witness({"x": 2}, shows=sp.Ne(4, 2)))
    cases = Cases([(p < 0, _sample_result()), (p >= 0, refuted)], [p])
    body = "\n".join(Math(obj).tex() for obj in (_sample_result(), refuted, cases))
    assert compile_snippet(body).exists()


@needs_pdflatex
def test_document_compiles(tmp_path):
    doc = Document(
        "Test",
        [Section("One", [Text("Some text with $x^2$."), Math(sp.Eq(x**2, x * x)), Math(_sample_result())])],
    )
    tex = tmp_path / "doc.tex"
    tex.write_text(doc.tex())
    assert compile_pdf(tex).exists()
    assert (
        doc.tex()
        == Document(
            "Test",
            [
                Section(
                    "One", [Text("Some text with $x^2$."), Math(sp.Eq(x**2, x * x)), Math(_sample_result())]
                )
            ],
        ).tex()
    )


@needs_pdflatex
def test_reasons_and_notes_with_math_render_in_the_jupyter_layout():
    r = Result("claim", Verdict.UNDECIDED, notes=(Sentence("tried", x > 0, "and 5% more"),))
    reason = Sentence("since", sp.Ge(x**2, 0, evaluate=False), "for real", x)
    s = Result(
        Sentence(sp.Symbol("f"), "convex"),
        Verdict.PROVEN,
        steps=[Step(sp.Ge(x**2, 0), reason, rule="square")],
    )
    assert r"\text{ since } x^{2} \geq 0 \text{ for real } x" in s.latex("math")
    assert r"\text{ tried } x > 0 \text{ and 5} \% \text{ more }" in r.latex("math")
    assert compile_snippet(s.latex() + "\n" + r.latex()).exists()


def test_comparison_signs_in_text_are_escaped_or_set_as_math():
    from symml.core.latex import text_in_math, text_with_math

    assert escape_text("a < b > c") == r"a \textless{} b \textgreater{} c"
    assert text_with_math("if $x < 1$ then x <= 2") == r"if $x < 1$ then x $\leq$ 2"
    # inside a formula, \text{} holds words only: MathJax and KaTeX know no \textless
    assert text_in_math("n_k > 0") == r"n_{k} > \text{ 0}"  # a subscripted name is mathematics


@needs_pdflatex
def test_a_wide_relation_gets_a_display_of_its_own():
    xs = sp.symbols("x1:12", real=True)
    wide = sp.Eq(sp.Matrix([sum(xs)]), sp.Matrix([sum(v**2 for v in xs)]), evaluate=False)
    short = sp.Eq(xs[0], 2 * xs[1], evaluate=False)
    tex = Math(Result("c", Verdict.PROVEN, steps=[Step(wide, "expand"), Step(short, "def")])).tex()
    assert tex.count(r"\begin{multline*}") == 1 and r"\item $\displaystyle x_{1} = 2 x_{2}$" in tex
    assert compile_snippet(tex).exists()


def test_steps_group_by_their_rule_not_by_their_words():
    from symml.core.latex import readable

    facts = [
        Step(sp.Ge(H, 0, evaluate=False), "first weight", rule="weight-nonnegative"),
        Step(sp.Ge(T, 0, evaluate=False), "another one", rule="weight-nonnegative"),
        Step(sp.Ge(T + H, 0, evaluate=False), "first of a different kind", rule="sum"),
    ]
    steps = readable(facts)
    assert [s.rule for s in steps] == ["weight-nonnegative", "sum"]
    assert steps[0].to_json()["rule"] == "weight-nonnegative"
