"""Adapters that give legacy finders the ``find_spec()`` that importlib 3.12+ calls.

Each adapter does what importlib 3.11 did for an object without ``find_spec()``: warn with the
same ImportWarning, call ``find_module()``/``find_loader()``, and build the spec from the
loader. On Pythons without importlib's own ``load_module()`` fallback (3.15+) the spec of any
user finder, modern or not, gets a driver in front of a ``load_module()``-only loader.
"""

from _thread import get_ident
from importlib.machinery import ModuleSpec

import imp_compat._legacy_hooks as _hooks

from . import _loading
from ._proxy import Proxy, is_proxy, object_name
from ._warn import warn_import

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing takes ~10 ms to import: kept out of ``import imp``
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any


def _warn_fallback(finder: object, method: str) -> None:
    warn_import(f"{object_name(finder)}.find_spec() not found; falling back to {method}()")


def is_legacy_meta_path_finder(finder: object) -> bool:
    """A ``sys.meta_path`` entry that 3.11 would have asked through ``find_module()``."""
    return not hasattr(finder, "find_spec") and hasattr(finder, "find_module")


def is_legacy_path_entry_finder(finder: object) -> bool:
    """A path entry finder that 3.11 would have asked through find_loader()/find_module()."""
    return not hasattr(finder, "find_spec") and (
        hasattr(finder, "find_loader") or hasattr(finder, "find_module")
    )


class MetaPathAdapter(Proxy):
    """Base of the adapters put in ``sys.meta_path``; can be told to sit out one search."""

    __slots__ = ("_skip_once",)

    def __init__(self, finder: object) -> None:
        super().__init__(finder)
        object.__setattr__(self, "_skip_once", None)

    def skip_once(self, fullname: str | None) -> None:
        """Answer None, unasked, to this thread's next search for ``fullname`` (None: forget)."""
        token = None if fullname is None else (get_ident(), fullname)
        object.__setattr__(self, "_skip_once", token)

    def find_spec(
        self, fullname: str, path: "Any" = None, target: "ModuleType | None" = None
    ) -> "ModuleSpec | None":
        token = self._skip_once
        if token is not None:
            object.__setattr__(self, "_skip_once", None)
            if token == (get_ident(), fullname):  # The watcher asked already in this import.
                return None
        return self._find_spec(fullname, path, target)

    def _find_spec(
        self, fullname: str, path: "Any", target: "ModuleType | None"
    ) -> "ModuleSpec | None":
        raise NotImplementedError


class LegacyMetaPathFinder(MetaPathAdapter):
    """Stands in ``sys.meta_path`` for a finder that only has ``find_module(name, path)``."""

    __slots__ = ()

    def _find_spec(
        self, fullname: str, path: "Any", target: "ModuleType | None"
    ) -> "ModuleSpec | None":
        _warn_fallback(self._wrapped, "find_module")
        loader = self._wrapped.find_module(fullname, path)
        if loader is None:
            return None
        return _loading.spec_for_loader(fullname, loader)


class LegacyPathEntryFinder(Proxy):
    """Stands in ``sys.path_importer_cache`` for a finder with find_loader()/find_module()."""

    __slots__ = ()

    def find_spec(self, fullname: str, target: "ModuleType | None" = None) -> "ModuleSpec | None":
        finder = self._wrapped
        if hasattr(finder, "find_loader"):
            _warn_fallback(finder, "find_loader")
            loader, portions = finder.find_loader(fullname)
        else:
            _warn_fallback(finder, "find_module")
            loader = finder.find_module(fullname)
            portions = []
        if loader is not None:
            return _loading.spec_for_loader(fullname, loader)
        spec = ModuleSpec(fullname, None)
        spec.submodule_search_locations = portions
        return spec


class LoaderFixingMetaPathFinder(MetaPathAdapter):
    """A modern user meta path finder, on a Python that needs a driver for legacy loaders."""

    __slots__ = ()

    def _find_spec(
        self, fullname: str, path: "Any", target: "ModuleType | None"
    ) -> "ModuleSpec | None":
        spec = self._wrapped.find_spec(fullname, path, target)
        return spec if spec is None else _loading.drive_if_needed(spec)


class LoaderFixingPathEntryFinder(Proxy):
    """A modern user path entry finder, on a Python that needs a driver for legacy loaders."""

    __slots__ = ()

    def find_spec(self, fullname: str, target: "ModuleType | None" = None) -> "ModuleSpec | None":
        spec = self._wrapped.find_spec(fullname, target)
        return spec if spec is None else _loading.drive_if_needed(spec)


class PathHookAdapter(Proxy):
    """Stands in ``sys.path_hooks`` for a user's hook, adapting the finders it returns."""

    __slots__ = ()

    def __call__(self, path_entry: str) -> object:
        return adapt_path_entry_finder(self._wrapped(path_entry))


def adapt_meta_path_finder(finder: "Any") -> "Any":
    """The object importlib should find in ``sys.meta_path`` in place of ``finder``."""
    if is_proxy(finder) or not _hooks.may_need_meta_path_adapter(finder):
        return finder
    if is_legacy_meta_path_finder(finder):
        return LegacyMetaPathFinder(finder)
    if not _hooks.NATIVE_LOAD_MODULE_FALLBACK and hasattr(finder, "find_spec"):
        return LoaderFixingMetaPathFinder(finder)
    return finder


def adapt_path_entry_finder(finder: "Any") -> "Any":
    """The object importlib should find in ``sys.path_importer_cache`` in place of ``finder``."""
    if is_proxy(finder) or not _hooks.may_need_path_entry_adapter(finder):
        return finder
    if is_legacy_path_entry_finder(finder):
        return LegacyPathEntryFinder(finder)
    if not _hooks.NATIVE_LOAD_MODULE_FALLBACK and hasattr(finder, "find_spec"):
        return LoaderFixingPathEntryFinder(finder)
    return finder


def adapt_path_hook(hook: "Callable[[str], Any]") -> "Any":
    """The object importlib should find in ``sys.path_hooks`` in place of ``hook``."""
    if is_proxy(hook) or _hooks.is_stdlib_path_hook(hook):
        return hook
    return PathHookAdapter(hook)
