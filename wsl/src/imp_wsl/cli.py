"""The ``imp`` command line: one command per call, argparse help and errors, clear exits.

Exit status: the command's own (``-c``), 0 on success, 1 on failure, 2 for usage and config
errors, 3 wrong platform, 4 a wait ran out, 5 needs root or another user's rights, 130 ^C.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from imp_wsl import __version__, commands, doctor, install
from imp_wsl.errors import ImpError
from imp_wsl.system import System

# Short options that take no value: they may share one token with -c, in any order (-vc, -cv).
_FLAG_LETTERS = frozenset("hvVisluc")


class _Parser(argparse.ArgumentParser):
    """argparse, except that a wrong option is named before a missing command is reported.

    argparse checks its required group first, so ``imp --bogus`` said "one of the arguments
    ... is required" instead of naming --bogus.
    """

    commands: list[argparse.Action]
    command_group: argparse._MutuallyExclusiveGroup

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: None = None
    ) -> argparse.Namespace:
        self.command_group.required = False  # checked below; required for the usage line
        try:
            options, extras = self.parse_known_args(args, namespace)
        finally:
            self.command_group.required = True
        if extras:
            self.error("unrecognized arguments: " + " ".join(extras))
        if not any(getattr(options, action.dest) not in (None, False) for action in self.commands):
            names = " ".join("/".join(action.option_strings) for action in self.commands)
            self.error(f"one of the arguments {names} is required")
        return options


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    # _Parser checks that one is given only after naming any unknown option.
    exclusive = group.add_mutually_exclusive_group(required=True)
    parser.command_group = exclusive
    parser.commands = []
    add = _recording(exclusive, parser.commands)
    add(
        "-i",
        "--initialize",
        action="store_true",
        help="import the WSL interop environment into systemd and keep this WSL instance "
        "running until shutdown (root)",
    )
    add(
        "-s",
        "--shell",
        action="store_true",
        help="open or join a systemd login session and run your login shell in it",
    )
    add(
        "-c",
        "--command",
        nargs=argparse.REMAINDER,
        metavar="CMD",
        help="run CMD (and all arguments after it) in a login session, in this directory, "
        "with its exit status; -c ends imp's options (-vc CMD and -cv CMD mean -v -c CMD)",
    )
    add("-l", "--login", action="store_true", help="open a login prompt (machinectl login)")
    add("-u", "--shutdown", action="store_true", help="shut systemd down cleanly (root)")
    add(
        "--status",
        action="store_true",
        help="check the setup (wsl.conf, targets, failed units, interop, WSLg, holder) "
        "and say how to fix what is wrong",
    )
    add(
        "--install",
        action="store_true",
        help="install the systemd generator for WSL boot-time fixes (root; WSL 2, systemd "
        "may still be off)",
    )
    add(
        "--uninstall",
        action="store_true",
        help="remove the generator and everything it created (root; on any platform)",
    )
    # Fixed now, while the group is required: the usage line shows "(-i | -s | ...)" also when
    # printed during parsing (--help, errors), where _Parser lifts the requirement.
    parser.usage = parser.format_usage().removeprefix("usage: ").rstrip("\n")
    return parser


def _recording(
    group: argparse._MutuallyExclusiveGroup, actions: list[argparse.Action]
) -> Callable[..., argparse.Action]:
    def add(*names: str, **kwargs: Any) -> argparse.Action:
        action = group.add_argument(*names, **kwargs)
        actions.append(action)
        return action

    return add


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


def _command_cluster(token: str) -> str | None:
    """``-vc``/``-cv``: the token rewritten with c last, or None when it does not hold -c.

    Raises ValueError when letters after c are not options (``-cls`` is not ``-c ls``).
    """
    if token.startswith("--") or not token.startswith("-") or len(token) < 2:
        return None
    letters = token[1:]
    position = letters.find("c")
    if position < 0 or "a" in letters[:position]:  # -ac: 'c' is -a's value
        return None
    before, after = letters[:position], letters[position + 1 :]
    if not set(after) <= _FLAG_LETTERS - {"c"}:
        raise ValueError(token)
    return f"-{before}{after}c"


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
        if token == "--command":
            return args[: index + 1], args[index + 1 :]
        cluster = _command_cluster(token)
        if cluster is not None:
            return [*args[:index], cluster], args[index + 1 :]
        index += 1
    return args, None


def main(argv: Sequence[str] | None = None, system: System | None = None) -> int:
    parser = build_parser()
    try:
        options_part, cmd = split_command(sys.argv[1:] if argv is None else argv)
    except ValueError as exc:
        parser.error(
            f"argument -c/--command: {exc} mixes the command into the options; "
            f"put a space after -c (imp -c {str(exc)[2:]} ...)"
        )
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
