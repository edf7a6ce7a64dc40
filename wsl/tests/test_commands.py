"""Each command's exact programs, its root and user rules, and what passes the environment."""

from __future__ import annotations

import sys

import pytest

from imp_wsl import holder
from imp_wsl.cli import main
from imp_wsl.system import Completed
from wsl_fakes import Executed, FakeSystem, make_wsl

WSL_ENV = {
    "WSL_INTEROP": "/run/WSL/1234_interop",
    "WSL2_GUI_APPS_ENABLED": "1",
    "WSL_DISTRO_NAME": "Debian",
    "WSLENV": "WT_SESSION:WT_PROFILE_ID:",
    "NAME": "DESKTOP-1",
    "HOSTTYPE": "x86_64",
    "WT_SESSION": "8a7e1cdb-66d1-4a27-a6f8-1b9e0e0b7e0a",
    "WT_PROFILE_ID": "{58ad8b0c-3ef8-5f4d-bc6f-13e4c00f2530}",
    "LD_PRELOAD": "/home/alice/evil.so",
    "PATH": "/home/alice/bin:/usr/bin",
}
IS_RUNNING = ["systemctl", "is-system-running"]


@pytest.fixture
def wsl(tmp_path) -> FakeSystem:
    system = make_wsl(FakeSystem(tmp_path / "root", WSL_ENV))
    yield system
    system.release()


def session_programs(system: FakeSystem) -> list[tuple[str, list[str]]]:
    return [(kind, argv) for kind, argv in system.calls if argv != IS_RUNNING]


