"""Analyses of gradient descent, momentum and Newton: stability regions, rates, derivations.

Private to :mod:`symml.optimisation.methods` (which re-exports the public functions).
Every ``proven`` result here is backed by exact identities checked before they become
steps; anything the exact machinery cannot settle is reported ``undecided``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy as sp

from symml.core.errors import DomainError, InvalidValueError
from symml.core.exact.cells import line_segments, real_zeros
from symml.core.exact.numbers import compare, sort_numbers
from symml.core.exact.semialgebraic import require_consistent
from symml.core.exact.signs import expression_sign
from symml.core.parsing import as_conditions, as_sympy
from symml.core.results import Cases, Result, Sentence, Step, Verdict, Witness
from symml.core.symbols import TIME, sequence
from symml.optimisation.calculus import check_variables, gradient, hessian, scalar_function
from symml.optimisation.methods.core import (
    EQ,
    G_NC,
    GE,
    GT,
    H_MATRIX,
    H_NC,
    I_NC,
    LT,
    NE,
    X_STAR,
    X,
    as_expression,
    check_differentiable,
    grad_f,
    m_seq,
    rho,
    spec,
    x_seq,
)

ETA = sp.Symbol("eta", real=True)
BETA = sp.Symbol("beta", real=True)

#: An eigenvalue, and the gradient as a matrix (it does not commute with H^{-1}).
LAMBDA = sp.Symbol("lamda", positive=True)  # λ; "lambda" is a Python keyword
_GRAD_NC = sp.Function("nabla_f", commutative=False)
_X_NC = sp.Symbol("x", commutative=False)  # a point, to the right of H in H(x - x_t)
_KAPPA = sp.Symbol("kappa", positive=True)  # the condition number lambda_max / lambda_min
#: The stationary point of a quadratic: H x* = -c.
_STATIONARY = EQ(H_MATRIX * X_STAR, -sp.Symbol("c"))


def _conditions(assumptions: Any, expr: sp.Expr) -> list[Any]:
    """The assumptions as a list of relations; names in strings resolve to the symbols of ``expr``."""
    conditions = as_conditions(assumptions, sorted(expr.free_symbols, key=sp.default_sort_key))
    require_consistent(conditions, "the assumptions")
    return conditions


def _sign_substitution(conds: Sequence[Any]) -> dict[sp.Symbol, sp.Expr]:
    """p > c becomes p = c + q with q > 0 (and so on), so SymPy's assumptions decide signs."""
    subs: dict[sp.Symbol, sp.Expr] = {}
    for cond in conds:
        if not isinstance(cond, sp.core.relational.Relational):
            continue
        lhs, rhs = cond.lhs, cond.rhs
        if isinstance(rhs, sp.Symbol) and lhs.is_number:
            cond = cond.reversed
            lhs, rhs = cond.lhs, cond.rhs
        if not (isinstance(lhs, sp.Symbol) and rhs.is_number) or lhs in subs:
            continue
        strict = isinstance(cond, (sp.StrictGreaterThan, sp.StrictLessThan))
        q = sp.Dummy(lhs.name, positive=True) if strict else sp.Dummy(lhs.name, nonnegative=True)
        if isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan)):
            subs[lhs] = rhs + q
        elif isinstance(cond, (sp.StrictLessThan, sp.LessThan)):
            subs[lhs] = rhs - q
    return subs


def _sign(value: sp.Expr, subs: dict[sp.Symbol, sp.Expr]) -> int | None:
    return expression_sign(value.xreplace(subs) if subs else value)


def quadratic_parts(
    f: sp.Expr, xs: Sequence[sp.Symbol]
) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix] | None:
    """(H, c) with ∇f(x) = Hx + c when f is a polynomial of degree ≤ 2 in xs; else None."""
    try:
        poly = sp.Poly(f, *xs)
    except sp.PolynomialError:
        return None
    if poly.total_degree() > 2 or any(c.has(*xs) for c in poly.coeffs()):
        return None
    H = hessian(f, xs)
    c = gradient(f, xs).xreplace({x: 0 for x in xs})
    return sp.ImmutableMatrix(H), sp.ImmutableMatrix(c)


def _eigenvalues(H: sp.MatrixBase) -> list[sp.Expr]:
    return sorted({sp.simplify(l) for l in sp.Matrix(H).eigenvals(multiple=True)}, key=sp.default_sort_key)


def _max_of(values: Sequence[sp.Expr], subs: dict[sp.Symbol, sp.Expr]) -> sp.Expr | None:
    for cand in values:
        if all(_sign(cand - other, subs) in (0, 1) for other in values):
            return cand
    return None


