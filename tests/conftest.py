"""Shared fixtures: run each behaviour test against this package and, on Python 3.11, the
standard library's own ``imp`` too, so that every expectation is checked against the real thing.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from types import ModuleType

import pytest

IS_WASM = sys.platform in ("emscripten", "wasi")
HAS_STDLIB_IMP = sys.version_info < (3, 12)

requires_threads = pytest.mark.skipif(IS_WASM, reason="no threads under WebAssembly")
requires_subprocess = pytest.mark.skipif(IS_WASM, reason="no subprocesses under WebAssembly")
requires_stdlib_imp = pytest.mark.skipif(
    not HAS_STDLIB_IMP, reason="the standard library has no imp after Python 3.11"
)


def _stdlib_imp() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        module = importlib.import_module("imp")
    assert "imp_compat" not in (module.__file__ or ""), "the stdlib imp should win on 3.11"
    return module


IMPLEMENTATIONS = ["imp_compat"] + (["stdlib"] if HAS_STDLIB_IMP else [])


@pytest.fixture(params=IMPLEMENTATIONS)
def imp(request: pytest.FixtureRequest) -> ModuleType:
    """The module under test: ``imp_compat``, and on 3.11 also the stdlib ``imp`` (reference)."""
    if request.param == "stdlib":
        return _stdlib_imp()
    return importlib.import_module("imp_compat")
