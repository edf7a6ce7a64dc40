"""imp.PY_SOURCE and the other constants -> module-level constants with imp's values."""

from __future__ import annotations

from behaviour import CheckRewrite

from imp_migrate._fix import fix_source

BEFORE = """\
import imp
KINDS = [imp.SEARCH_ERROR, imp.PY_SOURCE, imp.PY_COMPILED, imp.C_EXTENSION, imp.PY_RESOURCE,
         imp.PKG_DIRECTORY, imp.C_BUILTIN, imp.PY_FROZEN, imp.PY_CODERESOURCE, imp.IMP_HOOK]
print(KINDS)


def kind_name(kind):
    from imp import PY_COMPILED, PY_SOURCE
    return {PY_SOURCE: "source", PY_COMPILED: "compiled"}.get(kind, "other")


print(kind_name(1), kind_name(2), kind_name(5))
"""


def test_constants_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(BEFORE, expect=("PY_SOURCE = 1  # the value of imp.PY_SOURCE",))
    assert "from imp" not in after


def test_a_module_with_its_own_constant_of_that_name_is_left_alone() -> None:
    result = fix_source(b"import imp\nPY_SOURCE = 'mine'\nx = imp.PY_SOURCE\n")
    assert [c.name for c in result.left_for_humans] == ["PY_SOURCE"]
