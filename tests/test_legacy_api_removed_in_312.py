"""The import API that Python 3.12 removed behaves, with imp_compat's legacy API on, as on 3.11.

Every scenario of ``tests/legacy_api/removed_in_312.py`` runs here with the legacy API
switched on and must observe exactly what Python 3.11 observed (``reference_3_11.json``):
return values, exceptions and their messages, warnings (category, message and the line they
point at), modules left in ``sys.modules``. On 3.11 the same scenarios run on the standard
library alone (install() adds nothing there), which checks the reference itself; elsewhere a
real 3.11 reruns them too, so that the stored reference cannot rot.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    IS_WASM,
    json_from_reference_script,
    require_reference_python,
    requires_subprocess,
)
from legacy_api import removed_in_312

from imp_compat import _legacy_api

NATIVE = sys.version_info < (3, 12)
REFERENCE = removed_in_312.load_reference()


def test_reference_covers_every_scenario() -> None:
    assert sorted(REFERENCE) == sorted(removed_in_312.SCENARIOS)


@pytest.mark.parametrize("name", sorted(removed_in_312.SCENARIOS))
def test_scenario_matches_python_3_11(name: str, legacy_api_on: None) -> None:
    assert removed_in_312.run_scenario(name) == REFERENCE[name]


@pytest.mark.skipif(not NATIVE, reason="the names exist natively only up to 3.11")
def test_nothing_is_added_or_replaced_on_3_11(legacy_api_on: None) -> None:
    assert _legacy_api._added == []


@pytest.mark.skipif(NATIVE, reason="Python 3.11 has these names itself")
@pytest.mark.parametrize("name", sorted(removed_in_312.SCENARIOS))
def test_without_the_legacy_api_each_scenario_fails(name: str, legacy_api_off: None) -> None:
    """Switched off, every scenario sees something else than 3.11 (the tests can fail)."""
    assert removed_in_312.run_scenario(name) != REFERENCE[name]


def _perturbed_find_loader(name: str, path: Any = None) -> Any:
    return None


@pytest.mark.skipif(NATIVE, reason="perturbs what imp_compat adds")
def test_a_wrong_behaviour_is_caught(legacy_api_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setattr(importlib, "find_loader", _perturbed_find_loader)
    observed = removed_in_312.run_scenario("find_loader_of_modules")
    assert observed != REFERENCE["find_loader_of_modules"]


@requires_subprocess
@pytest.mark.skipif(NATIVE, reason="on 3.11 the in-process run already checks the reference")
def test_reference_is_what_python_3_11_does_today() -> None:
    """Rerun the scenarios on a real 3.11 (no imp_compat) so the stored reference cannot rot."""
    python = require_reference_python("3.11")
    assert json_from_reference_script(python, Path(removed_in_312.__file__)) == REFERENCE


@requires_subprocess
@pytest.mark.skipif(NATIVE, reason="Python 3.11 has these names itself")
def test_switched_on_before_the_modules_are_imported_too() -> None:
    """The scenario file as a script on this Python, the API switched on before pkgutil,
    importlib.abc and importlib.util are imported (their names then come lazily)."""
    import imp_compat

    src = str(Path(imp_compat.__file__).resolve().parents[1])
    env = {k: v for k, v in os.environ.items() if k != _legacy_api.ENVIRONMENT_VARIABLE}
    env["PYTHONPATH"] = src
    path = str(Path(removed_in_312.__file__))
    script = (
        "import sys; sys.argv[1:] = ['--with-imp-compat']; "
        "before = {'pkgutil', 'importlib.abc', 'importlib.util'} & set(sys.modules); "
        "assert not before, before; "
        f"code = compile(open({path!r}).read(), {path!r}, 'exec'); "
        f"exec(code, {{'__name__': '__main__', '__file__': {path!r}, '__package__': None}})"
    )
    done = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True,
                          text=True, env=env, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == REFERENCE


@pytest.mark.skipif(IS_WASM, reason="writes into the source tree")
@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="only 3.11 may write the reference")
def test_refuses_to_write_the_reference_with_imp_compat_loaded() -> None:
    assert "imp_compat" in sys.modules
    assert removed_in_312.main(["--write"]) == 2
