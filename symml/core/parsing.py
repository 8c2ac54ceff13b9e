"""Safe parsing of user strings into exact SymPy expressions, conditions and matrices.

A user string never reaches ``eval`` or ``sympify``.  It is parsed by Python's :mod:`ast`
module and the tree is walked against a strict whitelist; SymPy objects are built node by
node.  Everything else is rejected with a :class:`~symml.core.errors.ParseError` whose
message says what was wrong, where (line and column, counted from 1) and what to write
instead.

The syntax
----------
- numbers: decimal integers (``12``, ``1_000``) and decimal floats (``0.1``, ``2.5e-3``);
  a float literal becomes the exact Rational of its *text* (``0.1`` is ``1/10``) and an
  :class:`~symml.core.errors.ExactnessWarning` names the conversion;
- names: ASCII identifiers and single Greek letters (``α`` is read as ``alpha``), made
  ``Symbol(name, real=True)`` unless ``symbols=`` maps the name to a symbol of the
  caller; ``pi`` is π and ``E`` is Euler's number (as SymPy prints them); ``e``, ``I``,
  ``oo``, ``nan`` … are rejected because they are ambiguous or not real numbers;
- arithmetic: ``+ - * / **`` and unary ``-``/``+``.  ``^`` is rejected (in Python it is
  exclusive-or, and silently reading it as a power would make ``2^3`` differ between
  Python and symml): write ``x**2``;
- calls of a fixed table of real functions: ``exp log ln sqrt sin cos tan atan sinh cosh
  tanh Abs abs sign floor ceiling Max max Min min sigmoid`` (``sigmoid(u)`` is written out
  as ``1/(1 + exp(-u))``, the logistic function of the notes); ``log(x, b)`` is the
  logarithm to base ``b``;
- conditions: ``< <= > >= == !=``, chained comparisons (``0 < x < 1``), ``and or not``,
  SymPy's printed forms ``& | ~``, ``Eq(a, b)``, ``Ne(a, b)``, ``And``, ``Or``, ``Not``,
  ``True``, ``False``;
- matrices: nested lists ``[[1, 2], [3, 4]]`` (a flat list is a column vector) or SymPy's
  printed form ``Matrix([[1, 2], [3, 4]])``;
- probabilities (what the JSON of a probability result holds): ``P(event)`` and
  ``P(event | given)`` (the bar at the top is the conditional bar), where an event is a
  name (``A``; inside ``P`` every name is an event or a random variable, so ``E`` is not
  Euler's number), a comparison of random variables (``X + Y >= 10``, ``Eq(X, 6)``), a set
  of outcomes ``{1, (2, 3), H}``, ``Contains(X, {1, 2})``, ``True`` (Ω), ``False`` (∅),
  combined with ``&``/``and`` (∩), ``or`` (∪) and ``~``/``not`` (complement); they build
  :class:`symml.core.events.ProbabilityOf`.

What ``str()`` prints for a SymPy expression, relation or matrix over these functions
parses back to an equal object: identical, or (when SymPy distributes a number while
rebuilding, as in ``1/(2*(x + 1))``) equal after ``expand``.  ``srepr`` output, with its
keyword arguments, is not accepted.  Rational inputs such as ``1/3`` are exact.

Limits keep every parse fast (each hostile input is refused in milliseconds):

- at most ``symml.limits.max_length`` characters and brackets/calls/powers nested at most
  ``symml.limits.max_depth`` deep;
- number literals of at most ``symml.limits.max_digits`` digits;
- numeric exponents of absolute value at most ``symml.limits.max_exponent``;
- sums, products and powers that would compute rational numbers of more than
  ``symml.limits.max_number_bits`` bits are refused *before* computing them (so ``9**9**9`` and
  ``(10**299)**100`` cost nothing);
- numbers of more than ``symml.limits.max_function_bits`` bits inside ``exp``, ``sin``, … or an
  irrational exponent, and ``floor``/``ceiling`` of irrational numbers beyond
  ``2**symml.limits.max_rounded_bits``, are refused (deciding anything about them would need that many
  digits);
- at most ``symml.limits.max_min_max_arguments`` arguments to ``Max``/``Min`` in all (SymPy
  compares them pairwise);
- a division by a number that SymPy recognises as zero, and any infinite, nan or
  non-real number (``sqrt(-1)``, ``log(0)``, ``(-8)**(1/3)``) are refused where they occur.

>>> f = parse_expression("(p - 1)*x**2 + (p + 1)*y**2")
>>> sorted(map(str, f.free_symbols))
['p', 'x', 'y']
>>> parse_conditions("x > 0, 0 < a < 1")
[x > 0, 0 < a, a < 1]
>>> parse_matrix("[[1, 2], [3, 4]]")
Matrix([
[1, 2],
[3, 4]])
"""

from __future__ import annotations

import ast
import functools
import math
import numbers
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.function import UndefinedFunction
from sympy.logic.boolalg import Boolean, BooleanTrue

from symml.core.errors import ExactnessWarning, InvalidValueError, LimitExceededError, ParseError, ShapeError
from symml.core.events import OMEGA, Conditioned, Indicator, ProbabilityOf
from symml.core.exact.numbers import to_rational
from symml.core.limits import limits
from symml.core.structure_syntax import StructureSyntax, is_structure

__all__ = [
    "KNOWN_FUNCTIONS",
    "parse_expression",
    "parse_symbols",
    "parse_conditions",
    "parse_matrix",
    "as_expr",
    "as_symbols",
    "as_conditions",
    "as_matrix",
    "as_sympy",
    "parse_value",
]

# The parser's limits live in symml.limits (one place, adjustable); the old names still read them.
_LIMIT_NAMES = {
    "MAX_LENGTH": "max_length",
    "MAX_DEPTH": "max_depth",
    "MAX_DIGITS": "max_digits",
    "MAX_EXPONENT": "max_exponent",
    "MAX_NUMBER_BITS": "max_number_bits",
    "MAX_FUNCTION_BITS": "max_function_bits",
    "MAX_MIN_MAX_ARGUMENTS": "max_min_max_arguments",
    "MAX_ROUNDED_BITS": "max_rounded_bits",
}


def __getattr__(name: str) -> Any:
    if name in _LIMIT_NAMES:
        return getattr(limits, _LIMIT_NAMES[name])
    raise AttributeError(f"module 'symml.core.parsing' has no attribute {name!r}")


Symbols = Mapping[str, sp.Basic] | Iterable[sp.Symbol] | None

_NOT_REAL = (sp.S.ComplexInfinity, sp.S.NaN, sp.S.Infinity, sp.S.NegativeInfinity, sp.S.ImaginaryUnit)

# Names with a fixed meaning.  ``e`` is refused rather than guessed: it is Euler's number
# to some readers and an error term to others.
_CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E}
_REFUSED_NAMES: dict[str, str] = {
    "e": "write E or exp(1) for Euler's number, or pass symbols={'e': ...} for a variable named e",
    "I": "symml works over the real numbers, so the imaginary unit I is not available",
    "j": "symml works over the real numbers; name the variable differently or pass symbols={'j': ...}",
    "oo": "infinity is not a real number; state unbounded domains with one-sided conditions (x > 0)",
    "inf": "infinity is not a real number; state unbounded domains with one-sided conditions (x > 0)",
    "infinity": "infinity is not a real number; state unbounded domains with one-sided conditions (x > 0)",
    "zoo": "complex infinity is not a real number",
    "nan": "nan is not a number; give an exact value",
    "None": "None is not a number; give an exact value",
}


def _sigmoid(u: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-u))


