"""``symml notes --out DIR`` writes safely (issue #20).

The companion is built and compiled in a temporary folder beside DIR and the finished
files are moved into place atomically: DIR keeps its mode, a symbolic link in DIR is
replaced rather than written through, a failure leaves nothing half-written, and a DIR
that cannot be used is exit 2 with one line naming it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import derivations._build as build
from derivations._build import build_companion
from symml.core.errors import LatexError, SymmlError

SECTION = ["2.1"]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from symml.cli import main

    with pytest.raises(SystemExit) as exc:
        main(args)
    return int(exc.value.code or 0), capsys.readouterr().err


def _leftovers(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(".symml-build-")]


def test_an_existing_directory_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o755)
    report = build_companion(out, sections=SECTION, pdf=False)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert report.tex == out / "companion-2_1.tex" and report.tex.read_text().startswith("\\documentclass")
    assert _leftovers(tmp_path) == [] and _leftovers(out) == []


def test_the_current_directory_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path.chmod(0o751)
    monkeypatch.chdir(tmp_path)
    build_companion(".", sections=SECTION, pdf=False)
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o751
    assert (tmp_path / "companion-2_1.tex").is_file()


def test_a_symbolic_link_in_the_directory_is_replaced_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / "companion-2_1.tex").symlink_to(victim)
    build_companion(out, sections=SECTION, pdf=False)
    assert victim.read_text() == "precious"
    written = out / "companion-2_1.tex"
    assert not written.is_symlink() and written.read_text().startswith("\\documentclass")


def test_a_failure_in_a_later_step_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def failing(tex: Path, *args: object, **kwargs: object) -> Path:
        raise LatexError("pdflatex failed (simulated)")

    monkeypatch.setattr(build, "pdflatex_available", lambda: True)
    monkeypatch.setattr(build, "compile_pdf", failing)
    with pytest.raises(LatexError):
        build_companion(out, sections=SECTION, pdf=True)
    assert list(out.iterdir()) == []
    assert _leftovers(tmp_path) == []


def test_a_directory_where_the_tex_goes_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (out / "companion-2_1.tex").mkdir(parents=True)
    with pytest.raises(SymmlError, match="companion-2_1.tex is a directory"):
        build_companion(out, sections=SECTION, pdf=False)
    code, err = run_cli(["notes", "--out", str(out), "--section", "2.1", "--no-pdf"], capsys)
    assert code == 2 and "companion-2_1.tex is a directory" in err and len(err.strip().splitlines()) == 1


def test_a_file_given_as_the_directory_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a-file"
    out.write_text("not a directory")
    code, err = run_cli(["notes", "--out", str(out), "--section", "2.1", "--no-pdf"], capsys)
    assert code == 2 and "is not a directory" in err
    assert out.read_text() == "not a directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_directory_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o555)
    try:
        code, err = run_cli(["notes", "--out", str(out), "--section", "2.1", "--no-pdf"], capsys)
    finally:
        out.chmod(0o755)
    assert code == 2 and "not writable" in err


def test_a_linked_figures_folder_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "figures").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SymmlError, match="symbolic link"):
        build_companion(out, sections=SECTION, pdf=False)  # section 2.1 draws figures
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["figures"]  # checked before anything moved
