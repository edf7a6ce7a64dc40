"""Shared fixtures: run each behaviour test against this package and, on Python 3.11, the
standard library's own ``imp`` too, so that every expectation is checked against the real thing.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import sysconfig
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from legacy_api.references import REQUIRE_REFERENCES, candidates

IS_WASM = sys.platform in ("emscripten", "wasi")
HAS_STDLIB_IMP = sys.version_info < (3, 12)

requires_threads = pytest.mark.skipif(IS_WASM, reason="no threads under WebAssembly")
requires_subprocess = pytest.mark.skipif(IS_WASM, reason="no subprocesses under WebAssembly")
requires_extension_files = pytest.mark.skipif(
    IS_WASM,
    reason="no C extension module files under WebAssembly (math, _json and the like are built in)",
)
requires_stdlib_imp = pytest.mark.skipif(
    not HAS_STDLIB_IMP, reason="the standard library has no imp after Python 3.11"
)


def _stdlib_imp() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        module = importlib.import_module("imp")
    # PYTHONPATH=src would put our own imp.py before the stdlib: never compare it with itself.
    expected = os.path.join(sysconfig.get_paths()["stdlib"], "imp.py")
    assert module.__file__ == expected, f"the stdlib imp should win on 3.11, not {module.__file__}"
    return module


IMPLEMENTATIONS = ["imp_compat"] + (["stdlib"] if HAS_STDLIB_IMP else [])


@pytest.fixture(params=IMPLEMENTATIONS)
def imp(request: pytest.FixtureRequest) -> ModuleType:
    """The module under test: ``imp_compat``, and on 3.11 also the stdlib ``imp`` (reference)."""
    if request.param == "stdlib":
        return _stdlib_imp()
    return importlib.import_module("imp_compat")


# --- Fixtures for the per-function unit tests (tests/test_*.py) -------------------------------

PKGUTIL_IMPLEMENTATIONS = ["imp_compat"] + (["stdlib"] if HAS_STDLIB_IMP else [])


@pytest.fixture(params=PKGUTIL_IMPLEMENTATIONS)
def pkgutil_impl(request: pytest.FixtureRequest) -> ModuleType:
    """Where ``ImpImporter``/``ImpLoader`` live: ``imp_compat.pkgutil``, and on 3.11 also the
    standard library's ``pkgutil`` (the reference, removed in 3.12)."""
    if request.param == "stdlib":
        _stdlib_imp()  # the stdlib pkgutil imports the stdlib imp lazily; make sure it is that one
        return importlib.import_module("pkgutil")
    return importlib.import_module("imp_compat.pkgutil")


@pytest.fixture
def import_sandbox() -> object:
    """Undo a test's changes to the import state, so modules it loads cannot leak into others.

    ``sys.modules`` is restored entry by entry (never emptied, which would break running code);
    ``sys.path``, ``sys.meta_path``, ``sys.path_hooks`` and ``sys.path_importer_cache`` are put
    back as they were.
    """
    saved_modules = dict(sys.modules)
    saved_path = list(sys.path)
    saved_meta_path = list(sys.meta_path)
    saved_path_hooks = list(sys.path_hooks)
    saved_importer_cache = dict(sys.path_importer_cache)
    try:
        yield
    finally:
        for name in [name for name in sys.modules if name not in saved_modules]:
            del sys.modules[name]
        for name, module in saved_modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
        sys.path[:] = saved_path
        sys.meta_path[:] = saved_meta_path
        sys.path_hooks[:] = saved_path_hooks
        sys.path_importer_cache.clear()
        sys.path_importer_cache.update(saved_importer_cache)
        importlib.invalidate_caches()


def switched_off(switch: ModuleType, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """For a fixture: imp_compat's ``switch`` (``_legacy_api`` or ``_legacy_hooks``) off at the
    start, its environment variable unset; afterwards on again only if it was on before."""
    monkeypatch.delenv(switch.ENVIRONMENT_VARIABLE, raising=False)
    was_installed = switch.is_installed()
    switch.uninstall()
    yield
    switch.uninstall()
    if was_installed:
        switch.install()


@pytest.fixture
def legacy_api_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """imp_compat's legacy API off (no variable set) for the test, and as it was afterwards."""
    from imp_compat import _legacy_api

    yield from switched_off(_legacy_api, monkeypatch)


@pytest.fixture
def legacy_api_on() -> Iterator[None]:
    """imp_compat's legacy API on for the test, and as it was afterwards."""
    from imp_compat import _legacy_api

    was_installed = _legacy_api.is_installed()
    _legacy_api.install()
    assert _legacy_api.is_installed()
    try:
        yield
    finally:
        if not was_installed:
            _legacy_api.uninstall()


_module_counter = iter(range(1, 1_000_000))


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> object:
    """A factory of module names that no other test, run or implementation uses."""
    import os
    import re

    stem = re.sub(r"\W", "_", request.node.name)[:40]

    def make(prefix: str = "m") -> str:
        return f"_imptest_{prefix}_{stem}_{os.getpid()}_{next(_module_counter)}"

    return make


# --- Reference interpreters (the last Python that had a removed name) ---------------------------

def reference_python(version: str) -> str | None:
    """The ``pythonX.Y`` interpreter under pyenv or on PATH (never a pyenv shim), or None."""
    return next(iter(candidates(version)), None)


def require_reference_python(version: str) -> str:
    """The reference interpreter; where it is missing, skip, except in CI (``CI`` or
    ``IMP_REQUIRE_REFERENCES`` set), where a missing reference fails rather than passes
    unnoticed. Under WebAssembly (no subprocesses) the caller skips before asking."""
    python = reference_python(version)
    if python is None:
        message = f"no Python {version} interpreter on this machine (PATH or pyenv)"
        if REQUIRE_REFERENCES:
            pytest.fail(message + "; CI must have it", pytrace=False)
        pytest.skip(message)
    return python


def json_from_reference_script(python: str, script: Path) -> Any:
    """What ``script`` prints (JSON) when the reference interpreter ``python`` runs it isolated
    (``-I``, no PYTHONPATH): nothing of this project can take part."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [python, "-I", str(script)], capture_output=True, text=True, env=env, check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
