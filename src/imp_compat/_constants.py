"""The module-type codes that ``find_module`` and ``load_module`` pass around.

The values are those of Python 3.11's ``imp`` (and of Python 2 before it): legacy code
compares against the numbers, so they must never change.
"""

from typing import Final

SEARCH_ERROR: Final = 0
PY_SOURCE: Final = 1
PY_COMPILED: Final = 2
C_EXTENSION: Final = 3
PY_RESOURCE: Final = 4
PKG_DIRECTORY: Final = 5
C_BUILTIN: Final = 6
PY_FROZEN: Final = 7
PY_CODERESOURCE: Final = 8
IMP_HOOK: Final = 9
