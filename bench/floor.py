"""The floor: the shortest correct raw-importlib code that gives each benchmarked ``imp`` result.

Code migrated off ``imp`` would look like this, so no ``imp`` implementation can reasonably be
faster: each ratio "against the floor" says what the ``imp`` API itself costs on top of importlib.
Only the cases the benchmarks exercise are covered (``find_module`` with an explicit path list,
``load_module`` of source, bytecode or package); the functions keep ``imp``'s signatures so that
the workloads can call every implementation the same way.

One difference is deliberate and documented in ``bench/README.md``: ``find_module`` here goes
through ``PathFinder``, which caches one ``FileFinder`` (and its directory listing) per path
entry, whereas Python 3.11's ``imp.find_module`` stats candidate files on every call. That cache
is what importlib itself does for every ``import`` statement, so it is the honest floor.
"""

from __future__ import annotations

import importlib
import os
import sys
import tokenize
from importlib import machinery, util
from types import ModuleType
from typing import IO, Any

# imp's type codes (facts of the 3.11 API).
PY_SOURCE = 1
PY_COMPILED = 2
C_EXTENSION = 3
PKG_DIRECTORY = 5

Description = tuple[str, str, int]


def _suffix_table() -> list[Description]:
    return (
        [(s, "rb", C_EXTENSION) for s in machinery.EXTENSION_SUFFIXES]
        + [(s, "r", PY_SOURCE) for s in machinery.SOURCE_SUFFIXES]
        + [(s, "rb", PY_COMPILED) for s in machinery.BYTECODE_SUFFIXES]
    )


# Longest suffix first, so that ".cpython-312-x86_64-linux-gnu.so" wins over ".so".
_BY_LENGTH = sorted(_suffix_table(), key=lambda entry: -len(entry[0]))


def get_suffixes() -> list[Description]:
    """A fresh list each call, as ``imp.get_suffixes`` returns one."""
    return _suffix_table()


def find_module(name: str, path: list[str]) -> tuple[IO[Any] | None, str, Description]:
    """``PathFinder`` does the search; the rest turns its spec into imp's triple."""
    spec = machinery.PathFinder.find_spec(name, path)
    if spec is None or spec.origin is None or spec.loader is None:  # namespace: not for imp
        raise ImportError(f"No module named {name!r}", name=name)
    origin = spec.origin
    if spec.submodule_search_locations is not None:
        return None, os.path.dirname(origin), ("", "", PKG_DIRECTORY)
    suffix, mode, kind = next(entry for entry in _BY_LENGTH if origin.endswith(entry[0]))
    file: IO[Any] = tokenize.open(origin) if mode == "r" else open(origin, "rb")  # noqa: SIM115
    return file, origin, (suffix, mode, kind)


def _exec_new(name: str, spec: machinery.ModuleSpec) -> ModuleType:
    module = util.module_from_spec(spec)
    sys.modules[name] = module
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def load_source(name: str, pathname: str, file: IO[Any] | None = None) -> ModuleType:
    """The importlib documentation's "import a source file directly" recipe."""
    loader = machinery.SourceFileLoader(name, pathname)
    return _exec_new(name, util.spec_from_file_location(name, pathname, loader=loader))


def load_compiled(name: str, pathname: str, file: IO[Any] | None = None) -> ModuleType:
    loader = machinery.SourcelessFileLoader(name, pathname)
    return _exec_new(name, util.spec_from_file_location(name, pathname, loader=loader))


def load_package(name: str, path: str) -> ModuleType:
    init = os.path.join(path, "__init__.py")
    loader = machinery.SourceFileLoader(name, init)
    spec = util.spec_from_file_location(name, init, loader=loader,
                                        submodule_search_locations=[path])
    return _exec_new(name, spec)


def load_module(name: str, file: IO[Any] | None, filename: str,
                details: Description) -> ModuleType:
    kind = details[2]
    if kind == PY_SOURCE:
        return load_source(name, filename)
    if kind == PY_COMPILED:
        return load_compiled(name, filename)
    if kind == PKG_DIRECTORY:
        return load_package(name, filename)
    raise ImportError(f"the floor does not load type code {kind}", name=name)


reload = importlib.reload
cache_from_source = util.cache_from_source
