"""Semi-algebraic conditions on several parameters, decided by a real decision procedure.

Conditions are SymPy booleans (And / Or / Not of polynomial relations with rational
coefficients).  Satisfiability, implication, disjointness and coverage are decided by
z3's nonlinear real arithmetic (nlsat), which is complete for such formulas: its
``sat`` comes with a model (exact rationals or real algebraic numbers), its ``unsat``
is a proof.  When z3 answers ``unknown`` (a time limit), callers report undecided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError
from symml.core.parsing import as_sympy

__all__ = [
    "Unsupported",
    "satisfiable",
    "implies",
    "simplify_conjunction",
    "partition_problems",
    "require_consistent",
]

#: milliseconds z3 may spend on one question before we call it undecided
TIMEOUT_MS = 5000


class Unsupported(Exception):
    """A condition that is not a polynomial formula over the rationals."""


def _term(e: sp.Expr, env: dict[sp.Symbol, Any]) -> Any:
    import z3

    if e.is_Symbol:
        if e not in env:
            raise Unsupported(f"unknown symbol {e}")
        return env[e]
    if e.is_Rational:
        return z3.RealVal(int(e)) if e.is_Integer else z3.Q(int(e.p), int(e.q))
    if e.is_Add:
        return z3.Sum([_term(a, env) for a in e.args])
    if e.is_Mul:
        out = _term(e.args[0], env)
        for a in e.args[1:]:
            out = out * _term(a, env)
        return out
    if e.is_Pow and e.exp.is_Integer and e.exp > 0:
        base = _term(e.base, env)
        out = base
        for _ in range(int(e.exp) - 1):
            out = out * base
        return out
    raise Unsupported(f"{e} is not a polynomial with rational coefficients")


_RELATIONS = {
    sp.Eq: lambda u, v: u == v,
    sp.Ne: lambda u, v: u != v,
    sp.Lt: lambda u, v: u < v,
    sp.Le: lambda u, v: u <= v,
    sp.Gt: lambda u, v: u > v,
    sp.Ge: lambda u, v: u >= v,
}


def to_z3(cond: Any, env: dict[sp.Symbol, Any]) -> Any:
    """A SymPy boolean as a z3 formula over the real variables in ``env``."""
    import z3

    cond = as_sympy(cond)
    if cond is sp.true:
        return z3.BoolVal(True)
    if cond is sp.false:
        return z3.BoolVal(False)
    if isinstance(cond, sp.And):
        return z3.And(*[to_z3(a, env) for a in cond.args])
    if isinstance(cond, sp.Or):
        return z3.Or(*[to_z3(a, env) for a in cond.args])
    if isinstance(cond, sp.Not):
        return z3.Not(to_z3(cond.args[0], env))
    for cls, make in _RELATIONS.items():
        if isinstance(cond, cls):
            lhs = sp.expand(cond.lhs - cond.rhs)
            if not lhs.is_polynomial(*env):
                raise Unsupported(f"{cond} is not polynomial in the parameters")
            return make(_term(lhs, env), z3.RealVal(0))
    raise Unsupported(f"unsupported condition {cond}")


def _environment(symbols: Iterable[sp.Symbol]) -> dict[sp.Symbol, Any]:
    import z3

    return {s: z3.Real(f"v{i}_{s.name}") for i, s in enumerate(sorted(set(symbols), key=sp.default_sort_key))}


def _value(v: Any) -> sp.Expr:
    """A z3 model value as an exact SymPy Rational (irrational algebraic values are not used)."""
    import z3

    if z3.is_rational_value(v):
        return sp.Rational(v.numerator_as_long(), v.denominator_as_long())
    raise Unsupported(f"model value {v} is not rational")


def satisfiable(cond: Any, symbols: Sequence[sp.Symbol]) -> tuple[bool | None, dict[sp.Symbol, Any]]:
    """(True, model) when ``cond`` has a real solution, (False, {}) when it has none, else (None, {}).

    The model maps every symbol to an exact number (when z3's value is exact and rational).
    """
    import z3

    env = _environment([*symbols, *as_sympy(cond).free_symbols])
    solver = z3.SolverFor("QF_NRA")
    solver.set("timeout", TIMEOUT_MS)
    solver.add(to_z3(cond, env))
    answer = solver.check()
    if answer == z3.unsat:
        return False, {}
    if answer != z3.sat:
        return None, {}
    model = solver.model()
    point = {}
    for s, var in env.items():
        value = model.eval(var, model_completion=True)
        try:
            point[s] = _value(value)
        except Unsupported:
            return True, {}
    return True, point


def require_consistent(conditions: Sequence[Any], what: str = "the assumptions") -> None:
    """Raise InvalidValueError when the conjunction ``conditions`` has no real solution.

    ``False``, ``a**2 < 0`` and ``a > 1, a < 0`` are refused with a message saying so (they
    used to be ignored, or to end in an unclear error).  Conditions z3 cannot express are
    let through (nothing is claimed about them).
    """
    if any(c is sp.false for c in conditions):
        raise InvalidValueError(f"{what} include a condition that never holds (False): none can hold")
    if not conditions:
        return
    cond = sp.And(*conditions)
    try:
        sat, _ = satisfiable(cond, sorted(cond.free_symbols, key=sp.default_sort_key))
    except Unsupported:
        return
    if sat is False:
        shown = ", ".join(str(c) for c in conditions)
        raise InvalidValueError(f"{what} ({shown}) are inconsistent: no real values satisfy them all")


def implies(premise: Any, conclusion: Any, symbols: Sequence[sp.Symbol]) -> bool | None:
    """Whether ``premise`` implies ``conclusion`` for all real values (None: undecided)."""
    sat, _ = satisfiable(sp.And(as_sympy(premise), sp.Not(as_sympy(conclusion))), symbols)
    return None if sat is None else not sat


def simplify_conjunction(atoms: Sequence[Any], context: Any, symbols: Sequence[sp.Symbol]) -> list[Any]:
    """Drop the atoms implied by the others (and ``context``), keeping the conjunction's meaning."""
    kept, context = as_sympy(list(atoms)), as_sympy(context)
    for atom in list(kept):
        others = [a for a in kept if a is not atom]
        if implies(sp.And(context, *others), atom, symbols) is True:
            kept = others
    return kept


def partition_problems(
    conditions: Sequence[Any], admissible: Any, symbols: Sequence[sp.Symbol]
) -> tuple[bool, str | None]:
    """Check that ``conditions`` are pairwise disjoint and cover ``admissible`` (all of it).

    Returns ``(True, None)`` when both are proven, ``(False, message)`` when z3 exhibits
    an overlap or a gap (the message names the parameter values), and ``(False, None)``
    when it cannot decide.
    """
    conditions, admissible = as_sympy(list(conditions)), as_sympy(admissible)
    undecided = False
    for i, ci in enumerate(conditions):
        for cj in conditions[i + 1 :]:
            sat, point = satisfiable(sp.And(admissible, ci, cj), symbols)
            if sat:
                return False, f"case conditions overlap at {_show(point)}; make them disjoint"
            undecided |= sat is None
    sat, point = satisfiable(sp.And(admissible, sp.Not(sp.Or(*conditions))), symbols)
    if sat:
        return False, (
            f"no case condition holds at {_show(point)}; the cases must cover every admissible value"
        )
    undecided |= sat is None
    return (not undecided), None


def _show(point: dict[sp.Symbol, Any]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in point.items()) or "some parameter values"
