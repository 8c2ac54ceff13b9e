"""Input means what it says (issue #20): no wrong answer from how a string was read.

π is the number, infinities and nan are refused in every spelling, logarithms to base 0 or 1
and powers of 0 or −1 with a variable exponent are refused, the natural domain comes from
the input as written (``exp(log(x))`` is not x on R), a periodic domain condition is not
read as one interval, inconsistent assumptions are named, ``or`` in assumptions works,
and ``#`` does not silently drop the rest of the input.
"""

from __future__ import annotations

import pytest
import sympy as sp

import symml
from symml.core.errors import DomainError, InvalidValueError, ParseError
from symml.probability import Die

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", real=True)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from symml.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_pi_is_the_number() -> None:
    f = symml.parse_expression("π*x**2")
    assert f == sp.pi * x**2 and f.free_symbols == {x}
    ((condition, result),) = list(symml.convexity("π*x**2", "x"))
    assert condition == sp.true and result.curvature.value == "strictly convex"


@pytest.mark.parametrize("name", ["Inf", "NaN", "inf", "nan", "INF", "Infinity", "NAN"])
def test_infinity_and_nan_are_refused_in_every_spelling(name: str) -> None:
    with pytest.raises(ParseError, match="not available"):
        symml.parse_expression(f"x + {name}")


@pytest.mark.parametrize("base", ["0", "1", "-2", "0.0"])
def test_a_logarithm_needs_a_positive_base_other_than_one(base: str) -> None:
    with pytest.raises(ParseError, match="base"):
        symml.parse_expression(f"log(x, {base})")


def test_a_logarithm_to_a_valid_base_is_a_quotient_of_logs() -> None:
    assert symml.parse_expression("log(x, 2)") == sp.log(x) / sp.log(2)


@pytest.mark.parametrize("text", ["0**x", "(-1)**x", "(-2)**(x + 1)", "0**(a*x)"])
def test_powers_of_zero_or_negative_numbers_with_a_variable_exponent_are_refused(text: str) -> None:
    with pytest.raises(ParseError, match="not a real function"):
        symml.parse_expression(text)


def test_powers_of_positive_numbers_are_fine() -> None:
    assert symml.parse_expression("2**x") == 2**x
    assert symml.parse_expression("(-1)**2") == 1


@pytest.mark.parametrize("text", ["exp(log(x))", "sqrt(x)**2", "x/x", "x**2/x", "x + log(x) - log(x)"])
def test_the_natural_domain_comes_from_the_input_as_written(text: str) -> None:
    f = symml.parse_expression(text)
    assert sp.simplify(f - x) == 0 or sp.simplify(f - 1) == 0  # the same function where defined
    with pytest.raises(DomainError, match="not defined on the whole domain"):
        symml.convexity(text, "x")
    ((_, result),) = list(symml.convexity(text, "x", domain="x > 0"))
    assert result.curvature.value == "affine"


def test_a_periodic_domain_condition_is_not_read_as_one_interval(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DomainError, match="periodic"):
        symml.convexity("x**3", "x", domain="sin(x) > 0")
    code, _, err = run_cli(["convex", "x**3", "--vars", "x", "--where", "sin(x) > 0"], capsys)
    assert code == 2 and "periodic" in err


@pytest.mark.parametrize("assume", ["False", "a**2 < 0", "a > 1, a < 0", "a > 1 and a < 0"])
def test_inconsistent_assumptions_are_named(assume: str) -> None:
    for call in (
        lambda: symml.convexity("a*x**2", "x", assumptions=assume),
        lambda: symml.stationary_points("a*x**2", "x", assumptions=assume),
        lambda: symml.definiteness([[a, 0], [0, 1]], assumptions=assume),
        lambda: symml.gd_stability(a * x**2, [x], assumptions=assume),
    ):
        with pytest.raises(InvalidValueError, match="inconsistent|never holds"):
            call()


def test_inconsistent_assumptions_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["convex", "a*x**2", "--vars", "x", "--assume", "a > 1, a < 0"], capsys)
    assert code == 2 and "inconsistent" in err


def test_or_in_assumptions_splits_only_the_allowed_values(capsys: pytest.CaptureFixture[str]) -> None:
    cases = symml.convexity("a*x**2", "x", assumptions="a > 0 or a < -1")
    verdicts = {str(c): r.curvature.value for c, r in cases}
    assert verdicts == {"a < -1": "strictly concave", "a > 0": "strictly convex"}
    # every case condition lies inside the assumption (checked at sample values)
    assert cases.where(a=2).curvature.value == "strictly convex"
    assert cases.where(a=-2).curvature.value == "strictly concave"
    code, out, _ = run_cli(["convex", "a*x**2", "--vars", "x", "--assume", "a > 0 or a < -1"], capsys)
    assert code == 0 and "a > 0" in out
    code, _, _ = run_cli(["stationary", "a*x**2", "--vars", "x", "--assume", "a > 0 | a < -1"], capsys)
    assert code in (0, 2)  # answered, or refused with one line: never an internal error


@pytest.mark.parametrize("text", ["x**2 # + x**3", "#", "x # comment"])
def test_a_hash_is_refused_not_read_as_a_comment(text: str) -> None:
    with pytest.raises(ParseError, match="'#'"):
        symml.parse_expression(text)


def test_a_hash_on_the_command_line_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["convex", "x**2 # + x**3", "--vars", "x"], capsys)
    assert code == 2 and "#" in err


def test_labels_of_random_variables_are_compared_as_written() -> None:
    X = Die(2)
    assert symml.probability.P(X.eq((1, "a"))).value == 0  # a tuple label is not parsed
