"""imp against a real systemd booted in fresh namespaces (see wsl_sysbox.py); root only.

Skips with the reason where the machine cannot do it. ``imp -s``/``-l`` need machinectl
(Debian: systemd-container); the fixture installs it with apt-get when it is missing, unless
IMP_TEST_NO_APT=1. The interpreter and imp_wsl stay visible inside wherever they are, /tmp
included (wsl_sysbox binds them over the fresh /tmp).
"""

from __future__ import annotations

import contextlib
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import imp_wsl
from imp_wsl.generator import MARKER
from imp_wsl.install import GENERATOR_PATH
from wsl_sysbox import OVERLAID, Sysbox, why_not

pytestmark = pytest.mark.integration

IMP = [sys.executable, "-m", "imp_wsl"]
# What runs inside the test system: this interpreter, its venv, and imp_wsl.
CODE = (sys.prefix, sys.base_prefix, Path(sys.executable).resolve().parents[1],
        Path(imp_wsl.__file__).resolve().parent)  # fmt: skip
UID = 1500
POLKIT_RULE = """polkit.addRule(function(action, subject) {
    if (subject.user == "imptest" && action.id == "org.freedesktop.systemd1.manage-units") {
        return polkit.Result.YES;
    }
});
"""
AS_IMPTEST = ["setpriv", f"--reuid={UID}", f"--regid={UID}", "--init-groups"]


