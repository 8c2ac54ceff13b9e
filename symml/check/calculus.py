r"""``\nabla f``, ``\nabla^2 f``, ``\nabla_\theta L(\theta)``: derivatives the notes write.

A defined function's gradient and Hessian are computed by :mod:`symml.optimisation.calculus`
(over the definition's variables); an unknown function's are unknown functions
``grad_f(·)`` and ``hess_f(·)`` of the point.
"""

from __future__ import annotations

from typing import Any

from symml.check.notation import FUNCTION_LETTERS, arguments, function_of, subscript, symbol
from symml.check.reader import Reader, Unreadable

__all__ = ["nabla"]


def nabla(r: Reader) -> Any:
    """Read what follows ``\\nabla``: an optional variable, an optional ``^2``, a function."""
    if r.peek() == "_":
        r.take()
        subscript(r)  # the variable: the function's own
    order = 1
    if r.peek() == "^":
        r.take()
        if r.group_tokens() != ["2"]:
            raise Unreadable("a derivative of order other than 1 or 2")
        order = 2
    if r.peek() == "_":  # \nabla^2_\theta
        r.take()
        subscript(r)
    name = r.take()
    if not (len(name) == 1 and name.isalpha()):
        raise Unreadable(f"\\nabla of {name}, which is not a function name")
    if r.peek() == "_":
        r.take()
        text, _ = subscript(r)
        name = f"{name}_{text}"
    if name not in r.functions and name not in FUNCTION_LETTERS:
        raise Unreadable(f"\\nabla of {name}, which is not a function of the notes")
    args = arguments(r) if r.peek() == "(" else None
    definition = r.functions.get(name)
    if definition is None:
        label = ("grad_" if order == 1 else "hess_") + name
        return function_of(label)(*args) if args is not None else symbol(label)
    return _derivative(definition, order, args)


def _derivative(definition: Any, order: int, args: list[Any] | None) -> Any:
    from symml.optimisation.calculus import gradient, hessian

    variables = list(definition.variables)
    value = gradient(definition.body, variables) if order == 1 else hessian(definition.body, variables)
    if args is None:
        return value
    if list(definition.arguments) == variables and len(args) == len(variables):
        return value.xreplace(dict(zip(variables, args)))
    raise Unreadable(f"the derivative of {definition.name} at a point of another shape")
