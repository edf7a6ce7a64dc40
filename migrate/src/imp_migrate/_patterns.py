"""Patterns beyond plain uses of imp that scan and fix both act on, each decided once here.

Kept free of libcst on purpose: ``scan`` never imports libcst, which costs about 0.1 s per
process, more than scanning a thousand files. Legacy finders are found with ``ast`` (``fix``
parses with ``ast`` too and matches the classes to its libcst tree by line); six's moves are
decided on a plain description of the call that each tool builds from its own tree.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import NamedTuple

from imp_migrate._replacements import REPLACEMENTS, replacement_for

SIX_MOVED_ATTRIBUTE_PARAMETERS = ("name", "old_mod", "new_mod", "old_attr", "new_attr")
"""six's ``MovedAttribute`` signature."""

SAME_IN_IMPORTLIB = frozenset({"reload"})
"""Attributes of imp that importlib has under the same name and with the same behaviour."""

IMPORTLIB_OR_IMP = "<'importlib' if ... else 'imp'>"
"""How a call's description shows ``"importlib" if PY34 else "imp"`` (either order)."""


def six_reload_move(callee: str, arguments: Sequence[tuple[str | None, str | None]]) -> int | None:
    """Which argument of six's ``MovedAttribute`` to rewrite to ``"importlib"``, if any.

    ``arguments`` describes the call: ``(keyword or None, value)`` in order, the value being
    the string a literal holds, ``IMPORTLIB_OR_IMP``, or None for anything else. The answer is
    the index of ``new_mod`` when it names imp and the attribute six takes (``new_attr``, else
    ``old_attr``, else ``name``) is one importlib has under the same name.
    """
    if callee not in ("MovedAttribute", "six.MovedAttribute"):
        return None
    bound: dict[str, tuple[int, str | None]] = {}
    for index, (keyword, value) in enumerate(arguments):
        if keyword is None:
            if index >= len(SIX_MOVED_ATTRIBUTE_PARAMETERS):
                return None
            keyword = SIX_MOVED_ATTRIBUTE_PARAMETERS[index]
        bound[keyword] = (index, value)
    given = [bound[key][1] for key in ("new_attr", "old_attr", "name") if key in bound]
    attribute = next((value for value in given if value), None)  # six's order of precedence
    if attribute not in SAME_IN_IMPORTLIB or "new_mod" not in bound:
        return None
    index, module = bound["new_mod"]
    return index if module in ("imp", IMPORTLIB_OR_IMP) else None


LEGACY_FINDER_LABEL = "meta path finder"
"""How reports name a find_module-only meta path finder (not a use of imp, but needs fixing)."""


def may_hold_legacy_finder(source: bytes) -> bool:
    """Cheap test before parsing: every such finder is put on ``sys.meta_path``."""
    return b"meta_path" in source


def legacy_meta_path_finders(tree: ast.AST) -> list[ast.ClassDef]:
    """Classes with ``find_module`` but no ``find_spec`` that this module puts on meta_path.

    "Puts on meta_path": the class, or a name assigned an instance of it, appears in a
    statement that names ``meta_path`` (``sys.meta_path.append(_importer)`` after
    ``_importer = _SixMetaPathImporter(__name__)``). pkgutil's ImpImporter, a path entry
    finder in a module that also reads ``sys.meta_path``, is not one.
    """
    classes: dict[str, ast.ClassDef] = {}
    instances: dict[str, str] = {}  # variable -> class name
    on_meta_path: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and _has_find_module_only(node):
            classes[node.name] = node
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            callee = node.value.func
            if isinstance(callee, ast.Name):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        instances[target.id] = callee.id
        if isinstance(node, ast.stmt) and not hasattr(node, "body") and _names_meta_path(node):
            on_meta_path.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    named = on_meta_path | {instances[name] for name in on_meta_path if name in instances}
    return [node for name, node in classes.items() if name in named]


