"""The documentation: its pages' examples run, the site builds with warnings as errors,
the command-line page covers every command, and the tour notebook executes."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from symml.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def test_every_page_is_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert {p.name for p in PAGES} == set(re.findall(r":\s*(\w+\.md)\s*$", config, flags=re.M))


@pytest.mark.parametrize(
    "page", [p for p in PAGES if ">>>" in p.read_text(encoding="utf-8")], ids=lambda p: p.name
)
def test_page_examples_run(page):
    result = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS, verbose=False, report=True)
    assert result.attempted > 0 and result.failed == 0, f"{page.name}: {result.failed} example(s) failed"


def _cli_examples() -> list[str]:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.startswith("symml ")]


def test_cli_page_has_a_section_per_command():
    commands = set(get_command(app).commands)
    documented = set(
        re.findall(r"^## symml (\S+)", (DOCS / "cli.md").read_text(encoding="utf-8"), flags=re.M)
    )
    assert commands == documented, "add a '## symml NAME' section with an example to docs/cli.md"
    assert {line.split()[1] for line in _cli_examples()} == commands  # every command has an example


@pytest.mark.parametrize("line", _cli_examples())
def test_cli_page_examples_run(line, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.csv").write_text("x,y\n1,1\n2,2\n3,2\n", encoding="utf-8")
    (tmp_path / "points.csv").write_text("x,y\n0,0\n1,0\n4,4\n5,4\n", encoding="utf-8")
    notes = "Let\n$$ f(x) = (x + 1)^2 \\tag{1} $$\nthen\n$$ f(x) = x^2 + 2x + 1 \\geq 2x \\tag{2} $$\n"
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    result = CliRunner().invoke(app, shlex.split(line)[1:])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.stdout.strip()


def test_site_builds_with_warnings_as_errors(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    for name in ("stationary_points", "convexity", "gradient_descent", "least_squares", "iid_sum"):
        assert name in api  # the reference is generated from the docstrings


def test_tour_notebook_executes_and_every_result_renders_as_latex():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(ROOT / "examples" / "tour.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    ).execute()
    results = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "execute_result"
    ]
    assert len(results) >= 10
    assert all("text/latex" in out.data for out in results)
    assert not any(out.output_type == "error" for cell in notebook.cells for out in cell.get("outputs", []))
