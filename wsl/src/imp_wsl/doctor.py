"""``imp --status``: what is and is not set up for systemd on WSL 2, each with a fix."""

from __future__ import annotations

import configparser
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from imp_wsl.checks import pid1_name, platform_problem
from imp_wsl.config import parse_ini
from imp_wsl.holder import running_holder
from imp_wsl.install import GENERATOR_PATH
from imp_wsl.mounts import WSLG_X11, X11_DIR
from imp_wsl.package import PACKAGED_GENERATOR_PATH, packaged_generator
from imp_wsl.system import System
from imp_wsl.waits import failed_units, system_state

OK, WARN, FAIL = "ok", "warn", "FAIL"
BINFMT_ENTRY = "/proc/sys/fs/binfmt_misc/WSLInterop"


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was checked, what was found, how to fix it."""

    name: str
    level: str
    detail: str
    fix: str = ""


def wsl_conf_systemd(system: System) -> Finding:
    name = "systemd in /etc/wsl.conf"
    fix = "add '[boot]' and 'systemd=true' to /etc/wsl.conf, then 'wsl.exe --shutdown'"
    try:
        text = system.path("/etc/wsl.conf").read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return Finding(name, FAIL, "/etc/wsl.conf does not exist", fix)
    except OSError as exc:  # e.g. made 0600: say so rather than call it missing
        return Finding(name, FAIL, f"cannot read /etc/wsl.conf: {exc.strerror}", fix)
    try:
        parser = parse_ini(text, "/etc/wsl.conf", strict=False)
    except configparser.Error as exc:
        return Finding(name, FAIL, f"cannot parse it: {str(exc).splitlines()[0]}", fix)
    value = parser.get("boot", "systemd", fallback=None)
    if value is not None and value.strip().strip('"').lower() == "true":
        return Finding(name, OK, "[boot] systemd=true")
    return Finding(name, FAIL, f"[boot] systemd is {value or 'not set'}", fix)


def systemd_state(system: System) -> Finding:
    state = system_state(system) or "unreachable"
    level = {"running": OK, "degraded": WARN}.get(state, FAIL)
    return Finding("systemd state", level, state, "" if level == OK else "see 'systemctl status'")


def default_target(system: System) -> Finding:
    target = system.run(["systemctl", "get-default"], timeout=15).stdout.strip() or "unknown"
    if target == "graphical.target":
        return Finding(
            "default target",
            WARN,
            target,
            "WSL has no display manager; 'sudo systemctl set-default multi-user.target'",
        )
    return Finding("default target", OK, target)


def failed(system: System) -> Finding:
    units = failed_units(system)
    if not units:
        return Finding("failed units", OK, "none")
    return Finding(
        "failed units",
        FAIL,
        ", ".join(units),
        "'systemctl status UNIT'; if a unit cannot work under WSL: 'sudo systemctl mask UNIT'",
    )


def boot_fix(system: System) -> str:
    """How to get the generator's fixes: install it, unless a package did, then restart WSL."""
    restart = "'wsl.exe --shutdown' and start WSL again"
    if packaged_generator(system) is not None:
        return f"{restart} (the generator is installed)"
    return f"'sudo imp --install', then {restart}"


def interop_binfmt(system: System) -> Finding:
    text = system.read_text(BINFMT_ENTRY)
    fix = boot_fix(system)
    if text is None:
        return Finding("WSL interop binfmt", FAIL, f"{BINFMT_ENTRY} missing", fix)
    if not text.startswith("enabled"):
        return Finding("WSL interop binfmt", FAIL, "registered but disabled", fix)
    return Finding("WSL interop binfmt", OK, "registered")


def _socket(system: System, path: str) -> os.stat_result | None:
    """The socket at ``path`` itself (a symlink there is not followed), or None."""
    try:
        info = os.lstat(system.path(path))
    except OSError:
        return None
    return info if stat.S_ISSOCK(info.st_mode) else None


