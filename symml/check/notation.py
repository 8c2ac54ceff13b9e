r"""The factors of the notes' notation: names, numbers, groups, functions, ∇, ℙ, sums, matrices.

Each LaTeX construct the reader knows is one small function here, called by
:func:`factor`; anything else raises :class:`~symml.check.reader.Unreadable`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp
from sympy.logic.boolalg import And, Not, Or

from symml.check.reader import (
    FUNCTION_LETTERS,
    GREEK,
    NORM,
    AmbiguousPrime,
    BigO,
    Chain,
    FunctionDef,
    LittleO,
    MatrixInverse,
    Reader,
    Transposed,
    Unreadable,
    is_matrix,
    matrix,
    tokens,
)
from symml.core.events import ProbabilityOf
from symml.core.limits import limits

__all__ = [
    "factor",
    "symbol",
    "function_of",
    "probability",
    "nabla",
    "reader",
    "read_chain",
    "NOT_READ",
]

#: Commands the reader refuses, with the reason shown in the report.
NOT_READ = {
    "\\in": "a set membership", "\\subset": "a set inclusion", "\\forall": "a quantifier",
    "\\exists": "a quantifier", "\\arg": "an argmin/argmax", "\\min": "a minimisation",
    "\\max": "a maximisation", "\\text": "words inside the formula", "\\mapsto": "a function signature",
    "\\rightarrow": "a function signature", "\\to": "a function signature", "\\iff": "a logical equivalence",
    "\\Rightarrow": "an implication", "\\mid": "a set-builder", "\\{": "a set",
    "\\operatorname": "a named operator", "\\partial": "a partial derivative", "\\succeq": "a matrix order",
}  # fmt: skip


def symbol(name: str) -> sp.Symbol:
    """The real symbol the notes' name stands for (``\\theta`` is ``theta``)."""
    return sp.Symbol(name, real=True)


def function_of(name: str) -> Any:
    """An unknown real function of the notes (``f`` in a proof about any f)."""
    return sp.Function(name, real=True)


def factor(r: Reader) -> Any:
    """One factor with its subscripts, primes, arguments and powers."""
    value = primary(r)
    while r.peek() == "^":
        r.take()
        if r.peek() == "\\top" or (r.peek() == "{" and r.peek(1) == "\\top" and r.peek(2) == "}"):
            r.group_tokens()
            value = Transposed(value)
            continue
        if r.peek() == "c" and isinstance(value, sp.Basic) and value.is_Boolean:
            r.take()
            value = Not(value)
            continue
        exponent = r.read_group()
        value = power(value, exponent)
    return value


def power(base: Any, exponent: Any) -> Any:
    if isinstance(base, Transposed) or isinstance(base, sp.MatrixBase):
        raise Unreadable("a power of a matrix or of a transposed vector")
    if exponent.is_number and (not exponent.is_finite or abs(exponent) > limits.max_exponent):
        raise Unreadable(f"an exponent {exponent} beyond {limits.max_exponent}")
    if is_matrix(base) and (exponent == -1 or not base.is_commutative):
        if exponent != -1:
            raise Unreadable(f"a power {exponent} of the matrix {base}")
        # a matrix inverse: non-commuting, so that H^{-1} g and (X^T X)^{-1} X^T y keep their order
        if base.is_commutative or isinstance(base, sp.Symbol):
            return (matrix(base) if base.is_commutative else base) ** -1
        return MatrixInverse(base)
    name = str(base.base if isinstance(base, sp.Indexed) else base)
    capital = isinstance(base, (sp.Symbol, sp.Indexed)) and name[:1].isupper()
    if capital and exponent.could_extract_minus_sign():
        raise Unreadable(f"{base}^{{{exponent}}}: a negative power of a capital letter (a matrix?)")
    return base**exponent


