"""--install / --uninstall: idempotent, root only, and nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from imp_wsl import generator
from imp_wsl.cli import main
from imp_wsl.errors import ImpError
from imp_wsl.generator import MARKER, TMPFILES_FILE
from imp_wsl.install import GENERATOR_PATH, generator_script, install, untrusted_path
from wsl_fakes import FakeSystem, full_wsl, snapshot


def test_install_writes_an_isolated_executable_generator(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install"], fake) == 0
    script = fake.path(GENERATOR_PATH)
    assert script.read_text() == generator_script(sys.executable)
    assert script.read_text().startswith(f"#!{sys.executable} -I\n")
    assert script.stat().st_mode & 0o777 == 0o755
    assert fake.programs() == [["systemctl", "daemon-reload"]]
    assert "generator installed" in capsys.readouterr().out


def test_install_twice_changes_nothing(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--install"], fake) == 0
    before = fake.path(GENERATOR_PATH).stat().st_mtime_ns
    assert main(["--install"], fake) == 0
    assert fake.path(GENERATOR_PATH).stat().st_mtime_ns == before
    assert "already installed" in capsys.readouterr().out
    assert fake.programs() == [["systemctl", "daemon-reload"]]


def test_install_never_overwrites_a_foreign_generator(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.write(GENERATOR_PATH, "#!/bin/sh\n# someone else's\n")
    assert main(["--install"], fake) == 1
    assert "was not made by imp" in capsys.readouterr().err
    assert fake.read_text(GENERATOR_PATH) == "#!/bin/sh\n# someone else's\n"


@pytest.mark.parametrize("flag", ["--install", "--uninstall"])
def test_install_and_uninstall_need_root(
    fake: FakeSystem, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.euid = 1000
    assert main([flag], fake) == 5
    assert f"run: sudo imp {flag}" in capsys.readouterr().err
    assert not fake.path("/etc").exists()


def test_install_without_systemd_running_skips_the_reload(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.write("/proc/1/comm", "init\n")
    assert main(["--install"], fake) == 0
    assert fake.calls == []
    assert "applies at its next start" in capsys.readouterr().out


def test_uninstall_leaves_nothing_behind(fake: FakeSystem, tmp_path: Path) -> None:
    full_wsl(fake)
    fake.write("/etc/keep.conf", "mine\n")
    before = snapshot(fake.root)
    assert main(["--install"], fake) == 0
    normal = tmp_path / "generator-out"
    normal.mkdir()
    assert generator.main([str(normal)], fake) == 0  # the boot that follows
    assert fake.path(TMPFILES_FILE).exists()
    assert main(["--uninstall"], fake) == 0
    assert snapshot(fake.root) == before
    assert fake.programs() == [["systemctl", "daemon-reload"]] * 2
    assert main(["--uninstall"], fake) == 0  # idempotent
    assert snapshot(fake.root) == before


def test_uninstall_keeps_files_it_did_not_make(fake: FakeSystem) -> None:
    fake.write(TMPFILES_FILE, "# the admin's own\nd /tmp/.X11-unix 1777 root root -\n")
    assert main(["--uninstall"], fake) == 0
    assert fake.read_text(TMPFILES_FILE) == "# the admin's own\nd /tmp/.X11-unix 1777 root root -\n"


def test_the_installed_generator_really_runs(tmp_path: Path) -> None:
    """The written script starts under -I and imports imp_wsl (not WSL here: no output)."""
    probe = subprocess.run(
        [sys.executable, "-I", "-c", "import imp_wsl.generator"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip("imp_wsl is not installed for this interpreter (pip install ./wsl)")
    if "microsoft" in os.uname().release.lower() or Path("/run/WSL").exists():
        pytest.skip("this machine is WSL: the real generator would write to /run")
    script = tmp_path / "imp-wsl-generator"
    script.write_text(generator_script(sys.executable))
    script.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [str(script), str(out), str(out), str(out)],
        capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": "/nonexistent"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(out.iterdir()) == []
    assert MARKER in script.read_text()


def test_untrusted_paths_are_found(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("ownership by root can only be arranged as root")
    trusted = tmp_path / "trusted"
    trusted.mkdir(mode=0o755)
    os.chmod(trusted, 0o755)
    tool = trusted / "python"
    tool.write_text("")
    os.chmod(tool, 0o755)
    # /tmp itself is world-writable but sticky: a parent like that is acceptable
    assert untrusted_path(tool) is None
    os.chmod(tool, 0o775)
    assert untrusted_path(tool) == str(tool)
    os.chmod(tool, 0o755)
    os.chown(trusted, 1000, 1000)
    assert untrusted_path(tool) == str(trusted)


def test_install_refuses_an_interpreter_users_can_change(
    fake: FakeSystem, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    python = shared / "python3"
    python.write_text("")
    with pytest.raises(ImpError) as error:
        install(fake, str(python))
    assert error.value.message.startswith(f"not installing: {shared} can be changed")
    assert not fake.path(GENERATOR_PATH).exists()
