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


def test_readme_python_blocks_run_and_print_what_they_say(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = [b.split("```", 1)[0] for b in readme.split("```python\n")[1:]]
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # our own README, not user input
    out = capsys.readouterr().out
    assert "1/8 21/2 35/4" in out and "Interval.open(0, 1/a)" in out
    assert "case p = -1: proven" in out and "case -1 < p < 1: proven" in out
    assert "proven strictly convex" in out and "proven affine" in out
    # the four renderings section prints what its comments say
    for block in blocks:
        for line in block.splitlines():
            if line.startswith("# ") and not line.startswith("# ruff"):
                assert line[2:] in out, line
