"""Least squares (2.1)–(2.3): the loss in index and matrix form, normal equations, minimisers.

Private to :mod:`symml.optimisation.losses`, which documents the public entry point
:func:`~symml.optimisation.losses.least_squares`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.polys.matrices import DomainMatrix

from symml.core.results import Computation, Result, Sentence, Step, Verdict, Witness
from symml.optimisation.losses.common import (
    Derivation,
    DerivationError,
    data_matrix,
    data_vector,
    fresh_symbols,
    is_numeric,
    prove_equal,
    qq_matrix,
    sympy_fields,
    sympy_matrix,
)

__all__ = ["LeastSquares", "LeastSquaresSolution", "build_least_squares"]


@dataclass(frozen=True)
class LeastSquaresSolution(Computation):
    """The set of minimisers of a least-squares loss: ``particular + span(null_space)``.

    Attributes
    ----------
    unique : bool
        Whether the minimiser is unique (``X̃`` has full column rank).
    minimiser : ImmutableMatrix
        The minimum-norm minimiser (the unique one when ``unique``).
    null_space : tuple of ImmutableMatrix
        A basis of the null space of ``X̃``; adding any combination keeps the loss minimal.
    parameters : tuple of Symbol
        The free coefficients ``t_1, …`` of the general minimiser.
    general : ImmutableMatrix
        ``minimiser + Σ_j t_j null_space[j]``: every minimiser, and only minimisers.
    condition : SymPy boolean
        When the description holds (``True`` for numeric data; ``det(X̃ᵀX̃) ≠ 0`` or a
        similar genericity condition for symbolic data).
    minimum : SymPy expression or None
        The minimum value of the loss (``None`` when too large to simplify symbolically).
    residuals : ImmutableMatrix or None
        ``y − X̃ θ*`` at the minimiser.
    """

    unique: bool
    minimiser: sp.ImmutableMatrix
    null_space: tuple[sp.ImmutableMatrix, ...]
    parameters: tuple[sp.Symbol, ...]
    general: sp.ImmutableMatrix
    condition: Any
    minimum: Any
    residuals: Any
    theta: sp.ImmutableMatrix

    json_fields = ("unique", "minimiser", "null_space", "general", "condition", "minimum", "residuals")

    def facts(self) -> tuple[Step, ...]:
        """The minimisers, minimum and residuals as statements with what each one is."""
        from symml.core.latex import equation  # both sides through the safe converter

        named = lambda name, value: equation(sp.Symbol(name), value)  # noqa: E731
        if self.unique:
            facts = [Step(named("theta_star", self.minimiser), "unique minimiser", rule="minimiser")]
        else:
            free = ", ".join(t.name for t in self.parameters)
            facts = [
                Step(
                    named("theta_star", self.general), f"every minimiser ({free} free)", rule="minimiser-set"
                ),
                Step(named("theta_dagger", self.minimiser), "minimum norm", rule="minimum-norm"),
            ]
        if self.minimum is not None:
            facts.append(Step(named("J_min", self.minimum), "minimum value", rule="exact-evaluation"))
        if self.residuals is not None:
            facts.append(Step(named("residuals", self.residuals), "residuals", rule="residuals"))
        if self.condition is not sp.true:
            facts.append(Step(self.condition, "assumed (generic data)", rule="assumption"))
        return tuple(facts)

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_steps

        return render_steps(self.facts(), printer)


@dataclass(frozen=True)
class LeastSquares(Computation):
    """Least squares J(a, b) = Σᵢ (yᵢ − aᵀxᵢ − b)², derived in index and matrix form.

    See :func:`symml.optimisation.losses.least_squares` for the attributes.  The minimiser
    set, the rank and the verdicts are computed on construction (numeric data in exact
    rational matrices); the expressions in index and matrix form, the proof steps and the
    LaTeX are built when first asked for.
    """

    X: sp.ImmutableMatrix
    y: sp.ImmutableMatrix
    a: sp.ImmutableMatrix
    b: sp.Symbol
    theta: sp.ImmutableMatrix
    rank: int | None
    solution: LeastSquaresSolution | None
    null_vector: sp.ImmutableMatrix | None = None
    symbolic_strict: Result | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        sympy_fields(self, ("X", "y", "a", "theta"), ("b",))

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        """The optimisation variables ``(a_1, …, a_M, b)`` in order."""
        return tuple(self.theta)

    def text(self) -> str:
        """The problem's size, rank and minimiser (with decimals); cheap at any size."""
        from symml.core.latex.text import counted, plain, with_decimals

        N, M = self.X.shape
        size = f"{counted(N, 'point')}, {counted(M, 'feature')}"
        lines = [f"least squares on {size}: minimise J{plain(self.variables)}"]
        if self.rank is not None:
            full = "full column rank: unique minimiser" if self.rank == M + 1 else "rank deficient"
            lines.append(f"  rank of [X 1]: {self.rank} of {M + 1} ({full})")
        if self.solution is not None:
            general = self.solution.general  # every minimiser: t_1, ... free when rank deficient
            values = ", ".join(f"{plain(v)} = {with_decimals(g)}" for v, g in zip(self.variables, general))
            free = ", ".join(t.name for t in self.solution.parameters)
            lines.append(f"  minimiser: {values}" + (f" ({free} free)" if free else ""))
            lines.append(f"  minimum: {with_decimals(self.solution.minimum)}")
        return "\n".join(lines)

    @functools.cached_property
    def design(self) -> sp.ImmutableMatrix:
        """X̃ = [X 1]."""
        return sp.ImmutableMatrix(sp.Matrix.hstack(self.X, sp.ones(self.X.rows, 1)))

    @functools.cached_property
    def _residual_terms(self) -> list[sp.Expr]:
        return [self.y[i] - _dot(self.a, self.X.row(i)) - self.b for i in range(self.X.rows)]

    @functools.cached_property
    def loss(self) -> sp.Expr:
        """J in index form (2.3): Σᵢ (yᵢ − aᵀxᵢ − b)²."""
        return sp.Add(*[r**2 for r in self._residual_terms])

    @functools.cached_property
    def loss_matrix(self) -> sp.Expr:
        """J in matrix form: (y − X̃θ)ᵀ(y − X̃θ)."""
        resid = sp.ImmutableMatrix(self.y - self.design * self.theta)
        return (resid.T * resid)[0, 0]

    @functools.cached_property
    def gradient(self) -> sp.ImmutableMatrix:
        """∇J in index form: −2 Σᵢ rᵢ x̃ᵢ."""
        r, design = self._residual_terms, self.design
        return sp.ImmutableMatrix(
            [sp.Add(*[-2 * r[i] * design[i, j] for i in range(len(r))]) for j in range(design.cols)]
        )

    @functools.cached_property
    def gradient_matrix(self) -> sp.ImmutableMatrix:
        """∇J = 2X̃ᵀ(X̃θ − y)."""
        return sp.ImmutableMatrix(2 * self.design.T * (self.design * self.theta - self.y))

    @functools.cached_property
    def hessian(self) -> sp.ImmutableMatrix:
        """∇²J = 2X̃ᵀX̃ (constant)."""
        return sp.ImmutableMatrix(2 * self.design.T * self.design)

    @functools.cached_property
    def normal_equations(self) -> Any:
        """X̃ᵀX̃ θ = X̃ᵀy, unevaluated."""
        gram = sp.ImmutableMatrix(self.design.T * self.design)
        rhs = sp.ImmutableMatrix(self.design.T * self.y)
        return sp.Eq(sp.MatMul(gram, self.theta, evaluate=False), rhs, evaluate=False)

    @functools.cached_property
    def steps(self) -> tuple[Step, ...]:
        """The derivation: index form = matrix form, the gradient and Hessian both ways, checked."""
        return _derivation(self)

    @functools.cached_property
    def agreement(self) -> Result:
        """Proof that the index form and the matrix form of J, ∇J and ∇²J agree."""
        return Result(
            "the index form and the matrix form of J, its gradient and its Hessian agree",
            Verdict.PROVEN,
            steps=self.steps[:4],
        )

    @functools.cached_property
    def _v(self) -> sp.ImmutableMatrix:
        """Fresh symbols v for the quadratic form of the Hessian."""
        return _fresh_v(self.design.cols, self.X.free_symbols | self.y.free_symbols, self.theta)

    @functools.cached_property
    def _sum_of_squares(self) -> sp.Expr:
        """2‖X̃v‖² = vᵀ∇²J v."""
        return _sum_of_squares(self.design, self._v)

    @functools.cached_property
    def convexity(self) -> Result:
        """J is convex: vᵀ(2X̃ᵀX̃)v = 2‖X̃v‖² ≥ 0 (proven)."""
        v, sq = self._v, self._sum_of_squares
        quad = (v.T * self.hessian * v)[0, 0]
        return Result(
            Sentence(sp.Symbol("J"), "is convex in", _PARAMETERS),
            Verdict.PROVEN,
            steps=(
                prove_equal(
                    quad,
                    sq,
                    "the Hessian is twice a Gram matrix",
                    display=sp.Eq(sp.Symbol("vT_H_v"), sq, evaluate=False),
                    rule="gram-matrix",
                ),
                # unevaluated: asking SymPy for the sign of a large sum of squares costs seconds
                Step(
                    sp.Ge(sq, 0, evaluate=False),
                    "a sum of squares of reals is non-negative (real data)",
                    rule="sum-of-squares",
                ),
                Step(
                    sp.true,
                    "so the constant Hessian is positive semidefinite and J is convex",
                    rule="conclusion",
                ),
            ),
        )

    @functools.cached_property
    def strict_convexity(self) -> Result:
        """Strict convexity ⇔ full column rank: proven, refuted with a null vector, or the equivalence."""
        if self.symbolic_strict is not None:
            return self.symbolic_strict
        return _numeric_strict_convexity(self.rank, self.null_vector, self.design, self._sum_of_squares)

    json_fields = (
        "loss",
        "variables",
        "gradient",
        "hessian",
        "rank",
        "agreement",
        "convexity",
        "strict_convexity",
        "solution",
        "steps",
        "notes",
    )

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import paragraph, render_derivation, render_steps

        named = lambda name, value: sp.Eq(sp.Symbol(name), value, evaluate=False)  # noqa: E731
        Xt = sp.MatrixSymbol("X_tilde", *self.design.shape)
        head = render_derivation(
            [
                named("J", self.loss),
                named("X_tilde", self.design),
                named("y_vec", self.y),
                named("theta_vec", self.theta),
                named("nabla_J", self.gradient_matrix),
                sp.Eq(sp.Symbol("nabla2_J"), 2 * Xt.T * Xt, evaluate=False),
                named("nabla2_J", self.hessian),
            ],
            (),
            printer,
        )
        parts = [head, render_steps(self.steps, printer)]
        for r in (self.agreement, self.convexity, self.strict_convexity):
            parts.append(r._latex(printer))
        if self.solution is not None:
            parts.append(self.solution._latex(printer))
        parts += [paragraph(note, printer) for note in self.notes]
        return "\n".join(parts)


