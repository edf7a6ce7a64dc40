"""Hand-written PEP 302 import hooks of every kind, and what importing through them shows.

Each scenario installs legacy finders/loaders the pre-3.4 way, imports through them, and
returns what a user could observe (values, which loader/spec a module got, what is in
``sys.modules``, the ImportWarnings, the exceptions) as plain JSON data. Python 3.11's own
importlib is the reference: ``reference_3_11.json`` holds its results, written by running this
file on 3.11 *without* imp_compat (``python3.11 tests/legacy_hooks/scenarios.py --write``);
the tests compare every other Python, with imp_compat's legacy hooks installed, against it.

Needs only the standard library, so it runs the same on CPython and under Pyodide.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import os
import sys
import tempfile
import types
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).with_name("reference_3_11.json")

Observation = dict[str, Any]
SCENARIOS: dict[str, Callable[[Path], Observation]] = {}


def scenario(func: Callable[[Path], Observation]) -> Callable[[Path], Observation]:
    SCENARIOS[func.__name__] = func
    return func


# --- Legacy hooks, written the way pre-3.4 code wrote them -----------------------------------


class SourceLoader:
    """A PEP 302 loader with ``load_module()`` only, serving modules from a dict of sources."""

    def __init__(self, sources: dict[str, str], packages: dict[str, list[str]], log: list[Any]):
        self.sources = sources
        self.packages = packages
        self.log = log

    def load_module(self, fullname: str) -> types.ModuleType:
        self.log.append(["load_module", fullname])
        module = sys.modules.setdefault(fullname, types.ModuleType(fullname))
        module.__file__ = f"<legacy {fullname}>"
        module.__loader__ = self
        if fullname in self.packages:
            module.__path__ = self.packages[fullname]
            module.__package__ = fullname
        else:
            module.__package__ = fullname.rpartition(".")[0]
        try:
            exec(self.sources[fullname], module.__dict__)
        except BaseException:
            del sys.modules[fullname]
            raise
        return module


class MetaPathFinder:
    """A meta path finder with only ``find_module(fullname, path)``."""

    def __init__(self, loader: SourceLoader):
        self.loader = loader

    def find_module(self, fullname: str, path: Any = None) -> SourceLoader | None:
        self.loader.log.append(["find_module", fullname, _path_repr(path)])
        return self.loader if fullname in self.loader.sources else None


class PathEntryFinderWithFindLoader:
    """A path entry finder (from ``sys.path_hooks``) with only ``find_loader(fullname)``."""

    def __init__(self, entry: str, loader: SourceLoader, portions: dict[str, list[str]]):
        self.entry = entry
        self.loader = loader
        self.portions = portions

    def find_loader(self, fullname: str) -> tuple[SourceLoader | None, list[str]]:
        self.loader.log.append(["find_loader", fullname, self.entry])
        if fullname in self.loader.sources:
            return self.loader, []
        return None, self.portions.get(fullname, [])


class PathEntryFinderWithFindModule:
    """A path entry finder with only ``find_module(fullname)``."""

    def __init__(self, entry: str, loader: SourceLoader):
        self.entry = entry
        self.loader = loader

    def find_module(self, fullname: str) -> SourceLoader | None:
        self.loader.log.append(["find_module", fullname, self.entry])
        return self.loader if fullname in self.loader.sources else None


def _path_repr(path: Any) -> Any:
    return None if path is None else [_portable(p) for p in path]


_TMP_MARKER = "<tmp>"
_tmp_root = ""


def _portable(value: Any) -> Any:
    """Replace the scenario's temporary directory by a marker, so runs can be compared."""
    if isinstance(value, str) and _tmp_root:
        return value.replace(_tmp_root, _TMP_MARKER)
    return value


# --- Observing -------------------------------------------------------------------------------


def describe_module(module: Any, loader: object = None) -> Observation:
    """What a user sees of a module loaded by a legacy hook."""
    spec = getattr(module, "__spec__", None)
    facts: Observation = {
        "name": getattr(module, "__name__", None),
        "package": getattr(module, "__package__", None),
        "file": _portable(getattr(module, "__file__", None)),
        "path": _path_repr(getattr(module, "__path__", None)),
        "in_sys_modules": sys.modules.get(getattr(module, "__name__", "")) is module,
        "spec_name": getattr(spec, "name", None),
        "spec_origin": _portable(getattr(spec, "origin", None)),
        "spec_parent": getattr(spec, "parent", None),
        "value": getattr(module, "VALUE", None),
    }
    if loader is not None:
        facts["loader_is_legacy_loader"] = getattr(module, "__loader__", None) is loader
        facts["spec_loader_is_legacy_loader"] = getattr(spec, "loader", None) is loader
    else:
        facts["loader_class"] = type(getattr(module, "__loader__", None)).__name__
    return facts


