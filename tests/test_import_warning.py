"""What importing costs and says: the DeprecationWarning of ``import imp``, its silencing switch,
a quiet and cheap ``import imp_compat``, and which ``imp`` an installed interpreter picks.

Each check runs in a fresh interpreter (a subprocess), because imports happen once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import requires_subprocess

import imp_compat

pytestmark = requires_subprocess

MESSAGE = (
    "the imp module is deprecated in favour of importlib and slated for removal in Python 3.12; "
    "see the module's documentation for alternative uses"
)
# The folder holding imp_compat and, beside it, the top-level imp.py shim (src/ or site-packages).
PACKAGE_ROOT = str(Path(imp_compat.__file__).resolve().parent.parent)
SHIM = os.path.join(PACKAGE_ROOT, "imp.py")
STDLIB_IMP = os.path.join(sysconfig.get_paths()["stdlib"], "imp.py")
USES_STDLIB_IMP = sys.version_info < (3, 12)

# Modules a plain ``import imp_compat`` must not load: each costs milliseconds and is needed by
# at most one or two functions.
HEAVY_MODULES = [
    "tokenize", "token", "re", "inspect", "ast", "dis", "linecache", "typing", "textwrap",
    "pkgutil", "subprocess", "tempfile", "shutil", "json", "email", "zipfile",
]

IMPORTER = """\
import json, sys, warnings
{setup}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import imp
    import imp as again
report = {{
    "file": imp.__file__,
    "warnings": [
        [w.category.__name__, str(w.message), w.filename, w.lineno] for w in caught
    ],
}}
print(json.dumps(report))
"""
IMPORT_LINE = 5  # the line of IMPORTER holding `import imp`


def python(*args: str, env: dict[str, str] | None = None,
           cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with a clean environment (plus ``env``) and capture its output."""
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith("PYTHON") and key != "IMP_COMPAT_SILENCE_DEPRECATION"
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=environment, cwd=cwd,
        timeout=120, check=False,
    )


