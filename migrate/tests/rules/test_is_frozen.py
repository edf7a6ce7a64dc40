"""imp.is_frozen(name) -> (importlib.machinery.FrozenImporter.find_spec(name) is not None)."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
import imp
for name in ("_frozen_importlib", "os", "zipimport", "json", "no_such_module"):
    print(name, imp.is_frozen(name), not imp.is_frozen(name))
"""


def test_is_frozen_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    check_rewrite(BEFORE, expect=("(importlib.machinery.FrozenImporter.find_spec(name) is not",))
