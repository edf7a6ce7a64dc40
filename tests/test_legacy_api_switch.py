"""The switch of the legacy import API: install/uninstall, ``import imp``, the environment
variable and the ``.pth`` line, lazy completion of modules imported later, and that nothing
existing is ever replaced (on 3.11: nothing at all changes)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import requires_subprocess
from legacy_api.removed_in_312 import NAMES

import imp_compat
from imp_compat import _legacy_api

NATIVE = sys.version_info < (3, 12)
needs_removal = pytest.mark.skipif(NATIVE, reason="Python 3.11 still has these names")
SRC = Path(imp_compat.__file__).resolve().parents[1]
PTH = "imp_compat_legacy_api.pth"
PAIRS = [(owner, name) for owner, names in NAMES.values() for name in names]


def _present() -> list[bool]:
    return [hasattr(owner, name) for owner, name in PAIRS]


def _values() -> list[Any]:
    return [vars(owner).get(name) for owner, name in PAIRS]


@needs_removal
def test_public_switch_on_off_on(legacy_api_off: None) -> None:
    assert not any(_present())
    imp_compat.install_legacy_api()
    assert _legacy_api.is_installed() and all(_present())
    installed = _values()
    imp_compat.install_legacy_api()  # idempotent: the same objects, nothing added twice
    assert _values() == installed
    imp_compat.uninstall_legacy_api()
    assert not _legacy_api.is_installed() and not any(_present())
    assert not any(isinstance(f, _legacy_api.LegacyApiWatcher) for f in sys.meta_path)
    imp_compat.install_legacy_api()
    assert all(_present())


@pytest.mark.skipif(not NATIVE, reason="only 3.11 has every name natively")
def test_nothing_changes_on_3_11(legacy_api_off: None) -> None:
    before = _values()
    imp_compat.install_legacy_api()
    assert _legacy_api._added == []
    assert _values() == before
    imp_compat.uninstall_legacy_api()
    assert _values() == before and all(_present())


@needs_removal
def test_an_existing_name_is_never_replaced_nor_removed(legacy_api_off: None) -> None:
    mine = object()
    importlib.find_loader = mine  # type: ignore[attr-defined]
    try:
        _legacy_api.install()
        assert importlib.find_loader is mine  # type: ignore[attr-defined]
        assert hasattr(importlib.util, "set_loader")  # the others did come
        _legacy_api.uninstall()
        assert importlib.find_loader is mine  # type: ignore[attr-defined]
    finally:
        del importlib.find_loader  # type: ignore[attr-defined]


@needs_removal
def test_uninstall_leaves_what_the_user_put_in_place_since(legacy_api_off: None) -> None:
    def set_loader(fxn: Any) -> Any:
        return fxn

    _legacy_api.install()
    importlib.util.set_loader = set_loader  # type: ignore[attr-defined]
    _legacy_api.uninstall()
    try:
        assert importlib.util.set_loader is set_loader  # type: ignore[attr-defined]
        assert not hasattr(importlib.util, "set_package")
    finally:
        del importlib.util.set_loader  # type: ignore[attr-defined]


def test_zero_keeps_it_off_even_when_asked(
    legacy_api_off: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(_legacy_api.ENVIRONMENT_VARIABLE, " Off ")
    imp_compat.install_legacy_api()
    assert not _legacy_api.is_installed()
    assert _legacy_api._added == []


@pytest.mark.parametrize(
    ("value", "enabled", "requested"),
    [(None, True, False), ("", True, False), ("0", False, False), ("false", False, False),
     ("NO", False, False), (" off ", False, False), ("1", True, True), ("yes", True, True)],
)
def test_environment_values(
    value: str | None, enabled: bool, requested: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(_legacy_api.ENVIRONMENT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(_legacy_api.ENVIRONMENT_VARIABLE, value)
    assert _legacy_api.enabled_by_environment() is enabled
    assert _legacy_api.requested_by_environment() is requested


# --- lazy completion of modules imported later ------------------------------------------------


class _ClassLoader:
    """A loader that is a class (as FrozenImporter is): it takes no per-module attribute."""

    @classmethod
    def create_module(cls, spec: Any) -> None:
        return None

    @classmethod
    def exec_module(cls, module: types.ModuleType) -> None:
        module.VALUE = "ran"  # type: ignore[attr-defined]


class _InstanceLoader:
    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        module.VALUE = "ran"  # type: ignore[attr-defined]


class _Finder:
    def __init__(self, loaders: dict[str, Any]) -> None:
        self.loaders = loaders

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        loader = self.loaders.get(fullname)
        if loader is None:
            return None
        return importlib.util.spec_from_loader(fullname, loader)


@pytest.fixture
def test_era(
    legacy_api_off: None, monkeypatch: pytest.MonkeyPatch, import_sandbox: None
) -> Iterator[dict[str, Any]]:
    """An era of this test's own, adding ``added_name`` to the modules ``la_t_cls``/``la_t_inst``
    (served by a finder of this test, with a class loader and an instance loader)."""
    era = types.ModuleType(f"{_legacy_api.__name__}._test_era")
    era.TARGETS = {  # type: ignore[attr-defined]
        name: lambda module: [(module, "added_name", f"added to {module.__name__}")]
        for name in ("la_t_cls", "la_t_inst")
    }
    monkeypatch.setitem(sys.modules, era.__name__, era)
    monkeypatch.setattr(_legacy_api, "ERAS", ("_test_era",))
    instance_loader = _InstanceLoader()
    sys.meta_path.append(_Finder({"la_t_cls": _ClassLoader, "la_t_inst": instance_loader}))
    yield {"instance_loader": instance_loader}
    _legacy_api.uninstall()


def test_modules_imported_later_are_completed_when_imported(test_era: dict[str, Any]) -> None:
    _legacy_api.install()
    assert any(isinstance(f, _legacy_api.LegacyApiWatcher) for f in sys.meta_path)
    for name in ("la_t_cls", "la_t_inst"):
        module = importlib.import_module(name)
        assert module.added_name == f"added to {name}"
        assert module.VALUE == "ran"
    # Their loaders are theirs again: no stand-in, no attribute left on the loader.
    assert sys.modules["la_t_cls"].__loader__ is _ClassLoader
    assert sys.modules["la_t_cls"].__spec__.loader is _ClassLoader
    loader = test_era["instance_loader"]
    assert sys.modules["la_t_inst"].__loader__ is loader
    assert "exec_module" not in vars(loader)
    _legacy_api.uninstall()
    assert not hasattr(sys.modules["la_t_inst"], "added_name")


def test_a_module_already_imported_is_completed_at_once(test_era: dict[str, Any]) -> None:
    module = importlib.import_module("la_t_inst")
    _legacy_api.install()
    assert module.added_name == "added to la_t_inst"


def test_finding_a_spec_without_importing_does_not_lose_the_completion(
    test_era: dict[str, Any],
) -> None:
    _legacy_api.install()
    spec = importlib.util.find_spec("la_t_inst")
    assert spec is not None
    by_hand = importlib.util.module_from_spec(spec)  # a copy, never in sys.modules
    spec.loader.exec_module(by_hand)  # type: ignore[union-attr]
    assert not hasattr(by_hand, "added_name")
    module = importlib.import_module("la_t_inst")
    assert module.added_name == "added to la_t_inst"


def test_nothing_is_completed_after_uninstall(test_era: dict[str, Any]) -> None:
    _legacy_api.install()
    _legacy_api.uninstall()
    assert not hasattr(importlib.import_module("la_t_cls"), "added_name")


def test_the_watcher_answers_legacy_questions_with_none() -> None:
    """Legacy code calls find_module() on every pkgutil.iter_importers() entry."""
    assert _legacy_api.LegacyApiWatcher().find_module("json") is None


@needs_removal
def test_every_meta_path_finder_of_imp_compat_and_the_stdlib_has_find_module(
    test_era: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the API and the legacy hooks on, pkgutil.iter_importers() starts with the
    sys.meta_path entries; legacy code calls find_module() on each (3.11 had it on all)."""
    import importlib.machinery
    import pkgutil

    from imp_compat import _legacy_hooks

    _legacy_hooks.install()
    monkeypatch.setattr(_legacy_api, "ERAS", ("_py312", "_test_era"))
    _legacy_api.install()  # the test era's modules are pending: its watcher stands there too
    ours = (_legacy_api.LegacyApiWatcher, _legacy_hooks.LegacyHookWatcher)
    standard = (importlib.machinery.BuiltinImporter, importlib.machinery.FrozenImporter,
                importlib.machinery.PathFinder)
    entries = [f for f in pkgutil.iter_importers() if f in sys.meta_path]
    checked = [f for f in entries if isinstance(f, ours) or any(f is s for s in standard)]
    assert {type(f) for f in checked if isinstance(f, ours)} == set(ours)
    for finder in checked:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # the standard ones warn
            assert finder.find_module("la_nowhere") is None  # type: ignore[union-attr]


