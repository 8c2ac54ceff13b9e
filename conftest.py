"""Hypothesis profiles: ``ci`` (derandomised, 200 examples) when CI is set, ``dev`` otherwise."""

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
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SYMML_HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
