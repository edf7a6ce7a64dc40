"""``imp.get_magic()`` -> ``importlib.util.MAGIC_NUMBER``, the bytes imp returned."""

from __future__ import annotations

import libcst as cst

from imp_migrate.rules._base import FileChanges, Result, Rule, expression, signature_args


class GetMagic(Rule):
    names = ("get_magic",)

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        arguments = signature_args(call, name)
        if isinstance(arguments, str):
            return arguments
        changes.add_import("importlib.util")
        return expression("importlib.util.MAGIC_NUMBER")
