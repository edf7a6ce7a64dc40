"""``load_package``, ``load_dynamic`` and ``init_builtin`` -> ``load_module``'s helper.

Each did what ``load_module`` does for one fixed description, so each call becomes the helper
that ``load_module`` gets, with that description:

- ``imp.load_package(name, path)`` -> ``_imp_load_module(name, None, path, ("", "", 5))``
  (the ``__init__`` source or bytecode in the directory, or ``path`` itself as that file);
- ``imp.load_dynamic(name, path[, file])`` -> ``_imp_load_module(name, None, path, ("", "", 3))``
  (imp never used ``file``; it is dropped only when it is a plain name, so nothing that has a
  side effect disappears);
- ``imp.init_builtin(name)`` -> ``_imp_load_module(name, None, None, ("", "", 6))`` (None for
  a name that is not built in).
"""

from __future__ import annotations

import libcst as cst

from imp_migrate.rules import load_module
from imp_migrate.rules._base import FileChanges, Result, Rule, expression, signature_args

TYPE_CODES = {"load_package": 5, "load_dynamic": 3, "init_builtin": 6}
"""imp's type code for the description each function stood for."""


class LoadWithDescription(Rule):
    names = tuple(TYPE_CODES)

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        kind = TYPE_CODES[name]
        arguments = signature_args(call, name)  # _patterns.CALL_SIGNATURES
        if isinstance(arguments, str):
            return arguments
        if len(arguments) == 3 and not isinstance(arguments[2], cst.Name):
            return "its file argument (unused by imp) would no longer be evaluated"
        refused = changes.add_helper(load_module.HELPER)
        if refused:
            return refused
        module_name = arguments[0]
        path = arguments[1] if len(arguments) > 1 else cst.Name("None")
        return cst.Call(
            func=cst.Name(load_module.HELPER.name),
            args=[
                cst.Arg(module_name),
                cst.Arg(cst.Name("None")),
                cst.Arg(path),
                cst.Arg(expression(f'("", "", {kind})')),
            ],
        )
