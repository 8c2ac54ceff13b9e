"""Walking a notes file: each display becomes findings, each heading and inline formula updates the scope."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from symml.check.document import Display, Prose, headings, inline_formulas, read_notes
from symml.check.errata import named_witness, notes_name
from symml.check.links import INSTANCE, SHIFTED, Context, Outcome, check_link, fails_at
from symml.check.notation import factor, reader
from symml.check.reader import RELATIONS, AmbiguousPrime, Chain, FunctionDef, Reader, Unreadable, tokens
from symml.check.report import NOT_CHECKED, PROVEN, REFUTED, Finding
from symml.check.scope import Scope, dataset_ranges, side_parts, substitute
from symml.core.errors import SymmlError
from symml.core.results import Sentence

__all__ = ["Walk", "walk_notes", "rows_of"]

_DEFINITION = re.compile(
    r"^\s*(?P<name>[A-Za-z](?:_\{[^{}=]*\}|_[A-Za-z0-9])?)\s*\((?P<args>[^()=]*)\)\s*=(?!=)"
)
_ARGUMENT = re.compile(r"^\s*(\\mathcal\{[A-Za-z]\}|[A-Za-z](?:_[A-Za-z0-9*])?|\\[A-Za-z]+)\s*$")
_VARIABLE_LETTERS = set("xyzwuv")
#: Words that say f has a sign: then only exp (positive) may stand for it.
_SIGN_WORDS = re.compile(r"\bf\b[^.$]{0,16}\b(positive|nonnegative|non-negative)\b|\blog f\b")
_INSTANCE_FORBIDDEN = ("concave", "strongly", "lipschitz", "bounded", "quadratic", "negative", "periodic")


@dataclass
class Walk:
    """The state of one walk: the scope, the previous display's last term, the findings."""

    scope: Scope = field(default_factory=Scope)
    findings: list[Finding] = field(default_factory=list)
    previous: Any = None
    numbered: int = 0
    current: Display | None = None  # the display being checked

    # -- prose -------------------------------------------------------------------------------
    def prose(self, piece: Prose) -> None:
        """Headings end scopes; the text between them adds its words, definitions and claims."""
        marks = headings(piece, self.numbered)
        lines = piece.text.split("\n")
        cut = 0
        for offset, heading in marks:
            self._text(lines, cut, offset, piece.line)
            if heading.numbered:
                self.numbered = heading.level
            self.scope.heading(heading.level)
            self.previous = None
            cut = offset
        self._text(lines, cut, len(lines), piece.line)

    def _text(self, lines: list[str], start: int, end: int, first_line: int) -> None:
        from symml.check.claims import inline_claims

        text = "\n".join(lines[start:end])
        self.scope.words += "\n" + text
        inline_claims(self, Prose(text, first_line + start, inline_formulas(text, first_line + start)))

    def context(self, *, rule: bool = False) -> Context:
        """What the check may assume here; an unknown f becomes exp (or exp - 3, where nothing is said
        of f's sign) only in a proof or for a rule, and only if it satisfies what the notes state of f."""
        words = self.scope.words.lower()
        if not rule and "proof" not in words:
            return Context(self.scope.finite(), (), self.scope.parameters())
        decreasing = "decreasing" in words.replace("non-decreasing", "").replace("nondecreasing", "")
        if decreasing or any(w in words for w in _INSTANCE_FORBIDDEN):
            return Context(self.scope.finite(), (), self.scope.parameters())
        candidates = (INSTANCE,) if _SIGN_WORDS.search(words) else (INSTANCE, SHIFTED)
        instances = tuple(i for i in candidates if self._instance_meets_constraints(i))
        return Context(self.scope.finite(), instances, self.scope.parameters())

    def _instance_meets_constraints(self, instance: Any) -> bool:
        """Whether ``instance`` satisfies what the notes stated about f (``f'(x) \\geq 0``)."""
        from sympy.core.function import AppliedUndef

        from symml.check.links import concrete
        from symml.core.exact.signs import prove_sign

        for e in self.scope.of("constraint"):
            lhs, rel, rhs = e.value
            both = sp.Tuple(lhs, rhs)
            if not both.atoms(AppliedUndef, sp.Derivative):
                continue
            left, right = concrete(lhs, instance), concrete(rhs, instance)
            if left is None or right is None:
                return False
            difference = right - left if rel in ("<", "<=") else left - right
            target = ">" if rel in ("<", ">") else ">="
            try:
                if prove_sign(difference, target).verdict.value != PROVEN:
                    return False
            except SymmlError:
                return False
        return True

    def add(
        self, display: Display | None, line: int, statement: str, outcome: Outcome, label: Any = None
    ) -> None:
        self.findings.append(
            Finding(
                display.label if display is not None else label,
                line,
                statement,
                outcome.verdict,
                outcome.reason,
                named_witness(outcome.witness),
                outcome.steps,
            )
        )

    # -- displays ------------------------------------------------------------------------------
    def display(self, d: Display) -> None:
        self.current = d
        ranges = dataset_ranges(d.body)
        for name, values in ranges.items():
            self.scope.add("finite", name, values)
        if not d.body.strip(" .,;\n"):
            self.previous = None
            what = f"the numbered display ({d.label})" if d.label else "the display"
            return self.add(d, d.line, d.body, Outcome(NOT_CHECKED, f"an empty display: {what} says nothing"))
        text = rows_of(d.body)
        if text is None:
            self.previous = None
            return self.add(
                d, d.line, d.body, Outcome(NOT_CHECKED, "a function signature (no claim to check)")
            )
        main, side = side_parts(text)
        main = main.strip().rstrip(".,;").strip()
        if not main:
            self.previous = None
            return self.add(d, d.line, d.body, Outcome(NOT_CHECKED, "an empty display"))
        self.side_conditions(side)
        try:
            self.statement(d, main)
        except AmbiguousPrime:
            self.readings(d, main)
        except Unreadable as exc:
            self.previous = None
            self.add(d, d.line, d.body, Outcome(NOT_CHECKED, f"not read: {exc}"))
        # a hypothesis stated in the prose is used by the display that follows it only
        self.scope.entries = [e for e in self.scope.entries if e.kind != "hypothesis"]

    def side_conditions(self, side: list[str]) -> None:
        for item in side:
            m = re.match(r"^\s*([A-Za-z\\][A-Za-z]*)\s*\\in\s*\\mathbb\{R\}", item)
            if m:
                self.scope.add("parameter", m.group(1).lstrip("\\"))

    def statement(self, d: Display, main: str) -> None:
        from symml.check.samples import sample_estimate

        if ("\\simeq" in main or "\\approx" in main) and sample_estimate(self, d, main):
            self.previous = None
            return None
        functions = self.scope.functions()
        m = _DEFINITION.match(main)
        if m and all(_ARGUMENT.match(a) for a in m.group("args").split(",")):
            name = m.group("name").replace("{", "").replace("}", "")
            if name not in functions:  # a function already defined here is claimed about, not redefined
                return self.definition(d, main, m)
        toks = tokens(main)
        if toks and toks[0] in RELATIONS:
            if self.previous is None:
                raise Unreadable("a continuation (it starts with a relation) of nothing read")
            chain = Reader(toks, functions, factor=factor).chain_from(self.previous)
        else:
            chain = Reader(toks, functions, factor=factor).chain()
        self.previous = chain.terms[-1]
        if not chain.relations:
            return self.add(d, d.line, d.body, Outcome(NOT_CHECKED, "an expression, not a statement"))
        if self.symbol_definition(d, chain):
            return None
        self.check_chain(d, chain)

    def definition(self, d: Display, main: str, m: re.Match[str]) -> None:
        name = m.group("name").replace("{", "").replace("}", "")
        args = [a.strip() for a in m.group("args").split(",")]
        rest = main[m.end() :]
        chain = reader(rest, self.scope.functions()).chain()
        body = chain.terms[0]
        arguments = tuple(_argument_value(a) for a in args)
        variables = _variables(body, arguments, self.scope.parameters())
        self.scope.add("function", name, FunctionDef(name, arguments, body, variables, d.label))
        self.previous = chain.terms[-1]
        if chain.relations:
            self.check_chain(d, chain, defined=name)
        else:
            self.add(d, d.line, d.body, Outcome(NOT_CHECKED, f"definition of {name} (used in what follows)"))

    def symbol_definition(self, d: Display, chain: Chain) -> bool:
        lhs = chain.terms[0]
        if not (isinstance(lhs, (sp.Symbol, sp.Indexed)) and chain.relations[0] == "="):
            return False
        from symml.check.claims import restatement, vector_form
        from symml.check.newton import newton_claim

        if newton_claim(self, d, chain) or vector_form(self, d, chain):
            return True
        if self.scope.rule(lhs) is not None and not _introduces(self.scope.words):
            return restatement(self, d, chain)
        self.scope.add("symbol", lhs, chain.terms[1], d.label)
        if len(chain.relations) == 1:
            reason = f"definition of {notes_name(str(lhs))} (used in what follows)"
            self.add(d, d.line, d.body, Outcome(NOT_CHECKED, reason))
        else:
            self.check_chain(d, Chain(chain.terms[1:], chain.relations[1:]), defined=notes_name(str(lhs)))
        return True

    def check_chain(self, d: Display, chain: Chain, defined: str | None = None) -> None:
        self.add(d, d.line, d.body, self.chain_outcome(chain, defined))

    def chain_outcome(self, chain: Chain, defined: str | None = None) -> Outcome:
        """The verdict on a chain: the worst of its links (refuted over not checked over proven)."""
        from symml.check.probability import check_probability_link, has_probability
        from symml.check.taylor import approximation, check_expansion, expansion

        ctx = self.context()
        worst: Outcome | None = None
        notes = []
        if len(chain.relations) == 1 and chain.relations[0] == "=" and 0 in (chain.terms[0], chain.terms[1]):
            return Outcome(NOT_CHECKED, "an equation (… = 0): a condition on its unknowns, not an identity")
        for k, (a, rel, b) in enumerate(chain.links()):
            a, b = self.concrete_sides(a, b)
            claimed = expansion(a, rel, b) or approximation(a, rel, b)
            if claimed is not None:
                outcome = check_expansion(claimed, self)
            elif has_probability(a) or has_probability(b):
                outcome = check_probability_link(a, rel, b, self)
            else:
                outcome = check_link(a, rel, b, ctx)
            said = () if outcome.verdict == PROVEN else ("(", outcome.reason, ")")
            notes.append(Sentence.of(*((";",) if notes else ()), f"link {k + 1}: {outcome.verdict}", *said))
            if worst is None or _rank(outcome) > _rank(worst):
                worst = outcome
        assert worst is not None
        reason = worst.reason if len(chain.relations) == 1 else Sentence.of(*notes)
        if defined:
            reason = Sentence.of(f"defines {defined};", reason)
        steps = tuple(s for s in worst.steps) if worst.verdict == PROVEN else ()
        return Outcome(worst.verdict, reason, worst.witness, steps)

    def concrete_sides(self, a: Any, b: Any) -> tuple[Any, Any]:
        """Both sides of a link with the definitions in scope put in and integrals of derivatives done."""
        return _evaluate(substitute(a, self.scope)), _evaluate(substitute(b, self.scope))

    def readings(self, d: Display, main: str) -> None:
        """``f(a)'`` read both ways (the derivative of the number f(a), 0; or f'(a)): refuted only when
        one witness refutes every reading."""
        chains = []
        for mode in ("zero", "derivative"):
            r = Reader(tokens(main), self.scope.functions(), factor=factor, value_prime=mode)
            starts = r.peek() in RELATIONS
            chain = r.chain_from(self.previous) if starts and self.previous is not None else r.chain()
            chains.append(chain)
        self.previous = None
        outcomes = [self.chain_outcome(c) for c in chains]
        why = "f(a)' read as 0 (the derivative of the number f(a)) and as f'(a)"
        for outcome in outcomes:
            if outcome.verdict != REFUTED or any(len(c.relations) != 1 for c in chains):
                continue
            links = [self.concrete_sides(*c.links()[0][::2]) + (c.relations[0],) for c in chains]
            if all(fails_at(a, rel, b, outcome.witness) for a, b, rel in links):
                instance = outcome.witness.values.get("f(u)")
                f_is = (
                    ()
                    if instance is None
                    else ("for", sp.Eq(sp.Function("f")(sp.Symbol("u", real=True)), instance, evaluate=False))
                )
                reason = Sentence(f"false in both readings ({why})", *f_is, "at the witness")
                return self.add(d, d.line, d.body, Outcome(REFUTED, reason, outcome.witness))
        verdicts = ", ".join(o.verdict for o in outcomes)
        return self.add(d, d.line, d.body, Outcome(NOT_CHECKED, f"{why}: {verdicts}; no common witness"))


