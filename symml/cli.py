"""The ``symml`` command: exact calculus, optimisation, probability and data fits.

Every command takes ``--json`` (machine-readable output, errors included); the analyses
also take ``--latex`` (an amsmath snippet) and ``--proof`` (the proof, step by step; also
spelled ``--steps``, except in ``descent``, where ``--steps`` counts iterations).
Expressions may start with a minus sign (``symml convex "-log(x)" --vars x --where "x > 0"``).

Exit codes: 0 answered (whatever the verdict), 2 bad input (one line on stderr, never a
traceback; with ``--json`` also ``{"error": {"type", "message"}}`` on stdout), 1 internal
error.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import sympy as sp
import typer
from typer.core import TyperCommand

from symml import __version__
from symml.core.errors import InvalidValueError, LatexError, ParseError, ShapeError, SymmlError


class _Command(TyperCommand):
    """A command whose arguments and option values may start with a minus sign.

    Click reads ``-log(x)`` as an (unknown) option; this command has no short options,
    so every token that starts with one ``-`` and is not one of its own option names is
    an expression (or a value such as ``--eta -1/2``): it is passed on with a leading
    space, which the parsers ignore.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        names = {o for p in self.get_params(ctx) for o in (*p.opts, *p.secondary_opts)}
        fixed = [
            f" {a}" if a.startswith("-") and not a.startswith("--") and len(a) > 1 and a not in names else a
            for a in args
        ]
        return super().parse_args(ctx, fixed)


