"""importlib.util.module_for_loader (removed in 3.12) -> a helper decorator, proven against 3.11."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = '''\
import sys
import types
from importlib import util

from _observe import observe, show


class Loader:
    def is_package(self, fullname):
        if fullname == "odd":
            raise ImportError("cannot tell")
        return fullname == "pkg"

    @util.module_for_loader
    def load_module(self, module, fail=False):
        """Load it."""
        show("in sys.modules while loading", sys.modules.get(module.__name__) is module)
        show("initializing", module.__initializing__)
        show("loader", module.__loader__ is self)
        show("package", module.__package__)
        if fail:
            raise RuntimeError("failed")
        module.VALUE = 1
        return module


loader = Loader()
observe("new", lambda: loader.load_module("fresh_mod"))
show("after", sys.modules["fresh_mod"].__initializing__)
observe("package", lambda: loader.load_module("pkg"))
observe("submodule", lambda: loader.load_module("pkg.sub"))
observe("is_package fails", lambda: loader.load_module("odd"))
observe("a failure is swallowed", lambda: loader.load_module("broken", fail=True))
sys.modules["existing"] = existing = types.ModuleType("existing")
observe("an existing module", lambda: loader.load_module("existing"))
observe("an existing module fails", lambda: loader.load_module("existing", fail=True))
show("kept", sys.modules.get("existing") is existing)
show("wrapped", [Loader.load_module.__name__, Loader.load_module.__doc__])
'''


def test_module_for_loader_keeps_its_semantics(check_legacy: CheckLegacy) -> None:
    after = check_legacy(BEFORE, expect=("    @_module_for_loader\n",))
    assert "from importlib import util" not in after
