"""Acceptance property of issue 21: convexity verdicts survive where the function is defined.

Random expressions from a broad set of functions (inverse trig and hyperbolic ones,
special functions, Abs, Piecewise) on random intervals.  Every ``proven`` convex/concave
verdict must survive a 50-digit chord check at random points of the domain (f must be
defined at each of them), and every witness must lie in the domain, satisfy its symbols'
assumptions and substitute back exactly.  Run it with thousands of examples and fresh
seeds: ``pytest --hypothesis-profile thorough --hypothesis-seed=$RANDOM <this file>``.
"""

import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symml.core.errors import SymmlError
from symml.core.exact.domain import holds
from symml.core.exact.numbers import number_sign
from symml.core.exact.signs import satisfies_assumptions
from symml.optimisation.convexity import Curvature, convexity

x = sp.Symbol("x")

_UNARY = [
    sp.exp, sp.log, sp.sqrt, sp.sin, sp.cos, sp.tan, sp.atan, sp.acot, sp.asin, sp.acos, sp.atanh,
    sp.acoth, sp.asinh, sp.acosh, sp.sinh, sp.cosh, sp.tanh, sp.csch, sp.coth, sp.sech, sp.Abs,
    sp.erf, sp.LambertW, sp.Ei, sp.Si, sp.loggamma, sp.gamma, sp.asec, sp.erfinv, sp.sign, sp.floor,
]  # fmt: skip

small = st.sampled_from([sp.Rational(v) for v in (-3, -2, -1, "-1/2", "1/3", "1/2", 1, 2, 3)])


def _leaf() -> st.SearchStrategy:
    return st.one_of(st.just(x), st.just(x), small.map(lambda c: c * x + 1), small)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.tuples(st.sampled_from(_UNARY), children).map(lambda t: t[0](t[1])),
        st.tuples(children, children).map(lambda t: t[0] + t[1]),
        st.tuples(children, children).map(lambda t: t[0] * t[1]),
        st.tuples(children, children).map(lambda t: t[0] - t[1]),
        st.tuples(children, st.sampled_from([2, 3, 4, -1, -2, sp.Rational(1, 2), sp.Rational(3, 2)])).map(
            lambda t: t[0] ** t[1]
        ),
        st.tuples(children, children, small).map(lambda t: sp.Piecewise((t[0], x < t[2]), (t[1], True))),
        st.tuples(children, children).map(lambda t: _max(t[0], t[1])),
    )


def _max(a, b):
    try:
        return sp.Max(a, b)
    except ValueError:  # a non-real constant argument (sqrt(-3)): not a real function
        return a + b


expressions = st.recursive(_leaf(), _extend, max_leaves=4).filter(lambda e: e.has(x))

bounds = st.sampled_from([sp.Rational(v) for v in (-5, -2, -1, "-1/2", 0, "1/3", 1, 2, 4)])


@st.composite
def domains(draw):
    kind = draw(st.sampled_from(["R", "above", "below", "between", "closed"]))
    if kind == "R":
        return []
    a = draw(bounds)
    if kind == "above":
        return [x > a]
    if kind == "below":
        return [x < a]
    b = draw(bounds.filter(lambda v: v > a))
    return [x >= a, x <= b] if kind == "closed" else [x > a, x < b]


def value50(f, point):
    """f at an exact point to 50 digits, or None where it is not a finite real number."""
    v = sp.N(f.subs(x, point), 50)
    if not v.is_number or v.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    re, im = v.as_real_imag()
    if im != 0 or not re.is_number:
        return None
    return sp.Float(re, 50)


def sample_points(domain, rnd):
    lo, hi = -8, 8
    for c in domain:
        if c.lhs == x and isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)):
            lo = c.rhs
        elif c.lhs == x:
            hi = c.rhs
    pts = [lo + (hi - lo) * sp.Rational(k, 16) for k in range(17)]
    pts += [lo + (hi - lo) * sp.Rational(rnd.randint(1, 999), 1000) for _ in range(6)]
    return [p for p in pts if all(holds(c, [x], [p]) for c in domain)]


def chord_gap(f, p, q, lam):
    """(f(λp + (1−λ)q) − λf(p) − (1−λ)f(q)) to 50 digits, or None when undefined."""
    values = [value50(f, t) for t in (lam * p + (1 - lam) * q, p, q)]
    if any(v is None for v in values):
        return None
    mid, fp, fq = values
    return mid - lam * fp - (1 - lam) * fq, 1 + abs(fp) + abs(fq)


def check_proven(f, domain, curvature, rnd):
    pts = sample_points(domain, rnd)
    for p in pts:
        assert value50(f, p) is not None, f"proven {curvature.value} but f is undefined at x = {p}"
    sign = 1 if curvature.is_convex else -1
    for _ in range(30):
        if len(pts) < 2:
            return
        p, q = rnd.sample(pts, 2)
        lam = sp.Rational(rnd.randint(1, 99), 100)
        gap, scale = chord_gap(f, p, q, lam)
        assert sign * gap <= sp.Float("1e-35", 50) * scale, (curvature.value, p, q, lam, gap)


def check_witness(f, domain, w, sign):
    p, q, lam = w["x"], w["x'"], w["lambda"]
    assert 0 < lam < 1
    for pt in (p, q):
        assert all(holds(c, [x], [pt]) is True for c in domain), (pt, domain)
        assert satisfies_assumptions(x, pt)
    mid = lam * p + (1 - lam) * q
    exact = number_sign(f.subs(x, mid) - lam * f.subs(x, p) - (1 - lam) * f.subs(x, q))
    if exact is not None:
        assert exact == sign, (w, exact)
    else:
        gap, _ = chord_gap(f, p, q, lam)
        assert gap is not None and sign * gap > 0, (w, gap)


@settings(
    max_examples=max(10, settings().max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(f=expressions, domain=domains(), rnd=st.randoms(use_true_random=False))
def test_convexity_verdicts_survive_a_50_digit_chord_check(f, domain, rnd):
    assume(sp.count_ops(f) <= 14)
    try:
        res = convexity(f, [x], domain=domain)
    except SymmlError:
        return  # a clear error (f undefined on the domain, a domain that is not an interval …)
    ((_, r),) = list(res)
    if r.curvature is Curvature.UNDEFINED:  # f is defined nowhere (x + LambertW(-3))
        assert all(value50(f, p) is None for p in sample_points(domain, rnd))
        return
    if r.verdict.value == "proven" and r.curvature not in (Curvature.NEITHER, Curvature.UNDECIDED):
        check_proven(f, domain, r.curvature, rnd)
    if r.witness is not None:
        check_witness(f, domain, r.witness, 1)
    if r.concave_witness is not None:
        check_witness(f, domain, r.concave_witness, -1)
