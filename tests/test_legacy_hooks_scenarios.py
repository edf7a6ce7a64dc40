"""Legacy (PEP 302) import hooks behave on this Python as on Python 3.11.

Every scenario of ``tests/legacy_hooks/scenarios.py`` runs here with imp_compat's legacy hooks
installed and must observe exactly what Python 3.11's own importlib observed
(``reference_3_11.json``). On 3.11 the same scenarios run without imp_compat, which checks the
reference itself; where a 3.11 interpreter is around, it is also rerun there.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    IS_WASM,
    json_from_reference_script,
    require_reference_python,
    requires_subprocess,
)
from legacy_hooks import scenarios

import imp_compat
from imp_compat import _legacy_hooks

NATIVE = sys.version_info < (3, 12)
REFERENCE = scenarios.load_reference()

# Known gap (docs/legacy-hooks.md): on Pythons without importlib's load_module() fallback, a
# modern finder inserted *ahead of* the watcher is adapted only from the next import on.
_FIRST_IMPORT_GAP = "modern_finder_first_with_load_module_loader"


@pytest.fixture
def legacy_hooks() -> Iterator[None]:
    """imp_compat's legacy hooks on (not on 3.11: there the standard library is the subject)."""
    was_installed = _legacy_hooks.is_installed()
    if not NATIVE:
        _legacy_hooks.install()
        assert _legacy_hooks.is_installed()
    yield
    if not was_installed:
        _legacy_hooks.uninstall()


def test_reference_covers_every_scenario() -> None:
    assert sorted(REFERENCE) == sorted(scenarios.SCENARIOS)


@pytest.mark.parametrize("name", sorted(scenarios.SCENARIOS))
def test_scenario_matches_python_3_11(name: str, legacy_hooks: None) -> None:
    observed = scenarios.run_scenario(name)
    if name == _FIRST_IMPORT_GAP and not _legacy_hooks.NATIVE_LOAD_MODULE_FALLBACK:
        # The documented corner, asserted as it is: a fix (or a different failure) shows here,
        # and then docs/legacy-hooks.md's "Limits" must change with this test.
        assert observed == _FIRST_IMPORT_GAP_ON_3_15
    else:
        assert observed == REFERENCE[name]


# What the first import through that finder does on 3.15 (docs/legacy-hooks.md, "Limits"): the
# finder answers before the watcher adapts it, and importlib, with no load_module() fallback
# left, wants exec_module() from the legacy loader.
_FIRST_IMPORT_GAP_ON_3_15 = {
    "scenario_raised": {
        "type": "AttributeError",
        "message": "'SourceLoader' object has no attribute 'exec_module'",
        "name": "exec_module",
    },
    "warnings": [],
}


def _finder_first_then(after_insert: str) -> Any:
    """The corner's finder put ahead of the watcher, then what docs/legacy-hooks.md says makes
    it work: ``"next_import"`` (the import fails, and fails again until some other import
    reaches the watcher; then it works) or ``"install"`` (``imp_compat.install_legacy_hooks()``
    right after inserting the finder adapts it at once)."""

    def run(tmp: Path) -> Any:
        log: list[Any] = []
        loader = scenarios.SourceLoader(
            {"lh_modern_finder": "VALUE = 'modern finder, old loader'\n"}, {}, log)

        class ModernFinder:
            def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
                if fullname in loader.sources:
                    return importlib.util.spec_from_loader(fullname, loader)
                return None

        def attempt() -> Any:
            tried = scenarios.attempt(lambda: importlib.import_module("lh_modern_finder"))
            return tried.get("raised", "ok")

        sys.meta_path.insert(0, ModernFinder())
        before: list[Any] = []
        if after_insert == "install":
            imp_compat.install_legacy_hooks()
        else:
            before = [attempt(), attempt()]  # the same import, tried twice
            other = scenarios.attempt(lambda: importlib.import_module("lh_no_such_module"))
            assert other["raised"]["type"] == "ModuleNotFoundError", other
        module = importlib.import_module("lh_modern_finder")
        return {"before": before, "module": scenarios.describe_module(module, loader), "log": log}

    return run


