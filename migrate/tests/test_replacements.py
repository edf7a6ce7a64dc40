"""imp-migrate's table of imp names is its own, and imp-compat's runtime report agrees with it.

imp-migrate must install alone, without imp-compat (which brings the top-level ``imp`` back),
so each distribution holds the advice it prints. This session installs both: here the two are
held to saying the same thing for every name.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from behaviour import PY311

from imp_migrate._replacements import REPLACEMENTS, replacement_for


def test_the_runtime_report_gives_the_same_advice_for_every_name() -> None:
    import imp_compat
    from imp_compat import _runtime_report

    assert set(REPLACEMENTS) == set(imp_compat.__all__)
    recorder = _runtime_report.Recorder()
    names = [*imp_compat.__all__, "no_such_name"]
    for name in names:
        recorder.record(name)
    reported = {
        entry["function"]: (entry["replacement"], entry["fixable"]) for entry in recorder.entries()
    }
    expected = {
        name: (replacement_for(name).replacement, replacement_for(name).fixable) for name in names
    }
    assert reported == expected


def test_the_constants_have_the_values_of_python_3_11s_imp() -> None:
    if PY311 is None:
        pytest.fail("no Python 3.11 found (PATH or pyenv): nothing to compare the values with")
    constants = {name: e.value for name, e in REPLACEMENTS.items() if e.value is not None}
    code = (
        "import json, sys, warnings; warnings.simplefilter('ignore'); import imp; "
        f"print(json.dumps({{n: getattr(imp, n) for n in {sorted(constants)!r}}}))"
    )
    result = subprocess.run(
        [PY311, "-I", "-S", "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == constants
    assert len(constants) == 10


def test_imp_migrate_never_imports_imp_compat_or_imp() -> None:
    code = """
import importlib, pkgutil, sys
import imp_migrate
for module in pkgutil.walk_packages(imp_migrate.__path__, "imp_migrate."):
    if module.name != "imp_migrate.__main__":
        importlib.import_module(module.name)
print(sorted(m for m in sys.modules if m == "imp" or m.split(".")[0] == "imp_compat"))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
