"""``find_module``, ``get_suffixes`` and ``NullImporter``: the old search protocol, and the
module-type codes that ``find_module`` hands to ``load_module``.

The codes are those of Python 3.11's ``imp`` (and of Python 2 before it): legacy code compares
against the numbers, so they must never change. They are defined here, beside the search that
produces them, rather than in a module of their own because every module file that
``import imp`` reads costs it about 0.06 ms (``bench/README.md``).
"""

import os
import sys
from importlib import machinery

from imp_compat._builtins import is_builtin, is_frozen

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from typing import IO, Any

__all__ = [
    "C_BUILTIN",
    "C_EXTENSION",
    "IMP_HOOK",
    "PKG_DIRECTORY",
    "PY_CODERESOURCE",
    "PY_COMPILED",
    "PY_FROZEN",
    "PY_RESOURCE",
    "PY_SOURCE",
    "SEARCH_ERROR",
    "NullImporter",
    "find_module",
    "get_suffixes",
]

SEARCH_ERROR = 0
PY_SOURCE = 1
PY_COMPILED = 2
C_EXTENSION = 3
PY_RESOURCE = 4
PKG_DIRECTORY = 5
C_BUILTIN = 6
PY_FROZEN = 7
PY_CODERESOURCE = 8
IMP_HOOK = 9


def get_suffixes() -> list[tuple[str, str, int]]:
    """Return ``(suffix, mode, type)`` for every module file kind, in search order.

    The lists are read from ``importlib.machinery`` on each call, so that code which
    extends them (as some plugin systems do) is seen, as in Python 3.11.
    """
    return (
        [(suffix, "rb", C_EXTENSION) for suffix in machinery.EXTENSION_SUFFIXES]
        + [(suffix, "r", PY_SOURCE) for suffix in machinery.SOURCE_SUFFIXES]
        + [(suffix, "rb", PY_COMPILED) for suffix in machinery.BYTECODE_SUFFIXES]
    )


class NullImporter:
    """A finder for path entries that are not directories: it never finds anything."""

    def __init__(self, path: str) -> None:
        if path == "":
            raise ImportError("empty pathname", path="")
        if os.path.isdir(path):
            raise ImportError("existing directory", path=path)

    def find_module(self, fullname: str) -> None:
        """Always return None."""
        return None


def _find_in_entry(name: str, entry: str) -> tuple[str, tuple[str, str, int]] | None:
    package_directory = os.path.join(entry, name)
    for suffix in (".py", machinery.BYTECODE_SUFFIXES[0]):
        if os.path.isfile(os.path.join(package_directory, "__init__" + suffix)):
            return package_directory, ("", "", PKG_DIRECTORY)
    for details in get_suffixes():
        file_path = os.path.join(entry, name + details[0])
        if os.path.isfile(file_path):
            return file_path, details
    return None


def find_module(
    name: str, path: list[str] | None = None
) -> "tuple[IO[Any] | None, str | None, tuple[str, str, int]]":
    """Search for module *name*; return ``(file, pathname, (suffix, mode, type))``.

    Without *path*, built-in and frozen modules come first, then ``sys.path``. The name
    cannot contain a dot: for a submodule, pass the package's ``__path__`` as *path*.
    A source file is opened in text mode with the encoding its coding cookie declares.
    """
    if not isinstance(name, str):
        raise TypeError(f"'name' must be a str, not {type(name)}")
    if not isinstance(path, (type(None), list)):
        raise RuntimeError(f"'path' must be None or a list, not {type(path)}")

    if path is None:
        if is_builtin(name):
            return None, None, ("", "", C_BUILTIN)
        if is_frozen(name):
            return None, None, ("", "", PY_FROZEN)
        path = sys.path

    for entry in path:
        found = _find_in_entry(name, entry)
        if found is not None:
            break
    else:
        raise ImportError(f"No module named {name!r}", name=name)

    file_path, details = found
    mode = details[1]
    if details[2] == PKG_DIRECTORY:
        return None, file_path, details
    encoding = None
    if "b" not in mode:
        from tokenize import detect_encoding

        with open(file_path, "rb") as binary:
            encoding = detect_encoding(binary.readline)[0]
    return open(file_path, mode, encoding=encoding), file_path, details
