"""``ImpImporter`` and ``ImpLoader``: the PEP 302 wrappers ``pkgutil`` removed in Python 3.12.

They wrap the "classic" import algorithm (``find_module``/``load_module``) in the finder and
loader protocol, for legacy code that still names ``pkgutil.ImpImporter``. As in 3.11, each
instance warns that the emulation is deprecated.
"""

import os

from imp_compat._finding import (
    C_EXTENSION,
    PKG_DIRECTORY,
    PY_COMPILED,
    PY_SOURCE,
    find_module,
)
from imp_compat._legacy_hooks import install as _install_legacy_hooks
from imp_compat._loading import load_module

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from collections.abc import Iterator
    from types import CodeType, ModuleType
    from typing import IO, Any

__all__ = ["ImpImporter", "ImpLoader"]

# Users of these importers install pre-3.4 hooks too (IMP_COMPAT_LEGACY_HOOKS=0 keeps them off).
_install_legacy_hooks()

_DEPRECATED = (
    "This emulation is deprecated and slated for removal in Python 3.12; use 'importlib' instead"
)


def _warn_emulation_deprecated() -> None:
    import warnings

    # stacklevel 2 blames this module, as 3.11 blamed pkgutil: hidden unless filters ask.
    warnings.warn(_DEPRECATED, DeprecationWarning, stacklevel=2)


def _module_name(filename: str) -> str | None:
    """The module name a file name stands for, longest suffix first (``inspect.getmodulename``)."""
    from importlib.machinery import all_suffixes

    for suffix in sorted(all_suffixes(), key=len, reverse=True):
        if filename.endswith(suffix):
            return filename[: -len(suffix)]
    return None


def _read_code(stream: "IO[bytes]") -> "CodeType | None":
    """Read a code object from an open ``.pyc``; None if its magic is not this interpreter's."""
    import marshal
    from importlib.util import MAGIC_NUMBER

    if stream.read(4) != MAGIC_NUMBER:
        return None
    stream.read(12)  # the rest of the header: flags, then mtime and size or a hash
    code: CodeType = marshal.load(stream)
    return code


class ImpImporter:
    """PEP 302 finder over the classic import algorithm.

    ``ImpImporter(dirname)`` searches that directory; ``ImpImporter(None)`` searches
    ``sys.path`` plus built-in and frozen modules. Not meant for ``sys.meta_path``.
    """

    def __init__(self, path: str | None = None) -> None:
        _warn_emulation_deprecated()
        self.path = path

    def find_module(self, fullname: str, path: object = None) -> "ImpLoader | None":
        """Return an :class:`ImpLoader` for *fullname*, or None. *path* is ignored."""
        subname = fullname.split(".")[-1]
        if subname != fullname and self.path is None:
            return None
        search = None if self.path is None else [os.path.realpath(self.path)]
        try:
            file, filename, etc = find_module(subname, search)
        except ImportError:
            return None
        return ImpLoader(fullname, file, filename, etc)  # type: ignore[arg-type]

    def iter_modules(self, prefix: str = "") -> "Iterator[tuple[str, bool]]":
        """Yield ``(prefix + name, is_package)`` for each module in the directory, sorted."""
        if self.path is None or not os.path.isdir(self.path):
            return
        try:
            filenames = sorted(os.listdir(self.path))  # packages before same-named modules
        except OSError:
            filenames = []  # unreadable directories are skipped, as import does
        seen = set()
        for filename in filenames:
            modname = _module_name(filename)
            if modname == "__init__" or modname in seen:
                continue
            ispkg = False
            full_path = os.path.join(self.path, filename)
            if not modname and os.path.isdir(full_path) and "." not in filename:
                modname = filename
                try:
                    contents = os.listdir(full_path)
                except OSError:
                    contents = []
                if not any(_module_name(entry) == "__init__" for entry in contents):
                    continue  # a directory without __init__ is not a package
                ispkg = True
            if modname and "." not in modname:
                seen.add(modname)
                yield prefix + modname, ispkg


