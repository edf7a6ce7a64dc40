"""Calls to the import API that Python 3.12 removed, and what a user sees of them.

Python 3.11 is the reference: ``reference_3_11.json`` holds what it showed, written by running
this file on 3.11 without imp_compat (``python3.11 tests/legacy_api/removed_in_312.py
--write``); the tests run the same scenarios on later Pythons with imp_compat's legacy API on
and compare (``tests/test_legacy_api_removed_in_312.py``).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import pkgutil
import sys
import types
import zipfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: observe.py sits beside this file
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from observe import Observation, Scenario, attempt, describe, run, static_kind, write
else:
    from .observe import Observation, Scenario, attempt, describe, run, static_kind, write

REFERENCE = Path(__file__).with_name("reference_3_11.json")
SCENARIOS: dict[str, Scenario] = {}

machinery = importlib.machinery
abc_ = importlib.abc


def scenario(func: Scenario) -> Scenario:
    SCENARIOS[func.__name__] = func
    return func


def _standard_meta_path(*first: Any) -> None:
    """Only the standard finders (after ``first``): what others find (pytest's, imp_compat's,
    setuptools') depends on the environment, not on the API under test."""
    sys.meta_path[:] = [
        *first, machinery.BuiltinImporter, machinery.FrozenImporter, machinery.PathFinder
    ]


def _tree(tmp: Path) -> Path:
    """A folder on sys.path with a module, a package, a namespace folder and a broken file."""
    write(tmp, "la_mod.py", "VALUE = 'la_mod'\n")
    write(tmp, "la_pkg/__init__.py", "VALUE = 'la_pkg'\n")
    write(tmp, "la_pkg/la_sub.py", "VALUE = 'la_pkg.la_sub'\n")
    write(tmp, "la_ns/la_inner.py", "VALUE = 'la_ns.la_inner'\n")
    write(tmp, "la_broken.py", "raise ValueError('la_broken ran')\n")
    sys.path.insert(0, str(tmp))
    importlib.invalidate_caches()
    return tmp


# --- which names exist, and how they are defined -----------------------------------------------

NAMES = {
    "importlib": (importlib, ["find_loader"]),
    "importlib.abc": (abc_, ["Finder"]),
    "importlib.util": (importlib.util, ["module_for_loader", "set_loader", "set_package"]),
    "pkgutil": (pkgutil, ["ImpImporter", "ImpLoader"]),
    "PathFinder": (machinery.PathFinder, ["find_module"]),
    "FileFinder": (machinery.FileFinder, ["find_module", "find_loader"]),
    "BuiltinImporter": (machinery.BuiltinImporter, ["find_module", "module_repr"]),
    "FrozenImporter": (machinery.FrozenImporter, ["find_module", "module_repr"]),
    "NamespaceLoader": (machinery.NamespaceLoader, ["module_repr"]),
    "zipimporter": (__import__("zipimport").zipimporter, ["find_module", "find_loader"]),
    "MetaPathFinder": (abc_.MetaPathFinder, ["find_module"]),
    "PathEntryFinder": (abc_.PathEntryFinder, ["find_module", "find_loader"]),
    "Loader": (abc_.Loader, ["module_repr"]),
    "InspectLoader": (abc_.InspectLoader, ["module_repr"]),
    "FileLoader": (abc_.FileLoader, ["module_repr"]),
}


@scenario
def names_and_signatures(tmp: Path) -> Observation:
    """Every name is there, defined the same way (classmethod, staticmethod...), same
    parameters."""
    return {
        f"{where}.{name}": static_kind(owner, name)
        for where, (owner, names) in NAMES.items()
        for name in names
    }


# --- importlib.find_loader -----------------------------------------------------------------


@scenario
def find_loader_of_modules(tmp: Path) -> Observation:
    _tree(tmp)
    _standard_meta_path()
    import la_mod  # noqa: F401 - imported: find_loader answers from sys.modules

    return {
        "imported": attempt(lambda: importlib.find_loader("la_mod")),  # type: ignore[attr-defined]
        "imported_is_loader": importlib.find_loader("la_mod") is sys.modules["la_mod"].__loader__,  # type: ignore[attr-defined]
        "not_imported": attempt(lambda: importlib.find_loader("la_pkg")),  # type: ignore[attr-defined]
        "missing": attempt(lambda: importlib.find_loader("la_missing")),  # type: ignore[attr-defined]
        "builtin": attempt(lambda: importlib.find_loader("sys")),  # type: ignore[attr-defined]
        "namespace": attempt(lambda: importlib.find_loader("la_ns")),  # type: ignore[attr-defined]
        "submodule_without_path": attempt(lambda: importlib.find_loader("la_pkg.la_sub")),  # type: ignore[attr-defined]
        "submodule_with_path": attempt(
            lambda: importlib.find_loader("la_pkg.la_sub", [str(tmp / "la_pkg")])  # type: ignore[attr-defined]
        ),
    }


@scenario
def find_loader_odd_modules(tmp: Path) -> Observation:
    none_loader = types.ModuleType("la_none_loader")
    none_loader.__loader__ = None
    sys.modules["la_none_loader"] = none_loader
    no_loader = types.ModuleType("la_no_loader")
    del no_loader.__loader__
    sys.modules["la_no_loader"] = no_loader

    class NoLoaderFinder:
        def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
            if fullname == "la_specless":
                return importlib.machinery.ModuleSpec(fullname, None)
            return None

    _standard_meta_path(NoLoaderFinder())
    return {
        "loader_none": attempt(lambda: importlib.find_loader("la_none_loader")),  # type: ignore[attr-defined]
        "loader_unset": attempt(lambda: importlib.find_loader("la_no_loader")),  # type: ignore[attr-defined]
        "spec_without_loader": attempt(lambda: importlib.find_loader("la_specless")),  # type: ignore[attr-defined]
        "bad_name": attempt(lambda: importlib.find_loader(42)),  # type: ignore[attr-defined]
    }


# --- find_module() on the standard meta path finders ------------------------------------------


@scenario
def meta_path_finders_find_module(tmp: Path) -> Observation:
    _tree(tmp)
    return {
        "path_finder": attempt(lambda: machinery.PathFinder.find_module("la_mod")),  # type: ignore[attr-defined]
        "path_finder_package": attempt(lambda: machinery.PathFinder.find_module("la_pkg")),  # type: ignore[attr-defined]
        "path_finder_path": attempt(
            lambda: machinery.PathFinder.find_module("la_sub", [str(tmp / "la_pkg")])  # type: ignore[attr-defined]
        ),
        "path_finder_namespace": attempt(lambda: machinery.PathFinder.find_module("la_ns")),  # type: ignore[attr-defined]
        "path_finder_missing": attempt(lambda: machinery.PathFinder.find_module("la_missing")),  # type: ignore[attr-defined]
        "builtin": attempt(lambda: machinery.BuiltinImporter.find_module("sys")),  # type: ignore[attr-defined]
        "builtin_with_path": attempt(
            lambda: machinery.BuiltinImporter.find_module("sys", [str(tmp)])  # type: ignore[attr-defined]
        ),
        "builtin_missing": attempt(lambda: machinery.BuiltinImporter.find_module("la_mod")),  # type: ignore[attr-defined]
        "frozen": attempt(lambda: machinery.FrozenImporter.find_module("__hello__")),  # type: ignore[attr-defined]
        "frozen_missing": attempt(lambda: machinery.FrozenImporter.find_module("la_mod")),  # type: ignore[attr-defined]
        "frozen_bad_name": attempt(lambda: machinery.FrozenImporter.find_module(42)),  # type: ignore[attr-defined]
    }


@scenario
def file_finder_find_module_and_find_loader(tmp: Path) -> Observation:
    _tree(tmp)
    finder = pkgutil.get_importer(str(tmp))
    package_finder = machinery.FileFinder(
        str(tmp / "la_pkg"), (machinery.SourceFileLoader, machinery.SOURCE_SUFFIXES)
    )
    return {
        "finder": describe(finder),
        "find_module": attempt(lambda: finder.find_module("la_mod")),  # type: ignore[union-attr]
        "find_module_package": attempt(lambda: finder.find_module("la_pkg")),  # type: ignore[union-attr]
        "find_module_namespace": attempt(lambda: finder.find_module("la_ns")),  # type: ignore[union-attr]
        "find_module_missing": attempt(lambda: finder.find_module("la_missing")),  # type: ignore[union-attr]
        "find_loader": attempt(lambda: finder.find_loader("la_mod")),  # type: ignore[union-attr]
        "find_loader_package": attempt(lambda: finder.find_loader("la_pkg")),  # type: ignore[union-attr]
        "find_loader_namespace": attempt(lambda: finder.find_loader("la_ns")),  # type: ignore[union-attr]
        "find_loader_missing": attempt(lambda: finder.find_loader("la_missing")),  # type: ignore[union-attr]
        "find_loader_dotted": attempt(lambda: package_finder.find_loader("la_pkg.la_sub")),  # type: ignore[attr-defined]
    }


@scenario
def iter_importers_find_module(tmp: Path) -> Observation:
    """What broke real packages on 3.12: find_module() on whatever pkgutil.iter_importers()
    gives. Only its path entry finders are asked: its meta path finders depend on what is
    installed (imp_compat's own among them, setuptools' on 3.11)."""
    _tree(tmp)
    found = []
    for importer in pkgutil.iter_importers():
        if importer is None or importer in sys.meta_path:
            continue
        loader = importer.find_module("la_mod")
        found.append([describe(importer), describe(loader)])
        if loader is not None:
            break
    return {"found": found}


# --- zipimporter ---------------------------------------------------------------------------


@scenario
def zipimporter_find_module_and_find_loader(tmp: Path) -> Observation:
    archive = tmp / "la_archive.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        # Directory entries, as `zip -r` writes them: without, 3.11 saw no namespace portion
        # where 3.14's zipimport sees an implicit directory (docs/legacy-api.md).
        zf.writestr("la_zpkg/", "")
        zf.writestr("la_zns/", "")
        zf.writestr("la_zmod.py", "VALUE = 1\n")
        zf.writestr("la_zpkg/__init__.py", "VALUE = 2\n")
        zf.writestr("la_zpkg/la_zsub.py", "VALUE = 3\n")
        zf.writestr("la_zns/la_zinner.py", "VALUE = 4\n")
    importer = __import__("zipimport").zipimporter(str(archive))
    inner = __import__("zipimport").zipimporter(str(archive / "la_zpkg"))
    return {
        "find_module": attempt(lambda: importer.find_module("la_zmod")),
        "find_module_is_self": importer.find_module("la_zmod") is importer,
        "find_module_package": attempt(lambda: importer.find_module("la_zpkg")),
        "find_module_namespace": attempt(lambda: importer.find_module("la_zns")),
        "find_module_missing": attempt(lambda: importer.find_module("la_missing", ["ignored"])),
        "find_loader": attempt(lambda: importer.find_loader("la_zmod")),
        "find_loader_package": attempt(lambda: importer.find_loader("la_zpkg")),
        "find_loader_namespace": attempt(lambda: importer.find_loader("la_zns")),
        "find_loader_missing": attempt(lambda: importer.find_loader("la_missing")),
        "find_loader_in_subfolder": attempt(lambda: inner.find_loader("la_zpkg.la_zsub")),
        "find_module_bad_name": attempt(lambda: importer.find_module(42)),
    }


# --- importlib.abc -------------------------------------------------------------------------


@scenario
def finder_abc(tmp: Path) -> Observation:
    Finder = abc_.Finder  # type: ignore[attr-defined]

    class Incomplete(Finder):  # type: ignore[misc, valid-type]
        pass

    class Complete(Finder):  # type: ignore[misc, valid-type]
        def find_module(self, fullname: str, path: Any = None) -> Any:
            return super().find_module(fullname, path)

    class Registered:
        pass

    Finder.register(Registered)
    incomplete = attempt(lambda: Incomplete())
    if "raised" in incomplete:  # the interpreter's own wording changed in 3.12: not ours
        incomplete = {
            "raised": incomplete["raised"]["type"],
            "names_method": "find_module" in incomplete["raised"]["message"],
        }
    return {
        "class": [Finder.__module__, Finder.__qualname__, type(Finder).__name__],
        "abstract": sorted(Finder.__abstractmethods__),
        "incomplete": incomplete,
        "complete": attempt(lambda: Complete()),
        "complete_find_module": attempt(lambda: Complete().find_module("la_x")),
        "registered": [issubclass(Registered, Finder), isinstance(Registered(), Finder)],
        "stdlib_finders": [
            issubclass(machinery.PathFinder, Finder),
            issubclass(machinery.FileFinder, Finder),
            issubclass(abc_.MetaPathFinder, Finder),
            issubclass(abc_.PathEntryFinder, Finder),
        ],
    }


@scenario
def meta_path_finder_abc_find_module(tmp: Path) -> Observation:
    _tree(tmp)

    class Modern(abc_.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
            return machinery.PathFinder.find_spec(fullname, path, target)

    class Bare(abc_.MetaPathFinder):
        pass

    return {
        "modern": attempt(lambda: Modern().find_module("la_mod", None)),
        "modern_missing": attempt(lambda: Modern().find_module("la_missing", None)),
        "bare": attempt(lambda: Bare().find_module("la_mod", None)),
        "missing_argument": attempt(lambda: Bare().find_module("la_mod")),
        "registered": [
            issubclass(machinery.PathFinder, abc_.MetaPathFinder),
            issubclass(machinery.BuiltinImporter, abc_.MetaPathFinder),
        ],
    }


@scenario
def path_entry_finder_abc(tmp: Path) -> Observation:
    _tree(tmp)
    file_finder = pkgutil.get_importer(str(tmp))

    class Modern(abc_.PathEntryFinder):
        def find_spec(self, fullname: str, target: Any = None) -> Any:
            return file_finder.find_spec(fullname, target)  # type: ignore[union-attr]

    class Bare(abc_.PathEntryFinder):
        pass

    return {
        "find_loader": attempt(lambda: Modern().find_loader("la_mod")),
        "find_loader_package": attempt(lambda: Modern().find_loader("la_pkg")),
        "find_loader_namespace": attempt(lambda: Modern().find_loader("la_ns")),
        "find_loader_missing": attempt(lambda: Modern().find_loader("la_missing")),
        "find_module": attempt(lambda: Modern().find_module("la_mod")),
        "find_module_namespace": attempt(lambda: Modern().find_module("la_ns")),
        "bare_find_loader": attempt(lambda: Bare().find_loader("la_mod")),
        "bare_find_module": attempt(lambda: Bare().find_module("la_mod")),
        "registered": issubclass(machinery.FileFinder, abc_.PathEntryFinder),
    }


# --- module_repr() -------------------------------------------------------------------------


@scenario
def module_reprs(tmp: Path) -> Observation:
    module = types.ModuleType("la_repr")
    return {
        "builtin": attempt(lambda: machinery.BuiltinImporter.module_repr(module)),  # type: ignore[attr-defined]
        "builtin_on_instance": attempt(lambda: machinery.BuiltinImporter().module_repr(sys)),  # type: ignore[attr-defined]
        "frozen": attempt(lambda: machinery.FrozenImporter.module_repr(module)),  # type: ignore[attr-defined]
        "namespace": attempt(lambda: machinery.NamespaceLoader.module_repr(module)),  # type: ignore[attr-defined]
        "abc_loader": attempt(lambda: abc_.Loader().module_repr(module)),  # type: ignore[attr-defined]
        "abc_file_loader": attempt(
            lambda: abc_.FileLoader.module_repr(machinery.SourceFileLoader("la", "x"), module)  # type: ignore[attr-defined]
        ),
        "no_name": attempt(lambda: machinery.FrozenImporter.module_repr(object())),  # type: ignore[attr-defined]
    }


# --- importlib.util's loader decorators ----------------------------------------------------


@scenario
def set_package_and_set_loader(tmp: Path) -> Observation:
    set_package = importlib.util.set_package  # type: ignore[attr-defined]
    set_loader = importlib.util.set_loader  # type: ignore[attr-defined]

    @set_package
    def make(name: str, package: Any = None, path: Any = None) -> types.ModuleType:
        module = types.ModuleType(name)
        if package is not None:
            module.__package__ = package
        if path is not None:
            module.__path__ = path
        return module

    class Loader:
        @set_loader
        def load_module(self, fullname: str, loader: Any = None) -> types.ModuleType:
            """Docstring kept by functools.wraps."""
            module = types.ModuleType(fullname)
            if loader is not None:
                module.__loader__ = loader
            return module

    loader = Loader()

    def facts(module: types.ModuleType) -> Any:
        return [module.__name__, module.__package__, module.__loader__ is loader]

    return {
        "wrapped_names": [make.__name__, Loader.load_module.__name__, Loader.load_module.__doc__],
        "top_level": attempt(lambda: make("la_a"), facts),
        "submodule": attempt(lambda: make("la_a.b.c"), facts),
        "package": attempt(lambda: make("la_a.b", path=[]), facts),
        "package_kept": attempt(lambda: make("la_a.b", package="kept"), facts),
        "loader_set": attempt(lambda: loader.load_module("la_l"), facts),
        "loader_kept": attempt(lambda: loader.load_module("la_l", loader="other"), describe),
        "set_package_bad_result": attempt(lambda: set_package(lambda: 42)()),
        "set_loader_needs_self": attempt(lambda: set_loader(lambda: None)()),
    }


@scenario
def module_for_loader_decorator(tmp: Path) -> Observation:
    module_for_loader = importlib.util.module_for_loader  # type: ignore[attr-defined]
    seen: list[Any] = []

    class Loader:
        def __init__(self, package: Any = False, fail: bool = False) -> None:
            self.package = package
            self.fail = fail

        def is_package(self, fullname: str) -> Any:
            if self.package is None:
                raise ImportError("no idea")
            return self.package

        @module_for_loader
        def load_module(self, module: types.ModuleType, extra: Any = None) -> Any:
            seen.append([module.__name__, getattr(module, "__package__", "unset"),
                         module.__loader__ is self, module.__initializing__,  # type: ignore[attr-defined]
                         sys.modules.get(module.__name__) is module, extra])
            if self.fail:
                raise ValueError("load failed")
            return module

    def facts(module: Any) -> Any:
        if not isinstance(module, types.ModuleType):
            return describe(module)
        return [module.__name__, module.__package__, module.__initializing__,  # type: ignore[attr-defined]
                sys.modules.get(module.__name__) is module]

    existing = types.ModuleType("la_existing")
    sys.modules["la_existing"] = existing
    results = {
        "new": attempt(lambda: Loader().load_module("la_new.sub", "x"), facts),
        "package": attempt(lambda: Loader(True).load_module("la_newpkg"), facts),
        "unknown_package": attempt(lambda: Loader(None).load_module("la_unknown.sub"), facts),
        "reload": attempt(lambda: Loader().load_module("la_existing"), facts),
        "reload_is_same": Loader().load_module("la_existing") is existing,
        "fails": attempt(lambda: Loader(fail=True).load_module("la_failing"), facts),
        "fails_on_reload": attempt(lambda: Loader(fail=True).load_module("la_existing"), facts),
        "failed_left": ["la_failing" in sys.modules, sys.modules.get("la_existing") is existing],
        "name": Loader.load_module.__name__,
    }
    results["seen"] = seen
    return results


# --- pkgutil.ImpImporter / ImpLoader --------------------------------------------------------


@scenario
def pkgutil_imp_importer(tmp: Path) -> Observation:
    _tree(tmp)
    importer = pkgutil.ImpImporter(str(tmp))  # type: ignore[attr-defined]
    loader = importer.find_module("la_mod")
    package_loader = importer.find_module("la_pkg")
    return {
        "importer": describe(importer),
        "loader": describe(loader),
        "is_package": [loader.is_package("la_mod"), package_loader.is_package("la_pkg")],
        "filename": [describe(loader.get_filename()), describe(package_loader.get_filename())],
        "source": loader.get_source(),
        "missing": attempt(lambda: importer.find_module("la_missing")),
        "iter_modules": sorted(importer.iter_modules("p.")),
        "pkgutil_iter_modules": sorted(
            (name, ispkg) for _, name, ispkg in pkgutil.iter_modules([str(tmp)])
        ),
        "load": attempt(lambda: loader.load_module("la_mod"), lambda m: [m.__name__, m.VALUE]),
        "wrong_name": attempt(lambda: loader.get_code("la_other")),
        "classes": [pkgutil.ImpImporter.__qualname__, pkgutil.ImpLoader.__qualname__],  # type: ignore[attr-defined]
    }


# --- the reference -------------------------------------------------------------------------


def run_scenario(name: str) -> Observation:
    return run(SCENARIOS[name])


def run_all() -> dict[str, Observation]:
    return {name: run_scenario(name) for name in SCENARIOS}


def load_reference() -> dict[str, Observation]:
    return json.loads(REFERENCE.read_text())  # type: ignore[no-any-return]


def main(argv: list[str]) -> int:
    """``--write``: record the reference (only on 3.11); else print this Python's results
    (``--with-imp-compat``: with imp_compat's legacy API switched on first)."""
    if "--with-imp-compat" in argv:  # a later Python, with the legacy API switched on
        import imp_compat

        imp_compat.install_legacy_api()
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
