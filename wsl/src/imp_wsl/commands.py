"""What each command does: the exact programs started, after the checks and waits.

Session commands go through systemd's own authorization (polkit, asked by ``machinectl`` or
``systemd-run``); the two that change the whole system (``-i``, ``-u``) need root and say how.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from imp_wsl import holder
from imp_wsl.checks import check_platform
from imp_wsl.config import load
from imp_wsl.errors import ImpError
from imp_wsl.system import System
from imp_wsl.waits import system_state, wait_for_dbus, wait_until_ready

# The WSL interop variables imported into the systemd manager, each with the values WSL
# itself produces. Anything else is refused: these values reach every service's environment.
INTEROP_VARIABLES: dict[str, re.Pattern[str]] = {
    "WSL_INTEROP": re.compile(r"/run/WSL/[A-Za-z0-9_.-]+"),
    "WSL2_GUI_APPS_ENABLED": re.compile(r"[01]"),
    "WSL_DISTRO_NAME": re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,63}"),
    "WSLENV": re.compile(r"[A-Za-z0-9_/:]{0,2048}"),
    "NAME": re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,253}"),
    "HOSTTYPE": re.compile(r"[A-Za-z0-9_]{1,32}"),
}
# Windows Terminal's variables, passed into sessions so shell integrations keep working.
TERMINAL_VARIABLES: dict[str, re.Pattern[str]] = {
    "WT_SESSION": re.compile(r"[A-Za-z0-9{}-]{1,64}"),
    "WT_PROFILE_ID": re.compile(r"[A-Za-z0-9{}-]{1,64}"),
}
PRESERVE_HINT = "--preserve-env=" + ",".join(INTEROP_VARIABLES)
_USER_NAME = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.@-]*\$?")


def _warn(message: str, stream: TextIO | None = None) -> None:
    print(f"imp: warning: {message}", file=stream or sys.stderr)


def _verbose(enabled: bool, message: str) -> None:
    if enabled:
        print(f"imp: {message}", file=sys.stderr)


def checked_variables(
    environ: Mapping[str, str], allowed: Mapping[str, re.Pattern[str]]
) -> dict[str, str]:
    """The allowed variables that are set to well-formed values; warn about the others."""
    found: dict[str, str] = {}
    for name, pattern in allowed.items():
        value = environ.get(name)
        if value is None:
            continue
        if pattern.fullmatch(value) and ".." not in value:
            found[name] = value
        else:
            _warn(f"ignoring {name}={value!r}: not a value WSL sets")
    return found


def require_root(system: System, what: str, how: str) -> None:
    if system.geteuid() != 0:
        raise ImpError(f"{what} needs root; run: {how}", 5)


def session_user(system: System, as_user: str | None) -> str:
    """Whose session to open: the caller, or ``-a USER``, which only root may name."""
    uid = system.geteuid()
    me = system.user_name(uid)
    if as_user is None:
        if me is None:
            raise ImpError(f"your user ID {uid} has no name in the user database", 2)
        return me
    if not _USER_NAME.fullmatch(as_user) or not system.user_exists(as_user):
        raise ImpError(f"no such user: {as_user!r}", 2)
    if as_user != me and uid != 0:
        raise ImpError(
            "only root may use -a/--as-user for another user; "
            f"run 'sudo imp -a {as_user} ...' if you are allowed to",
            5,
        )
    return as_user


def _ready(system: System, verbose: bool) -> None:
    config = load(system)
    _verbose(
        verbose,
        f"waiting up to {config.dbus_timeout:g} s for D-Bus and "
        f"{config.systemd_timeout:g} s for systemd",
    )
    state = wait_until_ready(system, config)
    _verbose(verbose, f"systemd is {state}")


def _need_program(system: System, program: str, package: str) -> None:
    try:
        system.which(program)
    except ImpError:
        raise ImpError(
            f"{program} is not installed; install the {package} package "
            f"(e.g. 'sudo apt-get install {package}')",
            127,
        ) from None


def initialize(system: System, *, verbose: bool = False) -> int:
    """Import the WSL interop environment into systemd and start the holder (once)."""
    check_platform(system)
    require_root(system, "imp -i", f"'wsl.exe -u root -- imp -i', or 'sudo {PRESERVE_HINT} imp -i'")
    _ready(system, verbose)
    variables = checked_variables(system.environ, INTEROP_VARIABLES)
    if "WSL_INTEROP" not in variables:
        _warn(
            "WSL_INTEROP is not set, so Windows programs will not start from systemd sessions; "
            f"run imp -i from WSL itself (sudo drops it unless given {PRESERVE_HINT})"
        )
    if variables:
        argv = ["systemctl", "import-environment", *variables]
        _verbose(verbose, "running " + " ".join(argv))
        result = system.run(argv, env=variables)
        if result.returncode != 0:
            raise ImpError(
                "systemctl import-environment failed: " + (result.stderr.strip() or "no message")
            )
    started, pid = holder.start_holder(system)
    shown = f" (PID {pid})" if pid else ""
    if started:
        print(f"imp: systemd environment initialized; holder started{shown}")
    else:
        print(f"imp: systemd environment initialized; holder already running{shown}")
    return 0


def shell(system: System, as_user: str | None, *, verbose: bool = False) -> int:
    """Open (or join) a login session and run the user's login shell in it."""
    check_platform(system)
    user = session_user(system, as_user)
    _need_program(system, "machinectl", "systemd-container")
    _ready(system, verbose)
    passed = checked_variables(system.environ, TERMINAL_VARIABLES)
    argv = [
        "machinectl",
        "shell",
        "--quiet",
        *(f"--setenv={name}={value}" for name, value in passed.items()),
        f"{user}@.host",
    ]
    _verbose(verbose, "running " + " ".join(argv))
    system.execute(argv)


