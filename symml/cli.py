"""The ``symml`` command: stationary points, convexity and the companion document.

Exit codes: 0 answered (whatever the verdict), 2 bad input (one line on stderr, never a
traceback), 1 internal error.  Every command takes ``--json``.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Annotated, Any

import typer

from symml import __version__
from symml.core.errors import LatexError, SymmlError

app = typer.Typer(
    name="symml",
    help="Exact, symbolic mathematics for the course notes 'Mathematics for Machine Learning'.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Vars = Annotated[str, typer.Option("--vars", help="Comma-separated variables, e.g. 'x,y'.")]
Where = Annotated[str | None, typer.Option("--where", help="Domain of the variables, e.g. 'x > 0, y > 0'.")]
Assume = Annotated[str | None, typer.Option("--assume", help="Assumptions on parameters, e.g. 'a > 1'.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"symml {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Exact, symbolic mathematics for the course notes 'Mathematics for Machine Learning'."""


def _parse_problem(expr: str, vars: str, where: str | None, assume: str | None) -> dict[str, Any]:
    from symml.core.parsing import parse_conditions, parse_expression, parse_symbols

    variables = parse_symbols(vars)
    f = parse_expression(expr)
    domain = parse_conditions(where) if where else None
    assumptions = parse_conditions(assume) if assume else None
    unknown = _unknown_condition_symbols(domain, variables)
    if unknown:
        raise SymmlError(
            f"--where mentions {unknown}, which are not variables; put conditions on parameters in --assume"
        )
    return {"f": f, "variables": variables, "domain": domain, "assumptions": assumptions}


def _unknown_condition_symbols(domain: Any, variables: list[Any]) -> str:
    if domain is None:
        return ""
    conds = domain if isinstance(domain, (list, tuple)) else [domain]
    free = set().union(*(c.free_symbols for c in conds)) - set(variables)
    return ", ".join(sorted(map(str, free)))


def _emit(result: Any, as_json: bool, notes: list[str]) -> None:
    if as_json:
        payload = result.to_json()
        if notes and isinstance(payload, dict):
            payload = {**payload, "notes": [*payload.get("notes", []), *notes]}
        typer.echo(json.dumps(payload, indent=2, sort_keys=False))
        return
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    text = result.text() if hasattr(result, "text") else json.dumps(result.to_json(), indent=2)
    typer.echo(text)


def _analyse(
    analysis: Any, expr: str, vars: str, where: str | None, assume: str | None, as_json: bool
) -> None:
    """Parse a problem, run ``analysis(f, variables, domain=, assumptions=)`` and print it."""
    with _collect_notes() as notes:
        p = _parse_problem(expr, vars, where, assume)
        result = analysis(p["f"], p["variables"], domain=p["domain"], assumptions=p["assumptions"])
    _emit(result, as_json, notes)


@app.command()
def stationary(
    expr: Annotated[str, typer.Argument(help="The function, e.g. '(p-1)*x**2 + (p+1)*y**2'.")],
    vars: Vars,
    where: Where = None,
    assume: Assume = None,
    as_json: AsJson = False,
) -> None:
    """Find and classify every stationary point, split by cases of the parameters."""
    from symml.optimisation.stationary import stationary_points

    _analyse(stationary_points, expr, vars, where, assume, as_json)


@app.command()
def convex(
    expr: Annotated[str, typer.Argument(help="The function, e.g. 'x*log(x)'.")],
    vars: Vars,
    where: Where = None,
    assume: Assume = None,
    as_json: AsJson = False,
) -> None:
    """Prove or refute convexity (with proof or exact witness), split by cases of the parameters."""
    from symml.optimisation.convexity import convexity

    _analyse(convexity, expr, vars, where, assume, as_json)


@app.command()
def notes(
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("build"),
    section: Annotated[
        list[str] | None,
        typer.Option("--section", help="Build only this notes section (repeatable), e.g. 2.2."),
    ] = None,
    no_pdf: Annotated[bool, typer.Option("--no-pdf", help="Write the .tex only.")] = False,
    as_json: AsJson = False,
) -> None:
    """Build the companion document (build/companion.tex, and .pdf when pdflatex exists)."""
    from derivations import build_companion

    report = build_companion(out, sections=tuple(section or ()), pdf=not no_pdf)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "tex": str(report.tex),
                    "pdf": str(report.pdf) if report.pdf else None,
                    "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
                    "message": report.message,
                },
                indent=2,
            )
        )
        return
    for name, secs in report.seconds.items():
        typer.echo(f"  {name:<10} {secs:7.2f} s")
    typer.echo(report.message)


class _collect_notes:
    """Turn ExactnessWarnings (float input made exact, …) into notes for the output."""

    def __enter__(self) -> list[str]:
        self._ctx = warnings.catch_warnings(record=True)
        self._records = self._ctx.__enter__()
        warnings.simplefilter("always")
        self.notes: list[str] = []
        return self.notes

    def __exit__(self, *exc: Any) -> None:
        self._ctx.__exit__(*exc)
        self.notes.extend(str(w.message) for w in self._records)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``symml`` console script."""
    try:
        code = app(args=argv, standalone_mode=False)
    except LatexError as exc:  # generated LaTeX that does not compile is symml's fault
        typer.echo(f"symml: internal error: {_one_line(exc)}", err=True)
        sys.exit(1)
    except SymmlError as exc:
        typer.echo(f"symml: error: {_one_line(exc)}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("symml: aborted", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        typer.echo(f"symml: error: {_one_line(exc.format_message())}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the contract is one line, exit 1
        typer.echo(f"symml: internal error: {type(exc).__name__}: {_one_line(exc)}", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _one_line(exc: Any) -> str:
    return " ".join(str(exc).split())
