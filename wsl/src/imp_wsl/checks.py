"""Prelaunch checks: imp only makes sense inside WSL 2 with systemd as PID 1.

Each failed check is one line that says what is wrong and how to fix it.
"""

from __future__ import annotations

from imp_wsl.errors import ImpError
from imp_wsl.system import System

WSL1_FILESYSTEMS = frozenset({"lxfs", "wslfs"})
WSL_CONF_HINT = "add '[boot]' and 'systemd=true' to /etc/wsl.conf, then run 'wsl.exe --shutdown'"


def root_filesystem_type(system: System) -> str | None:
    """The type of the filesystem mounted on / (the last such mount wins, as in the kernel)."""
    text = system.read_text("/proc/self/mounts") or ""
    found = None
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[1] == "/":
            found = fields[2]
    return found


def kernel_release(system: System) -> str:
    return (system.read_text("/proc/sys/kernel/osrelease") or "").strip()


def is_wsl2(system: System) -> bool:
    """WSL 2 kernels say 'microsoft' in their release; WSL 2 init also creates /run/WSL."""
    return "microsoft" in kernel_release(system).lower() or system.path("/run/WSL").exists()


def pid1_name(system: System) -> str:
    return (system.read_text("/proc/1/comm") or "").strip()


def platform_problem(system: System, *, need_systemd: bool = True) -> str | None:
    """The first reason imp cannot run here, or None.

    ``need_systemd=False`` (for ``--install``) accepts a WSL 2 where systemd is not PID 1 yet:
    the generator is boot-time setup, put in place before systemd is switched on.
    """
    if not system.platform.startswith("linux"):
        return f"imp runs inside a WSL 2 Linux distribution, not on {system.platform}"
    if root_filesystem_type(system) in WSL1_FILESYSTEMS:
        return (
            "this is WSL 1, which cannot run systemd; "
            "convert it with 'wsl.exe --set-version <distro> 2' from Windows"
        )
    if not is_wsl2(system):
        return (
            "not running under WSL 2 (kernel release has no 'microsoft' and /run/WSL is missing); "
            "imp is for WSL 2 distributions"
        )
    name = pid1_name(system)
    if need_systemd and name != "systemd":
        return f"systemd is not PID 1 (PID 1 is {name or 'unknown'!r}); {WSL_CONF_HINT}"
    return None


def check_platform(system: System, *, need_systemd: bool = True) -> None:
    """Raise a one-line :class:`ImpError` unless this is WSL 2 with systemd as PID 1."""
    problem = platform_problem(system, need_systemd=need_systemd)
    if problem is not None:
        raise ImpError(problem, 3)
