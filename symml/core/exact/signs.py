"""Sign proofs: prove or refute ``expr > 0`` (``>= 0``, ``< 0``, ``<= 0``, ``== 0``, ``!= 0``).

:func:`prove_sign` tries, in order, strategies that each either prove the claim with
steps or pass:

1. exact evaluation (no symbols left);
2. structural rules, one per node (sum of nonnegative terms, product of factors of known
   sign, even powers, ``exp > 0``, ``|·| >= 0``, ``log a`` has the sign of ``a - 1``, …),
   also on the factored / combined form of the expression;
3. SymPy's assumption system with each symbol refined by its domain (``x > 0`` makes
   ``x`` a positive symbol);
4. univariate rational functions: the real roots and poles in the domain are isolated
   exactly (Sturm sequences, rational isolating intervals) and the sign is evaluated at
   one rational point of every cell;
5. polynomials: nonnegative coefficients after shifting to the domain's bounds
   (``x = a + t`` with ``t >= 0``), and a sum-of-squares certificate from an exact
   LDLᵀ factorisation of a Gram matrix.

If no strategy proves the claim, rational points of the domain are searched for a
counterexample whose sign is decided exactly; failing that the verdict is
``undecided``.  Claims are about the points of the domain where the expression is
defined and real (``1/x**2 > 0`` holds on ``x != 0``).

:func:`sign_conditions` splits the line of one parameter into the exact sets where an
expression is positive, zero, negative or undefined; colleagues use it for parametric
case splits.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.logic.boolalg import Boolean

from symml.core.errors import InvalidValueError
from symml.core.exact.cells import irreducible_factors
from symml.core.exact.domain import requirements
from symml.core.exact.numbers import (
    NEG,
    POS,
    ZERO,
    compare,
    number_sign,
    rational_between,
    real_roots,
    value_expr,
)
from symml.core.exact.witness import candidate_points, rational_values_in
from symml.core.parsing import as_sympy
from symml.core.results import Result, Sentence, Step, Verdict, Witness
from symml.core.symbols import own_conditions, sorted_symbols

__all__ = [
    "prove_sign",
    "sign_conditions",
    "SignConditions",
    "Domain",
    "as_domain",
    "number_sign",
    "assumed_sign",
    "expression_sign",
    "possible_signs",
    "refined_symbol",
    "SIGN_NAMES",
    "satisfies_assumptions",
]

ALL = frozenset({NEG, ZERO, POS})

#: relation -> the signs that satisfy it
_TARGETS: dict[str, frozenset[int]] = {
    ">": frozenset({POS}),
    ">=": frozenset({POS, ZERO}),
    "<": frozenset({NEG}),
    "<=": frozenset({NEG, ZERO}),
    "==": frozenset({ZERO}),
    "!=": frozenset({NEG, POS}),
}
_ALIASES = {
    "=": "==",
    "≥": ">=",
    "≤": "<=",
    "≠": "!=",
    "positive": ">",
    "nonnegative": ">=",
    "negative": "<",
    "nonpositive": "<=",
    "zero": "==",
    "nonzero": "!=",
}


def _relation(expr: Any, signs: frozenset[int]) -> Any:
    """The statement ``expr ∘ 0`` for a set of possible signs (unevaluated)."""
    cls = {
        frozenset({POS}): sp.StrictGreaterThan,
        frozenset({POS, ZERO}): sp.GreaterThan,
        frozenset({NEG}): sp.StrictLessThan,
        frozenset({NEG, ZERO}): sp.LessThan,
        frozenset({ZERO}): sp.Equality,
        frozenset({NEG, POS}): sp.Unequality,
    }[signs]
    return cls(expr, 0, evaluate=False)


def _claim(expr: Any, relation: str) -> Any:
    return _relation(expr, _TARGETS[relation])


# --------------------------------------------------------------------------- domains


@dataclass(frozen=True)
class Domain:
    """Where a claim must hold: a set of reals per symbol, plus conditions coupling symbols.

    ``box`` maps each user symbol to a subset of the reals (an Interval, a Union, …);
    symbols not in ``box`` range over all reals.  ``coupled`` holds conditions with more
    than one symbol; they restrict where witnesses may lie, and are not used in proofs
    (proving a claim on a larger set proves it on the smaller one).
    """

    box: Mapping[sp.Symbol, sp.Set]
    coupled: tuple[Any, ...] = ()

    def set_of(self, symbol: sp.Symbol) -> sp.Set:
        return self.box.get(symbol, sp.S.Reals)

    def contains(self, point: Mapping[sp.Symbol, Any]) -> bool:
        """True only when ``point`` provably satisfies every condition."""
        for s, v in point.items():
            if self.set_of(s).contains(v) is not sp.true:
                return False
        for cond in self.coupled:
            if as_sympy(cond).xreplace(dict(point)) is not sp.true:
                value = sp.simplify(as_sympy(cond).xreplace(dict(point)))
                if value is not sp.true:
                    return False
        return True

    def describe(self) -> list[Any]:
        """The domain as a list of relations in the user's symbols (for steps)."""
        out = []
        for s in sorted_symbols(self.box):
            if self.box[s] != sp.S.Reals:
                out.append(self.box[s].as_relational(s))
        return out + list(self.coupled)


