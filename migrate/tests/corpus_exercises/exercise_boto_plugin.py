"""boto 2.49.0 ``boto/plugin.py``: ``load_plugins`` (an imp.find_module/load_module pair).

boto reads a plugin directory from its config and imports every ``*.py`` in it; plugins
subclass ``boto.plugin.Plugin`` and are then found by capability.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import configparser
import sys

import _harness as h

h.use_release("boto-2.49.0")
from boto import plugin  # noqa: E402

PLUGIN = "from boto.plugin import Plugin\n\nclass {cls}(Plugin):\n    capability = {cap!r}\n"
h.write("plugins/auth_a.py", PLUGIN.format(cls="AuthA", cap=["sign", "vmac"]))
h.write("plugins/auth_b.py", PLUGIN.format(cls="AuthB", cap=["sign"]) + "VALUE = 1\n")
h.write("plugins/readme.txt", "not a plugin\n")
h.write("plugins/pkg/__init__.py", "from . import part\nWHO = __name__\n")
h.write("plugins/pkg/part.py", "PART = __name__\n")

config = configparser.ConfigParser()
config.add_section("Plugin")
config.set("Plugin", "plugin_directory", h.WORK + "/plugins")
plugin.load_plugins(config)

result: dict[str, object] = {
    "signers": sorted(cls.__name__ for cls in plugin.get_plugin(plugin.Plugin, ["sign"])),
    "vmac": sorted(cls.__name__ for cls in plugin.get_plugin(plugin.Plugin, ["vmac"])),
    "auth_a": h.module_facts(sys.modules["auth_a"]),
    "auth_b": h.module_facts(sys.modules["auth_b"], "VALUE"),
    "readme imported": "readme" in sys.modules,
}

# Importing a file again re-executes it into the module already in sys.modules.
first = sys.modules["auth_b"]
h.write("plugins/auth_b.py", "VALUE = 2222\n")
again = plugin._import_module(h.WORK + "/plugins/auth_b.py")
result["again"] = h.module_facts(again, "VALUE")
result["again keeps AuthB"] = hasattr(again, "AuthB")
result["again is first"] = again is first

# A directory is imported as a package.
package = plugin._import_module(h.WORK + "/plugins/pkg")
result["package"] = h.module_facts(package, "WHO")
result["package.part"] = h.module_facts(package.part, "PART")

h.write("plugins/nsdir/inside.py", "")  # a directory without __init__.py
result["directory without __init__"] = h.call(plugin._import_module, h.WORK + "/plugins/nsdir")
result["missing"] = h.call(plugin._import_module, h.WORK + "/plugins/missing.py")
h.write("plugins/broken.py", "raise ValueError('broken plugin')\n")
result["broken"] = h.call(plugin._import_module, h.WORK + "/plugins/broken.py")
result["broken: left in sys.modules"] = "broken" in sys.modules

h.report(result)
