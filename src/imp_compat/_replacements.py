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


def _constant(name: str, value: int) -> Replacement:
    return Replacement(
        name, f"{name} = {value}  (importlib has no such constant; the value is fixed)", True
    )


_TABLE: Final[tuple[Replacement, ...]] = (
    _constant("SEARCH_ERROR", 0),
    _constant("PY_SOURCE", 1),
    _constant("PY_COMPILED", 2),
    _constant("C_EXTENSION", 3),
    _constant("PY_RESOURCE", 4),
    _constant("PKG_DIRECTORY", 5),
    _constant("C_BUILTIN", 6),
    _constant("PY_FROZEN", 7),
    _constant("PY_CODERESOURCE", 8),
    _constant("IMP_HOOK", 9),
    Replacement(
        "NullImporter",
        "nothing: importlib's path finders already skip entries that are not directories",
        False,
    ),
    Replacement("acquire_lock", "_imp.acquire_lock()", True),
    Replacement("release_lock", "_imp.release_lock()", True),
    Replacement("lock_held", "_imp.lock_held()", True),
    Replacement("cache_from_source", "importlib.util.cache_from_source(path)", True),
    Replacement("source_from_cache", "importlib.util.source_from_cache(path)", True),
    Replacement("get_magic", "importlib.util.MAGIC_NUMBER", True),
    Replacement("get_tag", "sys.implementation.cache_tag", True),
    Replacement("reload", "importlib.reload(module)", True),
    Replacement("new_module", "types.ModuleType(name)", True),
    Replacement(
        "is_frozen", "importlib.machinery.FrozenImporter.find_spec(name) is not None", True
    ),
    Replacement(
        "load_source",
        "spec_from_file_location(name, path) + module_from_spec(spec) + sys.modules[name] = "
        "module + spec.loader.exec_module(module)",
        True,
    ),
    Replacement(
        "find_module",
        "importlib.util.find_spec(name), or importlib.machinery.PathFinder.find_spec(name, path)",
        True,
    ),
    Replacement(
        "load_module",
        "importlib.util.module_from_spec(spec) + sys.modules[name] = module + "
        "spec.loader.exec_module(module)",
        True,
    ),
    Replacement(
        "get_suffixes",
        "importlib.machinery.all_suffixes() (or SOURCE_SUFFIXES, BYTECODE_SUFFIXES, "
        "EXTENSION_SUFFIXES)",
        True,
    ),
    Replacement(
        "load_compiled",
        "importlib.machinery.SourcelessFileLoader(name, path) with "
        "importlib.util.spec_from_file_location(name, path, loader=loader)",
        True,
    ),
    Replacement(
        "load_dynamic",
        "importlib.machinery.ExtensionFileLoader(name, path) with "
        "importlib.machinery.ModuleSpec(name, loader, origin=path)",
        True,
    ),
    Replacement(
        "create_dynamic",
        "importlib.machinery.ExtensionFileLoader(spec.name, spec.origin).create_module(spec)",
        True,
    ),
    Replacement(
        "load_package",
        "importlib.util.spec_from_file_location(name, os.path.join(path, '__init__.py'), "
        "submodule_search_locations=[path])",
        True,
    ),
    Replacement(
        "init_builtin", "importlib.import_module(name) for a name in sys.builtin_module_names", True
    ),
    Replacement("init_frozen", "importlib.import_module(name) for a frozen module", True),
    Replacement("is_builtin", "name in sys.builtin_module_names", True),
    Replacement(
        "is_frozen_package",
        "importlib.machinery.FrozenImporter.find_spec(name).submodule_search_locations is not None",
        True,
    ),
    Replacement("get_frozen_object", "importlib.machinery.FrozenImporter.get_code(name)", True),
)

REPLACEMENTS: Final[dict[str, Replacement]] = {entry.name: entry for entry in _TABLE}
"""Every public name of Python 3.11's ``imp``, mapped to its replacement."""


def replacement_for(name: str) -> Replacement:
    """The advice for ``imp.<name>``; names that ``imp`` never had get a clear message."""
    try:
        return REPLACEMENTS[name]
    except KeyError:
        return Replacement(name, "(imp has no public name " + repr(name) + ")", False)
