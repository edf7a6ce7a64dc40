"""Finding the reference interpreters (the last CPython that had a removed name) on this machine.

Missing, a reference skips the test that needs it, except in CI (``CI`` or
``IMP_REQUIRE_REFERENCES`` set), where it fails: a green CI run must mean it was compared.
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

import pytest

REQUIRE_REFERENCES = bool(os.environ.get("CI")) or bool(os.environ.get("IMP_REQUIRE_REFERENCES"))


def candidates(version: str) -> list[str]:
    """Every ``pythonX.Y`` found, pyenv's versions first; never a pyenv shim (a shim answers
    only for the version pyenv has selected, and fails for the others)."""
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    pattern = os.path.join(pyenv_root, "versions", f"{version}.*", "bin", f"python{version}")
    found = [*sorted(glob.glob(pattern)), shutil.which(f"python{version}")]
    unique: list[str] = []
    for path in found:
        if not path or path in unique or "shims" in Path(path).parts:
            continue
        if os.access(path, os.X_OK):
            unique.append(path)
    return unique


def require(version: str) -> list[str]:
    """The ``pythonX.Y`` interpreters on this machine; none: skip, or fail in CI."""
    found = candidates(version)
    if not found:
        message = f"no Python {version} interpreter on this machine (pyenv or PATH)"
        if REQUIRE_REFERENCES:
            pytest.fail(message + "; CI must have it", pytrace=False)
        pytest.skip(message)
    return found
