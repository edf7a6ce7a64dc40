"""pyperf script: what a fresh interpreter spends on ``python -c CODE``, for several CODEs.

Each loop starts ``sys.executable -c CODE`` and waits for it. With ``--clock cpu`` (default) the
value is the child's CPU time (user + system, from ``getrusage(RUSAGE_CHILDREN)``), which time
spent waiting for a CPU on a busy machine does not inflate; with ``--clock wall`` it is the
wall time of the whole start-up, as ``pyperf command`` measures it. ``run.py`` passes the
environment (``PYTHONPATH``) through ``--inherit-environ``. By hand::

    python bench/startup.py --code pass --code "import imp" -o out.json --fast
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import pyperf


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(loops: int, code: str, clock: str) -> float:
    argv = [sys.executable, "-c", code]
    measure = _children_cpu if clock == "cpu" else time.perf_counter
    start = measure()
    for _ in range(loops):
        subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return measure() - start


def _forward(cmd: list[str], args: argparse.Namespace) -> None:
    for code in args.code:
        cmd.extend(("--code", code))
    cmd.extend(("--clock", args.clock))


def main() -> None:
    runner = pyperf.Runner(add_cmdline_args=_forward)
    runner.argparser.add_argument("--code", action="append", required=True,
                                  help="code for -c (repeat the option for several)")
    runner.argparser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    args = runner.parse_args()
    runner.metadata["imp_bench_clock"] = args.clock
    for code in args.code:
        runner.bench_time_func(f"-c {code}", time_command, code, args.clock)


if __name__ == "__main__":
    main()
