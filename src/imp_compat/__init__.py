"""Python 3.11's ``imp`` module, implemented on public importlib APIs.

Import this package under its own name to use or test it beside the standard library's
``imp`` on Python 3.11; on Python 3.12 and later the top-level ``imp`` module re-exports it
(and only that import warns that ``imp`` is deprecated). Heavy modules such as ``tokenize``
and ``importlib.util`` (and the loading machinery) are imported by the functions that need them.

The code is split by concern into private modules (``_finding``, ``_loading``, ...); only the
four ``.pyc`` path and magic functions, thin wrappers over ``importlib.util``, are defined here,
because every module file that ``import imp`` reads costs it about 0.06 ms (``bench/README.md``).
"""

import os as _os
import sys as _sys

from imp_compat._builtins import (
    acquire_lock,
    create_dynamic,
    get_frozen_object,
    init_builtin,
    init_frozen,
    is_builtin,
    is_frozen,
    is_frozen_package,
    lock_held,
    release_lock,
)
from imp_compat._finding import (
    C_BUILTIN,
    C_EXTENSION,
    IMP_HOOK,
    PKG_DIRECTORY,
    PY_CODERESOURCE,
    PY_COMPILED,
    PY_FROZEN,
    PY_RESOURCE,
    PY_SOURCE,
    SEARCH_ERROR,
    NullImporter,
    find_module,
    get_suffixes,
)
from imp_compat._loading import (
    load_compiled,
    load_dynamic,
    load_module,
    load_package,
    load_source,
    new_module,
    reload,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds to import; annotations are never evaluated
    from typing import Any

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
    "acquire_lock",
    "cache_from_source",
    "create_dynamic",
    "find_module",
    "get_frozen_object",
    "get_magic",
    "get_suffixes",
    "get_tag",
    "init_builtin",
    "init_frozen",
    "is_builtin",
    "is_frozen",
    "is_frozen_package",
    "load_compiled",
    "load_dynamic",
    "load_module",
    "load_package",
    "load_source",
    "lock_held",
    "new_module",
    "release_lock",
    "reload",
    "source_from_cache",
]


# --- .pyc paths and magic (PEP 3147) ---------------------------------------------------------


def _importlib_util() -> "Any":
    # importlib.util costs ~0.5 ms to import, so not with imp; once loaded, a sys.modules
    # lookup is several times cheaper than an import statement in these small functions.
    util = _sys.modules.get("importlib.util")
    if util is None:
        import importlib.util as util
    return util


def get_magic() -> bytes:
    """Return the magic number that starts this interpreter's ``.pyc`` files."""
    magic: bytes = _importlib_util().MAGIC_NUMBER
    return magic


def get_tag() -> str:
    """Return the tag in cached bytecode file names, e.g. ``'cpython-312'``."""
    tag: str = _sys.implementation.cache_tag
    return tag


def cache_from_source(path: str | _os.PathLike[str], debug_override: bool | None = None) -> str:
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


def source_from_cache(path: str | _os.PathLike[str]) -> str:
    """Return the source path for the PEP 3147 ``.pyc`` path *path*; ValueError if not one."""
    source: str = _importlib_util().source_from_cache(path)
    return source


# --- the deprecation warning, the legacy import hooks and API -----------------------------------

#: Set this environment variable to a non-empty value other than ``0`` to silence the
#: DeprecationWarning that ``import imp`` emits, for the whole process.
SILENCE_ENV_VAR = "IMP_COMPAT_SILENCE_DEPRECATION"

_DEPRECATION_MESSAGE = (
    "the imp module is deprecated in favour of importlib and slated for removal in "
    "Python 3.12; see the module's documentation for alternative uses"
)


def _warn_deprecated(stacklevel: int) -> None:
    """Emit 3.11's import-time DeprecationWarning, unless silenced by the environment."""
    if _os.environ.get(SILENCE_ENV_VAR, "") not in ("", "0"):
        return
    try:  # the interpreter's own C warn(), which warnings.warn is, without importing warnings
        from _warnings import warn
    except ImportError:  # pragma: no cover - interpreters without the C accelerator
        from warnings import warn
    warn(_DEPRECATION_MESSAGE, DeprecationWarning, stacklevel=stacklevel)


def install_legacy_hooks() -> None:
    """Make pre-3.4 (PEP 302) finders and loaders work as on Python 3.11.

    ``import imp`` does this already; call it for legacy hooks in code that does not import
    ``imp``. See docs/legacy-hooks.md.
    """
    from imp_compat._legacy_hooks import install

    install()


def uninstall_legacy_hooks() -> None:
    """Undo :func:`install_legacy_hooks`: every legacy hook is put back as it was installed."""
    from imp_compat._legacy_hooks import uninstall

    uninstall()


def install_legacy_api() -> None:
    """Bring back the import API names Python 3.12-3.15 removed that this Python lacks.

    ``import imp`` does this already; ``IMP_COMPAT_LEGACY_API=1`` does it at start-up for a
    whole environment; ``IMP_COMPAT_LEGACY_API=0`` keeps it off. See docs/legacy-api.md.
    """
    from imp_compat._legacy_api import install

    install()


def uninstall_legacy_api() -> None:
    """Undo :func:`install_legacy_api`: remove every name it added."""
    from imp_compat._legacy_api import uninstall

    uninstall()


if "IMP_COMPAT_REPORT" in _os.environ or "imp_compat_report" in _sys._xoptions:
    from imp_compat import _runtime_report

    _runtime_report.install(globals())