def _has_find_module_only(node: ast.ClassDef) -> bool:
    """``find_module(self, fullname, path)`` (a meta path finder's) and no ``find_spec``."""
    methods = {item.name: item for item in node.body if isinstance(item, ast.FunctionDef)}
    find_module = methods.get("find_module")
    if find_module is None or "find_spec" in methods:
        return False
    arguments = find_module.args
    return len(arguments.posonlyargs + arguments.args) >= 3 or arguments.vararg is not None


def _names_meta_path(statement: ast.stmt) -> bool:
    for node in ast.walk(statement):
        if isinstance(node, ast.Attribute) and node.attr == "meta_path":
            return True
        if isinstance(node, ast.keyword) and node.arg == "meta_path":
            return True
    return False


# -- strings that name the module ------------------------------------------------------------

DYNAMIC_IMPORT = "dynamic-import"
MODULE_STRING = "string"
MENTION = "mention"

MODULE_NAME_TAKERS = frozenset(
    {"find_loader", "find_spec", "get_loader", "find_module", "resolve_name", "MovedModule"}
    | {"MovedAttribute"}
)
"""Callables whose string arguments name modules (pkgutil, importlib.util, six's moves)."""

MODULES_METHODS = frozenset({"get", "pop", "setdefault", "__getitem__", "__contains__"})


def string_kind(callee: str | None, first: bool, container: str | None) -> str:
    """What a string ``'imp'`` is, from where it sits: a dynamic import, a module name, or text.

    ``callee`` is the dotted name of the call it is a direct argument of (``first``: its first
    positional argument); ``container`` the dotted name it subscripts or is tested ``in``.
    Only these name the module: ``__import__('imp')``, ``import_module('imp')`` (dynamic
    imports), ``sys.modules['imp']``, ``sys.modules.get('imp')``, ``'imp' in sys.modules``,
    ``find_spec('imp')``, six's ``MovedModule(..., 'imp')``. Anything else (``Mock(name='imp')``,
    ``results['imp']``, a set of names, a 2to3 fixer's name) is a mention, not a use.
    """
    if callee is not None:
        owner, _, method = callee.rpartition(".")
        if "import" in method and first:
            return DYNAMIC_IMPORT
        if method in MODULE_NAME_TAKERS or (_is_modules(owner) and method in MODULES_METHODS):
            return MODULE_STRING
    if container is not None and _is_modules(container):
        return MODULE_STRING
    return MENTION


def _is_modules(name: str) -> bool:
    return name in ("sys.modules", "modules")


STRING_REASON = "is named in a string (a lazy or dynamic import?)"
DYNAMIC_IMPORT_REASON = "is imported by name at run time"


# -- other bindings of a name that imp binds ---------------------------------------------------

SAME_IN_BUILTINS = frozenset({"reload"})
"""imp functions that Python 2's builtins had too, the same function (``__builtin__.reload``)."""

ALSO_BOUND_REASON = (
    "is imported where the name is also defined another way (a fallback for other Pythons?); "
    "fix leaves both: delete this import once the branch that needs imp is gone"
)


def binding_kind(imp_name: str | None, origin: str) -> str:
    """``"imp"``, ``"same"`` or ``"other"``: what another binding of an imp name binds.

    ``imp_name`` is the imp attribute the name stands for (None for the module itself);
    ``origin`` the dotted name the binding takes its value from (``importlib.reload`` for
    ``from importlib import reload``, ``__builtin__.reload`` for ``reload = __builtin__.reload``),
    empty when it is anything else (a ``def``, a constant, a call). A fallback from importlib
    or Python 2's builtins binds the same function, so the rewrite keeps what the name means.
    """
    if origin == "imp" or origin.startswith("imp."):
        return "imp"
    if origin == "importlib" or origin.startswith("importlib."):
        return "same"
    builtins = (f"__builtin__.{imp_name}", f"builtins.{imp_name}")
    if imp_name in SAME_IN_BUILTINS and origin in builtins:
        return "same"
    return "other"


# -- what the rules can rewrite, decided on a plain description of the use ---------------------


