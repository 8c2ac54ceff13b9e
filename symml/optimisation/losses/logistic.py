"""Logistic regression (2.4)–(2.7): cross-entropy derived step by step, (2.7) corrected.

Private to :mod:`symml.optimisation.losses`.  The notes' model is
f(x) = 1/(1 + e^{−θᵀx + b}); with u = −θᵀx + b (the notes' exponent) this is f = 1/(1 + e^u),
so the linear term the sigmoid acts on is s = θᵀx − b = −u (note the minus sign on b).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.solvers.simplex import InfeasibleLPError, linprog

from symml.core.errors import InvalidValueError
from symml.core.latex import align
from symml.core.parsing import as_expr
from symml.core.results import Printable, Result, Step, Verdict, Witness
from symml.optimisation.losses.common import (
    Derivation,
    data_matrix,
    data_vector,
    fresh_symbols,
    is_numeric,
    prove_equal,
)

__all__ = ["LogisticRegression", "build_logistic_regression", "cross_entropy_derivation", "refute_notes_2_7"]

_U = sp.Symbol("u", real=True)
_C = sp.Symbol("c", real=True)


def _sigmoid_of_exponent(u: sp.Expr) -> sp.Expr:
    """The notes' f as a function of its exponent u = −θᵀx + b: 1/(1 + e^u)."""
    return 1 / (1 + sp.exp(u))


@functools.cache
def cross_entropy_derivation() -> tuple[sp.Expr, tuple[Step, ...]]:
    """The per-sample cross-entropy of (2.6) in simplified form, every step checked.

    Returns ``(loss, steps)`` where ``loss = log(1 + e^u) − (1 − c) u`` in the symbols
    ``u`` (= −θᵀx + b) and ``c``.
    """
    u, c = _U, _C
    f = _sigmoid_of_exponent(u)
    F = sp.Symbol("f")
    d = Derivation()
    d.fact(sp.Eq(F, f, evaluate=False), r"model (2.4) with $u = -\theta^{\top}x + b$")
    d.equal(
        sp.log(f),
        -sp.log(1 + sp.exp(u)),
        r"log of a reciprocal ($1 + e^{u} > 0$)",
        display=sp.Eq(sp.log(F), -sp.log(1 + sp.exp(u)), evaluate=False),
    )
    d.equal(
        1 - f,
        sp.exp(u) / (1 + sp.exp(u)),
        "common denominator",
        display=sp.Eq(1 - F, sp.exp(u) / (1 + sp.exp(u)), evaluate=False),
    )
    d.equal(
        sp.log(1 - f),
        u - sp.log(1 + sp.exp(u)),
        r"log of a quotient, $\log e^{u} = u$",
        display=sp.Eq(sp.log(1 - F), u - sp.log(1 + sp.exp(u)), evaluate=False),
    )
    per_sample_26 = -(c * sp.log(f) + (1 - c) * sp.log(1 - f))
    simplified = sp.log(1 + sp.exp(u)) - (1 - c) * u
    d.equal(
        per_sample_26,
        simplified,
        "substitute both logs into one term of (2.6) and collect",
        display=sp.Eq(-(c * sp.log(F) + (1 - c) * sp.log(1 - F)), simplified, evaluate=False),
    )
    d.equal(
        simplified,
        sp.log(1 + sp.exp(-u)) + c * u,
        r"equivalently, since $\log(1 + e^{u}) - u = \log(1 + e^{-u})$",
    )
    return simplified, tuple(d.steps)


