r"""A small recursive-descent reader of displayed LaTeX mathematics, building SymPy directly.

The notes' formulas are read token by token into SymPy objects; nothing is evaluated as
Python and nothing goes through ``sympify`` or ``parse_latex``.  What the reader does not
know (an unknown command, a set, a quantifier, an argmin) raises :class:`Unreadable`
with the reason, and the statement is reported as *not checked*.

The notation the notes use:

- numbers, letters (``ab`` is ``a*b``), Greek letters, subscripts (``x_i``, ``x_{t+1}``,
  ``g_{t,d}``: an index that is a letter or an expression makes an indexed symbol, so
  that sums can substitute it), primes (``f'(x)``, ``f''(a)``);
- ``+ - \cdot \times /``, ``\frac``, ``\sqrt``, powers, ``\left( \right)``, brackets;
- ``\log``, ``\exp``, ``e^{u}``, ``|u|``, ``\|u\|^2``;
- ``\sum_{i=1}^N`` (the body is the product that follows), ``\int_a^b … dx``;
- ``a^\top x``: the inner product of two vectors, one real number (symmetric);
- function application ``f(x)`` for the defined functions and the usual function letters
  (an undefined one is an unknown function), ``\nabla f``, ``\nabla^2 f``, ``\nabla f(x_t)``;
- ``\mathbb{P}(A)``, ``\mathbb{P}(A \cap B)``, ``\mathbb{P}(A, B)``, ``\mathbb{P}(A|B)``,
  ``A^c``, ``\wedge``, ``\vee``, ``\cup``;
- ``\begin{bmatrix} … \end{bmatrix}`` (matrices);
- relations ``= \leq \geq < > \simeq``, chained (``A = B \leq C``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.core.errors import ParseError
from symml.core.limits import limits

__all__ = [
    "Unreadable",
    "AmbiguousPrime",
    "sympy_only",
    "Chain",
    "FunctionDef",
    "Reader",
    "tokens",
    "Bilinear",
    "BigO",
    "LittleO",
    "matrix",
    "is_matrix",
    "MatrixInverse",
    "inner",
    "Inner",
    "Norm",
    "GREEK",
    "FUNCTION_LETTERS",
]


class Unreadable(ParseError):
    """A formula the reader does not know how to read (the message says why).

    The message names the notes' commands without their backslash (``\\forall`` is ``forall``,
    ``\\{`` is ``{``): it becomes a finding's reason, which is plain words (no LaTeX).
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(message.replace("\\", ""))


class AmbiguousPrime(Unreadable):
    """A prime after a function value, ``f(a)'``: read in each of its readings (``value_prime``)."""


GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi",
    "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
    "Phi", "Psi", "Omega",
}  # fmt: skip
#: Letters read as functions when followed by a parenthesis (``c_i(…)`` is a product).
FUNCTION_LETTERS = {"f", "g", "h", "L", "J", "F", "G", "q"}
RELATIONS = {
    "=": "=", "<": "<", ">": ">", "\\leq": "<=", "\\le": "<=", "\\leqslant": "<=", "\\geq": ">=",
    "\\ge": ">=", "\\geqslant": ">=", "\\simeq": "~", "\\approx": "~", "\\neq": "!=", "\\ne": "!=",
}  # fmt: skip
_SPACING = {"\\,", "\\;", "\\:", "\\!", "\\quad", "\\qquad", "\\ ", "\\displaystyle", "\\big", "\\Big",
            "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr", "\\limits", "~"}  # fmt: skip
