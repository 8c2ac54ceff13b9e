"""Walk a result's data beside its JSON: every SymPy value, its JSON string, and the key path."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import sympy as sp

from symml.core.results import json_fields


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
