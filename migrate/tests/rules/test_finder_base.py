"""``class X(importlib.abc.Finder)`` (removed in 3.12) -> ``importlib.abc.MetaPathFinder``.

The finder defines find_module, as Finder's subclasses had to; the module puts it on
sys.meta_path, so the legacy_finder rule gives it find_spec too. 3.11 runs the original (its
``Finder.__init__`` warned), 3.11-3.13 the rewrite: the same modules are found and loaded.
"""

from __future__ import annotations

import pytest
from legacy_behaviour import CheckLegacy

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

BEFORE = '''\
import importlib.abc
import importlib.machinery
import os
import sys

from _observe import observe, show


class PluginFinder(importlib.abc.Finder):
    """Finds plugin_* modules in one directory, as plugin systems did before Python 3.4."""

    def __init__(self, directory):
        super().__init__()
        self.directory = directory

    def find_module(self, fullname, path=None):
        if not fullname.startswith("plugin_"):
            return None
        filename = os.path.join(self.directory, fullname + ".py")
        if not os.path.exists(filename):
            return None
        return importlib.machinery.SourceFileLoader(fullname, filename)


finder = PluginFinder("plugins")
sys.meta_path.append(finder)
observe("import a plugin", lambda: __import__("plugin_alpha").VALUE)
observe("its file", lambda: os.path.relpath(sys.modules["plugin_alpha"].__file__))
observe("its loader", lambda: sys.modules["plugin_alpha"].__loader__)
observe("a missing plugin", lambda: __import__("plugin_missing"))
observe("not a plugin", lambda: __import__("other_thing"))
observe("asked directly", lambda: finder.find_module("plugin_beta"))
show("a Finder subclass can be instantiated", type(PluginFinder(".")).__name__)
'''

FILES = {"plugins/plugin_alpha.py": "VALUE = 'alpha'\n", "plugins/plugin_beta.py": "VALUE = 2\n"}


def test_a_finder_with_find_module_derives_from_meta_path_finder(
    check_legacy: CheckLegacy,
) -> None:
    after = check_legacy(
        BEFORE,
        files=FILES,
        expect=(
            "class PluginFinder(importlib.abc.MetaPathFinder):",
            "    def find_spec(self, fullname, path, target=None):",
        ),
    )
    assert "Finder)" not in after.replace("MetaPathFinder)", "")


def test_the_name_imported_from_importlib_abc_is_replaced_with_its_import() -> None:
    source = BEFORE.replace(
        "class PluginFinder(importlib.abc.Finder)", "class PluginFinder(Finder)"
    )
    source = source.replace("import importlib.abc\n", "from importlib.abc import Finder\n")
    fixed = fix_source(source.encode()).fixed.decode()
    assert "class PluginFinder(importlib.abc.MetaPathFinder):" in fixed
    assert "import importlib.abc\n" in fixed and "import Finder" not in fixed


LEFT = {
    "no find_module": "class F(importlib.abc.Finder):\n    def find_spec(self, n, p, t=None):\n"
    "        return None\n",
    "a path entry finder's": "class F(importlib.abc.Finder):\n"
    "    def find_module(self, fullname):\n        return None\n",
    "calls Finder's own": "class F(importlib.abc.Finder):\n"
    "    def find_module(self, fullname, path=None):\n"
    "        return super().find_module(fullname, path)\n",
    "not a base": "def f(x):\n    return issubclass(x, importlib.abc.Finder)\n",
}


@pytest.mark.parametrize("case", LEFT)
def test_other_uses_keep_their_todo(case: str) -> None:
    source = ("import importlib.abc\n\n" + LEFT[case]).encode()
    [use] = [use for use in find_uses(source).uses if use.name == "importlib.abc.Finder"]
    assert not use.fixable
    result = fix_source(source)
    assert b"# TODO(imp): importlib.abc.Finder was removed in Python 3.12" in result.fixed
    assert b"MetaPathFinder)" not in result.fixed
