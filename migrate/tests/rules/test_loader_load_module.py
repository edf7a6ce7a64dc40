"""load_module() on importlib's loaders (removed in 3.15) -> a spec-based helper.

Proven against 3.11's ``_load_module_shim`` and zipimporter's own load_module: a new module is
in ``sys.modules`` while it runs and is removed if it fails, an existing one is executed again
in place with fresh ``__spec__``/``__loader__``/``__file__``, file loaders check the name. The
rewrite never calls load_module, so it also runs where load_module is gone (shown here by
deleting it from every importlib loader before the rewritten code runs).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from behaviour import references_required, rewrite
from legacy_behaviour import CheckLegacy, prepare, python, run

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

BEFORE = """\
import importlib.abc
import importlib.util
import pkgutil
import py_compile
import sys
import zipfile
import zipimport
from importlib.machinery import (
    BuiltinImporter,
    ExtensionFileLoader,
    FrozenImporter,
    SourceFileLoader,
    SourcelessFileLoader,
)

from _observe import observe, show

observe("new", lambda: SourceFileLoader("plugin", "plugin.py").load_module())
plugin = sys.modules["plugin"]
show("attributes", [plugin.COUNT, plugin.SEEN, plugin.__file__, plugin.__package__])
show("spec", [plugin.__spec__.name, plugin.__spec__.origin, type(plugin.__loader__).__name__])
loader = SourceFileLoader("plugin", "plugin.py")
plugin.__file__ = "elsewhere"
observe("existing: executed again in place", lambda: loader.load_module("plugin") is plugin)
show("again", [plugin.COUNT, plugin.__file__, plugin.__spec__.loader is loader])
observe("another name", lambda: loader.load_module("other"))
observe("a failure", lambda: SourceFileLoader("broken", "broken.py").load_module())
sys.modules["broken"] = plugin
observe("an existing module fails", lambda: SourceFileLoader("broken", "broken.py").load_module())
observe("kept", lambda: sys.modules["broken"] is plugin)
observe("a package", lambda: SourceFileLoader("pkg", "pkg/__init__.py").load_module().__path__)
observe("a submodule", lambda: SourceFileLoader("pkg.sub", "pkg/sub.py").load_module().__package__)
py_compile.compile("plugin.py", cfile="compiled.pyc")
observe("bytecode", lambda: SourcelessFileLoader("compiled", "compiled.pyc").load_module().COUNT)
extension = importlib.util.find_spec("_bisect").origin
observe("extension", lambda: ExtensionFileLoader("_bisect", extension).load_module("_bisect"))
observe("built-in", lambda: BuiltinImporter.load_module("_symtable").__spec__.origin)
observe("frozen", lambda: FrozenImporter.load_module("__hello__").__spec__.origin)
observe("not built-in", lambda: BuiltinImporter.load_module("plistlib"))
with zipfile.ZipFile("archive.zip", "w") as archive:
    archive.writestr("zmod.py", "X = 1\\n")
observe("zip", lambda: zipimport.zipimporter("archive.zip").load_module("zmod").X)
observe("get_loader's", lambda: pkgutil.get_loader("plugin").load_module("plugin").COUNT)
spec = importlib.util.find_spec("plugin")
observe("a spec's loader", lambda: spec.loader.load_module("plugin").COUNT)


class Counting(SourceFileLoader):
    def load_module(self, fullname=None):
        module = super().load_module(fullname)
        module.LOADS = getattr(module, "LOADS", 0) + 1
        return module


observe("super().load_module", lambda: Counting("counted", "plugin.py").load_module().LOADS)
observe("super() again", lambda: Counting("counted", "plugin.py").load_module("counted").LOADS)


class Virtual(importlib.abc.Loader):
    def exec_module(self, module):
        module.VALUE = module.__name__.upper()

    def load(self, name):
        return self.load_module(name)


observe("an importlib.abc.Loader", lambda: Virtual().load_module("virtual").VALUE)
observe("self.load_module", lambda: Virtual().load("virtual_two").__loader__.__class__.__name__)
"""

FILES = {
    "plugin.py": (
        "import sys\nSEEN = __name__ in sys.modules\nCOUNT = globals().get('COUNT', 0) + 1\n"
    ),
    "broken.py": "raise RuntimeError('broken')\n",
    "pkg/__init__.py": "",
    "pkg/sub.py": "",
}


def test_load_module_becomes_a_spec_based_load(check_legacy: CheckLegacy) -> None:
    after = check_legacy(
        BEFORE,
        gone_in=None,  # load_module is gone in 3.15, which runs only under Pyodide here
        files=FILES,
        expect=(
            '_loader_load_module(SourceFileLoader("plugin", "plugin.py"))',
            '_loader_load_module(BuiltinImporter, "_symtable")',
            "_loader_load_module(self, name)",
            '_loader_load_module(_pkgutil_get_loader("plugin"), "plugin")',
            "module = _loader_load_module(self, fullname)",  # super().load_module(fullname)
        ),
    )
    assert after.count("def _loader_load_module(") == 1


WITHOUT_LOAD_MODULE = """\
import importlib.abc, importlib.machinery, zipimport
for owner in (
    importlib.machinery.FileLoader if hasattr(importlib.machinery, "FileLoader") else None,
    importlib.machinery.SourceFileLoader, importlib.machinery.SourcelessFileLoader,
    importlib.machinery.ExtensionFileLoader, importlib.machinery.BuiltinImporter,
    importlib.machinery.FrozenImporter, zipimport.zipimporter, importlib.abc.Loader,
    importlib.abc.InspectLoader, importlib.abc.FileLoader,
    *type(importlib.machinery.SourceFileLoader("x", "x")).__mro__,
):
    for klass in (owner.__mro__ if isinstance(owner, type) else ()):
        if "load_module" in vars(klass):
            try:
                delattr(klass, "load_module")
            except TypeError:
                pass
