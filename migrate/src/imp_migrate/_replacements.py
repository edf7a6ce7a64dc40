"""What replaces each public name of ``imp``: the table behind ``scan``'s advice and ``fix``.

This is the source of truth. imp-compat's runtime report prints the same advice from its own
small copy (``imp_compat._replacements``: the replacement text and whether ``fix`` rewrites the
name), because each distribution installs and works alone: imp-migrate must not bring the
top-level ``imp`` module back into the environment it cleans. The migrate test session, which
installs both, proves that the two say the same for every name.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

Kind = Literal["function", "constant", "class"]


class Replacement(NamedTuple):
    """How to replace one ``imp`` name."""

    name: str
    kind: Kind
    replacement: str
    """What to write instead, as a short Python expression or recipe."""
    fixable: bool
    """True when ``imp-migrate fix`` rewrites every use of the name without changing behaviour."""
    note: str = ""
    """Why the replacement is not mechanical, or what differs; empty when nothing does."""
    value: int | None = None
    """The value of a constant; None for functions and classes."""


def _constant(name: str, value: int) -> Replacement:
    return Replacement(
        name,
        "constant",
        f"{name} = {value}  (importlib has no such constant; the value is fixed)",
        True,
        "fix defines the constant in the module that used it",
        value,
    )


_SAME_IN_UNDERSCORE_IMP = "fix uses _imp's function of that name, which imp re-exported (CPython)"

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
        "class",
        "nothing: importlib's path finders already skip entries that are not directories",
        False,
        "code that installs NullImporter in sys.path_importer_cache can usually just stop",
    ),
    Replacement(
        "acquire_lock",
        "function",
        "_imp.acquire_lock()",
        True,
        "CPython's global import lock; since Python 3.3 imports lock per module",
    ),
    Replacement("release_lock", "function", "_imp.release_lock()", True),
    Replacement("lock_held", "function", "_imp.lock_held()", True),
    Replacement("cache_from_source", "function", "importlib.util.cache_from_source(path)", True),
    Replacement("source_from_cache", "function", "importlib.util.source_from_cache(path)", True),
    Replacement("get_magic", "function", "importlib.util.MAGIC_NUMBER", True),
    Replacement("get_tag", "function", "sys.implementation.cache_tag", True),
    Replacement("reload", "function", "importlib.reload(module)", True),
    Replacement("new_module", "function", "types.ModuleType(name)", True),
    Replacement(
        "is_frozen",
        "function",
        "importlib.machinery.FrozenImporter.find_spec(name) is not None",
        True,
    ),
    Replacement(
        "load_source",
        "function",
        "spec_from_file_location(name, path) + module_from_spec(spec) + "
        "sys.modules[name] = module + spec.loader.exec_module(module)",
        True,
        "fix adds a small helper function with this recipe to the module",
    ),
    Replacement(
        "find_module",
        "function",
        "importlib.util.find_spec(name), or importlib.machinery.PathFinder.find_spec(name, path)",
        True,
        "returns a spec, not an open file; fix turns a find_module/load_module pair into specs "
        "and other uses into a helper that returns imp's triple",
    ),
    Replacement(
        "load_module",
        "function",
        "importlib.util.module_from_spec(spec) + sys.modules[name] = module + "
        "spec.loader.exec_module(module)",
        True,
        "needs the spec that replaced find_module; fix loads a pair's spec, and other uses "
        "through a helper that reads imp's (suffix, mode, type) description",
    ),
    Replacement(
        "get_suffixes",
        "function",
        "importlib.machinery.all_suffixes() (or SOURCE_SUFFIXES, BYTECODE_SUFFIXES, "
        "EXTENSION_SUFFIXES)",
        True,
        "imp returned (suffix, mode, type) triples; importlib lists bare suffixes; fix adds a "
        "helper that builds the triples",
    ),
    Replacement(
        "load_compiled",
        "function",
        "importlib.machinery.SourcelessFileLoader(name, path) with "
        "importlib.util.spec_from_file_location(name, path, loader=loader)",
        True,
        "fix adds a helper that loads that spec with imp's sys.modules rules",
    ),
    Replacement(
        "load_dynamic",
        "function",
        "importlib.machinery.ExtensionFileLoader(name, path) with "
        "importlib.machinery.ModuleSpec(name, loader, origin=path)",
        True,
        "imp gave the module no __file__ and made a new one each time; fix calls the helper it "
        "writes for load_module, with an extension description",
    ),
    Replacement(
        "create_dynamic",
        "function",
        "importlib.machinery.ExtensionFileLoader(spec.name, spec.origin).create_module(spec)",
        True,
        _SAME_IN_UNDERSCORE_IMP,
    ),
    Replacement(
        "load_package",
        "function",
        "importlib.util.spec_from_file_location(name, os.path.join(path, '__init__.py'), "
        "submodule_search_locations=[path])",
        True,
        "fix calls the helper it writes for load_module, with a package description",
    ),
    Replacement(
        "init_builtin",
        "function",
        "importlib.import_module(name) for a name in sys.builtin_module_names",
        True,
        "imp re-initialised the module; fix calls the helper it writes for load_module, with a "
        "built-in description",
    ),
    Replacement(
        "init_frozen",
        "function",
        "importlib.import_module(name) for a frozen module",
        True,
        "imp re-initialised the module; importlib returns the one in sys.modules; "
        + _SAME_IN_UNDERSCORE_IMP,
    ),
    Replacement(
        "is_builtin",
        "function",
        "name in sys.builtin_module_names",
        True,
        "imp returned -1 for modules that cannot be re-initialised, 1 or 0 otherwise; "
        + _SAME_IN_UNDERSCORE_IMP,
    ),
    Replacement(
        "is_frozen_package",
        "function",
        "importlib.machinery.FrozenImporter.find_spec(name).submodule_search_locations is not None",
        True,
        "imp raised ImportError for a name that is not frozen; " + _SAME_IN_UNDERSCORE_IMP,
    ),
    Replacement(
        "get_frozen_object",
        "function",
        "importlib.machinery.FrozenImporter.get_code(name)",
        True,
        _SAME_IN_UNDERSCORE_IMP,
    ),
)

REPLACEMENTS: Final[dict[str, Replacement]] = {entry.name: entry for entry in _TABLE}
"""Every public name of Python 3.11's ``imp``, mapped to its replacement."""

MODULE_REPLACEMENT: Final = Replacement(
    "imp",
    "function",
    "importlib (and importlib.util, importlib.machinery, types, sys)",
    False,
    "the module as a whole",
)
"""Advice for a use of the module itself (``import imp``, ``__import__('imp')``)."""


def replacement_for(name: str) -> Replacement:
    """The advice for ``imp.<name>``; names that ``imp`` never had get a clear message."""
    try:
        return REPLACEMENTS[name]
    except KeyError:
        return Replacement(name, "function", "(imp has no public name " + repr(name) + ")", False)
