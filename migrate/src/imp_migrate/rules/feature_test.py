"""``hasattr(imp, "get_tag")`` -> ``True``: imp-era code tests for features of imp.

Code written for Pythons before 3.2 asks whether imp has a function yet (pytest's assertion
rewriter, setuptools' install_lib). The imp being replaced is 3.11's, which has every public
name of the shared table, so the answer is fixed: ``True``. Other names are left alone (3.11's
imp also had private helpers and the modules it imported), with the usual TODO.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._replacements import REPLACEMENTS


def tested_name(call: cst.Call) -> str | None:
    """``"get_tag"`` for ``hasattr(<anything>, "get_tag")`` when 3.11's imp had that name."""
    if not (isinstance(call.func, cst.Name) and call.func.value == "hasattr"):
        return None
    if len(call.args) != 2 or any(arg.keyword or arg.star for arg in call.args):
        return None
    name = call.args[1].value
    if not isinstance(name, cst.SimpleString):
        return None
    value = name.evaluated_value
    return value if isinstance(value, str) and value in REPLACEMENTS else None


def label(name: str) -> str:
    return f"hasattr(imp, {name!r})"