_NEW_RULE = re.compile(r"\b(alternatively|instead|another|variant|we define|let|consider|redefine)\b", re.I)


def _introduces(words: str) -> bool:
    """Whether the sentence before a display announces a new rule rather than restating one."""
    last = re.split(r"(?<=[.:])\s", words.strip())[-1] if words.strip() else ""
    return bool(_NEW_RULE.search(last))


def _rank(o: Outcome) -> int:
    return {PROVEN: 0, NOT_CHECKED: 1, REFUTED: 2}[o.verdict]


def _evaluate(value: Any) -> Any:
    """Integrals of derivatives (the fundamental theorem of calculus) and derivatives done."""
    if isinstance(value, sp.MatrixBase):
        return value
    if value.atoms(sp.Integral):
        done = value.doit()
        if not done.atoms(sp.Integral):
            return done
    return value


def _argument_value(text: str) -> Any:
    r = reader(text)
    if text.strip() in ("f", "g", "h"):
        return sp.Symbol(text.strip())
    value = r.expression()
    r.finish()
    return value


def _variables(body: Any, arguments: tuple[Any, ...], parameters: frozenset[str]) -> tuple[sp.Symbol, ...]:
    if isinstance(body, sp.MatrixBase):
        return ()
    args = [a for a in arguments if isinstance(a, sp.Symbol) and a in body.free_symbols]
    more = sorted(
        (
            s
            for s in body.free_symbols
            if isinstance(s, sp.Symbol)
            and s.name in _VARIABLE_LETTERS
            and s not in args
            and s.name not in parameters
        ),
        key=lambda s: s.name,
    )
    return tuple(args + more)


