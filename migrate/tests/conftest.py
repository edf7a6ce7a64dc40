"""Fixtures for imp-migrate's tests; the helpers live in ``behaviour.py``."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("behaviour")  # show both outputs when a rewrite changes them

from behaviour import check_rewrite  # noqa: E402

__all__ = ["check_rewrite"]