# --- in a fresh interpreter: import imp, the environment variable, the .pth line ---------------

_PROBE = textwrap.dedent("""
    import json, sys
    seen = {"at_start": "imp_compat" in sys.modules}
    import importlib.util
    seen["before"] = hasattr(importlib.util, "set_loader")
    import warnings
    warnings.simplefilter("ignore")
    import imp
    seen["after_import_imp"] = hasattr(importlib.util, "set_loader")
    seen["lazy"] = "pkgutil" not in sys.modules and "importlib.abc" not in sys.modules
    import pkgutil, importlib.abc
    seen["completed_later"] = [hasattr(pkgutil, "ImpImporter"), hasattr(importlib.abc, "Finder")]
    seen["loader_untouched"] = "exec_module" not in vars(importlib.abc.__loader__)
    import imp_compat
    imp_compat.install_legacy_api()
    seen["after_install"] = hasattr(importlib.util, "set_loader")
    print(json.dumps(seen))
""")



def _probe(python: str, value: str | None, pythonpath: str | None) -> dict[str, bool]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", _legacy_api.ENVIRONMENT_VARIABLE)}
    if value is not None:
        env[_legacy_api.ENVIRONMENT_VARIABLE] = value
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    # -S for the PYTHONPATH runs: no site, so no .pth of an installed imp_compat either.
    options = ["-S"] if pythonpath is not None else []
    done = subprocess.run([python, *options, "-c", _PROBE], capture_output=True, text=True,
                          env=env, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@requires_subprocess
@needs_removal
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, [False, True, True]),
        ("0", [False, False, False]),
        ("1", [False, True, True]),  # no site, no .pth: import imp does it
    ],
)
def test_import_imp_switches_it_on_unless_zero(value: str | None, expected: list[bool]) -> None:
    seen = _probe(sys.executable, value, str(SRC))
    assert [seen["before"], seen["after_import_imp"], seen["after_install"]] == expected
    assert seen["lazy"]  # import imp imports neither pkgutil nor importlib.abc ...
    assert seen["completed_later"] == [expected[1]] * 2  # ... which are completed on import
    assert seen["loader_untouched"]


