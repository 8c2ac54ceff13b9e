"""No string reaches ``eval``: a lint over symml's source and a walk over its public API.

``sympy.sympify`` (and ``S()``, ``parse_expr``) run ``eval`` on strings, so a string that
reaches them runs arbitrary code.  symml converts every input through
``symml.core.parsing``; these tests hold it to that:

- the lint fails when ``sympify(``, ``S(<non-literal>)``, ``parse_expr``, ``eval(`` or
  ``exec(`` appears in symml outside the parser;
- the walk calls every public callable of every public module of symml (and every public
  method and operator of the results they return) with code-executing strings in each
  parameter, alone and inside lists and dicts, and checks that the code never ran.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import pkgutil
import signal
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

import symml

SYMML = Path(symml.__file__).parent
PARSER = SYMML / "core" / "parsing.py"

# -- the lint ----------------------------------------------------------------------------------


DOORS = ("sympify", "_sympify", "S", "parse_expr", "eval", "exec", "__import__")
DOOR_IMPORTS = {"sympify", "_sympify", "parse_expr", "S"}


def _door_called(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        name = func.id
    elif isinstance(func, ast.Attribute) and func.attr not in ("eval", "exec", "__import__"):
        name = func.attr  # Poly.eval, Function.eval are methods, not the builtins
    else:
        return None
    if name == "S" and all(isinstance(a, ast.Constant) and not isinstance(a.value, str) for a in node.args):
        return None  # S(1): a literal number, nothing parsed
    return name if name in DOORS else None


def _door_imported(node: ast.Import | ast.ImportFrom) -> str | None:
    module = getattr(node, "module", None) or ""
    names = {alias.name for alias in node.names}
    bad = sorted(names & DOOR_IMPORTS) + [n for n in (module, *names) if n.startswith("sympy.parsing")]
    return ", ".join(bad) or None


def _lint_source(path: Path) -> list[str]:
    """Calls in ``path`` that may hand a string to eval: sympify, S(non-literal), parse_expr, eval, exec."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = None
        if isinstance(node, ast.Call):
            name = _door_called(node)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            name = _door_imported(node)
        if name:
            found.append(f"{path.relative_to(SYMML.parent)}:{node.lineno}: {name}")
    return found


def test_lint_no_eval_doors_outside_the_parser() -> None:
    offenders = [hit for path in sorted(SYMML.rglob("*.py")) if path != PARSER for hit in _lint_source(path)]
    assert offenders == [], "strings must go through symml.core.parsing:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "source",
    [
        "import sympy as sp\nsp.sympify(v)\n",
        "from sympy import sympify\n",
        "import sympy as sp\nsp.S(v)\n",
        "from sympy.parsing.sympy_parser import parse_expr\n",
        "eval(v)\n",
        "exec(v)\n",
    ],
)
def test_lint_catches_each_door(tmp_path: Path, source: str) -> None:
    path = SYMML / "_lint_probe.py"
    try:
        path.write_text(source, encoding="utf-8")
        assert _lint_source(path)
    finally:
        path.unlink()


def test_lint_allows_literal_numbers() -> None:
    path = SYMML / "_lint_probe.py"
    try:
        path.write_text("import sympy as sp\nsp.S(1)\nsp.S.Half\n", encoding="utf-8")
        assert _lint_source(path) == []
    finally:
        path.unlink()


# -- the walk ----------------------------------------------------------------------------------

x, y, a = sp.symbols("x y a", real=True)

# Slow or side-effecting callables: each is listed with the reason it is not walked.
NOT_WALKED = {
    "notes": "builds the whole companion; its options are paths and section names (tests/test_cli)",
    "main": "the CLI entry point; the CLI commands themselves are walked",
    "compile_pdf": "runs pdflatex on a file path",
    "compile_snippet": "runs pdflatex on LaTeX text (LaTeX, not Python)",
}


