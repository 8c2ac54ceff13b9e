"""Claims made in the prose around the displays, and restatements of rules.

- inline definitions (``where $z = (1-t)a + tb$``) and hypotheses (``iff $\\mathbb{P}(A, B) =
  \\mathbb{P}(A)\\mathbb{P}(B)$``) enter the scope;
- a display restating a rule (``x_{t+1} = x_t + \\eta\\nabla f(x_t)`` after ``x_{t+1} = x_t +
  \\eta_t d_t``) is checked against it: when it only fixes the rule's free quantities it is a
  specialisation, and what the notes require of those quantities (``d_t^\\top \\nabla f \\leq 0``)
  is checked for the value it fixes.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from symml.check.errata import notes_form, notes_name
from symml.check.links import Outcome, check_link
from symml.check.notation import reader
from symml.check.reader import Chain, Unreadable
from symml.check.report import NOT_CHECKED, REFUTED
from symml.check.scope import substitute
from symml.core.events import ProbabilityOf
from symml.core.results import Sentence

__all__ = ["inline_claims", "restatement", "read_inline"]


def read_inline(text: str, walk: Any) -> Chain | None:
    """An inline formula as a chain (side conditions after a comma dropped), or None."""
    from symml.check.scope import split_top

    parts = split_top(text)
    if not parts:
        return None
    main = parts[0]
    try:
        return reader(main.strip(), walk.scope.functions()).chain()
    except Unreadable:
        return None


def inline_claims(walk: Any, piece: Any) -> None:
    """Definitions, hypotheses and constraints from the inline formulas of a piece of prose."""
    from symml.check.families import family_claims, stationary_claims

    for text, _line in piece.formulas:
        chain = read_inline(text, walk)
        if chain is None or len(chain.relations) != 1:
            continue
        lhs, rel, rhs = chain.links()[0]
        if rel == "=" and isinstance(lhs, (sp.Symbol, sp.Indexed)) and not getattr(rhs, "is_number", False):
            if _free_in_rules(walk, lhs):
                walk.scope.add("choice", lhs, rhs)
            elif walk.scope.rule(lhs) is None:
                walk.scope.add("symbol", lhs, rhs)
        elif rel == "=" and lhs.atoms(ProbabilityOf) and rhs.atoms(ProbabilityOf):
            walk.scope.add("hypothesis", lhs, rhs)
        elif rel in ("<=", ">=", "<", ">"):
            walk.scope.add("constraint", (lhs, rel, rhs), (lhs, rel, rhs), label=text.split(",")[0].strip())
    family_claims(walk, piece)
    stationary_claims(walk, piece)


def _free_in_rules(walk: Any, name: Any) -> bool:
    base = name.base if isinstance(name, sp.Indexed) else name
    for e in walk.scope.of("symbol"):
        for a in (
            e.value.atoms(sp.Indexed) | e.value.free_symbols if not isinstance(e.value, sp.MatrixBase) else ()
        ):
            if (a.base if isinstance(a, sp.Indexed) else a) == base:
                return True
    return False


def _choices_here(walk: Any, expr: Any) -> Any:
    """Choices stated in the claim's own block, and renamings (``\\eta_t = \\eta``) in scope."""
    for e in walk.scope.of("choice"):
        if e.block == walk.scope.block or isinstance(e.value, sp.Symbol):
            expr = _put_choice(expr, e)
    return expr


def _put_choice(expr: Any, e: Any) -> Any:
    from symml.check.scope import match

    if isinstance(e.key, sp.Symbol):
        return expr.xreplace({e.key: e.value})
    reps = {a: e.value.xreplace(m) for a in expr.atoms(sp.Indexed) if (m := match(e.key, a)) is not None}
    return expr.xreplace(reps)


def _names(expr: Any) -> set[Any]:
    return set(expr.atoms(sp.Indexed)) | {
        s
        for s in expr.free_symbols
        if isinstance(s, sp.Symbol) and not any(s in i.free_symbols for i in expr.atoms(sp.Indexed))
    }


def restatement(walk: Any, d: Any, chain: Chain) -> bool:
    """A display restating a rule in scope: a claim, or a specialisation (its constraints checked)."""
    from symml.check.scope import match

    lhs, new = chain.terms[0], chain.terms[1]
    entry = walk.scope.rule(lhs)
    old = entry.value.xreplace(match(entry.key, lhs) or {})
    old = _choices_here(walk, substitute(old, walk.scope))
    new_full = substitute(new, walk.scope)
    missing = [n for n in _names(old) if n not in _names(new_full)]
    where = f"({entry.label})" if entry.label else "an earlier rule"
    if not missing:
        outcome = check_link(old, "=", new_full, walk.context(rule=True))
        reason = Sentence.of(f"compared with {where}:", outcome.reason)
        walk.add(d, d.line, d.body, Outcome(outcome.verdict, reason, outcome.witness, outcome.steps))
        return True
    walk.add(d, d.line, d.body, _specialisation(walk, old, new_full, missing, where))
    return True


