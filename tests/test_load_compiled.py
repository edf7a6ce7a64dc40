"""imp.load_compiled: loading .pyc files, valid, stale, foreign or broken."""

from __future__ import annotations

import errno
import importlib.machinery
import marshal
import py_compile
import sys
from pathlib import Path
from types import ModuleType

import pytest
from helpers import FOREIGN_MAGIC, compile_to, pyc_with_header, valid_header, write

pytestmark = pytest.mark.usefixtures("import_sandbox")


def test_returns_executed_module_registered_in_sys_modules(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    pyc = compile_to("X = 6 * 7\nNAME = __name__\nFILE = __file__\n", tmp_path / f"{name}.pyc")
    module = imp.load_compiled(name, pyc)
    assert type(module) is ModuleType
    assert sys.modules[name] is module
    assert (42, name, pyc) == (module.X, module.NAME, module.FILE)
    assert module.__name__ == name
    assert module.__file__ == pyc
    assert module.__package__ == ""
    assert module.__cached__ == pyc


def test_loader_and_spec(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = compile_to("", tmp_path / f"{name}.pyc")
    module = imp.load_compiled(name, pyc)
    loader = module.__loader__
    assert type(loader) is importlib.machinery.SourcelessFileLoader
    assert (loader.name, loader.path) == (name, pyc)
    spec = module.__spec__
    assert spec.loader is loader
    assert (spec.name, spec.origin, spec.cached) == (name, pyc, pyc)
    assert spec.has_location is True
    assert spec.submodule_search_locations is None


def test_other_suffix_has_no_cached_path(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = compile_to("X = 1\n", tmp_path / f"{name}.bytecode")
    module = imp.load_compiled(name, path)
    assert module.X == 1
    assert module.__file__ == path
    assert module.__spec__.cached is None
    assert not hasattr(module, "__cached__")


def test_source_is_never_consulted(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    # A stale .pyc beside a newer source still loads its own (old) code.
    name = unique_name()
    source = write(tmp_path / f"{name}.py", "X = 'old'\n")
    pyc = str(tmp_path / f"{name}.pyc")
    py_compile.compile(source, cfile=pyc, doraise=True)
    write(tmp_path / f"{name}.py", "X = 'new and longer'\n")
    assert imp.load_compiled(name, pyc).X == "old"
    (tmp_path / f"{name}.py").unlink()
    assert imp.load_compiled(unique_name(), pyc).X == "old"


def test_hash_based_pyc_loads(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    source = write(tmp_path / f"{name}.py", "X = 'hashed'\n")
    pyc = str(tmp_path / f"{name}.pyc")
    py_compile.compile(source, cfile=pyc, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    write(tmp_path / f"{name}.py", "X = 'changed'\n")
    assert imp.load_compiled(name, pyc).X == "hashed"


def test_existing_module_is_reused(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    first = imp.load_compiled(name, compile_to("X = 1\n", tmp_path / "a.pyc"))
    first.mark = "kept"
    second = imp.load_compiled(name, compile_to("X = 2\n", tmp_path / "b.pyc"))
    assert second is first
    assert (first.X, first.mark) == (2, "kept")
    assert first.__file__ == str(tmp_path / "b.pyc")


# --- the file argument ----------------------------------------------------------------------


def test_binary_file_argument_is_read_and_closed(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    pyc = compile_to("X = 'path'\n", tmp_path / f"{name}.pyc")
    other = compile_to("X = 'file'\n", tmp_path / "other.pyc")
    file = open(other, "rb")  # noqa: SIM115 - load_compiled must close it
    module = imp.load_compiled(name, pyc, file)
    assert file.closed
    assert module.X == "file"
    assert module.__file__ == pyc
    assert type(module.__loader__) is importlib.machinery.SourcelessFileLoader


def test_text_file_argument_is_closed_and_the_path_read(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    pyc = compile_to("X = 'path'\n", tmp_path / f"{name}.pyc")
    file = open(pyc, encoding="latin-1")  # noqa: SIM115
    assert imp.load_compiled(name, pyc, file).X == "path"
    assert file.closed


def test_find_module_round_trip(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    compile_to("X = 3\n", tmp_path / f"{name}.pyc")
    file, path, details = imp.find_module(name, [str(tmp_path)])
    assert details == (".pyc", "rb", imp.PY_COMPILED)
    assert imp.load_compiled(name, path, file).X == 3
    assert file.closed


# --- broken or foreign bytecode ---------------------------------------------------------------


def test_foreign_magic_number(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = write(tmp_path / f"{name}.pyc", pyc_with_header(FOREIGN_MAGIC + b"\x00" * 12))
    with pytest.raises(ImportError) as info:
        imp.load_compiled(name, pyc)
    assert type(info.value) is ImportError
    assert str(info.value) == f"bad magic number in {name!r}: {FOREIGN_MAGIC!r}"
    assert (info.value.name, info.value.path) == (name, pyc)
    assert name not in sys.modules


def test_empty_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = write(tmp_path / f"{name}.pyc", b"")
    with pytest.raises(ImportError) as info:
        imp.load_compiled(name, pyc)
    assert str(info.value) == f"bad magic number in {name!r}: b''"
    assert (info.value.name, info.value.path) == (name, pyc)
    assert name not in sys.modules


def test_truncated_header(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = write(tmp_path / f"{name}.pyc", valid_header()[:10])
    with pytest.raises(EOFError) as info:
        imp.load_compiled(name, pyc)
    assert str(info.value) == f"reached EOF while reading pyc header of {name!r}"
    assert name not in sys.modules


def test_invalid_flags(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    header = imp.get_magic() + (4).to_bytes(4, "little") + b"\x00" * 8
    pyc = write(tmp_path / f"{name}.pyc", pyc_with_header(header))
    with pytest.raises(ImportError) as info:
        imp.load_compiled(name, pyc)
    assert str(info.value) == f"invalid flags 4 in {name!r}"
    assert (info.value.name, info.value.path) == (name, pyc)


def test_bad_marshal_data(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    body = b"\xff\xff\xff"
    pyc = write(tmp_path / f"{name}.pyc", valid_header() + body)
    with pytest.raises(ValueError) as expected:
        marshal.loads(body)
    with pytest.raises(ValueError) as info:
        imp.load_compiled(name, pyc)
    assert str(info.value) == str(expected.value)
    assert name not in sys.modules


def test_non_code_object(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = write(tmp_path / f"{name}.pyc", valid_header() + marshal.dumps(42))
    with pytest.raises(ImportError) as info:
        imp.load_compiled(name, pyc)
    assert str(info.value) == f"Non-code object in {pyc!r}"
    assert (info.value.name, info.value.path) == (name, pyc)
    assert name not in sys.modules


def test_source_file_is_not_bytecode(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    with pytest.raises(ImportError) as info:
        imp.load_compiled(name, path)
    assert str(info.value) == f"bad magic number in {name!r}: b'X = '"


def test_missing_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = str(tmp_path / "missing.pyc")
    with pytest.raises(FileNotFoundError) as info:
        imp.load_compiled(name, pyc)
    assert info.value.errno == errno.ENOENT
    assert info.value.filename == pyc
    assert name not in sys.modules


def test_exception_in_module_body(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = compile_to("raise LookupError('inside')\n", tmp_path / f"{name}.pyc")
    with pytest.raises(LookupError, match=r"^inside$"):
        imp.load_compiled(name, pyc)
    assert name not in sys.modules


def test_failure_keeps_the_existing_module(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    module = imp.load_compiled(name, compile_to("X = 1\n", tmp_path / "good.pyc"))
    bad = write(tmp_path / "bad.pyc", pyc_with_header(FOREIGN_MAGIC + b"\x00" * 12))
    with pytest.raises(ImportError, match="bad magic number"):
        imp.load_compiled(name, bad)
    assert sys.modules[name] is module
    assert module.X == 1


@pytest.mark.parametrize(
    ("pathname", "error", "message"),
    [
        (None, AttributeError, "'NoneType' object has no attribute 'rfind'"),
        (7, TypeError, "expected str, bytes or os.PathLike object, not int"),
    ],
    ids=["None", "int"],
)
def test_non_str_pathname(
    imp: ModuleType, unique_name, pathname: object, error: type[Exception], message: str
) -> None:
    name = unique_name()
    with pytest.raises(error) as info:
        imp.load_compiled(name, pathname)
    assert str(info.value) == message
    assert name not in sys.modules


def test_loader_seen_while_executing(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    pyc = compile_to(
        "import importlib.machinery\nLOADER_TYPE = type(__loader__).__name__\n"
        "IS_SOURCELESS = isinstance(__loader__, importlib.machinery.SourcelessFileLoader)\n",
        tmp_path / f"{name}.pyc",
    )
    module = imp.load_compiled(name, pyc)
    assert module.LOADER_TYPE == "_LoadCompiledCompatibility"
    assert module.IS_SOURCELESS is True
    assert type(module.__loader__) is importlib.machinery.SourcelessFileLoader


def test_reexecution_keeps_the_module_registered_on_failure(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    module = imp.load_compiled(name, compile_to("X = 1\n", tmp_path / "good.pyc"))
    failing = compile_to("X = 2\nraise OSError('second run')\n", tmp_path / "failing.pyc")
    with pytest.raises(OSError, match=r"^second run$"):
        imp.load_compiled(name, failing)
    assert sys.modules[name] is module
    assert module.X == 2
    assert module.__file__ == failing