def _log(x: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
    return sp.log(x) if base is None else sp.log(x, base)


# name -> (least, most arguments (None: any number), builder); all real functions.
_EXPR_FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., sp.Expr]]] = {
    "exp": (1, 1, sp.exp),
    "log": (1, 2, _log),
    "ln": (1, 1, sp.log),
    "sqrt": (1, 1, sp.sqrt),
    "sin": (1, 1, sp.sin),
    "cos": (1, 1, sp.cos),
    "tan": (1, 1, sp.tan),
    "atan": (1, 1, sp.atan),
    "sinh": (1, 1, sp.sinh),
    "cosh": (1, 1, sp.cosh),
    "tanh": (1, 1, sp.tanh),
    "Abs": (1, 1, sp.Abs),
    "abs": (1, 1, sp.Abs),
    "sign": (1, 1, sp.sign),
    "floor": (1, 1, sp.floor),
    "ceiling": (1, 1, sp.ceiling),
    "Max": (1, None, sp.Max),
    "max": (1, None, sp.Max),
    "Min": (1, None, sp.Min),
    "min": (1, None, sp.Min),
    "sigmoid": (1, 1, _sigmoid),
    "asinh": (1, 1, sp.asinh),
    "erf": (1, 1, sp.erf),
    "erfc": (1, 1, sp.erfc),
    "gamma": (1, 1, sp.gamma),
    "loggamma": (1, 1, sp.loggamma),
}
_BOOL_FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., Any]]] = {
    "Eq": (2, 2, sp.Eq),
    "Ne": (2, 2, sp.Ne),
    "And": (1, None, sp.And),
    "Or": (1, None, sp.Or),
    "Not": (1, 1, sp.Not),
}
_MATRIX_FUNCTIONS = ("Matrix", "ImmutableMatrix")
_TRANSCENDENTAL = frozenset(
    {"exp", "log", "ln", "sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "sigmoid"}
    | {"asinh", "erf", "erfc", "gamma", "loggamma"}
)
KNOWN_FUNCTIONS: tuple[str, ...] = (
    *_EXPR_FUNCTIONS,
    "Piecewise",
    *_BOOL_FUNCTIONS,
    *_MATRIX_FUNCTIONS,
)
"""Every function name the parser accepts in a call."""

_COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Lt: sp.Lt,
    ast.LtE: sp.Le,
    ast.Gt: sp.Gt,
    ast.GtE: sp.Ge,
    ast.Eq: sp.Eq,
    ast.NotEq: sp.Ne,
}

# Constructs that Python parses but symml refuses, each with what to write instead.
_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access (a.b) is not allowed; use only names, numbers and known functions",
    ast.Subscript: "indexing (a[i]) is not allowed; name each variable, e.g. x1, x2",
    ast.Lambda: "lambda is not allowed; give the expression itself, e.g. x**2",
    ast.IfExp: "conditional expressions (a if c else b) are not allowed; give one expression",
    ast.ListComp: "comprehensions are not allowed; write the entries out",
    ast.SetComp: "comprehensions are not allowed; write the entries out",
    ast.DictComp: "comprehensions are not allowed; write the entries out",
    ast.GeneratorExp: "comprehensions are not allowed; write the entries out",
    ast.Dict: "dictionaries are not allowed; give an expression",
    ast.Set: "sets ({...}) are not allowed; give an expression, or a list [[...]] for a matrix",
    ast.JoinedStr: "strings are not allowed; give an expression",
    ast.FormattedValue: "strings are not allowed; give an expression",
    ast.NamedExpr: "assignment (:=) is not allowed; give an expression",
    ast.Starred: "unpacking (*a) is not allowed; write the arguments out",
    ast.Await: "await is not allowed; give an expression",
    ast.Yield: "yield is not allowed; give an expression",
    ast.YieldFrom: "yield is not allowed; give an expression",
    ast.Slice: "slices are not allowed; give an expression",
}

# Greek letters α…ω and Α…Ω (without the final sigma and the unassigned U+03A2).
_GREEK = {chr(c) for c in (*range(0x3B1, 0x3CA), *range(0x391, 0x3AA)) if c not in (0x3C2, 0x3A2)}
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_DECIMAL_INT_RE = re.compile(r"[0-9](?:_?[0-9])*\Z")
_DECIMAL_FLOAT_RE = re.compile(r"(?P<mantissa>[0-9_]*\.?[0-9_]*)(?:[eE](?P<exponent>[+-]?[0-9_]+))?\Z")


def _greek_name(char: str) -> str:
    # unicodedata names the letters as SymPy spells them: "GREEK SMALL LETTER LAMDA" -> lamda
    words = unicodedata.name(char).split()
    name = words[-1].lower()
    return name if words[1] == "SMALL" else name.capitalize()


