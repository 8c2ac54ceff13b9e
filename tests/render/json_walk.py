"""Walk a result's data beside its JSON: every SymPy value, its JSON string, and the key path."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Mapping
from typing import Any

import sympy as sp

from symml.core.results import Cases, Step, json_fields


def pairs(value: Any, data: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """``(path, SymPy value, its JSON)`` for every SymPy value inside ``value``."""
    if value is None or isinstance(value, (str, bool, int, enum.Enum)):
        return
    if isinstance(value, sp.MatrixBase):
        flat = [e for row in data for e in row] if value.cols > 1 else data
        for i, (e, d) in enumerate(zip(value, flat, strict=True)):
            yield f"{path}[{i}]", e, d
        return
    if isinstance(value, sp.Basic):
        yield path, value, data
        return
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from pairs(v, data[str(k)], f"{path}.{k}")
        return
    if isinstance(value, (list, tuple)):
        for i, (v, d) in enumerate(zip(value, data, strict=True)):
            yield from pairs(v, d, f"{path}[{i}]")
        return
    if getattr(value, "json_fields", None) is None and not hasattr(value, "__dataclass_fields__"):
        for i, (v, d) in enumerate(zip(value, data, strict=True)):
            yield from pairs(v, d, f"{path}[{i}]")
        return
    for key, attribute, _optional, merged in json_fields(value):
        v = getattr(value, attribute)
        if merged and isinstance(v, Mapping) and not hasattr(v, "json_fields"):
            yield from pairs(v, data, path)
        elif merged and isinstance(data, dict) and key not in data:
            yield from pairs(v, data, path)
        elif key in data:
            yield from pairs(v, data[key], f"{path}.{key}")


def stored(value: Any, path: str = "result") -> Iterator[tuple[str, Any]]:
    """``(path, item)`` for every word (a ``str``, a Sentence) and every Step stored in a
    result: claims, reasons and rules (through the substeps), notes, witness descriptions,
    kinds, in cases, nested results and computations (their ``facts()``) too."""
    if value is None or isinstance(value, (enum.Enum, bool, int, sp.Basic, sp.MatrixBase)):
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Step):
        yield path, value
        yield f"{path}.reason", value.reason
        yield f"{path}.rule", value.rule
        for i, sub in enumerate(value.substeps):
            yield from stored(sub, f"{path}.substeps[{i}]")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from stored(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from stored(item, f"{path}[{i}]")
    elif isinstance(value, Cases):
        for i, (_condition, result) in enumerate(value):
            yield from stored(result, f"{path}.cases[{i}]")
        yield from stored(tuple(getattr(value, "notes", ())), f"{path}.notes")
    else:
        yield from _attributes(value, path)


def _attributes(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    # its fields and what its JSON shows (properties such as a fit's convexity proof)
    names = {field.name for field in dataclasses.fields(value)} if dataclasses.is_dataclass(value) else set()
    if hasattr(value, "json_fields"):
        names |= {attribute for _, attribute, _, _ in json_fields(value)} | {"steps", "notes"}
    for name in sorted(names):
        if not callable(getattr(type(value), name, None)):  # data, not a method
            yield from stored(getattr(value, name, None), f"{path}.{name}")
    if callable(getattr(value, "facts", None)):
        yield from stored(value.facts(), f"{path}.facts()")


def words(value: Any, path: str = "result") -> Iterator[tuple[str, str]]:
    """``(path, text)`` for every word stored in a result (see :func:`stored`)."""
    return ((p, item) for p, item in stored(value, path) if isinstance(item, str))


def steps(value: Any) -> Iterator[Step]:
    """Every proof step stored in a result, nested ones too."""
    return (item for _, item in stored(value) if isinstance(item, Step))


def json_strings(data: Any, path: str = "json") -> Iterator[tuple[str, str]]:
    """``(path, text)`` for every string of a JSON document, keys too."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, item in data.items():
            yield f"{path}.{key}", key
            yield from json_strings(item, f"{path}.{key}")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from json_strings(item, f"{path}[{i}]")


def holds_tex(text: str) -> bool:
    """Whether words hold LaTeX (a dollar or a backslash)."""
    return "$" in text or "\\" in text
