"""The command line: parsing, mutual exclusion, help, version, exit statuses."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from imp_wsl import __version__
from imp_wsl.cli import main, split_command
from wsl_fakes import FakeSystem

COMMAND_FLAGS = ["-i", "-s", "-l", "-u", "--status", "--install", "--uninstall"]


def test_help_lists_every_command_and_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for flag in [
        "--initialize", "--shell", "--command", "--login", "--shutdown", "--status",
        "--install", "--uninstall", "--as-user", "--verbose", "--version", "/etc/imp.ini",
    ]:  # fmt: skip
        assert flag in out
    assert "(-i | -s | -c ... | -l | -u | --status | --install | --uninstall)" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["-V"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"imp {__version__}"


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "one of the arguments" in capsys.readouterr().err


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(COMMAND_FLAGS, 2)))
def test_commands_are_mutually_exclusive(
    first: str, second: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([first, second])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["-i", "-l", "-u", "--status", "--install", "--uninstall"])
def test_as_user_only_with_shell_or_command(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["-a", "root", flag])
    assert exit_info.value.code == 2
    assert "-a/--as-user: only allowed with -s/--shell or -c/--command" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "options", "command"),
    [
        (["-v", "-c", "ls", "-la", "-v", "--", "x"], ["-v", "-c"], ["ls", "-la", "-v", "--", "x"]),
        (["-a", "-c", "-c", "id"], ["-a", "-c", "-c"], ["id"]),
        (["--command=sh", "-c", "exit 3"], ["--command"], ["sh", "-c", "exit 3"]),
        (["-vc", "true"], ["-vc"], ["true"]),
        (["-cv", "id"], ["-vc"], ["id"]),
        (["-ac", "-c", "id"], ["-ac", "-c"], ["id"]),  # -ac: user 'c'
        (["-a", "bob", "-cv", "id", "-x"], ["-a", "bob", "-vc"], ["id", "-x"]),
        (["-s", "--", "-c"], ["-s", "--", "-c"], None),
        (["-s"], ["-s"], None),
    ],
)
def test_command_takes_everything_after_it(
    argv: list[str], options: list[str], command: list[str] | None
) -> None:
    assert split_command(argv) == (options, command)


def test_command_after_options_reaches_the_runner(fake: FakeSystem) -> None:
    assert main(["-v", "-c", "sh", "-c", "exit 3", "--", "-x"], fake) == 0
    assert fake.programs("call")[0][-5:] == ["--", "sh", "-c", "exit 3", "--", "-x"][-5:]


def test_command_without_a_command_is_a_clear_error(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c"], fake) == 2
    expected = "imp: -c/--command needs a command to run, e.g. 'imp -c ls -l'\n"
    assert capsys.readouterr().err == expected
    assert fake.calls == []


def test_errors_are_one_line_with_status(
    bare: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-s"], bare) == 3
    err = capsys.readouterr().err
    assert err.startswith("imp: ") and err.count("\n") == 1


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "imp_wsl", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"imp {__version__}"


@pytest.mark.parametrize("argv", [["-cv", "id"], ["-vc", "id"], ["-v", "-c", "id"]])
def test_c_may_share_a_token_with_other_options(
    argv: list[str], fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv, fake) == 0
    assert fake.programs("call")[0][-2:] == ["--", "id"]
    assert "imp: running systemd-run" in capsys.readouterr().err  # -v took effect


def test_letters_after_c_that_are_no_options_are_a_usage_error(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["-cecho", "hi"], fake)
    assert exit_info.value.code == 2
    assert "put a space after -c (imp -c echo ...)" in capsys.readouterr().err
    assert fake.calls == []


@pytest.mark.parametrize("argv", [["--command="], ["--command=", "x"], ["-c", ""]])
def test_an_empty_command_is_a_usage_error(
    argv: list[str], fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv, fake) == 2
    assert (
        capsys.readouterr().err == "imp: -c/--command needs a command to run, e.g. 'imp -c ls -l'\n"
    )
    assert fake.calls == []


@pytest.mark.parametrize("argv", [["--bogus"], ["-s", "--bogus"], ["-x"], ["--bogus", "-c", "id"]])
def test_an_unknown_option_is_named(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"imp: error: unrecognized arguments: {argv[0] if argv[0] != '-s' else '--bogus'}" in err
