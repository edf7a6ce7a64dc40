"""The benchmarked operations, each one function, and the synthetic tree they share.

Every operation has a *timer* (``time_<op>(loops, impl, tree) -> seconds``, the signature of
``pyperf.Runner.bench_time_func``; set-up and clean-up stay outside the timed region) and a
*check* that calls the implementation once and compares the result with what the tree says it
must be, so that a fast but wrong implementation is reported as wrong, not as fast.

``impl`` is any module with imp's API: Python 3.11's stdlib ``imp``, ``imp_compat``,
zombie-imp's ``imp``, or ``floor`` (raw importlib).

Run as a script (stdlib only, any Python >= 3.11)::

    python workloads.py build TREE      # write the synthetic tree (once per benchmark run)
    python workloads.py prepare TREE    # byte-compile it for the running interpreter
    python workloads.py check TREE --impl NAME --src DIR   # JSON: op -> "ok" or the error
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import os
import py_compile
import sys
import threading
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent

# The clock of the single-threaded timers. CPU time of the process by default: on a shared
# machine, time spent preempted by other work is the largest noise, and it is not ours.
# ``set_clock("wall")`` switches to time.perf_counter. The 8-thread batch always uses wall
# time: its CPU time, GIL hand-offs and futex wake-ups included, varied by 2x between runs.
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
clock = CLOCKS["cpu"]


def set_clock(name: str) -> None:
    global clock
    clock = CLOCKS[name]
REGISTRY = "_imp_bench_registry"  # module bodies that must be counted append __name__ here
THREADS = 8

# Shape of the tree: identical in quick and full runs, so their ratios are comparable.
PATH_DIRS = 50  # directories on the find_module path ("many directories")
MODULES_PER_DIR = 8
HIT_DEPTHS = (0, 12, 25, 37, 49)  # find_module hits are spread over the path
PACKAGE_DEPTH = 25
SOURCES = 64  # load_source / load_module targets
COMPILED = 64  # load_compiled targets (sourceless .pyc, one set per interpreter)
PACKAGES = 32  # load_package targets
THREADED = 256  # modules loaded per batch by the 8-thread benchmark

PLAIN_BODY = '''"""Synthetic module {name} for the imp benchmarks."""

NAME = "{name}"
TOKEN = {token}


def value() -> int:
    return TOKEN


class Plugin:
    name = NAME
'''
COUNTED_BODY = PLAIN_BODY + f"\nimport {REGISTRY}\n{REGISTRY}.loaded.append(__name__)\n"


@dataclass(frozen=True)
class Tree:
    """Paths into a tree written by :func:`build_tree`."""

    root: Path

    @property
    def path_dirs(self) -> list[str]:
        return [str(self.root / "path" / f"d{d:03}") for d in range(PATH_DIRS)]

    def find_target(self, depth: int) -> tuple[str, str]:
        name = f"fm_d{depth:03}_m{MODULES_PER_DIR // 2}"
        return name, str(self.root / "path" / f"d{depth:03}" / f"{name}.py")

    @property
    def find_package(self) -> tuple[str, str]:
        name = f"fmpkg_d{PACKAGE_DEPTH:03}"
        return name, str(self.root / "path" / f"d{PACKAGE_DEPTH:03}" / name)

    @property
    def sources(self) -> list[tuple[str, str]]:
        return [(f"bench_src_{i}", str(self.root / "sources" / f"s{i:03}.py"))
                for i in range(SOURCES)]

    @property
    def compiled(self) -> list[tuple[str, str]]:
        folder = self.root / "compiled" / sys.implementation.cache_tag
        return [(f"bench_pyc_{i}", str(folder / f"c{i:03}.pyc")) for i in range(COMPILED)]

    @property
    def packages(self) -> list[tuple[str, str]]:
        return [(f"bench_pkg_{i}", str(self.root / "packages" / f"pk{i:03}"))
                for i in range(PACKAGES)]

    @property
    def threaded(self) -> list[tuple[str, str]]:
        return [(f"bench_thr_{i}", str(self.root / "threaded" / f"t{i:03}.py"))
                for i in range(THREADED)]

    @property
    def reload_dir(self) -> str:
        return str(self.root / "reload")


def _write(path: Path, name: str, token: int, body: str = PLAIN_BODY) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body.format(name=name, token=token), encoding="utf-8")


def build_tree(root: Path) -> Tree:
    """Write every file the workloads read; bytecode comes later, per interpreter."""
    tree = Tree(root)
    for d in range(PATH_DIRS):
        folder = root / "path" / f"d{d:03}"
        for m in range(MODULES_PER_DIR):
            name = f"fm_d{d:03}_m{m}"
            _write(folder / f"{name}.py", name, d * 100 + m)
        _write(folder / f"fmpkg_d{d:03}" / "__init__.py", f"fmpkg_d{d:03}", d)
    for i, (name, path) in enumerate(tree.sources):
        _write(Path(path), name, i)
    for i in range(COMPILED):
        _write(root / "compiled-src" / f"c{i:03}.py", f"bench_pyc_{i}", i)
    for i, (name, path) in enumerate(tree.packages):
        _write(Path(path) / "__init__.py", name, i)
    for i, (name, path) in enumerate(tree.threaded):
        _write(Path(path), name, i, COUNTED_BODY)
    _write(root / "reload" / "bench_reload_target.py", "bench_reload_target", 0, COUNTED_BODY)
    return tree


def prepare_tree(tree: Tree) -> None:
    """Byte-compile for this interpreter: __pycache__ for sources, bare .pyc for load_compiled.

    With warm caches every implementation reads the same bytecode instead of compiling, which
    is also what a long-lived plugin host or test runner sees.
    """
    for sub in ("path", "sources", "packages", "threaded", "reload"):
        compileall.compile_dir(tree.root / sub, quiet=1, workers=1)
    for i, (_, pyc) in enumerate(tree.compiled):
        source = tree.root / "compiled-src" / f"c{i:03}.py"
        py_compile.compile(str(source), cfile=pyc, doraise=True)


# --- implementations -----------------------------------------------------------------------

IMPLEMENTATIONS = ("stdlib", "ours", "zombie", "floor")


def load_implementation(kind: str, src: str) -> ModuleType:
    """Import one implementation and make sure it is the one meant, not a shadowing module."""
    warnings.simplefilter("ignore", DeprecationWarning)  # the same for every implementation
    if kind == "floor":
        sys.path.insert(0, str(HERE))
        return importlib.import_module("floor")
    if kind == "ours":
        sys.path.insert(0, src)
        module = importlib.import_module("imp_compat")
        expected = os.path.join(os.path.abspath(src), "imp_compat")
    else:
        module = importlib.import_module("imp")
        if kind == "stdlib":
            import sysconfig

            expected = sysconfig.get_paths()["stdlib"]
        else:
            expected = "site-packages"
    where = os.path.abspath(module.__file__ or "")
    if expected not in where or (kind == "stdlib" and "site-packages" in where):
        raise RuntimeError(f"{kind!r} resolved to {where}, expected a file under {expected}")
    return module


def _registry() -> Any:
    registry = sys.modules.get(REGISTRY)
    if registry is None:
        registry = ModuleType(REGISTRY)
        registry.loaded = []  # type: ignore[attr-defined]
        sys.modules[REGISTRY] = registry
    return registry


# --- operations ----------------------------------------------------------------------------

TimeFunc = Callable[[int, ModuleType, Tree], float]
CheckFunc = Callable[[ModuleType, Tree], None]


@dataclass(frozen=True)
class Operation:
    name: str
    time: TimeFunc
    check: CheckFunc
    what: str


def time_find_module_hit(loops: int, impl: ModuleType, tree: Tree) -> float:
    path = tree.path_dirs
    names = [tree.find_target(depth)[0] for depth in HIT_DEPTHS]
    find, count = impl.find_module, len(names)
    start = clock()
    for k in range(loops):
        file = find(names[k % count], path)[0]
        file.close()
    return clock() - start


def check_find_module_hit(impl: ModuleType, tree: Tree) -> None:
    for depth in HIT_DEPTHS:
        name, expected = tree.find_target(depth)
        file, pathname, description = impl.find_module(name, tree.path_dirs)
        with file:
            text = file.read()
        _expect(pathname, expected, "pathname")
        _expect(tuple(description), (".py", "r", 1), "description")
        _expect(f'NAME = "{name}"' in text, True, "file contents")


def time_find_module_miss(loops: int, impl: ModuleType, tree: Tree) -> float:
    path, find = tree.path_dirs, impl.find_module
    start = clock()
    for _ in range(loops):
        try:
            find("fm_missing", path)
        except ImportError:
            pass
    return clock() - start


def check_find_module_miss(impl: ModuleType, tree: Tree) -> None:
    try:
        impl.find_module("fm_missing", tree.path_dirs)
    except ImportError:
        return
    raise AssertionError("find_module of a missing name did not raise ImportError")


def time_find_module_package(loops: int, impl: ModuleType, tree: Tree) -> float:
    path, find, name = tree.path_dirs, impl.find_module, tree.find_package[0]
    start = clock()
    for _ in range(loops):
        find(name, path)
    return clock() - start


def check_find_module_package(impl: ModuleType, tree: Tree) -> None:
    name, expected = tree.find_package
    result = impl.find_module(name, tree.path_dirs)
    _expect((result[0], result[1], tuple(result[2])), (None, expected, ("", "", 5)), "result")


def _time_loader(loops: int, load: Callable[[str, str], ModuleType],
                 targets: list[tuple[str, str]]) -> float:
    modules, count = sys.modules, len(targets)
    start = clock()
    for k in range(loops):
        name, path = targets[k % count]
        load(name, path)
        modules.pop(name, None)  # the next load of this name must be a fresh one again
    return clock() - start


def _check_loaded(module: ModuleType, name: str, file: str) -> None:
    try:
        _expect(sys.modules.get(name) is module, True, "module is in sys.modules")
        _expect(module.NAME, name, "module contents")
        _expect(os.path.normcase(module.__file__ or ""), os.path.normcase(file), "__file__")
    finally:
        sys.modules.pop(name, None)


def time_load_source(loops: int, impl: ModuleType, tree: Tree) -> float:
    return _time_loader(loops, impl.load_source, tree.sources)


def check_load_source(impl: ModuleType, tree: Tree) -> None:
    name, path = tree.sources[3]
    _check_loaded(impl.load_source(name, path), name, path)


def time_load_compiled(loops: int, impl: ModuleType, tree: Tree) -> float:
    return _time_loader(loops, impl.load_compiled, tree.compiled)


def check_load_compiled(impl: ModuleType, tree: Tree) -> None:
    name, path = tree.compiled[3]
    _check_loaded(impl.load_compiled(name, path), name, path)


def time_load_package(loops: int, impl: ModuleType, tree: Tree) -> float:
    return _time_loader(loops, impl.load_package, tree.packages)


def check_load_package(impl: ModuleType, tree: Tree) -> None:
    name, path = tree.packages[3]
    module = impl.load_package(name, path)
    _expect(list(module.__path__), [path], "__path__")
    _check_loaded(module, name, os.path.join(path, "__init__.py"))


def _load_module_from_file(impl: ModuleType) -> Callable[[str, str], ModuleType]:
    load_module, description = impl.load_module, (".py", "r", 1)

    def load(name: str, path: str) -> ModuleType:
        with open(path, encoding="utf-8") as file:
            module: ModuleType = load_module(name, file, path, description)
        return module

    return load


def time_load_module(loops: int, impl: ModuleType, tree: Tree) -> float:
    return _time_loader(loops, _load_module_from_file(impl), tree.sources)


def check_load_module(impl: ModuleType, tree: Tree) -> None:
    name, path = tree.sources[5]
    _check_loaded(_load_module_from_file(impl)(name, path), name, path)


def _reload_target(tree: Tree) -> ModuleType:
    _registry()
    if sys.path[0] != tree.reload_dir:
        sys.path.insert(0, tree.reload_dir)
    return importlib.import_module("bench_reload_target")


def time_reload(loops: int, impl: ModuleType, tree: Tree) -> float:
    module, reload = _reload_target(tree), impl.reload
    start = clock()
    for _ in range(loops):
        reload(module)
    return clock() - start


def check_reload(impl: ModuleType, tree: Tree) -> None:
    module, loaded = _reload_target(tree), _registry().loaded
    before = len(loaded)
    module.TOKEN = -1
    _expect(impl.reload(module) is module, True, "reload returns the same module object")
    _expect((module.TOKEN, len(loaded) - before), (0, 1), "(TOKEN, executions) after reload")


def time_get_suffixes(loops: int, impl: ModuleType, tree: Tree) -> float:
    get_suffixes = impl.get_suffixes
    start = clock()
    for _ in range(loops):
        get_suffixes()
    return clock() - start


def check_get_suffixes(impl: ModuleType, tree: Tree) -> None:
    from importlib import machinery

    expected = ([(s, "rb", 3) for s in machinery.EXTENSION_SUFFIXES]
                + [(s, "r", 1) for s in machinery.SOURCE_SUFFIXES]
                + [(s, "rb", 2) for s in machinery.BYTECODE_SUFFIXES])
    _expect([tuple(entry) for entry in impl.get_suffixes()], expected, "suffixes")


def time_cache_from_source(loops: int, impl: ModuleType, tree: Tree) -> float:
    cache_from_source, path = impl.cache_from_source, tree.sources[0][1]
    start = clock()
    for _ in range(loops):
        cache_from_source(path)
    return clock() - start


def check_cache_from_source(impl: ModuleType, tree: Tree) -> None:
    from importlib.util import cache_from_source

    path = tree.sources[0][1]
    _expect(impl.cache_from_source(path), cache_from_source(path), "cache path")


class _ThreadedLoad:
    """One batch: 8 threads released together, each loading its share of the modules."""

    def __init__(self, impl: ModuleType, tree: Tree) -> None:
        self.load_source = impl.load_source
        self.targets = tree.threaded
        self.pool = ThreadPoolExecutor(THREADS)

    def _share(self, barrier: threading.Barrier,
               targets: list[tuple[str, str]]) -> list[tuple[str, str, ModuleType]]:
        barrier.wait()
        return [(name, path, self.load_source(name, path)) for name, path in targets]

    def run(self) -> float:
        """Time one batch, then verify it: every module loaded once, with the right contents."""
        loaded = _registry().loaded
        loaded.clear()
        barrier = threading.Barrier(THREADS + 1)
        futures = [self.pool.submit(self._share, barrier, self.targets[i::THREADS])
                   for i in range(THREADS)]
        barrier.wait()
        start = time.perf_counter()  # wall time: throughput across threads is the point
        results = [future.result() for future in futures]
        elapsed = time.perf_counter() - start
        try:
            counts = Counter(loaded)
            wrong = [name for name, _ in self.targets if counts[name] != 1]
            _expect(wrong, [], "modules not executed exactly once")
            for share in results:
                for name, path, module in share:
                    _check_loaded(module, name, path)
        finally:
            for name, _ in self.targets:
                sys.modules.pop(name, None)
        return elapsed

    def close(self) -> None:
        self.pool.shutdown()


def time_load_source_8_threads(loops: int, impl: ModuleType, tree: Tree) -> float:
    batch = _ThreadedLoad(impl, tree)
    try:
        return sum(batch.run() for _ in range(loops))
    finally:
        batch.close()


def check_load_source_8_threads(impl: ModuleType, tree: Tree) -> None:
    time_load_source_8_threads(2, impl, tree)


def _expect(actual: object, expected: object, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"{what}: got {actual!r}, expected {expected!r}")


OPERATIONS = [
    Operation("find_module_hit", time_find_module_hit, check_find_module_hit,
              f"find_module of a source module at depth {HIT_DEPTHS} of {PATH_DIRS} dirs"),
    Operation("find_module_miss", time_find_module_miss, check_find_module_miss,
              f"find_module of a missing name over {PATH_DIRS} dirs (ImportError)"),
    Operation("find_module_package", time_find_module_package, check_find_module_package,
              f"find_module of a package at depth {PACKAGE_DEPTH} of {PATH_DIRS} dirs"),
    Operation("load_source", time_load_source, check_load_source,
              f"load_source of a fresh module (cycling over {SOURCES} files, warm pyc)"),
    Operation("load_compiled", time_load_compiled, check_load_compiled,
              f"load_compiled of a sourceless .pyc (cycling over {COMPILED})"),
    Operation("load_package", time_load_package, check_load_package,
              f"load_package of a package directory (cycling over {PACKAGES})"),
    Operation("load_module", time_load_module, check_load_module,
              "open + load_module(name, file, path, ('.py', 'r', PY_SOURCE)) + close"),
    Operation("reload", time_reload, check_reload, "reload of an imported module"),
    Operation("get_suffixes", time_get_suffixes, check_get_suffixes, "get_suffixes()"),
    Operation("cache_from_source", time_cache_from_source, check_cache_from_source,
              "cache_from_source of a .py path"),
    Operation("load_source_8_threads", time_load_source_8_threads, check_load_source_8_threads,
              f"one batch: {THREADED} distinct load_source calls from {THREADS} threads at once"),
]
BY_NAME = {op.name: op for op in OPERATIONS}


def check_all(impl: ModuleType, tree: Tree, names: list[str]) -> dict[str, str]:
    """Run every check; a failure is recorded with its message, never raised."""
    status = {}
    for name in names:
        try:
            BY_NAME[name].check(impl, tree)
            status[name] = "ok"
        except Exception as exc:  # any failure is a finding to report
            last = traceback.extract_tb(exc.__traceback__)[-1]
            status[name] = f"{type(exc).__name__}: {exc} ({Path(last.filename).name}:{last.lineno})"
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("build", "prepare", "check"))
    parser.add_argument("tree", type=Path)
    parser.add_argument("--impl", choices=IMPLEMENTATIONS)
    parser.add_argument("--src", default=str(HERE.parent / "src"))
    parser.add_argument("--ops", default=",".join(BY_NAME), help="comma-separated operations")
    args = parser.parse_args(argv)
    tree = Tree(args.tree.resolve())
    if args.action == "build":
        build_tree(tree.root)
    elif args.action == "prepare":
        prepare_tree(tree)
    else:
        if args.impl is None:
            parser.error("check needs --impl")
        try:
            impl = load_implementation(args.impl, args.src)
        except Exception as exc:
            status = {name: f"import failed: {type(exc).__name__}: {exc}"
                      for name in args.ops.split(",")}
        else:
            status = check_all(impl, tree, args.ops.split(","))
        json.dump(status, sys.stdout, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