class _Parser(StructureSyntax):
    """One parse of one string: the source (for columns) and the caller's symbols.

    ``structures=True`` also reads the matrices, sets, derivatives, … that results hold
    (:mod:`symml.core.structure_syntax`): what :func:`parse_value` reads.
    """

    def __init__(self, text: str, symbols: Symbols, what: str, *, structures: bool = False) -> None:
        self.structures = structures
        self.text = text
        self.what = what
        self.symbols = _symbol_table(symbols)
        self.lines = text.split("\n")
        self.conversions: list[str] = []
        self.min_max_arguments = 0
        self.in_event = False  # inside P(...): names are events and random variables

    def run(self, build: Callable[[ast.expr], Any]) -> Any:
        """Parse, build with ``build(tree)``, then report float conversions (only on success)."""
        tree = self.tree()
        try:
            value = build(tree)
        except (ParseError, ShapeError):
            raise
        except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
            # SymPy gave up evaluating something numeric (e.g. PrecisionExhausted).
            raise ParseError(
                f"{self.what} {self.text_excerpt()} could not be evaluated exactly "
                f"({type(exc).__name__}); simplify it"
            ) from None
        for message in self.conversions:
            warnings.warn(f"{self.what}: {message}", ExactnessWarning, stacklevel=3)
        return value

    # -- errors -------------------------------------------------------------------------
    def where(self, node: ast.AST | None) -> str:
        if node is None or not hasattr(node, "lineno"):
            return ""
        line = self.lines[node.lineno - 1] if node.lineno - 1 < len(self.lines) else ""
        # ast columns count UTF-8 bytes; report characters.
        column = len(line.encode("utf-8")[: node.col_offset].decode("utf-8", errors="ignore")) + 1
        if len(self.lines) > 1:
            return f" at line {node.lineno}, column {column}"
        return f" at column {column}"

    def fail(self, node: ast.AST | None, message: str) -> ParseError:
        return ParseError(f"{self.what} {self.text_excerpt()}: {message}{self.where(node)}".rstrip())

    def source(self, node: ast.AST) -> str:
        """The text of ``node`` (ast.get_source_segment re-splits the whole text on every call)."""
        if getattr(node, "lineno", None) is None or node.end_lineno != node.lineno:
            return ast.get_source_segment(self.text, node) or ""
        line = self.lines[node.lineno - 1].encode("utf-8")
        return line[node.col_offset : node.end_col_offset].decode("utf-8", errors="replace")

    def snippet(self, node: ast.AST) -> str:
        segment = self.source(node)
        return segment if len(segment) <= 40 else segment[:37] + "..."

    def text_excerpt(self) -> str:
        return repr(self.text if len(self.text) <= 60 else self.text[:57] + "...")

    # -- entry ----------------------------------------------------------------------------
    def tree(self) -> ast.expr:
        text = self.text
        if len(text) > limits.max_length:
            raise ParseError(
                f"{self.what} is {len(text)} characters long; symml accepts at most {limits.max_length}"
            )
        if not text.strip():
            raise ParseError(f"{self.what} is empty; give e.g. x**2 + y")
        self.text = text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        self.lines = text.split("\n")
        self._scan_characters()
        try:
            with warnings.catch_warnings():
                # Python warns (SyntaxWarning) on dubious text such as "1and x"; refuse it instead.
                warnings.simplefilter("error", SyntaxWarning)
                warnings.simplefilter("error", DeprecationWarning)
                tree = ast.parse(text, mode="eval")
        except SyntaxError as exc:
            raise ParseError(self._syntax_message(exc)) from None
        except (RecursionError, MemoryError, ValueError) as exc:  # too deep or too big for Python
            raise ParseError(
                f"{self.what} {self.text_excerpt()} is too deeply nested or too large to parse "
                f"({type(exc).__name__}); simplify it"
            ) from None
        return tree.body

    def _scan_characters(self) -> None:
        depth = 0
        line, column = 1, 0
        for index, char in enumerate(self.text):
            column += 1
            if char == "\n":
                line, column = line + 1, 0
            elif char in "([{":
                depth += 1
                if depth > limits.max_depth:
                    raise ParseError(
                        f"{self.what} nests brackets more than {limits.max_depth} deep (line {line}, column "
                        f"{column}); simplify the expression"
                    )
            elif char in ")]}":
                depth -= 1
            elif (not char.isascii() and char not in _GREEK) or (
                # control characters (form feed, …) would make Python's lines differ from ours
                char.isascii() and not char.isprintable() and char not in "\n\t"
            ):
                raise ParseError(
                    f"{self.what} contains the character {char!r} (U+{ord(char):04X}) at line {line}, "
                    f"column {column}; use ASCII names and operators (Greek letters such as α are fine)"
                )
            elif char in "'\"":
                raise ParseError(
                    f"{self.what} contains a quote at line {line}, column {column}; strings are not "
                    "allowed, give an expression"
                )
            elif char == "#":
                # Python would read the rest of the line as a comment and silently drop it
                raise ParseError(
                    f"{self.what} contains '#' at line {line}, column {column}; comments are not "
                    "allowed (everything after # would be ignored), give only the expression"
                )
            elif char in "\\;`$?@!" and not (char == "!" and self.text[index + 1 : index + 2] == "="):
                raise ParseError(
                    f"{self.what} contains {char!r} at line {line}, column {column}, which is not part "
                    "of symml's syntax (numbers, names, + - * / **, calls, comparisons, lists)"
                )

    def _syntax_message(self, exc: SyntaxError) -> str:
        column = f" at column {exc.offset}" if exc.offset else ""
        if exc.lineno and len(self.lines) > 1:
            column = f" at line {exc.lineno}, column {exc.offset}"
        hint = "write e.g. 2*x*(y + 1)**2 or x > 0, y < 1"
        words = set(re.findall(r"[A-Za-z_]+", self.text))
        if "lambda" in words:
            hint = "lambda is a Python keyword; write lamda (SymPy's spelling, printed λ)"
        elif re.search(r"[0-9][A-Za-z_(]|\)[A-Za-z0-9(]", self.text):
            hint = "write multiplication explicitly, e.g. 2*x or (x + 1)*(x - 1)"
        elif re.search(r"(?<![<>=!])=(?!=)", self.text):
            hint = "write equality as == (or Eq(a, b)); assignment is not allowed"
        elif words & {"import", "exec", "def", "class", "for", "while", "return", "with", "del", "global"}:
            hint = "statements are not allowed; give one expression"
        return f"{self.what} {self.text_excerpt()} is not valid syntax{column} ({exc.msg}); {hint}"

    # -- the walk -------------------------------------------------------------------------
    def build(self, node: ast.AST, depth: int = 0) -> Any:
        """Build the SymPy object of ``node``: an Expr, a Boolean, or a list (matrix rows)."""
        if depth > limits.max_depth:
            raise self.fail(node, f"the expression nests more than {limits.max_depth} deep; simplify it")
        if self.structures and isinstance(node, ast.Set):
            return self.finite_set(node, depth)
        for refused, message in _REFUSED_NODES.items():
            if isinstance(node, refused):
                raise self.fail(node, message)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v, depth + 1) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.build(e, depth + 1) for e in node.elts]
        raise self.fail(node, f"{type(node).__name__} is not part of symml's syntax; give an expression")

    def expr(self, node: ast.AST, depth: int) -> sp.Expr:
        value = self.build(node, depth + 1)
        if isinstance(value, list):
            raise self.fail(node, "a list is a matrix, not a number here; give a scalar expression")
        if is_structure(value):
            raise self.fail(node, f"{self.snippet(node)} is a matrix or a set here; give an expression")
        if not isinstance(value, sp.Expr):
            raise self.fail(node, f"{self.snippet(node)} is a condition, not a number; give an expression")
        return value

    def condition(self, node: ast.AST, depth: int) -> Boolean:
        value = self.build(node, depth + 1)
        # A SymPy Symbol is also a Boolean (for logic), so test for expressions first.
        if isinstance(value, (list, sp.Expr)) or not isinstance(value, Boolean):
            raise self.fail(
                node, f"{self.snippet(node)} is not a condition; write a comparison such as x > 0"
            )
        return value

    def constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, bool):
            return sp.true if value else sp.false
        if isinstance(value, int):
            text = (self.source(node) or str(value)).replace("_", "")
            if not _DECIMAL_INT_RE.match(text):
                raise self.fail(node, f"write the number {text} in decimal digits")
            if len(text) > limits.max_digits:
                raise self.fail(
                    node, f"a number literal has {len(text)} digits; at most {limits.max_digits} allowed"
                )
            return sp.Integer(value)
        if isinstance(value, float):
            text = self.source(node) or repr(value)
            match = _DECIMAL_FLOAT_RE.match(text)
            if not match:
                raise self.fail(node, f"write the number {text} in decimal digits, e.g. 0.25")
            digits = len(match["mantissa"].replace("_", "").replace(".", ""))
            exponent = int(match["exponent"].replace("_", "")) if match["exponent"] else 0
            if digits > limits.max_digits or abs(exponent) > limits.max_digits:
                raise self.fail(
                    node, f"the number {text[:20]} is too large; at most {limits.max_digits} digits allowed"
                )
            exact = sp.Rational(text.replace("_", ""))
            self.conversions.append(
                f"the float {text}{self.where(node)} was read as the exact Rational {exact}"
            )
            return exact
        if isinstance(value, complex):
            raise self.fail(node, f"{self.snippet(node)} is imaginary; symml works over the real numbers")
        if isinstance(value, str):
            raise self.fail(node, "strings are not allowed; give an expression")
        raise self.fail(node, f"{value!r} is not a number; give an exact value")

    def name(self, node: ast.Name) -> sp.Expr:
        name = node.id
        if isinstance(self.symbols.get(name), UndefinedFunction):
            raise self.fail(node, f"{name} is a function; call it, e.g. {name}(x)")
        if name in self.symbols:
            return self.symbols[name]
        if name.startswith("_"):
            raise self.fail(node, f"names starting with an underscore ({name}) are not allowed")
        if self.in_event:  # P(E), P(X >= 5): names of events and random variables, not constants
            if not _NAME_RE.match(name):
                raise self.fail(node, f"{name!r} is not a valid name; use letters, digits and _")
            return sp.Symbol(name)
        if self.structures and self.structure_name(node) is not None:
            return self.structure_name(node)
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in _REFUSED_NAMES or name.lower() in ("inf", "infinity", "nan"):
            reason = _REFUSED_NAMES.get(name) or _REFUSED_NAMES[name.lower()]
            raise self.fail(node, f"{name} is not available: {reason}")
        if name in ("True", "False"):
            return sp.true if name == "True" else sp.false
        if name in _EXPR_FUNCTIONS or name in _BOOL_FUNCTIONS or name in _MATRIX_FUNCTIONS:
            raise self.fail(node, f"{name} is a function; call it, e.g. {name}(x)")
        if any(ch in _GREEK for ch in name):
            name = "".join(_greek_name(ch) if ch in _GREEK else ch for ch in name)
            if name in self.symbols:
                return self.symbols[name]
            if name == "pi":  # π is the number, as everywhere in the notes
                return sp.pi
        if not _NAME_RE.match(name):
            raise self.fail(node, f"{name!r} is not a valid name; use letters, digits and _")
        return sp.Symbol(name, real=True)

    def binop(self, node: ast.BinOp, depth: int) -> Any:
        op = node.op
        if isinstance(op, (ast.Add, ast.Sub)):
            return self.chain(node, depth, (ast.Add, ast.Sub))
        if isinstance(op, (ast.Mult, ast.Div)):
            return self.chain(node, depth, (ast.Mult, ast.Div))
        if isinstance(op, ast.Pow):
            return self.power(node, depth)
        if isinstance(op, ast.BitXor):
            raise self.fail(node, "^ is not a power in symml (Python reads it as exclusive-or); write x**2")
        if isinstance(op, (ast.BitAnd, ast.BitOr)):
            # SymPy prints And/Or of relations as (a) & (b), (a) | (b): accept those for round trips.
            left, right = self.condition(node.left, depth), self.condition(node.right, depth)
            return sp.And(left, right) if isinstance(op, ast.BitAnd) else sp.Or(left, right)
        symbol = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>"}
        hint = "write floor(a/b)" if isinstance(op, ast.FloorDiv) else "use + - * / ** and known functions"
        raise self.fail(
            node, f"the operator {symbol.get(type(op), type(op).__name__)} is not allowed; {hint}"
        )

    def chain(self, node: ast.BinOp, depth: int, ops: tuple[type, ...]) -> sp.Expr:
        # Walk the left spine iteratively, so a long sum x + x + ... + x is not "deep".
        parts: list[tuple[ast.operator, ast.expr]] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, ops):
            parts.append((current.op, current.right))
            current = current.left
        if isinstance(node.op, (ast.Add, ast.Sub)):
            first = self.expr(current, depth)
            terms = [first]
            for op, right in reversed(parts):
                term = self.expr(right, depth)
                terms.append(-term if isinstance(op, ast.Sub) else term)
            self.bounded_bits(sum(_bits(t) for t in terms), node)
            return self.checked(_as_written(sp.Add, terms), node)
        take = self.operand if self.structures else self.expr
        values = [take(current, depth), *(take(right, depth) for _, right in reversed(parts))]
        if any(is_structure(v) for v in values):
            return self.matrix_product(values, [op for op, _ in parts], node)
        factors = [values[0]]
        for (op, right), factor in zip(reversed(parts), values[1:]):
            if isinstance(op, ast.Div):
                if factor.is_zero:
                    raise self.fail(right, f"division by {self.snippet(right)}, which is zero")
                factor = sp.Pow(factor, -1)
            factors.append(factor)
        self.bounded_bits(sum(_bits(f) for f in factors), node)
        return self.checked(_as_written(sp.Mul, factors), node)

    def power(self, node: ast.BinOp, depth: int) -> sp.Expr:
        base = self.expr(node.left, depth)
        exponent = self.expr(node.right, depth)
        if exponent.is_Rational:
            p, q = exponent.p, exponent.q
            if abs(p) > limits.max_exponent or q > limits.max_exponent:
                raise self.fail(
                    node.right,
                    f"the exponent {exponent if len(str(exponent)) < 30 else '(very large)'} is too large; "
                    f"numeric exponents are limited to {limits.max_exponent}",
                )
            # (N*x)**k computes N**k: bound the numbers inside the base times |k|
            self.bounded_bits(_bits(base) * abs(p), node)
            if base.is_number and not base.is_Rational:
                # |b**k| <= 2**(k*hi) for k > 0 and 2**(|k|*lo) for k < 0 (a base near 0 has lo = inf,
                # which only matters for negative powers)
                hi, lo = log2_bounds(base)
                self.bounded_magnitude((hi if exponent > 0 else lo) * abs(float(exponent)), node)
        else:
            if base.is_number and exponent.is_number:
                scale = 2.0 ** min(log2_bounds(exponent)[0], 1100)
                self.bounded_magnitude(max(log2_bounds(base)) * scale, node)
            self.bounded_function_argument(exponent, node.right)  # 2**(N*sqrt(2)) is exp-like
            if base.is_zero and exponent.is_negative:
                raise self.fail(node, f"{self.snippet(node)} divides by zero")
            if base.is_number and not exponent.is_number and not base.is_positive:
                # 0**x is 0 only for x > 0; (-1)**x is real only at integers: not real functions of x
                raise self.fail(
                    node,
                    f"{self.snippet(node)}: a power of {base} is not a real function of its exponent "
                    "(defined only for some values); write it for the values you mean, e.g. with Piecewise",
                )
        return self.checked(_as_written(sp.Pow, [base, exponent]), node)

    def unary(self, node: ast.UnaryOp, depth: int) -> Any:
        if isinstance(node.op, ast.USub):
            return -self.expr(node.operand, depth)
        if isinstance(node.op, ast.UAdd):
            return self.expr(node.operand, depth)
        if isinstance(node.op, (ast.Not, ast.Invert)):
            return sp.Not(self.condition(node.operand, depth))
        raise self.fail(node, "this unary operator is not allowed; use - or not")

    def conjuncts(self, tree: ast.expr) -> list[Boolean]:
        """The conditions of a top-level conjunction, in the order written."""
        out: list[Boolean] = []
        # An explicit stack, so a long chain a & b & c & ... is not recursion.
        stack: list[ast.expr] = list(reversed(tree.elts)) if isinstance(tree, ast.Tuple) else [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
                stack.extend(reversed(node.values))
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
                stack.extend((node.right, node.left))
            elif isinstance(node, ast.Compare) and len(node.ops) > 1:
                out.extend(_conjuncts_list(self.compare(node, 0, split=True)))
            else:
                out.extend(_conjuncts(self.condition(node, 0)))
        return out

    def compare(self, node: ast.Compare, depth: int, split: bool = False) -> Any:
        operands = [self.expr(node.left, depth)]
        relations = []
        for op, right in zip(node.ops, node.comparators):
            relation = _COMPARISONS.get(type(op))
            if relation is None:
                raise self.fail(node, "only < <= > >= == != comparisons are allowed (not is / in)")
            operands.append(self.expr(right, depth))
            relations.append(relation(operands[-2], operands[-1]))
        if split:
            return relations
        return relations[0] if len(relations) == 1 else sp.And(*relations)

    def call(self, node: ast.Call, depth: int) -> Any:
        structure = self.structure_call(node, depth) if self.structures else None
        if structure is not None:
            return structure
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only known functions may be called, e.g. exp(x); " + _known())
        name = node.func.id
        if node.keywords:
            raise self.fail(node, f"keyword arguments are not allowed; call {name} with plain arguments")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, _REFUSED_NODES[ast.Starred])
        if name in _MATRIX_FUNCTIONS:
            raise self.fail(
                node, f"{name}(...) is a matrix; give a scalar expression here (or use parse_matrix)"
            )
        if name == "Piecewise" and name not in self.symbols:
            return self.piecewise(node, depth)
        if name == "P" and name not in self.symbols:
            return self.probability(node, depth)
        if name in ("Indicator", "Conditioned") and self.in_event and name not in self.symbols:
            return self.derived_variable(node, name, depth)
        if isinstance(self.symbols.get(name), UndefinedFunction):  # the caller's own function f(x)
            return self.symbols[name](*(self.expr(a, depth) for a in node.args))
        table = _EXPR_FUNCTIONS if name in _EXPR_FUNCTIONS else _BOOL_FUNCTIONS
        if name not in table or name in self.symbols:
            raise self.fail(node, f"unknown function {name}; " + _known())
        least, most, builder = table[name]
        count = len(node.args)
        if count < least or (most is not None and count > most):
            expected = (
                str(least) if least == most else f"{least} or more" if most is None else f"{least} to {most}"
            )
            raise self.fail(node, f"{name} takes {expected} argument(s), not {count}")
        if table is _EXPR_FUNCTIONS:
            args = [self.expr(a, depth) for a in node.args]
            if name in ("floor", "ceiling"):
                self.bounded_number(args[0], node)
            base = args[1] if name == "log" and len(args) == 2 else None
            if base is not None and base.is_number and not (base.is_positive and base != 1):
                # SymPy reads log(x, 0) as 0 and log(x, 1) as zoo: neither is a logarithm
                raise self.fail(node.args[1], f"the base {base} of a logarithm must be positive and not 1")
            if name in _TRANSCENDENTAL:
                for arg, arg_node in zip(args, node.args):
                    self.bounded_function_argument(arg, arg_node)
            if name in ("exp", "sinh", "cosh", "sigmoid") and args[0].is_number:
                self.bounded_magnitude(log2_bounds(sp.exp(args[0], evaluate=False))[0], node)
            if name in ("Max", "max", "Min", "min"):
                self.min_max_arguments += len(args)
                if self.min_max_arguments > limits.max_min_max_arguments:
                    raise self.fail(
                        node,
                        f"Max and Min take at most {limits.max_min_max_arguments} arguments in all; "
                        "split the problem into smaller ones",
                    )
            if name == "exp":
                return self.checked(_as_written(sp.exp, args), node)
            return self.checked(builder(*args), node)
        if name in ("Eq", "Ne"):
            side = self.operand if self.structures else self.expr
            sides = [side(a, depth) for a in node.args]
            # a relation of matrices or sets stays as written (SymPy would decide it False)
            return builder(*sides, evaluate=not any(map(is_structure, sides)))
        return builder(*(self.condition(a, depth) for a in node.args))

    def piecewise(self, node: ast.Call, depth: int) -> Any:
        """``Piecewise((value, condition), ...)``: each piece a pair, the last condition may be True."""
        pieces = []
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise self.fail(arg, "each piece of Piecewise is a pair (value, condition), e.g. (x, x < 0)")
            value, cond = arg.elts
            pieces.append((self.expr(value, depth), self.condition(cond, depth)))
        if not pieces:
            raise self.fail(node, "Piecewise needs at least one piece (value, condition)")
        return self.checked(sp.Piecewise(*pieces), node)

    # -- probabilities: P(A), P(A | B), events of names, relations and sets of outcomes --------
    def probability(self, node: ast.Call, depth: int) -> Any:
        """``P(event)`` or ``P(event | given)``: the bar at the top is the conditional bar."""
        if len(node.args) != 1 or self.in_event:
            raise self.fail(node, "P takes one event, e.g. P(X >= 5) or P(A | B) (a conditional probability)")
        (arg,) = node.args
        self.in_event = True
        try:
            if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.BitOr):
                return ProbabilityOf(self.event(arg.left, depth + 1), self.event(arg.right, depth + 1))
            return ProbabilityOf(self.event(arg, depth + 1))
        finally:
            self.in_event = False

    def derived_variable(self, node: ast.Call, name: str, depth: int) -> Any:
        """Inside P(...): ``Indicator(A)`` (the indicator variable of an event) and
        ``Conditioned(X, B)`` (X given the event B), the names symml gives derived variables."""
        if name == "Indicator":
            if len(node.args) != 1:
                raise self.fail(node, "Indicator takes one event, e.g. Indicator(X > 3)")
            return Indicator(self.event(node.args[0], depth + 1))
        if len(node.args) != 2:
            raise self.fail(node, "Conditioned takes a variable and an event, e.g. Conditioned(X, X > 3)")
        return Conditioned(self.expr(node.args[0], depth + 1), self.event(node.args[1], depth + 1))

    def event(self, node: ast.AST, depth: int) -> Any:
        """An event inside P(...): a name, a comparison, a set of outcomes {1, 2}, True (Ω),
        False (∅), Contains(X, {1, 2}), combined with & / and (∩), or (∪), ~ / not (complement)."""
        if depth > limits.max_depth:
            raise self.fail(node, f"the expression nests more than {limits.max_depth} deep; simplify it")
        if isinstance(node, ast.Set):
            return sp.Contains(OMEGA, self.outcomes(node, depth), evaluate=False)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Contains":  # X in {1, 2}
            if node.keywords or len(node.args) != 2 or not isinstance(node.args[1], ast.Set):
                raise self.fail(node, "Contains takes a variable and a set of values: Contains(X, {1, 2})")
            variable, values = self.expr(node.args[0], depth), self.outcomes(node.args[1], depth)
            return sp.Contains(variable, values, evaluate=False)
        if isinstance(node, ast.BoolOp):
            parts = [self.event(v, depth + 1) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
            return sp.And(self.event(node.left, depth + 1), self.event(node.right, depth + 1))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            raise self.fail(node, "| is the conditional bar of P(A | B); write a union as A or B")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
            return sp.Not(self.event(node.operand, depth + 1))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("And", "Or", "Not"):
            if node.keywords or not node.args or (node.func.id == "Not" and len(node.args) != 1):
                raise self.fail(node, f"{node.func.id} takes events, e.g. {node.func.id}(A, B)")
            return _BOOL_FUNCTIONS[node.func.id][2](*(self.event(a, depth + 1) for a in node.args))
        if isinstance(node, (ast.Name, ast.Constant, ast.Compare, ast.Call)):
            value = self.build(node, depth + 1)
            if isinstance(value, Boolean):  # a name is a Symbol, which is also a Boolean
                return value
        raise self.fail(
            node, f"{self.snippet(node)} is not an event; write e.g. X >= 5, Eq(X, 6), A, or {{1, 2}}"
        )

    def outcomes(self, node: ast.Set, depth: int) -> sp.FiniteSet:
        return sp.FiniteSet(*(self.outcome(e, depth + 1) for e in node.elts))

    def outcome(self, node: ast.AST, depth: int) -> Any:
        """One outcome in a set of outcomes: a number, a name (a label such as H) or a tuple."""
        if isinstance(node, ast.Tuple):
            return sp.Tuple(*(self.outcome(e, depth + 1) for e in node.elts))
        return self.expr(node, depth)

    def bounded_bits(self, bits: int, node: ast.AST) -> None:
        """Refuse, before computing it, arithmetic on rationals of more than limits.max_number_bits bits."""
        if bits > limits.max_number_bits:
            raise self.fail(
                node,
                f"{self.snippet(node)} would compute numbers of about {bits} bits; at most "
                f"{limits.max_number_bits} bits are allowed",
            )

    def bounded_function_argument(self, value: sp.Expr, node: ast.AST) -> None:
        bits = _bits(value)
        if bits > limits.max_function_bits:
            raise self.fail(
                node,
                f"{self.snippet(node)} holds numbers of {bits} bits, too large inside a function or an "
                f"exponent (at most {limits.max_function_bits} bits); give smaller numbers",
            )

    def bounded_number(self, value: sp.Expr, node: ast.AST) -> None:
        """Refuse to round a huge irrational number (floor(exp(10**6)) needs 400 000 digits)."""
        if not value.is_number or value.is_Rational:
            return
        # A low-precision estimate only bounds the work; it proves nothing.
        estimate = value.evalf(5)
        if not estimate.is_Float or abs(estimate) > sp.Integer(2) ** limits.max_rounded_bits:
            raise self.fail(
                node,
                f"{self.snippet(node)} rounds a number larger than 2**{limits.max_rounded_bits}; "
                "give a smaller one",
            )

    def checked(self, value: sp.Expr, node: ast.AST) -> sp.Expr:
        """Refuse infinities, nan and non-real numbers the moment they appear."""
        if value.has(*_NOT_REAL) or (value.is_number and value.is_extended_real is False):
            raise self.fail(node, f"{self.snippet(node)} is not a finite real number")
        if value.is_number and not value.is_Rational:
            self.bounded_magnitude(log2_bounds(value)[0], node)
        degree = _degree_bound(value)
        if degree > limits.max_degree:
            raise self.fail(
                node,
                f"{self.snippet(node)} has degree {degree:.0f} once multiplied out; at most "
                f"symml.limits.max_degree = {limits.max_degree} is allowed",
            )
        return value

    def bounded_magnitude(self, hi: float, node: ast.AST) -> None:
        """Refuse, before building it, a number beyond 2**max_number_bits (exp(10**300), E**E**E**E)."""
        if hi > limits.max_number_bits:
            size = "more than 2**(10**300)" if hi > 1e300 else f"about 2**{hi:.3g}"
            raise self.fail(
                node,
                f"{self.snippet(node)} is a number of {size}; numbers beyond "
                f"2**{limits.max_number_bits} (symml.limits.max_number_bits) are refused: no sign "
                "or digit of them can be computed in reasonable time",
            )

    # -- top-level shapes -----------------------------------------------------------------
    def matrix(self, node: ast.expr) -> sp.ImmutableMatrix:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _MATRIX_FUNCTIONS
        ):
            if len(node.args) != 1 or node.keywords:
                raise self.fail(node, f"{node.func.id} takes one list of rows, e.g. Matrix([[1, 2], [3, 4]])")
            node = node.args[0]
        if not isinstance(node, (ast.List, ast.Tuple)):
            raise self.fail(
                node, "a matrix is a list of rows, e.g. [[1, 2], [3, 4]], or a list [1, 2] (a column)"
            )
        if not node.elts:
            raise ShapeError(f"{self.what} {self.text_excerpt()} is empty; a matrix needs at least one entry")
        if all(isinstance(e, (ast.List, ast.Tuple)) for e in node.elts):
            rows = [[self.expr(e, 1) for e in row.elts] for row in node.elts]  # type: ignore[attr-defined]
            widths = [len(r) for r in rows]
            if widths[0] == 0:
                raise ShapeError(
                    f"{self.what} {self.text_excerpt()} has an empty row; every row needs entries"
                )
            for i, width in enumerate(widths):
                if width != widths[0]:
                    raise ShapeError(
                        f"{self.what} {self.text_excerpt()} is ragged: row 1 has {widths[0]} entries but row "
                        f"{i + 1} has {width}; give every row the same length"
                    )
            return sp.ImmutableMatrix(rows)
        if any(isinstance(e, (ast.List, ast.Tuple)) for e in node.elts):
            raise ShapeError(
                f"{self.what} {self.text_excerpt()} mixes numbers and rows; give a list of rows "
                "[[1, 2], [3, 4]] or a flat list [1, 2] for a column"
            )
        return sp.ImmutableMatrix([self.expr(e, 1) for e in node.elts])