def wslg_socket(system: System) -> Finding:
    """X clients connect to /tmp/.X11-unix/X0, which must be WSLg's own socket.

    /tmp is everyone's: while WSLg's directory is not bound there, any user can put a socket
    named X0 in /tmp/.X11-unix, which must not pass for WSLg's (same file, not same name).
    """
    name = "WSLg X11 socket"
    if not system.path(WSLG_X11).is_dir():
        return Finding(
            name,
            WARN,
            f"{WSLG_X11} missing (no WSLg)",
            "WSLg needs Windows 11 and guiApplications=true in .wslconfig",
        )
    wslg = _socket(system, f"{WSLG_X11}/X0")
    if wslg is None:
        return Finding(
            name,
            FAIL,
            f"{WSLG_X11}/X0 missing (WSLg's X server is not running)",
            "'wsl.exe --shutdown' and start WSL again",
        )
    seen = _socket(system, f"{X11_DIR}/X0")
    if seen is not None and os.path.samestat(seen, wslg):
        return Finding(name, OK, f"{X11_DIR}/X0")
    if seen is None:
        return Finding(name, FAIL, f"{X11_DIR}/X0 missing", boot_fix(system))
    return Finding(
        name, FAIL, f"{X11_DIR}/X0 is not WSLg's socket ({WSLG_X11}/X0)", boot_fix(system)
    )


def holder(system: System) -> Finding:
    pid = running_holder(system)
    if pid is None:
        return Finding(
            "instance holder", WARN, "not running", "'wsl.exe -u root -- imp -i' keeps WSL alive"
        )
    return Finding("instance holder", OK, f"running (PID {pid})" if pid else "running")


def machined(system: System) -> Finding:
    """machined starts on demand (D-Bus activation): loaded is enough, active is better."""
    result = system.run(
        ["systemctl", "show", "--property=LoadState", "--property=ActiveState",
         "systemd-machined.service"],
        timeout=15,
    )  # fmt: skip
    props = dict(line.partition("=")[::2] for line in result.stdout.splitlines())
    if props.get("ActiveState") == "active":
        return Finding("systemd-machined", OK, "active")
    if props.get("LoadState") == "loaded":
        return Finding("systemd-machined", OK, "starts on demand")
    return Finding(
        "systemd-machined",
        WARN,
        props.get("LoadState") or "unknown",
        "imp -s/-l need it: install systemd-container (e.g. 'sudo apt-get install "
        "systemd-container')",
    )


def generator(system: System) -> Finding:
    packaged = packaged_generator(system)
    if packaged is not None:
        detail = f"installed by {packaged.owner} ({PACKAGED_GENERATOR_PATH})"
        if system.path(GENERATOR_PATH).exists():
            return Finding(
                "boot-time fixes",
                WARN,
                f"{detail}, and {GENERATOR_PATH} from 'imp --install' overrides it",
                "'sudo imp --uninstall' removes the copy in /etc",
            )
        return Finding("boot-time fixes", OK, detail)
    if system.path(GENERATOR_PATH).exists():
        return Finding("boot-time fixes", OK, GENERATOR_PATH)
    return Finding("boot-time fixes", WARN, "generator not installed", "'sudo imp --install'")


SYSTEMD_CHECKS: tuple[Callable[[System], Finding], ...] = (
    systemd_state,
    default_target,
    failed,
    machined,
)
FILE_CHECKS: tuple[Callable[[System], Finding], ...] = (
    interop_binfmt,
    wslg_socket,
    holder,
    generator,
)


def diagnose(system: System) -> list[Finding]:
    problem = platform_problem(system)
    findings = [
        Finding("platform", FAIL if problem else OK, problem or "WSL 2, systemd is PID 1"),
        wsl_conf_systemd(system),
    ]
    if pid1_name(system) == "systemd":
        findings += [check(system) for check in SYSTEMD_CHECKS]
    findings += [check(system) for check in FILE_CHECKS]
    return findings


def report(system: System, out: TextIO) -> int:
    """Print the findings; exit status 1 when any check failed."""
    findings = diagnose(system)
    width = max(len(f.name) for f in findings)
    for finding in findings:
        out.write(f"[{finding.level:^4}] {finding.name:<{width}}  {finding.detail}\n")
        if finding.fix:
            out.write(f"{'':7}{'':<{width}}  fix: {finding.fix}\n")
    return 1 if any(f.level == FAIL for f in findings) else 0
