"""Events, random-variable names and probabilities are SymPy data; only the printer writes LaTeX.

``str()`` reads as plain text (``P(X = 6) = 1/6``), ``.latex()`` as the notes write it
(``\\mathbb{P}(X = 6)``), and the JSON of a label reads back through the safe parser to the
same object.
"""

import itertools
import json

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symml.core.errors import InvalidValueError, ParseError
from symml.core.events import ProbabilityOf, as_label
from symml.core.latex import latex
from symml.core.parsing import parse_value
from symml.probability import (
    Coin,
    Die,
    FiniteSpace,
    P,
    bayes,
    iid_sum,
    inclusion_exclusion,
    independent,
    mutually_independent,
    pairwise_independent,
    total_probability,
    union_rule,
)

X_, Y_, A_, B_ = sp.symbols("X Y A B")


def _results():
    """Probability results of every kind: on spaces, on random variables, with a parameter."""
    X, Y = Die(6), Die(6, name="Y")
    die = FiniteSpace(range(1, 7))
    A, B, C = die.event({1, 2, 3}, "A"), die.event({2, 4, 6}, "B"), die.event({1, 2, 4})
    p = sp.Symbol("p")
    two = Coin(p).space ** 2
    first, same = two.event(lambda w: w[0] == "H", "H_1"), two.event(lambda w: w[0] == w[1], "S")
    coins = FiniteSpace(["H", "T"]) ** 2
    h1, h2 = coins.event(lambda w: w[0] == "H", "H_1"), coins.event(lambda w: w[1] == "H", "H_2")
    agree = coins.event(lambda w: w[0] == w[1])
    return {
        "P(X = 6)": P(X.eq(6)),
        "P(X > Y)": P(X > Y),
        "P(X + Y >= 10 | X = 6)": P(X + Y >= 10, given=X.eq(6)),
        "P(X in {1, 2} | X != 6)": P(X.isin([1, 2]), given=X.ne(6)),
        "P(max(X, Y) <= 2)": P(X.maximum(Y) <= 2),
        "P(S_3 = 10)": P(iid_sum(Die(6), 3).eq(10)),
        "P(X > X')": P(Die(6) > Die(6)),
        "P({1, 2, 4} | A - B)": die.P(C, given=A - B),
        "P(not (A or B))": die.P(~(A | B)),
        "P(Omega), P(empty)": (die.P(die.omega), die.P(die.empty)),
        "bayes": bayes(A, B),
        "bayes on variables": bayes(X.eq(6), X + Y >= 10),
        "union rule": union_rule(A, C),
        "inclusion-exclusion": inclusion_exclusion(A, B, C),
        "total probability": total_probability(X + Y >= 10, [X.eq(k) for k in range(1, 7)]),
        "independent events": independent(X.eq(6), (X + Y).eq(8)),
        "independent given": independent(A, C, given=B),
        "independent variables": independent(X, X + Y),
        "independent with p": independent(first, same),
        "pairwise": pairwise_independent(h1, h2, agree),
        "mutually": mutually_independent(h1, h2, agree),
        "coin": Coin(p, name="C"),
        "pmf of a sum": X + Y,
        "P(1_{X > 3} = 1)": P((X > 3).indicator().eq(1)),
        "P((X | X > 3) = 5)": P(X.given(X > 3).eq(5)),
        "P(X + 1_{X = 6} > 3)": P(X + X.indicator(6) > 3),
        "P(g(X) = 1)": P(X.apply(lambda v: v % 2).eq(1)),
    }


@pytest.fixture(scope="module")
def results():
    return _results()


@pytest.mark.parametrize("name", sorted(_results()))
def test_str_is_plain_text_and_latex_is_the_printers(name, results):
    result = results[name]
    for r in result if isinstance(result, tuple) else (result,):
        text = str(r)
        assert "\\" not in text and "$" not in text, text
        tex = r.latex()
        if "P(" in text:  # every probability in the text is printed as the notes write it
            assert r"\mathbb{P}" in tex and "P(" not in tex.replace(r"\mathbb{P}", "")


@pytest.mark.parametrize("name", sorted(_results()))
def test_json_holds_no_latex_and_labels_read_back(name, results):
    result = results[name]
    for r in result if isinstance(result, tuple) else (result,):
        data = json.dumps(r.to_json(), ensure_ascii=False)
        assert "\\" not in data and "$" not in data, data
    labels = [r.label for r in (result if isinstance(result, tuple) else (result,)) if hasattr(r, "label")]
    for label in labels:  # g(X) reads back when g is named, as any function of the user's
        functions = {f.func.__name__: f.func for f in label.atoms(sp.core.function.AppliedUndef)}
        assert parse_value(str(label), symbols=functions) == label


