"""install()/uninstall(), the environment switch, and how little the adapters disturb."""

from __future__ import annotations

import importlib
import importlib.machinery
import subprocess
import sys
import textwrap
import threading
import types
import warnings
import zipimport
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import requires_subprocess, requires_threads

from imp_compat import _legacy_hooks
from imp_compat._legacy_hooks import _loading
from imp_compat._legacy_hooks._finders import LegacyMetaPathFinder
from imp_compat._legacy_hooks._proxy import is_proxy, unwrap

NEEDED = sys.version_info >= (3, 12)
needs_adapters = pytest.mark.skipif(not NEEDED, reason="Python 3.11 honours legacy hooks itself")
SRC = Path(_legacy_hooks.__file__).resolve().parents[2]


class OldFinder:
    """A legacy meta path finder that finds nothing."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def find_module(self, fullname: str, path: Any = None) -> None:
        self.asked.append(fullname)


class OldPathEntryFinder:
    def find_loader(self, fullname: str) -> tuple[None, list[str]]:
        return None, []


def old_hook(entry: str) -> OldPathEntryFinder:
    if entry != "old-entry":
        raise ImportError("not mine")
    return OldPathEntryFinder()


@pytest.fixture
def import_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hooks off at the start, and the import system's lists restored afterwards."""
    monkeypatch.delenv(_legacy_hooks.ENVIRONMENT_VARIABLE, raising=False)
    was_installed = _legacy_hooks.is_installed()
    _legacy_hooks.uninstall()
    saved = list(sys.meta_path), list(sys.path_hooks), dict(sys.path_importer_cache)
    yield
    _legacy_hooks.uninstall()
    sys.meta_path[:], sys.path_hooks[:] = saved[0], saved[1]
    sys.path_importer_cache.clear()
    sys.path_importer_cache.update(saved[2])
    if was_installed:
        _legacy_hooks.install()


