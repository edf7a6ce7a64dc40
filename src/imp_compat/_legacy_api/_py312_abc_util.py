"""The names Python 3.12 removed from ``importlib.abc`` and ``importlib.util``, with 3.11's
behaviour and warnings: imported only when those modules are (``_py312.TARGETS``), so that
neither ``import imp`` nor start-up pays for them. Helpers and messages come from ``_py312``.
"""

import abc
import sys

from ._py312 import _REMOVAL, _find_module_shim, _named, _spec_loader, _warn_here

try:  # the C warn(), which warnings.warn is
    from _warnings import warn
except ImportError:  # pragma: no cover - interpreters without the C accelerator
    from warnings import warn

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from ._py312 import _F

_AUTOMATIC = (
    "The import system now takes care of this automatically; this decorator is " + _REMOVAL
)


def _past_bootstrap_frames() -> int:
    """The stack level that blames the caller of the function warning, not counting frames of
    :func:`_find_module_shim` in between: 3.11's was in ``importlib._bootstrap_external``,
    whose frames ``warnings`` skips, so a warning it led to pointed past it."""
    level = 2
    frame = sys._getframe(2)  # the caller of the function that warns
    while frame is not None and frame.f_code is _find_module_shim.__code__:
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


# --- importlib.util: the loader decorators -----------------------------------------------------


@_named("importlib.util", "set_package")
def set_package(fxn: "_F") -> "_F":
    """Set ``__package__`` on the returned module (deprecated)."""
    import functools

    @functools.wraps(fxn)
    def set_package_wrapper(*args: "Any", **kwargs: "Any") -> "Any":
        warn(_AUTOMATIC, DeprecationWarning, stacklevel=2)
        module = fxn(*args, **kwargs)
        if getattr(module, "__package__", None) is None:
            module.__package__ = module.__name__
            if not hasattr(module, "__path__"):
                module.__package__ = module.__package__.rpartition(".")[0]
        return module

    return set_package_wrapper  # type: ignore[return-value]


@_named("importlib.util", "set_loader")
def set_loader(fxn: "_F") -> "_F":
    """Set ``__loader__`` on the returned module (deprecated)."""
    import functools

    @functools.wraps(fxn)
    def set_loader_wrapper(self: "Any", *args: "Any", **kwargs: "Any") -> "Any":
        warn(_AUTOMATIC, DeprecationWarning, stacklevel=2)
        module = fxn(self, *args, **kwargs)
        if getattr(module, "__loader__", None) is None:
            module.__loader__ = self
        return module

    return set_loader_wrapper  # type: ignore[return-value]


@_named("importlib.util", "module_for_loader")
def module_for_loader(fxn: "_F") -> "_F":
    """Pass a ``load_module(self, module)`` method the module to fill in (deprecated).

    The module is the one in ``sys.modules`` (a reload) or a new one put there, with
    ``__loader__`` and ``__package__`` set. As in 3.11, an exception from the decorated method
    removes a new module again and is then swallowed: the call returns None.
    """
    import functools

    warn(_AUTOMATIC, DeprecationWarning, stacklevel=2)

    @functools.wraps(fxn)
    def module_for_loader_wrapper(
        self: "Any", fullname: str, *args: "Any", **kwargs: "Any"
    ) -> "Any":
        is_reload = fullname in sys.modules
        module = sys.modules.get(fullname)
        if not is_reload:
            module = type(sys)(fullname)
            module.__initializing__ = True  # type: ignore[attr-defined]
            sys.modules[fullname] = module
        try:
            module.__loader__ = self  # type: ignore[union-attr]
            try:
                is_package = self.is_package(fullname)
            except (ImportError, AttributeError):
                pass
            else:
                package = fullname if is_package else fullname.rpartition(".")[0]
                module.__package__ = package  # type: ignore[union-attr]
            return fxn(self, module, *args, **kwargs)
        except Exception:
            if not is_reload:
                sys.modules.pop(fullname, None)
        finally:
            module.__initializing__ = False  # type: ignore[union-attr]
        return None

    return module_for_loader_wrapper  # type: ignore[return-value]



# --- importlib.abc ---------------------------------------------------------------------------


class Finder(metaclass=abc.ABCMeta):
    """Legacy abstract base class for import finders (deprecated since Python 3.3).

    Subclass importlib.abc.MetaPathFinder or PathEntryFinder instead.
    """

    def __init__(self) -> None:
        _warn_here(
            "the Finder ABC is deprecated and slated for removal in Python 3.12; use "
            "MetaPathFinder or PathEntryFinder instead",
        )

    @abc.abstractmethod
    def find_module(self, fullname: str, path: "Any" = None) -> "Any":
        """Find a module: return a loader or None (abstract)."""
        _warn_here(
            "importlib.abc.Finder along with its find_module() method are deprecated and "
            "slated for removal in Python 3.12; use MetaPathFinder.find_spec() or "
            "PathEntryFinder.find_spec() instead",
        )


Finder.__module__ = "importlib.abc"


@_named("importlib.abc", "MetaPathFinder.find_module")
def _meta_path_finder_find_module(self: "Any", fullname: str, path: "Any") -> "Any":
    """Return a loader through ``find_spec()``, or None (deprecated)."""
    warn(
        "MetaPathFinder.find_module() is deprecated since Python 3.4 in favor of "
        "MetaPathFinder.find_spec() and is slated for removal in Python 3.12",
        DeprecationWarning,
        stacklevel=_past_bootstrap_frames(),
    )
    if not hasattr(self, "find_spec"):
        return None
    return _spec_loader(self.find_spec(fullname, path))


@_named("importlib.abc", "PathEntryFinder.find_loader")
def _path_entry_finder_find_loader(self: "Any", fullname: str) -> "tuple[Any, Any]":
    """Return ``(loader, namespace portions)`` through ``find_spec()`` (deprecated)."""
    warn(
        "PathEntryFinder.find_loader() is deprecated since Python 3.4 in favor of "
        "PathEntryFinder.find_spec() (available since 3.4)",
        DeprecationWarning,
        stacklevel=_past_bootstrap_frames(),
    )
    if not hasattr(self, "find_spec"):
        return None, []
    found = self.find_spec(fullname)
    if found is None:
        return None, []
    return found.loader, found.submodule_search_locations or []


@_named("importlib.abc", "Loader.module_repr")
def _loader_module_repr(self: "Any", module: "ModuleType") -> str:
    """Raise NotImplementedError, so that a module's repr ignores it (deprecated)."""
    _warn_here("importlib.abc.Loader.module_repr() is deprecated and " + _REMOVAL)
    raise NotImplementedError



def additions_to_abc(module: "ModuleType") -> "list[tuple[object, str, object]]":
    """What comes back in ``importlib.abc``."""
    return [
        (module, "Finder", Finder),
        (module.MetaPathFinder, "find_module", _meta_path_finder_find_module),
        (module.PathEntryFinder, "find_loader", _path_entry_finder_find_loader),
        (module.PathEntryFinder, "find_module", _find_module_shim),
        (module.Loader, "module_repr", _loader_module_repr),
    ]


def additions_to_util(module: "ModuleType") -> "list[tuple[object, str, object]]":
    """What comes back in ``importlib.util``."""
    return [
        (module, "module_for_loader", module_for_loader),
        (module, "set_loader", set_loader),
        (module, "set_package", set_package),
    ]
