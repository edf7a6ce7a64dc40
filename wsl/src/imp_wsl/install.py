"""``imp --install`` / ``--uninstall``: put the boot-time generator in place, or take it away.

Both are idempotent. Uninstall removes exactly what imp created (files carrying its marker)
and reloads systemd, which drops the generated units; nothing else is touched.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from imp_wsl.checks import check_platform, pid1_name
from imp_wsl.errors import ImpError
from imp_wsl.generator import MARKER, RUNTIME_FILES
from imp_wsl.package import PACKAGED_GENERATOR_PATH, packaged_generator
from imp_wsl.system import System, make_dirs, write_file
from imp_wsl.trust import Weak, boot_code, check_path, first_weak

GENERATOR_PATH = "/etc/systemd/system-generators/imp-wsl-generator"
# The generator's '#!' line and the units' ExecStart= name the interpreter: no space (both
# split there), no '%' (systemd specifiers), no quotes, backslashes or control characters.
_PATH_CHARACTER = re.compile(r"[A-Za-z0-9_./@+,=:~-]")
_SHEBANG_MAX = 255  # bytes of a '#!' line the kernel reads (BINPRM_BUF_SIZE 256, less the NUL)


def generator_script(python: str) -> str:
    """The generator file: this interpreter, isolated from the environment (-I)."""
    return (
        f"#!{python} -I\n"
        f"{MARKER}\n"
        "# WSL 2 boot-time fixes; see 'imp --status' and the imp-wsl README.\n"
        "from imp_wsl.generator import main\n"
        "\n"
        "raise SystemExit(main())\n"
    )


def untrusted_path(path: str | os.PathLike[str]) -> str | None:
    """The first path on the way to ``path`` (symlinks followed) that a non-root user could
    change, or None."""
    try:
        check_path(path)
    except Weak as weak:
        return weak.path
    return None


def _check_interpreter_path(python: str) -> None:
    """Refuse a path that the '#!' line or a unit's ExecStart= would not run as written."""
    problem = None
    if not python.startswith("/"):
        problem = "is not absolute"
    elif bad := [c for c in python if not _PATH_CHARACTER.fullmatch(c)]:
        problem = "has " + ("a space" if bad[0] == " " else repr(bad[0]))
    elif len(f"#!{python} -I".encode()) > _SHEBANG_MAX:
        problem = f"is longer than the {_SHEBANG_MAX} bytes the kernel reads of a '#!' line"
    if problem is not None:
        raise ImpError(
            f"not installing: the interpreter path {python!r} {problem}, and the generator's "
            "'#!' line and its units must name it as it is (install imp-wsl under a plain, "
            "short path)",
            1,
        )


def _check_trusted(system: System, python: str) -> None:
    """Refuse when any code or configuration root would run at boot is not root's alone.

    The search path checked is that of the interpreter running imp, which is the one the
    generator names (tests pass another ``python`` only to check the interpreter's own path).
    """
    package = Path(__file__).resolve().parent
    generator_dir = system.path(GENERATOR_PATH).parent
    while not generator_dir.exists():  # checked as far as it exists; imp creates the rest
        generator_dir = generator_dir.parent
    weak = first_weak(boot_code(python, package, extra=[str(generator_dir)]))
    if weak is not None:
        raise ImpError(
            f"not installing: {weak.path} {weak.why}, and the generator would run {python} "
            "with imp_wsl as root at every boot; every file on that way must be root's and "
            "writable only by root (install imp-wsl where only root can write: the Debian "
            "package, or a root-owned venv)",
            1,
        )


def _ours(system: System, path: str) -> bool:
    return MARKER in (system.read_text(path) or "")


def _reload(system: System) -> str:
    if pid1_name(system) != "systemd":
        return "systemd is not running; the change applies at its next start"
    result = system.run(["systemctl", "daemon-reload"])
    if result.returncode != 0:
        return "'systemctl daemon-reload' failed; run it yourself: " + result.stderr.strip()
    return "systemd reloaded"


def _require_root(system: System, option: str) -> None:
    if system.geteuid() != 0:
        raise ImpError(f"imp {option} needs root; run: sudo imp {option}", 5)


def install(system: System, python: str | None = None) -> int:
    """Put the generator in place: WSL 2 only (systemd may still be off), root only."""
    _require_root(system, "--install")
    check_platform(system, need_systemd=False)
    packaged = packaged_generator(system)
    if packaged is not None and not system.path(GENERATOR_PATH).exists():
        print(f"imp: the generator is installed by {packaged.owner} at "
              f"{PACKAGED_GENERATOR_PATH}; nothing to do")  # fmt: skip
        return 0
    python = python or sys.executable
    text = generator_script(python)
    target = system.path(GENERATOR_PATH)
    if target.is_symlink() or (target.exists() and not _ours(system, GENERATOR_PATH)):
        raise ImpError(f"{GENERATOR_PATH} exists and was not made by imp; not replacing it", 1)
    _check_interpreter_path(python)
    _check_trusted(system, python)
    make_dirs(target.parent, 0o755)
    if system.read_text(GENERATOR_PATH) == text:
        print(f"imp: generator already installed at {GENERATOR_PATH}")
        return 0
    write_file(target, text, 0o755)
    print(f"imp: generator installed at {GENERATOR_PATH}; {_reload(system)}")
    print("imp: boot-time fixes take full effect after 'wsl.exe --shutdown' and a restart")
    return 0


def uninstall(system: System) -> int:
    """Remove what imp made, on any platform: cleaning up must always be possible."""
    _require_root(system, "--uninstall")
    packaged = packaged_generator(system)
    removed = []
    # A package's generator writes the runtime files too: they stay while it is installed.
    for path in (GENERATOR_PATH,) if packaged else (GENERATOR_PATH, *RUNTIME_FILES):
        if _ours(system, path) and not system.path(path).is_symlink():
            system.path(path).unlink()
            removed.append(path)
    if packaged is not None:
        leave = (
            f"{PACKAGED_GENERATOR_PATH} belongs to {packaged.owner}, not to 'imp --install'; "
            f"imp leaves it alone; to remove it: {packaged.remove_hint}"
        )
        if not removed:
            raise ImpError(leave, 1)
        print(f"imp: removed {', '.join(removed)}; {_reload(system)}")
        print(f"imp: {leave}")
        return 0
    if not removed:
        print("imp: nothing to uninstall")
        return 0
    print(f"imp: removed {', '.join(removed)}; {_reload(system)}")
    return 0
