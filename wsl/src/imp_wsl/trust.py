"""Is the code that root runs at boot root's alone? The check behind ``imp --install``.

The generator and the boot services run ``PYTHON -I`` and import ``imp_wsl`` as root at every
boot. Anyone who can change a file Python executes or reads as configuration on that way (the
interpreter and every directory and symlink leading to it, ``pyvenv.cfg``, the standard
library, the site directories and their ``.pth`` files, ``sitecustomize``, the package itself)
would get root. Each such path must belong to root and be writable by nobody else.
"""

from __future__ import annotations

import os
import re
import site
import stat
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from pathlib import Path

_MAX_LINKS = 40  # as the kernel's limit on symlinks followed in one lookup
_CUSTOMIZE = ("sitecustomize", "usercustomize")
# The standard library tries to import modules that this platform lacks ('import msvcrt' in
# subprocess, 'from nt import ...' in ntpath; 3.11's copy tries Jython's 'org'): the search
# goes on through the site directories, where a module of that name would run as root.
_PROBED_ELSEWHERE = ("org",)
_IMPORTED = re.compile(r"\bimport\s+([\w.]+(?:\s*,\s*[\w.]+)*)|\bfrom\s+([\w.]+)\s+import")


# Filesystems where owner and mode bits do not keep others out: Windows drives in WSL (9p or
# virtiofs; Windows programs write them whatever Linux shows), FUSE (whoever mounted it serves
# every byte, with any owner it likes), network filesystems (the server decides).
_UNGUARDED_FILESYSTEMS = frozenset(
    {"9p", "drvfs", "virtiofs", "fuse", "fuseblk", "cifs", "smb3", "nfs", "nfs4", "ceph"}
)


def _filesystem_types() -> dict[int, str]:
    """Device number -> filesystem type, from this process's mount table."""
    types: dict[int, str] = {}
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        return types
    for line in lines:
        fields = line.split()
        if len(fields) < 9 or "-" not in fields[6:]:
            continue
        major, _, minor = fields[2].partition(":")
        if major.isdigit() and minor.isdigit():
            types[os.makedev(int(major), int(minor))] = fields[fields.index("-", 6) + 1]
    return types


def _unguarded(fstype: str) -> bool:
    return fstype in _UNGUARDED_FILESYSTEMS or fstype.startswith("fuse.")


class Weak(Exception):
    """``path`` can be changed by a user other than root (``why`` says how)."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path} {why}")
        self.path = path
        self.why = why


def _check_filesystem(path: str, info: os.stat_result, filesystems: dict[int, str]) -> None:
    fstype = filesystems.get(info.st_dev)
    if fstype is not None and _unguarded(fstype):
        raise Weak(
            path,
            f"is on a {fstype} filesystem, where owners and modes do not keep others from "
            "changing it",
        )


def _check(
    path: str, info: os.stat_result, filesystems: dict[int, str], *, final: bool
) -> None:
    _check_filesystem(path, info, filesystems)
    if info.st_uid != 0:
        raise Weak(path, f"is owned by user ID {info.st_uid}, not root")
    writable = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    # A sticky directory (/tmp) on the way is fine: no one may rename what belongs to root.
    sticky_on_the_way = stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX and not final
    if writable and not sticky_on_the_way:
        who = "others" if info.st_mode & stat.S_IWOTH else "its group"
        raise Weak(path, f"is writable by {who} (mode {stat.filemode(info.st_mode)})")


def check_path(
    path: str | os.PathLike[str],
    verified: set[str] | None = None,
    filesystems: dict[int, str] | None = None,
) -> None:
    """Follow ``path`` as the kernel does and check every directory, symlink target and file.

    Raises :class:`Weak` for the first path on the way that is not root's alone.
    ``verified`` remembers directories already found good on the way to earlier paths;
    ``filesystems`` is the mount table's device -> type (read when not given).
    """
    verified = set() if verified is None else verified
    filesystems = _filesystem_types() if filesystems is None else filesystems
    start = os.path.abspath(path)
    parent, name = os.path.split(start)
    if parent in verified and name:  # the common case: a file in a directory checked before
        info = os.lstat(start)
        if not stat.S_ISLNK(info.st_mode):
            _check(start, info, filesystems, final=True)
            return
    parts = [part for part in start.split("/") if part]
    current = "/"
    if "/" not in verified:
        _check("/", os.lstat("/"), filesystems, final=not parts)
        if parts:
            verified.add("/")
    links = 0
    while parts:
        name = parts.pop(0)
        if name == ".":
            continue
        if name == "..":
            current = os.path.dirname(current)
            continue
        candidate = os.path.join(current, name)
        if parts and candidate in verified:
            current = candidate
            continue
        info = os.lstat(candidate)
        if stat.S_ISLNK(info.st_mode):
            _check_filesystem(candidate, info, filesystems)
            if info.st_uid != 0:  # its owner may replace it in a sticky directory (/tmp)
                raise Weak(candidate, f"is a symlink owned by user ID {info.st_uid}, not root")
            links += 1
            if links > _MAX_LINKS:
                raise Weak(candidate, "is part of a symlink loop")
            target = os.readlink(candidate)
            if target.startswith("/"):
                current = "/"
            parts = [part for part in target.split("/") if part] + parts
            continue
        _check(candidate, info, filesystems, final=not parts)
        if parts:
            verified.add(candidate)
        current = candidate


def _tree(top: Path) -> Iterator[Path]:
    """``top`` and everything below it, without following symlinks."""
    yield top
    if top.is_dir() and not top.is_symlink():
        for entry in sorted(top.iterdir()):
            yield from _tree(entry)


def _pth_lines(pth: Path) -> list[str]:
    try:
        return pth.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _is_code(line: str) -> bool:
    return line.startswith(("import ", "import\t"))


def _pth_entries(site_dir: Path, pth: Path) -> Iterator[Path]:
    """The directories a .pth file adds to sys.path."""
    for line in _pth_lines(pth):
        line = line.rstrip()
        if not line or line.startswith("#") or _is_code(line):
            continue
        entry = site_dir / line
        if entry.exists():
            yield entry


def _pth_imports(pth: Path) -> Iterator[str]:
    """The top-level modules that a .pth file's ``import`` lines (run as code) name."""
    for line in _pth_lines(pth):
        if _is_code(line):
            for match in _IMPORTED.finditer(line):
                for name in (match.group(1) or match.group(2)).split(","):
                    yield name.strip().split(".")[0]


