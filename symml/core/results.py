"""Results that say how sure they are: verdicts, proof steps, witnesses and case splits.

Every claim symml makes is a :class:`Result` whose :class:`Verdict` is ``proven`` (and
then it carries the :class:`Step` records that prove it), ``refuted`` (and then it carries
an exact :class:`Witness`), or ``undecided`` (and then its ``notes`` say what was tried).
Results that depend on parameters come as :class:`Cases`, whose conditions are checked to
be pairwise disjoint and to cover every admissible parameter value.

Records hold SymPy objects only; LaTeX and JSON are thin layers over them
(see :mod:`symml.core.latex`).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sympy as sp
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue
from sympy.printing.str import StrPrinter

from symml.core.errors import CaseSplitError, InvalidValueError
from symml.core.exact.cells import line_segments
from symml.core.exact.semialgebraic import Unsupported, partition_problems
from symml.core.parsing import as_conditions, as_expr, as_sympy

__all__ = [
    "Verdict",
    "Step",
    "Witness",
    "Sentence",
    "Result",
    "Printable",
    "Computation",
    "Case",
    "Cases",
    "Checks",
    "as_cases",
    "exact",
    "to_json_value",
    "json_text",
    "JsonData",
    "data_json",
    "json_fields",
]


class Verdict(enum.StrEnum):
    """How sure a claim is: ``proven`` (with steps), ``refuted`` (with a witness) or ``undecided``.

    A string enum: ``Verdict.PROVEN == "proven"``; ``.value`` is the word.
    ``Verdict(word)`` takes ``"proven"``, ``"refuted"`` or ``"undecided"``; any other
    word raises ``ValueError``.

    Examples
    --------
    >>> Verdict("proven") is Verdict.PROVEN, Verdict.REFUTED.value
    (True, 'refuted')
    >>> [v.value for v in Verdict]
    ['proven', 'refuted', 'undecided']
    >>> import sympy as sp
    >>> from symml import optimality_conditions
    >>> x, y = sp.symbols("x y")
    >>> optimality_conditions(x**2 - y**2, [x, y], (0, 0))["second order necessary"].verdict.value
    'refuted'
    """

    PROVEN = "proven"
    REFUTED = "refuted"
    UNDECIDED = "undecided"

    @classmethod
    def all_of(cls, verdicts: Iterable[Verdict | None]) -> Verdict | None:
        """The verdict of "every one of these claims holds": ``refuted`` when one is refuted
        (its witness refutes the whole), else ``undecided`` when one is undecided, else
        ``proven``; ``None`` when there is no claim among them."""
        found = [v for v in verdicts if v is not None]
        if not found:
            return None
        for verdict in (cls.REFUTED, cls.UNDECIDED):
            if verdict in found:
                return verdict
        return cls.PROVEN


def exact(value: Any) -> Any:
    """Return ``value`` as an immutable, exact SymPy object; reject floats.

    Mutable matrices become immutable ones, tuples and lists are converted element-wise,
    Python ints and ``Fraction``s become SymPy numbers.  A float anywhere is a bug in symml
    (user floats are converted by the parser and reported), so it raises ``TypeError``.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(exact(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        value = sp.ImmutableMatrix(value)
    elif isinstance(value, float):
        raise TypeError(f"float {value!r} in a symml result; results must be exact")
    else:
        value = as_sympy(value)  # numbers/Fractions/SymPy objects only
    if value.has(sp.Float):
        raise TypeError(f"float in a symml result: {value}; results must be exact")
    return value


class _JsonPrinter(StrPrinter):
    """SymPy's ``str`` printer, with matrices on one line and limits without the direction
    SymPy would choose anyway: what :func:`symml.core.parsing.parse_value` reads back."""

    def _print_MatrixBase(self, expr: Any) -> str:
        rows = ", ".join("[" + ", ".join(map(self._print, expr.row(i))) + "]" for i in range(expr.rows))
        return f"Matrix([{rows}])"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_ImmutableMatrix = _print_MatrixBase
    _print_Matrix = _print_DenseMatrix = _print_MatrixBase

    def _print_Limit(self, expr: Any) -> str:
        body, variable, point, direction = expr.args
        default = "-" if point is sp.oo else "+"
        if str(direction) == default or point is sp.S.NegativeInfinity:
            return f"Limit({self._print(body)}, {self._print(variable)}, {self._print(point)})"
        return super()._print_Limit(expr)


def json_text(value: Any) -> str:
    """A SymPy value as the string its JSON holds, which :func:`~symml.core.parsing.parse_value`
    reads back: SymPy's ``str``, with matrices on one line.

    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> json_text(sp.Eq(x, sp.Matrix([1, 2]), evaluate=False))
    'Eq(x, Matrix([[1], [2]]))'
    """
    return _JsonPrinter().doprint(value)


def to_json_value(value: Any) -> Any:
    """Convert an exact SymPy value to JSON: expressions as SymPy-parsable strings."""
    if value is None or isinstance(value, (bool, int, str)):  # words and counts stay as they are
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, sp.MatrixBase):
        return (
            [[str(e) for e in value.row(i)] for i in range(value.rows)]
            if value.cols > 1
            else [str(e) for e in value]
        )
    if hasattr(value, "to_json"):
        return value.to_json()
    return json_text(value) if isinstance(value, sp.Basic) else str(value)


class JsonData:
    """Mixin: ``to_json()`` generated from the record's data (see :func:`data_json`).

    A class declares ``json_fields`` (what its JSON holds, in order) when its JSON is not
    simply every dataclass field; nothing else of the JSON is written by hand.
    """

    #: The fields of the JSON: ``"name"`` (the attribute ``name``), ``"key=attribute"`` (the
    #: attribute under another key), a trailing ``?`` (left out when empty or None) and a
    #: leading ``*`` (the attribute's JSON object merged in).  ``None``: every dataclass
    #: field, or the items of a sequence.
    json_fields: Any = None

    def to_json(self) -> Any:
        """This record as JSON: expressions as SymPy-parsable strings, words as words."""
        return data_json(self)


def json_fields(obj: Any) -> list[tuple[str, str, bool, bool]]:
    """The JSON fields of a record as ``(key, attribute, optional, merged)``."""
    spec = getattr(obj, "json_fields", None)
    if spec is None:
        spec = [f.name for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj) else []
    out = []
    for entry in spec:
        merged, entry = entry.startswith("*"), entry.lstrip("*")
        optional, entry = entry.endswith("?"), entry.rstrip("?")
        key, _, attribute = entry.partition("=")
        out.append((key, attribute or key, optional, merged))
    return out


def _empty(value: Any) -> bool:
    if value is None or isinstance(value, str):
        return not value
    return isinstance(value, (tuple, list, Mapping)) and not value


def data_json(obj: Any) -> Any:
    """The JSON of a record, from its fields (:func:`json_fields`): SymPy values become
    SymPy-parsable strings, nested records their own JSON; a sequence without declared
    fields (a case split) is the list of its items."""
    if getattr(obj, "json_fields", None) is None and not dataclasses.is_dataclass(obj):
        return [to_json_value(item) for item in obj]
    out: dict[str, Any] = {}
    for key, attribute, optional, merged in json_fields(obj):
        value = getattr(obj, attribute)
        if optional and _empty(value):
            continue
        data = to_json_value(value)
        if merged and isinstance(data, dict):
            out.update(data)
        else:
            out[key] = data
    return out


@dataclass(frozen=True)
class Step(JsonData):
    """One step of a proof: an exact SymPy statement and the reason it holds.

    Parameters
    ----------
    statement : SymPy object
        What this step establishes, e.g. ``Eq(lhs, rhs)`` or ``x**2 >= 0``.
    reason : str
        Why it holds, in words a reader of the notes understands
        ("expand", "Sylvester's criterion", "AM–GM", …).
    substeps : tuple of Step
        Finer steps that justify this one (printed indented).
    rule : str
        The name of the rule that produced the step (``"second-derivative"``,
        ``"sylvester"``, …): code asks ``step.rule``, never searches the reason's words.

    Raises
    ------
    TypeError
        When the statement holds a float (steps are exact).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> s = Step(sp.Eq((x + 1)**2, x**2 + 2*x + 1, evaluate=False), "expand", rule="expand")
    >>> s.statement.rhs, s.rule
    (x**2 + 2*x + 1, 'expand')
    """

    statement: Any
    reason: str
    substeps: tuple[Step, ...] = ()
    rule: str = ""

    json_fields = ("statement", "reason", "rule?", "substeps?")

    def __post_init__(self) -> None:
        object.__setattr__(self, "statement", exact(self.statement))
        object.__setattr__(self, "substeps", tuple(self.substeps))

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_steps

        return render_steps((self,), printer)


@dataclass(frozen=True)
class Witness(JsonData):
    """Exact values that refute a claim, and what substituting them shows.

    ``values`` maps a name (``"x"``, ``"x'"``, ``"lambda"``, ``"v"``, ``"p"``) to an exact
    SymPy value (number, tuple, matrix).  ``shows`` is the exact statement obtained by
    substituting them (e.g. ``Gt(f(mid), chord)``), which a test can re-check.

    Parameters
    ----------
    values : mapping name -> value
        The refuting values, by name (a string, or a SymPy object such as ℙ(A ∩ B)); each
        is made exact (a float raises ``TypeError``).  ``witness["x"]`` reads one.
    shows : SymPy boolean, optional
        What substituting the values shows (kept unevaluated when built with
        ``evaluate=False``).
    description : str, optional
        The refutation in words.

    Examples
    --------
    The claim x² ≥ x for every real x is refuted by x = 1/2:

    >>> import sympy as sp
    >>> half = sp.Rational(1, 2)
    >>> w = Witness({"x": half}, sp.Lt(half**2, half, evaluate=False), "x**2 < x at x = 1/2")
    >>> w["x"], w.shows
    (1/2, 1/4 < 1/2)
    """

    values: Mapping[Any, Any]
    shows: Any = None
    description: str = ""

    json_fields = ("*values", "shows?", "description?")

    def __post_init__(self) -> None:
        values = {k if isinstance(k, sp.Basic) else str(k): exact(v) for k, v in dict(self.values).items()}
        object.__setattr__(self, "values", values)
        if self.shows is not None:
            object.__setattr__(self, "shows", exact(self.shows))

    def __getitem__(self, name: Any) -> Any:
        if name in self.values:
            return self.values[name]
        for key, value in self.values.items():  # a SymPy key (P(A & B)) by its JSON text
            if str(key) == name:
                return value
        raise KeyError(name)

    def text(self) -> str:
        """The values (with decimals), e.g. ``x = 3/2, x' = 10, lambda = 1/2``."""
        from symml.core.latex.text import plain, with_decimals

        text = ", ".join(f"{plain(k)} = {with_decimals(v)}" for k, v in self.values.items())
        if self.shows is not None and self.shows is not sp.true:
            text += f" (then {plain(self.shows)})"
        return text

    def _latex(self, printer: Any) -> str:
        parts = [
            rf"{_name_latex(k) if isinstance(k, str) else printer._print(k)} = {printer._print(v)}"
            for k, v in self.values.items()
        ]
        text = r",\quad ".join(parts)
        if self.shows is not None:
            text += rf"\quad\Longrightarrow\quad {printer._print(self.shows)}"
        return text


def _name_latex(name: str) -> str:
    greek = {"lambda": r"\lambda", "eta": r"\eta", "beta": r"\beta", "epsilon": r"\epsilon"}
    return greek.get(name, name)


class Sentence(str):
    """A claim (or a witness's description) in words with mathematics in it.

    The parts are words and SymPy objects; the sentence is its plain text (what ``str()``
    and the JSON show: SymPy parts as plain text), and the printer sets the SymPy parts as
    formulas, so no LaTeX is stored.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> s = Sentence(sp.Eq(sp.Function("f")(x), x**2, evaluate=False), "is convex on", x > 0)
    >>> s, s.parts[2]
    ('f(x) = x**2 is convex on x > 0', x > 0)
    """

    parts: tuple[Any, ...]

    def __new__(cls, *parts: Any) -> Sentence:
        from symml.core.latex.text import plain

        kept = tuple(p if isinstance(p, str) else as_sympy(p) for p in parts)
        text = ""
        for part in kept:
            piece = part if isinstance(part, str) else plain(part)
            text += piece if not text or piece[:1] in ",.;:)" or text.endswith("(") else " " + piece
        sentence = super().__new__(cls, text)
        sentence.parts = kept
        return sentence

    @classmethod
    def of(cls, *parts: Any) -> Sentence:
        """A sentence from parts that may themselves be sentences (their parts are spliced in)."""
        return cls(*(q for p in parts for q in getattr(p, "parts", (p,))))


class Printable(JsonData):
    """Mixin: the four renderings of a result.

    ``str()`` is :meth:`text`, a short human summary; ``latex()`` a snippet (or the
    companion's document layout); ``_repr_latex_()`` what Jupyter and VS Code render;
    ``_latex(printer)`` lets results nest inside SymPy's printer.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A concise repr for every result: dataclass keeps a __repr__ the class already has,
        # so results do not print as a dump of every field.
        super().__init_subclass__(**kwargs)
        if "__repr__" not in cls.__dict__:
            cls.__repr__ = Printable.__repr__  # type: ignore[method-assign]

    def __repr__(self) -> str:
        head = self.text().splitlines()[0] if self.text() else ""
        return f"<{type(self).__name__}: {head[:100] + ('…' if len(head) > 100 else '')}>"

    def _latex(self, printer: Any) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def text(self) -> str:
        """A short plain-text summary (a few lines), what ``print(result)`` shows."""
        return type(self).__name__

    def __str__(self) -> str:
        return self.text()

    @property
    def cases(self) -> Cases[Any]:
        """The result as a case split: one case ``True`` when it has no parameters."""
        return Cases([(sp.true, self)])

    def latex(self, layout: str = "snippet") -> str:
        """This result in LaTeX.

        ``layout="snippet"`` (the default) is text with formulas that compiles with amsmath
        and amssymb alone and fits a 345 pt page; ``"document"`` is the companion's layout
        (booktabs tables); ``"math"`` is one formula block, what Jupyter shows.
        """
        from symml.core.latex import LAYOUTS, latex

        if layout not in LAYOUTS:
            raise InvalidValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
        return latex(self, symml_mode=layout)

    def _repr_latex_(self) -> str:
        """What Jupyter (MathJax 3) and VS Code (KaTeX) render: the ``math`` layout."""
        return self.latex("math")


class Computation(Printable):
    """Mixin: a result that computes rather than claims (an optimiser, its iterates, a random
    variable, a fitted loss): ``verdict`` and ``value`` are ``None`` and there are no steps of
    its own (its claims, if any, are results among its attributes)."""

    verdict: Any = None
    value: Any = None
    steps: Any = ()


@dataclass(frozen=True)
class Result(Printable):
    """A claim with its verdict and evidence.

    Parameters
    ----------
    claim : SymPy object or str
        What is claimed, e.g. ``Eq(lhs, rhs)`` or "f is convex on x > 0".
    verdict : Verdict or str
        ``"proven"``, ``"refuted"`` or ``"undecided"``.
    steps : tuple of Step
        Required (non-empty) when the verdict is ``proven``.
    witness : Witness or None
        Required when the verdict is ``refuted``.
    notes : tuple of str
        What was tried (for ``undecided``), conversions performed, caveats.
    value : object
        An optional computed value the claim is about (a solution, a matrix, …).

    Raises
    ------
    ValueError
        When a ``proven`` result has no steps or a ``refuted`` one no witness.

    Examples
    --------
    >>> import sympy as sp
    >>> half = sp.Rational(1, 2)
    >>> w = Witness({"x": half}, sp.Lt(half**2, half, evaluate=False))
    >>> r = Result("x**2 >= x for every real x", "refuted", witness=w)
    >>> r.verdict.value, r.refuted, r.witness["x"]
    ('refuted', True, 1/2)

    What symml returns carries its evidence the same way:

    >>> from symml import newton_step
    >>> x = sp.Symbol("x")
    >>> r = newton_step(x**4, [x], 3)
    >>> r.verdict.value, r.value[0], len(r.steps) > 0
    ('proven', 2, True)
    """

    claim: Any
    verdict: Verdict
    steps: tuple[Step, ...] = ()
    witness: Witness | None = None
    notes: tuple[str, ...] = ()
    value: Any = None

    json_fields = ("claim", "verdict", "steps", "witness", "notes?", "value?")

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        object.__setattr__(self, "claim", exact(self.claim))
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "notes", tuple(self.notes))
        if self.value is not None:
            object.__setattr__(self, "value", exact(self.value))
        if self.verdict is Verdict.PROVEN and not self.steps:
            raise ValueError("a proven result must carry the steps that prove it")
        if self.verdict is Verdict.REFUTED and self.witness is None:
            raise ValueError("a refuted result must carry an exact witness")

    @property
    def proven(self) -> bool:
        return self.verdict is Verdict.PROVEN

    def __float__(self) -> float:
        """The value as a float, when it is a real number (for plotting and reading only)."""
        return float(self.evalf())

    def evalf(self, n: int = 15) -> Any:
        """The value to ``n`` digits (``sp.N(result.value, n)``), when it is a number."""
        if self.value is None or isinstance(self.value, str) or not getattr(self.value, "is_number", False):
            raise TypeError(f"this result's value is not a number: {self.value!r}")
        return sp.N(self.value, n)

    @property
    def refuted(self) -> bool:
        return self.verdict is Verdict.REFUTED

    def text(self) -> str:
        """The verdict and claim, the value (with decimals), the witness and notes."""
        from symml.core.latex.text import counted, plain, with_decimals

        lines = [f"{self.verdict.value}: {plain(self.claim)}"]
        if self.value is not None:
            lines.append(f"  value: {with_decimals(self.value)}")
        if self.witness is not None:
            lines.append(f"  witness: {self.witness.text()}")
        if self.steps:
            lines.append(f"  proof: {counted(_count(self.steps), 'step')}")
        lines += [f"  note: {plain(note)}" for note in self.notes[:3]]
        return "\n".join(lines)

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_result

        return render_result(self, printer)


def _count(steps: Sequence[Step]) -> int:
    return sum(1 + _count(s.substeps) for s in steps)


R = TypeVar("R")


class Checks(Printable, Mapping[str, Result]):
    """Several claims about one object, by name (e.g. the optimality conditions at a point).

    Behaves as a read-only dict ``{name: Result}``; prints as one block.
    """

    def __init__(self, results: Mapping[str, Result], subject: str = "") -> None:
        self._results = dict(results)
        self.subject = subject

    json_fields = ("*results",)

    @property
    def results(self) -> dict[str, Result]:
        """The claims by name."""
        return dict(self._results)

    def __getitem__(self, name: str) -> Result:
        return self._results[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    def __repr__(self) -> str:
        body = ", ".join(f"{name!r}: {r.verdict.value}" for name, r in self._results.items())
        return f"Checks({{{body}}})"

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for r in self._results.values() for s in r.steps)

    @property
    def verdict(self) -> Verdict | None:
        """Whether every claim holds (:meth:`Verdict.all_of`)."""
        return Verdict.all_of(r.verdict for r in self._results.values())

    #: Several claims have no single value.
    value = None

    def text(self) -> str:
        """One line per claim: its name and verdict."""
        lines = [self.subject] if self.subject else []
        lines += [f"  {name}: {r.verdict.value}" for name, r in self._results.items()]
        return "\n".join(lines)

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_named

        return render_named(self._results, printer)


@dataclass(frozen=True)
class Case(JsonData, Generic[R]):
    """One branch of a case split: a condition on the parameters and the result under it."""

    condition: Boolean
    result: R

    json_fields = ("condition", "*result")

    def __iter__(self) -> Iterator[Any]:  # allows ``for cond, res in cases``
        return iter((self.condition, self.result))


class Cases(Printable, Sequence[Case[R]]):
    """Results split by conditions on parameters: disjoint, covering, and checked.

    Parameters
    ----------
    cases : iterable of (condition, result)
        Conditions are SymPy booleans over ``parameters`` (``True`` when there are none).
    parameters : iterable of Symbol
        The real parameters the conditions speak about.
    assumptions : SymPy boolean
        What is admissible (e.g. ``p > 0``); the conditions must cover exactly this.

    Raises
    ------
    CaseSplitError
        When two conditions provably overlap, or some admissible value is provably
        covered by no condition (the message names a parameter value).

    Notes
    -----
    The check is exact whenever every atomic condition involves one parameter: each
    parameter's line is cut at the boundary points of its atoms, and every cell of the
    resulting grid is tested with an exact sample point.  When an atom couples several
    parameters the check cannot be completed; ``verified`` is then ``False`` and a note
    says so (the split is still used, but never silently called verified).

    Examples
    --------
    exp(ax) is strictly convex for a ≠ 0 and affine for a = 0; ``where`` picks a case:

    >>> import sympy as sp
    >>> from symml import convexity
    >>> a, x = sp.symbols("a x")
    >>> cases = convexity(sp.exp(a*x), [x])
    >>> cases.where(a=0).curvature.value, cases.where({a: 2}).curvature.value
    ('affine', 'strictly convex')

    A hand-made split is checked: |a| is a for a ≥ 0 and −a for a < 0; overlapping
    conditions are refused.

    >>> split = Cases([(a >= 0, a), (a < 0, -a)], parameters=[a])
    >>> split.where(a=-3), split.verified
    (-a, True)
    >>> Cases([(a >= 0, a), (a <= 0, -a)], parameters=[a])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symml.core.errors.CaseSplitError: case conditions overlap at a = 0; make them disjoint
    """

    def __init__(
        self,
        cases: Iterable[tuple[Any, R] | Case[R]],
        parameters: Iterable[sp.Symbol] = (),
        assumptions: Any = True,
    ) -> None:
        items = []
        for c in cases:
            cond, res = (c.condition, c.result) if isinstance(c, Case) else c
            items.append(Case(as_sympy(cond), res))
        if not items:
            raise CaseSplitError("a case split needs at least one case")
        impossible = [c for c in items if c.condition is sp.false]
        if impossible:
            # e.g. a case a < 0 for a symbol declared positive: the split ignored an assumption
            raise CaseSplitError(
                f"{len(impossible)} case(s) have a condition that can never hold (False); "
                "leave them out, or bound the split by the parameters' own assumptions"
            )
        self._cases: tuple[Case[R], ...] = tuple(items)
        self.parameters: tuple[sp.Symbol, ...] = tuple(sorted(set(parameters), key=sp.default_sort_key))
        self.assumptions = sp.And(*as_conditions(assumptions))
        self.verified, self.notes = self._check()

    # Sequence protocol
    def __len__(self) -> int:
        return len(self._cases)

    def __getitem__(self, i):  # type: ignore[override]
        return self._cases[i]

    def text(self) -> str:
        """One line per case: the condition, then the case's own summary."""
        from symml.core.latex.text import plain, with_decimals

        if len(self._cases) == 1 and self._cases[0].condition is sp.true:
            only = self._cases[0].result
            return only.text() if hasattr(only, "text") else with_decimals(only)
        names = ", ".join(p.name for p in self.parameters)
        lines = [f"{len(self._cases)} cases of {names}:"]
        for case in self._cases:
            body = case.result.text() if hasattr(case.result, "text") else with_decimals(case.result)
            head, *rest = body.splitlines() or [""]
            lines.append(f"  {plain(case.condition)}: {head}")
            lines += [f"    {line.strip()}" for line in rest if not line.strip().startswith("proof:")]
        return "\n".join(lines)

    @property
    def cases(self) -> Cases[R]:
        """Itself: a case split iterates as ``(condition, result)``."""
        return self

    @property
    def case_list(self) -> tuple[Case[R], ...]:
        """The cases as a tuple (what the JSON of a split lists)."""
        return self._cases

    def _common(self, attribute: str, default: Any) -> Any:
        values = [getattr(c.result, attribute, default) for c in self._cases]
        return values[0] if all(v == values[0] for v in values) else default

    @property
    def verdict(self) -> Verdict | None:
        """The verdict of the claim for every admissible parameter value
        (:meth:`Verdict.all_of` over the cases): ``refuted`` when some case is refuted (its
        witness, at a parameter value of its case, refutes the claim), else ``undecided``
        when some case is undecided, else ``proven``.  Iterate over the cases for each one's."""
        return Verdict.all_of(getattr(c.result, "verdict", None) for c in self._cases)

    @property
    def value(self) -> Any:
        """The value shared by every case (e.g. the only case's), else ``None``."""
        return self._common("value", None)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The only case's steps; a split's steps are those of its cases."""
        return getattr(self._cases[0].result, "steps", ()) if len(self._cases) == 1 else ()

    def where(self, point: Mapping[Any, Any] | None = None, /, **values: Any) -> R:
        """The result for concrete parameter values: ``cases.where(p=1)`` or ``cases.where({p: 1})``."""
        if point is not None:
            if not isinstance(point, Mapping):
                raise CaseSplitError(f"give the parameter values as a dict {{p: 1}} or as p=1; got {point!r}")
            values = {**{str(k): v for k, v in point.items()}, **values}
        subs = {
            s: as_expr(values[s.name], self.parameters, what=f"the value of {s.name}")
            for s in self.parameters
            if s.name in values
        }
        missing = [s.name for s in self.parameters if s.name not in values]
        if missing:
            raise CaseSplitError(f"give a value for every parameter; missing: {', '.join(missing)}")
        for case in self._cases:
            if as_sympy(case.condition.subs(subs)) is sp.true:
                return case.result
        raise CaseSplitError(f"no case holds for {values}; is it admissible ({self.assumptions})?")

    def _latex(self, printer: Any) -> str:
        from symml.core.latex import render_cases

        return render_cases(self, printer)

    # The exhaustiveness check
    def _check(self) -> tuple[bool, tuple[str, ...]]:
        conds = [c.condition for c in self._cases]
        free = set().union(*(c.free_symbols for c in conds), self.assumptions.free_symbols)
        unknown = free - set(self.parameters)
        if unknown:
            raise CaseSplitError(
                f"case conditions mention {sorted(map(str, unknown))}, which are not parameters "
                f"{[str(p) for p in self.parameters]}"
            )
        from symml.core.symbols import own_conditions

        # admissible: the stated assumptions and what the parameters' own declarations allow
        admissible = sp.And(self.assumptions, *own_conditions(self.parameters))
        grid = _sample_grid(conds + [admissible], self.parameters)
        if grid is None:
            return _check_coupled(conds, admissible, self.parameters)
        undecided = False
        for point in grid:
            if not _truth(admissible, point):
                if _truth(admissible, point) is None:
                    undecided = True
                continue
            truths = [_truth(c, point) for c in conds]
            if any(t is None for t in truths):
                undecided = True
                continue
            holding = sum(bool(t) for t in truths)
            where = ", ".join(f"{k} = {v}" for k, v in point.items()) or "all values"
            if holding > 1:
                raise CaseSplitError(f"case conditions overlap at {where}; make them disjoint")
            if holding == 0:
                raise CaseSplitError(
                    f"no case condition holds at {where}; the cases must cover every admissible value"
                )
        if undecided:
            return False, ("some cells of the parameter grid could not be decided exactly",)
        return True, ()


def _check_coupled(
    conds: list[Any], admissible: Any, parameters: Sequence[sp.Symbol]
) -> tuple[bool, tuple[str, ...]]:
    """Disjointness and coverage of conditions coupling several parameters, by z3 (nlsat)."""
    try:
        ok, problem = partition_problems(conds, admissible, parameters)
    except Unsupported:
        ok, problem = False, None
    if problem is not None:
        raise CaseSplitError(problem)
    if ok:
        return True, ()
    return False, ("conditions couple several parameters; disjointness and coverage not verified",)


def _truth(cond: Any, point: Mapping[sp.Symbol, Any]) -> bool | None:
    value = as_sympy(cond).subs(point) if point else as_sympy(cond)
    value = sp.simplify(value) if not isinstance(value, (BooleanTrue, BooleanFalse)) else value
    if value is sp.true:
        return True
    if value is sp.false:
        return False
    return None


def _sample_grid(conds: list[Any], parameters: Sequence[sp.Symbol]) -> list[dict[sp.Symbol, Any]] | None:
    """Exact sample points, one per cell of the grid cut by every atom's boundary points.

    Returns ``None`` when some atom involves more than one parameter.
    """
    boundaries: dict[sp.Symbol, set[Any]] = {p: set() for p in parameters}
    for cond in conds:
        for atom in as_sympy(cond).atoms(sp.core.relational.Relational):
            syms = atom.free_symbols
            if len(syms) > 1:
                return None
            if not syms:
                continue
            (p,) = syms
            real = sp.Dummy(p.name, real=True)
            try:
                s = atom.subs(p, real).as_set()
            except (NotImplementedError, TypeError, ValueError):
                return None
            pts = s.boundary
            if not isinstance(pts, sp.FiniteSet):
                return None
            boundaries[p].update(v for v in pts if v.is_finite)
    axes: list[list[Any]] = []
    for p in parameters:
        segments = line_segments(boundaries[p])
        if segments is None:
            return None
        axes.append([seg.sample for seg in segments])
    grid: list[dict[sp.Symbol, Any]] = [{}]
    for p, samples in zip(parameters, axes):
        grid = [{**g, p: v} for g in grid for v in samples]
    return grid


def as_cases(result: R) -> Cases[R]:
    """Wrap a parameter-free result as a one-case split with condition ``True``."""
    return Cases([(sp.true, result)])
