"""`symml check`: synthetic notes with known true and false statements, bad input, the CLI."""

from __future__ import annotations

import itertools
import json

import pytest
import sympy as sp
from typer.testing import CliRunner

import symml
from symml.check import NOT_CHECKED, PROVEN, REFUTED, check_notes
from symml.check.notation import read_chain
from symml.cli import app
from symml.core.errors import ParseError
from symml.probability import FiniteSpace

x, y, p, a = sp.symbols("x y p a", real=True)


def findings(text: str) -> dict[str, object]:
    return {f.label: f for f in check_notes(text).findings}


def value(name: str, witness: object) -> sp.Expr:
    return witness.values[name]


# -- chains -------------------------------------------------------------------------------------


def test_true_and_false_links_of_one_chain():
    f = findings(
        r"$$ (x + 1)^2 = x^2 + 2x + 1 = x^2 + 1 \tag{1} $$"
        + "\n"
        + r"$$ \frac{x^2 - 1}{x - 1} = x + 1 \tag{2} $$"
    )
    assert f["1"].verdict == REFUTED
    w = f["1"].witness
    point = {x: value("x", w)}
    assert sp.expand((x + 1) ** 2 - (x**2 + 1)).xreplace(point) != 0
    assert f["2"].verdict == PROVEN


def test_inequality_links():
    f = findings(r"$$ x^2 + 1 \geq 2x \tag{a} $$" + "\n" + r"$$ x^2 \leq x \tag{b} $$")
    assert f["a"].verdict == PROVEN
    assert f["b"].verdict == REFUTED
    assert (x**2 - x).xreplace({x: value("x", f["b"].witness)}) > 0


def test_definitions_are_carried_forward_and_scoped_by_headings():
    notes = "\n".join(
        [
            "2.1 First section",
            r"$$ g(x) = x^2 + 1 \tag{d} $$",
            r"$$ g(x + 1) = x^2 + 2x + 2 \tag{t} $$",
            r"$$ g(x - 1) = x^2 - 2x + 1 \tag{f} $$",
            "2.2 Second section",
            r"$$ g(x + 1) = x^2 + 2x + 2 \tag{u} $$",
        ]
    )
    f = findings(notes)
    assert f["d"].verdict == NOT_CHECKED and "definition" in f["d"].reason
    assert f["t"].verdict == PROVEN
    assert f["f"].verdict == REFUTED
    w = f["f"].witness
    assert ((x - 1) ** 2 + 1 - (x**2 - 2 * x + 1)).xreplace({x: value("x", w)}) != 0
    # outside its section g is an unknown function again: nothing to prove or refute
    assert f["u"].verdict == NOT_CHECKED


def test_sums_compared_term_by_term_and_refuted_with_one_data_point():
    notes = "\n".join(
        [
            r"$$ f(x) = a x + b \tag{1} $$",
            r"$$ J = \sum_{i=1}^N (y_i - f(x_i))^2 = \sum_{i=1}^N (y_i - a x_i - b)^2 \tag{2} $$",
            r"$$ K = \sum_{i=1}^N (y_i - f(x_i))^2 = \sum_{i=1}^N (y_i - a x_i + b)^2 \tag{3} $$",
        ]
    )
    f = findings(notes)
    assert f["2"].verdict == PROVEN
    assert f["3"].verdict == REFUTED
    w = f["3"].witness.values
    b = sp.Symbol("b", real=True)
    lhs = (w["y_1"] - w["a"] * w["x_1"] - w["b"]) ** 2 if "y_1" in w else None
    assert lhs is not None and lhs != (w["y_1"] - w["a"] * w["x_1"] + w["b"]) ** 2
    assert b.name == "b"


