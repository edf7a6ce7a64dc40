"""``load_module()`` on every kind of importlib loader, as a caller observes it.

Python 3.15 removed ``load_module()`` from importlib's loaders; 3.14 is the reference.
``reference_load_module_3_14.json`` holds what Python 3.14 (Pyodide 314.0.7, CPython 3.14.2)
observed with its own methods, written by::

    node tests/legacy_api/record_load_module_3_14.mjs    # after `npm ci` in tests/pyodide

``tests/test_legacy_api_load_module.py`` compares imp_compat's methods with it: on 3.15 (where
they are added), and on 3.11-3.14 with the native methods swapped for imp_compat's; on 3.14 it
also reruns the scenarios with the native methods, so that the reference cannot rot.

Each scenario builds its modules in a temporary folder and calls ``load_module`` once or more;
extension modules are the one platform-dependent case (no extension files under WebAssembly), so
only the exception's type is kept there.
"""

from __future__ import annotations

import sys
import types
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the sibling module importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from legacy_api import observing
from legacy_api.observing import Context, Observation, observe, write

REFERENCE = Path(__file__).with_name("reference_load_module_3_14.json")
SCENARIOS: dict[str, Callable[[Context], Observation]] = {}
#: A built-in module on every CPython (Linux, WebAssembly) that nothing imports at start-up.
BUILTIN = "_symtable"


def scenario(func: Callable[[Context], Observation]) -> Callable[[Context], Observation]:
    SCENARIOS[func.__name__] = func
    return func


def _machinery() -> Any:
    import importlib.machinery

    return importlib.machinery


def _load(ctx: Context, loader: Any, *args: Any) -> Observation:
    return observe(ctx, lambda: loader.load_module(*args), module_result=True)


def _preexisting(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.marker = "was there before"  # type: ignore[attr-defined]
    sys.modules[name] = module
    return module


def _identity(observation: Observation, name: str, before: Any) -> Observation:
    """Whether the result is the module that was there before, and what sys.modules holds."""
    now = sys.modules.get(name)
    observation["sys.modules holds the module from before"] = now is before and now is not None
    observation["still marked"] = getattr(now, "marker", None)
    return observation


_SOURCE = "x = 1\nprint('executing', __name__, __spec__.name)\n"


# --- SourceFileLoader / SourcelessFileLoader / ExtensionFileLoader ----------------------------


@scenario
def source_new_module(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", _SOURCE)
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")


@scenario
def source_name_left_out(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", _SOURCE)
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)))


@scenario
def source_name_none(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", _SOURCE)
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), None)


