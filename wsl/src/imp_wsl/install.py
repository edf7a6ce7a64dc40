"""``imp --install`` / ``--uninstall``: put the boot-time generator in place, or take it away.

Both are idempotent. Uninstall removes exactly what imp created (files carrying its marker)
and reloads systemd, which drops the generated units; nothing else is touched.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from imp_wsl.checks import pid1_name
from imp_wsl.errors import ImpError
from imp_wsl.generator import MARKER, RUNTIME_FILES
from imp_wsl.package import PACKAGED_GENERATOR_PATH, packaged_generator
from imp_wsl.system import System

GENERATOR_PATH = "/etc/systemd/system-generators/imp-wsl-generator"


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
    """The first of ``path`` and its parents that someone other than root could change.

    The generator and the boot services run this interpreter and this package as root at
    every boot: if a user could write to them, installing would hand that user root.
    """
    current = Path(os.path.realpath(path))
    for candidate in (current, *current.parents):
        info = candidate.stat()
        writable_by_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        sticky_dir = stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX
        if info.st_uid != 0 or (writable_by_others and not (sticky_dir and candidate != current)):
            return str(candidate)
    return None


def _check_trusted(python: str) -> None:
    package = Path(__file__).resolve().parent
    for path in (python, package):
        weak = untrusted_path(path)
        if weak is not None:
            raise ImpError(
                f"not installing: {weak} can be changed by a user other than root, and the "
                f"generator would run {path} as root at every boot; install imp-wsl where only "
                "root can write (e.g. 'sudo pip install' into the system, or a root-owned venv)",
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
    _require_root(system, "--install")
    packaged = packaged_generator(system)
    if packaged is not None and not system.path(GENERATOR_PATH).exists():
        print(f"imp: the generator is installed by {packaged.owner} at "
              f"{PACKAGED_GENERATOR_PATH}; nothing to do")  # fmt: skip
        return 0
    python = python or sys.executable
    _check_trusted(python)
    text = generator_script(python)
    target = system.path(GENERATOR_PATH)
    if target.is_symlink() or (target.exists() and not _ours(system, GENERATOR_PATH)):
        raise ImpError(f"{GENERATOR_PATH} exists and was not made by imp; not replacing it", 1)
    if system.read_text(GENERATOR_PATH) == text:
        print(f"imp: generator already installed at {GENERATOR_PATH}")
        return 0
    target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".imp-new")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, 0o755)
    tmp.replace(target)
    print(f"imp: generator installed at {GENERATOR_PATH}; {_reload(system)}")
    print("imp: boot-time fixes take full effect after 'wsl.exe --shutdown' and a restart")
    return 0


def uninstall(system: System) -> int:
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
