"""What the command prints: no warnings about the user's code, no raw control characters, and
the progress bar on standard error only when it is a terminal."""

from __future__ import annotations

import errno
import fcntl
import os
import struct
import subprocess
import sys
import termios
import warnings
from pathlib import Path

import pytest

from imp_migrate._cli import main
from imp_migrate._files import SourceFile
from imp_migrate._fix import fix_source
from imp_migrate._scan import scan_file

# An invalid escape: a DeprecationWarning when parsed on 3.11, a SyntaxWarning on 3.12+, which
# Python prints as "<unknown>:2: SyntaxWarning: invalid escape sequence '\d'".
WARNS = b'import imp\npattern = "\\d+"\nimp.reload(imp)\n'


def test_parsing_a_users_file_raises_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "warns.py"
    path.write_bytes(WARNS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for parse_all in (False, True):
            assert scan_file(SourceFile(str(path), str(path)), parse_all).uses
        fixed = fix_source(WARNS, str(path))
    assert fixed.changed
    assert [str(warning.message) for warning in caught] == []


def test_the_command_prints_no_warning_about_the_users_code(tmp_path: Path) -> None:
    (tmp_path / "warns.py").write_bytes(WARNS)
    for command in (["scan", "--parse-all"], ["fix", "--diff"]):
        result = subprocess.run(
            [sys.executable, "-W", "always", "-m", "imp_migrate", *command, str(tmp_path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1, result
        assert "invalid escape sequence" not in result.stderr


CONTROL = "\x1b[2J\x07\r"
RAW = ("\x1b", "\x07", "\r")


def test_scan_escapes_control_characters_of_paths_and_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd_name = tmp_path / f"odd{CONTROL}name.py"
    odd_name.write_text("import imp\n")
    # Python 2 source (it does not parse) with a raw escape sequence on the line of the use
    (tmp_path / "legacy.py").write_bytes(b"print 'x'\nimp.load_source('m', 'p')\x1b[31m\n")
    undecodable = os.fsencode(tmp_path) + b"/bad\xff.py"
    with open(undecodable, "wb") as stream:
        stream.write(b"import imp\n")
    assert main(["scan", "--no-progress", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert not any(character in out for character in RAW)
    assert "odd\\x1b[2J\\x07\\rname.py" in out
    assert "bad\\udcff.py" in out
    assert "legacy.py  [cannot parse: " in out


def test_fix_messages_escape_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"odd{CONTROL}name.py"
    path.write_text("import imp\nimp.reload(imp)\n")
    broken = tmp_path / f"broken{CONTROL}.py"
    broken.write_text("print 'x'\nimport imp\n")
    assert main(["fix", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert not any(character in err for character in RAW)
    assert "odd\\x1b[2J\\x07\\rname.py:2:1: imp.reload -> importlib.reload(imp)" in err
    assert "broken\\x1b[2J\\x07\\r.py: cannot parse, left untouched: " in err


def _scan_with_stderr_on_a_terminal(tree: Path, *options: str) -> tuple[str, str, int]:
    """Run scan with standard error on a pseudo-terminal; return (terminal, stdout, status)."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    for variable in ("NO_COLOR", "TERM_PROGRAM", "CI", "FORCE_COLOR"):
        env.pop(variable, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "imp_migrate", "scan", *options, str(tree)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError as error:  # EIO: every process holding the terminal has exited
            if error.errno != errno.EIO:
                raise
            break
        if not data:
            break
        shown += data
    os.close(controller)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    return shown.decode(errors="replace"), out, process.wait()


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    for number in range(130):  # three batches
        (tree / f"m{number:03}.py").write_text("import imp\nimp.get_tag()\n")
    return tree


def test_the_progress_bar_shows_on_a_terminal_on_standard_error(tmp_path: Path) -> None:
    shown, out, status = _scan_with_stderr_on_a_terminal(_tree(tmp_path), "--jobs", "1")
    assert status == 1
    assert "scanning" in shown
    assert "130/130" in shown
    assert "scanning" not in out
    assert out.endswith("260 uses of imp in 130 files; 130 files scanned\n")


def test_no_progress_bar_with_no_progress(tmp_path: Path) -> None:
    shown, out, status = _scan_with_stderr_on_a_terminal(_tree(tmp_path), "--no-progress")
    assert status == 1
    assert shown == ""
    assert out.endswith("130 files scanned\n")


def test_no_progress_bar_when_standard_error_is_no_terminal(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "imp_migrate", "scan", str(_tree(tmp_path))],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    assert result.returncode == 1
    assert result.stderr == ""
    assert "scanning" not in result.stdout
