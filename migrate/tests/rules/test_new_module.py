"""imp.new_module -> types.ModuleType."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
import imp as legacy  # an alias
m = legacy.new_module("plugin.sub")
print(type(m).__name__, m.__name__, m.__doc__, sorted(vars(m)))
print("plugin.sub" in __import__("sys").modules)
"""

FROM_IMPORT = """\
from imp import new_module
print(new_module("x").__name__, type(new_module("y")))
"""


def test_new_module_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(BEFORE, expect=('types.ModuleType("plugin.sub")',))
    assert "legacy" not in after


def test_new_module_from_import(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(FROM_IMPORT, expect=('types.ModuleType("x")',))
    assert "from imp" not in after
