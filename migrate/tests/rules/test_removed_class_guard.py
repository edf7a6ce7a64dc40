"""pkgutil.ImpImporter/ImpLoader registered or tested (removed in 3.12) -> guarded with hasattr.

The snippet registers handlers the way pkg_resources did (a registry keyed by importer type,
looked up along the importer's MRO) and tests importers with isinstance; it prints which
handler each real importer gets. 3.11 runs the original, 3.11-3.13 the rewrite: the same
handlers come out, because no importer is ever an ImpImporter.
"""

from __future__ import annotations

from legacy_behaviour import CheckLegacy

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

BEFORE = """\
import os
import pkgutil
import sys
import zipfile
import zipimport
from importlib import machinery

from _observe import show

_finders = {}


def register_finder(importer_type, finder):
    _finders[importer_type] = finder


def find_on_path(importer, entry):
    return "path"


def find_in_zip(importer, entry):
    return "zip"


# handlers registered for the classes, as pkg_resources did at import time
register_finder(pkgutil.ImpImporter, find_on_path)
register_finder(zipimport.zipimporter, find_in_zip)
register_finder(
    importer_type=pkgutil.ImpLoader,  # keyword, several lines
    finder=find_on_path,
)
if hasattr(machinery, "FileFinder"):
    register_finder(machinery.FileFinder, find_on_path)


def _find_adapter(registry, ob):
    for kind in type(ob).__mro__:
        if kind in registry:
            return registry[kind]
    return None


with zipfile.ZipFile("plugins.zip", "w") as archive:
    archive.writestr("zipped.py", "VALUE = 1\\n")

for entry in (os.getcwd(), "pkgdir", "plugins.zip", "missing"):
    importer = pkgutil.get_importer(entry)
    handler = _find_adapter(_finders, importer)
    name = os.path.basename(entry)
    show("handler for " + name, None if handler is None else handler(importer, entry))
    show("an ImpImporter: " + name, isinstance(importer, pkgutil.ImpImporter))
    show("an ImpLoader: " + name, bool(isinstance(importer, pkgutil.ImpLoader)))
show("the registry knows FileFinder", machinery.FileFinder in _finders)
"""


def test_registrations_and_isinstance_tests_are_guarded(check_legacy: CheckLegacy) -> None:
    check_legacy(
        BEFORE,
        files={"pkgdir/module.py": "VALUE = 2\n"},
        warns=False,
        expect=(
            'if hasattr(pkgutil, "ImpImporter"):\n'
            "    register_finder(pkgutil.ImpImporter, find_on_path)\n",
            'if hasattr(pkgutil, "ImpLoader"):\n    register_finder(\n'
            "        importer_type=pkgutil.ImpLoader,  # keyword, several lines\n",
            '(hasattr(pkgutil, "ImpImporter") and isinstance(importer, pkgutil.ImpImporter))',
            'bool((hasattr(pkgutil, "ImpLoader") and isinstance(importer, pkgutil.ImpLoader)))',
        ),
    )


def test_scan_calls_fixable_exactly_what_fix_rewrites() -> None:
    uses = [use for use in find_uses(BEFORE.encode()).uses if use.kind == "legacy-api"]
    assert [(use.name, use.fixable) for use in uses] == [
        ("pkgutil.ImpImporter", True),
        ("pkgutil.ImpLoader", True),
        ("pkgutil.ImpImporter", True),
        ("pkgutil.ImpLoader", True),
    ]
    result = fix_source(BEFORE.encode())
    assert [(c.label, c.rewritten) for c in result.changes] == [(use.name, True) for use in uses]
    assert fix_source(result.fixed).fixed == result.fixed
