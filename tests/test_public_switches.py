"""The public switches ``imp_compat.install_legacy_hooks()`` / ``uninstall_legacy_hooks()``,
on, off and on again, judged by what legacy hooks then do (the scenarios of
``tests/legacy_hooks/scenarios.py`` against Python 3.11's recorded behaviour)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from legacy_hooks import scenarios

import imp_compat
from imp_compat import _legacy_hooks

REFERENCE = scenarios.load_reference()
NEEDED = sys.version_info >= (3, 12)
# A legacy meta path finder appended to sys.meta_path, and a legacy path hook (find_loader()).
SCENARIOS = ("meta_path_last_does_not_shadow", "path_hook_find_loader")


@pytest.fixture
def hooks_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Start with the hooks off and the variable unset; put back the state found."""
    monkeypatch.delenv(_legacy_hooks.ENVIRONMENT_VARIABLE, raising=False)
    was_installed = _legacy_hooks.is_installed()
    imp_compat.uninstall_legacy_hooks()
    yield
    imp_compat.uninstall_legacy_hooks()
    if was_installed:
        _legacy_hooks.install()


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
