"""Which part of the companion fills each ``[TODO]`` of the notes.

Each entry: the start of the TODO's text in the notes, the companion section that answers
it, and the figure files (without ``.pdf``) or LaTeX fragments that must be in the built
document as evidence.  The companion tests check every entry against a full build, and —
where the notes are at hand — that every TODO of the notes has an entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    text: str  # how the TODO starts in the notes, after "[TODO: "
    section: str  # the companion section that fills it
    figures: tuple[str, ...] = ()
    fragments: tuple[str, ...] = ()  # LaTeX that must appear in the document


TODOS: tuple[Todo, ...] = (
    Todo("Generate figure: Check fig 1 ML lecture notes", "2.0", ("ch2_least_squares_fit",)),
    # "[TODO: Generate figure]" stands twice: after logistic regression and after K-means
    Todo("Generate figure]", "2.0", ("ch2_logistic", "ch2_kmeans")),
    Todo(
        "generate figure, how different restrictions",
        "2.1",
        ("sec2_1_constraints_1d", "sec2_1_constraints_2d"),
    ),
    Todo("Show a few parametric functions", "2.1", (), ("closed-form minima",)),
    Todo("generate figure for all three cases", "2.2", ("sec2_2_example_2_19_contours",), ("|p| = 1",)),
    Todo("Generate figures for convex and non-convex sets", "2.3", ("sec2_3_sets",)),
    Todo("Generate figures, indicate epigraph", "2.3", ("sec2_3_epigraphs",)),
    Todo("Choose some functions, compute the derivative and Hessian", "2.3", (), ("Explore some functions",)),
    Todo("Plot the level sets of a parabola", "2.4", ("sec2_4_step_size",)),
    Todo("Same a previous example, but with momentum", "2.4", ("sec2_4_momentum_newton",)),
    Todo("Plot a q function", "2.5", ("sec2_5_sampled_loss",)),
    Todo("If possible, show different optimisers", "2.5", ("sec2_5_optimisers",)),
    Todo("Consider basic examples (dice, coin, uniform, rain)", "3.1", (), ("rain",)),
)
