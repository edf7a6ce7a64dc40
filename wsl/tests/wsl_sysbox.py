"""A real systemd, booted as PID 1 in fresh namespaces, for the integration tests.

Layout of one instance (as root): new PID, mount, UTS, IPC and network namespaces plus a
cgroup namespace rooted at a fresh cgroup2 directory; fresh tmpfs on /run and /tmp;
copy-on-write overlays on /etc, /var, /root and /home, so nothing written inside reaches the
host; read-only /sys and /proc/sys; a minimal private /dev. systemd boots a small target of
our own (basic.target plus D-Bus and logind), so the host's enabled services and timers stay
out. ``timeout -s KILL`` and ``unshare --kill-child`` make sure nothing outlives a test run.

The fresh /tmp hides the host's: what the tests run inside (the checkout, its venv, a built
package) stays visible at the same path when it lives under /tmp, bound read-only over the
new /tmp (``keep``). The overlays' upper directories (what was written inside) are readable
inside at /run/imp-test/overlay/NAME.up.

``python sysbox.py ns1|ns2 ...`` are the stages that run inside the namespaces.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve()
HOST_TMP = Path("/tmp")
UPPER_DIRS = "/run/imp-test/overlay"  # inside: the overlays' upper directories, read-only
LIFETIME = 240  # seconds: hard upper bound on one instance, whatever happens to the test run
OVERLAID = ("etc", "var", "root", "home")
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
TEST_TARGET = """[Unit]
Description=imp integration test system
Requires=basic.target
After=basic.target
Wants=dbus.socket systemd-logind.service
AllowIsolate=yes
"""
# Units that would start from basic/sysinit and cannot work (or must not run) in here.
MASKED = (
    "timers.target",
    "systemd-remount-fs.service",
    "systemd-timesyncd.service",
    "systemd-pstore.service",
    "systemd-binfmt.service",
    "proc-sys-fs-binfmt_misc.automount",
    "e2scrub_reap.service",
)


def cgroup2_mount() -> str | None:
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        separator = fields.index("-", 6)
        if fields[separator + 1] == "cgroup2":
            return fields[4]
    return None


def hidden_by_tmp(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Those of ``paths`` (resolved) that the fresh /tmp would hide, without nested ones."""
    found = sorted({str(Path(p).resolve()) for p in paths})
    found = [p for p in found if Path(p).is_relative_to(HOST_TMP)]
    return [p for p in found if not any(p != q and Path(p).is_relative_to(q) for q in found)]


