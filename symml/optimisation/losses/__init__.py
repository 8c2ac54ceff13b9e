"""Chapter-2 training objectives: least squares, logistic regression and K-means, exactly.

The notes open chapter 2 with three losses, (2.1)–(2.10).  Each entry point here takes
data (a SymPy matrix or nested lists; rational or symbolic entries, floats made exact and
reported) and returns a result object with the loss, its gradient and Hessian in index and
matrix form, the proofs (every stated identity is checked exactly before it becomes a
step), and ``.latex()`` / ``.to_json()``.

* :func:`least_squares` — (2.3), normal equations, the whole set of minimisers and the
  minimum-norm one, convexity and strict convexity ⇔ full column rank.
* :func:`logistic_regression` — (2.4)–(2.7) with the notes' sign convention
  f(x) = 1/(1 + e^{−θᵀx + b}); the cross-entropy simplified step by step, the printed
  (2.7) refuted with an exact witness, the Hessian proven PSD, separable data detected.
* :func:`kmeans` — (2.9) with the constraints the notes leave out, the centre update, the
  assignment step (ties to the smallest index), exact Lloyd iterations with J proven
  non-increasing, local minima and non-convexity.
"""

from __future__ import annotations

from typing import Any

from symml.optimisation.losses.clustering import KMeans, LloydIteration, build_kmeans
from symml.optimisation.losses.logistic import LogisticRegression, build_logistic_regression
from symml.optimisation.losses.squares import LeastSquares, LeastSquaresSolution, build_least_squares

__all__ = [
    "least_squares",
    "logistic_regression",
    "kmeans",
    "LeastSquares",
    "LeastSquaresSolution",
    "LogisticRegression",
    "KMeans",
    "LloydIteration",
]


def least_squares(X: Any, y: Any) -> LeastSquares:
    """Least-squares linear regression (2.3): loss, gradient, Hessian and exact minimisers.

    J(a, b) = Σᵢ (yᵢ − aᵀxᵢ − b)² = ‖y − X̃θ‖² with X̃ = [X 1] and θ = (a, b).

    Parameters
    ----------
    X : SymPy Matrix or nested lists, N x M
        The inputs xᵢ as rows (a flat list is N points with one feature).  Entries may be
        rational or symbolic (symbols are taken to be real).
    y : SymPy vector or list of N values
        The targets.

    Returns
    -------
    LeastSquares
        With ``loss`` (index form (2.3)), ``loss_matrix``, ``gradient`` (index form) and
        ``gradient_matrix`` = 2X̃ᵀ(X̃θ − y), ``hessian`` = 2X̃ᵀX̃, ``normal_equations``,
        ``agreement`` (proof that index and matrix form agree), ``convexity`` (proven),
        ``strict_convexity`` (proven ⇔ full column rank; refuted with a null vector
        otherwise), ``solution`` (:class:`LeastSquaresSolution`: the minimum-norm minimiser,
        a null-space basis, the general minimiser, the minimum value and the residuals),
        ``steps``, ``latex()``, ``to_json()``.

    Raises
    ------
    ShapeError
        Empty data, ragged rows, or a y whose length is not N.
    InvalidValueError
        Non-finite or non-real entries.

    Examples
    --------
    >>> import symml
    >>> fit = symml.least_squares([[0], [1], [2]], [1, 3, 4])
    >>> fit.solution.minimiser.T, fit.solution.minimum
    (Matrix([[3/2, 7/6]]), 1/6)
    >>> fit.strict_convexity.verdict.value
    'proven'

    Repeated inputs leave a line of minimisers; the minimum-norm one is reported:

    >>> tied = symml.least_squares([[1], [1]], [0, 2])
    >>> tied.solution.unique, tied.solution.minimiser.T
    (False, Matrix([[1/2, 1/2]]))
    """
    return build_least_squares(X, y)


