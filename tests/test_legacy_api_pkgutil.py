"""``pkgutil.find_loader`` / ``pkgutil.get_loader`` (removed in 3.14) behave as on Python 3.13.

Every scenario of ``tests/legacy_api/pkgutil_loaders.py`` runs with imp_compat's functions and
must observe exactly what CPython 3.13's own pkgutil observed (``reference_pkgutil_3_13.json``):
return values, exceptions and messages, warnings (and whether they point at the caller), what
entered ``sys.modules``. Where the functions are missing (3.14, 3.15) they come from switching
the legacy API on; where they exist (3.11-3.13) imp_compat's are put in their place for the
test. On 3.12 and 3.13 the native functions are checked against the reference too, and a real
3.13 reruns the scenarios so that the reference cannot rot.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import json_from_reference_script, requires_subprocess
from legacy_api import pkgutil_loaders, references

from imp_compat import _legacy_api
from imp_compat._legacy_api import _py314

REFERENCE = pkgutil_loaders.load_reference()
NAMES = ("find_loader", "get_loader")
HAS_NATIVE = sys.version_info < (3, 14)
#: 3.11's functions did not warn yet; 3.12 and 3.13 behave as the reference.
NATIVE_IS_REFERENCE = (3, 12) <= sys.version_info < (3, 14)


def _pkgutil() -> Any:
    import pkgutil

    return pkgutil


@pytest.fixture
def ours(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """pkgutil's find_loader/get_loader are imp_compat's: added by the switch where missing,
    put in place of the native ones by the test elsewhere."""
    pkgutil = _pkgutil()
    if HAS_NATIVE:
        for name in NAMES:
            monkeypatch.setattr(pkgutil, name, getattr(_py314, name))
        yield
        return
    was_installed = _legacy_api.is_installed()
    _legacy_api.install()
    try:
        for name in NAMES:
            assert getattr(pkgutil, name) is getattr(_py314, name)
        yield
    finally:
        if not was_installed:
            _legacy_api.uninstall()


def test_reference_covers_every_scenario() -> None:
    assert sorted(REFERENCE) == sorted(pkgutil_loaders.SCENARIOS)


@pytest.mark.parametrize("name", sorted(pkgutil_loaders.SCENARIOS))
def test_scenario_matches_python_3_13(name: str, ours: None) -> None:
    assert pkgutil_loaders.run_scenario(name) == REFERENCE[name]


@pytest.mark.skipif(not NATIVE_IS_REFERENCE, reason="pkgutil's own functions differ or are gone")
@pytest.mark.parametrize("name", sorted(pkgutil_loaders.SCENARIOS))
def test_native_functions_match_the_reference(name: str) -> None:
    pkgutil = _pkgutil()
    for function in NAMES:
        assert getattr(pkgutil, function).__module__ == "pkgutil"
    assert pkgutil_loaders.run_scenario(name) == REFERENCE[name]


@pytest.mark.skipif(HAS_NATIVE, reason="pkgutil has them natively before 3.14")
def test_missing_until_switched_on() -> None:
    pkgutil = _pkgutil()
    was_installed = _legacy_api.is_installed()
    _legacy_api.uninstall()
    try:
        for name in NAMES:
            assert not hasattr(pkgutil, name)
        _legacy_api.install()
        for name in NAMES:
            assert getattr(pkgutil, name) is getattr(_py314, name)
        _legacy_api.uninstall()
        for name in NAMES:
            assert not hasattr(pkgutil, name)
    finally:
        if was_installed:
            _legacy_api.install()


@pytest.mark.skipif(not HAS_NATIVE, reason="nothing native to keep after 3.13")
def test_switching_on_keeps_the_native_functions() -> None:
    pkgutil = _pkgutil()
    native = {name: getattr(pkgutil, name) for name in NAMES}
    was_installed = _legacy_api.is_installed()
    _legacy_api.install()
    try:
        for name in NAMES:
            assert getattr(pkgutil, name) is native[name]
            assert native[name].__module__ == "pkgutil"
    finally:
        if not was_installed:
            _legacy_api.uninstall()


def test_the_warning_points_at_the_caller(ours: None) -> None:
    """3.13 used stacklevel 3 inside warnings._deprecated: the line calling get_loader."""
    import warnings

    pkgutil = _pkgutil()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = sys._getframe().f_lineno + 1
        pkgutil.get_loader("sys")
    assert [(w.filename, w.lineno) for w in caught] == [(__file__, line)]


@requires_subprocess
def test_reference_is_what_python_3_13_does_today() -> None:
    """Rerun the scenarios on a real 3.13 (no imp_compat) so the stored reference cannot rot."""
    python = references.require("3.13")[0]
    assert json_from_reference_script(python, Path(pkgutil_loaders.__file__)) == REFERENCE


_MAIN_SCRIPT = """\
import json, os, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)
import pkgutil
if sys.argv[-1] == "imp_compat":
    from imp_compat._legacy_api import _py314
    pkgutil.find_loader, pkgutil.get_loader = _py314.find_loader, _py314.get_loader
loader = pkgutil.get_loader("__main__")
kind = loader.__name__ if isinstance(loader, type) else type(loader).__name__
path = getattr(loader, "path", None)
print(json.dumps([kind, getattr(loader, "name", None), path and os.path.basename(path)]))
"""


@requires_subprocess
@pytest.mark.parametrize("how", ["script", "-m", "-c"])
def test_main_module_as_python_3_13(how: str, tmp_path: Path) -> None:
    """get_loader("__main__") in a real ``python script.py``, ``python -m``, ``python -c``."""
    (tmp_path / "lapi_main.py").write_text(_MAIN_SCRIPT, encoding="utf-8")
    arguments = {"script": ["lapi_main.py"], "-m": ["-m", "lapi_main"], "-c": ["-c", _MAIN_SCRIPT]}

    def run(python: str, *extra: str) -> Any:
        env = dict(os.environ)
        if extra == ():  # the reference: the real 3.13, nothing of this project on its path
            env.pop("PYTHONPATH", None)
        done = subprocess.run(
            [python, *arguments[how], *extra], capture_output=True, text=True, cwd=tmp_path,
            env=env, check=False, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    reference = run(references.require("3.13")[0])
    assert run(sys.executable, "imp_compat") == reference
