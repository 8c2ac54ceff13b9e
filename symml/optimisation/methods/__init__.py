r"""Optimisation methods as exact maps: gradient descent, momentum, Newton, SGD, Adagrad, RMSProp, Adam.

Each method of Sections 2.4–2.5 of the notes is an :class:`Optimiser`: an exact update
map from state to state (``.map()``, printable as LaTeX), exact iterates from a rational
start (``.iterates(x0, k)``) and a check that its step is a descent direction at a point
(``.descent_check(x)``).  The analyses — the stability region of gradient descent, the
heavy-ball region, Newton's derivation and rates, the unbiasedness of the minibatch
gradient, Adam's bias correction — are functions of this module too.

The conventions are those of the notes, corrected where the notes are wrong:

* gradient descent :math:`x_{t+1} = x_t - \eta\nabla f(x_t)` (the notes' (2.37) has a +);
* momentum (2.38)–(2.39) :math:`m_t = \beta m_{t-1} + \nabla f(x_{t-1})`,
  :math:`x_t = x_{t-1} - \eta m_t`, with :math:`m_0 = 0`;
* Newton (2.40) :math:`x_{t+1} = x_t - \eta H_t^{-1}\nabla f(x_t)`;
* Adagrad (2.47) :math:`x_{t+1} = x_t - \eta\, g_t / \sqrt{s_t + \epsilon}`, :math:`s_t = \sum_{i\le t} g_i^2`
  (coordinate-wise; the notes' vector form (2.48) drops the square root and ε);
* RMSProp :math:`s_t = \beta s_{t-1} + (1-\beta) g_t^2`,
  :math:`x_{t+1} = x_t - \eta\, g_t/(\sqrt{s_t} + \epsilon)`;
* Adam (2.51)–(2.53), by default with the bias correction
  :math:`\hat m_t = m_t/(1-\beta_m^t)`, :math:`\hat s_t = s_t/(1-\beta_s^t)`.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> gd = gradient_descent(x**2, [x], eta=sp.Rational(1, 4))
>>> [p[0] for p in gd.iterates(1, 3).points]
[1, 1/2, 1/4, 1/8]
>>> newton_step(x**4, [x], 3).value
Matrix([[2]])
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any, ClassVar

import sympy as sp

from symml.core.errors import DomainError, InvalidValueError, ShapeError
from symml.core.parsing import as_sympy
from symml.core.results import Computation, Result, Sentence, Step, Verdict, Witness
from symml.core.symbols import TIME, fresh_symbol, sequence
from symml.optimisation.calculus import check_variables, gradient, hessian, scalar_function
from symml.optimisation.methods.core import (
    BETA_S_DEFAULT,
    EPSILON_DEFAULT,
    EQ,
    GE,
    LT,
    NINE_TENTHS,
    X_STAR,
    State,
    Tower,
    Trajectory,
    X,
    as_expression,
    as_point,
    check_differentiable,
    check_epsilon,
    check_memory,
    check_step_size,
    grad_f,
    x_seq,
)
from symml.optimisation.methods.ring import PolynomialArithmetic, SympyArithmetic, polynomial_arithmetic

__all__ = [
    "Optimiser",
    "UpdateMap",
    "GradientDescent",
    "Momentum",
    "Newton",
    "SGD",
    "Adagrad",
    "RMSProp",
    "Adam",
    "State",
    "Trajectory",
    "gradient_descent",
    "momentum",
    "newton",
    "newton_step",
    "sgd",
    "adagrad",
    "rmsprop",
    "adam",
    "gd_stability",
    "gd_rate",
    "gd_closed_form",
    "step_size_heuristic_counterexamples",
    "momentum_stability",
    "newton_from_quadratic_model",
    "newton_one_step",
    "newton_rate",
    "minibatch_expectation",
    "minibatch_variance",
    "adam_bias_correction",
    "adam_scale_invariance",
    "adam_first_step",
]


class UpdateMap(Computation):
    """An exact update map state → state: the state's symbols and their images.

    ``inputs`` are the symbols of the state (the variables, then the memories ``m``,
    ``s``); ``outputs`` the exact image of each, in the same order.
    """

    def __init__(self, method: str, inputs: Sequence[sp.Symbol], outputs: Sequence[sp.Expr]) -> None:
        self.method = method
        self.inputs = tuple(inputs)
        self.outputs = tuple(as_sympy(o) for o in outputs)

    def __call__(self, *values: Any) -> tuple[sp.Expr, ...]:
        """The image of a state given as values of ``inputs`` (exact substitution)."""
        if len(values) != len(self.inputs):
            raise ShapeError(f"the map takes {len(self.inputs)} values ({', '.join(map(str, self.inputs))})")
        mapping = dict(zip(self.inputs, (as_expression(v, "a state value") for v in values)))
        return tuple(o.xreplace(mapping) for o in self.outputs)

    def as_dict(self) -> dict[sp.Symbol, sp.Expr]:
        return dict(zip(self.inputs, self.outputs))

    json_fields = ("method", "map")

    @property
    def map(self) -> dict[Any, Any]:
        """Each input and its image."""
        return dict(zip(self.inputs, self.outputs))

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_derivation

        return render_derivation([sp.Lambda(i, o) for i, o in zip(self.inputs, self.outputs)], (), printer)


class Optimiser(Computation, abc.ABC):
    """An iterative method as an exact map: ``init``, ``update``, iterates and a descent check.

    Subclasses define the state (which memories they keep) and the update rule; the
    gradient (and Hessian) of ``f`` are derived exactly once.
    """

    name: ClassVar[str] = "optimiser"
    keeps: ClassVar[tuple[str, ...]] = ()
    #: whether ``update`` only adds and multiplies (so it runs in a polynomial ring)
    ring_safe: ClassVar[bool] = False

    def __init__(self, f: Any, variables: Any) -> None:
        self.variables = check_variables(variables)
        self.f = scalar_function(f, self.variables)
        check_differentiable(self.f, self.variables)
        self.grad = gradient(self.f, self.variables)
        self._hyper: dict[str, sp.Expr] = {}

    # the hyper-parameters and symbols that may appear in iterates
    @property
    def hyperparameters(self) -> dict[str, sp.Expr]:
        return dict(self._hyper)

    @property
    def parameters(self) -> set[sp.Symbol]:
        syms = self.f.free_symbols - set(self.variables)
        for v in self._hyper.values():
            syms |= v.free_symbols
        return syms

    def gradient_at(self, x: sp.MatrixBase) -> sp.ImmutableMatrix:
        """The exact gradient of f at the point x."""
        return sp.ImmutableMatrix(self.grad.xreplace(dict(zip(self.variables, x))))

    def text(self) -> str:
        """The method, its function and hyper-parameters."""
        from symml.core.latex.text import plain

        hyper = ", ".join(f"{k} = {plain(v)}" for k, v in self.hyperparameters.items())
        return f"{self.name} on f{plain(tuple(self.variables))} = {plain(self.f)}" + (
            f", {hyper}" if hyper else ""
        )

    def init(self, x0: Any) -> State:
        """The initial state at x0 (memories start at zero)."""
        x = as_point(x0, len(self.variables), "the start x0", self.variables)
        zero = sp.ImmutableMatrix.zeros(len(self.variables), 1)
        return State(0, x, **{k: zero for k in self.keeps})

    @abc.abstractmethod
    def update(self, state: State, tower: SympyArithmetic | None = None) -> State:
        """One exact step: the next state (named values go to ``tower`` when given)."""

    @abc.abstractmethod
    def rule(self) -> tuple[sp.Eq, ...]:
        """The update rule as equations between terms of sequences (``x(t + 1) = ...``),
        per coordinate, with this optimiser's hyper-parameters (the notes' formulas)."""

    def iterates(self, x0: Any, steps: int) -> Trajectory:
        """The exact iterates x_0, …, x_steps from the start x0.

        Rational starts and hyper-parameters give rational iterates whenever the method's
        map is rational (GD, momentum, Newton on rational functions); square roots of the
        adaptive methods are kept as named exact values (see :class:`Trajectory`).
        """
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
            raise InvalidValueError(f"steps = {steps!r} must be a non-negative integer, e.g. 10")
        state = self.init(x0)
        ring = self._ring(state)
        if ring is not None:
            return self._ring_iterates(ring, state, steps)
        users = self.parameters | set(self.variables) | state.x.free_symbols
        tower = Tower(parameters=self.parameters, avoid={s.name for s in users})
        states = [state]
        for _ in range(steps):
            state = self.update(state, tower)
            states.append(state)
        return Trajectory(self.name, self.variables, tuple(states), tuple(tower.definitions))

    def _ring(self, state: State) -> PolynomialArithmetic | None:
        """The polynomial-ring arithmetic for the iterates from ``state``, when it applies."""
        if not self.ring_safe:
            return None
        grads = self.ring_gradients()
        return polynomial_arithmetic(grads, self.variables, [*self._hyper.values(), *state.x])

    def ring_gradients(self) -> list[sp.ImmutableMatrix]:
        """The gradients ``update`` evaluates (one for full-batch methods)."""
        return [self.grad]

    def _ring_iterates(self, ring: PolynomialArithmetic, state: State, steps: int) -> Trajectory:
        """The iterates computed in the ring ℚ[symbols], returned as expanded SymPy values."""

        def to_ring(s: State) -> State:
            mems = {k: tuple(ring.convert(v) for v in m) for k, m in s.memory().items()}
            return State(s.t, tuple(ring.convert(v) for v in s.x), **mems)

        def to_sympy(s: State) -> State:
            mems = {k: sp.ImmutableMatrix([ring.to_sympy(v) for v in m]) for k, m in s.memory().items()}
            return State(s.t, sp.ImmutableMatrix([ring.to_sympy(v) for v in s.x]), **mems)

        current = to_ring(state)
        states = [state]
        for _ in range(steps):
            current = self.update(current, ring)
            states.append(to_sympy(current))
        return Trajectory(self.name, self.variables, tuple(states), ())

    def map(self) -> UpdateMap:
        """The exact update map state → state, with the state as symbols."""
        n = len(self.variables)
        x = sp.ImmutableMatrix(self.variables)
        users = [*self.variables, *self.parameters]
        mems = {
            k: sp.ImmutableMatrix(
                [fresh_symbol(f"{k}_{i + 1}" if n > 1 else k, users, real=True) for i in range(n)]
            )
            for k in self.keeps
        }
        t = fresh_symbol("t", users, integer=True, positive=True)
        new = self.update(State(t, x, **mems))
        inputs = list(self.variables) + [s for k in self.keeps for s in mems[k]]
        outputs = list(new.x) + [e for k in self.keeps for e in getattr(new, k)]
        return UpdateMap(self.name, inputs, outputs)

    def step(self, point: Any) -> sp.ImmutableMatrix:
        """The next point x_1 after one step from ``point`` (with zero memories), as ``newton_step`` gives.

        Examples
        --------
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> gradient_descent(x**2, [x], sp.Rational(1, 4)).step([2])
        Matrix([[1]])
        """
        return sp.ImmutableMatrix(self.update(self.init(point)).x)

    def displacement(self, point: Any) -> sp.ImmutableMatrix:
        """The displacement d = x_1 − x_0 of one step from ``point`` (with zero memories).

        Examples
        --------
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> gradient_descent(x**2, [x], sp.Rational(1, 4)).displacement([2])
        Matrix([[-1]])
        """
        state = self.init(point)
        return sp.ImmutableMatrix(self.update(state).x - state.x)

    def descent_check(self, point: Any) -> Result:
        """Whether the first step from ``point`` is a descent direction: dᵀ∇f(x) < 0, decided exactly.

        Returns a proven Result (with the value of dᵀ∇f), a refuted one (the point, d and
        dᵀ∇f ≥ 0 as the witness) or an undecided one when the sign depends on parameters
        that the assumptions do not settle.
        """
        state = self.init(point)
        d = sp.ImmutableMatrix(self.update(state).x - state.x)
        g = self.gradient_at(state.x)
        inner = sp.simplify((d.T * g)[0, 0])
        claim = LT(sp.Symbol("dT_nabla_f"), 0)
        steps = [
            Step(EQ(X, _vec(state.x)), "the point", rule="point"),
            Step(EQ(grad_f(X), _vec(g)), "exact gradient", rule="gradient"),
            Step(EQ(sp.Symbol("d"), _vec(d)), f"first step of {self.name}", rule="direction"),
            Step(EQ(sp.Symbol("dT_nabla_f"), inner), "inner product", rule="inner-product"),
        ]
        if inner.is_negative:
            return Result(
                claim, Verdict.PROVEN, (*steps, Step(LT(inner, 0), "its sign", rule="sign")), value=inner
            )
        if inner.is_nonnegative:
            witness = Witness(
                {"x": _vec(state.x), "d": _vec(d)},
                GE(inner, 0),
                f"the {self.name} step from this point is not a descent direction",
            )
            return Result(claim, Verdict.REFUTED, witness=witness, value=inner)
        return Result(
            claim,
            Verdict.UNDECIDED,
            notes=(f"the sign of {inner} is not decided by the assumptions",),
            value=inner,
        )

    json_fields = ("method=name", "f", "variables", "hyperparameters", "rule=update_rule")

    @property
    def update_rule(self) -> tuple[sp.Eq, ...]:
        """The update rule (:meth:`rule`)."""
        return self.rule()

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_derivation

        return render_derivation(self.rule(), (), printer)

    def _h(self, name: str) -> sp.Expr:
        return self._hyper[name]


#: The terms of the update rules: iterates x_t, memories m_t and s_t, gradients g_t = grad f(x_t).
_t = TIME
_x, _m, _s, _g = (sequence(name) for name in ("x", "m", "s", "g"))
_mhat, _shat, _theta = sequence("mhat"), sequence("shat"), sequence("theta")
_grad = sp.Function("nabla_f")


def _rule(*pairs: tuple[Any, Any]) -> tuple[sp.Eq, ...]:
    return tuple(sp.Eq(lhs, rhs, evaluate=False) for lhs, rhs in pairs)


def _vec(m: sp.MatrixBase) -> Any:
    return m[0] if len(m) == 1 else sp.ImmutableMatrix(m)


_PLAIN = SympyArithmetic()


def _arithmetic(tower: SympyArithmetic | None) -> SympyArithmetic:
    return _PLAIN if tower is None else tower


def _column(tower: SympyArithmetic | None, values: Sequence[sp.Expr], name: str) -> sp.ImmutableMatrix:
    return _arithmetic(tower).column(values, name)


class GradientDescent(Optimiser):
    r"""Gradient descent with a constant step: :math:`x_{t+1} = x_t - \eta\nabla f(x_t)`."""

    name = "gradient descent"
    ring_safe = True

    def __init__(self, f: Any, variables: Any, eta: Any) -> None:
        super().__init__(f, variables)
        self._hyper = {"eta": check_step_size(eta)}

    def update(self, state: State, tower: Tower | None = None) -> State:
        a = _arithmetic(tower)
        g = a.gradient(self.grad, self.variables, state.x)
        eta = a.hyper(self._hyper["eta"])
        return State(state.t + 1, a.column([xi - eta * gi for xi, gi in zip(state.x, g)], "x"))

    def rule(self) -> tuple[sp.Eq, ...]:
        return _rule((_x(_t + 1), _x(_t) - self._h("eta") * _grad(_x(_t))))


class Momentum(Optimiser):
    r"""Heavy-ball momentum (2.38)–(2.39) with step η and memory β.

    :math:`m_t = \beta m_{t-1} + \nabla f(x_{t-1})`, :math:`x_t = x_{t-1} - \eta m_t`.

    The memory starts at :math:`m_0 = 0`; β ∈ [0, 1).
    """

    name = "momentum"
    keeps = ("m",)
    ring_safe = True

    def __init__(self, f: Any, variables: Any, eta: Any, beta: Any) -> None:
        super().__init__(f, variables)
        self._hyper = {"eta": check_step_size(eta), "beta": check_memory(beta)}

    def update(self, state: State, tower: Tower | None = None) -> State:
        a = _arithmetic(tower)
        g = a.gradient(self.grad, self.variables, state.x)
        eta, beta = a.hyper(self._hyper["eta"]), a.hyper(self._hyper["beta"])
        assert state.m is not None
        m = a.column([beta * mi + gi for mi, gi in zip(state.m, g)], "m")
        x = a.column([xi - eta * mi for xi, mi in zip(state.x, m)], "x")
        return State(state.t + 1, x, m=m)

    def rule(self) -> tuple[sp.Eq, ...]:
        return _rule(
            (_m(_t), self._h("beta") * _m(_t - 1) + _grad(_x(_t - 1))),
            (_x(_t), _x(_t - 1) - self._h("eta") * _m(_t)),
        )


class Newton(Optimiser):
    r"""Newton's method (2.40): :math:`x_{t+1} = x_t - \eta H_t^{-1}\nabla f(x_t)`, η = 1 by default."""

    name = "Newton's method"

    def __init__(self, f: Any, variables: Any, eta: Any = 1) -> None:
        super().__init__(f, variables)
        self.hess = hessian(self.f, self.variables)
        self._hyper = {"eta": check_step_size(eta)}

    def newton_direction(self, x: sp.MatrixBase) -> sp.ImmutableMatrix:
        """The Newton direction −H(x)⁻¹∇f(x); a singular Hessian at x raises ``DomainError``."""
        mapping = dict(zip(self.variables, x))
        H = sp.Matrix(self.hess.xreplace(mapping))
        g = sp.Matrix(self.grad.xreplace(mapping))
        det = sp.simplify(H.det())
        if det == 0:
            where = tuple(x) if len(x) > 1 else x[0]
            raise DomainError(
                f"the Hessian of f is singular at x = {where}, so the Newton step is undefined there; "
                "start at a point where the Hessian is invertible"
            )
        return sp.ImmutableMatrix((-H.LUsolve(g)).applyfunc(sp.cancel))

    def update(self, state: State, tower: Tower | None = None) -> State:
        d = self.newton_direction(state.x)
        eta = self._hyper["eta"]
        return State(state.t + 1, _column(tower, [xi + eta * di for xi, di in zip(state.x, d)], "x"))

    def rule(self) -> tuple[sp.Eq, ...]:
        # matrices: H^{-1} then the gradient, in this order
        H, grad = sp.Function("nabla2_f", commutative=False), sp.Function("nabla_f", commutative=False)
        return _rule((_x(_t + 1), _x(_t) - self._h("eta") * H(_x(_t)) ** -1 * grad(_x(_t))))

    def iteration_map(self) -> sp.ImmutableMatrix:
        """The Newton map N(x) = x − ηH(x)⁻¹∇f(x), simplified (a rational map for polynomial f)."""
        x = sp.ImmutableMatrix(self.variables)
        H = sp.Matrix(self.hess)
        d = -H.LUsolve(sp.Matrix(self.grad))
        return sp.ImmutableMatrix([sp.cancel(xi + self._hyper["eta"] * di) for xi, di in zip(x, d)])


