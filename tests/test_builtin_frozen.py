"""Built-in and frozen modules: is_builtin, init_builtin, is_frozen, is_frozen_package,
init_frozen, get_frozen_object."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from types import ModuleType

import pytest
from helpers import FROZEN_AVAILABLE

pytestmark = pytest.mark.usefixtures("import_sandbox")

requires_frozen = pytest.mark.skipif(not FROZEN_AVAILABLE, reason="no frozen __hello__ here")

# Built into every CPython >= 3.11 (checked below against sys.builtin_module_names).
REINITIALISABLE_BUILTINS = ["_thread", "_imp", "marshal", "_io", "_weakref"]


# --- is_builtin -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sys", "builtins"])
def test_is_builtin_minus_one_for_modules_that_cannot_be_reinitialised(
    imp: ModuleType, name: str
) -> None:
    assert imp.is_builtin(name) == -1


@pytest.mark.parametrize("name", REINITIALISABLE_BUILTINS)
def test_is_builtin_one_for_other_builtins(imp: ModuleType, name: str) -> None:
    assert name in sys.builtin_module_names
    result = imp.is_builtin(name)
    assert result == 1
    assert type(result) is int


def test_is_builtin_agrees_with_builtin_module_names(imp: ModuleType) -> None:
    for name in sys.builtin_module_names:
        assert imp.is_builtin(name) in (1, -1), name


@pytest.mark.parametrize("name", ["os", "__hello__", "imp_compat", "", "sys.x", "nope_zz"])
def test_is_builtin_zero_otherwise(imp: ModuleType, name: str) -> None:
    result = imp.is_builtin(name)
    assert result == 0
    assert type(result) is int


@pytest.mark.parametrize(("arg", "kind"), [(b"sys", "bytes"), (None, "None"), (1, "int")])
def test_is_builtin_needs_str(imp: ModuleType, arg: object, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        imp.is_builtin(arg)
    assert str(info.value) == f"is_builtin() argument must be str, not {kind}"


# --- init_builtin ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sys", "builtins"])
def test_init_builtin_returns_the_running_module_for_sys_and_builtins(
    imp: ModuleType, name: str
) -> None:
    before = sys.modules[name]
    assert imp.init_builtin(name) is before
    assert sys.modules[name] is before


@pytest.mark.parametrize("name", ["_thread", "marshal"])
def test_init_builtin_registers_the_module(imp: ModuleType, name: str) -> None:
    module = imp.init_builtin(name)
    assert type(module) is ModuleType
    assert module.__name__ == name
    assert sys.modules[name] is module
    assert module.__loader__ is importlib.machinery.BuiltinImporter
    spec = module.__spec__
    assert (spec.name, spec.origin, spec.loader) == (
        name, "built-in", importlib.machinery.BuiltinImporter
    )
    assert not hasattr(module, "__file__")


def test_init_builtin_works_when_not_yet_in_sys_modules(imp: ModuleType) -> None:
    del sys.modules["marshal"]
    module = imp.init_builtin("marshal")
    assert sys.modules["marshal"] is module
    assert module.loads(module.dumps(5)) == 5


@pytest.mark.parametrize("name", ["nope_zz", "os", "__hello__", ""])
def test_init_builtin_gives_none_for_non_builtins(imp: ModuleType, name: str) -> None:
    before = sys.modules.get(name)
    assert imp.init_builtin(name) is None
    assert sys.modules.get(name) is before


def test_init_builtin_needs_str(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.init_builtin(1)
    assert str(info.value) == "is_builtin() argument must be str, not int"


# --- is_frozen / is_frozen_package --------------------------------------------------------------


@requires_frozen
@pytest.mark.parametrize("name", ["__hello__", "__phello__", "__phello__.spam", "__hello_alias__"])
def test_is_frozen_true(imp: ModuleType, name: str) -> None:
    assert imp.is_frozen(name) is True


@pytest.mark.parametrize("name", ["sys", "nope_zz", "", "imp_compat"])
def test_is_frozen_false(imp: ModuleType, name: str) -> None:
    assert imp.is_frozen(name) is False


def test_is_frozen_matches_the_frozen_importer(imp: ModuleType) -> None:
    for name in ["__hello__", "os", "zipimport", "codecs", "abc", "sys", "nope_zz"]:
        expected = importlib.machinery.FrozenImporter.find_spec(name) is not None
        assert imp.is_frozen(name) is expected, name


def test_is_frozen_needs_str(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.is_frozen(b"__hello__")
    assert str(info.value) == "is_frozen() argument must be str, not bytes"


@requires_frozen
@pytest.mark.parametrize(
    ("name", "expected"),
    [("__phello__", True), ("__phello__.ham", True), ("__hello__", False),
     ("__phello__.spam", False)],
)
def test_is_frozen_package(imp: ModuleType, name: str, expected: bool) -> None:
    assert imp.is_frozen_package(name) is expected


@pytest.mark.parametrize("name", ["nope_zz", "sys"])
def test_is_frozen_package_of_unknown_name(imp: ModuleType, name: str) -> None:
    with pytest.raises(ImportError) as info:
        imp.is_frozen_package(name)
    assert type(info.value) is ImportError
    assert str(info.value) == f"No such frozen object named {name!r}"
    assert info.value.name == name


def test_is_frozen_package_needs_str(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.is_frozen_package(1)
    assert str(info.value) == "is_frozen_package() argument must be str, not int"


# --- get_frozen_object ----------------------------------------------------------------------------


@requires_frozen
def test_get_frozen_object(imp: ModuleType) -> None:
    code = imp.get_frozen_object("__hello__")
    assert type(code) is types.CodeType
    assert code.co_name == "<module>"
    assert code.co_filename == "<frozen __hello__>"
    namespace: dict[str, object] = {"__name__": "not_main"}
    exec(code, namespace)
    assert namespace["initialized"] is True


@requires_frozen
def test_get_frozen_object_of_a_package(imp: ModuleType) -> None:
    code = imp.get_frozen_object("__phello__")
    assert type(code) is types.CodeType
    assert code.co_filename == "<frozen __phello__>"


@pytest.mark.parametrize("name", ["nope_zz", "sys"])
def test_get_frozen_object_of_unknown_name(imp: ModuleType, name: str) -> None:
    with pytest.raises(ImportError) as info:
        imp.get_frozen_object(name)
    assert str(info.value) == f"No such frozen object named {name!r}"
    assert info.value.name == name


def test_get_frozen_object_needs_str(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.get_frozen_object(None)
    assert str(info.value) == "get_frozen_object() argument 1 must be str, not None"


# --- init_frozen ------------------------------------------------------------------------------


@requires_frozen
def test_init_frozen(imp: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    sys.modules.pop("__hello__", None)
    module = imp.init_frozen("__hello__")
    assert type(module) is ModuleType
    assert module.__name__ == "__hello__"
    assert sys.modules["__hello__"] is module
    assert module.initialized is True
    assert not hasattr(module, "__file__")
    # _imp.init_frozen executes the code into a bare module: no spec, no loader.
    assert module.__spec__ is None
    assert module.__loader__ is None
    assert capsys.readouterr().out == ""  # main() only runs as __main__


@requires_frozen
def test_init_frozen_again_executes_into_the_same_module(imp: ModuleType) -> None:
    sys.modules.pop("__hello__", None)
    first = imp.init_frozen("__hello__")
    first.initialized = "reset by the test"
    second = imp.init_frozen("__hello__")
    assert second is first
    assert sys.modules["__hello__"] is first
    assert first.initialized is True


@requires_frozen
def test_init_frozen_package_has_a_path(imp: ModuleType) -> None:
    sys.modules.pop("__phello__", None)
    module = imp.init_frozen("__phello__")
    assert module.__name__ == "__phello__"
    assert module.__path__ == []
    assert sys.modules["__phello__"] is module


@pytest.mark.parametrize("name", ["nope_zz", "sys"])
def test_init_frozen_gives_none_for_unknown_names(imp: ModuleType, name: str) -> None:
    before = sys.modules.get(name)
    assert imp.init_frozen(name) is None
    assert sys.modules.get(name) is before


def test_init_frozen_needs_str(imp: ModuleType) -> None:
    with pytest.raises(TypeError) as info:
        imp.init_frozen(1)
    assert str(info.value) == "init_frozen() argument must be str, not int"