_EXP_LIKE = (sp.exp, sp.sinh, sp.cosh)
_BOUNDED = (sp.sin, sp.cos, sp.atan, sp.tanh, sp.sign)


def _exp_bound(hi: float) -> float:
    """log2 of exp(a) when log2 |a| <= hi: |a| / ln 2 (infinite when |a| is beyond floats)."""
    return math.inf if hi > 1000 else 1.4427 * 2.0**hi + 1


@functools.lru_cache(maxsize=4096)
def log2_bounds(value: sp.Expr) -> tuple[float, float]:
    """Bounds ``(hi, lo)`` with ``|value| <= 2**hi`` and ``|value| >= 2**-lo``, without evaluating it.

    ``value`` is a real number built from the parser's functions; the bounds follow its tree
    (a product adds, a power multiplies, exp exponentiates), so they cost nothing even when
    the number has millions of digits.  ``lo`` is infinite when the number may be 0 (a sum
    that SymPy did not simplify, e.g. ``(1 + sqrt(2))**2 - 3 - 2*sqrt(2)``).

    >>> log2_bounds(sp.exp(sp.Integer(10)))[0] > 14
    True
    """
    if value.is_Rational:
        if value == 0:
            return 0.0, math.inf
        size = float(max(abs(value.p).bit_length(), value.q.bit_length()))
        return size, size
    if value.is_NumberSymbol:  # pi, E
        return 2.0, 2.0
    args = [log2_bounds(a) for a in value.args if isinstance(a, sp.Expr) and a.is_number]
    widest = max((max(a) for a in args), default=0.0)
    if value.is_Mul:
        return sum(a[0] for a in args), sum(a[1] for a in args)
    if value.is_Pow:
        (b_hi, b_lo), (e_hi, _) = args
        if value.exp.is_Rational:
            # |b**n| <= 2**(n*hi) and >= 2**(-n*lo) for n > 0; the roles swap for n < 0, so a
            # base near 0 whose lower bound is unknown still has a finite reciprocal's lower bound
            n = float(abs(value.exp))
            return (n * b_hi, n * b_lo) if value.exp > 0 else (n * b_lo, n * b_hi)
        big = max(b_hi, b_lo) * 2.0 ** min(e_hi, 1100)
        return big, big
    if isinstance(value, _EXP_LIKE):
        big = _exp_bound(args[0][0])
        if args[0][0] < 60:  # a small argument: its 15-digit value bounds exp tightly
            big = 1.4427 * abs(float(value.args[0].evalf(15))) + 1
        return big, big
    hi = max(a[0] for a in args) + math.log2(len(args)) + 1 if value.is_Add else widest + 2
    if isinstance(value, _BOUNDED):
        hi = 1.0
    elif isinstance(value, sp.log):
        hi = math.log2(max(widest, 1.0)) + 1
    return hi, _low_bound(value)