def _dot(u: sp.MatrixBase, v: sp.MatrixBase) -> sp.Expr:
    return sum((p * q for p, q in zip(u, v)), sp.Integer(0))


def build_least_squares(X: Any, y: Any) -> LeastSquares:
    """Derive everything about the least-squares loss of the data ``(X, y)``.

    Numeric data are solved in exact rational matrices (DomainMatrix over QQ, backed by
    python-flint): the cost grows like N·M² for N points; symbolic data go through SymPy.
    """
    Xm = data_matrix(X, "X")
    N, M = Xm.shape
    yv = data_vector(y, N, "y")
    data_symbols = Xm.free_symbols | yv.free_symbols
    *a_syms, b = fresh_symbols([f"a_{j + 1}" for j in range(M)] + ["b"], data_symbols)
    theta = sp.ImmutableMatrix([*a_syms, b])
    common = {"X": Xm, "y": yv, "a": sp.ImmutableMatrix(a_syms), "b": b, "theta": theta}
    if is_numeric(Xm) and is_numeric(yv):
        rank, solution, null_vector = _solve_numeric(Xm, yv, theta)
        return LeastSquares(**common, rank=rank, solution=solution, null_vector=null_vector)
    design = sp.ImmutableMatrix(sp.Matrix.hstack(Xm, sp.ones(N, 1)))
    v = _fresh_v(design.cols, data_symbols, theta)
    quad, sq = (v.T * (2 * design.T * design) * v)[0, 0], _sum_of_squares(design, v)
    rank, strict, solution, notes = _solve_symbolic(design, yv, theta, data_symbols, quad, sq)
    return LeastSquares(**common, rank=rank, solution=solution, symbolic_strict=strict, notes=tuple(notes))


