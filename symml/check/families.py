"""Claims about families in the prose: lists of convex functions, stationary points and their nature.

- "The following are convex functions …" followed by items ``$f(x) = x^a$, $a > 1$, $x > 0$``:
  each item goes to the convexity prover with its parameter range and domain; a wrong range
  is refuted with a parameter value and an exact chord witness (x, x′, λ).
- "the only stationary point is $(x, y) = (0, 0)$" for the function defined last: refuted
  with a parameter value and another exact stationary point where the gradient vanishes.
- items ``$p > 1$: The stationary point is a minimum``: the stationary-point engine under
  the condition.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import sympy as sp

from symml.check.links import Outcome
from symml.check.notation import reader
from symml.check.reader import Unreadable
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED
from symml.core.errors import SymmlError
from symml.core.results import Sentence, Step, Witness

__all__ = ["family_claims", "stationary_claims", "convex_item", "sample_values"]

_ITEM = re.compile(r"^\s*[-*•]\s+(.*)$")
_CONVEX_INTRO = re.compile(r"(are|is)\s+(strictly\s+)?convex\s+functions?", re.IGNORECASE)
_KINDS = {"minimum": "minimum", "maximum": "maximum", "saddle": "saddle"}
_CANDIDATES = ("0", "1", "-1", "2", "-2", "1/2", "-1/2", "3/4", "3", "-3", "1/4", "5/4", "3/2", "10")


@functools.lru_cache(maxsize=256)
def _convexity(f: Any, x: Any, domain: tuple[Any, ...], params: tuple[Any, ...]) -> Any:
    from symml.optimisation.convexity import convexity

    return convexity(f, [x], domain=list(domain) or None, assumptions=list(params) or None)


@functools.lru_cache(maxsize=256)
def _stationary(body: Any, variables: tuple[Any, ...], conditions: tuple[Any, ...]) -> Any:
    from symml.optimisation.stationary import stationary_points

    return stationary_points(body, list(variables), assumptions=list(conditions) or None)


def sample_values(condition: Any, symbol: sp.Symbol) -> list[sp.Rational]:
    """Simple rationals where ``condition`` holds (exactly), in order of simplicity."""
    out = []
    for text in _CANDIDATES:
        v = sp.Rational(text)
        if condition.xreplace({symbol: v}) is sp.true:
            out.append(v)
    return out


def _read(text: str, walk: Any) -> Any:
    return reader(text, walk.scope.functions()).chain()


def family_claims(walk: Any, piece: Any) -> None:
    text = piece.text
    m = _CONVEX_INTRO.search(text)
    if not m:
        return
    started = False
    for k, raw in enumerate(text[m.end() :].split("\n")):
        item = _ITEM.match(raw)
        if not item:
            if started and raw.strip():
                break  # the list has ended
            continue
        started = True
        line = piece.line + text[: m.end()].count("\n") + k
        formulas = re.findall(r"(?<!\$)\$([^$]+)\$", item.group(1))
        if formulas:
            walk.add(None, line, ", ".join(formulas), convex_item(formulas, walk))


def convex_item(formulas: list[str], walk: Any) -> Outcome:
    """One item of a list of convex functions: the function, then ranges and domains."""

    try:
        head = _read(formulas[0], walk)
        conditions = [c for f in formulas[1:] for c in _conditions(f, walk)]
    except Unreadable as exc:
        return Outcome(NOT_CHECKED, f"not read: {exc}")
    if len(head.relations) != 1 or head.relations[0] != "=":
        return Outcome(NOT_CHECKED, "not of the form f(x) = …")
    f = head.terms[1]
    x = sp.Symbol("x", real=True)
    if x not in f.free_symbols:
        return Outcome(NOT_CHECKED, "the function is not a function of x")
    domain = [c for c in conditions if c.free_symbols == {x}]
    params = [c for c in conditions if x not in c.free_symbols]
    try:
        result = _convexity(f, x, tuple(domain), tuple(params))
    except SymmlError as exc:
        return Outcome(NOT_CHECKED, f"not checked on the stated domain: {exc}")
    return _convex_verdict(f, x, result, domain, params)


def _conditions(text: str, walk: Any) -> list[Any]:
    if "\\in" in text:
        m = re.match(r"^\s*([A-Za-z])\s*\\in\s*\\mathbb\{R\}\s*$", text)
        if m:
            return []
        raise Unreadable(f"the range {text}")
    chain = _read(text, walk)
    ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
    if not chain.relations or any(rel not in ops for rel in chain.relations):
        raise Unreadable(f"the condition {text} (read only <, <=, >, >= and ranges in R)")
    return [ops[rel](a, b) for a, rel, b in chain.links()]


def _convex_verdict(f: Any, x: sp.Symbol, result: Any, domain: list[Any], params: list[Any]) -> Outcome:
    good = ("convex", "strictly convex", "affine")
    bad = [(c, r) for c, r in result if r.curvature.value not in good]
    where = (" on " + ", ".join(map(str, domain))) if domain else ""
    if not bad:
        steps = tuple(s for _, r in result for s in r.steps)
        return Outcome(PROVEN, f"convex{where} for every parameter in the stated range", steps=steps)
    for condition, r in bad:
        if r.curvature.value == "undecided":
            continue
        witness = _chord(f, x, condition, domain, params)
        if witness is not None:
            return Outcome(
                REFUTED, f"not convex{where} where {condition} ({r.curvature.value})", witness=witness
            )
    return Outcome(NOT_CHECKED, "the convexity prover did not decide every parameter case")


def _chord(f: Any, x: sp.Symbol, condition: Any, domain: list[Any], params: list[Any]) -> Witness | None:
    from symml.optimisation.convexity.witness import chord_witness

    symbols = sorted(f.free_symbols - {x}, key=str)
    if len(symbols) > 1:
        return None
    fixed: dict[Any, Any] = {}
    if symbols:
        (a,) = symbols
        values = sample_values(sp.And(condition, *params), a)
        if not values:
            return None
        fixed = {a: values[0]}
    g = f.xreplace(fixed)

    def member(point: Any) -> bool | None:
        truth = sp.And(*domain).xreplace({x: point[0]}) if domain else sp.true
        return truth is sp.true

    found = chord_witness(g, [x], member, against="convex")
    if found is None:
        return None
    values = {str(k): v for k, v in fixed.items()} | dict(found.values)
    return Witness(
        values, shows=found.shows, description="f(λx + (1−λ)x′) > λf(x) + (1−λ)f(x′) at these values"
    )


# -- stationary points -------------------------------------------------------------------------------------


def _last_function(walk: Any) -> Any:
    functions = [e.value for e in walk.scope.of("function") if e.value.variables]
    return functions[-1] if functions else None


def stationary_claims(walk: Any, piece: Any) -> None:
    definition = _last_function(walk)
    if definition is None or "stationary" not in piece.text:
        return
    claim = re.search(r"only stationary points? (?:is|are)\s*\$([^$]+)\$", piece.text)
    if claim:
        line = piece.line + piece.text[: claim.start(1)].count("\n")
        walk.add(None, line, claim.group(1), _only_point(claim.group(1), definition, walk))
    for k, raw in enumerate(piece.text.split("\n")):
        raw_line = piece.line + k
        item = _ITEM.match(raw)
        kinds = [kind for word, kind in _KINDS.items() if item and word in raw.lower()]
        formulas = re.findall(r"(?<!\$)\$([^$]+)\$", item.group(1)) if item else []
        if item and len(kinds) == 1 and formulas:
            walk.add(None, raw_line, raw.strip(" -*"), _nature(formulas[0], kinds[0], definition, walk))


def _only_point(text: str, definition: Any, walk: Any) -> Outcome:
    try:
        chain = _read(text, walk)
    except Unreadable as exc:
        return Outcome(NOT_CHECKED, f"not read: {exc}")
    point = chain.terms[-1]
    variables = list(definition.variables)
    if not isinstance(point, sp.Tuple) or len(point) != len(variables):
        return Outcome(NOT_CHECKED, "the claimed point does not match the function's variables")
    grad = [sp.diff(definition.body, v) for v in variables]
    params = sorted(definition.body.free_symbols - set(variables), key=str)
    for values in _parameter_samples(definition, variables):
        other = _other_stationary(grad, variables, values, point)
        if other is not None:
            witness = Witness(
                {**{str(k): v for k, v in values.items()}, **{str(k): v for k, v in other.items()}},
                shows=sp.And(*(sp.Eq(g.xreplace(values), 0, evaluate=False) for g in grad)),
                description="another stationary point: the gradient vanishes there",
            )
            at = sp.And(*(sp.Eq(k, v, evaluate=False) for k, v in values.items()))
            reason = (
                Sentence("for", at, "there are other stationary points")
                if values
                else Sentence("there are other stationary points")
            )
            return Outcome(REFUTED, reason, witness=witness)
    if not params:
        return Outcome(NOT_CHECKED, "no other stationary point found")
    return Outcome(NOT_CHECKED, "no other stationary point found for the parameter cases")


def _sign_shown(eigenvalue: Any) -> Any:
    """``λ < 0`` or ``λ > 0`` (or ``λ = 0``), unevaluated: what an eigenvalue's sign shows."""
    if eigenvalue.is_positive:
        return sp.StrictGreaterThan(eigenvalue, 0, evaluate=False)
    if eigenvalue.is_negative:
        return sp.StrictLessThan(eigenvalue, 0, evaluate=False)
    return sp.Eq(eigenvalue, 0, evaluate=False)


