"""What the legacy import API switch costs at start-up: ``python -c CODE`` in real venvs.

Two virtual environments of one Python >= 3.12, made under ``bench/.venvs/`` (git-ignored):
``legacy-api-none`` (no imp-compat) and ``legacy-api-installed`` (imp-compat installed from
this working tree by pip, so with the ``imp_compat_legacy_api.pth`` the wheel ships). Cases,
all in the same run, interleaved round by round so that drift of a shared machine hits each
alike:

- ``baseline``: ``-c pass`` without imp-compat;
- ``installed``: ``-c pass`` with imp-compat installed, ``IMP_COMPAT_LEGACY_API`` unset: the
  ``.pth`` line reads the variable and imports nothing (target <= 1.01x the baseline);
- ``switched-on``: the same with ``IMP_COMPAT_LEGACY_API=1``: the ``.pth`` switches the API on;
- ``import-imp-api-off``: ``-c "import imp"`` with ``IMP_COMPAT_LEGACY_API=0``;
- ``import-imp``: ``-c "import imp"``, variable unset, so imp switches the API on: the
  difference to the previous case is what the API adds to ``import imp``;
- ``import-pkgutil``/``import-pkgutil-on``: ``-c "import pkgutil"`` without imp-compat, and
  switched on (pkgutil then gets ImpImporter/ImpLoader, imported lazily on first import).

Each value is the CPU time (user + system) of one child process, from
``getrusage(RUSAGE_CHILDREN)``, which waiting for a CPU on a busy machine does not inflate.
Reported per case: the median over all values, and the median (and range) of the ratios
to its reference taken within each round. A shared machine moves single rounds by several
per cent, more than the ``.pth`` line can cost, so the script also measures that line
directly: what ``site`` spends processing the file with the variable unset (timeit in the
installed venv), as a share of ``python -c pass``. Needs only the standard library and pip::

    python3.12 bench/legacy_api_startup.py                 # about 1 minute on 2 cores
    python3.12 bench/legacy_api_startup.py --rounds 5 --runs 10 --summary out.json

The exit status is 0 when it measured (whatever the ratios: speed is reported, not asserted),
2 for bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / "bench" / ".venvs"
TARGET = 1.01
VARIABLE = "IMP_COMPAT_LEGACY_API"

#: case -> (venv, code, variable value or None for unset, reference case for the ratio)
CASES: dict[str, tuple[str, str, str | None, str | None]] = {
    "baseline": ("none", "pass", None, None),
    "installed": ("installed", "pass", None, "baseline"),
    "switched-on": ("installed", "pass", "1", "baseline"),
    "import-imp-api-off": ("installed", "import imp", "0", "baseline"),
    "import-imp": ("installed", "import imp", None, "import-imp-api-off"),
    "import-pkgutil": ("none", "import pkgutil", None, None),
    "import-pkgutil-on": ("installed", "import pkgutil", "1", "import-pkgutil"),
}


def make_venvs(python_tag: str) -> dict[str, Path]:
    """The two venvs' interpreters; imp-compat (re)installed from the working tree each run."""
    pythons = {}
    for kind in ("none", "installed"):
        folder = VENVS / f"legacy-api-{kind}-{python_tag}"
        if not (folder / "bin" / "python").exists():
            venv.EnvBuilder(with_pip=False, clear=True).create(folder)
        pythons[kind] = folder / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(pythons["installed"]), "install", "-q",
         "--no-deps", "--force-reinstall", str(ROOT)],
        check=True,
    )
    purelib = subprocess.run(
        [str(pythons["installed"]), "-c",
         "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not (Path(purelib) / "imp_compat_legacy_api.pth").exists():
        raise SystemExit(f"the installed imp-compat has no imp_compat_legacy_api.pth in {purelib}")
    return pythons


def child_cpu(python: Path, code: str, value: str | None) -> float:
    # .pyc files are written (by the warm-up) and then read, as in a normal installation.
    drop = (VARIABLE, "PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    if value is not None:
        env[VARIABLE] = value
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(python), "-W", "ignore", "-c", code], check=True, env=env,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


_PTH_COST = """
import site, sysconfig, timeit
folder = sysconfig.get_paths()["purelib"]
def process():
    site.addpackage(folder, "imp_compat_legacy_api.pth", set())
number = 2000
print(min(timeit.repeat(process, number=number, repeat=7)) / number)
"""


def pth_line_seconds(python: Path) -> float:
    """What site spends on the .pth file with the variable unset (open, read, run its line),
    measured directly in the installed venv: the figure the process timings blur."""
    env = {k: v for k, v in os.environ.items() if k != VARIABLE}
    done = subprocess.run([str(python), "-c", _PTH_COST], capture_output=True, text=True,
                          env=env, check=True)
    return float(done.stdout)


def measure(pythons: dict[str, Path], rounds: int, runs: int) -> dict[str, list[list[float]]]:
    """values[case][round] = the CPU seconds of each run of that case in that round."""
    values: dict[str, list[list[float]]] = {case: [] for case in CASES}
    for kind, code, value, _ in CASES.values():  # warm-up: .pyc files, file cache
        for _ in range(3):
            child_cpu(pythons[kind], code, value)
    for _ in range(rounds):
        for case, (kind, code, value, _) in CASES.items():
            values[case].append([child_cpu(pythons[kind], code, value) for _ in range(runs)])
    return values


def summarize(values: dict[str, list[list[float]]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for case, (_, code, value, reference) in CASES.items():
        flat = [v for round_values in values[case] for v in round_values]
        entry: dict[str, Any] = {
            "code": code, VARIABLE: value, "median_ms": statistics.median(flat) * 1000,
            "reference": reference,
        }
        if reference is not None:
            ratios = [
                statistics.median(mine) / statistics.median(theirs)
                for mine, theirs in zip(values[case], values[reference], strict=True)
            ]
            entry["ratio_all"] = statistics.median(flat) / statistics.median(
                [v for r in values[reference] for v in r])
            entry["ratio_rounds_median"] = statistics.median(ratios)
            entry["ratio_rounds_range"] = [min(ratios), max(ratios)]
        summary[case] = entry
    return summary


def report(summary: dict[str, Any], header: str) -> None:
    print(header)
    print(f"| case | code | {VARIABLE} | median CPU ms | ratio (all) | per-round ratio "
          "median [range] | against |")
    print("|---|---|---|---|---|---|---|")
    for case, entry in summary.items():
        if case not in CASES:
            continue
        value = "unset" if entry[VARIABLE] is None else entry[VARIABLE]
        if entry["reference"] is None:
            ratio = rounds = against = "-"
        else:
            low, high = entry["ratio_rounds_range"]
            ratio = f"{entry['ratio_all']:.3f}x"
            rounds = f"{entry['ratio_rounds_median']:.3f}x [{low:.3f}-{high:.3f}]"
            against = entry["reference"]
        print(f"| {case} | `{entry['code']}` | {value} | {entry['median_ms']:.2f} | {ratio} | "
              f"{rounds} | {against} |")
    installed = summary["installed"]["ratio_rounds_median"]
    mark = "met" if installed <= TARGET else "NOT met"
    print(f"\nTarget: installed, variable unset <= {TARGET:.2f}x no imp-compat: {mark} "
          f"({installed:.3f}x).")
    pth = summary["pth_line_unset"]["seconds"] * 1e6
    share = pth / (summary["baseline"]["median_ms"] * 1000)
    print(f"Measured directly: site spends {pth:.1f} us on the .pth file with the variable unset, "
          f"{share:.2%} of `python -c pass` ({1 + share:.4f}x).")
    extra = summary["import-imp"]["median_ms"] - summary["import-imp-api-off"]["median_ms"]
    print(f"The legacy API adds {extra:.2f} ms to `import imp`; switching it on at start-up "
          f"adds {summary['switched-on']['median_ms'] - summary['baseline']['median_ms']:.2f} ms "
          "to `python -c pass`.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="interleaved rounds (default 8)")
    parser.add_argument("--runs", type=int, default=15, help="runs per case per round (15)")
    parser.add_argument("--summary", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if sys.version_info < (3, 12):
        parser.error("run it with Python >= 3.12 (3.11 has imp and these names itself)")
    if args.rounds < 1 or args.runs < 1:
        parser.error("--rounds and --runs must be at least 1")
    tag = f"{sys.version_info.major}.{sys.version_info.minor}"
    pythons = make_venvs(tag)
    values = measure(pythons, args.rounds, args.runs)
    summary = summarize(values)
    summary["pth_line_unset"] = {"seconds": pth_line_seconds(pythons["installed"])}
    load = os.getloadavg()
    header = (f"`bench/legacy_api_startup.py --rounds {args.rounds} --runs {args.runs}` on "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
              f"{load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} after the run:\n")
    report(summary, header)
    if args.summary is not None:
        args.summary.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
