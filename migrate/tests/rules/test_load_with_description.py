"""load_package, load_dynamic, init_builtin -> load_module's helper with a fixed description."""

from __future__ import annotations

from behaviour import CheckRewrite

from imp_migrate._fix import fix_source

BEFORE = """\
import imp
import os
import sys
from pathlib import Path

Path("plugins/pkg").mkdir(parents=True)
Path("plugins/pkg/__init__.py").write_text("RUNS = globals().get('RUNS', 0) + 1\\n")
Path("plugins/empty").mkdir()


def show(name, path):
    try:
        module = imp.load_package(name, path)
    except Exception as error:
        print(type(error).__name__, error)
        return
    print(module.__name__, module.RUNS, os.path.relpath(module.__file__))
    print([os.path.relpath(p) for p in module.__path__], sys.modules[module.__name__] is module)


show("plug", "plugins/pkg")
show("plug", "plugins/pkg")  # again: executed in place
show("by_file", "plugins/pkg/__init__.py")
show("empty", "plugins/empty")
print(imp.load_package(path="plugins/pkg", name="by_keyword").__name__)
"""


def test_load_package_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE,
        expect=(
            'module = _imp_load_module(name, None, path, ("", "", 5))',
            '_imp_load_module("by_keyword", None, "plugins/pkg", ("", "", 5))',
        ),
    )
    assert after.count("def _imp_load_module(") == 1


def test_load_package_with_unpacked_arguments_keeps_a_todo() -> None:
    result = fix_source(b"import imp\nimp.load_package(*args)\n")
    assert [(c.name, c.result) for c in result.left_for_humans] == [
        ("load_package", "called with *args or **kwargs")
    ]


DYNAMIC_AND_BUILTIN = """\
import importlib.util
import imp
import sys

extension = importlib.util.find_spec("_json").origin
first = imp.load_dynamic("_json", extension)
print(first.__name__, hasattr(first, "__file__"), sys.modules["_json"] is first)
handle = None
second = imp.load_dynamic("_json", extension, handle)
print(second is first, type(second.__loader__).__name__, second.__spec__.origin == extension)
try:
    imp.load_dynamic(name="_not_json", path=extension)
except ImportError as error:
    print(type(error).__name__, "_not_json" in sys.modules)
print(imp.init_builtin("itertools") is sys.modules["itertools"], imp.init_builtin("nope"))
print(imp.init_builtin("sys") is sys)
"""


def test_load_dynamic_and_init_builtin_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    check_rewrite(
        DYNAMIC_AND_BUILTIN,
        expect=(
            '_imp_load_module("_json", None, extension, ("", "", 3))',
            '_imp_load_module("itertools", None, None, ("", "", 6))',
        ),
    )


def test_load_dynamic_with_a_computed_file_keeps_a_todo() -> None:
    result = fix_source(b"import imp\nimp.load_dynamic('m', 'm.so', open('m.so', 'rb'))\n")
    assert [(c.name, c.result) for c in result.left_for_humans] == [
        ("load_dynamic", "its file argument (unused by imp) would no longer be evaluated")
    ]
