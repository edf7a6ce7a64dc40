"""six's MovedAttribute("reload_module", ..., "imp", "reload") -> "importlib"; run both."""

from __future__ import annotations

from behaviour import CheckRewrite

from imp_migrate._fix import fix_source

BEFORE = '''\
import importlib
import sys
from pathlib import Path

PY34 = sys.version_info >= (3, 4)


class MovedAttribute:
    """The part of six that matters: on Python 3, new_mod's attribute, imported lazily."""

    def __init__(self, name, old_mod, new_mod, old_attr=None, new_attr=None):
        self.name, self.mod = name, new_mod
        self.attr = new_attr or old_attr or name

    def resolve(self):
        return getattr(importlib.import_module(self.mod), self.attr)


moves = [
    MovedAttribute("reload_module", "__builtin__", "imp", "reload"),
    MovedAttribute("reload_module", "__builtin__", "importlib" if PY34 else "imp", "reload"),
    MovedAttribute("reload_module", "__builtin__", new_mod='imp', old_attr="reload"),
]
Path("counter.py").write_text("RUNS = globals().get('RUNS', 0) + 1\\n")
sys.path.insert(0, ".")
import counter

for move in moves:
    reload_module = move.resolve()
    print(move.name, reload_module(counter) is counter, counter.RUNS)
'''


def test_six_reload_move_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE,
        expect=(
            'MovedAttribute("reload_module", "__builtin__", "importlib", "reload"),\n'
            '    MovedAttribute("reload_module", "__builtin__", "importlib", "reload"),\n'
            '    MovedAttribute("reload_module", "__builtin__", new_mod=\'importlib\', ',
        ),
    )
    assert "PY34 else" not in after


def test_moves_without_an_importlib_twin_keep_a_todo() -> None:
    source = (
        b"a = MovedAttribute('find', '__builtin__', 'imp', 'find_module')\n"
        b"b = MovedModule('imp_module', 'imp')\n"
        b"c = MovedAttribute('reload_module', '__builtin__', 'imp' if X else 'other', 'reload')\n"
    )
    result = fix_source(source)
    assert [(c.line, c.rewritten) for c in result.changes] == [(1, False), (2, False), (3, False)]
    assert result.fixed.count(b"# TODO(imp): imp is named in a string") == 3


def test_scan_calls_fixable_exactly_the_moves_fix_rewrites() -> None:
    from imp_migrate._finder import find_uses

    calls = [
        "MovedAttribute('reload_module', '__builtin__', 'imp', 'reload')",
        "six.MovedAttribute('r', '__builtin__', 'importlib' if X else 'imp', 'reload')",
        "MovedAttribute('r', '__builtin__', 'imp' if X else 'other', 'reload')",
        "MovedAttribute('reload', '__builtin__', new_mod='imp')",
        "other.MovedAttribute('r', '__builtin__', 'imp', 'reload')",
        "MovedAttribute('r', '__builtin__', 'imp', 'reload', *rest)",
        "MovedAttribute('r', '__builtin__', 'imp', 'find_module')",
    ]
    for call in calls:
        source = f"a = {call}\n".encode()
        scanned = [use.fixable for use in find_uses(source).uses if use.kind == "string"]
        rewritten = [change.rewritten for change in fix_source(source).changes]
        assert scanned == rewritten, call
    rewritten_calls = [
        call
        for call in calls
        if any(c.rewritten for c in fix_source(f"a = {call}\n".encode()).changes)
    ]
    assert rewritten_calls == [calls[0], calls[1], calls[3]]
