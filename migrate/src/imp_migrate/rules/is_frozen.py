"""``imp.is_frozen(name)`` -> ``(FrozenImporter.find_spec(name) is not None)``.

``FrozenImporter`` is ``importlib.machinery.FrozenImporter``; both ask the same frozen table.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate.rules._base import FileChanges, Result, Rule, expression, signature_args


class IsFrozen(Rule):
    names = ("is_frozen",)

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        arguments = signature_args(call, name)
        if isinstance(arguments, str):
            return arguments
        changes.add_import("importlib.machinery")
        finder = expression("importlib.machinery.FrozenImporter.find_spec")
        lookup = cst.Call(func=finder, args=[cst.Arg(arguments[0])])
        return cst.Comparison(
            left=lookup,
            comparisons=[cst.ComparisonTarget(cst.IsNot(), cst.Name("None"))],
            lpar=[cst.LeftParen()],
            rpar=[cst.RightParen()],
        )
