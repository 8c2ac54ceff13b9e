"""The errata found line by line (derivations/errata_more.py): each witness substituted back."""

from __future__ import annotations

from itertools import combinations

import sympy as sp

from derivations import errata_more
from derivations._build import BuildContext
from symml.optimisation.methods import gradient_descent, momentum_stability

x, y = sp.symbols("x y", real=True)


def test_descent_direction_witnesses():
    eta = sp.Symbol("eta", positive=True)
    f = x**2 + y**2
    grad = sp.Matrix([sp.diff(f, v) for v in (x, y)]).subs({x: 1, y: 0})
    d = sp.Matrix([0, 1])
    assert (d.T * grad)[0] == 0  # d^T grad f = 0 ...
    assert sp.simplify(f.subs({x: 1, y: eta}) - f.subs({x: 1, y: 0})) == eta**2  # ... and f grows
    g = x**2
    assert sp.diff(g, x).subs(x, 1) * -1 < 0 and g.subs(x, 1 - 3) > g.subs(x, 1)  # descent slope, no descent


def test_gradient_descent_converges_to_a_saddle():
    points = gradient_descent(x**2 - y**2, [x, y], sp.Rational(1, 4)).iterates((1, 0), 6).points
    assert [tuple(p) for p in points] == [(sp.Rational(1, 2**t), 0) for t in range(7)]


def test_momentum_never_converges_at_beta_one():
    region = momentum_stability(x**2, x).value
    beta, eta = sorted(region.free_symbols, key=str)
    assert region.subs({beta: 1, eta: sp.Rational(1, 2)}) is sp.false
    assert region.subs({beta: sp.Rational(1, 2), eta: sp.Rational(1, 2)}) is sp.true


def test_the_listed_properties_do_not_make_a_probability():
    omega = frozenset({1, 2, 3})
    events = [frozenset(c) for k in range(4) for c in combinations(sorted(omega), k)]

    def prob(a):
        return 1 if len(a) >= 2 else 0

    assert prob(omega) == 1 and prob(frozenset()) == 0
    assert all(prob(omega - a) == 1 - prob(a) for a in events)
    assert prob(frozenset({1, 2})) != prob(frozenset({1})) + prob(frozenset({2}))


def test_every_erratum_is_recorded(tmp_path):
    ctx = BuildContext(tmp_path)
    errata_more.optimality_errata(ctx)
    errata_more.convexity_errata(ctx)
    errata_more.sgd_errata(ctx, sp.Rational(1, 2), sp.Integer(1))
    errata_more.probability_errata(ctx)
    errata_more.logistic_model_erratum(ctx)
    assert len(ctx.errata) == 9
    missing_square = next(e for e in ctx.errata if e.where == "Section 2.5, after (2.43)")
    assert r"1 - \frac{\theta}{2}" in missing_square.correction  # linear in theta: no minimiser
    assert r"\infty" in next(e for e in ctx.errata if e.where == "Proposition 2.2, (2.26)").correction
