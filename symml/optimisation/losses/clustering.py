"""K-means (2.8)–(2.10): constraints, centre update, assignment step and exact Lloyd iterations.

Private to :mod:`symml.optimisation.losses`.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

from symml.core.errors import InvalidValueError, ShapeError
from symml.core.results import Computation, Result, Sentence, Step, Verdict, Witness
from symml.optimisation.losses.common import (
    Derivation,
    data_matrix,
    fresh_symbols,
    is_numeric,
    qq_matrix,
    sympy_fields,
    sympy_matrix,
)

__all__ = ["ExactPoints", "KMeans", "LloydIteration", "assign", "build_kmeans", "clustering_loss", "update"]

#: The tie rule of the assignment step, stated once.
ASSIGNMENT_RULE = (
    "each point goes to its nearest centre in squared Euclidean distance; "
    "a tie goes to the centre with the smallest index"
)
#: What the centre update does with an empty cluster.
EMPTY_CLUSTER_RULE = (
    "an empty cluster leaves J independent of its centre (every value minimises); "
    "the update keeps its previous centre"
)


def _sqdist(p: sp.MatrixBase, q: sp.MatrixBase) -> sp.Expr:
    return sum(((a - b) ** 2 for a, b in zip(p, q)), sp.Integer(0))


class ExactPoints:
    """Rational data points as exact rationals (DomainMatrix over QQ) with their squared norms.

    The representation of the Lloyd iterations: all N x K squared distances come from one
    exact matrix product, ‖xᵢ − μₖ‖² = ‖xᵢ‖² − 2 xᵢ·μₖ + ‖μₖ‖², and the means from one
    pass over the data; SymPy objects are made only for what a result reports.
    """

    def __init__(self, X: sp.MatrixBase) -> None:
        self.matrix = qq_matrix(X)
        self.rows = self.matrix.to_list()
        self.norms = [sum((v * v for v in row), QQ(0)) for row in self.rows]

    def distances(self, centres: DomainMatrix) -> list[list[Any]]:
        """The exact squared distances d[i][k] from every point to every centre."""
        cross = (self.matrix * centres.transpose()).to_list()
        centre_norms = [sum((v * v for v in row), QQ(0)) for row in centres.to_list()]
        return [[nx - 2 * c + nc for c, nc in zip(row, centre_norms)] for nx, row in zip(self.norms, cross)]

    def means(self, labels: tuple[int, ...], centres: DomainMatrix) -> DomainMatrix:
        """Cluster means; an empty cluster keeps its previous centre."""
        K, M = centres.shape
        sums = [[QQ(0)] * M for _ in range(K)]
        counts = [0] * K
        for row, k in zip(self.rows, labels):
            counts[k] += 1
            sums[k] = [s + v for s, v in zip(sums[k], row)]
        old = centres.to_list()
        rows = [[v / n for v in sums[k]] if n else old[k] for k, n in enumerate(counts)]
        return DomainMatrix(rows, (K, M), QQ).to_dense()


def _nearest(d: list[list[Any]]) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    labels, ties = [], []
    for row in d:
        best = min(row)
        labels.append(row.index(best))
        ties.append(row.count(best) > 1)
    return tuple(labels), tuple(ties)


def _total(d: list[list[Any]], labels: tuple[int, ...]) -> sp.Rational:
    return QQ.to_sympy(sum((row[k] for row, k in zip(d, labels)), QQ(0)))


def clustering_loss(X: sp.MatrixBase, labels: tuple[int, ...], centres: sp.MatrixBase) -> sp.Expr:
    """J of (2.9) for hard assignments ``labels`` (cluster index of each row) and rational centres (K x M)."""
    return _total(ExactPoints(X).distances(qq_matrix(centres)), labels)


def assign(X: sp.MatrixBase, centres: sp.MatrixBase) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    """Nearest-centre labels (ties to the smallest index) and, per point, whether a tie occurred."""
    return _nearest(ExactPoints(X).distances(qq_matrix(centres)))


def update(X: sp.MatrixBase, labels: tuple[int, ...], centres: sp.MatrixBase) -> sp.ImmutableMatrix:
    """Cluster means; an empty cluster keeps its previous centre."""
    return sympy_matrix(ExactPoints(X).means(labels, qq_matrix(centres)))


@dataclass(frozen=True)
class LloydIteration(Computation):
    """One exact Lloyd iteration: assignment step, then centre update, with J after each."""

    centres_before: sp.ImmutableMatrix
    loss_before: sp.Expr | None
    labels: tuple[int, ...]
    loss_assigned: sp.Expr
    centres_after: sp.ImmutableMatrix
    loss_after: sp.Expr
    empty_clusters: tuple[int, ...]
    ties: tuple[int, ...]

    json_fields = (
        "centres_before",
        "labels=clusters",
        "loss_assigned",
        "centres_after",
        "loss_after",
        "empty_clusters=empty_cluster_numbers",
        "ties=tie_numbers",
    )

    @property
    def clusters(self) -> tuple[int, ...]:
        """The cluster of each point, counted from 1 as in the notes (k(i))."""
        return tuple(k + 1 for k in self.labels)

    @property
    def empty_cluster_numbers(self) -> tuple[int, ...]:
        """The clusters left empty, counted from 1."""
        return tuple(k + 1 for k in self.empty_clusters)

    @property
    def tie_numbers(self) -> tuple[int, ...]:
        """The points (counted from 1) at the same distance from two centres."""
        return tuple(i + 1 for i in self.ties)

    def facts(self) -> tuple[Step, ...]:
        """The iteration as statements: the centres, the assignment and J, the new centres and J."""
        from symml.core.latex import equation  # both sides through the safe converter

        named = lambda name, value: equation(sp.Symbol(name), value)  # noqa: E731
        return (
            Step(named("mu_vec", self.centres_before), "centres (rows)", rule="centres"),
            Step(
                named("k", sp.Tuple(*self.clusters)),
                "assignment step: the cluster k(i) of each point",
                rule="assignment-step",
            ),
            Step(named("J", self.loss_assigned), "loss after the assignment", rule="exact-evaluation"),
            Step(named("mu_next", self.centres_after), "centre update", rule="centre-update"),
            Step(named("J", self.loss_after), "loss after the update", rule="exact-evaluation"),
        )

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_steps

        return render_steps(self.facts(), printer)


@dataclass(frozen=True)
class KMeans(Computation):
    """K-means (2.9) with its constraints, derived exactly.

    See :func:`symml.optimisation.losses.kmeans` for the attributes.  The Lloyd iterations
    are computed on construction (exact rationals, vectorised); the symbolic loss in the
    r_ik and μ_kj, its derivatives, the centre update and their proofs are built when first
    asked for.
    """

    X: sp.ImmutableMatrix
    K: int
    assignment_rule: str
    empty_cluster_rule: str
    lloyd: tuple[LloydIteration, ...]
    converged: bool
    monotone: Result | None

    def __post_init__(self) -> None:
        sympy_fields(self, ("X",))

    @functools.cached_property
    def _symbolic(self) -> _SymbolicKMeans:
        return _derive(self.X, self.K)

    @property
    def r(self) -> sp.ImmutableMatrix:
        """The assignment variables r_ik (N x K)."""
        return self._symbolic.r

    @property
    def mu(self) -> sp.ImmutableMatrix:
        """The centre coordinates μ_kj (K x M)."""
        return self._symbolic.mu

    @property
    def loss(self) -> sp.Expr:
        """J(r, μ) = Σᵢ Σₖ r_ik ‖xᵢ − μₖ‖²."""
        return self._symbolic.loss

    @property
    def constraints(self) -> tuple[Any, ...]:
        """r_ik ∈ {0, 1} and Σₖ r_ik = 1 for every i."""
        return self._symbolic.constraints

    @property
    def gradient(self) -> sp.ImmutableMatrix:
        """∂J/∂μ for fixed r: −2 Σᵢ r_ik (xᵢ − μₖ)."""
        return self._symbolic.gradient

    @property
    def hessian(self) -> sp.ImmutableMatrix:
        """∂²J/∂μ² for fixed r: diagonal, 2 n_k on the coordinates of centre k."""
        return self._symbolic.hessian

    @property
    def centre_update(self) -> sp.ImmutableMatrix:
        """μ_k = Σᵢ r_ik xᵢ / Σᵢ r_ik."""
        return self._symbolic.centre_update

    @property
    def cluster_sizes(self) -> sp.ImmutableMatrix:
        """n_k = Σᵢ r_ik."""
        return self._symbolic.cluster_sizes

    @property
    def convexity_in_centres(self) -> Result:
        """For fixed r, J is convex in the centres (proven)."""
        return self._symbolic.convexity_in_centres

    @property
    def steps(self) -> tuple[Step, ...]:
        """The derivation: constraints, gradient, Hessian, centre update, assignment rule."""
        return self._symbolic.steps

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        """The centre coordinates ``μ_11, …, μ_KM`` (row k of ``mu`` is centre k)."""
        return tuple(self.mu)

    @property
    def centres(self) -> sp.ImmutableMatrix | None:
        """The centres after the last Lloyd iteration (``None`` without iterations)."""
        return self.lloyd[-1].centres_after if self.lloyd else None

    @property
    def labels(self) -> tuple[int, ...] | None:
        """The cluster (0-based) of each point after the last assignment step."""
        return self.lloyd[-1].labels if self.lloyd else None

    def objective(self, centres: Any) -> sp.Expr:
        """F(μ) = Σᵢ minₖ ‖xᵢ − μₖ‖²: J minimised over the assignments, at exact centres."""
        C = _centres(centres, self.K, self.X.cols)
        labels, _ = assign(self.X, C)
        return clustering_loss(self.X, labels, C)

    def local_minimum(self, centres: Any) -> Result:
        """Prove that ``centres`` is a strict local minimum of F(μ) = Σᵢ minₖ ‖xᵢ − μₖ‖².

        Proven when no point is equidistant from two nearest centres, no cluster is empty
        and every centre is the mean of its cluster; otherwise undecided.
        """
        C = _centres(centres, self.K, self.X.cols)
        _require_numeric(self.X)
        labels, ties = assign(self.X, C)
        mu = sp.Symbol("mu_vec")
        claim = Sentence(
            "the centres (rows)",
            sp.Eq(mu, C, evaluate=False),
            "are a strict local minimum of",
            sp.Function("F")(mu),
            ", the least",
            sp.Function("J")(sp.Symbol("r"), mu),
            "over the assignments r",
        )
        sizes = [labels.count(k) for k in range(self.K)]
        means = update(self.X, labels, C)
        if any(ties) or 0 in sizes or means != C:
            why = (
                "a point is equidistant from two centres"
                if any(ties)
                else "a cluster is empty"
                if 0 in sizes
                else "a centre is not the mean of its cluster"
            )
            return Result(claim, Verdict.UNDECIDED, notes=(f"not a strict Lloyd fixed point: {why}",))
        d = ExactPoints(self.X).distances(qq_matrix(C))
        value = _total(d, labels)
        return Result(
            claim,
            Verdict.PROVEN,
            steps=(
                *_assignment_fixed(d, labels, self.K),
                Step(
                    sp.Eq(sp.Symbol("mu_vec"), C, evaluate=False),
                    "each centre is the mean of its non-empty cluster",
                    rule="cluster-means",
                ),
                Step(
                    sp.Eq(sp.Symbol("F"), value, evaluate=False),
                    "F equals the strictly convex J(r*, mu) near here, minimised exactly at the means",
                    rule="strict-convexity",
                ),
            ),
            value=value,
        )

    def not_jointly_convex(self, centres: Any) -> Result:
        """Refute convexity of F(μ) = minᵣ J(r, μ) with the centres and their label swap.

        Swapping two centres leaves F unchanged; when F at the midpoint is larger than at
        the ends, F is not convex (exact witness).  Undecided when it is not larger.
        """
        C = _centres(centres, self.K, self.X.cols)
        _require_numeric(self.X)
        F = sp.Function("F")(sp.Symbol("mu_vec"))
        claim = Sentence(F, ", the least objective over the assignments r, is convex in the centres")
        if self.K < 2:
            return Result(claim, Verdict.UNDECIDED, notes=("with K = 1, F is a convex quadratic",))
        swapped = sp.ImmutableMatrix.vstack(C.row(1), C.row(0), *[C.row(k) for k in range(2, self.K)])
        mid = sp.ImmutableMatrix((C + swapped) / 2)
        f0, f1, fm = self.objective(C), self.objective(swapped), self.objective(mid)
        if not fm > (f0 + f1) / 2:
            return Result(
                claim, Verdict.UNDECIDED, notes=("the label-swap midpoint does not violate convexity",)
            )
        return Result(
            claim,
            Verdict.REFUTED,
            witness=Witness(
                {"mu": C, "mu'": swapped, "lambda": sp.Rational(1, 2)},
                shows=sp.Gt(fm, (f0 + f1) / 2, evaluate=False),
                description=Sentence(
                    sp.Symbol("F"), "at the midpoint exceeds the average of", sp.Symbol("F"), "at the ends"
                ),
            ),
        )

    def text(self) -> str:
        """The objective, convexity in the centres and the Lloyd iterations' outcome."""
        from symml.core.latex.text import counted, plain

        lines = [
            f"k-means with K = {self.K} on {counted(self.X.rows, 'point')}",
            f"  convex in the centres for fixed assignments: {self.convexity_in_centres.verdict.value}",
        ]
        if self.lloyd:
            last = self.lloyd[-1]
            state = "converged" if self.converged else "stopped"
            iterations = counted(len(self.lloyd), "iteration")
            lines.append(f"  Lloyd: {state} after {iterations}, J = {plain(last.loss_after)}")
            lines.append(f"  centres: {plain(last.centres_after)}; labels: {plain(last.labels)}")
        return "\n".join(lines)

    json_fields = (
        "K",
        "loss",
        "constraints",
        "gradient",
        "centre_update",
        "convexity_in_centres",
        "assignment_rule",
        "empty_cluster_rule",
        "lloyd",
        "converged",
        "monotone",
    )

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import equation, paragraph, render_derivation, render_steps

        r_ik, k = sp.Symbol("r_ik"), sp.Symbol("k")
        constraints = Sentence(
            "subject to",
            sp.Contains(r_ik, sp.FiniteSet(0, 1), evaluate=False),
            "and",
            sp.Eq(sp.Sum(r_ik, (k, 1, sp.Symbol("K"))), 1, evaluate=False),
            "for all i and k",
        )
        parts = [
            render_derivation([equation(sp.Symbol("J"), self.loss)], (), printer, notes=[constraints]),
            render_steps(self.steps, printer),
            self.convexity_in_centres._latex(printer),
            paragraph(f"Assignment step: {self.assignment_rule}.", printer),
            paragraph(f"Empty clusters: {self.empty_cluster_rule}.", printer),
        ]
        parts += [it._latex(printer) for it in self.lloyd]
        if self.monotone is not None:
            parts.append(self.monotone._latex(printer))
        return "\n".join(parts)