def test_gradient_and_hessian_claims():
    notes = "\n".join(
        [
            r"$$ \begin{aligned} f: \mathbb{R}^2 &\rightarrow \mathbb{R} \\ "
            r"x \mapsto f(x) &= (p-1)x^2 + x y^3, "
            r"\quad p \in \mathbb{R} \end{aligned} \tag{1} $$",
            r"$$ \nabla f = \begin{bmatrix} 2(p-1)x + y^3 \\ 3xy^2 \end{bmatrix} \tag{2} $$",
            r"$$ \nabla^2 f = \begin{bmatrix} 2(p-1) & 3y^2 \\ 3y^2 & 6xy \end{bmatrix} \tag{3} $$",
            r"$$ \nabla f = \begin{bmatrix} 2(p-1)x + y^3 \\ 3x^2y \end{bmatrix} \tag{4} $$",
        ]
    )
    f = findings(notes)
    assert f["2"].verdict == PROVEN and f["3"].verdict == PROVEN
    assert f["4"].verdict == REFUTED
    w = f["4"].witness.values
    assert (3 * x * y**2 - 3 * x**2 * y).xreplace({x: w["x"], y: w["y"]}) != 0


def test_only_stationary_point_claim_refuted_at_a_degenerate_parameter():
    notes = "\n".join(
        [
            r"$$ \begin{aligned} f: \mathbb{R}^2 &\rightarrow \mathbb{R} \\ "
            r"x \mapsto f(x) &= (p-1)x^2 + (p+1)y^2, "
            r"\quad p \in \mathbb{R} \end{aligned} \tag{1} $$",
            r"meaning that the only stationary point is $(x, y) = (0, 0)$. Furthermore,",
            r"- $p > 1$: The stationary point is a minimum",
            r"- $p < -1$: The stationary point is a maximum",
        ]
    )
    found = check_notes(notes).findings
    only = [f for f in found if f.statement.startswith("(x, y)")]
    assert [f.verdict for f in only] == [REFUTED]
    w = only[0].witness.values
    f = (w["p"] - 1) * x**2 + (w["p"] + 1) * y**2
    point = {x: w["x"], y: w["y"]}
    assert [sp.diff(f, v).xreplace(point) for v in (x, y)] == [0, 0] and point != {x: 0, y: 0}
    natures = [f for f in found if "stationary point is a" in f.statement]
    assert [f.verdict for f in natures] == [PROVEN, PROVEN]


def test_a_wrong_nature_is_refuted_by_the_hessian_at_a_stationary_point():
    notes = "\n".join(
        [
            r"$$ \begin{aligned} f: \mathbb{R}^2 &\rightarrow \mathbb{R} \\ "
            r"x \mapsto f(x) &= (p-1)x^2 + (p+1)y^2, \quad p \in \mathbb{R} \end{aligned} \tag{1} $$",
            "where the stationary point is:",
            r"- $p > 1$: The stationary point is a maximum",
            r"- $-1 < p < 1$: The stationary point is a minimum",
        ]
    )
    natures = [f for f in check_notes(notes).findings if "stationary point is a" in f.statement]
    assert [f.verdict for f in natures] == [REFUTED, REFUTED]
    for finding, wrong in zip(natures, ("maximum", "minimum")):
        w = finding.witness.values
        f = (w["p"] - 1) * x**2 + (w["p"] + 1) * y**2
        point = {x: w["x"], y: w["y"]}
        assert [sp.diff(f, v).xreplace(point) for v in (x, y)] == [0, 0]
        eigen = sp.hessian(f, (x, y)).xreplace(point).eigenvals()
        assert any(e > 0 for e in eigen) if wrong == "maximum" else any(e < 0 for e in eigen)


# -- families ----------------------------------------------------------------------------------------


CONVEX_LIST = """The following are convex functions from \\mathbb{R} to \\mathbb{R} :

- $f(x) = x^2$
- $f(x) = e^{ax}$, $a \\in \\mathbb{R}$
- $f(x) = x^a$, $a > 1/2$, $x > 0$
- $f(x) = |x|^a$, $a \\geq 1$
"""


def test_convex_list_with_a_wrong_range_is_refuted_with_a_chord():
    found = check_notes(CONVEX_LIST).findings
    assert [f.verdict for f in found] == [PROVEN, PROVEN, REFUTED, PROVEN]
    w = found[2].witness.values
    assert sp.Rational(1, 2) < w["a"] < 1
    f = lambda t: t ** w["a"]  # noqa: E731
    lam, u, v = w["lambda"], w["x"], w["x'"]
    assert u > 0 and v > 0 and 0 < lam < 1
    gap = f(lam * u + (1 - lam) * v) - (lam * f(u) + (1 - lam) * f(v))
    assert sp.N(gap, 50) > 0 and sp.simplify(gap).is_positive is not False


