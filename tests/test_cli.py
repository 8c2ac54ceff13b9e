"""The ``symml`` command: every command's text, --json, --latex, --steps and error outputs."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from typer.testing import CliRunner

from symml.cli import app, main, random_variables, read_csv
from symml.core.errors import ParseError

x, y = sp.symbols("x y", real=True)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def run_main(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def parsed(text: str) -> sp.Expr:
    from symml.core.parsing import parse_expression

    return parse_expression(text, [x, y])


def assert_clean_error(result, code: int = 2) -> dict:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("symml: ")
    return json.loads(result.stdout) if result.stdout.strip() else {}


# -- the command itself --------------------------------------------------------------------


def test_bare_symml_prints_help_and_exits_0(capsys):
    code, out, err = run_main([], capsys)
    assert code == 0 and err == ""
    for name in (
        "stationary",
        "convex",
        "gradient",
        "hessian",
        "definite",
        "descent",
        "prob",
        "fit",
        "notes",
    ):
        assert name in out


@pytest.mark.parametrize(
    "name", ["stationary", "convex", "gradient", "hessian", "definite", "descent", "prob", "fit", "notes"]
)
def test_every_command_has_help_with_an_example(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"symml {name}" in result.output
    if name != "notes":
        assert "--json" in result.output and "--latex" in result.output


def test_usage_error_with_json_is_json_on_stdout(capsys):
    code, out, err = run_main(["convex", "x**2", "--json"], capsys)
    assert code == 2
    assert json.loads(out)["error"]["type"] == "UsageError" and "--vars" in err
    assert "Traceback" not in err


# -- leading minus signs ---------------------------------------------------------------------


def test_leading_minus_expression_through_main(capsys):
    code, out, err = run_main(["convex", "-log(x)", "--vars", "x", "--where", "x > 0", "--json"], capsys)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["cases"][0]["verdict"] == "strictly convex"


def test_leading_minus_in_option_values():
    result = run("descent", "-x**2/2 + x**4/4", "--vars", "x", "--eta", "1/2", "--from", "-2", "--steps", "1")
    assert result.exit_code == 0, result.output
    # x1 = x0 - eta f'(x0) = -2 - (1/2)(2 - 8)... f'(x) = -x + x**3: f'(-2) = -6, x1 = -2 + 3 = 1
    assert "x_1 = (1)" in result.stdout


# -- chapter 2 -------------------------------------------------------------------------------


def test_gradient_text_json_latex_steps():
    result = run("gradient", "x**2*y - log(y)", "--vars", "x,y", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    f = x**2 * y - sp.log(y)
    assert [parsed(g) for g in payload["gradient"]] == [sp.diff(f, x), sp.diff(f, y)]
    # the text is the result's own str(): plain, parsable lines (not SymPy's 2-D drawing)
    assert "(2*x*y, x**2 - 1/y)" in run("gradient", "x**2*y - log(y)", "--vars", "x,y").stdout
    assert r"\nabla f" in run("gradient", "x**2*y", "--vars", "x,y", "--latex").stdout
    assert "d/dx (x**2*y) = 2*x*y" in run("gradient", "x**2*y", "--vars", "x,y", "--steps").stdout


def test_long_derivatives_print_one_entry_a_line():
    f = "x**4*y**3 + exp(x*y)*sin(x) + x*y*log(1 + x**2 + y**2)"
    lines = run("hessian", f, "--vars", "x,y").stdout.splitlines()
    entries = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1] for line in lines if "∂²f" in line}
    assert list(entries) == ["∂²f/∂x∂x", "∂²f/∂x∂y", "∂²f/∂y∂y"]  # the upper triangle: H is symmetric
    expr = x**4 * y**3 + sp.exp(x * y) * sp.sin(x) + x * y * sp.log(1 + x**2 + y**2)  # f, written in Python
    assert sp.simplify(parsed(entries["∂²f/∂x∂y"]) - sp.diff(expr, x, y)) == 0
    grad = run("gradient", f, "--vars", "x,y").stdout
    assert "∂f/∂y = " in grad and all(not line.startswith("⎡") for line in grad.splitlines())


def test_hessian_json_is_the_exact_matrix():
    result = run("hessian", "-x**3 + x*y**2", "--vars", "x,y", "--json")
    assert result.exit_code == 0, result.output
    H = sp.Matrix([[parsed(e) for e in row] for row in json.loads(result.stdout)["hessian"]])
    assert H == sp.hessian(-(x**3) + x * y**2, (x, y))


def test_stationary_text_latex_and_steps():
    result = run("stationary", "x**2 + y**2", "--vars", "x,y", "--steps")
    assert result.exit_code == 0, result.output
    assert "minimum" in result.stdout and "proof:" in result.stdout
    assert r"\begin{" in run("stationary", "x**2 + y**2", "--vars", "x,y", "--latex").stdout


def test_convex_refutation_witness_substitutes_back():
    result = run("convex", "x*y", "--vars", "x,y", "--json")
    case = json.loads(result.stdout)["cases"][0]
    assert case["verdict"] == "neither" and case["witness"] is not None


def test_definite_cases_json():
    result = run("definite", "[[2, 1], [1, a]]", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [c["value"] for c in payload["cases"]] == [
        "indefinite",
        "positive semidefinite",
        "positive definite",
    ]
    assert [c["condition"] for c in payload["cases"]] == ["a < 1/2", "Eq(a, 1/2)", "a > 1/2"]
    a = sp.Symbol("a", real=True)
    M = sp.Matrix([[2, 1], [1, a]])
    witness = payload["cases"][0]["witness"]
    v, w = (sp.Matrix([parsed(e) for e in witness[k]]) for k in ("v", "w"))
    assert (v.T * M * v)[0] > 0
    assert sp.solveset((w.T * M * w)[0] < 0, a, sp.S.Reals) == sp.Interval.open(-sp.oo, sp.Rational(1, 2))
    text = run("definite", "[[2, 1], [1, 3]]", "--steps").stdout
    assert "positive definite" in text and "Sylvester" in text


def test_descent_exact_iterates_and_stability_bound():
    args = ["descent", "x**2 + 3*y**2", "--vars", "x,y", "--eta", "1/10", "--from", "1, -1", "--steps", "2"]
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    # x_{k+1} = (1 - 2 eta) x_k, y_{k+1} = (1 - 6 eta) y_k
    assert payload["iterates"] == [["1", "-1"], ["4/5", "-2/5"], ["16/25", "-4/25"]]
    assert payload["stability"]["value"] == "Interval.open(0, 1/3)"
    assert "x_2 = (16/25, -4/25)" in run(*args).stdout
    assert "eigenvalues" in run(*args, "--proof").stdout


@pytest.mark.parametrize("method", ["momentum", "newton", "adam"])
def test_descent_other_methods(method):
    result = run(
        "descent", "x**2", "--vars", "x", "--method", method, "--eta", "1/2", "--from", "1", "--steps", "1"
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(run(*result_args(method), "--json").stdout)["iterates"]) == 2


def result_args(method):
    return [
        "descent",
        "x**2",
        "--vars",
        "x",
        "--method",
        method,
        "--eta",
        "1/2",
        "--from",
        "1",
        "--steps",
        "1",
    ]


def test_descent_newton_converges_in_one_step_on_a_quadratic():
    args = ["descent", "(x - 3)**2", "--vars", "x", "--method", "newton", "--eta", "1", "--from", "-7"]
    assert json.loads(run(*args, "--steps", "1", "--json").stdout)["iterates"][1] == ["3"]
    # damped Newton (eta = 1/2) goes half way: x1 = -7 + (3 - (-7))/2 = -2
    damped = run(*args[:-4], "--eta", "1/2", "--from", "-7", "--steps", "1", "--json").stdout
    assert json.loads(damped)["iterates"][1] == ["-2"]


# -- chapter 3 -------------------------------------------------------------------------------


def test_prob_two_dice():
    result = run("prob", "P(X + Y == 7)", "--let", "X=Die(6), Y=Die(6)")
    assert result.exit_code == 0, result.output
    assert "1/6" in result.stdout
    payload = json.loads(run("prob", "P(X + Y == 7)", "--let", "X=Die(6), Y=Die(6)", "--json").stdout)
    assert payload["value"] == "1/6"


@pytest.mark.parametrize(
    ("query", "let", "expected"),
    [
        ("E(X)", "X=Die(6)", "7/2"),
        ("Var(X + Y)", "X=Die(6), Y=Die(6)", "35/6"),
        ("E(X**2)", "X=Die(6)", "91/6"),
        ("Var(2*X - 1)", "X=Binomial(4, 1/2)", "4"),
        ("P(X > 4 and Y <= 2)", "X=Die(6), Y=Die(6)", "1/9"),
        ("P(7 == X + Y)", "X=Die(6), Y=Die(6)", "1/6"),
    ],
)
def test_prob_table(query, let, expected):
    result = run("prob", query, "--let", let, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["value"] == expected


@pytest.mark.parametrize(
    ("query", "tex"),
    [
        ("E(X + Y)", r"\mathbb{E}\left[X + Y\right] = 7"),
        ("Var(X)", r"\operatorname{Var}\left[X\right] = \frac{35}{12}"),
        ("std(X)", r"\sigma\left(X\right) = \frac{\sqrt{105}}{6}"),
    ],
)
def test_prob_latex_is_the_printers_display(query, tex):
    result = run("prob", query, "--let", "X=Die(6), Y=Die(6)", "--latex")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == rf"\[{tex}\]"


def test_a_proof_is_offered_by_its_flag_and_printed_as_text():
    plain = run("definite", "[[2, 1], [1, 2]]").stdout
    assert "--proof" in plain and ".steps" not in plain
    proof = run("definite", "[[2, 1], [1, 2]]", "--proof").stdout
    # Sylvester: pivots 2 and 3/2, inertia (2, 0, 0); as text, not SymPy's Eq(...) or LaTeX $...$
    assert "d_1 = 2 and d_2 = 3/2" in proof and "n_+ = 2" in proof
    assert "Eq(" not in proof and "$" not in proof and "case True" not in proof


def test_prob_given():
    result = run("prob", "P(X > 4)", "--let", "X=Die(6)", "--given", "X > 2", "--json")
    assert json.loads(result.stdout)["value"] == "1/2"


@pytest.mark.parametrize(
    "args",
    [
        ("prob", "P(X == 7)", "--let", "X=Die(6); __import__('os')"),
        ("prob", "P(X == 7)", "--let", "X=open(6)"),
        ("prob", "Q(X)", "--let", "X=Die(6)"),
        ("prob", "P(Z == 1)", "--let", "X=Die(6)"),
        ("prob", "P(X)", "--let", "X=Die(0)"),
    ],
)
def test_prob_errors_are_json(args):
    payload = assert_clean_error(run(*args, "--json"))
    assert set(payload["error"]) == {"type", "message"}


def test_random_variables_are_independent_and_named():
    rvs = random_variables("X=Die(6), Y=Uniform([1, 2])")
    assert set(rvs) == {"X", "Y"}
    with pytest.raises(ParseError):
        random_variables("X=Die(6), X=Die(4)")


# -- fits ---------------------------------------------------------------------------------------


def test_read_csv_is_exact(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b\n0.1,1/3\n-2,1e-2\n")
    assert read_csv(path) == [[sp.Rational(1, 10), sp.Rational(1, 3)], [-2, sp.Rational(1, 100)]]


def test_fit_least_squares_exact_minimiser(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y\n0,1\n1,2\n2,4\n")
    result = run("fit", "least-squares", str(path))
    assert result.exit_code == 0, result.output
    # y = a x + b through (0,1), (1,2), (2,4): a = 3/2, b = 5/6 (normal equations)
    assert "a_1 = 3/2, b = 5/6" in result.stdout and "minimum: 1/6" in result.stdout
    assert json.loads(run("fit", "least-squares", str(path), "--json").stdout)["rank"] == 2


def test_fit_kmeans_and_logistic(tmp_path):
    points = tmp_path / "k.csv"
    points.write_text("0,0\n0,1\n4,4\n5,4\n")
    out = run("fit", "kmeans", str(points), "--k", "2").stdout
    assert "centres: [0, 1/2; 9/2, 4]" in out
    labels = tmp_path / "l.csv"
    labels.write_text("x,c\n0,0\n1,1\n2,0\n3,1\n")
    result = run("fit", "logistic", str(labels), "--json")
    assert result.exit_code == 0, result.output
    assert "loss" in json.loads(result.stdout)


@pytest.mark.parametrize(
    ("content", "kind"),
    [("1,2\n3\n", "least-squares"), ("1,x\n", "least-squares"), ("", "kmeans"), ("1,2\n", "ridge")],
)
def test_fit_bad_input(tmp_path, content, kind):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert_clean_error(run("fit", kind, str(path), "--json"))


def test_fit_missing_file(tmp_path):
    payload = assert_clean_error(run("fit", "kmeans", str(tmp_path / "none.csv"), "--json"))
    assert payload["error"]["type"] == "InvalidValueError"


# -- errors everywhere --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("gradient", "__import__('os')", "--vars", "x"),
        ("hessian", "x**2", "--vars", "x, x"),
        ("stationary", "x**2", "--vars", "x", "--where", "x >= 0"),
        ("convex", "log(x)", "--vars", "x", "--where", "x > -1"),
        ("definite", "[[1, 2], [3]]"),
        ("descent", "x**2", "--vars", "x", "--method", "lbfgs", "--from", "1"),
        ("descent", "x**2", "--vars", "x", "--eta", "-1", "--from", "1"),
        ("descent", "x**2", "--vars", "x"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_json(args):
    payload = assert_clean_error(run(*args, "--json"))
    assert payload["error"]["message"]
    plain = run(*args)
    assert plain.exit_code == 2 and plain.stdout == "" and "Traceback" not in plain.output