def vector_form(walk: Any, d: Any, chain: Chain) -> bool:
    """``\\Delta\\theta_t = …`` (vector form) against the coordinate rule ``\\theta_{t+1,d} = …`` in scope."""
    lhs, new = chain.terms[0], chain.terms[1]
    if not (isinstance(lhs, sp.Indexed) and str(lhs.base).startswith("Delta_") and len(lhs.indices) == 1):
        return False
    name, (t,) = str(lhs.base)[len("Delta_") :], lhs.indices
    rules = walk.scope.of("symbol")
    last = re.split(r"(?<=[.:])\s", walk.scope.words.strip())[-1] if walk.scope.words.strip() else ""
    if re.search(r"\balso\b", last):  # "the update rule also follows": the previous section's rule
        rules = walk.scope.dropped + rules
    for e in reversed(rules):
        key = e.key
        if not (isinstance(key, sp.Indexed) and str(key.base) == name and len(key.indices) == 2):
            continue
        step, coordinate = key.indices
        shift = {s: t + 1 - (step - s) for s in step.free_symbols}
        old = (e.value - key.base[step - 1, coordinate]).xreplace(shift) if len(shift) == 1 else None
        if old is None:
            continue
        coordinates = {a.base for a in e.value.atoms(sp.Indexed) if len(a.indices) == 2}
        lifted = new.xreplace(
            {
                a: a.base[a.indices[0], coordinate]
                for a in new.atoms(sp.Indexed)
                if len(a.indices) == 1 and a.base in coordinates
            }
        )
        outcome = check_link(old, "=", lifted, walk.context(rule=True))
        where = f"({e.label})" if e.label else "the coordinate rule"
        if e not in walk.scope.entries:
            where += " (the rule the text says it also follows)"
        reason = Sentence.of(f"coordinate {coordinate} of the vector form against {where}:", outcome.reason)
        walk.add(d, d.line, d.body, Outcome(outcome.verdict, reason, outcome.witness, outcome.steps))
        return True
    return False


def _specialisation(walk: Any, old: Any, new: Any, missing: list[Any], where: str) -> Outcome:
    names = ", ".join(notes_name(str(m)) for m in missing)
    if len(missing) != 1 or isinstance(old, sp.MatrixBase):
        return Outcome(NOT_CHECKED, f"specialises {where} (fixes {names}); nothing stated about it to check")
    (free,) = missing
    x = sp.Dummy("q")
    solved = sp.solve(sp.Eq(old.xreplace({free: x}), new), x)
    if len(solved) != 1:
        return Outcome(NOT_CHECKED, f"specialises {where}; {names} could not be solved for")
    value = solved[0]
    for e in walk.scope.of("constraint"):
        lhs, rel, rhs = e.value
        if not (_mentions(lhs, free) or _mentions(rhs, free)):
            continue
        at = _point_of(value)
        lhs2, rhs2 = (_fix(v, free, value, at) for v in (lhs, rhs))
        outcome = check_link(lhs2, rel, rhs2, walk.context(rule=True))
        statement = notes_form(sp.Rel(lhs, rhs, rel))
        fixed = notes_form(sp.Eq(free, value, evaluate=False))
        if outcome.verdict == REFUTED:
            reason = Sentence(
                f"it is {where} with", fixed, ", which violates", statement, "(required of it before)"
            )
            return Outcome(REFUTED, reason, outcome.witness)
        return Outcome(
            NOT_CHECKED, Sentence.of(f"specialises {where} with", fixed, ";", statement, ":", outcome.reason)
        )
    return Outcome(NOT_CHECKED, f"specialises {where} (fixes {names}); nothing stated about it to check")


def _mentions(expr: Any, name: Any) -> bool:
    base = name.base if isinstance(name, sp.Indexed) else name
    return any((a.base if isinstance(a, sp.Indexed) else a) == base for a in _names(expr))


def _point_of(value: Any) -> Any:
    """The point at which a value is taken (``x_t`` in ``\\nabla f(x_t)``), if there is one."""
    from sympy.core.function import AppliedUndef

    points = {a.args for a in value.atoms(AppliedUndef) if len(a.args) == 1}
    return points.pop()[0] if len(points) == 1 else None


def _fix(expr: Any, free: Any, value: Any, at: Any) -> Any:
    """``expr`` with ``free`` := ``value``; a bare ``\\nabla f`` is taken at the same point."""
    from symml.check.scope import match

    reps = (
        {a: value for a in expr.atoms(sp.Indexed) if match(free, a) is not None}
        if isinstance(free, sp.Indexed)
        else {free: value}
    )
    expr = expr.xreplace(reps)
    if at is not None:
        bare = {
            s: sp.Function(s.name, real=True)(at)
            for s in expr.free_symbols
            if s.name.startswith(("grad_", "hess_"))
        }
        expr = expr.xreplace(bare)
    return expr
