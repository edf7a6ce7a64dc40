"""imp --status: each finding, its fix hint, and the exit status."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from imp_wsl import doctor
from imp_wsl.cli import main
from imp_wsl.generator import MARKER
from imp_wsl.install import GENERATOR_PATH
from imp_wsl.system import Completed
from wsl_fakes import FakeSystem


def healthy(system: FakeSystem, tmp_path: Path) -> socket.socket:
    system.write("/etc/wsl.conf", "[boot]\nsystemd = true  # imp\n[user]\ndefault=alice\n")
    system.write("/proc/sys/fs/binfmt_misc/WSLInterop", "enabled\ninterpreter /init\n")
    system.path("/mnt/wslg/.X11-unix").mkdir(parents=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(system.path("/mnt/wslg/.X11-unix/X0")))
    # WSL binds (older WSL: links) WSLg's socket directory onto /tmp/.X11-unix.
    system.path("/tmp").mkdir(exist_ok=True)
    system.path("/tmp/.X11-unix").symlink_to("../mnt/wslg/.X11-unix")
    system.write(GENERATOR_PATH, f"#!/usr/bin/python3 -I\n{MARKER}\n")
    system.responders.append(
        lambda argv: {
            ("systemctl", "get-default"): "multi-user.target\n",
            ("systemctl", "show"): "LoadState=loaded\nActiveState=active\n",
        }.get(tuple(argv[:2]))
    )
    # A holder: start it through the fake, which keeps the lock the way the child would.
    from imp_wsl.holder import start_holder

    start_holder(system)
    return server


def levels(system: FakeSystem) -> dict[str, str]:
    return {f.name: f.level for f in doctor.diagnose(system)}


def test_a_healthy_system_is_all_ok(fake: FakeSystem, tmp_path: Path) -> None:
    server = healthy(fake, tmp_path)
    out = io.StringIO()
    assert doctor.report(fake, out) == 0
    server.close()
    assert set(levels(fake).values()) == {"ok"}
    text = out.getvalue()
    assert "fix:" not in text
    for name in [
        "platform", "systemd in /etc/wsl.conf", "systemd state", "default target",
        "failed units", "systemd-machined", "WSL interop binfmt", "WSLg X11 socket",
        "instance holder", "boot-time fixes",
    ]:  # fmt: skip
        assert name in text
    assert "running (PID 4242)" in text


def answer(command: str, output: str, status: int = 0):  # type: ignore[no-untyped-def]
    """A breakage: ``systemctl COMMAND`` now answers ``output`` with ``status``."""

    def apply(system: FakeSystem) -> None:
        system.responders.append(
            lambda a: Completed(tuple(a), status, output, "") if a[1:2] == [command] else None
        )

    return apply


WSL_CONF = "systemd in /etc/wsl.conf"


def unbound_x11(system: FakeSystem, *, planted: bool = False) -> None:
    """/tmp/.X11-unix is a plain directory, not WSLg's; with ``planted``, a user's socket
    in it (/tmp is everyone's) must not pass for WSLg's."""
    system.path("/tmp/.X11-unix").unlink()
    system.path("/tmp/.X11-unix").mkdir(mode=0o1777)
    if planted:
        fake_server = socket.socket(socket.AF_UNIX)
        fake_server.bind(str(system.path("/tmp/.X11-unix/X0")))
        fake_server.close()  # the socket file stays


def unreadable_wsl_conf(system: FakeSystem) -> None:
    system.path("/etc/wsl.conf").unlink()
    system.path("/etc/wsl.conf").mkdir()  # reading fails, yet it exists
BINFMT = "/proc/sys/fs/binfmt_misc/WSLInterop"
BREAKAGES = [
    (lambda s: s.path("/etc/wsl.conf").unlink(), WSL_CONF, "FAIL", "systemd=true"),
    (lambda s: s.write("/etc/wsl.conf", "[boot]\nsystemd=false\n"), WSL_CONF, "FAIL", "--shutdown"),
    (lambda s: s.write("/etc/wsl.conf", "garbage\n"), WSL_CONF, "FAIL", "systemd=true"),
    (lambda s: s.state_sequence("degraded"), "systemd state", "warn", "systemctl status"),
    (answer("get-default", "graphical.target\n"), "default target", "warn", "multi-user.target"),
    (answer("list-units", "x.service loaded failed failed X\n"), "failed units", "FAIL", "mask"),
    (answer("show", "LoadState=not-found\n"), "systemd-machined", "warn", "systemd-container"),
    (lambda s: s.path(BINFMT).unlink(), "WSL interop binfmt", "FAIL", "imp --install"),
    (lambda s: s.write(BINFMT, "disabled\n"), "WSL interop binfmt", "FAIL", "imp --install"),
    (lambda s: unbound_x11(s), "WSLg X11 socket", "FAIL", "imp --install"),
    (lambda s: unbound_x11(s, planted=True), "WSLg X11 socket", "FAIL", "imp --install"),
    (lambda s: s.path("/mnt/wslg/.X11-unix/X0").unlink(), "WSLg X11 socket", "FAIL", "--shutdown"),
    (lambda s: unreadable_wsl_conf(s), WSL_CONF, "FAIL", "systemd=true"),
    (lambda s: s.release(), "instance holder", "warn", "imp -i"),
    (lambda s: s.path(GENERATOR_PATH).unlink(), "boot-time fixes", "warn", "sudo imp --install"),
]


@pytest.mark.parametrize(("breakage", "name", "level", "fix"), BREAKAGES)
def test_each_problem_is_found_with_its_fix(
    fake: FakeSystem, tmp_path: Path, breakage, name: str, level: str, fix: str
) -> None:
    server = healthy(fake, tmp_path)
    breakage(fake)
    server.close()
    findings = {f.name: f for f in doctor.diagnose(fake)}
    assert findings[name].level == level
    assert fix in findings[name].fix
    others = {n: f.level for n, f in findings.items() if n != name}
    assert set(others.values()) == {"ok"}
    assert doctor.report(fake, io.StringIO()) == (1 if level == "FAIL" else 0)


def test_machined_on_demand_is_fine(fake: FakeSystem, tmp_path: Path) -> None:
    healthy(fake, tmp_path).close()
    answer("show", "LoadState=loaded\nActiveState=inactive\n")(fake)
    finding = {f.name: f for f in doctor.diagnose(fake)}["systemd-machined"]
    assert (finding.level, finding.detail) == ("ok", "starts on demand")


def test_without_systemd_the_systemctl_checks_are_skipped(
    bare: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--status"], bare) == 1
    out = capsys.readouterr().out
    assert "[FAIL] platform" in out
    assert "systemd state" not in out
    assert bare.calls == []


def test_what_is_wrong_with_the_x11_socket_is_said(fake: FakeSystem, tmp_path: Path) -> None:
    healthy(fake, tmp_path).close()
    unbound_x11(fake, planted=True)
    finding = {f.name: f for f in doctor.diagnose(fake)}["WSLg X11 socket"]
    assert finding.detail == "/tmp/.X11-unix/X0 is not WSLg's socket (/mnt/wslg/.X11-unix/X0)"
    fake.path("/mnt/wslg/.X11-unix/X0").unlink()
    finding = {f.name: f for f in doctor.diagnose(fake)}["WSLg X11 socket"]
    assert finding.detail == "/mnt/wslg/.X11-unix/X0 missing (WSLg's X server is not running)"


def test_an_unreadable_wsl_conf_is_not_called_missing(fake: FakeSystem, tmp_path: Path) -> None:
    healthy(fake, tmp_path).close()
    unreadable_wsl_conf(fake)
    finding = {f.name: f for f in doctor.diagnose(fake)}[WSL_CONF]
    assert finding.detail == "cannot read /etc/wsl.conf: Is a directory"
