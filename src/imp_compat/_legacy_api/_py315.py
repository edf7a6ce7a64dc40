"""``load_module()`` on importlib's loaders, removed in Python 3.15, as 3.14 had it.

Python 3.14's loaders implemented the pre-PEP 451 ``loader.load_module(fullname)`` on top of
``exec_module``. The same methods come back on the same classes, with 3.14's behaviour:

* every one but zipimporter's warns ``DeprecationWarning: the load_module() method is deprecated
  and slated for removal in Python 3.15; use exec_module() instead`` from inside the library
  (3.14's shim warned with stacklevel 1, so a caller's filter by module never matched);
* a module already in ``sys.modules`` is reused and executed again (attributes reset from a new
  spec, and kept in ``sys.modules`` if that fails); otherwise a new module is created, entered
  in ``sys.modules`` before its code runs and taken out again if the code raises; the caller
  gets whatever ``sys.modules`` holds under the name afterwards;
* ``importlib.abc.Loader.load_module`` raises a bare ``ImportError`` when there is no
  ``exec_module``; ``FileLoader.load_module`` refuses another name than its own ("loader for X
  cannot handle Y") and takes its own when called with none; ``FrozenImporter`` fixes up the
  frozen module's attributes (``__origname__``, ``__path__``, ``__file__``) after the load;
* ``zipimporter.load_module`` keeps its own older algorithm and its own warning, attributed to
  the caller: ``'zipimport.zipimporter.load_module' is deprecated and slated for removal in
  Python 3.15; use zipimport.zipimporter.exec_module() instead``.

Loading runs through :func:`imp_compat._execution.run_spec`, which reproduces exactly these
``sys.modules`` rules (and sets ``__cached__``, which 3.15's import system no longer sets but
3.14's ``load_module`` did). Calls for one name are serialised by imp_compat's per-name lock,
not by the import system's module lock as in 3.14.

The methods are defined on stand-in classes named after the real ones, so that their
``__qualname__`` reads as 3.14's did (``FileLoader.load_module``).
"""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any

__all__ = ["TARGETS"]

_ModuleType = type(sys)
_SHIM_MESSAGE = (
    "the load_module() method is deprecated and slated for removal in Python 3.15; "
    "use exec_module() instead"
)
_ZIP_MESSAGE = (
    "'zipimport.zipimporter.load_module' is deprecated and slated for removal in Python 3.15; "
    "use zipimport.zipimporter.exec_module() instead"
)


def _verbose_message(message: str) -> None:
    """What importlib prints for ``python -v``."""
    if sys.flags.verbose:
        if not message.startswith(("#", "import ")):
            message = "# " + message
        print(message, file=sys.stderr)


def _load_module_shim(self: "Any", fullname: str) -> "ModuleType":
    """Load the specified module into sys.modules and return it.

    This method is deprecated.  Use loader.exec_module() instead.
    """
    import warnings
    from importlib.util import spec_from_loader

    from imp_compat._execution import run_spec

    warnings.warn(_SHIM_MESSAGE, DeprecationWarning, stacklevel=1)
    spec = spec_from_loader(fullname, self)
    return run_spec(fullname, spec)  # type: ignore[arg-type]


class Loader:
    """Stand-in for ``importlib.abc.Loader`` (``importlib._abc.Loader``)."""

    def load_module(self, fullname: str) -> "ModuleType":
        """Return the loaded module.

        The module must be added to sys.modules and have import-related attributes set
        properly. ImportError is raised on failure. Deprecated in favour of exec_module(),
        which provides this method's functionality when it exists.
        """
        if not hasattr(self, "exec_module"):
            raise ImportError
        return _load_module_shim(self, fullname)


class _LoaderBasics:
    """Stand-in for importlib's ``_LoaderBasics`` (also ``importlib.abc.InspectLoader``'s)."""

    def load_module(self, fullname: str) -> "ModuleType":
        """This method is deprecated."""
        return _load_module_shim(self, fullname)


class NamespaceLoader:
    """Stand-in for ``importlib.machinery.NamespaceLoader``."""

    _path: object

    def load_module(self, fullname: str) -> "ModuleType":
        """Load a namespace module.

        This method is deprecated.  Use exec_module() instead.
        """
        _verbose_message(f"namespace module loaded with path {self._path!r}")
        return _load_module_shim(self, fullname)


def _file_loader_load_module(file_loader: type) -> "Callable[..., ModuleType]":
    """``FileLoader.load_module``, which continues the search after *file_loader* in the MRO."""

    class FileLoader:
        name: str

        def load_module(self, name: "str | None" = None, *args: "Any", **kwargs: "Any") -> "Any":
            """Load a module from a file.

            This method is deprecated.  Use exec_module() instead.
            """
            if name is None:
                name = self.name
            elif self.name != name:
                raise ImportError(
                    "loader for %s cannot handle %s" % (self.name, name),  # noqa: UP031
                    name=name,
                )
            parent: Any = super(file_loader, self)
            return parent.load_module(name, *args, **kwargs)

    return FileLoader.load_module


class FrozenImporter:
    """Stand-in for ``importlib.machinery.FrozenImporter``."""

    @classmethod
    def load_module(cls, fullname: str) -> "ModuleType":
        """Load a frozen module.

        This method is deprecated.  Use exec_module() instead.
        """
        import _imp

        module = _load_module_shim(cls, fullname)
        info = _imp.find_frozen(fullname)
        assert info is not None
        _, ispkg, origname = info
        module.__origname__ = origname  # type: ignore[attr-defined]
        vars(module).pop("__file__", None)
        if ispkg:
            module.__path__ = []
        cls._fix_up_module(module)  # type: ignore[attr-defined]
        return module


