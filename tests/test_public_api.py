"""The public names of imp_compat, their kinds and call signatures, against Python 3.11's imp.

On 3.11 the recorded facts below are themselves checked against the standard library, so that
the same record can stand in for the reference on 3.12 and later, where imp is gone.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType

import pytest
from conftest import requires_stdlib_imp

import imp_compat

# Python 3.11's imp: public name -> (kind, signature with annotations dropped).
# ``None`` as a signature: 3.11 itself offers none to introspect (a C function).
RECORDED_311: dict[str, tuple[str, str | None]] = {
    "SEARCH_ERROR": ("int", None),
    "PY_SOURCE": ("int", None),
    "PY_COMPILED": ("int", None),
    "C_EXTENSION": ("int", None),
    "PY_RESOURCE": ("int", None),
    "PKG_DIRECTORY": ("int", None),
    "C_BUILTIN": ("int", None),
    "PY_FROZEN": ("int", None),
    "PY_CODERESOURCE": ("int", None),
    "IMP_HOOK": ("int", None),
    "NullImporter": ("class", "(path)"),
    "acquire_lock": ("function", "()"),
    "cache_from_source": ("function", "(path, debug_override=None)"),
    "create_dynamic": ("function", None),
    "find_module": ("function", "(name, path=None)"),
    "get_frozen_object": ("function", "(name, data=None, /)"),
    "get_magic": ("function", "()"),
    "get_suffixes": ("function", "()"),
    "get_tag": ("function", "()"),
    "init_builtin": ("function", "(name)"),
    "init_frozen": ("function", "(name, /)"),
    "is_builtin": ("function", "(name, /)"),
    "is_frozen": ("function", "(name, /)"),
    "is_frozen_package": ("function", "(name, /)"),
    "load_compiled": ("function", "(name, pathname, file=None)"),
    "load_dynamic": ("function", "(name, path, file=None)"),
    "load_module": ("function", "(name, file, filename, details)"),
    "load_package": ("function", "(name, path)"),
    "load_source": ("function", "(name, pathname, file=None)"),
    "lock_held": ("function", "()"),
    "new_module": ("function", "(name)"),
    "release_lock": ("function", "()"),
    "reload": ("function", "(module)"),
    "source_from_cache": ("function", "(path)"),
}
# Names 3.11's imp exposes only because its own code imported them: not part of the API.
INCIDENTAL_311 = {"SourcelessFileLoader"}

RECORDED_METHODS_311: dict[str, str] = {
    "NullImporter.find_module": "(self, fullname)",
    "pkgutil.ImpImporter": "(path=None)",
    "pkgutil.ImpImporter.find_module": "(self, fullname, path=None)",
    "pkgutil.ImpImporter.iter_modules": "(self, prefix='')",
    "pkgutil.ImpLoader": "(fullname, file, filename, etc)",
    "pkgutil.ImpLoader.load_module": "(self, fullname)",
    "pkgutil.ImpLoader.get_data": "(self, pathname)",
    "pkgutil.ImpLoader.is_package": "(self, fullname)",
    "pkgutil.ImpLoader.get_code": "(self, fullname=None)",
    "pkgutil.ImpLoader.get_source": "(self, fullname=None)",
    "pkgutil.ImpLoader.get_filename": "(self, fullname=None)",
}


def kind_of(value: object) -> str:
    if isinstance(value, type):
        return "class"
    if isinstance(value, int):
        return "int"
    if callable(value):
        return "function"
    return type(value).__name__


def signature_of(value: Callable[..., object]) -> str | None:
    """The call signature without annotations, or None when none can be read."""
    try:
        signature = inspect.signature(value)
    except ValueError:
        return None
    parameters = [
        p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()
    ]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


def resolve(root: ModuleType, pkgutil_module: ModuleType, dotted: str) -> Callable[..., object]:
    first, *rest = dotted.split(".")
    value = pkgutil_module if first == "pkgutil" else getattr(root, first)
    for part in rest:
        value = getattr(value, part)
    return value


# --- the record is 3.11's --------------------------------------------------------------------


@requires_stdlib_imp
def test_recorded_names_are_311s_public_names() -> None:
    from conftest import _stdlib_imp

    stdlib = _stdlib_imp()
    public = {
        name for name in dir(stdlib)
        if not name.startswith("_") and not isinstance(getattr(stdlib, name), ModuleType)
    }
    assert public - INCIDENTAL_311 == set(RECORDED_311)


@requires_stdlib_imp
def test_recorded_kinds_and_signatures_are_311s() -> None:
    from conftest import _stdlib_imp

    stdlib = _stdlib_imp()
    for name, (kind, signature) in RECORDED_311.items():
        value = getattr(stdlib, name)
        assert kind_of(value) == kind, name
        if kind != "int":
            assert signature_of(value) == signature, name


@requires_stdlib_imp
def test_recorded_method_signatures_are_311s() -> None:
    import pkgutil

    from conftest import _stdlib_imp

    stdlib = _stdlib_imp()
    for dotted, signature in RECORDED_METHODS_311.items():
        assert signature_of(resolve(stdlib, pkgutil, dotted)) == signature, dotted


# --- imp_compat matches the record -------------------------------------------------------------


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(imp_compat.__all__) == sorted(RECORDED_311)
    assert len(imp_compat.__all__) == len(set(imp_compat.__all__))


def test_star_import_gives_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from imp_compat import *", namespace)
    namespace.pop("__builtins__")
    assert set(namespace) == set(RECORDED_311)


def test_top_level_imp_has_no_other_public_names(import_sandbox: None, unique_name) -> None:
    # What `import imp` gives on 3.12+: load the project's imp.py shim under another name.
    import importlib.util
    import os
    import warnings

    shim = os.path.join(os.path.dirname(os.path.dirname(imp_compat.__file__)), "imp.py")
    spec = importlib.util.spec_from_file_location(unique_name(), shim)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.loader.exec_module(module)
    public = {
        name for name in vars(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), ModuleType)
    }
    assert public == set(RECORDED_311)
    assert all(getattr(module, name) is getattr(imp_compat, name) for name in RECORDED_311)


@pytest.mark.parametrize("name", sorted(RECORDED_311))
def test_kind_and_signature(imp: ModuleType, name: str) -> None:
    kind, signature = RECORDED_311[name]
    value = getattr(imp, name)
    assert kind_of(value) == kind
    if name == "create_dynamic":
        # 3.11 exposes _imp's C function, whose signature cannot be read; any callable taking
        # (spec[, file]) positionally is equivalent.
        ours = signature_of(value)
        assert ours is None or ours in ("(spec, file=None, /)", "(spec, file=None)")
    elif kind != "int":
        assert signature_of(value) == signature


@pytest.mark.parametrize("dotted", sorted(RECORDED_METHODS_311))
def test_method_signatures(pkgutil_impl: ModuleType, dotted: str) -> None:
    from conftest import _stdlib_imp

    imp = imp_compat if pkgutil_impl.__name__.startswith("imp_compat") else _stdlib_imp()
    assert signature_of(resolve(imp, pkgutil_impl, dotted)) == RECORDED_METHODS_311[dotted]


def test_pkgutil_public_names() -> None:
    import imp_compat.pkgutil

    assert sorted(imp_compat.pkgutil.__all__) == ["ImpImporter", "ImpLoader"]
    assert isinstance(imp_compat.pkgutil.ImpImporter, type)
    assert isinstance(imp_compat.pkgutil.ImpLoader, type)


def test_loader_class_attributes(pkgutil_impl: ModuleType) -> None:
    assert pkgutil_impl.ImpLoader.code is None
    assert pkgutil_impl.ImpLoader.source is None
