"""imp.load_compiled -> a helper on SourcelessFileLoader with imp's sys.modules rules."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
import imp
import os
import py_compile
import sys
from pathlib import Path

Path("src").mkdir()
Path("src/counter.py").write_text("RUNS = globals().get('RUNS', 0) + 1\\n")
Path("src/broken.py").write_text("raise ValueError('broken')\\n")
py_compile.compile("src/counter.py", cfile="counter.pyc")
py_compile.compile("src/broken.py", cfile="broken.pyc")

module = imp.load_compiled("counter", "counter.pyc")
print(module.__name__, module.RUNS, os.path.relpath(module.__file__))
print(sys.modules["counter"] is module)
print(type(module.__loader__).__name__, module.__spec__.origin == module.__file__)
with open("counter.pyc", "rb") as handle:
    again = imp.load_compiled("counter", "counter.pyc", handle)
print(again is module, module.RUNS, handle.closed)
try:
    imp.load_compiled("broken", "broken.pyc")
except ValueError as error:
    print(type(error).__name__, error, "broken" in sys.modules)
try:
    imp.load_compiled("missing", "missing.pyc")
except OSError as error:
    print(type(error).__name__, "missing" in sys.modules)
"""


def test_load_compiled_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(BEFORE, expect=('module = _imp_load_compiled("counter", "counter.pyc")',))
    assert after.count("def _imp_load_compiled(") == after.count("def _imp_load_spec(") == 1
    assert "def _imp_load_module(" not in after  # only what the helper calls
