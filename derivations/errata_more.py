"""Errata of the notes that need no derivation section of their own (issue 16: line by line).

Each function records, through ``ctx.erratum``, statements of one part of the notes that
are wrong, imprecise or inconsistent, with an exact witness computed here where one exists.
The section modules call them, so that each erratum is listed with its part of the notes.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import sympy as sp

from symml.core.latex import Math, latex
from symml.optimisation.definiteness import definiteness
from symml.optimisation.methods import gradient_descent

x, y = sp.symbols("x y", real=True)


def optimality_errata(ctx: Any) -> None:
    """Section 2.2: the printed signs of the conditions, the variables of (2.19)."""
    hess = sp.Matrix([[-2]])
    ctx.erratum(
        "Section 2.2, the optimality conditions",
        r"``$-\nabla_\theta L(\theta_*) = 0$'' and ``$-\nabla^2_\theta L(\theta_*)$ is positive "
        r"semidefinite'' "
        r"(each condition printed with a leading minus)",
        r"the dashes are list bullets, not signs: as printed the second-order conditions ask for "
        r"$-\nabla^2 L(\theta_*) \succeq 0$, i.e.\ a negative semidefinite Hessian, which fails at the "
        r"minimum $\theta_* = 0$ of $L(\theta) = \theta^2$, where $-\nabla^2 L(0) = "
        + latex(hess)
        + r"$. Read $\nabla L(\theta_*) = 0$ and $\nabla^2 L(\theta_*) \succeq 0$ (resp.\ $\succ 0$).",
        Math(definiteness(hess)),
    )
    ctx.erratum(
        "(2.19)",
        r"$f: \mathbb{R}^2 \to \mathbb{R},\ x \mapsto f(x) = (p-1)x^2 + (p+1)y^2$",
        r"the argument is the pair $(x, y)$: $(x, y) \mapsto f(x, y) = (p-1)x^2 + (p+1)y^2$ "
        r"(the map as printed has $y$ free).",
    )


def convexity_errata(ctx: Any) -> None:
    """Section 2.3: what the proof of Theorem 2.1 covers, the remainder in Proposition 2.2."""
    ctx.erratum(
        "Theorem 2.1 and its proof",
        r"``$f$ is convex if and only if $\nabla^2$ is positive semi definite'', proved for $d = 1$",
        r"the statement should read ``$\nabla^2 f(x) \succeq 0$ for every $x \in \mathcal{X}$, with "
        r"$\mathcal{X}$ convex''; the proof treats only $d = 1$ and only the direction "
        r"$\nabla^2 f \succeq 0 \Rightarrow$ convex. Both directions for every $d$ are proved in "
        r"Section 2.3 above (restriction to segments).",
    )
    rho = sp.Symbol("rho", positive=True)
    ratio = sp.limit(rho ** sp.Rational(3, 2) / rho**2, rho, 0, "+")
    ctx.erratum(
        "Proposition 2.2, (2.26)",
        r"$f(x') = f(x_0) + \nabla f(x_0)\rho u + \mathcal{O}(\rho^2)$ for $f$ differentiable",
        r"for a merely differentiable $f$ the remainder is $o(\rho)$, not $\mathcal{O}(\rho^2)$ (which needs "
        r"$f$ twice differentiable), and the product is $\nabla f(x_0)^\top u$. Witness: $f(x) = "
        r"|x|^{3/2}$ is "
        r"differentiable at $0$ with $f'(0) = 0$, and the remainder $\rho^{3/2}$ has "
        rf"$\lim_{{\rho\to 0^+}} \rho^{{3/2}}/\rho^2 = {latex(ratio)}$; the conclusion of the "
        rf"proposition holds.",
    )


def methods_errata(ctx: Any, stability: Any, momentum_region: Any, newton_saddle: Any) -> None:
    """Section 2.4: descent directions, small steps, momentum's typo and range, Newton, saddles."""
    eta = sp.Symbol("eta", positive=True)
    flat = sp.expand((1) ** 2 + eta**2 - 1)  # f(1, eta) - f(1, 0) for f = x^2 + y^2, d = (0, 1)
    far = (1 - 3) ** 2 - 1**2  # f(x - 3) - f(x) at x = 1 for f = x^2, d = -1 (d f' = -2 < 0)
    ctx.erratum(
        "(2.36), after it",
        r"``as long as $d_t^\top \nabla f \leq 0$, $d_t$ is a descent direction''",
        r"$d^\top\nabla f = 0$ does not give descent, and $d^\top\nabla f < 0$ gives it only for small "
        r"enough $\eta$. Witnesses: $f = x^2 + y^2$ at $(1, 0)$ with $d = (0, 1)$ has "
        r"$d^\top\nabla f = 0$ and "
        rf"$f(1, \eta) - f(1, 0) = {latex(flat)} > 0$ for every $\eta > 0$; $f = x^2$ at $x = 1$ "
        rf"with $d = -1$ "
        rf"($d f' = -2 < 0$) and $\eta = 3$ has $f(-2) - f(1) = {far} > 0$.",
    )
    ctx.erratum(
        "Section 2.4.1",
        r"``if [$\eta$] is too small, it may not converge at all''",
        r"a small constant step still converges (slowly): for $f = x^2 + 4y^2$ every "
        rf"$\eta \in {latex(stability.value)}$ converges from every start, with rate "
        r"$\max(|1 - 2\eta|, |1 - 8\eta|)$, close to 1 when $\eta$ is small.",
        Math(stability),
    )
    ctx.erratum(
        "(2.39)",
        r"$x_t = x_{t-1} - \nabla_t m_t$",
        r"$x_t = x_{t-1} - \eta_t m_t$ (the step size $\eta_t$, not a $\nabla$).",
    )
    ctx.erratum(
        "(2.38), after it",
        r"``$\beta \in [0, 1]$ is a design (memory) parameter''",
        r"$\beta = 1$ must be excluded: on $f = x^2$ the heavy-ball iteration converges from every start "
        rf"exactly when ${latex(momentum_region.value)}$, so never at $\beta = 1$ (the roots of its "
        r"characteristic polynomial multiply to $\beta$).",
        Math(momentum_region),
    )
    ctx.erratum(
        "(2.41)--(2.42)",
        r"``the minimum of [the quadratic model] is given by $x_\star = x_t - H_t^{-1}\nabla L(x_t)$''",
        r"the model has a minimum only when $H_t \succ 0$; for an indefinite $H_t$ the point "
        r"$x_\star$ is its "
        r"saddle and the Newton step need not descend. Witness: $f = x^2 - y^2$ at $(1, 2)$.",
        Math(newton_saddle),
    )
    gd = gradient_descent(x**2 - y**2, [x, y], sp.Rational(1, 4)).iterates((1, 0), 4)
    points = ", ".join(latex(tuple(pt)) for pt in gd.points)
    ctx.erratum(
        "Section 2.4, after (2.35)",
        r"``If convergence is achieved, we will assume the minimum has been found''",
        r"gradient descent can converge to a saddle point: on $f = x^2 - y^2$ with $\eta = 1/4$ "
        r"from $(1, 0)$ "
        rf"the iterates are ${points}, \dots \to (0, 0)$, a saddle (the $y$-coordinate stays 0 exactly).",
    )


