"""The removed importlib/pkgutil names: found only where they are, scan and fix agreeing.

The behaviour of each rewrite is proven in ``tests/rules/`` (one file per rule); here: the
table and the rules match, helpers are reused by a second run, scan's "fix"/"manual" is what
fix does, files that never mention imp are still scanned, and a user's own method of the
same name is never taken for importlib's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import libcst as cst
import pytest

from imp_migrate._finder import find_uses, worth_parsing
from imp_migrate._fix import fix_source
from imp_migrate._legacy_api import (
    METHOD_LABELS,
    METHODS,
    MODULE_NAMES,
    NAMES,
    LegacyUse,
    helpers_needed,
)
from imp_migrate.rules import LEGACY_RULES, RULES, MethodRule, finder_methods, loader_methods
from imp_migrate.rules._base import FileChanges, HelperRule

EVERY_NAME = """\
import importlib
import importlib.abc
import importlib.util
import pkgutil
import sys
import zipimport
from importlib.machinery import BuiltinImporter, FileFinder, PathFinder, SourceFileLoader


class Old(importlib.abc.Finder):
    pass


class Loader(importlib.abc.Loader):
    @importlib.util.module_for_loader
    def load_module(self, module):
        return module

    @importlib.util.set_loader
    @importlib.util.set_package
    def other(self, name):
        return self.module_repr(name)


pkgutil.ImpImporter, pkgutil.ImpLoader
pkgutil.get_loader("a"), pkgutil.find_loader("a"), importlib.find_loader("a")
PathFinder.find_module("a")
FileFinder("d").find_loader("a")
SourceFileLoader("a", "a.py").load_module()
BuiltinImporter.module_repr(sys)
for finder in sys.meta_path:
    finder.find_module("a")
