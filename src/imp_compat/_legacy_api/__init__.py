"""The pre-PEP 451 import API that Python 3.12-3.15 removed, back on demand.

Names such as ``pkgutil.ImpImporter``, ``importlib.find_loader``, ``PathFinder.find_module``,
``pkgutil.get_loader`` and ``SourceFileLoader.load_module`` come back with the behaviour (and
the deprecation warnings) of the last Python that had each. See ``docs/legacy-api.md``.

When: ``import imp`` switches it on (code that imports imp is legacy code), and so does
:func:`install` (public as ``imp_compat.install_legacy_api()``). ``IMP_COMPAT_LEGACY_API=0``
(or ``false``, ``no``, ``off``) keeps it off, even for those; any other non-empty value
switches it on at interpreter start-up, through the ``imp_compat_legacy_api.pth`` file the
wheel installs, for code that never imports imp.

What: each "era" submodule (``_py312``, ``_py314``, ``_py315``: what that Python removed)
declares ``TARGETS``, a dict from a module name to a function that, given that module, returns
``(owner, attribute name, value)`` triples, the owner being that module or one of the classes
it reaches. Only missing names are set, never an existing one replaced, and :func:`uninstall`
removes exactly what was set (where it is still the object set).

Lazily: a target module already imported is completed at once; one not imported yet (pkgutil,
importlib.abc, ...) is completed when it is first imported, by :class:`LegacyApiWatcher`, a
finder first in ``sys.meta_path`` that answers for those few names only: it finds the module's
spec through the finders after it and wraps the loader's ``exec_module`` for that one
execution. Importing those modules up front would cost ``import imp`` and start-up time.
"""

import os
import sys
from _thread import get_ident

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing takes ~10 ms to import: kept out of ``import imp``
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any

    Additions = Callable[[ModuleType], list[tuple[object, str, object]]]

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "ERAS",
    "enabled_by_environment",
    "install",
    "is_installed",
    "requested_by_environment",
    "uninstall",
]

#: ``0`` (``false``, ``no``, ``off``) keeps the legacy API off; another non-empty value
#: switches it on at start-up (through the ``.pth`` file); unset leaves it to ``import imp``.
ENVIRONMENT_VARIABLE = "IMP_COMPAT_LEGACY_API"
_OFF_VALUES = frozenset({"0", "false", "no", "off"})

#: The submodules declaring what comes back, oldest removal first.
ERAS = ("_py312", "_py314", "_py315")

_installed = False
#: What install() set, in order: (owner, name, value).
_added: "list[tuple[object, str, object]]" = []
#: Target modules not imported yet, with what to add to each once it is.
_pending: "dict[str, list[Additions]]" = {}
_watcher: "LegacyApiWatcher | None" = None


def _environment_value() -> str:
    return os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()


def enabled_by_environment() -> bool:
    """False when ``IMP_COMPAT_LEGACY_API`` is set to 0, false, no or off."""
    return _environment_value() not in _OFF_VALUES


def requested_by_environment() -> bool:
    """True when ``IMP_COMPAT_LEGACY_API`` asks for the API at start-up (``1``, ``yes``...)."""
    value = _environment_value()
    return value != "" and value not in _OFF_VALUES


def is_installed() -> bool:
    """Whether the removed names are being provided in this interpreter right now."""
    return _installed


def targets() -> "dict[str, list[Additions]]":
    """Every era's ``TARGETS``, merged: module name -> additions functions, oldest era first."""
    import importlib

    merged: dict[str, list[Additions]] = {}
    for era in ERAS:
        module = importlib.import_module(f"{__name__}.{era}")
        for name, additions in module.TARGETS.items():
            merged.setdefault(name, []).append(additions)
    return merged


def install() -> None:
    """Provide the removed names that this Python lacks (idempotent).

    Does nothing when ``IMP_COMPAT_LEGACY_API=0`` is set. Modules already imported get their
    names now; the others when they are first imported.
    """
    global _installed, _watcher
    if _installed or not enabled_by_environment():
        return
    _installed = True
    for name, additions in targets().items():
        module = sys.modules.get(name)
        if module is None:
            _pending[name] = additions
        else:
            _complete(module, additions)
    if _pending:
        _watcher = LegacyApiWatcher()
        sys.meta_path.insert(0, _watcher)