@scenario
def source_other_name(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", _SOURCE)
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_other")


@scenario
def source_reexecutes_module_in_sys_modules(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", _SOURCE)
    before = _preexisting("lapi_src")
    observation = _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")
    return _identity(observation, "lapi_src", before)


@scenario
def source_reexecution_fails(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", "y = 2\nraise KeyError('refused')\n")
    before = _preexisting("lapi_src")
    observation = _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")
    observation["module after"] = ctx.module(sys.modules.get("lapi_src"))
    return _identity(observation, "lapi_src", before)


@scenario
def source_new_module_fails(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", "y = 2\nraise KeyError('refused')\n")
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")


@scenario
def source_syntax_error(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", "def (\n")
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")


@scenario
def source_missing_file(ctx: Context) -> Observation:
    loader = _machinery().SourceFileLoader("lapi_src", str(ctx.root / "lapi_src.py"))
    return _load(ctx, loader, "lapi_src")


@scenario
def source_module_replaces_itself(ctx: Context) -> Observation:
    path = write(
        ctx.root / "lapi_src.py",
        "import sys, types\nsys.modules[__name__] = types.ModuleType('lapi_replacement')\n",
    )
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")


@scenario
def source_module_removes_itself(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", "import sys\ndel sys.modules[__name__]\n")
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")


@scenario
def source_non_module_in_sys_modules(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_src.py", _SOURCE)
    sys.modules["lapi_src"] = "not a module"  # type: ignore[assignment]
    return _load(ctx, _machinery().SourceFileLoader("lapi_src", str(path)), "lapi_src")


@scenario
def source_package(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_spkg" / "__init__.py", "from . import sub\n")
    write(ctx.root / "lapi_spkg" / "sub.py", "")
    return _load(ctx, _machinery().SourceFileLoader("lapi_spkg", str(path)), "lapi_spkg")


@scenario
def source_submodule_parent_missing(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_parent" / "child.py", "x = __package__\n")
    loader = _machinery().SourceFileLoader("lapi_parent.child", str(path))
    return _load(ctx, loader, "lapi_parent.child")


@scenario
def sourceless_new_module(ctx: Context) -> Observation:
    import py_compile

    source = write(ctx.root / "lapi_c_src.py", _SOURCE)
    compiled = ctx.root / "lapi_c.pyc"
    py_compile.compile(str(source), cfile=str(compiled), doraise=True)
    source.unlink()
    return _load(ctx, _machinery().SourcelessFileLoader("lapi_c", str(compiled)), "lapi_c")


@scenario
def sourceless_bad_magic(ctx: Context) -> Observation:
    compiled = ctx.root / "lapi_c.pyc"
    compiled.write_bytes(b"\0\0\r\n" + bytes(12) + b"junk")
    return _load(ctx, _machinery().SourcelessFileLoader("lapi_c", str(compiled)), "lapi_c")


@scenario
def extension_missing_file(ctx: Context) -> Observation:
    loader = _machinery().ExtensionFileLoader("lapi_ext", str(ctx.root / "lapi_ext.so"))
    observation = _load(ctx, loader, "lapi_ext")
    observation["message"] = "<depends on the platform's dynamic loader>"
    return observation


@scenario
def extension_other_name(ctx: Context) -> Observation:
    loader = _machinery().ExtensionFileLoader("lapi_ext", str(ctx.root / "lapi_ext.so"))
    return _load(ctx, loader, "lapi_not_ext")


# --- BuiltinImporter / FrozenImporter ---------------------------------------------------------


def _builtin_names_vary(observation: Observation) -> Observation:
    returned = observation.get("returned")
    if isinstance(returned, dict) and "defined" in returned:
        returned["defined"] = "<the module's names vary with the Python version>"
    return observation


@scenario
def builtin_new_module(ctx: Context) -> Observation:
    ctx.watched = (BUILTIN,)
    sys.modules.pop(BUILTIN, None)
    return _builtin_names_vary(_load(ctx, _machinery().BuiltinImporter, BUILTIN))


@scenario
def builtin_module_in_sys_modules(ctx: Context) -> Observation:
    import importlib

    ctx.watched = (BUILTIN,)
    before = importlib.import_module(BUILTIN)
    observation = _builtin_names_vary(_load(ctx, _machinery().BuiltinImporter, BUILTIN))
    return _identity(observation, BUILTIN, before)


@scenario
def builtin_not_builtin(ctx: Context) -> Observation:
    return _load(ctx, _machinery().BuiltinImporter, "lapi_not_builtin")


@scenario
def frozen_new_module(ctx: Context) -> Observation:
    ctx.watched = ("__hello__",)
    sys.modules.pop("__hello__", None)
    return _load(ctx, _machinery().FrozenImporter, "__hello__")


@scenario
def frozen_module_in_sys_modules(ctx: Context) -> Observation:
    ctx.watched = ("__hello__",)
    before = _preexisting("__hello__")
    observation = _load(ctx, _machinery().FrozenImporter, "__hello__")
    return _identity(observation, "__hello__", before)


@scenario
def frozen_package(ctx: Context) -> Observation:
    ctx.watched = ("__phello__",)
    sys.modules.pop("__phello__", None)
    return _load(ctx, _machinery().FrozenImporter, "__phello__")


@scenario
def frozen_not_frozen(ctx: Context) -> Observation:
    return _load(ctx, _machinery().FrozenImporter, "lapi_not_frozen")


# --- NamespaceLoader ---------------------------------------------------------------------------


@scenario
def namespace_package(ctx: Context) -> Observation:
    import importlib.util

    write(ctx.root / "lapi_ns" / "part.py", "")
    spec = importlib.util.find_spec("lapi_ns")
    assert spec is not None
    return _load(ctx, spec.loader, "lapi_ns")


# --- zipimporter -------------------------------------------------------------------------------


def _archive(ctx: Context) -> Path:
    archive = ctx.root / "lapi.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("lapi_zmod.py", _SOURCE)
        zipped.writestr("lapi_zpkg/__init__.py", "from . import sub\n")
        zipped.writestr("lapi_zpkg/sub.py", "")
        zipped.writestr("lapi_zbad.py", "y = 2\nraise KeyError('refused')\n")
        zipped.writestr("inner/lapi_zinner.py", "where = 'inner'\n")
        zipped.writestr("lapi_zgone.py", "import sys\ndel sys.modules[__name__]\n")
    return archive


def _zipimporter(path: Path | str) -> Any:
    import zipimport

    return zipimport.zipimporter(str(path))


@scenario
def zip_new_module(ctx: Context) -> Observation:
    return _load(ctx, _zipimporter(_archive(ctx)), "lapi_zmod")


@scenario
def zip_package(ctx: Context) -> Observation:
    return _load(ctx, _zipimporter(_archive(ctx)), "lapi_zpkg")


@scenario
def zip_prefix(ctx: Context) -> Observation:
    return _load(ctx, _zipimporter(str(_archive(ctx)) + "/inner"), "lapi_zinner")


@scenario
def zip_missing(ctx: Context) -> Observation:
    return _load(ctx, _zipimporter(_archive(ctx)), "lapi_znothing")


@scenario
def zip_reexecutes_module_in_sys_modules(ctx: Context) -> Observation:
    importer = _zipimporter(_archive(ctx))
    before = _preexisting("lapi_zmod")
    observation = _load(ctx, importer, "lapi_zmod")
    return _identity(observation, "lapi_zmod", before)


@scenario
def zip_module_in_sys_modules_with_a_spec(ctx: Context) -> Observation:
    import importlib.machinery

    importer = _zipimporter(_archive(ctx))
    before = _preexisting("lapi_zmod")
    before.__spec__ = importlib.machinery.ModuleSpec("lapi_zmod", None, origin="elsewhere")
    observation = _load(ctx, importer, "lapi_zmod")
    return _identity(observation, "lapi_zmod", before)


@scenario
def zip_failure_removes_even_a_module_that_was_there(ctx: Context) -> Observation:
    importer = _zipimporter(_archive(ctx))
    before = _preexisting("lapi_zbad")
    observation = _load(ctx, importer, "lapi_zbad")
    return _identity(observation, "lapi_zbad", before)


@scenario
def zip_module_removes_itself(ctx: Context) -> Observation:
    return _load(ctx, _zipimporter(_archive(ctx)), "lapi_zgone")


@scenario
def zip_non_module_in_sys_modules(ctx: Context) -> Observation:
    importer = _zipimporter(_archive(ctx))
    sys.modules["lapi_zmod"] = "not a module"  # type: ignore[assignment]
    return _load(ctx, importer, "lapi_zmod")


# --- importlib.abc -----------------------------------------------------------------------------


def _abc() -> Any:
    import importlib.abc

    return importlib.abc


@scenario
def abc_loader_without_exec_module(ctx: Context) -> Observation:
    class OldLoader(_abc().Loader):  # type: ignore[misc]
        pass

    return _load(ctx, OldLoader(), "lapi_old")


@scenario
def abc_loader_with_exec_module(ctx: Context) -> Observation:
    class ModernLoader(_abc().Loader):  # type: ignore[misc]
        def exec_module(self, module: types.ModuleType) -> None:
            module.ran = [module.__name__, type(module.__loader__).__name__]  # type: ignore[attr-defined]

    return _load(ctx, ModernLoader(), "lapi_modern")


@scenario
def abc_loader_exec_module_fails(ctx: Context) -> Observation:
    class FailingLoader(_abc().Loader):  # type: ignore[misc]
        def exec_module(self, module: types.ModuleType) -> None:
            raise LookupError("cannot execute " + module.__name__)

    return _load(ctx, FailingLoader(), "lapi_failing")


@scenario
def abc_loader_create_module(ctx: Context) -> Observation:
    class CreatingLoader(_abc().Loader):  # type: ignore[misc]
        def create_module(self, spec: Any) -> types.ModuleType:
            module = types.ModuleType("created " + spec.name)
            module.created = True  # type: ignore[attr-defined]
            return module

        def exec_module(self, module: types.ModuleType) -> None:
            module.ran = module.__name__  # type: ignore[attr-defined]

    return _load(ctx, CreatingLoader(), "lapi_created")


@scenario
def abc_inspect_loader(ctx: Context) -> Observation:
    class Inspecting(_abc().InspectLoader):  # type: ignore[misc]
        def get_source(self, fullname: str) -> str:
            return f"name = {fullname!r}\n"

        def is_package(self, fullname: str) -> bool:
            return fullname.endswith("pkg")

    return {
        "module": _load(ctx, Inspecting(), "lapi_inspected"),
        "package": _load(ctx, Inspecting(), "lapi_inspectedpkg"),
    }


@scenario
def abc_execution_loader(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_exec.py", "here = __file__\n")

    class Executing(_abc().ExecutionLoader):  # type: ignore[misc]
        def get_source(self, fullname: str) -> str:
            return path.read_text(encoding="utf-8")

        def get_filename(self, fullname: str) -> str:
            return str(path)

    return _load(ctx, Executing(), "lapi_exec")


@scenario
def abc_source_loader(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_abcsrc.py", _SOURCE)

    class Sourcing(_abc().SourceLoader):  # type: ignore[misc]
        def get_data(self, path: str) -> bytes:
            return Path(path).read_bytes()

        def get_filename(self, fullname: str) -> str:
            return str(path)

    return _load(ctx, Sourcing(), "lapi_abcsrc")


@scenario
def abc_file_loader(ctx: Context) -> Observation:
    path = write(ctx.root / "lapi_abcfile.py", _SOURCE)

    class Filing(_abc().FileLoader):  # type: ignore[misc]
        def get_source(self, fullname: str) -> str:
            return Path(self.path).read_text(encoding="utf-8")

    return {
        "own name": _load(ctx, Filing("lapi_abcfile", str(path)), "lapi_abcfile"),
        "no name": _load(ctx, Filing("lapi_abcfile", str(path))),
        "other name": _load(ctx, Filing("lapi_abcfile", str(path)), "lapi_else"),
    }


@scenario
def abc_resource_loader(ctx: Context) -> Observation:
    class Resourcing(_abc().ResourceLoader):  # type: ignore[misc]
        def get_data(self, path: str) -> bytes:
            return b""

    return _load(ctx, Resourcing(), "lapi_resource")


@scenario
def method_lookup(ctx: Context) -> Observation:
    """Which classes define ``load_module`` themselves and which inherit it (3.14's layout)."""
    import importlib.abc
    import zipimport

    machinery = _machinery()
    classes = [
        machinery.SourceFileLoader, machinery.SourcelessFileLoader,
        machinery.ExtensionFileLoader, machinery.BuiltinImporter, machinery.FrozenImporter,
        machinery.NamespaceLoader, zipimport.zipimporter, importlib.abc.Loader,
        importlib.abc.InspectLoader, importlib.abc.ExecutionLoader, importlib.abc.FileLoader,
        importlib.abc.SourceLoader, importlib.abc.ResourceLoader,
    ]
    return {
        cls.__name__: [
            "defines" if "load_module" in vars(cls) else "inherits",
            type(vars(cls).get("load_module")).__name__,
            next(base.__name__ for base in cls.__mro__ if "load_module" in vars(base)),
        ]
        for cls in classes
    }


def run_scenario(name: str) -> Observation:
    return observing.run_scenario(SCENARIOS[name], __file__)


def run_all() -> dict[str, Observation]:
    return {name: run_scenario(name) for name in SCENARIOS}


def load_reference() -> dict[str, Observation]:
    return observing.load_reference(REFERENCE)


def main(argv: list[str]) -> int:
    """Print every scenario's observation as JSON; ``--write`` stores it as the reference."""
    from importlib.machinery import SourceFileLoader

    if "imp_compat" in sys.modules or "load_module" not in vars(SourceFileLoader.__mro__[1]):
        print("the reference must come from a Python with load_module() natively, without "
              "imp_compat (CPython 3.14)", file=sys.stderr)
        return 2
    return observing.print_or_write(argv, REFERENCE, (3, 14), run_all)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
