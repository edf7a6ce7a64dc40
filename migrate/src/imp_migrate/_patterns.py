"""Facts about the non-imp patterns that scan (with ``ast``) and fix (with libcst) both know.

Kept free of libcst on purpose: ``scan`` never imports libcst, which costs about 0.1 s per
process, more than scanning a thousand files.
"""

from __future__ import annotations

SIX_MOVED_ATTRIBUTE_PARAMETERS = ("name", "old_mod", "new_mod", "old_attr", "new_attr")
"""six's ``MovedAttribute`` signature."""

SAME_IN_IMPORTLIB = frozenset({"reload"})
"""Attributes of imp that importlib has under the same name and with the same behaviour."""

LEGACY_FINDER_LABEL = "meta path finder"
"""How reports name a find_module-only meta path finder (not a use of imp, but needs fixing)."""


def may_hold_legacy_finder(source: bytes) -> bool:
    """Cheap test before parsing: every such finder is put on ``sys.meta_path``."""
    return b"meta_path" in source
