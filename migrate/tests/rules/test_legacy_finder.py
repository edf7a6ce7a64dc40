"""A find_module-only meta path finder gets find_spec, so it still works once imp is gone."""

from __future__ import annotations

import pytest
from behaviour import CheckRewrite

from imp_migrate._fix import fix_source

BEFORE = '''\
import imp
import sys


class VirtualImporter(object):
    """A PEP 302 finder and loader, as plugin systems wrote them before Python 3.4."""

    def find_module(self, fullname, path=None):
        if fullname.startswith("virtual_"):
            return self
        return None

    def load_module(self, fullname):
        if fullname in sys.modules:
            return sys.modules[fullname]
        module = imp.new_module(fullname)
        module.__file__ = "<virtual>"
        module.__loader__ = self
        module.VALUE = fullname.upper()
        sys.modules[fullname] = module
        return module


sys.meta_path.append(VirtualImporter())
import virtual_alpha
from virtual_beta import VALUE

print(virtual_alpha.VALUE, VALUE, virtual_alpha.__file__)
print(type(virtual_alpha.__loader__).__name__, virtual_alpha.__spec__.name)
try:
    import not_virtual
except ImportError as error:
    print(type(error).__name__, error.name)
'''


def test_meta_path_finder_keeps_working_without_imp(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE,
        expect=(
            "        return None\n\n    def find_spec(self, fullname, path, target=None):\n",
            "module = types.ModuleType(fullname)",
        ),
    )
    assert "import importlib.util\n" in after


def test_a_second_run_and_a_modern_finder_are_left_alone() -> None:
    once = fix_source(BEFORE.encode()).fixed
    assert fix_source(once).fixed == once
    modern = BEFORE.replace(
        "    def find_module(", "    def find_spec(self, *a):\n        pass\n\n    def find_module("
    )
    assert b"added by imp-migrate" not in fix_source(modern.encode()).fixed


@pytest.mark.parametrize(
    "source",
    [
        # not put on sys.meta_path in this module: a path hook, or a class used elsewhere
        "class Finder:\n    def find_module(self, fullname, path=None):\n        return None\n",
        # a path entry finder's signature
        "import sys\nclass Finder:\n    def find_module(self, fullname):\n        return None\n"
        "sys.path_hooks.append(Finder)\nsys.meta_path\n",
    ],
)
def test_other_finders_are_not_changed(source: str) -> None:
    result = fix_source(source.encode())
    assert result.fixed == source.encode() and result.changes == []


def test_a_finder_alone_in_a_file_without_imp_is_upgraded() -> None:
    source = BEFORE.replace("import imp\n", "import types\n").replace(
        "imp.new_module", "types.ModuleType"
    )
    result = fix_source(source.encode())
    assert [(c.label, c.rewritten) for c in result.changes] == [("meta path finder", True)]