def uninstall() -> None:
    """Remove every name :func:`install` set (those still set to its value), and stop."""
    global _installed, _watcher
    _installed = False
    _pending.clear()
    watcher, _watcher = _watcher, None
    if watcher is not None:
        # ==, not is: on 3.15 the legacy-hook support may wrap the watcher in an adapter that
        # compares equal to it.
        sys.meta_path[:] = [finder for finder in sys.meta_path if finder != watcher]
    while _added:
        owner, name, value = _added.pop()
        if vars(owner).get(name) is value:
            delattr(owner, name)


def _complete(module: "ModuleType", additions: "list[Additions]") -> None:
    """Set each missing name that ``additions`` give for ``module``."""
    for additions_for in additions:
        for owner, name, value in additions_for(module):
            if hasattr(owner, name):  # natively there (or inherited): never replaced
                continue
            setattr(owner, name, value)
            _added.append((owner, name, value))


def _executed(name: str, module: "ModuleType") -> None:
    """A pending target module just ran its code: complete it, if it is the one imported."""
    if sys.modules.get(name) is not module:  # e.g. a copy loaded from the spec by hand
        return
    additions = _pending.pop(name, None)
    if additions is not None and _installed:
        _complete(module, additions)


class LegacyApiWatcher:
    """Completes the pending target modules when they are first imported; finds nothing else."""

    def __init__(self) -> None:
        self._searching: int | None = None  # the thread searching now: its calls pass through

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} (imp_compat legacy import API)>"

    def find_spec(
        self, fullname: str, path: "Any" = None, target: "ModuleType | None" = None
    ) -> "ModuleSpec | None":
        """The spec the finders after this one give, for a pending target module; else None."""
        if fullname not in _pending or self._searching == get_ident():
            return None
        self._searching = get_ident()
        try:
            spec = self._find_after(fullname, path, target)
        finally:
            self._searching = None
        if spec is not None and spec.loader is not None:
            _watch_execution(spec)
        return spec

    def find_module(self, fullname: str, path: "Any" = None) -> None:
        """None: legacy code asks every ``pkgutil.iter_importers()`` entry this (as on 3.11)."""
        return None

    def _find_after(self, fullname: str, path: "Any", target: "Any") -> "ModuleSpec | None":
        entries = list(sys.meta_path)
        own = next((i for i, entry in enumerate(entries) if entry == self), len(entries))
        for finder in entries[own + 1 :]:
            find_spec = getattr(finder, "find_spec", None)
            if find_spec is None:
                continue
            spec: ModuleSpec | None = find_spec(fullname, path, target)
            if spec is not None:
                return spec
        return None


def _watch_execution(spec: "ModuleSpec") -> None:
    """Have ``spec``'s loader report to :func:`_executed` after it next executes the module."""
    loader: Any = spec.loader
    exec_module = getattr(loader, "exec_module", None)
    if exec_module is None:  # a load_module()-only loader: left alone (none in the stdlib)
        return
    name = spec.name

    if not isinstance(loader, type):

        def run(module: "ModuleType") -> None:
            if vars(loader).get("exec_module") is run:
                del loader.exec_module  # the loader is itself again before the code runs
            exec_module(module)
            _executed(name, module)

        try:  # an attribute of this one loader instance, removed again when it runs
            loader.exec_module = run
            return
        except (AttributeError, TypeError):
            pass  # no instance attributes (__slots__): a stand-in loader, below

    def run_instead(module: "ModuleType") -> None:
        spec.loader = loader
        if getattr(module, "__loader__", None) is stand_in:
            module.__loader__ = loader
        exec_module(module)
        _executed(name, module)

    stand_in = _StandInLoader(loader, run_instead)
    spec.loader = stand_in  # type: ignore[assignment]


class _StandInLoader:
    """For a loader that takes no attribute (a class such as FrozenImporter): runs it, then
    puts it back as the module's loader."""

    def __init__(self, loader: "Any", exec_module: "Callable[[ModuleType], None]") -> None:
        self._loader = loader
        self.exec_module = exec_module

    def create_module(self, spec: "ModuleSpec") -> "ModuleType | None":
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def __getattr__(self, name: str) -> "Any":
        return getattr(self._loader, name)
