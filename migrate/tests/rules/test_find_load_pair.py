"""A find_module/load_module pair whose triple only feeds load_module -> spec helpers."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    "use",
    [
        "data = f.read()",
        "f.close()",  # None.close() would raise
        "if f is None:\n    print('a package')",
        "if f:\n    print('a module')\n    f.close()",
        "if f:\n    f.close()\nelse:\n    print('a package')",
    ],
)
def test_a_file_used_beyond_a_guarded_close_is_not_paired(use: str) -> None:
    source = f"import imp\nf, p, d = imp.find_module('x')\n{use}\nimp.load_module('x', f, p, d)\n"
    fixed = fix_source(source.encode()).fixed.decode()
    assert "_imp_find_module('x')" in fixed and "_imp_load_module('x', f, p, d)" in fixed, fixed


def test_find_module_whose_file_is_read_gets_imps_triple_not_a_spec() -> None:
    source = b"import imp\nl = imp.find_module('x')\ndata = l[0].read()\n"
    result = fix_source(source)
    assert result.left_for_humans == []
    assert b"l = _imp_find_module('x')\n" in result.fixed
    assert b"_imp_find_spec" not in result.fixed


PATH_USED_ELSEWHERE = """\
import imp
import os
from pathlib import Path

Path("lib/pkg").mkdir(parents=True)
Path("lib/pkg/__init__.py").write_text("")
Path("lib/mod.py").write_text("")


def load(name, path=None):
    fh, filename, desc = imp.find_module(name, path)
    try:
        print(name, filename and os.path.relpath(filename))
        return imp.load_module(name, fh, filename, desc)
    finally:
        if fh:
            fh.close()


for name in ("pkg", "mod"):
    module = load(name, ["lib"])
    print(module.__name__, os.path.relpath(module.__file__))
print(load("itertools").__name__)
"""


def test_pair_whose_pathname_is_also_used_stays_a_spec_pair(check_rewrite: CheckRewrite) -> None:
    check_rewrite(
        PATH_USED_ELSEWHERE,
        expect=(
            "fh, filename, desc = _imp_find_spec(name, path)",
            "return _imp_load_spec(name, desc)",
        ),
    )
