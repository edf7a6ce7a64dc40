"""nose 1.3.7 ``nose/importer.py``: ``Importer.importFromPath`` and ``importFromDir``.

nose imports test modules by path, part by part, with imp.find_module/load_module under
imp's import lock, and re-imports a module whose name is already in sys.modules when it
comes from another directory (test directories often reuse names).
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import _imp
import sys

import _harness as h

h.use_release("nose-1.3.7")
from nose.importer import Importer  # noqa: E402

for root, marker in (("dir1", "one"), ("dir2", "two")):
    h.write(f"{root}/pkg/__init__.py", f"WHERE = {marker!r}\n")
    h.write(f"{root}/pkg/sub/__init__.py", "")
    h.write(f"{root}/pkg/sub/test_mod.py", f"WHERE = {marker!r}\nNAME = __name__\n")
    h.write(f"{root}/test_flat.py", f"import _imp\nWHERE = {marker!r}\nLOCKED = _imp.lock_held()\n")
h.write("dir3/test_broken.py", "WHERE = 'three'\nraise ZeroDivisionError('in the test module')\n")
h.write("dir3/test_latin.py", "# -*- coding: latin-1 -*-\nWHERE = 'caf\xe9'\n", "latin-1")

importer = Importer()
path_before = list(sys.path)


def facts(module: object) -> object:
    return (
        h.module_facts(module, "WHERE", "NAME", "LOCKED") if hasattr(module, "__name__") else module
    )


result: dict[str, object] = {}
mod = importer.importFromPath(h.WORK + "/dir1/pkg/sub/test_mod.py", "pkg.sub.test_mod")
result["dotted path"] = facts(mod)
result["pkg"] = facts(sys.modules["pkg"])
result["pkg.sub"] = facts(sys.modules["pkg.sub"])
result["parents have their children"] = (
    sys.modules["pkg"].sub is sys.modules["pkg.sub"] and sys.modules["pkg.sub"].test_mod is mod
)
result["lock held after"] = _imp.lock_held()

same = importer.importFromDir(h.WORK + "/dir1", "pkg.sub.test_mod")
result["same dir again: same module"] = same is mod

other = importer.importFromPath(h.WORK + "/dir2/pkg/sub/test_mod.py", "pkg.sub.test_mod")
result["other dir, same names"] = facts(other)
result["other dir: pkg"] = facts(sys.modules["pkg"])
result["other dir: new module objects"] = other is not mod

flat1 = importer.importFromPath(h.WORK + "/dir1/test_flat.py", "test_flat")
flat2 = importer.importFromDir(h.WORK + "/dir2", "test_flat")
result["flat"] = [facts(flat1), facts(flat2), flat1 is flat2]
result["package __init__ path"] = facts(
    importer.importFromPath(h.WORK + "/dir1/pkg/__init__.py", "pkg")
)
result["coding declaration"] = facts(importer.importFromDir(h.WORK + "/dir3", "test_latin"))
result["broken"] = h.call(importer.importFromDir, h.WORK + "/dir3", "test_broken")
result["broken: left in sys.modules"] = "test_broken" in sys.modules
result["missing"] = h.call(importer.importFromDir, h.WORK + "/dir3", "test_missing")
h.write("dir3/nsdir/test_inside.py", "")  # a directory without __init__.py
result["directory without __init__"] = h.call(importer.importFromDir, h.WORK + "/dir3", "nsdir")
result["missing part"] = h.call(importer.importFromDir, h.WORK + "/dir1", "pkg.nope")
result["lock held at the end"] = _imp.lock_held()
result["sys.path added"] = [p for p in sys.path if p not in path_before]
h.report(result)