def rows_of(body: str) -> str | None:
    """The formula of a display as one line: aligned rows joined, ``x \\mapsto f(x) = …`` as ``f(x) = …``.

    Returns ``None`` for a display that is only a function signature (``f: A \\to B``).
    """
    text = re.sub(r"\\(begin|end)\{(aligned|split|gathered)\}", " ", body)
    rows = [r for r in _split_rows(text) if r.strip()]
    kept = []
    for row in rows:
        row = _outside_matrices(row, lambda part: part.replace("&", " "))
        if "\\mapsto" in row:
            row = row.split("\\mapsto")[-1]
            kept.append(row)
        elif re.match(r"^\s*[A-Za-z\\][^=]*:\s*[^=]*\\(rightarrow|to)\b", row):
            continue
        else:
            kept.append(row)
    return " ".join(kept) if kept else None


def _outside_matrices(text: str, change: Any) -> str:
    """``change`` applied to the parts of ``text`` outside ``\\begin{…}…\\end{…}``."""
    parts = re.split(r"(\\begin\{[a-z]*matrix\}.*?\\end\{[a-z]*matrix\})", text, flags=re.DOTALL)
    return "".join(part if k % 2 else change(part) for k, part in enumerate(parts))


def _split_rows(text: str) -> list[str]:
    rows, depth, start, k = [], 0, 0, 0
    while k < len(text):
        if text.startswith("\\begin{", k):
            depth += 1
        elif text.startswith("\\end{", k):
            depth -= 1
        elif text.startswith("\\\\", k) and depth == 0:
            rows.append(text[start:k])
            start, k = k + 2, k + 2
            continue
        k += 1
    rows.append(text[start:])
    return rows


def walk_notes(text: str) -> list[Finding]:
    """Every finding of a notes text, in order."""
    walk = Walk()
    for item in read_notes(text):
        if isinstance(item, Prose):
            walk.prose(item)
        else:
            walk.display(item)
    return walk.findings