def test_the_printer_writes_the_notes_notation():
    six = P(Die(6).eq(6)).label
    assert six == ProbabilityOf(sp.Eq(X_, 6))
    assert str(P(Die(6).eq(6))) == "P(X = 6) = 1/6"
    assert latex(six) == r"\mathbb{P}\left(X = 6\right)"
    # a relation that is part of a larger event is the set {X = 6}
    assert latex(ProbabilityOf(sp.Eq(X_, 6) & (Y_ > 2))) == r"\mathbb{P}\left(\{X = 6\} \cap \{Y > 2\}\right)"
    assert latex(ProbabilityOf(A_, B_)) == r"\mathbb{P}\left(A \mid B\right)"
    assert latex(ProbabilityOf(A_ | ~B_)) == r"\mathbb{P}\left(A \cup B^{c}\right)"
    die = FiniteSpace(range(1, 7))
    assert latex(die.P({2, 4, 6}).label) == r"\mathbb{P}\left(\left\{2, 4, 6\right\}\right)"
    assert latex(die.P(die.omega).label) == r"\mathbb{P}\left(\Omega\right)"
    weather = FiniteSpace(["rain", "sun"])
    assert latex(weather.P({"rain"}).label) == r"\mathbb{P}\left(\left\{\text{rain}\right\}\right)"
    assert str(weather.P({"rain"})) == "P({rain}) = 1/2"


def test_the_independence_witness_is_keyed_by_probabilities():
    X, Y = Die(6), Die(6, name="Y")
    r = independent(X, X + Y)
    lhs = ProbabilityOf(sp.Eq(X_, 1) & sp.Eq(X_ + Y_, 2))
    rhs = ProbabilityOf(sp.Eq(X_, 1)) * ProbabilityOf(sp.Eq(X_ + Y_, 2))
    assert r.witness[lhs] == sp.Rational(1, 36) and r.witness[rhs] == sp.Rational(1, 216)
    assert r.witness[str(lhs)] == sp.Rational(1, 36)  # by its JSON text too
    assert r.claim == sp.Eq(
        ProbabilityOf(sp.Eq(X_, sp.Symbol("x")) & sp.Eq(X_ + Y_, sp.Symbol("y"))),
        ProbabilityOf(sp.Eq(X_, sp.Symbol("x"))) * ProbabilityOf(sp.Eq(X_ + Y_, sp.Symbol("y"))),
    )
    assert r.witness.shows == sp.Ne(sp.Rational(1, 36), sp.Rational(1, 216), evaluate=False)


@pytest.mark.parametrize("name", ["\\{X = 6\\}", "X'", "$A$", "", "1A", "A B"])
def test_names_are_plain_names_not_latex(name):
    with pytest.raises(InvalidValueError):
        Die(6, name=name)
    with pytest.raises(InvalidValueError):
        FiniteSpace([1, 2]).event({1}, name) if name else as_label(name)


@pytest.mark.parametrize(
    "text",
    [
        "P(A | B | C)",  # the bar twice
        "P(A, B)",
        "P(P(A))",
        "P(X + 1)",  # a number is not an event
        "P(x.__class__)",
        "P(__import__('os'))",
        "P(lambda: 1)",
        "P({1: 2})",
        "P({x for x in y})",
        "P(A, given=B)",
        "P(" * 200 + "A" + ")" * 200,
        "P({" + ", ".join(map(str, range(20000))) + "})",
        "Indicator(X > 3)",  # a derived variable's name is read inside P(...) only
        "P(Eq(Indicator(X > 1, X > 2), 1))",
        "P(Eq(Indicator(X + 1), 1))",
        "P(Eq(Conditioned(X), 1))",
        "P(Eq(Conditioned(X > 1, X > 2), 1))",
        "P(Eq(g(X), 1))",  # a function must be named by the reader
    ],
)
def test_hostile_or_malformed_probabilities_are_one_error(text):
    with pytest.raises(ParseError):
        parse_value(text)


# --- the property: random events on random small spaces --------------------------------------

_LABELS = st.sampled_from(["H", "T", "rain", "a_1"])
_OUTCOMES = st.one_of(
    st.lists(st.integers(-3, 9), min_size=1, max_size=5, unique=True),
    st.lists(_LABELS, min_size=1, max_size=4, unique=True),
    st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=6, unique=True),
)
_NAMES = st.one_of(st.just(""), st.sampled_from(["A", "B", "E", "H_1", "Omega2"]))


@st.composite
def _events(draw):
    space = FiniteSpace(draw(_OUTCOMES))
    count = draw(st.integers(1, 3))
    base = [
        space.event(set(draw(st.lists(st.sampled_from(space.outcomes), unique=True))), draw(_NAMES))
        for _ in range(count)
    ]
    event = base[0]
    for other in base[1:]:
        op = draw(st.sampled_from(["and", "or", "minus"]))
        event = event & other if op == "and" else event | other if op == "or" else event - other
    if draw(st.booleans()):
        event = ~event
    given = draw(st.one_of(st.none(), st.sampled_from(base)))
    return space, event, given


