"""``imp.reload(module)`` -> ``importlib.reload(module)``: the same function since Python 3.4."""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Result, Rule, expression


class Reload(Rule):
    names = ("reload",)

    def reference(self, name: str, changes: FileChanges) -> Result:
        changes.add_import("importlib")
        return expression("importlib.reload")