def _public_modules() -> Iterator[Any]:
    yield symml
    for info in pkgutil.walk_packages(symml.__path__, "symml."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        yield importlib.import_module(info.name)


def public_callables() -> dict[str, Callable[..., Any]]:
    """Every public function and class defined in a public module of symml, by qualified name."""
    out: dict[str, Callable[..., Any]] = {}
    for module in _public_modules():
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name, None)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not (getattr(obj, "__module__", "") or "").startswith("symml") or obj.__name__ in NOT_WALKED:
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException | Warning):
                continue
            out[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return out


_SHARED: dict[str, Any] = {}


def _die() -> Any:
    """One die for the whole walk: events of one space can be combined."""
    if "die" not in _SHARED:
        from symml.probability import Die

        _SHARED["die"] = Die(3)
    return _SHARED["die"]


def _event() -> Any:
    return _die() >= 2


# Good values by parameter name: the walk starts from a call that works and swaps one argument.
GOOD: dict[str, Callable[[], Any]] = {
    "f": lambda: x**2 + a * y**2,
    "expr": lambda: x**2 + y**2,
    "lhs": lambda: (x + 1) ** 2,
    "rhs": lambda: x**2 + 2 * x + 1,
    "value": lambda: sp.Rational(1, 2),
    "poly_expr": lambda: x**2 + y**2,
    "exprs": lambda: [x**2, y],
    "claim": lambda: x**2 >= 0,
    "statement": lambda: x**2 >= 0,
    "reason": lambda: "squares are nonnegative",
    "variables": lambda: [x, y],
    "vars": lambda: "x, y",
    "variable": lambda: x,
    "symbols": lambda: [x, y],
    "parameter": lambda: a,
    "parameters": lambda: [a],
    "assumptions": lambda: [a > 0],
    "domain": lambda: [x > 0],
    "where": lambda: "x > 0",
    "assume": lambda: "a > 0",
    "given": lambda: None,
    "constraints": lambda: [x**2 + y**2 <= 1],
    "matrix": lambda: sp.Matrix([[a, 1], [1, 2]]),
    "M": lambda: sp.Matrix([[2, 1], [1, 2]]),
    "point": lambda: (1, 1),
    "eta": lambda: sp.Rational(1, 10),
    "beta": lambda: sp.Rational(1, 2),
    "p": lambda: sp.Rational(1, 3),
    "n": lambda: 3,
    "k": lambda: 2,
    "sides": lambda: 3,
    "N": lambda: 5,
    "K": lambda: 2,
    "limit": lambda: 4,
    "X": _die,
    "Y": _die,
    "A": _event,
    "B": lambda: _die() <= 2,
    "event": _event,
    "events": lambda: [_event(), _die() <= 2],
    "partition": lambda: [_die() <= 1, _die() >= 2],
    "weights": lambda: {1: sp.Rational(1, 2), 2: sp.Rational(1, 2)},
    "pmf": lambda: {0: sp.Rational(1, 2), 1: sp.Rational(1, 2)},
    "probabilities": lambda: [sp.Rational(1, 2), sp.Rational(1, 2)],
    "values": lambda: [1, 2, 3],
    "bounds": lambda: [(0, 1), (0, 1)],
    "equalities": lambda: [x + y - 1],
    "label": lambda: "A",
    "name": lambda: "X",
    "y_": lambda: 1,
    "verdict": lambda: symml.Verdict.UNDECIDED,
    "cases": lambda: [(a > 0, 1), (a <= 0, 2)],
    "title": lambda: "T",
    "text": lambda: "x**2",
    "obj": lambda: x**2,
    "content": lambda: x**2,
    "c": lambda: [0, 1, 1],
    "data": lambda: [{x: 1}, {x: 2}],
    "batch_size": lambda: 1,
    "loss": lambda: (x - y) ** 2,
    "central": lambda: False,
    "relation": lambda: ">",
    "rvs": lambda: [_die(), _die()],
    "spaces": lambda: [_die().space, _die().space],
    "rows": lambda: 2,
    "cols": lambda: 2,
}

# Calls that need other good values than the defaults above (by qualified name, without module).
OVERRIDES: dict[str, dict[str, Callable[[], Any]]] = {
    "least_squares": {"X": lambda: [[1, 0], [1, 1], [1, 2]], "y": lambda: [1, 2, 4]},
    "logistic_regression": {"X": lambda: [[1, 0], [1, 1], [1, 2]], "c": lambda: [0, 1, 1]},
    "kmeans": {"X": lambda: [[0, 0], [0, 1], [4, 4]], "K": lambda: 2},
    "conditional_pmf": {"y": lambda: 2},
    "marginal_pmf": {
        "joint": lambda: {(1, 2): sp.Rational(1, 2), (2, 1): sp.Rational(1, 2)},
        "index": lambda: 0,
    },
    "SGD": {"loss": lambda: (x - y) ** 2, "variables": lambda: [x], "data": lambda: [{y: 1}, {y: 2}]},
    "sgd": {"loss": lambda: (x - y) ** 2, "variables": lambda: [x], "data": lambda: [{y: 1}, {y: 2}]},
    "nondecreasing": {"f": lambda: x**3},
    "steepest_ascent": {"f": lambda: x**2 + y**2},
    "gd_stability": {"f": lambda: a * x**2, "variables": lambda: [x]},
    "sign_conditions": {"expr": lambda: a - 1},
    "Witness": {"values": lambda: {"x": 1}},
    "Case": {"condition": lambda: a > 0, "result": lambda: 1},
    "convex": {"expr": lambda: "x**2 + a*y**2"},
    "stationary": {"expr": lambda: "x**2 + a*y**2"},
    "optima_on_box": {"f": lambda: x**2 + y**2},
    "optima_with_equalities": {"f": lambda: x**2 + y**2},
    "tangent_chain": {"f": lambda: x**2, "variables": lambda: [x]},
    "optimality_conditions": {"f": lambda: x**2 + y**2, "point": lambda: (0, 0)},
}


def _good(qualname: str, parameter: inspect.Parameter) -> Any:
    table = OVERRIDES.get(qualname.rsplit(".", 1)[-1], {})
    if parameter.name in table:
        return table[parameter.name]()
    if parameter.name in GOOD:
        return GOOD[parameter.name]()
    if parameter.kind is inspect.Parameter.VAR_KEYWORD:
        return {"a": 1}
    if parameter.default is not inspect.Parameter.empty:
        return parameter.default
    return x**2


def _arguments(qualname: str, fn: Callable[..., Any]) -> tuple[list[inspect.Parameter], dict[str, Any]]:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return [], {}
    params = [p for p in signature.parameters.values() if not p.name.startswith("_")]
    return params, {p.name: _good(qualname, p) for p in params}


def _call(fn: Callable[..., Any], params: list[inspect.Parameter], values: dict[str, Any]) -> Any:
    args, kwargs = [], {}
    for p in params:
        v = values[p.name]
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            args.extend(v if isinstance(v, list | tuple) else [v])
        elif p.kind is inspect.Parameter.VAR_KEYWORD:
            kwargs.update(v if isinstance(v, dict) else {"a": v, "p": v, "x": v})
        elif p.kind is inspect.Parameter.POSITIONAL_ONLY:
            args.append(v)
        else:
            kwargs[p.name] = v
    return fn(*args, **kwargs)


class _Timeout(BaseException):
    pass


@contextlib.contextmanager
def _quietly(seconds: int = 20) -> Iterator[None]:
    """Run one probe: every error is fine (only execution matters), a hang is cut short."""

    def alarm(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    except (Exception, SystemExit, _Timeout):
        pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _hostile_forms(good: Any, payload: str) -> list[Any]:
    forms: list[Any] = [payload, [payload], {payload: payload}, {"x": payload}, {x: payload}]
    forms.append((payload, payload))
    if isinstance(good, list | tuple) and good:
        forms.append(type(good)([payload, *good[1:]]))
    if isinstance(good, dict) and good:
        first = next(iter(good))
        forms.append({**good, first: payload})
    return forms


def _payloads(sentinel: Path) -> list[str]:
    return [
        f"__import__('os').system('touch {sentinel}')",
        f"__import__('pathlib').Path('{sentinel}').touch()",
        f"(lambda: __import__('pathlib').Path('{sentinel}').touch())()",
    ]


OPERATORS = (
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__add__", "__radd__", "__sub__",
    "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__", "__pow__", "__rpow__",
    "__and__", "__or__", "__contains__", "__getitem__", "__call__",
)  # fmt: skip
READERS = ("__str__", "__repr__", "latex", "_repr_latex_", "to_json", "text")


def _walk_result(result: Any, payloads: list[str], sentinel: Path, depth: int = 0) -> None:
    """Feed the payloads to every public method and operator of ``result`` (and of its first case)."""
    if isinstance(result, sp.Basic) or not (type(result).__module__ or "").startswith("symml") or depth > 1:
        return  # the operators of SymPy's and Python's own objects are theirs to answer for
    for name in (*OPERATORS, *(n for n in dir(type(result)) if not n.startswith("_"))):
        method = None
        with _quietly():
            method = getattr(result, name, None)  # a property may compute, and fail
        if not callable(method) or inspect.isclass(method):
            continue
        params, values = _arguments(name, method)
        if not params:
            with _quietly():
                method()
            continue
        for p in params:
            for payload in payloads[:1]:
                for form in _hostile_forms(values[p.name], payload)[:3]:
                    with _quietly():
                        _call(method, params, {**values, p.name: form})
                    where = f"{type(result).__name__}.{name}({p.name}={form!r})"
                    assert not sentinel.exists(), f"{where} executed the string"
    with _quietly():
        first = result[0]
        _walk_result(getattr(first, "result", first), payloads, sentinel, depth + 1)


def _read_back(obj: Any) -> None:
    """Print a constructed object every way: stored strings must not be parsed unsafely later."""
    for name in READERS:
        method = getattr(obj, name, None)
        if callable(method):
            with _quietly():
                method()


CALLABLES = public_callables()
ENTRY_POINTS = sorted(
    {n for n in symml.__all__ if callable(getattr(symml, n, None))}
    | {f"probability.{n}" for n in importlib.import_module("symml.probability").__all__}
)


def test_the_walk_covers_every_entry_point() -> None:
    names = {qualname.rsplit(".", 1)[-1] for qualname in CALLABLES}
    for entry in ENTRY_POINTS:
        obj = getattr(symml, entry) if "." not in entry else getattr(symml.probability, entry.split(".")[1])
        if inspect.isclass(obj) and issubclass(obj, BaseException | Warning):
            continue
        assert obj.__name__ in names, f"{entry} is not walked"


@pytest.mark.parametrize("qualname", sorted(CALLABLES))
def test_no_string_is_executed(qualname: str, tmp_path: Path) -> None:
    fn = CALLABLES[qualname]
    sentinel = tmp_path / "SENTINEL"
    payloads = _payloads(sentinel)
    params, values = _arguments(qualname, fn)
    result = None
    with _quietly():
        result = _call(fn, params, values)
    for p in params:
        for i, payload in enumerate(payloads):
            forms = _hostile_forms(values[p.name], payload) if i == 0 else [payload]
            for form in forms:
                with _quietly():
                    made = _call(fn, params, {**values, p.name: form})
                    _read_back(made)
                assert not sentinel.exists(), f"{qualname}({p.name}={form!r}) executed the string"
    _walk_result(result, payloads, sentinel)
    assert not sentinel.exists(), f"a method of the result of {qualname} executed a string"


def _issue_doors(s: str) -> list[Callable[[], Any]]:
    """The doors of issue #20, each with the code-executing string ``s``."""
    from symml.core.exact.numbers import real_ball as real_enclosure
    from symml.core.results import Step
    from symml.probability import Die, P, Probability

    def event() -> Any:
        return P(Die(6) >= 3)

    return [
        lambda: symml.gd_stability(a * x**2, [x], assumptions=[s]),
        lambda: symml.definiteness([[a, 1], [1, 1]], assumptions=[s]),
        lambda: symml.definiteness([[a, 1], [1, 1]], parameters=[s]),
        lambda: symml.convexity(a * x**2, [x]).where(a=s),
        lambda: event() == s,
        lambda: event() / s,
        lambda: s / event(),
        lambda: event() < s,
        lambda: Probability("A", s).latex(),
        lambda: symml.latex(Step(s, "a reason")),
        lambda: real_enclosure(s),
    ]


@pytest.mark.parametrize("door", range(11))
def test_the_doors_of_issue_20_are_shut(door: int, tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    call = _issue_doors(f"__import__('os').system('touch {sentinel}')")[door]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            call()
        except symml.SymmlError:
            pass  # refusing the string is right; running it is the bug
    assert not sentinel.exists()
