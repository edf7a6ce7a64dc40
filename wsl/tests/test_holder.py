"""The holder, for real: one detached process, found again through its lock."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from imp_wsl.holder import PID_FILE, running_holder, start_holder
from imp_wsl.system import System


def _wait_gone(pid: int) -> None:
    for _ in range(200):
        try:
            finished, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if finished:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not end")


@pytest.fixture
def system(tmp_path: Path) -> Iterator[System]:
    system = System(tmp_path)
    yield system
    pid = running_holder(system)
    if pid:
        os.kill(pid, signal.SIGKILL)
        _wait_gone(pid)


def test_start_find_and_restart(system: System) -> None:
    assert running_holder(system) is None
    started, pid = start_holder(system)
    assert started and pid > 0
    assert running_holder(system) == pid
    assert system.read_text(PID_FILE) == f"{pid}\n"
    cmdline: list[bytes] = []
    for _ in range(100):  # right after exec the kernel may not show the new arguments yet
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if len(cmdline) > 1:
            break
        time.sleep(0.01)
    assert cmdline[1:4] == [b"-I", b"-S", b"-c"]

    again, same = start_holder(system)
    assert (again, same) == (False, pid)

    os.kill(pid, signal.SIGTERM)
    _wait_gone(pid)
    assert running_holder(system) is None
    restarted, new_pid = start_holder(system)
    assert restarted and new_pid != pid


def test_holder_is_detached_and_ignores_hangup(system: System) -> None:
    _, pid = start_holder(system)
    time.sleep(0.3)  # let the holder install its SIGHUP handler
    assert os.getsid(pid) == pid  # its own session: closing the terminal does not reach it
    os.kill(pid, signal.SIGHUP)
    time.sleep(0.1)
    assert running_holder(system) == pid
    fds = os.listdir(f"/proc/{pid}/fd")
    targets = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in fds}
    assert str(system.path("/run/imp/holder.lock")) in targets
    assert {os.readlink(f"/proc/{pid}/fd/{n}") for n in ("0", "1", "2")} == {"/dev/null"}


def test_a_symlinked_lock_is_not_followed(system: System, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    system.path("/run/imp").mkdir(parents=True)
    system.path("/run/imp/holder.lock").symlink_to(victim)
    with pytest.raises(OSError):
        start_holder(system)
    assert victim.read_text() == "precious"