def as_domain(assumptions: Any, symbols: Iterable[sp.Symbol] = ()) -> Domain:
    """Turn assumptions into a :class:`Domain` over the given (user) symbols.

    Parameters
    ----------
    assumptions : str, relation, list of relations, Domain, or mapping Symbol -> Set
        ``"x > 0, a > 1"``, ``[x > 0, a > 1]``, ``{x: Interval(0, 1)}``, … Symbols are
        matched to ``symbols`` by name, so a parser's real ``x`` and a user's plain ``x``
        are the same variable.

    Examples
    --------
    >>> import sympy as sp
    >>> x, a = sp.symbols("x a")
    >>> d = as_domain("x > 0, a >= 1, x < a", [x, a])
    >>> d.set_of(x), d.set_of(a), d.coupled
    (Interval.open(0, oo), Interval(1, oo), (x < a,))
    """
    symbols = list(symbols)
    by_name = {s.name: s for s in symbols}
    if isinstance(assumptions, Domain):
        return assumptions
    if isinstance(assumptions, Mapping):
        box: dict[sp.Symbol, sp.Set] = {}
        for key, value in assumptions.items():
            name = key if isinstance(key, str) else getattr(key, "name", None)
            if name is None:
                raise InvalidValueError(f"domain keys must be symbols; got {key!r}")
            if not isinstance(value, sp.Set):
                raise InvalidValueError(
                    f"the domain of {name} must be a SymPy set such as Interval(0, oo); got {value!r}"
                )
            sym = by_name.get(name, sp.Symbol(name))
            box[sym] = box.get(sym, sp.S.Reals).intersect(value)
        return Domain(box)
    from symml.core import parsing

    conditions = parsing.as_conditions(assumptions, {n: s for n, s in by_name.items()})
    box = {}
    coupled = []
    for cond in conditions:
        cond = cond.xreplace({s: by_name[s.name] for s in cond.free_symbols if s.name in by_name})
        if cond is sp.true:
            continue
        syms = sorted_symbols(cond.free_symbols)
        if len(syms) == 1:
            (s,) = syms
            real = sp.Dummy(s.name, real=True)
            try:
                as_set = cond.xreplace({s: real}).as_set()
            except (NotImplementedError, TypeError, ValueError):
                coupled.append(cond)
                continue
            box[s] = box.get(s, sp.S.Reals).intersect(as_set)
        elif not syms:
            if cond is sp.false:
                raise InvalidValueError("the assumptions are contradictory (False); give satisfiable ones")
        else:
            coupled.append(cond)
    for s, st in box.items():
        if st is sp.S.EmptySet:
            raise InvalidValueError(
                f"the assumptions on {s} leave no admissible value; give satisfiable ones"
            )
    return Domain(box, tuple(coupled))


def possible_signs(st: sp.Set) -> frozenset[int]:
    out = set()
    for sign, part in ((POS, sp.Interval.open(0, sp.oo)), (NEG, sp.Interval.open(-sp.oo, 0))):
        if st.intersect(part).is_empty is not True:
            out.add(sign)
    if st.contains(0) is not sp.false:
        out.add(ZERO)
    return frozenset(out)


def refined_symbol(s: sp.Symbol, signs: frozenset[int]) -> sp.Dummy:
    facts = {
        frozenset({POS}): {"positive": True},
        frozenset({POS, ZERO}): {"nonnegative": True},
        frozenset({NEG}): {"negative": True},
        frozenset({NEG, ZERO}): {"nonpositive": True},
        frozenset({ZERO}): {"zero": True},
        frozenset({NEG, POS}): {"nonzero": True, "real": True},
    }.get(signs, {"real": True})
    return sp.Dummy(s.name, **facts)


# --------------------------------------------------------------------------- sign vocabulary

#: the names the composition rules use for sets of signs (one vocabulary for all topics)
SIGN_NAMES: dict[frozenset[int], str] = {
    frozenset({POS}): "pos",
    frozenset({NEG}): "neg",
    frozenset({ZERO}): "zero",
    frozenset({POS, ZERO}): "nonneg",
    frozenset({NEG, ZERO}): "nonpos",
}


def expression_sign(expr: Any, subs: Mapping[Any, Any] = ()) -> int | None:
    """The sign (-1, 0, 1) of an expression, exactly for numbers, else from SymPy's assumptions.

    ``None`` unless the sign is the same for every admissible value of the symbols.
    """
    e = as_sympy(expr).xreplace(as_sympy(dict(subs))) if subs else as_sympy(expr)
    if not e.free_symbols:
        return number_sign(e)
    return {"pos": POS, "neg": NEG, "zero": ZERO}.get(assumed_sign(e) or "")


def assumed_sign(expr: sp.Expr, subs: Mapping[Any, Any] = (), quick: bool = False) -> str | None:
    """Sign class of ``expr`` from SymPy's assumptions after ``subs``.

    Returns one of ``"zero"``, ``"pos"``, ``"neg"``, ``"nonneg"``, ``"nonpos"`` or ``None``.
    Each factor of the factored expression is tried separately, so that e.g.
    ``a*(a - 1)*x**(a - 2)`` with ``x`` positive leaves only the parameter factor open.
    ``quick`` tries only cheap forms (no factoring, no simplify: seconds on large expressions).
    """
    e = as_sympy(expr).subs(as_sympy(dict(subs))) if subs else as_sympy(expr)
    if e == 0:
        return "zero"
    weak = None
    for candidate in _forms(e, quick):
        got = _sign_of_factors(candidate)
        if got in ("pos", "neg", "zero"):
            return got
        weak = weak or got
    return weak


def _forms(e: sp.Expr, quick: bool = False) -> Iterator[sp.Expr]:
    """The expression, factored, simplified: each made only when the previous did not decide."""
    yield e
    big = quick or sp.count_ops(e) > 60  # factor/simplify on large expressions can take minutes
    try:
        yield sp.factor_terms(sp.together(e)) if big else sp.factor(sp.together(e))
    except (sp.PolynomialError, NotImplementedError):  # pragma: no cover - defensive
        pass
    if not big and not quick:
        yield sp.powsimp(sp.simplify(e), force=False)