@requires_subprocess
@needs_removal
@pytest.mark.parametrize(
    ("value", "at_start"), [(None, False), ("", False), ("0", False), ("1", True), ("yes", True)]
)
def test_the_pth_line_switches_it_on_at_start_up_in_a_venv(
    tmp_path: Path, value: str | None, at_start: bool
) -> None:
    """A real venv whose site-packages holds imp_compat as the wheel lays it out, .pth included:
    the variable alone decides, before any code runs."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = str(venv / "bin" / "python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    shutil.copytree(SRC / "imp_compat", Path(purelib) / "imp_compat")
    shutil.copy(SRC / "imp.py", purelib)
    shutil.copy(SRC / PTH, purelib)
    seen = _probe(python, value, None)
    assert seen["at_start"] is at_start
    assert seen["before"] is at_start
    assert seen["after_import_imp"] is (value != "0")
    assert seen["completed_later"] == [value != "0"] * 2


@requires_subprocess
def test_the_pth_line_costs_nothing_when_unset() -> None:
    """With the variable unset the line imports nothing at all (start-up time)."""
    line = (SRC / PTH).read_text()
    assert line.startswith("import os;") and line.count("\n") == 1
    env = {k: v for k, v in os.environ.items() if k != _legacy_api.ENVIRONMENT_VARIABLE}
    script = (
        f"import os, sys; before = set(sys.modules); exec({line!r}); "
        "print(sorted(set(sys.modules) - before))"
    )
    done = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.strip() == "[]"


def test_an_installed_imp_compat_has_the_pth_file() -> None:
    """Where imp_compat is installed (a wheel, as the nox sessions do), the .pth is beside it."""
    purelib = Path(sysconfig.get_paths()["purelib"]).resolve()
    if purelib != SRC:
        pytest.skip(f"imp_compat runs from {SRC}, not from an installed wheel")
    assert (purelib / PTH).read_text() == (Path(__file__).parents[1] / "src" / PTH).read_text()
