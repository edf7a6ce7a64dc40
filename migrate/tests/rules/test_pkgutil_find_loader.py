"""pkgutil.find_loader (removed in 3.14) -> a helper on find_spec, proven against 3.13."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = """\
import pkgutil
import sys

from _observe import observe

observe("not imported yet", lambda: pkgutil.find_loader("plistlib"))
observe("a submodule imports its parents", lambda: pkgutil.find_loader("xml.dom.minidom"))
observe("imported", lambda: pkgutil.find_loader("json"))
observe("built-in", lambda: pkgutil.find_loader("sys"))
observe("not found", lambda: pkgutil.find_loader("no_such_module"))
observe("parent not found", lambda: pkgutil.find_loader("no_such_package.sub"))
observe("parent not a package", lambda: pkgutil.find_loader("json.decoder.x"))
observe("relative", lambda: pkgutil.find_loader(".relative"))
observe("not a name", lambda: pkgutil.find_loader(42))
sys.modules["blocked"] = None
observe("None in sys.modules", lambda: pkgutil.find_loader("blocked"))
"""


def test_find_loader_turns_failures_into_import_errors(check_legacy: CheckLegacy) -> None:
    after = check_legacy(
        BEFORE, reference="3.13", gone_in=None, expect=('_pkgutil_find_loader("plistlib")',)
    )
    assert "import pkgutil" not in after
