"""The built Debian package, installed, booted, used and purged in a throwaway test system.

``python3 -m nox -s deb`` builds ``dist/imp-wsl_<version>_all.deb`` and runs this file with
IMP_DEB_DIR set. The test system (wsl_sysbox) overlays /usr, /etc, /var, /root and /home, so
``apt-get install`` and ``apt-get purge`` happen for real and none of it reaches the machine.
The package is installed before systemd boots, so the boot itself runs its generator.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_integration import boot, ensure_machinectl, teardown

from imp_wsl.generator import MARKER
from imp_wsl.install import GENERATOR_PATH
from imp_wsl.package import PACKAGED_GENERATOR_PATH
from wsl_sysbox import OVERLAID, UPPER_DIRS, Sysbox

pytestmark = [pytest.mark.integration, pytest.mark.deb]

WSL = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((WSL / "pyproject.toml").read_text())["project"]["version"]
CLEAN_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "HOME": "/root"}
APT_ENV = "DEBIAN_FRONTEND=noninteractive"
SNAPSHOTS = "/run/imp-test-snapshots"  # upper-directory listings: before and after installing
# Written by dpkg and apt themselves while installing and purging (their records and logs).
BOOKKEEPING = (
    "var.up/lib/dpkg/", "var.up/log/", "var.up/cache/", "var.up/lib/apt/",
    "var.up/lib/PackageKit/",  # apt tells PackageKit (where installed) that packages changed
)  # fmt: skip


def built_deb() -> Path:
    folder = os.environ.get("IMP_DEB_DIR")
    if not folder:
        pytest.skip("no package given: 'python3 -m nox -s deb' builds it and runs this test")
    deb = Path(folder, f"imp-wsl_{VERSION}_all.deb").resolve()
    assert deb.is_file(), f"{deb} was not built (wsl/packaging/build-deb.sh)"
    return deb


# path TAB type, for each entry of the upper directories (var.up/lib/dpkg/status\tf)
LIST_UPPER = f"cd {UPPER_DIRS} && find *.up -mindepth 1 -printf '%p\\t%y\\n'"


def upper_entries(box: Sysbox, snapshot: str | None = None) -> set[str]:
    """What was written in the test system: the overlays' upper directories, now or then."""
    command = f"cat {SNAPSHOTS}/{snapshot}" if snapshot else LIST_UPPER
    return set(box.run(["sh", "-c", command]).stdout.splitlines())


def unexpected(entries: set[str]) -> list[str]:
    """Entries other than directories (copied up) and the package tools' own records."""
    return sorted(e for e in entries if not e.endswith("\td") and not e.startswith(BOOKKEEPING))


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sysbox]:
    deb = built_deb()
    ensure_machinectl()  # its Recommends: apt must find it installed (no network inside)
    setup = f"""
mkdir -p /run/WSL {SNAPSHOTS}
{LIST_UPPER} > {SNAPSHOTS}/before
{APT_ENV} apt-get install -y -q {deb}
{LIST_UPPER} > {SNAPSHOTS}/installed
"""
    box = boot(
        tmp_path_factory.mktemp("deb") / "sysbox",
        setup,
        keep=[deb.parent],
        overlaid=(*OVERLAID, "usr"),
        timeout=180,
    )
    yield box
    teardown(box)


def run(box: Sysbox, *argv: str) -> tuple[int, str, str]:
    result = box.run(argv, env=CLEAN_ENV)
    return result.returncode, result.stdout, result.stderr


def test_the_package_installs_imp_and_its_generator(packaged: Sysbox) -> None:
    assert run(packaged, "/usr/bin/imp", "--version") == (0, f"imp {VERSION}\n", "")
    _, out, err = run(packaged, "python3", "-c", "import imp_wsl; print(imp_wsl.__file__)")
    assert out == "/usr/lib/python3/dist-packages/imp_wsl/__init__.py\n", err
    owners = run(packaged, "dpkg", "-S", PACKAGED_GENERATOR_PATH)[1]
    assert owners == f"imp-wsl: {PACKAGED_GENERATOR_PATH}\n"
    assert run(packaged, "test", "-e", GENERATOR_PATH)[0] == 1  # no 'imp --install' needed


