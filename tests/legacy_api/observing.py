"""What a caller of a removed legacy API can observe, as plain JSON data for differential tests.

A scenario calls the API under test inside :func:`observe`, which records the value returned
or the exception raised, every warning (category, message, and whether it was attributed to
the caller or to the library), what was printed, and which of the scenario's modules entered or
left ``sys.modules``. Values are described by kind, names and paths (temporary folders written
``<tmp>``, the interpreter's cache tag ``<tag>``), never by identity, so that one run can be
compared with another on a different Python.

Used by ``pkgutil_loaders.py`` and ``load_module_scenarios.py``, which also share its
:func:`run_scenario` and :func:`print_or_write`; ``observe.py`` holds the format of
``removed_in_312.py``'s reference. Needs only the standard library: it runs on CPython and under
Pyodide alike.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import tempfile
import types
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Observation = dict[str, Any]
#: Every module a scenario creates has a name starting with this (their sys.modules effects).
PREFIX = "lapi"
_CACHE_TAG = re.compile(r"cpython-3\d+")
_ERRNO = re.compile(r"\[Errno \d+\]")  # errno numbers differ under WebAssembly (ENOENT is 44)
#: Where frozen stdlib modules say they come from (a zip file under Pyodide).
_STDLIB = getattr(sys, "_stdlib_dir", None)


class Context:
    """One scenario's temporary folder and the normalisation of what it sees."""

    def __init__(self, root: Path, caller_file: str) -> None:
        self.root = root
        self.caller_file = caller_file
        self.watched: tuple[str, ...] = ()

    def text(self, value: str) -> str:
        value = value.replace(os.path.realpath(self.root), "<tmp>").replace(str(self.root), "<tmp>")
        if _STDLIB:
            value = value.replace(_STDLIB, "<stdlib>")
        return _ERRNO.sub("[Errno N]", _CACHE_TAG.sub("<tag>", value))

    def describe(self, value: Any, depth: int = 0) -> Any:
        """A JSON description of ``value`` that two Pythons can agree on."""
        if depth > 3:
            return "..."
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            return {"bytes": self.text(value.decode("latin-1"))}
        if isinstance(value, list | tuple):
            return [self.describe(item, depth + 1) for item in value]
        if isinstance(value, type):
            return {"class": value.__name__}
        if isinstance(value, types.ModuleType):
            return {"module": value.__name__}
        if isinstance(value, BaseException):
            return {"raised": type(value).__name__, "message": self.text(str(value))}
        if type(value).__name__ == "ModuleSpec":
            search = value.submodule_search_locations
            return {
                "spec": value.name,
                "origin": self.describe(value.origin),
                "loader": self.describe(value.loader, depth + 1),
                "search": None if search is None else [self.text(str(p)) for p in search],
                "cached": self.describe(value.cached),
                "parent": value.parent,
            }
        described: dict[str, Any] = {"object": type(value).__name__}
        for attribute in ("name", "path", "archive", "prefix"):
            item = getattr(value, attribute, None)
            if isinstance(item, str):
                described[attribute] = self.text(item)
        return described

    def module(self, module: Any) -> Any:
        """A module's import-related attributes and the names its code defined."""
        if not isinstance(module, types.ModuleType):
            return self.describe(module)
        namespace = vars(module)
        missing = "<missing>"
        attributes = {
            name: self.describe(namespace.get(name, missing), 1)
            for name in (
                "__name__", "__file__", "__cached__", "__package__", "__path__", "__loader__",
                "__spec__", "__origname__",
            )
        }
        attributes["defined"] = sorted(
            name for name in namespace if not name.startswith("__") and name != "marker"
        )
        attributes["has __builtins__"] = "__builtins__" in namespace
        return attributes

    def modules(self) -> dict[str, int]:
        """The scenario's modules now in sys.modules (name -> id), for before/after diffs."""
        return {
            name: id(module)
            for name, module in sys.modules.items()
            if name.startswith(PREFIX) or name in self.watched
        }


@contextlib.contextmanager
def _captured_stdout() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    saved = sys.stdout
    sys.stdout = buffer
    try:
        yield buffer
    finally:
        sys.stdout = saved


def observe(
    context: Context, call: Callable[[], Any], *, module_result: bool = False
) -> Observation:
    """Run ``call`` and record what it returned or raised, warned, printed and imported."""
    before = context.modules()
    observation: Observation = {}
    with warnings.catch_warnings(record=True) as caught, _captured_stdout() as printed:
        warnings.simplefilter("always")
        try:
            result = call()
        except Exception as error:  # the exception is part of what is compared
            observation["raised"] = type(error).__name__
            observation["message"] = context.text(str(error))
            observation["exception attributes"] = {
                "name": getattr(error, "name", "<none>"),
                "cause": None if error.__cause__ is None else type(error.__cause__).__name__,
                "context": None if error.__context__ is None else type(error.__context__).__name__,
                "context shown": not error.__suppress_context__,
            }
        else:
            observation["returned"] = (
                context.module(result) if module_result else context.describe(result)
            )
    observation["warnings"] = [
        [
            warning.category.__name__,
            context.text(str(warning.message)),
            "caller" if warning.filename == context.caller_file else "library",
        ]
        for warning in caught
    ]
    observation["printed"] = context.text(printed.getvalue())
    after = context.modules()
    observation["sys.modules added"] = sorted(set(after) - set(before))
    observation["sys.modules removed"] = sorted(set(before) - set(after))
    observation["sys.modules replaced"] = sorted(
        name for name in set(before) & set(after) if before[name] != after[name]
    )
    return observation


@contextlib.contextmanager
def isolated(root: Path) -> Iterator[None]:
    """Put ``root`` first on sys.path and undo every change to the import state afterwards."""
    saved_modules = dict(sys.modules)
    saved_path = list(sys.path)
    saved_cache = dict(sys.path_importer_cache)
    sys.path.insert(0, str(root))
    try:
        yield
    finally:
        for name in [name for name in sys.modules if name not in saved_modules]:
            del sys.modules[name]
        for name, module in saved_modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
        sys.path[:] = saved_path
        sys.path_importer_cache.clear()
        sys.path_importer_cache.update(saved_cache)
        import importlib

        importlib.invalidate_caches()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_scenario(scenario: Callable[[Context], Observation], caller_file: str) -> Observation:
    """Run one scenario in a fresh temporary folder, leaving the import state as it was;
    ``caller_file`` is the scenario script (warnings from there are the caller's)."""
    with tempfile.TemporaryDirectory(prefix="lapi-") as tmp:
        root = Path(tmp)
        with isolated(root):
            return scenario(Context(root, caller_file))


def load_reference(reference: Path) -> dict[str, Observation]:
    loaded: dict[str, Observation] = json.loads(reference.read_text(encoding="utf-8"))
    return loaded


def print_or_write(
    argv: list[str], reference: Path, writer: tuple[int, int],
    run_all: Callable[[], dict[str, Observation]],
) -> int:
    """A scenario script's main: print every observation as JSON, or with ``--write`` store it
    as the ``reference`` (only on the CPython version ``writer``)."""
    if "--write" in argv and sys.version_info[:2] != writer:
        print(f"the reference is written by CPython {writer[0]}.{writer[1]}", file=sys.stderr)
        return 2
    text = json.dumps(run_all(), indent=1, sort_keys=True) + "\n"
    if "--write" in argv:
        reference.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