@pytest.mark.parametrize(
    ("value", "enabled"),
    [
        (None, True),
        ("", True),
        ("1", True),
        ("yes", True),
        ("0", False),
        ("false", False),
        (" Off ", False),
        ("NO", False),
    ],
)
def test_enabled_by_environment(
    value: str | None, enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv("IMP_COMPAT_LEGACY_HOOKS", raising=False)
    else:
        monkeypatch.setenv("IMP_COMPAT_LEGACY_HOOKS", value)
    assert _legacy_hooks.enabled_by_environment() is enabled


@pytest.mark.usefixtures("import_state")
def test_environment_variable_keeps_the_hooks_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMP_COMPAT_LEGACY_HOOKS", "0")
    _legacy_hooks.install()
    assert not _legacy_hooks.is_installed()
    assert not any(is_proxy(f) or type(f).__name__ == "LegacyHookWatcher" for f in sys.meta_path)


@pytest.mark.skipif(NEEDED, reason="only Python 3.11 leaves everything to importlib")
@pytest.mark.usefixtures("import_state")
def test_install_does_nothing_on_python_3_11() -> None:
    before = list(sys.meta_path)
    _legacy_hooks.install()
    assert not _legacy_hooks.is_installed()
    assert sys.meta_path == before


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_install_is_idempotent_and_puts_one_watcher_first() -> None:
    _legacy_hooks.install()
    _legacy_hooks.install()
    watchers = [f for f in sys.meta_path if type(f).__name__ == "LegacyHookWatcher"]
    assert len(watchers) == 1
    assert sys.meta_path[0] is watchers[0]
    _legacy_hooks.uninstall()
    _legacy_hooks.uninstall()
    assert not _legacy_hooks.is_installed()
    assert not any(type(f).__name__ == "LegacyHookWatcher" for f in sys.meta_path)


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_uninstall_gives_back_the_users_own_objects() -> None:
    finder = OldFinder()
    sys.meta_path.append(finder)
    sys.path_hooks.insert(0, old_hook)
    cached = OldPathEntryFinder()
    sys.path_importer_cache["old-cached-entry"] = cached
    _legacy_hooks.install()
    assert sys.meta_path[-1] is not finder and unwrap(sys.meta_path[-1]) is finder
    assert is_proxy(sys.path_hooks[0])
    assert is_proxy(sys.path_importer_cache["old-cached-entry"])
    _legacy_hooks.uninstall()
    assert sys.meta_path[-1] is finder
    assert sys.path_hooks[0] is old_hook
    assert sys.path_importer_cache["old-cached-entry"] is cached


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_standard_and_modern_hooks_are_left_untouched() -> None:
    """Zero cost for modern imports: nothing of the standard library gets wrapped.

    Where importlib lacks the load_module() fallback (3.15+), modern finders from outside the
    standard library (Pyodide has some) are wrapped to mend the loaders in their specs.
    """
    meta_path, path_hooks = list(sys.meta_path), list(sys.path_hooks)
    _legacy_hooks.install()
    importlib.import_module("json")  # an import after install, through the watcher
    assert sys.meta_path[1:] == meta_path
    standard = (
        importlib.machinery.BuiltinImporter,
        importlib.machinery.FrozenImporter,
        importlib.machinery.PathFinder,
    )
    for now, before in zip(sys.meta_path[1:], meta_path, strict=True):
        if _legacy_hooks.NATIVE_LOAD_MODULE_FALLBACK or before in standard:
            assert now is before
    assert all(a is b for a, b in zip(sys.path_hooks, path_hooks, strict=True))
    stdlib_entry_finders = (importlib.machinery.FileFinder, zipimport.zipimporter)
    assert not any(
        is_proxy(finder)  # isinstance() sees through adapters, is_proxy() does not
        for finder in sys.path_importer_cache.values()
        if _legacy_hooks.NATIVE_LOAD_MODULE_FALLBACK or isinstance(finder, stdlib_entry_finders)
    )


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_adapter_is_seen_through() -> None:
    """Legacy bookkeeping (isinstance, ==, in, index, remove, attributes) finds its object."""
    finder = OldFinder()
    sys.meta_path.append(finder)
    _legacy_hooks.install()
    adapter = sys.meta_path[-1]
    assert adapter is not finder
    assert isinstance(adapter, OldFinder)
    assert adapter == finder and finder == adapter and hash(adapter) == hash(finder)
    assert finder in sys.meta_path and sys.meta_path.index(finder) == len(sys.meta_path) - 1
    adapter.extra = 1
    assert finder.extra == 1  # type: ignore[attr-defined]
    assert adapter.asked is finder.asked
    sys.meta_path.remove(finder)
    assert finder not in sys.meta_path


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_hook_added_after_install_is_adapted_by_the_next_import() -> None:
    _legacy_hooks.install()
    finder = OldFinder()
    sys.meta_path.append(finder)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("lh_api_missing")
    assert finder.asked == ["lh_api_missing"]  # asked once, not skipped, not twice
    assert is_proxy(sys.meta_path[-1])


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_install_again_adapts_at_once() -> None:
    _legacy_hooks.install()
    finder = OldFinder()
    sys.meta_path.insert(0, finder)
    assert sys.meta_path[0] is finder
    _legacy_hooks.install()
    assert is_proxy(sys.meta_path[0]) and unwrap(sys.meta_path[0]) is finder


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_same_import_warning_as_python_3_11() -> None:
    _legacy_hooks.install()
    sys.meta_path.append(OldFinder())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ModuleNotFoundError):
            __import__("lh_api_warned")  # what an import statement runs
    found = [(str(w.message), w.filename) for w in caught if w.category is ImportWarning]
    # Same text as 3.11; shown at the import (3.11 showed importlib's frozen frame).
    assert found == [("OldFinder.find_spec() not found; falling back to find_module()", __file__)]


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_legacy_path_entry_finder_stays_cached_for_its_entry() -> None:
    """sys.path_importer_cache keeps the (adapted) finder: the hook runs once per entry."""
    calls: list[str] = []

    def counting_hook(entry: str) -> OldPathEntryFinder:
        calls.append(entry)
        return old_hook(entry)

    sys.path_hooks.insert(0, counting_hook)
    _legacy_hooks.install()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImportWarning)
        for name in ("lh_api_a", "lh_api_b"):
            assert importlib.machinery.PathFinder.find_spec(name, ["old-entry"]) is None
    assert calls == ["old-entry"]
    assert isinstance(sys.path_importer_cache["old-entry"], OldPathEntryFinder)


@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_driver_only_where_importlib_lacks_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    class OldLoader:
        def load_module(self, fullname: str) -> None: ...

    assert not _loading.needs_driver(OldLoader()) or sys.version_info >= (3, 15)
    monkeypatch.setattr(_legacy_hooks, "NATIVE_LOAD_MODULE_FALLBACK", False)
    assert _loading.needs_driver(OldLoader())
    assert not _loading.needs_driver(importlib.machinery.SourceFileLoader("x", "x.py"))