def _derivation(fit: LeastSquares) -> tuple[Step, ...]:
    """Index form = matrix form, and the gradient and Hessian of (2.3) both ways, each checked."""
    d = Derivation()
    d.equal(
        fit.loss,
        fit.loss_matrix,
        "index form (2.3) expanded equals the matrix form (residual vector squared)",
        display=sp.Eq(sp.Symbol("J"), fit.loss_matrix, evaluate=False),
        rule="matrix-form",
    )
    # Differentiate (2.3) as an exact polynomial in θ (and the data), built from the
    # (linear) residuals in a sparse polynomial ring: no expansion of a SymPy tree.
    data_symbols = sorted(fit.X.free_symbols | fit.y.free_symbols, key=sp.default_sort_key)
    ring, *gens = sp.ring([*fit.theta, *data_symbols], sp.QQ)
    loss_poly = ring.zero
    for r in fit._residual_terms:
        loss_poly += ring.from_expr(r) ** 2
    P = len(fit.theta)
    grad_diff = sp.ImmutableMatrix([loss_poly.diff(gens[j]).as_expr() for j in range(P)])
    d.equal(
        grad_diff,
        fit.gradient,
        "differentiate (2.3) term by term (chain rule on each square)",
        rule="differentiate",
    )
    d.equal(
        fit.gradient, fit.gradient_matrix, "collect the sum over i as a matrix product", rule="matrix-form"
    )
    hess_diff = sp.ImmutableMatrix(
        [[loss_poly.diff(gens[j]).diff(gens[k]).as_expr() for k in range(P)] for j in range(P)]
    )
    d.equal(hess_diff, fit.hessian, "differentiate again: the Hessian is constant", rule="differentiate")
    d.fact(fit.normal_equations, "normal equations: where the gradient vanishes", rule="normal-equations")
    return tuple(d.steps)


