"""imp.cache_from_source / source_from_cache -> importlib.util."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
import imp
cached = imp.cache_from_source("/src/pkg/mod.py")
print(cached)
print(imp.source_from_cache(cached))
print(imp.cache_from_source("/src/pkg/mod.py", debug_override=False))
try:
    imp.source_from_cache("/src/pkg/mod.py")
except ValueError as error:
    print("ValueError", error)
"""


def test_cache_paths_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    check_rewrite(BEFORE, expect=("importlib.util.cache_from_source(", "importlib.util.source_"))
