"""imp.load_source: the module it returns, its import attributes, sys.modules, file arguments,
bytecode caching, encodings, and every way it can fail."""

from __future__ import annotations

import errno
import importlib
import importlib.machinery
import os
import pathlib
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import IMPLEMENTATIONS, requires_subprocess
from helpers import FOREIGN_MAGIC, bump_mtime, pyc_with_header, write

pytestmark = pytest.mark.usefixtures("import_sandbox")


@pytest.fixture
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the loader write __pycache__ files even under PYTHONDONTWRITEBYTECODE / -B."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


# --- the returned module ------------------------------------------------------------------


def test_returns_executed_module_registered_in_sys_modules(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 40 + 2\nNAME = __name__\nFILE = __file__\n")
    module = imp.load_source(name, path)
    assert type(module) is ModuleType
    assert sys.modules[name] is module
    assert module.X == 42
    assert name == module.NAME
    assert path == module.FILE
    assert module.__name__ == name
    assert module.__file__ == path
    assert module.__package__ == ""
    assert not hasattr(module, "__path__")


def test_loader_is_a_plain_source_file_loader(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    module = imp.load_source(name, path)
    loader = module.__loader__
    assert type(loader) is importlib.machinery.SourceFileLoader
    assert (loader.name, loader.path) == (name, path)
    assert module.__spec__.loader is loader


def test_spec_attributes(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    module = imp.load_source(name, path)
    spec = module.__spec__
    assert type(spec) is importlib.machinery.ModuleSpec
    assert spec.name == name
    assert spec.origin == path
    assert spec.has_location is True
    assert spec.submodule_search_locations is None
    assert spec.parent == ""
    assert spec.cached == imp.cache_from_source(path)
    assert module.__cached__ == imp.cache_from_source(path)


def test_dotted_name_sets_package_but_does_not_import_the_parent(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    parent = unique_name("parent")
    name = f"{parent}.child"
    path = write(tmp_path / "anything.py", "")
    module = imp.load_source(name, path)
    assert module.__name__ == name
    assert module.__package__ == parent
    assert module.__spec__.parent == parent
    assert sys.modules[name] is module
    assert parent not in sys.modules


def test_any_file_suffix_is_accepted(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / "settings.conf", "VALUE = 'from a .conf file'\n")
    module = imp.load_source(name, path)
    assert module.VALUE == "from a .conf file"
    assert module.__file__ == path
    assert type(module.__loader__) is importlib.machinery.SourceFileLoader


def test_relative_path_becomes_absolute_in_spec_but_not_in_loader(
    imp: ModuleType, tmp_path: Path, unique_name, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = unique_name()
    absolute = write(tmp_path / f"{name}.py", "")
    monkeypatch.chdir(tmp_path)
    module = imp.load_source(name, f"{name}.py")
    assert module.__file__ == absolute
    assert module.__spec__.origin == absolute
    assert module.__loader__.path == f"{name}.py"


def test_loading_again_reuses_the_module_object(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    first = imp.load_source(name, path)
    first.added_by_user = "kept"
    write(tmp_path / f"{name}.py", "X = 2\n")
    bump_mtime(path)
    second = imp.load_source(name, path)
    assert second is first
    assert sys.modules[name] is first
    assert first.X == 2
    assert first.added_by_user == "kept"


def test_existing_sys_modules_entry_is_executed_into(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    placeholder = ModuleType(name)
    placeholder.before = True
    sys.modules[name] = placeholder
    path = write(tmp_path / f"{name}.py", "AFTER = True\n")
    module = imp.load_source(name, path)
    assert module is placeholder
    assert (module.before, module.AFTER) == (True, True)
    assert module.__file__ == path
    assert type(module.__loader__) is importlib.machinery.SourceFileLoader


def test_module_can_import_itself_while_loading(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", f"import sys\nSELF = sys.modules[{name!r}]\n")
    module = imp.load_source(name, path)
    assert module.SELF is module


def test_reload_after_load_source_rereads_the_file(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    # The returned module's loader must not hold on to the (closed) file of the first load.
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    sys.path.insert(0, str(tmp_path))
    with open(path, "rb") as file:
        module = imp.load_source(name, path, file)
    write(tmp_path / f"{name}.py", "X = 2\n")
    bump_mtime(path)
    assert importlib.reload(module) is module
    assert module.X == 2


# --- bytecode caching ------------------------------------------------------------------


def test_writes_bytecode_cache(
    imp: ModuleType, tmp_path: Path, unique_name, writes_bytecode: None
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    imp.load_source(name, path)
    cached = Path(imp.cache_from_source(path))
    assert cached.is_file()
    assert cached.read_bytes()[:4] == imp.get_magic()


def test_honours_dont_write_bytecode(
    imp: ModuleType, tmp_path: Path, unique_name, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    imp.load_source(name, path)
    assert not (tmp_path / "__pycache__").exists()


def test_stale_cached_bytecode_is_ignored(
    imp: ModuleType, tmp_path: Path, unique_name, writes_bytecode: None
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'old'\n")
    imp.load_source(unique_name(), path)  # leaves a .pyc of the old source
    write(tmp_path / f"{name}.py", "X = 'new'\n")
    bump_mtime(path)
    assert imp.load_source(name, path).X == "new"


def test_fresh_cached_bytecode_is_used(
    imp: ModuleType, tmp_path: Path, unique_name, writes_bytecode: None
) -> None:
    # Proof that load_source goes through the cache: a fresh .pyc wins over the source text.
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'source'\n")
    imp.load_source(unique_name(), path)
    cached = Path(imp.cache_from_source(path))
    header = cached.read_bytes()[:16]
    cached.write_bytes(pyc_with_header(header, "X = 'bytecode'\n"))
    assert imp.load_source(name, path).X == "bytecode"


def test_cached_bytecode_with_foreign_magic_is_ignored(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'source'\n")
    cached = Path(imp.cache_from_source(path))
    write(cached, pyc_with_header(FOREIGN_MAGIC + b"\x00" * 12, "X = 'foreign'\n"))
    assert imp.load_source(name, path).X == "source"


# --- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"S = '\xc3\xa9\xe2\x82\xac'\n",
        b"\xef\xbb\xbfS = '\xc3\xa9\xe2\x82\xac'\n",
        b"# -*- coding: cp1252 -*-\nS = '\xe9\x80'\n",
        b"#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\nS = '\xe9\x80'\n",
    ],
    ids=["utf-8", "bom", "cookie", "cookie-line-2"],
)
def test_source_encoding_is_honoured(
    imp: ModuleType, tmp_path: Path, unique_name, content: bytes
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", content)
    assert imp.load_source(name, path).S == "\xe9\u20ac"


def test_undecodable_source_is_a_syntaxerror(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", b"S = '\xe9'\n")
    with pytest.raises(SyntaxError):
        imp.load_source(name, path)
    assert name not in sys.modules


def test_unknown_encoding_cookie_is_a_syntaxerror(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", b"# coding: klingon\nX = 1\n")
    with pytest.raises(SyntaxError, match="klingon"):
        imp.load_source(name, path)
    assert name not in sys.modules


# --- the optional file argument ----------------------------------------------------------


def test_text_file_argument_is_closed_and_the_path_reread(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'path'\n")
    other = write(tmp_path / "other.py", "X = 'file'\n")
    file = open(other, encoding="utf-8")  # noqa: SIM115 - load_source must close it
    module = imp.load_source(name, path, file)
    assert file.closed
    assert module.X == "path"


def test_binary_file_argument_is_read_and_closed(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'path'\n")
    other = write(tmp_path / "other.py", "X = 'file'\n")
    file = open(other, "rb")  # noqa: SIM115 - load_source must close it
    module = imp.load_source(name, path, file)
    assert file.closed
    assert module.X == "file"
    assert module.__file__ == path
    assert type(module.__loader__) is importlib.machinery.SourceFileLoader


def test_file_from_find_module_round_trip(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    write(tmp_path / f"{name}.py", "# coding: latin-1\nS = '\xe9'\n".encode("latin-1"))
    file, path, _ = imp.find_module(name, [str(tmp_path)])
    module = imp.load_source(name, path, file)
    assert file.closed
    assert module.S == "\xe9"


def test_already_closed_file_argument_reopens_the_path(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'path'\n")
    file = open(path, "rb")  # noqa: SIM115
    file.close()
    assert imp.load_source(name, path, file).X == "path"


# --- failures ---------------------------------------------------------------------------------


def test_missing_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = str(tmp_path / "missing.py")
    with pytest.raises(FileNotFoundError) as info:
        imp.load_source(name, path)
    assert info.value.errno == errno.ENOENT
    assert info.value.filename == path
    assert str(info.value) == f"[Errno {errno.ENOENT}] No such file or directory: {path!r}"
    assert name not in sys.modules


def test_missing_file_keeps_the_existing_module(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    module = imp.load_source(name, path)
    os.remove(path)
    with pytest.raises(FileNotFoundError):
        imp.load_source(name, path)
    assert sys.modules[name] is module
    assert module.X == 1


def test_directory_instead_of_file(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    with pytest.raises(IsADirectoryError):
        imp.load_source(name, str(tmp_path))
    assert name not in sys.modules


def test_syntax_error(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\ndef broken(:\n")
    with pytest.raises(SyntaxError) as info:
        imp.load_source(name, path)
    assert info.value.filename == path
    assert info.value.lineno == 2
    assert name not in sys.modules


def test_exception_in_module_body_propagates_and_unregisters(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\nraise KeyError('boom')\n")
    with pytest.raises(KeyError) as info:
        imp.load_source(name, path)
    assert info.value.args == ("boom",)
    assert name not in sys.modules


def test_exception_when_reloading_keeps_the_module(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    module = imp.load_source(name, path)
    write(tmp_path / f"{name}.py", "X = 2\nraise ValueError('second')\n")
    bump_mtime(path)
    with pytest.raises(ValueError, match="second"):
        imp.load_source(name, path)
    assert sys.modules[name] is module
    assert module.X == 2


@pytest.mark.parametrize(
    ("pathname", "error", "message"),
    [
        (None, AttributeError, "'NoneType' object has no attribute 'rfind'"),
        (42, TypeError, "expected str, bytes or os.PathLike object, not int"),
        (b"/x.py", TypeError, "startswith first arg must be bytes or a tuple of bytes, not str"),
        (pathlib.PurePosixPath("/x.py"), AttributeError,
         "'PurePosixPath' object has no attribute 'rfind'"),
    ],
    ids=["None", "int", "bytes", "pathlib"],
)
def test_non_str_pathname(
    imp: ModuleType, unique_name, pathname: object, error: type[Exception], message: str
) -> None:
    # 3.11 accepts only str paths here; the errors come from importlib's own path handling.
    name = unique_name()
    with pytest.raises(error) as info:
        imp.load_source(name, pathname)
    assert str(info.value) == message
    assert name not in sys.modules


def test_non_str_name(imp: ModuleType, tmp_path: Path) -> None:
    path = write(tmp_path / "mod.py", "")
    with pytest.raises(AttributeError) as info:
        imp.load_source(5, path)
    assert str(info.value) == "'int' object has no attribute 'rpartition'"
    assert 5 not in sys.modules


# --- what the module's own code can see and do ---------------------------------------------


def test_module_replacing_itself_in_sys_modules(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(
        tmp_path / f"{name}.py",
        "import sys, types\nreplacement = types.ModuleType('replacement')\n"
        "replacement.__spec__ = __spec__\n"
        "replacement.ORIGINAL = sys.modules[__name__]\nsys.modules[__name__] = replacement\n",
    )
    module = imp.load_source(name, path)
    assert module.__name__ == "replacement"
    assert sys.modules[name] is module
    assert module.ORIGINAL.__name__ == name
    assert type(module.__loader__) is importlib.machinery.SourceFileLoader
    # and again, now executing into the replacement that sys.modules holds
    again = imp.load_source(name, path)
    assert again is not module
    assert again.__name__ == "replacement"
    assert again.ORIGINAL is module
    assert module.__name__ == name  # re-execution re-initialised the attributes it ran in
    assert sys.modules[name] is again


def test_replacement_without_a_spec_fails_after_loading(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    # 3.11 points the replacement's __spec__.loader at the plain loader: None has no .loader.
    name = unique_name()
    path = write(
        tmp_path / f"{name}.py",
        "import sys, types\nsys.modules[__name__] = types.ModuleType('replacement')\n",
    )
    with pytest.raises(AttributeError, match=r"^'NoneType' object has no attribute 'loader'"):
        imp.load_source(name, path)
    assert sys.modules[name].__name__ == "replacement"


def test_module_removing_itself_from_sys_modules(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "import sys\ndel sys.modules[__name__]\n")
    with pytest.raises(KeyError) as info:
        imp.load_source(name, path)
    assert info.value.args == (name,)
    assert name not in sys.modules


def test_sys_modules_entry_that_is_not_a_module(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 1\n")
    sys.modules[name] = None
    with pytest.raises(AttributeError) as info:
        imp.load_source(name, path)
    assert str(info.value) == "'NoneType' object has no attribute '__name__'"
    assert sys.modules[name] is None


def test_loader_seen_while_executing(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    # During execution the module sees the loader that honours the file argument.
    name = unique_name()
    path = write(
        tmp_path / f"{name}.py",
        "import importlib.machinery\nLOADER_TYPE = type(__loader__).__name__\n"
        "IS_SOURCE_LOADER = isinstance(__loader__, importlib.machinery.SourceFileLoader)\n"
        "SPEC_LOADER_IS_LOADER = __spec__.loader is __loader__\n",
    )
    module = imp.load_source(name, path)
    assert module.LOADER_TYPE == "_LoadSourceCompatibility"
    assert module.IS_SOURCE_LOADER is True
    assert module.SPEC_LOADER_IS_LOADER is True
    assert type(module.__loader__).__name__ == "SourceFileLoader"


def test_file_argument_unused_when_fresh_bytecode_exists(
    imp: ModuleType, tmp_path: Path, unique_name, writes_bytecode: None
) -> None:
    # The source (and so the caller's file) is only read when the cached .pyc is stale.
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "X = 'cached'\n")
    imp.load_source(unique_name(), path)
    with open(path, "rb") as file:
        module = imp.load_source(name, path, file)
        assert not file.closed
        assert file.tell() == 0
    assert module.X == "cached"


@requires_subprocess
@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
def test_verbose_mode_reports_the_import(
    tmp_path: Path, unique_name, implementation: str
) -> None:
    # `python -v` logs every module load_source executes, as the import system does.
    import re
    import subprocess

    import imp_compat

    module = "imp_compat" if implementation == "imp_compat" else "imp"
    name = unique_name()
    path = write(tmp_path / f"{name}.py", "")
    root = os.path.dirname(os.path.dirname(imp_compat.__file__))
    code = (
        f"import sys, warnings; sys.path.append({root!r}); warnings.simplefilter('ignore')\n"
        f"import {module}\n{module}.load_source({name!r}, {path!r})\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    result = subprocess.run(
        [sys.executable, "-v", "-c", code], capture_output=True, text=True, env=env,
        timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pattern = rf"^import {re.escape(repr(name))} # <\S*_LoadSourceCompatibility object at 0x\w+>$"
    assert re.search(pattern, result.stderr, re.MULTILINE), result.stderr[-2000:]


def test_circular_import_sees_a_partially_initialised_module(
    imp: ModuleType, tmp_path: Path, unique_name
) -> None:
    # The module is marked as initialising while it runs, so the interpreter explains a
    # circular `from ... import` the way it does for ordinary imports.
    first, second = unique_name("first"), unique_name("second")
    first_path = write(tmp_path / f"{first}.py", f"import {second}\nLATER = 1\n")
    write(tmp_path / f"{second}.py", f"from {first} import LATER\n")
    sys.path.insert(0, str(tmp_path))
    with pytest.raises(ImportError) as info:
        imp.load_source(first, first_path)
    message = str(info.value)
    assert message.startswith(
        f"cannot import name 'LATER' from partially initialized module {first!r}"
    )
    assert "circular import" in message
    assert first not in sys.modules


def test_submodule_is_not_bound_on_its_parent(imp: ModuleType, tmp_path: Path, unique_name) -> None:
    # Binding `parent.child` is the import statement's job, which load_source does not do.
    parent_name = unique_name("parent")
    parent = ModuleType(parent_name)
    parent.__path__ = []
    sys.modules[parent_name] = parent
    module = imp.load_source(f"{parent_name}.child", write(tmp_path / "child.py", ""))
    assert module.__package__ == parent_name
    assert not hasattr(parent, "child")