class Argument(NamedTuple):
    """One argument of a call, as both trees describe it."""

    keyword: str | None
    star: bool
    """``*args`` or ``**kwargs``."""
    plain_name: bool
    """The value is a bare name (evaluating it has no side effect)."""


CALL_SIGNATURES: dict[str, tuple[tuple[str, ...], int]] = {
    # name: (imp's parameters, how many are required), for rules that rewrite calls only
    "get_magic": ((), 0),
    "get_tag": ((), 0),
    "is_frozen": (("name",), 1),
    "load_package": (("name", "path"), 2),
    "load_dynamic": (("name", "path", "file"), 2),
    "init_builtin": (("name",), 1),
}

_LOAD_MODULE_HELPERS = ("_imp_load_spec", "_imp_load_module")
HELPERS: dict[str, tuple[str, ...]] = {
    # name: the helper functions its rule adds to the module, those it requires first
    "find_module": ("_imp_get_suffixes", "_imp_find_module"),
    "get_suffixes": ("_imp_get_suffixes",),
    "load_compiled": ("_imp_load_spec", "_imp_load_compiled"),
    "load_source": ("_imp_load_source",),
    "load_module": _LOAD_MODULE_HELPERS,
    "load_package": _LOAD_MODULE_HELPERS,
    "load_dynamic": _LOAD_MODULE_HELPERS,
    "init_builtin": _LOAD_MODULE_HELPERS,
}
"""A test holds this table to what the rules do. (A find_module/load_module pair may use
``_imp_find_spec`` and ``_imp_load_spec`` instead; fix falls back to these when it cannot.)"""

HELPER_MARK = "(written by imp-migrate)"
"""In the docstring of each helper: a second run of fix reuses the function."""

CONSTANTS = {name: entry.value for name, entry in REPLACEMENTS.items() if entry.value is not None}
"""imp's integer constants, which fix defines in the module that uses them."""

ASSIGNED_REASON = "is assigned or deleted (monkeypatched)"
MODULE_OBJECT_REASON = "is used as a module object"
STAR_IMPORT_REASON = "star-import hides which names are used"


def arguments_refusal(
    parameters: Sequence[str], required: int, arguments: Sequence[Argument]
) -> str | None:
    """Why a call's arguments are too unusual to put in imp's positional order, or None."""
    filled: list[bool] = [False] * len(parameters)
    count = 0
    for argument in arguments:
        if argument.star:
            return "called with *args or **kwargs"
        if argument.keyword is None:
            if count >= len(parameters):
                return "called with too many arguments"
            filled[count] = True
            count += 1
            continue
        if argument.keyword not in parameters:
            return f"called with an unknown keyword argument {argument.keyword}="
        filled[parameters.index(argument.keyword)] = True
    given = sum(filled)
    if given < required or not all(filled[:given]):
        return "called with missing arguments"
    return None


def reference_refusal(
    name: str,
    arguments: Sequence[Argument] | None,
    *,
    assigned: bool = False,
    taken: frozenset[str] | set[str] = frozenset(),
) -> str | None:
    """Why fix leaves a use of ``imp.<name>`` with a TODO; None when a rule rewrites it.

    ``arguments`` describes the call when the use is called, None otherwise; ``taken`` holds
    the names the module binds at top level itself (a constant must not replace them).
    """
    if assigned:
        return ASSIGNED_REASON
    entry = REPLACEMENTS.get(name)
    if entry is None or not entry.fixable:
        return manual_reason(name)
    if name in CONSTANTS:
        if arguments is not None:
            return f"calls the constant imp.{name}"
        return f"the module already defines its own {name}" if name in taken else None
    for helper in HELPERS.get(name, ()):
        if helper in taken:
            return f"the module already defines {helper}"
    signature = CALL_SIGNATURES.get(name)
    if signature is None:
        return None
    if arguments is None:
        return "used without calling it; no equivalent expression"
    refused = arguments_refusal(*signature, arguments)
    dropped = name == "load_dynamic" and len(arguments) == 3 and not arguments[2].plain_name
    if refused is None and dropped:
        return "its file argument (unused by imp) would no longer be evaluated"
    return refused