def primary(r: Reader) -> Any:
    tok = r.peek()
    if tok is None:
        raise Unreadable("a term is missing")
    if tok in NOT_READ:
        raise Unreadable(f"{NOT_READ[tok]} ({tok}) is not read")
    handler = _HANDLERS.get(tok)
    if handler is not None:
        r.take()
        return handler(r)
    if tok[0].isdigit():
        r.take()
        return sp.Rational(tok)
    if tok == "{":
        return r.read_group()
    if tok.startswith("\\") and tok[1:] in GREEK:
        r.take()
        return named(r, tok[1:])
    if len(tok) == 1 and tok.isalpha():
        r.take()
        return named(r, tok)
    raise Unreadable(f"{tok} is not read")


# -- names: subscripts, primes, application --------------------------------------------------------


def subscript(r: Reader) -> tuple[str, list[Any]]:
    """The text of a subscript and its indices (empty when it is a label such as ``*``)."""
    toks = r.group_tokens()
    text = "".join(toks)
    if not toks or any(t in ("*", "\\star", "\\ast") for t in toks):
        return text.replace("\\star", "*").replace("\\ast", "*"), []
    parts, current = [], []
    for t in toks:
        if t == ",":
            parts.append(current)
            current = []
        else:
            current.append(t)
    parts.append(current)
    if len(parts) == 1 and len(toks) > 1 and all(len(t) == 1 and t.isalpha() for t in toks):
        parts = [[t] for t in toks]  # r_{ik}: two indices
    indices = []
    for part in parts:
        sub = r.sub(part)
        indices.append(sub.expression())
        sub.finish()
    return text, indices


def named(r: Reader, name: str) -> Any:
    """A letter or Greek name with its subscript, primes and arguments."""
    index_text, indices = "", []
    if r.peek() == "_":
        r.take()
        index_text, indices = subscript(r)
    primes = 0
    while r.peek() == "'":
        r.take()
        primes += 1
    full = f"{name}_{index_text}" if index_text else name
    if name in ("O", "o") and not index_text and not primes and r.peek() in ("(", "\\left"):
        return remainder(r, name)
    if name == "e" and not index_text and r.peek() == "^":
        r.take()
        return sp.exp(r.read_group())
    if r.peek() == "(" and (full in r.functions or name in FUNCTION_LETTERS):
        return apply(r, full, primes)
    name += "'" * primes  # x' is another point
    if indices:
        return sp.IndexedBase(name, real=True)[tuple(indices)]
    return symbol(full.replace("_*", "_star").replace("*", "_star") + "'" * primes)


def arguments(r: Reader) -> list[Any]:
    r.take("(")
    args = [r.expression()]
    while r.peek() == ",":
        r.take()
        args.append(r.expression())
    r.take(")")
    if r.peek() == "'" and r.value_prime is None:
        raise AmbiguousPrime("a prime after a function value, as in f(a)'")
    return args


def apply(r: Reader, name: str, primes: int) -> Any:
    """``f(x)``, ``f'(a)``: a defined function's body, or an unknown function."""
    args = arguments(r)
    while r.peek() == "'":  # f(a)': a reading was chosen (see Reader.value_prime)
        r.take()
        if r.value_prime == "zero":
            return sp.S.Zero
        primes += 1
    definition = r.functions.get(name)
    if definition is None:
        value_of = function_of(name)
        if not primes:
            return value_of(*args)
        if len(args) != 1:
            raise Unreadable(f"a derivative {name}' of a function of {len(args)} arguments")
        u = sp.Dummy("u", real=True)
        return sp.Derivative(value_of(u), (u, primes)).subs(u, args[0])
    if primes:
        if len(definition.variables) != 1:
            raise Unreadable(f"{name}' of a function of several variables")
        (v,) = definition.variables
        body = sp.diff(definition.body, v, primes)
        return body.xreplace({v: args[0]}) if definition.arguments == (v,) else body
    return definition(args)


# -- commands -----------------------------------------------------------------------------------------


def _frac(r: Reader) -> Any:
    num = r.read_group()
    den = r.read_group()
    if den == 0:
        raise Unreadable("a division by zero")
    return num / den


