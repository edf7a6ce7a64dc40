"""Loading from several threads at once: no lost, half-initialised or mixed-up modules."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest
from conftest import requires_threads
from helpers import compile_to, write

pytestmark = [requires_threads, pytest.mark.usefixtures("import_sandbox")]

THREADS = 8
ROUNDS = 15
DEADLOCK = 60.0


def run_together(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` for i in range(count) on THREADS threads released at the same moment."""
    barrier = threading.Barrier(min(count, THREADS))

    def started(index: int) -> object:
        if index < THREADS:
            barrier.wait(DEADLOCK)
        return work(index)

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(started, index) for index in range(count)]
        return [future.result(DEADLOCK) for future in futures]


@pytest.fixture
def fast_switching() -> object:
    """Switch threads as often as possible so that races show up within a small test."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


@pytest.mark.usefixtures("fast_switching")
def test_load_source_of_different_modules(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    count = THREADS * ROUNDS
    names = [unique_name() for _ in range(count)]
    paths = [
        write(
            tmp_path / f"{name}.py",
            f"import sys\nINDEX = {index}\nSELF = sys.modules[__name__]\n",
        )
        for index, name in enumerate(names)
    ]
    modules = run_together(count, lambda i: imp.load_source(names[i], paths[i]))
    for index, (name, module) in enumerate(zip(names, modules, strict=True)):
        assert isinstance(module, ModuleType)
        assert module.__name__ == name
        assert index == module.INDEX
        assert module.SELF is module
        assert sys.modules[name] is module


@pytest.mark.usefixtures("fast_switching")
def test_load_source_of_one_module_from_many_threads(
    imp: ModuleType, tmp_path: Path, unique_name, request: pytest.FixtureRequest
) -> None:
    if imp.__name__ == "imp" and sys.version_info < (3, 12):
        # 3.11's load_source checks `name in sys.modules` outside the module lock: a call that
        # saw the first thread's module can find it replaced by a third thread's and fail with
        # "module ... not in sys.modules". The issue asks imp_compat to be safe here.
        request.applymarker(pytest.mark.xfail(reason="3.11's imp races here", strict=False))
    name = unique_name()
    path = write(
        tmp_path / f"{name}.py",
        "import sys\nfor _ in range(200):\n    pass\nCOMPLETE = True\n",
    )
    modules = run_together(THREADS * ROUNDS, lambda i: imp.load_source(name, path))
    final = sys.modules[name]
    for module in modules:
        assert module.__name__ == name
        assert module.COMPLETE is True
        assert module.__file__ == path
    # every call returned the registered module or one that was registered before it
    assert final in modules
    assert final.COMPLETE is True


@pytest.mark.usefixtures("fast_switching")
def test_load_source_with_file_objects_from_many_threads(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    # Each call owns its file; no call may read or close another call's file.
    count = THREADS * ROUNDS
    names = [unique_name() for _ in range(count)]
    paths = [write(tmp_path / f"{n}.py", f"VALUE = {i}\n") for i, n in enumerate(names)]
    files = [open(path, "rb") for path in paths]  # noqa: SIM115 - load_source closes them
    try:
        modules = run_together(count, lambda i: imp.load_source(names[i], paths[i], files[i]))
    finally:
        for file in files:
            file.close()
    assert [module.VALUE for module in modules] == list(range(count))


@pytest.mark.usefixtures("fast_switching")
def test_load_compiled_from_many_threads(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    count = THREADS * ROUNDS
    names = [unique_name() for _ in range(count)]
    pycs = [compile_to(f"VALUE = {i}\n", tmp_path / f"{n}.pyc") for i, n in enumerate(names)]
    modules = run_together(count, lambda i: imp.load_compiled(names[i], pycs[i]))
    assert [module.VALUE for module in modules] == list(range(count))
    assert all(sys.modules[n] is m for n, m in zip(names, modules, strict=True))


@pytest.mark.usefixtures("fast_switching")
def test_find_and_load_module_from_many_threads(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    count = THREADS * ROUNDS
    names = [unique_name() for _ in range(count)]
    for index, name in enumerate(names):
        if index % 2:
            write(tmp_path / name / "__init__.py", f"VALUE = {index}\n")
        else:
            write(tmp_path / f"{name}.py", f"VALUE = {index}\n")

    def find_and_load(index: int) -> object:
        file, path, details = imp.find_module(names[index], [str(tmp_path)])
        try:
            return imp.load_module(names[index], file, path, details)
        finally:
            if file is not None:
                file.close()

    modules = run_together(count, find_and_load)
    assert [module.VALUE for module in modules] == list(range(count))


def test_import_from_another_thread_waits_for_load_source(
    imp: ModuleType, tmp_path: Path, unique_name, request: pytest.FixtureRequest
) -> None:
    if imp.__name__ == "imp_compat":
        # Known, documented difference (README, "Differences you may notice"): 3.11 held
        # importlib's private per-module lock, which no public API exposes. Strict, so that
        # this test fails the day the behaviour changes and the README must be updated.
        request.applymarker(
            pytest.mark.xfail(
                strict=True, reason="imp_compat cannot hold the import system's per-module lock"
            )
        )
    # While load_source runs a module's body, the module is already in sys.modules. In 3.11 an
    # `import` of that name from another thread waits on the import system's lock for the
    # name until the body has finished, instead of returning a half-initialised module.
    name, signals_name = unique_name(), unique_name("signals")
    signals = ModuleType(signals_name)
    signals.started, signals.proceed = threading.Event(), threading.Event()
    sys.modules[signals_name] = signals
    path = write(
        tmp_path / f"{name}.py",
        f"import sys\nsignals = sys.modules[{signals_name!r}]\nsignals.started.set()\n"
        f"signals.proceed.wait({DEADLOCK})\nCOMPLETE = True\n",
    )
    loaded: list[object] = []
    imported: list[object] = []
    import_done = threading.Event()

    def load() -> None:
        loaded.append(imp.load_source(name, path))

    def import_it() -> None:
        module = __import__(name)
        imported.append(getattr(module, "COMPLETE", "half-initialised"))
        import_done.set()

    loader = threading.Thread(target=load)
    loader.start()
    importer = threading.Thread(target=import_it)
    try:
        assert signals.started.wait(DEADLOCK)
        importer.start()
        finished_early = import_done.wait(0.3)
    finally:
        signals.proceed.set()
        loader.join(DEADLOCK)
        if importer.ident is not None:  # started
            importer.join(DEADLOCK)
    assert not finished_early, f"import returned while load_source was running: {imported}"
    assert imported == [True]
    assert loaded[0].COMPLETE is True
