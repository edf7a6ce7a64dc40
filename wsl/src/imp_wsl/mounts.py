"""Mount fixes that the generated boot units run (``python -I -m imp_wsl.mounts ACTION``).

Each action checks the system first and does nothing when there is nothing to fix, so running
it twice is safe. Mounts go through the ``mount`` program on the system boundary.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from imp_wsl.errors import ImpError
from imp_wsl.system import System

WSLG_X11 = "/mnt/wslg/.X11-unix"
X11_DIR = "/tmp/.X11-unix"
WSLG_RUNTIME = "/mnt/wslg/runtime-dir"
USER_RUNTIME_HELPERS = (
    "/usr/lib/systemd/systemd-user-runtime-dir",
    "/lib/systemd/systemd-user-runtime-dir",
)


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_table(system: System) -> list[tuple[str, list[str]]]:
    """(mount point, optional fields) for every line of /proc/self/mountinfo."""
    entries = []
    for line in system.mountinfo().splitlines():
        fields = line.split()
        if len(fields) < 7 or "-" not in fields[6:]:
            continue
        separator = fields.index("-", 6)
        entries.append((_unescape(fields[4]), fields[6:separator]))
    return entries


def is_mountpoint(system: System, path: str) -> bool:
    real = str(system.path(path)).rstrip("/") or "/"
    return any(point == real for point, _ in mount_table(system))


def is_shared(system: System, path: str) -> bool:
    """Whether the topmost mount on ``path`` propagates (has a ``shared:N`` tag)."""
    real = str(system.path(path)).rstrip("/") or "/"
    tags = [optional for point, optional in mount_table(system) if point == real]
    return bool(tags) and any(tag.startswith("shared:") for tag in tags[-1])


def _mount(system: System, *args: str) -> None:
    result = system.run(["mount", *args])
    if result.returncode != 0:
        raise ImpError(f"mount {' '.join(args)} failed: {result.stderr.strip() or 'no message'}")


def _special_fs(system: System, fstype: str, path: str) -> bool:
    target = system.path(path)
    if not target.is_dir() or is_mountpoint(system, path):
        return False
    _mount(system, "-t", fstype, "-o", "nosuid,nodev,noexec", fstype, str(target))
    return True


def mount_securityfs(system: System) -> bool:
    """Mount securityfs on /sys/kernel/security (AppArmor and friends need it)."""
    return _special_fs(system, "securityfs", "/sys/kernel/security")


def mount_pstore(system: System) -> bool:
    """Mount pstore on /sys/fs/pstore (systemd-pstore needs it)."""
    return _special_fs(system, "pstore", "/sys/fs/pstore")


def fix_dev_shm(system: System) -> bool:
    """Make /dev/shm a tmpfs mount and bind /run/shm to it, when /dev/shm is a symlink.

    Programs (and systemd's own checks) expect a mount at /dev/shm; WSL gives a symlink to
    /run/shm, which systemd's /run handling then breaks.
    """
    dev_shm = system.path("/dev/shm")
    if not dev_shm.is_symlink():
        return False
    dev_shm.unlink()
    dev_shm.mkdir()
    os.chmod(dev_shm, 0o1777)
    _mount(system, "-t", "tmpfs", "-o", "mode=1777,nosuid,nodev", "tmpfs", str(dev_shm))
    run_shm = system.path("/run/shm")
    if run_shm.is_symlink():
        return True
    if is_mountpoint(system, "/run/shm"):
        result = system.run(["umount", "--lazy", str(run_shm)])
        if result.returncode != 0:
            raise ImpError(f"umount {run_shm} failed: {result.stderr.strip() or 'no message'}")
    run_shm.mkdir(parents=True, exist_ok=True)
    _mount(system, "--bind", str(dev_shm), str(run_shm))
    return True


def make_root_shared(system: System) -> bool:
    """Give / shared propagation, as systemd expects (containers and bind mounts rely on it)."""
    if is_shared(system, "/"):
        return False
    _mount(system, "--make-rshared", str(system.path("/")))
    return True


def bind_wslg_x11(system: System) -> bool:
    """Bind WSLg's X11 socket directory read-only onto /tmp/.X11-unix."""
    source = system.path(WSLG_X11)
    target = system.path(X11_DIR)
    if not source.is_dir() or is_mountpoint(system, X11_DIR):
        return False
    if target.is_symlink():
        target.unlink()
    if not target.is_dir():
        target.mkdir(parents=True)
        os.chmod(target, 0o1777)
    _mount(system, "--bind", str(source), str(target))
    _mount(system, "-o", "remount,bind,ro", str(target))
    return True


def _user_runtime_helper(system: System) -> str:
    for candidate in USER_RUNTIME_HELPERS:
        if system.path(candidate).exists():
            return candidate
    raise ImpError("systemd-user-runtime-dir not found in /usr/lib/systemd or /lib/systemd")


def user_runtime_dir(system: System, action: str, uid: str) -> int:
    """``user-runtime-dir@UID`` start/stop that leaves WSLg's runtime dir to WSLg's own user.

    WSL mounts /mnt/wslg/runtime-dir on /run/user/UID of the default user. For that user, the
    standard helper would mount over it (start) or remove it (stop): leave it alone. Every
    other user gets the standard behaviour, on a fresh directory.
    """
    if action not in ("start", "stop") or not uid.isdigit():
        raise ImpError(f"usage: runtime-dir start|stop UID (got {action} {uid})", 2)
    helper = _user_runtime_helper(system)
    wslg = system.path(WSLG_RUNTIME)
    if wslg.is_dir() and str(os.stat(wslg).st_uid) == uid:
        return 0
    runtime = f"/run/user/{uid}"
    if action == "start" and is_mountpoint(system, runtime):
        system.run(["umount", "--lazy", str(system.path(runtime))])
    return system.run([helper, action, uid]).returncode


ACTIONS = {
    "securityfs": mount_securityfs,
    "pstore": mount_pstore,
    "devshm": fix_dev_shm,
    "root-shared": make_root_shared,
    "wslg-x11": bind_wslg_x11,
}


def main(argv: Sequence[str] | None = None, system: System | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m imp_wsl.mounts",
        description="Boot-time mount fixes for WSL 2 (run by imp's generated units).",
    )
    parser.add_argument("action", choices=[*ACTIONS, "runtime-dir"])
    parser.add_argument("args", nargs="*", help="for runtime-dir: start|stop UID")
    options = parser.parse_args(argv)
    system = system or System()
    try:
        if options.action == "runtime-dir":
            if len(options.args) != 2:
                parser.error("runtime-dir needs: start|stop UID")
            return user_runtime_dir(system, options.args[0], options.args[1])
        if options.args:
            parser.error(f"{options.action} takes no arguments")
        changed = ACTIONS[options.action](system)
    except ImpError as exc:
        print(f"imp-mounts: {options.action}: {exc.message}", file=sys.stderr)
        return exc.status
    except OSError as exc:
        print(f"imp-mounts: {options.action}: {exc}", file=sys.stderr)
        return 1
    print(f"imp-mounts: {options.action}: {'done' if changed else 'nothing to do'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
