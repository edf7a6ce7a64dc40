"""imp's functions that were CPython's own ``_imp`` functions -> the same ``_imp`` functions.

Python 3.11's imp imported ``acquire_lock``, ``release_lock``, ``lock_held``, ``is_builtin``,
``init_frozen``, ``is_frozen_package``, ``get_frozen_object`` and ``create_dynamic`` straight
from ``_imp`` (``imp.is_builtin is _imp.is_builtin``), and every CPython since still has them,
so the rewrite keeps behaviour exactly (CPython only). importlib has no public import lock; for
the others it has near equivalents with other results (``name in sys.builtin_module_names`` is
a bool where ``is_builtin`` said -1, 0 or 1), which scan suggests and a human may prefer.
"""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Result, Rule, expression


class CpythonImp(Rule):
    names = (
        "acquire_lock",
        "release_lock",
        "lock_held",
        "is_builtin",
        "init_frozen",
        "is_frozen_package",
        "get_frozen_object",
        "create_dynamic",
    )

    def reference(self, name: str, changes: FileChanges) -> Result:
        changes.add_import("_imp")
        return expression(f"_imp.{name}")
