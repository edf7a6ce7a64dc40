"""Prelaunch checks: each way the platform can be wrong gives one actionable line."""

from __future__ import annotations

import pytest

from imp_wsl.checks import check_platform, platform_problem
from imp_wsl.cli import main
from imp_wsl.errors import ImpError
from wsl_fakes import FakeSystem, make_wsl


def test_wsl2_with_systemd_passes(fake: FakeSystem) -> None:
    assert platform_problem(fake) is None
    check_platform(fake)


def test_not_linux(fake: FakeSystem) -> None:
    fake.fake_platform = "win32"
    assert "not on win32" in (platform_problem(fake) or "")


@pytest.mark.parametrize("fstype", ["lxfs", "wslfs"])
def test_wsl1_is_refused_with_the_conversion_command(fake: FakeSystem, fstype: str) -> None:
    fake.write("/proc/self/mounts", f"rootfs / {fstype} rw,noatime 0 0\n")
    fake.write("/proc/sys/kernel/osrelease", "4.4.0-19041-Microsoft\n")
    problem = platform_problem(fake) or ""
    assert "WSL 1" in problem and "wsl.exe --set-version" in problem


def test_last_root_mount_decides(fake: FakeSystem) -> None:
    fake.write("/proc/self/mounts", "rootfs / lxfs rw 0 0\n/dev/sdc / ext4 rw 0 0\n")
    assert platform_problem(fake) is None


def test_plain_linux_is_not_wsl2(bare: FakeSystem) -> None:
    bare.write("/proc/sys/kernel/osrelease", "6.1.0-13-amd64\n")
    bare.write("/proc/1/comm", "systemd\n")
    assert "not running under WSL 2" in (platform_problem(bare) or "")


def test_run_wsl_marks_wsl2_even_with_a_custom_kernel(bare: FakeSystem) -> None:
    bare.write("/proc/sys/kernel/osrelease", "6.6.0-custom\n")
    bare.write("/proc/1/comm", "systemd\n")
    bare.path("/run/WSL").mkdir(parents=True)
    assert platform_problem(bare) is None


@pytest.mark.parametrize("pid1", ["init", "bash", ""])
def test_systemd_must_be_pid1(fake: FakeSystem, pid1: str) -> None:
    fake.write("/proc/1/comm", pid1 + "\n")
    with pytest.raises(ImpError) as error:
        check_platform(fake)
    assert error.value.status == 3
    assert "systemd is not PID 1" in error.value.message
    assert "systemd=true" in error.value.message and "wsl.exe --shutdown" in error.value.message


@pytest.mark.parametrize("flag", [["-i"], ["-s"], ["-c", "true"], ["-l"], ["-u"]])
def test_every_command_checks_the_platform_first(
    tmp_path, flag: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    system = make_wsl(FakeSystem(tmp_path / "r"))
    system.write("/proc/1/comm", "init\n")
    assert main(flag, system) == 3
    assert "systemd is not PID 1" in capsys.readouterr().err
    assert system.calls == []