def _low_bound(value: sp.Expr) -> float:
    """-log2 |value| from a 15-digit estimate (infinite when the estimate cannot exclude 0)."""
    try:
        estimate = value.evalf(15, maxn=200)
    except (ArithmeticError, ValueError, TypeError):
        return math.inf
    if not estimate.is_Float or estimate == 0 or estimate._prec < 10:
        return math.inf
    return max(0.0, -math.log2(abs(float(estimate)))) + 1


@functools.lru_cache(maxsize=4096)
def expanded_terms(value: sp.Expr) -> float:
    """An upper bound on the number of terms of ``value`` once products and powers are expanded.

    >>> x, y, z = sp.symbols("x y z")
    >>> expanded_terms((x + y + z)**2)
    6.0
    """
    if not value.args or value.is_number:
        return 1.0
    terms = [expanded_terms(a) for a in value.args if isinstance(a, sp.Expr)]
    if value.is_Add:
        return float(sum(terms))
    if value.is_Mul:
        return float(math.prod(terms))
    if value.is_Pow and value.exp.is_Integer and value.exp > 0 and terms[0] > 1:
        n, t = int(value.exp), terms[0]
        return float(math.comb(int(t) + n - 1, n)) if t < 1e6 else math.inf
    return 1.0


def _degree_bound(value: sp.Expr) -> float:
    """An upper bound on the total degree of ``value`` once powers are multiplied out."""
    if value.is_Symbol:
        return 1.0
    if not value.args or value.is_number:
        return 0.0
    degrees = [_degree_bound(a) for a in value.args if isinstance(a, sp.Expr)]
    if value.is_Mul:
        return sum(degrees)
    if value.is_Pow:
        return degrees[0] * float(abs(value.exp)) if value.exp.is_Rational else degrees[0]
    return max(degrees, default=0.0)


