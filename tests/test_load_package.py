"""imp.load_package: packages from a directory (or a file), their __path__, and failures."""

from __future__ import annotations

import importlib
import importlib.machinery
import pathlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from helpers import compile_to, write

pytestmark = pytest.mark.usefixtures("import_sandbox")

STAT_MESSAGE = "stat: path should be string, bytes, os.PathLike or integer"


def test_directory_with_init_py(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    package_dir = tmp_path / name
    init = write(package_dir / "__init__.py", "X = 1\nPATH = __path__\n")
    module = imp.load_package(name, str(package_dir))
    assert type(module) is ModuleType
    assert sys.modules[name] is module
    assert module.X == 1
    assert module.__name__ == name
    assert module.__file__ == init
    assert module.__path__ == [str(package_dir)]
    assert module.PATH is module.__path__
    assert module.__package__ == name
    assert module.__cached__ == imp.cache_from_source(init)
    assert type(module.__loader__) is importlib.machinery.SourceFileLoader
    assert module.__loader__.path == init
    spec = module.__spec__
    assert spec.loader is module.__loader__
    assert (spec.name, spec.origin, spec.parent) == (name, init, name)
    assert spec.submodule_search_locations == [str(package_dir)]


def test_submodules_import_from_the_package_path(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "")
    write(tmp_path / name / "child.py", "from . import sibling\nY = sibling.Z\n")
    write(tmp_path / name / "sibling.py", "Z = 'sibling'\n")
    imp.load_package(name, str(tmp_path / name))
    child = importlib.import_module(f"{name}.child")
    assert child.Y == "sibling"
    assert child.__file__ == str(tmp_path / name / "child.py")


def test_bytecode_only_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    init = compile_to("Z = 'compiled'\n", tmp_path / name / "__init__.pyc")
    module = imp.load_package(name, str(tmp_path / name))
    assert module.Z == "compiled"
    assert module.__file__ == init
    assert type(module.__loader__) is importlib.machinery.SourcelessFileLoader
    assert module.__path__ == [str(tmp_path / name)]


def test_source_init_wins_over_bytecode_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "W = 'source'\n")
    compile_to("W = 'bytecode'\n", tmp_path / name / "__init__.pyc")
    assert imp.load_package(name, str(tmp_path / name)).W == "source"


def test_pathlike_directory(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    init = write(tmp_path / name / "__init__.py", "")
    module = imp.load_package(name, tmp_path / name)
    assert module.__file__ == init
    assert module.__path__ == [str(tmp_path / name)]


def test_trailing_separator(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    init = write(tmp_path / name / "__init__.py", "")
    module = imp.load_package(name, str(tmp_path / name) + "/")
    assert module.__file__ == init
    assert module.__path__ == [str(tmp_path / name)]


def test_file_path_is_loaded_as_a_package(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / "lib" / "plain.py", "V = 'plain'\n")
    module = imp.load_package(name, path)
    assert module.V == "plain"
    assert module.__file__ == path
    assert module.__path__ == [str(tmp_path / "lib")]
    assert module.__package__ == name


def test_loading_again_reuses_the_module(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(
        tmp_path / name / "__init__.py",
        "import sys\nCOUNT = getattr(sys.modules[__name__], 'COUNT', 0) + 1\n",
    )
    first = imp.load_package(name, str(tmp_path / name))
    second = imp.load_package(name, str(tmp_path / name))
    assert second is first
    assert first.COUNT == 2


# --- failures ---------------------------------------------------------------------------


def test_directory_without_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    (tmp_path / name).mkdir()
    write(tmp_path / name / "module.py", "")
    with pytest.raises(ValueError) as info:
        imp.load_package(name, str(tmp_path / name))
    assert str(info.value) == f"{str(tmp_path / name)!r} is not a package"
    assert name not in sys.modules


def test_init_directory_is_not_an_init_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    # os.path.exists() is what 3.11 checks: a directory called __init__.py counts, and then
    # fails to load as a file.
    name = unique_name()
    (tmp_path / name / "__init__.py").mkdir(parents=True)
    with pytest.raises(IsADirectoryError):
        imp.load_package(name, str(tmp_path / name))
    assert name not in sys.modules


def test_pathlike_directory_without_init_reports_the_pathlike(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    (tmp_path / name).mkdir()
    with pytest.raises(ValueError) as info:
        imp.load_package(name, tmp_path / name)
    assert str(info.value) == f"{tmp_path / name!r} is not a package"


def test_missing_path(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    # 3.11 finds no loader for a path that is neither a directory nor a known suffix.
    name = unique_name()
    with pytest.raises(AttributeError) as info:
        imp.load_package(name, str(tmp_path / "missing"))
    assert str(info.value) == "'NoneType' object has no attribute 'name'"
    assert name not in sys.modules


def test_missing_py_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    with pytest.raises(FileNotFoundError):
        imp.load_package(name, str(tmp_path / "missing.py"))
    assert name not in sys.modules


def test_syntax_error_in_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    init = write(tmp_path / name / "__init__.py", "def (:\n")
    with pytest.raises(SyntaxError) as info:
        imp.load_package(name, str(tmp_path / name))
    assert info.value.filename == init
    assert name not in sys.modules


def test_exception_in_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "raise RuntimeError('init failed')\n")
    with pytest.raises(RuntimeError, match=r"^init failed$"):
        imp.load_package(name, str(tmp_path / name))
    assert name not in sys.modules


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        (None, TypeError, f"{STAT_MESSAGE}, not NoneType"),
        (1.5, TypeError, f"{STAT_MESSAGE}, not float"),
    ],
    ids=["None", "float"],
)
def test_non_path_argument(
    imp: ModuleType, unique_name, path: object, error: type[Exception], message: str
) -> None:
    name = unique_name()
    with pytest.raises(error) as info:
        imp.load_package(name, path)
    assert str(info.value) == message
    assert name not in sys.modules


def test_pathlike_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / "plain.py", "V = 1\n")
    module = imp.load_package(name, pathlib.Path(path))
    assert type(module.__file__) is str
    assert module.__file__ == path
    assert module.__loader__.path == path
    assert module.__path__ == [str(tmp_path)]


def test_loading_again_from_elsewhere_updates_path_and_file(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    write(tmp_path / "one" / name / "__init__.py", "WHERE = 'one'\n")
    second_init = write(tmp_path / "two" / name / "__init__.py", "WHERE = 'two'\n")
    first = imp.load_package(name, str(tmp_path / "one" / name))
    second = imp.load_package(name, str(tmp_path / "two" / name))
    assert second is first
    assert first.WHERE == "two"
    assert first.__file__ == second_init
    assert first.__path__ == [str(tmp_path / "two" / name)]
    assert first.__spec__.origin == second_init
