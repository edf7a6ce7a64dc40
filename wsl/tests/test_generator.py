"""The generator: golden outputs per scenario, conditions, and systemd-analyze verify."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imp_wsl import generator
from imp_wsl.generator import BINFMT_FILE, MARKER, TMPFILES_FILE, Output, plan
from wsl_fakes import FakeSystem, full_wsl, make_wsl, snapshot

GOLDEN = Path(__file__).parent / "golden"
PYTHON = "/usr/bin/python3"
UPDATE = os.environ.get("IMP_UPDATE_GOLDEN") == "1"


def nothing_to_fix(system: FakeSystem) -> None:
    """A WSL 2 where the mounts are already right and there is no WSLg nor machined."""
    root = str(system.root)
    system.write("/init")
    for path in ("/sys/kernel/security", "/sys/fs/pstore", "/dev/shm"):
        system.path(path).mkdir(parents=True)
    system.mount_text = (
        f"22 1 8:32 / {root} rw shared:1 - ext4 /dev/sdc rw\n"
        f"23 22 0:7 / {root}/sys/kernel/security rw shared:2 - securityfs securityfs rw\n"
        f"24 22 0:8 / {root}/sys/fs/pstore rw shared:3 - pstore pstore rw\n"
    )


def not_wsl(system: FakeSystem) -> None:
    full_wsl(system)
    system.write("/proc/sys/kernel/osrelease", "6.1.0-13-amd64\n")


SCENARIOS = {"full-wsl": full_wsl, "nothing-to-fix": nothing_to_fix, "not-wsl": not_wsl}


def run_generator(system: FakeSystem, tmp_path: Path) -> dict[str, str]:
    normal = tmp_path / "normal"
    normal.mkdir()
    generator.write(system, normal, plan(system, PYTHON))
    outputs = {f"normal/{k}": v for k, v in snapshot(normal).items()}
    for directory in ("/run/binfmt.d", "/run/tmpfiles.d"):
        outputs.update(
            {f"root{directory}/{k}": v for k, v in snapshot(system.path(directory)).items()}
        )
    return outputs


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_golden_outputs(scenario: str, tmp_path: Path) -> None:
    system = make_wsl(FakeSystem(tmp_path / "root"))
    SCENARIOS[scenario](system)
    outputs = run_generator(system, tmp_path)
    golden_dir = GOLDEN / scenario
    if UPDATE:
        shutil.rmtree(golden_dir, ignore_errors=True)
        golden_dir.mkdir(parents=True)
        for rel, content in outputs.items():
            target = golden_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if content.startswith("-> "):
                target.symlink_to(content[3:])
            else:
                target.write_text(content)
        (golden_dir / ".keep").write_text("")
    expected = {k: v for k, v in snapshot(golden_dir).items() if k != ".keep"}
    assert outputs == expected


def test_full_scenario_covers_every_fix(tmp_path: Path) -> None:
    system = make_wsl(FakeSystem(tmp_path / "root"))
    full_wsl(system)
    paths = [output.path for output in plan(system, PYTHON)]
    assert paths == [
        BINFMT_FILE,
        "multi-user.target.wants/systemd-machined.service",
        "imp-wsl-securityfs.service",
        "local-fs.target.wants/imp-wsl-securityfs.service",
        "imp-wsl-pstore.service",
        "local-fs.target.wants/imp-wsl-pstore.service",
        "imp-wsl-devshm.service",
        "local-fs.target.wants/imp-wsl-devshm.service",
        "imp-wsl-root-shared.service",
        "local-fs.target.wants/imp-wsl-root-shared.service",
        "imp-wsl-x11.service",
        "sysinit.target.wants/imp-wsl-x11.service",
        TMPFILES_FILE,
        "user-runtime-dir@.service.d/imp-wsl-wslg.conf",
    ]


def test_binfmt_line_is_wsl_interop(tmp_path: Path) -> None:
    system = make_wsl(FakeSystem(tmp_path / "root"))
    system.write("/init")
    (binfmt,) = [o for o in plan(system, PYTHON) if o.path == BINFMT_FILE]
    assert binfmt.text.splitlines()[-1] == ":WSLInterop:M::MZ::/init:PF"


def _share_root(system: FakeSystem) -> None:
    system.mount_text = f"22 1 8:32 / {system.root} rw shared:1 - ext4 /dev/sdc rw\n"


@pytest.mark.parametrize(
    ("change", "output"),
    [
        (lambda s: s.path("/init").unlink(), BINFMT_FILE),
        (
            lambda s: s.path("/usr/lib/systemd/system/systemd-machined.service").unlink(),
            "multi-user.target.wants/systemd-machined.service",
        ),
        (lambda s: s.path("/sys/kernel/security").rmdir(), "imp-wsl-securityfs.service"),
        (lambda s: s.path("/sys/fs/pstore").rmdir(), "imp-wsl-pstore.service"),
        (lambda s: s.path("/dev/shm").unlink(), "imp-wsl-devshm.service"),
        (_share_root, "imp-wsl-root-shared.service"),
        (lambda s: s.path("/mnt/wslg/.X11-unix").rmdir(), TMPFILES_FILE),
        (lambda s: s.path("/mnt/wslg/.X11-unix").rmdir(), "imp-wsl-x11.service"),
        (
            lambda s: s.path("/mnt/wslg/runtime-dir").rmdir(),
            "user-runtime-dir@.service.d/imp-wsl-wslg.conf",
        ),
    ],
)
def test_each_output_only_when_its_condition_holds(tmp_path: Path, change, output: str) -> None:
    system = make_wsl(FakeSystem(tmp_path / "root"))
    full_wsl(system)
    before = [o.path for o in plan(system, PYTHON)]
    change(system)
    after = [o.path for o in plan(system, PYTHON)]
    assert output in before
    assert output not in after
    assert len(after) < len(before)


def test_main_writes_into_the_normal_dir(tmp_path: Path) -> None:
    system = make_wsl(FakeSystem(tmp_path / "root"))
    full_wsl(system)
    dirs = [tmp_path / name for name in ("normal", "early", "late")]
    for d in dirs:
        d.mkdir()
    assert generator.main([str(d) for d in dirs], system) == 0
    assert (dirs[0] / "imp-wsl-x11.service").read_text().startswith(MARKER)
    assert sys.executable in (dirs[0] / "imp-wsl-x11.service").read_text()
    assert list(dirs[1].iterdir()) == [] and list(dirs[2].iterdir()) == []
    # running again (daemon-reload) replaces, never duplicates or fails
    assert generator.main([str(d) for d in dirs], system) == 0


@pytest.mark.parametrize("args", [[], ["a", "b"], ["/nonexistent-dir-for-imp"]])
def test_main_rejects_bad_arguments(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert generator.main(args) == 2
    assert capsys.readouterr().err


def test_main_refuses_an_output_directory_others_can_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """systemd passes its own /run/systemd/generator*; run by hand as root on a directory in
    /tmp, a symlink that a user plants there must not steer root's writes elsewhere."""
    system = make_wsl(FakeSystem(tmp_path / "root"))
    full_wsl(system)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (shared / "local-fs.target.wants").symlink_to(elsewhere)  # as a user could
    assert generator.main([str(shared)], system) == 2
    why = "is writable by others (mode drwxrwxrwt)" if os.geteuid() == 0 else "it is not a"
    assert capsys.readouterr().err.startswith(
        f"imp-wsl-generator: not writing into {shared}: {shared} {why}"
    )
    assert list(elsewhere.iterdir()) == []
    assert [p.name for p in shared.iterdir()] == ["local-fs.target.wants"]