def _require_numeric(X: sp.MatrixBase) -> None:
    if not is_numeric(X):
        raise InvalidValueError("Lloyd iterations need numeric (rational) data; X has symbolic entries")


def _centres(centres: Any, K: int, M: int) -> sp.ImmutableMatrix:
    C = data_matrix(centres, "centres")
    if C.shape != (K, M):
        raise ShapeError(f"centres must be {K} x {M} (one row per cluster), got {C.rows} x {C.cols}")
    if not is_numeric(C):
        raise InvalidValueError("centres must be numbers (rationals) for exact Lloyd iterations")
    return C


def build_kmeans(X: Any, K: Any, centres: Any = None, iterations: int | None = None) -> KMeans:
    """Derive K-means on ``X`` with ``K`` clusters; run Lloyd exactly on numeric data."""
    Xm = data_matrix(X, "X")
    N, M = Xm.shape
    if isinstance(K, bool) or not isinstance(K, (numbers.Integral, sp.Integer)):
        raise InvalidValueError(f"K = {K!r} must be a whole number of clusters between 1 and N = {N}")
    K = int(K)
    if not 1 <= K <= N:
        raise InvalidValueError(f"K = {K} clusters is impossible with N = {N} points; give 1 <= K <= {N}")
    if iterations is not None and (
        isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1
    ):
        raise InvalidValueError(f"iterations = {iterations!r} must be a positive whole number (or None)")
    numeric = is_numeric(Xm)
    if centres is not None:
        C0 = _centres(centres, K, M)
        _require_numeric(Xm)
    elif numeric:
        C0 = sp.ImmutableMatrix(Xm[:K, :])  # stated rule: the first K points start the centres
    else:
        C0 = None

    lloyd: list[LloydIteration] = []
    converged = False
    monotone = None
    if C0 is not None:
        lloyd, converged = _run_lloyd(Xm, C0, iterations or 20)
        monotone = _monotone(lloyd)
    return KMeans(
        X=Xm,
        K=K,
        assignment_rule=ASSIGNMENT_RULE,
        empty_cluster_rule=EMPTY_CLUSTER_RULE,
        lloyd=tuple(lloyd),
        converged=converged,
        monotone=monotone,
    )


