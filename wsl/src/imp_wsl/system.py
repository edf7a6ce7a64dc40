"""The boundary between imp and the machine.

Every file imp reads or writes is named by its absolute path on the target system and resolved
under :attr:`System.root`; every program imp starts goes through :meth:`System.run`,
:meth:`System.call`, :meth:`System.execute` or :meth:`System.spawn`. Tests substitute a root
directory and a recording runner, so the logic runs against a fake system.

Programs are looked up on a fixed PATH and started with a minimal environment, never the
caller's: a variable such as ``LD_PRELOAD``, ``SYSTEMD_PAGER`` or ``PATH`` must not smuggle code
into a process that runs as root.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from imp_wsl.errors import ImpError

SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Harmless presentation variables that may pass from the caller into the programs imp starts.
_PASSED_THROUGH = ("TERM", "LANG", "LANGUAGE", "COLORTERM")


@dataclass(frozen=True)
class Completed:
    """The outcome of a program run with captured output."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


class System:
    """The real machine, optionally seen through another root directory."""

    def __init__(
        self, root: str | os.PathLike[str] = "/", environ: Mapping[str, str] | None = None
    ):
        self.root = Path(root)
        self.environ: Mapping[str, str] = dict(os.environ if environ is None else environ)

    # -- files -----------------------------------------------------------------------------
    def path(self, path: str) -> Path:
        """Map an absolute path on the target system to the file imp really touches."""
        if not path.startswith("/"):
            raise ValueError(f"system paths are absolute: {path!r}")
        return self.root / path.lstrip("/")

    def read_text(self, path: str) -> str | None:
        """The file's text, or None when it does not exist or cannot be read."""
        try:
            return self.path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    def mountinfo(self) -> str:
        """This process's mount table (always the real one: mounts are not under the root)."""
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as file:
            return file.read()

    # -- identity and platform -------------------------------------------------------------
    @property
    def platform(self) -> str:
        return sys.platform

    def geteuid(self) -> int:
        return os.geteuid()

    def user_name(self, uid: int) -> str | None:
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return None

    def user_exists(self, name: str) -> bool:
        try:
            pwd.getpwnam(name)
        except KeyError:
            return False
        return True

    def stderr_is_terminal(self) -> bool:
        return sys.stderr.isatty()

    def stdio_is_terminal(self) -> bool:
        return sys.stdin.isatty() and sys.stdout.isatty()

    def cwd(self) -> str:
        return os.getcwd()

    # -- time ------------------------------------------------------------------------------
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    # -- programs --------------------------------------------------------------------------
    def clean_env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """A minimal environment: the fixed PATH, locale and terminal, and what imp adds."""
        env = {"PATH": SAFE_PATH}
        for name, value in self.environ.items():
            if name in _PASSED_THROUGH or name.startswith("LC_"):
                env[name] = value
        env.update(extra or {})
        return env

    def which(self, program: str) -> str:
        """The absolute path of a program on the fixed PATH, or a clear error."""
        found = shutil.which(program, path=SAFE_PATH)
        if found is None:
            raise ImpError(f"{program} is not installed (looked in {SAFE_PATH})", 127)
        return found

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        timeout: float | None = 60,
    ) -> Completed:
        """Run a program to completion with captured output; a hang ends at ``timeout``."""
        try:
            proc = subprocess.run(
                [self.which(argv[0]), *argv[1:]],
                env=self.clean_env(env),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Completed(tuple(argv), 124, "", f"timed out after {timeout} s")
        return Completed(tuple(argv), proc.returncode, proc.stdout, proc.stderr)

    def call(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> int:
        """Run a program on imp's own stdin/stdout/stderr and return its exit status."""
        return subprocess.call([self.which(argv[0]), *argv[1:]], env=self.clean_env(env))

    def execute(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> NoReturn:
        """Replace imp by the program, so the terminal and exit status are the program's."""
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(self.which(argv[0]), list(argv), self.clean_env(env))

    def spawn(self, argv: Sequence[str], *, pass_fds: Sequence[int] = ()) -> int:
        """Start a detached program (own session, no stdio, SIGHUP ignored); return its PID."""
        proc = subprocess.Popen(
            list(argv),
            env=self.clean_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            pass_fds=tuple(pass_fds),
            close_fds=True,
            cwd="/",
        )
        return proc.pid
