"""Small helpers shared by the per-function unit tests: files on disk, compiled bytecode."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import marshal
import os
import py_compile
from pathlib import Path

# Python 3.10's magic number: a real one, but never the running interpreter's (>= 3.11).
FOREIGN_MAGIC = (3439).to_bytes(2, "little") + b"\r\n"

FROZEN_AVAILABLE = importlib.machinery.FrozenImporter.find_spec("__hello__") is not None


def write(path: Path, data: str | bytes) -> str:
    """Write ``data`` (text as UTF-8) to ``path``, creating folders; return the path as str."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def compile_to(source: str, pyc: Path, *, filename: str | None = None) -> str:
    """Compile Python ``source`` text into a valid (timestamp-based) .pyc at ``pyc``."""
    src = pyc.with_name(pyc.name + ".src.py")
    write(src, source)
    py_compile.compile(str(src), cfile=str(pyc), dfile=filename, doraise=True)
    src.unlink()
    return str(pyc)


def pyc_with_header(header: bytes, code_source: str = "X = 1\n") -> bytes:
    """Bytes of a .pyc made of ``header`` followed by the marshalled code of ``code_source``."""
    return header + marshal.dumps(compile(code_source, "<test>", "exec"))


def valid_header() -> bytes:
    """A 16-byte .pyc header the running interpreter accepts without a source check."""
    return importlib.util.MAGIC_NUMBER + b"\x00" * 12


def bump_mtime(path: str | os.PathLike[str], seconds: int = 10) -> None:
    """Move a file's mtime forward so a cached .pyc of its previous content is seen as stale."""
    stat = os.stat(path)
    os.utime(path, (stat.st_atime + seconds, stat.st_mtime + seconds))
