"""Scan many files: read, skip those without the word ``imp``, find uses; in parallel for trees.

A whole site-packages holds thousands of files and almost none mention ``imp``; the byte search
that skips them costs far less than parsing, so only the few candidates reach ``ast``.
"""

from __future__ import annotations

import os
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from imp_migrate._files import SourceFile, read_source
from imp_migrate._finder import FileFindings, Use, find_uses, worth_parsing

PARALLEL_THRESHOLD = 200
"""Below this many files, starting worker processes costs more than it saves."""
_CHUNK = 64
CANNOT_READ = "cannot read"
"""How the error of a file that could not be read starts (scan then exits 1: it may use imp)."""


@dataclass
class FileResult:
    """One scanned file: its uses, and an error when it could not be read or parsed."""

    path: str
    group: str
    uses: list[Use] = field(default_factory=list)
    error: str | None = None


@dataclass
class ScanResult:
    """Everything a scan found, in the order the files were given."""

    files: list[FileResult]

    @property
    def files_scanned(self) -> int:
        return len(self.files)

    @property
    def uses(self) -> Iterator[tuple[FileResult, Use]]:
        """Every use, mentions left out (they are notes: never counted, never a TODO)."""
        for result in self.files:
            for use in result.uses:
                if use.is_use:
                    yield result, use

    @property
    def use_count(self) -> int:
        return sum(1 for _ in self.uses)

    @property
    def mention_count(self) -> int:
        """Strings ``'imp'`` that name no module (``Mock(name='imp')``): listed, not counted."""
        return sum(not use.is_use for result in self.files for use in result.uses)

    @property
    def errors(self) -> list[FileResult]:
        return [result for result in self.files if result.error is not None]


def scan_file(source_file: SourceFile, parse_all: bool = False) -> FileResult:
    """Scan one file; unreadable or unparsable files become results with an error, not raises."""
    result = FileResult(source_file.path, source_file.group)
    try:
        source = read_source(source_file.path)
    except OSError as error:
        result.error = f"{CANNOT_READ}: {error.strerror or error}"
        return result
    if not parse_all and not worth_parsing(source):
        return result
    with warnings.catch_warnings():  # SyntaxWarnings about the user's code, with no file name
        warnings.simplefilter("ignore")
        findings: FileFindings = find_uses(source)
    result.uses = findings.uses
    result.error = findings.error
    return result


def _scan_chunk(chunk: Sequence[SourceFile], parse_all: bool) -> list[FileResult]:
    return [scan_file(source_file, parse_all) for source_file in chunk]


def scan(
    files: Sequence[SourceFile],
    *,
    jobs: int | None = None,
    parse_all: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ScanResult:
    """Scan ``files``; ``progress(n)`` is called as each batch of ``n`` files completes."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    chunks = [files[start : start + _CHUNK] for start in range(0, len(files), _CHUNK)]
    results: list[FileResult] = []
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        for chunk in chunks:
            results.extend(_scan_chunk(chunk, parse_all))
            if progress:
                progress(len(chunk))
        return ScanResult(results)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_the_parent) as pool:
        try:
            for chunk, chunk_results in zip(
                chunks, pool.map(_scan_chunk, chunks, [parse_all] * len(chunks)), strict=True
            ):
                results.extend(chunk_results)
                if progress:
                    progress(len(chunk))
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)  # the running chunks end soon
            raise
    return ScanResult(results)


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: only the parent reports it.

    A worker interrupted in the middle of a file, or while waiting for work, would print its
    own traceback; ignoring SIGINT lets it finish its chunk while the parent stops the scan.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
