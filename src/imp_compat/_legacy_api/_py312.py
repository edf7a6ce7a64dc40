"""Names Python 3.12 removed, with Python 3.11's behaviour and deprecation warnings.

``pkgutil.ImpImporter``/``ImpLoader`` (from :mod:`imp_compat.pkgutil`), ``importlib.find_loader``,
``importlib.abc.Finder``, ``importlib.util.module_for_loader``/``set_loader``/``set_package``,
``find_module()`` on the standard finders and finder ABCs, ``find_loader()`` on ``FileFinder``,
``zipimporter`` and ``importlib.abc.PathEntryFinder``, and ``module_repr()`` on the loaders
that had it. Each warns as 3.11 did: same category, message and stack level (a stack level of
1 blames the standard library there and this module here; both are hidden by default).

See the package's docstring for ``TARGETS``. Nothing here is imported by the names' target
modules; the classes and functions are only set on them by ``install()``. What goes to
``importlib.abc`` and ``importlib.util`` lives in ``_py312_abc_util``, imported only when
they are: ``import imp`` loads this module (about 0.1 ms per module file it reads).
"""

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


# --- find_module() and find_loader() on the standard finders -----------------------------------


@_named("importlib._bootstrap_external", "_find_module_shim")
def _find_module_shim(self: "Any", fullname: str) -> "Any":
    """Find a loader by delegating to ``self.find_loader()`` (deprecated: use find_spec)."""
    _warn_here("find_module() is deprecated and " + _USE_FIND_SPEC)
    loader, portions = self.find_loader(fullname)
    if loader is None and len(portions):
        _warn_here(f"Not importing directory {portions[0]}: missing __init__", ImportWarning)
    return loader


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
    from ._py312_abc_util import additions_to_abc

    return additions_to_abc(module)


def _importlib_util(module: "ModuleType") -> "list[tuple[object, str, object]]":
    from ._py312_abc_util import additions_to_util

    return additions_to_util(module)


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
