"""Run a module spec the way Python 3.11's ``imp`` did, using public importlib APIs only.

3.11's ``imp`` called importlib's private ``_load`` and ``_exec``, whose behaviour changed in
later releases. What a 3.11 user observed, and what is reproduced here:

* a fresh load puts the module in ``sys.modules`` before its code runs and takes it out again
  if that code raises;
* re-executing into a module already in ``sys.modules`` keeps it there even on failure;
* the caller gets whatever ``sys.modules`` holds under the name afterwards (a module may
  replace itself), and the entry is moved to the end of ``sys.modules``;
* the module attributes (``__file__``, ``__cached__``, ``__package__`` ...) are set even on
  Pythons whose import system no longer sets all of them.

Loads of the same name are serialised by a per-name re-entrant lock, so that threads calling
``load_source`` concurrently never see a half-initialised module of their own making.
"""

import _thread
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from importlib.machinery import ModuleSpec
    from types import ModuleType, TracebackType
    from typing import Any

__all__ = ["exec_spec", "load_spec", "run_spec"]


_guard = _thread.allocate_lock()
_name_locks: "dict[str, list[Any]]" = {}  # name -> [RLock, number of threads using it]


class _NameLock:
    """A re-entrant lock per module name, dropped when no thread uses it any more."""

    __slots__ = ("_entry", "_name")

    def __init__(self, name: str) -> None:
        self._name = name

    def __enter__(self) -> None:
        with _guard:
            entry = _name_locks.get(self._name)
            if entry is None:
                entry = _name_locks[self._name] = [_thread.RLock(), 0]
            entry[1] += 1
        self._entry = entry
        entry[0].acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: "TracebackType | None",
    ) -> None:
        entry = self._entry
        entry[0].release()
        with _guard:
            entry[1] -= 1
            if entry[1] == 0 and _name_locks.get(self._name) is entry:
                del _name_locks[self._name]


def _verbose_import(spec: "ModuleSpec") -> None:
    if sys.flags.verbose:
        print(f"import {spec.name!r} # {spec.loader!r}", file=sys.stderr)


def _set_module_attrs(spec: "ModuleSpec", module: "ModuleType", *, override: bool) -> None:
    """Give *module* the attributes a 3.11 import gave it, from *spec*.

    With *override* false only missing attributes are filled in (after ``module_from_spec``
    this restores ``__cached__``/``__package__`` on Pythons that stopped setting them).
    """
    values: dict[str, object] = {}
    if override or getattr(module, "__name__", None) is None:
        values["__name__"] = spec.name
    if override or getattr(module, "__loader__", None) is None:
        values["__loader__"] = spec.loader
    values["__package__"] = spec.parent
    values["__spec__"] = spec
    locations = spec.submodule_search_locations
    if locations is not None and (override or getattr(module, "__path__", None) is None):
        values["__path__"] = locations
    if spec.has_location:
        if override or getattr(module, "__file__", None) is None:
            values["__file__"] = spec.origin
        if spec.cached is not None and (override or getattr(module, "__cached__", None) is None):
            values["__cached__"] = spec.cached
    for attribute, value in values.items():
        try:
            setattr(module, attribute, value)
        except AttributeError:
            pass  # e.g. an extension module that refuses new attributes


def _set_initializing(spec: "ModuleSpec", value: bool) -> None:
    # importlib reads this flag to say "partially initialized module ... (most likely due to
    # a circular import)"; an interpreter that no longer reads it is not harmed by it.
    try:
        spec._initializing = value  # type: ignore[attr-defined]
    except AttributeError:
        pass


def _refresh_position(name: str) -> "ModuleType":
    # Move the entry to the end of sys.modules (interpreter shutdown clears in reverse order)
    # and return whatever the module code left there.
    module: ModuleType = sys.modules.pop(name)
    sys.modules[name] = module
    return module


def _load_unlocked(spec: "ModuleSpec") -> "ModuleType":
    from importlib.util import module_from_spec

    module = module_from_spec(spec)
    _set_module_attrs(spec, module, override=False)
    _set_initializing(spec, True)
    try:
        sys.modules[spec.name] = module
        try:
            assert spec.loader is not None
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)
            raise
        module = _refresh_position(spec.name)
        _verbose_import(spec)
    finally:
        _set_initializing(spec, False)
    return module


def load_spec(spec: "ModuleSpec", *, lock: bool = True) -> "ModuleType":
    """Create a new module from *spec*, enter it in ``sys.modules`` and execute it."""
    name = spec.name  # a None spec fails here, with 3.11's AttributeError
    if not lock:
        return _load_unlocked(spec)
    with _NameLock(name):
        return _load_unlocked(spec)


def exec_spec(spec: "ModuleSpec", module: "ModuleType") -> "ModuleType":
    """Execute *spec* again inside *module*, which must be ``sys.modules[spec.name]``."""
    name = spec.name
    with _NameLock(name):
        if sys.modules.get(name) is not module:
            raise ImportError(f"module {name!r} not in sys.modules", name=name)
        try:
            _set_module_attrs(spec, module, override=True)
            assert spec.loader is not None
            spec.loader.exec_module(module)
        finally:
            module = _refresh_position(name)
    return module


def run_spec(name: str, spec: "ModuleSpec") -> "ModuleType":
    """Re-execute into the module already in ``sys.modules``, else load a new one.

    Callers pass what ``spec_from_file_location`` gave, which may be None: as in 3.11 the
    name is looked up first (an unhashable name raises its TypeError), then ``spec.name``
    raises AttributeError.
    """
    hash(name)
    with _NameLock(spec.name):
        if name in sys.modules:
            return exec_spec(spec, sys.modules[name])
        return _load_unlocked(spec)
