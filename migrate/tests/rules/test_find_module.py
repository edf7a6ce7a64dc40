"""imp.find_module alone (its file read, its type compared) -> a helper returning imp's triple."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = '''\
import imp
import os
import py_compile
import sys
from pathlib import Path

Path("lib/pkg").mkdir(parents=True)
Path("lib/pkg/__init__.py").write_text("")
Path("lib/plain.py").write_text("VALUE = 1\\n")
Path("lib/latin.py").write_bytes(b"# -*- coding: latin-1 -*-\\nNAME = '\\xe9t\\xe9'\\n")
Path("lib/both.py").write_text("SOURCE_WINS = True\\n")
Path("build").mkdir()
Path("build/compiled_src.py").write_text("X = 2\\n")
py_compile.compile("build/compiled_src.py", cfile="lib/compiled.pyc")
py_compile.compile("build/compiled_src.py", cfile="lib/both.pyc")


def show(name, path=None):
    try:
        handle, pathname, (suffix, mode, kind) = imp.find_module(name, path)
    except ImportError as error:
        print(name, type(error).__name__, error, error.name)
        return
    relative = pathname and os.path.relpath(pathname)
    if handle is None:
        print(name, None, relative, repr(suffix), repr(mode), kind)
        return
    with handle:
        data = handle.read()
        print(name, type(data).__name__, len(data), relative, suffix, mode, kind)
        head = data[:30] if isinstance(data, str) else data[:4]  # a pyc's magic, not its mtime
        print(" ", getattr(handle, "encoding", None), handle.mode, head)


for name in ("plain", "latin", "both", "compiled", "pkg", "missing"):
    show(name, ["lib"])
show("plain", ["nowhere", "lib"])
show("itertools")
show("os")
sys.path.insert(0, "lib")
show("plain")
description = imp.find_module("plain", ["lib"])
description[0].close()
package = imp.find_module("pkg", ["lib"])
print(description[2][2] == imp.PY_SOURCE, package[2][2] == imp.PKG_DIRECTORY)
'''


def test_find_module_alone_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE,
        expect=(
            "handle, pathname, (suffix, mode, kind) = _imp_find_module(name, path)",
            "print(description[2][2] == PY_SOURCE, ",
        ),
    )
    assert after.count("def _imp_find_module(") == 1
    assert "PKG_DIRECTORY = 5  # the value of imp.PKG_DIRECTORY" in after


def test_find_module_passed_around_becomes_the_helper(check_rewrite: CheckRewrite) -> None:
    before = (
        "from pathlib import Path\n"
        "from imp import find_module\n"
        "Path('m.py').write_text('')\n"
        "finders = {'legacy': find_module}\n"
        "handle, path, description = finders['legacy']('m', ['.'])\n"
        "handle.close()\n"
        "print(path, description)\n"
    )
    check_rewrite(before, expect=("finders = {'legacy': _imp_find_module}",))
