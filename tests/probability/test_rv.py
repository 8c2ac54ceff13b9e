"""Finite random variables and families: pmf, cdf, moments, entropy, joints, convolution."""

import itertools

import pytest
import sympy as sp
import sympy.stats as st

from symml.core.errors import InvalidValueError, ZeroProbabilityError
from symml.core.latex import compile_snippet, pdflatex_available
from symml.core.results import Verdict
from symml.probability import (
    Bernoulli,
    Binomial,
    Categorical,
    Coin,
    Cov,
    Die,
    E,
    FiniteRV,
    FiniteSpace,
    Geometric,
    Hypergeometric,
    P,
    Uniform,
    Var,
    conditional_pmf,
    correlation,
    entropy,
    iid_sum,
    independent,
    joint_pmf,
    marginal_pmf,
    moment,
)

R = sp.Rational
p = sp.Symbol("p")


def test_die_moments():
    X = Die(6)
    assert E(X) == R(7, 2)
    assert Var(X) == R(35, 12)
    assert moment(X, 2) == R(91, 6)
    assert moment(X, 3, central=True) == 0
    assert X.cdf(3) == R(1, 2) and X.cdf(R(7, 2)) == R(1, 2) and X.cdf(0) == 0


def test_binomial_symbolic():
    X = Binomial(5, p)
    assert sp.expand(E(X) - 5 * p) == 0
    assert sp.expand(Var(X) - 5 * p * (1 - p)) == 0
    assert sp.expand(X.pmf[2] - 10 * p**2 * (1 - p) ** 3) == 0


def test_iid_sum_of_bernoulli_is_binomial():
    S = iid_sum(Bernoulli(p), 7)
    B = Binomial(7, p)
    for k in range(8):
        assert sp.expand(S.pmf_at(k) - B.pmf[k]) == 0


def test_fifty_tosses_polynomial_in_p():
    heads = iid_sum(Coin(p).indicator("H"), 50)
    assert sp.expand(heads.pmf_at(20) - sp.binomial(50, 20) * p**20 * (1 - p) ** 30) == 0


def test_two_dice_sum():
    S = Die(6) + Die(6)
    assert S.pmf == {k: R(6 - abs(k - 7), 36) for k in range(2, 13)}


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_iid_sum_matches_enumeration(n):
    brute: dict[int, sp.Rational] = {}
    for faces in itertools.product(range(1, 7), repeat=n):
        brute[sum(faces)] = brute.get(sum(faces), 0) + R(1, 6**n)
    assert iid_sum(Die(6), n).pmf == brute


def test_iid_sum_large_is_exact():
    S = iid_sum(Die(6), 1000)
    assert E(S) == 3500 and Var(S) == R(35 * 1000, 12)
    # the extremes: all ones / all sixes
    assert S.pmf_at(1000) == R(1, 6**1000) and S.pmf_at(6000) == R(1, 6**1000)
    assert S.pmf_at(999) == 0 and S.pmf_at(R(3001, 2)) == 0


def test_non_lattice_values_convolve_by_dict():
    X = FiniteRV({0: R(1, 2), sp.sqrt(2): R(1, 2)})
    S = iid_sum(X, 3)
    assert S.pmf[2 * sp.sqrt(2)] == R(3, 8)


def test_rational_step_lattice():
    X = FiniteRV({R(1, 2): R(1, 2), R(1, 3): R(1, 2)})
    S = iid_sum(X, 2)
    assert S.pmf == {R(2, 3): R(1, 4), R(5, 6): R(1, 2), 1: R(1, 4)}


def test_arithmetic_of_independent_rvs():
    X, Y = Die(6, "X"), Die(6, "Y")
    assert (X - Y).pmf_at(0) == R(1, 6)
    assert (X * Y).pmf_at(12) == R(4, 36)
    assert X.maximum(Y).pmf_at(6) == R(11, 36)
    assert X.minimum(Y).pmf_at(1) == R(11, 36)
    assert E(X * Y) == E(X) * E(Y)
    assert Var(X + Y) == Var(X) + Var(Y)
    assert (X + 1).pmf_at(7) == R(1, 6)
    assert E(2 * X) == 7


def test_same_space_is_pointwise():
    X = Die(6)
    assert (X + X).pmf == {2 * k: R(1, 6) for k in range(1, 7)}
    assert Var(X + X) == 4 * Var(X)
    assert Cov(X, X) == Var(X)
    assert correlation(X, -X) == -1