def logistic_regression(X: Any, c: Any) -> LogisticRegression:
    """Logistic regression (2.4)–(2.7): cross-entropy loss, gradient, Hessian, separability.

    The notes' model is f(x) = 1/(1 + e^{−θᵀx + b}) (so b enters with a minus sign in the
    linear term s = θᵀx − b); the loss is the mean cross-entropy (2.6), simplified to
    J = (1/N) Σᵢ [log(1 + e^{uᵢ}) − (1 − cᵢ)uᵢ] with uᵢ = −θᵀxᵢ + b.

    Parameters
    ----------
    X : SymPy Matrix or nested lists, N x M
        The inputs as rows; rational or symbolic.
    c : list of N labels
        Each 0 or 1.

    Returns
    -------
    LogisticRegression
        With ``loss``, ``loss_cross_entropy`` (2.6 as printed), ``loss_notes_2_7`` (the
        printed (2.7)), ``per_sample`` (the derivation, proven step by step),
        ``notes_2_7`` (the printed (2.7) refuted with an exact witness), ``gradient`` =
        (1/N) Σᵢ (f(xᵢ) − cᵢ)(xᵢ, −1), ``gradient_matrix``, ``hessian`` =
        (1/N) Σᵢ f(1 − f)(xᵢ, −1)(xᵢ, −1)ᵀ, ``agreement``, ``psd`` (proven),
        ``separation`` (numeric data: proven separable — then there is no finite
        minimiser — with an exact direction, or refuted with an exact Gordan certificate),
        ``steps``, ``latex()``, ``to_json()``.

    Raises
    ------
    InvalidValueError
        A label that is not a number, or not 0 or 1.
    ShapeError
        Empty data, ragged rows, or a c whose length is not N.

    Examples
    --------
    >>> import symml
    >>> model = symml.logistic_regression([[0], [1], [2], [3]], [0, 0, 1, 1])
    >>> model.notes_2_7.verdict.value, model.psd.verdict.value
    ('refuted', 'proven')
    >>> model.separation.verdict.value  # separable: no finite minimiser
    'proven'
    """
    return build_logistic_regression(X, c)


def kmeans(X: Any, K: int, centres: Any = None, iterations: int | None = None) -> KMeans:
    """K-means (2.9): constraints, centre update, assignment step and exact Lloyd iterations.

    J(r, μ) = Σᵢ Σₖ r_ik ‖xᵢ − μₖ‖² subject to r_ik ∈ {0, 1} and Σₖ r_ik = 1 (constraints
    the notes leave out).

    Parameters
    ----------
    X : SymPy Matrix or nested lists, N x M
        The points as rows; rational or symbolic (Lloyd iterations need rational data).
    K : int
        The number of clusters, 1 ≤ K ≤ N.
    centres : K x M matrix or nested lists, optional
        Initial centres for Lloyd's algorithm; default (numeric data): the first K points.
    iterations : int, optional
        At most this many Lloyd iterations (default 20); they stop at a fixed point.

    Returns
    -------
    KMeans
        With ``loss``, ``constraints``, ``gradient`` and ``hessian`` in the centres for
        fixed r, ``centre_update`` (Σᵢ r_ik xᵢ / Σᵢ r_ik), ``convexity_in_centres``
        (proven), ``assignment_rule`` and ``empty_cluster_rule`` (stated), ``lloyd`` (the
        exact iterations), ``converged``, ``monotone`` (J non-increasing, proven),
        ``local_minimum(centres)``, ``not_jointly_convex(centres)``, ``latex()``.

    Raises
    ------
    InvalidValueError
        K not a whole number in [1, N]; centres or iterations invalid; Lloyd on symbolic data.
    ShapeError
        Empty data, ragged rows, centres not K x M.

    Examples
    --------
    >>> import symml
    >>> km = symml.kmeans([[0, 0], [0, 1], [4, 0], [4, 1]], 2, centres=[[0, 0], [4, 1]])
    >>> km.centres, km.lloyd[-1].loss_after
    (Matrix([
    [0, 1/2],
    [4, 1/2]]), 1)
    >>> km.monotone.verdict.value
    'proven'
    """
    return build_kmeans(X, K, centres=centres, iterations=iterations)
