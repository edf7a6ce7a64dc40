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
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
