"""Fixtures for imp-migrate's tests; the helpers live in ``behaviour.py``."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("behaviour")  # show both outputs when a rewrite changes them
pytest.register_assert_rewrite("legacy_behaviour")

from behaviour import check_rewrite  # noqa: E402
from legacy_behaviour import check_legacy  # noqa: E402

__all__ = ["check_legacy", "check_rewrite"]
