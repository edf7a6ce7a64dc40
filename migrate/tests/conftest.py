"""Fixtures for imp-migrate's tests; the helpers live in ``behaviour.py``."""

from __future__ import annotations

from behaviour import check_rewrite

__all__ = ["check_rewrite"]
