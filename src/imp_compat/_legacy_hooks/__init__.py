"""PEP 302 import hooks (``find_module``/``find_loader`` finders, ``load_module`` loaders)
working on Python 3.12+ as they did on Python 3.11.

``import imp`` switches this on (legacy code that installs such hooks imports ``imp``);
``install()`` switches it on explicitly, ``uninstall()`` off, and the environment variable
``IMP_COMPAT_LEGACY_HOOKS=0`` keeps it off. See ``docs/legacy-hooks.md``.

How: one finder, the *watcher* (:class:`LegacyHookWatcher`), goes first in ``sys.meta_path``.
Python 3.12+ skips a ``sys.meta_path`` entry without ``find_spec()`` and calls ``find_spec()``
on path entry finders unconditionally. Rather than sit in front of every finder on every
import, the watcher looks, at the start of each import, whether ``sys.meta_path``,
``sys.path_hooks`` or ``sys.path_importer_cache`` changed since it last looked (a cheap
list comparison); only then does it replace new legacy entries, in place, by adapters
(``_finders``, loaded on first need). It always answers "not found" itself, so imports go on
through the finders that follow it.

The import that first meets a newly adapted finder has passed it (or iterates a copy of
``sys.meta_path``, Python 3.14+), so that one import is searched by the watcher itself: the
newly adapted finders that stand before it and every finder after it, in order.

The watcher lives here rather than in a module of its own because ``import imp`` imports this
package to switch it on, and every module file on that path costs about 0.06 ms of its 1 ms
budget (``bench/README.md``).
"""

import os
import sys
import zipimport
from _thread import get_ident
from importlib.machinery import BuiltinImporter, FileFinder, FrozenImporter, PathFinder

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing takes ~10 ms to import: kept out of ``import imp``
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any, TypeVar

    from . import _finders

    _T = TypeVar("_T")

__all__ = ["ENVIRONMENT_VARIABLE", "enabled_by_environment", "install", "is_installed", "uninstall"]

#: Set to ``0`` (or ``false``, ``no``, ``off``) to keep the legacy hooks switched off.
ENVIRONMENT_VARIABLE = "IMP_COMPAT_LEGACY_HOOKS"
_OFF_VALUES = frozenset({"0", "false", "no", "off"})

# Python 3.11's importlib still honours legacy finders and loaders by itself.
_NEEDED = sys.version_info >= (3, 12)

_active_watcher: "LegacyHookWatcher | None" = None