def _min_of(values: Sequence[sp.Expr], subs: dict[sp.Symbol, sp.Expr]) -> sp.Expr | None:
    neg = _max_of([-v for v in values], subs)
    return None if neg is None else -neg


def _gd_error_step(k: Any = None) -> Any:
    """x_{k+1} - x* = (I - eta H)(x_k - x*): one GD step on a quadratic, about its minimiser."""
    k = sp.Symbol("k", integer=True, nonnegative=True) if k is None else k
    return EQ(x_seq(k + 1) - X_STAR, sp.Mul(I_NC - ETA * H_NC, x_seq(k) - X_STAR, evaluate=False))


def _quadratic_stability(
    H: sp.ImmutableMatrix, c: sp.ImmutableMatrix, subs: dict[sp.Symbol, sp.Expr]
) -> Result:
    lams = _eigenvalues(H)
    signs = [_sign(l, subs) for l in lams]
    claim = "constant-step gradient descent converges from every start exactly for eta in the set"
    steps = [
        Step(
            EQ(grad_f(X), H_MATRIX * X + sp.Symbol("c")),
            "f is quadratic: its gradient is affine",
            rule="affine-gradient",
        ),
        Step(EQ(H_MATRIX, H), "constant Hessian", rule="constant-hessian"),
        Step(
            _gd_error_step(),
            Sentence("one step of gradient descent about a stationary point, where", _STATIONARY),
            rule="gd-error-map",
        ),
        Step(EQ(spec(H_MATRIX), sp.FiniteSet(*lams)), "eigenvalues of H", rule="eigenvalues"),
        Step(
            LT(sp.Abs(1 - ETA * sp.Symbol("lambda_i")), 1),
            Sentence(
                "for every i exactly when",
                x_seq(sp.Symbol("k")),
                "tends to",
                X_STAR,
                "from every",
                x_seq(0),
                ":",
                I_NC - ETA * H_NC,
                "is symmetric, hence diagonalisable, with eigenvalues",
                1 - ETA * sp.Symbol("lambda_i"),
            ),
            rule="spectral-condition",
        ),
    ]
    if None in signs:
        return Result(
            claim, Verdict.UNDECIDED, notes=(f"the signs of the eigenvalues {lams} are not decided",)
        )
    if -1 in signs:
        neg = lams[signs.index(-1)]
        steps.append(
            Step(
                LT(neg, 0),
                "a negative eigenvalue: |1 - eta lambda| = 1 + eta|lambda| > 1 for every eta > 0",
                rule="negative-eigenvalue",
            )
        )
        return Result(claim, Verdict.PROVEN, tuple(steps), value=sp.S.EmptySet)
    positive = [l for l, s in zip(lams, signs) if s == 1]
    if 0 in signs:
        # along the kernel of H the iterate moves by -ηc's kernel component each step
        kernel = sp.Matrix(H).nullspace()
        drift = [sp.simplify((v.T * c)[0, 0]) for v in kernel]
        if any(_sign(d, subs) != 0 for d in drift):
            if any(_sign(d, subs) is None for d in drift):
                return Result(
                    claim, Verdict.UNDECIDED, notes=("whether c lies in the range of H is undecided",)
                )
            steps.append(
                Step(
                    NE(sp.Function("P_kerH")(sp.Symbol("c")), 0),
                    "zero eigenvalue and c not in the range of H: the iterates drift linearly",
                    rule="drift",
                )
            )
            return Result(claim, Verdict.PROVEN, tuple(steps), value=sp.S.EmptySet)
        steps.append(
            Step(
                EQ(sp.Function("P_kerH")(sp.Symbol("c")), 0),
                "zero eigenvalue with c in the range of H: that component never moves",
                rule="kernel-component",
            )
        )
        if not positive:
            return Result(claim, Verdict.PROVEN, tuple(steps), value=sp.Interval.open(0, sp.oo))
    lmax = _max_of(positive, subs)
    if lmax is None:
        return Result(claim, Verdict.UNDECIDED, notes=(f"the largest of {positive} is not decided",))
    bound = sp.simplify(2 / lmax)
    steps += [
        Step(
            EQ(sp.Symbol("lambda_max"), lmax),
            "largest eigenvalue (all positive ones are <= it)",
            rule="largest",
        ),
        Step(
            sp.Equivalent(
                LT(sp.Abs(1 - ETA * LAMBDA), 1), sp.And(LT(0, ETA), LT(ETA, 2 / LAMBDA)), evaluate=False
            ),
            Sentence("solve the inequality for an eigenvalue", GT(LAMBDA, 0)),
            rule="solve-inequality",
        ),
        Step(sp.And(LT(0, ETA), LT(ETA, bound)), "intersect over the eigenvalues", rule="intersect"),
    ]
    return Result(claim, Verdict.PROVEN, tuple(steps), value=sp.Interval.open(0, bound))


