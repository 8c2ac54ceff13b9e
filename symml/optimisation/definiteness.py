"""Definiteness of a symmetric matrix, exactly, with parameters split into cases.

The inertia (numbers of positive, negative and zero eigenvalues) of a real symmetric matrix
is read off its characteristic polynomial by Descartes' rule of signs, which is *exact* for
a polynomial whose roots are all real.  With parameters, the parameter line is cut at the
real roots of the coefficients of the characteristic polynomial; on each open piece and at
each root the signs of the coefficients are constant and decided exactly, so the case split
is automatic and exhaustive.  Certificates: Sylvester's leading minors for definiteness,
all principal minors for semidefiniteness (small matrices), and for an indefinite matrix
two exact vectors ``v, w`` with ``vᵀMv > 0 > wᵀMw``.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from symml.core.errors import ShapeError, SymmlError
from symml.core.exact.cells import (
    Cell,
    CellSplitUnavailable,
    ConstantCell,
    merge_adjacent_cells,
    parameter_cells,
)
from symml.core.exact.numbers import number_sign
from symml.core.exact.semialgebraic import require_consistent
from symml.core.parsing import as_conditions, as_matrix, as_symbols, as_sympy
from symml.core.results import Cases, Result, Sentence, Step, Witness
from symml.core.symbols import sequence

__all__ = [
    "definiteness",
    "KINDS",
    "inertia",
    "definiteness_regions",
    "CRITERIA",
    "characteristic_coefficients",
]

#: The possible verdict kinds, most specific first.
KINDS = (
    "positive definite",
    "negative definite",
    "positive semidefinite",
    "negative semidefinite",
    "zero",
    "indefinite",
    "undecided",
)

#: λ, spelled as SymPy spells it ("lambda" is a Python keyword: its str would not read back).
LAMBDA = sp.Symbol("lamda")
#: The counts of positive, negative and zero eigenvalues (printed n_+, n_-, n_0).
INERTIA = sp.symbols("n_pos n_neg n_0")
#: The leading principal minors D_k and the pivots d_k, as sequences (printed D_k, d_{k-1}).
_MINOR, _PIVOT, _K = sequence("D"), sequence("d"), sp.Symbol("k", integer=True, positive=True)
#: The determinant, applied (printed det M): kept unevaluated in reasons.
_DET = sp.Function("det")


def _pivots_reason(n: int) -> Sentence:
    """Why the pivots are D_k / D_(k-1): the factorisation M = L D L^T."""
    L, D = sp.MatrixSymbol("L", n, n), sp.MatrixSymbol("D", n, n)
    pivot = sp.Eq(_PIVOT(_K), _MINOR(_K) / _MINOR(_K - 1), evaluate=False)
    return Sentence("pivots of", L * D * L.T, ":", pivot)


def _characteristic_reason(n: int) -> Sentence:
    """The characteristic polynomial det(lambda I - M) of an n x n matrix M."""
    M, I = sp.MatrixSymbol("M", n, n), sp.MatrixSymbol("I", n, n)
    return Sentence("characteristic polynomial", _DET(LAMBDA * I - M))


def _point_condition(sample: dict[Any, Any]) -> Any:
    """A sample point of the parameters as a condition: p = 2 and q = -1."""
    return sp.And(*(sp.Eq(p, v, evaluate=False) for p, v in sample.items()))


def _witness_reason(n: int) -> Sentence:
    """The two quadratic forms a witness of indefiniteness evaluates."""
    M, v, w = sp.MatrixSymbol("M", n, n), sp.MatrixSymbol("v", n, 1), sp.MatrixSymbol("w", n, 1)
    return Sentence(v.T * M * v, "and", w.T * M * w, "for the vectors of the witness")


def characteristic_coefficients(M: sp.MatrixBase, tidy: Any = sp.expand) -> list[sp.Expr]:
    """The coefficients of det(λI − M), highest power first, each passed through ``tidy``.

    SymPy's ``charpoly`` sorts factors by comparing expressions, which raises TypeError on
    entries such as ``p - sqrt(2)``; the Berkowitz determinant then gives the same polynomial.
    """
    try:
        coeffs = M.charpoly(LAMBDA).all_coeffs()
    except TypeError:
        det = (LAMBDA * sp.eye(M.rows) - M).det(method="berkowitz")
        coeffs = sp.Poly(sp.expand(det), LAMBDA).all_coeffs()
    return [tidy(c) for c in coeffs]


def as_symmetric_matrix(matrix: Any) -> sp.ImmutableMatrix:
    """Validate and convert a square symmetric matrix (SymPy matrix, nested lists or string)."""
    if not isinstance(matrix, sp.MatrixBase):
        matrix = as_matrix(matrix)  # strings through the safe parser, nested lists exactly
    if matrix.has(sp.Float):
        raise SymmlError("the matrix has float entries; give exact numbers (e.g. Rational(1, 10) for 0.1)")
    if matrix.rows != matrix.cols or matrix.rows == 0:
        raise ShapeError(
            f"definiteness needs a square matrix; got {matrix.rows}x{matrix.cols}. Give an n x n matrix"
        )
    for i in range(matrix.rows):
        for j in range(i + 1, matrix.cols):
            if sp.expand(matrix[i, j] - matrix[j, i]) != 0:
                raise ShapeError(
                    f"definiteness needs a symmetric matrix; entry ({i + 1},{j + 1}) = {matrix[i, j]} "
                    f"differs from ({j + 1},{i + 1}) = {matrix[j, i]}. Use (M + M.T)/2 for the quadratic form"
                )
    return sp.ImmutableMatrix(matrix)


def _inertia_by_pivots(minors: list[Any], cell: Cell) -> tuple[tuple[int, int, int] | None, list[Step]]:
    """Inertia from the LDLᵀ pivots d_k = D_k / D_(k-1) when every leading minor D_k ≠ 0.

    With all leading principal minors nonzero, M = L D Lᵀ with unit lower-triangular L
    (no pivoting), and by Sylvester's law of inertia M has as many positive (negative)
    eigenvalues as D has positive (negative) pivots.
    """
    signs: list[int | None] = [None] * len(minors)
    for k in reversed(range(len(minors))):  # det first: it vanishes on every boundary point
        signs[k] = cell.sign(minors[k])
        if signs[k] not in (1, -1):
            return None, []
    prev = 1
    pos = neg = 0
    rels = []
    pivots = []
    for k, (d, s) in enumerate(zip(minors, signs), start=1):
        pivot_sign = s * prev  # type: ignore[operator]
        prev = s  # type: ignore[assignment]
        if pivot_sign > 0:
            pos += 1
        else:
            neg += 1
        rel = sp.StrictGreaterThan if s == 1 else sp.StrictLessThan
        rels.append(rel(sp.factor(d), 0, evaluate=False))
        pivots.append(
            sp.Eq(sp.Symbol(f"d_{k}"), sp.factor(d / minors[k - 2]) if k > 1 else d, evaluate=False)
        )
    n_sym = INERTIA
    steps = [
        Step(
            sp.And(*rels) if len(rels) > 1 else rels[0],
            Sentence("leading principal minors", _MINOR(_K), ": signs on this case"),
            rule="sylvester",
        ),
        Step(
            sp.And(*pivots) if len(pivots) > 1 else pivots[0], _pivots_reason(len(minors)), rule="ldl-pivots"
        ),
        Step(
            sp.And(*(sp.Eq(s, v, evaluate=False) for s, v in zip(n_sym, (pos, neg, 0)))),
            "Sylvester's law of inertia: signs of the pivots",
            rule="inertia",
        ),
    ]
    return (pos, neg, 0), steps


def _inertia_by_continuity(
    matrix: sp.Matrix, coeffs: list[Any], cell: Cell
) -> tuple[tuple[int, int, int] | None, list[Step]]:
    """Inertia on an open cell where det M never vanishes: the inertia at a sample point.

    The eigenvalues of a symmetric matrix depend continuously on its entries; on a connected
    cell where det M = (-1)^n chi(0) has constant nonzero sign, none of them crosses zero, so
    the inertia is the same at every point of the cell, and Descartes' rule at one exact
    sample point gives it.
    """
    if any(kind != "open" for kind in cell.kinds.values()):
        return None, []
    det_sign = cell.sign(coeffs[-1])
    if det_sign not in (1, -1):
        return None, []
    sample = cell.sample
    numeric = [sp.expand(as_sympy(c).subs(sample)) for c in coeffs]
    fixed = Cell(sp.true, {}, {}, {})
    fixed.sign = lambda e: number_sign(e)  # type: ignore[method-assign]
    inert = inertia(numeric, fixed)
    if inert is None:
        return None, []
    n_sym = INERTIA
    det_m = _DET(sp.MatrixSymbol("M", matrix.rows, matrix.rows))
    steps = [
        Step(
            sp.Ne(sp.factor(coeffs[-1]), 0),
            Sentence(det_m, "has no real root inside this case (its real roots are the case boundaries)"),
            rule="no-root-in-case",
        ),
        Step(
            sp.And(*(sp.Eq(s, v, evaluate=False) for s, v in zip(n_sym, inert))),
            Sentence(
                "Descartes' rule of signs at",
                _point_condition(sample),
                "; eigenvalues are continuous and none crosses 0 where",
                sp.Ne(det_m, 0),
                ", so the inertia is the same on the whole case",
            ),
            rule="descartes",
        ),
    ]
    return inert, steps


def leading_minors(M: sp.MatrixBase) -> list[sp.Expr]:
    """The leading principal minors D_1, …, D_n, exactly (fraction-free, in the entries' ring)."""
    from sympy.polys.matrices import DomainMatrix

    out = []
    for k in range(1, M.rows + 1):
        try:
            dm = DomainMatrix.from_Matrix(M[:k, :k])
            det = dm.det()
            out.append(sp.expand(dm.domain.to_sympy(det)))
        except (NotImplementedError, ValueError, TypeError, sp.PolificationFailed):  # pragma: no cover
            out.append(sp.expand(M[:k, :k].det(method="berkowitz")))
    return out


def _sign_changes(signs: list[int]) -> int:
    nz = [s for s in signs if s != 0]
    return sum(1 for a, b in itertools.pairwise(nz) if a != b)


def inertia(coeffs: list[Any], cell: Cell) -> tuple[int, int, int] | None:
    """(n+, n−, n0) of a symmetric matrix from its characteristic polynomial's coefficients.

    ``coeffs`` are the coefficients of det(λI − M), highest degree first.  Descartes' rule
    counts positive roots exactly because every root is real; negative roots are counted on
    χ(−λ); the multiplicity of 0 is the number of trailing zero coefficients.
    """
    signs = [cell.sign(c) for c in coeffs]
    if any(s is None for s in signs):
        return None
    n = len(coeffs) - 1
    zeros = 0
    for s in reversed(signs):
        if s != 0:
            break
        zeros += 1
    pos = _sign_changes(signs)  # type: ignore[arg-type]
    neg = _sign_changes([s * (-1) ** (n - k) for k, s in enumerate(signs)])  # type: ignore[operator]
    if pos + neg + zeros != n:  # pragma: no cover - impossible for a symmetric matrix
        return None
    return pos, neg, zeros


def _kind(pos: int, neg: int, zero: int) -> str:
    n = pos + neg + zero
    if pos == n:
        return "positive definite"
    if neg == n:
        return "negative definite"
    if zero == n:
        return "zero"
    if neg == 0:
        return "positive semidefinite"
    if pos == 0:
        return "negative semidefinite"
    return "indefinite"


def _candidate_vectors(n: int) -> list[sp.ImmutableMatrix]:
    vecs = []
    for i in range(n):
        vecs.append(sp.ImmutableMatrix([1 if k == i else 0 for k in range(n)]))
    for i, j in itertools.combinations(range(n), 2):
        for s in (1, -1):
            vecs.append(sp.ImmutableMatrix([1 if k == i else (s if k == j else 0) for k in range(n)]))
    return vecs


def _lagrange_vectors(matrix: sp.Matrix) -> list[sp.ImmutableMatrix]:
    """Columns of P with PᵀMP diagonal (Lagrange's reduction), for an exact numeric M."""
    n = matrix.rows
    A = sp.Matrix(matrix)
    P = sp.eye(n)
    for k in range(n):
        if A[k, k] == 0:
            j = next((j for j in range(k + 1, n) if A[j, j] != 0), None)
            if j is not None:
                A.col_swap(k, j)
                A.row_swap(k, j)
                P.col_swap(k, j)
            else:
                j = next((j for j in range(k + 1, n) if A[k, j] != 0), None)
                if j is None:
                    continue
                A[:, k] = A[:, k] + A[:, j]
                A[k, :] = A[k, :] + A[j, :]
                P[:, k] = P[:, k] + P[:, j]
        pivot = A[k, k]
        for j in range(k + 1, n):
            factor = A[k, j] / pivot
            if factor != 0:
                A[:, j] = A[:, j] - factor * A[:, k]
                A[j, :] = A[j, :] - factor * A[k, :]
                P[:, j] = P[:, j] - factor * P[:, k]
    return [sp.ImmutableMatrix(P[:, k]) for k in range(n)]


def _quadratic(matrix: sp.Matrix, v: sp.Matrix) -> sp.Expr:
    support = [i for i in range(matrix.rows) if v[i] != 0]
    return sp.expand(sum(v[i] * v[j] * matrix[i, j] for i in support for j in support))


def _indefinite_description(n: int) -> Sentence:
    """vᵀMv > 0 and wᵀMw < 0, as formulas of n x 1 vectors and the n x n matrix M."""
    v, w, M = sp.MatrixSymbol("v", n, 1), sp.MatrixSymbol("w", n, 1), sp.MatrixSymbol("M", n, n)
    positive = sp.StrictGreaterThan(v.T * M * v, 0, evaluate=False)
    return Sentence(positive, "and", sp.StrictLessThan(w.T * M * w, 0, evaluate=False))


def indefinite_witness(matrix: sp.Matrix, cell: Cell) -> Witness | None:
    """Exact vectors v, w with vᵀMv > 0 > wᵀMw on the whole cell, if simple ones exist."""
    candidates = _candidate_vectors(matrix.rows)[:40]  # unit vectors and e_i ± e_j of the first rows
    sample = matrix.subs(cell.sample)
    if all(e.is_Rational for e in sample):
        candidates += _lagrange_vectors(sample)
    pos = neg = None
    for v in candidates:
        q = _quadratic(matrix, v)
        s = cell.sign(q)
        if s == 1 and pos is None:
            pos = (v, q)
        elif s == -1 and neg is None:
            neg = (v, q)
        if pos and neg:
            break
    if not (pos and neg):
        return None
    return Witness(
        {"v": pos[0], "w": neg[0]},
        shows=sp.And(
            sp.StrictGreaterThan(pos[1], 0, evaluate=False), sp.StrictLessThan(neg[1], 0, evaluate=False)
        ),
        description=_indefinite_description(matrix.rows),
    )


def _principal_minor_step(matrix: sp.Matrix, cell: Cell, sign: int) -> Step | None:
    n = matrix.rows
    if n > 6:
        return None
    rels = []
    for k in range(1, n + 1):
        for idx in itertools.combinations(range(n), k):
            minor = sp.factor(matrix.extract(list(idx), list(idx)).det())
            s = cell.sign(minor * sign**k)
            if s is None or s < 0:
                return None
            rels.append(sp.GreaterThan(minor * sign**k, 0, evaluate=False))
    which = (
        Sentence("all principal minors nonnegative")
        if sign == 1
        else Sentence("all principal minors of order", _K, "of the sign of", (-1) ** _K)
    )
    return Step(sp.And(*rels) if len(rels) > 1 else rels[0], which, rule="principal-minors")


def _sylvester_step(minors: list[sp.Expr], cell: Cell, sign: int) -> Step | None:
    rels = []
    for k, d in enumerate(minors, start=1):
        target = d * sign**k
        if cell.sign(target) != 1:
            return None
        rels.append(sp.StrictGreaterThan(sp.factor(target), 0, evaluate=False))
    reason = Sentence("Sylvester's criterion: leading principal minors positive")
    if sign == -1:
        minus_m = -sp.MatrixSymbol("M", len(minors), len(minors))
        signed = sp.StrictGreaterThan((-1) ** _K * _MINOR(_K), 0)
        reason = Sentence("Sylvester's criterion for", minus_m, ":", signed)
    return Step(sp.And(*rels) if len(rels) > 1 else rels[0], reason, rule="sylvester")


def classify_in_cell(
    matrix: sp.Matrix,
    coeffs: list[Any],
    minors: list[Any],
    cell: Cell,
    name: str = "M",
    find_witness: bool = True,
) -> Result:
    """The definiteness of ``matrix`` on one parameter cell, as a proven or undecided Result."""
    chi = sp.Eq(
        sp.Function("chi")(LAMBDA),
        sp.Add(*(c * LAMBDA ** (len(coeffs) - 1 - k) for k, c in enumerate(coeffs))),
    )
    inert, steps = _inertia_by_pivots(minors, cell)
    by_pivots = inert is not None
    if inert is None:
        inert = inertia(coeffs, cell)
        if inert is not None:
            signs = []
            for c in coeffs[1:]:
                s = cell.sign(c)
                if s is not None and as_sympy(c).free_symbols:
                    rel = {1: sp.StrictGreaterThan, -1: sp.StrictLessThan, 0: sp.Eq}[s]
                    signs.append(rel(sp.factor(c), 0, evaluate=False))
            steps = [Step(chi, _characteristic_reason(matrix.rows), rule="characteristic-polynomial")]
            if signs:
                steps.append(
                    Step(
                        sp.And(*signs) if len(signs) > 1 else signs[0],
                        "signs of its coefficients on this case",
                        rule="coefficient-signs",
                    )
                )
            n_sym = INERTIA
            steps.append(
                Step(
                    sp.And(*(sp.Eq(s, v, evaluate=False) for s, v in zip(n_sym, inert))),
                    Sentence(
                        "Descartes' rule of signs on",
                        chi.lhs,
                        "and",
                        chi.lhs.func(-LAMBDA),
                        "(exact: real eigenvalues)",
                    ),
                    rule="descartes",
                )
            )
    if inert is None:
        inert, continuity = _inertia_by_continuity(matrix, coeffs, cell)
        steps = [
            Step(chi, _characteristic_reason(matrix.rows), rule="characteristic-polynomial"),
            *continuity,
        ]
    if inert is None:
        return Result(
            f"definiteness of {name}",
            "undecided",
            notes=("the signs of the characteristic polynomial's coefficients are not constant here",),
            value="undecided",
        )
    pos, neg, zero = inert
    kind = _kind(pos, neg, zero)
    witness = None
    if by_pivots and kind in ("positive definite", "negative definite"):
        pass  # the pivot signs are Sylvester's criterion already
    elif kind == "positive definite":
        syl = _sylvester_step(minors, cell, 1)
        if syl is not None:
            steps.append(syl)
    elif kind == "negative definite":
        syl = _sylvester_step(minors, cell, -1)
        if syl is not None:
            steps.append(syl)
    elif kind in ("positive semidefinite", "negative semidefinite"):
        step = _principal_minor_step(matrix, cell, 1 if kind.startswith("positive") else -1)
        if step is not None:
            steps.append(step)
    elif kind == "indefinite" and find_witness:
        witness = indefinite_witness(matrix, cell)
        if witness is not None:
            steps.append(Step(witness.shows, _witness_reason(matrix.rows), rule="witness-vectors"))
    return Result(
        f"{name} is {kind}",
        "proven",
        steps=steps,
        witness=witness,
        value=kind,
    )


def _classify_cell(
    M: sp.ImmutableMatrix, coeffs: list[Any], minors: list[Any], cell: Cell, find_witness: bool = False
) -> Result:
    """Classify on a cell, first fixing the parameters the cell pins to rational values."""
    fixed = {p: v for p, v in cell.point_substitution.items() if v.is_Rational}
    if fixed and len(cell.kinds) > 1:
        M = sp.ImmutableMatrix(M.subs(fixed))
        coeffs = characteristic_coefficients(M)
        minors = leading_minors(M)
    return classify_in_cell(M, coeffs, minors, cell, find_witness=find_witness)


def _merge_adjacent(cells: list[Cell], results: list[Result], param: sp.Symbol) -> list[tuple[Any, Result]]:
    """Join neighbouring cells of one parameter whose verdict kind is the same."""
    return merge_adjacent_cells(
        cells,
        results,
        param,
        same=lambda a, b: a.value == b.value and b.value != "undecided",
        rebuild=lambda first, parts: Result(
            first.claim, first.verdict, steps=part_steps(parts), value=first.value
        ),
    )


def part_steps(parts: list[tuple[Any, Any]]) -> list[Step]:
    """One step per merged part: its condition, with that part's proof as substeps."""
    return [
        Step(condition, "on this part", substeps=result.steps, rule="case") for condition, result in parts
    ]


def _conditions(assumptions: Any, M: sp.MatrixBase) -> Any:
    """The assumptions as one condition; names in strings resolve to the matrix's own symbols."""
    conditions = as_conditions(assumptions, sorted(M.free_symbols, key=sp.default_sort_key))
    require_consistent(conditions, "the assumptions")
    return sp.And(*conditions)


def definiteness(matrix: Any, *, assumptions: Any = None, parameters: Any = None) -> Result | Cases:
    r"""Definiteness of a symmetric matrix (positive/negative (semi)definite or indefinite), exactly.

    Parameters
    ----------
    matrix : SymPy Matrix, nested lists or string
        A square symmetric matrix; symbols in it are real parameters.
    assumptions : SymPy boolean, list of relations or string, optional
        What is known about the parameters, e.g. ``p > 0``.
    parameters : list of Symbol, optional
        The parameters (default: every symbol of the matrix).

    Returns
    -------
    Result or Cases
        ``Result.value`` is one of :data:`KINDS`; with parameters, a :class:`Cases` whose
        conditions are disjoint and cover every admissible parameter value (found from the
        real roots of the characteristic polynomial's coefficients).

    Raises
    ------
    ShapeError
        For a non-square or non-symmetric matrix.

    Examples
    --------
    >>> import sympy as sp
    >>> definiteness(sp.Matrix([[2, 1], [1, 2]])).value
    'positive definite'
    >>> p = sp.Symbol("p", real=True)
    >>> cases = definiteness(sp.diag(2*(p - 1), 2*(p + 1)))
    >>> [(str(c), r.value) for c, r in cases]  # doctest: +NORMALIZE_WHITESPACE
    [('p < -1', 'negative definite'), ('Eq(p, -1)', 'negative semidefinite'),
     ('(p > -1) & (p < 1)', 'indefinite'), ('Eq(p, 1)', 'positive semidefinite'),
     ('p > 1', 'positive definite')]
    """
    M = as_symmetric_matrix(matrix)
    assume = _conditions(assumptions, M)
    if parameters is None:
        params = sorted(M.free_symbols | assume.free_symbols, key=sp.default_sort_key)
    else:
        params = as_symbols(parameters, sorted(M.free_symbols, key=sp.default_sort_key))
    coeffs = characteristic_coefficients(M)
    minors = leading_minors(M)
    if not params:
        return classify_in_cell(M, coeffs, minors, ConstantCell())
    try:
        # Cut only at the real roots of det M: between them the inertia cannot change.  When
        # det M vanishes identically ([[p, p], [p, p]]) the rank can still change: cut at the
        # roots of every coefficient of the characteristic polynomial.
        critical = [coeffs[-1]] if coeffs[-1] != 0 else [c for c in coeffs if c != 0]
        cells = parameter_cells(params, critical, assume)
    except CellSplitUnavailable as exc:
        regions = definiteness_regions(M, params, assume)
        if regions is not None:
            cases = [(c, _region_result(M, kind, sample)) for c, kind, sample in regions]
            return Cases(cases, params, assume)
        undecided = Result(
            "definiteness of M",
            "undecided",
            notes=(f"no exact case split: {exc}",),
            value="undecided",
        )
        return Cases([(assume, undecided)], params, assume)
    # witnesses are searched only for the cases that survive merging (they are per cell)
    results = [_classify_cell(M, coeffs, minors, cell) for cell in cells]
    if len(params) == 1 and assume is sp.true:
        pairs = _merge_adjacent(cells, results, params[0])
    else:
        pairs = [(c.condition, r) for c, r in zip(cells, results)]
    by_condition = {c.condition: c for c in cells}
    final = []
    for cond, res in pairs:
        if res.value == "indefinite" and cond in by_condition:
            res = _classify_cell(M, coeffs, minors, by_condition[cond], find_witness=True)
        final.append((cond, res))
    return Cases(final, params, assume)


# ------------------------------------------------------------------ several parameters


def principal_minors(M: sp.MatrixBase) -> list[tuple[tuple[int, ...], sp.Expr]]:
    """Every principal minor det M[S, S] (S a nonempty set of indices), exactly."""
    n = M.rows
    out = []
    for k in range(1, n + 1):
        for idx in itertools.combinations(range(n), k):
            out.append((idx, sp.expand(M.extract(list(idx), list(idx)).det(method="berkowitz"))))
    return out


#: the principal-minor criteria, one region per kind (most specific first)
_M = sp.MatrixSymbol("M", sp.Symbol("n"), sp.Symbol("n"))
CRITERIA = {
    "positive definite": Sentence(
        "Sylvester's criterion: every leading principal minor", sp.StrictGreaterThan(_MINOR(_K), 0)
    ),
    "negative definite": Sentence(
        "Sylvester's criterion for", -_M, ":", sp.StrictGreaterThan((-1) ** _K * _MINOR(_K), 0)
    ),
    "zero": Sentence("every entry vanishes"),
    "positive semidefinite": Sentence(
        "all principal minors nonnegative (PSD);", sp.Eq(_DET(_M), 0), "(not definite); M is not zero"
    ),
    "negative semidefinite": Sentence(
        "all principal minors of",
        -_M,
        "nonnegative (NSD);",
        sp.Eq(_DET(_M), 0),
        "(not definite); M is not zero",
    ),
    "indefinite": Sentence(
        "some principal minor negative (not PSD) and some principal minor of", -_M, "negative (not NSD)"
    ),
}


def _region_conditions(M: sp.MatrixBase) -> dict[str, list[Any]]:
    """Each kind's region as a list of conditions (a conjunction) on the parameters."""
    n = M.rows
    minors = principal_minors(M)
    lead = [m for idx, m in minors if idx == tuple(range(len(idx)))]
    psd = [_signed(m, 1, sp.Ge) for _, m in minors]
    nsd = [_signed(m, (-1) ** len(idx), sp.Ge) for idx, m in minors]
    nonzero = sp.Not(sp.And(*(_signed(M[i, j], 1, sp.Eq) for i in range(n) for j in range(i, n))))
    return {
        "positive definite": [_signed(d, 1, sp.Gt) for d in lead],
        "negative definite": [_signed(d, (-1) ** k, sp.Gt) for k, d in enumerate(lead, start=1)],
        "zero": [_signed(M[i, j], 1, sp.Eq) for i in range(n) for j in range(i, n)],
        "positive semidefinite": [*psd, _signed(lead[-1], 1, sp.Eq), nonzero],
        "negative semidefinite": [*nsd, _signed(lead[-1], 1, sp.Eq), nonzero],
        "indefinite": [sp.Or(*(sp.Not(a) for a in psd)), sp.Or(*(sp.Not(a) for a in nsd))],
    }


def _signed(m: sp.Expr, sign: int, rel: Any) -> Any:
    """``sign * m rel 0``, plainly: ``-2*a >= 0`` reads ``a <= 0``, ``4*d**2 > 0`` reads ``d != 0``."""
    if m.is_number:
        return rel(sign * m, 0)
    content, prim = sp.Poly(m, *sorted(m.free_symbols, key=sp.default_sort_key)).primitive()
    if prim.LC() < 0:
        content, prim = -content, -prim
    if sign * content < 0:
        rel = {sp.Ge: sp.Le, sp.Gt: sp.Lt, sp.Eq: sp.Eq}[rel]
    core = sp.factor(prim.as_expr())
    if isinstance(core, sp.Pow) and core.exp.is_even:
        base = core.base
        plain = {sp.Gt: sp.Ne(base, 0), sp.Lt: sp.false, sp.Ge: sp.true}
        return plain.get(rel, sp.Eq(base, 0))  # <= 0 and = 0: the base vanishes
    return rel(prim.as_expr(), 0)


def definiteness_regions(
    M: sp.MatrixBase, params: list[sp.Symbol], assume: Any = True
) -> list[tuple[Any, str, dict[sp.Symbol, Any]]] | None:
    """Where (in several parameters) a matrix is each kind: exact semi-algebraic regions.

    The regions come from the principal-minor criteria and partition the parameter space
    by construction; z3 (nlsat) drops the empty ones and the conditions implied by the
    others (and :class:`Cases` checks disjointness and coverage with it).  Each region
    comes with an exact sample point (``{}`` when z3's point is not rational).  ``None``
    when the entries are not polynomials in the parameters or z3 cannot decide.
    """
    from symml.core.exact.semialgebraic import (
        Unsupported,
        satisfiable,
        simplify_conjunction,
    )

    M, params, assume = as_symmetric_matrix(M), as_symbols(params), sp.And(*as_conditions(assume, params))
    if any(not e.is_polynomial(*params) for e in M):
        return None
    out = []
    try:
        for kind, atoms in _region_conditions(M).items():
            atoms = [a for a in atoms if a is not sp.true]
            if sp.false in atoms:
                continue
            sat, sample = satisfiable(sp.And(assume, *atoms), params)
            if sat is None:
                return None
            if sat:
                kept = simplify_conjunction(atoms, assume, params) if kind != "indefinite" else atoms
                out.append((sp.And(*kept), kind, sample))
    except Unsupported:
        return None
    return out  # disjoint and covering by construction; Cases checks both again with z3


def _region_result(M: sp.MatrixBase, kind: str, sample: dict[sp.Symbol, Any]) -> Result:
    steps = [Step(kind, CRITERIA[kind], rule="definiteness")]
    witness = None
    if kind == "indefinite" and sample:
        found = indefinite_witness(sp.Matrix(M.subs(sample)), ConstantCell())
        if found is not None:
            values = {**{p.name: v for p, v in sample.items()}, **found.values}
            where = _point_condition(sample)
            description = Sentence.of(found.description, "at", where)
            witness = Witness(values, shows=found.shows, description=description)
            steps.append(
                Step(
                    found.shows,
                    Sentence("for instance at", where, "(a point of this case)"),
                    rule="witness-point",
                )
            )
    return Result(f"M is {kind}", "proven", steps=steps, witness=witness, value=kind)