class SGD(Optimiser):
    r"""Minibatch SGD on :math:`L(\theta) = \frac1N\sum_i \ell(\theta, z_i)`, gradient normalised by 1/B.

    The minibatch gradient is :math:`\frac1B\sum_{i\in\mathcal B}\nabla\ell_i`.

    ``loss`` is the per-sample loss, an expression in the variables and the data symbols;
    ``data`` a list of samples, each a mapping data symbol → value (numbers or symbols).
    Batches follow ``batches`` (a list of index tuples, used cyclically) or, by default,
    consecutive chunks of size ``batch_size``, cyclically.
    """

    name = "SGD"
    ring_safe = True

    def __init__(
        self,
        loss: Any,
        variables: Any,
        data: Sequence[dict[Any, Any]],
        batch_size: int,
        eta: Any,
        batches: Sequence[Sequence[int]] | None = None,
    ) -> None:
        from symml.optimisation.methods.stochastic import check_batch_size, per_sample

        # names in a string loss resolve to the variables and the data symbols
        data_symbols = [k for sample in data for k in sample if isinstance(k, sp.Symbol)]
        self.loss = scalar_function(loss, [*check_variables(variables), *dict.fromkeys(data_symbols)])
        self.samples = per_sample(self.loss, data)
        N = len(self.samples)
        self.batch_size = check_batch_size(batch_size, N)
        full = sp.Add(*self.samples) / N
        super().__init__(full, variables)
        self.sample_gradients = [gradient(s, self.variables) for s in self.samples]
        self._hyper = {"eta": check_step_size(eta)}
        if batches is None:
            B = self.batch_size
            batches = [tuple((k * B + j) % N for j in range(B)) for k in range(N // sp.gcd(N, B))]
        self.batches = [tuple(b) for b in batches]
        for b in self.batches:
            if len(b) != self.batch_size or not all(isinstance(i, int) and 0 <= i < N for i in b):
                raise InvalidValueError(f"batch {b} must hold {self.batch_size} sample indices in 0..{N - 1}")

    def minibatch_gradient(self, batch: Sequence[int], x: sp.MatrixBase | None = None) -> sp.ImmutableMatrix:
        """(1/B)·Σ_{i∈batch} ∇ℓ_i, as a function of the variables or at the point x."""
        g = sum((self.sample_gradients[i] for i in batch), sp.zeros(len(self.variables), 1)) / len(batch)
        if x is not None:
            g = g.xreplace(dict(zip(self.variables, x)))
        return sp.ImmutableMatrix(g)

    def update(self, state: State, tower: Tower | None = None) -> State:
        t = state.t
        batch = self.batches[t % len(self.batches)] if isinstance(t, int) else self.batches[0]
        a = _arithmetic(tower)
        g = a.gradient(self.minibatch_gradient(batch), self.variables, state.x)
        eta = a.hyper(self._hyper["eta"])
        return State(state.t + 1, a.column([xi - eta * gi for xi, gi in zip(state.x, g)], "x"))

    def ring_gradients(self) -> list[sp.ImmutableMatrix]:
        return [self.minibatch_gradient(b) for b in self.batches]

    def unbiasedness(self, replacement: bool = False) -> Result:
        """Proof that the minibatch gradient is an unbiased estimate of ∇L (exact, over all batches)."""
        from symml.optimisation.methods.stochastic import minibatch_expectation

        return minibatch_expectation(self.sample_gradients, self.batch_size, replacement=replacement)

    def rule(self) -> tuple[sp.Eq, ...]:
        batch = sp.Function("batch_gradient")
        step = self._h("eta") / self.batch_size
        return _rule((_theta(_t + 1), _theta(_t) - step * batch(_theta(_t))))


def _safe_ratio(num: sp.Expr, den: sp.Expr) -> sp.Expr:
    # 0/0 only happens when the gradient coordinate and its whole history vanish (ε = 0): no move.
    if den == 0 and num == 0:
        return sp.Integer(0)
    if den == 0:
        raise DomainError("division by zero in the adaptive step; use epsilon > 0")
    return num / den


class Adagrad(Optimiser):
    r"""Adagrad (2.47), per coordinate: :math:`s_t = s_{t-1} + g_t^2`.

    The step is :math:`x_{t+1} = x_t - \eta g_t/\sqrt{s_t + \epsilon}`.
    """

    name = "Adagrad"
    keeps = ("s",)

    def __init__(self, f: Any, variables: Any, eta: Any, epsilon: Any = EPSILON_DEFAULT) -> None:
        super().__init__(f, variables)
        self._hyper = {"eta": check_step_size(eta), "epsilon": check_epsilon(epsilon)}

    def update(self, state: State, tower: Tower | None = None) -> State:
        g = self.gradient_at(state.x)
        eta, eps = self._hyper["eta"], self._hyper["epsilon"]
        assert state.s is not None
        s = _column(tower, [si + gi**2 for si, gi in zip(state.s, g)], "s")
        x = _column(
            tower, [xi - eta * _safe_ratio(gi, sp.sqrt(si + eps)) for xi, gi, si in zip(state.x, g, s)], "x"
        )
        return State(state.t + 1, x, s=s)

    def rule(self) -> tuple[sp.Eq, ...]:
        return _rule(
            (_g(_t), _grad(_x(_t))),
            (_s(_t), _s(_t - 1) + _g(_t) ** 2),
            (_x(_t + 1), _x(_t) - self._h("eta") * _g(_t) / sp.sqrt(_s(_t) + self._h("epsilon"))),
        )


class RMSProp(Optimiser):
    r"""RMSProp (2.49), per coordinate: :math:`s_t = \beta s_{t-1} + (1-\beta) g_t^2`.

    The step is :math:`x_{t+1} = x_t - \eta\, g_t/(\sqrt{s_t} + \epsilon)`.
    """

    name = "RMSProp"
    keeps = ("s",)

    def __init__(
        self, f: Any, variables: Any, eta: Any, beta: Any = NINE_TENTHS, epsilon: Any = EPSILON_DEFAULT
    ) -> None:
        super().__init__(f, variables)
        self._hyper = {
            "eta": check_step_size(eta),
            "beta": check_memory(beta),
            "epsilon": check_epsilon(epsilon),
        }

    def update(self, state: State, tower: Tower | None = None) -> State:
        g = self.gradient_at(state.x)
        eta, beta, eps = self._hyper["eta"], self._hyper["beta"], self._hyper["epsilon"]
        assert state.s is not None
        s = _column(tower, [beta * si + (1 - beta) * gi**2 for si, gi in zip(state.s, g)], "s")
        x = _column(
            tower, [xi - eta * _safe_ratio(gi, sp.sqrt(si) + eps) for xi, gi, si in zip(state.x, g, s)], "x"
        )
        return State(state.t + 1, x, s=s)

    def rule(self) -> tuple[sp.Eq, ...]:
        b = self._h("beta")
        return _rule(
            (_g(_t), _grad(_x(_t))),
            (_s(_t), b * _s(_t - 1) + (1 - b) * _g(_t) ** 2),
            (_x(_t + 1), _x(_t) - self._h("eta") * _g(_t) / (sp.sqrt(_s(_t)) + self._h("epsilon"))),
        )


class Adam(Optimiser):
    r"""Adam (2.51)–(2.53), with bias correction by default.

    :math:`m_t = \beta_m m_{t-1} + (1-\beta_m) g_t`, :math:`s_t = \beta_s s_{t-1} + (1-\beta_s) g_t^2`,
    :math:`x_t = x_{t-1} - \eta\,\hat m_t/(\sqrt{\hat s_t} + \epsilon)` with
    :math:`\hat m_t = m_t/(1-\beta_m^t)`, :math:`\hat s_t = s_t/(1-\beta_s^t)` (or the raw
    :math:`m_t, s_t` when ``bias_correction=False``, as in the notes).
    """

    name = "Adam"
    keeps = ("m", "s")

    def __init__(
        self,
        f: Any,
        variables: Any,
        eta: Any,
        beta_m: Any = NINE_TENTHS,
        beta_s: Any = BETA_S_DEFAULT,
        epsilon: Any = EPSILON_DEFAULT,
        bias_correction: bool = True,
    ) -> None:
        super().__init__(f, variables)
        self._hyper = {
            "eta": check_step_size(eta),
            "beta_m": check_memory(beta_m, "beta_m"),
            "beta_s": check_memory(beta_s, "beta_s"),
            "epsilon": check_epsilon(epsilon),
        }
        self.bias_correction = bool(bias_correction)

    def update(self, state: State, tower: Tower | None = None) -> State:
        g = self.gradient_at(state.x)
        h = self._hyper
        eta, bm, bs, eps = h["eta"], h["beta_m"], h["beta_s"], h["epsilon"]
        assert state.m is not None and state.s is not None
        t = state.t + 1
        m = _column(tower, [bm * mi + (1 - bm) * gi for mi, gi in zip(state.m, g)], "m")
        s = _column(tower, [bs * si + (1 - bs) * gi**2 for si, gi in zip(state.s, g)], "s")
        cm, cs = (1 - bm**t, 1 - bs**t) if self.bias_correction else (1, 1)
        x = _column(
            tower,
            [xi - eta * _safe_ratio(mi / cm, sp.sqrt(si / cs) + eps) for xi, mi, si in zip(state.x, m, s)],
            "x",
        )
        return State(t, x, m=m, s=s)

    def rule(self) -> tuple[sp.Eq, ...]:
        bm, bs, eta, eps = (self._h(k) for k in ("beta_m", "beta_s", "eta", "epsilon"))
        rows = [
            (_g(_t), _grad(_x(_t - 1))),
            (_m(_t), bm * _m(_t - 1) + (1 - bm) * _g(_t)),
            (_s(_t), bs * _s(_t - 1) + (1 - bs) * _g(_t) ** 2),
        ]
        m, s = _m(_t), _s(_t)
        if self.bias_correction:
            rows += [(_mhat(_t), m / (1 - bm**_t)), (_shat(_t), s / (1 - bs**_t))]
            m, s = _mhat(_t), _shat(_t)
        return _rule(*rows, (_x(_t), _x(_t - 1) - eta * m / (sp.sqrt(s) + eps)))


# Factories: one obvious entry point per method of the notes.


def gradient_descent(f: Any, variables: Any, eta: Any) -> GradientDescent:
    r"""Gradient descent with constant step η: the exact map :math:`x \mapsto x - \eta\nabla f(x)`.

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    eta : number or SymPy expression
        The step size η > 0 (η ≤ 0 raises ``InvalidValueError``; a symbol is accepted
        unless provably ≤ 0).

    Returns
    -------
    GradientDescent
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.

    Examples
    --------
    On f = x² with η = 1/4 each step halves x (x ↦ x − 2ηx = x/2):

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> gd = gradient_descent(x**2, [x], eta=sp.Rational(1, 4))
    >>> [p[0] for p in gd.iterates(1, 3).points]
    [1, 1/2, 1/4, 1/8]

    Two variables, with a different curvature along each axis:

    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> gd = gradient_descent(x**2 + 2*y**2, [x, y], eta=sp.Rational(1, 8))
    >>> gd.iterates([1, 1], 2).final.T
    Matrix([[9/16, 1/4]])
    """
    return GradientDescent(f, variables, eta)


def momentum(f: Any, variables: Any, eta: Any, beta: Any) -> Momentum:
    """Heavy-ball momentum (2.38)–(2.39) with step η and memory β ∈ [0, 1).

    m_t = β m_{t−1} + ∇f(x_{t−1}), x_t = x_{t−1} − η m_t, with m_0 = 0.

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    eta : number or SymPy expression
        The step size η > 0 (η ≤ 0 raises ``InvalidValueError``; a symbol is accepted
        unless provably ≤ 0).
    beta : number or SymPy expression
        The memory β in [0, 1) (a value provably outside raises ``InvalidValueError``).

    Returns
    -------
    Momentum
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.

    Examples
    --------
    On f = x² with η = 1/4, β = 1/2, from x = 1: m₁ = 2, x₁ = 1/2; m₂ = 1 + 1 = 2, x₂ = 0.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> [p[0] for p in momentum(x**2, [x], sp.Rational(1, 4), sp.Rational(1, 2)).iterates(1, 2).points]
    [1, 1/2, 0]
    """
    return Momentum(f, variables, eta, beta)


def newton(f: Any, variables: Any, eta: Any = 1) -> Newton:
    """Newton's method (2.40), optionally damped by η.

    x_{t+1} = x_t − η H(x_t)⁻¹ ∇f(x_t).

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    eta : number or SymPy expression, default 1
        The damping η > 0 (η ≤ 0 raises ``InvalidValueError``); 1 is the pure Newton step.

    Returns
    -------
    Newton
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.
        ``.iteration_map()`` is the Newton map x ↦ x − η H⁻¹∇f.  An iterate where the
        Hessian is singular raises ``DomainError``.

    Examples
    --------
    On x⁴ (Hessian 0 at the minimiser) Newton only converges linearly, with factor 2/3:

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> [p[0] for p in newton(x**4, [x]).iterates(3, 2).points]
    [3, 2, 4/3]
    >>> newton(x**4, [x]).iteration_map()
    Matrix([[2*x/3]])
    """
    return Newton(f, variables, eta)


def newton_step(f: Any, variables: Any, point: Any, eta: Any = 1) -> Result:
    r"""One exact step of Newton's method, :math:`x_1 = x_0 - \eta H(x_0)^{-1}\nabla f(x_0)`.

    Returns a proven :class:`~symml.core.results.Result` whose ``value`` is the next point
    (a column) and whose steps are the Hessian, the gradient and the direction at ``point``.

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    point : sequence, Matrix, dict or number
        The start x₀: one exact coordinate per variable (a list, a column, a
        ``{symbol: value}`` dict, or a number for one variable); a wrong length raises
        ``ShapeError``.
    eta : number or SymPy expression, default 1
        The damping η > 0 (η ≤ 0 raises ``InvalidValueError``).

    Returns
    -------
    Result
        ``proven``; ``.value`` is x₁ (a column), ``.steps`` hold x₀, H(x₀), ∇f(x₀) and
        the Newton direction d solving H d = −∇f.

    Raises
    ------
    DomainError
        When the Hessian is singular at ``point`` (the message names the point).

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> newton_step(x**2 + x*y + y**2 - x, [x, y], [5, 7]).value.T
    Matrix([[2/3, -1/3]])
    """
    method = Newton(f, variables, eta)
    x0 = method.init(point).x
    mapping = dict(zip(method.variables, x0))
    direction = method.newton_direction(x0)  # raises on a singular Hessian
    x1 = method.update(method.init(point)).x
    H, g = (
        sp.ImmutableMatrix(method.hess.xreplace(mapping)),
        sp.ImmutableMatrix(method.grad.xreplace(mapping)),
    )
    named = (("x_0", x0), ("H", H), ("nabla_f", g), ("d", direction))
    start, hess, grad, newton = (_named(n, v) for n, v in named)
    steps = [
        Step(start, "the start", rule="start"),
        Step(hess, "the Hessian at the start, invertible", rule="hessian"),
        Step(grad, "the gradient at the start", rule="gradient"),
        Step(
            newton,
            Sentence("the Newton direction: the solution of", sp.Eq(hess.lhs * newton.lhs, -grad.lhs)),
            rule="newton-direction",
        ),
    ]
    eta, claim = sp.Symbol("eta"), _named("x_1", x1)
    # the update as plain symbols (the JSON reads back); d after eta: a vector, not a factor to sort
    x_0, x_1, d = sp.Symbol("x_0"), sp.Symbol("x_1"), sp.Symbol("d", commutative=False)
    update = Step(
        sp.Eq(x_1, x_0 + eta * d, evaluate=False),
        Sentence("the damped Newton step, with", sp.Eq(eta, method.hyperparameters["eta"], evaluate=False)),
        rule="newton-step",
    )
    return Result(
        claim, Verdict.PROVEN, steps=[*steps, update, Step(claim, "so", rule="conclusion")], value=x1
    )


def _named(name: str, value: sp.MatrixBase) -> sp.Eq:
    """``name = value`` for a named matrix (unevaluated), e.g. ``d = (1, 2)``."""
    return sp.Eq(sp.MatrixSymbol(name, *value.shape), sp.ImmutableMatrix(value), evaluate=False)


def sgd(
    loss: Any,
    variables: Any,
    data: Sequence[dict[Any, Any]],
    batch_size: int,
    eta: Any,
    batches: Sequence[Sequence[int]] | None = None,
) -> SGD:
    """Minibatch SGD on the average of a per-sample loss over ``data`` (gradient normalised by 1/B).

    Minimises L(θ) = (1/N) Σᵢ ℓ(θ, zᵢ) with θ_{t+1} = θ_t − η (1/B) Σ_{i∈𝓑_t} ∇ℓᵢ(θ_t).

    Parameters
    ----------
    loss : SymPy expression or str
        The per-sample loss ℓ, an expression in ``variables`` and the data symbols.
    variables : list of Symbol or str
        The parameters θ being fitted (symbols, each once).
    data : sequence of dict
        The N samples, each a mapping data symbol -> exact value.
    batch_size : int
        B, a whole number between 1 and N (else ``InvalidValueError``).
    eta : number or SymPy expression
        The step size η > 0 (η ≤ 0 raises ``InvalidValueError``; a symbol is accepted
        unless provably ≤ 0).
    batches : sequence of sequences of int, optional
        The minibatches as tuples of B sample indices in 0..N−1, used cyclically
        (``InvalidValueError`` otherwise); by default consecutive chunks of B samples,
        cyclically.

    Returns
    -------
    SGD
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.
        ``.unbiasedness()`` proves E[minibatch gradient] = ∇L.

    Examples
    --------
    Fitting y ≈ θx to three points, one sample per step, from θ = 0:

    >>> import sympy as sp
    >>> th, xs, ys = sp.symbols("theta x y")
    >>> data = [{xs: 1, ys: 2}, {xs: 2, ys: 3}, {xs: -1, ys: 0}]
    >>> one = sgd((ys - th*xs)**2, [th], data, batch_size=1, eta=sp.Rational(1, 10))
    >>> [p[0] for p in one.iterates(0, 2).points]
    [0, 2/5, 32/25]

    The minibatch gradient is an unbiased estimate of the full gradient:

    >>> import sympy as sp
    >>> th, xs, ys = sp.symbols("theta x y")
    >>> data = [{xs: 1, ys: 2}, {xs: 2, ys: 3}, {xs: -1, ys: 0}]
    >>> opt = sgd((ys - th*xs)**2, [th], data, batch_size=2, eta=sp.Rational(1, 10))
    >>> opt.unbiasedness().verdict.value
    'proven'
    """
    return SGD(loss, variables, data, batch_size, eta, batches)


def adagrad(f: Any, variables: Any, eta: Any, epsilon: Any = EPSILON_DEFAULT) -> Adagrad:
    """Adagrad (2.47) with the square root and ε the vector form (2.48) drops.

    Coordinate-wise, s_t = Σ_{i≤t} g_i² and x_{t+1} = x_t − η g_t / √(s_t + ε).

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    eta : number or SymPy expression
        The step size η > 0 (η ≤ 0 raises ``InvalidValueError``; a symbol is accepted
        unless provably ≤ 0).
    epsilon : number, default 1/10**8
        The damping ε ≥ 0 (ε < 0 raises ``InvalidValueError``).

    Returns
    -------
    Adagrad
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.
        Square roots in the iterates are kept as named exact values
        (``Trajectory.definitions``).

    Examples
    --------
    On x² with η = 1, ε = 0 the first step is a sign step: from 3, g = 6, s = 36, x₁ = 2.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> adagrad(x**2, [x], eta=1, epsilon=0).iterates(3, 1).final[0]
    2
    """
    return Adagrad(f, variables, eta, epsilon)


def rmsprop(
    f: Any, variables: Any, eta: Any, beta: Any = NINE_TENTHS, epsilon: Any = EPSILON_DEFAULT
) -> RMSProp:
    """RMSProp (2.49) with the square root and ε the update (2.50) drops.

    Coordinate-wise, s_t = β s_{t−1} + (1 − β) g_t² and x_{t+1} = x_t − η g_t / (√s_t + ε).

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    eta : number or SymPy expression
        The step size η > 0 (η ≤ 0 raises ``InvalidValueError``; a symbol is accepted
        unless provably ≤ 0).
    beta : number or SymPy expression, default 9/10
        The forgetting factor β in [0, 1) (else ``InvalidValueError``).
    epsilon : number, default 1/10**8
        The damping ε ≥ 0 (ε < 0 raises ``InvalidValueError``).

    Returns
    -------
    RMSProp
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.

    Examples
    --------
    From 3 on x² with β = 3/4, ε = 0: g = 6, s₁ = 9, x₁ = 3 − 6/3 = 1.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> rmsprop(x**2, [x], eta=1, beta=sp.Rational(3, 4), epsilon=0).iterates(3, 1).final[0]
    1
    """
    return RMSProp(f, variables, eta, beta, epsilon)


def adam(
    f: Any,
    variables: Any,
    eta: Any,
    beta_m: Any = NINE_TENTHS,
    beta_s: Any = BETA_S_DEFAULT,
    epsilon: Any = EPSILON_DEFAULT,
    bias_correction: bool = True,
) -> Adam:
    """Adam (2.51)–(2.53), with bias correction unless ``bias_correction=False``.

    m_t = β_m m_{t−1} + (1 − β_m) g_t, s_t = β_s s_{t−1} + (1 − β_s) g_t², and
    x_{t+1} = x_t − η m̂_t / (√ŝ_t + ε) with m̂_t = m_t / (1 − β_mᵗ), ŝ_t = s_t / (1 − β_sᵗ).

    Parameters
    ----------
    f : SymPy expression or str
        The function to minimise, differentiable in ``variables`` (|x|, max, … raise
        ``NotDifferentiableError``); other symbols are parameters.  A string goes through
        the safe parser; a float raises ``SymmlError``.
    variables : list of Symbol or str
        The variables, e.g. ``[x, y]`` or ``"x,y"``: symbols, each once (else
        ``SymmlError``).
    eta : number or SymPy expression
        The step size η > 0 (η ≤ 0 raises ``InvalidValueError``; a symbol is accepted
        unless provably ≤ 0).
    beta_m : number or SymPy expression, default 9/10
        The memory of the mean, in [0, 1) (else ``InvalidValueError``).
    beta_s : number or SymPy expression, default 999/1000
        The memory of the squares, in [0, 1) (else ``InvalidValueError``).
    epsilon : number, default 1/10**8
        The damping ε ≥ 0 (ε < 0 raises ``InvalidValueError``).
    bias_correction : bool, default True
        Whether to divide by 1 − βᵗ (the notes' (2.52)).

    Returns
    -------
    Adam
        The method as an exact map: ``.iterates(x0, k)`` gives a ``Trajectory``
        (``.points``, ``.final``) of exact iterates, ``.map()`` the update map,
        ``.rule()`` the update rule as equations, ``.descent_check(x)`` a ``Result``.

    Examples
    --------
    With bias correction and ε = 0 the first step has length η whatever the gradient
    (m̂₁ = g, ŝ₁ = g²): from 3 with η = 1/2 it goes to 5/2.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> adam(x**2, [x], eta=sp.Rational(1, 2), epsilon=0).iterates(3, 1).final[0]
    5/2
    """
    return Adam(f, variables, eta, beta_m, beta_s, epsilon, bias_correction)


def newton_rate(f: Any, variable: Any, minimiser: Any) -> Result:
    r"""Local convergence of Newton's method to a minimiser of a 1-D f: linear factor or quadratic order.

    Computes the Newton map N and the limit :math:`L = \lim (N(x) - x^\star)/(x - x^\star)`:
    0 < |L| < 1 is linear convergence with factor L (e.g. 2/3 for x⁴, whose Hessian
    vanishes at the minimiser); L = 0 with a finite
    :math:`\lim (N(x) - x^\star)/(x - x^\star)^2` is quadratic convergence.  ``value`` is
    (the order, the constant).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> newton_rate(x**4, x, 0).value
    (1, 2/3)
    """
    (x,) = check_variables([variable] if isinstance(variable, sp.Symbol) else variable)
    method = Newton(f, [x])
    xstar = as_point(minimiser, 1, "the minimiser")[0]
    if sp.simplify(method.grad[0].subs(x, xstar)) != 0:
        raise InvalidValueError(f"x = {xstar} is not a stationary point of f")
    N = method.iteration_map()[0]
    e = sp.Symbol("e", real=True)
    ratio = sp.simplify((N - xstar).subs(x, xstar + e) / e)
    L = sp.limit(ratio, e, 0)
    newton_map = sp.Function("N")
    steps = [Step(EQ(newton_map(x), N), "Newton map x - f'(x)/f''(x)", rule="newton-map")]
    ratio_of = lambda power: sp.Limit(  # noqa: E731 - (N(x) - x*)/(x - x*)^power as x -> x*
        (newton_map(x) - X_STAR) / (x - X_STAR) ** power, x, X_STAR
    )
    claim = "Newton's method converges locally to x*"
    if L.is_zero:
        L2 = sp.limit(sp.simplify((N - xstar).subs(x, xstar + e) / e**2), e, 0)
        steps.append(Step(EQ(ratio_of(1), 0), "superlinear", rule="superlinear"))
        if L2.is_finite:
            steps.append(Step(EQ(ratio_of(2), L2), "quadratic order", rule="quadratic-order"))
            return Result(claim, Verdict.PROVEN, tuple(steps), value=(sp.Integer(2), L2))
        return Result(claim, Verdict.UNDECIDED, notes=("superlinear; order not determined",))
    if L.is_number and L.is_real and sp.Abs(L) < 1:
        steps.append(Step(EQ(ratio_of(1), L), "linear with this factor", rule="linear-rate"))
        if sp.simplify(ratio - L) == 0:
            k = sp.Symbol("k", integer=True, nonnegative=True)
            steps.append(
                Step(
                    EQ(x_seq(k) - X_STAR, L**k * (x_seq(0) - X_STAR)),
                    "the map is exactly linear: closed form of the iterates",
                    rule="closed-form",
                )
            )
        return Result(claim, Verdict.PROVEN, tuple(steps), value=(sp.Integer(1), L))
    return Result(claim, Verdict.UNDECIDED, notes=(f"limit ratio {L}: no local convergence shown",))


from symml.optimisation.methods.analysis import (  # noqa: E402  (the analyses build on the classes above)
    gd_closed_form,
    gd_rate,
    gd_stability,
    momentum_stability,
    newton_from_quadratic_model,
    newton_one_step,
    step_size_heuristic_counterexamples,
)
from symml.optimisation.methods.stochastic import (  # noqa: E402
    adam_bias_correction,
    adam_first_step,
    adam_scale_invariance,
    minibatch_expectation,
    minibatch_variance,
)
