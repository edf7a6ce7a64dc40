"""``imp.load_package(name, path)`` -> ``_imp_load_module(name, None, path, ("", "", 5))``.

``load_module`` with a package description is exactly what imp's ``load_package`` did (find
the ``__init__`` source or bytecode in the directory, or take ``path`` as that file), so the
call reuses ``load_module``'s helper.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate.rules import load_module
from imp_migrate.rules._base import FileChanges, Result, Rule, expression, positional_args


class LoadPackage(Rule):
    names = ("load_package",)

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        arguments = positional_args(call, 2, 2, keywords=("name", "path"))
        if isinstance(arguments, str):
            return arguments
        refused = load_module.add_helpers(changes)
        if refused:
            return refused
        package, path = arguments
        description = expression('("", "", 5)')
        return cst.Call(
            func=cst.Name(load_module.HELPER_NAME),
            args=[cst.Arg(package), cst.Arg(cst.Name("None")), cst.Arg(path), cst.Arg(description)],
        )
