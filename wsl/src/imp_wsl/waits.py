"""Waiting for the system bus and for systemd to finish booting, with limits that hold.

Both waits end at their deadline (from ``/etc/imp.ini``) with a clear error; on a terminal a
progress line shows that imp is waiting rather than hung.
"""

from __future__ import annotations

import sys
from typing import TextIO

from imp_wsl.config import CONFIG_PATH, Config
from imp_wsl.errors import ImpError
from imp_wsl.system import System

DBUS_SOCKET = "/run/dbus/system_bus_socket"
READY_STATES = frozenset({"running", "degraded"})
FATAL_STATES = frozenset({"stopping", "maintenance"})
POLL_INTERVAL = 0.25


class Progress:
    """A single stderr line ``imp: waiting for X ....`` shown only on a terminal."""

    def __init__(self, system: System, what: str, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._active = system.stderr_is_terminal()
        self._what = what
        self._started = False

    def tick(self) -> None:
        if not self._active:
            return
        if not self._started:
            self._stream.write(f"imp: waiting for {self._what} ")
            self._started = True
        self._stream.write(".")
        self._stream.flush()

    def done(self) -> None:
        if self._started:
            self._stream.write("\n")
            self._stream.flush()
            self._started = False


def system_state(system: System) -> str:
    """What ``systemctl is-system-running`` says; '' while the manager cannot be reached."""
    result = system.run(["systemctl", "is-system-running"], timeout=15)
    lines = result.stdout.strip().splitlines()
    return lines[-1].strip() if lines else ""


def failed_units(system: System) -> list[str]:
    """Names of the units systemd lists as failed."""
    result = system.run(
        ["systemctl", "list-units", "--state=failed", "--plain", "--no-legend", "--no-pager"],
        timeout=15,
    )
    return [line.split()[0] for line in result.stdout.splitlines() if line.split()]


def wait_for_dbus(system: System, timeout: float) -> None:
    """Block until the system bus socket exists, or fail after ``timeout`` seconds."""
    socket = system.path(DBUS_SOCKET)
    if socket.exists():
        return
    progress = Progress(system, "the system bus")
    deadline = system.monotonic() + timeout
    try:
        while not socket.exists():
            remaining = deadline - system.monotonic()
            if remaining <= 0:
                raise ImpError(
                    f"the system bus ({DBUS_SOCKET}) did not appear within {timeout:g} s; "
                    f"check 'systemctl status dbus.socket', or raise dbus-timeout in {CONFIG_PATH}",
                    4,
                )
            progress.tick()
            system.sleep(min(POLL_INTERVAL, remaining))
    finally:
        progress.done()


def wait_for_systemd(system: System, timeout: float) -> str:
    """Block until systemd is running or degraded; return that state.

    Stopping and maintenance states fail at once: waiting would not help.
    """
    progress = Progress(system, "systemd to start")
    deadline = system.monotonic() + timeout
    try:
        while True:
            state = system_state(system)
            if state in READY_STATES:
                return state
            if state in FATAL_STATES:
                raise ImpError(
                    f"systemd is in state '{state}', not starting up; "
                    "see 'systemctl status' (after a shutdown, start WSL again)",
                    4,
                )
            remaining = deadline - system.monotonic()
            if remaining <= 0:
                shown = state or "unreachable"
                raise ImpError(
                    f"systemd did not finish starting within {timeout:g} s (state: {shown}); "
                    "see 'systemctl list-jobs', or raise systemd-timeout in " + CONFIG_PATH,
                    4,
                )
            progress.tick()
            system.sleep(min(POLL_INTERVAL, remaining))
    finally:
        progress.done()


def wait_until_ready(system: System, config: Config, *, warn: TextIO | None = None) -> str:
    """The wait every session command does first; warn about failed units when degraded."""
    wait_for_dbus(system, config.dbus_timeout)
    state = wait_for_systemd(system, config.systemd_timeout)
    if state == "degraded":
        units = failed_units(system)
        listed = ", ".join(units) if units else "none listed"
        print(
            f"imp: warning: systemd is degraded; failed units: {listed} (see 'systemctl --failed')",
            file=warn or sys.stderr,
        )
    return state