def _parameter_cells(exprs: Sequence[sp.Expr], p: sp.Symbol, domain: sp.Set) -> list[tuple[Any, dict]] | None:
    """The line of ``p`` (within ``domain``) cut where some ``expr`` vanishes: (condition, sample) per cell.

    Open cells come first, then the cut points; the kernel isolates and orders the zeros exactly.
    """
    points = [b for b in domain.boundary if b.is_finite] if domain != sp.S.Reals else []
    for e in exprs:
        zeros = real_zeros(sp.numer(sp.together(e)), p)
        if zeros is None:
            return None
        points += zeros
    segments = line_segments(points)
    if segments is None:
        return None
    inside = [seg for seg in segments if domain.contains(seg.sample) is sp.true]
    return [(seg.condition(p), {p: seg.sample}) for seg in sorted(inside, key=lambda seg: seg.kind != "open")]


def gd_stability(f: Any, variables: Any, *, assumptions: Any = None) -> Result | Cases:
    r"""The exact set of constant step sizes η for which gradient descent converges from every start.

    For a quadratic :math:`f = \tfrac12 x^\top H x + c^\top x + d` with :math:`H \succ 0`
    the set is the open interval :math:`(0, 2/\lambda_{\max}(H))` (proven: the error
    obeys :math:`e_{k+1} = (I - \eta H)e_k`).  A negative eigenvalue gives the empty set.
    When the answer depends on one parameter that the assumptions leave free, the result
    is a :class:`Cases` split.  For a non-quadratic f the result states the *local*
    condition at each strict minimiser x* (η < 2/λ_max(∇²f(x*))) and says that it is local.

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    assumptions : condition(s) on the parameters, optional
        E.g. ``a > 0`` or ``"a > 0"``; inconsistent assumptions raise ``DomainError``.

    Returns
    -------
    Result or Cases
        ``value`` is the set of η (a SymPy set); for non-quadratic f a tuple of
        (minimiser, interval) pairs.

    Examples
    --------
    f = x² + 3y² has λ_max(H) = 6, so GD converges exactly for 0 < η < 1/3; a saddle
    x² − y² has no stable step size; with a parameter, the answer is a case split.

    >>> import sympy as sp
    >>> a, x, y = sp.symbols("a x y")
    >>> gd_stability(a*x**2, [x], assumptions=a > 0).value
    Interval.open(0, 1/a)
    >>> gd_stability(x**2 - y**2, [x, y]).value
    EmptySet
    >>> [(str(c), r.value) for c, r in gd_stability(a*x**2, [x])]
    [('a < 0', EmptySet), ('a > 0', Interval.open(0, 1/a)), ('Eq(a, 0)', Interval.open(0, oo))]
    >>> gd_stability(x**2 + 3*y**2, [x, y]).value
    Interval.open(0, 1/3)
    """
    xs = check_variables(variables)
    expr = scalar_function(f, xs)
    check_differentiable(expr, xs)
    conds = _conditions(assumptions, expr)
    subs = _sign_substitution(conds)
    parts = quadratic_parts(expr, xs)
    if parts is None:
        return _local_stability(expr, xs)
    H, c = parts
    params = sorted((H.free_symbols | c.free_symbols), key=sp.default_sort_key)
    result = _quadratic_stability(H, c, subs)
    if result.verdict is not Verdict.UNDECIDED or len(params) != 1:
        return result
    # one free parameter: split the line at the roots of the eigenvalues and their differences
    (p,) = params
    domain = sp.S.Reals
    for cond in conds:
        if cond.free_symbols == {p}:
            domain = domain.intersect(cond.as_set())
    lams = _eigenvalues(H)
    # where a drift along the kernel of H vanishes matters too (x**2/2 + a*y: a = 0)
    drifts = [(v.T * c)[0, 0] for v in sp.Matrix(H).nullspace()]
    critical = [*lams, *(a - b for i, a in enumerate(lams) for b in lams[i + 1 :]), *drifts]
    cells = _parameter_cells(critical, p, domain)
    if cells is None:
        return result
    cases = []
    for cond, point in cells:
        sub = _quadratic_stability(H.xreplace(point), c.xreplace(point), {})
        if sub.verdict is Verdict.UNDECIDED:
            return result
        if isinstance(cond, sp.Eq):
            cases.append((cond, sub))
            continue
        # inside an open cell the same eigenvalue stays largest: rebuild the set in terms of p
        signs = {l: _sign(l.xreplace(point), {}) for l in lams}
        pos = [l for l in lams if signs[l] == 1]
        if sub.value == sp.S.EmptySet or not pos or sub.value == sp.Interval.open(0, sp.oo):
            cases.append((cond, sub))
            continue
        ordered = sort_numbers([l.xreplace(point) for l in pos])
        if ordered is None:
            return result
        lmax = next(l for l in pos if compare(l.xreplace(point), ordered[-1]) == 0)
        general = sp.Interval.open(0, sp.simplify(2 / lmax))
        steps = (
            *(st for st in sub.steps if st.rule not in ("largest", "intersect")),
            Step(EQ(sp.Symbol("lambda_max"), lmax), f"largest eigenvalue when {cond}", rule="largest"),
            Step(
                sp.And(LT(0, ETA), LT(ETA, general.sup)), "intersect over the eigenvalues", rule="intersect"
            ),
        )
        cases.append((cond, Result(sub.claim, Verdict.PROVEN, steps, value=general)))
    return Cases(cases, parameters=[p], assumptions=sp.And(*conds) if conds else True)


