"""The companion reads as a textbook (issue 16), checked on one full build.

* results are stated in the text with a one-line verification mark, and their proof traces
  are in Appendix A (no step list in the main text);
* headings never take a number the notes use for something else, and the table of contents
  has no duplicate entries;
* every ``[TODO]`` of the notes is quoted where it is answered;
* no ASCII pseudo-mathematics (``mu_k``, ``||x||``) in the document;
* every figure prints its text at 8 pt or more, and stays where it is (``[H]``);
* no overfull line wider than 1 pt.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from derivations import NOTES_FILE
from derivations._build import build_companion, check_overfull
from derivations._layout import MIN_FIGURE_PT, TEXT_WIDTH_IN, FigureTextError, check_figure, printed_text_pt
from derivations.todos import TODOS
from symml.core.errors import LatexError


def _notes_path() -> Path:
    """The course notes: /work/shared/notes beside the checkout (main or a worktree of it)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "notes" / "maths-for-ml-notes.md"
        if candidate.is_file():
            return candidate
    # a clean checkout: the copy the companion is built from (checked equal to the notes)
    return NOTES_FILE


NOTES = _notes_path()
PDF = shutil.which("pdflatex") is not None or bool(os.environ.get("CI"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("textbook")
    report = build_companion(out, pdf=PDF)
    tex = report.tex.read_text()
    main, _, traces = tex.partition(r"\section{Machine proof traces}")
    return out, report, main, traces


def test_results_are_stated_with_a_mark_and_traced_in_the_appendix(built):
    _, report, main, traces = built
    marks = re.findall(
        r"\\textsf\{(verified: [^}]*|computed exactly)\}(?: \\hfill proof trace (A\.\d+))?", main
    )
    cited = [number for _, number in marks if number]
    assert report.traces >= 60
    assert len(cited) == report.traces  # every trace is cited once, from the text
    assert cited == [f"A.{k}" for k in range(1, report.traces + 1)]
    for number in cited:
        assert rf"\paragraph{{{number} (" in traces
    # the main text carries no proof steps: those are the appendix's
    assert r"\begin{enumerate}" not in main
    assert traces.count(r"\begin{enumerate}") >= 50
    assert sum(word.startswith("verified: proven") for word, _ in marks) >= 50
    assert sum(word.startswith("verified: refuted") for word, _ in marks) >= 10


def _toc_entries(out: Path) -> list[tuple[str, str, str]]:
    toc = (out / "companion.toc").read_text()
    entries = re.findall(r"\\contentsline \{((?:sub)*section)\}\{(.*)\}\{(\d+)\}\{\}%", toc)
    out_entries = []
    for level, title, _page in entries:
        m = re.match(r"\\numberline \{([^}]*)\}(.*)", title)
        out_entries.append((level, m[1] if m else "", m[2] if m else title))
    return out_entries


@pytest.mark.skipif(not PDF, reason="pdflatex missing")
def test_the_table_of_contents_has_no_duplicates_and_the_notes_numbers(built):
    out, *_ = built
    entries = _toc_entries(out)
    numbers = [n for _, n, _ in entries if n]
    titles = [t for _, _, t in entries]
    assert len(numbers) == len(set(numbers)), "a number appears twice in the table of contents"
    assert len(titles) == len(set(titles)), "a title appears twice in the table of contents"
    notes_numbers = (
        set(re.findall(r"^(\d\.\d(?:\.\d)?)\t", NOTES.read_text(), re.MULTILINE))
        if NOTES.is_file()
        else set()
    )
    for _level, number, title in entries:
        if re.fullmatch(r"\d(\.\d)+", number):
            # a numbered heading is one of the notes' own, with the notes' number
            assert not notes_numbers or number in notes_numbers, (number, title)
    assert ("section", "2.1", "Terminology: constraints and optima") in entries
    assert ("subsection", "2.4.1", "Role of the step size") in entries
    # the chapter's opening examples are not numbered 2.1--2.3
    assert any(t.startswith("Example: linear regression") and not n for _, n, t in entries)


def _notes_todos() -> list[str]:
    return re.findall(r"\[TODO: ((?:[^\[\]]|\[[^\]]*\])*)\]", NOTES.read_text())


@pytest.mark.skipif(not NOTES.is_file(), reason="the course notes are not beside this checkout")
def test_every_todo_of_the_notes_is_quoted_where_it_is_answered(built):
    _, _, main, _ = built
    found = _notes_todos()
    assert len(found) == len(TODOS) == 14
    assert sorted(found) == sorted(t.quote for t in TODOS)
    for todo in TODOS:
        quote = "``" + todo.quote + "''"
        assert quote in main, f"TODO not quoted: {todo.quote!r}"
    assert main.count(r"\textbf{The notes' [TODO]}") == len(TODOS)


def test_no_ascii_pseudo_mathematics(built):
    _, _, main, traces = built
    for part in (main, traces):
        text = re.sub(r"\\\|", "", part)  # \| is LaTeX's norm
        assert "||" not in text
        assert not re.search(r"(?<![\\a-zA-Z])(mu|theta|eta|beta|lambda|sigma)_[a-z0-9]", text)
        assert "P(A | B" not in text and "P(A|B" not in text


def test_figures_print_text_of_8_pt_or_more_and_stay_in_place(built):
    _, report, main, _ = built
    assert len(report.figure_text_pt) >= 14
    assert min(report.figure_text_pt.values()) >= MIN_FIGURE_PT
    placements = re.findall(r"\\begin\{figure\}\[(\w*)\]", main)
    assert placements and set(placements) == {"H"}
    widths = [float(w) for w in re.findall(r"\\includegraphics\[width=([0-9.]+)in\]", main)]
    assert len(widths) == len(placements) and max(widths) <= TEXT_WIDTH_IN + 0.01


def test_a_figure_with_small_text_fails_the_build():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 3))  # twice the page width: 10 pt text would print at ~5 pt
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("title", fontsize=10)
    smallest, printed = printed_text_pt(fig, 1.0)
    assert printed == pytest.approx(TEXT_WIDTH_IN)
    assert smallest < MIN_FIGURE_PT
    with pytest.raises(FigureTextError, match="prints text at"):
        check_figure("wide", smallest)
    small = Figure(figsize=(4, 3))
    small.subplots().set_title("t", fontsize=10)
    assert printed_text_pt(small, 1.0)[0] == pytest.approx(10)  # drawn at print size: 10 pt stays 10 pt