def _path_join(*parts: str) -> str:
    try:
        from importlib._bootstrap_external import _path_join as join  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - every CPython from 3.4 to 3.15 has it
        import os

        return os.path.join(*parts)
    joined: str = join(*parts)
    return joined


def _module_code(importer: "Any", fullname: str) -> "tuple[Any, bool, str]":
    """(code, is_package, path) of *fullname* in the archive, as zipimport finds them."""
    import zipimport

    find = getattr(zipimport, "_get_module_code", None)
    if find is not None:
        found: tuple[Any, bool, str] = find(importer, fullname)
        return found
    code = importer.get_code(fullname)  # pragma: no cover - zipimport has had it since 3.8
    return code, importer.is_package(fullname), importer.get_filename(fullname)


class zipimporter:
    """Stand-in for ``zipimport.zipimporter``."""

    archive: str
    prefix: str

    def load_module(self, fullname: str) -> "ModuleType":
        """load_module(fullname) -> module.

        Load the module specified by 'fullname'. 'fullname' must be the fully qualified
        (dotted) module name. It returns the imported module, or raises ZipImportError if it
        could not be imported.

        Deprecated since Python 3.10. Use exec_module() instead.
        """
        import warnings

        warnings.warn(_ZIP_MESSAGE, DeprecationWarning, stacklevel=2)
        code, ispackage, modpath = _module_code(self, fullname)
        module = sys.modules.get(fullname)
        if module is None or not isinstance(module, _ModuleType):
            module = _ModuleType(fullname)
            sys.modules[fullname] = module
        module.__loader__ = self
        try:
            if ispackage:
                # __path__ comes before the code runs, so that it can import submodules.
                module.__path__ = [
                    _path_join(self.archive, self.prefix + fullname.rpartition(".")[2])
                ]
            if not hasattr(module, "__builtins__"):
                module.__builtins__ = __builtins__  # type: ignore[attr-defined]
            _fix_up_zip_module(module, fullname, modpath)
            exec(code, module.__dict__)
        except BaseException:
            # As 3.14: also a module that was in sys.modules before the call is taken out.
            del sys.modules[fullname]
            raise
        try:
            module = sys.modules[fullname]
        except KeyError:
            raise ImportError(f"Loaded module {fullname!r} not found in sys.modules") from None
        _verbose_message(f"import {fullname} # loaded from Zip {modpath}")
        return module


def _fix_up_zip_module(module: "ModuleType", fullname: str, modpath: str) -> None:
    """The attributes 3.14's zipimporter gave a module it loaded (``__cached__`` is None)."""
    from importlib.util import spec_from_file_location

    namespace = module.__dict__
    loader = namespace.get("__loader__")
    spec = namespace.get("__spec__")
    if not spec:
        spec = spec_from_file_location(fullname, modpath, loader=loader)
    try:
        namespace["__spec__"] = spec
        namespace["__loader__"] = loader
        namespace["__file__"] = modpath
        namespace["__cached__"] = None
    except Exception:
        pass


def _method(holder: type) -> object:
    return vars(holder)["load_module"]


def _frozen_importlib_additions(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [
        (module.BuiltinImporter, "load_module", classmethod(_load_module_shim)),
        (module.FrozenImporter, "load_module", _method(FrozenImporter)),
    ]


def _frozen_importlib_external_additions(
    module: "ModuleType",
) -> "list[tuple[object, str, object]]":
    # Subclasses first: a name already reachable through a base class is not added again.
    # zipimporter derives from _LoaderBasics, and zipimport is imported at start-up.
    import zipimport

    return [
        (zipimport.zipimporter, "load_module", _method(zipimporter)),
        (module.FileLoader, "load_module", _file_loader_load_module(module.FileLoader)),
        (module.NamespaceLoader, "load_module", _method(NamespaceLoader)),
        (module._LoaderBasics, "load_module", _method(_LoaderBasics)),
    ]


def _abc_additions(module: "ModuleType") -> "list[tuple[object, str, object]]":
    return [(module.Loader, "load_module", _method(Loader))]


def _public_abc_additions(module: "ModuleType") -> "list[tuple[object, str, object]]":
    # In 3.14 InspectLoader had _LoaderBasics' method. When importlib.abc is first imported
    # after the switch, importlib._abc (which it imports) is completed first and InspectLoader
    # inherits Loader's: that one also checks for exec_module, which InspectLoader always has.
    return [(module.InspectLoader, "load_module", _method(_LoaderBasics))]


# _frozen_importlib(_external) are importlib._bootstrap(_external) under the names the
# interpreter imported them by at start-up: they are always in sys.modules.
TARGETS: "dict[str, Callable[[ModuleType], list[tuple[object, str, object]]]]" = {
    "_frozen_importlib": _frozen_importlib_additions,
    "_frozen_importlib_external": _frozen_importlib_external_additions,
    # importlib.abc before importlib._abc: when both are imported already, InspectLoader gets
    # 3.14's own method before Loader's makes it reachable (and so not added).
    "importlib.abc": _public_abc_additions,
    "importlib._abc": _abc_additions,
}
