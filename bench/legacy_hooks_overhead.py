"""What imp_compat's legacy import hooks cost modern imports: import the whole stdlib, timed.

Each measured value is one fresh interpreter importing every top-level module of the standard
library (``sys.stdlib_module_names``, less the few with side effects); only the import loop is
timed, inside the child, in CPU time of that process (``time.process_time()``: other work on a
shared machine then blurs the figures much less than wall-clock time). Modes, all in the same
run, interleaved round by round so that drift of a shared machine hits each alike:

- ``off``: imp_compat imported, legacy hooks not installed (the baseline);
- ``on``: ``imp_compat._legacy_hooks.install()`` first;
- ``on-legacy``: installed, and a legacy ``find_module()`` finder appended to ``sys.meta_path``
  (as ``pyximport.install()`` does), so the adapters are really in play.

Reported per mode: the median over all values and its ratio to ``off``, and the median (and
range) of the ratios taken within each round. The machine's load moves single rounds by up to
10 %, so the script also measures the watcher's own cost directly, which is what the hooks add
to a modern import: a pyperf micro-benchmark of one module search through importlib with and
without the watcher in ``sys.meta_path``, times the number of searches the workload makes.

pyperf does the timing (worker processes, warmups, calibration). Needs Python >= 3.12 with
pyperf (``python3.12 -m pip install pyperf``)::

    python3.12 bench/legacy_hooks_overhead.py                  # about 3 minutes on 2 cores
    python3.12 bench/legacy_hooks_overhead.py --rounds 2       # about 40 s
    python3.12 bench/legacy_hooks_overhead.py --summary out.json -o raw-pyperf.json

The target is ``on`` <= 1.02x ``off``. The exit status is 0 when it measured (whatever the
ratio: speed is reported, not asserted), 2 for bad usage.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyperf

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
TARGET = 1.02
MODES = ("off", "on", "on-legacy")

# Modules whose import does something visible (opens a browser, prints, needs a display).
SIDE_EFFECTS = frozenset({"antigravity", "this", "idlelib", "turtle", "turtledemo", "__hello__",
                          "__phello__", "tkinter", "pydoc_data"})

CHILD = """
import sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {src!r})
from imp_compat import _legacy_hooks
mode = {mode!r}
if mode != "off":
    _legacy_hooks.install()
    assert _legacy_hooks.is_installed()
if mode == "on-legacy":
    class LegacyFinder:
        def find_module(self, fullname, path=None):
            return None
    sys.meta_path.append(LegacyFinder())
names = {names!r}
start = time.process_time()
for name in names:
    try:
        __import__(name)
    except Exception:
        pass
elapsed = time.process_time() - start
print(repr(elapsed), len(sys.modules))
"""


def stdlib_names() -> list[str]:
    return sorted(
        name for name in sys.stdlib_module_names if name not in SIDE_EFFECTS
    )


def child_seconds(mode: str, names: list[str]) -> float:
    """Run one fresh interpreter importing ``names``; return the time of its import loop."""
    code = CHILD.format(src=str(SRC), mode=mode, names=names)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("IMP_COMPAT_LEGACY_HOOKS", None)
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child ({mode}) failed:\n{done.stderr}")
    return float(done.stdout.split()[0])


def time_imports(loops: int, mode: str) -> float:
    names = stdlib_names()
    return sum(child_seconds(mode, names) for _ in range(loops))


class _NullFinder:
    """Stands for the standard finders in the search micro-benchmark: finds nothing, fast."""

    @staticmethod
    def find_spec(fullname: str, path: Any = None, target: Any = None) -> None:
        return None


def time_searches(loops: int, with_watcher: bool) -> float:
    """Time ``loops`` module searches through importlib with and without the watcher first."""
    from importlib.util import find_spec

    from imp_compat import _legacy_hooks

    saved = list(sys.meta_path)
    try:
        _legacy_hooks.install()
        watcher = sys.meta_path[0]
        sys.meta_path[:] = [watcher, _NullFinder] if with_watcher else [_NullFinder]
        find_spec("lh_bench_absent")  # let the watcher take its snapshot
        start = time.perf_counter()
        for _ in range(loops):
            find_spec("lh_bench_absent")
        return time.perf_counter() - start
    finally:
        sys.meta_path[:] = saved
        _legacy_hooks.uninstall()


COUNT_SEARCHES = """
import sys, warnings
warnings.simplefilter("ignore")
searches = []
class Counter:
    @staticmethod
    def find_spec(fullname, path=None, target=None):
        searches.append(fullname)
