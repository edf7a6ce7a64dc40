"""The ``.pyc`` magic number, cache tag, and source <-> cache path mapping (PEP 3147)."""

import os
import sys

__all__ = ["cache_from_source", "get_magic", "get_tag", "source_from_cache"]


def get_magic() -> bytes:
    """Return the magic number that starts this interpreter's ``.pyc`` files."""
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


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
    from importlib.util import cache_from_source as importlib_cache_from_source

    if debug_override is None:
        return importlib_cache_from_source(path)
    return importlib_cache_from_source(path, optimization="" if debug_override else 1)


def source_from_cache(path: str | os.PathLike[str]) -> str:
    """Return the source path for the PEP 3147 ``.pyc`` path *path*; ValueError if not one."""
    from importlib.util import source_from_cache as importlib_source_from_cache

    return importlib_source_from_cache(path)
