"""symml: the mathematics of "Mathematics for Machine Learning", done exactly in SymPy.

Every result is exact (no floats), says how sure it is (``proven`` with steps,
``refuted`` with an exact witness, or ``undecided``) and prints as LaTeX.

>>> import symml
>>> symml.Verdict.PROVEN.value
'proven'

The entry points (``symml.stationary_points``, ``symml.convexity``,
``symml.least_squares``, ``symml.probability``, …) are imported on first use, so that
``import symml`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from symml.core.errors import *  # noqa: F403
from symml.core.errors import __all__ as _errors_all
from symml.core.results import Cases, Result, Step, Verdict, Witness

__version__ = "0.1.0"

# name -> module that defines it; one obvious entry point per notes topic.
_LAZY: dict[str, str] = {
    # core
    "parse_expression": "symml.core.parsing",
    "parse_symbols": "symml.core.parsing",
    "parse_conditions": "symml.core.parsing",
    "parse_matrix": "symml.core.parsing",
    "check_identity": "symml.core.identity",
    "prove_sign": "symml.core.exact.signs",
    "sign_conditions": "symml.core.exact.signs",
    "latex": "symml.core.latex",
    "limits": "symml.core.limits",
    # chapter 2
    "gradient": "symml.optimisation.derivatives",
    "hessian": "symml.optimisation.derivatives",
    "optima_on_box": "symml.optimisation.constrained",
    "optima_with_equalities": "symml.optimisation.constrained",
    "least_squares": "symml.optimisation.losses",
    "logistic_regression": "symml.optimisation.losses",
    "kmeans": "symml.optimisation.losses",
    "stationary_points": "symml.optimisation.stationary",
    "definiteness": "symml.optimisation.definiteness",
    "optimality_conditions": "symml.optimisation.stationary",
    "convexity": "symml.optimisation.convexity",
    "set_convexity": "symml.optimisation.convexity",
    "epigraph_convexity": "symml.optimisation.convexity",
    "gradient_descent": "symml.optimisation.methods",
    "momentum": "symml.optimisation.methods",
    "newton": "symml.optimisation.methods",
    "newton_step": "symml.optimisation.methods",
    "sgd": "symml.optimisation.methods",
    "adagrad": "symml.optimisation.methods",
    "rmsprop": "symml.optimisation.methods",
    "adam": "symml.optimisation.methods",
    "gd_stability": "symml.optimisation.methods",
    # checking notes
    "check_notes": "symml.check",
}
#: Other names for the same entry point (DESIGN.md calls logistic regression ``symml.logistic``).
_ALIASES: dict[str, str] = {"logistic": "logistic_regression"}
_SUBPACKAGES = ("core", "optimisation", "probability", "strategies", "check")

__all__ = [
    *_errors_all,
    "Cases",
    "Result",
    "Step",
    "Verdict",
    "Witness",
    *_LAZY,
    *_ALIASES,
    *_SUBPACKAGES,
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _ALIASES:
        value = __getattr__(_ALIASES[name])
        globals()[name] = value
        return value
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"symml.{name}")
    raise AttributeError(f"module 'symml' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