def _fresh_v(P: int, data_symbols: set[Any], theta: sp.ImmutableMatrix) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(fresh_symbols([f"v_{j + 1}" for j in range(P)], data_symbols | set(theta)))


def _sum_of_squares(design: sp.ImmutableMatrix, v: sp.ImmutableMatrix) -> sp.Expr:
    """2‖X̃v‖², built row by row (the same canonical sum as 2·Σ(X̃v)ᵢ², in time linear in N)."""
    Xv = [sp.Add(*[c * vj for c, vj in zip(row, v)]) for row in design.tolist()]
    return sp.Add(*[2 * e**2 for e in Xv])


def _numeric_strict_convexity(
    rank: int | None, null_vector: sp.ImmutableMatrix | None, design: sp.ImmutableMatrix, sq: sp.Expr
) -> Result:
    """Strict convexity on numeric data: proven by the exact rank, or refuted by a null vector."""
    P = design.cols
    if null_vector is None:
        return Result(
            _STRICT_CLAIM,
            Verdict.PROVEN,
            steps=(
                Step(
                    sp.Eq(sp.Function("rank")(sp.Symbol("X_tilde")), rank, evaluate=False),
                    "exact Gaussian elimination",
                    rule="rank",
                ),
                Step(
                    sp.Eq(
                        sp.Function("ker")(sp.Symbol("X_tilde")),
                        sp.ImmutableMatrix.zeros(P, 1),
                        evaluate=False,
                    ),
                    "full column rank: only v = 0 is mapped to 0",
                    rule="full-column-rank",
                ),
                Step(
                    sp.Gt(sq, 0, evaluate=False),
                    "for every v other than 0: J is strictly convex",
                    rule="sum-of-squares",
                ),
            ),
        )
    line = sp.ImmutableMatrix(design * null_vector)
    return Result(
        _STRICT_CLAIM,
        Verdict.REFUTED,
        witness=Witness(
            {"v": null_vector},
            shows=sp.Eq(sp.Mul(*sp.symbols("X_tilde v", commutative=False)), line, evaluate=False),
            description=_constant_line(),
        ),
        notes=(
            Sentence(
                sp.Eq(sp.Function("rank")(sp.Symbol("X_tilde")), rank, evaluate=False),
                f", less than its {P} columns: no full column rank",
            ),
        ),
    )


