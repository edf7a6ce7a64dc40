"""imp.get_magic() -> importlib.util.MAGIC_NUMBER; imp.get_tag() -> sys.implementation.cache_tag."""

from __future__ import annotations

from behaviour import CheckRewrite, rewrite

from imp_migrate._fix import fix_source

BEFORE = """\
import imp
print(repr(imp.get_magic()), type(imp.get_magic()).__name__)
print(imp.get_tag())
"""


def test_magic_and_tag_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    check_rewrite(BEFORE, expect=("importlib.util.MAGIC_NUMBER", "sys.implementation.cache_tag"))


def test_get_magic_passed_around_is_left_with_a_todo() -> None:
    result = fix_source(b"import imp\nmagic = imp.get_magic\n")
    assert [c.name for c in result.left_for_humans] == ["get_magic"]
    assert b"# TODO(imp): imp.get_magic used without calling it" in result.fixed
    assert b"import imp\n" in result.fixed  # still needed by the line left alone


def test_unexpected_arguments_are_left_alone() -> None:
    assert rewrite("print(1)\n") == "print(1)\n"
    result = fix_source(b"import imp\nimp.get_tag(1)\n")
    assert "too many arguments" in result.left_for_humans[0].result
