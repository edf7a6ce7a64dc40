"""differential.reference.reference_python: a missing reference skips only where the machine
truly lacks it; listed but broken, or absent on CI, it fails the test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import requires_subprocess
from differential.reference import reference_python

pytestmark = requires_subprocess


@pytest.fixture
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No pythonX.Y on PATH, an empty pyenv, CI unset; returns the PATH folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.delenv("CI", raising=False)
    return bin_dir


def test_absent_without_ci_skips(bare_machine: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match=r"no Python 3\.11"):
        reference_python("3.11")


@pytest.mark.parametrize("value", ["true", "1"])
def test_absent_on_ci_fails(bare_machine: Path, monkeypatch: pytest.MonkeyPatch,
                            value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        reference_python("3.11")


def test_listed_but_broken_fails(bare_machine: Path) -> None:
    fake = bare_machine / "python3.11"
    fake.write_text("#!/bin/sh\necho 3.9\n")
    fake.chmod(0o755)
    with pytest.raises(pytest.fail.Exception, match="listed but does not run"):
        reference_python("3.11")


def test_found_on_path(bare_machine: Path) -> None:
    """The running interpreter, put on PATH under its pythonX.Y name, is found and returned."""
    version = "{}.{}".format(*sys.version_info[:2])
    link = bare_machine / f"python{version}"
    os.symlink(sys.executable, link)
    assert reference_python(version) == str(link)