@dataclass(frozen=True)
class _SymbolicKMeans:
    """The symbolic side of K-means on the data X: variables, loss, derivatives and proofs."""

    r: sp.ImmutableMatrix
    mu: sp.ImmutableMatrix
    loss: sp.Expr
    constraints: tuple[Any, ...]
    gradient: sp.ImmutableMatrix
    hessian: sp.ImmutableMatrix
    centre_update: sp.ImmutableMatrix
    cluster_sizes: sp.ImmutableMatrix
    convexity_in_centres: Result
    steps: tuple[Step, ...]


def _derive(Xm: sp.ImmutableMatrix, K: int) -> _SymbolicKMeans:
    """The loss (2.9) in the symbols r_ik, μ_kj, with its constraints, derivatives and proofs."""
    N, M = Xm.shape
    taken = Xm.free_symbols
    r = sp.ImmutableMatrix(
        N, K, fresh_symbols([f"r_{i + 1}{k + 1}" for i in range(N) for k in range(K)], taken)
    )
    mu = sp.ImmutableMatrix(
        K, M, fresh_symbols([f"mu_{k + 1}{j + 1}" for k in range(K) for j in range(M)], taken | set(r))
    )
    loss = sp.Add(*[r[i, k] * _sqdist(Xm.row(i), mu.row(k)) for i in range(N) for k in range(K)])
    constraints = tuple(
        [sp.Contains(r[i, k], sp.FiniteSet(0, 1)) for i in range(N) for k in range(K)]
        + [sp.Eq(sp.Add(*r.row(i)), 1, evaluate=False) for i in range(N)]
    )
    sizes = sp.ImmutableMatrix([sp.Add(*r.col(k)) for k in range(K)])
    d = Derivation()
    d.fact(
        sp.Eq(sp.Add(*r.row(0)), 1, evaluate=False),
        "constraint left out by (2.9): each point in exactly one cluster",
        rule="constraint",
    )
    d.fact(
        sp.Contains(r[0, 0], sp.FiniteSet(0, 1)),
        "constraint left out by (2.9): assignments are 0 or 1",
        rule="constraint",
    )
    grad = sp.ImmutableMatrix(
        [
            -2 * sp.Add(*[r[i, k] * (Xm[i, j] - mu[k, j]) for i in range(N)])
            for k in range(K)
            for j in range(M)
        ]
    )
    d.equal(
        sp.ImmutableMatrix([sp.diff(loss, v) for v in mu]),
        grad,
        Sentence(
            "gradient in",
            sp.Symbol("mu_k"),
            "for fixed r:",
            -2 * sp.Sum(sp.Symbol("r_ik") * (sp.Symbol("x_i") - sp.Symbol("mu_k")), (sp.Symbol("i"), 1, N)),
        ),
        rule="gradient",
    )
    hess = sp.ImmutableMatrix(sp.diag(*[2 * sizes[k] for k in range(K) for _ in range(M)]))
    d.equal(
        sp.ImmutableMatrix([[sp.diff(loss, u, v) for v in mu] for u in mu]),
        hess,
        Sentence(
            "Hessian in",
            sp.Symbol("mu_vec"),
            "for fixed r: diagonal,",
            2 * sp.Symbol("n_k"),
            "on the coordinates of centre k",
        ),
        rule="hessian",
    )
    update_formula = sp.ImmutableMatrix(
        K,
        M,
        [sp.Add(*[r[i, k] * Xm[i, j] for i in range(N)]) / sizes[k] for k in range(K) for j in range(M)],
    )
    # The update zeroes the gradient wherever n_k > 0 (checked as an identity in r and x).
    subs = {mu[k, j]: update_formula[k, j] for k in range(K) for j in range(M)}
    d.equal(
        grad.xreplace(subs),
        sp.zeros(K * M, 1),
        "the cluster mean zeroes the gradient (n_k > 0)",
        display=sp.Eq(sp.Symbol("mu_k"), sp.Symbol("cluster_mean_k"), evaluate=False),
        rule="stationary",
    )
    n_k, mu_k = sp.Symbol("n_k"), sp.Symbol("mu_k")
    empty = sp.Eq(sp.Derivative(sp.Symbol("J"), mu_k), 0, evaluate=False)
    d.fact(
        sp.Implies(sp.Eq(n_k, 0, evaluate=False), empty, evaluate=False),
        EMPTY_CLUSTER_RULE,
        rule="empty-cluster",
    )
    n = sp.Symbol("n_k")
    convex = Result(
        Sentence("for fixed assignments r,", sp.Symbol("J"), "is convex in the centres mu_1, ..., mu_K"),
        Verdict.PROVEN,
        steps=(
            d.steps[3],
            Step(
                sp.Ge(n, 0),
                Sentence(
                    sp.Eq(n, sp.Sum(sp.Symbol("r_ik"), (sp.Symbol("i"), 1, N))), "is a sum of 0s and 1s"
                ),
                rule="counts",
            ),
            Step(
                sp.true,
                "so the Hessian in the centres, a diagonal matrix with non-negative entries, is PSD; "
                "strictly convex when every n_k > 0",
                rule="conclusion",
            ),
        ),
    )
    d.fact(
        sp.Eq(sp.Symbol("r_ik"), sp.Symbol("nearest_centre_indicator"), evaluate=False),
        ASSIGNMENT_RULE,
        rule="assignment-rule",
    )
    return _SymbolicKMeans(
        r=r,
        mu=mu,
        loss=loss,
        constraints=constraints,
        gradient=grad,
        hessian=hess,
        centre_update=update_formula,
        cluster_sizes=sizes,
        convexity_in_centres=convex,
        steps=tuple(d.steps),
    )


