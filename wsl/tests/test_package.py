"""A generator installed by the Debian package: --install, --uninstall and --status know it.

The package's files (debian/) are checked here too: the generator it ships starts imp's
generator, and its version is the one in pyproject.toml. The package itself is built and
installed for real by tests/test_deb.py (``python3 -m nox -s deb``).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from imp_wsl import doctor, generator
from imp_wsl.cli import main
from imp_wsl.generator import TMPFILES_FILE
from imp_wsl.install import GENERATOR_PATH
from imp_wsl.package import DPKG_LIST, PACKAGED_GENERATOR_PATH
from wsl_fakes import FakeSystem, full_wsl, snapshot

WSL = Path(__file__).resolve().parents[1]
DEBIAN = WSL / "debian"


def install_package(fake: FakeSystem) -> None:
    """What dpkg leaves after 'apt-get install imp-wsl': the file, and its record."""
    fake.write(PACKAGED_GENERATOR_PATH, (DEBIAN / "imp-wsl-generator").read_text())
    fake.write(DPKG_LIST, f"/.\n/usr\n/usr/bin\n/usr/bin/imp\n{PACKAGED_GENERATOR_PATH}\n")


def boot(fake: FakeSystem, tmp_path: Path) -> None:
    """What the package's generator writes at boot (in /run and its output directory)."""
    normal = tmp_path / "generator-out"
    normal.mkdir(exist_ok=True)
    assert generator.main([str(normal)], fake) == 0


def test_install_with_the_package_installed_does_nothing(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    install_package(fake)
    before = snapshot(fake.root)
    assert main(["--install"], fake) == 0
    assert capsys.readouterr().out == (
        f"imp: the generator is installed by package imp-wsl at {PACKAGED_GENERATOR_PATH}; "
        "nothing to do\n"
    )
    assert snapshot(fake.root) == before
    assert fake.programs() == []


def test_uninstall_refuses_the_packages_files_and_names_apt(
    fake: FakeSystem, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full_wsl(fake)
    install_package(fake)
    boot(fake, tmp_path)
    assert fake.path(TMPFILES_FILE).exists()
    before = snapshot(fake.root)
    assert main(["--uninstall"], fake) == 1
    error = capsys.readouterr().err
    assert error == (
        f"imp: {PACKAGED_GENERATOR_PATH} belongs to package imp-wsl, not to 'imp --install'; "
        "imp leaves it alone; to remove it: sudo apt-get remove imp-wsl\n"
    )
    assert snapshot(fake.root) == before  # the runtime files are the package generator's too
    assert fake.programs() == []


def test_uninstall_removes_its_own_copy_and_keeps_the_packages(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install"], fake) == 0  # before the package came
    install_package(fake)
    fake.write(TMPFILES_FILE, (generator.MARKER + "\n"))
    capsys.readouterr()
    assert main(["--uninstall"], fake) == 0
    out = capsys.readouterr().out
    assert f"imp: removed {GENERATOR_PATH}; systemd reloaded\n" in out
    assert "to remove it: sudo apt-get remove imp-wsl" in out
    assert not fake.path(GENERATOR_PATH).exists()
    assert fake.path(PACKAGED_GENERATOR_PATH).exists()
    assert fake.path(TMPFILES_FILE).exists()


def test_a_generator_in_usr_lib_that_dpkg_does_not_know_is_left_alone(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.write(PACKAGED_GENERATOR_PATH, "#!/bin/sh\n")
    assert main(["--uninstall"], fake) == 1
    assert "belongs to a distribution package" in capsys.readouterr().err
    assert fake.read_text(PACKAGED_GENERATOR_PATH) == "#!/bin/sh\n"


def test_status_reports_the_package(fake: FakeSystem) -> None:
    def finding() -> doctor.Finding:
        return next(f for f in doctor.diagnose(fake) if f.name == "boot-time fixes")

    assert finding().detail == "generator not installed"
    install_package(fake)
    assert finding() == doctor.Finding(
        "boot-time fixes",
        doctor.OK,
        f"installed by package imp-wsl ({PACKAGED_GENERATOR_PATH})",
    )
    fake.write(GENERATOR_PATH, "mine\n")
    assert finding().level == doctor.WARN
    assert "'sudo imp --uninstall'" in finding().fix


def test_status_fixes_do_not_ask_for_install_when_packaged(fake: FakeSystem) -> None:
    def fixes() -> dict[str, str]:
        return {f.name: f.fix for f in doctor.diagnose(fake) if f.name.startswith("WSL")}

    assert set(fixes()) == {"WSL interop binfmt", "WSLg X11 socket"}
    fake.path("/mnt/wslg/.X11-unix").mkdir(parents=True)  # WSLg, but not bound on /tmp yet
    wslg_server = socket.socket(socket.AF_UNIX)
    wslg_server.bind(str(fake.path("/mnt/wslg/.X11-unix/X0")))
    wslg_server.close()
    assert all(fix.startswith("'sudo imp --install', then") for fix in fixes().values())
    install_package(fake)
    assert set(fixes().values()) == {
        "'wsl.exe --shutdown' and start WSL again (the generator is installed)"
    }


def test_the_packaged_generator_starts_imps_generator(tmp_path: Path) -> None:
    """Its shebang is the system's Python, isolated; run here by this interpreter."""
    script = (DEBIAN / "imp-wsl-generator").read_text()
    assert script.startswith("#!/usr/bin/python3 -I\n")
    result = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, check=False
    )
    if "No module named 'imp_wsl'" in result.stderr:
        pytest.skip("imp_wsl is not installed for this interpreter (pip install ./wsl)")
    assert result.returncode == 2  # no output directory given: the generator's usage
    assert result.stderr.startswith("usage: imp-wsl-generator NORMAL_DIR")


def test_the_package_version_is_pyprojects() -> None:
    version = tomllib.loads((WSL / "pyproject.toml").read_text())["project"]["version"]
    first = (DEBIAN / "changelog").read_text().splitlines()[0]
    match = re.fullmatch(r"imp-wsl \(([^)]+)\) \w+; urgency=\w+", first)
    assert match, first
    assert match.group(1) == version, "bump debian/changelog with wsl/pyproject.toml"