def test_the_packaged_boot_code_is_roots_alone(packaged: Sysbox) -> None:
    """What 'imp --install' demands of other installs holds for the package's generator: the
    system Python and every file it executes or reads on the way to imp_wsl are root's."""
    check = (
        "from pathlib import Path; from imp_wsl import trust; "
        "print(trust.first_weak(trust.boot_code('/usr/bin/python3', "
        "Path('/usr/lib/python3/dist-packages/imp_wsl'), extra=[__import__('sys').argv[1]])))"
    )
    assert run(packaged, "/usr/bin/python3", "-I", "-c", check, PACKAGED_GENERATOR_PATH) == (
        0, "None\n", ""
    )  # fmt: skip


def test_systemd_ran_the_packaged_generator_at_boot(packaged: Sysbox) -> None:
    state = run(packaged, "systemctl", "is-system-running")[1]
    assert state == "running\n", run(packaged, "systemctl", "--failed", "--no-legend")[1]
    name = "imp-wsl-root-shared.service"
    text = run(packaged, "cat", f"/run/systemd/generator/{name}")[1]
    assert MARKER in text
    assert "ExecStart=/usr/bin/python3 -I -m imp_wsl.mounts root-shared\n" in text
    active = run(packaged, "systemctl", "show", "-p", "ActiveState", "--value", name)[1]
    assert active == "active\n"
    assert run(packaged, "findmnt", "-n", "-o", "PROPAGATION", "/")[1] == "shared\n"
    link = "/run/systemd/generator/multi-user.target.wants/systemd-machined.service"
    assert run(packaged, "test", "-L", link)[0] == 0


def test_status_install_and_uninstall_know_the_package(packaged: Sysbox) -> None:
    code, out, err = run(packaged, "/usr/bin/imp", "--status")
    line = next(line for line in out.splitlines() if "boot-time fixes" in line)
    assert line.startswith("[ ok ]"), out
    assert line.endswith(f"installed by package imp-wsl ({PACKAGED_GENERATOR_PATH})")
    assert run(packaged, "/usr/bin/imp", "--install") == (
        0,
        f"imp: the generator is installed by package imp-wsl at {PACKAGED_GENERATOR_PATH}; "
        "nothing to do\n",
        "",
    )
    code, out, err = run(packaged, "/usr/bin/imp", "--uninstall")
    assert code == 1
    assert err.endswith("to remove it: sudo apt-get remove imp-wsl\n"), err
    assert run(packaged, "test", "-x", PACKAGED_GENERATOR_PATH)[0] == 0


def test_purge_leaves_nothing_behind(packaged: Sysbox) -> None:
    """Runs last in this file: it removes the package from the test system."""
    shipped = run(packaged, "dpkg", "-L", "imp-wsl")[1].splitlines()
    code, out, err = run(packaged, "/usr/bin/imp", "-i")  # leaves its records in /run/imp
    assert code == 0 and "holder started" in out, out + err
    before_purge = upper_entries(packaged)
    assert PACKAGED_GENERATOR_PATH in shipped and "/usr/bin/imp" in shipped
    code, out, err = run(packaged, "sh", "-c", f"{APT_ENV} apt-get purge -y -q imp-wsl")
    assert code == 0, out + err
    assert run(packaged, "dpkg-query", "-W", "imp-wsl")[0] == 1  # not even config-files
    # The files the package shipped, and those its generator made, are gone:
    left = [p for p in shipped if run(packaged, "test", "-f", p)[0] == 0]
    assert left == []
    # /run holds the generator's outputs and, read-only, what was written to /usr, /etc, /var.
    assert run(packaged, "grep", "-rlF", "-D", "skip", MARKER, "/run")[1] == ""
    assert run(packaged, "test", "-e", "/run/imp")[0] == 1  # imp -i's state, too
    unit = "/run/systemd/generator/imp-wsl-root-shared.service"
    assert run(packaged, "test", "-e", unit)[0] == 1
    # What installing wrote (before boot: nothing else ran) is gone but for directories and
    # the package tools' records, and purging wrote nothing else.
    installed = upper_entries(packaged, "installed") - upper_entries(packaged, "before")
    assert unexpected(installed), "the snapshots saw no installation"
    after = upper_entries(packaged)
    assert unexpected(installed & after) == []
    assert unexpected(after - before_purge) == []
