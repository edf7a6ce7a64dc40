"""pyperf script: time the selected operations of one implementation on the running Python.

``run.py`` starts it once per (operation, Python, implementation); pyperf then spawns its own
worker processes, calibrates loops, discards warm-ups and writes every value to ``-o FILE``.
By hand::

    python bench/worker.py --impl floor --tree TREE --ops load_source -o out.json --fast
"""

from __future__ import annotations

import argparse
import os
import sys

import pyperf
import workloads


def _forward(cmd: list[str], args: argparse.Namespace) -> None:
    """pyperf re-runs this script for each worker process: pass our options along."""
    cmd.extend(("--impl", args.impl, "--tree", args.tree, "--src", args.src, "--ops", args.ops,
                "--clock", args.clock))


def main() -> None:
    runner = pyperf.Runner(add_cmdline_args=_forward)
    parser = runner.argparser
    parser.add_argument("--impl", required=True, choices=workloads.IMPLEMENTATIONS)
    parser.add_argument("--tree", required=True)
    parser.add_argument("--src", default=os.path.join(workloads.HERE.parent, "src"))
    parser.add_argument("--ops", default=",".join(workloads.BY_NAME))
    parser.add_argument("--clock", choices=list(workloads.CLOCKS), default="cpu",
                        help="cpu: process CPU time (default); wall: time.perf_counter")
    args = runner.parse_args()
    workloads.set_clock(args.clock)
    impl = workloads.load_implementation(args.impl, args.src)
    tree = workloads.Tree(workloads.Path(args.tree))
    runner.metadata["imp_implementation"] = args.impl
    runner.metadata["imp_module_file"] = getattr(impl, "__file__", "")
    runner.metadata["imp_bench_clock"] = args.clock
    for name in args.ops.split(","):
        op = workloads.BY_NAME[name]
        runner.bench_time_func(name, op.time, impl, tree, metadata={"description": op.what})


if __name__ == "__main__":
    sys.exit(main())
