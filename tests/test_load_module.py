"""imp.load_module: dispatch on find_module's description triple, mode and file checks."""

from __future__ import annotations

import importlib.machinery
import sys
from pathlib import Path
from types import ModuleType

import pytest
from helpers import FROZEN_AVAILABLE, compile_to, write

pytestmark = pytest.mark.usefixtures("import_sandbox")

requires_frozen = pytest.mark.skipif(not FROZEN_AVAILABLE, reason="no frozen __hello__ here")


# --- checks made before anything is loaded ------------------------------------------------


@pytest.mark.parametrize("mode", ["w", "a", "x", "r+", "rb+", "w+b", "U", "b"])
def test_invalid_mode(imp: ModuleType, tmp_path: Path, unique_name, mode: str) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "raise SystemExit('must not run')\n")
    with open(path, encoding="utf-8") as file, pytest.raises(ValueError) as info:
        imp.load_module(name, file, path, (".py", mode, imp.PY_SOURCE))
    assert str(info.value) == f"invalid file open mode {mode!r}"
    assert name not in sys.modules


@pytest.mark.parametrize("type_code", [1, 2])
def test_file_required_for_source_and_bytecode(
    imp: ModuleType, tmp_path: Path, unique_name, type_code: int
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    with pytest.raises(ValueError) as info:
        imp.load_module(name, None, path, (".py", "r", type_code))
    assert str(info.value) == f"file object required for import (type code {type_code})"


def test_mode_is_checked_before_file(imp: ModuleType, unique_name) -> None:
    with pytest.raises(ValueError, match=r"^invalid file open mode 'w'$"):
        imp.load_module(unique_name(), None, "x.py", (".py", "w", 1))


@pytest.mark.parametrize("type_code", [0, 4, 8, 9, 10, -1, "1", None])
def test_unknown_type_code(imp: ModuleType, unique_name, type_code: object) -> None:
    name = unique_name()
    with pytest.raises(ImportError) as info:
        imp.load_module(name, None, "whatever", ("", "", type_code))
    assert type(info.value) is ImportError
    assert str(info.value) == f"Don't know how to import {name} (type code {type_code})"
    assert info.value.name == name
    assert info.value.path is None


def test_details_must_be_a_triple(imp: ModuleType, unique_name) -> None:
    with pytest.raises(ValueError) as info:
        imp.load_module(unique_name(), None, "x.py", (".py", "r"))
    assert str(info.value) == "not enough values to unpack (expected 3, got 2)"
    with pytest.raises(TypeError) as info2:
        imp.load_module(unique_name(), None, "x.py", None)
    assert str(info2.value) == "cannot unpack non-iterable NoneType object"


# --- dispatch -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["r", "rU", "", "rb", "rt"])
def test_source(imp: ModuleType, tmp_path: Path, unique_name, mode: str) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'source'\n")
    file = open(path, "rb" if "b" in mode else "r", encoding=None if "b" in mode else "utf-8")  # noqa: SIM115
    module = imp.load_module(name, file, path, (".py", mode, imp.PY_SOURCE))
    assert module.X == "source"
    assert sys.modules[name] is module
    assert module.__file__ == path
    assert type(module.__loader__) is importlib.machinery.SourceFileLoader
    assert file.closed


def test_bytecode(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = compile_to("X = 'compiled'\n", tmp_path / f"{name}.pyc")
    with open(pyc, "rb") as file:
        module = imp.load_module(name, file, pyc, (".pyc", "rb", imp.PY_COMPILED))
        assert file.closed
    assert module.X == "compiled"
    assert module.__file__ == pyc
    assert type(module.__loader__) is importlib.machinery.SourcelessFileLoader


def test_package(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    init = write(tmp_path / name / "__init__.py", "P = 'package'\n")
    module = imp.load_module(name, None, str(tmp_path / name), ("", "", imp.PKG_DIRECTORY))
    assert module.P == "package"
    assert module.__file__ == init
    assert module.__path__ == [str(tmp_path / name)]
    assert sys.modules[name] is module


def test_package_without_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    (tmp_path / name).mkdir()
    with pytest.raises(ValueError, match=r"is not a package$"):
        imp.load_module(name, None, str(tmp_path / name), ("", "", 5))


def test_builtin(imp: ModuleType) -> None:
    module = imp.load_module("_thread", None, None, ("", "", imp.C_BUILTIN))
    assert module.__name__ == "_thread"
    assert sys.modules["_thread"] is module
    assert module.__spec__.origin == "built-in"
    assert module.__loader__ is importlib.machinery.BuiltinImporter


def test_missing_builtin_gives_none(imp: ModuleType, unique_name) -> None:
    name = unique_name()
    assert imp.load_module(name, None, None, ("", "", imp.C_BUILTIN)) is None
    assert name not in sys.modules


@requires_frozen
def test_frozen(imp: ModuleType) -> None:
    sys.modules.pop("__hello__", None)
    module = imp.load_module("__hello__", None, None, ("", "", imp.PY_FROZEN))
    assert module.__name__ == "__hello__"
    assert sys.modules["__hello__"] is module
    assert module.initialized is True


def test_missing_frozen_gives_none(imp: ModuleType, unique_name) -> None:
    name = unique_name()
    assert imp.load_module(name, None, None, ("", "", imp.PY_FROZEN)) is None
    assert name not in sys.modules


def test_find_then_load_round_trip(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "# coding: latin-1\nS = '\xe9'\n".encode("latin-1"))
    file, path, details = imp.find_module(name, [str(tmp_path)])
    try:
        module = imp.load_module(name, file, path, details)
    finally:
        file.close()
    assert module.S == "\xe9"
    assert module.__file__ == path


def test_find_then_load_package_round_trip(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "OK = True\n")
    found = imp.find_module(name, [str(tmp_path)])
    assert imp.load_module(name, *found).OK is True


def test_source_errors_propagate(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "1/0\n")
    with open(path, encoding="utf-8") as file, pytest.raises(ZeroDivisionError):
        imp.load_module(name, file, path, (".py", "r", 1))
    assert name not in sys.modules