# -- imp -i -------------------------------------------------------------------------------
def test_initialize_imports_the_interop_environment_and_starts_the_holder(
    wsl: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-i"], wsl) == 0
    names = [
        "WSL_INTEROP",
        "WSL2_GUI_APPS_ENABLED",
        "WSL_DISTRO_NAME",
        "WSLENV",
        "NAME",
        "HOSTTYPE",
    ]
    assert session_programs(wsl) == [
        ("run", ["systemctl", "import-environment", *names]),
        ("spawn", [sys.executable, "-I", "-S", "-c", holder.HOLDER_CODE]),
    ]
    # import-environment reads exactly these variables, from imp's own clean environment.
    assert wsl.envs[1] == {name: WSL_ENV[name] for name in names}
    assert wsl.read_text("/run/imp/holder.pid") == "4242\n"
    assert "holder started (PID 4242)" in capsys.readouterr().out


def test_second_initialize_finds_the_first_holder(
    wsl: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-i"], wsl) == 0
    assert main(["-i"], wsl) == 0
    assert len(wsl.programs("spawn")) == 1
    assert "holder already running (PID 4242)" in capsys.readouterr().out
    wsl.release()  # the holder died: the next -i starts a new one
    assert main(["-i"], wsl) == 0
    assert len(wsl.programs("spawn")) == 2


def test_initialize_waits_for_systemd_first(wsl: FakeSystem) -> None:
    wsl.state_sequence("starting", "running")
    assert main(["-i"], wsl) == 0
    kinds = [argv[:2] for _, argv in wsl.calls]
    assert kinds[:3] == [IS_RUNNING, IS_RUNNING, ["systemctl", "import-environment"]]


def test_initialize_needs_root_and_says_how(
    wsl: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    wsl.euid = 1000
    assert main(["-i"], wsl) == 5
    err = capsys.readouterr().err
    assert "imp -i needs root" in err and "wsl.exe -u root -- imp -i" in err
    assert "--preserve-env=WSL_INTEROP," in err
    assert wsl.calls == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WSL_INTEROP", "/home/alice/fake_interop"),
        ("WSL_INTEROP", "/run/WSL/../../etc/passwd"),
        ("WSL2_GUI_APPS_ENABLED", "1\nLD_PRELOAD=/x.so"),
        ("WSLENV", "PATH/p;rm -rf /"),
        ("NAME", "-x"),
    ],
)
def test_malformed_interop_values_never_reach_systemd(
    wsl: FakeSystem, name: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wsl.environ = {**WSL_ENV, name: value}
    assert main(["-i"], wsl) == 0
    imported = [argv for argv in wsl.programs("run") if argv[1:2] == ["import-environment"]]
    assert name not in imported[0]
    assert value not in wsl.envs[1].values()
    assert f"ignoring {name}=" in capsys.readouterr().err


def test_initialize_without_wsl_interop_warns(
    wsl: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    wsl.environ = {}
    assert main(["-i"], wsl) == 0
    assert not any(argv[1:2] == ["import-environment"] for argv in wsl.programs("run"))
    assert "WSL_INTEROP is not set" in capsys.readouterr().err
    assert len(wsl.programs("spawn")) == 1


def test_failed_import_is_reported(wsl: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    wsl.responders.append(
        lambda argv: (
            Completed(tuple(argv), 1, "", "Access denied")
            if argv[1:2] == ["import-environment"]
            else None
        )
    )
    assert main(["-i"], wsl) == 1
    assert "import-environment failed: Access denied" in capsys.readouterr().err
    assert wsl.programs("spawn") == []


# -- imp -s -------------------------------------------------------------------------------
def test_shell_runs_machinectl_shell_with_windows_terminal_variables(wsl: FakeSystem) -> None:
    with pytest.raises(Executed) as executed:
        main(["-s"], wsl)
    assert executed.value.argv == [
        "machinectl",
        "shell",
        "--quiet",
        f"--setenv=WT_SESSION={WSL_ENV['WT_SESSION']}",
        f"--setenv=WT_PROFILE_ID={WSL_ENV['WT_PROFILE_ID']}",
        "root@.host",
    ]


def test_shell_as_a_normal_user_is_their_own(wsl: FakeSystem) -> None:
    wsl.euid = 1000
    wsl.environ = {}
    with pytest.raises(Executed) as executed:
        main(["-s"], wsl)
    assert executed.value.argv == ["machinectl", "shell", "--quiet", "alice@.host"]


def test_root_may_open_another_users_shell(wsl: FakeSystem) -> None:
    wsl.environ = {}
    with pytest.raises(Executed) as executed:
        main(["-a", "bob", "-s"], wsl)
    assert executed.value.argv[-1] == "bob@.host"


@pytest.mark.parametrize("flag", [["-s"], ["-c", "id"]])
def test_a_normal_user_cannot_act_as_root(
    wsl: FakeSystem, flag: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    wsl.euid = 1000
    assert main(["-a", "root", *flag], wsl) == 5
    assert "only root may use -a/--as-user for another user" in capsys.readouterr().err
    assert wsl.calls == []


def test_naming_yourself_is_allowed(wsl: FakeSystem) -> None:
    wsl.euid = 1000
    with pytest.raises(Executed):
        main(["-a", "alice", "-s"], wsl)


@pytest.mark.parametrize("user", ["nobody-here", "-oProxyCommand=x", "root@.host", ""])
def test_unknown_users_are_refused(
    wsl: FakeSystem, user: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([f"--as-user={user}", "-s"], wsl) == 2
    assert f"no such user: {user!r}" in capsys.readouterr().err


def test_shell_needs_machinectl(wsl: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    wsl.missing.add("machinectl")
    assert main(["-s"], wsl) == 127
    assert "install the systemd-container package" in capsys.readouterr().err


def test_bad_windows_terminal_values_are_dropped(
    wsl: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    wsl.environ = {"WT_SESSION": "x; rm -rf ~", "WT_PROFILE_ID": "{abc}"}
    with pytest.raises(Executed) as executed:
        main(["-s"], wsl)
    assert executed.value.argv == [
        "machinectl", "shell", "--quiet", "--setenv=WT_PROFILE_ID={abc}", "root@.host"
    ]  # fmt: skip
    assert "ignoring WT_SESSION=" in capsys.readouterr().err


# -- imp -c -------------------------------------------------------------------------------
def test_command_runs_in_a_login_session_and_returns_its_status(wsl: FakeSystem) -> None:
    wsl.environ = {}
    wsl.call_status = 7
    assert main(["-c", "sh", "-c", "exit 7"], wsl) == 7
    assert session_programs(wsl) == [
        (
            "call",
            [
                "systemd-run", "--quiet", "--wait", "--collect", "--pipe", "--uid=root",
                "--property=PAMName=login", "--same-dir", "--", "sh", "-c", "exit 7",
            ],
        )
    ]  # fmt: skip


def test_command_on_a_terminal_gets_a_pty_and_terminal_variables(wsl: FakeSystem) -> None:
    wsl.terminal = True
    wsl.euid = 1000
    assert main(["-c", "vim"], wsl) == 0
    argv = wsl.programs("call")[0]
    assert "--pty" in argv and "--pipe" not in argv
    assert "--uid=alice" in argv
    assert f"--setenv=WT_SESSION={WSL_ENV['WT_SESSION']}" in argv
    assert argv[-2:] == ["--", "vim"]


def test_command_as_another_user(wsl: FakeSystem) -> None:
    assert main(["-a", "bob", "-c", "id"], wsl) == 0
    assert "--uid=bob" in wsl.programs("call")[0]


# -- imp -l, imp -u -----------------------------------------------------------------------
def test_login_runs_machinectl_login(wsl: FakeSystem) -> None:
    wsl.euid = 1000
    with pytest.raises(Executed) as executed:
        main(["-l"], wsl)
    assert executed.value.argv == ["machinectl", "login", ".host"]


def test_shutdown_needs_root(wsl: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    wsl.euid = 1000
    assert main(["-u"], wsl) == 5
    assert "imp -u needs root; run: 'sudo imp -u'" in capsys.readouterr().err
    assert wsl.calls == []


def test_shutdown_powers_off(wsl: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    wsl.state_sequence("starting")  # no wait for a finished boot: shutdown works any time
    assert main(["-u"], wsl) == 0
    assert wsl.calls == [("run", ["systemctl", "poweroff"])]
    assert capsys.readouterr().out == "imp: systemd is shutting down\n"


def test_shutdown_tolerates_the_connection_dropping(wsl: FakeSystem) -> None:
    wsl.state_sequence("stopping")
    wsl.responders.append(
        lambda argv: (
            Completed(tuple(argv), 1, "", "Connection reset by peer")
            if argv == ["systemctl", "poweroff"]
            else None
        )
    )
    assert main(["-u"], wsl) == 0


def test_shutdown_failure_is_reported(wsl: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    wsl.responders.append(
        lambda argv: (
            Completed(tuple(argv), 1, "", "Access denied")
            if argv == ["systemctl", "poweroff"]
            else None
        )
    )
    assert main(["-u"], wsl) == 1
    assert "systemctl poweroff failed: Access denied" in capsys.readouterr().err


def test_verbose_says_what_runs(wsl: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    main(["-v", "-u"], wsl)
    assert "imp: running systemctl poweroff" in capsys.readouterr().err


def test_verbose_says_what_it_waits_for(
    wsl: FakeSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    wsl.write("/etc/imp.ini", "[imp]\ndbus-timeout = 5\n")
    main(["-v", "-c", "true"], wsl)
    err = capsys.readouterr().err
    assert "imp: waiting up to 5 s for D-Bus and 240 s for systemd\n" in err
    assert "imp: systemd is running\n" in err
    assert "imp: running systemd-run --quiet" in err
