"""imp.get_suffixes() -> a helper building imp's (suffix, mode, type) triples, read per call."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
import importlib.machinery
import imp
from imp import get_suffixes

triples = imp.get_suffixes()
print(triples)
print([suffix for suffix, mode, kind in get_suffixes() if kind == imp.PY_SOURCE])
importlib.machinery.SOURCE_SUFFIXES.append(".pyw_extra")  # imp read the lists on each call
print(get_suffixes()[-len(importlib.machinery.BYTECODE_SUFFIXES) - 1])
lister = imp.get_suffixes
print(len(lister()) == len(triples) + 1)
"""


def test_get_suffixes_keeps_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        BEFORE, expect=("triples = _imp_get_suffixes()", "lister = _imp_get_suffixes")
    )
    assert after.count("def _imp_get_suffixes(") == 1
