"""JSON generated from the data: every SymPy value of every public result is a string that
symml's own safe parser reads back to the same mathematics (never ``sympify``)."""

from __future__ import annotations

import json

import pytest
import sympy as sp
from catalogue import CATALOGUE
from json_walk import pairs
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import Boolean

from symml.core.parsing import parse_value
from symml.core.results import Result, Step, Verdict, Witness, json_fields

#: Results whose data still holds LaTeX-named symbols, sets, matrices inside relations or
#: functions the safe parser does not read (issue 15, "no LaTeX in the data"): expected to
#: fail until they hold plain SymPy objects.  Strict: one that starts passing must leave.
NOT_YET_PARSABLE: set[str] = set()


def _evaluated(value):
    """An unevaluated statement (``2 > 0``, ``Eq(1/2, 1/2)``) evaluated, as the parser does."""
    if isinstance(value, (sp.And, sp.Or, sp.Not)):
        return value.func(*map(_evaluated, value.args))
    if isinstance(value, sp.core.relational.Relational):
        return value.func(value.lhs, value.rhs)
    return value


def _same_side(a, b) -> bool:
    if isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase):
        return a.shape == b.shape and all(sp.simplify(u - v) == 0 for u, v in zip(a, b))
    if isinstance(a, sp.Expr) and isinstance(b, sp.Expr):
        return sp.simplify(a - b) == 0
    return a == b


def _same(parsed, value) -> bool:
    if parsed == value or parsed == _evaluated(value):
        return True
    if isinstance(value, sp.core.relational.Relational) and isinstance(parsed, sp.core.relational.Relational):
        return parsed.rel_op == value.rel_op and all(map(_same_side, parsed.args, value.args))
    if isinstance(value, sp.Expr) and isinstance(parsed, sp.Expr):
        return sp.simplify(parsed - value) == 0
    return isinstance(value, Boolean) and sp.simplify(sp.Equivalent(parsed, value)) is sp.true


def _problems(result) -> list[str]:
    data = json.loads(json.dumps(result.to_json()))  # plain JSON, nothing else
    problems = []
    for path, value, text in pairs(result, data):
        names = {str(s): s for s in value.free_symbols if isinstance(s, (sp.Symbol, sp.MatrixSymbol))}
        names.update({f.func.__name__: f.func for f in value.atoms(AppliedUndef)})
        try:
            back = parse_value(text, symbols=names)
        except Exception as exc:  # noqa: BLE001 - every failure is reported
            problems.append(f"{path}: {text[:80]!r}: {type(exc).__name__}")
            continue
        if not _same(back, value):
            problems.append(f"{path}: {text[:80]!r} reads back as {back}")
    return problems


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_json_round_trips_through_the_safe_parser(name, request):
    if name in NOT_YET_PARSABLE:
        request.applymarker(pytest.mark.xfail(strict=True, reason="LaTeX or unparsable objects in the data"))
    result = CATALOGUE[name]()
    if not hasattr(result, "to_json"):
        pytest.skip("a SymPy value: no JSON of its own")
    assert _problems(result) == []


def test_json_is_generated_from_declared_fields():
    x = sp.Symbol("x", real=True)
    step = Step(sp.Ge(x, 0), "given", rule="premise")
    assert [key for key, *_ in json_fields(step)] == ["statement", "reason", "rule", "substeps"]
    assert step.to_json() == {"statement": "x >= 0", "reason": "given", "rule": "premise"}
    refuted = Result(sp.Eq(x**2, 1), Verdict.REFUTED, witness=Witness({"x": 2}, shows=sp.Ne(4, 1)))
    assert refuted.to_json() == {
        "claim": "Eq(x**2, 1)",
        "verdict": "refuted",
        "steps": [],
        "witness": {"x": "2", "shows": "True"},
    }


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_no_internal_dummy_reaches_the_data(name):
    # a proof in the analysis' own dummies (_a < 0) reads back as nothing the user wrote
    result = CATALOGUE[name]()
    if not hasattr(result, "to_json"):
        pytest.skip("a SymPy value: no JSON of its own")
    data = json.loads(json.dumps(result.to_json()))
    leaked = [path for path, value, _ in pairs(result, data) if value.atoms(sp.Dummy)]
    assert leaked == []
