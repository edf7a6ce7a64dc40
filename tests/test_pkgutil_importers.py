"""imp_compat.pkgutil.ImpImporter and ImpLoader, checked against 3.11's pkgutil classes."""

from __future__ import annotations

import os
import sys
import types
import warnings
from pathlib import Path
from types import ModuleType

import pytest
from helpers import FOREIGN_MAGIC, compile_to, pyc_with_header, write

EMULATION = (
    "This emulation is deprecated and slated for removal in Python 3.12; use 'importlib' instead"
)

pytestmark = [
    pytest.mark.usefixtures("import_sandbox"),
    pytest.mark.filterwarnings("ignore:This emulation is deprecated:DeprecationWarning"),
]


def emulation_warnings(caught: list[warnings.WarningMessage]) -> list[warnings.WarningMessage]:
    return [w for w in caught if str(w.message) == EMULATION]


@pytest.fixture
def tree(tmp_path: Path, unique_name) -> tuple[Path, dict[str, str]]:
    """A directory with a module, a package, a compiled module and some distractors."""
    names = {kind: unique_name(kind) for kind in ("mod", "pkg", "comp", "nopkg")}
    write(tmp_path / f"{names['mod']}.py", "# coding: latin-1\nS = '\xe9'\n".encode("latin-1"))
    write(tmp_path / names["pkg"] / "__init__.py", "P = 'package'\n")
    write(tmp_path / names["pkg"] / "inner.py", "")
    write(tmp_path / f"{names['comp']}.py", "C = 'source beside'\n")
    compile_to("C = 'compiled'\n", tmp_path / f"{names['comp']}.pyc")
    (tmp_path / names["nopkg"]).mkdir()
    write(tmp_path / names["nopkg"] / "loose.py", "")
    return tmp_path, names


# --- ImpImporter ------------------------------------------------------------------------------


def test_importer_warns_on_construction(pkgutil_impl: ModuleType, tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        importer = pkgutil_impl.ImpImporter(str(tmp_path))
    found = emulation_warnings(caught)
    assert len(found) == 1
    assert found[0].category is DeprecationWarning
    assert found[0].filename == pkgutil_impl.__file__
    assert importer.path == str(tmp_path)


def test_importer_default_path_is_none(pkgutil_impl: ModuleType) -> None:
    assert pkgutil_impl.ImpImporter().path is None


def test_find_source_module(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["mod"])
    try:
        assert type(loader) is pkgutil_impl.ImpLoader
        assert loader.fullname == names["mod"]
        assert loader.filename == os.path.join(os.path.realpath(root), f"{names['mod']}.py")
        assert loader.etc == (".py", "r", 1)
        assert loader.file.encoding == "iso-8859-1"
        assert not loader.file.closed
    finally:
        loader.file.close()


def test_find_module_uses_the_real_path(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]], tmp_path_factory
) -> None:
    root, names = tree
    link = tmp_path_factory.mktemp("links") / "link"
    try:
        link.symlink_to(root, target_is_directory=True)
    except OSError as error:
        pytest.skip(f"cannot make symlinks here: {error}")
    loader = pkgutil_impl.ImpImporter(str(link)).find_module(names["mod"])
    loader.file.close()
    assert loader.filename == os.path.join(os.path.realpath(root), f"{names['mod']}.py")


def test_find_package(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["pkg"])
    assert loader.file is None
    assert loader.filename == os.path.join(os.path.realpath(root), names["pkg"])
    assert loader.etc == ("", "", 5)


def test_find_uses_the_last_name_component(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root / names["pkg"])).find_module(
        f"{names['pkg']}.inner"
    )
    loader.file.close()
    assert loader.fullname == f"{names['pkg']}.inner"
    assert loader.filename.endswith(os.sep + "inner.py")