def import_imp(tmp_path: Path, *, shim: bool, env: dict[str, str] | None = None) -> dict:
    """Import ``imp`` in a child interpreter from a script file and report what happened.

    ``shim`` puts this project's top-level ``imp.py`` first on sys.path, so that it is the
    one imported even on 3.11; otherwise the interpreter picks whichever ``imp`` it finds.
    """
    where = "insert(0, " if shim else "append("
    setup = f"sys.path.{where}{PACKAGE_ROOT!r})"
    script = tmp_path / "importer.py"
    script.write_text(IMPORTER.format(setup=setup), encoding="utf-8")
    result = python(str(script), env=env, cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    report["script"] = str(script)
    return report


@pytest.mark.parametrize("shim", [True, False], ids=["project-imp", "default-imp"])
def test_import_imp_warns_once_pointing_at_the_importer(tmp_path: Path, shim: bool) -> None:
    report = import_imp(tmp_path, shim=shim)
    if shim or not USES_STDLIB_IMP:
        assert report["file"] == SHIM
    else:
        assert report["file"] == STDLIB_IMP  # the reference behaviour, checked the same way
    assert report["warnings"] == [
        ["DeprecationWarning", MESSAGE, report["script"], IMPORT_LINE],
    ]


def test_silencing_variable_silences_the_project_imp(tmp_path: Path) -> None:
    report = import_imp(tmp_path, shim=True, env={"IMP_COMPAT_SILENCE_DEPRECATION": "1"})
    assert report["file"] == SHIM
    assert report["warnings"] == []


@pytest.mark.parametrize("value", ["", "0"], ids=["empty", "zero"])
def test_silencing_variable_off_values_still_warn(tmp_path: Path, value: str) -> None:
    # Documented beside SILENCE_ENV_VAR: only a non-empty value other than "0" silences.
    report = import_imp(tmp_path, shim=True, env={"IMP_COMPAT_SILENCE_DEPRECATION": value})
    assert report["warnings"] == [["DeprecationWarning", MESSAGE, report["script"], IMPORT_LINE]]


def test_silencing_variable_covers_every_import_in_the_process(tmp_path: Path) -> None:
    code = (
        f"import sys, warnings; sys.path.insert(0, {PACKAGE_ROOT!r})\n"
        "warnings.simplefilter('error')\n"
        "import imp\n"
        "del sys.modules['imp']\n"
        "import imp\n"
        "print(imp.__file__)\n"
    )
    result = python("-c", code, env={"IMP_COMPAT_SILENCE_DEPRECATION": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == SHIM


@pytest.mark.parametrize("shim", [True, False], ids=["project-imp", "default-imp"])
def test_warning_as_error_fails_the_import_cleanly(shim: bool) -> None:
    where = "insert(0," if shim else "append("
    code = (
        f"import sys, warnings; sys.path.{where} {PACKAGE_ROOT!r})\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "try:\n"
        "    import imp\n"
        "except DeprecationWarning as error:\n"
        "    print(str(error))\n"
        "    print('imp' in sys.modules)\n"
    )
    result = python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [MESSAGE, "False"]


def test_import_imp_compat_is_silent(tmp_path: Path) -> None:
    code = (
        f"import sys; sys.path.insert(0, {PACKAGE_ROOT!r})\n"
        "import imp_compat, imp_compat.pkgutil\n"
        "print(imp_compat.__file__)\n"
    )
    result = python("-W", "error", "-X", "dev", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == imp_compat.__file__


def test_project_imp_reexports_imp_compat(tmp_path: Path) -> None:
    code = (
        f"import sys, warnings; sys.path.insert(0, {PACKAGE_ROOT!r})\n"
        "warnings.simplefilter('ignore')\n"
        "import imp, imp_compat\n"
        "names = imp_compat.__all__\n"
        "assert imp.__all__[: len(names)] == names, imp.__all__\n"
        # 3.11's imp had no __all__: `from imp import *` also bound the modules it imported.
        "extra = sorted(imp.__all__[len(names):])\n"
        "assert extra == ['SourcelessFileLoader', 'importlib', 'machinery', 'os', 'sys',"
        " 'tokenize', 'types', 'util', 'warnings'], extra\n"
        "missing = [n for n in names if getattr(imp, n) is not getattr(imp_compat, n)]\n"
        "assert not missing, missing\n"
        "print(len(names))\n"
    )
    result = python("-c", code)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(imp_compat.__all__)


@pytest.mark.parametrize("module", ["imp_compat", "imp_compat.pkgutil"])
def test_import_is_cheap(module: str) -> None:
    # -S: no site, so nothing but the interpreter's own start-up is loaded before the import.
    code = (
        f"import sys; sys.path.insert(0, {PACKAGE_ROOT!r})\n"
        "before = set(sys.modules)\n"
        f"import {module}\n"
        "loaded = sorted(set(sys.modules) - before)\n"
        "print(repr(loaded))\n"
    )
    result = python("-S", "-c", code)
    assert result.returncode == 0, result.stderr
    loaded = eval(result.stdout)  # a repr'd list of str
    assert module in loaded
    assert [name for name in HEAVY_MODULES if name in loaded] == []


def test_import_imp_resolution_when_installed() -> None:
    # -I: no PYTHONPATH, no current directory; only what is installed in the interpreter.
    probe = python("-I", "-c", "import importlib.util as u; print(u.find_spec('imp_compat'))")
    if probe.stdout.strip() == "None":
        pytest.skip("imp_compat is not installed in this interpreter (e.g. run from src/)")
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "import imp, imp_compat, os\n"
        "print(imp.__file__)\n"
        "print(imp.load_source is getattr(imp_compat, 'load_source'))\n"
        "print(os.path.join(os.path.dirname(os.path.dirname(imp_compat.__file__)), 'imp.py'))\n"
    )
    result = python("-I", "-c", code)
    assert result.returncode == 0, result.stderr
    imp_file, same_function, installed_shim = result.stdout.splitlines()
    if USES_STDLIB_IMP:
        assert imp_file == STDLIB_IMP
        assert same_function == "False"
    else:
        assert imp_file == installed_shim
        assert same_function == "True"
