"""``pkgutil.ImpImporter``/``ImpLoader`` and ``importlib.abc.Finder`` (removed in 3.12): a TODO.

No expression replaces a class that code subclasses, registers handlers for
(``pkg_resources.register_finder(pkgutil.ImpImporter, ...)``) or instantiates: its methods were
find_module-era ones that 3.12 no longer calls. Scan lists each use as manual; fix leaves a
TODO saying what to use instead (``_legacy_api.NAMES`` holds the advice).
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._legacy_api import removed_name_reason
from imp_migrate.rules._base import FileChanges, Result, Rule


class RemovedClass(Rule):
    """A class with no faithful replacement: the reason is the advice."""

    def reference(self, name: str, changes: FileChanges) -> Result:
        return removed_name_reason(name)  # the reason scan gives too

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        return self.reference(name, changes)


class ImpImporter(RemovedClass):
    names = ("pkgutil.ImpImporter",)


class ImpLoader(RemovedClass):
    names = ("pkgutil.ImpLoader",)


class Finder(RemovedClass):
    names = ("importlib.abc.Finder",)
