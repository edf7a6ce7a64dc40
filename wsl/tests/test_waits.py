"""Waiting for the bus and for systemd: polls, deadlines that hold, degraded warnings."""

from __future__ import annotations

import io

import pytest

from imp_wsl.cli import main
from imp_wsl.config import Config
from imp_wsl.errors import ImpError
from imp_wsl.system import Completed
from imp_wsl.waits import (
    DBUS_SOCKET,
    POLL_INTERVAL,
    Progress,
    wait_for_dbus,
    wait_for_systemd,
    wait_until_ready,
)
from wsl_fakes import FakeSystem


def test_no_wait_when_the_bus_is_there(fake: FakeSystem) -> None:
    wait_for_dbus(fake, 10)
    assert fake.sleeps == []


def test_waits_for_the_bus_to_appear(fake: FakeSystem) -> None:
    fake.path(DBUS_SOCKET).unlink()

    def appear_after_three(system: FakeSystem) -> None:
        if len(system.sleeps) == 3:
            system.write(DBUS_SOCKET)

    fake.on_sleep = appear_after_three
    wait_for_dbus(fake, 10)
    assert fake.sleeps == [POLL_INTERVAL] * 3


def test_bus_wait_really_times_out(fake: FakeSystem) -> None:
    fake.path(DBUS_SOCKET).unlink()
    with pytest.raises(ImpError) as error:
        wait_for_dbus(fake, 2)
    assert fake.clock == pytest.approx(2.0)
    assert len(fake.sleeps) == round(2 / POLL_INTERVAL)
    assert error.value.status == 4
    assert "did not appear within 2 s" in error.value.message
    assert "dbus-timeout in /etc/imp.ini" in error.value.message


def test_zero_timeout_checks_once(fake: FakeSystem) -> None:
    fake.path(DBUS_SOCKET).unlink()
    with pytest.raises(ImpError):
        wait_for_dbus(fake, 0)
    assert fake.sleeps == []


def test_systemd_wait_follows_the_states(fake: FakeSystem) -> None:
    fake.state_sequence("", "initializing", "starting", "running")
    assert wait_for_systemd(fake, 10) == "running"
    assert fake.programs("run") == [["systemctl", "is-system-running"]] * 4
    assert len(fake.sleeps) == 3


def test_systemd_wait_really_times_out(fake: FakeSystem) -> None:
    fake.state_sequence("starting")
    with pytest.raises(ImpError) as error:
        wait_for_systemd(fake, 1.1)
    assert fake.clock == pytest.approx(1.1)
    assert sum(fake.sleeps) == pytest.approx(1.1)
    assert "within 1.1 s (state: starting)" in error.value.message
    assert "systemd-timeout" in error.value.message


@pytest.mark.parametrize("state", ["stopping", "maintenance"])
def test_hopeless_states_fail_at_once(fake: FakeSystem, state: str) -> None:
    fake.state_sequence(state)
    with pytest.raises(ImpError, match=f"state '{state}'"):
        wait_for_systemd(fake, 100)
    assert fake.sleeps == []


def test_degraded_warns_with_the_failed_units(fake: FakeSystem) -> None:
    fake.state_sequence("degraded")
    fake.responders.append(
        lambda argv: (
            "a.service loaded failed failed A\nb.mount loaded failed failed B\n"
            if argv[:2] == ["systemctl", "list-units"]
            else None
        )
    )
    warnings = io.StringIO()
    assert wait_until_ready(fake, Config(), warn=warnings) == "degraded"
    assert warnings.getvalue() == (
        "imp: warning: systemd is degraded; failed units: a.service, b.mount "
        "(see 'systemctl --failed')\n"
    )
    assert [
        "systemctl", "list-units", "--state=failed", "--plain", "--no-legend", "--no-pager"
    ] in fake.programs("run")  # fmt: skip


def test_timeouts_come_from_imp_ini(fake: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    fake.write("/etc/imp.ini", "[imp]\nsystemd-timeout = 3\n")
    fake.state_sequence("starting")
    assert main(["-c", "true"], fake) == 4
    assert fake.clock == pytest.approx(3.0)
    assert "within 3 s" in capsys.readouterr().err
    assert fake.programs("call") == []


def test_unreachable_manager_is_waited_for(fake: FakeSystem) -> None:
    fake.responders.append(
        lambda argv: (
            Completed(tuple(argv), 1, "", "Failed to connect to bus")
            if argv[:2] == ["systemctl", "is-system-running"]
            else None
        )
    )
    with pytest.raises(ImpError, match="state: unreachable"):
        wait_for_systemd(fake, 0.5)


def test_progress_is_shown_on_a_terminal_only(fake: FakeSystem) -> None:
    for terminal, expected in ((True, "imp: waiting for systemd to start ...\n"), (False, "")):
        fake.terminal = terminal
        stream = io.StringIO()
        progress = Progress(fake, "systemd to start", stream)
        for _ in range(3):
            progress.tick()
        progress.done()
        assert stream.getvalue() == expected


def test_waiting_shows_progress_on_stderr(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.terminal = True
    fake.state_sequence("starting", "starting", "running")
    wait_for_systemd(fake, 10)
    assert capsys.readouterr().err == "imp: waiting for systemd to start ..\n"
