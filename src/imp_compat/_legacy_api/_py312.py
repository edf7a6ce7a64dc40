"""Names Python 3.12 removed, with Python 3.11's behaviour and deprecation warnings.

``pkgutil.ImpImporter``/``ImpLoader`` (from :mod:`imp_compat.pkgutil`), ``importlib.find_loader``,
``importlib.abc.Finder``, ``importlib.util.module_for_loader``/``set_loader``/``set_package``,
``find_module()`` on the standard finders and finder ABCs, ``find_loader()`` on ``FileFinder``,
``zipimporter`` and ``importlib.abc.PathEntryFinder``, and ``module_repr()`` on the loaders
that had it. Each warns as 3.11 did: same category, message and stack level (a stack level of
1 blames the standard library there and this module here; both are hidden by default).

See the package's docstring for ``TARGETS``. Nothing here is imported by the names' target
modules; the classes and functions are only set on them by ``install()``.
"""

import abc
import sys

try:  # the C warn(), which warnings.warn is, without importing warnings (start-up time)
    from _warnings import warn
except ImportError:  # pragma: no cover - interpreters without the C accelerator
    from warnings import warn

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any, TypeVar

    _F = TypeVar("_F", bound=Callable[..., Any])

_REMOVAL = "slated for removal in Python 3.12"
_USE_FIND_SPEC = f"{_REMOVAL}; use find_spec() instead"
_AUTOMATIC = (
    "The import system now takes care of this automatically; this decorator is " + _REMOVAL
)


def _warn_here(message: str, category: type[Warning] = DeprecationWarning) -> None:
    """Warn blaming the function that calls this, as 3.11's stack level of 1 blamed its own
    (library) code: hidden by Python's default filters."""
    warn(message, category, stacklevel=2)


def _named(module: str, qualname: str) -> "Callable[[_F], _F]":
    """Give a function the module and qualified name it had in 3.11 (its repr, its help)."""

    def rename(function: "_F") -> "_F":
        function.__module__ = module
        function.__qualname__ = qualname
        function.__name__ = qualname.rpartition(".")[2]
        return function

    return rename


# --- importlib ---------------------------------------------------------------------------------


@_named("importlib", "find_loader")
def find_loader(name: str, path: "Any" = None) -> "Any":
    """Return the loader for the specified module (deprecated: use importlib.util.find_spec)."""
    warn(
        "Deprecated since Python 3.4 and slated for removal in Python 3.12; "
        "use importlib.util.find_spec() instead",
        DeprecationWarning,
        stacklevel=2,
    )
    try:
        loader = sys.modules[name].__loader__
    except KeyError:
        pass
    except AttributeError:
        raise ValueError(f"{name}.__loader__ is not set") from None
    else:
        if loader is None:
            raise ValueError(f"{name}.__loader__ is None")
        return loader
    # The meta path search itself, without importing parent packages (find_spec would).
    spec = sys.modules["importlib._bootstrap"]._find_spec(name, path)
    if spec is None:
        return None
    if spec.loader is None:
        if spec.submodule_search_locations is None:
            raise ImportError(f"spec for {name} missing loader", name=name)
        raise ImportError("namespace packages do not have loaders", name=name)
    return spec.loader


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


# --- find_module() and find_loader() on the standard finders -----------------------------------


@_named("importlib._bootstrap_external", "_find_module_shim")
def _find_module_shim(self: "Any", fullname: str) -> "Any":
    """Find a loader by delegating to ``self.find_loader()`` (deprecated: use find_spec)."""
    _warn_here("find_module() is deprecated and " + _USE_FIND_SPEC)
    loader, portions = self.find_loader(fullname)
    if loader is None and len(portions):
        _warn_here(f"Not importing directory {portions[0]}: missing __init__", ImportWarning)
    return loader


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


def _spec_loader(spec: "ModuleSpec | None") -> "Any":
    return None if spec is None else spec.loader


@_named("importlib.machinery", "PathFinder.find_module")
def _path_finder_find_module(cls: "Any", fullname: str, path: "Any" = None) -> "Any":
    """Find the module on ``sys.path`` or *path* (deprecated: use find_spec)."""
    _warn_here("PathFinder.find_module() is deprecated and " + _USE_FIND_SPEC)
    return _spec_loader(cls.find_spec(fullname, path))


@_named("importlib.machinery", "BuiltinImporter.find_module")
def _builtin_find_module(cls: "Any", fullname: str, path: "Any" = None) -> "Any":
    """Find the built-in module; a *path* means failure (deprecated: use find_spec)."""
    _warn_here("BuiltinImporter.find_module() is deprecated and " + _USE_FIND_SPEC)
    return _spec_loader(cls.find_spec(fullname, path))


@_named("importlib.machinery", "FrozenImporter.find_module")
def _frozen_find_module(cls: "Any", fullname: str, path: "Any" = None) -> "Any":
    """Find a frozen module (deprecated: use find_spec)."""
    import _imp

    _warn_here("FrozenImporter.find_module() is deprecated and " + _USE_FIND_SPEC)
    return cls if _imp.is_frozen(fullname) else None


