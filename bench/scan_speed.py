"""How fast ``imp-migrate scan`` reads a large tree, beside ruff on the same files, in one run.

The tree defaults to Python 3.11's standard library (about 1,800 files once its
``site-packages`` is left out). Both tools get the same explicit list of files and run as
command-line programs, interpreter start-up included, several times; the median counts. ruff is
the field's reference for speed: ``ruff check --select TID251`` with ``imp`` as a banned API is
the closest thing ruff has to this scan (it flags imports only). Also measured: scan with
``--parse-all`` (every file parsed, none skipped by the word search), one worker, and the
in-process cost of parsing with ``ast`` versus ``libcst`` (why scan uses ``ast``).

Run with the Python that has ``imp-migrate`` and ``ruff`` installed::

    python bench/scan_speed.py [--tree DIR] [--repeat N] [--json results.json]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_TREE = "/root/.pyenv/versions/3.11.7/lib/python3.11"
RUFF_BANNED_IMP = 'lint.flake8-tidy-imports.banned-api."imp".msg = "removed in Python 3.12"'


def python_files(tree: Path) -> list[str]:
    """The tree's Python files, without installed third-party packages."""
    from imp_migrate._files import files_under

    return [f.path for f in files_under([str(tree)]) if "site-packages" not in Path(f.path).parts]


def time_command(argv: list[str], repeat: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Median wall time of ``repeat`` runs (after one warm-up run for the file cache)."""
    last = subprocess.run(argv, capture_output=True, text=True, check=False)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        last = subprocess.run(argv, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
    if last.returncode not in (0, 1):
        raise SystemExit(f"{argv[:4]} failed ({last.returncode}):\n{last.stderr[-2000:]}")
    return statistics.median(times), last


def ruff_command() -> list[str]:
    found = shutil.which("ruff") or shutil.which("ruff", path=os.path.dirname(sys.executable))
    if found is None:
        raise SystemExit("ruff is not installed: pip install ruff")
    return [found]


def parser_cost(files: list[str], sample: int) -> dict[str, float]:
    """Seconds to parse the first ``sample`` files that contain the word imp, ast vs libcst."""
    import libcst
    from imp_migrate._finder import WORD_IMP

    sources = []
    for path in files:
        data = Path(path).read_bytes()
        if WORD_IMP.search(data):
            try:
                ast.parse(data)
            except (SyntaxError, ValueError):
                continue
            sources.append(data)
        if len(sources) == sample:
            break
    start = time.perf_counter()
    for data in sources:
        ast.parse(data)
    ast_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for data in sources:
        libcst.parse_module(data)
    libcst_seconds = time.perf_counter() - start
    return {"files": len(sources), "ast_s": ast_seconds, "libcst_s": libcst_seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=Path(DEFAULT_TREE))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    files = python_files(options.tree)
    count = len(files)
    scan = [sys.executable, "-m", "imp_migrate", "scan", "--format", "json", "--no-progress"]
    ruff = [*ruff_command(), "check", "--isolated", "--no-cache", "--exit-zero", "--quiet"]
    ruff += ["--select", "TID251", "--config", RUFF_BANNED_IMP, "--output-format", "concise"]
    runs = {
        "imp-migrate scan": scan + files,
        "imp-migrate scan --jobs 1": [*scan, "--jobs", "1", *files],
        "imp-migrate scan --parse-all": [*scan, "--parse-all", *files],
        "ruff check --select TID251": ruff + files,
    }
    results: dict[str, dict[str, float]] = {}
    found: dict[str, int] = {}
    for label, argv in runs.items():
        seconds, completed = time_command(argv, options.repeat)
        results[label] = {"seconds": seconds, "files_per_second": count / seconds}
        if label.startswith("imp-migrate"):
            found[label] = json.loads(completed.stdout)["use_count"]
        else:
            found[label] = sum(1 for line in completed.stdout.splitlines() if "TID251" in line)
    reference = results["ruff check --select TID251"]["seconds"]
    print(f"tree: {options.tree} ({count} Python files, site-packages left out)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {options.repeat}")
    print(f"{'command':<32} {'seconds':>8} {'files/s':>9} {'vs ruff':>8} {'findings':>9}")
    for label, figures in results.items():
        ratio = figures["seconds"] / reference
        print(
            f"{label:<32} {figures['seconds']:>8.3f} {figures['files_per_second']:>9.0f} "
            f"{ratio:>7.2f}x {found[label]:>9}"
        )
    print("(vs ruff: time relative to ruff; findings: uses for scan, flagged imports for ruff)")
    cost = parser_cost(files, sample=200)
    print(
        f"parsing {cost['files']} files that mention imp: ast {cost['ast_s']:.3f} s, "
        f"libcst {cost['libcst_s']:.3f} s ({cost['libcst_s'] / cost['ast_s']:.0f}x slower)"
    )
    if options.json:
        document = {
            "tree": str(options.tree),
            "files": count,
            "results": results,
            "findings": found,
            "parser_cost": cost,
        }
        options.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
