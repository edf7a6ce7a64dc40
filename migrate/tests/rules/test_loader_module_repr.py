"""module_repr on importlib's loaders (removed in 3.12): the same text, or a TODO.

``BuiltinImporter``/``FrozenImporter.module_repr(m)`` only formatted ``m.__name__``: the
rewrite is that format, proven against 3.11. On other loaders (an ``importlib.abc.Loader``
subclass's inherited one raised NotImplementedError) fix leaves a TODO and scan says manual.
"""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

BEFORE = """\
import importlib.machinery
import sys
from importlib.machinery import BuiltinImporter

from _observe import observe

observe("built-in", lambda: BuiltinImporter.module_repr(sys))
observe("frozen", lambda: importlib.machinery.FrozenImporter.module_repr(importlib))
observe("an expression", lambda: BuiltinImporter.module_repr(sys.modules["sys"] or sys))
observe("not a module", lambda: BuiltinImporter.module_repr(42))
"""


def test_module_repr_of_builtin_and_frozen_is_the_same_text(check_legacy: CheckLegacy) -> None:
    check_legacy(
        BEFORE,
        expect=(
            '"<module {!r} (built-in)>".format(sys.__name__)',
            '"<module {!r} (frozen)>".format(importlib.__name__)',
            '"<module {!r} (built-in)>".format((sys.modules["sys"] or sys).__name__)',
        ),
    )


OTHER = """\
import importlib.abc


class Loader(importlib.abc.Loader):
    def describe(self, module):
        return self.module_repr(module)
"""


def test_other_loaders_are_left_with_a_todo() -> None:
    result = fix_source(OTHER.encode())
    assert [(c.label, c.rewritten) for c in result.changes] == [("<loader>.module_repr()", False)]
    assert (
        "        # TODO(imp): self.module_repr is no longer called by repr(module) and "
        "gone from importlib's loaders\n        return self.module_repr(module)\n"
    ) in result.fixed.decode()
    [use] = find_uses(OTHER.encode()).uses
    assert (use.name, use.fixable) == ("<loader>.module_repr()", False)
    assert fix_source(result.fixed).fixed == result.fixed  # the TODO is not added twice
