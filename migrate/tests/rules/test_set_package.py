"""importlib.util.set_package (removed in 3.12) -> a helper decorator, proven against 3.11."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = '''\
import types
from importlib.util import set_package

from _observe import observe


@set_package
def load(fullname, package="unset", path=False):
    """Load it."""
    module = types.ModuleType(fullname)
    if package != "unset":
        module.__package__ = package
    if path:
        module.__path__ = []
    return module


observe("module", lambda: load("a.b.c").__package__)
observe("top-level", lambda: load("a").__package__)
observe("package", lambda: load("a.b", path=True).__package__)
observe("kept", lambda: load("a.b", package="x").__package__)
observe("empty kept", lambda: load("a.b", package="").__package__)
observe("wrapped", lambda: [load.__name__, load.__doc__])
observe("not a module", lambda: set_package(lambda: 42)())
'''


def test_set_package_fills_in_the_package(check_legacy: CheckLegacy) -> None:
    after = check_legacy(BEFORE, expect=("@_set_package\ndef load(",))
    assert "from importlib.util import" not in after