def _sign_of_factors(e: sp.Expr) -> str | None:
    if e.is_zero:
        return "zero"
    if e.is_positive:
        return "pos"
    if e.is_negative:
        return "neg"
    factors = sp.Mul.make_args(e)
    sign = 1
    strict = True
    for f in factors:
        if f.is_positive:
            continue
        if f.is_negative:
            sign = -sign
            continue
        if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp.is_even and f.base.is_real:
            strict = False
            continue
        if f.is_nonnegative:
            strict = False
            continue
        if f.is_nonpositive:
            strict = False
            sign = -sign
            continue
        return None
    if strict:
        return "pos" if sign > 0 else "neg"
    return "nonneg" if sign > 0 else "nonpos"


# --------------------------------------------------------------------------- structural rules


class _Structure:
    """Structural sign rules, one per node; each known sign comes with its Step."""

    def __init__(self, domain: Domain, symbols: Iterable[sp.Symbol]) -> None:
        self.domain = domain
        self.symbol_signs = {s: possible_signs(domain.set_of(s)) for s in symbols}
        self.refined = {s: refined_symbol(s, sg) for s, sg in self.symbol_signs.items()}
        self.back = {d: s for s, d in self.refined.items()}
        self.memo: dict[Any, tuple[frozenset[int], Step | None]] = {}

    def signs(self, e: Any) -> tuple[frozenset[int], Step | None]:
        if e not in self.memo:
            self.memo[e] = self._signs(e)
        return self.memo[e]

    def _step(
        self, e: Any, sg: frozenset[int], reason: str, kids: Iterable[Step | None] = (), *, rule: str
    ) -> Any:
        if sg == ALL or not sg:
            return ALL, None
        return sg, Step(_relation(e, sg), reason, tuple(k for k in kids if k is not None), rule=rule)

    def _signs(self, e: Any) -> tuple[frozenset[int], Step | None]:
        if e.is_number:
            s = number_sign(e)
            return (ALL, None) if s is None else (frozenset({s}), None)
        if isinstance(e, sp.Symbol):
            return self.symbol_signs.get(e, ALL), None
        if isinstance(e, sp.Add):
            parts = [self.signs(t) for t in e.args]
            sets = [p[0] for p in parts]
            kids = [p[1] for p in parts]
            if all(s <= {POS, ZERO} for s in sets):
                if any(s == {POS} for s in sets):
                    return self._step(
                        e,
                        frozenset({POS}),
                        "sum of nonnegative terms, one positive",
                        kids,
                        rule="sign-of-sum",
                    )
                if all(s == {ZERO} for s in sets):
                    return frozenset({ZERO}), None
                return self._step(
                    e, frozenset({POS, ZERO}), "sum of nonnegative terms", kids, rule="sign-of-sum"
                )
            if all(s <= {NEG, ZERO} for s in sets):
                if any(s == {NEG} for s in sets):
                    return self._step(
                        e,
                        frozenset({NEG}),
                        "sum of nonpositive terms, one negative",
                        kids,
                        rule="sign-of-sum",
                    )
                return self._step(
                    e, frozenset({NEG, ZERO}), "sum of nonpositive terms", kids, rule="sign-of-sum"
                )
            return self._polynomial(e)
        if isinstance(e, sp.Mul):
            parts = [self.signs(f) for f in e.args]
            acc = frozenset({POS})
            for sg, _ in parts:
                acc = frozenset(a * b for a in acc for b in sg)
            return self._step(
                e, acc, "product of factors of known sign", [p[1] for p in parts], rule="sign-of-product"
            )
        if isinstance(e, sp.Pow):
            return self._pow(e)
        if isinstance(e, sp.exp):
            return self._step(e, frozenset({POS}), "the exponential is positive", rule="exp-positive")
        if isinstance(e, sp.Abs):
            sg, kid = self.signs(e.args[0])
            out = frozenset({POS}) if ZERO not in sg else frozenset({POS, ZERO})
            return self._step(e, out, "absolute value", [kid], rule="absolute-value")
        if isinstance(e, sp.log) and len(e.args) == 1:
            arg = e.args[0]
            sg, kid = self.signs(arg)
            shifted, kid2 = self.signs(arg - 1)
            # where log a is defined, a > 0; its sign is that of a - 1
            if shifted != ALL:
                return self._step(e, shifted, "log a has the sign of a − 1", [kid, kid2], rule="sign-of-log")
            return ALL, None
        if isinstance(e, sp.cosh):
            return self._step(e, frozenset({POS}), "cosh is positive", rule="cosh-positive")
        if isinstance(e, (sp.sinh, sp.tanh, sp.atan, sp.asinh, sp.erf)):
            sg, kid = self.signs(e.args[0])
            return self._step(
                e,
                sg,
                f"{type(e).__name__} is odd and increasing: sign of its argument",
                [kid],
                rule="odd-increasing",
            )
        return self._assumptions(e)

    def _polynomial(self, e: Any) -> tuple[frozenset[int], Step | None]:
        symbols = sorted_symbols(e.free_symbols)
        if not e.is_polynomial(*symbols):
            return self._assumptions(e)
        for flip, signs_of in ((1, lambda sg: sg), (-1, lambda sg: frozenset(-k for k in sg))):
            got = _shifted_coefficients(flip * e, symbols, self.domain)
            if got is not None:
                sg = signs_of(got[0])
                return sg, Step(_relation(e, sg), got[1].reason, (got[1],), rule="shifted-coefficients")
        return self._assumptions(e)

    def _pow(self, e: sp.Pow) -> tuple[frozenset[int], Step | None]:
        base, ex = e.args
        sg, kid = self.signs(base)
        if ex.is_Integer:
            n = int(ex)
            if n < 0:
                sg = sg - {ZERO}  # where defined the base is nonzero
            if n % 2 == 0:
                out = frozenset({POS}) if ZERO not in sg else frozenset({POS, ZERO})
                return self._step(e, out, "even power", [kid], rule="even-power")
            return self._step(e, sg, "odd power keeps the sign of the base", [kid], rule="odd-power")
        if ex.is_integer is not False and NEG in sg:
            # an exponent that may be an integer: a negative base gives real values of either sign
            if ex.is_integer and ex.is_even:
                return self._step(
                    e,
                    frozenset({POS}) if ZERO not in sg else ALL - {NEG},
                    "even power",
                    [kid],
                    rule="even-power",
                )
            return ALL, None
        real_part = sg - {NEG}  # a non-integer power is real only for a base >= 0
        if not real_part:
            return ALL, None
        if real_part == {POS}:
            return self._step(e, frozenset({POS}), "power of a positive base", [kid], rule="positive-base")
        if ex.is_positive:
            return self._step(
                e,
                frozenset({POS, ZERO}),
                "positive power of a nonnegative base",
                [kid],
                rule="nonnegative-base",
            )
        if ex.is_negative:
            return self._step(
                e,
                frozenset({POS}),
                "negative power of a nonnegative base (defined: base > 0)",
                [kid],
                rule="nonnegative-base",
            )
        return ALL, None

    def _assumptions(self, e: Any) -> tuple[frozenset[int], Step | None]:
        r = e.xreplace(self.refined)
        for sg, test in (
            (frozenset({POS}), r.is_positive),
            (frozenset({NEG}), r.is_negative),
            (frozenset({ZERO}), r.is_zero),
            (frozenset({POS, ZERO}), r.is_nonnegative),
            (frozenset({NEG, ZERO}), r.is_nonpositive),
        ):
            if test:
                return self._step(
                    e, sg, "SymPy's assumption system on the refined symbols", rule="assumptions"
                )
        return ALL, None


