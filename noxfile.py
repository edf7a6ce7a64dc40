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
import tomllib
import zipfile
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False
nox.needs_version = ">=2024.3.2"  # requires=: the test sessions run on the wheels `build` makes


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


# --- The distributions, built once and tested as users get them ----------------------------

DIST = ROOT / "dist"
# Each distribution: its folder, and the files its wheel must hold beside every file of its
# src/ folder (files made at build time, or named here so that a packaging slip cannot hide).
DISTRIBUTIONS: dict[str, tuple[Path, list[str]]] = {
    "imp-compat": (ROOT, ["imp.py", "imp_compat/__init__.py", "imp_compat/py.typed",
                          "imp_compat_legacy_api.pth"]),
    "imp-migrate": (ROOT / "migrate", ["imp_migrate/__init__.py", "imp_migrate/py.typed"]),
    "imp-wsl": (ROOT / "wsl", ["imp_wsl/__init__.py", "imp_wsl/py.typed"]),
}


def _built(distribution: str, kind: str = "whl") -> Path:
    """The one wheel (or sdist) of ``distribution`` in dist/; fails when `build` has not run."""
    stem = distribution.replace("-", "_")
    found = sorted(DIST.glob(f"{stem}-*.{kind}"))
    if len(found) != 1:
        raise RuntimeError(
            f"expected one {stem}-*.{kind} in {DIST}, found {[p.name for p in found]}: "
            "run `python3 -m nox -s build` (sessions that test a distribution require it)"
        )
    return found[0]


def _install_built(session: nox.Session, distributions: list[str], *others: str) -> None:
    """Install the built wheels of ``distributions`` (``name[extra]`` allowed), never the
    source tree, plus ``others`` from the package index; then prove the wheels are in use."""
    names = [d.partition("[") for d in distributions]  # ("imp-migrate", "[", "test]")
    try:
        wheels = {name: _built(name) for name, _, _ in names}
    except RuntimeError as error:
        session.error(str(error))
    # Same version as an earlier run: pip would keep the old files without --force-reinstall.
    session.install("--no-deps", "--force-reinstall", *map(str, wheels.values()))
    # Then their dependencies (and extras: `wheel[test]`), and the others.
    session.install(*(f"{wheels[name]}{bracket}{extra}" for name, bracket, extra in names),
                    *others)
    packages = [_top_package(d) for d in wheels]
    session.run(
        "python", "-c",
        "import importlib, os, sys, sysconfig\n"
        "site = os.path.realpath(sysconfig.get_paths()['purelib'])\n"
        f"for name in {packages!r}:\n"
        "    where = os.path.realpath(importlib.import_module(name).__file__)\n"
        "    if not where.startswith(site + os.sep):\n"
        "        sys.exit(f'{name} comes from {where}, not from the installed wheel in {site}')\n",
        silent=True,
    )


def _top_package(distribution: str) -> str:
    return distribution.replace("-", "_")


def _wheel_problems(wheel: Path, distribution: str) -> list[str]:
    """What is wrong with ``wheel``: a file of src/ or a required file missing, or a stray
    file (anything but src/'s files, the required ones and the .dist-info metadata)."""
    folder, required = DISTRIBUTIONS[distribution]
    src = folder / "src"
    expected = {
        path.relative_to(src).as_posix()
        for path in src.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        and not any(part.endswith(".egg-info") for part in path.parts)
    } | set(required)
    with zipfile.ZipFile(wheel) as archive:
        names = {n for n in archive.namelist() if not n.split("/")[0].endswith(".dist-info")}
        metadata = [n for n in archive.namelist() if n.endswith(".dist-info/RECORD")]
        licenses = [n for n in archive.namelist() if ".dist-info/" in n and n.endswith("LICENSE")]
    problems = [f"{wheel.name}: missing {name}" for name in sorted(expected - names)]
    problems += [f"{wheel.name}: unexpected {name}" for name in sorted(names - expected)]
    if not metadata:
        problems.append(f"{wheel.name}: no .dist-info/RECORD")
    if not licenses:
        problems.append(f"{wheel.name}: no LICENSE in .dist-info")
    return problems


