"""``imp.new_module(name)`` -> ``types.ModuleType(name)``: imp called the type itself."""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Result, Rule, expression


class NewModule(Rule):
    names = ("new_module",)

    def reference(self, name: str, changes: FileChanges) -> Result:
        changes.add_import("types")
        return expression("types.ModuleType")