def describe_error(error: BaseException) -> Observation:
    return {"type": type(error).__name__, "message": _portable(str(error)),
            "name": getattr(error, "name", None)}


@contextlib.contextmanager
def isolated_import_state() -> Iterator[None]:
    """Give the scenario the import system to play with, and take it back afterwards."""
    saved_meta_path = list(sys.meta_path)
    saved_path_hooks = list(sys.path_hooks)
    saved_path = list(sys.path)
    saved_cache = dict(sys.path_importer_cache)
    saved_modules = set(sys.modules)
    try:
        yield
    finally:
        sys.meta_path[:] = saved_meta_path
        sys.path_hooks[:] = saved_path_hooks
        sys.path[:] = saved_path
        sys.path_importer_cache.clear()
        sys.path_importer_cache.update(saved_cache)
        for name in set(sys.modules) - saved_modules:
            del sys.modules[name]
        importlib.invalidate_caches()


def run_scenario(name: str) -> Observation:
    """Run one scenario in isolation; return its observations, warnings included."""
    global _tmp_root
    with tempfile.TemporaryDirectory() as tmp, isolated_import_state():
        _tmp_root = os.path.realpath(tmp)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    observed = SCENARIOS[name](Path(_tmp_root))
                except Exception as error:  # Recorded, so that a run shows every difference.
                    observed = {"scenario_raised": describe_error(error)}
            observed["warnings"] = [
                [w.category.__name__, _portable(str(w.message))]
                for w in caught
                if issubclass(w.category, ImportWarning)
            ]
        finally:
            _tmp_root = ""
    return observed


def attempt(action: Callable[[], Any]) -> Any:
    """Run ``action``; return its result, or the description of the exception it raised."""
    try:
        return {"ok": action()}
    except Exception as error:
        return {"raised": describe_error(error)}


def write(directory: Path, relative: str, text: str) -> None:
    target = directory / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


# --- Scenarios -------------------------------------------------------------------------------


@scenario
def meta_path_first_wins(tmp: Path) -> Observation:
    """A legacy finder put first in sys.meta_path wins over a module on sys.path."""
    write(tmp, "lh_first.py", "VALUE = 'from sys.path'\n")
    sys.path.insert(0, str(tmp))
    log: list[Any] = []
    loader = SourceLoader({"lh_first": "VALUE = 'from the legacy loader'\n"}, {}, log)
    sys.meta_path.insert(0, MetaPathFinder(loader))
    module = importlib.import_module("lh_first")
    return {"module": describe_module(module, loader), "log": log}


@scenario
def meta_path_last_does_not_shadow(tmp: Path) -> Observation:
    """A legacy finder appended to sys.meta_path is asked only after the standard finders."""
    write(tmp, "lh_last.py", "VALUE = 'from sys.path'\n")
    sys.path.insert(0, str(tmp))
    log: list[Any] = []
    loader = SourceLoader(
        {"lh_last": "VALUE = 'shadowed'\n", "lh_only_legacy": "VALUE = 'legacy only'\n"}, {}, log
    )
    sys.meta_path.append(MetaPathFinder(loader))
    standard = importlib.import_module("lh_last")
    legacy = importlib.import_module("lh_only_legacy")
    return {
        "standard": describe_module(standard),
        "legacy": describe_module(legacy, loader),
        "log": log,
    }


@scenario
def meta_path_finder_class(tmp: Path) -> Observation:
    """A finder *class* (classmethods, no instance) that is its own loader."""
    log: list[Any] = []

    class ClassFinder:
        @classmethod
        def find_module(cls, fullname: str, path: Any = None) -> type | None:
            log.append(["find_module", fullname, _path_repr(path)])
            return cls if fullname == "lh_class_made" else None

        @classmethod
        def load_module(cls, fullname: str) -> types.ModuleType:
            log.append(["load_module", fullname])
            module = types.ModuleType(fullname)
            module.VALUE = "made by a class"  # type: ignore[attr-defined]
            sys.modules[fullname] = module
            return module

    sys.meta_path.append(ClassFinder)
    module = importlib.import_module("lh_class_made")
    return {"module": describe_module(module, ClassFinder), "log": log}


