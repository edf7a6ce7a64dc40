"""CPython 3.11's own test suite for ``imp`` (``Lib/test/test_imp.py``) passes against imp_compat.

The file is taken from a CPython 3.11 installation found at run time (its
``test/test_imp.py``) and run, in a subprocess, by this Python (3.12 or later) with its own
``test.support`` and with ``imp`` being imp_compat (see ``legacy_api/cpython_test_imp.py``).
Every test must pass: none may fail, raise or be skipped, except for the skips listed below,
which depend on the machine rather than on ``imp``.

One test loads a C extension under another name (``PyInit_imp_dummy`` of 3.11's
``_testmultiphase``, gone in 3.12): ``tests/data/imp_dummy_311.c`` provides that entry point,
built with the machine's C compiler.

No 3.11 at all (or no C compiler, or no ``test.support`` in this Python): skipped, except in
CI, where it fails. A 3.11 whose ``test_imp.py`` is missing (Debian's python3.11 without
libpython3.11-testsuite) does not count; when no 3.11 found has it, the test fails.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import requires_subprocess
from legacy_api import cpython_test_imp, references

#: Skip reasons of test_imp.py that describe the machine, not the module under test.
MACHINE_SKIPS = (
    "can't run this test with",  # test_find_module_encoding: an exotic filesystem encoding
    "found module doesn't appear to be a C extension",
    "requires sys.implementation.cache_tag",
)

pytestmark = [
    requires_subprocess,
    pytest.mark.skipif(
        sys.version_info < (3, 12), reason="on 3.11 test_imp tests the standard library's imp"
    ),
]


def _test_imp_of_python_3_11() -> str:
    found = references.require("3.11")
    tried = []
    for python in found:
        done = subprocess.run(
            [python, "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
            capture_output=True, text=True, check=False, timeout=60,
        )
        path = os.path.join(done.stdout.strip(), "test", "test_imp.py")
        if done.returncode == 0 and os.path.isfile(path):
            return path
        tried.append(f"{python}: {path}")
    pytest.fail(
        "Python 3.11 is here but its test/test_imp.py is not (a build without its test suite?): "
        + "; ".join(tried),
        pytrace=False,
    )


IMP_DUMMY_SOURCE = Path(__file__).parent / "data" / "imp_dummy_311.c"


def _lacking(message: str) -> None:
    """This machine lacks what the run needs: skip, or fail in CI."""
    if references.REQUIRE_REFERENCES:
        pytest.fail(message + "; CI must have it", pytrace=False)
    pytest.skip(message)


def _require_test_support() -> None:
    if importlib.util.find_spec("test.support") is None:
        _lacking(f"this Python ({sys.executable}) has no test.support (its test package)")


def _build_imp_dummy(folder: Path) -> Path:
    """``_testmultiphase<EXT_SUFFIX>`` with 3.11's PyInit_imp_dummy, built in ``folder``."""
    configured = (sysconfig.get_config_var("CC") or "").split()[:1]
    compiler = next(
        (c for c in [*configured, os.environ.get("CC", ""), "cc", "gcc", "clang"]
         if c and shutil.which(c)),
        None,
    )
    include = sysconfig.get_paths()["include"]
    if compiler is None or not os.path.isfile(os.path.join(include, "Python.h")):
        _lacking("no C compiler or no Python.h to build tests/data/imp_dummy_311.c")
    target = folder / f"_testmultiphase{importlib.machinery.EXTENSION_SUFFIXES[0]}"
    command = [str(compiler), "-shared", "-fPIC", "-O0", f"-I{include}", "-o", str(target),
               str(IMP_DUMMY_SOURCE)]
    if sys.platform == "darwin":
        command[1:2] = ["-bundle", "-undefined", "dynamic_lookup"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stderr}"
    return folder


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """{test id: outcome} of 3.11's test_imp.py run by this Python against imp_compat."""
    test_file = _test_imp_of_python_3_11()
    _require_test_support()
    work = tmp_path_factory.mktemp("test_imp")
    extension_folder = _build_imp_dummy(tmp_path_factory.mktemp("imp_dummy"))
    results = work / "results.json"
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # test_bug7732 needs bytecode writing on
    done = subprocess.run(
        [sys.executable, cpython_test_imp.__file__, test_file, str(results), str(extension_folder)],
        capture_output=True, text=True, cwd=work, env=env, check=False, timeout=600,
    )
    assert done.returncode == 0 and results.exists(), done.stdout + done.stderr
    recorded: dict[str, str] = json.loads(results.read_text(encoding="utf-8"))
    return recorded


def test_every_test_of_python_3_11_passes(outcomes: dict[str, str]) -> None:
    problems = {
        test: outcome
        for test, outcome in outcomes.items()
        if outcome != "passed"
        and not (outcome.startswith("skipped: ") and outcome.startswith(MACHINE_SKIPS, 9))
    }
    assert problems == {}
    assert len(outcomes) >= 25, outcomes  # 29 on 3.11.7's file: the whole file ran


@pytest.mark.parametrize(
    "test",
    [
        # imp._LoadSourceCompatibility, the private loader of 3.11's load_source
        "test_imp.ImportTests.test_multiple_calls_to_get_data",
        # a source file with a bad coding declaration, from 3.11's tokenizedata/
        "test_imp.ImportTests.test_find_module_encoding",
        "test_imp.ImportTests.test_issue9319",
        # load_dynamic() under the name of a source module already imported (test.imp_dummy,
        # from 3.11's test folder; the extension's entry point from tests/data/imp_dummy_311.c)
        "test_imp.ImportTests.test_issue24748_load_module_skips_sys_modules_check",
        # runs only when bytecode is written
        "test_imp.ImportTests.test_bug7732",
    ],
)
def test_the_tests_that_need_more_than_imp_did_run(outcomes: dict[str, str], test: str) -> None:
    """These need the private helpers or 3.11's data files: they ran, and passed."""
    assert outcomes.get(test) == "passed"


def test_the_runner_reports_a_failure(tmp_path: Path) -> None:
    """The harness is not blind: a failing test of the file shows as failed."""
    _require_test_support()
    failing = tmp_path / "test_imp.py"
    failing.write_text(
        "import unittest, imp\n"
        "class T(unittest.TestCase):\n"
        "    def test_private(self):\n"
        "        self.assertTrue(hasattr(imp, '_NoSuchHelper'))\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, cpython_test_imp.__file__, str(failing), str(results)],
        capture_output=True, text=True, cwd=tmp_path, check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(results.read_text(encoding="utf-8"))["test_imp.T.test_private"]
    assert outcome.startswith("failed: ")