def command(
    system: System, as_user: str | None, cmd: Sequence[str], *, verbose: bool = False
) -> int:
    """Run CMD in a login session in this directory; return its exit status."""
    if not cmd or not cmd[0]:  # not even '--command=' or -c '' runs an empty program name
        raise ImpError("-c/--command needs a command to run, e.g. 'imp -c ls -l'", 2)
    check_platform(system)
    user = session_user(system, as_user)
    _ready(system, verbose)
    passed = checked_variables(system.environ, TERMINAL_VARIABLES)
    argv = [
        "systemd-run",
        "--quiet",
        "--wait",
        "--collect",
        "--pty" if system.stdio_is_terminal() else "--pipe",
        f"--uid={user}",
        "--property=PAMName=login",
        "--same-dir",
        *(f"--setenv={name}={value}" for name, value in passed.items()),
        "--",
        *cmd,
    ]
    _verbose(verbose, "running " + " ".join(argv))
    return system.call(argv)


def login(system: System, *, verbose: bool = False) -> int:
    """A login prompt on the host, as on a console."""
    check_platform(system)
    _need_program(system, "machinectl", "systemd-container")
    _ready(system, verbose)
    argv = ["machinectl", "login", ".host"]
    _verbose(verbose, "running " + " ".join(argv))
    system.execute(argv)


def shutdown(system: System, *, verbose: bool = False) -> int:
    """Power systemd off cleanly; WSL ends the instance once it has stopped."""
    check_platform(system)
    require_root(system, "imp -u", "'sudo imp -u'")
    wait_for_dbus(system, load(system).dbus_timeout)
    argv = ["systemctl", "poweroff"]
    _verbose(verbose, "running " + " ".join(argv))
    result = system.run(argv)
    if result.returncode != 0 and system_state(system) not in ("stopping", ""):
        # systemctl may lose its connection while the manager stops (then the state is
        # 'stopping' or unreachable); any other failure is real.
        raise ImpError("systemctl poweroff failed: " + (result.stderr.strip() or "no message"))
    print("imp: systemd is shutting down")
    return 0
