"""What the notes have said so far: definitions, parameters, data ranges, hypotheses, scoped by headings.

A heading of level k ends everything said under the previous heading of level ≥ k, so a
function defined in one example is not used in the next, while a rule stated in section
2.4 is still known in 2.4.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.check.reader import FunctionDef

__all__ = ["Entry", "Scope", "substitute", "dataset_ranges", "side_parts", "split_top"]


@dataclass(frozen=True)
class Entry:
    """One thing said: a definition, a rule (``x_{t+1} = …``), a parameter, a range, a hypothesis."""

    kind: str
    level: int
    key: Any
    value: Any = None
    label: str | None = None
    block: int = 0


@dataclass
class Scope:
    """The entries in force, and the current heading level and block."""

    entries: list[Entry] = field(default_factory=list)
    level: int = 0
    block: int = 0
    words: str = ""
    dropped: list[Entry] = field(default_factory=list)

    def heading(self, level: int) -> None:
        self.dropped = [e for e in self.entries if e.level >= level and e.kind == "symbol"] or self.dropped
        self.entries = [e for e in self.entries if e.level < level]
        self.level = level
        self.block += 1
        self.words = ""

    def add(self, kind: str, key: Any, value: Any = None, label: str | None = None) -> None:
        self.entries = [e for e in self.entries if not (e.kind == kind and e.key == key)]
        self.entries.append(Entry(kind, self.level, key, value, label, self.block))

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def functions(self) -> dict[str, FunctionDef]:
        return {e.key: e.value for e in self.of("function")}

    def rule(self, lhs: Any) -> Entry | None:
        """The rule or definition whose left-hand side matches ``lhs`` (``x_{t+1}`` matches ``x_t``)."""
        for e in reversed(self.of("symbol")):
            if match(e.key, lhs) is not None:
                return e
        return None

    def parameters(self) -> frozenset[str]:
        return frozenset(str(e.key) for e in self.of("parameter"))

    def finite(self) -> dict[str, tuple[Any, ...]]:
        return {e.key: e.value for e in self.of("finite")}


def match(pattern: Any, value: Any) -> dict[Any, Any] | None:
    """The index values that make ``pattern`` (``x[t + 1]``) equal to ``value`` (``x[t]``), or None."""
    if isinstance(pattern, sp.Symbol):
        return {} if pattern == value else None
    if not (isinstance(pattern, sp.Indexed) and isinstance(value, sp.Indexed)):
        return None
    if pattern.base != value.base or len(pattern.indices) != len(value.indices):
        return None
    out: dict[Any, Any] = {}
    for p, v in zip(pattern.indices, value.indices):
        free = p.free_symbols
        if not free:
            if p != v:
                return None
            continue
        if len(free) != 1:
            return None
        (s,) = free
        if sp.expand(p - s).free_symbols:
            return None
        solved = sp.expand(v - (p - s))
        if s in out and out[s] != solved:
            return None
        out[s] = solved
    return out


def substitute(expr: Any, scope: Scope, *, lhs_only_rules: bool = False) -> Any:
    """``expr`` with the symbol definitions in scope put in (rules that recur on their own name excepted)."""
    for _ in range(4):
        before = expr
        for e in scope.of("symbol"):
            if _recursive(e):
                continue
            expr = _put(expr, e)
        if expr == before:
            break
    return expr


def _recursive(e: Entry) -> bool:
    base = e.key.base if isinstance(e.key, sp.Indexed) else e.key
    return any((a.base if isinstance(a, sp.Indexed) else a) == base for a in _names(e.value))


def _names(expr: Any) -> set[Any]:
    if isinstance(expr, sp.MatrixBase):
        return set().union(*(_names(x) for x in expr))
    return set(expr.atoms(sp.Indexed)) | {s for s in expr.free_symbols if isinstance(s, sp.Symbol)}


def _put(expr: Any, e: Entry) -> Any:
    if isinstance(e.key, sp.Symbol):
        return expr.xreplace({e.key: e.value})
    replacements = {}
    for a in expr.atoms(sp.Indexed):
        m = match(e.key, a)
        if m is not None:
            replacements[a] = e.value.xreplace(m)
    return expr.xreplace(replacements) if replacements else expr


_DATASET = re.compile(r"\\\{\s*\(([^()]*)\)\s*\\\}_\{i\s*=\s*1\}\^\{?N\}?\s*\\subset\s*(.*)$", re.DOTALL)


def dataset_ranges(body: str) -> dict[str, tuple[Any, ...]]:
    """``\\{(x_i, c_i)\\}_{i=1}^N \\subset \\mathbb{R}^M \\times \\{0, 1\\}``: c takes the values 0, 1."""
    m = _DATASET.search(body)
    if not m:
        return {}
    names = [n.strip().split("_")[0].lstrip("\\") for n in m.group(1).split(",")]
    sets = [s.strip().rstrip(".,") for s in m.group(2).split("\\times")]
    out = {}
    for name, st in zip(names, sets):
        values = re.fullmatch(r"\\\{\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*\\\}", st)
        if values:
            out[name] = tuple(sp.Integer(int(v)) for v in values.group(1).split(","))
    return out


def side_parts(text: str) -> tuple[str, list[str]]:
    """The formula and its side conditions.

    ``f(x) = …, \\quad a \\in \\mathbb{R}`` gives (``f(x) = …``, [``a \\in \\mathbb{R}``]).
    """
    depth = 0
    for k, ch in enumerate(text):
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(ch, 0)
        if depth == 0 and (text.startswith(",", k) and text[k + 1 :].lstrip().startswith("\\quad")):
            return text[:k], split_top(text[k + 1 :].strip().removeprefix("\\quad"))
        if depth == 0 and text.startswith("\\quad", k) and text[:k].strip():
            return text[:k], split_top(text[k + 5 :])
    return text, []


def split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    parts.append(text[start:])
    return [p.strip().removeprefix("\\quad").strip() for p in parts if p.strip()]