def _constant_line() -> Sentence:
    """X̃v = 0, so J(θ + tv) = J(θ) for every t: J is constant along the line."""
    X, v = sp.Symbol("X_tilde", commutative=False), sp.Symbol("v", commutative=False)
    t, theta = sp.symbols("t theta_vec")
    J = sp.Function("J")
    return Sentence(
        sp.Eq(X * v, 0, evaluate=False),
        ", so",
        sp.Eq(J(theta + t * sp.Symbol("v")), J(theta), evaluate=False),
        "for every t: J is constant along the line, hence not strictly convex",
    )


#: The parameters of the fit, (a, b): the weights (bold a) and the offset.
_PARAMETERS = sp.Tuple(sp.Symbol("a_vec"), sp.Symbol("b"))
_STRICT_CLAIM = Sentence(sp.Symbol("J"), "is strictly convex in", _PARAMETERS)


def _solve_numeric(
    Xm: sp.ImmutableMatrix, yv: sp.ImmutableMatrix, theta: sp.ImmutableMatrix
) -> tuple[int, LeastSquaresSolution, sp.ImmutableMatrix | None]:
    """Rank, minimiser set and a null vector (or None), in exact rational matrices.

    Everything runs on X̃ᵀX̃ (P x P, P = M + 1) after one pass over the data: the rank and
    kernel of X̃ are those of its Gram matrix.  The minimum-norm minimiser solves
    (X̃ᵀX̃ + NᵀN)θ = X̃ᵀy, N a kernel basis (rows): that matrix is invertible, and a
    solution θ = r + n with r ⟂ ker X̃, n ∈ ker X̃ has NᵀN n = X̃ᵀy − X̃ᵀX̃ r ∈ ker X̃ ∩ (ker X̃)^⟂,
    so n = 0.  Every claim is then checked exactly.
    """
    N, M = Xm.shape
    design = qq_matrix(Xm).hstack(DomainMatrix.ones((N, 1), sp.QQ).to_dense())
    yq = qq_matrix(yv)
    design_t = design.transpose()
    gram, rhs = design_t * design, design_t * yq
    null_rows = gram.nullspace()  # rows: a basis of ker X̃ (= ker X̃ᵀX̃), rref-normalised
    k = 0 if null_rows.is_zero_matrix else null_rows.shape[0]
    rank = M + 1 - k
    if k:
        minimiser = (gram + null_rows.transpose() * null_rows).lu_solve(rhs)
    else:
        minimiser = gram.lu_solve(rhs)
    # The description's claims, checked exactly: θ† solves the normal equations, the
    # kernel vectors are in ker X̃, and θ† ⟂ ker X̃ (so it has the minimum norm).
    null_cols = [null_rows[i, :].transpose() for i in range(k)]
    if gram * minimiser != rhs or any(
        not (design * n).is_zero_matrix or not (minimiser.transpose() * n).is_zero_matrix for n in null_cols
    ):  # pragma: no cover - would be a symml bug
        raise DerivationError("internal: the exact least-squares solution did not check out")
    residuals = yq - design * minimiser
    minimum = (residuals.transpose() * residuals).to_Matrix()[0, 0]
    null = [sympy_matrix(n) for n in null_cols]
    solution = _solution(
        sympy_matrix(minimiser), null, sp.true, theta, Xm.free_symbols, sympy_matrix(residuals), minimum
    )
    return rank, solution, (null[0] if null else None)