def test_write_replaces_existing_links(tmp_path: Path) -> None:
    system = FakeSystem(tmp_path / "root")
    normal = tmp_path / "n"
    normal.mkdir()
    outputs = [Output("a.service", "x"), Output("t.wants/a.service", link_to="../a.service")]
    generator.write(system, normal, outputs)
    generator.write(system, normal, outputs)
    assert os.readlink(normal / "t.wants/a.service") == "../a.service"
    assert (normal / "t.wants/a.service").read_text() == "x"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_generated_services_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    system = make_wsl(FakeSystem(tmp_path / "root"))
    full_wsl(system)
    normal = tmp_path / "normal"
    normal.mkdir()
    generator.write(system, normal, plan(system, sys.executable))
    units = sorted(str(p) for p in normal.glob("*.service"))
    assert len(units) == 5
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
    )
    problems = [
        line
        for line in result.stderr.splitlines()
        # verify loads the host's units too; only complaints about ours matter
        if "imp-wsl" in line
    ]
    assert result.returncode == 0 and problems == [], result.stderr


def test_outputs_have_fixed_modes_whatever_the_umask(tmp_path: Path) -> None:
    """systemd may start the generator under a strict umask; units must stay readable."""
    system = make_wsl(FakeSystem(tmp_path / "root"))
    full_wsl(system)
    normal = tmp_path / "normal"
    normal.mkdir()
    old = os.umask(0o077)
    try:
        assert generator.main([str(normal)], system) == 0
    finally:
        os.umask(old)
    files = [p for p in normal.rglob("*") if p.is_file() and not p.is_symlink()]
    files += [system.path(BINFMT_FILE), system.path(TMPFILES_FILE)]
    dirs = [p for p in normal.rglob("*") if p.is_dir() and not p.is_symlink()]
    dirs += [system.path("/run/binfmt.d"), system.path("/run/tmpfiles.d")]
    assert len(files) >= 7 and len(dirs) >= 4
    assert {str(p): oct(p.stat().st_mode & 0o7777) for p in files} == {
        str(p): "0o644" for p in files
    }
    assert {str(p): oct(p.stat().st_mode & 0o7777) for p in dirs} == {str(p): "0o755" for p in dirs}
