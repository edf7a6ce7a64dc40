"""The ``imp`` command line: one command per call, argparse help and errors, clear exits.

Exit status: the command's own (``-c``), 0 on success, 1 on failure, 2 for usage and config
errors, 3 wrong platform, 4 a wait ran out, 5 needs root or another user's rights, 130 ^C.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from imp_wsl import __version__, commands, doctor, install
from imp_wsl.errors import ImpError
from imp_wsl.system import System


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imp",
        description="Helper for WSL 2 distributions that run systemd natively "
        "([boot] systemd=true in /etc/wsl.conf).",
        epilog="Timeouts: /etc/imp.ini, [imp] dbus-timeout and systemd-timeout (seconds, "
        "default 240). imp has no setuid bit: -i, -u, --install need root (e.g. 'sudo imp -u').",
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="say what imp runs and waits for"
    )
    parser.add_argument(
        "-a",
        "--as-user",
        metavar="USER",
        help="with -s or -c: the session's user (another user than yourself: root only)",
    )
    group = parser.add_argument_group("commands (exactly one)")
    exclusive = group.add_mutually_exclusive_group(required=True)
    exclusive.add_argument(
        "-i",
        "--initialize",
        action="store_true",
        help="import the WSL interop environment into systemd and keep this WSL instance "
        "running until shutdown (root)",
    )
    exclusive.add_argument(
        "-s",
        "--shell",
        action="store_true",
        help="open or join a systemd login session and run your login shell in it",
    )
    exclusive.add_argument(
        "-c",
        "--command",
        nargs=argparse.REMAINDER,
        metavar="CMD",
        help="run CMD (and all arguments after it) in a login session, in this directory, "
        "with its exit status",
    )
    exclusive.add_argument(
        "-l", "--login", action="store_true", help="open a login prompt (machinectl login)"
    )
    exclusive.add_argument(
        "-u", "--shutdown", action="store_true", help="shut systemd down cleanly (root)"
    )
    exclusive.add_argument(
        "--status",
        action="store_true",
        help="check the setup (wsl.conf, targets, failed units, interop, WSLg, holder) "
        "and say how to fix what is wrong",
    )
    exclusive.add_argument(
        "--install",
        action="store_true",
        help="install the systemd generator for WSL boot-time fixes (root)",
    )
    exclusive.add_argument(
        "--uninstall",
        action="store_true",
        help="remove the generator and everything it created (root)",
    )
    return parser


def dispatch(options: argparse.Namespace, system: System) -> int:
    verbose: bool = options.verbose
    if options.initialize:
        return commands.initialize(system, verbose=verbose)
    if options.shell:
        return commands.shell(system, options.as_user, verbose=verbose)
    if options.command is not None:
        return commands.command(system, options.as_user, options.command, verbose=verbose)
    if options.login:
        return commands.login(system, verbose=verbose)
    if options.shutdown:
        return commands.shutdown(system, verbose=verbose)
    if options.status:
        return doctor.report(system, sys.stdout)
    if options.install:
        return install.install(system)
    return install.uninstall(system)


def split_command(argv: Sequence[str]) -> tuple[list[str], list[str] | None]:
    """Split off the command after ``-c``/``--command``: everything after it, verbatim.

    argparse's REMAINDER stumbles over a later ``--``; imp never parses what follows ``-c``.
    """
    args = list(argv)
    index = 0
    while index < len(args):
        token = args[index]
        if token in ("-a", "--as-user"):
            index += 2
            continue
        if token == "--":
            break
        if token.startswith("--command="):
            return [*args[:index], "--command"], [token.partition("=")[2], *args[index + 1 :]]
        if token == "--command" or re.fullmatch(r"-[vsiluV]*c", token):
            return args[: index + 1], args[index + 1 :]
        index += 1
    return args, None


def main(argv: Sequence[str] | None = None, system: System | None = None) -> int:
    parser = build_parser()
    options_part, cmd = split_command(sys.argv[1:] if argv is None else argv)
    options = parser.parse_args(options_part)
    if cmd is not None:
        options.command = cmd
    if options.as_user is not None and not (options.shell or options.command is not None):
        parser.error("argument -a/--as-user: only allowed with -s/--shell or -c/--command")
    try:
        return dispatch(options, system or System())
    except ImpError as exc:
        print(f"imp: {exc.message}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("imp: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"imp: {exc}", file=sys.stderr)
        return 1