class ImpLoader:
    """PEP 302 loader over the classic import algorithm, for what ``find_module`` found."""

    code: "CodeType | None" = None
    source: str | None = None

    def __init__(
        self, fullname: str, file: "IO[Any] | None", filename: str, etc: tuple[str, str, int]
    ) -> None:
        _warn_emulation_deprecated()
        self.file = file
        self.filename = filename
        self.fullname = fullname
        self.etc = etc

    def load_module(self, fullname: str) -> "ModuleType | None":
        """Load the module with ``load_module``; the module's ``__loader__`` is not this object."""
        self._reopen()
        try:
            return load_module(fullname, self.file, self.filename, self.etc)
        finally:
            if self.file:
                self.file.close()

    def get_data(self, pathname: str) -> bytes:
        """Return the bytes of the file *pathname*."""
        with open(pathname, "rb") as file:
            return file.read()

    def _reopen(self) -> None:
        if self.file and self.file.closed:
            mod_type = self.etc[2]
            if mod_type == PY_SOURCE:
                self.file = open(self.filename)  # noqa: SIM115 - kept for later reads
            elif mod_type in (PY_COMPILED, C_EXTENSION):
                self.file = open(self.filename, "rb")  # noqa: SIM115

    def _fix_name(self, fullname: str | None) -> str:
        if fullname is None:
            return self.fullname
        if fullname != self.fullname:
            raise ImportError(f"Loader for module {self.fullname} cannot handle module {fullname}")
        return fullname

    def is_package(self, fullname: str | None) -> bool:
        """Whether the module is a package directory."""
        self._fix_name(fullname)
        return self.etc[2] == PKG_DIRECTORY

    def get_code(self, fullname: str | None = None) -> "CodeType | None":
        """Return the module's code object (compiled from source, or read from the ``.pyc``)."""
        fullname = self._fix_name(fullname)
        if self.code is None:
            mod_type = self.etc[2]
            if mod_type == PY_SOURCE:
                source = self.get_source(fullname)
                self.code = compile(source, self.filename, "exec")  # type: ignore[arg-type]
            elif mod_type == PY_COMPILED:
                self._reopen()
                try:
                    self.code = _read_code(self.file)  # type: ignore[arg-type]
                finally:
                    self.file.close()  # type: ignore[union-attr]
            elif mod_type == PKG_DIRECTORY:
                self.code = self._get_delegate().get_code()
        return self.code

    def get_source(self, fullname: str | None = None) -> str | None:
        """Return the module's source text, or None when there is none."""
        fullname = self._fix_name(fullname)
        if self.source is None:
            mod_type = self.etc[2]
            if mod_type == PY_SOURCE:
                self._reopen()
                try:
                    self.source = self.file.read()  # type: ignore[union-attr]
                finally:
                    self.file.close()  # type: ignore[union-attr]
            elif mod_type == PY_COMPILED:
                if os.path.exists(self.filename[:-1]):
                    with open(self.filename[:-1]) as f:
                        self.source = f.read()
            elif mod_type == PKG_DIRECTORY:
                self.source = self._get_delegate().get_source()
        return self.source

    def _get_delegate(self) -> "ImpLoader":
        # The package's __init__, found by a finder over the package directory.
        from importlib.util import spec_from_loader

        loader = ImpImporter(self.filename).find_module("__init__")
        spec = None if loader is None else spec_from_loader("__init__", loader)  # type: ignore[arg-type]
        return spec.loader  # type: ignore[union-attr, return-value]

    def get_filename(self, fullname: str | None = None) -> str | None:
        """Return the file the module is loaded from (a package's ``__init__`` file)."""
        fullname = self._fix_name(fullname)
        mod_type = self.etc[2]
        if mod_type == PKG_DIRECTORY:
            return self._get_delegate().get_filename()
        if mod_type in (PY_SOURCE, PY_COMPILED, C_EXTENSION):
            return self.filename
        return None
