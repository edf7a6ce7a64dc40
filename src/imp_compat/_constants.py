"""The module-type codes that ``find_module`` and ``load_module`` pass around.

The values are those of Python 3.11's ``imp`` (and of Python 2 before it): legacy code
compares against the numbers, so they must never change.
"""

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
