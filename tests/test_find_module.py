"""imp.find_module: search order, return triples, open files and their encoding, error paths."""

from __future__ import annotations

import importlib.machinery
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from helpers import FROZEN_AVAILABLE, compile_to, write

pytestmark = pytest.mark.usefixtures("import_sandbox")

requires_frozen = pytest.mark.skipif(not FROZEN_AVAILABLE, reason="no frozen __hello__ here")


@pytest.fixture
def opened() -> Iterator[list[object]]:
    """Files returned by find_module; closed after the test whatever happens."""
    files: list[object] = []
    yield files
    for file in files:
        if file is not None:
            file.close()  # type: ignore[attr-defined]


def find(imp: ModuleType, opened: list[object], name: str, path: object = None) -> tuple:
    result = imp.find_module(name, path)
    opened.append(result[0])
    return result


# --- argument checking -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"), [(b"os", "bytes"), (None, "NoneType"), (3, "int"), (["os"], "list")]
)
def test_name_must_be_str(imp: ModuleType, name: object, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        imp.find_module(name)
    assert str(info.value) == f"'name' must be a str, not <class '{kind}'>"


@pytest.mark.parametrize(
    ("path", "kind"), [(("a",), "tuple"), ("a", "str"), (b"a", "bytes"), (0, "int"), ({}, "dict")]
)
def test_path_must_be_none_or_list(imp: ModuleType, path: object, kind: str) -> None:
    with pytest.raises(RuntimeError) as info:
        imp.find_module("os", path)
    assert str(info.value) == f"'path' must be None or a list, not <class '{kind}'>"


def test_name_is_checked_before_path(imp: ModuleType) -> None:
    with pytest.raises(TypeError, match="'name' must be a str"):
        imp.find_module(1, ("not", "a", "list"))


def test_none_entry_in_path_raises_typeerror(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.find_module("anything", [None])
    assert str(info.value) == "expected str, bytes or os.PathLike object, not NoneType"


def test_int_entry_in_path_raises_typeerror(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.find_module("anything", [7])
    assert str(info.value) == "expected str, bytes or os.PathLike object, not int"


def test_bytes_entry_in_path_raises_typeerror(imp: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(TypeError) as info:
        imp.find_module("anything", [bytes(tmp_path)])
    assert str(info.value) == "Can't mix strings and bytes in path components"


def test_entries_before_a_bad_one_are_searched_first(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "")
    _, filename, _ = find(imp, opened, name, [str(tmp_path), None])
    assert filename == str(tmp_path / f"{name}.py")


# --- modules that are not found ---------------------------------------------------------


def test_missing_module_raises_importerror_with_name(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    with pytest.raises(ImportError) as info:
        imp.find_module(name, [str(tmp_path)])
    assert type(info.value) is ImportError
    assert str(info.value) == f"No module named {name!r}"
    assert info.value.name == name
    assert info.value.path is None


def test_missing_module_on_sys_path(imp: ModuleType, unique_name) -> None:
    name = unique_name()
    with pytest.raises(ImportError) as info:
        imp.find_module(name)
    assert str(info.value) == f"No module named {name!r}"
    assert info.value.name == name


def test_empty_path_list_finds_nothing(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "")
    sys.path.insert(0, str(tmp_path))
    with pytest.raises(ImportError, match=f"^No module named '{name}'$"):
        imp.find_module(name, [])


def test_empty_name(imp: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(ImportError) as info:
        imp.find_module("", [str(tmp_path)])
    assert str(info.value) == "No module named ''"
    assert info.value.name == ""


def test_dotted_name_is_not_searched_as_a_submodule(imp: ModuleType) -> None:
    # find_module takes one name component; 'email.mime' is looked up as a file called that.
    with pytest.raises(ImportError) as info:
        imp.find_module("email.mime")
    assert str(info.value) == "No module named 'email.mime'"


def test_builtin_is_not_found_in_an_explicit_path(imp: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(ImportError, match=r"^No module named 'sys'$"):
        imp.find_module("sys", [str(tmp_path)])


def test_directory_without_init_is_not_a_package(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    (tmp_path / name).mkdir()
    write(tmp_path / name / "module.py", "")
    with pytest.raises(ImportError) as info:
        imp.find_module(name, [str(tmp_path)])
    assert str(info.value) == f"No module named {name!r}"


def test_directory_named_like_a_module_file_is_skipped(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    (tmp_path / f"{name}.py").mkdir()
    with pytest.raises(ImportError, match="No module named"):
        imp.find_module(name, [str(tmp_path)])


def test_init_that_is_a_directory_does_not_make_a_package(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    (tmp_path / name / "__init__.py").mkdir(parents=True)
    with pytest.raises(ImportError, match="No module named"):
        imp.find_module(name, [str(tmp_path)])


# --- built-in and frozen modules ----------------------------------------------------------


@pytest.mark.parametrize("name", ["sys", "builtins", "_imp", "marshal"])
def test_builtin_module(imp: ModuleType, name: str) -> None:
    assert imp.find_module(name) == (None, None, ("", "", imp.C_BUILTIN))
    assert imp.find_module(name, None) == (None, None, ("", "", 6))


@requires_frozen
@pytest.mark.parametrize("name", ["__hello__", "__phello__", "__phello__.spam"])
def test_frozen_module(imp: ModuleType, name: str) -> None:
    assert imp.find_module(name) == (None, None, ("", "", imp.PY_FROZEN))
    assert imp.PY_FROZEN == 7


def test_builtin_wins_over_a_file_on_sys_path(imp: ModuleType, tmp_path: Path) -> None:
    write(tmp_path / "marshal.py", "")
    sys.path.insert(0, str(tmp_path))
    assert imp.find_module("marshal") == (None, None, ("", "", imp.C_BUILTIN))


# --- source, bytecode, extension, package -----------------------------------------------


def test_source_module(imp: ModuleType, tmp_path: Path, opened: list[object], unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    file, filename, details = find(imp, opened, name, [str(tmp_path)])
    assert filename == path
    assert details == (".py", "r", imp.PY_SOURCE)
    assert details == (".py", "r", 1)
    assert type(file) is io.TextIOWrapper
    assert file.name == path
    assert file.mode == "r"
    assert file.encoding == "utf-8"
    assert not file.closed
    assert file.tell() == 0
    assert file.read() == "X = 1\n"


def test_source_module_found_through_sys_path(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    sys.path.insert(0, str(tmp_path))
    _, filename, details = find(imp, opened, name)
    assert (filename, details) == (path, (".py", "r", 1))


def test_first_matching_path_entry_wins(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    write(tmp_path / "a" / f"{name}.py", "")
    second = write(tmp_path / "b" / f"{name}.py", "")
    (tmp_path / "empty").mkdir()
    _, filename, _ = find(imp, opened, name, [str(tmp_path / "empty"), str(tmp_path / "b"),
                                              str(tmp_path / "a")])
    assert filename == second


def test_missing_path_entries_are_skipped(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    _, filename, _ = find(imp, opened, name, [str(tmp_path / "nowhere"), str(tmp_path)])
    assert filename == path


def test_pathlike_entry_gives_str_filename(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    _, filename, details = find(imp, opened, name, [tmp_path])
    assert type(filename) is str
    assert filename == path
    assert details == (".py", "r", 1)


def test_empty_entry_means_current_directory(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "")
    monkeypatch.chdir(tmp_path)
    _, filename, details = find(imp, opened, name, [""])
    assert filename == f"{name}.py"
    assert details == (".py", "r", 1)


def test_bytecode_module(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    pyc = compile_to("X = 1\n", tmp_path / f"{name}.pyc")
    file, filename, details = find(imp, opened, name, [str(tmp_path)])
    assert filename == pyc
    assert details == (".pyc", "rb", imp.PY_COMPILED)
    assert details == (".pyc", "rb", 2)
    assert type(file) is io.BufferedReader
    assert file.mode == "rb"
    assert file.name == pyc
    assert not file.closed
    assert file.read(4) == imp.get_magic()


def test_pycache_bytecode_is_not_found(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    compile_to("X = 1\n", tmp_path / "__pycache__" / f"{name}.{sys.implementation.cache_tag}.pyc")
    with pytest.raises(ImportError, match="No module named"):
        imp.find_module(name, [str(tmp_path)])


def test_extension_module_file(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    # find_module only looks at file names; it does not open the library.
    name = unique_name()
    suffix = importlib.machinery.EXTENSION_SUFFIXES[-1]
    path = write(tmp_path / f"{name}{suffix}", b"\x7fELF not really")
    file, filename, details = find(imp, opened, name, [str(tmp_path)])
    assert filename == path
    assert details == (suffix, "rb", imp.C_EXTENSION)
    assert details[2] == 3
    assert file.mode == "rb"
    assert file.read() == b"\x7fELF not really"


def test_order_extension_then_source_then_bytecode(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    ext_suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    write(tmp_path / f"{name}{ext_suffix}", b"")
    write(tmp_path / f"{name}.py", "")
    compile_to("", tmp_path / f"{name}.pyc")
    assert find(imp, opened, name, [str(tmp_path)])[2] == (ext_suffix, "rb", 3)
    (tmp_path / f"{name}{ext_suffix}").unlink()
    assert find(imp, opened, name, [str(tmp_path)])[2] == (".py", "r", 1)
    (tmp_path / f"{name}.py").unlink()
    assert find(imp, opened, name, [str(tmp_path)])[2] == (".pyc", "rb", 2)


def test_extension_suffixes_are_tried_in_order(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    if len(suffixes) < 2:
        pytest.skip("only one extension suffix on this platform")
    name = unique_name()
    for suffix in suffixes[1:]:
        write(tmp_path / f"{name}{suffix}", b"")
    assert find(imp, opened, name, [str(tmp_path)])[2] == (suffixes[1], "rb", 3)


def test_package_directory(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "")
    result = imp.find_module(name, [str(tmp_path)])
    assert result == (None, str(tmp_path / name), ("", "", imp.PKG_DIRECTORY))
    assert imp.PKG_DIRECTORY == 5


def test_package_with_only_bytecode_init(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    compile_to("", tmp_path / name / "__init__.pyc")
    assert imp.find_module(name, [str(tmp_path)]) == (None, str(tmp_path / name), ("", "", 5))


def test_package_wins_over_module_of_same_name(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "")
    write(tmp_path / f"{name}.py", "")
    assert imp.find_module(name, [str(tmp_path)]) == (None, str(tmp_path / name), ("", "", 5))


def test_module_found_beside_directory_without_init(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    (tmp_path / name).mkdir()
    path = write(tmp_path / f"{name}.py", "")
    assert find(imp, opened, name, [str(tmp_path)])[1:] == (path, (".py", "r", 1))


def test_submodule_search_with_package_path(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    write(tmp_path / name / "__init__.py", "")
    sub = write(tmp_path / name / "child.py", "")
    _, pkg_dir, _ = imp.find_module(name, [str(tmp_path)])
    assert find(imp, opened, "child", [pkg_dir])[1:] == (sub, (".py", "r", 1))


# --- the encoding of the returned source file ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "encoding", "text"),
    [
        (b"S = '\xc3\xa9'\n", "utf-8", "S = '\xe9'\n"),
        (b"# -*- coding: latin-1 -*-\nS = '\xe9'\n", "iso-8859-1",
         "# -*- coding: latin-1 -*-\nS = '\xe9'\n"),
        (b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nS = '\x80'\n", "cp1252",
         "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nS = '\u20ac'\n"),
        (b"# coding: utf8\n", "utf8", "# coding: utf8\n"),
        (b"\xef\xbb\xbfS = '\xc3\xa9'\n", "utf-8-sig", "S = '\xe9'\n"),
        (b"\xef\xbb\xbf# coding: utf-8\n", "utf-8-sig", "# coding: utf-8\n"),
        (b"\n\n# coding: latin-1\n", "utf-8", "\n\n# coding: latin-1\n"),
    ],
    ids=["default", "cookie", "cookie-line-2", "utf8-alias", "bom", "bom-and-cookie",
         "cookie-too-late"],
)
def test_source_file_is_opened_with_its_declared_encoding(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name,
    content: bytes, encoding: str, text: str
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", content)
    file, _, _ = find(imp, opened, name, [str(tmp_path)])
    assert file.encoding == encoding
    assert file.read() == text


def test_unknown_encoding_cookie_is_a_syntaxerror(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "# -*- coding: klingon -*-\n")
    with pytest.raises(SyntaxError) as info:
        imp.find_module(name, [str(tmp_path)])
    assert str(info.value) == f"unknown encoding for {path!r}: klingon"


def test_bom_with_conflicting_cookie_is_a_syntaxerror(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", b"\xef\xbb\xbf# coding: latin-1\n")
    with pytest.raises(SyntaxError) as info:
        imp.find_module(name, [str(tmp_path)])
    assert str(info.value) == f"encoding problem for {path!r}: utf-8"


def test_syntax_errors_in_the_source_are_not_found_by_find_module(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "def (:\n")
    assert find(imp, opened, name, [str(tmp_path)])[1] == path


def test_find_module_does_not_import(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "raise SystemExit('must not run')\n")
    write(tmp_path / (pkg := unique_name()) / "__init__.py", "raise SystemExit('nor this')\n")
    find(imp, opened, name, [str(tmp_path)])
    imp.find_module(pkg, [str(tmp_path)])
    assert name not in sys.modules
    assert pkg not in sys.modules


def test_name_with_a_separator_is_joined_as_a_path(
    imp: ModuleType, tmp_path: Path, opened: list[object]
) -> None:
    # A 3.11 quirk kept for fidelity: the name is not validated, only joined to each entry.
    path = write(tmp_path / "sub" / "mod.py", "")
    assert find(imp, opened, "sub/mod", [str(tmp_path)])[1:] == (path, (".py", "r", 1))


def test_source_file_is_a_plain_text_file(
    imp: ModuleType, tmp_path: Path, opened: list[object], unique_name
) -> None:
    # Universal newlines and strict decoding, as open() gives by default.
    name = unique_name()
    write(tmp_path / f"{name}.py", b"A = 1\r\nB = 2\rC = 3\n")
    file, _, _ = find(imp, opened, name, [str(tmp_path)])
    assert file.errors == "strict"
    assert file.readlines() == ["A = 1\n", "B = 2\n", "C = 3\n"]