# --------------------------------------------------------------------------- univariate cells


@dataclass(frozen=True)
class _Cell:
    kind: str  # "open" (a rational sample inside an open cell), "root", "pole", "point" (endpoint)
    point: Any  # exact value (rational sample, algebraic root, or endpoint)
    lower: Any = None  # for "open": the cell's exact ends
    upper: Any = None


def _univariate_cells(expr: Any, s: sp.Symbol, domain: sp.Set) -> tuple[list[_Cell], Any, Any] | None:
    """Cut ``domain`` at the real roots and poles of a rational function; one sample per cell.

    Roots and poles are isolated exactly and ordered exactly (the kernel's
    :func:`~symml.core.exact.cells.real_roots`); every open cell's sample lies strictly
    inside it.  Returns ``(cells, numerator, denominator)`` or ``None`` when ``expr`` is
    not a rational function with rational coefficients or ``domain`` is not a union of
    intervals with rational (or infinite) ends.
    """
    if not expr.is_rational_function(s):
        return None
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    try:
        roots = [(r, "root") for r in real_roots(irreducible_factors(num, [s]), s)]
        poles = [(r, "pole") for r in real_roots(irreducible_factors(den, [s]), s)]
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
        return None
    cuts = sorted(roots + poles, key=functools.cmp_to_key(lambda u, v: compare(u[0], v[0])))
    comps = list(domain.args) if isinstance(domain, sp.Union) else [domain]
    cells: list[_Cell] = []
    for comp in comps:
        if isinstance(comp, sp.FiniteSet):
            cells += [_Cell("point", v) for v in comp]
            continue
        if not isinstance(comp, sp.Interval):
            return None
        a, b = comp.start, comp.end
        if not all(v.is_Rational or v in (sp.oo, -sp.oo) for v in (a, b)):
            return None
        inside = [(r, kind) for r, kind in cuts if compare(a, r) < 0 < compare(b, r)]
        ends = [a, *(r for r, _ in inside), b]
        for lo, hi in itertools.pairwise(ends):
            cells.append(_Cell("open", rational_between(lo, hi), value_expr(lo), value_expr(hi)))
        cells += [_Cell(kind, value_expr(r)) for r, kind in inside]
        for end, is_open in ((a, comp.left_open), (b, comp.right_open)):
            if end.is_finite and not is_open:
                cells.append(_Cell("point", end))
    return cells, num, den


def _cell_sign(expr: Any, s: sp.Symbol, cell: _Cell) -> int | None:
    if cell.kind == "root":
        return ZERO
    if cell.kind == "pole":
        return None
    value = expr.xreplace({s: cell.point})
    return number_sign(value)


# --------------------------------------------------------------------------- polynomials