def _local_stability(f: sp.Expr, xs: Sequence[sp.Symbol]) -> Result:
    claim = "local: near each strict minimiser x*, GD is attracted to x* exactly for eta in the set"
    if f.free_symbols - set(xs):
        return Result(claim, Verdict.UNDECIDED, notes=("non-quadratic f with parameters: not analysed",))
    g = gradient(f, xs)
    try:
        sols = sp.solve(list(g), list(xs), dict=True)
    except NotImplementedError:
        sols = []
    H = hessian(f, xs)
    pairs = []
    steps = [Step(EQ(sp.Symbol("nabla_f"), g), "gradient", rule="gradient")]
    notes = ["this is a local condition (linearisation of x -> x - eta grad f at x*), not a global one"]
    for sol in sols:
        point = tuple(sol.get(x, x) for x in xs)
        if any(not as_sympy(v).is_real for v in point):
            continue
        Hs = H.xreplace(dict(zip(xs, point)))
        lams = _eigenvalues(Hs)
        if any(not (l.is_positive or l.is_zero or l.is_negative) for l in lams):
            notes.append(f"eigenvalue signs at {point} undecided")
            continue
        if all(l.is_positive for l in lams):
            bound = sp.simplify(2 / _max_of(lams, {}))
            pt = sp.ImmutableMatrix(point)
            steps.append(
                Step(
                    EQ(spec(sp.Function("nabla2_f")(X_STAR)), sp.FiniteSet(*lams)),
                    f"Hessian positive definite at x* = {point}: strict minimiser",
                    rule="hessian-definiteness",
                )
            )
            below = Sentence("spectral radius of", I_NC - ETA * sp.Function("H")(X_STAR), "below 1")
            steps.append(Step(sp.And(LT(0, ETA), LT(ETA, bound)), below, rule="spectral-radius"))
            pairs.append((pt, sp.Interval.open(0, bound)))
        elif all(l.is_nonnegative for l in lams):
            notes.append(f"singular Hessian at {point}: the linearisation does not decide local convergence")
    if not pairs:
        return Result(claim, Verdict.UNDECIDED, notes=tuple(notes))
    return Result(claim, Verdict.PROVEN, tuple(steps), notes=tuple(notes), value=tuple(pairs))


