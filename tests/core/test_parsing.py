"""Safe parsing: hostile strings are refused fast and execute nothing; good input parses exactly."""

from __future__ import annotations

import os
import time
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.core.errors import ExactnessWarning, InvalidValueError, ParseError, ShapeError, SymmlError
from symml.core.parsing import (
    MAX_LENGTH,
    as_conditions,
    as_expr,
    as_matrix,
    as_symbols,
    parse_conditions,
    parse_expression,
    parse_matrix,
    parse_symbols,
    parse_value,
)
from symml.strategies import expressions, polynomials, rationals, variables

x, y, z, a, b, p, u = sp.symbols("x y z a b p u", real=True)

# Payloads that, if they were ever evaluated by Python, would create this file.
SENTINEL = Path(os.environ.get("TMPDIR", "/tmp")) / "symml-parser-sentinel"
_TOUCH = f"open('{SENTINEL}', 'w')"

HOSTILE = [
    "__import__('os').system('touch " + str(SENTINEL) + "')",
    "__import__",
    "__builtins__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.real",
    "x.__class__",
    "exp.__globals__",
    "lambda: 1",
    "(lambda: " + _TOUCH + ")()",
    _TOUCH,
    "exec('" + _TOUCH.replace("'", '"') + "')",
    "eval('1')",
    "compile(x)",
    "globals()",
    "getattr(x, 'real')",
    "9**9**9",
    "9**9**9**9",
    "2**10**100",
    "(10**299)**100",
    "floor(exp(10**6))",
    "(" * 200 + "x" + ")" * 200,
    "-" * 5000 + "x",
    "x" + "**x" * 2000,
    "x" * (MAX_LENGTH + 1),
    "x" * 1_000_000,
    "1" * 400,
    "1e999999",
    "x[0]",
    "f'{x}'",
    "x if y else z",
    "(y := 2)",
    "*x",
    "f(*x)",
    "exp(x, base=2)",
    "exp(**{})",
    "[x for x in (1, 2)]",
    "{x: 1}",
    "{x}",
    "x @ y",
    "x // 2",
    "x % 2",
    "x << 2",
    "x; y",
    "import os",
    "x = 1",
    "yield x",
    "await x",
    "х + 1",  # Cyrillic х
    "ｅｘｐ(1)",  # fullwidth look-alike of exp: NFKC would turn it into exp
    "µ*x",  # micro sign, NFKC-normalised to Greek mu by Python
    "x\u200b + 1",  # zero-width space
    "b'x'",
    "None",
    "...",
    "0x1f",
    "1j",
    "2^3",
    "1/0",
    "sqrt(-1)",
    "log(0)",
    "(-8)**(1/3)",
    "I*x",
    "oo",
    "print(1)",
    "open()",
    "_x",
    "x.__dict__['a']",
    "\\x",
    "`x`",
    "Min(" + ", ".join(f"sqrt({k})*x" for k in range(2, 300)) + ")",
    "*".join(["999**999"] * 300),
    "(999**999*x)**1000",
    "exp(999**999)",
    "2**(sqrt(2)*999**999)",
]


#: Hostile variants of each constructor parse_value reads in results' JSON (structure_syntax).
HOSTILE_STRUCTURES = [
    # attributes other than the three Interval constructors, and calls on them
    "Interval.__class__(0, 1)",
    "Interval.open.__globals__",
    "Interval.mro()",
    "Matrix.zeros(100000, 100000)",
    "Interval.open(0, 1).boundary",
    "Interval(0, __import__('os'))",
    "Interval(0, " + _TOUCH + ")",
    "Contains(x, {" + _TOUCH + "})",
    # wrong arguments
    "Interval(0, 1, True, True)",
    "Interval(0)",
    "Interval(start=0, end=1)",
    "Interval(*[0, 1])",
    "Interval(0, 9**9**9)",
    "Interval(0, x > 1)",
    "ProductSet(1, 2)",
    "Union(Interval(0, 1), x)",
    "Contains(x, 5)",
    "Contains(Interval(0, 1), x)",
    "Equivalent(x, 1)",
    "Derivative(x, (x, 10**9))",
    "Derivative(x, (x, -1))",
    "Derivative(x, (x, 1/2))",
    "Derivative(x, 2)",
    "Derivative(x)",
    "Integral(x, (x, 0, 1, 2))",
    "Integral(x, (2, 0, 1))",
    "Integral(x, (x, 0, oo**oo))",
    "Limit(x, x, 0, 1)",
    "Limit(x, 1, 0)",
    "Limit(x, x, zoo)",
    # algebraic numbers
    "CRootOf(x**100000 - 2, 0)",
    "CRootOf(x**300 - 2, 0)",
    "CRootOf(x**2 + 1, 0)",
    "CRootOf(x**2 - 2, 5)",
    "CRootOf(x**2 - 2, 1/2)",
    "CRootOf(x*y - 1, 0)",
    "CRootOf(sqrt(2)*x - 1, 0)",
    "CRootOf(exp(x), 0)",
    "CRootOf(3, 0)",
    "CRootOf(x**2 - (999**999)**2, 0)",
    # sets, infinity and matrices outside their places
    "{x: 1}",
    "{x for x in (1, 2)}",
    "{Interval(0, 1)}",
    "oo",
    "Eq(x, oo)",
    "Interval(0, 1) + 1",
    "Matrix([[1]]) * {1}",
    "Matrix([[1]]) / Matrix([[1]])",
    "Matrix([[1, 2]]) * Matrix([[1, 2]])",
    "Matrix([[1]]) + 1",
    "exp(Matrix([[1]]))",
    "Interval(" * 120 + "0" + ")" * 120,
]


