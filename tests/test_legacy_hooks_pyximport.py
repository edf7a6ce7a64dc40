"""Cython 0.29's ``pyximport.install()``, a real PEP 302 hook user, on this Python.

Its ``PyxImporter`` is a ``sys.meta_path`` finder with only ``find_module()`` and its loader has
only ``load_module()``; it imports ``imp`` and builds with distutils. The flow (install, then a
plain ``import`` of a small ``.pyx`` compiled on the fly) must show what it showed on Python
3.11.7 with the standard library's ``imp`` (recorded below from
``tests/legacy_hooks/pyximport_flow.py`` run there with Cython 0.29.37).

Needs Cython 0.29.x, setuptools (distutils on 3.12+) and a C compiler; the nox session
``legacy_hooks_real_packages`` provides them. Skipped, with the reason, where they are missing.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import requires_subprocess

HERE = Path(__file__).parent / "legacy_hooks"

PYTHON_3_11_RESULT = {
    "fib": 832040,
    "file_in_build_dir": True,
    "import_warnings": [
        "PyxImporter.find_spec() not found; falling back to find_module()",
        "PyxLoader.exec_module() not found; falling back to load_module()",
    ],
    "importer_in_meta_path": True,
    "importer_removed": True,
    "in_sys_modules": True,
    "loader": "ExtensionFileLoader",
    "spec_name": "lh_fib",
}


def _missing_requirement() -> str | None:
    try:
        version = importlib.metadata.version("Cython")
    except importlib.metadata.PackageNotFoundError:
        return "Cython 0.29.x is not installed (nox -s legacy_hooks_real_packages installs it)"
    if not version.startswith("0.29."):
        return f"Cython here is {version}, not 0.29.x (Cython 3's pyximport uses modern hooks)"
    if sys.version_info >= (3, 12) and importlib.util.find_spec("setuptools") is None:
        return "pyximport needs distutils, which setuptools provides on Python 3.12+"
    if not (shutil.which("cc") or shutil.which("gcc")):
        return "no C compiler to build the .pyx"
    return None


MISSING = _missing_requirement() if sys.platform not in ("emscripten", "wasi") else "WebAssembly"


def run_flow(tmp_path: Path, mode: str) -> dict[str, object]:
    shutil.copy(HERE / "lh_fib.pyx", tmp_path / "lh_fib.pyx")
    env = {k: v for k, v in os.environ.items() if k != "IMP_COMPAT_LEGACY_HOOKS"}
    done = subprocess.run(
        [sys.executable, str(HERE / "pyximport_flow.py"), str(tmp_path), mode],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


pytestmark = [requires_subprocess, pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]


def test_pyximport_after_import_imp_alone(tmp_path: Path) -> None:
    """The legacy code path as written: pyximport imports imp, which switches the hooks on."""
    assert run_flow(tmp_path, "automatic") == PYTHON_3_11_RESULT


@pytest.mark.skipif(sys.version_info < (3, 12), reason="imp_compat adds nothing on 3.11")
def test_pyximport_with_the_hooks_switched_on_explicitly(tmp_path: Path) -> None:
    assert run_flow(tmp_path, "explicit") == PYTHON_3_11_RESULT