@scenario
def meta_path_minimal_loader(tmp: Path) -> Observation:
    """A loader that sets nothing but sys.modules: importlib fills in the rest, as 3.11 did."""
    log: list[Any] = []

    class MinimalLoader:
        def load_module(self, fullname: str) -> types.ModuleType:
            log.append(["load_module", fullname])
            module = types.ModuleType(fullname)
            sys.modules[fullname] = module
            return module

    minimal = MinimalLoader()

    class Finder:
        def find_module(self, fullname: str, path: Any = None) -> MinimalLoader | None:
            return minimal if fullname.startswith("lh_minimal") else None

    sys.meta_path.insert(0, Finder())
    module = importlib.import_module("lh_minimal")
    return {"module": describe_module(module, minimal),
            "spec_is_module_spec": getattr(module.__spec__, "loader", None) is minimal,
            "log": log}


@scenario
def meta_path_not_found(tmp: Path) -> Observation:
    """A legacy finder that declines: the usual ModuleNotFoundError, each finder asked once."""
    log: list[Any] = []
    loader = SourceLoader({}, {}, log)
    sys.meta_path.insert(0, MetaPathFinder(loader))
    first = attempt(lambda: importlib.import_module("lh_missing"))
    again = attempt(lambda: importlib.import_module("lh_missing"))
    return {"first": first, "again": again, "log": log}


@scenario
def meta_path_appended_not_found(tmp: Path) -> Observation:
    """Appended legacy finder, missing module: asked once per import, after the others."""
    log: list[Any] = []
    sys.meta_path.append(MetaPathFinder(SourceLoader({}, {}, log)))
    first = attempt(lambda: importlib.import_module("lh_missing_too"))
    again = attempt(lambda: importlib.import_module("lh_missing_too"))
    return {"first": first, "again": again, "log": log}


@scenario
def loader_raises_and_cleans_up(tmp: Path) -> Observation:
    """A module body that raises: the loader's exception, no half-made module left behind."""
    log: list[Any] = []
    loader = SourceLoader({"lh_broken": "VALUE = 1\nraise ValueError('broken body')\n"}, {}, log)
    sys.meta_path.insert(0, MetaPathFinder(loader))
    outcome = attempt(lambda: importlib.import_module("lh_broken"))
    return {"outcome": outcome, "in_sys_modules": "lh_broken" in sys.modules, "log": log}


@scenario
def loader_raises_and_leaves_module(tmp: Path) -> Observation:
    """A careless loader that raises after registering its module (3.11 kept it there)."""

    class CarelessLoader:
        def find_module(self, fullname: str, path: Any = None) -> CarelessLoader | None:
            return self if fullname == "lh_half_made" else None

        def load_module(self, fullname: str) -> types.ModuleType:
            sys.modules[fullname] = types.ModuleType(fullname)
            raise ImportError(f"cannot finish {fullname}", name=fullname)

    sys.meta_path.insert(0, CarelessLoader())
    outcome = attempt(lambda: importlib.import_module("lh_half_made"))
    return {"outcome": outcome, "in_sys_modules": "lh_half_made" in sys.modules}


@scenario
def loader_registers_nothing(tmp: Path) -> Observation:
    """A broken loader that returns a module without putting it in sys.modules."""

    class ForgetfulLoader:
        def find_module(self, fullname: str, path: Any = None) -> ForgetfulLoader | None:
            return self if fullname == "lh_forgotten" else None

        def load_module(self, fullname: str) -> types.ModuleType:
            return types.ModuleType(fullname)

    sys.meta_path.insert(0, ForgetfulLoader())
    outcome = attempt(lambda: importlib.import_module("lh_forgotten"))
    return {"outcome": outcome}


@scenario
def package_loader_sets_path(tmp: Path) -> Observation:
    """A package loader setting __path__; submodules come from it and from its directory."""
    package_dir = tmp / "lh_pkg_dir"
    write(tmp, "lh_pkg_dir/from_file.py", "VALUE = 'submodule on __path__'\n")
    log: list[Any] = []
    loader = SourceLoader(
        {"lh_pkg": "VALUE = 'package'\n", "lh_pkg.legacy_sub": "VALUE = 'legacy submodule'\n"},
        {"lh_pkg": [str(package_dir)]},
        log,
    )
    sys.meta_path.append(MetaPathFinder(loader))
    package = importlib.import_module("lh_pkg")
    legacy_sub = importlib.import_module("lh_pkg.legacy_sub")
    from_file = importlib.import_module("lh_pkg.from_file")
    return {
        "package": describe_module(package, loader),
        "legacy_sub": describe_module(legacy_sub, loader),
        "from_file": describe_module(from_file),
        "attribute_on_package": getattr(package, "from_file", None) is from_file,
        "log": log,
    }