@functools.cache
def refute_notes_2_7() -> Result:
    """Refute the printed (2.7) as a rewriting of (2.6), with an exact witness.

    The notes print the per-sample term log(1 + e^{−θᵀx+b}) − cᵢ(−θᵀx + b); the cross-entropy
    (2.6) gives log(1 + e^{−θᵀx+b}) − (1 − cᵢ)(−θᵀx + b).  The two differ by (1 − 2cᵢ)u.
    """
    u, c = _U, _C
    f = _sigmoid_of_exponent(u)
    term_26 = -(c * sp.log(f) + (1 - c) * sp.log(1 - f))
    term_27 = sp.log(1 + sp.exp(u)) - c * u
    at = {c: sp.Integer(0), u: sp.Integer(1)}
    lhs, rhs = term_26.subs(at), term_27.subs(at)
    gap = sp.simplify(sp.expand_log(lhs - rhs))
    if gap == 0 or not gap.is_Rational:  # pragma: no cover - would be a symml bug
        raise AssertionError("the (2.7) witness did not separate the two forms")
    difference = prove_equal(
        term_27 - sp.log(1 + sp.exp(u)) + (1 - c) * u, (1 - 2 * c) * u, "printed (2.7) minus the correct term"
    )
    return Result(
        sp.Eq(term_26, term_27, evaluate=False),
        Verdict.REFUTED,
        witness=Witness(
            {"c": at[c], "u": at[u]},
            shows=sp.Eq(lhs - rhs, gap, evaluate=False),
            description=(
                r"one sample with label $c = 0$ and $u = -\theta^{\top}x + b = 1$ "
                r"(e.g. $\theta = 0$, $b = 1$)"
            ),
        ),
        steps=(difference,),
        notes=(
            r"the printed (2.7) is wrong for every sample with $u \neq 0$; "
            r"correct: $\log(1 + e^{u}) - (1 - c)u$",
        ),
    )


@dataclass(frozen=True)
class LogisticRegression(Printable):
    """Logistic regression with the notes' sign convention, derived exactly.

    See :func:`symml.optimisation.losses.logistic_regression` for the attributes.
    """

    X: sp.ImmutableMatrix
    c: sp.ImmutableMatrix
    theta: sp.ImmutableMatrix
    b: sp.Symbol
    exponents: sp.ImmutableMatrix
    predictions: sp.ImmutableMatrix
    loss_cross_entropy: sp.Expr
    loss: sp.Expr
    loss_notes_2_7: sp.Expr
    gradient: sp.ImmutableMatrix
    gradient_matrix: sp.Expr
    hessian: sp.ImmutableMatrix
    design: sp.ImmutableMatrix
    per_sample: Result
    notes_2_7: Result
    agreement: Result
    psd: Result
    separation: Result | None
    existence: Result | None
    steps: tuple[Step, ...]

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        """The optimisation variables ``(θ_1, …, θ_M, b)`` in order."""
        return (*self.theta, self.b)

    def loss_at(self, values: Any) -> sp.Expr:
        """The loss at exact parameter values ``(θ_1, …, θ_M, b)``."""
        values = [as_expr(v, what="a parameter value") for v in values]
        return self.loss.subs(dict(zip(self.variables, values)))

    def text(self) -> str:
        """The loss and what was proven about it."""
        from symml.core.latex.text import plain

        parts = [
            ("PSD Hessian", self.psd),
            ("separation", self.separation),
            ("minimiser exists", self.existence),
        ]
        lines = [f"logistic regression on {self.design.rows} points: J = {plain(self.loss)}"]
        lines += [f"  {name}: {r.verdict.value}" for name, r in parts if r is not None]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        from symml.core.results import to_json_value

        return {
            "loss": to_json_value(self.loss),
            "variables": [str(v) for v in self.variables],
            "gradient": to_json_value(self.gradient),
            "hessian": to_json_value(self.hessian),
            "per_sample": self.per_sample.to_json(),
            "notes_2_7": self.notes_2_7.to_json(),
            "agreement": self.agreement.to_json(),
            "psd": self.psd.to_json(),
            "separation": self.separation.to_json() if self.separation is not None else None,
            "existence": self.existence.to_json() if self.existence is not None else None,
        }

    def _latex(self, printer: Any) -> str:
        p = printer._print
        head = align(
            [
                rf"J &= {p(self.loss)}",
                r"\nabla J &= \frac{1}{N}\hat{X}^{\top}(\mathbf{f} - \mathbf{c}) = " + p(self.gradient),
            ]
        )
        parts = [
            head,
            self.per_sample._latex(printer),
            self.notes_2_7._latex(printer),
            self.agreement._latex(printer),
            self.psd._latex(printer),
        ]
        if self.separation is not None:
            parts.append(self.separation._latex(printer))
        if self.existence is not None:
            parts.append(self.existence._latex(printer))
        return "\n".join(parts)


def _labels(c: Any, n: int) -> sp.ImmutableMatrix:
    cv = data_vector(c, n, "c")
    for i, ci in enumerate(cv):
        if not ci.is_Number:
            raise InvalidValueError(f"label c[{i}] = {ci} is not a number; labels must be 0 or 1")
        if ci not in (0, 1):
            raise InvalidValueError(f"label c[{i}] = {ci} is not in {{0, 1}}; labels must be 0 or 1")
    return cv