@settings(deadline=None)
@given(_events())
def test_printed_probabilities_of_random_events_parse_back_to_their_labels(case):
    space, event, condition = case
    label = ProbabilityOf(event.name) if condition is None else ProbabilityOf(event.name, condition.name)
    assert parse_value(str(label)) == label
    assert "\\" not in str(label) and "\\" not in str(space.P(event))
    if condition is not None and space.measure(condition) != 0:
        r = space.P(event, given=condition)
        assert r.label == label and parse_value(json.loads(json.dumps(r.to_json()))["label"]) == label


# --- different variables with one name stay different in every label ---



def test_events_of_two_dice_both_named_x_stay_two_events():
    X, Y = Die(6), Die(6)  # both are called X
    both = P(X.eq(6) & Y.eq(6))
    assert str(both) == "P(X = 6 and X' = 6) = 1/36"  # not P(X = 6) = 1/36
    x6, x6_ = sp.Eq(sp.Symbol("X"), 6), sp.Eq(sp.Symbol("X_prime"), 6)
    claim = independent(X.eq(6), Y.eq(6)).claim  # P(A ∩ B) = P(A) P(B), not P(A) = P(A)**2
    assert claim == sp.Eq(ProbabilityOf(x6 & x6_), ProbabilityOf(x6) * ProbabilityOf(x6_))
    union = union_rule(X.eq(6), Y.eq(6)).claim
    assert union.rhs == ProbabilityOf(x6) + ProbabilityOf(x6_) - ProbabilityOf(x6 & x6_)


@given(st.lists(st.integers(1, 3), min_size=2, max_size=4))
def test_a_conjunction_of_dice_names_each_die_once(values):
    """k dice all called X: the label of {X₁ = v₁} ∩ … ∩ {X_k = v_k} has k distinct symbols
    (X, X', X'', … in order), and it is true exactly at the outcome (v₁, …, v_k)."""
    dice = [Die(3) for _ in values]
    event = dice[0].eq(values[0])
    for d, v in zip(dice[1:], values[1:]):
        event = event & d.eq(v)
    label = P(event).label.args[0]
    names = [sp.Symbol("X" + "_prime" * i) for i in range(len(values))]
    assert label.free_symbols == set(names)
    for outcome in itertools.product(range(1, 4), repeat=len(values)):
        truth = label.subs(dict(zip(names, outcome)))
        assert bool(truth) == (list(outcome) == values)


def test_a_variable_keeps_its_name_across_a_conditional_probability():
    X, Y = Die(6), Die(6)  # both called X
    assert str(P(Y > X, given=X.eq(6))) == "P(X > X' | X' = 6) = 0"  # X' is the die X throughout
    assert str(P(X > Y, given=X.eq(6))) == "P(X > X' | X = 6) = 5/6"


@st.composite
def dice_events(draw):
    """Events over three dice all called X, built by comparisons, sums, &, | and ~."""
    dice = [Die(3) for _ in range(3)]

    def atom():
        i, j = draw(st.integers(0, 2)), draw(st.integers(0, 2))
        kind = draw(st.sampled_from(["eq", "gt", "sum"]))
        if kind == "eq":
            return dice[i].eq(draw(st.integers(1, 3)))
        if kind == "gt":
            return dice[i] > dice[j]
        return (dice[i] + dice[j]).eq(draw(st.integers(2, 6)))

    event = atom()
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["and", "or", "not"]))
        event = ~event if op == "not" else (event & atom() if op == "and" else event | atom())
    return dice, event


@given(dice_events())
def test_a_label_means_its_event(drawn):
    """Read the label alone, with each symbol standing for the die it is bound to: counting
    the outcomes where it holds gives the probability symml computed."""
    dice, event = drawn
    label = P(event).label.args[0]
    die_of = {s: next(i for i, d in enumerate(dice) if d._node is node) for s, node in event.bindings.items()}
    assert label.free_symbols <= set(die_of)
    holds = 0
    for outcome in itertools.product(range(1, 4), repeat=3):
        truth = label.xreplace({s: sp.Integer(outcome[i]) for s, i in die_of.items()})
        holds += bool(sp.simplify(truth))
    assert sp.Rational(holds, 27) == P(event).value


def test_a_conditioned_variable_prints_in_parentheses():
    X, Y = Die(6), Die(6)
    Z = X.given(Y.eq(3))  # X does not depend on Y: still uniform
    assert str(P(Z.eq(2))) == "P((X | X' = 3) = 2) = 1/6"
    assert latex(P(Z.eq(2)).label) == r"\mathbb{P}\left(\left(X \mid X' = 3\right) = 2\right)"
    first, second = str(Z).splitlines()[:2]
    assert (first, second) == ("random variable (X | X' = 3) with 6 values", "  P((X | X' = 3) = 1) = 1/6")