def gd_closed_form(f: Any, variables: Any, eta: Any = ETA) -> Result:
    r"""Closed form of the GD iterates on a quadratic: :math:`x_k = x^\star + (I - \eta H)^k (x_0 - x^\star)`.

    The start is symbolic (``x0_1, …``) and so is the iteration count ``k``; ``value`` is
    the iterate as a column in k, η and x0.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> gd_closed_form(x**2, [x], sp.Rational(1, 4)).value
    Matrix([[x0/2**k]])
    """
    xs = check_variables(variables)
    expr = scalar_function(f, xs)
    eta = as_expression(eta, "eta")
    parts = quadratic_parts(expr, xs)
    if parts is None:
        raise DomainError("the closed form of GD iterates needs a quadratic f (degree at most 2)")
    H, c = parts
    if sp.Matrix(H).det() == 0:
        raise DomainError("the Hessian of f is singular; give a quadratic with an invertible Hessian")
    n = len(xs)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    x0 = sp.ImmutableMatrix([sp.Symbol(f"x0_{i + 1}" if n > 1 else "x0", real=True) for i in range(n)])
    xstar = -sp.Matrix(H).LUsolve(sp.Matrix(c))
    M = sp.eye(n) - eta * sp.Matrix(H)
    Mk = M**k
    closed = sp.ImmutableMatrix((xstar + Mk * (x0 - xstar)).applyfunc(sp.simplify))
    # check: k = 0 gives x0 and the closed form satisfies the recursion
    step = closed.xreplace({k: k + 1}) - (closed - eta * (H * closed + c))
    ok = sp.simplify(closed.xreplace({k: 0}) - x0) == sp.zeros(n, 1) and all(
        sp.simplify(sp.expand(sp.powsimp(sp.expand(e)))) == 0 for e in step
    )
    claim = EQ(x_seq(k), closed)
    if not ok:
        return Result(
            claim, Verdict.UNDECIDED, notes=("the closed form could not be verified",), value=closed
        )
    steps = (
        Step(
            EQ(X_STAR, sp.ImmutableMatrix(xstar)),
            Sentence("the stationary point:", _STATIONARY),
            rule="stationary-point",
        ),
        Step(_gd_error_step(k), "GD step", rule="gd-step"),
        Step(EQ(x_seq(0), closed.xreplace({k: 0})), Sentence(EQ(k, 0), "gives the start"), rule="start"),
        Step(
            EQ(x_seq(k + 1) - x_seq(k) + ETA * grad_f(x_seq(k)), sp.zeros(n, 1)),
            "the closed form satisfies the recursion (checked exactly)",
            rule="recursion-check",
        ),
    )
    return Result(claim, Verdict.PROVEN, steps, value=closed)


def gd_rate(f: Any, variables: Any) -> Result:
    r"""The linear rate of GD on a quadratic with H ≻ 0 as a function of η, and the optimal η.

    :math:`\rho(\eta) = \max(|1 - \eta\lambda_{\min}|, |1 - \eta\lambda_{\max}|)`, minimised at
    :math:`\eta^\star = 2/(\lambda_{\min} + \lambda_{\max})` with
    :math:`\rho^\star = (\lambda_{\max} - \lambda_{\min})/(\lambda_{\max} + \lambda_{\min})`.
    ``value`` is the tuple (ρ(η), η*, ρ*).

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> gd_rate(x**2 + 3*y**2, [x, y]).value[1:]
    (1/4, 1/2)
    """
    xs = check_variables(variables)
    expr = scalar_function(f, xs)
    parts = quadratic_parts(expr, xs)
    if parts is None:
        raise DomainError("the rate of GD is computed for quadratic f (degree at most 2)")
    H, _ = parts
    if H.free_symbols:
        raise InvalidValueError("gd_rate needs a numeric Hessian; substitute the parameters first")
    lams = _eigenvalues(H)
    if not all(l.is_positive for l in lams):
        raise DomainError(f"the Hessian's eigenvalues {lams} are not all positive; GD has no linear rate")
    lmin, lmax = _min_of(lams, {}), _max_of(lams, {})
    rho_of_eta = sp.Max(sp.Abs(1 - ETA * lmin), sp.Abs(1 - ETA * lmax))
    eta_star = sp.simplify(2 / (lmin + lmax))
    rho_star = sp.simplify((lmax - lmin) / (lmax + lmin))
    balanced = (
        sp.simplify((1 - eta_star * lmin) - rho_star) == 0
        and sp.simplify((eta_star * lmax - 1) - rho_star) == 0
    )
    claim = EQ(sp.Symbol("min_rho"), rho_star)
    if not balanced:
        return Result(
            claim, Verdict.UNDECIDED, notes=("balance check failed",), value=(rho, eta_star, rho_star)
        )
    steps = (
        Step(
            EQ(rho(ETA), rho_of_eta),
            Sentence("spectral radius of", I_NC - ETA * H_NC),
            rule="spectral-radius",
        ),
        Step(
            sp.true,
            Sentence(
                1 - ETA * sp.Symbol("lambda_min"),
                "decreases and",
                ETA * sp.Symbol("lambda_max") - 1,
                "increases in",
                ETA,
                ": the maximum of the two is smallest where they are equal",
            ),
            rule="monotone-bounds",
        ),
        Step(
            EQ(1 - eta_star * lmin, eta_star * lmax - 1),
            Sentence("balance at", sp.Symbol("eta_star")),
            rule="balance",
        ),
        Step(EQ(sp.Symbol("eta_star"), eta_star), "optimal constant step", rule="optimal-step"),
        Step(
            EQ(sp.Symbol("rho_star"), rho_star),
            Sentence(
                (_KAPPA - 1) / (_KAPPA + 1),
                "with",
                EQ(_KAPPA, sp.Symbol("lambda_max") / sp.Symbol("lambda_min")),
            ),
            rule="condition-number",
        ),
    )
    return Result(claim, Verdict.PROVEN, steps, value=(rho_of_eta, eta_star, rho_star))


