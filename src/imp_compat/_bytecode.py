"""The ``.pyc`` magic number, cache tag, and source <-> cache path mapping (PEP 3147)."""

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from typing import Any

__all__ = ["cache_from_source", "get_magic", "get_tag", "source_from_cache"]


def _importlib_util() -> "Any":
    # importlib.util costs ~0.5 ms to import, so not with imp; once loaded, a sys.modules
    # lookup is several times cheaper than an import statement in these small functions.
    util = sys.modules.get("importlib.util")
    if util is None:
        import importlib.util as util
    return util


def get_magic() -> bytes:
    """Return the magic number that starts this interpreter's ``.pyc`` files."""
    magic: bytes = _importlib_util().MAGIC_NUMBER
    return magic


def get_tag() -> str:
    """Return the tag in cached bytecode file names, e.g. ``'cpython-312'``."""
    tag: str = sys.implementation.cache_tag
    return tag


def cache_from_source(path: str | os.PathLike[str], debug_override: bool | None = None) -> str:
    """Return the ``.pyc`` path that importing the source file *path* would use.

    The file need not exist. A true *debug_override* means "no optimisation level" and a
    false one means level 1, as in Python 3.11 (later Pythons dropped the parameter).
    Raises NotImplementedError when ``sys.implementation.cache_tag`` is None.
    """
    util = _importlib_util()
    if debug_override is None:
        cached: str = util.cache_from_source(path)
    else:
        cached = util.cache_from_source(path, optimization="" if debug_override else 1)
    return cached


def source_from_cache(path: str | os.PathLike[str]) -> str:
    """Return the source path for the PEP 3147 ``.pyc`` path *path*; ValueError if not one."""
    source: str = _importlib_util().source_from_cache(path)
    return source
