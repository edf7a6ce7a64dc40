"""imp.load_source -> a helper with importlib's recipe (module in sys.modules, then executed)."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = '''\
"""A loader script."""
import imp
import sys
from pathlib import Path

Path("plugin_src.py").write_text(
    "import sys\\nSEEN = __name__ in sys.modules\\nCOUNT = globals().get('COUNT', 0) + 1\\n"
)
module = imp.load_source("plugin", "plugin_src.py")
print(module.__name__, module.SEEN, module.COUNT, sys.modules["plugin"] is module)
print(type(module.__loader__).__name__, module.__spec__.name, module.__file__)
again = imp.load_source("plugin", "plugin_src.py")
print(again is module, module.COUNT)

Path("broken_src.py").write_text("raise RuntimeError('broken')\\n")
try:
    imp.load_source("broken", "broken_src.py")
except RuntimeError as error:
    print("RuntimeError", error, "broken" in sys.modules)

with open("plugin_src.py") as handle:
    third = imp.load_source(name="third", pathname="plugin_src.py", file=handle)
print(third.__name__, third.SEEN, handle.closed)
'''


def test_load_source_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(BEFORE, expect=('_imp_load_source("plugin", "plugin_src.py")',))
    assert after.startswith('"""A loader script."""\nimport sys\n')
    assert after.count("def _imp_load_source(") == 1
