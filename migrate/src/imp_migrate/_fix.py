"""Fix files: parse with libcst, transform, check the result still parses, write atomically.

A file is never half-written and never written when anything is doubtful: parse failures and
internal errors leave it byte-for-byte as it was, and are reported.
"""

from __future__ import annotations

import ast
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field

import libcst as cst
from libcst.codemod import CodemodContext

from imp_migrate._finder import worth_parsing
from imp_migrate._legacy_api import find_legacy_uses, may_use_legacy_api
from imp_migrate._legacy_fix import LegacyApiFix
from imp_migrate._patterns import legacy_meta_path_finders, may_hold_legacy_finder
from imp_migrate._transform import Change, ImpTransformer


@dataclass
class FixResult:
    """What ``fix`` did to one file."""

    path: str
    original: bytes = b""
    fixed: bytes = b""
    changes: list[Change] = field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and self.fixed != self.original

    @property
    def left_for_humans(self) -> list[Change]:
        return [change for change in self.changes if not change.rewritten]


def fix_source(source: bytes, path: str = "<source>") -> FixResult:
    """Rewrite ``source``; on any doubt, ``fixed`` equals ``source`` and ``error`` says why."""
    result = FixResult(path, original=source, fixed=source)
    if not worth_parsing(source):
        return result
    try:
        tree = ast.parse(source)  # this Python must accept it, not only libcst's wider grammar
        module = cst.parse_module(source)
    except (cst.ParserSyntaxError, UnicodeDecodeError, SyntaxError, ValueError) as error:
        result.error = f"cannot parse, left untouched: {_first_line(error)}"
        return result
    finders = legacy_meta_path_finders(tree) if may_hold_legacy_finder(source) else []
    legacy = find_legacy_uses(tree) if may_use_legacy_api(source) else []
    transformer = ImpTransformer(
        CodemodContext(filename=path),
        legacy_finder_lines={finder.lineno for finder in finders},
        legacy_api=LegacyApiFix(legacy, source.splitlines()) if legacy else None,
    )
    try:
        fixed_module = transformer.transform_module(module)
    except Exception as error:  # a bug in a rule must not cost the user their file
        result.error = f"internal error, left untouched: {type(error).__name__}: {error}"
        return result
    fixed = fixed_module.bytes
    if not _parses(fixed):
        result.error = "internal error: the rewrite would not parse, left untouched"
        return result
    result.fixed = fixed
    result.changes = sorted(transformer.report, key=lambda change: (change.line, change.col))
    return result


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _parses(source: bytes) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def fix_file(path: str, *, write: bool) -> FixResult:
    """Fix one file; with ``write``, replace it atomically when it changed."""
    try:
        with open(path, "rb") as stream:
            source = stream.read()
    except OSError as error:
        return FixResult(path, error=f"cannot read: {error.strerror or error}")
    result = fix_source(source, path)
    if write and result.changed:
        try:
            write_atomically(path, result.fixed)
        except OSError as error:
            result.error = f"cannot write, left untouched: {error.strerror or error}"
    return result


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (a symlink's target) with ``data``, keeping its mode bits.

    The new content goes to a temporary file in the same directory first, so a crash or a
    full disk leaves either the old file or the new one, never a mix.
    """
    target = os.path.realpath(path)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, temporary = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".imp-migrate", dir=os.path.dirname(target)
    )
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def unified_diff(result: FixResult) -> str:
    """The change as a unified diff (``a/`` and ``b/`` prefixes, as git prints them)."""
    before = result.original.decode("utf-8", "replace").splitlines(keepends=True)
    after = result.fixed.decode("utf-8", "replace").splitlines(keepends=True)
    relative = not os.path.isabs(result.path)
    old, new = (f"a/{result.path}", f"b/{result.path}") if relative else (result.path,) * 2
    lines = difflib.unified_diff(before, after, old, new)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
