"""A find_module/load_module pair whose triple only feeds load_module -> spec helpers."""

from __future__ import annotations

from behaviour import CheckRewrite

from imp_migrate._fix import fix_source

BEFORE = """\
import imp
import os
import sys
from pathlib import Path

Path("plugins/pkg").mkdir(parents=True)
Path("plugins/alpha.py").write_text("import sys\\nLOADS = globals().get('LOADS', 0) + 1\\n")
Path("plugins/pkg/__init__.py").write_text("KIND = 'package'\\n")


def import_plugin(filename):
    (path, name) = os.path.split(filename)
    (name, ext) = os.path.splitext(name)
    (file, filename, data) = imp.find_module(name, [path])
    try:
        return imp.load_module(name, file, filename, data)
    finally:
        if file:
            file.close()


def import_as(name, qualified):
    handle, where, description = imp.find_module(name, ["plugins"])
    if handle is not None:
        handle.close()
    return imp.load_module(qualified, handle, where, description)


alpha = import_plugin("plugins/alpha.py")
print(alpha.__name__, alpha.LOADS, sys.modules["alpha"] is alpha, os.path.relpath(alpha.__file__))
again = import_plugin("plugins/alpha.py")
print(again is alpha, alpha.LOADS)
package = import_as("pkg", "renamed_pkg")
print(package.__name__, package.KIND, [os.path.relpath(p) for p in package.__path__])
print(os.path.relpath(package.__file__), sys.modules["renamed_pkg"] is package)
for missing in ("plugins/nothing_here.py",):
    try:
        import_plugin(missing)
    except ImportError as error:
        print(type(error).__name__, error, error.name)
"""


def test_recognised_pairs_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE,
        expect=(
            "(file, filename, data) = _imp_find_spec(name, [path])",
            "return _imp_load_spec(name, data)",
            "return _imp_load_spec(qualified, description)",
        ),
    )
    assert after.count("def _imp_find_spec(") == after.count("def _imp_load_spec(") == 1


def test_find_module_whose_file_is_read_is_left_with_a_todo() -> None:
    source = b"import imp\nl = imp.find_module('x')\ndata = l[0].read()\n"
    result = fix_source(source)
    assert [c.name for c in result.left_for_humans] == ["find_module"]
    assert result.fixed.startswith(b"import imp\n# TODO(imp): imp.find_module has no automatic")


def test_pair_whose_path_is_used_elsewhere_is_left_with_todos() -> None:
    source = (
        b"import imp\n"
        b"def f(n):\n"
        b"    fh, filename, desc = imp.find_module(n)\n"
        b"    print(filename)\n"
        b"    return imp.load_module(n, fh, filename, desc)\n"
    )
    result = fix_source(source)
    assert [c.name for c in result.left_for_humans] == ["find_module", "load_module"]
