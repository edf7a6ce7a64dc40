"""What replaces each public name of ``imp``: the advice the runtime report prints.

A copy of what ``imp-migrate`` (a separate distribution, the source of truth: its
``imp_migrate/_replacements.py`` also holds notes and constant values for ``fix``) says for each
name: its replacement and whether ``imp-migrate fix`` rewrites it. The copy keeps each
distribution installable alone (imp-migrate must not depend on this package, which brings the
top-level ``imp`` back); imp-migrate's test session proves the two agree for every name.
Standard library only, like the package.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Replacement(NamedTuple):
    """How to replace one ``imp`` name."""

    name: str
    replacement: str
    """What to write instead, as a short Python expression or recipe."""
    fixable: bool
    """True when ``imp-migrate fix`` rewrites every use of the name without changing behaviour."""


REPLACEMENTS: Final[dict[str, Replacement]] = {
    "SEARCH_ERROR": Replacement(
        "SEARCH_ERROR",
        "SEARCH_ERROR = 0  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "PY_SOURCE": Replacement(
        "PY_SOURCE",
        "PY_SOURCE = 1  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "PY_COMPILED": Replacement(
        "PY_COMPILED",
        "PY_COMPILED = 2  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "C_EXTENSION": Replacement(
        "C_EXTENSION",
        "C_EXTENSION = 3  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "PY_RESOURCE": Replacement(
        "PY_RESOURCE",
        "PY_RESOURCE = 4  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "PKG_DIRECTORY": Replacement(
        "PKG_DIRECTORY",
        "PKG_DIRECTORY = 5  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "C_BUILTIN": Replacement(
        "C_BUILTIN",
        "C_BUILTIN = 6  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "PY_FROZEN": Replacement(
        "PY_FROZEN",
        "PY_FROZEN = 7  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "PY_CODERESOURCE": Replacement(
        "PY_CODERESOURCE",
        "PY_CODERESOURCE = 8  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "IMP_HOOK": Replacement(
        "IMP_HOOK",
        "IMP_HOOK = 9  (importlib has no such constant; the value is fixed)",
        True,
    ),
    "NullImporter": Replacement(
        "NullImporter",
        "nothing: importlib's path finders already skip entries that are not directories",
        False,
    ),
    "acquire_lock": Replacement(
        "acquire_lock",
        "_imp.acquire_lock()",
        True,
    ),
    "release_lock": Replacement(
        "release_lock",
        "_imp.release_lock()",
        True,
    ),
    "lock_held": Replacement(
        "lock_held",
        "_imp.lock_held()",
        True,
    ),
    "cache_from_source": Replacement(
        "cache_from_source",
        "importlib.util.cache_from_source(path)",
        True,
    ),
    "source_from_cache": Replacement(
        "source_from_cache",
        "importlib.util.source_from_cache(path)",
        True,
    ),
    "get_magic": Replacement(
        "get_magic",
        "importlib.util.MAGIC_NUMBER",
        True,
    ),
    "get_tag": Replacement(
        "get_tag",
        "sys.implementation.cache_tag",
        True,
    ),
    "reload": Replacement(
        "reload",
        "importlib.reload(module)",
        True,
    ),
    "new_module": Replacement(
        "new_module",
        "types.ModuleType(name)",
        True,
    ),
    "is_frozen": Replacement(
        "is_frozen",
        "importlib.machinery.FrozenImporter.find_spec(name) is not None",
        True,
    ),
    "load_source": Replacement(
        "load_source",
        "spec_from_file_location(name, path) + module_from_spec(spec) + sys.modules[name] = "
        "module + spec.loader.exec_module(module)",
        True,
    ),
    "find_module": Replacement(
        "find_module",
        "importlib.util.find_spec(name), or importlib.machinery.PathFinder.find_spec(name, path)",
        True,
    ),
    "load_module": Replacement(
        "load_module",
        "importlib.util.module_from_spec(spec) + sys.modules[name] = module + "
        "spec.loader.exec_module(module)",
        True,
    ),
    "get_suffixes": Replacement(
        "get_suffixes",
        "importlib.machinery.all_suffixes() (or SOURCE_SUFFIXES, BYTECODE_SUFFIXES, "
        "EXTENSION_SUFFIXES)",
        True,
    ),
    "load_compiled": Replacement(
        "load_compiled",
        "importlib.machinery.SourcelessFileLoader(name, path) with "
        "importlib.util.spec_from_file_location(name, path, loader=loader)",
        True,
    ),
    "load_dynamic": Replacement(
        "load_dynamic",
        "importlib.machinery.ExtensionFileLoader(name, path) with "
        "importlib.machinery.ModuleSpec(name, loader, origin=path)",
        True,
    ),
    "create_dynamic": Replacement(
        "create_dynamic",
        "importlib.machinery.ExtensionFileLoader(spec.name, spec.origin).create_module(spec)",
        True,
    ),
    "load_package": Replacement(
        "load_package",
        "importlib.util.spec_from_file_location(name, os.path.join(path, '__init__.py'), "
        "submodule_search_locations=[path])",
        True,
    ),
    "init_builtin": Replacement(
        "init_builtin",
        "importlib.import_module(name) for a name in sys.builtin_module_names",
        True,
    ),
    "init_frozen": Replacement(
        "init_frozen",
        "importlib.import_module(name) for a frozen module",
        True,
    ),
    "is_builtin": Replacement(
        "is_builtin",
        "name in sys.builtin_module_names",
        True,
    ),
    "is_frozen_package": Replacement(
        "is_frozen_package",
        "importlib.machinery.FrozenImporter.find_spec(name).submodule_search_locations is not None",
        True,
    ),
    "get_frozen_object": Replacement(
        "get_frozen_object",
        "importlib.machinery.FrozenImporter.get_code(name)",
        True,
    ),
}
"""Every public name of Python 3.11's ``imp``, mapped to its replacement."""


def replacement_for(name: str) -> Replacement:
    """The advice for ``imp.<name>``; names that ``imp`` never had get a clear message."""
    try:
        return REPLACEMENTS[name]
    except KeyError:
        return Replacement(name, "(imp has no public name " + repr(name) + ")", False)
