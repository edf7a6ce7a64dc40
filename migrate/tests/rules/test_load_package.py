"""imp.load_package(name, path) -> load_module's helper with a package description."""

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