# -- probability ---------------------------------------------------------------------------------------


def test_probability_identities_for_arbitrary_events():
    notes = "\n".join(
        [
            r"$$ \mathbb{P}(A \vee B) = \mathbb{P}(A) + \mathbb{P}(B) - \mathbb{P}(A \wedge B) \tag{u} $$",
            r"$$ \mathbb{P}(A \cup B) = \mathbb{P}(A) + \mathbb{P}(B) \tag{w} $$",
            r"$$ \mathbb{P}(A^c) = 1 - \mathbb{P}(A) \tag{c} $$",
        ]
    )
    f = findings(notes)
    assert f["u"].verdict == PROVEN and f["c"].verdict == PROVEN
    assert f["w"].verdict == REFUTED
    w = f["w"].witness.values
    space = FiniteSpace(dict(zip(map(str, w["Omega"]), w["P"])))
    A, B = (space.event({str(o) for o in w[name]}) for name in ("A", "B"))
    assert space.P(A | B).value != space.P(A).value + space.P(B).value


def test_independence_hypothesis_is_used():
    notes = (
        r"we say that $A$ and $B$ are independent iff $\mathbb{P}(A, B) = \mathbb{P}(A)\mathbb{P}(B)$. Then"
        "\n"
        r"$$ \mathbb{P}(A|B) = \frac{\mathbb{P}(A, B)}{\mathbb{P}(B)} "
        r"= \frac{\mathbb{P}(A)\mathbb{P}(B)}{\mathbb{P}(B)}"
        r" = \mathbb{P}(A) \tag{i} $$"
    )
    assert findings(notes)["i"].verdict == PROVEN


def test_a_probability_in_the_notes_is_the_core_probability():
    """ℙ(…) read from the notes is symml.core.events.ProbabilityOf: compared and printed as the
    probability package does (ℙ(A | B) is read by its definition, ℙ(A ∩ B)/ℙ(B))."""
    from symml.core.events import ProbabilityOf
    from symml.core.latex import latex

    A, B = sp.symbols("A B")
    chain = read_chain(r"\mathbb{P}(A|B) = \frac{\mathbb{P}(A, B)}{\mathbb{P}(B)} = \mathbb{P}(A^c \cup B)")
    joint, given, either = ProbabilityOf(A & B), ProbabilityOf(B), ProbabilityOf(~A | B)
    assert chain.terms == (joint / given, joint / given, either)
    assert all(type(p) is ProbabilityOf for p in chain.terms[0].atoms(ProbabilityOf) | {chain.terms[2]})
    assert latex(chain.terms[2]) == r"\mathbb{P}\left(B \cup A^{c}\right)" == latex(either)
    assert str(chain.terms[0]) == "P(A & B)/P(B)"


# -- proofs and rules ---------------------------------------------------------------------------------


def test_wrong_signed_step_in_a_proof_about_convex_f():
    notes = "\n".join(
        [
            "Theorem 1. A convex function lies above its chords.",
            "Proof. Let z = (1-t)a + tb.",
            r"$$ f(z) \geq (1-t)f(a) + tf(b) + (1-t)t(b-a)[f'(a) - f'(b)] \tag{1} $$",
            r"$$ \geq (1-t)f(a) + tf(b) \tag{2} $$",
        ]
    )
    f = findings(notes)
    assert f["2"].verdict == REFUTED
    w = f["2"].witness.values
    assert w["f(u)"] == sp.exp(sp.Symbol("u", real=True)) and 0 < w["t"] < 1
    t, a_, b_ = w["t"], w["a"], w["b"]
    assert (1 - t) * t * (b_ - a_) * (sp.exp(a_) - sp.exp(b_)) < 0


