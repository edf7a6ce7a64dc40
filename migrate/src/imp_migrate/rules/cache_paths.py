"""``imp.cache_from_source`` / ``imp.source_from_cache`` -> the same names in importlib.util.

imp delegated to these functions with the same parameters, so every call keeps its arguments.
"""

from __future__ import annotations

from imp_migrate.rules._base import FileChanges, Result, Rule, expression


class CachePaths(Rule):
    names = ("cache_from_source", "source_from_cache")

    def reference(self, name: str, changes: FileChanges) -> Result:
        changes.add_import("importlib.util")
        return expression(f"importlib.util.{name}")
