"""Mount fixes that the generated boot units run (``python -I -m imp_wsl.mounts ACTION``).

Each action checks the system first and does nothing when there is nothing to fix, so running
it twice is safe. Mounts go through the ``mount`` program on the system boundary.
"""

from __future__ import annotations

import argparse
import os
import stat
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


def _mount(system: System, *args: str, fds: Sequence[int] = ()) -> None:
    result = system.run(["mount", *args], pass_fds=fds)
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


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def bind_wslg_x11(system: System) -> bool:
    """Bind WSLg's X11 socket directory read-only onto /tmp/.X11-unix.

    /tmp is world-writable, so a user may plant a symlink or a directory there, or swap one in
    between two steps. Every step therefore works relative to a descriptor of /tmp and never
    follows a symlink; the mount point must be a directory of root's (a user's is refused),
    and ``mount`` gets it as ``/proc/self/fd/N``, the very directory that was checked.
    """
    source = system.path(WSLG_X11)
    if not source.is_dir() or is_mountpoint(system, X11_DIR):
        return False
    parent_dir, name = os.path.split(X11_DIR)
    parent = os.open(system.path(parent_dir), _DIR_FLAGS)
    try:
        _x11_mount_point(parent, name)
        target = os.open(name, _DIR_FLAGS, dir_fd=parent)
        try:
            owner = os.fstat(target).st_uid
            if owner != os.geteuid():
                raise ImpError(
                    f"{X11_DIR} belongs to user ID {owner}, not root: not mounting on it "
                    f"(remove it, then restart imp-wsl-x11.service)"
                )
            _mount(system, "--no-canonicalize", "--bind", str(source),
                   f"/proc/self/fd/{target}", fds=(target,))  # fmt: skip
        finally:
            os.close(target)
        # Root's directory in a sticky /tmp: no user can move it, so the name now leads to the
        # new mount (a descriptor opened before the mount would still see the directory under).
        mounted = os.open(name, _DIR_FLAGS, dir_fd=parent)
        try:
            _mount(system, "--no-canonicalize", "-o", "remount,bind,ro",
                   f"/proc/self/fd/{mounted}", fds=(mounted,))  # fmt: skip
        finally:
            os.close(mounted)
    finally:
        os.close(parent)
    return True


def _x11_mount_point(parent: int, name: str) -> None:
    """Make ``name`` in ``parent`` a directory, replacing a symlink; never follow one."""
    try:
        info = os.stat(name, dir_fd=parent, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        os.unlink(name, dir_fd=parent)
        info = None
    if info is None:
        # Fails (EEXIST) if a user plants something here in the meantime: then nothing mounts.
        os.mkdir(name, 0o700, dir_fd=parent)
        made = os.open(name, _DIR_FLAGS, dir_fd=parent)
        try:
            os.fchmod(made, 0o1777)
        finally:
            os.close(made)


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
    # ASCII digits only: str.isdigit() also takes other scripts' digits, e.g. '\u0661\u0660'.
    if action not in ("start", "stop") or not (uid.isascii() and uid.isdigit()):
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
