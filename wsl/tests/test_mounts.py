"""Mount helpers: exact mount commands against a fake system, then for real in a namespace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imp_wsl import mounts
from imp_wsl.errors import ImpError
from imp_wsl.system import Completed
from wsl_fakes import FakeSystem

HERE = Path(__file__).parent


def real(system: FakeSystem, path: str) -> str:
    return str(system.path(path))


def test_mountinfo_parsing_unescapes_and_reads_propagation(fake: FakeSystem) -> None:
    fake.mount_text = (
        "22 1 8:32 / / rw shared:1 - ext4 /dev/sdc rw\n"
        "40 22 0:5 / /mnt/with\\040space rw master:2 shared:7 - tmpfs t rw\n"
        "41 22 0:6 / /priv rw - tmpfs t rw\n"
    )
    assert mounts.mount_table(fake) == [
        ("/", ["shared:1"]),
        ("/mnt/with space", ["master:2", "shared:7"]),
        ("/priv", []),
    ]


def test_securityfs_is_mounted_when_missing(fake: FakeSystem) -> None:
    fake.path("/sys/kernel/security").mkdir(parents=True)
    assert mounts.mount_securityfs(fake) is True
    target = real(fake, "/sys/kernel/security")
    assert fake.programs() == [
        ["mount", "-t", "securityfs", "-o", "nosuid,nodev,noexec", "securityfs", target]
    ]


def test_pstore_is_left_alone_when_mounted(fake: FakeSystem) -> None:
    fake.path("/sys/fs/pstore").mkdir(parents=True)
    fake.mount_text += f"30 22 0:9 / {real(fake, '/sys/fs/pstore')} rw - pstore pstore rw\n"
    assert mounts.mount_pstore(fake) is False
    assert fake.calls == []


def test_dev_shm_symlink_becomes_a_tmpfs_with_run_shm_bound(fake: FakeSystem) -> None:
    fake.path("/run/shm").mkdir(parents=True)
    fake.path("/dev").mkdir()
    fake.path("/dev/shm").symlink_to("/run/shm")
    fake.mount_text += f"31 22 0:10 / {real(fake, '/run/shm')} rw - tmpfs tmpfs rw\n"
    assert mounts.fix_dev_shm(fake) is True
    dev_shm, run_shm = real(fake, "/dev/shm"), real(fake, "/run/shm")
    assert fake.programs() == [
        ["mount", "-t", "tmpfs", "-o", "mode=1777,nosuid,nodev", "tmpfs", dev_shm],
        ["umount", "--lazy", run_shm],
        ["mount", "--bind", dev_shm, run_shm],
    ]
    assert fake.path("/dev/shm").is_dir() and not fake.path("/dev/shm").is_symlink()


def test_dev_shm_directory_is_left_alone(fake: FakeSystem) -> None:
    fake.path("/dev/shm").mkdir(parents=True)
    assert mounts.fix_dev_shm(fake) is False
    assert fake.calls == []


def test_root_is_made_shared_only_when_private(fake: FakeSystem) -> None:
    fake.mount_text = f"22 1 8:32 / {fake.root} rw - ext4 /dev/sdc rw\n"
    assert mounts.make_root_shared(fake) is True
    assert fake.programs() == [["mount", "--make-rshared", str(fake.root)]]
    fake.calls.clear()
    fake.mount_text = f"22 1 8:32 / {fake.root} rw shared:1 - ext4 /dev/sdc rw\n"
    assert mounts.make_root_shared(fake) is False
    assert fake.calls == []


def test_wslg_x11_is_bound_read_only(fake: FakeSystem) -> None:
    fake.path("/mnt/wslg/.X11-unix").mkdir(parents=True)
    fake.path("/tmp").mkdir(mode=0o1777)
    assert mounts.bind_wslg_x11(fake) is True
    source = real(fake, "/mnt/wslg/.X11-unix")
    (bind, remount) = fake.programs()
    # mount gets the checked directory itself, through a descriptor: no name to swap
    assert bind[:4] == ["mount", "--no-canonicalize", "--bind", source]
    assert remount[:4] == ["mount", "--no-canonicalize", "-o", "remount,bind,ro"]
    assert bind[4].startswith("/proc/self/fd/") and remount[4].startswith("/proc/self/fd/")
    target = fake.path("/tmp/.X11-unix")
    assert not target.is_symlink() and oct(target.stat().st_mode & 0o7777) == "0o1777"


def test_wslg_x11_refuses_a_users_directory(fake: FakeSystem) -> None:
    fake.path("/mnt/wslg/.X11-unix").mkdir(parents=True)
    fake.path("/tmp/.X11-unix").mkdir(parents=True)
    os.chown(fake.path("/tmp/.X11-unix"), 65534, 65534)
    if os.geteuid() != 0:
        pytest.skip("giving a directory to another user needs root")
    with pytest.raises(ImpError, match="belongs to user ID 65534, not root"):
        mounts.bind_wslg_x11(fake)
    assert fake.calls == []


def test_wslg_x11_without_wslg_does_nothing(fake: FakeSystem) -> None:
    assert mounts.bind_wslg_x11(fake) is False
    assert fake.calls == []


def test_a_failing_mount_is_reported(fake: FakeSystem, capsys: pytest.CaptureFixture[str]) -> None:
    fake.path("/sys/kernel/security").mkdir(parents=True)
    fake.responders.append(lambda argv: Completed(tuple(argv), 32, "", "permission denied"))
    assert mounts.main(["securityfs"], fake) == 1
    assert "permission denied" in capsys.readouterr().err


def test_runtime_dir_keeps_wslgs_own_user(fake: FakeSystem) -> None:
    fake.path("/mnt/wslg/runtime-dir").mkdir(parents=True)
    fake.write("/usr/lib/systemd/systemd-user-runtime-dir")
    owner = str(fake.path("/mnt/wslg/runtime-dir").stat().st_uid)
    other = str(int(owner) + 1000)
    assert mounts.main(["runtime-dir", "start", owner], fake) == 0
    assert mounts.main(["runtime-dir", "stop", owner], fake) == 0
    assert fake.calls == []
    fake.mount_text += f"50 22 0:11 / {real(fake, f'/run/user/{other}')} rw - tmpfs none rw\n"
    assert mounts.main(["runtime-dir", "start", other], fake) == 0
    assert mounts.main(["runtime-dir", "stop", other], fake) == 0
    assert fake.programs() == [
        ["umount", "--lazy", real(fake, f"/run/user/{other}")],
        ["/usr/lib/systemd/systemd-user-runtime-dir", "start", other],
        ["/usr/lib/systemd/systemd-user-runtime-dir", "stop", other],
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["runtime-dir", "start"],
        ["runtime-dir", "go", "1000"],
        ["pstore", "extra"],
        ["runtime-dir", "start", "\u0661\u0660\u0660\u0660"],  # '1000' in Arabic-Indic digits
        ["runtime-dir", "start", "-1"],
    ],
)
def test_helper_rejects_bad_arguments(fake: FakeSystem, args: list[str]) -> None:
    fake.write("/lib/systemd/systemd-user-runtime-dir")
    with pytest.raises(SystemExit) as exit_info:
        status = mounts.main(args, fake)
        raise SystemExit(status)
    assert exit_info.value.code == 2
    assert fake.calls == []  # nothing run, not even umount


# -- for real, as root, in a private mount namespace ----------------------------------------
def _can_unshare() -> str | None:
    if os.geteuid() != 0:
        return "needs root"
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "true"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return f"unshare --mount fails here: {probe.stderr.decode().strip()}"
    return None


@pytest.fixture
def in_namespace(tmp_path: Path):
    reason = _can_unshare()
    if reason:
        pytest.skip(reason)

    def run(scenario: str) -> dict[str, object]:
        root = tmp_path / scenario
        root.mkdir()
        result = subprocess.run(
            [
                "unshare", "--mount", "--propagation", "private",
                sys.executable, str(HERE / "wsl_mount_scenarios.py"), scenario, str(root),
            ],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        # nothing leaked out of the namespace
        assert str(root) not in Path("/proc/self/mountinfo").read_text()
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    return run


@pytest.mark.parametrize("scenario", ["securityfs", "pstore"])
def test_real_special_filesystems(in_namespace, scenario: str) -> None:
    report = in_namespace(scenario)
    assert report == {"first": True, "second": False, "fstype": scenario}


def test_real_dev_shm_fix(in_namespace) -> None:
    report = in_namespace("devshm")
    assert report == {
        "first": True,
        "second": False,
        "is_symlink": False,
        "fstype": "tmpfs",
        "mode": "0o1777",
        "seen_in_run_shm": "shared",
        "same_dir": True,
    }


def test_real_root_shared(in_namespace) -> None:
    report = in_namespace("root-shared")
    assert report == {"before": False, "first": True, "second": False, "after": True}


def test_real_wslg_x11_bind(in_namespace) -> None:
    report = in_namespace("wslg-x11")
    assert report == {
        "first": True,
        "second": False,
        "listing": ["X0"],
        "mountpoint": True,
        "read_only": True,
    }


@pytest.mark.parametrize("scenario", ["wslg-x11-users-dir", "wslg-x11-race"])
def test_real_wslg_x11_under_attack(in_namespace, scenario: str) -> None:
    """A user plants a directory of their own at /tmp/.X11-unix, or swaps a symlink to
    another directory in right after root removed the one found there: nothing is mounted
    on the user's directory nor through the symlink."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to act as another user")
    report = in_namespace(scenario)
    assert report["attacker"] == "planted"
    assert report["error"] is not None
    assert report["victim_mounted"] is False
    assert report["target_mounted"] is False
