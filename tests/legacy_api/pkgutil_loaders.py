"""``pkgutil.find_loader`` / ``pkgutil.get_loader`` in every situation their callers meet.

Each scenario calls ``pkgutil.find_loader`` or ``pkgutil.get_loader`` (looked up on ``pkgutil``
at call time: the native functions on Python <= 3.13, imp_compat's where they were added) and
returns what a caller observes (see ``observing.py``). Python 3.13's own pkgutil is the
reference: ``reference_pkgutil_3_13.json`` holds its results, written by running this file with
CPython 3.13 *without* imp_compat::

    python3.13 tests/legacy_api/pkgutil_loaders.py --write

``tests/test_legacy_api_pkgutil.py`` compares imp_compat's functions with it on every Python
(3.11-3.13 natively, 3.14 and 3.15 under Pyodide) and reruns it on a real 3.13.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the sibling module importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from legacy_api import observing
from legacy_api.observing import Context, Observation, observe, write

REFERENCE = Path(__file__).with_name("reference_pkgutil_3_13.json")
SCENARIOS: dict[str, Callable[[Context], Observation]] = {}


def scenario(func: Callable[[Context], Observation]) -> Callable[[Context], Observation]:
    SCENARIOS[func.__name__] = func
    return func


def _find_loader(name: Any) -> Any:
    import pkgutil

    return pkgutil.find_loader(name)  # type: ignore[attr-defined]


def _get_loader(name: Any) -> Any:
    import pkgutil

    return pkgutil.get_loader(name)  # type: ignore[attr-defined]


def _tree(ctx: Context) -> None:
    """lapi_mod.py, lapi_pkg/{__init__,sub}.py, a namespace package, a failing package."""
    write(ctx.root / "lapi_mod.py", "VALUE = 1\n")
    write(ctx.root / "lapi_pkg" / "__init__.py", "")
    write(ctx.root / "lapi_pkg" / "sub.py", "")
    write(ctx.root / "lapi_ns" / "part.py", "")
    write(ctx.root / "lapi_bad" / "__init__.py", "raise ValueError('lapi_bad refuses')\n")
    write(ctx.root / "lapi_boom" / "__init__.py", "raise RuntimeError('lapi_boom explodes')\n")


def _one_call(name: str, function: Callable[[Any], Any], argument: Any, with_tree: bool) -> None:
    """Register scenario ``name``: ``function(argument)`` observed once, with the files of
    :func:`_tree` written first when ``with_tree``."""

    def one_call(ctx: Context) -> Observation:
        if with_tree:
            _tree(ctx)
        return observe(ctx, lambda: function(argument))

    one_call.__name__ = one_call.__qualname__ = name
    scenario(one_call)


# The scenarios that are a single call: (name, function, argument, with _tree's files).
_ONE_CALL: list[tuple[str, Callable[[Any], Any], Any, bool]] = [
    # find_loader
    ("find_loader_top_level_module", _find_loader, "lapi_mod", True),
    ("find_loader_submodule_imports_the_parent", _find_loader, "lapi_pkg.sub", True),
    ("find_loader_package", _find_loader, "lapi_pkg", True),
    ("find_loader_namespace_package", _find_loader, "lapi_ns", True),
    ("find_loader_missing", _find_loader, "lapi_missing", True),
    ("find_loader_missing_parent", _find_loader, "lapi_missing.sub", True),
    ("find_loader_parent_not_a_package", _find_loader, "lapi_mod.sub", True),
    ("find_loader_parent_raises_value_error", _find_loader, "lapi_bad.sub", True),
    ("find_loader_parent_raises_runtime_error", _find_loader, "lapi_boom.sub", True),
    ("find_loader_relative_name", _find_loader, ".lapi_mod", False),
    ("find_loader_not_a_string", _find_loader, 42, False),
    ("find_loader_bytes", _find_loader, b"lapi_mod", False),
    ("find_loader_builtin", _find_loader, "sys", False),
    ("find_loader_frozen", _find_loader, "__hello__", False),
    # get_loader: a name (the module objects and __main__ have scenarios of their own below)
    ("get_loader_name_not_imported", _get_loader, "lapi_pkg.sub", True),
    ("get_loader_missing", _get_loader, "lapi_missing", False),
    ("get_loader_missing_parent", _get_loader, "lapi_missing.sub", False),
    ("get_loader_relative_name", _get_loader, ".lapi_mod", False),
    ("get_loader_not_a_string", _get_loader, 42, False),
    ("get_loader_builtin", _get_loader, "sys", False),
]
for _row in _ONE_CALL:
    _one_call(*_row)


@scenario
def find_loader_imported_module(ctx: Context) -> Observation:
    _tree(ctx)
    import importlib

    importlib.import_module("lapi_mod")
    return observe(ctx, lambda: _find_loader("lapi_mod"))


@scenario
def find_loader_module_with_spec_none(ctx: Context) -> Observation:
    module = types.ModuleType("lapi_nospec")
    module.__spec__ = None
    sys.modules["lapi_nospec"] = module
    return observe(ctx, lambda: _find_loader("lapi_nospec"))


@scenario
def find_loader_module_without_spec_attribute(ctx: Context) -> Observation:
    module = types.ModuleType("lapi_nospec")
    del module.__spec__
    sys.modules["lapi_nospec"] = module
    return observe(ctx, lambda: _find_loader("lapi_nospec"))


@scenario
def get_loader_name_imported(ctx: Context) -> Observation:
    _tree(ctx)
    import importlib

    module = importlib.import_module("lapi_mod")
    observation = observe(ctx, lambda: _get_loader("lapi_mod"))
    observation["is module.__loader__"] = _silently(_get_loader, "lapi_mod") is module.__loader__
    return observation


@scenario
def get_loader_module_object(ctx: Context) -> Observation:
    _tree(ctx)
    import importlib

    module = importlib.import_module("lapi_mod")
    return observe(ctx, lambda: _get_loader(module))


@scenario
def get_loader_module_object_not_in_sys_modules(ctx: Context) -> Observation:
    module = types.ModuleType("lapi_loose")
    module.__loader__ = "a loader of its own"
    return observe(ctx, lambda: _get_loader(module))


@scenario
def get_loader_module_without_loader_or_spec(ctx: Context) -> Observation:
    module = types.ModuleType("lapi_bare")
    return observe(ctx, lambda: _get_loader(module))


@scenario
def get_loader_module_without_loader_with_spec(ctx: Context) -> Observation:
    _tree(ctx)
    import importlib

    module = importlib.import_module("lapi_mod")
    module.__loader__ = None
    return observe(ctx, lambda: _get_loader(module))


@scenario
def get_loader_module_without_loader_with_spec_not_found(ctx: Context) -> Observation:
    import importlib.machinery

    module = types.ModuleType("lapi_ghost")
    module.__loader__ = None
    module.__spec__ = importlib.machinery.ModuleSpec("lapi_ghost", None)
    return observe(ctx, lambda: _get_loader(module))


@scenario
def get_loader_none_in_sys_modules(ctx: Context) -> Observation:
    sys.modules["lapi_blocked"] = None  # type: ignore[assignment]
    return observe(ctx, lambda: _get_loader("lapi_blocked"))


@scenario
def get_loader_main_run_from_a_file(ctx: Context) -> Observation:
    import importlib.machinery

    path = write(ctx.root / "lapi_script.py", "")
    main = types.ModuleType("__main__")
    main.__file__ = str(path)
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", str(path))
    main.__spec__ = None  # as for `python script.py`
    return _with_main(ctx, main)


@scenario
def get_loader_main_interactive(ctx: Context) -> Observation:
    main = types.ModuleType("__main__")
    main.__loader__ = None
    main.__spec__ = None
    return _with_main(ctx, main)


@scenario
def get_loader_main_run_with_dash_m(ctx: Context) -> Observation:
    _tree(ctx)
    import importlib.util

    spec = importlib.util.find_spec("lapi_mod")
    main = types.ModuleType("__main__")
    main.__loader__ = None
    main.__spec__ = spec
    return _with_main(ctx, main)


def _with_main(ctx: Context, main: types.ModuleType) -> Observation:
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = main
    try:
        return observe(ctx, lambda: _get_loader("__main__"))
    finally:
        sys.modules["__main__"] = saved


@scenario
def get_loader_unhashable(ctx: Context) -> Observation:
    observation = observe(ctx, lambda: _get_loader(["lapi_mod"]))
    # The interpreter's own words, which 3.15 extends ("cannot use 'list' as a dict key (...)").
    observation["message"] = "unhashable type: 'list'" in observation["message"]
    return observation


@scenario
def get_loader_calls_pkgutils_find_loader(ctx: Context) -> Observation:
    """3.13's get_loader looked find_loader up in pkgutil's namespace at each call."""
    import pkgutil

    calls: list[Any] = []
    saved = pkgutil.find_loader  # type: ignore[attr-defined]
    pkgutil.find_loader = lambda name: calls.append(name) or "replacement"  # type: ignore[attr-defined]
    try:
        observation = observe(ctx, lambda: _get_loader("lapi_missing"))
    finally:
        pkgutil.find_loader = saved  # type: ignore[attr-defined]
    observation["replacement called with"] = calls
    return observation


def _silently(function: Callable[[Any], Any], argument: Any) -> Any:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return function(argument)


def run_scenario(name: str) -> Observation:
    return observing.run_scenario(SCENARIOS[name], __file__)


def run_all() -> dict[str, Observation]:
    return {name: run_scenario(name) for name in SCENARIOS}


def load_reference() -> dict[str, Observation]:
    return observing.load_reference(REFERENCE)


def main(argv: list[str]) -> int:
    """Print every scenario's observation as JSON; ``--write`` stores it as the reference."""
    if "imp_compat" in sys.modules or not hasattr(_pkgutil(), "find_loader"):
        print("the reference must come from a Python whose pkgutil has find_loader natively, "
              "without imp_compat (CPython 3.13)", file=sys.stderr)
        return 2
    return observing.print_or_write(argv, REFERENCE, (3, 13), run_all)


def _pkgutil() -> types.ModuleType:
    import pkgutil

    return pkgutil


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