def test_vector_form_of_a_coordinate_rule():
    notes = "\n".join(
        [
            r"$$ \theta_{t+1,d} = \theta_{t,d} - \eta_t "
            r"\frac{1}{\sqrt{s_{t,d} + \epsilon}} g_{t,d} \tag{1} $$",
            r"$$ \Delta\theta_t = -\eta_t \frac{1}{\sqrt{s_t + \epsilon}} g_t \tag{2} $$",
            r"$$ \Delta\theta_t = -\eta_t \frac{1}{s_t} g_t \tag{3} $$",
        ]
    )
    f = findings(notes)
    assert f["2"].verdict == PROVEN
    assert f["3"].verdict == REFUTED
    w = f["3"].witness.values
    s, g, eta, eps = w["s_{t,d}"], w["g_{t,d}"], w["eta_t"], w["epsilon"]
    assert -eta * g / sp.sqrt(s + eps) != -eta * g / s


def test_descent_rule_with_the_wrong_sign():
    notes = "\n".join(
        [
            "2.4 First order methods",
            r"$$ x_{t+1} = x_t + \eta_t d_t \tag{1} $$",
            r"In fact, as long as $d_t^\top \nabla f \leq 0$, $d_t$ is a descent direction.",
            "2.4.1 Step size",
            r"We use a constant step $\eta_t = \eta$ and implement",
            r"$$ x_{t+1} = x_t + \eta \nabla f(x_t) \tag{2} $$",
            r"$$ x_{t+1} = x_t - \eta \nabla f(x_t) \tag{3} $$",
        ]
    )
    f = findings(notes)
    assert f["2"].verdict == REFUTED and "violates" in f["2"].reason
    assert f["3"].verdict == NOT_CHECKED  # a descent step: satisfies the constraint, nothing refuted


# -- what is not read ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        r"x_* = \arg \min_{x} f(x)",
        r"\forall x, \quad f(x) \leq 1",
        r"L(x) = \mathbb{E}_{q(z)} L(x, z)",
        r"f(x') = f(x_0) + \mathcal{O}(\rho^2)",
        r"x \simeq y",
        r"\nabla L(\theta_*) = 0",
        r"__import__('os').system('echo hi')",
    ],
)
def test_unreadable_or_unclaimed_statements_are_not_checked(body):
    (finding,) = check_notes(f"$$ {body} \\tag{{1}} $$").findings
    assert finding.verdict == NOT_CHECKED and finding.reason


def test_reader_builds_sympy_directly():
    chain = read_chain(r"\frac{1}{2}\left(x + \sqrt{4}\right)^2 \leq |x|^3")
    assert chain.relations == ("<=",)
    assert chain.terms[0] == (x + 2) ** 2 / 2 and chain.terms[1] == sp.Abs(x) ** 3


# -- bad input and the command line -------------------------------------------------------------------


def test_bad_input_raises_one_parse_error(tmp_path):
    with pytest.raises(ParseError, match="never closed"):
        check_notes("text $$ x = 1 $$ more $$ y")
    bad = tmp_path / "latin1.md"
    bad.write_bytes("$$ x = 1 $$ caf\xe9".encode("latin-1"))
    with pytest.raises(ParseError, match="not UTF-8"):
        check_notes(bad)
    with pytest.raises(ParseError, match="cannot read"):
        check_notes(tmp_path / "missing.md")


