"""The real boundary: paths under the root, a fixed PATH, and a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from imp_wsl.errors import ImpError
from imp_wsl.system import SAFE_PATH, System

HOSTILE = {
    "LD_PRELOAD": "/home/alice/evil.so",
    "LD_LIBRARY_PATH": "/home/alice/lib",
    "PATH": "/home/alice/bin",
    "SYSTEMD_PAGER": "sh -c 'id > /tmp/pwned'",
    "SYSTEMD_EDITOR": "evil",
    "PYTHONPATH": "/home/alice/py",
    "BASH_ENV": "/home/alice/.evil",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "TERM": "xterm-256color",
}


def test_paths_resolve_under_the_root(tmp_path: Path) -> None:
    system = System(tmp_path)
    assert system.path("/etc/imp.ini") == tmp_path / "etc" / "imp.ini"
    assert System().path("/etc/imp.ini") == Path("/etc/imp.ini")
    with pytest.raises(ValueError):
        system.path("etc/imp.ini")


def test_read_text_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert System(tmp_path).read_text("/nope") is None


def test_clean_env_keeps_only_harmless_variables() -> None:
    env = System(environ=HOSTILE).clean_env({"WSL_INTEROP": "/run/WSL/1_interop"})
    assert env == {
        "PATH": SAFE_PATH,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "WSL_INTEROP": "/run/WSL/1_interop",
    }


def test_programs_really_start_with_the_clean_environment() -> None:
    result = System(environ=HOSTILE).run(["env"])
    assert result.returncode == 0
    seen = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert seen == System(environ=HOSTILE).clean_env()
    assert "LD_PRELOAD" not in seen and seen["PATH"] == SAFE_PATH


def test_the_callers_path_is_not_searched(tmp_path: Path) -> None:
    trap = tmp_path / "imp-test-trap"
    trap.write_text("#!/bin/sh\necho trapped\n")
    trap.chmod(0o755)
    system = System(environ={"PATH": str(tmp_path)})
    with pytest.raises(ImpError) as error:
        system.run(["imp-test-trap"])
    assert error.value.status == 127
    assert os.environ.get("PATH") is not None


def test_run_reports_status_and_output() -> None:
    result = System().run(["sh", "-c", "echo out; echo err >&2; exit 3"])
    assert (result.returncode, result.stdout, result.stderr) == (3, "out\n", "err\n")


def test_a_hung_program_ends_at_its_timeout() -> None:
    result = System().run(["sleep", "30"], timeout=0.2)
    assert result.returncode == 124


def test_call_returns_the_exit_status() -> None:
    assert System().call(["sh", "-c", "exit 7"]) == 7


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LC_ALL", "C.UTF-8\nLD_PRELOAD=/home/alice/evil.so"),
        ("LC_MESSAGES", "/home/alice/locale"),  # a path makes glibc load locale files from it
        ("LC_CTYPE", "../../home/alice/x"),
        ("LANG", "C.UTF-8\n"),
        ("LANGUAGE", "en\nx"),
        ("TERM", "xterm\nSYSTEMD_PAGER=sh"),
        ("COLORTERM", "truecolor\x1b]0;x"),
    ],
)
def test_bad_locale_and_terminal_values_never_reach_a_program(
    name: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    system = System(environ={"LC_TIME": "en_GB.UTF-8", name: value})
    assert name not in system.clean_env()
    result = system.run(["env"])
    seen = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert name not in seen and "LD_PRELOAD" not in seen and "SYSTEMD_PAGER" not in seen
    assert seen["LC_TIME"] == "en_GB.UTF-8"
    assert (
        capsys.readouterr().err == f"imp: warning: ignoring {name}={value!r}: not a valid value\n"
    )
