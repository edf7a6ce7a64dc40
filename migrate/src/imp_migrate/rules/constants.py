"""``imp.PY_SOURCE`` and the other constants -> a module-level constant with imp's value.

importlib has no such constants; code compares them with what ``find_module`` returned or
passes them on, so the rewrite keeps the name and defines it once: ``PY_SOURCE = 1``.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._replacements import REPLACEMENTS
from imp_migrate.rules._base import FileChanges, Result, Rule

VALUES = {name: entry.value for name, entry in REPLACEMENTS.items() if entry.value is not None}


class Constants(Rule):
    names = tuple(VALUES)

    def reference(self, name: str, changes: FileChanges) -> Result:
        if name in changes.existing_constants:
            return cst.Name(name)
        if name in changes.taken_names and name not in changes.constants:
            return f"the module already defines its own {name}"
        changes.constants[name] = VALUES[name]
        return cst.Name(name)

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        return f"calls the constant imp.{name}"
