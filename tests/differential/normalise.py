"""Turn what an ``imp`` call produced into plain data that can be compared and printed.

Everything observable is kept; the only liberties taken are listed here, each for a reason:

* the run's temporary folder is written ``<run>`` (the tree is ``<run>/tree``), in text and
  in bytes: each run gets its own copy of the tree, so that files one run writes cannot
  influence the other; the folders' names have equal lengths, so a length written before
  an embedded path agrees too;
* a loader of a *private* class is described by the public ``importlib.machinery`` class it
  derives from (``_LoadSourceCompatibility`` in 3.11 is a ``SourceFileLoader subclass``): the
  name of a private helper class is not part of the API, its base class is;
* objects are identified by the order in which they first appear in the run (``module#0``),
  so that "the same module object was returned again" is compared, not memory addresses;
* functions and classes are described by their qualified name, other objects by their type.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import io
import os
import sys
import types
from typing import Any

# The importlib modules whose public classes a private loader class is described by.
_IMPORTLIB_MODULES = {
    "importlib.machinery", "importlib._bootstrap", "importlib._bootstrap_external",
    "_frozen_importlib", "_frozen_importlib_external", "importlib.abc", "zipimport",
}
_MAX_DEPTH = 6


def loader_kind(loader_type: type) -> str:
    """The class of a loader: an importlib class by its name, a private class (leading
    underscore) by the public importlib class it derives from, any other by its full name."""
    if loader_type.__name__.startswith("_") or loader_type.__module__ in _IMPORTLIB_MODULES:
        for cls in loader_type.__mro__:
            if cls.__module__ in _IMPORTLIB_MODULES and not cls.__name__.startswith("_"):
                return cls.__name__ + ("" if cls is loader_type else " subclass")
    return f"{loader_type.__module__}.{loader_type.__qualname__}"


class Normaliser:
    """Normalises the values of one run; remembers object identities across calls."""

    def __init__(self, root: str, interesting_modules: set[str]) -> None:
        self.root = root
        # The run's own folder, the tree's parent: paths like Path(root, '.') leave the tree.
        self.run_folder = os.path.dirname(root)
        self.interesting = interesting_modules
        self._ids: dict[int, str] = {}
        self._keep_alive: list[object] = []

    def text(self, value: str) -> str:
        return value.replace(self.run_folder, "<run>")

    def identity(self, value: object, kind: str) -> str:
        key = id(value)
        if key not in self._ids:
            self._ids[key] = f"{kind}#{len(self._ids)}"
            self._keep_alive.append(value)
        return self._ids[key]

    def __call__(self, value: Any, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return f"<too deep: {type(value).__name__}>"
        if value is None or isinstance(value, bool | int | float | complex):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            # A .pyc written during the run embeds the root in its code's filename.
            value = value.replace(os.fsencode(self.run_folder), b"<run>")
            if len(value) > 64:  # exact, but short: a pyc's bytes would drown the diff
                digest = hashlib.sha256(value).hexdigest()[:16]
                return ("bytes", len(value), digest, self.text(value[:32].decode("latin-1")))
            return ("bytes", self.text(value.decode("latin-1")))
        if isinstance(value, tuple | list):
            return (type(value).__name__, [self(item, depth + 1) for item in value])
        if isinstance(value, dict):
            return ("dict", sorted((repr(self(k, depth + 1)), self(v, depth + 1))
                                   for k, v in value.items()))
        if isinstance(value, types.ModuleType):
            return self.module(value, depth)
        if isinstance(value, BaseException):
            return self.exception(value, depth)
        if type(value).__name__ == "_NamespacePath":
            return ("namespace path", [self(item, depth + 1) for item in value])
        if isinstance(value, io.IOBase):
            return self.file_opened(value)
        if isinstance(value, importlib.machinery.ModuleSpec):
            return self.spec(value, depth)
        if isinstance(value, types.CodeType):
            return ("code", value.co_name, self.text(value.co_filename), value.co_firstlineno,
                    value.co_code.hex())
        if isinstance(value, type):
            if hasattr(value, "find_spec") or hasattr(value, "exec_module"):
                return ("class", loader_kind(value))
            return ("class", value.__qualname__)
        if isinstance(value, types.FunctionType | types.BuiltinFunctionType | types.MethodType):
            return ("function", getattr(value, "__qualname__", repr(value)))
        if hasattr(value, "exec_module") or hasattr(value, "load_module"):
            return self.loader(value, depth)
        return ("object", type(value).__qualname__, self.identity(value, "object"))

    def module(self, module: types.ModuleType, depth: int) -> Any:
        """Identity, the import attributes and (for the tree's modules) the user attributes."""
        name = module.__dict__.get("__name__", "<absent>")
        record: dict[str, Any] = {
            "module": self.identity(module, "module"),
            "in_sys_modules": sys.modules.get(name) is module if isinstance(name, str) else None,
        }
        if depth > 0:  # a module inside another value: identify it, nothing more
            record["name"] = self(name, depth + 1)
            return ("module", sorted(record.items()))
        for attr in ("__name__", "__file__", "__cached__", "__package__", "__path__",
                     "__loader__", "__spec__", "__doc__"):
            record[attr] = self(module.__dict__.get(attr, "<absent>"), depth + 1)
        spec = module.__dict__.get("__spec__")
        if getattr(spec, "origin", None) == "built-in":
            record["attributes"] = "<not compared for built-in modules>"
        else:
            record["attributes"] = sorted(
                (key, self(item, depth + 1)) for key, item in module.__dict__.items()
                if not (key.startswith("__") and key.endswith("__"))
            )
        return ("module", sorted(record.items()))

    def spec(self, spec: importlib.machinery.ModuleSpec, depth: int) -> Any:
        return ("spec", sorted({
            "name": self(spec.name, depth + 1),
            "loader": self(spec.loader, depth + 1),
            "origin": self(spec.origin, depth + 1),
            "submodule_search_locations": self(spec.submodule_search_locations, depth + 1),
            "cached": self(spec.cached, depth + 1),
            "parent": self(spec.parent, depth + 1),
            "has_location": spec.has_location,
        }.items()))

    def loader(self, loader: object, depth: int) -> Any:
        details = {
            attr: self(getattr(loader, attr), depth + 1)
            for attr in ("name", "path") if hasattr(loader, attr)
        }
        return ("loader", loader_kind(type(loader)), sorted(details.items()))

    def exception(self, exc: BaseException, depth: int = 0) -> Any:
        """Type, message, arguments and the attributes ImportError and SyntaxError add."""
        cls = type(exc)
        record: dict[str, Any] = {
            "type": f"{cls.__module__}.{cls.__qualname__}",
            "str": self.text(str(exc)),
            "args": self(exc.args, depth + 1),
        }
        if isinstance(exc, ImportError):
            record["name"] = self(exc.name, depth + 1)
            record["path"] = self(exc.path, depth + 1)
        if isinstance(exc, SyntaxError):
            for attr in ("filename", "lineno", "offset", "text", "msg"):
                record[attr] = self(getattr(exc, attr), depth + 1)
        if exc.__cause__ is not None and depth < 2:
            record["cause"] = self.exception(exc.__cause__, depth + 1)
        return ("exception", sorted(record.items()))

    def file_opened(self, file: io.IOBase) -> Any:
        """A file as returned: its identity and how it was opened, without reading it (a
        later call may still read it)."""
        record: dict[str, Any] = {
            "file": self.identity(file, "file"),
            "type": type(file).__qualname__,
            "name": self(getattr(file, "name", "<absent>")),
            "mode": getattr(file, "mode", "<absent>"),
            "closed": file.closed,
        }
        if isinstance(file, io.TextIOWrapper):
            record["encoding"] = file.encoding
            record["errors"] = file.errors
            record["newlines"] = self(file.newlines)
        if not file.closed:
            record["position"] = file.tell()
        return ("file", sorted(record.items()))

    def file_final(self, file: io.IOBase) -> Any:
        """A file at the end of a run: whether it was closed and, if not, what is left in it
        (read here, then closed)."""
        record: dict[str, Any] = {"file": self.identity(file, "file"), "closed": file.closed}
        if not file.closed:
            try:
                record["rest"] = self(file.read())
            except Exception as exc:
                record["rest"] = self.exception(exc)
            file.close()
        return ("file", sorted(record.items()))