def _stdlib_names_in(directory: Path) -> set[str]:
    """Top-level names in ``directory`` that the standard library may import from there."""
    probed = set(sys.stdlib_module_names) | set(_PROBED_ELSEWHERE)
    return {
        name
        for entry in directory.iterdir()
        if (name := entry.name.split(".")[0]) in probed
    }


def _module_files(directory: Path, name: str) -> Iterator[Path]:
    """Whatever in ``directory`` an import of top-level module ``name`` may load."""
    for found in sorted(directory.glob(f"{name}*")):
        if found.name == name or found.name.startswith(name + "."):
            yield from _tree(found)
    yield from sorted(directory.glob(f"__pycache__/{name}.*"))


def _nearest_existing(path: Path) -> Path:
    """``path``, or its closest existing parent: whoever can write there can create it."""
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def _interpreter_files(python: str) -> Iterator[Path]:
    """What Python reads next to its executable before any module: pyvenv.cfg, ._pth files."""
    for exe in (Path(os.path.abspath(python)), Path(os.path.realpath(python))):
        for directory in (exe.parent, exe.parent.parent):
            if os.path.lexists(directory / "pyvenv.cfg"):
                yield directory / "pyvenv.cfg"
        yield from sorted(exe.parent.glob("*._pth"))


def _standard_library() -> list[Path]:
    paths = sysconfig.get_paths()
    found = []
    for key in ("stdlib", "platstdlib"):
        directory = Path(paths[key])
        for entry in (directory, directory / "lib-dynload"):
            if entry.exists() and entry not in found:
                found.append(entry)
    return found


def boot_code(python: str, package: Path, extra: Iterable[str] = ()) -> Iterator[Path]:
    """Every path that ``python -I`` importing ``package`` executes or reads, to be checked.

    The search path is this interpreter's own (the one ``imp --install`` runs under, which
    is the one it writes into the generator): the standard library, the site directories
    that ``site`` uses under ``-I`` (a virtual environment's, or the system's; where one does
    not exist, the directory that would hold it), the ``.pth`` files in them, the directories
    they add and the modules their ``import`` lines load, any ``sitecustomize`` or
    ``usercustomize`` on that path, every ``imp_wsl`` on it (the boot code imports the first
    one, which need not be ``package``) and whatever there bears the name of a standard
    module (the standard library's tries of modules this platform lacks end up there).
    """
    yield Path(python)
    yield from _interpreter_files(python)
    stdlib = _standard_library()
    path_dirs: list[Path] = []
    for directory in stdlib:
        yield directory
        path_dirs.append(directory)
    imported = {*_CUSTOMIZE, package.name}
    for name in site.getsitepackages():
        site_dir = Path(name)
        if not site_dir.is_dir():
            yield _nearest_existing(site_dir)  # nobody else may create it
            continue
        yield site_dir
        path_dirs.append(site_dir)
        for pth in sorted(site_dir.glob("*.pth")):
            yield pth
            imported.update(_pth_imports(pth))
            for entry in _pth_entries(site_dir, pth):
                yield entry
                path_dirs.append(entry)
    for directory in path_dirs:
        if directory.is_dir():
            names = imported if directory in stdlib else imported | _stdlib_names_in(directory)
            for module in sorted(names):
                yield from _module_files(directory, module)
    # The standard library's own files: the interpreter imports dozens of them at startup.
    for directory in stdlib:
        for top, dirs, files in os.walk(directory):
            dirs[:] = [d for d in dirs if d not in ("site-packages", "dist-packages")]
            for name in (*dirs, *files):
                yield Path(top) / name
    yield from _tree(package)
    yield from (Path(p) for p in extra)


def first_weak(paths: Iterable[Path]) -> Weak | None:
    """The first path that is not root's alone, or None."""
    verified: set[str] = set()
    filesystems = _filesystem_types()
    try:
        for path in paths:
            check_path(path, verified, filesystems)
    except Weak as weak:
        return weak
    return None