def ensure_machinectl() -> None:
    """machinectl comes with systemd-container; install it the way CI would."""
    if shutil.which("machinectl"):
        return
    if os.environ.get("IMP_TEST_NO_APT") == "1" or shutil.which("apt-get") is None:
        pytest.skip("machinectl missing: apt-get install systemd-container")
    install = ["apt-get", "install", "-y", "--no-install-recommends", "systemd-container"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(install, capture_output=True, env=env, check=False, timeout=600).returncode:
        subprocess.run(
            ["apt-get", "update"], capture_output=True, env=env, check=False, timeout=600
        )
        subprocess.run(install, capture_output=True, env=env, check=False, timeout=600)
    if not shutil.which("machinectl"):
        pytest.skip("could not install systemd-container (machinectl)")


@pytest.fixture(scope="module")
def machinectl() -> None:
    ensure_machinectl()


def boot(
    state: Path,
    setup: str = "",
    keep: Sequence[str | os.PathLike[str]] = (),
    overlaid: Sequence[str] = OVERLAID,
    timeout: float = 30,
) -> Sysbox:
    reason = why_not()
    if reason:
        pytest.skip(reason)
    box = Sysbox(state, setup, keep=[*CODE, *keep], overlaid=overlaid)
    try:
        box.start(timeout)
    except Exception:
        box.stop()
        raise
    # WSL markers (it is not WSL): /run/WSL, which the platform check accepts.
    prepare = (
        f"mkdir -p /run/WSL && chmod 755 /root && useradd -m -u {UID} -s /bin/sh imptest "
        f"&& printf '%s' \"$RULE\" > /etc/polkit-1/rules.d/50-imp-test.rules"
    )
    result = subprocess.run(
        box.command(["sh", "-c", prepare]),
        env={**os.environ, "RULE": POLKIT_RULE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return box


def teardown(box: Sysbox) -> None:
    box.stop()
    assert not box.alive(), "systemd survived"
    assert not box.cgroup.exists(), "processes were left behind"


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sysbox]:
    box = boot(tmp_path_factory.mktemp("sysbox"))
    yield box
    teardown(box)


def imp(box: Sysbox, *args: str, env: dict[str, str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
    return subprocess.run(
        box.command([*IMP, *args]),
        capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, **(env or {})}, **kwargs,
    )  # fmt: skip


# -- imp -i ---------------------------------------------------------------------------------
def test_initialize_imports_environment_and_holds(box: Sysbox) -> None:
    wsl = {"WSL_INTEROP": "/run/WSL/7_interop", "WSL_DISTRO_NAME": "Debian", "NAME": "bad name!"}
    first = imp(box, "-i", env=wsl)
    assert first.returncode == 0, first.stderr
    assert "holder started" in first.stdout
    assert "ignoring NAME='bad name!'" in first.stderr
    environment = box.run(["systemctl", "show-environment"]).stdout.splitlines()
    assert "WSL_INTEROP=/run/WSL/7_interop" in environment
    assert "WSL_DISTRO_NAME=Debian" in environment
    assert not any(line.startswith("NAME=") for line in environment)

    pid = box.run(["cat", "/run/imp/holder.pid"]).stdout.strip()
    assert box.run(["kill", "-0", pid]).returncode == 0
    second = imp(box, "-i", env=wsl)
    assert second.returncode == 0
    assert f"holder already running (PID {pid})" in second.stdout

    status = imp(box, "--status")
    assert f"running (PID {pid})" in status.stdout


# -- imp -c ---------------------------------------------------------------------------------
def test_command_keeps_directory_status_and_stdio(box: Sysbox) -> None:
    in_dir = ["sh", "-c", 'cd "$0" && exec "$@"', "/var/lib"]
    where = subprocess.run(
        box.command([*in_dir, *IMP, "-c", "pwd"]), capture_output=True, text=True, check=False
    )
    assert (where.returncode, where.stdout) == (0, "/var/lib\n"), where.stderr
    assert imp(box, "-c", "sh", "-c", "exit 7").returncode == 7
    echoed = imp(box, "-c", "cat", input="line one\nline two\n")
    assert echoed.stdout == "line one\nline two\n"
    assert imp(box, "-c", "sh", "-c", "echo err >&2").stderr == "err\n"


def on_pty(argv: list[str]) -> tuple[bytes, int]:
    """Run argv with a pty as its terminal; return what it wrote and its exit status."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvp(argv[0], argv)
    output = b""
    while select.select([fd], [], [], 30)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        output += chunk
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return output, os.waitstatus_to_exitcode(status)


def test_command_on_a_terminal_gets_a_terminal_and_its_status(box: Sysbox) -> None:
    output, status = on_pty(box.command([*IMP, "-c", "sh", "-c", "test -t 0 && tty; exit 9"]))
    assert status == 9
    assert output.startswith(b"/dev/pts/"), output


def test_command_runs_in_a_login_session(box: Sysbox) -> None:
    result = imp(box, "-a", "imptest", "-c", "sh", "-c", 'id -un; echo "$XDG_RUNTIME_DIR"')
    assert result.stdout == f"imptest\n/run/user/{UID}\n", result.stderr


def test_a_user_runs_commands_through_polkit(box: Sysbox) -> None:
    result = subprocess.run(
        box.command([*AS_IMPTEST, *IMP, "-c", "id", "-un"]),
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.stdout == "imptest\n", result.stderr


def test_a_user_cannot_become_root(box: Sysbox) -> None:
    result = subprocess.run(
        box.command([*AS_IMPTEST, *IMP, "-a", "root", "-c", "id"]),
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 5
    assert "only root may use -a/--as-user" in result.stderr
    refused = subprocess.run(
        box.command([*AS_IMPTEST, *IMP, "-u"]), capture_output=True, text=True, check=False
    )
    assert refused.returncode == 5 and "sudo imp -u" in refused.stderr
    assert box.alive()


# -- imp -s, imp -l -------------------------------------------------------------------------
def drive(argv: list[str], send: bytes, until: bytes, env: dict[str, str]) -> bytes:
    """Run argv on a pty, type ``send`` once it has said something, read until ``until``."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execvpe(argv[0], argv, {**os.environ, **env})
    output, sent, deadline = b"", False, time.monotonic() + 30
    try:
        while time.monotonic() < deadline and until not in output:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            if not sent and output:
                time.sleep(0.3)
                os.write(fd, send)
                sent = True
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return output


def test_shell_opens_a_login_session(box: Sysbox, machinectl: None) -> None:
    output = drive(
        box.command([*IMP, "-s"]),
        b'echo "shell-$((6*7)) $XDG_RUNTIME_DIR $WT_SESSION"; exit\n',
        b"shell-42 /run/user/0 wt-1234\r\n",
        {"WT_SESSION": "wt-1234"},
    )
    assert b"shell-42 /run/user/0 wt-1234\r\n" in output, output


def test_shell_as_another_user(box: Sysbox, machinectl: None) -> None:
    output = drive(
        box.command([*IMP, "-a", "imptest", "-s"]),
        b'echo "I am $(id -un)"\n',
        b"I am imptest",
        {},
    )
    assert b"I am imptest" in output, output


def test_login_shows_a_login_prompt(box: Sysbox, machinectl: None) -> None:
    output = drive(box.command([*IMP, "-l"]), b"", b"login:", {})
    assert b"login:" in output, output


# -- --install / --uninstall with the real generator ---------------------------------------
def test_install_runs_the_generator_and_uninstall_removes_everything(
    box: Sysbox, machinectl: None
) -> None:
    """machinectl's package also brings systemd-machined, which the generator enables."""
    installed = imp(box, "--install")
    assert installed.returncode == 0, installed.stderr
    assert "systemd reloaded" in installed.stdout
    generated = box.run(["grep", "-rl", MARKER, "/run/systemd/generator"]).stdout.split()
    assert "/run/systemd/generator/imp-wsl-root-shared.service" in generated  # / is private here
    link = "/run/systemd/generator/multi-user.target.wants/systemd-machined.service"
    assert box.run(["test", "-L", link]).returncode == 0
    assert imp(box, "--install").stdout.startswith("imp: generator already installed")

    removed = imp(box, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert box.run(["test", "-e", GENERATOR_PATH]).returncode == 1
    leftovers = box.run(["grep", "-rl", MARKER, "/run/systemd/generator", "/run/binfmt.d",
                         "/run/tmpfiles.d", "/etc/systemd"]).stdout  # fmt: skip
    assert leftovers == ""
    assert box.run(["test", "-e", link]).returncode == 1


# -- a WSL-like boot with the generator installed beforehand ---------------------------------
WSL_LIKE_SETUP = f"""
mkdir -p /run/WSL
rmdir /dev/shm
mkdir -p /run/shm
mount -t tmpfs -o mode=1777 wsl-shm /run/shm
ln -s /run/shm /dev/shm
mount -t tmpfs -o mode=755 wsl-mnt /mnt
mkdir -p /mnt/wslg/.X11-unix /mnt/wslg/runtime-dir /run/user/{UID}
{sys.executable} -c "import socket; socket.socket(socket.AF_UNIX).bind('/mnt/wslg/.X11-unix/X0')"
echo wslg > /mnt/wslg/runtime-dir/wslg-marker
chown -R {UID}:{UID} /mnt/wslg/runtime-dir
mount --bind /mnt/wslg/runtime-dir /run/user/{UID}
{sys.executable} -m imp_wsl --install
"""


def test_boot_time_fixes_apply_at_boot(tmp_path: Path) -> None:
    box = boot(tmp_path / "sysbox", WSL_LIKE_SETUP)
    try:
        assert box.run(["systemctl", "is-system-running"]).stdout == "running\n", box.run(
            ["systemctl", "--failed", "--no-legend"]
        ).stdout
        units = ["imp-wsl-devshm", "imp-wsl-root-shared", "imp-wsl-x11"]
        for unit in units:
            state = box.run(["systemctl", "show", "-p", "ActiveState", "--value", unit]).stdout
            assert state == "active\n", unit

        def findmnt(column: str, target: str) -> str:
            return box.run(["findmnt", "-n", "-o", column, target]).stdout.strip()

        assert box.run(["test", "-L", "/dev/shm"]).returncode == 1
        assert box.run(["mountpoint", "-q", "/dev/shm"]).returncode == 0
        assert box.run(["stat", "-f", "-c", "%T", "/dev/shm"]).stdout == "tmpfs\n"
        devices = box.run(["stat", "-c", "%d", "/dev/shm", "/run/shm"]).stdout.split()
        assert devices[0] == devices[1]  # /run/shm is bound to the new /dev/shm
        assert (
            box.run(["sh", "-c", "touch /dev/shm/probe && test -e /run/shm/probe"]).returncode == 0
        )
        assert findmnt("PROPAGATION", "/") == "shared"
        assert "ro" in findmnt("OPTIONS", "/tmp/.X11-unix").split(",")
        assert box.run(["ls", "/tmp/.X11-unix"]).stdout == "X0\n"
        # Through the bind, /tmp/.X11-unix/X0 is WSLg's very socket, as --status wants it.
        status = imp(box, "--status").stdout
        assert "[ ok ] WSLg X11 socket" in status, status
        assert MARKER in box.run(["cat", "/run/tmpfiles.d/x11.conf"]).stdout
        # WSLg's runtime dir stays its owner's: the session sees WSLg's files, not a new tmpfs.
        marker = imp(box, "-a", "imptest", "-c", "cat", f"/run/user/{UID}/wslg-marker")
        assert marker.stdout == "wslg\n", marker.stderr
    finally:
        teardown(box)


# -- imp -u ---------------------------------------------------------------------------------
def test_shutdown_powers_systemd_off(tmp_path: Path) -> None:
    box = boot(tmp_path / "sysbox")
    try:
        result = subprocess.run(
            box.command([*IMP, "-u"]), capture_output=True, text=True, check=False, timeout=60
        )
        assert box.wait_gone(20), result.stderr
    finally:
        teardown(box)