def _solve_symbolic(
    design: sp.ImmutableMatrix,
    yv: sp.ImmutableMatrix,
    theta: sp.ImmutableMatrix,
    data_symbols: set[Any],
    quad: sp.Expr,
    sq: sp.Expr,
) -> tuple[int | None, Result, LeastSquaresSolution | None, list[str]]:
    """Symbolic data: generic rank; the description holds under a stated non-degeneracy condition."""
    N, P = design.shape
    notes: list[str] = []
    gram = sp.ImmutableMatrix(design.T * design)
    det = sp.factor(gram.det(method="berkowitz"))
    iff = Result(
        Sentence(
            sp.Symbol("J"),
            "is strictly convex exactly when",
            sp.Symbol("X_tilde"),
            "has full column rank:",
            sp.Ne(sp.Function("det")(sp.Symbol("XT_X")), 0),
        ),
        Verdict.PROVEN,
        steps=(
            prove_equal(quad, sq, "the Hessian is twice a Gram matrix", rule="gram-matrix"),
            Step(
                sp.Ne(det, 0),
                "positive definite exactly when the Gram matrix is invertible",
                rule="determinant",
            ),
        ),
        notes=(
            "with symbolic data the rank depends on the values; "
            "strict convexity holds exactly when the condition above holds",
        ),
    )
    if det != 0:
        adj = gram.adjugate()
        minimiser = sp.ImmutableMatrix((adj * design.T * yv).applyfunc(lambda e: sp.factor(e / det)))
        solution = _describe(design, yv, gram, theta, minimiser, [], sp.Ne(det, 0), data_symbols)
        return P, iff, solution, notes
    rowgram = design * design.T
    rowdet = sp.factor(rowgram.det(method="berkowitz"))
    if rowdet != 0:
        # N < M + 1 generic points: interpolation; θ† = X̃ᵀ(X̃X̃ᵀ)⁻¹y lies in the row space.
        minimiser = sp.ImmutableMatrix(
            (design.T * rowgram.adjugate() * yv).applyfunc(lambda e: sp.factor(e / rowdet))
        )
        null = [sp.ImmutableMatrix(n.applyfunc(sp.factor)) for n in design.nullspace(simplify=True)]
        # The pivoting behind the symbolic null space divides by data entries: state each.
        dens = {sp.denom(sp.together(e)) for n in null for e in n} - {sp.Integer(1)}
        condition = sp.And(sp.Ne(rowdet, 0), *[sp.Ne(q, 0) for q in sorted(dens, key=sp.default_sort_key)])
        solution = _describe(design, yv, gram, theta, minimiser, null, condition, data_symbols)
        notes.append(
            Sentence(sp.Symbol("XT_X"), "is singular for all data values (fewer points than parameters)")
        )
        return N, iff, solution, notes
    notes.append(
        Sentence(
            sp.Symbol("X_tilde"),
            "is rank-deficient for all values of the symbolic data; minimisers not described",
        )
    )
    return None, iff, None, notes


def _describe(
    design: sp.ImmutableMatrix,
    yv: sp.ImmutableMatrix,
    gram: sp.ImmutableMatrix,
    theta: sp.ImmutableMatrix,
    minimiser: sp.ImmutableMatrix,
    null: list[sp.ImmutableMatrix],
    condition: Any,
    data_symbols: set[Any],
) -> LeastSquaresSolution:
    """The minimiser set on symbolic data, each claim of the description checked exactly."""
    # θ† solves the normal equations, the null vectors are in ker X̃, and θ† ⟂ ker X̃
    # (so it has the minimum norm).
    prove_equal(
        gram * minimiser, design.T * yv, "the minimiser solves the normal equations", rule="normal-equations"
    )
    for n in null:
        prove_equal(design * n, sp.zeros(design.rows, 1), "null vector of X~", rule="null-vector")
        prove_equal(
            (minimiser.T * n)[0, 0],
            0,
            "the minimum-norm minimiser is orthogonal to ker X~",
            rule="minimum-norm",
        )
    residuals = sp.ImmutableMatrix((yv - design * minimiser).applyfunc(sp.factor))
    minimum = sp.factor(sum((r**2 for r in residuals), sp.Integer(0)))
    return _solution(minimiser, null, condition, theta, data_symbols, residuals, minimum)


def _solution(
    minimiser: sp.ImmutableMatrix,
    null: list[sp.ImmutableMatrix],
    condition: Any,
    theta: sp.ImmutableMatrix,
    data_symbols: set[Any],
    residuals: sp.ImmutableMatrix,
    minimum: sp.Expr,
) -> LeastSquaresSolution:
    """The checked minimiser set: θ† + span(kernel), with fresh coefficients t_j."""
    params = fresh_symbols([f"t_{j + 1}" for j in range(len(null))], data_symbols | set(theta))
    general = sp.ImmutableMatrix(
        minimiser + sum((t * n for t, n in zip(params, null)), sp.zeros(len(theta), 1))
    )
    return LeastSquaresSolution(
        unique=not null,
        minimiser=minimiser,
        null_space=tuple(null),
        parameters=params,
        general=general,
        condition=condition,
        minimum=minimum,
        residuals=residuals,
        theta=theta,
    )
