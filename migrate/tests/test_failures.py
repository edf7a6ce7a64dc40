"""What the command does when things go wrong: each failure is made to really happen.

Files that cannot be read or written, a rewrite that would not parse, a replace that fails,
paths that do not exist, Ctrl-C and a closed pipe during scan. The user's files must come out
byte for byte as they were, the exit status must say so, and nothing may print a traceback.
Tests that need a process without root rights fork one and drop to ``nobody`` (root ignores
file permissions); run as a normal user, they fork and keep that user.
"""

from __future__ import annotations

import errno
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import libcst as cst
import pytest

from imp_migrate._cli import main
from imp_migrate._fix import fix_source
from imp_migrate.rules import RULES, FileChanges, Result, Rule

FIXABLE = b"import imp\n\nm = imp.new_module('m')\n"
FIXED = b"import types\n\nm = types.ModuleType('m')\n"
IS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="only root can make files of another user")


def _nobody() -> tuple[int, int]:
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return 65534, 65534
    return entry.pw_uid, entry.pw_gid


NOBODY_UID, NOBODY_GID = _nobody()


def run_unprivileged(function: Callable[[], int]) -> int:
    """Run ``function`` in a forked child without root rights; return its exit status.

    The child already holds every module the parent imported, so nothing needs to be read from
    the (maybe root-only) checkout after the switch; its output goes to the parent's file
    descriptors (use ``capfd``).
    """
    fix_source(FIXABLE)  # libcst imports its parser lazily: load it before dropping rights
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 99
        try:
            if IS_ROOT:
                os.setgroups([])
                os.setgid(NOBODY_GID)
                os.setuid(NOBODY_UID)
            status = function()
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory ``nobody`` can enter (pytest's tmp_path is private to its user)."""
    directory = Path(tempfile.mkdtemp(prefix="imp-migrate-test-"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _write(path: Path, data: bytes = FIXABLE, mode: int = 0o644) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def _listing(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


# Every PATH is checked before anything is written.


def test_fix_with_a_missing_path_writes_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path / "good.py")
    missing = tmp_path / "nonexistent"
    assert main(["fix", str(good), str(missing)]) == 2
    assert good.read_bytes() == FIXABLE
    assert f"no such file or directory: {missing}" in capfd.readouterr().err


# Owner, group and mode.


@needs_root
def test_fix_as_root_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    path = _write(tmp_path / "theirs.py", mode=0o640)
    os.chown(path, NOBODY_UID, NOBODY_GID)
    assert main(["fix", "-q", str(path)]) == 0
    assert path.read_bytes() == FIXED
    status = path.stat()
    assert (status.st_uid, status.st_gid) == (NOBODY_UID, NOBODY_GID)
    assert stat.S_IMODE(status.st_mode) == 0o640


@needs_root
def test_fix_by_a_user_who_cannot_give_the_file_back_still_fixes_it(
    shared_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    shared_dir.chmod(0o777)  # nobody may replace root's file here, and cannot chown it back
    path = _write(shared_dir / "roots.py", mode=0o666)
    assert run_unprivileged(lambda: main(["fix", "-q", str(path)])) == 0, capfd.readouterr()
    assert path.read_bytes() == FIXED
    assert path.stat().st_uid == NOBODY_UID
    assert stat.S_IMODE(path.stat().st_mode) == 0o666
    assert _listing(shared_dir) == ["roots.py"]


# Files that cannot be read.


def test_a_file_without_read_permission_is_reported_by_scan_and_fix(
    shared_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _write(shared_dir / "secret.py", mode=0o000)
    if IS_ROOT:
        os.chown(path, NOBODY_UID, NOBODY_GID)  # nobody owns it and still may not read it
    assert run_unprivileged(lambda: main(["scan", "--no-progress", str(shared_dir)])) == 1
    out = capfd.readouterr().out
    assert f"{path}  [cannot read: Permission denied]" in out
    assert "0 uses of imp in 0 files; 1 files scanned; 1 could not be parsed or read" in out
    assert run_unprivileged(lambda: main(["fix", str(path)])) == 1
    assert f"{path}: cannot read: Permission denied" in capfd.readouterr().err
    path.chmod(0o644)
    assert path.read_bytes() == FIXABLE


@pytest.mark.parametrize("kind", ["dangling symlink", "fifo"])
def test_a_python_name_that_is_no_regular_file_is_reported_not_waited_on(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "odd.py"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
        reason = "not a regular file"
    else:
        path.symlink_to(tmp_path / "gone.py")
        reason = "No such file or directory"
    for command in (["scan", "--no-progress"], ["fix"]):
        result = subprocess.run(
            [sys.executable, "-m", "imp_migrate", *command, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,  # a guard against the old hang, not a speed limit
        )
        assert result.returncode == 1, result
        assert f"cannot read: {reason}" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


# Files that cannot be written.


def test_a_file_in_a_directory_the_user_cannot_write_is_left_untouched(
    shared_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _write(shared_dir / "mine.py")
    if IS_ROOT:
        os.chown(path, NOBODY_UID, NOBODY_GID)  # nobody may write the file, not the directory
    shared_dir.chmod(0o555)
    try:
        status = run_unprivileged(lambda: main(["fix", str(path)]))
    finally:
        shared_dir.chmod(0o755)
    assert status == 1
    err = capfd.readouterr().err
    assert f"{path}: cannot write, left untouched: Permission denied\n" in err
    assert err.endswith("0 files changed, 0 uses rewritten, 0 left with a TODO(imp) comment\n")
    assert path.read_bytes() == FIXABLE
    assert _listing(shared_dir) == ["mine.py"]


def test_a_failed_replace_removes_the_temporary_file_and_keeps_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "full.py", mode=0o600)
    temporaries: list[str] = []

    def full_disk(source: str, target: str) -> None:
        assert os.path.exists(source)  # the new content was written, then the disk filled up
        temporaries.append(source)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["fix", str(path)]) == 1
    err = capfd.readouterr().err
    assert f"{path}: cannot write, left untouched: No space left on device\n" in err
    assert err.endswith("0 files changed, 0 uses rewritten, 0 left with a TODO(imp) comment\n")
    assert temporaries and not os.path.exists(temporaries[0])
    assert _listing(tmp_path) == ["full.py"]
    assert path.read_bytes() == FIXABLE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# A rewrite that would not parse.


class _BrokenNewModule(Rule):
    """A rule with a bug: libcst accepts the name, Python's parser rejects the result."""

    names = ("new_module",)

    def reference(self, name: str, changes: FileChanges) -> Result:
        return cst.Name("lambda")


def test_a_rewrite_that_would_not_parse_leaves_the_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "victim.py", b"import imp\r\n\r\nm = imp.new_module('m')  # keep\r\n")
    before = path.read_bytes()
    monkeypatch.setitem(RULES, "new_module", _BrokenNewModule())
    assert main(["fix", str(path)]) == 1
    err = capfd.readouterr().err
    assert f"{path}: internal error: the rewrite would not parse, left untouched" in err
    assert path.read_bytes() == before
    assert _listing(tmp_path) == ["victim.py"]


# Ctrl-C and a closed pipe during scan.

_INTERRUPT_DURING_SCAN = textwrap.dedent(
    """\
    import os, signal, sys
    import imp_migrate._cli as cli

    scan = cli.scan

    def interrupting_scan(files, **options):
        def progress(done):
            # the first batch is done, the others are being scanned: press Ctrl-C, which
            # signals every process of the terminal's group
            os.killpg(os.getpgid(0), signal.SIGINT)
        return scan(files, progress=progress, **options)

    cli.scan = interrupting_scan
    sys.exit(cli.main(sys.argv[1:]))
    """
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_scan_exits_130_without_a_traceback(tmp_path: Path, jobs: str) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for number in range(600):  # 10 batches: workers are busy when the signal comes
        (tree / f"m{number:03}.py").write_text(f"import imp\nx = imp.get_tag() + '{number}'\n")
    result = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_DURING_SCAN, "scan", "--jobs", jobs, str(tree)],
        capture_output=True,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
        timeout=300,
    )
    assert result.returncode == 130, result
    assert result.stderr == "imp-migrate: interrupted\n"
    assert result.stdout == ""


@pytest.mark.parametrize("files", [1, 300])
def test_a_closed_pipe_during_scan_stops_quietly(tmp_path: Path, files: int) -> None:
    for number in range(files):  # one file: the output fits the buffer and is flushed at exit
        (tmp_path / f"m{number:03}.py").write_text("import imp\nimp.reload(imp)\n")
    reader, writer = os.pipe()
    os.close(reader)  # `| head -1` that has already exited: every write fails
    try:
        result = subprocess.run(
            [sys.executable, "-m", "imp_migrate", "scan", "--jobs", "1", str(tmp_path)],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    finally:
        os.close(writer)
    assert result.stderr == ""
    assert result.returncode == 2
