"""conftest.require_reference_python: a missing reference interpreter skips only where the
machine truly lacks it; on CI (``CI`` or ``IMP_REQUIRE_REFERENCES`` set) it fails the test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
from conftest import require_reference_python, requires_subprocess


@pytest.fixture
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No pythonX.Y on PATH, an empty pyenv, not on CI; returns the PATH folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setattr(conftest, "REQUIRE_REFERENCES", False)
    return bin_dir


def test_absent_off_ci_skips(bare_machine: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match=r"no Python 3\.11"):
        require_reference_python("3.11")


def test_absent_on_ci_fails(bare_machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "REQUIRE_REFERENCES", True)
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        require_reference_python("3.11")


@requires_subprocess
@pytest.mark.parametrize(("variable", "value", "required"), [
    (None, None, False), ("CI", "true", True), ("IMP_REQUIRE_REFERENCES", "1", True),
])
def test_ci_is_told_by_the_environment(variable: str | None, value: str | None,
                                       required: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "IMP_REQUIRE_REFERENCES")}
    if variable is not None and value is not None:
        env[variable] = value
    done = subprocess.run(
        [sys.executable, "-c", "import conftest; print(conftest.REQUIRE_REFERENCES)"],
        cwd=Path(conftest.__file__).parent, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(required)


@requires_subprocess
def test_found_on_path(bare_machine: Path) -> None:
    """The running interpreter, put on PATH under its pythonX.Y name, is found and returned."""
    version = "{}.{}".format(*sys.version_info[:2])
    link = bare_machine / f"python{version}"
    os.symlink(sys.executable, link)
    assert require_reference_python(version) == str(link)
