"""``pkgutil.ImpImporter``/``ImpLoader`` and ``importlib.abc.Finder`` (removed in 3.12): a TODO.

Two shapes have faithful rewrites, in their own modules: a handler registration or isinstance
test guarded with hasattr (``removed_class_guard``), and a Finder subclass with find_module
based on MetaPathFinder (``finder_base``). No expression replaces a class that code creates or
subclasses otherwise: its methods were find_module-era ones that 3.12 no longer calls. Scan
lists those uses as manual; fix leaves a TODO saying what to use instead
(``_legacy_api.NAMES`` holds the advice).
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
