"""Run one mount helper for real, inside the private mount namespace the test created.

Usage: python mount_scenarios.py SCENARIO ROOT. Prints a JSON report of what it observed.
Runs as root under ``unshare --mount --propagation private``: nothing reaches the host.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from imp_wsl import mounts
from imp_wsl.errors import ImpError
from imp_wsl.system import System


def fstype(path: Path) -> str | None:
    found = None
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        if fields[4] == str(path):
            found = fields[fields.index("-", 6) + 1]
    return found


def sh(*argv: str) -> None:
    subprocess.run(argv, check=True)


NOBODY = "65534"
# The attacker, as user nobody, acting in /tmp through a descriptor of it (the scratch root
# lies under directories only root may enter; a real /tmp needs no such help).
ATTACK = """
import os, sys
tmp = int(sys.argv[1])
if sys.argv[2] == "dir":
    os.mkdir(".X11-unix", 0o755, dir_fd=tmp)
else:
    os.symlink(sys.argv[3], ".X11-unix", dir_fd=tmp)
print("planted")
"""


def as_nobody(tmp_fd: int, *args: str) -> str:
    python = "/usr/bin/python3"
    result = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
         python, "-c", ATTACK, str(tmp_fd), *args],
        capture_output=True, text=True, check=False, pass_fds=(tmp_fd,),
    )  # fmt: skip
    return result.stdout.strip() or result.stderr.strip()


def x11_attack(scenario: str, system: System, root: Path) -> dict[str, object]:
    source = root / "mnt/wslg/.X11-unix"
    source.mkdir(parents=True)
    (source / "X0").write_text("socket stand-in")
    tmp = root / "tmp"
    tmp.mkdir()
    tmp.chmod(0o1777)
    victim = root / "etc"  # what the attacker wants covered: any directory of root's
    victim.mkdir()
    (victim / "passwd").write_text("root:x:0:0::/root:/bin/sh\n")
    tmp_fd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
    report: dict[str, object] = {}
    if scenario == "wslg-x11-users-dir":
        report["attacker"] = as_nobody(tmp_fd, "dir")
    else:
        (tmp / ".X11-unix").symlink_to(source)  # as tmpfiles' old rule or a user left it
        real_unlink = os.unlink

        def unlink_then_race(path: object, *args: object, **kwargs: object) -> None:
            real_unlink(path, *args, **kwargs)  # type: ignore[arg-type]
            if str(path).endswith(".X11-unix"):
                os.unlink = real_unlink
                report["attacker"] = as_nobody(tmp_fd, "symlink", str(victim))

        os.unlink = unlink_then_race  # type: ignore[assignment]
    try:
        mounts.bind_wslg_x11(system)
        report["error"] = None
    except (OSError, ImpError) as exc:
        report["error"] = str(exc)
    report["victim_mounted"] = any(
        line.split()[4] == str(victim)
        for line in Path("/proc/self/mountinfo").read_text().splitlines()
    )
    report["target_mounted"] = mounts.is_mountpoint(system, "/tmp/.X11-unix")
    return report


def main(scenario: str, root: Path) -> dict[str, object]:
    system = System(root)
    # The scratch root is its own mount, so / under it can be given propagation of its own.
    sh("mount", "-t", "tmpfs", "-o", "mode=755", "imp-test-root", str(root))
    report: dict[str, object] = {}
    if scenario in ("securityfs", "pstore"):
        path = root / ("sys/kernel/security" if scenario == "securityfs" else "sys/fs/pstore")
        path.mkdir(parents=True)
        action = mounts.mount_securityfs if scenario == "securityfs" else mounts.mount_pstore
        report["first"] = action(system)
        report["second"] = action(system)
        report["fstype"] = fstype(path)
    elif scenario == "devshm":
        (root / "dev").mkdir()
        (root / "run/shm").mkdir(parents=True)
        sh("mount", "-t", "tmpfs", "old-shm", str(root / "run/shm"))
        (root / "dev/shm").symlink_to("../run/shm")
        report["first"] = mounts.fix_dev_shm(system)
        report["second"] = mounts.fix_dev_shm(system)
        dev_shm, run_shm = root / "dev/shm", root / "run/shm"
        report["is_symlink"] = dev_shm.is_symlink()
        report["fstype"] = fstype(dev_shm)
        report["mode"] = oct(dev_shm.stat().st_mode & 0o7777)
        (dev_shm / "probe").write_text("shared")
        report["seen_in_run_shm"] = (run_shm / "probe").read_text()
        report["same_dir"] = os.stat(dev_shm).st_ino == os.stat(run_shm).st_ino
    elif scenario == "root-shared":
        sh("mount", "--make-private", str(root))
        report["before"] = mounts.is_shared(system, "/")
        report["first"] = mounts.make_root_shared(system)
        report["second"] = mounts.make_root_shared(system)
        report["after"] = mounts.is_shared(system, "/")
    elif scenario == "wslg-x11":
        source = root / "mnt/wslg/.X11-unix"
        source.mkdir(parents=True)
        (source / "X0").write_text("socket stand-in")
        (root / "tmp").mkdir()
        (root / "tmp/.X11-unix").symlink_to("/mnt/wslg/.X11-unix")
        report["first"] = mounts.bind_wslg_x11(system)
        report["second"] = mounts.bind_wslg_x11(system)
        target = root / "tmp/.X11-unix"
        report["listing"] = sorted(os.listdir(target))
        report["mountpoint"] = mounts.is_mountpoint(system, "/tmp/.X11-unix")
        try:
            (target / "new").write_text("x")
            report["read_only"] = False
        except OSError:
            report["read_only"] = True
    elif scenario in ("wslg-x11-users-dir", "wslg-x11-race"):
        report.update(x11_attack(scenario, system, root))
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
