"""The whole companion document: every section present, compiled for real, deterministic.

The full build runs once per test session (module fixture); the checks below read its
output.  In CI pdflatex must exist (.ci/run installs it), so the PDF checks never skip there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derivations import NOTES_FILE
from derivations._build import CHECKED, SECTIONS, build_companion, section_modules
from symml.check import check_notes
from symml.core.errors import SymmlError

needs_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not os.environ.get("CI"),
    reason="pdflatex missing (in CI it must run)",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("companion")
    report = build_companion(out, pdf=shutil.which("pdflatex") is not None or bool(os.environ.get("CI")))
    return out, report


def test_every_existing_section_is_in_the_document(built):
    out, report = built
    tex = report.tex.read_text()
    modules = section_modules()
    assert modules, "no derivation module found"
    for module in modules:
        assert rf"\label{{sec:{module.SECTION}}}" in tex
        number = module.SECTION.removesuffix(".0")
        assert rf"\renewcommand{{\thesection}}{{{number}}}" in tex
    assert [m.SECTION for m in modules] == sorted(m.SECTION for m in modules)  # the notes' order
    assert len(modules) <= len(SECTIONS)


def test_errata_section_lists_refuted_statements(built):
    _, report = built
    tex = report.tex.read_text()
    assert r"\section*{Errata}" in tex
    assert tex.count(r"\paragraph{") >= 2
    # built from symml check's findings on the notes: each of its refutations is there, once
    errata = tex[tex.index(r"\section*{Errata}") :]
    assert errata.count(CHECKED) == len(check_notes(NOTES_FILE).refuted) == 9


def test_every_figure_the_tex_includes_exists(built):
    out, report = built
    tex = report.tex.read_text()
    figures = re.findall(r"\\includegraphics\[[^]]*\]\{([^}]*)\}", tex)
    assert figures
    for path in figures:
        assert (out / path).is_file() and (out / path).stat().st_size > 500


def test_no_float_literal_leaks_into_the_mathematics(built):
    _, report = built
    tex = report.tex.read_text()
    # Exactness: SymPy prints Floats with a decimal point and many digits (0.333333333333333).
    assert not re.search(r"\d\.\d{6,}", tex)


@needs_pdflatex
def test_pdf_compiles_without_errors_or_undefined_references(built):
    out, report = built
    assert report.pdf is not None and report.pdf.stat().st_size > 10_000
    log = report.pdf.with_suffix(".log").read_text(errors="replace")
    assert not re.search(r"^! ", log, re.MULTILINE), "LaTeX error in the log"
    assert "There were undefined references" not in log
    assert "Rerun to get" not in log  # cross-references settled


@needs_pdflatex
def test_pdf_has_pages_and_renders(built, tmp_path):
    _, report = built
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils missing")
    info = subprocess.run(["pdfinfo", str(report.pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-png", str(report.pdf), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    assert png.stat().st_size > 1000


def test_a_section_builds_alone_and_deterministically(tmp_path):
    first = build_companion(tmp_path / "a", sections=["2.1"], pdf=False)
    second = build_companion(tmp_path / "b", sections=["2.1"], pdf=False)
    assert first.tex.name == "companion-2_1.tex"
    assert first.tex.read_text() == second.tex.read_text()
    figures = sorted(p.name for p in (tmp_path / "a" / "figures").iterdir())
    for name in figures:  # vector figures with fixed metadata: byte-identical
        assert (tmp_path / "a" / "figures" / name).read_bytes() == (
            tmp_path / "b" / "figures" / name
        ).read_bytes()


def test_unknown_section_is_one_clear_error_and_writes_nothing(tmp_path):
    with pytest.raises(SymmlError, match="no derivation for section 9.9; available: "):
        build_companion(tmp_path / "out", sections=["9.9"], pdf=False)
    assert not (tmp_path / "out").exists()


def test_cli_notes_json_report(tmp_path):
    from typer.testing import CliRunner

    from symml.cli import app

    result = CliRunner().invoke(
        app, ["notes", "--section", "2.1", "--out", str(tmp_path), "--no-pdf", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "companion-2_1.tex" in result.output
    assert (tmp_path / "companion-2_1.tex").is_file()


def test_cli_bad_section_exits_2_with_one_line(tmp_path):
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "symml"), "notes", "--section", "9.9", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "no derivation for section 9.9" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_failing_derivation_writes_nothing(tmp_path, monkeypatch):
    import types

    from derivations import _build
    from symml.core.results import Result, Verdict

    def build(ctx):
        ctx.figure(__import__("matplotlib.pyplot").pyplot.figure(), "half", "half-done")
        ctx.proven(Result("something", Verdict.UNDECIDED, notes=("no proof",)), "a claim")

    fake = types.SimpleNamespace(SECTION="9.1", TITLE="Broken", build=build)
    monkeypatch.setattr(_build, "section_modules", lambda only=(): [fake])
    with pytest.raises(_build.ExpectationError, match="expected proven for 'a claim', got undecided"):
        build_companion(tmp_path / "out", pdf=False)
    assert not (tmp_path / "out").exists()


NOTES = next(
    (
        parent / "shared" / "notes" / "maths-for-ml-notes.md"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared" / "notes" / "maths-for-ml-notes.md").is_file()
    ),
    # a clean checkout: the copy the companion is built from (tests/check/test_notes.py checks
    # that it is the notes)
    NOTES_FILE,
)


def test_every_todo_of_the_notes_is_filled(built):
    from derivations.todos import TODOS

    out, report = built
    tex = report.tex.read_text()
    present = {m.SECTION for m in section_modules()}
    for todo in TODOS:
        assert todo.section in present, f"no section {todo.section} for TODO {todo.text!r}"
        for name in todo.figures:
            assert (out / "figures" / f"{name}.pdf").is_file(), f"figure {name} for TODO {todo.text!r}"
        for fragment in todo.fragments:
            assert fragment in tex, f"{fragment!r} (TODO {todo.text!r}) missing from the document"


@pytest.mark.skipif(not NOTES.is_file(), reason="the course notes are not beside this checkout")
def test_the_todo_table_covers_the_notes():
    from derivations.todos import TODOS

    found = re.findall(r"\[TODO: ([^\]]*\]?)", NOTES.read_text())
    assert len(found) >= 10
    for text in found:
        assert any(text.startswith(t.text.rstrip("]")) for t in TODOS), f"TODO not mapped: {text!r}"
