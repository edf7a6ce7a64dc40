"""Profile one benchmarked operation of one implementation with cProfile, to explain a ratio.

Run it with the interpreter (venv) whose numbers you want to explain, for example::

    bench/.venvs/py3.12/bin/python bench/profile_op.py --impl ours --op find_module_miss
    bench/.venvs/py3.11/bin/python bench/profile_op.py --impl stdlib --op load_source --sort cumtime

It builds a throw-away synthetic tree (or reuses ``--tree``), runs the operation's timer for
``--loops`` iterations under cProfile, and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

import workloads


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--impl", required=True, choices=workloads.IMPLEMENTATIONS)
    parser.add_argument("--op", required=True, choices=list(workloads.BY_NAME))
    parser.add_argument("--loops", type=int, default=2000)
    parser.add_argument("--tree", type=Path, help="an existing tree (default: a fresh one)")
    parser.add_argument("--src", default=str(workloads.HERE.parent / "src"))
    parser.add_argument("--sort", default="tottime", help="pstats sort key (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=25)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.tree:
            tree = workloads.Tree(args.tree.resolve())
        else:
            tree = workloads.build_tree(Path(scratch))
            workloads.prepare_tree(tree)
        impl = workloads.load_implementation(args.impl, args.src)
        op = workloads.BY_NAME[args.op]
        op.time(max(args.loops // 10, 1), impl, tree)  # warm caches outside the profile
        profiler = cProfile.Profile()
        elapsed = profiler.runcall(op.time, args.loops, impl, tree)
        print(f"{args.impl} {args.op} on Python {sys.version.split()[0]}: {args.loops} loops, "
              f"{elapsed / args.loops * 1e6:.2f} µs per loop under cProfile")
        pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