app = typer.Typer(
    name="symml",
    help="Exact, symbolic mathematics for the course notes 'Mathematics for Machine Learning'.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

Expr = Annotated[str, typer.Argument(help="The function, in Python syntax, e.g. '-log(x)' or 'x**2 + y**2'.")]
Vars = Annotated[str, typer.Option("--vars", help="Comma-separated variables, e.g. 'x,y'.")]
Where = Annotated[str | None, typer.Option("--where", help="Domain of the variables, e.g. 'x > 0, y > 0'.")]
Assume = Annotated[str | None, typer.Option("--assume", help="Assumptions on parameters, e.g. 'a > 1'.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result (or the error) as JSON.")]
AsLatex = Annotated[bool, typer.Option("--latex", help="Print the result as a LaTeX snippet (amsmath).")]
Proof = Annotated[bool, typer.Option("--steps", "--proof", help="Show the proof, step by step.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"symml {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Exact, symbolic mathematics for the course notes 'Mathematics for Machine Learning'."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


# -- output --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a command prints: plain text, a JSON payload, a LaTeX snippet and the proof lines."""

    text: str
    payload: Any
    latex: str
    proof: tuple[str, ...] = ()


def answer_of(result: Any, text: str | None = None) -> Answer:
    """The printed forms of a symml result (``text()``, ``to_json()``, ``latex()``, its steps)."""
    if text is None:
        text = result.text() if callable(getattr(result, "text", None)) else _summary(result)
    payload = result.to_json()
    payload = {"cases": payload} if isinstance(payload, list) else payload
    return Answer(text, payload, result.latex(), tuple(proof_lines(result)))


def _summary(result: Any) -> str:
    cases = list(result) if _is_cases(result) else None
    if cases is None:
        return _result_line(result)
    return "\n".join(f"case {c.condition}: {_result_line(c.result)}" for c in cases)


def _result_line(result: Any) -> str:
    text = getattr(result, "text", None)
    if callable(text) and text() != type(result).__name__:  # Printable.text() names the class by default
        return " ".join(text().split())
    verdict = getattr(result, "verdict", None)
    if verdict is None:
        return str(result)
    line = f"{verdict.value}: {result.claim}"
    if result.value is not None:
        line += f" (value: {result.value})"
    if result.witness is not None:
        line += f"; witness: {_witness_text(result.witness)}"
    return line


def _witness_text(witness: Any) -> str:
    return witness.text() if callable(getattr(witness, "text", None)) else str(witness)


def _is_cases(result: Any) -> bool:
    from symml.core.results import Cases

    return isinstance(result, Cases)


def proof_lines(result: Any, indent: str = "") -> Iterator[str]:
    """The steps of a result (of every case of a case split), one ``statement  [reason]`` a line."""
    if _is_cases(result):
        from symml.core.latex.text import plain

        for case in result:
            if len(result) == 1 and case.condition is sp.true:  # no parameters: no case header
                yield from proof_lines(case.result, indent)
                continue
            yield f"{indent}case {plain(case.condition)}:"
            yield from proof_lines(case.result, indent + "  ")
        return
    for step in getattr(result, "steps", ()):
        yield from _step_lines(step, indent)
    witness = getattr(result, "witness", None)
    if witness is not None:
        yield f"{indent}witness: {_witness_text(witness)}"
    for note in getattr(result, "notes", ()):
        yield f"{indent}note: {note}"


def _step_lines(step: Any, indent: str) -> Iterator[str]:
    from symml.core.latex.text import plain

    reason = plain(step.reason)
    statement = "" if step.statement is sp.true else f"{plain(step.statement)}    "
    yield f"{indent}{statement}[{reason}]" if statement else f"{indent}{reason}"
    for sub in step.substeps:
        yield from _step_lines(sub, indent + "  ")


def _emit(answer: Answer, as_json: bool, as_latex: bool, proof: bool, notes: list[str]) -> None:
    if as_json:
        payload = answer.payload
        if notes and isinstance(payload, dict):
            payload = {**payload, "notes": [*payload.get("notes", []), *notes]}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    if as_latex:
        typer.echo(answer.latex)
        return
    typer.echo(answer.text)
    if proof:
        typer.echo("proof:" if answer.proof else "proof: (no steps recorded)")
        for line in answer.proof:
            typer.echo(f"  {line}")
    elif answer.proof:
        typer.echo("(--proof prints the proof step by step; --latex as a LaTeX snippet)")


def error_payload(exc: BaseException) -> dict[str, Any]:
    """The JSON form of an error: ``{"error": {"type": ..., "message": ...}}``."""
    return {"error": {"type": type(exc).__name__, "message": _one_line(exc)}}


def _fail(exc: BaseException, as_json: bool, code: int, prefix: str = "error") -> typer.Exit:
    if as_json:
        typer.echo(json.dumps(error_payload(exc), ensure_ascii=False))
    name = "" if isinstance(exc, SymmlError) else f"{type(exc).__name__}: "
    typer.echo(f"symml: {prefix}: {name}{_one_line(exc)}", err=True)
    return typer.Exit(code)


def command(fn: Callable[..., Answer | None]) -> Callable[..., None]:
    """Run a command body: collect exactness notes, print its Answer, turn errors into exit codes."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        as_json = bool(kwargs.get("as_json", False))
        try:
            with _collect_notes() as notes:
                answer = fn(*args, **kwargs)
            if answer is not None:
                _emit(answer, as_json, kwargs.get("as_latex", False), kwargs.get("proof", False), notes)
        except LatexError as exc:  # generated LaTeX that does not compile is symml's fault
            raise _fail(exc, as_json, 1, "internal error") from None
        except SymmlError as exc:
            raise _fail(exc, as_json, 2) from None
        except (typer.Exit, typer.TyperException):
            raise
        except Exception as exc:  # noqa: BLE001 - the contract is one line, exit 1
            raise _fail(exc, as_json, 1, "internal error") from None

    return run


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


def _one_line(exc: Any) -> str:
    return " ".join(str(exc).split())


# -- input ---------------------------------------------------------------------------------


def _function(expr: str, vars: str) -> tuple[sp.Expr, list[sp.Symbol]]:
    from symml.core.parsing import parse_expression, parse_symbols

    variables = parse_symbols(vars.strip())
    return parse_expression(expr.strip(), variables), variables


def _parse_problem(expr: str, vars: str, where: str | None, assume: str | None) -> dict[str, Any]:
    from symml.core.parsing import parse_conditions

    f, variables = _function(expr, vars)
    domain = parse_conditions(where.strip(), variables) if where else None
    assumptions = parse_conditions(assume.strip(), variables) if assume else None
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


def _point(text: str, what: str) -> sp.ImmutableMatrix:
    """A point such as ``"1, -2"`` or ``"[1, -2]"`` (a column)."""
    from symml.core.parsing import parse_matrix

    text = text.strip()
    return parse_matrix(text if text.startswith("[") else f"[{text}]")


# -- chapter 2: calculus, stationary points, convexity, definiteness --------------------------


def _analyse(analysis: Any, expr: str, vars: str, where: str | None, assume: str | None) -> Answer:
    """Parse a problem, run ``analysis(f, variables, domain=, assumptions=)`` and answer."""
    p = _parse_problem(expr, vars, where, assume)
    return answer_of(analysis(p["f"], p["variables"], domain=p["domain"], assumptions=p["assumptions"]))


@app.command(cls=_Command)
@command
def stationary(
    expr: Expr,
    vars: Vars,
    where: Where = None,
    assume: Assume = None,
    as_json: AsJson = False,
    as_latex: AsLatex = False,
    proof: Proof = False,
) -> Answer:
    """Find and classify every stationary point, split by cases of the parameters.

    \b
    Example:
      symml stationary "(p-1)*x**2 + (p+1)*y**2" --vars x,y --steps
    """
    from symml.optimisation.stationary import stationary_points

    return _analyse(stationary_points, expr, vars, where, assume)


@app.command(cls=_Command)
@command
def convex(
    expr: Expr,
    vars: Vars,
    where: Where = None,
    assume: Assume = None,
    as_json: AsJson = False,
    as_latex: AsLatex = False,
    proof: Proof = False,
) -> Answer:
    """Prove or refute convexity (with proof or exact witness), split by cases of the parameters.

    \b
    Example:
      symml convex "-log(x)" --vars x --where "x > 0" --steps
    """
    from symml.optimisation.convexity import convexity

    return _analyse(convexity, expr, vars, where, assume)


def _derivative_answer(result: Any) -> Answer:
    name, f, variables, value = result.kind, result.f, result.variables, result.value
    proof = tuple(
        f"d/d{v} ({f}) = {d}" if name == "gradient" else f"d/d{v} of the gradient: {list(value.row(i))}"
        for i, (v, d) in enumerate(zip(variables, value))
    )
    return Answer(result.text(), result.to_json(), result.latex(), proof)


@app.command(cls=_Command)
@command
def gradient(
    expr: Expr, vars: Vars, as_json: AsJson = False, as_latex: AsLatex = False, proof: Proof = False
) -> Answer:
    """The exact gradient of a function.

    \b
    Example:
      symml gradient "x**2*y - log(y)" --vars x,y --json
    """
    from symml.optimisation.derivatives import gradient as exact_gradient

    return _derivative_answer(exact_gradient(*_function(expr, vars)))


@app.command(cls=_Command)
@command
def hessian(
    expr: Expr, vars: Vars, as_json: AsJson = False, as_latex: AsLatex = False, proof: Proof = False
) -> Answer:
    """The exact Hessian matrix of a function.

    \b
    Example:
      symml hessian "x**3 - 3*x*y**2" --vars x,y --latex
    """
    from symml.optimisation.derivatives import hessian as exact_hessian

    return _derivative_answer(exact_hessian(*_function(expr, vars)))


@app.command(cls=_Command)
@command
def definite(
    matrix: Annotated[str, typer.Argument(help="A symmetric matrix, e.g. '[[2, 1], [1, a]]'.")],
    assume: Assume = None,
    as_json: AsJson = False,
    as_latex: AsLatex = False,
    proof: Proof = False,
) -> Answer:
    """Decide whether a symmetric matrix is positive/negative (semi)definite or indefinite.

    Symbols in the matrix are real parameters; the answer is split by cases of them.

    \b
    Example:
      symml definite "[[2, 1], [1, a]]" --steps
    """
    from symml.core.parsing import parse_conditions, parse_matrix
    from symml.optimisation.definiteness import definiteness

    M = parse_matrix(matrix.strip())
    assumptions = parse_conditions(assume.strip()) if assume else None
    return answer_of(definiteness(M, assumptions=assumptions))


# -- optimisers ------------------------------------------------------------------------------

METHODS = ("gd", "momentum", "newton", "adam")


def _optimiser(method: str, f: sp.Expr, variables: list[sp.Symbol], eta: Any, beta: Any) -> Any:
    from symml.optimisation import methods

    if method == "gd":
        return methods.gradient_descent(f, variables, eta)
    if method == "momentum":
        return methods.momentum(f, variables, eta, beta)
    if method == "newton":
        return methods.newton(f, variables, eta)
    if method == "adam":
        return methods.adam(f, variables, eta)
    raise InvalidValueError(f"--method {method!r} is not one of {', '.join(METHODS)}")


def _stability(method: str, f: sp.Expr, variables: list[sp.Symbol]) -> Any:
    """The exact step-size bound of gradient descent (other methods: None)."""
    from symml.optimisation.methods import gd_stability

    return gd_stability(f, variables) if method == "gd" else None


@app.command(cls=_Command)
@command
def descent(
    expr: Expr,
    vars: Vars,
    start: Annotated[str, typer.Option("--from", help="The start point, e.g. '1, -2'.")] = "",
    method: Annotated[str, typer.Option("--method", help="gd, momentum, newton or adam.")] = "gd",
    eta: Annotated[str, typer.Option("--eta", help="The step size, exact, e.g. '1/10'.")] = "1/10",
    beta: Annotated[str, typer.Option("--beta", help="Momentum's memory, e.g. '1/2'.")] = "1/2",
    steps: Annotated[int, typer.Option("--steps", help="Number of iterations.")] = 5,
    as_json: AsJson = False,
    as_latex: AsLatex = False,
    proof: Annotated[bool, typer.Option("--proof", help="Show the stability proof, step by step.")] = False,
) -> Answer:
    """Run an optimiser exactly: the iterates x_0, ..., x_N and (for gd) the stability bound on eta.

    (--steps is the number of iterations here; --proof shows the proof.)

    \b
    Example:
      symml descent "x**2 + 3*y**2" --vars x,y --method gd --eta 1/10 --from "1, 1" --steps 3
    """
    from symml.core.parsing import parse_expression

    f, variables = _function(expr, vars)
    if not start.strip():
        raise InvalidValueError("give the start point with --from, e.g. --from '1, 1'")
    optimiser = _optimiser(
        method, f, variables, parse_expression(eta.strip()), parse_expression(beta.strip())
    )
    trajectory = optimiser.iterates(_point(start, "--from"), steps)
    return _descent_answer(optimiser, trajectory, _stability(method, f, variables))


def _descent_answer(optimiser: Any, trajectory: Any, stability: Any) -> Answer:
    from symml.core.latex import latex

    payload = {**trajectory.to_json(), "rule": optimiser.to_json()["rule"]}
    payload["stability"] = stability.to_json() if stability is not None else None
    lines = [f"{optimiser.name} on {optimiser.f}:"]
    lines += [f"  x_{k} = ({', '.join(map(str, x))})" for k, x in enumerate(trajectory.points)]
    if stability is not None:
        lines += ["stability of the step size:", *("  " + line for line in str(stability).splitlines())]
    snippet = latex(trajectory) + ("\n" + stability.latex() if stability is not None else "")
    proof = tuple(proof_lines(stability)) if stability is not None else ()
    return Answer("\n".join(lines), payload, snippet, proof)


# -- chapter 3: probability ------------------------------------------------------------------

_FAMILIES = (
    "Die", "Coin", "Bernoulli", "Binomial", "Uniform", "DiscreteUniform", "Hypergeometric", "Geometric",
)  # fmt: skip
_QUERY = re.compile(r"^\s*(P|E|Var|std)\s*\((.*)\)\s*$", re.DOTALL)
_BINDING = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z]\w*)\s*\((.*)\)\s*$", re.DOTALL)


def _split_top(text: str) -> list[str]:
    """Split at the commas outside brackets: ``"X=Die(6), Y=Binomial(3, 1/2)"`` has two parts."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch in "([{") - (ch in ")]}")
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in (s.strip() for s in parts) if p]


def _argument(text: str) -> Any:
    from symml.core.parsing import parse_expression, parse_matrix

    if text.startswith("["):
        return [_plain(v) for v in parse_matrix(text)]
    return _plain(parse_expression(text))


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, sp.Integer) else value


def random_variables(text: str) -> dict[str, Any]:
    """Parse ``"X=Die(6), Y=Binomial(3, 1/2)"`` into independent random variables, by name.

    Only the families of ``symml.probability`` are known; arguments are exact numbers
    (or lists of them), parsed safely.
    """
    from symml import probability

    out: dict[str, Any] = {}
    for part in _split_top(text):
        m = _BINDING.match(part)
        if m is None or m.group(2) not in _FAMILIES:
            raise ParseError(
                f"--let {part!r} is not NAME=FAMILY(ARGS) with FAMILY one of {', '.join(_FAMILIES)}; "
                "e.g. 'X=Die(6), Y=Binomial(3, 1/2)'"
            )
        name, family, args = m.groups()
        if name in out:
            raise ParseError(f"--let names {name} twice; give each variable once")
        out[name] = getattr(probability, family)(*map(_argument, _split_top(args)), name=name)
    if not out:
        raise ParseError("--let is empty; give variables such as 'X=Die(6), Y=Die(6)'")
    return out


_RELATIONS = {
    sp.Eq: lambda a, b: a.eq(b),
    sp.Ne: lambda a, b: a.ne(b),
    sp.Gt: lambda a, b: a > b,
    sp.Ge: lambda a, b: a >= b,
    sp.Lt: lambda a, b: a < b,
    sp.Le: lambda a, b: a <= b,
}
_FLIPPED = {sp.Eq: sp.Eq, sp.Ne: sp.Ne, sp.Gt: sp.Lt, sp.Ge: sp.Le, sp.Lt: sp.Gt, sp.Le: sp.Ge}


def _random(node: Any, env: dict[sp.Symbol, Any]) -> Any:
    """Rebuild a parsed SymPy expression or condition over the random variables in ``env``."""
    if isinstance(node, sp.Symbol):
        if node not in env:
            raise ParseError(f"{node} is not a random variable given in --let")
        return env[node]
    if isinstance(node, sp.Rational):
        return _plain(node)
    if isinstance(node, sp.Add | sp.Mul | sp.And | sp.Or):
        parts = [_random(a, env) for a in node.args]
        combine = {sp.Add: lambda u, v: u + v, sp.Mul: lambda u, v: u * v}.get(type(node))
        combine = combine or (lambda u, v: (u & v) if isinstance(node, sp.And) else (u | v))
        return functools.reduce(combine, parts)
    if isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp > 0:
        return _random(node.base, env) ** int(node.exp)
    if isinstance(node, sp.Not):
        return ~_random(node.args[0], env)
    if type(node) in _RELATIONS:
        lhs, rhs, rel = node.lhs, node.rhs, type(node)
        if not lhs.free_symbols:
            lhs, rhs, rel = rhs, lhs, _FLIPPED[rel]
        return _RELATIONS[rel](_random(lhs, env), _random(rhs, env))
    raise ParseError(
        f"{node} is not supported in a probability query: use + - * **, comparisons, and, or, not"
    )


def _probability_answer(query: str, variables: str, given: str | None) -> Answer:
    from symml import probability
    from symml.core.latex import Math, equation
    from symml.core.latex.text import with_decimals
    from symml.core.parsing import parse_value

    m = _QUERY.match(query)
    if m is None:
        raise ParseError(
            f"the query {query.strip()!r} is not P(...), E(...), Var(...) or std(...); e.g. 'P(X + Y == 7)'"
        )
    kind, inner = m.groups()
    rvs = random_variables(variables)
    env = {sp.Symbol(n, real=True): rv for n, rv in rvs.items()}
    target = _random(parse_value(inner, list(env), what="the query"), env)
    if kind == "P":
        condition = _random(parse_value(given, list(env), what="--given"), env) if given else None
        result = probability.P(target, given=condition)
        given_text = f" | {given.strip()}" if given else ""
        return answer_of(result, f"P({inner.strip()}{given_text}) = {result.value}")
    if given:
        raise InvalidValueError("--given applies to P(...) only")
    value = getattr(probability, kind)(target)
    label = f"{kind}({inner.strip()})"
    text = f"{label} = {with_decimals(value)}"
    # E[X + Y] = 7 through the printer's notation (Expectation, Variance, std_dev print as E, Var, σ)
    of = sp.Function({"E": "Expectation", "Var": "Variance", "std": "std_dev"}[kind])
    snippet = Math(equation(of(parse_value(inner, what="the query")), value)).tex()
    return Answer(text, {"query": label, "kind": kind, "value": str(value)}, snippet)


@app.command(cls=_Command)
@command
def prob(
    query: Annotated[
        str, typer.Argument(help="P(event), E(expr), Var(expr) or std(expr), e.g. 'P(X + Y == 7)'.")
    ],
    let: Annotated[str, typer.Option("--let", help="The random variables, e.g. 'X=Die(6), Y=Die(6)'.")],
    given: Annotated[
        str | None, typer.Option("--given", help="Condition P on an event, e.g. 'X > 3'.")
    ] = None,
    as_json: AsJson = False,
    as_latex: AsLatex = False,
    proof: Proof = False,
) -> Answer:
    """Exact probabilities, expectations and variances of independent random variables.

    Families: Die(n), Coin(p), Bernoulli(p), Binomial(n, p), Uniform([values]),
    DiscreteUniform([values]), Hypergeometric(N, K, n), Geometric(p, limit).

    \b
    Example:
      symml prob "P(X + Y == 7)" --let "X=Die(6), Y=Die(6)"
      symml prob "Var(X + Y)" --let "X=Die(6), Y=Binomial(4, 1/2)"
    """
    return _probability_answer(query, let, given)


# -- fits from data ----------------------------------------------------------------------------

FITS = ("least-squares", "logistic", "kmeans")


def read_csv(path: Path) -> list[list[sp.Rational]]:
    """Read a CSV file of numbers as exact Rationals (``0.1`` is 1/10); a header row is skipped."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [r for r in csv.reader(handle) if any(c.strip() for c in r)]
    except OSError as exc:
        raise InvalidValueError(f"cannot read {path}: {exc.strerror}") from None
    if rows and not all(_is_number(c) for c in rows[0]):
        rows = rows[1:]
    if not rows:
        raise ShapeError(f"{path} has no rows of numbers")
    if len({len(r) for r in rows}) != 1:
        raise ShapeError(f"the rows of {path} have different lengths; give a rectangular table")
    return [[_exact_number(c, path, i + 1) for c in r] for i, r in enumerate(rows)]


def _is_number(cell: str) -> bool:
    try:
        Fraction(cell.strip())
    except (ValueError, ZeroDivisionError):
        return False
    return True


def _exact_number(cell: str, path: Path, row: int) -> sp.Rational:
    try:
        value = Fraction(cell.strip())
    except (ValueError, ZeroDivisionError):
        raise ParseError(f"{path}, row {row}: {cell!r} is not a number such as 3, -0.25 or 1/3") from None
    return sp.Rational(value.numerator, value.denominator)


@app.command(cls=_Command)
@command
def fit(
    kind: Annotated[str, typer.Argument(help="least-squares, logistic or kmeans.")],
    data: Annotated[Path, typer.Argument(help="A CSV file; the last column is the target (not for kmeans).")],
    k: Annotated[int, typer.Option("--k", help="Number of clusters (kmeans).")] = 2,
    as_json: AsJson = False,
    as_latex: AsLatex = False,
    proof: Proof = False,
) -> Answer:
    """Fit least squares, logistic regression or k-means exactly to the numbers of a CSV file.

    For least-squares and logistic the last column is the target (y, or the labels 0/1)
    and the others are the features; numbers are read as exact Rationals.

    \b
    Example:
      symml fit least-squares data.csv --json
      symml fit kmeans points.csv --k 2
    """
    from symml.optimisation.losses import kmeans, least_squares, logistic_regression

    if kind not in FITS:
        raise InvalidValueError(
            f"{kind!r} is not one of {', '.join(FITS)}; e.g. symml fit least-squares data.csv"
        )
    rows = read_csv(Path(data))
    if kind == "kmeans":
        model = kmeans(rows, k)
    else:
        if len(rows[0]) < 2:
            raise ShapeError(f"{kind} needs at least two columns: features, then the target")
        features, target = [r[:-1] for r in rows], [r[-1] for r in rows]
        model = (least_squares if kind == "least-squares" else logistic_regression)(features, target)
    return answer_of(model)


# -- checking notes ----------------------------------------------------------------------------


@app.command(name="check")
def check(
    file: Annotated[Path, typer.Argument(help="A notes file (Markdown or LaTeX), e.g. notes.md.")],
    as_json: AsJson = False,
    as_latex: Annotated[bool, typer.Option("--latex", help="Print the errata list (LaTeX).")] = False,
) -> None:
    """Verify the displayed mathematics of a notes file: proven, refuted (with a witness) or not checked.

    Exit code 4 when a statement is refuted, 0 when none is, 2 on a bad file.

    \b
    Example:
      symml check notes.md --json
    """
    from symml.check import REFUTED, check_notes

    try:
        report = check_notes(Path(file))
    except SymmlError as exc:
        raise _fail(exc, as_json, 2) from None
    except Exception as exc:  # noqa: BLE001 - the contract is one line, exit 1
        raise _fail(exc, as_json, 1, "internal error") from None
    if as_json:
        typer.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif as_latex:
        typer.echo(report.latex("document"))
    else:
        typer.echo(report.text())
    raise typer.Exit(4 if report.counts[REFUTED] else 0)


# -- the companion -----------------------------------------------------------------------------


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
    """Build the companion document (build/companion.tex, and .pdf when pdflatex exists).

    \b
    Example:
      symml notes --section 2.2 --out build --no-pdf
    """
    from derivations import build_companion

    try:
        report = build_companion(out, sections=tuple(section or ()), pdf=not no_pdf)
    except LatexError as exc:
        raise _fail(exc, as_json, 1, "internal error") from None
    except SymmlError as exc:
        raise _fail(exc, as_json, 2) from None
    if as_json:
        payload = {
            "tex": str(report.tex),
            "pdf": str(report.pdf) if report.pdf else None,
            "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
            "message": report.message,
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    for name, secs in report.seconds.items():
        typer.echo(f"  {name:<10} {secs:7.2f} s")
    typer.echo(report.message)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``symml`` console script."""
    args = sys.argv[1:] if argv is None else list(argv)
    as_json = "--json" in args
    try:
        code = app(args=args, prog_name="symml", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("symml: aborted", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument
        message = exc.format_message()
        if as_json:
            typer.echo(json.dumps({"error": {"type": "UsageError", "message": _one_line(message)}}))
        typer.echo(f"symml: error: {_one_line(message)}", err=True)
        sys.exit(2)
    except SymmlError as exc:
        raise SystemExit(_fail(exc, as_json, 2).exit_code) from None
    except Exception as exc:  # noqa: BLE001 - the contract is one line, exit 1
        raise SystemExit(_fail(exc, as_json, 1, "internal error").exit_code) from None
    sys.exit(code if isinstance(code, int) else 0)
