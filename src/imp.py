"""The ``imp`` module, for Python 3.12 and later.

Python 3.12 removed ``imp`` from the standard library. This thin module re-exports
:mod:`imp_compat`, which implements Python 3.11's ``imp`` on public importlib APIs.
On Python 3.11 and older the standard library's own ``imp`` comes first on
``sys.path`` and this file is never imported.
"""

from imp_compat import *  # noqa: F403
from imp_compat import __all__ as __all__
from imp_compat import _warn_deprecated

_warn_deprecated(stacklevel=3)
del _warn_deprecated