@requires_subprocess
@needs_adapters
@pytest.mark.parametrize(("setting", "works"), [("1", True), ("0", False)])
def test_fresh_interpreter_with_the_switch(setting: str, works: bool) -> None:
    """A legacy finder in a fresh interpreter, hooks installed explicitly, switch honoured."""
    code = textwrap.dedent(
        """
        import sys, types
        from imp_compat import _legacy_hooks
        class Finder:
            def find_module(self, name, path=None):
                return self if name == "lh_fresh" else None
            def load_module(self, name):
                sys.modules[name] = module = types.ModuleType(name)
                module.VALUE = 42
                return module
        sys.meta_path.append(Finder())
        _legacy_hooks.install()
        try:
            import lh_fresh
        except ImportError as error:
            print(type(error).__name__)
        else:
            print(lh_fresh.VALUE)
        """
    )
    env = {"PYTHONPATH": str(SRC), "IMP_COMPAT_LEGACY_HOOKS": setting, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip() == ("42" if works else "ModuleNotFoundError")


@needs_adapters
@pytest.mark.usefixtures("import_state")
@pytest.mark.parametrize("module", ["imp", "imp_compat.pkgutil"])
@pytest.mark.parametrize(("setting", "expected"), [(None, True), ("0", False)])
def test_importing_imp_or_its_pkgutil_switches_the_hooks_on(
    module: str, setting: str | None, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Legacy code that installs hooks imports imp (or pkgutil's importers): that is the cue."""
    if setting is not None:
        monkeypatch.setenv("IMP_COMPAT_LEGACY_HOOKS", setting)
    monkeypatch.delitem(sys.modules, module, raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        imported = importlib.import_module(module)
    assert "imp_compat" in (imported.__file__ or "") or module == "imp"
    assert _legacy_hooks.is_installed() is expected, (
        f"importing {module} must call imp_compat._legacy_hooks.install() (docs/legacy-hooks.md)"
    )


@needs_adapters
def test_adapter_made_without_init_fails_cleanly() -> None:
    """copy/pickle build objects without __init__: no endless __getattr__ recursion."""
    bare = LegacyMetaPathFinder.__new__(LegacyMetaPathFinder)
    with pytest.raises(AttributeError):
        bare.find_module  # noqa: B018


@requires_threads
@needs_adapters
@pytest.mark.usefixtures("import_state")
def test_threads_importing_through_a_legacy_finder() -> None:
    """Imports from several threads at once, each through a freshly appended legacy finder."""
    names = [f"lh_thread_{i}" for i in range(8)]

    class Finder:
        def find_module(self, fullname: str, path: Any = None) -> Finder | None:
            return self if fullname in names else None

        def load_module(self, fullname: str) -> types.ModuleType:
            module = sys.modules.setdefault(fullname, types.ModuleType(fullname))
            module.VALUE = fullname  # type: ignore[attr-defined]
            return module

    _legacy_hooks.install()
    sys.meta_path.append(Finder())
    results: dict[str, object] = {}
    start = threading.Barrier(len(names))

    def worker(name: str) -> None:
        start.wait()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ImportWarning)
            try:
                results[name] = importlib.import_module(name).VALUE
            except Exception as error:  # reported by the assertion below
                results[name] = error

    threads = [threading.Thread(target=worker, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    try:
        assert results == {name: name for name in names}
    finally:
        for name in names:
            sys.modules.pop(name, None)


@requires_subprocess
@needs_adapters
def test_a_hook_that_claims_every_import_through_imp_does_not_recurse(tmp_path: Path) -> None:
    """python-future's hook answers every import with imp.find_module/load_module. imp's
    functions import some modules on first use (tokenize, importlib.util, imp_compat's own
    loaders); through such a hook those imports re-entered imp without end, until the watcher
    loaded them before adapting the first hook, as 3.11's imp had them loaded with itself."""
    (tmp_path / "claimed_plugin.py").write_text("VALUE = 7\n", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import sys, warnings
        warnings.simplefilter("ignore")
        import imp
        class ClaimsEverything:
            def find_module(self, fullname, path=None):
                try:
                    self.found = imp.find_module(fullname.rpartition(".")[2], path or sys.path)
                except ImportError:
                    return None
                return self
            def load_module(self, fullname):
                return imp.load_module(fullname, *self.found)
        sys.meta_path.insert(0, ClaimsEverything())
        sys.path.insert(0, {str(tmp_path)!r})
        import claimed_plugin
        print(claimed_plugin.VALUE, type(claimed_plugin.__loader__).__name__)
        """
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["7", "SourceFileLoader"]
