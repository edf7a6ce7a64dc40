"""The ``imp`` module, for Python 3.12 and later.

Python 3.12 removed ``imp`` from the standard library. This thin module re-exports
:mod:`imp_compat`, which implements Python 3.11's ``imp`` on public importlib APIs.
On Python 3.11 and older the standard library's own ``imp`` comes first on
``sys.path`` and this file is never imported.
"""

from imp_compat import *  # noqa: F403
from imp_compat import __all__ as __all__
from imp_compat import _warn_deprecated
from imp_compat._legacy_hooks import install as _install_legacy_hooks

_warn_deprecated(stacklevel=3)
# Code that imports imp often installs pre-3.4 import hooks too: make them work as on 3.11
# (IMP_COMPAT_LEGACY_HOOKS=0 keeps them off; see docs/legacy-hooks.md).
_install_legacy_hooks()
del _warn_deprecated, _install_legacy_hooks