def _shifted_coefficients(
    poly_expr: Any, symbols: list[sp.Symbol], domain: Domain
) -> tuple[frozenset[int], Step] | None:
    """Shift each variable to a bound of its domain; nonnegative coefficients prove ``>= 0``.

    ``x >= a`` becomes ``x = a + t`` and ``x <= b`` becomes ``x = b - t`` with ``t >= 0``;
    a monomial is then nonnegative when its coefficient is and every unbounded variable
    has an even exponent in it.
    """
    subs: dict[sp.Symbol, Any] = {}
    shifts: list[sp.Dummy] = []
    strict: dict[sp.Symbol, bool] = {}
    unbounded = []
    notes = []
    for s in symbols:
        st = domain.set_of(s)
        t = sp.Dummy(f"t_{s.name}", nonnegative=True)
        lo, hi = st.inf, st.sup
        if lo.is_Rational:
            subs[s] = lo + t
            strict[t] = st.contains(lo) is sp.false
            notes.append(sp.Eq(s, lo + t, evaluate=False))
        elif hi.is_Rational:
            subs[s] = hi - t
            strict[t] = st.contains(hi) is sp.false
            notes.append(sp.Eq(s, hi - t, evaluate=False))
        else:
            unbounded.append(s)
            continue
        shifts.append(t)
    if not subs:
        return None
    shifted = sp.Poly(sp.expand(poly_expr.xreplace(subs)), *shifts, *unbounded)
    gens = shifted.gens
    positive_term = False
    for monom, coeff in shifted.terms():
        # t**k >= 0 for t >= 0, and u**(2k) >= 0 for an unbounded u; a negative or
        # irrational coefficient, or an odd power of an unbounded variable, ends the attempt
        if not coeff.is_Rational or coeff < 0:
            return None
        if any(g in unbounded and k % 2 for g, k in zip(gens, monom)):
            return None
        if coeff > 0 and all(k == 0 or strict.get(g, False) for g, k in zip(gens, monom)):
            positive_term = True
    signs = frozenset({POS}) if positive_term else frozenset({POS, ZERO})
    rename = {g: sp.Symbol(g.name) for g in gens if isinstance(g, sp.Dummy)}
    statement = sp.Eq(poly_expr, shifted.as_expr().xreplace(rename), evaluate=False)
    reason = (
        "nonnegative coefficients after the shift "
        + ", ".join(f"{n.lhs} = {sp.sstr(n.rhs.xreplace(rename))}" for n in notes)
        + " (t ≥ 0)"
    )
    return signs, Step(statement, reason, rule="shifted-coefficients")


