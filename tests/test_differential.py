"""Differential test: ``imp_compat`` against Python 3.11's own ``imp``.

Hypothesis generates trees of modules, packages, ``.pyc`` files and extension modules (odd
encodings, broken files, shadowed names...) and sequences of ``imp`` calls on them; both
implementations run every scenario on identical copies of the tree, and everything observable
(return values, exceptions with their exact messages, files, ``sys.modules``, files written,
warnings, output) must be equal. See ``tests/differential/`` for the pieces.

CI runs a fixed, reproducible set of 1,100 scenarios (about 25 s). For a longer, random search::

    IMP_DIFFERENTIAL_PROFILE=thorough python -m pytest tests/test_differential.py

and to list *every* kind of difference instead of stopping at the first::

    cd tests && PYTHONPATH=../src python -m differential.survey --examples 2000
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

import pytest

if sys.version_info[:2] != (3, 11):
    pytest.skip("needs Python 3.11's stdlib imp as the reference", allow_module_level=True)

from differential.calls import (
    Call,
    Lit,
    LoadFound,
    Open,
    Path,
    Step,
    cache_path_steps,
    call_scenarios,
    file_scenarios,
    interpreter_steps,
    odd_argument_scenarios,
)
from differential.compare import compare
from differential.normalise import loader_kind
from differential.reference import stdlib_imp as _stdlib_imp
from differential.trees import FIXED_SOURCES, Node, Tree, trees
from hypothesis import HealthCheck, given, settings

import imp_compat

stdlib_imp = _stdlib_imp()

# --- settings --------------------------------------------------------------------------------

PROFILE = os.environ.get("IMP_DIFFERENTIAL_PROFILE", "ci")
if PROFILE not in ("ci", "thorough"):
    raise ValueError(f"IMP_DIFFERENTIAL_PROFILE must be 'ci' or 'thorough', not {PROFILE!r}")
SCALE = 10 if PROFILE == "thorough" else 1


def differential_settings(examples: int) -> settings:
    """Fixed examples in CI (reproducible); random ones, ten times as many, when thorough."""
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=PROFILE == "ci",
        database=None if PROFILE == "ci" else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


def assert_same(reference: types.ModuleType, candidate: types.ModuleType, tree: Tree,
                steps: list[Step]) -> None:
    difference = compare(reference, candidate, tree, steps)
    if difference is not None:
        pytest.fail(difference, pytrace=False)


# --- the differential tests ------------------------------------------------------------------


@differential_settings(500)
@given(file_scenarios(trees()))
def test_finding_and_loading_files_matches_311(scenario: tuple[Tree, list[Step]]) -> None:
    """find_module, load_module, load_source, load_compiled, load_package, load_dynamic,
    create_dynamic, reload, new_module and NullImporter on random trees."""
    assert_same(stdlib_imp, imp_compat, *scenario)


@differential_settings(200)
@given(call_scenarios(cache_path_steps()))
def test_cache_paths_and_getters_match_311(scenario: tuple[Tree, list[Step]]) -> None:
    """cache_from_source and source_from_cache on odd paths; get_magic, get_tag,
    get_suffixes."""
    assert_same(stdlib_imp, imp_compat, *scenario)


@differential_settings(100)
@given(call_scenarios(interpreter_steps()))
def test_builtin_frozen_and_lock_functions_match_311(scenario: tuple[Tree, list[Step]]) -> None:
    """is_builtin, is_frozen, is_frozen_package, init_builtin, init_frozen,
    get_frozen_object and the import lock functions."""
    assert_same(stdlib_imp, imp_compat, *scenario)


@differential_settings(300)
@given(odd_argument_scenarios(trees()))
def test_any_function_with_odd_arguments_matches_311(scenario: tuple[Tree, list[Step]]) -> None:
    """Every function with too few, too many or wrongly typed arguments: same exception."""
    assert_same(stdlib_imp, imp_compat, *scenario)


def test_the_top_level_imp_shim_matches_311_too() -> None:
    """What 3.12+ imports as ``imp`` is the top-level shim, which also switches legacy import
    hooks on: the same comparison, with it as the candidate, in a subprocess (its import-time
    side effects stay out of this process)."""
    package_folder = os.path.dirname(os.path.dirname(os.path.abspath(imp_compat.__file__)))
    tests_folder = os.path.dirname(os.path.abspath(__file__))
    result = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", "-m", "differential.survey",
         "--candidate", "shim", "--examples", str(150 * SCALE), "--derandomize"],
        capture_output=True, text=True, cwd=tests_folder,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([tests_folder, package_folder])},
    )
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
    assert " scenarios, 0 kinds of difference" in result.stdout


# Differences found by the random tests (or `python -m differential.survey`), kept as fixed
# scenarios so that each stays checked whatever the random examples happen to be.
EMPTY_TREE = Tree(("e0",), ())
FOUND: dict[str, tuple[Tree, list[Step]]] = {
    "load_package with a list for a name and a path that is nothing": (
        EMPTY_TREE, [Call("load_package", (Lit(["dt_a"]), Path("e0/dt_missing")))],
    ),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_difference_found_earlier_stays_fixed(case: str) -> None:
    assert_same(stdlib_imp, imp_compat, *FOUND[case])


API = (
    "find_module", "load_module", "load_source", "load_compiled", "load_package",
    "load_dynamic", "new_module", "reload", "get_magic", "get_tag", "get_suffixes",
    "cache_from_source", "source_from_cache", "acquire_lock", "release_lock", "lock_held",
    "is_builtin", "is_frozen", "is_frozen_package", "init_builtin", "init_frozen",
    "get_frozen_object", "create_dynamic", "NullImporter",
)
CONSTANTS = (
    "SEARCH_ERROR", "PY_SOURCE", "PY_COMPILED", "C_EXTENSION", "PY_RESOURCE", "PKG_DIRECTORY",
    "C_BUILTIN", "PY_FROZEN", "PY_CODERESOURCE", "IMP_HOOK",
)


def _parameters(func: object) -> Any:
    try:
        signature = inspect.signature(func)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # a builtin without a text signature (create_dynamic)
        return "no signature"
    return [(p.name, p.kind.name, repr(p.default)) for p in signature.parameters.values()]


@pytest.mark.parametrize("name", API)
def test_function_exists_with_the_311_parameters(name: str) -> None:
    reference, candidate = getattr(stdlib_imp, name), getattr(imp_compat, name)
    assert callable(candidate)
    assert isinstance(candidate, type) == isinstance(reference, type)
    assert _parameters(candidate) == _parameters(reference)


@pytest.mark.parametrize("name", CONSTANTS)
def test_constant_has_the_311_value(name: str) -> None:
    assert getattr(imp_compat, name) == getattr(stdlib_imp, name)
    assert type(getattr(imp_compat, name)) is type(getattr(stdlib_imp, name))


_DESCRIBE = """
def describe(module):
    names = getattr(module, "__all__", None)
    if names is None:  # what "from module import *" binds without __all__
        names = [name for name in vars(module) if not name.startswith("_")]
    found = {}
    for name in names:
        value = getattr(module, name)
        kind = type(value).__name__
        if kind == "module":
            found[name] = ["module", value.__name__]
        elif isinstance(value, int):
            found[name] = ["int", value]
        else:
            found[name] = [kind if kind in ("type", "module") else "callable", name]
    return found
