"""``class X(importlib.abc.Finder)`` (removed in 3.12) -> ``class X(importlib.abc.MetaPathFinder)``.

3.11's ``Finder`` was an ABC whose only abstract method was ``find_module(fullname,
path=None)``, and whose ``__init__`` warned that it is deprecated. A subclass that defines a
meta path finder's ``find_module(fullname, path)`` loses nothing by deriving from
``MetaPathFinder`` instead: on 3.11 the import system asks it exactly as before (3.11's
MetaPathFinder adds no ``find_loader``, which 3.11's ``PathFinder`` would prefer, so it works
the same as a path entry finder too); on 3.12+ the class can be defined again, and when the
module puts it on ``sys.meta_path`` the ``legacy_finder`` rule gives it the ``find_spec`` that
3.12 asks for. What differs: ``isinstance(f, MetaPathFinder)`` is now True, the class gains
MetaPathFinder's no-op ``invalidate_caches``, and creating one no longer warns.

Not rewritten (a TODO, ``_legacy_api`` decides): a class without ``find_module`` (3.11 refused
to instantiate it, 3.12's MetaPathFinder would not), a path entry finder's
``find_module(fullname)``, a class calling ``super().find_module`` (Finder's returned None;
MetaPathFinder has none on 3.12), and every other use of ``Finder``.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate.rules._base import FileChanges


def base(reference: cst.BaseExpression, changes: FileChanges) -> cst.BaseExpression:
    """``abc.MetaPathFinder`` for ``abc.Finder``, ``importlib.abc.MetaPathFinder`` for
    ``Finder`` (imported by name: that import goes once unused)."""
    if isinstance(reference, cst.Attribute):
        return reference.with_changes(attr=cst.Name("MetaPathFinder"))
    changes.add_import("importlib.abc")
    return cst.parse_expression("importlib.abc.MetaPathFinder")