def _sdist_problems(sdist: Path, distribution: str) -> list[str]:
    """The sdist must hold pyproject.toml, README.md, LICENSE, setup.py (where there is one)
    and every file of src/."""
    import tarfile

    folder, _ = DISTRIBUTIONS[distribution]
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    wanted = {"pyproject.toml", "README.md", "LICENSE", "PKG-INFO"} | {
        name for name in ("setup.py",) if (folder / name).exists()} | {
        path.relative_to(folder).as_posix()
        for path in (folder / "src").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        and not any(part.endswith(".egg-info") for part in path.parts)
    }
    return [f"{sdist.name}: missing {name}" for name in sorted(wanted - names)]


@nox.session(python=CPYTHONS[:1] or None)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel of each distribution into dist/ and check them (twine, files).

    The test sessions install these wheels (they require this session): what they test is what
    users install, so a file the wheel lacks (py.typed, a subpackage) fails the run.
    """
    session.install("build", "twine")
    DIST.mkdir(exist_ok=True)
    for distribution, (folder, _) in DISTRIBUTIONS.items():
        for old in DIST.glob(f"{_top_package(distribution)}-*"):
            old.unlink()
        # sdist first, then the wheel from the sdist: leaves no build/ in the tree, and a file
        # missing from the sdist shows as missing from the wheel.
        session.run("python", "-m", "build", "--outdir", str(DIST), str(folder), silent=True)
    built = [_built(d, kind) for d in DISTRIBUTIONS for kind in ("tar.gz", "whl")]
    session.run("twine", "check", "--strict", *map(str, built))
    problems = [
        problem for d in DISTRIBUTIONS
        for problem in _wheel_problems(_built(d), d) + _sdist_problems(_built(d, "tar.gz"), d)
    ]
    if problems:
        session.error("\n".join(problems))
    session.log(f"built and checked: {', '.join(p.name for p in built)}")


def _backend_minimums() -> dict[str, str]:
    """Each build backend's minimum as the pyproject.toml files state it (``name>=X``): one
    version per backend (setuptools for imp-compat and imp-migrate, hatchling for imp-wsl,
    whose Debian package builds with Debian 12's hatchling 1.12)."""
    found: dict[str, set[str]] = {}
    for folder, _ in DISTRIBUTIONS.values():
        config = tomllib.loads((folder / "pyproject.toml").read_text())
        for requirement in config["build-system"]["requires"]:
            match = re.fullmatch(r"([\w-]+)>=([\d.]+)", requirement)
            if match is None:
                raise RuntimeError(f"{folder}/pyproject.toml: state `name>=X`, not {requirement!r}")
            found.setdefault(match.group(1), set()).add(match.group(2))
    disagree = {name: versions for name, versions in found.items() if len(versions) != 1}
    if disagree:
        raise RuntimeError(f"the pyproject.toml files disagree on a backend's minimum: {disagree}")
    return {name: versions.pop() for name, versions in found.items()}


# The last setuptools release before the minimum: it must fail, or the minimum is not the real one.
SETUPTOOLS_BELOW_MINIMUM = "76.1.0"


@nox.session(python=CPYTHONS[:1] or None)
def build_minimum_setuptools(session: nox.Session) -> None:
    """Build and install each distribution without isolation, with exactly the backend versions
    that [build-system] requires at least (docs/old-sdists.md's `--no-build-isolation` route), and
    show that the release before it fails."""
    import tempfile

    minimums = _backend_minimums()
    session.install("build", *(f"{name}=={version}" for name, version in minimums.items()))
    with tempfile.TemporaryDirectory() as out:
        for distribution, (folder, _) in DISTRIBUTIONS.items():
            # A copy of what the sdist holds: building in place would leave build/ and
            # .egg-info in the tree, and a stale build/ could hide a missing file.
            source = Path(out) / distribution
            shutil.copytree(folder / "src", source / "src",
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            for name in ("pyproject.toml", "README.md", "LICENSE", "setup.py"):
                if (folder / name).exists():
                    shutil.copy(folder / name, source / name)
            session.run("python", "-m", "build", "--no-isolation", "--outdir", str(source / "out"),
                        str(source), silent=True)
            wheel = next((source / "out").glob("*.whl"))
            problems = _wheel_problems(wheel, distribution)
            if problems:
                session.error("\n".join(problems))
            session.run("python", "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                        "--force-reinstall", str(source), silent=True)
        session.install(f"setuptools=={SETUPTOOLS_BELOW_MINIMUM}")
        output = session.run("python", "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "--wheel-dir", str(Path(out) / "below"), str(Path(out) / "imp-compat"),
                             silent=True, success_codes=[0, 1])
        if "`project.license` must be valid" not in str(output):
            session.error(f"setuptools {SETUPTOOLS_BELOW_MINIMUM} should fail on `license`; "
                          f"if it builds, lower the minimum. pip said:\n{output}")
    stated = ", ".join(f"{name} {version}" for name, version in minimums.items())
    session.log(f"{stated} build all three; setuptools {SETUPTOOLS_BELOW_MINIMUM} does not")


@nox.session(python=CPYTHONS, requires=["build"])
def tests(session: nox.Session) -> None:
    """The imp module's test suite on one CPython."""
    # uv: the old-sdist test checks the uv recipes of docs/old-sdists.md too.
    _install_built(session, ["imp-compat"], *TEST_REQUIREMENTS, "uv")
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


# The last CPythons that had what imp-compat brings back: the differential tests' references.
REFERENCE_CPYTHONS = ("3.11", "3.13")


@nox.session(python=False)
def reference_pythons_present(session: nox.Session) -> None:
    """On CI (CI or IMP_REQUIRE_REFERENCES set), fail when a reference CPython is missing:
    the tests that compare with it would not run at all (tests-3.11 holds the imp reference)."""
    missing = [v for v in REFERENCE_CPYTHONS if v not in CPYTHONS]
    if missing and (os.environ.get("CI") or os.environ.get("IMP_REQUIRE_REFERENCES")):
        session.error(f"reference CPython {', '.join(missing)} not found on PATH or under pyenv")
    session.log(f"reference CPythons found: {[v for v in REFERENCE_CPYTHONS if v in CPYTHONS]}"
                + (f"; missing (not on CI, tolerated): {missing}" if missing else ""))


@nox.session(python=CPYTHONS[:1] or None, requires=["build"])
def wsl(session: nox.Session) -> None:
    """The imp command for WSL 2 (wsl/); as root also against a real systemd in namespaces."""
    _install_built(session, ["imp-wsl"], "pytest")
    # As root with cgroup2, a skipped real-systemd test fails the run (wsl/tests/conftest.py).
    session.run(
        "python", "-m", "pytest", "wsl/tests", "-m", "not deb", *session.posargs,
        env={"IMP_REQUIRE_REAL_SYSTEMD": "1"},
    )


@nox.session(python=CPYTHONS[:1] or None, requires=["build"])
def deb(session: nox.Session) -> None:
    """Build imp-wsl_<version>_all.deb into dist/ (Debian tools, lintian), then install,
    boot, use and purge it in a throwaway root (wsl/tests/test_deb.py; root only)."""
    if shutil.which("dpkg") is None:
        session.skip("not a Debian-based system (no dpkg)")
    session.run("wsl/packaging/build-deb.sh", str(DIST), external=True)
    # The wheel, for the test helpers; the test itself runs the packaged /usr/bin/imp.
    _install_built(session, ["imp-wsl"], "pytest")
    session.run(
        "python", "-m", "pytest", "wsl/tests/test_deb.py", *session.posargs,
        env={"IMP_REQUIRE_REAL_SYSTEMD": "1", "IMP_DEB_DIR": str(DIST)},
    )


@nox.session(python=[v for v in CPYTHONS if v in ("3.11", "3.12")], requires=["build"])
def legacy_hooks_real_packages(session: nox.Session) -> None:
    """Cython 0.29's pyximport and python-future 0.18's hooks, through the legacy-hook support."""
    _install_built(
        session, ["imp-compat"], "cython<3", "future==0.18.3", "setuptools", *TEST_REQUIREMENTS
    )
    session.run(
        "python", "-m", "pytest", "tests/test_legacy_hooks_pyximport.py",
        "tests/test_legacy_hooks_future.py", *session.posargs,
    )


# Real old packages from the index that call the import API Python 3.12 removed.
REAL_LEGACY_API_CLIENTS = ["setuptools==65.5.0", "venusian==3.0.0", "gorilla==0.4.0"]


@nox.session(python=[v for v in CPYTHONS if v in ("3.12", "3.13")], requires=["build"])
def legacy_api_real_packages(session: nox.Session) -> None:
    """setuptools 65.5.0's pkg_resources, venusian 3.0 and gorilla 0.4 on 3.12+: broken without
    imp-compat's legacy API, as on a real 3.11 with IMP_COMPAT_LEGACY_API=1."""
    _install_built(session, ["imp-compat"], *REAL_LEGACY_API_CLIENTS, "pytest>=8")
    # The same pure-Python clients for the 3.11 reference, apart from this venv.
    for_311 = Path(session.create_tmp()).resolve() / "real-clients-for-3.11"
    shutil.rmtree(for_311, ignore_errors=True)
    session.run("python", "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                str(for_311), *REAL_LEGACY_API_CLIENTS)
    session.run("python", "-m", "pytest", "tests/test_legacy_api_real_clients.py",
                *session.posargs, env={"IMP_REAL_CLIENTS_FOR_3_11": str(for_311)})


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


@nox.session(python=CPYTHONS[:1] or None, requires=["build"])
def migrate(session: nox.Session) -> None:
    """imp-migrate's tests: each rewrite rule proven by running code with imp and without."""
    # imp-compat too: the behaviour tests run the "before" code with this project's imp, and a
    # test holds its runtime report to imp-migrate's table. imp-migrate itself does not need it.
    _install_built(session, ["imp-compat", "imp-migrate[test]"])
    # The load_module rule is also proven on Pyodide's 3.14 and 3.15 (tests/pyodide's packages).
    if shutil.which("npm") is not None:
        _install_pyodide(session)
    session.chdir("migrate")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=False)
def migrate_install(session: nox.Session) -> None:
    """imp-migrate installed alone (pip, then pipx) on CPython >= 3.12: no imp comes back."""
    import sys  # nox's own interpreter runs the check; it makes the venvs itself

    modern = [v for v in CPYTHONS if v != "3.11"]
    if not modern:
        session.error("no CPython >= 3.12 found on PATH or under pyenv: cannot check the install")
    python = shutil.which(f"python{modern[0]}")
    session.run(sys.executable, "migrate/tests/standalone_install.py", str(python), external=True)


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


def _install_pyodide(session: nox.Session) -> None:
    """Pyodide's CPython 3.14 and 3.15, as tests/pyodide/package-lock.json pins them."""
    with session.chdir(PYODIDE_DIR):
        session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)


def _pyodide_tests(session: nox.Session, version: str) -> None:
    """Run the suite on Pyodide's CPython ``version`` in Node.js (see tests/pyodide/README.md).

    pytest and hypothesis are pure Python: pip installs them for the target Python into a folder
    that ``tests/pyodide/run.mjs`` mounts into Pyodide, fresh each run so no stale copy lingers.
    """
    import sys  # the interpreter running nox has pip; Pyodide itself cannot reach PyPI

    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            session.error(f"{tool} not found: install Node.js >= 18 (Debian: nodejs, npm)")
    _install_pyodide(session)
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