"""


def test_star_import_gives_the_311_names() -> None:
    """``from imp import *``: 3.11's imp had no ``__all__``, so this also bound the modules it
    imported (os, sys, importlib...) and SourcelessFileLoader. On 3.12+ ``imp`` is the
    top-level shim next to imp_compat; a subprocess imports it (in place of the stdlib's) so
    that its import-time side effects stay out of this process."""
    namespace: dict[str, Any] = {}
    exec(_DESCRIBE, namespace)
    expected = namespace["describe"](stdlib_imp)
    shim_folder = os.path.dirname(os.path.dirname(os.path.abspath(imp_compat.__file__)))
    script = (
        f"import json, sys, warnings\nsys.path.insert(0, {shim_folder!r})\n{_DESCRIBE}\n"
        "warnings.simplefilter('ignore')\nimport imp\n"
        f"assert imp.__file__.startswith({shim_folder!r}), imp.__file__\n"
        "print(json.dumps(describe(imp)))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True,
                            text=True, check=True)
    actual = json.loads(result.stdout)
    assert actual == json.loads(json.dumps(expected))


# --- the comparison itself: no false alarms, and it does catch differences ------------------


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(file_scenarios(trees()))
def test_the_reference_agrees_with_itself(scenario: tuple[Tree, list[Step]]) -> None:
    """Two runs of the same implementation compare equal: the harness is deterministic and
    isolates runs from each other (nothing leaks from the first run into the second)."""
    assert compare(stdlib_imp, stdlib_imp, *scenario) is None


def _perturbed(**replacements: Callable[..., Any]) -> types.ModuleType:
    """The stdlib imp with some functions replaced: a candidate that must be caught."""
    fake = types.ModuleType("perturbed_imp")
    fake.__dict__.update({k: v for k, v in vars(stdlib_imp).items() if not k.startswith("__")})
    fake.__dict__.update(replacements)
    return fake


def _find_with_other_message(name: str, path: Any = None) -> Any:
    try:
        return stdlib_imp.find_module(name, path)
    except ImportError as exc:
        raise ImportError(f"No module named {name}", name=exc.name) from None


def _load_source_leaving_file_open(name: str, pathname: str, file: Any = None) -> Any:
    return stdlib_imp.load_source(name, pathname)  # never touches ``file``


def _load_source_not_in_sys_modules(name: str, pathname: str, file: Any = None) -> Any:
    module = stdlib_imp.load_source(name, pathname, file)
    del sys.modules[name]
    return module


def _load_source_warning(name: str, pathname: str, file: Any = None) -> Any:
    warnings.warn("load_source is deprecated", DeprecationWarning, stacklevel=2)
    return stdlib_imp.load_source(name, pathname, file)


def _load_source_without_pyc(name: str, pathname: str, file: Any = None) -> Any:
    dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        return stdlib_imp.load_source(name, pathname, file)
    finally:
        sys.dont_write_bytecode = dont_write


def _new_module_with_doc(name: str) -> types.ModuleType:
    return types.ModuleType(name, "")


def _cache_from_source_ignoring_debug(path: Any, debug_override: Any = None) -> Any:
    return stdlib_imp.cache_from_source(path)


TREE = Tree(("e0",), (
    Node("e0/dt_a.py", "source", b"value = 1\n"),
    Node("e0/dt_b.py", "source", FIXED_SOURCES["latin-1 cookie"]),
))
PERTURBATIONS = {
    "exception message": (
        {"find_module": _find_with_other_message},
        [Call("find_module", (Lit("dt_missing"), Lit(None)))],
    ),
    "file left open": (
        {"load_source": _load_source_leaving_file_open},
        [Call("load_source", (Lit("dt_a"), Path("e0/dt_a.py"), Open("e0/dt_a.py", "r")))],
    ),
    "module missing from sys.modules": (
        {"load_source": _load_source_not_in_sys_modules},
        [Call("load_source", (Lit("dt_b"), Path("e0/dt_b.py")))],
    ),
    "extra warning": (
        {"load_source": _load_source_warning},
        [Call("load_source", (Lit("dt_a"), Path("e0/dt_a.py")))],
    ),
    "no .pyc written": (
        {"load_source": _load_source_without_pyc},
        [Call("load_source", (Lit("dt_a"), Path("e0/dt_a.py")))],
    ),
    "module attribute": (
        {"new_module": _new_module_with_doc},
        [Call("new_module", (Lit("dt_c"),))],
    ),
    "return value": (
        {"cache_from_source": _cache_from_source_ignoring_debug},
        [Call("cache_from_source", (Lit("a/b.py"), Lit(False)))],
    ),
    "load_module through find_module": (
        {"find_module": _find_with_other_message},
        [Call("find_module", (Lit("dt_b"),)), LoadFound(Lit("dt_b"), 0),
         Call("find_module", (Lit("dt_c"),))],
    ),
}


@pytest.mark.parametrize("perturbation", sorted(PERTURBATIONS))
def test_a_perturbed_implementation_is_caught(perturbation: str) -> None:
    replacements, steps = PERTURBATIONS[perturbation]
    assert compare(stdlib_imp, stdlib_imp, TREE, steps) is None
    difference = compare(stdlib_imp, _perturbed(**replacements), TREE, steps)
    assert difference is not None and "first difference" in difference


def test_private_loader_classes_are_described_by_their_public_base() -> None:
    machinery = importlib.import_module("importlib.machinery")

    class _Private(machinery.SourceFileLoader):
        pass

    class Public(machinery.SourceFileLoader):
        pass

    assert loader_kind(machinery.SourceFileLoader) == "SourceFileLoader"
    assert loader_kind(_Private) == "SourceFileLoader subclass"
    assert loader_kind(Public) == f"{__name__}.{Public.__qualname__}"
