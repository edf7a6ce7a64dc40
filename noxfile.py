"""Test, lint and benchmark sessions for every product in this repository.

``python3 -m nox`` runs the default sessions: the module's test suite on every CPython >= 3.11
found on the machine (PATH and pyenv), on CPython 3.14 and 3.15 through Pyodide, the other
products' suites, and the linters.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False


def _discover_cpythons() -> list[str]:
    """Return the ``X.Y`` versions (>= 3.11) of every CPython on PATH or under pyenv.

    pyenv's shims only answer for the global version, so each pyenv interpreter is linked
    into ``.nox/bin`` under its ``pythonX.Y`` name and that folder is put first on PATH.
    """
    link_dir = ROOT / ".nox" / "bin"
    link_dir.mkdir(parents=True, exist_ok=True)
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for exe in sorted(glob.glob(os.path.join(pyenv_root, "versions", "*", "bin", "python3.*"))):
        name = os.path.basename(exe)
        if re.fullmatch(r"python3\.\d+", name) and not (link_dir / name).exists():
            (link_dir / name).symlink_to(exe)
    os.environ["PATH"] = f"{link_dir}{os.pathsep}{os.environ['PATH']}"
    found = []
    for minor in range(11, 30):
        exe = shutil.which(f"python3.{minor}")
        if exe and os.access(exe, os.X_OK) and Path(exe).resolve().exists():
            found.append(f"3.{minor}")
    return found


CPYTHONS = _discover_cpythons()
TEST_REQUIREMENTS = ["pytest>=8", "hypothesis>=6.100"]


@nox.session(python=CPYTHONS)
def tests(session: nox.Session) -> None:
    """The imp module's test suite on one CPython."""
    # uv: the old-sdist test checks the uv recipes of docs/old-sdists.md too.
    session.install(".", *TEST_REQUIREMENTS, "uv")
    session.run("python", "-m", "pytest", "tests", *session.posargs)


@nox.session(python=[v for v in CPYTHONS if v != "3.11"][-1:] or None, default=False)
def demo(session: nox.Session) -> None:
    """Install the package into the newest CPython >= 3.12 found and use ``import imp``."""
    session.install(".")
    session.run(
        "python", "-c",
        "import sys, imp; print(sys.version.split()[0], imp.__file__);"
        "print(imp.find_module('json')); print(imp.get_tag(), imp.get_magic())",
    )


@nox.session(python=False)
def modern_python_tested(session: nox.Session) -> None:
    """Fail when no CPython >= 3.12 is available: the module exists for those."""
    modern = [v for v in CPYTHONS if v != "3.11"]
    if not modern:
        session.error("no CPython >= 3.12 found on PATH or under pyenv; nothing modern was tested")
    session.log(f"native CPythons tested: {', '.join(CPYTHONS)}")


@nox.session(python=CPYTHONS[:1] or None)
def wsl(session: nox.Session) -> None:
    """The imp command for WSL 2 (wsl/); as root also against a real systemd in namespaces."""
    session.install("./wsl", "pytest")
    session.run("python", "-m", "pytest", "wsl/tests", *session.posargs)


@nox.session(python=[v for v in CPYTHONS if v in ("3.11", "3.12")])
def legacy_hooks_real_packages(session: nox.Session) -> None:
    """Cython 0.29's pyximport and python-future 0.18's hooks, through the legacy-hook support."""
    session.install(".", "cython<3", "future==0.18.3", "setuptools", *TEST_REQUIREMENTS)
    session.run(
        "python", "-m", "pytest", "tests/test_legacy_hooks_pyximport.py",
        "tests/test_legacy_hooks_future.py", *session.posargs,
    )


@nox.session(python=[v for v in CPYTHONS if v != "3.11"][:1] or None, default=False)
def bench_legacy_hooks(session: nox.Session) -> None:
    """Benchmark: whole-stdlib imports with the legacy hooks off/on (ratio, target <= 1.02x)."""
    session.install("pyperf==2.10.0")
    session.run("python", "bench/legacy_hooks_overhead.py", "--quiet", *session.posargs)


@nox.session(python=[v for v in CPYTHONS if v != "3.11"][:1] or None, default=False)
def bench_legacy_api(session: nox.Session) -> None:
    """Benchmark: python -c pass with imp-compat installed against none (target <= 1.01x), and
    what switching the legacy import API on costs (start-up, import imp)."""
    session.run("python", "bench/legacy_api_startup.py", *session.posargs)


@nox.session(python=CPYTHONS[:1] or None)
def migrate(session: nox.Session) -> None:
    """imp-migrate's tests: each rewrite rule proven by running code with imp and without."""
    session.install(".", "./migrate[test]")  # one pip call: imp-compat resolves to this repo
    session.chdir("migrate")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=CPYTHONS[:1] or None, default=False)
def scan_speed(session: nox.Session) -> None:
    """Benchmark: imp-migrate scan beside ruff on Python 3.11's stdlib (files/s and ratio)."""
    session.install(".", "./migrate", "ruff")
    session.run("python", "bench/scan_speed.py", *session.posargs)


@nox.session(python=False, default=False)
def bench(session: nox.Session) -> None:
    """imp_compat against 3.11's imp, raw importlib and zombie-imp (quick; `-- --publish` full)."""
    session.run(
        "python3", "bench/run.py", *(session.posargs or ["--quick", "--no-plot"]), external=True
    )


@nox.session(python=CPYTHONS[:1] or None)
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over every product."""
    session.install("ruff", "mypy", ".", "./wsl", "./migrate")
    session.run("ruff", "check", "src", "tests", "noxfile.py", "wsl", "migrate", "bench")
    session.run("mypy", "--strict", "src")
    session.run("mypy", "--strict", "wsl/src")
    session.run("mypy", "--strict", "migrate/src")


PYODIDE_DIR = ROOT / "tests" / "pyodide"


def _pyodide_tests(session: nox.Session, version: str) -> None:
    """Run the suite on Pyodide's CPython ``version`` in Node.js (see tests/pyodide/README.md).

    pytest and hypothesis are pure Python: pip installs them for the target Python into a folder
    that ``tests/pyodide/run.mjs`` mounts into Pyodide, fresh each run so no stale copy lingers.
    """
    import sys  # the interpreter running nox has pip; Pyodide itself cannot reach PyPI

    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            session.error(f"{tool} not found: install Node.js >= 18 (Debian: nodejs, npm)")
    with session.chdir(PYODIDE_DIR):
        session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)
    site = Path(session.cache_dir).resolve() / "pyodide" / f"site-{version}"
    shutil.rmtree(site, ignore_errors=True)
    session.run(
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--target", str(site), "--python-version", version, "--implementation", "py",
        "--platform", "any", "--only-binary=:all:", "--no-compile", *TEST_REQUIREMENTS,
        external=True,
    )
    session.run(
        "node", str(PYODIDE_DIR / "run.mjs"), "--python", version, "--site", str(site),
        "--repo", str(ROOT), "--", *(session.posargs or ["tests"]),
        external=True,
    )


@nox.session(name="pyodide-3.14", python=False)
def pyodide_314(session: nox.Session) -> None:
    """The imp module's test suite on CPython 3.14 (Pyodide 314, WebAssembly in Node.js)."""
    _pyodide_tests(session, "3.14")


@nox.session(name="pyodide-3.15", python=False)
def pyodide_315(session: nox.Session) -> None:
    """The imp module's test suite on CPython 3.15 (Pyodide 315, WebAssembly in Node.js)."""
    _pyodide_tests(session, "3.15")
