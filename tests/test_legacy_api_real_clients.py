"""Real old packages from the package index that Python 3.12 broke, run for real.

- setuptools 65.5.0's ``pkg_resources``: ``import pkg_resources`` registers a finder for
  ``pkgutil.ImpImporter``;
- venusian 3.0.0's ``Scanner.scan()``: ``find_module()`` on the ``FileFinder``s that
  ``pkgutil.walk_packages()`` gives;
- gorilla 0.4.0's ``find_patches()``: ``find_loader()`` on those ``FileFinder``s.

Each flow (``tests/legacy_api/real_clients.py``) runs in a fresh interpreter of this Python,
where the clients and the imp-compat wheel are installed (nox session
``legacy_api_real_packages``): without the switch it fails as their users reported; with
``IMP_COMPAT_LEGACY_API=1`` (the ``.pth`` line of the wheel, nothing in the code) it sees what
it sees on a real Python 3.11, warnings about the legacy API included.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import IS_WASM, require_reference_python, requires_subprocess

FLOW_SCRIPT = Path(__file__).parent / "legacy_api" / "real_clients.py"
CLIENTS = {"setuptools": "65.5.0", "venusian": "3.0.0", "gorilla": "0.4.0"}
# Where the session put the same clients for the 3.11 reference (pip install --target).
REFERENCE_PATH = os.environ.get("IMP_REAL_CLIENTS_FOR_3_11", "")

# What each flow dies of on 3.12+ without the legacy API: the tracebacks their users reported.
FAILURES = {
    "pkg_resources": {"type": "AttributeError",
                      "message": "module 'pkgutil' has no attribute 'ImpImporter'"},
    "venusian": {"type": "AttributeError",
                 "message": "'FileFinder' object has no attribute 'find_module'"},
    "gorilla": {"type": "AttributeError",
                "message": "'FileFinder' object has no attribute 'find_loader'"},
}


def _missing_clients() -> str | None:
    if IS_WASM:
        return "no subprocesses under WebAssembly"
    wrong = []
    for name, version in CLIENTS.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found = None
        if found != version:
            wrong.append(f"{name}=={version} (found {found})")
    if not wrong:
        return None
    message = f"needs {', '.join(wrong)} installed: python3 -m nox -s legacy_api_real_packages"
    if REFERENCE_PATH:  # run by the session that installs them: their absence is a failure
        pytest.fail(message, pytrace=False)
    return message


MISSING = _missing_clients()
pytestmark = [
    requires_subprocess,
    pytest.mark.skipif(sys.version_info < (3, 12), reason="Python 3.11 has the API itself"),
    pytest.mark.skipif(MISSING is not None, reason=str(MISSING)),
]


def run_flow(python: str, flow: str, folder: Path, *, switch: str | None,
             path: str | None = None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMP_COMPAT_")}
    if switch is not None:
        env["IMP_COMPAT_LEGACY_API"] = switch
    folder.mkdir()
    done = subprocess.run(
        [python, "-I", str(FLOW_SCRIPT), flow, str(folder), *([path] if path else [])],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("flow", sorted(FAILURES))
def test_fails_without_the_switch(flow: str, tmp_path: Path) -> None:
    observed = run_flow(sys.executable, flow, tmp_path / "run", switch=None)
    assert observed.get("raised") == FAILURES[flow]


@pytest.mark.parametrize("flow", sorted(FAILURES))
def test_fails_with_the_switch_at_0(flow: str, tmp_path: Path) -> None:
    observed = run_flow(sys.executable, flow, tmp_path / "run", switch="0")
    assert observed.get("raised") == FAILURES[flow]


@pytest.mark.parametrize("flow", sorted(FAILURES))
def test_works_as_on_python_3_11_with_the_switch(flow: str, tmp_path: Path) -> None:
    if not REFERENCE_PATH:
        pytest.skip("IMP_REAL_CLIENTS_FOR_3_11 unset: the clients for 3.11 come with the session")
    python_3_11 = require_reference_python("3.11")
    expected = run_flow(python_3_11, flow, tmp_path / "reference", switch=None,
                        path=REFERENCE_PATH)
    assert "raised" not in expected, expected  # the reference itself works
    observed = run_flow(sys.executable, flow, tmp_path / "run", switch="1")
    assert "raised" not in observed, observed
    if flow == "pkg_resources":
        # Here imp-compat is in the venv beside setuptools; the 3.11 run has no imp-compat.
        assert observed["result"].pop("imp-compat listed") is True
        expected["result"].pop("imp-compat listed")
    assert observed["result"] == expected["result"]
    assert observed["warnings"] == expected["warnings"]