sys.meta_path.insert(0, Counter)
for name in {names!r}:
    try:
        __import__(name)
    except Exception:
        pass
print(len(searches))
"""


def count_searches() -> int:
    """How many module searches (meta path walks) the whole-stdlib workload makes."""
    done = subprocess.run([sys.executable, "-I", "-c", COUNT_SEARCHES.format(names=stdlib_names())],
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def summarize(benchmarks: dict[str, list[Any]], search: dict[str, Any]) -> dict[str, Any]:
    medians = {
        mode: statistics.median([v for bench in benches for v in bench.get_values()])
        for mode, benches in benchmarks.items()
    }
    baseline = medians["off"]
    # Rounds run back to back, so a ratio within a round is little touched by load drift.
    paired = {
        mode: [b.median() / off.median() for b, off in zip(benches, benchmarks["off"],
                                                             strict=True)]
        for mode, benches in benchmarks.items()
    }
    per_search = search["with"].median() - search["without"].median()
    searches = count_searches()
    return {
        "python": sys.version.split()[0],
        "modules_imported": len(stdlib_names()),
        "median_seconds": medians,
        "ratio_to_off": {mode: medians[mode] / baseline for mode in medians},
        "ratio_to_off_paired_by_round": {
            mode: {"median": statistics.median(r), "min": min(r), "max": max(r)}
            for mode, r in paired.items()
        },
        "watcher_cost_per_search_seconds": per_search,
        "searches_in_workload": searches,
        "ratio_on_from_watcher_cost": (baseline + searches * per_search) / baseline,
        "target_ratio_on": TARGET,
        "within_target": medians["on"] / baseline <= TARGET,
    }


def main() -> int:
    if sys.version_info < (3, 12):
        print("legacy hooks are installed on Python >= 3.12 only; run this with one of those",
              file=sys.stderr)
        return 2
    sys.path.insert(0, str(SRC))
    # Many short rounds rather than one long benchmark per mode: pyperf runs benchmarks one
    # after the other, and on a shared machine a mode measured in one block gets that block's
    # load (seen here as +10 % between blocks, against 0 % when the modes alternate).
    runner = pyperf.Runner(processes=2, values=3, warmups=1)
    runner.argparser.add_argument("--rounds", type=int, default=12,
                                  help="interleaved rounds of all modes (default 12)")
    runner.argparser.add_argument("--summary", type=Path, help="write the ratios as JSON here")
    args = runner.parse_args()
    search = {
        "without": runner.bench_time_func("module-search-without-watcher", time_searches, False),
        "with": runner.bench_time_func("module-search-with-watcher", time_searches, True),
    }
    benchmarks: dict[str, list[Any]] = {mode: [] for mode in MODES}
    for round_number in range(1, args.rounds + 1):
        shift = round_number % len(MODES)  # each mode takes each place in the order in turn
        for mode in MODES[shift:] + MODES[:shift]:
            bench = runner.bench_time_func(f"stdlib-imports-{mode}-round{round_number}",
                                           time_imports, mode)
            if bench is not None:  # None in pyperf's worker processes
                benchmarks[mode].append(bench)
    if args.worker or not all(benchmarks.values()) or None in search.values():
        return 0
    summary = summarize(benchmarks, search)
    report(summary)
    if args.summary:
        args.summary.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


def report(summary: dict[str, Any]) -> None:
    print()
    print(f"Python {summary['python']}: {summary['modules_imported']} stdlib modules per run, "
          f"{summary['searches_in_workload']} module searches")
    for mode in MODES:
        paired = summary["ratio_to_off_paired_by_round"][mode]
        print(f"  {mode:10} median {summary['median_seconds'][mode] * 1000:8.1f} ms"
              f"   ratio to off {summary['ratio_to_off'][mode]:.4f}x"
              f"   per round {paired['median']:.4f}x ({paired['min']:.3f}-{paired['max']:.3f})")
    print(f"  watcher: {summary['watcher_cost_per_search_seconds'] * 1e9:.0f} ns per module "
          f"search -> {summary['ratio_on_from_watcher_cost']:.4f}x for this workload")
    verdict = "within" if summary["within_target"] else "ABOVE"
    print(f"legacy hooks on / off = {summary['ratio_to_off']['on']:.4f}x ({verdict} the "
          f"{TARGET}x target)")


if __name__ == "__main__":
    sys.exit(main())