def build_logistic_regression(X: Any, c: Any) -> LogisticRegression:
    """Derive the cross-entropy loss of logistic regression on ``(X, c)``."""
    Xm = data_matrix(X, "X")
    N, M = Xm.shape
    cv = _labels(c, N)
    *th, b = fresh_symbols([f"theta_{j + 1}" for j in range(M)] + ["b"], Xm.free_symbols)
    theta = sp.ImmutableMatrix(th)
    params = sp.ImmutableMatrix([*th, b])
    # The linear term the sigmoid acts on is s = θᵀx − b, so ∂s/∂(θ, b) = (x, −1).
    design = sp.ImmutableMatrix(sp.Matrix.hstack(Xm, -sp.ones(N, 1)))
    s = sp.ImmutableMatrix(design * params)
    u = sp.ImmutableMatrix(-s)
    f = sp.ImmutableMatrix([_sigmoid_of_exponent(ui) for ui in u])
    n_inv = sp.Rational(1, N)

    per_sample_loss, per_sample_steps = cross_entropy_derivation()
    per_sample = Result(
        sp.Eq(
            -(_C * sp.log(sp.Symbol("f")) + (1 - _C) * sp.log(1 - sp.Symbol("f"))),
            per_sample_loss,
            evaluate=False,
        ),
        Verdict.PROVEN,
        steps=per_sample_steps,
    )
    ce = -n_inv * sp.Add(*[cv[i] * sp.log(f[i]) + (1 - cv[i]) * sp.log(1 - f[i]) for i in range(N)])
    loss = n_inv * sp.Add(*[per_sample_loss.subs({_U: u[i], _C: cv[i]}) for i in range(N)])
    loss_27 = n_inv * sp.Add(*[sp.log(1 + sp.exp(u[i])) - cv[i] * u[i] for i in range(N)])

    d = Derivation()
    d.fact(
        sp.Eq(sp.Symbol("J"), loss, evaluate=False), "the per-sample form summed over the data, divided by N"
    )
    grad_index = sp.ImmutableMatrix(
        [n_inv * sp.Add(*[(f[i] - cv[i]) * design[i, j] for i in range(N)]) for j in range(M + 1)]
    )
    # For display, f_i stands for 1/(1 + e^{u_i}); every check uses the full expressions.
    f_names = fresh_symbols([f"f_{i + 1}" for i in range(N)], Xm.free_symbols | set(params))
    short = {f[i]: f_names[i] for i in range(N)}

    def shown(name: str, value: sp.MatrixBase) -> sp.Basic:
        return sp.Eq(sp.Symbol(name), sp.ImmutableMatrix(value).xreplace(short), evaluate=False)

    d.fact(
        sp.Eq(sp.Symbol("f_i"), 1 / (1 + sp.exp(sp.Symbol("u_i"))), evaluate=False),
        r"prediction at $x_i$, with $u_i = -\theta^{\top}x_i + b$",
    )
    grad_diff = sp.ImmutableMatrix([sp.diff(loss, v) for v in params])
    d.equal(
        grad_diff,
        grad_index,
        r"chain rule: $\partial_u \log(1 + e^u) = 1 - f$; sum of $(f_i - c_i)$ times "
        r"$\partial s_i / \partial(\theta, b) = (x_i, -1)$",
        display=shown(r"\nabla J", grad_index),
    )
    fc = sp.ImmutableMatrix([f[i] - cv[i] for i in range(N)])
    grad_matrix = sp.ImmutableMatrix(n_inv * design.T * fc)
    d.equal(
        grad_index,
        grad_matrix,
        r"matrix form, rows of $\hat{X}$ are $(x_i, -1)$",
        display=shown(r"\frac{1}{N}\hat{X}^{\top}(\mathbf{f} - \mathbf{c})", grad_matrix),
    )
    weights = [f[i] * (1 - f[i]) for i in range(N)]
    hessian = sp.ImmutableMatrix(
        [
            [
                n_inv * sp.Add(*[weights[i] * design[i, j] * design[i, k] for i in range(N)])
                for k in range(M + 1)
            ]
            for j in range(M + 1)
        ]
    )
    hess_diff = sp.ImmutableMatrix([[sp.diff(gj, v) for v in params] for gj in grad_index])
    d.equal(
        hess_diff,
        hessian,
        r"differentiate again: $\partial f / \partial s = f(1 - f)$",
        display=shown(r"\nabla^{2} J", hessian),
    )
    hess_matrix = n_inv * design.T * sp.diag(*weights) * design
    d.equal(
        hessian,
        hess_matrix,
        r"matrix form, $D = \operatorname{diag}(f_i(1 - f_i))$",
        display=shown(r"\frac{1}{N}\hat{X}^{\top} D \hat{X}", hess_matrix),
    )
    agreement = Result(
        "the gradient and Hessian equal the derivatives of J, in index and in matrix form",
        Verdict.PROVEN,
        steps=tuple(d.steps[1:]),
    )

    psd = _hessian_psd(hessian, design, weights, u, params, Xm)
    separation = _separation(Xm, cv, design, params) if is_numeric(Xm) else None
    existence = _existence(cv, design, separation) if separation is not None else None
    return LogisticRegression(
        X=Xm,
        c=cv,
        theta=theta,
        b=b,
        exponents=u,
        predictions=f,
        loss_cross_entropy=ce,
        loss=loss,
        loss_notes_2_7=loss_27,
        gradient=grad_index,
        gradient_matrix=grad_matrix,
        hessian=hessian,
        design=design,
        per_sample=per_sample,
        notes_2_7=refute_notes_2_7(),
        agreement=agreement,
        psd=psd,
        separation=separation,
        existence=existence,
        steps=tuple(d.steps),
    )