def _restrictions(value: sp.Expr) -> set[tuple[str, sp.Expr]]:
    """Where ``value`` as written is defined: logs need positive, even roots nonnegative
    arguments, and divisors must not vanish."""
    logs = value.atoms(sp.log)
    out: set[tuple[str, sp.Expr]] = {("pos", a.args[0]) for a in logs if not a.args[0].is_number}
    for p in value.atoms(sp.Pow):
        if p.base.is_number or not p.exp.is_Rational:
            continue
        if p.exp.q % 2 == 0:
            out.add(("nonneg", p.base))
        if p.exp < 0:
            out.add(("nonzero", p.base))
    return out


def _as_written(build: Callable[..., sp.Expr], args: list[sp.Expr]) -> sp.Expr:
    """``build(*args)``, left unevaluated when SymPy's evaluation would drop a condition the
    input imposes (``exp(log(x))`` is x only for x > 0, ``x/x`` is 1 only for x != 0), so that
    the natural domain is taken from the input as written."""
    value = build(*args)
    needed = set().union(*(_restrictions(a) for a in args))
    if needed and not needed <= _restrictions(value):
        return build(*args, evaluate=False)
    return value


def _bits(value: sp.Expr) -> int:
    """Bits in the rational numbers of ``value``: what arithmetic on it may have to multiply."""
    if value.is_Rational:
        return abs(value.p).bit_length() + value.q.bit_length()
    return sum(abs(r.p).bit_length() + r.q.bit_length() for r in value.atoms(sp.Rational))


def _known() -> str:
    return "known functions: " + ", ".join(sorted(set(KNOWN_FUNCTIONS) - set(_MATRIX_FUNCTIONS)))


def _symbol_table(symbols: Symbols) -> dict[str, sp.Basic]:
    if symbols is None:
        return {}
    if isinstance(symbols, Mapping):
        table: dict[str, sp.Basic] = {}
        for name, value in symbols.items():
            if not isinstance(name, str):
                raise InvalidValueError(f"symbols= maps names to symbols; the key {name!r} is not a string")
            if not isinstance(value, (sp.Expr, UndefinedFunction, sp.MatrixSymbol)):
                raise InvalidValueError(
                    f"symbols= maps names to SymPy symbols (or matrix symbols, or undefined functions "
                    f"such as Function('f')); {name!r} maps to {value!r}, which is none of them"
                )
            table[name] = value
        return table
    if isinstance(symbols, sp.Symbol):
        symbols = [symbols]
    table = {}
    for value in symbols:
        if not isinstance(value, sp.Symbol):
            raise InvalidValueError(
                f"symbols= must be SymPy symbols or a mapping name -> symbol; got {value!r}"
            )
        table[value.name] = value
    return table


def _text(text: Any, what: str) -> str:
    if not isinstance(text, str):
        raise ParseError(f"{what} must be a string, got {type(text).__name__}; give e.g. 'x**2 + y'")
    return text


def parse_expression(text: str, symbols: Symbols = None) -> sp.Expr:
    """Parse a string into an exact SymPy expression, safely (no eval, no sympify).

    Parameters
    ----------
    text : str
        The expression in Python syntax, e.g. ``"(p - 1)*x**2 + exp(-y)"``; see the module
        documentation for the accepted syntax and limits.
    symbols : mapping or iterable of Symbol, optional
        Names that should resolve to the caller's own symbols, e.g. ``{"x": x}`` or
        ``[x, y]``, or to the caller's undefined functions (``{"f": Function("f")}``: then
        ``f(x)`` may be called).  Other names become ``Symbol(name, real=True)``.

    Returns
    -------
    sympy.Expr
        The expression; float literals become exact Rationals (with an ExactnessWarning).

    Raises
    ------
    ParseError
        When the text is not in the safe syntax, is too large, or is not a finite real
        expression (``1/0``, ``sqrt(-1)``).

    Examples
    --------
    >>> parse_expression("x**2 - 2*x + 1")
    x**2 - 2*x + 1
    >>> parse_expression("sigmoid(u)")
    1/(1 + exp(-u))
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> parse_expression("x + 1", symbols=[x]).free_symbols == {x}
    True
    """
    parser = _Parser(_text(text, "the expression"), symbols, "the expression")

    def build(tree: ast.expr) -> sp.Expr:
        if isinstance(tree, ast.Tuple):
            raise parser.fail(tree, "this is a list of several expressions; give one expression")
        if isinstance(tree, ast.List):
            raise parser.fail(tree, "a list is a matrix; give one expression (or use parse_matrix)")
        return parser.expr(tree, 0)

    return parser.run(build)


