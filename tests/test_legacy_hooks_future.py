"""python-future 0.18's ``past.translation.install_hooks()``, a real PEP 302 hook user.

Its ``Py2Fixer`` goes first in ``sys.meta_path`` with only ``find_module()``/``load_module()``,
uses ``imp.find_module``/``imp.load_module``/``imp.new_module``, and translates Python 2 source
with lib2to3 (so: Python <= 3.12). The flow must show what it showed on Python 3.11.7 with the
standard library's ``imp`` (recorded below from ``tests/legacy_hooks/future_flow.py`` run there
with future 0.18.3). Needs ``future==0.18.3`` (nox session ``legacy_hooks_real_packages``).
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
    "after_remove": False,
    "detect": True,
    "greet": "done",
    "halves": 3,
    "import_warnings": [
        "Py2Fixer.exec_module() not found; falling back to load_module()",
        "Py2Fixer.find_spec() not found; falling back to find_module()",
    ],
    "loader": "Py2Fixer",
    "printed": "hello from Python 2 syntax\n",
}


def _missing_requirement() -> str | None:
    if sys.platform in ("emscripten", "wasi"):
        return "no subprocesses under WebAssembly"
    if importlib.util.find_spec("lib2to3") is None:
        return "past.translation needs lib2to3, gone from the standard library in Python 3.13"
    try:
        version = importlib.metadata.version("future")
    except importlib.metadata.PackageNotFoundError:
        return "python-future 0.18 is not installed (nox -s legacy_hooks_real_packages installs it)"
    if not version.startswith("0.18."):
        return f"python-future here is {version}, not 0.18.x"
    return None


MISSING = _missing_requirement()
pytestmark = [requires_subprocess, pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]


def run_flow(tmp_path: Path, mode: str) -> dict[str, object]:
    shutil.copy(HERE / "lh_py2mod.py.txt", tmp_path / "lh_py2mod.py")
    env = {k: v for k, v in os.environ.items() if k != "IMP_COMPAT_LEGACY_HOOKS"}
    done = subprocess.run(
        [sys.executable, str(HERE / "future_flow.py"), str(tmp_path), mode],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_install_hooks_after_import_imp_alone(tmp_path: Path) -> None:
    """As written: past.translation imports imp, which switches the legacy hooks on."""
    assert run_flow(tmp_path, "automatic") == PYTHON_3_11_RESULT


@pytest.mark.skipif(sys.version_info < (3, 12), reason="imp_compat adds nothing on 3.11")
def test_install_hooks_with_the_hooks_switched_on_explicitly(tmp_path: Path) -> None:
    assert run_flow(tmp_path, "explicit") == PYTHON_3_11_RESULT