def _hessian_psd(
    hessian: sp.ImmutableMatrix,
    design: sp.ImmutableMatrix,
    weights: list[sp.Expr],
    u: sp.ImmutableMatrix,
    params: sp.ImmutableMatrix,
    Xm: sp.ImmutableMatrix,
) -> Result:
    N, P = design.shape
    v = sp.ImmutableMatrix(fresh_symbols([f"v_{j + 1}" for j in range(P)], Xm.free_symbols | set(params)))
    # H = (1/N) X^T D X was proven above; the quadratic-form identity is polynomial in the
    # weights, so it is checked with a symbol W_i standing for each weight f_i (1 - f_i).
    W = fresh_symbols([f"W_{i + 1}" for i in range(N)], Xm.free_symbols | set(params) | set(v))
    generic_h = design.T * sp.diag(*W) * design / N
    quad = (v.T * generic_h * v)[0, 0]
    proj = [(design.row(i) * v)[0, 0] for i in range(N)]
    sos = sp.Rational(1, N) * sp.Add(*[W[i] * proj[i] ** 2 for i in range(N)])
    uu = _U
    w_generic = _sigmoid_of_exponent(uu) * (1 - _sigmoid_of_exponent(uu))
    return Result(
        r"the Hessian of $J$ is positive semidefinite, so $J$ is convex in $(\theta, b)$",
        Verdict.PROVEN,
        steps=(
            prove_equal(
                quad,
                sos,
                "quadratic form of the Hessian (1/N) X^T diag(W) X with weights W_i = f_i (1 - f_i)",
            ),
            prove_equal(
                w_generic,
                sp.exp(uu) / (1 + sp.exp(uu)) ** 2,
                "each weight f (1 - f)",
                display=sp.Eq(
                    sp.Symbol("f") * (1 - sp.Symbol("f")), sp.exp(uu) / (1 + sp.exp(uu)) ** 2, evaluate=False
                ),
            ),
            Step(sp.Gt(sp.exp(uu) / (1 + sp.exp(uu)) ** 2, 0), "exp is positive on the reals (real data)"),
            Step(
                sp.Ge(sp.Symbol(r"v^{\top}\nabla^{2}J\,v"), 0),
                "a sum of non-negative weights times squares, for every v: PSD, hence J convex",
            ),
        ),
    )