def enabled_by_environment() -> bool:
    """False when ``IMP_COMPAT_LEGACY_HOOKS`` is set to 0, false, no or off."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "")
    return value.strip().lower() not in _OFF_VALUES


def is_installed() -> bool:
    """Whether legacy hooks are being adapted in this interpreter right now."""
    return _active_watcher is not None and any(f is _active_watcher for f in sys.meta_path)


def install() -> None:
    """Make legacy finders and loaders work as on Python 3.11 (idempotent).

    Does nothing on Python 3.11 and older, whose importlib does this itself, and nothing when
    ``IMP_COMPAT_LEGACY_HOOKS=0`` is set. Called again, it adapts at once any hook installed
    since (otherwise that happens at the next import).
    """
    global _active_watcher
    if not _NEEDED or not enabled_by_environment():
        return
    if _active_watcher is None or not is_installed():
        _active_watcher = LegacyHookWatcher()
        sys.meta_path.insert(0, _active_watcher)
    _active_watcher.refresh()


def uninstall() -> None:
    """Put every hook back as the user installed it and stop adapting (idempotent)."""
    global _active_watcher
    watcher, _active_watcher = _active_watcher, None
    if watcher is not None:
        restore_originals(watcher)


# The watcher, and what it needs to decide without loading the adapters.

#: Whether importlib itself still runs loaders that only have load_module() (gone in 3.15).
NATIVE_LOAD_MODULE_FALLBACK = sys.version_info < (3, 15)

# Finders and path hooks of the standard library: never legacy, and never handed loaders
# without exec_module(), so they are left alone (and cost nothing).
STDLIB_META_PATH_FINDERS = (BuiltinImporter, FrozenImporter, PathFinder)
STDLIB_PATH_ENTRY_FINDERS = (FileFinder, zipimport.zipimporter)


def is_stdlib_path_hook(hook: object) -> bool:
    """zipimporter, or the closure that ``FileFinder.path_hook()`` returns."""
    if hook is zipimport.zipimporter:
        return True
    qualname = getattr(hook, "__qualname__", "")
    module = getattr(hook, "__module__", "")
    from_importlib = module in ("_frozen_importlib_external", "importlib._bootstrap_external")
    return from_importlib and qualname.startswith("FileFinder.")


def _may_need_adapter(finder: object) -> bool:
    # Decided without loading the adapters: only objects without find_spec() are legacy,
    # and only where importlib lacks the load_module() fallback may modern ones need help.
    return not hasattr(finder, "find_spec") or not NATIVE_LOAD_MODULE_FALLBACK


def may_need_meta_path_adapter(finder: object) -> bool:
    """Whether a ``sys.meta_path`` entry may need an adapter (never a standard finder)."""
    return not any(finder is stdlib for stdlib in STDLIB_META_PATH_FINDERS) and (
        _may_need_adapter(finder)
    )


def may_need_path_entry_adapter(finder: object) -> bool:
    """Whether a path entry finder may need an adapter (never None or a standard finder)."""
    return (
        finder is not None
        and type(finder) not in STDLIB_PATH_ENTRY_FINDERS
        and _may_need_adapter(finder)
    )


# What imp's functions import on first use (to keep 'import imp' cheap). A user hook gets a
# say in every import once adapted, and some (python-future's) call imp for each one: were
# these imported after that, through the hook, imp would re-enter itself without end. 3.11's
# imp had them all loaded with itself; here they are loaded before the first hook is adapted.
IMP_DEPENDENCIES = (
    "importlib.util",
    "marshal",
    "tokenize",
    "warnings",
    "imp_compat._execution",
    "imp_compat._file_loaders",
)


def _adapters() -> "Any":
    # Imported on first need, so that 'import imp' does not pay for code most programs
    # never run.
    finders = sys.modules.get(f"{__package__}._finders")
    if finders is None:
        import importlib

        for name in IMP_DEPENDENCIES:
            importlib.import_module(name)
        from . import _finders as finders
    return finders


class LegacyHookWatcher:
    """Adapts legacy finders and path hooks when the import system's lists change."""

    def __init__(self) -> None:
        self._meta_path: list[Any] = []
        self._path_hooks: list[Any] = []
        self._cache_size = -1
        self._adapting: int | None = None  # the thread adapting now: its imports pass us by
        self._skipping: list[_finders.MetaPathAdapter] = []

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} (imp_compat legacy import hooks)>"

    def find_spec(
        self, fullname: str, path: "Any" = None, target: "ModuleType | None" = None
    ) -> "ModuleSpec | None":
        """Adapt what changed; search this one import itself if a legacy finder was new."""
        # This runs for every import: list comparison in C (identity first, then ==) is the
        # cheapest check there is. An entry swapped for one that compares equal (such as an
        # adapter for the object it wraps) goes unnoticed until invalidate_caches().
        if self._adapting is not None and self._adapting == get_ident():
            return None  # an import made while adapting, e.g. of the adapters themselves
        if self._skipping:
            for adapter in self._skipping:
                adapter.skip_once(None)
            self._skipping.clear()
        if sys.path_hooks != self._path_hooks:
            self._guarded(self.adapt_path_hooks)
        if len(sys.path_importer_cache) != self._cache_size:
            self._guarded(self.adapt_path_importer_cache)
        if sys.meta_path == self._meta_path:
            return None
        new = self._guarded(self.adapt_meta_path)
        if not new:
            return None
        return self._search_once(fullname, path, target, new)

    def find_module(self, fullname: str, path: "Any" = None) -> None:
        """None. Legacy code calls find_module() on each ``pkgutil.iter_importers()`` entry,
        which include ``sys.meta_path``'s, as every finder had it on 3.11."""
        return None

    def refresh(self) -> None:
        """Adapt whatever needs it in all three places now."""
        self._guarded(self.adapt_path_hooks)
        self._guarded(self.adapt_path_importer_cache)
        self._guarded(self.adapt_meta_path)

    def _guarded(self, adapt: "Callable[[], _T]") -> "_T":
        # Adapting may import (the adapters are loaded on first need); those imports must not
        # come back here and adapt again.
        self._adapting = get_ident()
        try:
            return adapt()
        finally:
            self._adapting = None

    def invalidate_caches(self) -> None:
        """Look at every list again on the next import (importlib.invalidate_caches())."""
        self._meta_path = []
        self._path_hooks = []
        self._cache_size = -1

    def adapt_meta_path(self) -> "list[_finders.MetaPathAdapter]":
        """Replace legacy entries of ``sys.meta_path`` in place; return the new adapters."""
        meta_path = sys.meta_path
        new: list[_finders.MetaPathAdapter] = []
        for index, finder in enumerate(meta_path):
            if finder is self or not may_need_meta_path_adapter(finder):
                continue
            adapters = _adapters()
            adapted = adapters.adapt_meta_path_finder(finder)
            if adapted is not finder:
                meta_path[index] = adapted
                if isinstance(adapted, adapters.MetaPathAdapter):
                    new.append(adapted)
        self._meta_path = list(meta_path)
        return new

    def adapt_path_hooks(self) -> None:
        """Wrap user hooks in ``sys.path_hooks`` so that the finders they make get adapted."""
        hooks = sys.path_hooks
        for index, hook in enumerate(hooks):
            if is_stdlib_path_hook(hook):
                continue
            adapted = _adapters().adapt_path_hook(hook)
            if adapted is not hook:
                hooks[index] = adapted
        self._path_hooks = list(hooks)

    def adapt_path_importer_cache(self) -> None:
        """Adapt legacy finders put straight into ``sys.path_importer_cache``."""
        cache = sys.path_importer_cache
        for entry, finder in list(cache.items()):
            if not may_need_path_entry_adapter(finder):
                continue
            adapted = _adapters().adapt_path_entry_finder(finder)
            if adapted is not finder:
                cache[entry] = adapted
        self._cache_size = len(cache)

    def _search_once(
        self,
        fullname: str,
        path: "Any",
        target: "ModuleType | None",
        new: "list[_finders.MetaPathAdapter]",
    ) -> "ModuleSpec | None":
        entries = list(sys.meta_path)
        own = next((i for i, entry in enumerate(entries) if entry is self), -1)
        before = [entry for entry in entries[: max(own, 0)] if any(entry is n for n in new)]
        after = entries[own + 1 :]
        for finder in before + after:
            try:
                find_spec = finder.find_spec
            except AttributeError:
                continue
            spec = find_spec(fullname, path, target)
            if spec is not None:
                return spec
        # Not found: the import goes on past us and may ask the same adapters again.
        adapters = _adapters()
        for finder in after:
            if isinstance(finder, adapters.MetaPathAdapter):
                finder.skip_once(fullname)
                self._skipping.append(finder)
        return None


def restore_originals(watcher: "LegacyHookWatcher | None") -> None:
    """Take the watcher and every adapter out of the import system's lists."""
    from ._proxy import unwrap

    sys.meta_path[:] = [unwrap(f) for f in sys.meta_path if f is not watcher]
    sys.path_hooks[:] = [unwrap(hook) for hook in sys.path_hooks]
    cache = sys.path_importer_cache
    for entry, finder in list(cache.items()):
        original = unwrap(finder)
        if original is not finder:
            cache[entry] = original