def sos_certificate(poly_expr: Any, symbols: list[sp.Symbol]) -> list[tuple[Any, Any]] | None:
    """A sum-of-squares certificate ``p = Σ d_k q_k²`` with rational ``d_k > 0``, or None.

    A Gram matrix is chosen by putting each coefficient on the diagonal when its monomial
    is a square of the half-degree basis, else on the first pair of basis monomials whose
    product it is; it is then factored exactly as ``L D Lᵀ``.  This is a simple exact
    attempt: it succeeds for quadratics and many textbook forms, and returns ``None``
    (never a wrong certificate: the result is expanded and checked) otherwise.

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> cert = sos_certificate(x**2 - 2*x*y + 2*y**2 + 2*y + 1, [x, y])
    >>> sp.expand(sum(d * q**2 for d, q in cert) - (x**2 - 2*x*y + 2*y**2 + 2*y + 1))
    0
    """
    try:
        P = sp.Poly(poly_expr, *symbols, domain="QQ")
    except (sp.PolynomialError, sp.CoercionFailed):
        return None
    if P.is_zero:
        return []
    terms = dict(P.terms())
    if any(k % 2 for m in terms for k in (P.degree(g) for g in P.gens)):
        return None
    half = [P.degree(g) // 2 for g in P.gens]
    total = P.total_degree() // 2
    basis = []
    for m in itertools.product(*[range(h + 1) for h in half]):
        if sum(m) > total:
            continue
        square = tuple(2 * k for k in m)
        if terms.get(square, 0) > 0:
            basis.append(m)
    if not basis:
        return None
    # higher degree first, the constant monomial last (so a positive last pivot is a constant)
    basis.sort(key=lambda m: (-sum(m), tuple(-k for k in m)))
    index = {m: i for i, m in enumerate(basis)}
    # three ways of spreading a coefficient over the Gram matrix: on the diagonal / the first
    # pair of basis monomials whose product it is, or on the pair of closest degrees, or evenly
    # over every such pair
    for mode in ("first", "balanced", "even"):
        cert = _gram_certificate(P, terms, basis, index, mode)
        if cert is not None:
            return cert
    return None


def _gram_certificate(P: sp.Poly, terms: dict, basis: list, index: dict, mode: str) -> list | None:
    n = len(basis)
    Q = [[sp.Integer(0)] * n for _ in range(n)]
    for mono, coeff in terms.items():
        half_m = tuple(k // 2 for k in mono)
        pairs = [
            (i, index[mj])
            for i, mi in enumerate(basis)
            if (mj := tuple(a - b for a, b in zip(mono, mi))) in index
        ]
        if not pairs:
            return None
        if mode in ("first", "balanced"):
            if all(k % 2 == 0 for k in mono) and half_m in index and coeff > 0:
                pairs = [(index[half_m], index[half_m])]
            else:
                off = [(i, j) for i, j in pairs if i != j]
                if mode == "balanced":
                    off.sort(key=lambda ij: abs(sum(basis[ij[0]]) - sum(basis[ij[1]])))
                pairs = [off[0], off[0][::-1]] if off else pairs
        for i, j in pairs:
            Q[i][j] += coeff / len(pairs)
    # exact LDLᵀ
    L = [[sp.Integer(1) if i == j else sp.Integer(0) for j in range(n)] for i in range(n)]
    D = [sp.Integer(0)] * n
    A = [row[:] for row in Q]
    for k in range(n):
        D[k] = A[k][k]
        if D[k] < 0:
            return None
        if D[k] == 0:
            if any(A[i][k] != 0 for i in range(k + 1, n)):
                return None
            continue
        for i in range(k + 1, n):
            L[i][k] = A[i][k] / D[k]
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                A[i][j] -= L[i][k] * D[k] * L[j][k]
    monos = [sp.Mul(*[g**k for g, k in zip(P.gens, m)]) for m in basis]
    cert = []
    for k in range(n):
        if D[k] != 0:
            cert.append((D[k], sp.Add(*[L[i][k] * monos[i] for i in range(k, n)])))
    if sp.expand(sum(d * q**2 for d, q in cert) - P.as_expr()) != 0:
        return None
    return cert


# --------------------------------------------------------------------------- witnesses


#: the assumptions a witness value must share with its symbol
_FACTS = ("integer", "even", "odd", "positive", "negative", "nonnegative", "nonpositive", "nonzero", "zero")


def satisfies_assumptions(symbol: sp.Symbol, value: Any) -> bool:
    """Whether an exact value has every property its symbol was declared with (integer, positive …)."""
    value = as_sympy(value)
    return all(
        getattr(value, f"is_{fact}") is True for fact in _FACTS if getattr(symbol, f"is_{fact}", None) is True
    )


def _with_own_assumptions(domain: Domain, symbols: Iterable[sp.Symbol]) -> Domain:
    """The domain cut down by what each symbol says of itself (``Symbol("x", positive=True)``)."""
    box = dict(domain.box)
    for cond in own_conditions(symbols):
        (s,) = cond.free_symbols
        box[s] = box.get(s, sp.S.Reals).intersect(sp.solveset(cond, s, sp.S.Reals))
    return Domain(box, domain.coupled)


def _search_witness(
    expr: Any, symbols: list[sp.Symbol], domain: Domain, bad: frozenset[int], budget: int = 400
) -> tuple[dict[sp.Symbol, Any], Any, int] | None:
    """Rational points of the domain, tried in a fixed order; the first whose exact sign is bad."""
    for point in candidate_points(symbols, domain, budget):
        if not all(satisfies_assumptions(s, v) for s, v in point.items()):
            continue
        value = expr.xreplace(point)
        sign = number_sign(value)
        if sign is not None and sign in bad:
            return point, value, sign
    return None


# --------------------------------------------------------------------------- the prover


def prove_sign(expr: Any, relation: str = ">", *, assumptions: Any = None, variables: Any = None) -> Result:
    """Prove or refute a sign claim such as ``x**2 - 2*x + 2 > 0`` under assumptions.

    Parameters
    ----------
    expr : SymPy expression or str
        The expression whose sign is claimed (strings go through the safe parser).
    relation : {">", ">=", "<", "<=", "==", "!="}
        The claim is ``expr relation 0`` for every admissible value of every symbol
        (where ``expr`` is defined and real).  Words ("positive", "nonnegative", …) work too.
    assumptions : str, relation, list of relations, or mapping Symbol -> Set, optional
        The domain, e.g. ``"x > 0, a > 1"`` or ``{x: Interval(0, 1)}``.  Symbols are
        matched by name; symbols without a condition range over the reals.
    variables : list of Symbol, optional
        Only fixes the order in which witness values are reported; every free symbol
        is quantified.

    Returns
    -------
    Result
        ``proven`` with steps, ``refuted`` with an exact witness point (in the user's
        symbol names) satisfying the assumptions, or ``undecided`` with what was tried.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> prove_sign(x**2 - 2*x + 2, ">").verdict.value
    'proven'
    >>> r = prove_sign(x**3 - x, ">=", assumptions="x > 0")
    >>> r.verdict.value, r.witness.values
    ('refuted', {'x': 1/2})
    >>> prove_sign(x**2 - 2*x*y + y**2, ">=").steps[0].reason
    'factor'
    """
    from symml.core import parsing

    rel = _ALIASES.get(relation, relation) if isinstance(relation, str) else relation
    if rel not in _TARGETS:
        raise InvalidValueError(f"unknown relation {relation!r}; use one of '>', '>=', '<', '<=', '==', '!='")
    expr = parsing.as_expr(
        expr, variables if variables is not None and not isinstance(variables, str) else None
    )
    target = _TARGETS[rel]
    symbols = sorted_symbols(s for s in expr.free_symbols if isinstance(s, sp.Symbol))
    if variables is not None:
        order = parsing.as_symbols(variables)
        names = [v.name for v in order]
        symbols = sorted(
            symbols, key=lambda s: (names.index(s.name) if s.name in names else len(names), s.name)
        )
    domain = _with_own_assumptions(as_domain(assumptions, symbols), symbols)
    claim = _claim(expr, rel)
    tried: list[str] = []
    result = _prove(expr, rel, target, symbols, domain, claim, tried)
    by_name = {s.name: s for s in symbols}
    if result is not None and result.witness is not None:
        if not all(satisfies_assumptions(by_name[k], v) for k, v in result.witness.values.items()):
            result = None  # a real counterexample that the symbols' own assumptions exclude
    if result is not None:
        return result
    bad = frozenset({POS, ZERO, NEG}) - target
    found = _search_witness(expr, symbols, domain, bad)
    if found is not None:
        point, value, sign = found
        return Result(
            claim,
            Verdict.REFUTED,
            witness=Witness(
                {s.name: v for s, v in point.items()},
                shows=_relation(value, frozenset({sign})),
                description=f"at this point the expression equals {value}, so the claim fails",
            ),
        )
    tried.append("no counterexample among rational points of the domain")
    return Result(claim, Verdict.UNDECIDED, notes=tuple(tried))


def _prove(
    expr: Any,
    rel: str,
    target: frozenset[int],
    symbols: list[sp.Symbol],
    domain: Domain,
    claim: Any,
    tried: list[str],
) -> Result | None:
    def proven(steps: list[Step]) -> Result:
        return Result(claim, Verdict.PROVEN, steps=tuple(steps))

    def refuted(point: dict[sp.Symbol, Any], value: Any, sign: int, why: str) -> Result:
        return Result(
            claim,
            Verdict.REFUTED,
            witness=Witness(
                {s.name: v for s, v in point.items()},
                shows=_relation(value, frozenset({sign})),
                description=why,
            ),
        )

    # 1. a constant
    if not symbols:
        sign = number_sign(expr)
        if sign is None:
            tried.append("the sign of this constant could not be decided exactly")
            return None
        if sign in target:
            return proven(
                [Step(_relation(expr, frozenset({sign})), "exact evaluation", rule="exact-evaluation")]
            )
        return refuted({}, expr, sign, "exact evaluation")
    # 2. structure, on the expression and its factored / combined forms
    structure = _Structure(domain, symbols)
    forms = [(expr, None)]
    if expr.is_rational_function(*symbols):
        for name, f in (
            ("factor", sp.factor),
            ("combine over a common denominator", sp.together),
            ("expand", sp.expand),
        ):
            g = f(expr)
            if g != expr and all(g != h for h, _ in forms):
                forms.append((g, name))
    if rel == "==":
        for name, f in (("expand", sp.expand), ("cancel", sp.cancel)):
            if f(expr) == 0:
                return proven([Step(sp.Eq(expr, 0, evaluate=False), name, rule="identically-zero")])
        if len(symbols) == 1:
            steps = _constant_on_its_domain(expr, symbols[0], domain.set_of(symbols[0]))
            if steps is not None:
                return proven(steps)
    for form, how in forms:
        sg, step = structure.signs(form)
        if sg <= target and step is not None:
            steps = [] if how is None else [Step(sp.Eq(expr, form, evaluate=False), how, rule="rewrite")]
            return proven(steps + [step])
        if sg <= target and step is None and sg:
            return proven(
                [Step(_relation(form, sg), "sign of a constant or of a symbol's domain", rule="known-sign")]
            )
    tried.append("structural sign rules (sums, products, powers, exp, log, abs)")
    # 3. univariate rational functions: exact cells
    if len(symbols) == 1:
        (s,) = symbols
        res = _univariate(expr, s, domain, target, claim, tried)
        if res is not None:
            return res
    # 4. polynomials: shifted coefficients, then sums of squares
    if expr.is_polynomial(*symbols):
        poly = sp.expand(expr)
        for sign_target, flip in ((target, 1), (frozenset(-t for t in target), -1)):
            if not sign_target <= {POS, ZERO}:
                continue
            p = poly * flip
            shifted = _shifted_coefficients(p, symbols, domain)
            if shifted is not None and shifted[0] <= sign_target:
                return proven(
                    [
                        shifted[1],
                        Step(_claim(expr, rel), "so the claim holds on the domain", rule="conclusion"),
                    ]
                )
            cert = sos_certificate(p, symbols)
            if cert is not None:
                sos = sp.Add(*[d * q**2 for d, q in cert])
                strict = any(q.is_number for _, q in cert)
                if strict or sign_target == {POS, ZERO}:
                    step = Step(
                        sp.Eq(p, sos, evaluate=False),
                        "sum of squares (exact LDLᵀ of a Gram matrix)"
                        + (", with a positive constant term" if strict else ""),
                        rule="sum-of-squares",
                    )
                    return proven(
                        [
                            step,
                            Step(
                                _claim(expr, rel),
                                "a sum of squares is nonnegative" + (" and here positive" if strict else ""),
                                rule="conclusion",
                            ),
                        ]
                    )
        tried.append("nonnegative coefficients after shifting to the bounds; sum-of-squares certificate")
    return None


def _constant_on_its_domain(expr: Any, s: sp.Symbol, allowed: sp.Set) -> list[Step] | None:
    """Steps proving expr = 0 where it is defined: expr' = 0 on an interval on which expr is
    defined and continuous (the domain engine), and expr = 0 at one rational point of it.

    ``asin(x) + acos(x) - pi/2``: defined and continuous exactly on [-1, 1], derivative 0.
    """
    where: sp.Set = allowed
    relation = {POS: sp.StrictGreaterThan, ZERO: sp.Equality, NEG: sp.StrictLessThan}
    for r in requirements(expr, [s]):
        if not r.ok:
            return None
        try:
            ok = sp.Union(*[sp.solveset(relation[g](r.arg, 0), s, sp.S.Reals) for g in r.ok])
        except (NotImplementedError, ValueError, TypeError):
            return None
        where = where.intersect(ok)
    if not isinstance(where, sp.Interval) or where.measure == 0:
        return None  # not one interval: a constant on each piece may differ (acot(x) + atan(x))
    if sp.simplify(sp.diff(expr, s)) != 0:
        return None
    points = rational_values_in(where, limit=1)
    if not points or number_sign(expr.subs(s, points[0])) != 0:
        return None
    return [
        Step(
            sp.Contains(s, where, evaluate=False),
            "where the expression is defined and continuous (one interval)",
            rule="domain",
        ),
        Step(
            sp.Eq(sp.Derivative(expr, s), 0, evaluate=False),
            "derivative simplifies to 0: constant there",
            rule="zero-derivative",
        ),
        Step(
            sp.Eq(expr.subs(s, points[0]), 0, evaluate=False),
            Sentence("its value at", sp.Eq(s, points[0])),
            rule="value-at-a-point",
        ),
    ]


def _univariate(
    expr: Any, s: sp.Symbol, domain: Domain, target: frozenset[int], claim: Any, tried: list[str]
) -> Result | None:
    got = _univariate_cells(expr, s, domain.set_of(s))
    if got is None:
        return None
    cells, num, den = got
    signs = []
    for cell in cells:
        sign = _cell_sign(expr, s, cell)
        if cell.kind == "pole":
            continue
        if sign is None:
            tried.append(f"the sign at {s} = {cell.point} could not be decided")
            return None
        if sign not in target:
            shows_value = sp.Integer(0) if cell.kind == "root" else expr.xreplace({s: cell.point})
            return Result(
                claim,
                Verdict.REFUTED,
                witness=Witness(
                    {s.name: cell.point},
                    shows=_relation(shows_value, frozenset({sign})),
                    description=Sentence("exact sign at", sp.Eq(s, cell.point, evaluate=False)),
                ),
            )
        signs.append((cell, sign))
    roots = [c.point for c, _ in signs if c.kind == "root"]
    poles = [c.point for c in cells if c.kind == "pole"]
    samples = [c.point for c, _ in signs if c.kind == "open"]
    what = ["real roots of the numerator in the domain:", sp.FiniteSet(*roots) if roots else "none"]
    if poles:
        what += ["; poles (excluded):", sp.FiniteSet(*poles)]
    steps = [
        Step(sp.Eq(expr, num / den, evaluate=False), "rational function normal form", rule="normal-form"),
        Step(
            _relation(expr, frozenset({sg for _, sg in signs})),
            Sentence(
                "Sturm count / exact root isolation:",
                *what,
                "; the sign is constant between them and was evaluated exactly at",
                sp.FiniteSet(*samples),
            ),
            rule="sturm",
        ),
    ]
    return Result(claim, Verdict.PROVEN, steps=tuple(steps))


# --------------------------------------------------------------------------- sign conditions


@dataclass(frozen=True)
class SignConditions:
    """Where an expression in one parameter is positive, zero, negative or undefined.

    The four sets are disjoint and together make up the admissible set of the parameter.
    """

    parameter: sp.Symbol
    positive: sp.Set
    zero: sp.Set
    negative: sp.Set
    undefined: sp.Set

    def condition(self, which: str) -> Boolean:
        """The set ``which`` ("positive", "zero", "negative", "undefined") as a condition."""
        st = getattr(self, which)
        return st.as_relational(self.parameter) if st is not sp.S.EmptySet else sp.false

    def cases(self) -> list[tuple[Boolean, int]]:
        """``[(condition, sign), …]`` for the non-empty sign sets (sign -1, 0 or 1)."""
        out = []
        for which, sign in (("negative", NEG), ("zero", ZERO), ("positive", POS)):
            if getattr(self, which) is not sp.S.EmptySet:
                out.append((self.condition(which), sign))
        return out


def sign_conditions(expr: Any, parameter: Any, *, assumptions: Any = None) -> SignConditions | None:
    """The exact sets of parameter values where ``expr`` is > 0, = 0, < 0 (and undefined).

    Parameters
    ----------
    expr : SymPy expression or str
        An expression in ``parameter`` only.
    parameter : Symbol or str
        The one parameter (a name is resolved to the symbol of that name in ``expr``).
    assumptions : optional
        Conditions on the parameter (e.g. ``"p > 0"``); the sets partition this domain.

    Returns
    -------
    SignConditions or None
        ``None`` when the sets cannot be computed exactly.

    Examples
    --------
    >>> import sympy as sp
    >>> p = sp.Symbol("p")
    >>> sc = sign_conditions(p**2 - 1, p)
    >>> sc.positive, sc.zero, sc.negative
    (Union(Interval.open(-oo, -1), Interval.open(1, oo)), {-1, 1}, Interval.open(-1, 1))
    >>> sign_conditions((p - 1)/p, p, assumptions="p >= 0").undefined
    {0}
    """
    from symml.core import parsing

    (par,) = parsing.as_symbols(parameter) if not isinstance(parameter, sp.Symbol) else (parameter,)
    expr = parsing.as_expr(expr, {par.name: par})
    par = next((s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s.name == par.name), par)
    others = [s for s in expr.free_symbols if s != par]
    if others:
        raise InvalidValueError(
            f"sign_conditions needs an expression in {par} only; it also mentions "
            f"{', '.join(sorted(map(str, others)))}"
        )
    domain = as_domain(assumptions, [par]).set_of(par)
    real = sp.Dummy(par.name, real=True)
    e = expr.xreplace({par: real})
    got = _univariate_cells(e, real, domain.xreplace({par: real}) if domain.free_symbols else domain)
    sets: dict[int | None, list[sp.Set]] = {POS: [], ZERO: [], NEG: [], None: []}
    if got is not None:
        cells, _, _ = got
        for cell in cells:
            sign = _cell_sign(e, real, cell)
            if cell.kind == "open":
                if sign is None:
                    return None
                piece = sp.Interval.open(cell.lower, cell.upper)
                sets[sign].append(piece)
            else:
                sets[sign].append(sp.FiniteSet(cell.point))
        out = {k: sp.Union(*v) if v else sp.S.EmptySet for k, v in sets.items()}
        return SignConditions(par, out[POS], out[ZERO], out[NEG], out[None])
    try:
        pos = sp.solve_univariate_inequality(e > 0, real, relational=False, domain=domain)
        neg = sp.solve_univariate_inequality(e < 0, real, relational=False, domain=domain)
        zero = sp.solveset(e, real, domain)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if any(isinstance(st, sp.ConditionSet) or st.has(sp.ConditionSet) for st in (pos, neg, zero)):
        return None
    undefined = sp.Complement(domain, sp.Union(pos, neg, zero))
    return SignConditions(par, pos, zero, neg, undefined)
