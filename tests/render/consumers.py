"""The real consumers of symml's LaTeX, driven from the tests.

``mathjax_katex(texts)`` renders ``_repr_latex_()`` strings with MathJax 3 (as JupyterLab 4
and Notebook 7 do) and KaTeX (VS Code) under node; ``compile_snippets(snippets)`` compiles
``.latex()`` snippets with pdflatex in an article that loads amsmath and amssymb only
(text width 345 pt) and reads errors and overfull lines from the log.

Locally, a machine without node (or pdflatex) skips these tests; under ``CI=true`` a
missing tool is a failure, never a skip.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[1] / "js"


def require(tool: str) -> str:
    """The path of ``tool``; skip without it locally, fail without it in CI."""
    exe = shutil.which(tool)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing in CI; .ci/run must install it")
        pytest.skip(f"{tool} not installed (CI installs it)")
    return exe


def node_packages() -> Path:
    """tests/js/node_modules, installed from the committed package-lock.json when absent."""
    require("node")
    modules = JS / "node_modules"
    # pytest-xdist workers share tests/js: one installs while the others wait (two concurrent
    # `npm ci` runs delete each other's node_modules under a renderer that is reading it)
    with open(JS / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (modules / "mathjax-full").is_dir() or not (modules / "katex").is_dir():
            npm = require("npm")
            proc = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True, timeout=600
            )
            if proc.returncode != 0:
                pytest.fail(f"npm ci in {JS} failed: {proc.stderr[-2000:]}")
    return modules


def mathjax_katex(texts: Mapping[str, str]) -> dict[str, dict[str, list[str]]]:
    """Render each text with MathJax 3 and KaTeX; the problems found, by name and renderer."""
    node_packages()
    payload = json.dumps([{"id": name, "tex": tex} for name, tex in texts.items()])
    proc = subprocess.run(
        [require("node"), str(JS / "render.js")],
        input=payload,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=JS,
    )
    if proc.returncode != 0:
        pytest.fail(f"render.js failed: {proc.stderr[-2000:]}")
    return {
        item["id"]: {"mathjax": item["mathjax"], "katex": item["katex"]} for item in json.loads(proc.stdout)
    }


SNIPPET_PREAMBLE = "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"

_OVERFULL = re.compile(r"^Overfull \\hbox \((?P<pt>[\d.]+)pt too wide\)", re.M)
_MARK = re.compile(r"^SNIPPET (?P<name>.*)$", re.M)


def compile_snippets(snippets: Mapping[str, str]) -> dict[str, dict[str, list[str]]]:
    """Compile every snippet (one page each) and return, by name, its errors and overfull
    lines (in pt) as pdflatex reports them."""
    exe = require("pdflatex")
    names = list(snippets)
    body = "\n\\clearpage\n".join(
        f"\\typeout{{SNIPPET {i}}}\n{snippets[name]}\n\\typeout{{SNIPPET end}}"
        for i, name in enumerate(names)
    )
    tmp = Path(tempfile.mkdtemp(prefix="symml-snippets-"))
    (tmp / "snippets.tex").write_text(SNIPPET_PREAMBLE + body + "\n\\end{document}\n")
    subprocess.run(
        [exe, "-interaction=nonstopmode", "-file-line-error", "snippets.tex"],
        cwd=tmp,
        capture_output=True,
        timeout=600,
    )
    log = (tmp / "snippets.log").read_text(errors="replace")
    report: dict[str, dict[str, list[str]]] = {name: {"errors": [], "overfull": []} for name in names}
    marks = list(_MARK.finditer(log))
    for mark, following in zip(marks, marks[1:] + [None]):
        if mark["name"] == "end":
            continue
        part = log[mark.end() : following.start() if following else len(log)]
        entry = report[names[int(mark["name"])]]
        entry["errors"] += [line for line in part.splitlines() if line.startswith("!") or ".tex:" in line]
        entry["overfull"] += [m["pt"] for m in _OVERFULL.finditer(part)]
    missing = [name for i, name in enumerate(names) if f"SNIPPET {i}\n" not in log]
    for name in missing:
        report[name]["errors"].append("pdflatex stopped before this snippet")
    shutil.rmtree(tmp, ignore_errors=True)
    return report
