"""Identity checking: is ``lhs == rhs`` for every admissible value of the symbols?

Every symbol is first replaced by a real dummy carrying what the assumptions imply
(``x > 0`` gives a positive dummy, a user's ``Symbol('x', positive=True)`` keeps its
positivity, plain symbols are real), and :func:`check_identity` applies sound normal
forms to both sides, in order:

1. expand and cancel (polynomial identities);
2. rational function normal form (``cancel(together(·))``);
3. the log/exp rewrite: every real symbol ``z`` inside an exponential becomes
   ``log w`` with ``w > 0`` (a bijection of the reals onto the positive reals), so that
   ``exp(k z) = w**k``; then each ``log`` of a product is split into logs of its factors
   only when every factor is provably positive (``log(ab) = log a + log b`` needs
   ``a, b > 0``), and the result is expanded;
4. radicands factored (``sqrt((x+1)**2) = |x + 1|``, which is ``x + 1`` only where
   ``x + 1 >= 0`` is known);
5. on half-lines with a nonzero end, ``x = a + t`` with ``t >= 0`` (or ``t > 0``) and
   the normal forms again, so that facts like ``x + 1 >= 0`` for ``x >= -1`` are seen.

If none of them reaches zero, rational points of the domain are searched for a
counterexample: both sides are enclosed in rigorous balls (python-flint ``arb``) with
every subexpression required to be real, and a point counts only when the balls of the
two sides are disjoint.  Then trigonometric simplification and SymPy's ``simplify``
(on the refined dummies) are tried; otherwise the verdict is ``undecided``.

Matrices are compared entry by entry.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp

from symml.core.errors import InvalidValueError, ShapeError
from symml.core.exact.numbers import POS, ZERO, ball_covers, difference_sign, number_sign
from symml.core.exact.signs import Domain, as_domain, possible_signs, refined_symbol
from symml.core.exact.witness import candidate_points
from symml.core.parsing import as_sympy
from symml.core.results import Result, Sentence, Step, Verdict, Witness
from symml.core.symbols import fresh_symbol, sorted_symbols

__all__ = ["check_identity", "log_exp_normal_form"]


def check_identity(lhs: Any, rhs: Any, *, assumptions: Any = (), variables: Any = None) -> Result:
    """Decide whether ``lhs == rhs`` identically (under assumptions), with proof or witness.

    Parameters
    ----------
    lhs, rhs : SymPy expressions or matrices, or str
        The two sides (strings go through the safe parser).
    assumptions : str, relation, list of relations, or mapping Symbol -> Set, optional
        Where the identity must hold, e.g. ``"x > 0, y > 0"``.  Symbols without a
        condition range over the reals (plain user symbols are treated as real).  The
        identity is claimed where both sides are defined and real: a witness is a
        point of the domain where every subexpression of both sides is a finite real
        number and the two sides differ.  So ``log(x*y) = log(x) + log(y)`` without
        positivity is ``undecided`` (never ``proven``): wherever both sides are real
        they agree, and at ``x = y = -1`` the right-hand side is not real.
    variables : list of Symbol, optional
        The order in which witness values are reported; every free symbol is quantified.

    Returns
    -------
    Result
        ``proven`` with the normal-form steps, ``refuted`` with an exact witness point
        (``witness.values`` maps symbol names to rationals) where the two sides differ,
        or ``undecided``.

    Raises
    ------
    ShapeError
        When a matrix is compared with a scalar or matrices of different shapes.
    ParseError
        When a string side or assumption is not a valid expression or condition.

    Notes
    -----
    Only sound rewrites prove: ``log(ab) = log a + log b`` is used only for factors
    proven positive (SymPy's assumption system on refined dummies: ``x > 0`` gives a
    positive dummy), ``log(exp(u)) = u`` only for real ``u``, and each real symbol inside
    an exponential is replaced by ``log w`` with ``w > 0``.  A witness is chosen among
    rational points and certified by rigorous ball arithmetic (python-flint ``arb``)
    or, for functions outside it, by SymPy's exact sign decision.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> check_identity(sp.log(x * y), sp.log(x) + sp.log(y), assumptions="x > 0, y > 0").verdict.value
    'proven'
    >>> r = check_identity(sp.sqrt(x**2), x)
    >>> r.verdict.value, r.witness.values
    ('refuted', {'x': -1})
    >>> check_identity((x + 1)**2, x**2 + 1).witness.values
    {'x': 1}
    """
    from symml.core import parsing

    names = None if variables is None else parsing.as_symbols(variables)
    if assumptions is None or (isinstance(assumptions, str) and not assumptions.strip()):
        assumptions = ()  # no conditions: every symbol ranges over the reals
    if _is_matrix(lhs) or _is_matrix(rhs):
        return _check_matrix(lhs, rhs, assumptions, names)
    lhs = parsing.as_expr(lhs, names, what="the left-hand side")
    rhs = parsing.as_expr(rhs, names, what="the right-hand side")
    return _check_scalar(lhs, rhs, assumptions, names)


def _is_matrix(value: Any) -> bool:
    return isinstance(value, (sp.MatrixBase, list, tuple)) or (
        isinstance(value, str) and value.lstrip().startswith("[")
    )


def _check_matrix(lhs: Any, rhs: Any, assumptions: Any, names: list[sp.Symbol] | None) -> Result:
    from symml.core import parsing

    if not (_is_matrix(lhs) and _is_matrix(rhs)):
        raise ShapeError("one side is a matrix and the other a scalar; compare two matrices of one shape")
    L = parsing.as_matrix(lhs, names, what="the left-hand side")
    R = parsing.as_matrix(rhs, names, what="the right-hand side")
    if L.shape != R.shape:
        raise ShapeError(
            f"the sides have shapes {L.shape[0]}x{L.shape[1]} and {R.shape[0]}x{R.shape[1]}; "
            "an identity compares matrices of the same shape"
        )
    claim = sp.Eq(L, R, evaluate=False)
    substeps: list[Step] = []
    notes: list[str] = []
    undecided = False
    for i, j in itertools.product(range(L.rows), range(L.cols)):
        r = _check_scalar(L[i, j], R[i, j], assumptions, names)
        if r.verdict is Verdict.REFUTED:
            assert r.witness is not None
            return Result(
                claim,
                Verdict.REFUTED,
                witness=Witness(
                    r.witness.values,
                    shows=r.witness.shows,
                    description=f"entry ({i + 1}, {j + 1}) differs: {r.witness.description}",
                ),
            )
        if r.verdict is Verdict.UNDECIDED:
            undecided = True
            notes.append(f"entry ({i + 1}, {j + 1}) undecided: " + "; ".join(r.notes))
        else:
            substeps.append(Step(r.claim, f"entry ({i + 1}, {j + 1})", r.steps, rule="matrix-entry"))
    if undecided:
        return Result(claim, Verdict.UNDECIDED, notes=tuple(notes))
    return Result(
        claim, Verdict.PROVEN, steps=(Step(claim, "entry by entry", tuple(substeps), rule="entrywise"),)
    )


# --------------------------------------------------------------------------- normal forms


def log_exp_normal_form(
    expr: Any, positive: Callable[[Any], bool | None] | None = None, used: list[Any] | None = None
) -> Any:
    """Split logs of products into logs of positive factors, then expand (sound rewrites only).

    ``log(c * f1**k1 * f2**k2 …)`` becomes ``log c + k1 log f1 + k2 log f2 + …`` when the
    factored argument has a positive constant ``c`` and every factor ``fi`` is provably
    positive (``positive(fi)`` is True; by default SymPy's ``is_positive``); a provably
    negative factor is first paired with a sign flip.  Logs whose factors cannot be
    signed are left alone.

    >>> import sympy as sp
    >>> w = sp.Symbol("w", positive=True)
    >>> log_exp_normal_form(sp.log(w / (1 + w)) + sp.log(1 + w))
    log(w)
    >>> u = sp.Symbol("u", real=True)
    >>> log_exp_normal_form(sp.log(u**2))  # u may be 0 or negative: left alone
    log(u**2)
    """
    is_pos = positive or (lambda f: f.is_positive)
    is_neg = (lambda f: is_pos(-f)) if positive else (lambda f: f.is_negative)

    def split(arg: Any) -> Any:
        arg = sp.factor(sp.together(arg))
        coeff, factors = sp.factor_list(arg) if arg.is_polynomial() else _factor_rational(arg)
        if coeff is None:
            return sp.log(arg)
        out, signed = [], []
        for f, k in factors:
            if is_pos(f):
                out.append(k * sp.log(f))
                signed.append(f)
            elif is_neg(f):
                coeff *= (-1) ** k
                out.append(k * sp.log(-f))
                signed.append(-f)
            else:
                return sp.log(arg)
        if not (coeff.is_number and coeff.is_positive):
            return sp.log(arg)
        if used is not None and not (coeff == 1 and len(factors) == 1 and factors[0][1] == 1):
            used.extend(f for f in signed if f not in used)
        return sp.log(coeff) + sp.Add(*out)

    e = sp.expand(as_sympy(expr), power_exp=True, mul=True, log=False, multinomial=True, basic=True)
    e = e.replace(lambda n: isinstance(n, sp.log) and len(n.args) == 1, lambda n: split(n.args[0]))
    return sp.expand(sp.expand_log(e, force=False))


def _factor_rational(arg: Any) -> tuple[Any, list[tuple[Any, int]]]:
    num, den = sp.fraction(sp.cancel(arg))
    if not (num.is_polynomial() and den.is_polynomial()):
        return None, []
    cn, fn = sp.factor_list(num)
    cd, fd = sp.factor_list(den)
    return cn / cd, [*fn, *[(f, -k) for f, k in fd]]


def _exp_to_positive(e: Any, avoid: list[Any]) -> tuple[Any, dict[Any, Any]]:
    """Replace each real symbol z occurring inside an exponential by log(w), w > 0.

    Returns the new expression and the map w -> exp(z) to print steps in the user's terms.
    """
    exps = e.atoms(sp.exp)
    inside = sorted_symbols(set().union(*(x.args[0].free_symbols for x in exps))) if exps else []
    subs, back = {}, {}
    for z in inside:
        if not z.is_real:
            continue
        w = sp.Dummy(fresh_symbol(f"w_{z.name}", avoid).name, positive=True)
        subs[z] = sp.log(w)
        back[w] = sp.exp(z)
    if not subs:
        return e, {}
    return e.xreplace(subs), back


# --------------------------------------------------------------------------- the checker


def _check_scalar(lhs: Any, rhs: Any, assumptions: Any, names: list[sp.Symbol] | None) -> Result:
    symbols = sorted_symbols(
        s for s in (lhs - rhs).free_symbols | lhs.free_symbols | rhs.free_symbols if isinstance(s, sp.Symbol)
    )
    if names:
        order = [n.name for n in names]
        symbols.sort(key=lambda s: (order.index(s.name) if s.name in order else len(order), s.name))
    domain = _with_own_assumptions(as_domain(assumptions, symbols), symbols)
    claim = sp.Eq(lhs, rhs, evaluate=False)
    refined = {s: _refined_dummy(s, domain) for s in symbols}
    back: dict[Any, Any] = {d: s for s, d in refined.items()}
    L, R = lhs.xreplace(refined), rhs.xreplace(refined)

    def user(e: Any) -> Any:
        return e.xreplace(back)

    # written with plain real symbols, so that a positive user symbol's 0 < x is not just True
    using = [
        _without_infinite_bounds(st.as_relational(sp.Symbol(v.name, real=True)))
        for v, st in sorted(domain.box.items(), key=lambda item: item[0].name)
    ]  # conditions coupling several symbols only restrict witnesses; proofs do not use them
    # the refined symbols carry these facts, which the rewrites may use
    using_note = Sentence("(using", *_listed(using), ")") if using else Sentence()

    def normal_form_steps(f: Callable[[Any], Any], reason: Any, extra: dict[Any, Any] | None = None) -> Any:
        reason = Sentence.of(reason, using_note)
        fl, fr = f(L), f(R)
        to_user = (lambda e: user(e.xreplace(extra))) if extra else user
        if sp.expand(fl - fr) == 0:
            steps = [
                Step(
                    sp.Eq(lhs, to_user(fl), evaluate=False),
                    Sentence.of(reason, "(left-hand side)"),
                    rule="normal-form",
                ),
                Step(
                    sp.Eq(rhs, to_user(fr), evaluate=False),
                    Sentence.of(reason, "(right-hand side)"),
                    rule="normal-form",
                ),
                Step(claim, "both sides have the same normal form", rule="conclusion"),
            ]
            if fl == L and fr == R:
                steps = [Step(claim, reason, rule="normal-form")]
            return steps
        fd = f(L - R)
        if sp.expand(fd) == 0:
            return [
                Step(
                    sp.Eq(lhs - rhs, 0, evaluate=False),
                    Sentence.of(reason, "of the difference"),
                    rule="normal-form",
                ),
                Step(claim, "so the two sides are equal", rule="conclusion"),
            ]
        return None

    tried = []
    strategies: list[tuple[str, Callable[[], Any]]] = [
        ("expand and cancel", lambda: normal_form_steps(sp.expand, "expand and cancel")),
        (
            "rational function normal form",
            lambda: normal_form_steps(lambda e: sp.cancel(sp.together(e)), "rational function normal form"),
        ),
        ("exact constant", lambda: _constant_steps(lhs, rhs, claim)),
        ("log/exp rewrite", lambda: _log_exp_steps(L, R, lhs, rhs, claim, user, symbols)),
        (
            "radicands factored",
            lambda: normal_form_steps(
                lambda e: sp.expand(_factor_radicands(e)),
                _RADICANDS_FACTORED,
            ),
        ),
    ]
    shift = _endpoint_shift(domain, refined, symbols)
    if shift is not None:
        strategies.append(
            ("shift to the domain's endpoints", lambda: _shifted_steps(L, R, lhs, rhs, claim, *shift))
        )
    slow: list[tuple[str, Callable[[], Any]]] = [
        ("trig simplification", lambda: normal_form_steps(sp.trigsimp, "trig simplification")),
        (
            "SymPy simplify on the refined symbols",
            lambda: normal_form_steps(sp.simplify, "SymPy simplify (sound on the refined symbols)"),
        ),
    ]
    for name, attempt in strategies:
        steps = _attempt(name, attempt, tried)
        if steps:
            return Result(claim, Verdict.PROVEN, steps=tuple(steps))
    found = _search_witness(lhs, rhs, symbols, domain)
    if found is not None:
        point, lv, rv, sign, how = found
        return Result(
            claim,
            Verdict.REFUTED,
            witness=Witness(
                {s.name: v for s, v in point.items()},
                shows=sp.Ne(lv, rv, evaluate=False),
                description=(
                    "the left-hand side is larger" if sign == POS else "the right-hand side is larger"
                )
                + f" at this point (every part of both sides is real there; the sign of the difference "
                f"is certified by {how})",
            ),
        )
    tried.append("no counterexample among rational points of the domain")
    for name, attempt in slow:
        steps = _attempt(name, attempt, tried)
        if steps:
            return Result(claim, Verdict.PROVEN, steps=tuple(steps))
    return Result(claim, Verdict.UNDECIDED, notes=tuple(f"tried: {t}" for t in tried))


def _constant_steps(lhs: Any, rhs: Any, claim: Any) -> list[Step] | None:
    """A difference with no symbols that the kernel's number_sign proves to be 0: an
    algebraic number whose minimal polynomial is t (cos(pi/7) + cos(3pi/7) + cos(5pi/7) = 1/2)."""
    d = lhs - rhs
    if d.free_symbols or number_sign(d) != ZERO:
        return None
    return [
        Step(
            sp.Eq(lhs - rhs, 0, evaluate=False),
            "the difference is a constant; the exact sign test proves it is 0",
            rule="exact-constant",
        ),
        Step(claim, "so the two sides are equal", rule="conclusion"),
    ]


_OWN_SIGN_SETS = (
    ("positive", sp.Interval.open(0, sp.oo)),
    ("nonnegative", sp.Interval(0, sp.oo)),
    ("negative", sp.Interval.open(-sp.oo, 0)),
    ("nonpositive", sp.Interval(-sp.oo, 0)),
    ("nonzero", sp.Union(sp.Interval.open(-sp.oo, 0), sp.Interval.open(0, sp.oo))),
)


def _own_facts(s: sp.Symbol) -> dict[str, bool]:
    """The facts a user's symbol carries itself (``Symbol('x', positive=True)``), besides commutativity."""
    return {k: v for k, v in s.assumptions0.items() if v is True and k != "commutative"}


def _with_own_assumptions(domain: Domain, symbols: list[sp.Symbol]) -> Domain:
    """Narrow the domain by the sign facts of the user's symbols themselves: a positive
    symbol is never given a negative witness, and its positivity may be used in proofs."""
    box = dict(domain.box)
    for s in symbols:
        facts = _own_facts(s)
        st = box.get(s, sp.S.Reals)
        for fact, sign_set in _OWN_SIGN_SETS:
            if facts.get(fact):
                st = st.intersect(sign_set)
        if st is sp.S.EmptySet:
            raise InvalidValueError(
                f"the assumptions leave no admissible value of {s}, whose own assumptions are "
                f"{', '.join(sorted(facts))}; give conditions it can satisfy"
            )
        if st != sp.S.Reals:
            box[s] = st
    return Domain(box, domain.coupled)


def _refined_dummy(s: sp.Symbol, domain: Domain) -> sp.Dummy:
    """A real dummy for ``s`` carrying the sign its domain implies and the symbol's own facts."""
    signed = refined_symbol(s, possible_signs(domain.set_of(s)))
    facts = {**_own_facts(s), **_own_facts(signed)}
    facts.setdefault("real", True)  # plain user symbols are treated as real
    try:
        return sp.Dummy(s.name, **facts)
    except Exception:  # inconsistent facts (e.g. integer and a sign set SymPy rejects): sign only
        return signed


def _satisfies_own_facts(point: dict[Any, Any]) -> bool:
    """Whether each value has every property its symbol assumes (an integer symbol gets integers)."""
    for s, value in point.items():
        v = as_sympy(value)
        for fact in _own_facts(s):
            if getattr(v, f"is_{fact}", None) is not True:
                return False
    return True


def _listed(items: Sequence[Any], sep: str = ",") -> list[Any]:
    """Parts of a sentence: the items with a separator between them (``x > 0, y < 2``)."""
    out: list[Any] = []
    for item in items:
        out += [sep, item] if out else [item]
    return out


_Q = sp.Symbol("q")
#: Why factoring radicands is sound: sqrt(q**2) = |q| (q where q >= 0 is known).
_RADICANDS_FACTORED = Sentence(
    "radicands factored, with",
    sp.Eq(sp.sqrt(_Q**2), sp.Abs(_Q), evaluate=False),
    ", which is",
    _Q,
    "where",
    _Q >= 0,
    "is known; then expand",
)


def _attempt(name: str, attempt: Callable[[], Any], tried: list[str]) -> list[Step] | None:
    """Run one proof strategy; a strategy SymPy cannot carry out proves nothing (and is noted)."""
    try:
        steps = attempt()
    except Exception as exc:  # noqa: BLE001 - SymPy raises many kinds (PolynomialError, …) on odd input
        tried.append(f"{name} (SymPy could not carry it out: {type(exc).__name__})")
        return None
    if not steps:
        tried.append(name)
    return steps


def _endpoint_shift(
    domain: Domain, refined: dict[sp.Symbol, Any], symbols: list[sp.Symbol]
) -> tuple[dict[Any, Any], list[str]] | None:
    """For each symbol on a half-line with a nonzero end (``x >= -1``), ``x = end ± t`` with ``t >= 0``.

    A bijection of the half-line onto the nonnegative (or positive) reals: signs of
    ``x + 1`` and the like become visible to SymPy's assumptions through ``t``.
    """
    subs: dict[Any, Any] = {}
    said: list[str] = []
    for s in symbols:
        st = domain.set_of(s)
        if not isinstance(st, sp.Interval):
            continue
        if st.end is sp.oo and st.start.is_finite and st.start != 0:
            end, direction, is_open = st.start, 1, st.left_open
        elif st.start is -sp.oo and st.end.is_finite and st.end != 0:
            end, direction, is_open = st.end, -1, st.right_open
        else:
            continue
        t = sp.Dummy(f"t_{s.name}", positive=True) if is_open else sp.Dummy(f"t_{s.name}", nonnegative=True)
        subs[refined[s]] = end + direction * t
        tn = sp.Symbol(f"t_{s.name}")
        bound = tn > 0 if is_open else tn >= 0
        said.append(Sentence(sp.Eq(s, end + direction * tn, evaluate=False), "with", bound))
    return (subs, said) if subs else None


def _shifted_steps(
    L: Any, R: Any, lhs: Any, rhs: Any, claim: Any, subs: dict[Any, Any], said: list[Sentence]
) -> list[Step] | None:
    d = (L - R).xreplace(subs)
    forms = [
        ("expand and cancel", sp.expand),
        ("rational function normal form", lambda e: sp.cancel(sp.together(e))),
        ("log/exp rewrite", lambda e: log_exp_normal_form(_exp_to_positive(e, [])[0])),
        ("radicands factored", lambda e: sp.expand(_factor_radicands(e))),
    ]
    for name, form in forms:
        if sp.expand(form(d)) == 0:
            return [
                Step(
                    sp.Eq(lhs - rhs, 0, evaluate=False),
                    Sentence.of(
                        "substitute",
                        *_listed(said, ";"),
                        f"(a bijection onto the domain); {name} of the difference gives 0",
                    ),
                    rule="substitution",
                ),
                Step(claim, "so the two sides are equal on the domain", rule="conclusion"),
            ]
    return None


def _factor_radicands(e: Any) -> Any:
    """Factor the base of every non-integer power, so SymPy can take exact squares out (an equality)."""
    return e.replace(
        lambda t: t.is_Pow and t.exp.is_Rational and not t.exp.is_Integer and t.base.is_polynomial(),
        lambda t: sp.Pow(sp.factor(t.base), t.exp),
    )


def _log_exp_steps(
    L: Any, R: Any, lhs: Any, rhs: Any, claim: Any, user: Callable[[Any], Any], symbols: list[sp.Symbol]
) -> list[Step] | None:
    if not (L.has(sp.log) or R.has(sp.log) or L.has(sp.exp) or R.has(sp.exp)):
        return None
    (Lw, Rw), wback = _exp_to_positive(sp.Tuple(L, R), [*symbols])
    used_l: list[Any] = []
    used_r: list[Any] = []
    fl, fr = log_exp_normal_form(Lw, used=used_l), log_exp_normal_form(Rw, used=used_r)
    of_difference = sp.expand(fl - fr) != 0
    if of_difference:
        used_l.clear()
        if sp.expand(log_exp_normal_form(Lw - Rw, used=used_l)) != 0:
            return None

    def shown(e: Any) -> Any:
        # back in the user's terms: log w = z and w = exp(z)
        e = e.xreplace({sp.log(w): ez.args[0] for w, ez in wback.items()})
        return user(e.xreplace(wback))

    renamed = [
        Sentence(sp.Eq(user(ez), sp.Symbol(w.name), evaluate=False), "with", sp.Symbol(w.name) > 0)
        for w, ez in wback.items()
    ]
    base = Sentence("log/exp rewrite")
    if renamed:
        base = Sentence.of(
            base, "with", *_listed(renamed, ";"), "(exp is a bijection of the reals onto the positive reals)"
        )

    def reason(used: list[Any]) -> Sentence:
        text = base
        if used:
            text = Sentence.of(text, "; expand_log using positivity of", *_listed([shown(f) for f in used]))
        return Sentence.of(text, "; then expand and cancel")

    if of_difference:
        return [
            Step(
                sp.Eq(lhs - rhs, 0, evaluate=False),
                Sentence.of(reason(used_l), ", applied to the difference"),
                rule="log-exp",
            ),
            Step(claim, "so the two sides are equal", rule="conclusion"),
        ]
    sides = ((lhs, fl, used_l, ", left-hand side"), (rhs, fr, used_r, ", right-hand side"))
    rewritten = [
        Step(sp.Eq(side, shown(form), evaluate=False), Sentence.of(reason(used), which), rule="log-exp")
        for side, form, used, which in sides
    ]
    return [*rewritten, Step(claim, "both sides have the same normal form", rule="conclusion")]


def _without_infinite_bounds(cond: Any) -> Any:
    """``(0 < x) & (x < oo)`` reads as ``0 < x``: drop the trivial comparisons with infinity."""
    if isinstance(cond, sp.And):
        kept = [a for a in cond.args if not (isinstance(a, sp.Rel) and a.has(sp.oo, -sp.oo))]
        return sp.And(*kept) if kept else cond
    return cond


# --------------------------------------------------------------------------- witnesses


def _search_witness(
    lhs: Any, rhs: Any, symbols: list[sp.Symbol], domain: Domain, budget: int = 120
) -> tuple[dict[sp.Symbol, Any], Any, Any, int, str] | None:
    """A rational point of the domain where both sides are real and their difference is provably nonzero."""
    exact_only = not (ball_covers(lhs) and ball_covers(rhs))
    for point in candidate_points(symbols, domain, budget):
        if not _satisfies_own_facts(point):
            continue
        sign = _exact_sign_fallback(lhs, rhs, point) if exact_only else difference_sign(lhs, rhs, point)
        if sign:
            how = "SymPy's exact evaluation" if exact_only else "rigorous ball arithmetic (python-flint arb)"
            return point, lhs.xreplace(point), rhs.xreplace(point), sign, how
    return None


def _exact_sign_fallback(lhs: Any, rhs: Any, point: dict[Any, Any]) -> int | None:
    """For functions outside ball arithmetic: every function/power node real, sign by SymPy exactly."""
    for side in (lhs, rhs):
        for node in sp.preorder_traversal(side):
            if (node.is_Function or node.is_Pow) and number_sign(node.xreplace(point)) is None:
                return None  # some part is undefined or not real at this point
    d = (lhs - rhs).xreplace(point)
    try:
        approx = complex(sp.N(d, 30))  # floating point only skips likely zeros quickly
    except (TypeError, ValueError):
        return None
    if abs(approx.real) < 1e-12:
        return None
    sign = number_sign(d)
    return sign if sign in (POS, -POS) else None
