"""The companion's errata section is built from `symml check`'s findings on the notes plus the
derivations' own errata (issue 17): no refutation of the checker is left out, none is listed twice."""

from __future__ import annotations

from derivations import NOTES_FILE, Erratum
from derivations._build import CHECKED, checked_errata
from symml.check import check_notes
from symml.core.latex import Text


def test_every_refutation_of_the_checker_is_an_erratum_once():
    refuted = check_notes(NOTES_FILE).refuted
    assert len(refuted) == 9
    derivations = [
        Erratum("(2.7)", "the loss", "the sign"),  # joined: the checker's witness becomes its evidence
        Erratum("Example (2.19), after (2.20)", "the only point", "p = -1"),  # a claim in prose, after (2.20)
        Erratum("(2.48) and (2.50)", "the vector form", "the root"),  # two findings, one erratum
        Erratum("Section 2.1", "words", "other words"),  # prose the checker does not read: kept
    ]
    items = checked_errata(derivations)
    found_by = [
        b.body
        for e in items
        for b in (e.evidence if isinstance(e.evidence, tuple) else [e.evidence])
        if isinstance(b, Text)
    ]
    assert all(t.startswith(CHECKED) for t in found_by) and len(found_by) == len(refuted)
    for f in refuted:  # each refutation once, at its line
        assert sum(f"(line {f.line})" in t for t in found_by) == 1
    where = [e.where for e in items]
    assert where[:4] == [e.where for e in derivations]  # the derivations' errata keep their places
    # the findings without a derivation erratum get their own items, named by their label
    assert sorted(where[4:]) == ["(2.26)", "(2.29)", "(2.34)", "(2.37)", "(2.45)"]
    joined = items[2].evidence
    assert isinstance(joined, tuple) and len(joined) == 2  # (2.48) and (2.50)