@_named("importlib.machinery", "FileFinder.find_loader")
def _file_finder_find_loader(self: "Any", fullname: str) -> "tuple[Any, list[str]]":
    """Return ``(loader, namespace portions)`` (deprecated: use find_spec)."""
    _warn_here("FileFinder.find_loader() is deprecated and " + _USE_FIND_SPEC)
    spec = self.find_spec(fullname)
    if spec is None:
        return None, []
    return spec.loader, spec.submodule_search_locations or []


@_named("zipimport", "zipimporter.find_loader")
def _zip_find_loader(self: "Any", fullname: str, path: "Any" = None) -> "tuple[Any, list[str]]":
    """Return ``(self, [])`` for a module in the archive, ``(None, [directory])`` for a
    possible namespace portion, else ``(None, [])`` (deprecated: use find_spec)."""
    _warn_here(
        "zipimporter.find_loader() is deprecated and slated for removal in Python 3.12; "
        "use find_spec() instead",
    )
    spec = self.find_spec(fullname)
    if spec is None:
        return None, []
    if spec.loader is None:  # a directory: find_spec's namespace spec names its path
        return None, list(spec.submodule_search_locations)
    return self, []


@_named("zipimport", "zipimporter.find_module")
def _zip_find_module(self: "Any", fullname: str, path: "Any" = None) -> "Any":
    """Return this zipimporter if it has the module, else None (deprecated: use find_spec)."""
    _warn_here(
        "zipimporter.find_module() is deprecated and slated for removal in Python 3.12; "
        "use find_spec() instead",
    )
    return self.find_loader(fullname, path)[0]


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


# --- module_repr() on loaders ----------------------------------------------------------------


@_named("importlib.machinery", "BuiltinImporter.module_repr")
def _builtin_module_repr(module: "ModuleType") -> str:
    """Return repr for the module (deprecated: the import machinery does it itself)."""
    _warn_here("BuiltinImporter.module_repr() is deprecated and " + _REMOVAL)
    return f"<module {module.__name__!r} (built-in)>"


@_named("importlib.machinery", "FrozenImporter.module_repr")
def _frozen_module_repr(m: "ModuleType") -> str:
    """Return repr for the module (deprecated: the import machinery does it itself)."""
    _warn_here("FrozenImporter.module_repr() is deprecated and " + _REMOVAL)
    return f"<module {m.__name__!r} (frozen)>"


@_named("importlib.machinery", "NamespaceLoader.module_repr")
def _namespace_module_repr(module: "ModuleType") -> str:
    """Return repr for the module (deprecated: the import machinery does it itself)."""
    _warn_here("NamespaceLoader.module_repr() is deprecated and " + _REMOVAL)
    return f"<module {module.__name__!r} (namespace)>"


@_named("importlib.abc", "Loader.module_repr")
def _loader_module_repr(self: "Any", module: "ModuleType") -> str:
    """Raise NotImplementedError, so that a module's repr ignores it (deprecated)."""
    _warn_here("importlib.abc.Loader.module_repr() is deprecated and " + _REMOVAL)
    raise NotImplementedError


# --- where each goes -------------------------------------------------------------------------

def _bootstrap(module: "ModuleType") -> "list[tuple[object, str, object]]":
    builtin, frozen = module.BuiltinImporter, module.FrozenImporter
    return [
        (builtin, "find_module", classmethod(_builtin_find_module)),
        (builtin, "module_repr", staticmethod(_builtin_module_repr)),
        (frozen, "find_module", classmethod(_frozen_find_module)),
        (frozen, "module_repr", staticmethod(_frozen_module_repr)),
    ]


def _bootstrap_external(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [
        (module.PathFinder, "find_module", classmethod(_path_finder_find_module)),
        (module.FileFinder, "find_module", _find_module_shim),
        (module.FileFinder, "find_loader", _file_finder_find_loader),
        (module.NamespaceLoader, "module_repr", staticmethod(_namespace_module_repr)),
    ]


def _zipimport(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [
        (module.zipimporter, "find_loader", _zip_find_loader),
        (module.zipimporter, "find_module", _zip_find_module),
    ]


def _importlib(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [(module, "find_loader", find_loader)]


def _importlib_abc(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [
        (module, "Finder", Finder),
        (module.MetaPathFinder, "find_module", _meta_path_finder_find_module),
        (module.PathEntryFinder, "find_loader", _path_entry_finder_find_loader),
        (module.PathEntryFinder, "find_module", _find_module_shim),
        (module.Loader, "module_repr", _loader_module_repr),
    ]


def _importlib_util(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [
        (module, "module_for_loader", module_for_loader),
        (module, "set_loader", set_loader),
        (module, "set_package", set_package),
    ]


def _pkgutil(module: "ModuleType") -> "list[tuple[object, str, object]]":
    # imp_compat.pkgutil switches the legacy import hooks on as it is imported (code using
    # these importers installs old-style hooks too; IMP_COMPAT_LEGACY_HOOKS=0 keeps them off).
    from imp_compat.pkgutil import ImpImporter, ImpLoader

    return [(module, "ImpImporter", ImpImporter), (module, "ImpLoader", ImpLoader)]


TARGETS: "dict[str, Callable[[ModuleType], list[tuple[object, str, object]]]]" = {
    "_frozen_importlib": _bootstrap,
    "_frozen_importlib_external": _bootstrap_external,
    "zipimport": _zipimport,
    "importlib": _importlib,
    "importlib.abc": _importlib_abc,
    "importlib.util": _importlib_util,
    "pkgutil": _pkgutil,
}
