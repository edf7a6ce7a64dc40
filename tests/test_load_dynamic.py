"""imp.load_dynamic and imp.create_dynamic on a real extension module, compiled during the test
run with the machine's C compiler (tests/data/impext.c)."""

from __future__ import annotations

import importlib.machinery
import itertools
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

import pytest
from conftest import IS_WASM, requires_extension_files
from helpers import write

pytestmark = pytest.mark.usefixtures("import_sandbox")

SOURCE = Path(__file__).parent / "data" / "impext.c"
IMPEXT_COUNT = 70  # PyInit__impext_0 ... PyInit__impext_69 in impext.c
_fresh_numbers = itertools.count()


def _compiler() -> str | None:
    configured = (sysconfig.get_config_var("CC") or "").split()
    for candidate in [*configured[:1], os.environ.get("CC", ""), "cc", "gcc", "clang"]:
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def extension(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of impext.c built into a loadable extension module, named with the platform's
    first extension suffix so that find_module sees it too."""
    if IS_WASM:
        pytest.skip(requires_extension_files.kwargs["reason"])
    compiler = _compiler()
    if compiler is None:
        pytest.skip("no C compiler found (looked for $CC, cc, gcc, clang)")
    include = sysconfig.get_paths()["include"]
    if not os.path.isfile(os.path.join(include, "Python.h")):
        pytest.skip(f"no Python.h in {include}: Python's development headers are missing")
    out_dir = tmp_path_factory.mktemp("impext")
    target = out_dir / f"impext{importlib.machinery.EXTENSION_SUFFIXES[0]}"
    command = [compiler, "-shared", "-fPIC", "-O0", f"-I{include}", "-o", str(target),
               str(SOURCE)]
    if sys.platform == "darwin":
        command[1:2] = ["-bundle", "-undefined", "dynamic_lookup"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"could not build the test extension: {' '.join(command)}\n{result.stderr}")
    return str(target)


@pytest.fixture
def fresh() -> str:
    """A single-phase module name not yet loaded in this process (one init function each)."""
    number = next(_fresh_numbers)
    assert number < IMPEXT_COUNT, "add more SINGLE_PHASE() lines to tests/data/impext.c"
    return f"_impext_{number}"


def test_load_dynamic(imp: ModuleType, extension: str, fresh: str) -> None:
    module = imp.load_dynamic(fresh, extension)
    assert type(module) is ModuleType
    assert sys.modules[fresh] is module
    assert module.__name__ == fresh
    assert fresh == module.INIT
    assert module.answer() == 42
    assert module.__file__ == extension
    assert not hasattr(module, "__cached__")
    loader = module.__loader__
    assert type(loader) is importlib.machinery.ExtensionFileLoader
    assert (loader.name, loader.path) == (fresh, extension)
    spec = module.__spec__
    assert spec.loader is loader
    assert (spec.name, spec.origin) == (fresh, extension)
    assert spec.submodule_search_locations is None


def test_dotted_name_uses_the_last_component_for_init(
    imp: ModuleType, extension: str, fresh: str, unique_name
) -> None:
    parent = unique_name("parent")
    module = imp.load_dynamic(f"{parent}.{fresh}", extension)
    assert module.__name__ == f"{parent}.{fresh}"
    assert fresh == module.INIT
    assert module.__package__ == parent
    assert sys.modules[f"{parent}.{fresh}"] is module
    assert parent not in sys.modules


def test_file_argument_is_ignored_and_left_open(
    imp: ModuleType, extension: str, fresh: str
) -> None:
    with open(extension, "rb") as file:
        module = imp.load_dynamic(fresh, extension, file)
        assert not file.closed
    assert module.answer() == 42


def test_multi_phase_module_is_created_anew_each_time(imp: ModuleType, extension: str) -> None:
    first = imp.load_dynamic("_impext_multi", extension)
    assert first.INIT == "multi"
    assert sys.modules["_impext_multi"] is first
    # The spec load_dynamic builds has no location, and multi-phase init sets no __file__.
    assert first.__spec__.origin == extension
    assert first.__spec__.has_location is False
    assert not hasattr(first, "__file__")
    second = imp.load_dynamic("_impext_multi", extension)
    assert second is not first
    assert sys.modules["_impext_multi"] is second
    assert second.answer() == 42


def test_loading_again_skips_the_sys_modules_check(
    imp: ModuleType, extension: str, fresh: str
) -> None:
    # Unlike load_source, a stand-in already in sys.modules is replaced, not executed into.
    stand_in = ModuleType(fresh)
    sys.modules[fresh] = stand_in
    module = imp.load_dynamic(fresh, extension)
    assert module is not stand_in
    assert sys.modules[fresh] is module
    assert not hasattr(stand_in, "answer")


def test_missing_file(imp: ModuleType, extension: str, fresh: str, tmp_path: Path) -> None:
    path = str(tmp_path / f"missing{importlib.machinery.EXTENSION_SUFFIXES[0]}")
    with pytest.raises(ImportError) as info:
        imp.load_dynamic(fresh, path)
    assert type(info.value) is ImportError
    assert path in str(info.value)
    assert (info.value.name, info.value.path) == (fresh, path)
    assert fresh not in sys.modules


def test_not_a_shared_library(imp: ModuleType, extension: str, fresh: str, tmp_path: Path) -> None:
    path = write(tmp_path / f"fake{importlib.machinery.EXTENSION_SUFFIXES[0]}", "not a library\n")
    with pytest.raises(ImportError) as info:
        imp.load_dynamic(fresh, path)
    assert str(info.value).startswith(f"{path}: ")
    assert (info.value.name, info.value.path) == (fresh, path)
    assert fresh not in sys.modules


def test_no_init_function_for_that_name(imp: ModuleType, extension: str, unique_name) -> None:
    name = unique_name()
    with pytest.raises(ImportError) as info:
        imp.load_dynamic(name, extension)
    assert str(info.value) == (
        f"dynamic module does not define module export function (PyInit_{name})"
    )
    assert (info.value.name, info.value.path) == (name, extension)
    assert name not in sys.modules


def test_failing_init_propagates_its_exception(imp: ModuleType, extension: str) -> None:
    with pytest.raises(RuntimeError) as info:
        imp.load_dynamic("_impext_fail", extension)
    assert str(info.value) == "initialisation failed on purpose"
    assert "_impext_fail" not in sys.modules


@pytest.mark.parametrize("path", [None, 5, b"x.so"], ids=["None", "int", "bytes"])
def test_non_str_path(imp: ModuleType, extension: str, fresh: str, path: object) -> None:
    # The message is the interpreter's own (_imp.create_dynamic), and changed in 3.13.
    with pytest.raises(TypeError):
        imp.load_dynamic(fresh, path)
    assert fresh not in sys.modules


def test_pathlike_path_is_not_accepted(imp: ModuleType, extension: str, fresh: str) -> None:
    with pytest.raises(TypeError):
        imp.load_dynamic(fresh, Path(extension))
    assert fresh not in sys.modules


# --- through find_module / load_module ---------------------------------------------------------


def test_find_module_reports_the_extension(imp: ModuleType, extension: str) -> None:
    directory = os.path.dirname(extension)
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    file, path, details = imp.find_module("impext", [directory])
    try:
        assert path == extension
        assert details == (suffix, "rb", imp.C_EXTENSION)
        assert file.mode == "rb"
    finally:
        file.close()


def test_load_module_without_file_opens_and_closes_one(
    imp: ModuleType, extension: str, fresh: str
) -> None:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    module = imp.load_module(fresh, None, extension, (suffix, "rb", imp.C_EXTENSION))
    assert fresh == module.INIT
    assert sys.modules[fresh] is module


def test_load_module_with_file(imp: ModuleType, extension: str, fresh: str) -> None:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    with open(extension, "rb") as file:
        module = imp.load_module(fresh, file, extension, (suffix, "rb", 3))
    assert module.__file__ == extension


# --- create_dynamic ------------------------------------------------------------------------------


def test_create_dynamic_is_exposed(imp: ModuleType) -> None:
    assert callable(imp.create_dynamic)
    assert callable(imp.load_dynamic)


def test_create_dynamic_from_spec(imp: ModuleType, extension: str, fresh: str) -> None:
    spec = importlib.machinery.ModuleSpec(fresh, None, origin=extension)
    module = imp.create_dynamic(spec)
    assert type(module) is ModuleType
    assert module.__name__ == fresh
    assert module.__file__ == extension
    assert module.answer() == 42


def test_create_dynamic_missing_file(imp: ModuleType, extension: str, fresh: str,
                                     tmp_path: Path) -> None:
    path = str(tmp_path / "missing.so")
    spec = importlib.machinery.ModuleSpec(fresh, None, origin=path)
    with pytest.raises(ImportError) as info:
        imp.create_dynamic(spec)
    assert (info.value.name, info.value.path) == (fresh, path)


def test_create_dynamic_needs_a_spec(imp: ModuleType) -> None:
    with pytest.raises(AttributeError, match="object has no attribute 'name'"):
        imp.create_dynamic(5)
