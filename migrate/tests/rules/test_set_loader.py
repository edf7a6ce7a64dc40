"""importlib.util.set_loader (removed in 3.12) -> a helper decorator, proven against 3.11."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = '''\
import importlib.util
import types

from _observe import observe, show


class Loader:
    @importlib.util.set_loader
    def load_module(self, fullname, loader="unset"):
        """Load it."""
        module = types.ModuleType(fullname)
        if loader != "unset":
            module.__loader__ = loader
        else:
            del module.__loader__
        return module


loader = Loader()
observe("unset", lambda: loader.load_module("a").__loader__ is loader)
observe("None", lambda: loader.load_module("b", loader=None).__loader__ is loader)
observe("kept", lambda: loader.load_module("c", loader="other").__loader__)
observe("wrapped", lambda: [Loader.load_module.__name__, Loader.load_module.__doc__])
observe("needs self", lambda: importlib.util.set_loader(len)())
'''


def test_set_loader_fills_in_the_loader(check_legacy: CheckLegacy) -> None:
    check_legacy(BEFORE, expect=("    @_set_loader\n", "_set_loader(len)()"))
