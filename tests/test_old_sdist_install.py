"""Old sdists whose ``setup.py`` does ``import imp`` install on Python 3.12+ by the methods
``docs/old-sdists.md`` documents, and do not by the ones it says do not work.

Each test builds the same tiny sdist, whose ``setup.py`` reads its version with
``imp.load_source``, and installs it into a fresh virtual environment of the running
interpreter, offline from a local wheel folder (setuptools from the package index, once;
imp-compat built from this checkout). Takes about 30-40 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest
from conftest import requires_subprocess

pytestmark = [
    requires_subprocess,
    pytest.mark.skipif(sys.version_info < (3, 12), reason="Python 3.11 still has its own imp"),
]

ROOT = Path(__file__).resolve().parents[1]
VERSION = "1.2.3"  # what setup.py reads through imp.load_source
SETUP_PY = textwrap.dedent("""\
    import os
    import imp

    from setuptools import setup

    HERE = os.path.dirname(os.path.abspath(__file__))
    version = imp.load_source("oldpkg_version", os.path.join(HERE, "oldpkg", "version.py")).VERSION

    setup(name="oldpkg", version=version, packages=["oldpkg"])
""")
NO_IMP = "No module named 'imp'"


def run(*args: str | Path, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(arg) for arg in args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=300)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _pip_version() -> tuple[int, ...]:
    try:
        from pip import __version__
    except ImportError:
        return ()
    return tuple(int(part) for part in __version__.split(".")[:2] if part.isdigit())


pytestmark.append(pytest.mark.skipif(
    _pip_version() < (22, 3), reason="needs pip >= 22.3 (pip --python) in the running Python"
))


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """setuptools and wheel (from the package index: pip's default build requirements for a
    project without pyproject.toml) and imp-compat (built from this checkout)."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    download = run(sys.executable, "-m", "pip", "download", "--only-binary=:all:",
                   "--dest", folder, "setuptools", "wheel")
    if download.returncode != 0:
        pytest.skip(f"needs setuptools and wheel from the package index: {download.stderr[-300:]}")
    source = tmp_path_factory.mktemp("imp-compat-source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    ok(run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index", "--find-links",
           folder, "--wheel-dir", folder, source))
    return folder


@pytest.fixture(scope="module")
def old_sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``oldpkg-1.2.3.tar.gz``: no pyproject.toml, a setup.py that imports imp."""
    folder = tmp_path_factory.mktemp("sdist")
    tree = folder / f"oldpkg-{VERSION}"
    (tree / "oldpkg").mkdir(parents=True)
    (tree / "setup.py").write_text(SETUP_PY)
    (tree / "oldpkg" / "version.py").write_text(f"VERSION = {VERSION!r}\n")
    (tree / "oldpkg" / "__init__.py").write_text("from .version import VERSION\n")
    (tree / "PKG-INFO").write_text(f"Metadata-Version: 1.1\nName: oldpkg\nVersion: {VERSION}\n")
    archive = folder / f"oldpkg-{VERSION}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tree, arcname=tree.name)
    return archive


def venv(folder: Path) -> Path:
    """A fresh virtual environment of the running interpreter, without pip (this process's
    pip installs into it, with ``--python``: much faster); returns its python."""
    ok(run(sys.executable, "-m", "venv", "--without-pip", folder))
    return folder / "bin" / "python"


def installed_version(python: Path) -> str:
    script = "import oldpkg, importlib.metadata as m; print(oldpkg.VERSION, m.version('oldpkg'))"
    return ok(run(python, "-c", script)).strip()


def pip_install(python: Path, wheelhouse: Path, *args: str | Path,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m pip install`` into ``python``'s environment, offline."""
    return run(sys.executable, "-m", "pip", "--python", python, "install", "--no-compile",
               "--no-index", "--find-links", wheelhouse, *args, env=env)


