"""Loading a module through a PEP 302 loader that has ``load_module()`` but no ``exec_module()``.

Up to Python 3.14 importlib still falls back to ``load_module()`` by itself (with an
ImportWarning), so a spec that names such a loader is all it needs. Python 3.15 dropped that
fallback: there the spec names a :class:`LoadModuleDriver` instead, which runs the old protocol
through ``create_module()``/``exec_module()`` and leaves the module exactly as 3.11's fallback
did (the loader's own module in ``sys.modules``, ``__loader__``/``__package__``/``__spec__``
filled in only where the loader left them unset, a failed load's module left to the loader).
"""

import sys
from importlib.machinery import ModuleSpec

import imp_compat._legacy_hooks as _hooks

from ._proxy import Proxy, object_name, unwrap
from ._warn import warn_import

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing takes ~10 ms to import: kept out of ``import imp``
    from types import ModuleType
    from typing import Any


# What module_from_spec() may set on a module, to be put back as load_module() left it.
_SPEC_ATTRIBUTES = (
    "__name__",
    "__loader__",
    "__package__",
    "__spec__",
    "__path__",
    "__file__",
    "__cached__",
)
_MISSING = object()


def needs_driver(loader: object) -> bool:
    """True for a loader importlib cannot run by itself on this Python."""
    return (
        not _hooks.NATIVE_LOAD_MODULE_FALLBACK
        and loader is not None
        and not hasattr(loader, "exec_module")
        and hasattr(loader, "load_module")
    )


def spec_for_loader(fullname: str, loader: object) -> "ModuleSpec | None":
    """The spec 3.11 built for a loader returned by a legacy finder."""
    from importlib.util import spec_from_loader

    spec = spec_from_loader(fullname, unwrap(loader))
    if spec is not None:
        drive_if_needed(spec)
    return spec


def drive_if_needed(spec: "ModuleSpec") -> "ModuleSpec":
    """Put a :class:`LoadModuleDriver` in front of ``spec.loader`` when this Python needs one."""
    if needs_driver(spec.loader):
        spec.loader = LoadModuleDriver(spec.loader, spec.name)  # type: ignore[assignment]
    return spec


def warn_load_module_fallback(loader: object) -> None:
    """The ImportWarning importlib 3.11 gave before calling ``load_module()``."""
    warn_import(f"{object_name(loader)}.exec_module() not found; falling back to load_module()")


class LoadModuleDriver(Proxy):
    """Runs a ``load_module()``-only loader under the ``exec_module()`` protocol.

    ``create_module()`` calls ``load_module()`` before importlib touches ``sys.modules`` (the
    PEP 302 loader creates and registers the module itself, and often returns early when the
    name is already there); ``exec_module()`` then undoes what ``module_from_spec()`` added on
    top and hands the spec back to the real loader.
    """

    __slots__ = ("_fullname", "_pending")

    def __init__(self, loader: object, fullname: str) -> None:
        super().__init__(loader)
        object.__setattr__(self, "_fullname", fullname)
        object.__setattr__(self, "_pending", None)

    def create_module(self, spec: "ModuleSpec") -> "Any":
        loader = self._wrapped
        name = spec.name
        warn_load_module_fallback(loader)
        try:
            loader.load_module(name)
        except BaseException:
            if name in sys.modules:
                sys.modules[name] = sys.modules.pop(name)
            raise
        module = sys.modules.pop(name)  # A loader that registered nothing fails as on 3.11.
        sys.modules[name] = module
        _fill_in_like_3_11(module, spec, loader)
        saved = {attr: getattr(module, attr, _MISSING) for attr in _SPEC_ATTRIBUTES}
        object.__setattr__(self, "_pending", (spec, module, saved))
        return module

    def exec_module(self, module: "ModuleType") -> None:
        pending = self._pending
        object.__setattr__(self, "_pending", None)
        if pending is None or pending[1] is not module:
            self._reload(module)
            return
        spec, _, saved = pending
        for attr, value in saved.items():
            _restore(module, attr, value)
        spec.loader = self._wrapped

    def _reload(self, module: "ModuleType") -> None:
        """importlib.reload() calls exec_module() alone; 3.11 called load_module() there."""
        loader = self._wrapped
        warn_load_module_fallback(loader)
        try:
            loader.load_module(self._fullname)
        finally:
            spec = getattr(module, "__spec__", None)
            if getattr(spec, "loader", None) is self:
                spec.loader = loader  # type: ignore[union-attr]
            if getattr(module, "__loader__", None) is self:
                _restore(module, "__loader__", loader)


def _fill_in_like_3_11(module: "Any", spec: "ModuleSpec", loader: object) -> None:
    """Set the import attributes a legacy loader left unset, as importlib 3.11 did."""
    if getattr(module, "__loader__", None) is None:
        _restore(module, "__loader__", loader)
    if getattr(module, "__package__", None) is None:
        try:
            module.__package__ = module.__name__
            if not hasattr(module, "__path__"):
                module.__package__ = spec.name.rpartition(".")[0]
        except AttributeError:
            pass
    if getattr(module, "__spec__", None) is None:
        _restore(module, "__spec__", spec)


def _restore(module: object, attr: str, value: object) -> None:
    try:
        if value is _MISSING:
            if hasattr(module, attr):
                delattr(module, attr)
        elif getattr(module, attr, _MISSING) is not value:
            setattr(module, attr, value)
    except (AttributeError, TypeError):
        pass
