"""The public switches, on, off and on again:

- ``imp_compat.install_legacy_hooks()`` / ``uninstall_legacy_hooks()``, judged by what legacy
  hooks then do (the scenarios of ``tests/legacy_hooks/scenarios.py`` against Python 3.11's
  recorded behaviour);
- ``imp_compat.install_legacy_api()`` / ``uninstall_legacy_api()``, judged by the names of the
  removed API (issue 12's table) being there or not, and by nothing existing being replaced.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator

import pytest
from conftest import switched_off
from legacy_hooks import scenarios

import imp_compat
from imp_compat import _legacy_api, _legacy_hooks

REFERENCE = scenarios.load_reference()
NEEDED = sys.version_info >= (3, 12)
# A legacy meta path finder appended to sys.meta_path, and a legacy path hook (find_loader()).
SCENARIOS = ("meta_path_last_does_not_shadow", "path_hook_find_loader")


@pytest.fixture
def hooks_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Start with the hooks off and the variable unset; put back the state found."""
    yield from switched_off(_legacy_hooks, monkeypatch)


def _observe() -> dict[str, object]:
    return {name: scenarios.run_scenario(name) for name in SCENARIOS}


def _failures_without_hooks(observed: dict[str, object]) -> dict[str, object]:
    return {name: observed[name].get("scenario_raised", {}).get("type")  # type: ignore[attr-defined]
            for name in SCENARIOS}


@pytest.mark.usefixtures("hooks_restored")
def test_install_uninstall_install_legacy_hooks() -> None:
    expected = {name: REFERENCE[name] for name in SCENARIOS}

    imp_compat.install_legacy_hooks()
    assert _observe() == expected

    imp_compat.uninstall_legacy_hooks()
    off = _observe()
    if NEEDED:  # 3.12+ without the hooks: the failures the legacy-hook issue reported
        assert _failures_without_hooks(off) == {
            "meta_path_last_does_not_shadow": "ModuleNotFoundError",
            "path_hook_find_loader": "AttributeError",
        }
    else:  # 3.11's importlib honours legacy hooks itself; the switch changes nothing
        assert off == expected

    imp_compat.install_legacy_hooks()
    assert _observe() == expected
    imp_compat.install_legacy_hooks()  # twice is once
    assert _observe() == expected


@pytest.mark.usefixtures("hooks_restored")
def test_install_legacy_hooks_leaves_them_off_with_the_variable_at_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(_legacy_hooks.ENVIRONMENT_VARIABLE, "0")
    before = list(sys.meta_path)
    imp_compat.install_legacy_hooks()
    assert sys.meta_path == before
    off = _observe()
    if NEEDED:
        assert _failures_without_hooks(off) == {
            "meta_path_last_does_not_shadow": "ModuleNotFoundError",
            "path_hook_find_loader": "AttributeError",
        }


# --- The removed legacy import API -----------------------------------------------------------

# Every name of the table in issue 12 (removed in 3.12, 3.14, 3.15), as (module, attribute path).
LEGACY_API = [
    *[("pkgutil", name) for name in ("ImpImporter", "ImpLoader")],
    ("importlib", "find_loader"),
    ("importlib.abc", "Finder"),
    *[("importlib.util", name) for name in ("module_for_loader", "set_loader", "set_package")],
    *[("importlib.machinery", f"{cls}.find_module")
      for cls in ("PathFinder", "FileFinder", "BuiltinImporter", "FrozenImporter")],
    ("zipimport", "zipimporter.find_module"),
    *[("importlib.abc", f"{cls}.find_module") for cls in ("MetaPathFinder", "PathEntryFinder")],
    ("importlib.machinery", "FileFinder.find_loader"),
    ("zipimport", "zipimporter.find_loader"),
    ("importlib.abc", "PathEntryFinder.find_loader"),
    *[("importlib.machinery", f"{cls}.module_repr")
      for cls in ("BuiltinImporter", "FrozenImporter", "NamespaceLoader")],
    ("importlib.abc", "Loader.module_repr"),
    *[("pkgutil", name) for name in ("find_loader", "get_loader")],
    *[("importlib.machinery", f"{cls}.load_module") for cls in (
        "SourceFileLoader", "SourcelessFileLoader", "ExtensionFileLoader", "BuiltinImporter",
        "FrozenImporter")],
    ("zipimport", "zipimporter.load_module"),
    *[("importlib.abc", f"{cls}.load_module")
      for cls in ("Loader", "InspectLoader", "FileLoader")],
]
MISSING = object()


def _look_up(module: str, path: str) -> object:
    """The attribute as stored: a class's own or inherited entry, unbound (a classmethod gives
    a new bound method at each getattr, which ``is`` could not compare)."""
    value: object = importlib.import_module(module)
    for part in path.split("."):
        if isinstance(value, type):
            value = inspect.getattr_static(value, part, MISSING)
        else:
            value = getattr(value, part, MISSING)
        if value is MISSING:
            break
    # Installed again, a name may get a new staticmethod/classmethod wrapper of the same function.
    return value.__func__ if isinstance(value, staticmethod | classmethod) else value


def _snapshot() -> dict[str, object]:
    return {f"{module}.{path}": _look_up(module, path) for module, path in LEGACY_API}


@pytest.fixture
def api_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Start with the legacy API off and the variable unset; put back the state found (of the
    legacy hooks too: imp_compat.pkgutil, behind pkgutil.ImpImporter, switches them on)."""
    hooks_were_installed = _legacy_hooks.is_installed()
    yield from switched_off(_legacy_api, monkeypatch)
    if not hooks_were_installed:
        _legacy_hooks.uninstall()


@pytest.mark.usefixtures("api_restored")
def test_install_uninstall_install_legacy_api() -> None:
    off = _snapshot()
    absent = sorted(name for name, value in off.items() if value is MISSING)
    if NEEDED:  # the removals are real on this Python (at least those of 3.12)
        assert "pkgutil.ImpImporter" in absent and "importlib.find_loader" in absent
    else:
        assert absent == []

    imp_compat.install_legacy_api()
    on = _snapshot()
    assert sorted(name for name, value in on.items() if value is MISSING) == []
    replaced = [name for name in off if off[name] is not MISSING and on[name] is not off[name]]
    assert replaced == [], "install_legacy_api() must only add what is missing"

    imp_compat.uninstall_legacy_api()
    assert _snapshot() == off  # the same objects, and the added names gone again

    imp_compat.install_legacy_api()
    again = _snapshot()
    assert sorted(name for name, value in again.items() if value is MISSING) == []
    assert [name for name in off if off[name] is not MISSING and again[name] is not off[name]] == []
    imp_compat.install_legacy_api()  # twice is once
    assert _snapshot() == again


@pytest.mark.usefixtures("api_restored")
def test_install_legacy_api_does_nothing_with_the_variable_at_0(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(_legacy_api.ENVIRONMENT_VARIABLE, "0")
    off = _snapshot()
    imp_compat.install_legacy_api()
    assert _snapshot() == off
    assert not _legacy_api.is_installed()
