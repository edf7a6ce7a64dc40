"""Which files to look at: the paths a user named, or every installed distribution's modules."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_SKIPPED_DIRECTORIES = frozenset({"__pycache__", "node_modules"})
PYTHON_SUFFIXES = (".py", ".pyw")


@dataclass(frozen=True)
class SourceFile:
    """A file to scan and the group it is reported under (a distribution, or the path given)."""

    path: str
    group: str


class PathNotFoundError(Exception):
    """A path named on the command line does not exist."""


def files_under(paths: Iterable[str]) -> Iterator[SourceFile]:
    """Python files under each path, in a stable order; a file named directly is always taken.

    Directories whose names start with a dot (``.git``, ``.venv``, ``.tox``) and
    ``__pycache__`` are skipped, as linters do.
    """
    for path in paths:
        if os.path.isdir(path):
            for found in _walk(path):
                yield SourceFile(found, path)
        elif os.path.lexists(path):  # a file, or something read_source refuses with a reason
            yield SourceFile(path, path)
        else:
            raise PathNotFoundError(path)


def read_source(path: str) -> bytes:
    """The bytes of the regular file ``path``; OSError (with a reason) for anything else.

    Opening does not wait: a FIFO or a device named ``*.py`` would otherwise stop the scan
    until someone writes to it.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()


def _walk(top: str) -> Iterator[str]:
    for directory, subdirectories, filenames in os.walk(top):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if not name.startswith(".") and name not in _SKIPPED_DIRECTORIES
        )
        for name in sorted(filenames):
            if name.endswith(PYTHON_SUFFIXES):
                yield os.path.join(directory, name)


def installed_files() -> Iterator[SourceFile]:
    """Python files of every distribution installed in the running environment.

    A file that two distributions claim (rare: namespace packages) is reported once, under the
    first. Distributions without a RECORD (some system packages) contribute nothing.
    """
    import importlib.metadata  # slow to import; only --installed needs it

    seen: set[str] = set()
    distributions = sorted(
        importlib.metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower()
    )
    for distribution in distributions:
        name = distribution.metadata["Name"] or "?"
        for entry in distribution.files or ():
            if not entry.name.endswith(PYTHON_SUFFIXES):
                continue
            path = os.path.normpath(str(distribution.locate_file(entry)))
            if path in seen or not os.path.isfile(path):
                continue
            seen.add(path)
            yield SourceFile(path, name)
