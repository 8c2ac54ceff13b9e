"""`symml check` on Taylor expansions (O, o, \\mathcal{O}) and the minimiser of a quadratic model (H^{-1})."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symml.check import NOT_CHECKED, PROVEN, REFUTED, check_notes
from symml.check.notation import read_chain
from symml.check.reader import BigO, LittleO, MatrixInverse, Unreadable

x, h, rho, u = sp.symbols("x h rho u", real=True)


def findings(text: str) -> dict[str, object]:
    return {f.label: f for f in check_notes(text).findings}


# -- reading -----------------------------------------------------------------------------------------


def test_remainders_are_read_as_remainders_not_products():
    assert read_chain(r"g(x) = \mathcal{O}(\rho^2)").terms[1] == BigO(rho**2)
    assert read_chain(r"g(x) = O(\|h\|^3)").terms[1].func is BigO
    assert read_chain(r"g(x) = o(\rho)").terms[1] == LittleO(rho)
    with pytest.raises(Unreadable):
        read_chain(r"g(x) = O(\rho^{100000000000})")


def test_matrix_inverses_keep_their_order():
    chain = read_chain(r"\theta = \left(X^\top X\right)^{-1} X^\top y")
    value = chain.terms[1]
    assert not value.is_commutative  # X^T X is a matrix product, not x**2
    X, Xt = sp.Symbol("X", commutative=False), sp.Symbol("X^T", commutative=False)
    y = sp.Symbol("y", real=True)
    assert value == y * MatrixInverse(Xt * X) * Xt
    # (X^T X)^{-1} stays whole: X need not be square, so it is not X^{-1} (X^T)^{-1}
    assert sp.expand(value) != y * X**-1
    newton = read_chain(r"x_{t+1} = x_t - (\nabla^2 f(x_t))^{-1} \nabla f(x_t)").terms[1]
    assert any(isinstance(p, sp.Pow) and p.exp == -1 and not p.is_commutative for p in newton.atoms(sp.Pow))


# -- a defined function: exact series ----------------------------------------------------------------


def test_expansions_of_a_defined_function():
    notes = "\n".join(
        [
            r"$$ f(x) = x^3 \tag{0} $$",
            r"$$ f(x + h) = f(x) + 3x^2 h + O(h^2) \tag{1} $$",
            r"$$ f(x + h) = x^3 + 3x^2 h + 3 x h^2 + \mathcal{O}(|h|^3) \tag{2} $$",
            r"$$ f(x + h) = f(x) + 3x^2 h + O(h^3) \tag{3} $$",
            r"$$ f(x + h) = f(x) + 3x^2 h + o(h) \tag{4} $$",
        ]
    )
    f = findings(notes)
    assert [f[k].verdict for k in "124"] == [PROVEN] * 3
    assert f["3"].verdict == REFUTED
    w = f["3"].witness.values
    # the lowest surviving term of the remainder, by SymPy's own series at the witness point
    remainder = sp.series((w["x"] + h) ** 3 - w["x"] ** 3 - 3 * w["x"] ** 2 * h, h, 0, 3).removeO()
    assert remainder.coeff(h, 2) != 0 and remainder.coeff(h, 1) == 0


# -- an unspecified function: what the notes say of it -----------------------------------------------


def test_a_first_order_expansion_needs_a_twice_differentiable_function():
    claim = r"$$ f(x_0 + \rho u) = f(x_0) + \nabla f(x_0)^\top \rho u + \mathcal{O}(\rho^2) \tag{1} $$"
    smooth = findings("Proof. Let f be twice differentiable.\n" + claim)
    assert smooth["1"].verdict == PROVEN
    once = findings("Proof. Let f be differentiable.\n" + claim)
    assert once["1"].verdict == REFUTED
    w = once["1"].witness.values
    g = sp.Lambda(u, w["f(u)"])
    x0, direction = w["x_0"], w["u"]
    # g is differentiable at x0 with g'(x0) = 0 ...
    assert sp.limit((g(x0 + rho) - g(x0)) / rho, rho, 0) == 0
    # ... and its first-order remainder over rho^2 is unbounded (checked at 60 digits, independently)
    mpmath.mp.dps = 60
    for tiny in (mpmath.mpf(10) ** -10, mpmath.mpf(10) ** -30):
        value = abs(float(x0) + tiny * float(direction)) ** mpmath.mpf(1.5)
        assert value / tiny**2 > 10**4
    nothing = findings(claim)
    assert nothing["1"].verdict == NOT_CHECKED


def test_a_wrong_term_of_an_expansion_is_refuted_with_its_lowest_order():
    notes = "Proof. Let f be three times differentiable.\n" + "\n".join(
        [
            r"$$ f(x + \rho u) = f(x) + \rho \nabla f(x)^\top u + \frac{\rho^2}{2} u^\top \nabla^2 f(x) u"
            r" + O(\rho^3) \tag{1} $$",
            r"$$ f(x + \rho u) = f(x) + \rho \nabla f(x)^\top u + \rho^2 u^\top \nabla^2 f(x) u"
            r" + O(\rho^3) \tag{2} $$",
        ]
    )
    f = findings(notes)
    assert f["1"].verdict == PROVEN
    assert f["2"].verdict == REFUTED
    w = f["2"].witness.values
    g = sp.Lambda(u, w["f(u)"])
    x0, v = w["x"], w["u"]
    model = g(x0) + rho * sp.diff(g(u), u).subs(u, x0) * v + rho**2 * sp.diff(g(u), u, 2).subs(u, x0) * v**2
    remainder = sp.series(g(x0 + rho * v) - model, rho, 0, 3).removeO()
    assert remainder.coeff(rho, 2) != 0  # of order 2, so not O(rho^3)


# -- the minimiser of a quadratic model ------------------------------------------------------------


MODEL = (
    "Let f be twice differentiable, with $H = \\nabla^2 f(x_t)$.\n"
    r"$$ f(x) \simeq f(x_t) + \nabla f(x_t)^\top (x - x_t) + \frac{1}{2} (x - x_t)^\top H (x - x_t)"
    r" \tag{m} $$"
    "\nthe minimum of which is\n"
)


@pytest.mark.parametrize(
    "claim, verdict",
    [
        (r"x_\star = x_t - H^{-1} \nabla f(x_t)", PROVEN),
        (r"x_\star = x_t - (\nabla^2 f(x_t))^{-1} \nabla f(x_t)", PROVEN),
        (r"x_\star = x_t + H^{-1} \nabla f(x_t)", REFUTED),
        (r"x_\star = x_t - H \nabla f(x_t)", REFUTED),
        (r"x_\star = x_t - \frac{1}{2} H^{-1} \nabla f(x_t)", REFUTED),
    ],
)
def test_the_minimiser_of_the_quadratic_model(claim, verdict):
    f = findings(MODEL + f"$$ {claim} \\tag{{n}} $$")
    assert f["m"].verdict == PROVEN
    assert f["n"].verdict == verdict
    if verdict == REFUTED:
        w = f["n"].witness.values
        g = w.get("nabla f(x_t)", 0)
        hess = w.get("nabla^2 f(x_t)", w.get("H", 1))
        point = w.get("x_t", 0)
        assert hess > 0  # a model with a minimum
        minimiser = point - g / hess  # dimension 1, by hand
        claimed = read_chain(claim).terms[1]
        flat = claimed.xreplace({s: sp.Symbol(s.name, real=True) for s in claimed.atoms(sp.Symbol)})
        values = {"x[t]": point, "H": hess, "hess_f(x[t])": hess, "grad_f(x[t])": g}
        known = lambda e: isinstance(e, sp.Function) and str(e) in values  # noqa: E731
        flat = flat.replace(known, lambda e: values[str(e)])
        flat = flat.xreplace({s: values[str(s)] for s in flat.free_symbols if str(s) in values})
        flat = flat.xreplace({a: values[str(a)] for a in flat.atoms(sp.Indexed) if str(a) in values})
        assert flat != minimiser
