"""``imp.get_tag()`` -> ``sys.implementation.cache_tag``, the string imp returned."""

from __future__ import annotations

import libcst as cst

from imp_migrate.rules._base import FileChanges, Result, Rule, expression, signature_args


class GetTag(Rule):
    names = ("get_tag",)

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        arguments = signature_args(call, name)
        if isinstance(arguments, str):
            return arguments
        changes.add_import("sys")
        return expression("sys.implementation.cache_tag")