@scenario
def path_hook_find_loader(tmp: Path) -> Observation:
    """A sys.path_hooks hook whose finders only have find_loader(), namespace portions too."""
    write(tmp, "lh_ns_portion/lh_ns/part.py", "VALUE = 'namespace portion'\n")
    log: list[Any] = []
    loader = SourceLoader({"lh_hooked": "VALUE = 'through a path hook'\n"}, {}, log)
    finders: list[PathEntryFinderWithFindLoader] = []
    portions = {"lh_ns": [str(tmp / "lh_ns_portion" / "lh_ns")]}

    def hook(entry: str) -> PathEntryFinderWithFindLoader:
        if not entry.startswith("lh-entry:"):
            raise ImportError("not mine")
        finders.append(PathEntryFinderWithFindLoader(entry, loader, portions))
        return finders[-1]

    sys.path_hooks.insert(0, hook)
    sys.path.append("lh-entry:one")
    module = importlib.import_module("lh_hooked")
    part = importlib.import_module("lh_ns.part")
    namespace = sys.modules["lh_ns"]
    cached = sys.path_importer_cache.get("lh-entry:one")
    return {
        "module": describe_module(module, loader),
        "namespace_path": _path_repr(list(namespace.__path__)),
        "namespace_origin": namespace.__spec__.origin,
        "part": describe_module(part),
        "hook_calls": len(finders),
        "cache_holds_the_finder": cached == finders[0],
        "cache_isinstance": isinstance(cached, PathEntryFinderWithFindLoader),
        "log": log,
    }


@scenario
def path_hook_find_module(tmp: Path) -> Observation:
    """A path entry finder with only find_module(fullname), put in by a hook."""
    log: list[Any] = []
    loader = SourceLoader({"lh_hooked_fm": "VALUE = 'find_module path entry'\n"}, {}, log)

    def hook(entry: str) -> PathEntryFinderWithFindModule:
        if entry != "lh-fm-entry":
            raise ImportError("not mine")
        return PathEntryFinderWithFindModule(entry, loader)

    sys.path_hooks.insert(0, hook)
    sys.path.insert(0, "lh-fm-entry")
    module = importlib.import_module("lh_hooked_fm")
    missing = attempt(lambda: importlib.import_module("lh_not_there"))
    return {"module": describe_module(module, loader), "missing": missing, "log": log}


@scenario
def path_importer_cache_entry(tmp: Path) -> Observation:
    """A legacy finder put straight into sys.path_importer_cache for its path entry."""
    log: list[Any] = []
    loader = SourceLoader({"lh_cached": "VALUE = 'from a cached finder'\n"}, {}, log)
    finder = PathEntryFinderWithFindModule("lh-cached-entry", loader)
    sys.path_importer_cache["lh-cached-entry"] = finder
    sys.path.append("lh-cached-entry")
    module = importlib.import_module("lh_cached")
    return {"module": describe_module(module, loader), "log": log}


@scenario
def finder_removed_again(tmp: Path) -> Observation:
    """Legacy code takes its finder out with list.remove(): it must find it and stop it."""
    log: list[Any] = []
    loader = SourceLoader({"lh_a": "VALUE = 'a'\n", "lh_b": "VALUE = 'b'\n"}, {}, log)
    finder = MetaPathFinder(loader)
    sys.meta_path.append(finder)
    first = importlib.import_module("lh_a").VALUE
    present = finder in sys.meta_path
    sys.meta_path.remove(finder)
    after = attempt(lambda: importlib.import_module("lh_b"))
    return {"first": first, "present": present, "after_removal": after,
            "still_there": finder in sys.meta_path, "log": log}


@scenario
def finder_isinstance_check(tmp: Path) -> Observation:
    """pyximport-style bookkeeping: look for an installed finder with isinstance()."""
    loader = SourceLoader({"lh_seen": "VALUE = 1\n"}, {}, [])
    sys.meta_path.insert(0, MetaPathFinder(loader))
    importlib.import_module("lh_seen")
    return {"found": sum(isinstance(f, MetaPathFinder) for f in sys.meta_path)}


@scenario
def reload_module(tmp: Path) -> Observation:
    """importlib.reload() of a module from a legacy finder asks the loader again."""
    log: list[Any] = []
    loader = SourceLoader({"lh_reloaded": "COUNT = globals().get('COUNT', 0) + 1\n"}, {}, log)
    sys.meta_path.insert(0, MetaPathFinder(loader))
    module = importlib.import_module("lh_reloaded")
    reloaded = importlib.reload(module)
    return {"same_object": reloaded is module, "count": module.COUNT,
            "module": describe_module(module, loader), "log": log}


