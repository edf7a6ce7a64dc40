"""The ``imp`` module, for Python 3.12 and later.

Python 3.12 removed ``imp`` from the standard library. This thin module re-exports
:mod:`imp_compat`, which implements Python 3.11's ``imp`` on public importlib APIs.
On Python 3.11 and older the standard library's own ``imp`` comes first on
``sys.path`` and this file is never imported.
"""

from imp_compat import *  # noqa: F403
from imp_compat import __all__ as _api
from imp_compat import _warn_deprecated
from imp_compat._legacy_api import install as _install_legacy_api
from imp_compat._legacy_hooks import install as _install_legacy_hooks

# Python 3.11's imp had no __all__, so `from imp import *` also bound the modules it had
# imported. They are provided on first use, so that `import imp` does not pay for them.
_MODULE_GLOBALS_OF_311 = {
    "importlib": "importlib",
    "machinery": "importlib.machinery",
    "os": "os",
    "sys": "sys",
    "tokenize": "tokenize",
    "types": "types",
    "util": "importlib.util",
    "warnings": "warnings",
}
__all__ = [*_api, *_MODULE_GLOBALS_OF_311, "SourcelessFileLoader"]  # noqa: F405 - __getattr__
# 3.11's private loader classes behind load_source/load_compiled (its test_imp uses them).
_PRIVATE_LOADERS_OF_311 = (
    "_HackedGetData",
    "_LoadCompiledCompatibility",
    "_LoadSourceCompatibility",
)


def __getattr__(name: str) -> object:
    import importlib

    if name == "SourcelessFileLoader":
        value: object = importlib.machinery.SourcelessFileLoader
    elif name in _MODULE_GLOBALS_OF_311:
        value = importlib.import_module(_MODULE_GLOBALS_OF_311[name])
    elif name in _PRIVATE_LOADERS_OF_311:
        value = getattr(importlib.import_module("imp_compat._file_loaders"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


_warn_deprecated(stacklevel=3)
# Code that imports imp often installs pre-3.4 import hooks too: make them work as on 3.11
# (IMP_COMPAT_LEGACY_HOOKS=0 keeps them off; see docs/legacy-hooks.md).
_install_legacy_hooks()
# ... and calls names the import system lost after 3.11 (pkgutil.ImpImporter, find_module on
# the stdlib finders, ...): bring back the missing ones (IMP_COMPAT_LEGACY_API=0 keeps them
# out; see docs/legacy-api.md).
_install_legacy_api()
del _api, _warn_deprecated, _install_legacy_hooks, _install_legacy_api