@pytest.fixture(scope="module")
def plain_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv nothing is installed into (the methods that fail share it)."""
    return venv(tmp_path_factory.mktemp("plain") / "venv")


def test_a_plain_pip_install_fails_for_want_of_imp(plain_venv: Path, wheelhouse: Path,
                                                   old_sdist: Path) -> None:
    result = pip_install(plain_venv, wheelhouse, old_sdist)
    assert result.returncode != 0
    assert NO_IMP in result.stdout + result.stderr


def test_imp_compat_in_the_target_env_does_not_reach_the_isolated_build(
        tmp_path: Path, wheelhouse: Path, old_sdist: Path) -> None:
    python = venv(tmp_path / "venv")
    ok(pip_install(python, wheelhouse, "imp-compat"))
    result = pip_install(python, wheelhouse, old_sdist)
    assert result.returncode != 0
    assert NO_IMP in result.stdout + result.stderr


def test_pythonpath_does_not_reach_the_isolated_build(
        tmp_path: Path, plain_venv: Path, wheelhouse: Path, old_sdist: Path) -> None:
    target = tmp_path / "imp-only"
    ok(run(sys.executable, "-m", "pip", "install", "--no-index", "--find-links", wheelhouse,
           "--target", target, "imp-compat"))
    assert (target / "imp.py").exists()
    result = pip_install(plain_venv, wheelhouse, old_sdist, env={"PYTHONPATH": str(target)})
    assert result.returncode != 0
    assert NO_IMP in result.stdout + result.stderr


def test_constraints_do_not_add_build_dependencies(
        tmp_path: Path, plain_venv: Path, wheelhouse: Path, old_sdist: Path) -> None:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("imp-compat\n")
    result = pip_install(plain_venv, wheelhouse, old_sdist,
                         env={"PIP_CONSTRAINT": str(constraints)})
    assert result.returncode != 0
    assert NO_IMP in result.stdout + result.stderr


def test_no_build_isolation_with_setuptools_and_imp_compat_installed(
        tmp_path: Path, wheelhouse: Path, old_sdist: Path) -> None:
    python = venv(tmp_path / "venv")
    ok(pip_install(python, wheelhouse, "setuptools", "imp-compat"))
    ok(pip_install(python, wheelhouse, "--no-build-isolation", old_sdist))
    assert installed_version(python) == f"{VERSION} {VERSION}"


PYPROJECT = """\
[build-system]
requires = ["setuptools", "imp-compat"]
build-backend = "setuptools.build_meta:__legacy__"
"""


def test_sdist_repacked_with_imp_compat_as_a_build_requirement(
        tmp_path: Path, wheelhouse: Path, old_sdist: Path) -> None:
    with tarfile.open(old_sdist) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    tree = tmp_path / "unpacked" / f"oldpkg-{VERSION}"
    (tree / "pyproject.toml").write_text(PYPROJECT)
    python = venv(tmp_path / "venv")
    ok(pip_install(python, wheelhouse, tree))
    assert installed_version(python) == f"{VERSION} {VERSION}"
    # imp was needed at build time only: it is not installed into the environment
    assert ok(run(python, "-c", "import importlib.util as u; print(u.find_spec('imp'))")) == (
        "None\n"
    )


def _uv() -> str | None:
    try:
        import uv  # type: ignore[import-not-found]
    except ImportError:
        return shutil.which("uv")
    return str(uv.find_uv_bin())


@pytest.mark.skipif(_uv() is None, reason="uv is not installed (pip install uv)")
def test_uv_extra_build_dependencies(tmp_path: Path, wheelhouse: Path,
                                     old_sdist: Path) -> None:
    uv = _uv()
    assert uv is not None
    python = venv(tmp_path / "venv")
    config = tmp_path / "uv.toml"
    config.write_text('[extra-build-dependencies]\noldpkg = ["imp-compat"]\n')
    install = [uv, "pip", "install", "--python", python, "--no-index", "--find-links",
               wheelhouse, "--no-cache", old_sdist]
    without = run(*install, "--no-config")  # no uv.toml, not even one found in a parent
    assert without.returncode != 0
    assert NO_IMP in without.stdout + without.stderr
    ok(run(*install, "--config-file", config))
    assert installed_version(python) == f"{VERSION} {VERSION}"
