"""Hypothesis profiles: ``ci`` (derandomised, 200 examples) when CI is set, ``dev`` otherwise.

``thorough`` (random seed, thousands of examples) is for soundness work: run
``pytest --hypothesis-profile thorough tests/core/test_sign_conditions_properties.py``
(or set ``SYMML_HYPOTHESIS_PROFILE=thorough``) before calling a property proven.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=3000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SYMML_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


# --- no LaTeX in the data: every result built while the tests run is checked ----------------
# Results hold words (str) and Sentences (words + SymPy objects); only the printer writes
# LaTeX (issue 15). A reason, note, claim or witness description with `$…$` or a TeX command
# in its words fails the test that built it, wherever in symml it was made.
import re  # noqa: E402

from symml.core import results as _results  # noqa: E402

_TEX = re.compile(r"\$|\\[A-Za-z{(\[]")


def _words_of(value):
    if isinstance(value, str):
        yield from (p for p in getattr(value, "parts", (value,)) if isinstance(p, str))


def _refuse_tex(kind, field, value):
    for words in _words_of(value):
        if _TEX.search(words):
            raise AssertionError(f"LaTeX in the words of a {kind}'s {field}: {words!r} (use a Sentence)")


def _guarded(cls, fields):
    original = cls.__post_init__

    def __post_init__(self):
        original(self)
        for field in fields:
            value = getattr(self, field)
            for item in value if isinstance(value, tuple) else (value,):
                _refuse_tex(cls.__name__, field, item)

    cls.__post_init__ = __post_init__


_guarded(_results.Step, ("reason",))
_guarded(_results.Result, ("claim", "notes"))
_guarded(_results.Witness, ("description",))
