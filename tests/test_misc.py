"""new_module, reload, get_magic, get_tag, get_suffixes, the type-code constants, NullImporter."""

from __future__ import annotations

import importlib
import importlib.machinery
import py_compile
import sys
import types
from pathlib import Path
from types import ModuleType

import pytest
from helpers import bump_mtime, write

pytestmark = pytest.mark.usefixtures("import_sandbox")


# --- constants ------------------------------------------------------------------------------

CONSTANTS = {
    "SEARCH_ERROR": 0, "PY_SOURCE": 1, "PY_COMPILED": 2, "C_EXTENSION": 3, "PY_RESOURCE": 4,
    "PKG_DIRECTORY": 5, "C_BUILTIN": 6, "PY_FROZEN": 7, "PY_CODERESOURCE": 8, "IMP_HOOK": 9,
}


@pytest.mark.parametrize(("name", "value"), CONSTANTS.items())
def test_type_code_constants(imp: ModuleType, name: str, value: int) -> None:
    constant = getattr(imp, name)
    assert type(constant) is int
    assert constant == value


# --- new_module --------------------------------------------------------------------------------


def test_new_module(imp: ModuleType, unique_name) -> None:
    name = unique_name()
    module = imp.new_module(name)
    assert type(module) is types.ModuleType
    assert module.__name__ == name
    assert vars(module) == {
        "__name__": name, "__doc__": None, "__package__": None, "__loader__": None,
        "__spec__": None,
    }
    assert name not in sys.modules


def test_new_module_is_new_each_time(imp: ModuleType) -> None:
    assert imp.new_module("same") is not imp.new_module("same")


def test_new_module_accepts_any_str(imp: ModuleType) -> None:
    for name in ["", "a.b.c", "not an identifier", "\u00e9"]:
        assert imp.new_module(name).__name__ == name


