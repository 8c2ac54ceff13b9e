"""symml's core: results with proofs, errors, safe parsing, identity checking, LaTeX."""

from symml.core.errors import *  # noqa: F403
from symml.core.errors import __all__ as _errors_all
from symml.core.results import *  # noqa: F403
from symml.core.results import __all__ as _results_all

__all__ = [*_errors_all, *_results_all]