def step_size_heuristic_counterexamples(a: Any = 1) -> tuple[Result, Result]:
    r"""Witnesses that the notes' heuristic η < ‖∇f(x_0)‖⁻¹ is neither sufficient nor necessary.

    On :math:`f = a x^2` (a > 0) the iterates are :math:`x_k = (1 - 2a\eta)^k x_0`, which
    converge for every start exactly when 0 < η < 1/a.  A start close to 0 makes the
    heuristic allow a divergent η; a start far away makes it forbid a convergent one.

    Returns
    -------
    (Result, Result)
        "the heuristic is sufficient" refuted; "the heuristic is necessary" refuted.

    Examples
    --------
    >>> not_sufficient, not_necessary = step_size_heuristic_counterexamples()
    >>> not_sufficient.witness["eta"], not_necessary.witness["eta"]
    (2, 1/2)
    """
    a = as_expression(a, "a")
    if not (a.is_number and a.is_positive):
        raise InvalidValueError(f"a = {a} must be a positive number")
    x, k = sp.Symbol("x", real=True), sp.Symbol("k", integer=True, nonnegative=True)
    f = a * x**2

    def iterate(eta: sp.Expr, x0: sp.Expr) -> sp.Expr:
        return (1 - 2 * a * eta) ** k * x0

    # not sufficient: x0 small, η = 2/a (heuristic allows it, the factor is 1 - 4 = -3)
    x0 = sp.Rational(1, 10) / a
    eta = 2 / a
    gnorm = sp.Abs(sp.diff(f, x).subs(x, x0))
    factor = 1 - 2 * a * eta
    w1 = Witness(
        {"f": f, "x0": x0, "eta": eta},
        sp.And(LT(eta, 1 / gnorm), EQ(x_seq(k), iterate(eta, x0)), GT(sp.Abs(factor), 1)),
        Sentence("the heuristic holds at", x_seq(0), ", yet", sp.Abs(x_seq(k)), "grows like", 3**k),
    )
    heuristic = LT(ETA, 1 / sp.Abs(grad_f(x_seq(0))))
    r1 = Result(
        Sentence(heuristic, "guarantees convergence of gradient descent"),
        Verdict.REFUTED,
        witness=w1,
    )
    # not necessary: x0 large, η = 1/(2a) lands on the minimiser in one step
    x0b = 10 / a
    etab = 1 / (2 * a)
    gnormb = sp.Abs(sp.diff(f, x).subs(x, x0b))
    w2 = Witness(
        {"f": f, "x0": x0b, "eta": etab},
        sp.And(GE(etab, 1 / gnormb), EQ(x_seq(1), iterate(etab, x0b).subs(k, 1))),
        Sentence("the heuristic fails at", x_seq(0), ", yet gradient descent reaches the minimiser at once"),
    )
    r2 = Result(Sentence("gradient descent converges only if", heuristic), Verdict.REFUTED, witness=w2)
    return r1, r2