@pytest.fixture(autouse=True, scope="module")
def _no_sentinel():
    SENTINEL.unlink(missing_ok=True)
    yield
    assert not SENTINEL.exists(), "a hostile string was executed"


@pytest.mark.parametrize(
    ("parse", "text"),
    [(parse_expression, t) for t in HOSTILE] + [(parse_value, t) for t in HOSTILE_STRUCTURES],
    ids=lambda t: repr(t[:24]) if isinstance(t, str) else t.__name__,
)
def test_hostile_string_is_refused_fast(parse, text):
    start = time.perf_counter()
    with pytest.raises(ParseError) as info:
        parse(text)
    # a hang detector, not a timing target (the bound: every probe ends within 10 s)
    assert time.perf_counter() - start < 10.0
    assert not SENTINEL.exists()
    message = str(info.value)
    assert len(message) < 600 and "\n" not in message


@pytest.mark.parametrize("text", HOSTILE[:20], ids=lambda t: repr(t[:24]))
def test_hostile_strings_are_refused_by_every_entry_point(text):
    for parse in (parse_conditions, parse_matrix, parse_symbols):
        with pytest.raises(SymmlError):
            parse(text)
    assert not SENTINEL.exists()


@pytest.mark.parametrize(
    "text",
    ["exp(999**999) > 0", "Eq(exp(999**999), 5)", "x > (999**999)**20", "sin(exp(exp(2**1000))) > 0"],
)
def test_hostile_conditions_are_refused_fast(text):
    start = time.perf_counter()
    with pytest.raises(ParseError):
        parse_conditions(text)
    # a hang detector, not a timing target (the bound: every probe ends within 10 s)
    assert time.perf_counter() - start < 10.0


def test_a_long_conjunction_is_not_recursion():
    assert parse_conditions(" & ".join(["(x > 0)"] * 1000)) == [x > 0] * 1000