def _separation(
    Xm: sp.ImmutableMatrix, cv: sp.ImmutableMatrix, design: sp.ImmutableMatrix, params: sp.ImmutableMatrix
) -> Result:
    """Decide exactly whether the data are linearly separable (Gordan's alternative).

    Separable: an exact direction w with (2cᵢ − 1) sᵢ(w) ≥ 1 for all i, so J(tw) → 0 while
    J > 0: no finite minimiser.  Not separable: exact λ ≥ 0, Σλ = 1, with Σ λᵢ(2cᵢ − 1)x̂ᵢ = 0,
    so no direction makes every margin positive.
    """
    N, P = design.shape
    signs = [2 * ci - 1 for ci in cv]
    A = sp.Matrix([[signs[i] * design[i, j] for j in range(P)] for i in range(N)])
    claim = (
        r"the data are linearly separable (all margins $(2c_i - 1)(\theta^{\top}x_i - b) > 0$ "
        r"for some $(\theta, b)$)"
    )
    w = _find_separator(A)
    if w is not None:
        margins = sp.ImmutableMatrix(A * w)
        t = sp.Symbol("t", positive=True)
        terms = [sp.log(1 + sp.exp(-m * t)) for m in margins]
        limit = sp.limit(sp.Add(*terms) / N, t, sp.oo)
        if limit != 0:  # pragma: no cover
            raise AssertionError("the loss did not tend to 0 along the separating direction")
        wsym = sp.Symbol("w")
        return Result(
            claim,
            Verdict.PROVEN,
            steps=(
                Step(
                    sp.Eq(wsym, w, evaluate=False),
                    r"a separating direction $w = (\theta, b)$, found by exact linear programming",
                ),
                Step(
                    sp.Eq(sp.Symbol("m"), margins, evaluate=False),
                    r"margins $m_i = (2c_i - 1)(\theta^{\top}x_i - b)$: all at least 1, checked exactly",
                ),
                Step(
                    sp.Eq(sp.Limit(sp.Add(*terms) / N, t, sp.oo), 0, evaluate=False),
                    r"$J(tw)$ is the mean of $\log(1 + e^{-m_i t})$, which tends to 0",
                ),
                Step(
                    sp.Symbol("J") > 0,
                    r"every term $\log(1 + e^{z})$ is positive, so the infimum 0 is not attained",
                ),
            ),
            value=w,
        )
    lam = _find_gordan_certificate(A)
    if lam is None:  # pragma: no cover - Gordan's theorem says one of the two exists
        return Result(claim, Verdict.UNDECIDED, notes=("exact linear programming found neither certificate",))
    combo = sp.ImmutableMatrix(A.T * lam)
    return Result(
        claim,
        Verdict.REFUTED,
        witness=Witness(
            {"lambda": lam},
            shows=sp.Eq(sp.Symbol(r"\sum_i \lambda_i (2c_i - 1)\hat{x}_i"), combo, evaluate=False),
            description=(
                r"$\lambda \geq 0$, $\sum_i \lambda_i = 1$, $\sum_i \lambda_i (2c_i - 1)(x_i, -1) = 0$: "
                r"for any $(\theta, b)$ the "
                "margins average to 0 with these weights, so they cannot all be positive"
            ),
        ),
        notes=(
            r"not separable; a finite minimiser exists when moreover no direction has all margins $\geq 0$",
        ),
    )


def _find_separator(A: sp.Matrix) -> sp.ImmutableMatrix | None:
    """An exact w with A w >= 1 (every margin at least 1), or ``None``; checked exactly.

    Solved as: maximise s subject to A w >= s, |w_j| <= 1, s <= 1, with w = w+ - w-.  The
    origin is feasible, so sympy's simplex needs no phase one (its phase one returned
    infeasible points on some inputs in sympy 1.14; every answer is re-checked anyway).
    """
    N, P = A.shape
    G = sp.Matrix.vstack(sp.Matrix.hstack(-A, A, sp.ones(N, 1)), sp.eye(2 * P + 1))
    h = sp.Matrix([*([0] * N), *([1] * (2 * P + 1))])
    cost = sp.Matrix([*([0] * (2 * P)), -1])
    try:
        _, x = linprog(cost, G, h)
    except InfeasibleLPError:  # pragma: no cover - the origin is feasible
        return None
    w = sp.Matrix(x[:P]) - sp.Matrix(x[P : 2 * P])
    margins = list(A * w)
    if not margins or min(margins) <= 0:
        return None
    w = sp.ImmutableMatrix(w / min(margins))
    return w if all(m >= 1 for m in A * w) else None