@pytest.mark.skipif(not PDF, reason="pdflatex missing")
def test_no_overfull_line_and_the_check_fails_on_one(built, tmp_path):
    _, report, _, _ = built
    log = report.pdf.with_suffix(".log").read_text(errors="replace")
    wide = [float(w) for w in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide", log)]
    assert all(w <= 1.0 for w in wide)
    bad = tmp_path / "bad.log"
    bad.write_text("Overfull \\hbox (37.99399pt too wide) detected at line 52\n")
    with pytest.raises(LatexError, match="overfull"):
        check_overfull(bad)
    fine = tmp_path / "fine.log"
    fine.write_text("Overfull \\hbox (0.5pt too wide) in paragraph at lines 3--4\n")
    check_overfull(fine)


def test_errata_and_the_writing_of_the_notes(built):
    _, _, main, _ = built
    errata = main.partition(r"\section*{Errata}")[2]
    assert errata.count(r"\paragraph{") >= 25
    # derivations in the notes' own notation and at their level
    assert r"\tilde X^\top\tilde X\,\boldsymbol\theta = \tilde X^\top\mathbf y" in main
    assert r"a_* = \frac{S_{xy}}{S_{xx}}" in main and r"b_* = \bar y - a_*\bar x" in main
    assert "Theorem 2.1, proved for any $d$." in main and r"($\Rightarrow$)" in main
    assert r"$\lambda_1 = 2(p - 1)$ and $\lambda_2 = 2(p + 1)$" in main
    assert r"positive \emph{semi}definite but singular" in main
    # section 3 grows: a continuous uniform, linearity of expectation, joint behaviour
    for heading in (
        "A continuous example: the uniform distribution on [0, 1]",
        "Linearity of expectation",
        "Joint behaviour of two random variables",
    ):
        assert heading in main
    # the tool does not keep naming itself: only the title page says who generated it
    assert main.count("symml") <= 2
