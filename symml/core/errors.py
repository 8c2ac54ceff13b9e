"""The error hierarchy: every bad input raises exactly one ``SymmlError`` subclass.

Each message says what was wrong and what would be right, in one line, so that the
command line can print it as is (exit code 2) and a notebook user can act on it.
"""

from __future__ import annotations

__all__ = [
    "SymmlError",
    "ParseError",
    "DomainError",
    "NotDifferentiableError",
    "ZeroProbabilityError",
    "ShapeError",
    "InvalidValueError",
    "CaseSplitError",
    "LatexError",
    "LimitExceededError",
    "ExactnessWarning",
]


class SymmlError(Exception):
    """Base class of every error symml raises on purpose (bad input, impossible request)."""


class ParseError(SymmlError, ValueError):
    """A user string is not in symml's safe expression syntax."""


class DomainError(SymmlError, ValueError):
    """A domain is not admissible (not convex, not open, f undefined on it, …)."""


class NotDifferentiableError(DomainError):
    """A function is not (twice) differentiable where the request needs it."""


class ZeroProbabilityError(SymmlError, ValueError):
    """Conditioning on an event of probability zero."""


class ShapeError(SymmlError, ValueError):
    """Mismatched or impossible shapes: non-square Hessian input, X and y of different lengths, …"""


class InvalidValueError(SymmlError, ValueError):
    """A value outside its admissible range: a negative weight, η ≤ 0, a label not in {0, 1}, …"""


class LimitExceededError(InvalidValueError):
    """A request would exceed one of symml's budgets (``symml.limits``); the message names it.

    ``limit`` is the name of the attribute of ``symml.limits`` that was hit.
    """

    def __init__(self, message: str, limit: str = "") -> None:
        super().__init__(message)
        self.limit = limit


class CaseSplitError(SymmlError, ValueError):
    """A case split whose conditions overlap or fail to cover the admissible parameters."""


class LatexError(SymmlError, RuntimeError):
    """pdflatex reported an error on generated LaTeX."""


class ExactnessWarning(UserWarning):
    """Input was made exact (e.g. the float 0.1 became the Rational 1/10); the message says how."""