def _find_gordan_certificate(A: sp.Matrix) -> sp.ImmutableMatrix | None:
    """An exact lambda >= 0 with sum 1 and A^T lambda = 0, or ``None``; checked exactly.

    Solved as: maximise sum(lambda) subject to A^T lambda = 0 (two inequalities each),
    sum(lambda) <= 1, lambda >= 0 -- again with the origin feasible.
    """
    N, P = A.shape
    G = sp.Matrix.vstack(A.T, -A.T, sp.ones(1, N))
    h = sp.Matrix([*([0] * (2 * P)), 1])
    try:
        _, x = linprog(-sp.ones(N, 1), G, h)
    except InfeasibleLPError:  # pragma: no cover - the origin is feasible
        return None
    lam = sp.ImmutableMatrix(x)
    ok = all(e == 0 for e in A.T * lam) and all(e >= 0 for e in lam) and sum(lam) == 1
    return lam if ok else None


def _existence(cv: sp.ImmutableMatrix, design: sp.ImmutableMatrix, separation: Result) -> Result:
    """Whether J attains its minimum: refuted on separable data, proven on overlapping data.

    Overlap (Stiemke's alternative): an exact lambda > 0 with A^T lambda = 0 means no direction
    w has all margins (Aw)_i >= 0 unless Aw = 0; with full column rank, Aw != 0 for w != 0, so
    along every ray some term log(1 + e^{-(Aw)_i t}) grows without bound.  A convex function
    that is unbounded along every ray from a point is coercive and attains its minimum.
    """
    claim = r"$J$ attains its minimum at a finite $(\theta, b)$"
    N, P = design.shape
    A = sp.diag(*[2 * ci - 1 for ci in cv]) * design
    if separation.proven:
        w = separation.value
        t = sp.Symbol("t", positive=True)
        margins = A * w
        limit_expr = sp.Add(*[sp.log(1 + sp.exp(-m * t)) for m in margins]) / N
        return Result(
            claim,
            Verdict.REFUTED,
            witness=Witness(
                {"w": w},
                shows=sp.Eq(sp.Limit(limit_expr, t, sp.oo), 0, evaluate=False),
                description=(
                    r"$J(tw) \to 0$ as $t \to \infty$ while $J > 0$ everywhere: the infimum is not attained"
                ),
            ),
        )
    lam = _find_stiemke_certificate(A)
    rank = design.rank()
    if lam is None or rank < P:
        why = "the data are quasi-separable" if lam is None else "the inputs (x_i, -1) do not span R^(M+1)"
        return Result(claim, Verdict.UNDECIDED, notes=(f"no coercivity proof: {why}",))
    return Result(
        claim,
        Verdict.PROVEN,
        steps=(
            Step(
                sp.Eq(sp.Symbol(r"\lambda"), lam, evaluate=False),
                r"every $\lambda_i > 0$ and $\sum_i \lambda_i (2c_i - 1)(x_i, -1) = 0$, checked exactly",
            ),
            Step(
                sp.Eq(sp.Symbol(r"\operatorname{rank}\hat{X}"), rank, evaluate=False),
                r"full column rank: every direction $w \neq 0$ changes some margin",
            ),
            Step(
                sp.Symbol(r"\exists i:\ (Aw)_i < 0"),
                r"the margins of $w \neq 0$ are not all zero and average to 0 with positive weights",
            ),
            Step(
                sp.true,
                r"so $J(tw) \to \infty$ along every ray; $J$ is convex, hence coercive, "
                r"and attains its minimum",
            ),
        ),
        value=lam,
    )


def _find_stiemke_certificate(A: sp.Matrix) -> sp.ImmutableMatrix | None:
    """An exact lambda with every entry > 0 and A^T lambda = 0, or ``None``; checked exactly.

    Solved as: maximise s subject to A^T lambda = 0, s <= lambda_i <= 1 (origin feasible).
    """
    N, P = A.shape
    G = sp.Matrix.vstack(
        sp.Matrix.hstack(A.T, sp.zeros(P, 1)),
        sp.Matrix.hstack(-A.T, sp.zeros(P, 1)),
        sp.Matrix.hstack(-sp.eye(N), sp.ones(N, 1)),
        sp.Matrix.hstack(sp.eye(N), sp.zeros(N, 1)),
    )
    h = sp.Matrix([*([0] * (2 * P)), *([0] * N), *([1] * N)])
    cost = sp.Matrix([*([0] * N), -1])
    try:
        _, x = linprog(cost, G, h)
    except InfeasibleLPError:  # pragma: no cover - the origin is feasible
        return None
    lam = sp.ImmutableMatrix(x[:N])
    ok = all(e > 0 for e in lam) and all(e == 0 for e in A.T * lam)
    return lam if ok else None
