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
import re
import secrets
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

# Harmless presentation variables that may pass from the caller into the programs imp starts,
# each only with a value of the shape it has: a locale name (no '/', which would make glibc
# load locale files from a path), a terminal name. Anything else is dropped with a warning.
_LOCALE = re.compile(r"[A-Za-z0-9_.@+=-]{0,64}")
_PASSED_THROUGH: dict[str, re.Pattern[str]] = {
    "TERM": re.compile(r"[A-Za-z0-9_.+-]{0,64}"),
    "COLORTERM": re.compile(r"[A-Za-z0-9_.+-]{0,64}"),
    "LANG": _LOCALE,
    "LANGUAGE": re.compile(r"[A-Za-z0-9_.@+=:-]{0,256}"),
}
_LOCALE_CATEGORY = re.compile(r"LC_[A-Z]{1,32}")


def make_dirs(path: Path, mode: int = 0o755) -> None:
    """Create ``path`` and its missing parents with exactly ``mode`` (never the umask's)."""
    missing = []
    current = path
    while not current.is_dir():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        os.mkdir(directory, 0o700)
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fchmod(fd, mode)
        finally:
            os.close(fd)


def _fresh_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.imp-{secrets.token_hex(8)}")


def write_file(target: Path, text: str, mode: int = 0o644) -> None:
    """Replace ``target`` atomically by a new file holding ``text`` with exactly ``mode``.

    The new file gets a random name and is created with O_CREAT|O_EXCL|O_NOFOLLOW, so a planted
    file or symlink is never opened or followed; the rename then replaces a symlink at
    ``target`` itself instead of writing through it. Every file imp writes goes through here.
    """
    tmp = _fresh_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), mode)
            file.write(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_link(target: Path, link_to: str) -> None:
    """Replace ``target`` atomically by a symlink to ``link_to`` (created under a fresh name)."""
    tmp = _fresh_name(target)
    os.symlink(link_to, tmp)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
        self._passed: dict[str, str] | None = None

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

    def process(self, pid: int) -> tuple[int, list[str]] | None:
        """A live process's user ID and arguments, or None (gone, a zombie, or hidden).

        Always the real /proc: processes are not under the root.
        """
        try:
            uid = os.stat(f"/proc/{pid}").st_uid
            with open(f"/proc/{pid}/cmdline", "rb") as file:
                raw = file.read()
        except OSError:
            return None
        if not raw:  # a zombie, or a kernel thread
            return None
        return uid, [arg.decode("utf-8", "surrogateescape") for arg in raw.split(b"\0")[:-1]]

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
        env = {"PATH": SAFE_PATH, **self.passed_through()}
        env.update(extra or {})
        return env

    def passed_through(self) -> dict[str, str]:
        """The caller's locale and terminal variables that have a sane value (checked once)."""
        if self._passed is None:
            self._passed = {}
            for name, value in self.environ.items():
                pattern = _LOCALE if _LOCALE_CATEGORY.fullmatch(name) else _PASSED_THROUGH.get(name)
                if pattern is None:
                    continue
                if pattern.fullmatch(value):
                    self._passed[name] = value
                else:
                    print(
                        f"imp: warning: ignoring {name}={value!r}: not a valid value",
                        file=sys.stderr,
                    )
        return self._passed

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
        pass_fds: Sequence[int] = (),
    ) -> Completed:
        """Run a program to completion with captured output; a hang ends at ``timeout``.

        ``pass_fds`` stay open in the program under the same numbers (``/proc/self/fd/N``).
        """
        try:
            proc = subprocess.run(
                [self.which(argv[0]), *argv[1:]],
                env=self.clean_env(env),
                pass_fds=tuple(pass_fds),
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
