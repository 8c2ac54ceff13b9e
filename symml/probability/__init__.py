"""Chapter 3: exact finite probability spaces, events and random variables.

>>> from symml.probability import Die, iid_sum, P, E
>>> X = Die(6)
>>> P(X >= 5).value, E(X)
(1/3, 7/2)
"""

from symml.probability.families import (
    Bernoulli,
    Binomial,
    Categorical,
    Coin,
    Die,
    DiscreteUniform,
    Geometric,
    Hypergeometric,
    Uniform,
)
from symml.probability.rules import (
    bayes,
    inclusion_exclusion,
    independent,
    mutually_independent,
    pairwise_independent,
    total_probability,
    union_rule,
)
from symml.probability.rv import (
    Cov,
    E,
    FiniteRV,
    P,
    Var,
    conditional_pmf,
    correlation,
    entropy,
    iid_sum,
    joint_pmf,
    marginal_pmf,
    moment,
    std,
)
from symml.probability.spaces import Event, EventSpace, FiniteSpace, Probability, check_axioms, product_space

__all__ = [
    "FiniteSpace",
    "Event",
    "EventSpace",
    "Probability",
    "check_axioms",
    "product_space",
    "FiniteRV",
    "Die",
    "Coin",
    "Bernoulli",
    "Binomial",
    "Categorical",
    "Uniform",
    "DiscreteUniform",
    "Hypergeometric",
    "Geometric",
    "iid_sum",
    "P",
    "E",
    "Var",
    "std",
    "Cov",
    "correlation",
    "moment",
    "entropy",
    "joint_pmf",
    "marginal_pmf",
    "conditional_pmf",
    "independent",
    "pairwise_independent",
    "mutually_independent",
    "union_rule",
    "inclusion_exclusion",
    "total_probability",
    "bayes",
]