def sgd_errata(ctx: Any, mean_x: Any, mean_y: Any) -> None:
    """Section 2.5: the missing square of the regression loss, the indices of (2.44)."""
    theta = sp.Symbol("theta", real=True)
    linear = mean_y - theta * mean_x
    ctx.erratum(
        "Section 2.5, after (2.43)",
        r"``in linear regression we have $L(\theta) = \mathbb{E}_{q(y|x)}(y - \theta^\top x)$''",
        r"the square is missing: $L(\theta) = \mathbb{E}\,(y - \theta^\top x)^2$. As printed the "
        r"loss is linear "
        rf"in $\theta$ and has no minimiser: for the law $q$ of the example below, $L(\theta) = "
        rf"{latex(linear)}$, "
        r"unbounded below.",
    )
    ctx.erratum(
        "(2.44)--(2.45)",
        r"$L(\theta) = \frac{1}{N}\sum_{i=1}^{n} L(x, z_i)$",
        r"one sample size and the parameter $\theta$: $L(\theta) \approx \frac1N\sum_{i=1}^{N} "
        r"\ell(\theta, z_i)$ "
        r"(likewise $\frac1N\sum_{i=1}^n (y_i - \theta^\top x_i)^2$ and $\nabla L(x, z_i)$ in (2.45)).",
    )