def _parameter_samples(definition: Any, variables: list[Any]) -> list[dict[Any, Any]]:

    params = sorted(definition.body.free_symbols - set(variables), key=str)
    if len(params) > 1:
        return []
    try:
        cases = _stationary(definition.body, tuple(variables), ())
    except SymmlError:
        return []
    out = []
    for condition, _ in cases:
        if not params:
            return [{}]
        values = sample_values(condition, params[0])
        if values:
            out.append({params[0]: values[0]})
    return out


def _other_stationary(grad: list[Any], variables: list[Any], values: dict, point: Any) -> dict | None:
    equations = [g.xreplace(values) for g in grad]
    solutions = sp.solve(equations, variables, dict=True)
    for sol in solutions:
        free = {v: sp.Integer(1) for v in variables if v not in sol}
        candidate = {v: sp.Integer(1) if v in free else sol[v].xreplace(free) for v in variables}
        if all(c.is_Rational for c in candidate.values()) and tuple(candidate.values()) != tuple(point):
            if all(e.xreplace(candidate) == 0 for e in equations):
                return candidate
    return None


def _nature(condition_text: str, kind: str, definition: Any, walk: Any) -> Outcome:

    try:
        chain = _read(condition_text, walk)
    except Unreadable as exc:
        return Outcome(NOT_CHECKED, f"not read: {exc}")
    ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
    if not chain.relations or any(rel not in ops for rel in chain.relations):
        return Outcome(NOT_CHECKED, "the condition is not read (only <, <=, >, >= are)")
    conditions = [ops[rel](a, b) for a, rel, b in chain.links()]
    try:
        cases = _stationary(definition.body, tuple(definition.variables), tuple(conditions))
    except SymmlError as exc:
        return Outcome(NOT_CHECKED, f"the stationary-point engine refused: {exc}")
    kinds = {comp.kind for _, r in cases for comp in r.components}
    if kinds == {kind}:
        step = Step(
            sp.And(*conditions), f"every stationary point is a {kind} (stationary_points)", rule="stationary"
        )
        return Outcome(
            PROVEN, f"every stationary point is a {kind} when {sp.And(*conditions)}", steps=(step,)
        )
    if kind not in kinds:
        refuted = _wrong_nature(definition, kind, cases, conditions)
        if refuted is not None:
            return refuted
    return Outcome(NOT_CHECKED, f"the stationary points are {sorted(kinds)}, not only {kind}s (not refuted)")