def _sqrt(r: Reader) -> Any:
    if r.peek() == "[":
        raise Unreadable("an n-th root")
    return sp.sqrt(r.read_group())


def _function_argument(r: Reader) -> Any:
    if r.peek() in ("(", "\\left"):
        return primary(r)
    return factor(r)


def _log(r: Reader) -> Any:
    return sp.log(_function_argument(r))


def _exp(r: Reader) -> Any:
    return sp.exp(_function_argument(r))


def _closing(r: Reader, close: str) -> Any:
    value = r.expression()
    if r.peek() == ",":
        items = [value]
        while r.peek() == ",":
            r.take()
            items.append(r.expression())
        value = sp.Tuple(*items)
    r.take(close)
    return value


def _paren(r: Reader) -> Any:
    return _closing(r, ")")


def _bracket(r: Reader) -> Any:
    return _closing(r, "]")


_PAIRS = {"(": ")", "[": "]", "|": "|", "\\|": "\\|", "\\{": "\\}", ".": "."}


def _left(r: Reader) -> Any:
    opening = r.take()
    if opening not in _PAIRS or opening in ("\\{", "."):
        raise Unreadable(f"\\left{opening} is not read")
    sub_start = r.pos
    level = 0
    while True:
        t = r.advance("\\right")
        level += {"\\left": 1, "\\right": -1}.get(t, 0)
        if level < 0:
            break
    toks = r.toks[sub_start : r.pos - 1]
    closing = r.take()
    if closing != _PAIRS[opening]:
        raise Unreadable(f"\\left{opening} closed by \\right{closing}")
    sub = r.sub(toks)
    value = sub.expression()
    sub.finish()
    return {"|": sp.Abs, "\\|": NORM}.get(opening, lambda v: v)(value)


def _norm(r: Reader) -> Any:
    sub_start = r.pos
    while r.advance("\\|") != "\\|":
        pass
    sub = r.sub(r.toks[sub_start : r.pos - 1])
    value = sub.expression()
    sub.finish()
    return NORM(value)


def _abs(r: Reader) -> Any:
    outer = r.stop
    r.stop = outer | {"|"}
    try:
        value = r.expression()
    finally:
        r.stop = outer
    r.take("|")
    return sp.Abs(value)


def _limits(r: Reader) -> tuple[Any, Any]:
    lower = upper = None
    for _ in range(2):
        if r.peek() == "_":
            r.take()
            lower = r.group_tokens()
        elif r.peek() == "^":
            r.take()
            upper = r.read_group()
    if lower is None or upper is None:
        raise Unreadable("a sum or integral without both limits")
    return lower, upper


def _sum(r: Reader) -> Any:
    lower, upper = _limits(r)
    if "=" not in lower:
        raise Unreadable("a sum over a set (read only sums i = 1..N)")
    k = lower.index("=")
    if k != 1 or not lower[0].isalpha():
        raise Unreadable("a sum whose index is not one letter")
    index = sp.Symbol(lower[0], integer=True)
    start = r.sub(lower[k + 1 :]).expression()
    body = r.term()
    body = body.xreplace({sp.Symbol(lower[0], real=True): index})
    return sp.Sum(body, (index, start, upper))


def _int(r: Reader) -> Any:
    lower_toks, upper = _limits(r)
    lower = r.sub(lower_toks).expression()
    end = r.pos
    while end + 1 < len(r.toks) and not (r.toks[end] == "d" and r.toks[end + 1].isalpha()):
        end += 1
    if end + 1 >= len(r.toks):
        raise Unreadable("an integral without its dx")
    sub = r.sub(r.toks[r.pos : end])
    body = sub.expression()
    sub.finish()
    var = symbol(r.toks[end + 1])
    r.pos = end + 2
    return sp.Integral(body, (var, lower, upper))