def test_there_are_at_least_thirty_hostile_strings():
    assert len(set(HOSTILE)) >= 30


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x.real", "column 1"),
        ("x + y.real", "column 5"),
        ("2^3", "x**2"),
        ("2x", "2*x"),
        ("x = 1", "=="),
        ("lambda*x", "lamda"),
        ("e**x", "E or exp(1)"),
        ("exp", "exp(x)"),
        ("foo(x)", "known functions"),
        ("exp(x, y)", "1 argument"),
        ("1/(x - x)", "zero"),
        ("x" * (MAX_LENGTH + 1), "at most"),
        ("9**9**9", "exponent"),
        ("х", "U+0445"),
        ("[x, y]", "matrix"),
        ("x, y", "one expression"),
        ("x > 0", "condition"),
    ],
)
def test_error_messages_say_what_and_where(text, fragment):
    with pytest.raises(ParseError, match=None) as info:
        parse_expression(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x**2 - 2*x + 1", x**2 - 2 * x + 1),
        ("1/3", sp.Rational(1, 3)),
        ("-x/2", -x / 2),
        ("2**-2", sp.Rational(1, 4)),
        ("x/2/3", x / 6),
        ("(x + 1)*(x - 1)", (x + 1) * (x - 1)),
        ("exp(-x)", sp.exp(-x)),
        ("log(x, 2)", sp.log(x) / sp.log(2)),
        ("ln(x)", sp.log(x)),
        ("sqrt(8)", 2 * sp.sqrt(2)),
        ("abs(x) + Abs(y)", sp.Abs(x) + sp.Abs(y)),
        ("max(x, y, 0)", sp.Max(x, y, 0)),
        ("Min(x, 1)", sp.Min(x, 1)),
        ("sign(x) + floor(x) + ceiling(y)", sp.sign(x) + sp.floor(x) + sp.ceiling(y)),
        ("sin(x)**2 + cos(x)**2", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        (
            "tanh(u) + atan(u) + sinh(u) + cosh(u) + tan(u)",
            sp.tanh(u) + sp.atan(u) + sp.sinh(u) + sp.cosh(u) + sp.tan(u),
        ),
        ("sigmoid(u)", 1 / (1 + sp.exp(-u))),
        ("pi*E", sp.pi * sp.E),
        ("E**x", sp.exp(x)),
        ("1_000", sp.Integer(1000)),
        ("+x", x),
        ("(p - 1)*x**2 + (p + 1)*y**2", (p - 1) * x**2 + (p + 1) * y**2),
        (
            "α*θ + λ",
            sp.Symbol("alpha", real=True) * sp.Symbol("theta", real=True) + sp.Symbol("lamda", real=True),
        ),
        ("x**(1/2)", sp.sqrt(x)),
        ("10**299", sp.Integer(10) ** 299),
        ("  x  ", x),
        ("(x +\n y)", x + y),
    ],
)
def test_parse_expression_exact(text, expected):
    result = parse_expression(text)
    assert result == expected
    assert not result.has(sp.Float)


def test_names_are_real_symbols():
    (symbol,) = parse_expression("x").free_symbols
    assert symbol == sp.Symbol("x", real=True) and symbol.is_real


def test_symbols_mapping_resolves_to_the_users_symbols():
    xu, yu = sp.symbols("x y")  # plain user symbols, no assumptions
    f = parse_expression("x**2 + y", symbols=[xu, yu])
    assert f == xu**2 + yu and f.free_symbols == {xu, yu}
    g = parse_expression("e*x", symbols={"e": yu, "x": xu})
    assert g == xu * yu


def test_multiline_matrix_errors_name_the_line():
    assert parse_matrix("[[1, 2],\r\n [3, 4]]") == sp.ImmutableMatrix([[1, 2], [3, 4]])
    with pytest.raises(ParseError, match="line 2, column 6"):
        parse_matrix("[[1, 2],\n [3, x.real]]")


@pytest.mark.parametrize("char", ["\x0c", "\x0b", "\x1c", "\x00", "\u2028"])
def test_control_characters_are_refused(char):
    with pytest.raises(ParseError, match="character"):
        parse_expression(f"x {char}+ 1")


def test_longest_accepted_input_parses_fast():
    text = " + ".join(f"{k}*x**{k % 7}" for k in range(1000))[:MAX_LENGTH].rsplit(" + ", 1)[0]
    start = time.perf_counter()
    f = parse_expression(text)
    assert time.perf_counter() - start < 2.0
    assert sp.Poly(f, x).degree() == 6


def test_long_sum_is_not_too_deep():
    assert parse_expression(" + ".join(["x"] * 2000)) == 2000 * x


def test_floats_become_the_rational_of_their_text():
    with pytest.warns(ExactnessWarning, match=r"0\.1 at column 1 was read as the exact Rational 1/10"):
        assert parse_expression("0.1*x") == x / 10
    with pytest.warns(ExactnessWarning, match="1/400"):
        assert parse_expression("2.5e-3") == sp.Rational(1, 400)
    with pytest.warns(ExactnessWarning):
        assert parse_expression("x**0.5") == sp.sqrt(x)


def test_no_warning_when_parse_fails():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ParseError):
            parse_expression("0.5 + x.real")