def manual_reason(name: str) -> str:
    advice = replacement_for(name)
    return (
        f"has no automatic rewrite ({advice.note})" if advice.note else "has no automatic rewrite"
    )


def feature_tested(callee: str, arguments: Sequence[Argument], tested: str | None) -> str | None:
    """``"get_tag"`` for ``hasattr(imp, "get_tag")`` when 3.11's imp had that name.

    ``tested`` is the second argument's string value (None when it is not a string literal).
    """
    if callee != "hasattr" or len(arguments) != 2:
        return None
    if any(argument.keyword or argument.star for argument in arguments):
        return None
    return tested if tested in REPLACEMENTS else None


# -- dead ImportError fallbacks ----------------------------------------------------------------

ALWAYS_IMPORTABLE: dict[str, frozenset[str]] = {
    # module: the names importable from it on every Python 3 from 3.4 on
    "_imp": frozenset(
        {"acquire_lock", "release_lock", "lock_held", "is_builtin", "is_frozen", "init_frozen"}
        | {"is_frozen_package", "get_frozen_object", "extension_suffixes"}
    ),
    "importlib": frozenset({"reload", "import_module", "invalidate_caches", "util", "machinery"}),
    "importlib.util": frozenset(
        {"MAGIC_NUMBER", "cache_from_source", "source_from_cache", "decode_source"}
        | {"find_spec", "spec_from_file_location", "spec_from_loader", "resolve_name"}
    ),
    "importlib.machinery": frozenset(
        {"SOURCE_SUFFIXES", "BYTECODE_SUFFIXES", "EXTENSION_SUFFIXES", "all_suffixes"}
        | {"BuiltinImporter", "FrozenImporter", "PathFinder", "FileFinder", "ModuleSpec"}
        | {"SourceFileLoader", "SourcelessFileLoader", "ExtensionFileLoader"}
    ),
    "types": frozenset({"ModuleType"}),
}
"""What a try body may import for its ``except ImportError`` branch to be dead."""

DEAD_FALLBACK_ADVICE = (
    "nothing: the `except ImportError` branch cannot run on Python 3 "
    "(fix keeps only the try body)"
)
DEAD_FALLBACK_LABEL = "ImportError fallback"


def dead_fallbacks(tree: ast.AST) -> list[ast.Try]:
    """``try`` statements whose ``except ImportError`` branch imports imp and can never run.

    The try body only imports what every Python 3 has (``from importlib import reload``,
    ``import _imp``, ``from importlib.machinery import EXTENSION_SUFFIXES``), so its one
    handler, for ImportError, is Python 2's path: fix keeps the body alone, as pyupgrade does
    for ``try: import x`` / ``except ImportError: import y`` when ``x`` always exists.
    """
    return [node for node in ast.walk(tree) if isinstance(node, ast.Try) and is_dead_fallback(node)]


def is_dead_fallback(node: ast.Try) -> bool:
    """See ``dead_fallbacks``."""
    return (
        not node.orelse
        and not node.finalbody
        and len(node.handlers) == 1
        and _catches_import_error(node.handlers[0].type)
        and all(_always_importable(statement) for statement in node.body)
        and any(_imports_imp(statement) for statement in ast.walk(node.handlers[0]))
    )


def _catches_import_error(caught: ast.expr | None) -> bool:
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return all(
        isinstance(name, ast.Name) and name.id in ("ImportError", "ModuleNotFoundError")
        for name in names
    )


def _always_importable(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Import):
        return all(alias.name in ALWAYS_IMPORTABLE for alias in statement.names)
    if isinstance(statement, ast.ImportFrom) and not statement.level and statement.module:
        names = ALWAYS_IMPORTABLE.get(statement.module, frozenset())
        return all(alias.name in names for alias in statement.names)
    return False


def _imports_imp(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name == "imp" for alias in node.names)
    return isinstance(node, ast.ImportFrom) and node.module == "imp" and not node.level
