"""scan and fix make one decision: what scan calls fixable, fix rewrites; nothing fixable after.

Held over every file of the corpus and every snippet of the rule tests (each string in
``tests/rules/`` that parses as a module and names imp), so a new rule or a new corpus file is
covered without a list to keep.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from imp_migrate._finder import Use, find_uses
from imp_migrate._fix import fix_source

TESTS = Path(__file__).parent


def _snippets() -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for module in sorted((TESTS / "rules").glob("test_*.py")):
        tree = ast.parse(module.read_bytes())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str | bytes):
                continue
            source = node.value.encode() if isinstance(node.value, str) else node.value
            if b"\n" not in source or b"imp" not in source:
                continue
            try:
                ast.parse(source)
            except (SyntaxError, ValueError):
                continue
            found[f"{module.name}:{node.lineno}"] = source
    return found


CORPUS = {
    f"corpus/{path.relative_to(TESTS / 'corpus').as_posix()}": path.read_bytes()
    for path in sorted((TESTS / "corpus").rglob("*.py"))
}
CASES = {
    "cases:reload-the-module": b"import imp\nimport importlib\nimportlib.reload(imp)\n",
    "cases:optional-import": (
        b"try:\n    import imp\nexcept ImportError:\n    imp = None\n"
        b"def load(n, p):\n    return imp.load_source(n, p) if imp else None\n"
    ),
    "cases:user-defined-fallback": (
        b"import sys\nif sys.version_info[0] == 2:\n    from imp import load_source\nelse:\n"
        b"    def load_source(name, path):\n        return name, path\n"
        b"plugin = load_source('plugin', 'plugin.py')\n"
    ),
    "cases:dynamic-binding": (
        b"import importlib\nimp = importlib.import_module('imp')\nimp.find_module('os')\n"
    ),
    "cases:unusual-calls": (
        b"import imp\nimp.get_magic(1)\nm = imp.get_tag\nimp.PY_SOURCE()\n"
        b"imp.is_frozen(*names)\nimp.load_dynamic('x', 'x.so', open('x'))\nimp.reload = None\n"
    ),
    "cases:constant-taken": b"import imp\nPY_SOURCE = 'mine'\nkind = imp.PY_SOURCE\n",
    "cases:feature-test": b"import imp\nif hasattr(imp, 'get_tag'):\n    tag = imp.get_tag()\n",
    "cases:scopes": (
        b"import imp\ndef f(imp):\n    return imp.find_module('x')\n"
        b"class C:\n    imp = 3\n    def g(self):\n        return imp.get_tag()\n"
    ),
    "cases:strings": (
        b"import sys\nsys.modules['imp'] = None\nm = Mock(name='imp')\n"
        b"a = MovedAttribute('reload_module', '__builtin__', 'imp', 'reload')\n"
    ),
    "cases:dead-fallback": (
        b"try:\n    import _imp\nexcept ImportError:\n    import imp as _imp\n"
        b"print(_imp.is_builtin('sys'))\n"
    ),
    "cases:global": (
        b"def _import_imp():\n    global imp\n    import imp\n"
        b"def tag():\n    return imp.get_tag()\n"
    ),
    "cases:legacy-zip-path-expression": (
        b"import zipimport\nz = zipimport.zipimporter('a.zip')\n"
        b"loader = z.find_module('m', compute_path())\nsame = z.find_loader('m', 'ignored')\n"
    ),
    "cases:legacy-repr-arguments": (
        b"import sys\nfrom importlib.machinery import BuiltinImporter\n"
        b"a = BuiltinImporter.module_repr(*modules)\nb = BuiltinImporter.module_repr(sys)\n"
    ),
    "cases:legacy-helper-taken": (
        b"import pkgutil\ndef _pkgutil_find_loader(name):\n    return name\n"
        b"loader = pkgutil.get_loader('os')\nmine = pkgutil.find_loader('os')\n"
    ),
    "cases:legacy-dead-fallback": (
        b"try:\n    import importlib.util\nexcept ImportError:\n    import imp\n"
        b"    import pkgutil\n    loader = pkgutil.get_loader('os')\n"
    ),
}
"""Uses whose decision once differed between scan and fix, or could."""

SOURCES = {**CORPUS, **_snippets(), **CASES}


def _key(use: Use) -> tuple[str, str, str]:
    return use.name, use.kind, use.code


def test_the_sources_are_collected() -> None:
    assert len(CORPUS) == 13
    rule_tests = {path.name for path in (TESTS / "rules").glob("test_*.py")}
    assert {name.partition(":")[0] for name in _snippets()} == rule_tests  # each gives some


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_fix_rewrites_exactly_what_scan_calls_fixable(name: str) -> None:
    source = SOURCES[name]
    before = find_uses(source)
    result = fix_source(source, name)
    if before.error is not None:  # Python 2 only: scan searches tokens, fix leaves it alone
        assert result.error is not None and result.fixed == source
        return
    assert result.error is None, result.error
    after = find_uses(result.fixed)
    assert [use for use in after.uses if use.fixable] == []
    left = Counter(_key(use) for use in before.uses if not use.fixable)
    assert Counter(_key(use) for use in after.uses) == left
    rewritten = sum(change.rewritten for change in result.changes)
    imports = ("import", "from-import")
    assert rewritten >= sum(use.fixable for use in before.uses if use.kind not in imports)
    assert fix_source(result.fixed, name).fixed == result.fixed  # a second run changes nothing


def test_names_resolve_by_scope_as_python_resolves_them() -> None:
    """A parameter or class attribute called imp is not the module; ``global imp`` is."""
    uses = find_uses(CASES["cases:scopes"]).uses
    assert [(u.line, u.name, u.fixable) for u in uses] == [(1, "imp", True), (7, "get_tag", True)]
    uses = find_uses(CASES["cases:global"]).uses
    assert [(u.line, u.name, u.fixable) for u in uses] == [(3, "imp", True), (5, "get_tag", True)]
    fixed = fix_source(CASES["cases:global"]).fixed.decode()
    assert "return sys.implementation.cache_tag" in fixed and "import imp" not in fixed


def test_uses_of_a_module_bound_another_way_too_are_manual_without_their_own_todo() -> None:
    uses = find_uses(CASES["cases:optional-import"]).uses
    assert [(u.kind, u.fixable, u.reason is not None) for u in uses] == [
        ("import", False, True),  # the TODO goes on the import
        ("attribute", False, False),
        ("module", False, False),
    ]


def test_positions_agree_in_files_that_are_not_utf_8() -> None:
    """fix finds scan's uses by position: columns count characters in the file's encoding."""
    source = "# -*- coding: latin-1 -*-\nimport imp\nNAME = 'café'; m = imp.new_module(NAME)\n"
    [_, use] = find_uses(source.encode("latin-1")).uses
    assert (use.line, use.col) == (3, 20)
    fixed = fix_source(source.encode("latin-1")).fixed.decode("latin-1")
    assert "NAME = 'café'; m = types.ModuleType(NAME)" in fixed


def test_an_f_string_is_text_but_the_code_in_it_is_not() -> None:
    source = b"import imp\nprint(f'imp {imp.get_tag()}')\n"
    assert [(u.name, u.kind) for u in find_uses(source).uses] == [
        ("imp", "import"),
        ("get_tag", "attribute"),
    ]
    fixed = fix_source(source)
    assert fixed.error is None
    assert fixed.fixed == b"import sys\n\nprint(f'imp {sys.implementation.cache_tag}')\n"


def test_a_use_fix_cannot_find_where_scan_saw_it_leaves_the_file_untouched() -> None:
    """libcst drops a form feed that starts a top-level line, so columns differ there."""
    source = b"import imp\n\x0cm = imp.get_tag()\n"
    result = fix_source(source)
    assert result.fixed == source and result.changes == []
    assert result.error == (
        "internal error: uses at 2:6 not found in libcst's tree, left untouched"
    )