def probability_errata(ctx: Any) -> None:
    """Section 3.1: the event space of an infinite Ω, the axioms of a probability."""
    omega = (1, 2, 3)
    subsets = [frozenset(c) for k in range(4) for c in combinations(omega, k)]

    def prob(event: frozenset[int]) -> int:
        return 1 if len(event) >= 2 else 0

    whole = frozenset(omega)
    listed = (
        all(prob(whole - a) == 1 - prob(a) for a in subsets) and prob(whole) == 1 and prob(frozenset()) == 0
    )
    one, two = frozenset({1}), frozenset({2})
    if not listed or prob(one | two) == prob(one) + prob(two):  # pragma: no cover - the witness is fixed
        raise AssertionError("the additivity witness no longer works")
    ctx.erratum(
        "Definition 3.2",
        r"``The set $\mathcal{A}$ [...] contains all possible subsets of the sample space $\Omega$''",
        r"for a finite (or countable) $\Omega$ that choice works, but not in general: for a uniform point of "
        r"$\Omega = [0, 1]$ no probability defined on \emph{all} subsets gives every interval its length "
        r"(Vitali's construction); $\mathcal{A}$ must be a $\sigma$-algebra (see Section 3.1 above).",
    )
    ctx.erratum(
        "Definition 3.3, (3.1)--(3.2)",
        r"$\mathbb{P}: \mathcal{A} \to [0,1]$, $x \mapsto \mathbb{P}(x)$, with ``standard properties such as "
        r"$\mathbb{P}(\Omega) = 1$, $\mathbb{P}(\emptyset) = 0$ and $\mathbb{P}(A^c) = 1 - \mathbb{P}(A)$''",
        r"the argument is an event $A$, and the listed properties do not make $\mathbb{P}$ a probability: "
        r"(countable) additivity is needed. Witness on $\Omega = \{1, 2, 3\}$: $\mathbb{P}(A) = 1$ when "
        r"$|A| \ge 2$ and $0$ otherwise satisfies all three (checked on the 8 events), yet "
        rf"$\mathbb{{P}}(\{{1\}} \cup \{{2\}}) = {prob(one | two)} \ne {prob(one) + prob(two)} = "
        r"\mathbb{P}(\{1\}) + \mathbb{P}(\{2\})$.",
    )


def logistic_model_erratum(ctx: Any) -> None:
    """(2.4): the range of the logistic model and the sign of its bias."""
    s = sp.Symbol("s", real=True)
    sigma = 1 / (1 + sp.exp(-s))
    low, high = sp.limit(sigma, s, -sp.oo), sp.limit(sigma, s, sp.oo)
    ctx.erratum(
        "(2.4)",
        r"$f: \mathbb{R}^M \to \mathbb{R}$, $f(x) = \frac{1}{1 + e^{-\theta^\top x + b}}$",
        rf"$f$ takes values in $(0, 1)$ (its limits are ${latex(low)}$ and ${latex(high)}$: it is a "
        rf"probability), "
        r"and with the exponent $-\theta^\top x + b$ the bias enters as $\sigma(\theta^\top x - "
        r"b)$; the usual "
        r"model is $\sigma(\theta^\top x + b) = 1/(1 + e^{-\theta^\top x - b})$.",
    )
