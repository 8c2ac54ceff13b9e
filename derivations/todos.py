"""Which part of the companion answers each ``[TODO]`` of the notes.

Each entry: the TODO's text exactly as the notes print it (it is quoted in the companion at
the start of the heading that answers it), its place in the notes, the companion section
and heading that answer it, and the figure files (without ``.pdf``) or LaTeX fragments that
must be in the built document as evidence.  The companion tests check every entry against a
full build and that every TODO of the notes has an entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    quote: str  # the TODO's text in the notes, between "[TODO: " and "]"
    where: str  # its place in the notes
    section: str  # the companion section that fills it
    heading: str  # the title of the companion heading that answers it
    figures: tuple[str, ...] = ()
    fragments: tuple[str, ...] = ()  # LaTeX that must appear in the document

    @property
    def text(self) -> str:  # the start of the TODO, as the notes' [TODO: ...] reads
        return self.quote


LEAST_SQUARES = "Example: linear regression (2.1)--(2.3)"
LOGISTIC = "Example: logistic regression (2.4)--(2.7)"
KMEANS = "Example: clustering, K-means (2.8)--(2.10)"

TODOS: tuple[Todo, ...] = (
    Todo(
        "Generate figure: Check fig 1 ML lecture notes",
        "Chapter 2, Example: Linear regression, after (2.3)",
        "2.0",
        LEAST_SQUARES,
        ("ch2_least_squares_fit",),
    ),
    Todo(
        "Generate figure",
        "Chapter 2, Example: Logistic regression, after (2.7)",
        "2.0",
        LOGISTIC,
        ("ch2_logistic",),
    ),
    Todo(
        "Generate figure",
        "Chapter 2, Example: Clustering (K-means), after (2.10)",
        "2.0",
        KMEANS,
        ("ch2_kmeans",),
    ),
    Todo(
        "generate figure, how different restrictions change the number and type of optima",
        "Section 2.1, Interplay between constraints and local/global optima",
        "2.1",
        "Interplay between constraints and local/global optima",
        ("sec2_1_constraints_1d", "sec2_1_constraints_2d"),
    ),
    Todo(
        "Show a few parametric functions and indicate their (closed-form) minima",
        "Section 2.1, Example: XXX",
        "2.1",
        "Example: parametric functions and their closed-form minima",
    ),
    Todo(
        "generate figure for all three cases, discuss case $|p| = 1$",
        "Section 2.2, Example: different stationary points, after (2.21)",
        "2.2",
        "Example (2.19): all five cases of $p$",
        ("sec2_2_example_2_19_contours",),
        ("|p| = 1",),
    ),
    Todo(
        "Generate figures for convex and non-convex sets",
        "Section 2.3, after Definition 2.1",
        "2.3",
        "Convex and non-convex sets (Definition 2.1)",
        ("sec2_3_sets",),
    ),
    Todo(
        "Generate figures, indicate epigraph (for convex and non-convex functions)",
        "Section 2.3, Example: Convex functions (in 1D)",
        "2.3",
        "Epigraphs of the notes' convex functions (Definitions 2.2, 2.3)",
        ("sec2_3_epigraphs",),
    ),
    Todo(
        "Choose some functions, compute the derivative and Hessian, analyse them",
        "Section 2.3, Example: Explore some functions",
        "2.3",
        "Example: explore some functions",
    ),
    Todo(
        "Plot the level sets of a parabola (or another convex function). Show how the steepest descent "
        "converges/diverges for different learning rates",
        "Section 2.4.1, Example: convergence for a parabola",
        "2.4",
        "Role of the step size",
        ("sec2_4_step_size",),
    ),
    Todo(
        "Same a previous example, but with momentum and/or Newton",
        "Section 2.4.3, Example: convergence for a parabola (2)",
        "2.4",
        "Example: convergence for a parabola (2)",
        ("sec2_4_momentum_newton",),
    ),
    Todo(
        "Plot a q function: its theoretical value and sample approximations using a finite set of datapoints",
        "Section 2.5, Example: random loss function for linear regression",
        "2.5",
        "Example: random loss function for linear regression",
        ("sec2_5_sampled_loss",),
    ),
    Todo(
        "If possible, show different optimisers in a toy example",
        "Section 2.5.3, Example: different optimisers",
        "2.5",
        "Example: different optimisers",
        ("sec2_5_optimisers",),
    ),
    Todo(
        "Consider basic examples (dice, coin, uniform, rain), and present the sample space, event space, "
        "and probability",
        "Section 3.1.1, Examples",
        "3.1",
        "Examples: die, coin, uniform, rain",
        (),
        ("rain",),
    ),
)