def parse_symbols(text: str, symbols: Symbols = None) -> list[sp.Symbol]:
    """Parse a list of variable names such as ``"x, y"`` or ``"x y"`` into real Symbols.

    Parameters
    ----------
    text : str
        Names separated by commas and/or spaces.
    symbols : mapping or iterable of Symbol, optional
        Names that resolve to the caller's own symbols.

    Returns
    -------
    list of sympy.Symbol
        In the order given; each ``Symbol(name, real=True)`` unless mapped.

    Raises
    ------
    ParseError
        On an empty list, a repeated name, a name that is not an identifier, or a
        reserved name (``pi``, ``E``, ``I``, function names …).

    Examples
    --------
    >>> parse_symbols("x, y")
    [x, y]
    >>> parse_symbols("theta1 theta2")
    [theta1, theta2]
    """
    text = _text(text, "the variable list")
    if len(text) > limits.max_length:
        raise ParseError(
            f"the variable list is {len(text)} characters long; at most {limits.max_length} allowed"
        )
    table = _symbol_table(symbols)
    names = [n for n in re.split(r"[\s,]+", text.strip()) if n]
    if not names:
        raise ParseError("the variable list is empty; give names such as 'x, y'")
    out: list[sp.Symbol] = []
    for name in names:
        if name in table:
            value = table[name]
            if not isinstance(value, sp.Symbol):
                raise ParseError(f"the variable {name} maps to {value}, which is not a symbol; give a Symbol")
        else:
            value = parse_expression(name)
            if not isinstance(value, sp.Symbol) or any(ch in "()" for ch in name):
                raise ParseError(
                    f"{name!r} in the variable list {text!r} is not a variable name; give names like 'x, y'"
                )
        if value in out:
            raise ParseError(f"the variable {name} is listed twice in {text!r}; list each variable once")
        out.append(value)
    return out


def parse_conditions(text: str, symbols: Symbols = None) -> list[Boolean]:
    """Parse conditions such as ``"x > 0, 0 < a < 1"`` into a list of SymPy relations.

    The list is a conjunction: commas, ``and``, ``&`` and chained comparisons all split
    into separate entries; ``or`` stays one ``Or``.  Conditions that are true outright
    (``1 < 2``, ``True``) are dropped; ``False`` is kept.

    Parameters
    ----------
    text : str
        The conditions.
    symbols : mapping or iterable of Symbol, optional
        Names that resolve to the caller's own symbols.

    Returns
    -------
    list of sympy Boolean
        Relations (``x > 0``), ``Or``/``Not`` combinations, or ``false``.

    Examples
    --------
    >>> parse_conditions("x > 0 and y >= 1")
    [x > 0, y >= 1]
    >>> parse_conditions("(p < -1) | (p > 1)")
    [(p > 1) | (p < -1)]
    >>> parse_conditions("True")
    []
    """
    parser = _Parser(_text(text, "the conditions"), symbols, "the conditions")
    return parser.run(parser.conjuncts)


def _conjuncts_list(conditions: list[Boolean]) -> list[Boolean]:
    return [c for condition in conditions for c in _conjuncts(condition)]


def _conjuncts(condition: Boolean) -> list[Boolean]:
    if isinstance(condition, sp.And):
        return [c for part in condition.args for c in _conjuncts(part)]
    if isinstance(condition, BooleanTrue):
        return []
    return [condition]


def parse_matrix(text: str, symbols: Symbols = None) -> sp.ImmutableMatrix:
    """Parse a matrix such as ``"[[1, 2], [3, 4]]"`` into an exact ImmutableMatrix.

    A flat list ``"[1, 2, 3]"`` is a column vector (3×1); ``"[[1, 2, 3]]"`` is a row.
    SymPy's printed form ``"Matrix([[1, 2], [3, 4]])"`` is accepted too.

    Parameters
    ----------
    text : str
        The matrix as text: nested lists of expressions in symml's safe syntax (never
        evaluated as Python).  Anything but a string raises ``ParseError``; a float entry
        becomes the Rational of its decimal form with an ``ExactnessWarning``.
    symbols : mapping or iterable of Symbol, optional
        The caller's own symbols: names in ``text`` resolve to them (with their
        assumptions), instead of to new plain symbols.

    Returns
    -------
    ImmutableMatrix
        The exact matrix.

    Raises
    ------
    ParseError
        When ``text`` is not a string or an entry is not a safe expression.
    ShapeError
        When rows have different lengths or the matrix is empty.

    Examples
    --------
    >>> parse_matrix("[[a, 1/2], [0, b]]").shape
    (2, 2)
    >>> parse_matrix("[1, 2, 3]").shape
    (3, 1)

    Names resolve to the caller's symbols, assumptions included:

    >>> import sympy as sp
    >>> a = sp.Symbol("a", positive=True)
    >>> A = parse_matrix("[[a, 1], [1, a]]", [a])
    >>> A[0, 0] is a, A.det()
    (True, a**2 - 1)
    """
    parser = _Parser(_text(text, "the matrix"), symbols, "the matrix")
    return parser.run(parser.matrix)


# -- converters for API arguments ---------------------------------------------------------


def _exact_float(value: float, what: str) -> sp.Rational:
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidValueError(f"{what} is {value!r}; give a finite exact number")
    exact = to_rational(value)
    warnings.warn(
        f"{what}: the float {value!r} was read as the exact Rational {exact}", ExactnessWarning, stacklevel=4
    )
    return exact


def _without_floats(value: sp.Basic, what: str) -> sp.Basic:
    floats = value.atoms(sp.Float)
    if not floats:
        return value
    bad = [f for f in floats if not f.is_finite]
    if bad:
        raise InvalidValueError(f"{what} contains {bad[0]}; give finite exact numbers")
    mapping = {f: to_rational(f) for f in floats}
    converted = value.xreplace(mapping)
    listed = ", ".join(f"{f} -> {r}" for f, r in sorted(mapping.items(), key=lambda kv: str(kv[0])))
    warnings.warn(f"{what}: floats were read as exact Rationals ({listed})", ExactnessWarning, stacklevel=4)
    return converted


def _within_limits(value: sp.Expr, what: str) -> sp.Expr:
    """Refuse a SymPy expression the parser would refuse for its size (huge numbers, degrees)."""
    degree = _degree_bound(value)
    if degree > limits.max_degree:
        limits.check("max_degree", int(degree), f"{what} (its degree once multiplied out)")
    stack = [value]
    while stack:
        e = stack.pop()
        if e.is_number:
            if not e.is_Rational and log2_bounds(e)[0] > limits.max_number_bits:
                raise LimitExceededError(
                    f"{what} holds the number {str(e)[:40]}, beyond 2**{limits.max_number_bits}: no sign "
                    "or digit of it can be computed in reasonable time (symml.limits.max_number_bits)",
                    limit="max_number_bits",
                )
        # numbers inside numbers too: log(1 + exp(exp(21))) is moderate, but the parser would
        # refuse its inner exp(exp(21)), and so must this check
        stack.extend(a for a in e.args if isinstance(a, sp.Expr))
    return value


def _real_value(value: sp.Expr, what: str) -> sp.Expr:
    if value.has(*_NOT_REAL):
        raise InvalidValueError(f"{what} is {value}, which is not finite and real; give a real expression")
    return value