def _font(r: Reader) -> Any:
    toks = r.group_tokens()
    if len(toks) == 1 and toks[0].isalpha():
        return named(r, toks[0])
    raise Unreadable(f"the name {''.join(toks)} is not read")


def _mathcal(r: Reader) -> Any:
    toks = r.group_tokens()
    if len(toks) != 1 or not toks[0].isalpha():
        raise Unreadable("a calligraphic name of several letters")
    if toks[0] == "O" and r.peek() in ("(", "\\left"):
        return remainder(r, "O")
    return symbol(f"cal_{toks[0]}")


def remainder(r: Reader, kind: str) -> Any:
    """``O(\\rho^2)``, ``\\mathcal{O}(\\|h\\|^3)``, ``o(\\rho)``: a remainder term of the stated order."""
    scale = primary(r)
    if isinstance(scale, sp.Tuple) or not scale.free_symbols:
        raise Unreadable("a remainder O(...) of no small quantity")
    return (BigO if kind == "O" else LittleO)(scale)


def _mathbb(r: Reader) -> Any:
    toks = r.group_tokens()
    if toks == ["P"]:
        return probability(r)
    if toks == ["E"]:
        raise Unreadable("an expectation is not read")
    raise Unreadable(f"the set \\mathbb{{{''.join(toks)}}} is not read")


def _delta(r: Reader) -> Any:
    """``\\Delta\\theta_t``: the increment of θ at step t, one symbol ``Delta_theta[t]``."""
    tok = r.peek()
    if tok is None or not (tok.startswith("\\") and tok[1:] in GREEK or (len(tok) == 1 and tok.isalpha())):
        return symbol("Delta")
    r.take()
    value = named(r, tok.lstrip("\\"))
    if isinstance(value, sp.Indexed):
        return sp.IndexedBase(f"Delta_{value.base}", real=True)[value.indices]
    if isinstance(value, sp.Symbol):
        return symbol(f"Delta_{value}")
    raise Unreadable("an increment of something that is not a name")


def _nabla(r: Reader) -> Any:
    return nabla(r)


def _begin(r: Reader) -> Any:
    env = "".join(r.group_tokens())
    if env not in ("bmatrix", "pmatrix", "matrix"):
        raise Unreadable(f"the environment {env} is not read inside a formula")
    start = r.pos
    while not (r.advance("\\end") == "\\end" and "".join(r.toks[r.pos + 1 : r.pos + 1 + len(env)]) == env):
        pass
    body = r.toks[start : r.pos - 1]
    r.group_tokens()
    rows: list[list[Any]] = [[]]
    cell: list[str] = []
    for t in [*body, "\\\\"]:
        if t in ("&", "\\\\"):
            if cell:
                sub = r.sub(cell)
                rows[-1].append(sub.expression())
                sub.finish()
            cell = []
            if t == "\\\\" and rows[-1]:
                rows.append([])
        else:
            cell.append(t)
    rows = [row for row in rows if row]
    if not rows or any(len(row) != len(rows[0]) for row in rows):
        raise Unreadable("a matrix with rows of different lengths")
    return sp.ImmutableMatrix(rows)


_HANDLERS = {
    "\\frac": _frac, "\\dfrac": _frac, "\\tfrac": _frac, "\\sqrt": _sqrt, "\\log": _log, "\\ln": _log,
    "\\exp": _exp, "(": _paren, "[": _bracket, "\\left": _left, "\\|": _norm, "|": _abs, "\\sum": _sum,
    "\\int": _int, "\\mathcal": _mathcal, "\\mathbb": _mathbb, "\\nabla": _nabla, "\\begin": _begin,
    "\\Delta": _delta,
    **{font: _font for font in ("\\mathrm", "\\mathbf", "\\boldsymbol", "\\bm", "\\mathit")},
}  # fmt: skip


# -- probability ---------------------------------------------------------------------------------------


