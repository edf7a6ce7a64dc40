"""find_module on importlib's finders (removed in 3.12) -> find_spec's loader, as 3.11 gave it."""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

from imp_migrate._fix import fix_source

BEFORE = """\
import importlib.abc
import importlib.machinery
import pkgutil
import sys
import zipfile
import zipimport
from importlib.machinery import BuiltinImporter, FileFinder, FrozenImporter, PathFinder

from _observe import observe

observe("PathFinder", lambda: PathFinder.find_module("plistlib"))
observe("PathFinder, a path", lambda: PathFinder.find_module("mod", ["lib"]))
observe("PathFinder, keywords", lambda: PathFinder.find_module(fullname="mod", path=["lib"]))
observe("PathFinder, none", lambda: importlib.machinery.PathFinder.find_module("nope"))
observe("PathFinder, a namespace", lambda: PathFinder.find_module("space", ["lib"]))
observe("BuiltinImporter", lambda: BuiltinImporter.find_module("sys"))
observe("BuiltinImporter, not built in", lambda: BuiltinImporter.find_module("plistlib"))
observe("BuiltinImporter, a path", lambda: BuiltinImporter.find_module("sys", ["lib"]))
observe("FrozenImporter", lambda: FrozenImporter.find_module("zipimport"))
directory = FileFinder("lib", (importlib.machinery.SourceFileLoader, [".py"]))
observe("FileFinder", lambda: directory.find_module("mod"))
observe("FileFinder, a package", lambda: directory.find_module("pkg"))
observe("FileFinder, a namespace", lambda: directory.find_module("space"))
observe("FileFinder, none", lambda: directory.find_module("nope"))

with zipfile.ZipFile("archive.zip", "w") as archive:
    archive.writestr("zmod.py", "X = 1\\n")
    archive.writestr("zpkg/__init__.py", "")
    archive.writestr("zspace/part.py", "")
importer = zipimport.zipimporter("archive.zip")
observe("zipimporter", lambda: importer.find_module("zmod"))
observe("zipimporter, a package and a path", lambda: importer.find_module("zpkg", None))
observe("zipimporter, a namespace", lambda: importer.find_module("zspace"))
observe("zipimporter, none", lambda: zipimport.zipimporter("archive.zip").find_module("no"))

for meta in sys.meta_path:
    observe(f"meta path: {meta.__name__}", lambda: meta.find_module("plistlib"))
    observe(f"meta path: {meta.__name__}, a path", lambda: meta.find_module("mod", ["lib"]))
for entry in pkgutil.iter_importers("xml.dom"):
    observe("iter_importers", lambda: entry.find_module("xml.dom"))
observe("get_importer", lambda: pkgutil.get_importer("lib").find_module("mod"))


class MetaFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        return PathFinder.find_spec(fullname, ["lib"])


class EntryFinder(importlib.abc.PathEntryFinder):
    def find_spec(self, fullname, target=None):
        return directory.find_spec(fullname)

    def find(self, fullname):
        return self.find_module(fullname)


observe("MetaPathFinder subclass", lambda: MetaFinder().find_module("mod", None))
observe("PathEntryFinder subclass", lambda: EntryFinder().find("pkg"))
observe("PathEntryFinder subclass, none", lambda: EntryFinder().find_module("nope"))
observe("path_importer_cache", lambda: sys.path_importer_cache["lib"].find_module("pkg"))
"""

FILES = {"lib/mod.py": "", "lib/pkg/__init__.py": "", "lib/space/part.py": ""}


def test_find_module_becomes_find_spec(check_legacy: CheckLegacy) -> None:
    after = check_legacy(
        BEFORE,
        files=FILES,
        expect=(
            'getattr(PathFinder.find_spec("plistlib"), "loader", None)',
            'getattr(importer.find_spec("zpkg"), "loader", None)',  # the ignored path dropped
            '_finder_find_module(meta, "mod", ["lib"])',
            '_finder_find_module(pkgutil.get_importer("lib"), "mod")',
            '_finder_find_module(MetaFinder(), "mod", None)',
            "return _finder_find_module(self, fullname)",
        ),
    )
    assert after.count("def _finder_find_module(") == 1


UNRELATED = """\
import sys


class Catalogue:
    def find_module(self, name):
        return name


catalogue = Catalogue()
print(catalogue.find_module("x"), other.find_module("y"))
for finder in sys.meta_path:
    finder = Catalogue()
    finder.find_module("z")
"""


def test_a_users_own_find_module_is_not_touched() -> None:
    result = fix_source(UNRELATED.encode())
    assert result.changes == [] and result.fixed == UNRELATED.encode()
