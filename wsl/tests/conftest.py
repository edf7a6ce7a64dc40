"""Fixtures for imp-wsl's tests; the fakes themselves live in wsl_fakes.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The helper modules (wsl_fakes, wsl_sysbox) sit beside the tests; with --import-mode=importlib
# the directory is not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from wsl_fakes import FakeSystem, make_wsl


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeSystem]:
    """A fake WSL 2 system, booted and running, where imp runs as root."""
    system = make_wsl(FakeSystem(tmp_path / "root"))
    yield system
    system.release()


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[FakeSystem]:
    """An empty fake root: no WSL markers at all."""
    system = FakeSystem(tmp_path / "root")
    system.root.mkdir()
    yield system
    system.release()


# -- the real-systemd tests must run where they can -----------------------------------------
REAL_SYSTEMD_MARKERS = ("integration", "deb")
_real_systemd: dict[str, list[str]] = {"passed": [], "skipped": [], "failed": []}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not any(marker in report.keywords for marker in REAL_SYSTEMD_MARKERS):
        return
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _real_systemd["skipped"].append(f"{report.nodeid}: {reason}")
    elif report.failed:
        _real_systemd["failed"].append(report.nodeid)
    elif report.when == "call":
        _real_systemd["passed"].append(report.nodeid)


def _must_run_real_systemd() -> bool:
    """Asked for (IMP_REQUIRE_REAL_SYSTEMD=1, as CI does) and possible: root, cgroup2."""
    from wsl_sysbox import cgroup2_mount

    wanted = os.environ.get("IMP_REQUIRE_REAL_SYSTEMD") == "1"
    return wanted and os.geteuid() == 0 and cgroup2_mount() is not None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if exitstatus == pytest.ExitCode.OK and _real_systemd["skipped"] and _must_run_real_systemd():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = {outcome: len(ids) for outcome, ids in _real_systemd.items()}
    if not any(counts.values()):
        return
    terminalreporter.write_line(
        "real-systemd tests: {passed} passed, {skipped} skipped, {failed} failed".format(**counts)
    )
    if _real_systemd["skipped"] and _must_run_real_systemd():
        terminalreporter.write_line(
            "error: real-systemd tests were skipped on a root machine with cgroup2 "
            "(IMP_REQUIRE_REAL_SYSTEMD=1):", red=True
        )
        for line in _real_systemd["skipped"]:
            terminalreporter.write_line(f"  {line}", red=True)
