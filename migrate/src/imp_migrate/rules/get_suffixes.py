"""``imp.get_suffixes()`` -> a helper building imp's ``(suffix, mode, type)`` triples.

importlib lists bare suffixes; code written for imp unpacks triples and compares the type
with ``imp.PY_SOURCE`` and friends. The helper reads importlib's lists on each call, as imp
did, in imp's order: extension modules, then sources, then bytecode.
"""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Result, Rule, expression

HELPER_NAME = "_imp_get_suffixes"
HELPER = '''
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


def add_helper(changes: FileChanges) -> str | None:
    """Ask for the helper (``find_module``'s helper uses it too); a reason if refused."""
    return changes.add_helper(HELPER_NAME, HELPER, imports=("importlib.machinery",))


class GetSuffixes(Rule):
    names = ("get_suffixes",)

    def reference(self, name: str, changes: FileChanges) -> Result:
        refused = add_helper(changes)
        return refused if refused else expression(HELPER_NAME)
