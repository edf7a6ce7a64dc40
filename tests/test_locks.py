"""acquire_lock, release_lock, lock_held: they must drive the interpreter's own import lock."""

from __future__ import annotations

import _imp
import importlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import requires_threads
from helpers import write

pytestmark = pytest.mark.usefixtures("import_sandbox")

# Long enough for a blocked thread to have visibly not finished; it is never a speed limit.
BLOCKED_FOR = 0.3
# Generous bound for things that must happen; reaching it means a deadlock, i.e. a failure.
DEADLOCK = 30.0


@pytest.fixture
def released(imp: ModuleType) -> Iterator[None]:
    """Leave the import lock free after the test, however many times a failing test took it."""
    yield
    while _imp.lock_held():
        try:
            imp.release_lock()
        except RuntimeError:  # held by another thread: nothing this thread can do
            break


@pytest.mark.usefixtures("released")
def test_lock_cycle(imp: ModuleType) -> None:
    assert imp.lock_held() is False
    assert imp.acquire_lock() is None
    assert imp.lock_held() is True
    assert imp.release_lock() is None
    assert imp.lock_held() is False


@pytest.mark.usefixtures("released")
def test_lock_is_reentrant(imp: ModuleType) -> None:
    imp.acquire_lock()
    imp.acquire_lock()
    imp.release_lock()
    assert imp.lock_held() is True
    imp.release_lock()
    assert imp.lock_held() is False


def test_release_without_holding(imp: ModuleType) -> None:
    with pytest.raises(RuntimeError) as info:
        imp.release_lock()
    assert str(info.value) == "not holding the import lock"


@pytest.mark.usefixtures("released")
def test_it_is_the_interpreters_import_lock(imp: ModuleType) -> None:
    # _imp is what importlib._bootstrap itself uses to guard its module-lock table.
    imp.acquire_lock()
    assert _imp.lock_held() is True
    imp.release_lock()
    assert _imp.lock_held() is False
    _imp.acquire_lock()
    try:
        assert imp.lock_held() is True
    finally:
        _imp.release_lock()


@pytest.mark.usefixtures("released")
def test_imports_in_the_holding_thread_still_work(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "X = 1\n")
    sys.path.insert(0, str(tmp_path))
    imp.acquire_lock()
    try:
        assert importlib.import_module(name).X == 1
    finally:
        imp.release_lock()


@requires_threads
@pytest.mark.usefixtures("released")
def test_lock_held_by_another_thread_is_visible(imp: ModuleType) -> None:
    taken, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            imp.acquire_lock()
            taken.set()
            done.wait(DEADLOCK)
            imp.release_lock()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            taken.set()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert taken.wait(DEADLOCK)
        assert imp.lock_held() is True
        with pytest.raises(RuntimeError, match=r"^not holding the import lock$"):
            imp.release_lock()
    finally:
        done.set()
        thread.join(DEADLOCK)
    assert errors == []
    assert imp.lock_held() is False


@requires_threads
@pytest.mark.usefixtures("released")
def test_holding_the_lock_blocks_imports_in_other_threads(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "X = 'imported'\n")
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    imported = threading.Event()
    results: list[object] = []

    def import_it() -> None:
        try:
            results.append(importlib.import_module(name).X)
        except BaseException as error:  # pragma: no cover - reported below
            results.append(error)
        imported.set()

    imp.acquire_lock()
    thread = threading.Thread(target=import_it)
    try:
        thread.start()
        assert not imported.wait(BLOCKED_FOR), "the import ran although the lock was held"
        assert results == []
    finally:
        imp.release_lock()
    assert imported.wait(DEADLOCK)
    thread.join(DEADLOCK)
    assert results == ["imported"]


@requires_threads
@pytest.mark.usefixtures("released")
def test_other_thread_waits_for_the_lock(imp: ModuleType) -> None:
    acquired = threading.Event()

    def take() -> None:
        imp.acquire_lock()
        acquired.set()
        imp.release_lock()

    imp.acquire_lock()
    thread = threading.Thread(target=take)
    try:
        thread.start()
        assert not acquired.wait(BLOCKED_FOR)
    finally:
        imp.release_lock()
    assert acquired.wait(DEADLOCK)
    thread.join(DEADLOCK)
    assert imp.lock_held() is False
