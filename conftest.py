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
