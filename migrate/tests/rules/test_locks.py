"""imp.acquire_lock / release_lock / lock_held -> _imp's functions."""

from __future__ import annotations

from behaviour import CheckRewrite

BEFORE = """\
from imp import acquire_lock, release_lock, lock_held
import imp
print(lock_held())
acquire_lock()
try:
    print(imp.lock_held())
finally:
    release_lock()
print(lock_held())
"""


def test_lock_functions_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(BEFORE, expect=("_imp.acquire_lock()", "_imp.lock_held()"))
    assert "from imp" not in after