assert not hasattr(importlib.machinery.SourceFileLoader, "load_module")
"""


def test_the_rewrite_runs_where_load_module_is_gone(tmp_path: Path) -> None:
    after = rewrite(BEFORE)
    reference = run(python("3.11"), BEFORE, tmp_path / "a", "ignore", FILES)
    assert reference.returncode == 0, reference.stderr
    for version in ("3.12", "3.13"):
        new = run(python(version), WITHOUT_LOAD_MODULE + after, tmp_path / "b", "error", FILES)
        assert new.returncode == 0, new.stderr
        assert new.stdout == reference.stdout


MODULE_LOADER = """\
import sys


def reload_plugin(name):
    module = sys.modules[name]
    return module.__loader__.load_module(name)
"""


def test_a_modules_own_loader_is_listed_and_left_with_a_todo() -> None:
    """``__loader__`` may be importlib's (load_module gone in 3.15) or a PEP 302 loader's own."""
    [use] = find_uses(MODULE_LOADER.encode()).uses
    assert (use.name, use.code, use.fixable) == (
        "<loader>.load_module()",
        "module.__loader__.load_module",
        False,
    )
    result = fix_source(MODULE_LOADER.encode())
    assert [(c.label, c.rewritten) for c in result.changes] == [("<loader>.load_module()", False)]
    assert (
        "    # TODO(imp): module.__loader__.load_module may be importlib's load_module"
        in result.fixed.decode()
    )


PYODIDE_BEFORE = """\
import importlib.abc
import sys
import zipfile
import zipimport
from importlib.machinery import SourceFileLoader

from _observe import observe, show

observe("new", lambda: SourceFileLoader("plugin", "plugin.py").load_module())
plugin = sys.modules["plugin"]
show("attributes", [plugin.COUNT, plugin.SEEN, plugin.__file__, plugin.__package__])
loader = SourceFileLoader("plugin", "plugin.py")
observe("existing: executed again in place", lambda: loader.load_module("plugin") is plugin)
show("again", [plugin.COUNT, plugin.__spec__.loader is loader])
observe("another name", lambda: loader.load_module("other"))
observe("a failure", lambda: SourceFileLoader("broken", "broken.py").load_module())
observe("a package", lambda: SourceFileLoader("pkg", "pkg/__init__.py").load_module().__path__)
with zipfile.ZipFile("archive.zip", "w") as archive:
    archive.writestr("zmod.py", "X = 1\\n")
observe("zip", lambda: zipimport.zipimporter("archive.zip").load_module("zmod").X)


class Virtual(importlib.abc.Loader):
    def exec_module(self, module):
        module.VALUE = module.__name__.upper()


observe("an importlib.abc.Loader", lambda: Virtual().load_module("virtual").VALUE)
"""


def test_the_rewrite_runs_on_python_3_15_where_load_module_is_gone(tmp_path: Path) -> None:
    """Pyodide's CPython 3.14 (the last with load_module) against 3.15 (without it)."""
    repo = Path(__file__).resolve().parents[3]
    node = shutil.which("node")
    modules = repo / "tests" / "pyodide" / "node_modules"
    if node is None or not modules.is_dir():
        message = "needs node and `npm ci` in tests/pyodide (Pyodide's CPython 3.14 and 3.15)"
        if references_required():
            pytest.fail(message)
        pytest.skip(message)
    after = rewrite(PYODIDE_BEFORE)
    script = Path(__file__).resolve().parents[1] / "pyodide_script.mjs"

    def pyodide(version: str, source: str, warnings: str) -> subprocess.CompletedProcess[str]:
        work = tmp_path / "work"
        prepare(work, source, FILES)
        command = [node, str(script), str(repo), version, str(work), warnings]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    reference = pyodide("3.14", PYODIDE_BEFORE, "ignore")
    assert reference.returncode == 0, reference.stderr
    assert '"raised": "AttributeError"' in pyodide("3.15", PYODIDE_BEFORE, "ignore").stdout
    for version in ("3.14", "3.15"):
        new = pyodide(version, after, "error")
        assert new.returncode == 0, new.stderr
        assert new.stdout == reference.stdout, version
