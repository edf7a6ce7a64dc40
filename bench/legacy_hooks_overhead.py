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

pyperf does the timing (worker processes, warmups, calibration). Needs Python >= 3.12 with
pyperf (``python3.12 -m pip install pyperf``)::

    python3.12 bench/legacy_hooks_overhead.py                  # about 2.5 minutes on 2 cores
    python3.12 bench/legacy_hooks_overhead.py --rounds 1 --fast  # about 30 s
    python3.12 bench/legacy_hooks_overhead.py --summary out.json -o raw-pyperf.json

Prints the median of each mode and the ratios to ``off`` (target: ``on`` <= 1.02x). The exit
status is 0 when it measured (whatever the ratio: speed is reported, not asserted), 2 for bad
usage.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
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


def summarize(benchmarks: dict[str, list[Any]]) -> dict[str, Any]:
    medians = {
        mode: statistics.median([v for bench in benches for v in bench.get_values()])
        for mode, benches in benchmarks.items()
    }
    baseline = medians["off"]
    return {
        "python": sys.version.split()[0],
        "modules_imported": len(stdlib_names()),
        "median_seconds": medians,
        "ratio_to_off": {mode: medians[mode] / baseline for mode in medians},
        "target_ratio_on": TARGET,
        "within_target": medians["on"] / baseline <= TARGET,
    }


def main() -> int:
    if sys.version_info < (3, 12):
        print("legacy hooks are installed on Python >= 3.12 only; run this with one of those",
              file=sys.stderr)
        return 2
    runner = pyperf.Runner(processes=6, values=3, warmups=1)
    runner.argparser.add_argument("--rounds", type=int, default=3,
                                  help="interleaved rounds of all modes (default 3)")
    runner.argparser.add_argument("--summary", type=Path, help="write the ratios as JSON here")
    args = runner.parse_args()
    benchmarks: dict[str, list[Any]] = {mode: [] for mode in MODES}
    for round_number in range(1, args.rounds + 1):
        for mode in MODES:
            bench = runner.bench_time_func(f"stdlib-imports-{mode}-round{round_number}",
                                           time_imports, mode)
            if bench is not None:  # None in pyperf's worker processes
                benchmarks[mode].append(bench)
    if args.worker or not all(benchmarks.values()):
        return 0
    summary = summarize(benchmarks)
    print()
    print(f"Python {summary['python']}: {summary['modules_imported']} stdlib modules per run")
    for mode in MODES:
        print(f"  {mode:10} median {summary['median_seconds'][mode] * 1000:8.1f} ms"
              f"   ratio to off {summary['ratio_to_off'][mode]:.4f}x")
    verdict = "within" if summary["within_target"] else "ABOVE"
    print(f"legacy hooks on / off = {summary['ratio_to_off']['on']:.4f}x ({verdict} the "
          f"{TARGET}x target)")
    if args.summary:
        args.summary.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