def test_parse_symbols():
    assert parse_symbols("x, y") == [x, y]
    assert parse_symbols("x y z") == [x, y, z]
    assert parse_symbols("theta1,theta2") == list(sp.symbols("theta1 theta2", real=True))
    xu = sp.Symbol("x")
    assert parse_symbols("x, y", symbols=[xu]) == [xu, y]
    for bad in ["", " , ", "x, x", "pi", "x+y", "2", "exp", "x.y", "I", "sqrt(x)"]:
        with pytest.raises(ParseError):
            parse_symbols(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x > 0, a > 1", [x > 0, a > 1]),
        ("x > 0 and a > 1", [x > 0, a > 1]),
        ("0 < x < 1", [sp.Lt(0, x), x < 1]),  # kept as written: 0 < x, not x > 0
        ("0 <= x <= 1, y != 2", [sp.Le(0, x), x <= 1, sp.Ne(y, 2)]),
        ("x == 1", [sp.Eq(x, 1)]),
        ("Eq(p, 1)", [sp.Eq(p, 1)]),
        ("(p < -1) | (p > 1)", [sp.Or(p < -1, p > 1)]),
        ("(p > -1) & (p < 1)", [p > -1, p < 1]),
        ("x > 0 or y > 0", [sp.Or(x > 0, y > 0)]),
        ("not x > 0", [x <= 0]),
        ("~(x > 0)", [x <= 0]),
        ("True", []),
        ("1 < 2, x > 0", [x > 0]),
        ("False", [sp.false]),
        ("And(x > 0, Or(y > 0, Not(z > 0)))", [x > 0, sp.Or(y > 0, z <= 0)]),
        ("x >= 0, Ne(x, 1)", [x >= 0, sp.Ne(x, 1)]),
    ],
)
def test_parse_conditions(text, expected):
    assert parse_conditions(text) == expected


@pytest.mark.parametrize(
    "text", ["x", "x + 1", "x > 0 + (y < 1)", "x < y < 1 + (x > 0)", "[x > 0]", "x > 0 is True"]
)
def test_bad_conditions(text):
    with pytest.raises(ParseError):
        parse_conditions(text)


def test_parse_matrix():
    assert parse_matrix("[[1, 2], [3, 4]]") == sp.ImmutableMatrix([[1, 2], [3, 4]])
    assert parse_matrix("[1, 2, 3]").shape == (3, 1)
    assert parse_matrix("[[1, 2, 3]]").shape == (1, 3)
    assert parse_matrix("Matrix([[a, 1/2], [0, b]])") == sp.ImmutableMatrix([[a, sp.Rational(1, 2)], [0, b]])
    assert isinstance(parse_matrix("[[1]]"), sp.ImmutableMatrix)
    with pytest.warns(ExactnessWarning, match="0.25"):
        assert parse_matrix("[[0.25]]")[0, 0] == sp.Rational(1, 4)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[[1, 2], [3]]", ShapeError),
        ("[]", ShapeError),
        ("[[]]", ShapeError),
        ("[[1, 2], 3]", ShapeError),
        ("x", ParseError),
        ("[[[1]]]", ParseError),
        ("[[x > 0]]", ParseError),
        ("Matrix([[1]], 2)", ParseError),
        ("[[1, 1/0]]", ParseError),
    ],
)
def test_bad_matrices(text, error):
    with pytest.raises(error):
        parse_matrix(text)


def test_ragged_message_names_the_rows():
    with pytest.raises(ShapeError, match="row 1 has 2 entries but row 2 has 1"):
        parse_matrix("[[1, 2], [3]]")


def test_non_string_input_to_parsers():
    with pytest.raises(ParseError, match="must be a string"):
        parse_expression(3)  # type: ignore[arg-type]


# -- round trips ------------------------------------------------------------------------


@settings(max_examples=100)  # each example prints and re-parses a symbolic tree
@given(st.integers(1, 3).flatmap(variables).flatmap(lambda vs: expressions(vs, max_leaves=8)))
def test_str_of_an_expression_parses_back(f):
    parsed = parse_expression(str(f))
    # Rebuilding 2*(x + 1) makes SymPy distribute the 2, so compare expanded forms when the
    # trees differ; both sides are exact, so this is still an exact equality.
    assert parsed == f or sp.expand(parsed) == sp.expand(f)


@given(
    st.integers(1, 3)
    .flatmap(lambda n: variables(n, real=False))
    .flatmap(lambda vs: st.tuples(st.just(vs), polynomials(vs, max_degree=4, max_terms=5)))
)
def test_str_of_a_polynomial_in_plain_symbols_parses_back_with_symbols(data):
    symbols, f = data
    assert parse_expression(str(f), symbols=symbols) == f