def test_functions_on_a_space_and_independence():
    die = FiniteSpace(range(1, 7))
    parity = FiniteRV.on(die, lambda w: w % 2, "A")
    high = FiniteRV.on(die, lambda w: int(w > 3), "B")
    low_pair = FiniteRV.on(die, lambda w: int(w <= 2), "C")
    refuted = independent(parity, high)
    assert refuted.verdict is Verdict.REFUTED
    w = refuted.witness
    joint = joint_pmf(parity, high)
    assert joint[(w["x"], w["y"])] != parity.pmf[w["x"]] * high.pmf[w["y"]]
    assert independent(parity, low_pair).verdict is Verdict.PROVEN
    assert independent(Die(6), Die(6)).verdict is Verdict.PROVEN


def test_joint_marginal_conditional():
    die = FiniteSpace(range(1, 7))
    X = FiniteRV.on(die, lambda w: w % 3)
    Y = FiniteRV.on(die, lambda w: int(w > 4))
    joint = joint_pmf(X, Y)
    assert marginal_pmf(joint, 0) == X.pmf
    assert marginal_pmf(joint, 1) == Y.pmf
    assert conditional_pmf(X, Y, 1) == {0: R(1, 2), 2: R(1, 2)}
    with pytest.raises(ZeroProbabilityError):
        conditional_pmf(X, Y, 7)
    assert X.given(Y.eq(1)).pmf == {0: R(1, 2), 2: R(1, 2)}
    independent_joint = joint_pmf(Die(2), Die(3))
    assert independent_joint[(1, 3)] == R(1, 6)


def test_entropy_exact():
    assert entropy(Coin()) == sp.log(2)
    assert sp.simplify(entropy(Die(8), base=2) - 3) == 0
    assert entropy(FiniteRV({0: 1, 1: 0})) == 0


def test_expectation_of_function():
    X = Die(6)
    assert E(X, lambda x: x**2) == R(91, 6)
    assert E(X.apply(lambda x: x**2)) == R(91, 6)


def test_families():
    assert E(Hypergeometric(10, 4, 3)) == R(3 * 4, 10)
    assert sum(Hypergeometric(10, 4, 3).pmf.values()) == 1
    G = Geometric(R(1, 3), 4)
    assert G.pmf == {1: R(1, 3), 2: R(2, 9), 3: R(4, 27), 4: R(8, 27)}
    Gp = Geometric(p, 5)
    assert sp.simplify(sum(Gp.pmf.values()) - 1) == 0
    assert Uniform(["a", "b"]).pmf == {"a": R(1, 2), "b": R(1, 2)}
    assert Categorical([R(1, 2), R(1, 4), R(1, 4)]).pmf[2] == R(1, 4)
    assert E(Bernoulli(R(1, 3))) == R(1, 3)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Coin(R(3, 2)),
        lambda: Bernoulli(-1),
        lambda: Binomial(-1, R(1, 2)),
        lambda: Die(0),
        lambda: Hypergeometric(3, 5, 1),
        lambda: FiniteRV({1: R(1, 2), 2: R(1, 3)}),
        lambda: FiniteRV({1: R(3, 2), 2: R(-1, 2)}),
        lambda: FiniteRV([1, 2]),
        lambda: iid_sum(Die(6), 0),
        lambda: E(Coin()),
        lambda: Var(Coin()),
        lambda: correlation(FiniteRV({1: 1}), Die(6)),
    ],
)
def test_bad_input(make):
    with pytest.raises(InvalidValueError):
        make()


def test_conditioning_on_impossible_value():
    X = Die(6)
    with pytest.raises(ZeroProbabilityError):
        P(X.eq(1), given=X > 6)


def test_cross_check_with_sympy_stats():
    X = Die(6)
    Xs = st.Die("Xs", 6)
    assert P(X > 3).value == st.P(Xs > 3)
    assert E(iid_sum(X, 3)) == st.E(Xs + st.Die("Ys", 6) + st.Die("Zs", 6))
    B = Binomial(4, R(1, 3))
    Bs = st.Binomial("Bs", 4, R(1, 3))
    assert Var(B) == st.variance(Bs)
    assert B.pmf == {k: v for k, v in st.density(Bs).dict.items()}


def test_pmf_table_latex():
    text = Die(6).latex()
    assert r"\hline" in text and r"\frac{1}{6}" in text
    assert r"\toprule" in Die(6).latex("document")  # the companion loads booktabs


@pytest.mark.latex
@pytest.mark.skipif(not pdflatex_available(), reason="pdflatex not installed")
def test_pmf_table_compiles():
    compile_snippet(iid_sum(Die(6), 10).latex() + Binomial(3, p).latex())
