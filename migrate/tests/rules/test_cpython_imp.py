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


FROZEN_AND_BUILTIN = """\
import importlib.util
import imp
import sys

print([imp.is_builtin(name) for name in ("sys", "builtins", "itertools", "os", "nope")])
print(imp.is_frozen_package("__phello__"), imp.is_frozen_package("__hello__"))
try:
    imp.is_frozen_package("not_frozen")
except ImportError as error:
    print(type(error).__name__, error)
code = imp.get_frozen_object("__hello__")
print(type(code).__name__, code.co_name)
hello = imp.init_frozen("__hello__")
print(hello.__name__, hello.initialized, sys.modules.get("__hello__") is hello)
print(imp.init_frozen("not_frozen"))
spec = importlib.util.find_spec("_json")
print(imp.create_dynamic(spec).__name__)
check = imp.is_builtin
print(check("sys"))
"""


def test_frozen_and_builtin_helpers_keep_behaviour(check_rewrite: CheckRewrite) -> None:
    after = check_rewrite(
        FROZEN_AND_BUILTIN,
        expect=("_imp.is_builtin(name)", "_imp.init_frozen(", "check = _imp.is_builtin"),
    )
    assert "import _imp\n" in after
