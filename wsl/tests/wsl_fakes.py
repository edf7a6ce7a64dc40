"""A fake system for unit tests: a root directory plus a recording, scriptable runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from imp_wsl.system import Completed, System

WSL_KERNEL = "5.15.153.1-microsoft-standard-WSL2"
ROOT_MOUNTINFO = "22 1 8:32 / / rw,relatime shared:1 - ext4 /dev/sdc rw\n"


class Executed(Exception):
    """Raised where the real System would have replaced the process."""

    def __init__(self, argv: Sequence[str]) -> None:
        super().__init__(list(argv))
        self.argv = list(argv)


Responder = Callable[[list[str]], "Completed | str | None"]


class FakeSystem(System):
    """Everything the real System does to the machine, recorded instead of done.

    ``respond`` maps an argv to its output: a Completed, a string (stdout, status 0), or None
    for "no such case" (status 0, no output).
    """

    def __init__(self, root: Path, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(root, environ or {})
        self.calls: list[tuple[str, list[str]]] = []
        self.envs: list[dict[str, str]] = []
        self.responders: list[Responder] = []
        self.euid = 0
        self.users = {0: "root", 1000: "alice", 1001: "bob"}
        self.fake_platform = "linux"
        self.terminal = False
        self.clock = 0.0
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[FakeSystem], None] | None = None
        self.mount_text = ROOT_MOUNTINFO
        self.missing: set[str] = set()
        self.call_status = 0
        self.held_fds: list[int] = []
        self.processes: dict[int, tuple[int, list[str]]] = {}

    # identity, platform, time
    @property
    def platform(self) -> str:
        return self.fake_platform

    def geteuid(self) -> int:
        return self.euid

    def user_name(self, uid: int) -> str | None:
        return self.users.get(uid)

    def user_exists(self, name: str) -> bool:
        return name in self.users.values()

    def stderr_is_terminal(self) -> bool:
        return self.terminal

    def stdio_is_terminal(self) -> bool:
        return self.terminal

    def monotonic(self) -> float:
        return self.clock

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock += seconds
        if self.on_sleep is not None:
            self.on_sleep(self)

    def mountinfo(self) -> str:
        return self.mount_text

    # programs
    def which(self, program: str) -> str:
        if program in self.missing:
            from imp_wsl.errors import ImpError

            raise ImpError(f"{program} is not installed", 127)
        return f"/usr/bin/{program}"

    def _respond(self, argv: list[str]) -> Completed:
        for responder in reversed(self.responders):
            answer = responder(argv)
            if isinstance(answer, Completed):
                return answer
            if isinstance(answer, str):
                return Completed(tuple(argv), 0, answer, "")
        return Completed(tuple(argv), 0, "", "")

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        timeout: Any = None,
        pass_fds: Sequence[int] = (),
    ) -> Completed:
        self.calls.append(("run", list(argv)))
        self.envs.append(dict(env or {}))
        return self._respond(list(argv))

    def call(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> int:
        self.calls.append(("call", list(argv)))
        self.envs.append(dict(env or {}))
        return self.call_status

    def execute(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> NoReturn:
        self.calls.append(("execute", list(argv)))
        raise Executed(argv)

    def spawn(self, argv: Sequence[str], *, pass_fds: Sequence[int] = ()) -> int:
        self.calls.append(("spawn", list(argv)))
        # Keep the passed descriptors open, as the real child would: the holder lock stays held.
        self.held_fds.extend(os.dup(fd) for fd in pass_fds)
        self.processes[4242] = (os.geteuid(), list(argv))
        return 4242

    def process(self, pid: int) -> tuple[int, list[str]] | None:
        return self.processes.get(pid)

    def release(self) -> None:
        """What the holder's death does: the process is gone, its descriptors close."""
        for fd in self.held_fds:
            os.close(fd)
        self.held_fds.clear()
        self.processes.clear()

    # helpers for tests
    def write(self, path: str, text: str = "") -> Path:
        target = self.path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def programs(self, kind: str | None = None) -> list[list[str]]:
        return [argv for k, argv in self.calls if kind is None or k == kind]

    def state_sequence(self, *states: str) -> None:
        """``systemctl is-system-running`` answers these in turn, then the last forever."""
        remaining = list(states)

        def answer(argv: list[str]) -> Completed | None:
            if argv[:2] != ["systemctl", "is-system-running"]:
                return None
            state = remaining.pop(0) if len(remaining) > 1 else remaining[0]
            code = 0 if state == "running" else 1
            return Completed(tuple(argv), code, f"{state}\n" if state else "", "")

        self.responders.append(answer)


def make_wsl(system: FakeSystem) -> FakeSystem:
    """Turn the fake root into a booted WSL 2 with systemd as PID 1 and the bus up."""
    system.write("/proc/sys/kernel/osrelease", WSL_KERNEL + "\n")
    system.write("/proc/1/comm", "systemd\n")
    system.write("/proc/self/mounts", "/dev/sdc / ext4 rw,relatime 0 0\n")
    system.write("/run/dbus/system_bus_socket")
    system.state_sequence("running")
    return system


def full_wsl(system: FakeSystem) -> None:
    """Everything to fix: WSL 2 as it boots with WSLg and without imp."""
    system.write("/init")
    system.write("/usr/lib/systemd/system/systemd-machined.service")
    system.path("/sys/kernel/security").mkdir(parents=True)
    system.path("/sys/fs/pstore").mkdir(parents=True)
    system.path("/run/shm").mkdir(parents=True)
    system.path("/dev").mkdir(parents=True)
    system.path("/dev/shm").symlink_to("/run/shm")
    system.path("/mnt/wslg/.X11-unix").mkdir(parents=True)
    system.path("/mnt/wslg/runtime-dir").mkdir(parents=True)
    system.mount_text = "22 1 8:32 / / rw,relatime - ext4 /dev/sdc rw\n"


def snapshot(base: Path) -> dict[str, str]:
    """Relative path -> file text, or '-> target' for symlinks."""
    found = {}
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        if path.is_symlink():
            found[rel] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[rel] = path.read_text()
    return found
