"""imp.reload -> importlib.reload."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
import imp
from pathlib import Path
import sys
sys.path.insert(0, ".")
Path("target.py").write_text("VALUE = 1\\n")
import target
Path("target.py").write_text("VALUE = 2  # changed\\n")
again = imp.reload(target)
print(again is target, target.VALUE)
rl = imp.reload  # passed around, not called
print(rl(target).VALUE)
"""


def test_reload_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(BEFORE, expect=("importlib.reload(target)", "rl = importlib.reload"))
    assert "import importlib\n" in after