def _run_lloyd(
    X: sp.ImmutableMatrix, C: sp.ImmutableMatrix, max_iter: int
) -> tuple[list[LloydIteration], bool]:
    """Exact Lloyd iterations from the centres C: each distance matrix is computed once."""
    points = ExactPoints(X)
    out: list[LloydIteration] = []
    previous_labels = None
    current = qq_matrix(C)
    d = points.distances(current)
    for _ in range(max_iter):
        labels, ties = _nearest(d)
        new = points.means(labels, current)
        d_new = points.distances(new)
        new_sympy = sympy_matrix(new)
        out.append(
            LloydIteration(
                centres_before=C,
                loss_before=_total(d, previous_labels) if previous_labels is not None else None,
                labels=labels,
                loss_assigned=_total(d, labels),
                centres_after=new_sympy,
                loss_after=_total(d_new, labels),
                empty_clusters=tuple(k for k in range(C.rows) if k not in labels),
                ties=tuple(i for i, t in enumerate(ties) if t),
            )
        )
        if labels == previous_labels and new == current:
            return out, True
        previous_labels, current, C, d = labels, new, new_sympy, d_new
    return out, False


def _monotone(lloyd: list[LloydIteration]) -> Result:
    J = sp.Function("J")
    r, r_next, mu, mu_next = sp.symbols("r r_next mu_vec mu_next")
    steps = [
        Step(
            sp.Le(J(r_next, mu), J(r, mu)),
            "assignment step: each point moves to a nearest centre, so its term of J does not increase",
            rule="assignment-step",
        ),
        Step(
            sp.Le(J(r_next, mu_next), J(r_next, mu)),
            "update step: the means minimise the convex J(r', .) (an empty cluster keeps its centre)",
            rule="centre-update",
        ),
    ]
    for t, it in enumerate(lloyd, start=1):
        if it.loss_before is not None:
            if not it.loss_assigned <= it.loss_before:  # pragma: no cover - would contradict the theorem
                raise AssertionError("Lloyd assignment increased J")
            steps.append(
                Step(
                    sp.Le(it.loss_assigned, it.loss_before, evaluate=False),
                    f"iteration {t}: assignment step, exact values",
                    rule="exact-values",
                )
            )
        if not it.loss_after <= it.loss_assigned:  # pragma: no cover
            raise AssertionError("Lloyd update increased J")
        steps.append(
            Step(
                sp.Le(it.loss_after, it.loss_assigned, evaluate=False),
                f"iteration {t}: centre update, exact values",
                rule="exact-values",
            )
        )
    claim = Sentence(sp.Symbol("J"), "never increases along the Lloyd iterations")
    return Result(claim, Verdict.PROVEN, steps=tuple(steps))


#: The assignment at the centres is the assignment r* near them.
_ASSIGNMENT_KEPT = sp.Eq(sp.Symbol("r"), sp.Symbol("r_star"), evaluate=False)


def _assignment_fixed(d: Any, labels: Sequence[int], K: int) -> tuple[Step, ...]:
    """Why the assignment r* does not change near the centres (no ties, or a single cluster)."""
    if K == 1:
        return (
            Step(
                _ASSIGNMENT_KEPT, "with K = 1 every point belongs to the one cluster", rule="single-cluster"
            ),
        )
    gaps = [QQ.to_sympy(min(row[j] - row[k] for j in range(K) if j != k)) for row, k in zip(d, labels)]
    return (
        Step(
            sp.Gt(sp.Min(*gaps), 0, evaluate=False),
            "every point is strictly nearer its own centre (smallest gap shown)",
            rule="nearest-centre",
        ),
        Step(_ASSIGNMENT_KEPT, "so near these centres the assignment does not change", rule="conclusion"),
    )