def as_expr(value: Any, symbols: Symbols = None, *, what: str = "the expression") -> sp.Expr:
    """Convert an API argument into an exact SymPy expression (strings go through the parser).

    Parameters
    ----------
    value : str, int, Fraction, float or sympy.Expr
        Strings are parsed by :func:`parse_expression`; floats (Python or SymPy) become the
        Rational of their shortest decimal form, with an ExactnessWarning.
    symbols : mapping or iterable of Symbol, optional
        For strings: names that resolve to the caller's own symbols.
    what : str
        How to name the value in messages.

    Raises
    ------
    ParseError
        For a string outside the safe syntax.
    InvalidValueError
        For booleans, infinities, nan, complex numbers and non-expressions.

    Examples
    --------
    >>> as_expr(3)
    3
    >>> from fractions import Fraction
    >>> as_expr(Fraction(1, 3))
    1/3
    """
    if isinstance(value, str):
        return parse_expression(value, symbols)
    if isinstance(value, bool) or (isinstance(value, Boolean) and not isinstance(value, sp.Expr)):
        raise InvalidValueError(f"{what} is the condition {value}; give a number or an expression")
    if isinstance(value, numbers.Integral):  # int, numpy integers
        return sp.Integer(int(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float) or (isinstance(value, numbers.Real) and not isinstance(value, sp.Basic)):
        return _exact_float(float(value), what)
    if isinstance(value, complex):
        raise InvalidValueError(f"{what} is the complex number {value!r}; symml works over the reals")
    if isinstance(value, sp.MatrixBase):
        raise ShapeError(f"{what} is a {value.rows}x{value.cols} matrix; give a scalar expression")
    if isinstance(value, sp.Expr):
        return _within_limits(_real_value(_without_floats(value, what), what), what)
    raise InvalidValueError(
        f"{what} is {value!r} ({type(value).__name__}); give a SymPy expression, a number or a string"
    )


def as_symbols(value: Any, symbols: Symbols = None) -> list[sp.Symbol]:
    """Convert an API argument into a list of distinct Symbols (strings via :func:`parse_symbols`).

    Accepts ``"x, y"``, one Symbol, a list/tuple of Symbols (or of names), or a column
    matrix of Symbols.  The caller's own Symbols are returned unchanged.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> as_symbols([x, y])
    [x, y]
    >>> as_symbols("a b")
    [a, b]
    """
    if isinstance(value, str):
        return parse_symbols(value, symbols)
    if isinstance(value, sp.Symbol):
        return [value]
    if isinstance(value, sp.MatrixBase):
        value = list(value)
    if not isinstance(value, Iterable):
        raise InvalidValueError(f"the variables must be a list of symbols such as [x, y]; got {value!r}")
    out: list[sp.Symbol] = []
    for item in value:
        if isinstance(item, str):
            items = parse_symbols(item, symbols)
        elif isinstance(item, sp.Symbol):
            items = [item]
        else:
            raise InvalidValueError(
                f"the variables must be SymPy symbols such as [x, y]; {item!r} is not one"
            )
        for symbol in items:
            if symbol in out:
                raise InvalidValueError(f"the variable {symbol} is listed twice; list each variable once")
            out.append(symbol)
    if not out:
        raise InvalidValueError("the variable list is empty; give at least one variable, e.g. [x]")
    return out


def as_conditions(value: Any, symbols: Symbols = None) -> list[Boolean]:
    """Convert an API argument into a list of SymPy conditions (a conjunction).

    Accepts ``None`` or ``True`` (no condition: ``[]``), a string (via
    :func:`parse_conditions`), a SymPy relation or Boolean (``And`` is split), or a list
    of those.  Floats inside relations become Rationals with an ExactnessWarning.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> as_conditions([x > 0, "x < 2"])
    [x > 0, x < 2]
    >>> as_conditions(None)
    []
    """
    if value is None or value is True or value is sp.true:
        return []
    if value is False:
        return [sp.false]
    if isinstance(value, str):
        return parse_conditions(value, symbols)
    if isinstance(value, Boolean) and not isinstance(value, sp.Expr):
        if value.has(*_NOT_REAL):
            raise InvalidValueError(f"the condition {value} mentions a non-real value; give real conditions")
        return _conjuncts(_without_floats(value, "the condition"))
    if isinstance(value, sp.Basic) or not isinstance(value, Iterable):
        raise InvalidValueError(f"{value!r} is not a condition; give a relation such as x > 0")
    out: list[Boolean] = []
    for item in value:
        if isinstance(item, (list, tuple)):
            raise InvalidValueError(f"conditions must be a flat list; {item!r} is a nested list")
        out.extend(as_conditions(item, symbols))
    return out


def as_matrix(value: Any, symbols: Symbols = None, *, what: str = "the matrix") -> sp.ImmutableMatrix:
    """Convert an API argument into an exact ImmutableMatrix.

    Accepts a string (via :func:`parse_matrix`), a SymPy matrix, or a Python list of rows
    (a flat list is a column vector).  Entries go through :func:`as_expr`, so floats
    become Rationals with an ExactnessWarning and strings are parsed safely.

    Raises
    ------
    ShapeError
        For ragged or empty lists and for scalars.

    Examples
    --------
    >>> as_matrix([[1, 2], [3, 4]]).det()
    -2
    >>> as_matrix([1, 2]).shape
    (2, 1)
    """
    if isinstance(value, str):
        return parse_matrix(value, symbols)
    if isinstance(value, sp.MatrixBase):
        if any(isinstance(e, (sp.Float, float)) or e.has(sp.Float) for e in value):
            value = value.applyfunc(lambda e: _without_floats(e, what))
        for entry in value:
            _real_value(entry, what)
        return sp.ImmutableMatrix(value)
    if not isinstance(value, (list, tuple)):
        raise ShapeError(f"{what} is {value!r}; give a list of rows such as [[1, 2], [3, 4]]")
    if not value:
        raise ShapeError(f"{what} is empty; a matrix needs at least one entry")
    nested = [isinstance(row, (list, tuple)) for row in value]
    if all(nested):
        widths = [len(row) for row in value]
        if widths[0] == 0:
            raise ShapeError(f"{what} has an empty row; every row needs entries")
        for i, width in enumerate(widths):
            if width != widths[0]:
                raise ShapeError(
                    f"{what} is ragged: row 1 has {widths[0]} entries but row {i + 1} has {width}; "
                    "give every row the same length"
                )
        return sp.ImmutableMatrix(
            [[as_expr(e, symbols, what=f"an entry of {what}") for e in row] for row in value]
        )
    if any(nested):
        raise ShapeError(f"{what} mixes numbers and rows; give a list of rows or a flat list for a column")
    return sp.ImmutableMatrix([as_expr(e, symbols, what=f"an entry of {what}") for e in value])


def parse_value(text: str, symbols: Symbols = None, *, what: str = "the value") -> Any:
    """Parse a string that may be an expression or a condition (``"x**2"`` or ``"x > 0"``).

    It also reads back every string of a result's JSON: the matrices, sets, intervals,
    derivatives, integrals, limits and algebraic numbers (``CRootOf``) that results hold,
    as SymPy's ``str`` writes them (:mod:`symml.core.structure_syntax`).

    Raises
    ------
    ParseError
        When the text is not in the safe syntax or is a list.

    Examples
    --------
    >>> parse_value("0 < x < 1")
    (0 < x) & (x < 1)
    >>> parse_value("x + 1")
    x + 1
    >>> parse_value("Eq(H, Matrix([[2, 0], [0, 6]]))").rhs.det()
    12
    >>> parse_value("Interval.open(0, 1/3)").measure
    1/3
    """
    parser = _Parser(_text(text, what), symbols, what, structures=True)

    def build(tree: ast.expr) -> Any:
        value = parser.build(tree)
        if isinstance(value, list):
            raise parser.fail(tree, "this is a list; give one expression or one condition")
        return value

    return parser.run(build)


def as_sympy(value: Any, symbols: Symbols = None, *, what: str = "the value") -> Any:
    """Convert any value into SymPy objects safely: symml's one replacement for ``sympify``.

    ``sympy.sympify`` runs ``eval`` on strings, so no module of symml calls it.  Here
    strings go through :func:`parse_value` (an expression or a condition); SymPy objects
    are returned unchanged; Python booleans, integers and Fractions become SymPy numbers
    (floats become exact Rationals with an ExactnessWarning); lists, tuples, sets and dicts
    are converted entry by entry.  Anything else is an :class:`InvalidValueError`.

    Examples
    --------
    >>> as_sympy([1, "x > 0", (2, "y")])
    [1, x > 0, (2, y)]
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, str):
        return parse_value(value, symbols, what=what)
    if isinstance(value, bool):
        return sp.true if value else sp.false
    if isinstance(value, (numbers.Number, Fraction)):
        return as_expr(value, symbols, what=what)
    if isinstance(value, sp.MatrixBase):
        return as_matrix(value, symbols, what=what)
    if isinstance(value, Mapping):
        return {as_sympy(k, symbols, what=what): as_sympy(v, symbols, what=what) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(as_sympy(v, symbols, what=what) for v in value)
    try:
        # Objects that define _sympy_ (numpy scalars, user classes): never parses a string.
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise InvalidValueError(
            f"{what} is {value!r} ({type(value).__name__}); give a SymPy object, a number or a string"
        ) from None
