"""``imp.get_suffixes()`` -> a helper building imp's ``(suffix, mode, type)`` triples.

importlib lists bare suffixes; code written for imp unpacks triples and compares the type
with ``imp.PY_SOURCE`` and friends. The helper reads importlib's lists on each call, as imp
did, in imp's order: extension modules, then sources, then bytecode.
"""

from __future__ import annotations

from imp_migrate.rules._base import Helper, HelperRule

SOURCE = '''
def _imp_get_suffixes():
    """imp.get_suffixes(): (suffix, mode, type) triples (written by imp-migrate).

    The types are imp's codes: 3 extension, 1 source, 2 bytecode.
    """
    machinery = importlib.machinery
    return (
        [(suffix, "rb", 3) for suffix in machinery.EXTENSION_SUFFIXES]
        + [(suffix, "r", 1) for suffix in machinery.SOURCE_SUFFIXES]
        + [(suffix, "rb", 2) for suffix in machinery.BYTECODE_SUFFIXES]
    )
'''


HELPER = Helper("_imp_get_suffixes", SOURCE, ("importlib.machinery",))


class GetSuffixes(HelperRule):
    names = ("get_suffixes",)
    helper = HELPER
