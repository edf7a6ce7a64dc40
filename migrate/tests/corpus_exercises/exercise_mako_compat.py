"""Mako 1.0.7 ``mako/compat.py``: ``load_module`` (imp.load_source with an open file).

Mako's templates load their compiled module files through ``compat.load_module``; the imp
branch is the one for Pythons before 3.3.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import sys

import _harness as h

h.use_release("Mako-1.0.7")
with h.pretend_python(3, 2):
    from mako import compat

result: dict[str, object] = {"py33": compat.py33}

first_path = h.write("modules/tmpl_a.py", "X = 1\nNAME = __name__\nFILE = __file__\n")
first = compat.load_module("mako_tmpl_a", first_path)
result["first"] = h.module_facts(first, "X", "NAME", "FILE")

# Loading the same name again re-executes the new source into the module already there.
h.write("modules/tmpl_a.py", "X = 2\nY = 'again'\n")
again = compat.load_module("mako_tmpl_a", first_path)
result["again"] = h.module_facts(again, "X", "Y", "NAME")
result["again is first"] = again is first

# The source is read as bytes, so a coding declaration is honoured.
latin = h.write("modules/tmpl_latin.py", "# -*- coding: latin-1 -*-\nS = 'caf\xe9'\n", "latin-1")
result["latin-1"] = h.module_facts(compat.load_module("mako_tmpl_latin", latin), "S")

broken = h.write("modules/tmpl_broken.py", "X = 1\nraise KeyError('boom')\n")
result["raises"] = h.call(compat.load_module, "mako_tmpl_broken", broken)
result["raises: left in sys.modules"] = "mako_tmpl_broken" in sys.modules
result["missing file"] = h.call(compat.load_module, "mako_tmpl_none", h.WORK + "/none.py")

h.report(result)