zipimport.zipimporter("z.zip").load_module("a")
"""


def test_every_removed_name_has_one_rule_and_is_found() -> None:
    assert (
        set(NAMES) == set(LEGACY_RULES) == set(MODULE_NAMES.values()) | set(METHOD_LABELS.values())
    )
    assert not set(LEGACY_RULES) & set(RULES)
    found = {use.name for use in find_uses(EVERY_NAME.encode()).uses}
    assert found == set(NAMES)


def test_scan_calls_fixable_exactly_what_fix_rewrites() -> None:
    uses = find_uses(EVERY_NAME.encode()).uses
    result = fix_source(EVERY_NAME.encode())
    assert result.error is None
    scanned = sorted((use.line, use.col, use.name, use.fixable) for use in uses)
    fixed = sorted((c.line, c.col, c.label, c.rewritten) for c in result.changes)
    assert scanned == fixed
    manual = {use.name for use in uses if not use.fixable}
    assert manual == {
        "pkgutil.ImpImporter",
        "pkgutil.ImpLoader",
        "importlib.abc.Finder",
        "<loader>.module_repr()",  # self.module_repr: only the built-in one is rewritten
    }
    left = {use.name for use in find_uses(result.fixed).uses}
    assert left == manual  # what fix could not rewrite, scan still lists


def test_a_second_run_reuses_every_helper_and_adds_no_todo_twice() -> None:
    first = fix_source(EVERY_NAME.encode()).fixed
    second = fix_source(first + EVERY_NAME.split("\n\n\n", 1)[1].encode())
    assert second.error is None
    helpers = [rule.helper.name for rule in LEGACY_RULES.values() if isinstance(rule, HelperRule)]
    helpers += [finder_methods.FIND_MODULE.name, finder_methods.FIND_LOADER.name]
    helpers += [loader_methods.LOAD_MODULE.name]
    for helper in helpers:
        assert second.fixed.count(f"def {helper}(".encode()) == 1, helper
    assert fix_source(second.fixed).fixed == second.fixed


def test_every_helper_says_who_wrote_it() -> None:
    sources = [rule.helper.source for rule in LEGACY_RULES.values() if isinstance(rule, HelperRule)]
    sources += [finder_methods.FIND_MODULE_SOURCE, finder_methods.FIND_LOADER_SOURCE]
    sources += [loader_methods.LOAD_MODULE_SOURCE]
    for source in sources:
        assert "(written by imp-migrate)" in source  # a second run finds them by this mark
        assert source.lstrip().startswith("def _"), source


@pytest.mark.parametrize(
    "source",
    [
        "class Catalogue:\n    def find_module(self, name): ...\nCatalogue().find_module('x')\n",
        "def load(loader):\n    return loader.load_module('x')\n",
        "import sys\nfor finder in sys.meta_path:\n"
        "    finder = object()\n    finder.find_module('x')\n",
        # a name bound from sys.meta_path in one function is not the same name in another
        "import sys\ndef a():\n    f = sys.meta_path[0]\n"
        "def b(f):\n    return f.find_module('x')\n",
        "import importlib.abc\nclass L(importlib.abc.Loader):\n"
        "    def load_module(self, name): ...\n    def go(self):\n        self.load_module('x')\n",
        "from mylib import get_loader\nget_loader('x')\n",
        "import mylib as pkgutil\npkgutil.get_loader('x')\n",
        "hasattr(pkgutil, 'ImpImporter')\n",  # a string
        # already guarded, as newer pkg_resources is
        "import pkgutil\nif hasattr(pkgutil, 'ImpImporter'):\n    register(pkgutil.ImpImporter)\n",
    ],
)
def test_a_users_own_names_are_not_taken_for_importlibs(source: str) -> None:
    assert find_uses(source.encode()).uses == []
    result = fix_source(source.encode())
    assert result.changes == [] and result.fixed == source.encode()


def test_files_without_imp_are_parsed_when_they_name_a_removed_api() -> None:
    assert worth_parsing(b"import pkgutil\npkgutil.get_loader('x')\n")
    assert worth_parsing(b"import sys\nfor f in sys.meta_path:\n    f.find_module('x')\n")
    assert not worth_parsing(b"import importlib.util\nimportlib.util.find_spec('x')\n")
    assert not worth_parsing(b"loader.load_module()\n")  # nothing says it is importlib's


def test_scan_json_and_text_name_the_uses(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "import pkgutil\nfrom importlib.machinery import SourceFileLoader\n"
        "pkgutil.get_loader('x')\nSourceFileLoader('m', 'm.py').load_module()\n"
    )
    command = [sys.executable, "-m", "imp_migrate", "scan", str(tmp_path)]
    scanned = subprocess.run(command, capture_output=True, text=True, check=False)
    assert scanned.returncode == 1, scanned.stderr  # uses found
    text = scanned.stdout
    assert "pkgutil.get_loader" in text and "SourceFileLoader(...).load_module" in text
    assert text.endswith(
        "0 uses of imp and 2 of removed importlib/pkgutil names in 1 file; 1 files scanned\n"
    )
    document = json.loads(
        subprocess.run(
            [*command, "--format", "json"], capture_output=True, text=True, check=False
        ).stdout
    )
    summary = document["summary"]["by_function"]
    assert summary["pkgutil.get_loader"] == {"uses": 1, "fixable": True, "fixable_uses": 1}
    assert summary["<loader>.load_module()"]["fixable"] is True
    assert {use["kind"] for use in document["uses"]} == {"legacy-api"}


@pytest.mark.parametrize(
    ("source", "manual"),
    [
        (  # zipimporter ignored path; dropping an expression would skip its side effect
            "import zipimport\nz = zipimport.zipimporter('a.zip')\n"
            "loader = z.find_module('m', compute_path())\n",
            [
                (
                    "<finder>.find_module()",
                    "the ignored path argument is an expression: decide whether to keep it",
                )
            ],
        ),
        (
            "from importlib.machinery import BuiltinImporter\n"
            "r = BuiltinImporter.module_repr(*modules)\n",
            [("<loader>.module_repr()", "called with other arguments than one module")],
        ),
        (  # the helper get_loader needs is a name the module binds itself
            "import pkgutil\ndef _pkgutil_find_loader(name):\n    return name\n"
            "loader = pkgutil.get_loader('os')\n",
            [("pkgutil.get_loader", "the module already defines _pkgutil_find_loader")],
        ),
    ],
)
def test_scan_calls_manual_what_fix_leaves_and_gives_fix_s_reason(
    source: str, manual: list[tuple[str, str]]
) -> None:
    """Arguments and names fix cannot rewrite around are decided once, by scan, for both."""
    uses = find_uses(source.encode()).uses
    assert [(use.name, use.reason) for use in uses if not use.fixable] == manual
    result = fix_source(source.encode())
    assert result.error is None
    assert [(c.label, c.result) for c in result.changes if not c.rewritten] == manual
    for _, reason in manual:
        assert f" {reason}" in result.fixed.decode()  # the TODO comment


def test_a_removed_name_in_a_dead_import_error_branch_goes_with_it() -> None:
    source = (
        "try:\n    import importlib.util\nexcept ImportError:\n    import imp\n"
        "    import pkgutil\n    loader = pkgutil.get_loader('os')\n"
    )
    uses = find_uses(source.encode()).uses
    found = [(use.name, use.fixable) for use in uses]
    assert found == [("imp", True), ("pkgutil.get_loader", True)]
    result = fix_source(source.encode())
    assert result.error is None
    assert result.fixed == b"import importlib.util\n"


def test_the_helpers_scan_checks_are_the_helpers_the_rules_add() -> None:
    """scan refuses a rewrite whose helper name the module binds: it must know every helper."""
    call = cst.parse_expression("x.method('a')")
    assert isinstance(call, cst.Call)
    method_of = {label: method for method, label in METHOD_LABELS.items()}
    checked = 0
    for label, rule in LEGACY_RULES.items():
        if isinstance(rule, MethodRule):
            method = method_of[label]
            cases = [
                (receiver, LegacyUse(label, 1, 0, 1, 0, "", method, receiver))
                for receiver in METHODS[method]
            ]
        else:
            cases = [(None, LegacyUse(label, 1, 0, 1, 0, ""))]
        for receiver, use in cases:
            changes = FileChanges()
            if receiver is None:
                result = rule.reference(label, changes)
            else:
                assert isinstance(rule, MethodRule)
                result = rule.method_call(receiver, call, changes)
            if isinstance(result, str):
                assert not changes.helpers
                continue
            assert set(changes.helpers) == set(helpers_needed(use)), (label, receiver)
            checked += bool(changes.helpers)
    assert checked >= 9