def test_cli_exit_codes_json_and_latex(tmp_path):
    runner = CliRunner()
    good = tmp_path / "good.md"
    good.write_text(r"$$ (x+1)^2 = x^2 + 2x + 1 \tag{1} $$", encoding="utf-8")
    wrong = tmp_path / "wrong.md"
    wrong.write_text(r"$$ (x+1)^2 = x^2 + 1 \tag{1.2} $$", encoding="utf-8")
    unbalanced = tmp_path / "bad.md"
    unbalanced.write_text("$$ x = 1", encoding="utf-8")
    result = runner.invoke(app, ["check", str(good)])
    assert result.exit_code == 0 and "1 proven" in result.output
    result = runner.invoke(app, ["check", str(wrong), "--json"])
    assert result.exit_code == 4
    payload = json.loads(result.stdout)
    (finding,) = payload["findings"]
    assert finding["label"] == "1.2" and finding["line"] == 1 and finding["verdict"] == "refuted"
    assert set(finding) == {"label", "line", "statement", "verdict", "witness", "reason"}
    result = runner.invoke(app, ["check", str(wrong), "--latex"])
    assert result.exit_code == 4 and r"\begin{itemize}" in result.output and "(1.2)" in result.output
    result = runner.invoke(app, ["check", str(unbalanced), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["type"] == "ParseError"
    assert result.stderr.startswith("symml: error:") and len(result.stderr.strip().splitlines()) == 1


def test_python_entry_point_and_result_shape():
    report = symml.check_notes(r"$$ (x+1)^2 = x^2 + 1 \tag{1} $$")
    assert report.verdict is symml.Verdict.REFUTED
    assert report.counts == {PROVEN: 0, REFUTED: 1, NOT_CHECKED: 0}
    assert report.to_json()["findings"][0]["witness"]["x"] == str(report.findings[0].witness.values["x"])
    assert "refuted" in report.text() and report._repr_latex_() and report.latex()


def test_hostile_notes_execute_nothing(tmp_path):
    sentinel = tmp_path / "SENTINEL"
    payload = f"__import__('pathlib').Path('{sentinel}').touch()"
    notes = "\n".join(
        [
            f"$$ {payload} = 1 \\tag{{1}} $$",
            f"$$ f(x) = {payload} \\tag{{2}} $$",
            f"The following are convex functions:\n- $f(x) = {payload}$, ${payload} > 1$",
            f"we say that $\\mathbb{{P}}(A, B) = {payload}$ and $z = {payload}$",
            f"$$ \\mathbb{{P}}(A) = {payload} \\tag{{3}} $$",
            "$$ " + "(" * 500 + "x" + ")" * 500 + " = x \\tag{4} $$",
            "$$ x^{" + "9" * 400 + "} = 1 \\tag{5} $$",
        ]
    )
    report = check_notes(notes)
    assert not sentinel.exists()
    assert report.counts[REFUTED] == 0


def test_a_wrong_consequence_of_independence_is_refuted_on_an_independent_space():
    notes = (
        r"if $A$ and $B$ are independent, $\mathbb{P}(A, B) = \mathbb{P}(A)\mathbb{P}(B)$, so"
        "\n"
        r"$$ \mathbb{P}(A|B) = \frac{\mathbb{P}(A, B)}{\mathbb{P}(B)} = \mathbb{P}(B) \tag{i} $$"
    )
    finding = findings(notes)["i"]
    assert finding.verdict == REFUTED
    w = finding.witness.values
    space = FiniteSpace(dict(zip(map(str, w["Omega"]), w["P"])))
    A, B = (space.event({str(o) for o in w[name]}) for name in ("A", "B"))
    assert space.P(A & B).value == space.P(A).value * space.P(B).value  # the hypothesis holds
    assert space.P(A & B).value / space.P(B).value != space.P(B).value


def test_a_latex_file_with_environments_and_labels(tmp_path):
    tex = tmp_path / "notes.tex"
    tex.write_text(
        "\n".join(
            [
                r"\documentclass{article}\begin{document}",
                r"\section{Algebra}",
                r"\begin{equation}\label{eq:square} (a + b)^2 = a^2 + 2ab + b^2 \end{equation}",
                r"and \[ (a - b)^2 = a^2 + b^2 \]",
                r"\begin{align*} \frac{1}{x} + \frac{1}{y} &= \frac{x + y}{xy} \\",
                r"&= \frac{2}{x + y} \end{align*}",
                r"\end{document}",
            ]
        ),
        encoding="utf-8",
    )
    found = check_notes(tex).findings
    assert [(f.label, f.line, f.verdict) for f in found] == [
        ("eq:square", 3, PROVEN),
        (None, 4, REFUTED),
        (None, 5, REFUTED),
    ]
    w = found[2].witness.values
    xv, yv = w["x"], w["y"]
    assert (xv + yv) / (xv * yv) != 2 / (xv + yv)


def test_a_vector_form_that_also_follows_the_previous_sections_rule():
    notes = "\n".join(
        [
            "2.5 Methods",
            "2.5.1 First",
            r"$$ \theta_{t+1,d} = \theta_{t,d} - \eta_t \frac{g_{t,d}}{\sqrt{s_{t,d} + \epsilon}} \tag{1} $$",
            "2.5.2 Second",
            r"$$ s_{t+1,d} = \beta s_{t,d} + (1 - \beta) g_{t,d}^2 \tag{2} $$",
            "Then, the update rule also follows",
            r"$$ \Delta\theta_t = -\eta_t \frac{1}{s_t} g_t \tag{3} $$",
            "2.5.3 Third",
            r"$$ \Delta\theta_t = -\eta_t \frac{1}{s_t} g_t \tag{4} $$",
        ]
    )
    f = findings(notes)
    assert f["3"].verdict == REFUTED and "also follows" in f["3"].reason
    assert f["4"].verdict == NOT_CHECKED  # no "also": nothing to compare it with


# -- sample approximations -------------------------------------------------------------------------


def test_a_minibatch_gradient_with_the_batch_normalisation_is_unbiased():
    notes = "\n".join(
        [
            r"$$ L(\theta) = \frac{1}{N} \sum_{i=1}^N \ell(\theta, z_i) \tag{1} $$",
            r"$$ \nabla L(\theta) \simeq \frac{1}{B} \sum_{i=1}^B \nabla \ell(\theta, z_i) \tag{2} $$",
            r"$$ \nabla L(\theta) \simeq \frac{1}{N} \sum_{i=1}^B \nabla \ell(\theta, z_i) \tag{3} $$",
        ]
    )
    f = findings(notes.replace(r"\ell", "L"))
    assert f["2"].verdict == PROVEN
    assert f["3"].verdict == REFUTED
    w = f["3"].witness.values
    n, batch = int(w["N"]), int(w["B"])
    ones = [w["g_i"]] * n
    estimates = {sum(b) / sp.Integer(n) for b in itertools.combinations(ones, batch)}  # (3) on each batch
    assert batch < n and estimates == {sp.Rational(batch, n)} and sum(ones) / sp.Integer(n) == 1


def test_a_stray_prime_is_refuted_only_when_both_readings_fail():
    proof = "Proof. Suppose f is convex.\n"
    f = findings(
        proof
        + r"$$ f(b) - f(a) \geq (b-a)f'(a) \tag{1} $$"
        + "\n"
        + r"$$ f(b) \geq f(a)'(b-a)f'(a) \tag{2} $$"
        + "\n"
        + r"$$ f(b) \geq f(a)' + f(b) \tag{3} $$"
    )
    assert f["1"].verdict != REFUTED
    assert f["2"].verdict == REFUTED
    w = f["2"].witness.values
    u = sp.Symbol("u", real=True)
    g = sp.Lambda(u, w["f(u)"])
    assert g(w["b"]) < 0 and g(w["b"]) < (w["b"] - w["a"]) * sp.diff(g(u), u).subs(u, w["a"]) ** 2
    # read as 0 it holds (f(b) >= f(b)); read as f'(a) it fails for exp: no common witness
    assert f["3"].verdict == NOT_CHECKED


@pytest.mark.parametrize(
    "text, message",
    [
        ("x" * 10_000_000, "characters long"),  # a 10 MB line
        ("$a$ and $b$\n" * 20_000, "inline formulas"),
        ("$$x = x$$\n" * 20_000, "displays"),
        ("ab\n" * 3_000_000, "characters long"),
        ("$$ x = 1\n", "never closed"),
    ],
    ids=["10 MB line", "inline formulas", "displays", "10 MB file", "unbalanced $$"],
)
def test_hostile_files_get_one_clear_error(tmp_path, text, message):
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError, match=message):
        check_notes(path)
    result = CliRunner().invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 2 and json.loads(result.stdout)["error"]["type"] == "ParseError"


def test_hostile_formulas_are_not_checked_and_the_rest_is():
    notes = "\n".join(
        [
            "$$ " + "{" * 50_000 + "x" + "}" * 50_000 + " = x \\tag{1} $$",
            "$$ 2^{2^{2^{2^{2^{2^{2}}}}}} = 1 \\tag{2} $$",
            "$$ x^{10^{10^{10}}} = x \\tag{3} $$",
            "$$ f(x + h) = f(x) + O(h^{99999999}) \\tag{4} $$",
            "$$ (x + 1)^2 = x^2 + 1 \\tag{5} $$",
        ]
    )
    f = findings(notes)
    assert [f[k].verdict for k in "1234"] == [NOT_CHECKED] * 4
    assert f["5"].verdict == REFUTED
