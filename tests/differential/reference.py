"""The reference: Python 3.11's standard library ``imp``, never this project's ``imp`` shim.

``import imp`` is not enough: with ``src`` on ``PYTHONPATH`` (or the package installed ahead
of the standard library on ``sys.path``) it finds the project's top-level ``imp.py``, which
re-exports ``imp_compat``, and the test would compare ``imp_compat`` with itself.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import types
import warnings


def stdlib_imp() -> types.ModuleType:
    """The ``imp`` module of the standard library of the running 3.11."""
    path = os.path.join(os.path.dirname(os.__file__), "imp.py")  # the stdlib's folder
    loaded = sys.modules.get("imp")
    if loaded is not None and getattr(loaded, "__file__", None) == path:
        return loaded
    spec = importlib.util.spec_from_file_location("imp", path)
    if spec is None or spec.loader is None or not os.path.exists(path):
        raise ImportError(f"no standard library imp at {path}")
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.loader.exec_module(module)
    assert not hasattr(module, "imp_compat") and "_LoadSourceCompatibility" in vars(module)
    return module


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def reference_python(version: str) -> str:
    """The path of a native CPython ``version`` ("3.11") to compare with, for tests.

    A test without its reference is skipped only where the machine truly lacks it: when the
    interpreter is listed (``pythonX.Y`` on PATH, or under pyenv) but does not run, or when
    ``CI`` is set, the test fails instead, so that a broken reference never turns into a skip.
    """
    import pytest

    pyenv = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    listed = [shutil.which(f"python{version}"),
              *sorted(glob.glob(os.path.join(pyenv, "versions", f"{version}.*", "bin", "python")))]
    problems = []
    for candidate in dict.fromkeys(c for c in listed if c):
        try:
            done = subprocess.run(
                [candidate, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True, text=True, timeout=60, check=False)
        except OSError as error:
            problems.append(f"{candidate}: {error}")
            continue
        if done.returncode == 0 and done.stdout.strip() == version:
            return candidate
        problems.append(f"{candidate}: exit {done.returncode}, {done.stdout.strip()!r}, "
                        f"{done.stderr.strip()[-200:]!r}")
    if problems:
        pytest.fail(f"the reference Python {version} is listed but does not run: {problems}")
    if _on_ci():
        pytest.fail(f"no Python {version} (the reference) on PATH or under {pyenv}, and CI is "
                    "set: a CI machine must have it")
    pytest.skip(f"no Python {version} (the reference) on PATH or under {pyenv}")
