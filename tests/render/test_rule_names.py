"""Every proof step records the rule that produced it: a name code and JSON readers ask
(``step.rule``), never a sentence to search."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from catalogue import CATALOGUE
from json_walk import steps

import symml

_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_step_names_its_rule(name):
    unnamed = [str(s.statement)[:60] for s in steps(CATALOGUE[name]()) if not _RULE.match(s.rule)]
    assert unnamed == []


def test_every_step_symml_builds_is_given_its_rule():
    # the source, not only the catalogue: each Step(...) call in symml and in the companion's
    # derivations names its rule
    unnamed, calls = [], 0
    package = Path(symml.__file__).parent
    for path in sorted([*package.rglob("*.py"), *(package.parent / "derivations").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Step":
                calls += 1
                if not any(k.arg == "rule" for k in node.keywords):
                    unnamed.append(f"{path.name}:{node.lineno}")
    assert unnamed == [] and calls > 200  # hundreds of steps are built: the scan saw them