@pytest.mark.parametrize(("name", "kind"), [(1, "int"), (None, "None"), (b"x", "bytes")])
def test_new_module_needs_str(imp: ModuleType, name: object, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        imp.new_module(name)
    assert str(info.value) == f"module() argument 'name' must be str, not {kind}"


# --- reload ---------------------------------------------------------------------------------


def test_reload_reexecutes_in_place(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    sys.path.insert(0, str(tmp_path))
    module = importlib.import_module(name)
    module.kept = "by the user"
    write(tmp_path / f"{name}.py", "X = 2\n")
    bump_mtime(path)
    assert imp.reload(module) is module
    assert sys.modules[name] is module
    assert module.X == 2
    assert module.kept == "by the user"


def test_reload_a_builtin(imp: ModuleType) -> None:
    import marshal

    assert imp.reload(marshal) is sys.modules["marshal"]


def test_reload_needs_a_module(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.reload("os")
    assert str(info.value) == "reload() argument must be a module"


def test_reload_of_a_module_not_in_sys_modules(imp: ModuleType, unique_name) -> None:
    name = unique_name()
    with pytest.raises(ImportError) as info:
        imp.reload(types.ModuleType(name))
    assert str(info.value) == f"module {name} not in sys.modules"
    assert info.value.name == name


def test_reload_of_a_load_source_module_outside_sys_path(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    # reload finds the module again through sys.path, which load_source never used.
    name = unique_name()
    module = imp.load_source(name, write(tmp_path / f"{name}.py", "X = 1\n"))
    with pytest.raises(ModuleNotFoundError) as info:
        imp.reload(module)
    assert str(info.value) == f"spec not found for the module {name!r}"
    assert sys.modules[name] is module


def test_reload_error_keeps_the_module(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    sys.path.insert(0, str(tmp_path))
    module = importlib.import_module(name)
    write(tmp_path / f"{name}.py", "X = 2\nraise ValueError('reload failed')\n")
    bump_mtime(path)
    with pytest.raises(ValueError, match=r"^reload failed$"):
        imp.reload(module)
    assert sys.modules[name] is module
    assert module.X == 2


# --- get_magic, get_tag, get_suffixes ------------------------------------------------------------


def test_get_magic_matches_what_the_compiler_writes(imp: ModuleType, tmp_path: Path) -> None:
    source = write(tmp_path / "m.py", "")
    pyc = py_compile.compile(source, cfile=str(tmp_path / "m.pyc"), doraise=True)
    magic = imp.get_magic()
    assert type(magic) is bytes
    assert len(magic) == 4
    assert magic.endswith(b"\r\n")
    assert Path(pyc).read_bytes()[:4] == magic
    assert magic == importlib.util.MAGIC_NUMBER


def test_get_tag(imp: ModuleType) -> None:
    tag = imp.get_tag()
    assert type(tag) is str
    assert tag == sys.implementation.cache_tag
    assert tag == f"cpython-{sys.version_info[0]}{sys.version_info[1]}"


def test_get_tag_follows_sys_implementation(
    imp: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.implementation, "cache_tag", None)
    assert imp.get_tag() is None


def test_get_suffixes(imp: ModuleType) -> None:
    suffixes = imp.get_suffixes()
    assert type(suffixes) is list
    assert all(type(entry) is tuple for entry in suffixes)
    expected = (
        [(s, "rb", 3) for s in importlib.machinery.EXTENSION_SUFFIXES]
        + [(s, "r", 1) for s in importlib.machinery.SOURCE_SUFFIXES]
        + [(s, "rb", 2) for s in importlib.machinery.BYTECODE_SUFFIXES]
    )
    assert suffixes == expected
    assert suffixes[-2:] == [(".py", "r", 1), (".pyc", "rb", 2)]


def test_get_suffixes_returns_a_fresh_list(imp: ModuleType) -> None:
    first = imp.get_suffixes()
    first.clear()
    assert imp.get_suffixes() != []


def test_get_suffixes_follows_importlib_machinery(
    imp: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.machinery, "SOURCE_SUFFIXES", [".py", ".pyw"])
    assert (".pyw", "r", 1) in imp.get_suffixes()


# --- NullImporter ------------------------------------------------------------------------------


def test_null_importer_on_a_missing_path(imp: ModuleType, tmp_path: Path) -> None:
    importer = imp.NullImporter(str(tmp_path / "missing"))
    assert importer.find_module("anything") is None
    assert importer.find_module("") is None


def test_null_importer_on_a_file(imp: ModuleType, tmp_path: Path) -> None:
    importer = imp.NullImporter(write(tmp_path / "file.zip", "not a zip"))
    assert importer.find_module("os") is None


def test_null_importer_refuses_the_empty_path(imp: ModuleType) -> None:
    with pytest.raises(ImportError) as info:
        imp.NullImporter("")
    assert type(info.value) is ImportError
    assert str(info.value) == "empty pathname"
    assert info.value.path == ""
    assert info.value.name is None


@pytest.mark.parametrize("as_type", [str, bytes, Path], ids=["str", "bytes", "pathlike"])
def test_null_importer_refuses_a_directory(
    imp: ModuleType, tmp_path: Path, as_type: type
) -> None:
    path = as_type(tmp_path) if as_type is not bytes else bytes(tmp_path)
    with pytest.raises(ImportError) as info:
        imp.NullImporter(path)
    assert str(info.value) == "existing directory"
    assert info.value.path == path


def test_null_importer_empty_bytes_is_not_the_empty_pathname(imp: ModuleType) -> None:
    # 3.11 compares with '' only; b'' is simply a path that is not a directory.
    assert imp.NullImporter(b"").find_module("x") is None


def test_null_importer_none(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.NullImporter(None)
    assert str(info.value) == (
        "stat: path should be string, bytes, os.PathLike or integer, not NoneType"
    )


def test_null_importer_find_module_needs_a_name(imp: ModuleType, tmp_path: Path) -> None:
    importer = imp.NullImporter(str(tmp_path / "missing"))
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'fullname'"):
        importer.find_module()


def test_null_importer_is_a_class(imp: ModuleType) -> None:
    assert isinstance(imp.NullImporter, type)
    assert imp.NullImporter.__name__ == "NullImporter"


# --- only importing warns -----------------------------------------------------------------------


def test_functions_do_not_warn(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    # 3.11 warned once, on import; calling the functions was silent.
    import warnings

    from helpers import compile_to

    source_name, package_name, compiled_name = unique_name(), unique_name(), unique_name()
    source = write(tmp_path / f"{source_name}.py", "X = 1\n")
    write(tmp_path / package_name / "__init__.py", "from . import child\n")
    write(tmp_path / package_name / "child.py", "")
    pyc = compile_to("Y = 2\n", tmp_path / f"{compiled_name}.pyc")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        file, path, details = imp.find_module(source_name, [str(tmp_path)])
        module = imp.load_module(source_name, file, path, details)
        file.close()
        imp.load_source(source_name, source)
        imp.load_compiled(compiled_name, pyc)
        imp.load_package(package_name, str(tmp_path / package_name))
        imp.new_module("x")
        imp.get_magic()
        imp.get_tag()
        imp.get_suffixes()
        imp.cache_from_source(source, False)
        imp.source_from_cache(imp.cache_from_source(source))
        imp.init_builtin("marshal")
        imp.is_builtin("sys")
        imp.is_frozen("os")
        imp.acquire_lock()
        imp.release_lock()
        imp.lock_held()
        imp.NullImporter(str(tmp_path / "missing"))
        sys.path.insert(0, str(tmp_path))
        imp.reload(module)
