"""The public API: every name ``import symml`` promises resolves, and the README's example runs."""

from __future__ import annotations

import sympy as sp

import symml


def test_every_exported_name_resolves():
    for name in symml.__all__:
        assert getattr(symml, name) is not None, name


def test_readme_python_example():
    x, y, p = sp.symbols("x y p", real=True)
    result = symml.stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    conditions = [str(condition) for condition, _ in result]
    assert len(conditions) == 5
    assert result.latex().strip()
