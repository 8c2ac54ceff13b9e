"""Budgets: every probe of issue #20 ends with an answer or one clear SymmlError, within 3 GB.

The probes run in one subprocess whose address space is capped at 3 GB (``RLIMIT_AS``), so
that a MemoryError, a hang or an abort inside the big-integer library (which no ``except``
can catch) fails these tests instead of the test run.  The timeout only guards against a
hang; how fast each probe ends is measured in benchmarks, not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sympy as sp

import symml
from symml.core.errors import InvalidValueError, LimitExceededError, SymmlError
from symml.core.limits import Limits

ROOT = Path(symml.__file__).parent.parent

# name -> code setting ``r`` (a JSON-able summary of the answer); a SymmlError is reported.
PROBES = {
    "sign_sin_exp_tower": "r = symml.parse_expression('sign(sin(exp(exp(exp(3)))))')",
    "power_tower_condition": "r = symml.parse_conditions('E**E**E**E**E > 0')",
    "nested_exponents": "r = symml.parse_expression('((x+1)**1000)**1000')",
    "convexity_huge_coefficient": "r = symml.convexity('x**4 - 10**300*x**2', 'x').to_json()",
    "stationary_huge_coefficient": "r = symml.stationary_points('x**4 - 10**300*x**2', 'x').to_json()",
    "convexity_exp_huge_string": "r = symml.convexity('exp(10**300)*x**2', 'x').to_json()",
    "stationary_exp_huge_sympy": (
        "x = sp.Symbol('x', real=True); r = symml.stationary_points(sp.exp(10**300)*x**2, [x]).to_json()"
    ),
    "convexity_power_200": "r = symml.convexity('(x+y+z)**200', 'x, y, z').to_json()",
    "stationary_power_200": "r = symml.stationary_points('(x+y+z)**200', 'x, y, z').to_json()",
    "stationary_40_squares": (
        "xs = sp.symbols('x0:40', real=True);"
        " r = symml.stationary_points(sum(v**2 for v in xs), list(xs)).to_json()"
    ),
    "convexity_10_parameters": (
        "r = symml.convexity(' + '.join(f'a{i}*x**{i + 2}' for i in range(10)), 'x').to_json()"
    ),
    "die_10_8": "r = str(Die(10**8))",
    "mean_of_iid_sum": "r = str(E(iid_sum(Die(6), 10**5)))",
    "law_of_iid_sum": "r = str(P(iid_sum(Die(6), 10**5) > 350000).value)",
    "binomial_mean": "r = str(E(Binomial(10**6, sp.Rational(1, 2))))",
    "binomial_pmf": "r = str(Binomial(10**6, sp.Rational(1, 2)).pmf_at(3))",
    "geometric_10_7": "r = str(E(Geometric(sp.Rational(1, 2), 10**7)))",
}

_CHILD = """
import json, resource, sys, warnings
resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
warnings.simplefilter("ignore")
import sympy as sp
import symml
from symml.probability import Binomial, Die, E, Geometric, P, iid_sum
out = {}
for name, code in json.loads(sys.argv[1]).items():
    try:
        scope = {"symml": symml, "sp": sp, "Binomial": Binomial, "Die": Die, "E": E,
                 "Geometric": Geometric, "P": P, "iid_sum": iid_sum}
        exec(code, scope)
        out[name] = {"answer": scope["r"]}
    except symml.SymmlError as exc:
        out[name] = {"error": type(exc).__name__, "limit": getattr(exc, "limit", ""), "message": str(exc)}
    except Exception as exc:
        out[name] = {"crash": type(exc).__name__, "message": str(exc)[:300]}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probes() -> dict[str, dict]:
    """Every probe's outcome, from one child process limited to 3 GB of address space."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHILD), json.dumps(PROBES)],
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard only
        cwd=ROOT,
    )
    assert done.returncode == 0, f"the probes crashed (exit {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def _refused(outcome: dict, error: str, limit: str = "") -> None:
    assert "error" in outcome, f"expected a refusal, got {outcome}"
    assert outcome["error"] == error, outcome
    if limit:
        assert outcome["limit"] == limit, outcome
        assert f"symml.limits.{limit}" in outcome["message"], outcome["message"]


@pytest.mark.parametrize("name", sorted(PROBES))
def test_no_probe_crashes(probes: dict[str, dict], name: str) -> None:
    assert "crash" not in probes[name], probes[name]


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("sign_sin_exp_tower", "max_number_bits"),
        ("power_tower_condition", "max_number_bits"),
        ("nested_exponents", "max_degree"),
        ("convexity_exp_huge_string", "max_number_bits"),
    ],
)
def test_the_parser_refuses_numbers_and_degrees_beyond_its_limits(
    probes: dict[str, dict], name: str, limit: str
) -> None:
    outcome = probes[name]
    assert outcome.get("error") == "ParseError", outcome
    assert f"symml.limits.{limit}" in outcome["message"]


def test_a_huge_number_built_in_sympy_is_refused_by_the_converters(probes: dict[str, dict]) -> None:
    _refused(probes["stationary_exp_huge_sympy"], "LimitExceededError", "max_number_bits")


def test_a_huge_coefficient_still_gets_its_stationary_points(probes: dict[str, dict]) -> None:
    (case,) = probes["stationary_huge_coefficient"]["answer"]["cases"]
    assert sorted(c["kind"] for c in case["components"]) == ["maximum", "minimum", "minimum"]
    x = sp.Symbol("x", real=True)
    f = x**4 - 10**300 * x**2
    points = {symml.parse_expression(c["point"][0], [x]) for c in case["components"]}
    assert points == {0, 10**150 / sp.sqrt(2), -(10**150) / sp.sqrt(2)}
    for point in points:
        assert sp.expand(sp.diff(f, x).subs(x, point)) == 0  # stationary, exactly


def test_a_huge_coefficient_gives_a_convexity_answer(probes: dict[str, dict]) -> None:
    (case,) = probes["convexity_huge_coefficient"]["answer"]["cases"]
    # f'' = 12 x**2 - 2*10**300 changes sign: convex and concave must both be out of reach of a proof
    assert case["verdict"] in ("neither", "undecided")


def test_a_large_power_of_an_affine_function_is_convex_by_the_rules(probes: dict[str, dict]) -> None:
    (case,) = probes["convexity_power_200"]["answer"]["cases"]
    assert (case["verdict"], case["status"]) == ("convex", "proven")


def test_a_gradient_system_too_large_to_solve_is_refused(probes: dict[str, dict]) -> None:
    _refused(probes["stationary_power_200"], "LimitExceededError", "max_expanded_terms")


def test_forty_squares_have_one_strict_minimum_at_the_origin(probes: dict[str, dict]) -> None:
    (case,) = probes["stationary_40_squares"]["answer"]["cases"]
    (component,) = case["components"]
    assert (component["kind"], component["strict"], component["dimension"]) == ("minimum", True, 0)
    assert component["point"] == ["0"] * 40


def test_a_case_split_over_ten_parameters_is_refused_before_it_starts(probes: dict[str, dict]) -> None:
    _refused(probes["convexity_10_parameters"], "LimitExceededError", "max_cells")


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("die_10_8", "max_support"),
        ("law_of_iid_sum", "max_coefficient_bits"),
        ("binomial_pmf", "max_support"),
        ("geometric_10_7", "max_support"),
    ],
)
def test_distributions_beyond_the_limits_are_refused(probes: dict[str, dict], name: str, limit: str) -> None:
    _refused(probes[name], "LimitExceededError", limit)


def test_moments_need_no_distribution(probes: dict[str, dict]) -> None:
    assert probes["mean_of_iid_sum"]["answer"] == "350000"
    assert probes["binomial_mean"]["answer"] == "500000"


# -- the limits object -------------------------------------------------------------------------


def test_limits_are_one_adjustable_object() -> None:
    assert symml.limits is symml.core.limits.limits
    before = symml.limits.max_support
    with symml.limits.raised(max_support=7):
        assert symml.limits.max_support == 7
        with pytest.raises(LimitExceededError) as info:
            symml.probability.Die(8)
        assert info.value.limit == "max_support"
    assert symml.limits.max_support == before
    assert symml.probability.Die(8).pmf_at(8) == sp.Rational(1, 8)


def test_raising_a_limit_lets_the_work_through() -> None:
    with pytest.raises(LimitExceededError):
        symml.probability.Die(10**5 + 1)
    with symml.limits.raised(max_support=10**5 + 1):
        assert symml.probability.Die(10**5 + 1).pmf_at(1) == sp.Rational(1, 10**5 + 1)


def test_limit_errors_are_symml_errors_that_name_the_limit() -> None:
    with pytest.raises(LimitExceededError) as info:
        Limits().check("max_cells", 101, "a split")
    assert isinstance(info.value, SymmlError) and isinstance(info.value, InvalidValueError)
    assert "symml.limits.max_cells" in str(info.value) and "101" in str(info.value)


@pytest.mark.parametrize("value", [-1, 1.5, True, "10"])
def test_a_limit_must_be_a_nonnegative_integer(value: object) -> None:
    with pytest.raises(TypeError):
        Limits().max_cells = value  # type: ignore[assignment]


def test_unknown_limits_are_refused() -> None:
    with pytest.raises(AttributeError):
        Limits().max_typo = 3  # type: ignore[attr-defined]
    with pytest.raises(AttributeError), symml.limits.raised(max_typo=3):
        pass


def test_the_old_parser_names_read_the_limits() -> None:
    from symml.core import parsing

    with symml.limits.raised(max_exponent=10):
        assert parsing.MAX_EXPONENT == 10
        with pytest.raises(symml.ParseError, match="limited to 10"):
            symml.parse_expression("x**11")
    assert parsing.MAX_EXPONENT == symml.limits.max_exponent