@given(rationals(), rationals(), st.sampled_from([sp.Lt, sp.Le, sp.Gt, sp.Ge, sp.Eq, sp.Ne]))
def test_str_of_a_relation_parses_back(c, d, relation):
    condition = relation(c * x + d, y)
    expected = [] if condition is sp.true else [condition]
    assert parse_conditions(str(condition)) == expected


@given(st.lists(st.lists(rationals(), min_size=2, max_size=2), min_size=1, max_size=3))
def test_str_of_a_matrix_parses_back(rows):
    M = sp.ImmutableMatrix(rows)
    assert parse_matrix(str(M)) == M


@given(st.integers(-(10**8), 10**8), st.integers(0, 8))
def test_decimal_literal_parses_to_its_exact_value(n, k):
    sign, digits = ("-" if n < 0 else ""), str(abs(n)).rjust(k + 1, "0")
    text = f"{sign}{digits[: len(digits) - k]}.{digits[len(digits) - k :]}"
    with pytest.warns(ExactnessWarning):
        assert parse_expression(text) == sp.Rational(n, 10**k)


@given(st.fractions(max_denominator=10**6))
def test_fraction_text_parses_to_its_exact_value(q):
    assert parse_expression(f"{q.numerator}/{q.denominator}") == sp.Rational(q.numerator, q.denominator)


# -- converters -------------------------------------------------------------------------


def test_as_expr():
    assert as_expr("x + 1") == x + 1
    assert as_expr(3) == 3 and isinstance(as_expr(3), sp.Integer)
    assert as_expr(Fraction(2, 6)) == sp.Rational(1, 3)
    xu = sp.Symbol("x")
    assert as_expr(xu + 1) == xu + 1  # the user's own symbol is kept
    assert as_expr(xu) is xu
    with pytest.warns(ExactnessWarning, match="1/10"):
        assert as_expr(0.1) == sp.Rational(1, 10)
    with pytest.warns(ExactnessWarning, match="5/2"):
        assert as_expr(sp.Float(2.5) * x) == sp.Rational(5, 2) * x
    for bad in [True, float("nan"), float("inf"), 1j, sp.oo, sp.zoo, x > 0, [1, 2], sp.I * x, None, object()]:
        with pytest.raises(SymmlError):
            as_expr(bad)
    with pytest.raises(ShapeError):
        as_expr(sp.Matrix([1, 2]))


def test_as_symbols():
    xu, yu = sp.symbols("x y")
    assert as_symbols("x, y") == [x, y]
    assert as_symbols(xu) == [xu]
    assert as_symbols((xu, yu)) == [xu, yu]
    assert as_symbols(sp.Matrix([xu, yu])) == [xu, yu]
    assert as_symbols(["x", yu]) == [x, yu]
    for bad in [[xu, xu], [], [xu + 1], 3, [1]]:
        with pytest.raises(SymmlError):
            as_symbols(bad)


def test_as_conditions():
    xu = sp.Symbol("x")
    assert as_conditions(None) == [] and as_conditions(True) == [] and as_conditions(sp.true) == []
    assert as_conditions(False) == [sp.false]
    assert as_conditions("x > 0, y < 1") == [x > 0, y < 1]
    assert as_conditions(sp.And(xu > 0, xu < 2)) == list(sp.And(xu > 0, xu < 2).args)
    assert as_conditions([xu > 0, "y < 1"]) == [xu > 0, y < 1]
    with pytest.warns(ExactnessWarning):
        assert as_conditions(xu > 0.5) == [xu > sp.Rational(1, 2)]
    for bad in [xu, 3, [[xu > 0]], xu + 1]:
        with pytest.raises(SymmlError):
            as_conditions(bad)


def test_as_matrix():
    assert as_matrix([[1, 2], [3, 4]]) == sp.ImmutableMatrix([[1, 2], [3, 4]])
    assert as_matrix([1, 2]).shape == (2, 1)
    assert as_matrix("[[1, 0], [0, 1]]") == sp.eye(2)
    assert isinstance(as_matrix(sp.Matrix([[1, x]])), sp.ImmutableMatrix)
    assert as_matrix([["x", Fraction(1, 2)]]) == sp.ImmutableMatrix([[x, sp.Rational(1, 2)]])
    with pytest.warns(ExactnessWarning, match="1/4"):
        assert as_matrix([[0.25, 1]]) == sp.ImmutableMatrix([[sp.Rational(1, 4), 1]])
    with pytest.warns(ExactnessWarning, match="3/4"):
        assert as_matrix(sp.Matrix([[sp.Float(0.75)]])) == sp.ImmutableMatrix([[sp.Rational(3, 4)]])
    for bad in [[[1, 2], [3]], [], [[]], [[1], 2], 3, None]:
        with pytest.raises(ShapeError):
            as_matrix(bad)
    with pytest.raises(InvalidValueError):
        as_matrix([[float("nan")]])


