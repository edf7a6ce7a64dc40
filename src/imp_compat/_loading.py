"""The ``load_*`` family, ``load_module``, ``reload`` and ``new_module``.

Each builds a spec with public importlib APIs and runs it through :mod:`._execution`, which
reproduces Python 3.11's rules for ``sys.modules``.
"""

import os
import sys
from importlib import machinery
from importlib.machinery import (
    ExtensionFileLoader,
    ModuleSpec,
    SourceFileLoader,
    SourcelessFileLoader,
)

from imp_compat._builtins import create_dynamic, init_builtin, init_frozen
from imp_compat._finding import (
    C_BUILTIN,
    C_EXTENSION,
    PKG_DIRECTORY,
    PY_COMPILED,
    PY_FROZEN,
    PY_SOURCE,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    import types
    from typing import IO, Any

# types.ModuleType is type(sys); taking it from sys spares importing types.
_ModuleType = type(sys)

__all__ = [
    "load_compiled",
    "load_dynamic",
    "load_module",
    "load_package",
    "load_source",
    "new_module",
    "reload",
]


def new_module(name: str) -> "types.ModuleType":
    """Create a new, empty module. It is not entered into ``sys.modules``."""
    return _ModuleType(name)


def reload(module: "types.ModuleType") -> "types.ModuleType":
    """Reload a module that was imported before, and return it (``importlib.reload``)."""
    import importlib

    return importlib.reload(module)


def _load_file(
    name: str,
    pathname: str,
    loader: SourceFileLoader | SourcelessFileLoader,
    plain_loader: SourceFileLoader | SourcelessFileLoader,
) -> "types.ModuleType":
    from importlib.util import spec_from_file_location

    from imp_compat._execution import run_spec

    spec = spec_from_file_location(name, pathname, loader=loader)
    module = run_spec(name, spec)  # type: ignore[arg-type]
    # The loader that read the caller's (now closed) file would break a later reload.
    module.__loader__ = plain_loader
    module.__spec__.loader = plain_loader  # type: ignore[union-attr]
    return module


def load_source(name: str, pathname: str, file: "IO[Any] | None" = None) -> "types.ModuleType":
    """Load (or re-execute) module *name* from the Python source file *pathname*.

    If *file* is given, the source is read from it, and it is closed.
    """
    from imp_compat._file_loaders import _LoadSourceCompatibility

    loader = _LoadSourceCompatibility(name, pathname, file)
    return _load_file(name, pathname, loader, SourceFileLoader(name, pathname))


def load_compiled(name: str, pathname: str, file: "IO[Any] | None" = None) -> "types.ModuleType":
    """Load (or re-execute) module *name* from the bytecode file *pathname*."""
    from imp_compat._file_loaders import _LoadCompiledCompatibility

    loader = _LoadCompiledCompatibility(name, pathname, file)
    return _load_file(name, pathname, loader, SourcelessFileLoader(name, pathname))


def load_package(name: str, path: str) -> "types.ModuleType":
    """Load (or re-execute) the package *name* from the directory (or ``__init__`` file) *path*."""
    from importlib.util import spec_from_file_location

    from imp_compat._execution import run_spec

    if os.path.isdir(path):
        for suffix in (*machinery.SOURCE_SUFFIXES, *machinery.BYTECODE_SUFFIXES):
            init_path = os.path.join(path, "__init__" + suffix)
            if os.path.exists(init_path):
                path = init_path
                break
        else:
            raise ValueError(f"{path!r} is not a package")
    spec = spec_from_file_location(name, path, submodule_search_locations=[])
    return run_spec(name, spec)  # type: ignore[arg-type]


def load_dynamic(name: str, path: str, file: "IO[Any] | None" = None) -> "types.ModuleType":
    """Load the extension module *name* from the shared library *path*.

    A new module object is always created, even when *name* is in ``sys.modules``.
    """
    from imp_compat._execution import load_spec

    loader = ExtensionFileLoader(name, path)
    return load_spec(ModuleSpec(name=name, loader=loader, origin=path))


if create_dynamic is None:
    # Like Python 3.11: None where the platform cannot load extension modules.
    load_dynamic = None  # type: ignore[assignment]


def load_module(
    name: str, file: "IO[Any] | None", filename: str, details: tuple[str, str, int]
) -> "types.ModuleType | None":
    """Load a module from what :func:`find_module` returned.

    *name* is the full dotted name; the type code in *details* chooses the loader.
    """
    _suffix, mode, type_ = details
    if mode and (not mode.startswith("r") or "+" in mode):
        raise ValueError(f"invalid file open mode {mode!r}")
    if file is None and type_ in {PY_SOURCE, PY_COMPILED}:
        raise ValueError(f"file object required for import (type code {type_})")
    if type_ == PY_SOURCE:
        return load_source(name, filename, file)
    if type_ == PY_COMPILED:
        return load_compiled(name, filename, file)
    if type_ == C_EXTENSION and load_dynamic is not None:
        if file is None:
            with open(filename, "rb") as opened_file:
                return load_dynamic(name, filename, opened_file)
        return load_dynamic(name, filename, file)
    if type_ == PKG_DIRECTORY:
        return load_package(name, filename)
    if type_ == C_BUILTIN:
        return init_builtin(name)
    if type_ == PY_FROZEN:
        return init_frozen(name)
    raise ImportError(f"Don't know how to import {name} (type code {type_})", name=name)
