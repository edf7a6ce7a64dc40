"""Survey the differences between ``imp_compat`` and Python 3.11's ``imp``.

The test suite stops at the first difference hypothesis finds; this runs many random
scenarios without stopping, groups the differences by kind (which call, which part of its
record) and prints the shortest reproducer of each kind::

    cd tests && PYTHONPATH=../src python -m differential.survey --examples 2000
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import types
from typing import Any

from hypothesis import HealthCheck, given, settings

from .calls import (
    cache_path_steps,
    call_scenarios,
    file_scenarios,
    interpreter_steps,
    odd_argument_scenarios,
    render,
)
from .compare import explain, fresh_root, signature
from .reference import stdlib_imp
from .runner import run
from .trees import trees

FAMILIES = {
    "files": lambda: file_scenarios(trees()),
    "cache-paths": lambda: call_scenarios(cache_path_steps()),
    "interpreter": lambda: call_scenarios(interpreter_steps()),
    "odd-arguments": lambda: odd_argument_scenarios(trees()),
}


def _load_shim() -> types.ModuleType:
    import imp_compat

    folder = os.path.dirname(os.path.dirname(os.path.abspath(imp_compat.__file__)))
    spec = importlib.util.spec_from_file_location("imp_shim", os.path.join(folder, "imp.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--examples", type=int, default=1000, help="scenarios per family")
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append",
                        help="only these families (default: all)")
    parser.add_argument(
        "--candidate", default="imp_compat",
        help="module to compare ('stdlib': the reference itself, a self-check; 'shim': the "
             "top-level imp.py that 3.12+ imports, with its import-time side effects)")
    parser.add_argument("--derandomize", action="store_true",
                        help="the same scenarios every time (for CI)")
    args = parser.parse_args(argv)
    if sys.version_info[:2] != (3, 11):
        parser.error("needs Python 3.11's stdlib imp as the reference")
    reference = stdlib_imp()
    if args.candidate == "stdlib":
        candidate = reference
    elif args.candidate == "shim":  # the top-level imp.py next to imp_compat, as on 3.12+
        candidate = _load_shim()
    else:
        candidate = importlib.import_module(args.candidate)
    found: dict[str, tuple[int, str]] = {}
    counts: dict[str, int] = {}
    for family in args.family or sorted(FAMILIES):

        @settings(max_examples=args.examples, deadline=None, database=None,
                  derandomize=args.derandomize, suppress_health_check=list(HealthCheck))
        @given(FAMILIES[family]())
        def explore(scenario: Any) -> None:
            counts["scenarios run"] = counts.get("scenarios run", 0) + 1
            tree, steps = scenario
            expected = run(reference, tree, steps, fresh_root("reference"))
            actual = run(candidate, tree, steps, fresh_root("candidate"))
            if expected != actual:
                key = signature(steps, expected, actual)
                counts[key] = counts.get(key, 0) + 1
                size = len(render(tree, steps))
                if key not in found or size < found[key][0]:
                    found[key] = (size, explain(tree, steps, expected, actual))

        explore()
    for key in sorted(found):
        print(f"=== {key}  ({counts[key]} scenarios)")
        print(found[key][1][:6000])
        print()
    print(f"{counts.get('scenarios run', 0)} scenarios, {len(found)} kinds of difference")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