def momentum_stability(f: Any, variable: Any, assumptions: Any = None) -> Result:
    r"""The exact (η, β) region where heavy-ball momentum converges from every start, for a 1-D quadratic.

    With :math:`h = f'' > 0`, the recursion (2.38)–(2.39) is the linear system
    :math:`(x_t, m_t) = T (x_{t-1}, m_{t-1})` with characteristic polynomial
    :math:`z^2 - (1 + \beta - \eta h)z + \beta`; the Jury (Schur–Cohn) conditions give
    :math:`0 < \eta < 2(1 + \beta)/h` for :math:`0 \le \beta < 1`.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> eta, beta = sp.symbols("eta beta", real=True)
    >>> momentum_stability(x**2, x).value == sp.And(beta >= 0, beta < 1, eta > 0, eta < 1 + beta)
    True
    """
    (x,) = check_variables([variable] if isinstance(variable, sp.Symbol) else variable)
    expr = scalar_function(f, [x])
    parts = quadratic_parts(expr, [x])
    if parts is None or parts[0][0, 0] == 0:
        raise DomainError("momentum_stability needs a 1-D quadratic a*x**2 + b*x + c with a != 0")
    h = parts[0][0, 0]
    subs = _sign_substitution(_conditions(assumptions, expr))
    if _sign(h, subs) != 1:
        raise InvalidValueError(f"f'' = {h} must be positive (give assumptions, e.g. a > 0)")
    T = sp.Matrix([[1 - ETA * h, -ETA * BETA], [h, BETA]])
    T_NAME, p_of = sp.Symbol("T"), sp.Function("p")
    z = sp.Symbol("z")
    char = sp.expand((T - z * sp.eye(2)).det())
    expected = z**2 - (1 + BETA - ETA * h) * z + BETA
    if sp.expand(char - expected) != 0:  # pragma: no cover - algebra guard
        return Result("momentum region", Verdict.UNDECIDED, notes=("characteristic polynomial mismatch",))
    p1, pm1, p0 = sp.expand(char.subs(z, 1)), sp.expand(char.subs(z, -1)), char.subs(z, 0)
    region = sp.And(GE(BETA, 0), LT(BETA, 1), GT(ETA, 0), LT(ETA, sp.simplify(2 * (1 + BETA) / h)))
    steps = (
        Step(
            EQ(
                sp.ImmutableMatrix([x_seq(TIME), m_seq(TIME)]),
                sp.MatMul(T, sp.ImmutableMatrix([x_seq(TIME - 1), m_seq(TIME - 1)]), evaluate=False),
            ),
            "heavy ball on f (about its minimiser) is linear",
            rule="linear-dynamics",
        ),
        Step(
            EQ(p_of(z), char),
            Sentence("characteristic polynomial", sp.Function("det")(T_NAME - z * I_NC)),
            rule="characteristic-polynomial",
        ),
        Step(
            sp.Equivalent(
                LT(rho(T_NAME), 1),
                sp.And(LT(sp.Abs(p_of(0)), 1), GT(p_of(1), 0), GT(p_of(-1), 0)),
                evaluate=False,
            ),
            "Jury / Schur-Cohn test for a real monic quadratic",
            rule="jury-test",
        ),
        Step(
            LT(sp.Abs(p0), 1),
            Sentence(
                EQ(sp.Abs(p_of(0)), sp.Abs(BETA)), ": below 1 for", sp.Contains(BETA, sp.Interval.Ropen(0, 1))
            ),
            rule="jury-condition",
        ),
        Step(GT(p1, 0), Sentence(GT(p_of(1), 0), "iff", GT(ETA, 0)), rule="jury-condition"),
        Step(
            GT(pm1, 0),
            Sentence(GT(p_of(-1), 0), "iff", LT(ETA, sp.simplify(2 * (1 + BETA) / h))),
            rule="jury-condition",
        ),
        Step(
            region,
            Sentence("the region;", EQ(BETA, 0), "recovers", sp.And(LT(0, ETA), LT(ETA, sp.simplify(2 / h)))),
            rule="region",
        ),
    )
    return Result(LT(rho(T_NAME), 1), Verdict.PROVEN, steps, value=region)


