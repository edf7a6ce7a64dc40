"""The holder: one detached process that keeps the WSL instance alive until shutdown.

WSL stops an instance when no process started from Windows remains, even though systemd runs.
``imp -i`` therefore leaves one idle process behind. :func:`running_holder` alone decides
whether it runs, for ``imp -i`` and ``imp --status`` alike: the PID recorded in root's
``/run/imp/holder.pid`` must be a live process of the same owner with the holder's exact
arguments, so neither a stale PID nor a user's look-alike process counts. Starting is
serialized by ``/run/imp/holder.lock``, a 0600 file only root can open: no user can hold it
(and so block or fake the holder), as any user could when it was world-readable.
"""

from __future__ import annotations

import fcntl
import os
import stat
import sys

from imp_wsl.errors import ImpError
from imp_wsl.system import System, make_dirs, write_file

RUN_DIR = "/run/imp"
LOCK_FILE = "/run/imp/holder.lock"
PID_FILE = "/run/imp/holder.pid"

# The holder runs isolated (-I -S): nothing from the environment or site-packages is loaded.
HOLDER_CODE = (
    "import signal\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\nwhile True:\n    signal.pause()\n"
)
_HOLDER_OPTIONS = ["-I", "-S", "-c", HOLDER_CODE]
_START_CHECKS = 500  # 5 s


def holder_argv() -> list[str]:
    return [sys.executable, *_HOLDER_OPTIONS]


def _run_dir_owner(system: System) -> int | None:
    """Who owns /run/imp, when it is a real directory that nobody else can change."""
    try:
        info = os.lstat(system.path(RUN_DIR))
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return info.st_uid


def _recorded_pid(system: System, owner: int) -> int | None:
    try:
        fd = os.open(system.path(PID_FILE), os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != owner:
            return None
        text = os.read(fd, 64).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    return int(text) if text.isdigit() and int(text) > 0 else None


def running_holder(system: System) -> int | None:
    """The running holder's PID, or None: the one answer for ``imp -i`` and ``--status``."""
    owner = _run_dir_owner(system)
    if owner is None:
        return None
    pid = _recorded_pid(system, owner)
    if pid is None:
        return None
    return pid if _is_holder(system, pid, owner) else None


def _is_holder(system: System, pid: int, owner: int) -> bool:
    """Not a reused PID, nor a look-alike of another user's: the holder's owner and arguments."""
    found = system.process(pid)
    return found is not None and found[0] == owner and found[1][1:] == _HOLDER_OPTIONS


def _open_lock(system: System) -> int:
    """Open root's start lock: a 0600 regular file of ours, never through a symlink."""
    path = system.path(LOCK_FILE)
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(path, flags, 0o600)
    info = os.fstat(fd)
    if info.st_mode & 0o077 and stat.S_ISREG(info.st_mode):
        # Made by an older imp with mode 0644: any user may still have it open (and locked).
        # Start over with a fresh file that only we can open.
        os.close(fd)
        write_file(path, "", 0o600)
        fd = os.open(path, flags, 0o600)
        info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_nlink != 1:
        os.close(fd)
        raise ImpError(f"{LOCK_FILE} is not a plain file of yours; remove it and try again")
    return fd


def start_holder(system: System) -> tuple[bool, int]:
    """Start the holder unless one runs; return (started now, its PID)."""
    run_dir = system.path(RUN_DIR)
    make_dirs(run_dir, 0o755)
    if _run_dir_owner(system) != os.geteuid():
        raise ImpError(
            f"{RUN_DIR} is not a directory that only you can change; remove it and try again"
        )
    fd = _open_lock(system)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one imp -i at a time; nobody else can open the file
        pid = running_holder(system)
        if pid is not None:
            return False, pid
        pid = system.spawn(holder_argv())
        # Right after exec the kernel may show the arguments of the new program a moment
        # late: record the holder (and let the next imp -i in) only once it is recognizable.
        for _ in range(_START_CHECKS):
            if _is_holder(system, pid, os.geteuid()):
                break
            system.sleep(0.01)
        else:
            raise ImpError(f"the holder (PID {pid}) did not start")
        write_file(system.path(PID_FILE), f"{pid}\n", 0o644)
        return True, pid
    finally:
        os.close(fd)
