"""hasattr(imp, "get_tag") -> True: 3.11's imp, the one replaced, has every public name."""

from __future__ import annotations

from behaviour import CheckRewrite

from imp_migrate._fix import fix_source

BEFORE = """\
import imp
import sys

if hasattr(imp, "get_tag"):
    TAG = imp.get_tag() + "-PYTEST"
else:
    TAG = "cpython-%s%s-PYTEST" % sys.version_info[:2]
print(TAG == sys.implementation.cache_tag + "-PYTEST")
print(hasattr(imp, 'source_from_cache'), not hasattr(imp, "cache_from_source"))
"""


def test_feature_tests_of_public_names_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE, expect=("if True:\n", "print(True, not True)", "sys.implementation.cache_tag + ")
    )
    assert "import imp" not in after


def test_other_names_keep_the_module_object_todo() -> None:
    result = fix_source(b"import imp\nprint(hasattr(imp, 'tokenize'), hasattr(imp, name))\n")
    assert [(c.name, c.result) for c in result.left_for_humans] == [
        ("imp", "is used as a module object"),
        ("imp", "is used as a module object"),
    ]
