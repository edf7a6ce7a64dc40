"""Fixtures for imp-wsl's tests; the fakes themselves live in wsl_fakes.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helper modules (wsl_fakes, wsl_sysbox) sit beside the tests; with --import-mode=importlib
# the directory is not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from wsl_fakes import FakeSystem, make_wsl


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeSystem]:
    """A fake WSL 2 system, booted and running, where imp runs as root."""
    system = make_wsl(FakeSystem(tmp_path / "root"))
    yield system
    system.release()


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[FakeSystem]:
    """An empty fake root: no WSL markers at all."""
    system = FakeSystem(tmp_path / "root")
    system.root.mkdir()
    yield system
    system.release()
