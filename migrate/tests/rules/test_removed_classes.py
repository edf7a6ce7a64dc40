"""pkgutil.ImpImporter, pkgutil.ImpLoader, importlib.abc.Finder (removed in 3.12): a TODO where
no rewrite is faithful.

Registrations and isinstance tests are guarded (``test_removed_class_guard``) and a Finder
subclass with find_module gets MetaPathFinder (``test_finder_base``); no expression replaces a
class that code creates, or subclasses without a find_module, so fix leaves a TODO naming the
replacement there and scan lists the use as manual; both agree. The names really are gone from
3.12 (checked there), so leaving them silently would not do.
"""

from __future__ import annotations

import subprocess

import pytest
from legacy_behaviour import python

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

SOURCE = """\
import pkgutil
from importlib import abc


def register_finder(importer_type, finder):
    pass


importer = pkgutil.ImpImporter("plugins")
loader = pkgutil.ImpLoader("name", None, "name.py", (".py", "r", 1))


class OldFinder(abc.Finder):
    def find_spec(self, fullname, path=None, target=None):
        return None
"""

CASES = {
    "pkgutil.ImpImporter": ("importer = ", "importlib.machinery.FileFinder"),
    "pkgutil.ImpLoader": ("loader = ", "the loaders of importlib.machinery"),
    "importlib.abc.Finder": ("class OldFinder(", "importlib.abc.MetaPathFinder or PathEntryFinder"),
}


@pytest.mark.parametrize("name", CASES)
def test_fix_leaves_a_todo_and_scan_says_manual(name: str) -> None:
    statement, advice = CASES[name]
    result = fix_source(SOURCE.encode())
    fixed = result.fixed.decode()
    [change] = [change for change in result.changes if change.label == name]
    assert not change.rewritten
    [todo] = [line for line in fixed.splitlines() if line.startswith(f"# TODO(imp): {name} ")]
    assert "was removed in Python 3.12; use " in todo
    assert advice in todo
    following = fixed.splitlines()[fixed.splitlines().index(todo) + 1]
    assert following.startswith(statement)
    [use] = [use for use in find_uses(SOURCE.encode()).uses if use.name == name]
    assert not use.fixable and advice in use.replacement
    assert fix_source(result.fixed).fixed == result.fixed


@pytest.mark.parametrize("name", CASES)
def test_the_name_is_gone_from_python_3_12(name: str) -> None:
    module, _, attribute = name.rpartition(".")
    code = f"import {module}; print(hasattr({module}, {attribute!r}))"
    for version, expected in (("3.11", "True"), ("3.12", "False")):
        output = subprocess.run([python(version), "-c", code], capture_output=True, text=True)
        assert output.stdout.strip() == expected, (version, output.stderr)
