"""The holder, for real: one detached process, found again through its lock."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from imp_wsl import doctor
from imp_wsl.holder import HOLDER_CODE, LOCK_FILE, PID_FILE, running_holder, start_holder
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
    fds = sorted(os.listdir(f"/proc/{pid}/fd"))
    assert fds == ["0", "1", "2"]  # nothing of imp's leaks into it
    assert {os.readlink(f"/proc/{pid}/fd/{n}") for n in fds} == {"/dev/null"}


def test_a_symlinked_lock_is_not_followed(system: System, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    system.path("/run/imp").mkdir(parents=True)
    system.path("/run/imp/holder.lock").symlink_to(victim)
    with pytest.raises(OSError):
        start_holder(system)
    assert victim.read_text() == "precious"


def test_the_lock_is_root_s_alone(system: System) -> None:
    start_holder(system)
    info = os.lstat(system.path(LOCK_FILE))
    assert (oct(info.st_mode & 0o777), info.st_uid) == ("0o600", os.geteuid())
    assert oct(os.lstat(system.path("/run/imp")).st_mode & 0o7777) == "0o755"


# -- attacked by an unprivileged user ---------------------------------------------------------
NOBODY = "65534"
# What a user tries: open the holder's lock and keep a shared flock on it.
HOLD_THE_LOCK = """
import fcntl, os, sys, time
try:
    fd = os.open(sys.argv[1], os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
except OSError as exc:
    print("denied", exc.errno, flush=True)
    raise SystemExit(0)
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def open_system() -> Iterator[System]:
    """A System whose root every user can reach, as /run is on a real machine."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    base = Path(tempfile.mkdtemp(prefix="imp-holder-"))
    base.chmod(0o755)
    (base / "run").mkdir(mode=0o755)
    system = System(base)
    try:
        yield system
    finally:
        pid = running_holder(system)
        if pid:
            os.kill(pid, signal.SIGKILL)
            _wait_gone(pid)
        shutil.rmtree(base)


def as_nobody(*argv: str) -> subprocess.Popen[str]:
    python = shutil.which("python3", path="/usr/bin:/bin")  # one that nobody may run
    assert python is not None
    cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", python, *argv]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)


def stop(attacker: subprocess.Popen[str]) -> None:
    attacker.kill()
    attacker.wait()


def test_a_user_cannot_block_the_holder_with_the_lock(open_system: System) -> None:
    """Old versions: a user's shared flock on the 0644 lock made root's 'imp -i' say 'holder
    already running (PID <stale>)' and start nothing, while --status said 'not running'."""
    _, first = start_holder(open_system)
    os.kill(first, signal.SIGTERM)
    _wait_gone(first)
    attacker = as_nobody("-c", HOLD_THE_LOCK, str(open_system.path(LOCK_FILE)))
    try:
        assert attacker.stdout is not None
        attacker.stdout.readline()  # held or denied: either way the attempt is over
        started, pid = start_holder(open_system)
        assert (started, pid != first) == (True, True)
        assert running_holder(open_system) == pid
        assert doctor.holder(open_system).detail == f"running (PID {pid})"
    finally:
        stop(attacker)


def test_a_lock_left_world_readable_by_an_old_imp_is_replaced(open_system: System) -> None:
    open_system.path("/run/imp").mkdir(mode=0o755)
    lock = open_system.path(LOCK_FILE)
    lock.touch(mode=0o644)
    lock.chmod(0o644)
    attacker = as_nobody("-c", HOLD_THE_LOCK, str(lock))
    try:
        assert attacker.stdout is not None
        assert attacker.stdout.readline() == "held\n"  # what any user could do before
        started, pid = start_holder(open_system)
        assert started and running_holder(open_system) == pid
        assert oct(os.lstat(lock).st_mode & 0o777) == "0o600"
    finally:
        stop(attacker)


def test_a_look_alike_process_is_not_the_holder(open_system: System) -> None:
    """A stale PID now names a user's process with the holder's very arguments: not ours."""
    _, first = start_holder(open_system)
    os.kill(first, signal.SIGTERM)
    _wait_gone(first)
    fake = as_nobody("-I", "-S", "-c", HOLDER_CODE)
    try:
        for _ in range(200):  # wait until exec shows the look-alike's arguments
            if Path(f"/proc/{fake.pid}/cmdline").read_bytes().count(b"\0") > 4:
                break
            time.sleep(0.01)
        open_system.path(PID_FILE).write_text(f"{fake.pid}\n")
        assert running_holder(open_system) is None
        assert doctor.holder(open_system).detail == "not running"
        started, pid = start_holder(open_system)
        assert started and pid != fake.pid
    finally:
        stop(fake)
