"""Behaviour checks for the rules of removed importlib/pkgutil names (``_legacy_api``).

The "before" snippet runs on the last Python that had the name (3.11 for the 3.12 removals and
``load_module``, 3.13 for ``pkgutil.get_loader``/``find_loader``), natively; the rewritten
snippet runs on 3.11, 3.12 and 3.13, where available, with ``-W error::DeprecationWarning``
(all runs with ``-S``: no site-packages, whose finders differ between the Pythons)
(the removed names warned; their rewrites must not). Snippets observe through ``_observe``
(written beside them): ``observe(label, thunk)`` prints one JSON line with the return value's
type and repr (or the exception's type and message) and what it changed in ``sys.modules``;
every run must print the same lines as the reference. The "before" snippet must also fail on
the first Python that lacks the name, so a test cannot pass against a name that still exists.

A missing reference Python skips, except on CI (``behaviour.references_required``): then it
fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from behaviour import _python, references_required, rewrite

OBSERVE = '''\
"""Print what a call did, as JSON, the same way on every Python."""
import json
import sys


def _describe(value):
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_describe(item) for item in value]]
    if isinstance(value, type):
        return "class " + value.__name__
    if type(value).__name__ == "module":
        return "module " + value.__name__
    name = getattr(value, "name", None)  # a file loader's module
    return "a " + type(value).__name__ + (" for " + name if isinstance(name, str) else "")


def observe(label, thunk):
    before = dict(sys.modules)
    try:
        outcome = {"returned": _describe(thunk())}
    except BaseException as error:  # noqa: BLE001
        outcome = {"raised": type(error).__name__, "message": str(error)}
    added = sorted(set(sys.modules) - set(before))
    removed = sorted(set(before) - set(sys.modules))
    replaced = sorted(k for k in before if k in sys.modules and sys.modules[k] is not before[k])
    outcome["sys.modules"] = {"added": added, "removed": removed, "replaced": replaced}
    print(json.dumps({label: outcome}, sort_keys=True))


def show(label, value):
    print(json.dumps({label: _describe(value)}, sort_keys=True))
'''

VERSIONS = ("3.11", "3.12", "3.13")


def python(version: str) -> str:
    """The native interpreter for ``version``; skips (or fails, when required) without it."""
    found = _python(version)
    if found is None:
        message = f"Python {version} is not installed"
        if references_required():
            pytest.fail(message)
        pytest.skip(message)
    return found


def prepare(cwd: Path, source: str, files: dict[str, str]) -> None:
    """A fresh ``cwd`` holding ``snippet.py`` (``source``), ``_observe.py`` and ``files``."""
    shutil.rmtree(cwd, ignore_errors=True)
    cwd.mkdir()
    (cwd / "_observe.py").write_text(OBSERVE, encoding="utf-8")
    for name, text in files.items():
        (cwd / name).parent.mkdir(parents=True, exist_ok=True)
        (cwd / name).write_text(text, encoding="utf-8")
    (cwd / "snippet.py").write_text(source, encoding="utf-8")


def run(
    executable: str, source: str, cwd: Path, warnings: str, files: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    prepare(cwd, source, files)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "IMP_COMPAT"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [executable, "-S", "-W", warnings, "snippet.py"],  # -S: no site-packages' finders
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


CheckLegacy = Callable[..., str]


@pytest.fixture
def check_legacy(tmp_path: Path) -> CheckLegacy:
    """``check_legacy(before, reference="3.11", gone_in="3.12", expect=(...), files={...})``.

    ``warns=False`` for a snippet whose reference never warned: naming a removed class
    (``pkgutil.ImpImporter``) did not, only creating one did.
    """

    def check(
        before: str,
        *,
        reference: str = "3.11",
        gone_in: str | None = "3.12",
        expect: tuple[str, ...] = (),
        files: dict[str, str] | None = None,
        warns: bool = True,
    ) -> str:
        files = files or {}
        after = rewrite(before)
        for fragment in expect:
            assert fragment in after, after
        work = tmp_path / "work"  # the same path for every run: outputs may name it
        old = run(python(reference), before, work, "ignore::DeprecationWarning", files)
        assert old.returncode == 0, f"the reference run failed:\n{old.stderr}"
        expected = old.stdout
        assert expected.strip(), "the snippet must print what it observes"
        warned = run(python(reference), before, work, "error::DeprecationWarning", files)
        if warns:
            assert "DeprecationWarning" in warned.stderr + warned.stdout, "the name did not warn"
        else:
            assert warned.stdout == expected, f"it warned:\n{warned.stderr}"
        if gone_in is not None:
            gone = run(python(gone_in), before, work, "ignore::DeprecationWarning", files)
            assert gone.returncode != 0 or gone.stdout != expected, f"still works on {gone_in}"
        for version in VERSIONS:
            new = run(python(version), after, work, "error::DeprecationWarning", files)
            assert new.returncode == 0, f"{version} failed:\n{after}\n{new.stderr}"
            assert new.stdout == expected, f"on {version}:\n{after}"
        return after

    return check
