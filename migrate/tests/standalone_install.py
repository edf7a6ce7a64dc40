"""imp-migrate installs alone and leaves ``imp`` gone: ``pip install ./migrate``, then pipx.

Run by the ``migrate_install`` nox session as ``python standalone_install.py PYTHON`` with a
CPython >= 3.12 (no ``imp`` in its standard library). ``migrate/`` is copied alone to a
temporary folder, so no other path of this repository (imp-compat at its root) can be
installed by accident. In a fresh venv, and in a pipx environment (pipx from PyPI, with a
throwaway PIPX_HOME), ``imp-migrate scan`` and ``fix`` must work on a small file, and
``import imp`` must still fail with ModuleNotFoundError. Exits 1 with the failing step's
output on the first failure. Standard library only: it runs in nox's own interpreter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

MIGRATE = Path(__file__).resolve().parents[1]
SAMPLE = "import imp\n\nprint(imp.get_tag())\n"
_IGNORED = shutil.ignore_patterns(
    "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"
)


class CheckFailed(Exception):
    """A step did not do what a user of the README expects."""


def run(
    command: Sequence[str | Path], *, cwd: Path, env: dict[str, str] | None = None, status: int = 0
) -> subprocess.CompletedProcess[str]:
    """Run ``command``; it must exit with ``status``."""
    print("+", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    if result.returncode != status:
        raise CheckFailed(
            f"{command[0]} exited {result.returncode}, expected {status}\n"
            f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
        )
    return result


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def check_environment(python: Path, bin_dir: Path, work: Path) -> None:
    """``imp-migrate`` in ``bin_dir`` scans and fixes a file; ``python`` cannot import imp."""
    result = run([python, "-c", "import imp"], cwd=work, status=1)
    check(
        "ModuleNotFoundError: No module named 'imp'" in result.stderr,
        f"import imp failed, but not as a missing module:\n{result.stderr}",
    )
    result = run([python, "-c", "import imp_compat"], cwd=work, status=1)
    check("ModuleNotFoundError" in result.stderr, result.stderr)

    sample = work / "sample.py"
    sample.write_text(SAMPLE, encoding="utf-8")
    tool = bin_dir / "imp-migrate"
    result = run([tool, "scan", "sample.py"], cwd=work, status=1)
    check("imp.get_tag" in result.stdout and "[fix]" in result.stdout, result.stdout)
    run([tool, "fix", "sample.py"], cwd=work)
    fixed = sample.read_text(encoding="utf-8")
    check(re.search(r"\bimp\b", fixed) is None, f"fix left imp behind:\n{fixed}")
    tag = run([python, "sample.py"], cwd=work).stdout.strip()
    check(tag.startswith("cpython-3"), f"the fixed sample printed {tag!r}")
    result = run([tool, "scan", "sample.py"], cwd=work)
    check(result.stdout.startswith("0 uses of imp"), result.stdout)


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print("usage: standalone_install.py PYTHON  (a CPython >= 3.12)", file=sys.stderr)
        return 2
    python = Path(argv[0])
    with tempfile.TemporaryDirectory(prefix="imp-migrate-install-") as temporary:
        root = Path(temporary)
        shutil.copytree(MIGRATE, root / "checkout" / "migrate", ignore=_IGNORED)
        checkout = root / "checkout"
        try:
            venv = root / "venv"
            run([python, "-m", "venv", venv], cwd=root)
            run(
                [venv / "bin" / "python", "-m", "pip", "install", "-q", "./migrate"],
                cwd=checkout,
            )
            (root / "pip-work").mkdir()
            check_environment(venv / "bin" / "python", venv / "bin", root / "pip-work")

            tools = root / "pipx-tool"
            run([python, "-m", "venv", tools], cwd=root)
            run([tools / "bin" / "python", "-m", "pip", "install", "-q", "pipx"], cwd=root)
            env = {
                **os.environ,
                "PIPX_HOME": str(root / "pipx-home"),
                "PIPX_BIN_DIR": str(root / "pipx-bin"),
                "PIPX_MAN_DIR": str(root / "pipx-man"),
            }
            run(
                [tools / "bin" / "pipx", "install", "--python", python, "./migrate"],
                cwd=checkout,
                env=env,
            )
            (root / "pipx-work").mkdir()
            pipx_python = root / "pipx-home" / "venvs" / "imp-migrate" / "bin" / "python"
            check_environment(pipx_python, root / "pipx-bin", root / "pipx-work")
        except CheckFailed as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
    print("imp-migrate installs alone with pip and pipx; import imp still fails")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