_IGNORED_FONTS = {"\\mathrm", "\\mathbf", "\\boldsymbol", "\\bm", "\\mathit"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|\s+|.", re.DOTALL)


def sympy_only(args: Sequence[Any], what: str) -> None:
    """Refuse anything but SymPy objects: a string given to a SymPy function would be sympified."""
    for a in args:
        if not isinstance(a, sp.Basic):
            raise ParseError(f"{what} takes SymPy objects built by the reader, not {type(a).__name__}")


class _OfSymPy(sp.Function):
    """A function of the notes' notation whose arguments must be SymPy objects (never strings)."""

    def __new__(cls, *args: Any, **options: Any) -> Any:
        sympy_only(args, cls.__name__)
        return super().__new__(cls, *args, **options)


class Inner(_OfSymPy):
    """The inner product a^T b of two vectors: one real number (unknown in general).

    It prints as the notes write it, ``d_t^T grad f`` (a gradient second); its ``str()`` (the name
    of an unknown, a witness's key) stays ``Inner(a, b)``.
    """

    is_real = True

    def _factors(self) -> list[Any]:
        return sorted(self.args, key=lambda a: str(a).startswith(("nabla", "grad")))

    def _latex(self, printer: Any) -> str:
        first, second = (printer._print(a) for a in self._factors())
        return rf"{first}^{{\top}} {second}"

    def _sympystr(self, printer: Any) -> str:
        from symml.core.latex.text import TextPrinter

        if isinstance(printer, TextPrinter):
            first, second = (printer._print(a) for a in self._factors())
            return f"{first}^T {second}"
        return printer._print_Function(self)


class Norm(_OfSymPy):
    """The norm ‖v‖ of a vector: a nonnegative real number (unknown in general)."""

    is_real = True
    is_nonnegative = True


INNER, NORM = Inner, Norm


def inner(a: Any, b: Any) -> Any:
    """The inner product ``a^T b`` with its two arguments in a canonical order."""
    sympy_only((a, b), "inner")
    first, second = sorted((a, b), key=sp.default_sort_key)
    return INNER(first, second)


class Bilinear(_OfSymPy):
    """The form a^T M b of two vectors and a matrix: one real number (``(x - x_t)^T H_t (x - x_t)``)."""

    is_real = True


class BigO(_OfSymPy):
    """A remainder ``O(g)`` (``\\mathcal{O}(\\rho^2)``): some function bounded by a multiple of |g| near 0."""

    is_real = True


class LittleO(_OfSymPy):
    """A remainder ``o(g)``: some function that is small against |g| near 0."""

    is_real = True


class MatrixInverse(_OfSymPy):
    """The inverse of a product of matrices, ``(X^T X)^{-1}``: kept whole, since (AB)^{-1} = B^{-1}A^{-1}
    holds only for invertible (square) factors, which X need not be."""

    is_commutative = False


def matrix(value: Any) -> Any:
    """The non-commuting symbol of a matrix the notes name (``H_t``, ``X``, ``\\nabla^2 f``)."""
    if isinstance(value, sp.Symbol) and not value.is_commutative:
        return value
    return sp.Symbol(str(value), commutative=False)


def is_matrix(value: Any) -> bool:
    """A capital letter (``H_t``, ``M_t``, ``X``), a Hessian ``\\nabla^2 f`` or a non-commuting product."""
    if isinstance(value, sp.Basic) and not value.is_commutative:
        return True
    base = value.base if isinstance(value, sp.Indexed) else value
    if isinstance(base, (sp.Symbol, sp.IndexedBase)) and str(base)[:1].isupper():
        return True
    name = value.func.__name__ if isinstance(value, sp.Function) or hasattr(value, "func") else ""
    return str(value).startswith("hess_") or str(name).startswith("hess_")


@dataclass(frozen=True)
class FunctionDef:
    """A function the notes defined: its name, arguments, body and variables."""

    name: str
    arguments: tuple[Any, ...]
    body: Any
    variables: tuple[sp.Symbol, ...]
    label: str | None = None

    def __call__(self, values: Sequence[Any]) -> Any:
        if len(values) != len(self.arguments):
            raise Unreadable(f"{self.name} takes {len(self.arguments)} argument(s), not {len(values)}")
        return self.body.xreplace(dict(zip(self.arguments, values)))


@dataclass(frozen=True)
class Chain:
    """A formula ``t0 r1 t1 r2 t2 …``: its terms and the relations between them."""

    terms: tuple[Any, ...]
    relations: tuple[str, ...]

    def links(self) -> list[tuple[Any, str, Any]]:
        return [(self.terms[k], r, self.terms[k + 1]) for k, r in enumerate(self.relations)]


def tokens(text: str) -> list[str]:
    """The tokens of a LaTeX formula: commands, numbers, single characters (spaces dropped)."""
    if len(text) > limits.max_length:
        raise Unreadable(f"the formula is {len(text)} characters long; at most {limits.max_length} are read")
    out = []
    for tok in _TOKEN.findall(text):
        if tok.isspace() or tok in _SPACING:
            continue
        if tok[0].isdigit() and len(tok.replace(".", "")) > limits.max_digits:
            raise Unreadable(f"a number of {len(tok)} digits (at most {limits.max_digits} are read)")
        out.append(tok)
    return out


@dataclass
class Reader:
    """One read of one formula, with the functions defined so far."""

    toks: list[str]
    functions: Mapping[str, FunctionDef] = field(default_factory=dict)
    pos: int = 0
    depth: int = 0
    stop: frozenset[str] = frozenset()
    factor: Callable[[Reader], Any] | None = None
    #: how ``f(a)'`` is read: refused (None), ``"zero"`` (the derivative of the number f(a)) or
    #: ``"derivative"`` (as f'(a))
    value_prime: str | None = None

    # -- token helpers -------------------------------------------------------------------
    def peek(self, k: int = 0) -> str | None:
        i = self.pos + k
        return self.toks[i] if i < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None:
            raise Unreadable("the formula ends too early" + (f" (expected {expected})" if expected else ""))
        if expected is not None and tok != expected:
            raise Unreadable(f"expected {expected} but found {tok}")
        self.pos += 1
        return tok

    def advance(self, missing: str) -> str:
        """The next token, whatever it is (``missing`` names what the formula lacks at its end)."""
        tok = self.peek()
        if tok is None:
            raise Unreadable(f"the formula ends before {missing}")
        self.pos += 1
        return tok

    def nested(self, parse: Callable[[], Any]) -> Any:
        self.depth += 1
        if self.depth > limits.max_depth:
            raise Unreadable(f"the formula is nested more than {limits.max_depth} deep")
        try:
            return parse()
        finally:
            self.depth -= 1

    def group_tokens(self) -> list[str]:
        """The tokens of ``{…}`` or of one token (``x^2``, ``\\frac12``)."""
        tok = self.take()
        if tok != "{":
            if tok[0].isdigit() and len(tok) > 1 and "." not in tok:  # \frac12, x^23: one digit
                self.pos -= 1
                self.toks[self.pos] = tok[1:]
                return [tok[0]]
            return [tok]
        level, start = 1, self.pos
        while level:
            t = self.advance("}")
            level += {"{": 1, "}": -1}.get(t, 0)
        return self.toks[start : self.pos - 1]

    def sub(self, toks: list[str], stop: frozenset[str] = frozenset()) -> Reader:
        return Reader(list(toks), self.functions, 0, self.depth + 1, stop, self.factor, self.value_prime)

    def read_group(self) -> Any:
        inner_reader = self.sub(self.group_tokens())
        if inner_reader.depth > limits.max_depth:
            raise Unreadable(f"the formula is nested more than {limits.max_depth} deep")
        value = inner_reader.expression()
        inner_reader.finish()
        return value

    def finish(self) -> None:
        if self.peek() is not None:
            raise Unreadable(
                f"could not read the formula from {' '.join(self.toks[self.pos : self.pos + 6])}"
            )

    # -- grammar -------------------------------------------------------------------------
    def chain(self) -> Chain:
        terms = [self.expression()]
        relations = []
        while self.peek() in RELATIONS:
            relations.append(RELATIONS[self.take()])
            terms.append(self.expression())
        self.finish()
        return Chain(tuple(terms), tuple(relations))

    def chain_from(self, first: Any) -> Chain:
        """A chain that continues a previous display: ``= B \\leq C`` after ``A``."""
        terms, relations = [first], []
        if self.peek() not in RELATIONS:
            raise Unreadable("the continuation does not start with a relation")
        while self.peek() in RELATIONS:
            relations.append(RELATIONS[self.take()])
            terms.append(self.expression())
        self.finish()
        return Chain(tuple(terms), tuple(relations))

    def at_end(self) -> bool:
        tok = self.peek()
        return tok is None or tok in RELATIONS or tok in self.stop or tok in (")", "]", "}", ",")

    def expression(self) -> Any:
        return self.nested(self._expression)

    def _expression(self) -> Any:
        sign = 1
        while self.peek() in ("+", "-"):
            sign = -sign if self.take() == "-" else sign
        value = sign * self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            t = self.term()
            value = value + t if op == "+" else value - t
        return value

    def term(self) -> Any:
        if self.factor is None:
            raise Unreadable("no factor reader (use symml.check.notation.reader)")
        factor = self.factor
        value: Any = sp.S.One
        read = False
        pending: Any = None  # a transposed vector waiting for its right factor
        middle: Any = None  # the matrix of a^T M b, waiting for b
        while not self.at_end() and self.peek() not in ("+", "-"):
            tok = self.peek()
            if tok in ("\\cdot", "\\times", "*", "&"):
                self.take()
                continue
            if tok == "/":
                self.take()
                value = value / self.nested(lambda: factor(self))
                continue
            f = self.nested(lambda: factor(self))
            read = True
            if pending is not None and middle is None and not isinstance(f, Transposed) and is_matrix(f):
                middle = f if f.is_commutative and not isinstance(f, (sp.Symbol, sp.Indexed)) else matrix(f)
            elif pending is not None:
                right = _vector(f)
                form = inner(pending, right) if middle is None else Bilinear(pending, middle, right)
                value, pending, middle = value * form, None, None
            elif isinstance(f, Transposed) and is_matrix(f.vector):  # X^T of a matrix X
                value = _matrix_product(value, sp.Symbol(f"{matrix(f.vector)}^T", commutative=False))
            elif isinstance(f, Transposed):
                pending = f.vector
            else:
                value = _matrix_product(value, f)
        if pending is not None:
            raise Unreadable("a transposed vector with nothing to multiply (a^T alone, or a^T M)")
        if not read:
            raise Unreadable(f"a term is missing before {self.peek() or 'the end'}")
        return value


@dataclass(frozen=True)
class Transposed:
    """``v^\\top`` waiting for the vector it multiplies."""

    vector: Any


def _vector(value: Any) -> Any:
    if isinstance(value, Transposed) or isinstance(value, sp.MatrixBase):
        raise Unreadable("a product of transposes or matrices (read only a^T b of two vectors)")
    base = value.base if isinstance(value, sp.Indexed) else value
    if isinstance(base, (sp.Symbol, sp.IndexedBase)) and str(base)[:1].isupper():
        raise Unreadable(f"a^T {value}: a capital letter may be a matrix (read only a^T b of two vectors)")
    return value


def _capitals(value: Any) -> list[Any]:
    return [f for f in sp.Mul.make_args(value) if f.is_commutative and is_matrix(f)]


def _matrix_product(value: Any, f: Any) -> Any:
    """``value * f`` keeping the order of matrices: a capital letter next to a matrix is a matrix too."""
    if isinstance(f, Transposed):
        raise Unreadable("a transpose in the middle of a product")
    if not f.is_commutative or not value.is_commutative:
        before = _capitals(value) if not f.is_commutative else []
        if len(before) > 1:
            raise Unreadable("several capital letters before a matrix: their order is not kept")
        value = value.xreplace({c: matrix(c) for c in before})
        f = matrix(f) if f.is_commutative and is_matrix(f) else f
    return value * f


def _times(a: Any, b: Any) -> Any:
    if isinstance(b, Transposed):
        raise Unreadable("a transpose in the middle of a product")
    return a * b
