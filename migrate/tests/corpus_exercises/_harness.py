"""Shared by the exercise scripts: the corpus tree, imp call counting and the JSON report.

Each exercise runs as ``python -S exercise_NAME.py TREE`` in an empty working directory, where
TREE holds one release directory per corpus release (original or fixed files). It prints one
JSON object; the test compares its ``result`` between the original files on Python 3.11 and
the fixed files on 3.11 and 3.12. Paths are written relative (``<tree>``, ``<work>``) so runs
in different directories compare.

With ``CORPUS_TRACE_IMP=1`` (the reference run) every public function of the stdlib ``imp``
is wrapped before the corpus code imports it, so the report proves the imp path really ran.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import types
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

TREE = os.path.realpath(sys.argv[1])
WORK = os.path.realpath(os.getcwd())
TRACE = os.environ.get("CORPUS_TRACE_IMP") == "1"
IMP_CALLS: Counter[str] = Counter()

sys.dont_write_bytecode = True  # every run starts from the same files on disk


def use_release(*parts: str) -> str:
    """Put a directory of the tree first on sys.path and return it."""
    path = os.path.join(TREE, *parts)
    sys.path.insert(0, path)
    return path


def _counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        IMP_CALLS[name] += 1
        return function(*args, **kwargs)

    return wrapper


def _trace_imp() -> None:
    import imp  # the reference run only: Python 3.11's own imp

    for name, value in list(vars(imp).items()):
        if not name.startswith("_") and isinstance(
            value, types.FunctionType | types.BuiltinFunctionType
        ):
            setattr(imp, name, _counting(name, value))


if TRACE:
    _trace_imp()


def rel(value: Any) -> Any:
    """``value`` with the tree and work paths replaced by placeholders, recursively."""
    if isinstance(value, str):
        return value.replace(TREE, "<tree>").replace(WORK, "<work>")
    if isinstance(value, dict):
        return {rel(key): rel(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rel(item) for item in value]
    return value


def error(exc: BaseException) -> dict[str, str]:
    """What a caller can see of an exception: its type and message."""
    return {"error": type(exc).__name__, "message": rel(str(exc))}


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``function(*args)``, or the description of the exception it raised."""
    try:
        return function(*args, **kwargs)
    except Exception as exc:
        return error(exc)


def module_facts(module: Any, *names: str) -> dict[str, Any]:
    """The import-system attributes of a module, and the named attributes it defines."""
    spec = getattr(module, "__spec__", None)
    facts = {
        "__name__": module.__name__,
        "__file__": getattr(module, "__file__", None),
        "__path__": list(module.__path__) if hasattr(module, "__path__") else None,
        "__package__": getattr(module, "__package__", None),
        "spec.name": getattr(spec, "name", None),
        "spec.origin": getattr(spec, "origin", None),
        "in sys.modules": sys.modules.get(module.__name__) is module,
    }
    for name in names:
        facts[name] = getattr(module, name, "<missing>")
    return facts


def write(relative: str, text: str, encoding: str = "utf-8") -> str:
    """Write a file under the working directory; return its absolute path."""
    path = os.path.join(WORK, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding) as file:
        file.write(text)
    return path


@contextlib.contextmanager
def pretend_python(major: int, minor: int) -> Iterator[None]:
    """Let a module's import-time version checks pick the branch written for an older Python.

    On Python 3 the imp branches of Mako's compat and boto's six are taken only on 3.2/3.3,
    so the exercise imports them while ``sys.version_info`` claims such a version.
    """
    real = sys.version_info
    sys.version_info = (major, minor, 0, "final", 0)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.version_info = real


def report(result: Any) -> None:
    """Print the JSON report: the result to compare and what the run knew about imp."""
    imp_in_sys_modules = "imp" in sys.modules  # before the probe below imports it
    try:
        import imp  # noqa: F401
    except ImportError:
        imp_importable = False
    else:
        imp_importable = True
    out = {
        "result": rel(result),
        "imp_calls": dict(IMP_CALLS) if TRACE else None,
        "imp_in_sys_modules": imp_in_sys_modules,
        "imp_importable": imp_importable,
    }
    print(json.dumps(out, sort_keys=True, indent=1))


def six_reload(six: Any) -> dict[str, Any]:
    """What ``six.moves.reload_module`` does (both sixes of the corpus name imp for it)."""
    sys.path.insert(0, os.path.join(WORK, "modules"))
    write("modules/reloadme.py", "VALUE = 1\nRUNS = 1\n")
    import reloadme  # type: ignore[import-not-found]

    before = module_facts(reloadme, "VALUE", "RUNS")
    write("modules/reloadme.py", "VALUE = 'two'\nRUNS = RUNS + 1\nNEW = True\n")
    returned = six.moves.reload_module(reloadme)
    # Attribute access only: ``from six.moves import ...`` goes through six's meta path
    # finder, which has no find_spec() in these old sixes and so fails on 3.12 (not imp).
    again = six.moves.reload_module(reloadme)
    not_in_sys_modules = types.ModuleType("not_in_sys_modules")
    return {
        "before": before,
        "after": module_facts(reloadme, "VALUE", "RUNS", "NEW"),
        "returned is module": returned is reloadme,
        "reloaded again": again is reloadme and reloadme.RUNS,
        "not a module": call(six.moves.reload_module, "reloadme"),
        "not in sys.modules": call(six.moves.reload_module, not_in_sys_modules),
    }