# -- the command line reaches the parser ----------------------------------------------------


def test_cli_bad_expression_is_a_one_line_error(capsys):
    pytest.importorskip("symml.optimisation.stationary")
    from symml.cli import main

    with pytest.raises(SystemExit) as info:
        main(["stationary", "__import__('os')", "--vars", "x"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("symml: error:") and err.count("\n") == 1


# -- fuzzing: any text either parses or raises a SymmlError, never anything else ------------

_TOKENS = st.sampled_from(
    [
        "x",
        "y",
        "p",
        "0",
        "1",
        "2",
        "9",
        "0.5",
        "1e3",
        "+",
        "-",
        "*",
        "/",
        "**",
        "(",
        ")",
        "[",
        "]",
        ",",
        " ",
        "<",
        "<=",
        ">",
        "==",
        "!=",
        " and ",
        " or ",
        "not ",
        "&",
        "|",
        "~",
        "exp(",
        "log(",
        "sqrt(",
        "Max(",
        "sigmoid(",
        "Eq(",
        "pi",
        "E",
        "e",
        "I",
        ".",
        "_",
        "^",
        "'",
        "=",
        ":",
        "lambda",
        "α",
    ]
)


@settings(max_examples=300)  # cheap: short token soups
@given(st.lists(_TOKENS, max_size=14).map("".join), st.sampled_from(["e", "c", "m", "s"]))
def test_token_soup_parses_or_raises_a_symml_error(text, kind):
    parse = {"e": parse_expression, "c": parse_conditions, "m": parse_matrix, "s": parse_symbols}[kind]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExactnessWarning)
        try:
            value = parse(text)
        except SymmlError:
            return
    assert not (value.has(sp.Float) if isinstance(value, sp.Basic) else any(v.has(sp.Float) for v in value))


@given(st.text(max_size=30))
def test_arbitrary_text_parses_or_raises_a_symml_error(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExactnessWarning)
        try:
            parse_expression(text)
        except SymmlError:
            pass


def test_piecewise_losses_and_special_functions_parse():
    # issue 14: Huber, hinge, log-gamma and coupled domains are read, never a parse error
    from symml.core.parsing import parse_conditions, parse_expression

    x, y, z = sp.symbols("x y z")
    huber = parse_expression("Piecewise((x**2/2, Abs(x) <= 1), (Abs(x) - 1/2, True))", [x])
    assert huber == sp.Piecewise((x**2 / 2, sp.Abs(x) <= 1), (sp.Abs(x) - sp.Rational(1, 2), True))
    assert parse_expression("Max(0, 1 - x)", [x]) == sp.Max(0, 1 - x)
    assert parse_expression("loggamma(x) + erf(x) + gamma(x) + asinh(x)", [x]) == (
        sp.loggamma(x) + sp.erf(x) + sp.gamma(x) + sp.asinh(x)
    )
    assert parse_conditions("x*z - y**2 > 0, x > 0", [x, y, z]) == [x * z - y**2 > 0, x > 0]
    with pytest.raises(ParseError, match="pair"):
        parse_expression("Piecewise(x)", [x])


def test_size_bound_of_a_reciprocal_of_a_number_near_one():
    # 1/(log(log(e^-27 + 1)^2 + 1)^2 + 1) is about 1: its size bound must not be "beyond 2**14000"
    # (a power used to take the larger of the base's two bounds, and the unknown lower bound of a
    # number near 0 is infinite)
    from symml.core.parsing import log2_bounds

    tiny = sp.log(sp.log(sp.exp(-27) + 1) ** 2 + 1)
    hi, lo = log2_bounds(1 / (tiny**2 + 1))
    assert hi <= 2 and lo < 20
    assert log2_bounds(sp.Integer(2) ** -3000) == (3001.0, 3001.0)


def test_a_positive_power_of_a_tiny_number_is_not_refused_as_huge():
    # log(1 + e^-64) ~ 1.6e-28 cannot be told from 0 at 15 digits; its square is tiny, not huge
    f = sp.log(sp.log(sp.exp(-64) + 1) ** 2 + 1)
    assert parse_expression(str(f)) == f
