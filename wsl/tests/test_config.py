"""/etc/imp.ini: defaults, valid values, and clear errors for everything malformed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from imp_wsl.cli import main
from imp_wsl.config import DEFAULT_TIMEOUT, Config, load
from imp_wsl.errors import ImpError
from wsl_fakes import FakeSystem


def test_missing_file_gives_defaults(fake: FakeSystem) -> None:
    assert load(fake) == Config(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT) == Config(240, 240)


def test_values_are_read(fake: FakeSystem) -> None:
    fake.write("/etc/imp.ini", "# comment\n[imp]\ndbus-timeout = 5\nsystemd-timeout=7.5\n")
    assert load(fake) == Config(5.0, 7.5)


def test_one_value_keeps_the_other_default(fake: FakeSystem) -> None:
    fake.write("/etc/imp.ini", "[imp]\nsystemd-timeout = 0\n")
    assert load(fake) == Config(240.0, 0.0)


def test_other_sections_are_ignored(fake: FakeSystem) -> None:
    fake.write("/etc/imp.ini", "[other]\nx = y\n")
    assert load(fake) == Config()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[imp]\ndbus-timeout = soon\n", "dbus-timeout = 'soon' is not a number of seconds"),
        ("[imp]\nsystemd-timeout = -1\n", "systemd-timeout = '-1' is not a number of seconds"),
        ("[imp]\nsystemd-timeout = nan\n", "is not a number of seconds"),
        ("[imp]\nsystemd-timeout = inf\n", "is not a number of seconds"),
        ("dbus-timeout = 5\n", "is not a valid INI file"),
        ("[imp]\ndbus-timeout = 1\ndbus-timeout = 2\n", "is not a valid INI file"),
        ("[imp\n", "is not a valid INI file"),
        ("[imp]\ndbus-timout = 5\n", "unknown key(s) dbus-timout"),
    ],
)
def test_malformed_config_is_a_clear_error(fake: FakeSystem, text: str, expected: str) -> None:
    fake.write("/etc/imp.ini", text)
    with pytest.raises(ImpError) as error:
        load(fake)
    assert expected in error.value.message
    assert error.value.message.startswith("/etc/imp.ini")
    assert error.value.status == 2


def test_unreadable_config_is_a_clear_error(fake: FakeSystem) -> None:
    fake.path("/etc/imp.ini").mkdir(parents=True)
    with pytest.raises(ImpError, match="cannot read it"):
        load(fake)


def test_malformed_config_through_the_cli_has_no_traceback(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.write("/etc/imp.ini", "\x00garbage\n")
    assert main(["-c", "true"], fake) == 2
    err = capsys.readouterr().err
    assert err.startswith("imp: /etc/imp.ini is not a valid INI file")
    assert "Traceback" not in err and err.count("\n") == 1


README = Path(__file__).parents[1] / "README.md"


def test_the_readme_example_is_read_as_documented(
    fake: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    """The /etc/imp.ini example in wsl/README.md, verbatim, with its inline comments."""
    blocks = re.findall(r"```ini\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(block for block in blocks if block.startswith("[imp]"))
    assert "; seconds, default 240" in example
    fake.write("/etc/imp.ini", example)
    assert load(fake) == Config(240.0, 240.0)
    assert main(["-c", "true"], fake) == 0
    assert capsys.readouterr().err == ""


def test_an_inline_comment_needs_a_space_before_it(fake: FakeSystem) -> None:
    fake.write("/etc/imp.ini", "[imp]\ndbus-timeout = 5 # five\nsystemd-timeout = 6;x\n")
    with pytest.raises(ImpError, match="systemd-timeout = '6;x' is not a number"):
        load(fake)
