"""pkgutil.get_loader (removed in 3.14) -> a helper with its quirks, proven against 3.13."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = """\
import pkgutil
import sys
import types
from pkgutil import get_loader as loader_of

from _observe import observe

observe("not imported yet", lambda: pkgutil.get_loader("plistlib"))
observe("a submodule imports its parents", lambda: pkgutil.get_loader("xml.dom.minidom"))
observe("a module object", lambda: pkgutil.get_loader(sys.modules["json"]))
observe("__main__", lambda: pkgutil.get_loader("__main__"))
observe("built-in", lambda: loader_of("sys"))
observe("not found", lambda: pkgutil.get_loader("no_such_module"))
observe("parent not found", lambda: pkgutil.get_loader("no_such_package.sub"))
observe("relative", lambda: pkgutil.get_loader(".relative"))
observe("not a name", lambda: pkgutil.get_loader(42))
observe("no loader, no spec", lambda: pkgutil.get_loader(types.ModuleType("fake")))
spec_only = types.ModuleType("plistlib")
spec_only.__spec__ = "a spec"
observe("no loader, a spec", lambda: pkgutil.get_loader(spec_only))
sys.modules["blocked"] = None
observe("None in sys.modules", lambda: pkgutil.get_loader("blocked"))
observe("passed around", lambda: list(map(pkgutil.get_loader, ["csv"])))
"""


def test_get_loader_keeps_its_quirks(check_legacy: CheckLegacy) -> None:
    after = check_legacy(
        BEFORE,
        reference="3.13",
        gone_in=None,  # 3.14 exists only under Pyodide here
        expect=(
            '_pkgutil_get_loader("plistlib")',
            "map(_pkgutil_get_loader,",
            '_pkgutil_get_loader("sys")',
        ),
    )
    assert "import pkgutil" not in after and after.count("def _pkgutil_find_loader(") == 1