def why_not() -> str | None:
    """The reason this machine cannot boot a test systemd, or None."""
    if os.geteuid() != 0:
        return "needs root (namespaces, mounts)"
    for program in ("unshare", "nsenter", "setpriv", "timeout"):
        if shutil.which(program) is None:
            return f"{program} is not installed"
    if not Path("/lib/systemd/systemd").exists():
        return "systemd is not installed (/lib/systemd/systemd)"
    if cgroup2_mount() is None:
        return "no cgroup2 hierarchy mounted"
    probe = subprocess.run(
        ["unshare", "--fork", "--pid", "--mount", "--cgroup", "--net", "true"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return f"cannot create namespaces here: {probe.stderr.strip()}"
    return None


class Sysbox:
    """One booted systemd; ``run`` executes a command inside all of its namespaces."""

    def __init__(
        self,
        state: Path,
        setup: str = "",
        keep: Iterable[str | os.PathLike[str]] = (),
        overlaid: Sequence[str] = OVERLAID,
    ) -> None:
        """``setup`` is a shell script run inside, after /run and /tmp exist, before systemd.

        ``keep``: paths that must stay visible inside even under /tmp (bound read-only);
        ``overlaid``: the top-level directories given a copy-on-write overlay.
        """
        self.state = state
        self.setup = setup
        self.keep = hidden_by_tmp(keep)
        self.overlaid = tuple(overlaid)
        self.pid1 = 0
        self.cgroup = Path()

    def start(self, timeout: float = 30) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        (self.state / "console.log").write_text("")
        (self.state / "setup.sh").write_text(self.setup)
        layout = {"keep": self.keep, "overlaid": self.overlaid}
        (self.state / "layout.json").write_text(json.dumps(layout))
        (self.state / "pid1").unlink(missing_ok=True)
        self.cgroup = Path(cgroup2_mount() or "/") / f"imp-test-{os.getpid()}-{time.monotonic_ns()}"
        self.cgroup.mkdir()
        with open(self.state / "ns.log", "wb") as log:
            subprocess.Popen(
                [
                    "timeout", "-s", "KILL", str(LIFETIME),
                    "unshare", "--fork", "--kill-child=SIGKILL", "--pid", "--mount", "--uts",
                    "--ipc", "--net", "--propagation", "private",
                    sys.executable, "-I", str(HERE), "ns1", str(self.state), str(self.cgroup),
                ],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        pid_file = self.state / "pid1"
        while not (pid_file.exists() and pid_file.read_text().strip()):
            if time.monotonic() > deadline:
                raise RuntimeError("namespace did not start: " + self.log())
            time.sleep(0.02)
        self.pid1 = int(pid_file.read_text())
        while True:
            if not self.alive():
                raise RuntimeError("systemd died while booting: " + self.log())
            state = self.run(["systemctl", "is-system-running"], timeout=10).stdout.strip()
            if state in ("running", "degraded"):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"systemd stuck in {state!r}: " + self.log())
            time.sleep(0.05)

    def log(self) -> str:
        texts = []
        for name in ("ns.log", "console.log"):
            path = self.state / name
            if path.exists():
                texts.append(path.read_text(errors="replace")[-3000:])
        return "\n".join(texts)

    def alive(self) -> bool:
        try:
            os.kill(self.pid1, 0)
        except ProcessLookupError:
            return False
        return True

    def command(self, argv: Sequence[str]) -> list[str]:
        return ["nsenter", "-t", str(self.pid1), "-a", *argv]

    def run(
        self,
        argv: Sequence[str],
        *,
        timeout: float = 60,
        input: str | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(argv),
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=None if input is not None else subprocess.DEVNULL,
            env=env,
        )

    def wait_gone(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return True
            time.sleep(0.05)
        return not self.alive()

    def stop(self) -> None:
        """Power off, kill whatever remains, and remove the cgroup: nothing is left behind."""
        if self.pid1 and self.alive():
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.run(["systemctl", "poweroff"], timeout=10)
            if not self.wait_gone(10):
                os.kill(self.pid1, signal.SIGKILL)  # takes the whole PID namespace with it
                self.wait_gone(10)
        for _ in range(100):
            if not self.cgroup.exists():
                break
            for directory in [*sorted(self.cgroup.rglob("*"), reverse=True), self.cgroup]:
                if directory.is_dir():
                    with contextlib.suppress(OSError):
                        directory.rmdir()
            time.sleep(0.05)


# -- the stages inside the namespaces -------------------------------------------------------
def sh(*argv: str) -> None:
    subprocess.run(argv, check=True)


def fresh_tmp(keep: Sequence[str]) -> None:
    """A fresh /tmp (Debian's tmpfiles rule 'D /tmp' would otherwise empty the host's), with
    the ``keep`` paths of the host's /tmp bound read-only at the same place over it."""
    host_tmp = Path("/run/imp-test/host-tmp")
    host_tmp.mkdir(parents=True)
    sh("mount", "--bind", str(HOST_TMP), str(host_tmp))
    sh("mount", "-t", "tmpfs", "-o", "mode=1777,nosuid,nodev", "imp-test-tmp", str(HOST_TMP))
    for kept in map(Path, keep):
        source = host_tmp / kept.relative_to(HOST_TMP)
        if source.is_dir():
            kept.mkdir(parents=True)
        else:
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.touch()
        sh("mount", "--bind", str(source), str(kept))
        sh("mount", "-o", "remount,bind,ro,nosuid,nodev", str(kept))
    sh("umount", str(host_tmp))
    host_tmp.rmdir()


def stage_ns1(state: str, cgroup: str) -> None:
    """PID 1 of the new namespaces, host /proc still mounted: note our host PID, move cgroup."""
    host_pid = Path("/proc/self/stat").read_text().split()[0]
    Path(state, "pid1").write_text(host_pid)
    sh("mount", "--make-rprivate", "/")
    Path(cgroup, "cgroup.procs").write_text("0")
    os.execvp("unshare", ["unshare", "--cgroup", sys.executable, "-I", str(HERE), "ns2", state])


def stage_ns2(state: str) -> None:
    """Build the filesystem view, then become systemd (exec keeps PID 1)."""
    setup = Path(state, "setup.sh").read_text()  # read now: a state dir in /tmp gets hidden
    layout = json.loads(Path(state, "layout.json").read_text())
    overlay = Path(state, "ovl")
    overlay.mkdir(exist_ok=True)
    sh("mount", "-t", "tmpfs", "-o", "mode=755", "imp-test-ovl", str(overlay))
    for name in layout["overlaid"]:
        upper, work = overlay / f"{name}.up", overlay / f"{name}.wk"
        upper.mkdir()
        work.mkdir()
        options = f"lowerdir=/{name},upperdir={upper},workdir={work}"
        sh("mount", "-t", "overlay", "overlay", "-o", options, f"/{name}")
    sh("mount", "-t", "proc", "-o", "nosuid,nodev,noexec", "proc", "/proc")
    for path in ("/proc/sys", "/proc/sysrq-trigger"):
        if os.path.exists(path):
            sh("mount", "--bind", path, path)
            sh("mount", "-o", "remount,bind,ro", path)
    sh("umount", "-R", "/sys/fs/cgroup")
    sh("mount", "-t", "cgroup2", "-o", "nosuid,nodev,noexec", "cgroup2", "/sys/fs/cgroup")
    sh("mount", "-o", "remount,bind,ro,nosuid,nodev,noexec", "/sys")
    dev = overlay / "dev"
    dev.mkdir()
    sh("mount", "-t", "tmpfs", "-o", "mode=755,nosuid", "imp-test-dev", str(dev))
    for name in DEVICES:
        (dev / name).touch()
        sh("mount", "--bind", f"/dev/{name}", str(dev / name))
    (dev / "pts").mkdir()
    (dev / "shm").mkdir(mode=0o1777)
    os.chmod(dev / "shm", 0o1777)
    sh("mount", "-t", "devpts", "-o", "newinstance,ptmxmode=0666,mode=620,gid=5", "devpts",
       str(dev / "pts"))  # fmt: skip
    (dev / "ptmx").symlink_to("pts/ptmx")
    (dev / "fd").symlink_to("/proc/self/fd")
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        (dev / name).symlink_to(f"/proc/self/fd/{number}")
    (dev / "console").touch()
    sh("mount", "--bind", str(Path(state, "console.log")), str(dev / "console"))
    sh("mount", "--move", str(dev), "/dev")
    sh("mount", "-t", "tmpfs", "-o", "mode=755,nosuid,nodev", "imp-test-run", "/run")
    Path(UPPER_DIRS).mkdir(parents=True)
    sh("mount", "--bind", str(overlay), UPPER_DIRS)
    sh("mount", "-o", "remount,bind,ro", UPPER_DIRS)
    fresh_tmp(layout["keep"])
    units = Path("/run/systemd/system")
    units.mkdir(parents=True)
    (units / "imp-test.target").write_text(TEST_TARGET)
    for unit in MASKED:
        (units / unit).symlink_to("/dev/null")
    sh("sh", "-e", "-c", setup)
    env = {"container": "wsl", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    os.execve(
        "/usr/bin/setpriv",
        [
            "setpriv", "--bounding-set", "-sys_time,-sys_module,-sys_boot",
            "/lib/systemd/systemd", "--unit=imp-test.target",
        ],
        env,
    )  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "ns1":
        stage_ns1(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "ns2":
        stage_ns2(sys.argv[2])
    else:
        raise SystemExit(f"unknown stage {sys.argv[1]}")