def probability(r: Reader) -> Any:
    """``\\mathbb{P}(A)``, ``(A \\cap B)``, ``(A, B)``, ``(A | B)``: a probability, read as events."""
    r.take("(")
    event = _event(r)
    given = None
    if r.peek() in ("|", "\\mid"):
        r.take()
        given = _event(r)
    r.take(")")
    if given is None:
        return ProbabilityOf(event)
    return ProbabilityOf(And(event, given)) / ProbabilityOf(given)


def _event(r: Reader) -> Any:
    terms = [_event_term(r)]
    while r.peek() in ("\\cup", "\\vee", ","):
        op = r.take()
        nxt = _event_term(r)
        terms[-1] = And(terms[-1], nxt) if op == "," else Or(terms[-1], nxt)
    return terms[0] if len(terms) == 1 else Or(*terms)


def _event_term(r: Reader) -> Any:
    value = _event_atom(r)
    while r.peek() in ("\\cap", "\\wedge"):
        r.take()
        value = And(value, _event_atom(r))
    return value


def _event_atom(r: Reader) -> Any:
    tok = r.take()
    if tok == "(":
        value = _event(r)
        r.take(")")
    elif tok == "\\Omega":
        value = sp.true
    elif tok == "\\emptyset":
        value = sp.false
    elif len(tok) == 1 and tok.isupper():
        value = sp.Symbol(tok)
    else:
        raise Unreadable(f"the event {tok} is not read (events are capital letters)")
    if r.peek() == "^" and r.peek(1) in ("c", "{"):
        r.take()
        if "".join(r.group_tokens()) != "c":
            raise Unreadable("a power of an event")
        value = Not(value)
    return value


# -- derivatives ---------------------------------------------------------------------------------------


def nabla(r: Reader) -> Any:
    """Read what follows ``\\nabla``: an optional variable, an optional ``^2``, a function."""
    if r.peek() == "_":
        r.take()
        subscript(r)  # the variable: the function's own
    order = 1
    if r.peek() == "^":
        r.take()
        if r.group_tokens() != ["2"]:
            raise Unreadable("a derivative of order other than 1 or 2")
        order = 2
    if r.peek() == "_":  # \nabla^2_\theta
        r.take()
        subscript(r)
    name = r.take()
    if not (len(name) == 1 and name.isalpha()):
        raise Unreadable(f"\\nabla of {name}, which is not a function name")
    if r.peek() == "_":
        r.take()
        text, _ = subscript(r)
        name = f"{name}_{text}"
    if name not in r.functions and name not in FUNCTION_LETTERS:
        raise Unreadable(f"\\nabla of {name}, which is not a function of the notes")
    args = arguments(r) if r.peek() == "(" else None
    definition = r.functions.get(name)
    if definition is None:
        label = ("grad_" if order == 1 else "hess_") + name
        return function_of(label)(*args) if args is not None else symbol(label)
    return _derivative(definition, order, args)


def _derivative(definition: Any, order: int, args: list[Any] | None) -> Any:
    from symml.optimisation.calculus import gradient, hessian

    variables = list(definition.variables)
    value = gradient(definition.body, variables) if order == 1 else hessian(definition.body, variables)
    if args is None:
        return value
    if list(definition.arguments) == variables and len(args) == len(variables):
        return value.xreplace(dict(zip(variables, args)))
    raise Unreadable(f"the derivative of {definition.name} at a point of another shape")


# -- entry points --------------------------------------------------------------------------------------


def reader(text: str, functions: Mapping[str, FunctionDef] | None = None) -> Reader:
    """A reader of one LaTeX formula, with the functions defined so far."""
    return Reader(tokens(text), dict(functions or {}), factor=factor)


def read_chain(text: str, functions: Mapping[str, FunctionDef] | None = None) -> Chain:
    """Read one formula ``A = B \\leq C`` into a :class:`Chain` of SymPy terms.

    >>> read_chain(r"\\frac{1}{2}(x+1)^2 \\leq x^2 + 1 = 1 + x^2").relations
    ('<=', '=')
    """
    return reader(text, functions).chain()
