"""The ``imp-migrate`` command line: ``scan`` to find uses of imp, ``fix`` to rewrite them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from imp_migrate import __version__
from imp_migrate._files import PathNotFoundError, SourceFile, files_under, installed_files
from imp_migrate._report import printable, write_json, write_text
from imp_migrate._scan import CANNOT_READ, ScanResult, scan

if TYPE_CHECKING:
    from imp_migrate._fix import FixResult

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

EXIT_CODES = """\
exit status:
  0    nothing left to do: no use of imp found (scan), or every use rewritten (fix)
  1    uses of imp found, or a file could not be read (scan); some use needs a human,
       a file could not be read, parsed or written, or with --diff a file would change (fix)
  2    usage error, a path that does not exist (fix then writes nothing), or the output
       could not be written (a closed pipe)
  130  interrupted (Ctrl-C)
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imp-migrate",
        description="Find every use of the removed imp module and rewrite it to importlib.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan_parser = commands.add_parser(
        "scan",
        help="list each use of imp with its importlib replacement",
        description="List each use of imp (imports, aliases, attribute uses, strings that "
        "name the module such as sys.modules['imp']) with file:line:col, the name used and its "
        "importlib replacement, and the meta path finders that only have find_module. Other "
        "'imp' strings are listed as [note]s: never a TODO, never exit status 1. Files that do "
        "not parse (Python 2, bad encoding) are listed and searched token by token. Also "
        "listed: the rest of the legacy import API that Python 3.12-3.15 removed "
        "(pkgutil.get_loader, loader.load_module(), ...).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan_parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories")
    scan_parser.add_argument(
        "--installed",
        action="store_true",
        help="scan every distribution installed in this Python environment",
    )
    scan_parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    scan_parser.add_argument(
        "--jobs", "-j", type=int, default=None, metavar="N", help="worker processes (all CPUs)"
    )
    scan_parser.add_argument(
        "--parse-all",
        action="store_true",
        help="parse every file, not only those containing the word imp, meta_path or a "
        "removed importlib/pkgutil name "
        "(reports every file that does not parse; slower)",
    )
    scan_parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )

    fix_parser = commands.add_parser(
        "fix",
        help="rewrite uses of imp to importlib, in place",
        description="Rewrite uses of imp to importlib equivalents that keep behaviour, keeping "
        "comments and formatting. Uses that cannot be rewritten safely get a '# TODO(imp):' "
        "comment and a report line. Files that do not parse are left untouched.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fix_parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    fix_parser.add_argument(
        "--diff", action="store_true", help="print the changes as a diff; write nothing"
    )
    fix_parser.add_argument(
        "--quiet", "-q", action="store_true", help="report only what needs a human"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        if options.command == "scan":
            status = _scan_command(parser, options)
        else:
            status = _fix_command(options)
        sys.stdout.flush()  # a closed pipe must fail here, not in the flush at exit
        return status
    except PathNotFoundError as error:
        print(
            f"imp-migrate: error: no such file or directory: {printable(str(error))}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("imp-migrate: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # output piped into `head`: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


def _scan_command(parser: argparse.ArgumentParser, options: argparse.Namespace) -> int:
    if bool(options.paths) == bool(options.installed):
        parser.error("scan needs PATH arguments or --installed (not both)")
    if options.jobs is not None and options.jobs < 1:
        parser.error("--jobs must be at least 1")
    files = list(installed_files() if options.installed else files_under(options.paths))
    show_progress = not options.no_progress and sys.stderr.isatty()
    result = _scan_with_progress(files, options.jobs, options.parse_all, show_progress)
    if options.format == "json":
        write_json(result, sys.stdout)
    else:
        write_text(result, sys.stdout)
    unread = any(r.error is not None and r.error.startswith(CANNOT_READ) for r in result.files)
    return EXIT_FOUND if result.use_count or unread else EXIT_CLEAN


def _scan_with_progress(
    files: list[SourceFile], jobs: int | None, parse_all: bool, show: bool
) -> ScanResult:
    if not show:
        return scan(files, jobs=jobs, parse_all=parse_all)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("scanning", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # On standard error, the terminal that was tested: standard output holds the report.
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("scan", total=len(files))
        return scan(
            files,
            jobs=jobs,
            parse_all=parse_all,
            progress=lambda done: progress.advance(task, done),
        )


def _fix_command(options: argparse.Namespace) -> int:
    from imp_migrate._fix import fix_file  # libcst takes a while to import: only for fix

    needs_attention = False
    out: TextIO = sys.stdout
    counts = {"files changed": 0, "uses rewritten": 0, "uses left with a TODO": 0}
    files = list(files_under(options.paths))  # every PATH checked before anything is written
    for source_file in files:
        result = fix_file(source_file.path, write=not options.diff)
        _report_fix(result, options, out)
        if result.error:  # nothing was written: its changes did not happen
            needs_attention = True
            continue
        counts["uses rewritten"] += sum(change.rewritten for change in result.changes)
        counts["uses left with a TODO"] += len(result.left_for_humans)
        counts["files changed"] += result.changed
        if result.left_for_humans or (options.diff and result.changed):
            needs_attention = True
    verb = "would change" if options.diff else "changed"
    print(
        f"{counts['files changed']} file{'s' * (counts['files changed'] != 1)} {verb}, "
        f"{counts['uses rewritten']} uses rewritten, "
        f"{counts['uses left with a TODO']} left with a TODO(imp) comment",
        file=sys.stderr,
    )
    return EXIT_FOUND if needs_attention else EXIT_CLEAN


def _report_fix(result: FixResult, options: argparse.Namespace, out: TextIO) -> None:
    from imp_migrate._fix import unified_diff

    path = printable(result.path)
    if result.error:
        print(f"{path}: {printable(result.error)}", file=sys.stderr)
        return
    if options.diff and result.changed:
        out.write(unified_diff(result))
    for change in result.changes:
        where = f"{path}:{change.line}:{change.col}"
        label, advice = printable(change.label), printable(change.result)
        if change.rewritten and not options.quiet:
            print(f"{where}: {label} -> {advice}", file=sys.stderr)
        elif not change.rewritten:
            print(f"{where}: TODO(imp): {label} {advice}", file=sys.stderr)
