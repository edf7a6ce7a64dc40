"""``hasattr(imp, "get_tag")`` -> ``True``: imp-era code tests for features of imp.

Code written for Pythons before 3.2 asks whether imp has a function yet (pytest's assertion
rewriter, setuptools' install_lib). The imp being replaced is 3.11's, which has every public
name of the shared table, so the answer is fixed: ``True``. Other names are left alone (3.11's
imp also had private helpers and the modules it imported), with the usual TODO.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._patterns import feature_tested
from imp_migrate.rules._base import call_arguments


def tested_name(call: cst.Call) -> str | None:
    """``"get_tag"`` for ``hasattr(<anything>, "get_tag")`` when 3.11's imp had that name.

    Decided by ``_patterns.feature_tested``, as scan decides it.
    """
    callee = cst.helpers.get_full_name_for_node(call.func) or ""
    tested = call.args[1].value if len(call.args) == 2 else None
    value = tested.evaluated_value if isinstance(tested, cst.SimpleString) else None
    return feature_tested(callee, call_arguments(call), value if isinstance(value, str) else None)


def label(name: str) -> str:
    return f"hasattr(imp, {name!r})"