@scenario
def find_spec_through_legacy_finder(tmp: Path) -> Observation:
    """importlib.util.find_spec() answers for a module a legacy finder knows."""
    log: list[Any] = []
    loader = SourceLoader({"lh_spec_only": "VALUE = 1\n"}, {}, log)
    sys.meta_path.insert(0, MetaPathFinder(loader))
    spec = importlib.util.find_spec("lh_spec_only")
    missing = importlib.util.find_spec("lh_spec_missing")
    return {
        "name": getattr(spec, "name", None),
        "origin": getattr(spec, "origin", None),
        "loader_equals_legacy_loader": getattr(spec, "loader", None) == loader,
        "loader_isinstance": isinstance(getattr(spec, "loader", None), SourceLoader),
        "missing": missing,
        "imported": "lh_spec_only" in sys.modules,
        "log": log,
    }


def _imp_importer() -> Any:
    """pkgutil.ImpImporter: the standard library's on 3.11, imp_compat's after its removal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            from pkgutil import ImpImporter  # type: ignore[attr-defined]
        except ImportError:
            from imp_compat.pkgutil import ImpImporter
    return ImpImporter


@scenario
def pkgutil_imp_importer(tmp: Path) -> Observation:
    """pkgutil.ImpImporter, the classic algorithm as a PEP 302 hook: path hook and meta path."""
    write(tmp, "imp_dir/lh_imp_hooked.py", "VALUE = 'through ImpImporter as a path hook'\n")
    write(tmp, "imp_dir/lh_imp_pkg/__init__.py", "VALUE = 'package through ImpImporter'\n")
    write(tmp, "meta_dir/lh_imp_meta.py", "VALUE = 'through ImpImporter on sys.meta_path'\n")
    importer_class = _imp_importer()
    hooked_dir = str(tmp / "imp_dir")
    # Made beforehand: ImpImporter() warns, and a warning may import while the hook runs.
    hooked_importer, meta_importer = importer_class(hooked_dir), importer_class()

    def hook(entry: str) -> Any:
        if entry != hooked_dir:
            raise ImportError("not mine")
        return hooked_importer

    sys.path_hooks.insert(0, hook)
    sys.path.insert(0, hooked_dir)
    hooked = importlib.import_module("lh_imp_hooked")
    package = importlib.import_module("lh_imp_pkg")
    sys.path.append(str(tmp / "meta_dir"))
    sys.meta_path.insert(0, meta_importer)  # no path: the classic search over sys.path
    meta = importlib.import_module("lh_imp_meta")
    return {
        "modules": [
            {"value": m.VALUE, "file": _portable(m.__file__), "spec_name": m.__spec__.name,
             "path": _path_repr(getattr(m, "__path__", None)),
             "loader_is_imp_loader": type(m.__loader__).__name__ == "ImpLoader"}
            for m in (hooked, package, meta)
        ],
        "cache_isinstance": isinstance(sys.path_importer_cache[hooked_dir], importer_class),
    }


def _modern_finder_with_load_module_loader(first: bool) -> Observation:
    log: list[Any] = []
    loader = SourceLoader({"lh_modern_finder": "VALUE = 'modern finder, old loader'\n"}, {}, log)

    class ModernFinder:
        def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
            if fullname in loader.sources:
                return importlib.util.spec_from_loader(fullname, loader)
            return None

    sys.meta_path.insert(0 if first else len(sys.meta_path), ModernFinder())
    module = importlib.import_module("lh_modern_finder")
    return {"module": describe_module(module, loader), "log": log}


@scenario
def modern_finder_appended_with_load_module_loader(tmp: Path) -> Observation:
    """A find_spec() finder whose spec names a load_module()-only loader (gone in 3.15)."""
    return _modern_finder_with_load_module_loader(first=False)


@scenario
def modern_finder_first_with_load_module_loader(tmp: Path) -> Observation:
    """The same finder put first, ahead of imp_compat's watcher."""
    return _modern_finder_with_load_module_loader(first=True)


# --- Reference -------------------------------------------------------------------------------


def run_all() -> dict[str, Observation]:
    return {name: run_scenario(name) for name in SCENARIOS}


def load_reference() -> dict[str, Observation]:
    return json.loads(REFERENCE.read_text())  # type: ignore[no-any-return]


def main(argv: list[str]) -> int:
    """``--write``: record the reference (only on 3.11); else print this Python's results."""
    results = json.loads(json.dumps(run_all()))
    if "--write" in argv:
        if sys.version_info[:2] != (3, 11) or "imp_compat" in sys.modules:
            print("the reference must come from Python 3.11 without imp_compat", file=sys.stderr)
            return 2
        REFERENCE.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        print(f"wrote {REFERENCE}")
        return 0
    json.dump(results, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