@pytest.mark.skipif(NATIVE, reason="Python 3.11 honours legacy hooks by itself")
@pytest.mark.parametrize("after_insert", ["next_import", "install"])
def test_finder_put_ahead_of_the_watcher_works_as_documented(
    after_insert: str, legacy_hooks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/legacy-hooks.md, "Limits": on 3.15 the import works once another import has
    reached the watcher, or at once after install_legacy_hooks(); before 3.15 importlib's own
    fallback makes every attempt work. Either way the module is the one 3.11 gives."""
    monkeypatch.setitem(scenarios.SCENARIOS, "finder_first_then", _finder_first_then(after_insert))
    observed = scenarios.run_scenario("finder_first_then")
    reference = REFERENCE[_FIRST_IMPORT_GAP]
    assert observed["module"] == reference["module"]
    assert observed["log"] == reference["log"]
    assert observed["warnings"] == reference["warnings"]
    if after_insert == "install":
        assert observed["before"] == []
    elif _legacy_hooks.NATIVE_LOAD_MODULE_FALLBACK:
        assert observed["before"] == ["ok", "ok"]
    else:
        gap = _FIRST_IMPORT_GAP_ON_3_15["scenario_raised"]
        assert observed["before"] == [gap, gap]


@pytest.mark.skipif(NATIVE, reason="Python 3.11 honours legacy hooks by itself")
@pytest.mark.skipif(not _legacy_hooks.NATIVE_LOAD_MODULE_FALLBACK, reason="the driver is on anyway")
@pytest.mark.parametrize("name", sorted(scenarios.SCENARIOS))
def test_scenario_matches_python_3_11_with_the_3_15_loader_driver(
    name: str, legacy_hooks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The driver that 3.15 needs, exercised on the natively tested Pythons too."""
    monkeypatch.setattr(_legacy_hooks, "NATIVE_LOAD_MODULE_FALLBACK", False)
    if name == _FIRST_IMPORT_GAP:
        pytest.skip("importlib's own fallback still rescues this finder here")
    assert scenarios.run_scenario(name) == REFERENCE[name]


@pytest.mark.skipif(NATIVE, reason="Python 3.11 honours legacy hooks by itself")
def test_without_the_package_legacy_hooks_fail_as_the_issue_says() -> None:
    """The failures reported in the issue, reproduced with the hooks off: the tests can fail."""
    assert not _legacy_hooks.is_installed()
    meta = scenarios.run_scenario("meta_path_last_does_not_shadow")
    assert meta["scenario_raised"]["type"] == "ModuleNotFoundError"
    hook = scenarios.run_scenario("path_hook_find_loader")
    assert hook["scenario_raised"]["type"] == "AttributeError"
    loader = scenarios.run_scenario("modern_finder_appended_with_load_module_loader")
    if _legacy_hooks.NATIVE_LOAD_MODULE_FALLBACK:
        assert loader == REFERENCE["modern_finder_appended_with_load_module_loader"]
    else:
        assert loader["scenario_raised"]["type"] == "AttributeError"


@requires_subprocess
@pytest.mark.skipif(NATIVE, reason="on 3.11 the in-process run already checks the reference")
def test_reference_is_what_python_3_11_does_today() -> None:
    """Rerun the scenarios on a real 3.11 (no imp_compat) so the stored reference cannot rot."""
    python = require_reference_python("3.11")  # fails, not skips, where 3.11 is listed or on CI
    assert json_from_reference_script(python, Path(scenarios.__file__)) == REFERENCE


@pytest.mark.skipif(IS_WASM, reason="writes into the source tree")
@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="only 3.11 may write the reference")
def test_refuses_to_write_the_reference_with_imp_compat_loaded() -> None:
    assert "imp_compat" in sys.modules
    assert scenarios.main(["--write"]) == 2
