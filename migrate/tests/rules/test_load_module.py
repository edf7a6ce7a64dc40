"""imp.load_module with a description written by hand (Yapsy, nose) -> a helper on importlib."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = '''\
import imp
import importlib.util
import os
import py_compile
import sys
from pathlib import Path

Path("plugins/pkg").mkdir(parents=True)
Path("plugins/pkg/__init__.py").write_text("import sys\\nRUNS = globals().get('RUNS', 0) + 1\\n")
Path("plugins/single.py").write_text("RUNS = globals().get('RUNS', 0) + 1\\n")
Path("plugins/broken.py").write_text("raise KeyError('inside')\\n")
py_compile.compile("plugins/single.py", cfile="plugins/single_compiled.pyc")


def describe(module):
    if module is None:
        return None
    path = getattr(module, "__path__", None)
    return (
        module.__name__,
        getattr(module, "RUNS", None),
        os.path.relpath(module.__file__) if getattr(module, "__file__", None) else None,
        [os.path.relpath(p) for p in path] if path is not None else None,
        sys.modules.get(module.__name__) is module,
        type(module.__loader__).__name__,
    )


def attempt(*args):
    try:
        print(describe(imp.load_module(*args)))
    except Exception as error:
        print(type(error).__name__, error)


attempt("plug_pkg", None, "plugins/pkg", ("py", "r", imp.PKG_DIRECTORY))
attempt("plug_pkg", None, "plugins/pkg", ("", "", imp.PKG_DIRECTORY))  # again: in place
attempt("plug_init", None, "plugins/pkg/__init__.py", ("", "", imp.PKG_DIRECTORY))
with open("plugins/single.py") as handle:
    attempt("plug_single", handle, "plugins/single.py", ("py", "r", imp.PY_SOURCE))
print(handle.closed)
with open("plugins/single.py") as handle:
    attempt("plug_single", handle, "plugins/single.py", (".py", "r", imp.PY_SOURCE))
with open("plugins/single_compiled.pyc", "rb") as handle:
    attempt("plug_compiled", handle, "plugins/single_compiled.pyc", (".pyc", "rb", 2))
with open("plugins/broken.py") as handle:
    attempt("plug_broken", handle, "plugins/broken.py", (".py", "r", 1))
print("plug_broken" in sys.modules)
extension = importlib.util.find_spec("_json").origin
with open(extension, "rb") as handle:
    first = imp.load_module("_json", handle, extension, (".so", "rb", imp.C_EXTENSION))
    print(handle.closed, hasattr(first, "__file__"), first.__spec__.origin == extension)
second = imp.load_module("_json", None, extension, ("", "", 3))
print(second is first, sys.modules["_json"] is second, type(second.__loader__).__name__)
attempt("_not_json", None, extension, ("", "", 3))
print("_not_json" in sys.modules)
attempt("itertools", None, None, ("", "", imp.C_BUILTIN))
attempt("no_such_builtin", None, None, ("", "", 6))
attempt("no_such_frozen", None, None, ("", "", 7))
attempt("plug_x", None, "plugins/single.py", ("py", "r", imp.PY_SOURCE))
attempt("plug_x", None, "plugins/single.py", ("py", "w", imp.PY_SOURCE))
attempt("plug_x", None, "plugins/single.py", ("py", "r+", imp.PY_SOURCE))
attempt("plug_x", None, "plugins", ("", "", 42))
attempt("plug_x", None, "plugins/single.py", ("", "", imp.PKG_DIRECTORY))
attempt("plug_x", None, "plugins", ("", "", imp.PKG_DIRECTORY))
'''


def test_load_module_with_a_description_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE,
        expect=('print(describe(_imp_load_module(*args)))', '("py", "r", PKG_DIRECTORY)'),
    )
    assert after.count("def _imp_load_module(") == after.count("def _imp_load_spec(") == 1
