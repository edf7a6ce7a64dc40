"""importlib.find_loader (removed in 3.12) -> a helper on sys.meta_path, proven against 3.11."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = """\
import importlib
import sys
import types

from _observe import observe

observe("not imported yet", lambda: importlib.find_loader("plistlib"))
observe("imported", lambda: importlib.find_loader("json"))
observe("built-in", lambda: importlib.find_loader("sys"))
observe("frozen", lambda: importlib.find_loader("zipimport"))
observe("not found", lambda: importlib.find_loader("no_such_module"))
observe("a submodule: parents not imported", lambda: importlib.find_loader("xml.dom"))
observe("a submodule with its path", lambda: importlib.find_loader("dom", ["lib/xmlish"]))
observe("a namespace package", lambda: importlib.find_loader("namespace"))
no_loader = types.ModuleType("no_loader")
no_loader.__loader__ = None
sys.modules["no_loader"] = no_loader
observe("__loader__ None", lambda: importlib.find_loader("no_loader"))
unset = types.ModuleType("unset")
del unset.__loader__
sys.modules["unset"] = unset
observe("__loader__ unset", lambda: importlib.find_loader("unset"))
sys.modules["blocked"] = None
observe("None in sys.modules", lambda: importlib.find_loader("blocked"))
observe("not a name", lambda: importlib.find_loader(42))
"""

FILES = {"lib/xmlish/dom.py": "", "namespace/part.py": ""}


def test_find_loader_asks_the_meta_path(check_legacy: CheckLegacy) -> None:
    after = check_legacy(BEFORE, files=FILES, expect=('_importlib_find_loader("plistlib")',))
    assert "import importlib\n" not in after
