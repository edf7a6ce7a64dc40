"""Behaviour checks for rewrite rules: run code with imp and, rewritten, without it; compare.

Each rewrite rule is proven by behaviour, not text. The "before" snippet runs where ``imp``
exists: Python 3.11's own standard-library ``imp`` (the reference) and Python 3.12 with this
project's ``imp`` on ``PYTHONPATH`` (an ``imp`` that fails there fails the test, never skips
it). The rewritten snippet runs on the same Python version without anything added, and both
must print the same lines. The rewritten snippet also runs on 3.12 with no ``imp`` anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

PROJECT_SRC = Path(__file__).resolve().parents[2] / "src"


def _python(version: str) -> str | None:
    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for candidate in sorted(Path(pyenv, "versions").glob(f"{version}.*/bin/python")):
        return str(candidate)
    return shutil.which(f"python{version}")


def references_required() -> bool:
    """On CI (``CI``, ``IMP_REQUIRE_REFERENCES`` as .ci/run sets, or
    ``IMP_MIGRATE_REQUIRE_PYTHONS=1``) a missing reference interpreter fails, never skips."""
    return bool(
        os.environ.get("CI")
        or os.environ.get("IMP_REQUIRE_REFERENCES")
        or os.environ.get("IMP_MIGRATE_REQUIRE_PYTHONS") == "1"
    )


PY311 = sys.executable if sys.version_info[:2] == (3, 11) else _python("3.11")
PY312 = os.environ.get("IMP_MIGRATE_PY312") or _python("3.12") or _python("3.13")


@dataclass(frozen=True)
class Interpreter:
    label: str
    executable: str
    imp_path: str | None
    """Added to PYTHONPATH for the "before" run (this project's imp), or None (stdlib imp)."""


def interpreters() -> list[Interpreter]:
    found = []
    if PY311:
        found.append(Interpreter("3.11 stdlib imp", PY311, None))
    if PY312:
        found.append(Interpreter("3.12 imp_compat", PY312, str(PROJECT_SRC)))
    return found


def run(executable: str, source: str, cwd: Path, pythonpath: str | None) -> str:
    """Run ``source`` as a script in ``cwd``; return its stdout, failing on a non-zero exit."""
    script = cwd / "snippet.py"
    script.write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "IMP_COMPAT_REPORT")}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [executable, "-W", "ignore::DeprecationWarning", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{executable} failed:\n{source}\n{result.stderr}"
    return result.stdout


def rewrite(before: str) -> str:
    """``fix`` applied to ``before``; asserts that no use of imp is left behind."""
    result = fix_source(before.encode(), "snippet.py")
    assert result.error is None, result.error
    assert result.left_for_humans == [], result.left_for_humans
    after = result.fixed.decode()
    assert find_uses(result.fixed).uses == [], after
    return after


CheckRewrite = Callable[..., str]


@pytest.fixture(params=interpreters(), ids=lambda interpreter: interpreter.label)
def check_rewrite(request: pytest.FixtureRequest, tmp_path: Path) -> CheckRewrite:
    """``check_rewrite(before, expect=[...])``: fix, then prove same output before and after."""
    interpreter: Interpreter = request.param  # a broken imp of this project fails the "before" run

    def check(before: str, expect: tuple[str, ...] = ()) -> str:
        after = rewrite(before)
        for fragment in expect:
            assert fragment in after, after
        work = tmp_path / "work"  # the same path for every run: outputs may print paths

        def fresh() -> Path:
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            return work

        expected = run(interpreter.executable, before, fresh(), interpreter.imp_path)
        assert expected.strip(), "the snippet must print what it observes"
        assert run(interpreter.executable, after, fresh(), None) == expected
        if PY312 and interpreter.executable != PY312:
            run(PY312, after, fresh(), None)  # runs where imp does not exist at all
        return after

    return check
