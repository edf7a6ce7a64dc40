"""Running a scenario of calls to the legacy import API and recording what a user could see.

A scenario is a function ``(tmp: Path) -> dict`` that calls the API on files it writes under
``tmp`` and returns what it saw through :func:`attempt` and :func:`describe`. :func:`run`
runs it in isolation and adds the warnings it caused (category, message, and *where*: the
line of the scenario the warning points at, counted from its first, or ``"elsewhere"`` when
it points into the library, as a stack level of 1 does) and the modules it left in
``sys.modules`` whose names start with ``la_`` (every module a scenario writes is named so).

The same scenario file runs on the reference Python (the last one that had the names) and on
later Pythons with imp_compat's legacy API on; its results, as JSON, must be equal. Standard
library only, so it runs the same on CPython and under Pyodide.

Used by ``removed_in_312.py``. ``observing.py`` does the same job for the later removals in
another format (warnings as caller/library rather than lines): each module's format is the one
its reference JSON was recorded in, so the two cannot merge without rewriting a reference.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import os
import sys
import tempfile
import types
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

Observation = dict[str, Any]
Scenario = Callable[[Path], Observation]
PREFIX = "la_"

_TMP_MARKER = "<tmp>"
_tmp_root = ""


def portable(value: Any) -> Any:
    """A path with the scenario's temporary folder replaced by a marker, so runs compare."""
    if isinstance(value, str) and _tmp_root:
        return value.replace(_tmp_root, _TMP_MARKER)
    return value


def describe(value: Any) -> Any:
    """What a user sees of a value, as JSON data that is equal across interpreters."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return portable(value)
    if isinstance(value, tuple | list):
        return {type(value).__name__: [describe(item) for item in value]}
    if isinstance(value, types.ModuleType):
        in_sys_modules = sys.modules.get(value.__name__) is value
        return {"module": value.__name__, "in_sys_modules": in_sys_modules}
    if isinstance(value, type):
        return {"class": value.__qualname__}
    facts: Observation = {"instance of": type(value).__qualname__}
    for attribute in ("name", "path", "archive", "prefix", "fullname", "filename"):
        if attribute in getattr(value, "__dict__", {}):
            facts[attribute] = describe(getattr(value, attribute))
    return facts


def describe_error(error: BaseException) -> Observation:
    return {
        "type": type(error).__name__,
        "message": portable(str(error)),
        "name": getattr(error, "name", None),
    }


def attempt(action: Callable[[], Any], how: Callable[[Any], Any] = describe) -> Any:
    """Run ``action``; its result (through ``how``) or the exception it raised."""
    try:
        return {"ok": how(action())}
    except Exception as error:
        return {"raised": describe_error(error)}


def static_kind(owner: Any, name: str) -> Any:
    """How ``owner.name`` is defined: function, classmethod, staticmethod..., and its
    parameters; None when it is missing."""
    try:
        raw = inspect.getattr_static(owner, name)
    except AttributeError:
        return None
    value = getattr(owner, name)
    try:
        signature = inspect.signature(value)
        parameters = [[p.name, p.kind.name, repr(p.default)] for p in signature.parameters.values()]
    except (TypeError, ValueError):
        parameters = None
    return {"kind": type(raw).__name__, "parameters": parameters}


def write(directory: Path, relative: str, text: str = "") -> Path:
    target = directory / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


@contextlib.contextmanager
def isolated_import_state() -> Iterator[None]:
    """Give the scenario the import system to play with, and take it back afterwards."""
    saved = list(sys.meta_path), list(sys.path_hooks), list(sys.path)
    saved_cache = dict(sys.path_importer_cache)
    saved_modules = dict(sys.modules)
    try:
        yield
    finally:
        sys.meta_path[:], sys.path_hooks[:], sys.path[:] = saved
        sys.path_importer_cache.clear()
        sys.path_importer_cache.update(saved_cache)
        for name in set(sys.modules) - set(saved_modules):
            del sys.modules[name]
        sys.modules.update(saved_modules)
        importlib.invalidate_caches()


def _where(warning: warnings.WarningMessage, scenario_file: str, first_line: int) -> Any:
    # Counted from the scenario's first line: editing another scenario changes nothing here.
    if os.path.realpath(warning.filename) == scenario_file:
        return ["scenario line", warning.lineno - first_line]
    return "elsewhere"


def run(scenario: Scenario) -> Observation:
    """Run one scenario in isolation; its observations, warnings and leftover modules, as
    they read back from JSON."""
    global _tmp_root
    scenario_file = os.path.realpath(inspect.getsourcefile(scenario) or "")
    first = scenario.__code__.co_firstlineno
    with tempfile.TemporaryDirectory() as tmp, isolated_import_state():
        _tmp_root = os.path.realpath(tmp)
        before = set(sys.modules)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    observed = scenario(Path(_tmp_root))
                except Exception as error:  # recorded, so that a run shows every difference
                    observed = {"scenario_raised": describe_error(error)}
            observed["warnings"] = [
                [w.category.__name__, portable(str(w.message)), _where(w, scenario_file, first)]
                for w in caught
            ]
            observed["new_modules"] = sorted(
                name for name in set(sys.modules) - before if name.startswith(PREFIX)
            )
        finally:
            _tmp_root = ""
    return json.loads(json.dumps(observed))  # tuples become lists, as in the stored reference