def _wrong_nature(definition: Any, kind: str, cases: Any, conditions: list[Any]) -> Outcome | None:
    """A parameter value and a stationary point whose Hessian's eigenvalues contradict ``kind``."""
    variables = list(definition.variables)
    params = sorted(definition.body.free_symbols - set(variables), key=str)
    if len(params) > 1:
        return None
    for condition, _ in cases:
        values = sample_values(sp.And(condition, *conditions), params[0]) if params else [None]
        if not values:
            continue
        fixed = {params[0]: values[0]} if params else {}
        body = definition.body.xreplace(fixed)
        grad = [sp.diff(body, v) for v in variables]
        for point in sp.solve(grad, variables, dict=True):
            if set(point) != set(variables) or not all(v.is_Rational for v in point.values()):
                continue
            hessian = sp.ImmutableMatrix(sp.hessian(body, variables).xreplace(point))
            eigen = list(sp.Matrix(hessian).eigenvals())
            signs = {sp.sign(e) for e in eigen}
            contradicts = {
                "minimum": signs == {-1} or {-1, 1} <= signs,
                "maximum": signs == {1} or {-1, 1} <= signs,
                "saddle": signs in ({1}, {-1}),
            }[kind]
            if contradicts:
                witness = Witness(
                    {**{str(k): v for k, v in fixed.items()}, **{str(k): v for k, v in point.items()}},
                    shows=sp.And(*(_sign_shown(e) for e in eigen)),
                    description=f"a stationary point whose Hessian has eigenvalues {eigen}: not a {kind}",
                )
                return Outcome(REFUTED, Sentence(f"not a {kind} where", condition), witness=witness)
    return None