def newton_from_quadratic_model(n: int = 2) -> Result:
    r"""Derive Newton's step (2.42) by minimising the quadratic model (2.41), for symbolic g, H in R^n.

    The model :math:`q(x) = f_t + g^\top(x - x_t) + \tfrac12 (x - x_t)^\top H (x - x_t)` has
    :math:`\nabla q = g + H(x - x_t)`, zero exactly at :math:`x = x_t - H^{-1}g`, and
    :math:`\nabla^2 q = H`: a minimum when :math:`H \succ 0`.

    Examples
    --------
    >>> newton_from_quadratic_model(2).verdict.value
    'proven'
    """
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 3:
        raise InvalidValueError(f"n = {n!r} must be 1, 2 or 3 (the derivation is symbolic in each entry)")
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    xt = sp.Matrix(sp.symbols(f"xt1:{n + 1}", real=True))
    g = sp.Matrix(sp.symbols(f"g1:{n + 1}", real=True))
    H = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"h{min(i, j) + 1}{max(i, j) + 1}", real=True))
    x = sp.Matrix(xs)
    ft = sp.Symbol("f_t", real=True)
    q = ft + (g.T * (x - xt))[0, 0] + sp.Rational(1, 2) * ((x - xt).T * H * (x - xt))[0, 0]
    grad_q = gradient(q, xs)
    affine = g + H * (x - xt)
    ok_grad = (grad_q - affine).expand() == sp.zeros(n, 1)
    sol = sp.solve(list(grad_q), xs, dict=True)
    newton_point = xt - H.inv() * g
    ok_sol = len(sol) == 1 and all(sp.simplify(sol[0][xi] - newton_point[i]) == 0 for i, xi in enumerate(xs))
    ok_hess = (hessian(q, xs) - H).expand() == sp.zeros(n, n)
    claim = EQ(sp.Symbol("argmin_q"), x_seq(TIME) - H_NC**-1 * G_NC)
    if not (ok_grad and ok_sol and ok_hess):  # pragma: no cover - algebra guard
        return Result(claim, Verdict.UNDECIDED, notes=("the symbolic derivation did not check",))
    steps = (
        Step(
            EQ(sp.Function("q")(X), q),
            Sentence(
                "quadratic model (2.41) with",
                EQ(G_NC, grad_f(x_seq(TIME))),
                "and",
                EQ(H_NC, sequence("H")(TIME)),
            ),
            rule="quadratic-model",
        ),
        Step(
            EQ(sp.Function("nabla_q")(X), grad_q),
            Sentence("its gradient,", EQ(sp.Function("nabla_q")(X), G_NC + H_NC * (_X_NC - x_seq(TIME)))),
            rule="gradient",
        ),
        Step(
            EQ(X, sp.ImmutableMatrix([sol[0][xi] for xi in xs])),
            Sentence(
                "solve",
                EQ(sp.Function("nabla_q")(X), 0),
                "where",
                NE(sp.Function("det")(H_NC), 0),
                "; this is",
                x_seq(TIME) - H_NC**-1 * G_NC,
            ),
            rule="solve",
        ),
        Step(
            EQ(sp.Symbol("nabla2_q"), H),
            "constant Hessian: the stationary point is the minimum iff H is positive definite",
            rule="constant-hessian",
        ),
    )
    return Result(claim, Verdict.PROVEN, steps, value=sp.ImmutableMatrix(newton_point))


def newton_one_step(f: Any, variables: Any) -> Result:
    r"""Prove that Newton's method (η = 1) reaches the minimiser of a strictly convex quadratic in one step.

    From a symbolic start x0, the step x0 − H⁻¹∇f(x0) simplifies to the constant −H⁻¹c,
    the unique stationary point, a minimiser because H ≻ 0 (Sylvester's criterion).

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> newton_one_step(x**2 + x*y + y**2 - x, [x, y]).value.T
    Matrix([[2/3, -1/3]])
    """
    xs = check_variables(variables)
    expr = scalar_function(f, xs)
    parts = quadratic_parts(expr, xs)
    if parts is None:
        raise DomainError("one-step convergence is a statement about quadratic f (degree at most 2)")
    H, c = parts
    n = len(xs)
    minors = [sp.simplify(sp.Matrix(H)[:k, :k].det()) for k in range(1, n + 1)]
    claim = "Newton's method reaches the minimiser in one step from every start"
    if not all(m.is_positive for m in minors):
        return Result(claim, Verdict.UNDECIDED, notes=(f"H > 0 not proven (leading minors {minors})",))
    x0 = sp.Matrix([sp.Symbol(f"x0_{i + 1}" if n > 1 else "x0", real=True) for i in range(n)])
    g0 = H * x0 + c
    x1 = (x0 - sp.Matrix(H).LUsolve(sp.Matrix(g0))).applyfunc(sp.simplify)
    xstar = sp.ImmutableMatrix(-sp.Matrix(H).LUsolve(sp.Matrix(c))).applyfunc(sp.simplify)
    if any(sp.simplify(a - b) != 0 for a, b in zip(x1, xstar)):  # pragma: no cover - algebra guard
        return Result(claim, Verdict.UNDECIDED, notes=("the step did not simplify to the minimiser",))
    steps = (
        Step(EQ(H_MATRIX, H), "constant Hessian", rule="constant-hessian"),
        Step(
            sp.And(*[GT(m, 0) for m in minors]),
            "leading principal minors positive: H is positive definite (Sylvester)",
            rule="sylvester",
        ),
        Step(EQ(grad_f(x_seq(0)), sp.ImmutableMatrix(g0)), "gradient at a symbolic start", rule="gradient"),
        Step(EQ(x_seq(0) - H_NC**-1 * _GRAD_NC(x_seq(0)), xstar), "the start cancels", rule="cancel"),
        Step(
            EQ(grad_f(X_STAR), sp.ImmutableMatrix(H * xstar + c)),
            "stationary; unique and a minimiser since H is positive definite",
            rule="stationary-point",
        ),
    )
    return Result(claim, Verdict.PROVEN, steps, value=xstar)
