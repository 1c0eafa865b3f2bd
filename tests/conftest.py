"""Shared fixtures: where ../shared is, hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GIXPARSE_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"

settings.register_profile("dev", max_examples=50, deadline=None)
# CI reports a failing example as found, without shrinking or explaining it (a failure in a slow
# layout could otherwise spend most of CI's time shrinking); reproduce it with the printed blob
settings.register_profile(
    "ci", max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True,
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target),
)
# a long search, run by hand (not in CI): HYPOTHESIS_PROFILE=nightly
settings.register_profile(
    "nightly", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

needs_shared = pytest.mark.skipif(
    not (SHARED / "gold").is_dir(),
    reason=f"the shared gold reports are not at {SHARED} (set GIXPARSE_SHARED to point at shared/)",
)