def test_find_missing_gives_none(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    importer = pkgutil_impl.ImpImporter(str(root))
    assert importer.find_module("missing_zz") is None
    assert importer.find_module(names["nopkg"]) is None
    assert importer.find_module("sys") is None  # built-ins only with path None


def test_importer_without_path_finds_builtins(pkgutil_impl: ModuleType) -> None:
    loader = pkgutil_impl.ImpImporter().find_module("marshal")
    assert (loader.file, loader.filename, loader.etc) == (None, None, ("", "", 6))
    assert loader.fullname == "marshal"


def test_importer_without_path_ignores_dotted_names(pkgutil_impl: ModuleType) -> None:
    assert pkgutil_impl.ImpImporter().find_module("os.path") is None


def test_importer_without_path_searches_sys_path(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    sys.path.insert(0, str(root))
    loader = pkgutil_impl.ImpImporter().find_module(names["mod"])
    loader.file.close()
    assert loader.filename == str(root / f"{names['mod']}.py")


def test_iter_modules(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    write(root / "__init__.py", "")
    write(root / "has.dot.py", "")
    write(root / "data.txt", "")
    (root / "dotted.dir").mkdir()
    write(root / "dotted.dir" / "__init__.py", "")
    compile_to("", root / names["nopkg"] / "__init__.pyc")  # a package through its .pyc
    found = list(pkgutil_impl.ImpImporter(str(root)).iter_modules())
    assert found == sorted(
        [(names["mod"], False), (names["pkg"], True), (names["comp"], False),
         (names["nopkg"], True)]
    )


def test_iter_modules_prefix(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    found = dict(pkgutil_impl.ImpImporter(str(root)).iter_modules("top."))
    assert found[f"top.{names['pkg']}"] is True
    assert found[f"top.{names['mod']}"] is False
    assert all(name.startswith("top.") for name in found)


def test_iter_modules_without_directory(pkgutil_impl: ModuleType, tmp_path: Path) -> None:
    assert list(pkgutil_impl.ImpImporter().iter_modules()) == []
    assert list(pkgutil_impl.ImpImporter(str(tmp_path / "missing")).iter_modules()) == []
    file = write(tmp_path / "file.py", "")
    assert list(pkgutil_impl.ImpImporter(file).iter_modules()) == []


# --- ImpLoader ----------------------------------------------------------------------------------


def test_loader_warns_on_construction(pkgutil_impl: ModuleType) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loader = pkgutil_impl.ImpLoader("name", None, "file.py", (".py", "r", 1))
    found = emulation_warnings(caught)
    assert len(found) == 1
    assert found[0].filename == pkgutil_impl.__file__
    assert (loader.fullname, loader.file, loader.filename, loader.etc) == (
        "name", None, "file.py", (".py", "r", 1)
    )
    assert loader.code is None
    assert loader.source is None


def test_load_source_module(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["mod"])
    module = loader.load_module(names["mod"])
    assert type(module) is types.ModuleType
    assert module.S == "\xe9"
    assert sys.modules[names["mod"]] is module
    assert loader.file.closed
    assert module.__loader__ is not loader  # the module looks normally imported


def test_load_module_reopens_a_closed_file(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["comp"])
    loader.file.close()
    assert loader.get_filename() == str(root / f"{names['comp']}.py")
    module = loader.load_module(names["comp"])
    assert module.C == "source beside"


def test_load_package(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["pkg"])
    module = loader.load_module(names["pkg"])
    assert module.P == "package"
    assert module.__path__ == [str(root / names["pkg"])]


def test_load_builtin(pkgutil_impl: ModuleType) -> None:
    loader = pkgutil_impl.ImpImporter().find_module("marshal")
    module = loader.load_module("marshal")
    assert module.__name__ == "marshal"
    assert sys.modules["marshal"] is module


def test_is_package(pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]) -> None:
    root, names = tree
    importer = pkgutil_impl.ImpImporter(str(root))
    package = importer.find_module(names["pkg"])
    module = importer.find_module(names["mod"])
    module.file.close()
    assert package.is_package(names["pkg"]) is True
    assert package.is_package(None) is True
    assert module.is_package(names["mod"]) is False


def test_other_names_are_refused(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["pkg"])
    for method in (loader.is_package, loader.get_code, loader.get_source, loader.get_filename):
        with pytest.raises(ImportError) as info:
            method("other")
        assert str(info.value) == f"Loader for module {names['pkg']} cannot handle module other"


def test_source_module_code_and_source(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["mod"])
    source = loader.get_source()
    assert source == "# coding: latin-1\nS = '\xe9'\n"
    assert loader.file.closed
    assert loader.get_source(names["mod"]) is source  # cached
    code = loader.get_code()
    assert type(code) is types.CodeType
    assert code.co_filename == loader.filename
    assert loader.get_code() is code
    namespace: dict[str, object] = {}
    exec(code, namespace)
    assert namespace["S"] == "\xe9"
    assert loader.get_filename() == loader.filename


def test_compiled_module_code_and_source(
    pkgutil_impl: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    compile_to("C = 'compiled'\n", tmp_path / f"{name}.pyc")
    loader = pkgutil_impl.ImpImporter(str(tmp_path)).find_module(name)
    assert loader.etc == (".pyc", "rb", 2)
    code = loader.get_code()
    assert loader.file.closed
    namespace: dict[str, object] = {}
    exec(code, namespace)
    assert namespace["C"] == "compiled"
    assert loader.get_source() is None  # no x.py beside x.pyc
    write(tmp_path / f"{name}.py", "C = 'beside'\n")
    assert pkgutil_impl.ImpLoader(name, None, loader.filename, loader.etc).get_source() == (
        "C = 'beside'\n"
    )
    assert loader.get_filename() == loader.filename


def test_compiled_module_with_foreign_magic_has_no_code(
    pkgutil_impl: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.pyc", pyc_with_header(FOREIGN_MAGIC + b"\x00" * 12))
    loader = pkgutil_impl.ImpImporter(str(tmp_path)).find_module(name)
    assert loader.get_code() is None
    assert loader.file.closed


def test_package_delegates_to_its_init(
    pkgutil_impl: ModuleType, tree: tuple[Path, dict[str, str]]
) -> None:
    root, names = tree
    loader = pkgutil_impl.ImpImporter(str(root)).find_module(names["pkg"])
    init = os.path.join(os.path.realpath(root), names["pkg"], "__init__.py")
    assert loader.get_filename() == init
    assert loader.get_source() == "P = 'package'\n"
    code = loader.get_code()
    assert code.co_filename == init


def test_builtin_loader_has_nothing_to_show(pkgutil_impl: ModuleType) -> None:
    loader = pkgutil_impl.ImpImporter().find_module("marshal")
    assert loader.get_filename() is None
    assert loader.get_source() is None
    assert loader.get_code() is None
    assert loader.is_package("marshal") is False
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'fullname'"):
        loader.is_package()


def test_get_data(pkgutil_impl: ModuleType, tmp_path: Path) -> None:
    path = write(tmp_path / "blob.bin", b"\x00\x01binary")
    loader = pkgutil_impl.ImpLoader("x", None, path, ("", "", 4))
    assert loader.get_data(path) == b"\x00\x01binary"
    with pytest.raises(FileNotFoundError):
        loader.get_data(str(tmp_path / "missing"))
