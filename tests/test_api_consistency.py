"""One API shape (#18): keyword-only domain/assumptions, British spelling, dict points and values."""

from __future__ import annotations

import inspect

import pytest
import sympy as sp

import symml
from symml.core.errors import CaseSplitError, ShapeError

x, y, p = sp.symbols("x y p", real=True)


def test_every_domain_and_assumptions_parameter_is_keyword_only():
    import symml.probability

    found = []
    for module in (symml, symml.probability):
        for name in module.__all__:
            entry = getattr(module, name)
            if not callable(entry) or inspect.isclass(entry):
                continue
            for key, param in inspect.signature(entry).parameters.items():
                if key in ("domain", "assumptions"):
                    found.append(name)
                    assert param.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}({key}=...)"
    assert {"stationary_points", "convexity", "check_identity", "prove_sign", "definiteness"} <= set(found)


@pytest.mark.parametrize("name", ["stationary_points", "convexity"])
def test_domain_and_assumptions_are_keyword_only(name):
    params = inspect.signature(getattr(symml, name)).parameters
    assert params["domain"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["assumptions"].kind is inspect.Parameter.KEYWORD_ONLY
    with pytest.raises(TypeError):
        getattr(symml, name)(x**2, [x], [x > 0])


def test_where_takes_a_dict_of_symbols_as_well_as_names():
    cases = symml.stationary_points((p - 1) * x**2 + (p + 1) * y**2, [x, y])
    by_dict, by_name = cases.where({p: 2}), cases.where(p=2)
    assert by_dict is by_name
    assert [c.kind for c in by_dict.components] == ["minimum"]
    assert [c.kind for c in cases.where({p: 0}).components] == ["saddle"]
    with pytest.raises(CaseSplitError):
        cases.where([2])


def test_optimiser_start_as_a_dict_in_any_order():
    gd = symml.gradient_descent(x**2 + 3 * y**2, [x, y], sp.Rational(1, 10))
    from_dict = gd.iterates({y: -1, x: 1}, 2).points
    assert from_dict == gd.iterates([1, -1], 2).points
    # x_{k+1} = (4/5) x_k, y_{k+1} = (2/5) y_k
    assert list(from_dict[2]) == [sp.Rational(16, 25), sp.Rational(-4, 25)]
    assert gd.iterates({"x": 1, "y": -1}, 1).points == gd.iterates([1, -1], 1).points
    with pytest.raises(ShapeError):
        gd.iterates({x: 1}, 1)


def test_british_spelling_of_minimisers():
    res = symml.optima_on_box(x**2 - x, [x], [(0, 1)])
    assert res.minimisers == ((sp.Rational(1, 2),),)
    assert not hasattr(res, "minimizers")
