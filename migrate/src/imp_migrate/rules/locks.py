"""``imp.acquire_lock`` / ``release_lock`` / ``lock_held`` -> the same functions of ``_imp``.

importlib has no public import-lock API; imp's functions were CPython's ``_imp`` ones, which
Python 3.12 and 3.13 still provide, so the rewrite keeps behaviour exactly (CPython only).
"""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Result, Rule, expression


class ImportLock(Rule):
    names = ("acquire_lock", "release_lock", "lock_held")

    def reference(self, name: str, changes: FileChanges) -> Result:
        changes.add_import("_imp")
        return expression(f"_imp.{name}")
