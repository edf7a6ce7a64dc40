"""The holder: one detached process that keeps the WSL instance alive until shutdown.

WSL stops an instance when no process started from Windows remains, even though systemd runs.
``imp -i`` therefore leaves one idle process behind. It holds an exclusive ``flock`` on
``/run/imp/holder.lock``; that lock (not a PID that might be reused) is how a second ``imp -i``
and ``imp --status`` find it, without races.
"""

from __future__ import annotations

import fcntl
import os
import sys

from imp_wsl.system import System

RUN_DIR = "/run/imp"
LOCK_FILE = "/run/imp/holder.lock"
PID_FILE = "/run/imp/holder.pid"

# The holder runs isolated (-I -S): nothing from the environment or site-packages is loaded.
HOLDER_CODE = (
    "import signal\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\nwhile True:\n    signal.pause()\n"
)


def holder_argv() -> list[str]:
    return [sys.executable, "-I", "-S", "-c", HOLDER_CODE]


def _recorded_pid(system: System) -> int | None:
    text = (system.read_text(PID_FILE) or "").strip()
    return int(text) if text.isdigit() else None


def running_holder(system: System) -> int | None:
    """The holder's PID (0 when unknown) if one holds the lock, else None."""
    try:
        fd = os.open(system.path(LOCK_FILE), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _recorded_pid(system) or 0
    finally:
        os.close(fd)
    return None


def start_holder(system: System) -> tuple[bool, int]:
    """Start the holder unless one runs; return (started now, its PID or 0 when unknown)."""
    run_dir = system.path(RUN_DIR)
    run_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
    fd = os.open(
        system.path(LOCK_FILE),
        os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
        0o644,
    )
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False, _recorded_pid(system) or 0
        # The child inherits this descriptor, and with it the lock, for as long as it lives.
        pid = system.spawn(holder_argv(), pass_fds=(fd,))
        pid_file = system.path(PID_FILE)
        tmp = pid_file.with_name(pid_file.name + ".new")
        tmp.write_text(f"{pid}\n", encoding="ascii")
        tmp.replace(pid_file)
        return True, pid
    finally:
        os.close(fd)
