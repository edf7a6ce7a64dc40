"""``from imp import *`` on Python 3.12+ binds what it bound on Python 3.11.

3.11's ``imp`` had no ``__all__``, so a star import also bound the modules it had imported
(``os``, ``sys``, ``importlib``, ``machinery``, ``util``...) and ``SourcelessFileLoader``;
the shim provides those lazily. The expected names come from running the star import on a
real Python 3.11 (never a list written here), the actual ones from the running interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import require_reference_python, requires_subprocess

import imp_compat

pytestmark = [
    requires_subprocess,
    pytest.mark.skipif(sys.version_info < (3, 12), reason="3.11: `imp` is the stdlib's"),
]

# Run by both interpreters: the star import in a fresh namespace, described in JSON terms.
# Names are compared; values by what is comparable across versions: modules by name (and that
# they are the real ones of sys.modules), numbers by value, classes of other modules by
# identity (module and name), imp's own functions and classes by name and kind.
_STAR_IMPORT = """
import json, sys, warnings
warnings.simplefilter("ignore")
namespace = {}
exec("from imp import *", namespace)
found = {}
for name, value in namespace.items():
    if name.startswith("__"):  # __builtins__, and __warningregistry__ on 3.11
        continue
    if type(value).__name__ == "module":
        found[name] = ["module", value.__name__, sys.modules.get(value.__name__) is value]
    elif isinstance(value, int):
        found[name] = ["int", value]
    elif isinstance(value, type) and value.__module__.split(".")[0] in ("imp", "imp_compat"):
        found[name] = ["imp's class", value.__qualname__]
    elif isinstance(value, type):
        found[name] = ["class", value.__module__, value.__qualname__]
    elif callable(value):
        found[name] = ["callable", value.__name__]
    else:
        found[name] = ["other", type(value).__name__]
print(json.dumps(found, sort_keys=True))
"""


def _star_import(python: str, *, first_on_path: str | None = None) -> dict[str, Any]:
    prelude = f"import sys; sys.path.insert(0, {first_on_path!r})\n" if first_on_path else ""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run([python, "-I", "-c", prelude + _STAR_IMPORT], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_star_import_binds_the_names_python_3_11_bound() -> None:
    expected = _star_import(require_reference_python("3.11"))
    assert {"os", "sys", "SourcelessFileLoader", "find_module"} <= expected.keys()  # sanity
    # The imp next to the imp_compat under test (installed, or src/ with PYTHONPATH).
    shim_folder = os.path.dirname(os.path.dirname(os.path.abspath(imp_compat.__file__)))
    actual = _star_import(sys.executable, first_on_path=shim_folder)
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    assert (missing, extra) == ([], []), f"missing {missing}, not bound by 3.11 {extra}"
    assert actual == expected
