"""Yapsy 1.12.2 ``yapsy/PluginManager.py``: ``PluginManager._importModule``.

Yapsy loads each plugin with imp.load_module, either a directory (imp.PKG_DIRECTORY) or a
single file opened by Yapsy itself (imp.PY_SOURCE); the candidate path has no ``.py``.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import sys

import _harness as h

h.use_release("Yapsy-1.12.2")
from yapsy.PluginManager import PluginManager  # noqa: E402

load = PluginManager._importModule

h.write("plugins/dirplugin/__init__.py", "from . import helper\nKIND = 'package'\n")
h.write("plugins/dirplugin/helper.py", "HELPER = __name__\n")
h.write("plugins/fileplugin.py", "KIND = 'file'\nNAME = __name__\n")
h.write("plugins/latin.py", "# -*- coding: latin-1 -*-\nKIND = 'caf\xe9'\n", "latin-1")
h.write("plugins/broken.py", "KIND = 'broken'\nraise RuntimeError('plugin failed')\n")
h.write("other/fileplugin.py", "KIND = 'other file'\n")

package = load("yapsy_loaded_dirplugin", h.WORK + "/plugins/dirplugin")
single = load("yapsy_loaded_fileplugin", h.WORK + "/plugins/fileplugin")
result: dict[str, object] = {
    "package": h.module_facts(package, "KIND"),
    "package.helper": h.module_facts(package.helper, "HELPER"),
    "file": h.module_facts(single, "KIND", "NAME"),
    "latin-1": h.module_facts(load("yapsy_latin", h.WORK + "/plugins/latin"), "KIND"),
}

# The same module name from another file: imp re-executes into the module already there.
other = load("yapsy_loaded_fileplugin", h.WORK + "/other/fileplugin")
result["same name, other file"] = h.module_facts(other, "KIND", "NAME")
result["same name: same module object"] = other is single

result["broken"] = h.call(load, "yapsy_broken", h.WORK + "/plugins/broken")
result["broken: left in sys.modules"] = "yapsy_broken" in sys.modules
result["missing file"] = h.call(load, "yapsy_missing", h.WORK + "/plugins/missing")
h.write("plugins/notapackage/readme.txt", "no __init__.py here\n")
result["directory without __init__"] = h.call(load, "yapsy_nopkg", h.WORK + "/plugins/notapackage")
result["directory without __init__: in sys.modules"] = "yapsy_nopkg" in sys.modules

h.report(result)
