"""find_loader on path entry finders (removed in 3.12) -> (loader, portions) from find_spec.

Proven against 3.11, including zipimporter's own answer for a package (no portions) and a
path entry finder of the PEP 302 kind, which keeps its own find_loader.
"""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

BEFORE = '''\
import importlib.abc
import importlib.machinery
import os
import pkgutil
import sys
import zipfile
from zipimport import zipimporter

from _observe import observe


def relative(result):
    loader, portions = result
    return loader, [os.path.relpath(portion) for portion in portions]


directory = importlib.machinery.FileFinder("lib", (importlib.machinery.SourceFileLoader, [".py"]))
observe("FileFinder", lambda: relative(directory.find_loader("mod")))
observe("FileFinder, a package", lambda: relative(directory.find_loader("pkg")))
observe("FileFinder, a namespace", lambda: relative(directory.find_loader("space")))
observe("FileFinder, none", lambda: directory.find_loader("nope"))

with zipfile.ZipFile("archive.zip", "w") as archive:
    archive.writestr("zmod.py", "X = 1\\n")
    archive.writestr("zpkg/__init__.py", "")
    archive.writestr("zspace/", "")
    archive.writestr("zspace/part.py", "")
importer = zipimporter("archive.zip")
observe("zipimporter", lambda: importer.find_loader("zmod"))
observe("zipimporter, a package", lambda: importer.find_loader("zpkg"))
observe("zipimporter, a namespace", lambda: relative(importer.find_loader("zspace", None)))
observe("zipimporter, none", lambda: importer.find_loader("nope"))


class OldFinder:
    """A path entry finder of the PEP 302 kind: find_loader, no find_spec."""

    def __init__(self, path):
        if path != "old":
            raise ImportError

    def find_loader(self, fullname):
        return ("old loader", []) if fullname == "mine" else (None, [])


class EntryFinder(importlib.abc.PathEntryFinder):
    def find_spec(self, fullname, target=None):
        return directory.find_spec(fullname)


observe("PathEntryFinder subclass", lambda: relative(EntryFinder().find_loader("pkg")))
observe("PathEntryFinder subclass, none", lambda: EntryFinder().find_loader("nope"))

sys.path_hooks.insert(0, OldFinder)
observe("PEP 302 finder", lambda: pkgutil.get_importer("old").find_loader("mine"))
pkgutil.get_importer("lib")
observe("path_importer_cache", lambda: relative(sys.path_importer_cache["lib"].find_loader("pkg")))
for _path, entry in sys.path_importer_cache.items():
    if _path == "old":
        observe("path_importer_cache items", lambda: entry.find_loader("other"))
'''

FILES = {"lib/mod.py": "", "lib/pkg/__init__.py": "", "lib/space/part.py": ""}


def test_find_loader_becomes_find_spec(check_legacy: CheckLegacy) -> None:
    after = check_legacy(
        BEFORE,
        files=FILES,
        expect=(
            '_finder_find_loader(directory, "mod")',
            '_finder_find_loader(importer, "zspace")',  # the ignored path dropped
            '_finder_find_loader(pkgutil.get_importer("old"), "mine")',
            '_finder_find_loader(entry, "other")',
        ),
    )
    assert after.count("def _finder_find_loader(") == 1
