"""The rest of the legacy import API that Python 3.12-3.15 removed, found once for scan and fix.

``imp`` was only the first to go: ``pkgutil.get_loader``, ``importlib.find_loader``,
``loader.load_module()`` and the others below broke code on each new Python. Uses are found
with ``ast`` here, once: scan lists them, and fix matches them to its libcst tree by position,
so both always agree on what is a use and whether fix rewrites it.

Method names are common words (a user's own ``find_module``), so a method call counts only
when its receiver is plausibly an importlib or pkgutil object: a class or instance from
``importlib.machinery`` or ``zipimport``, a finder from ``sys.meta_path``,
``sys.path_importer_cache``, ``pkgutil.iter_importers()``/``get_importer()``, a loader those
return, or an instance (or ``self``) of a class of this module that inherits the removed method
from ``importlib.abc``/``importlib.machinery``. Kept free of libcst, as ``_patterns`` is.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

CONTEXT = (
    b"importlib",
    b"pkgutil",
    b"zipimport",
    b"meta_path",
    b"path_importer_cache",
    b"__loader__",
)
"""Every use names one of these modules or lists (``in`` on bytes is the cheapest search)..."""

NAME_PARTS = (
    b"find_loader",
    b"get_loader",
    b"module_for_loader",
    b"set_loader",
    b"set_package",
    b"ImpImporter",
    b"ImpLoader",
    b".find_module(",  # methods count only when called
    b".load_module(",
    b".module_repr(",
)
"""...and spells one of these names, or ``Finder`` as a word (``FileFinder`` is no use)."""

FINDER_WORD = re.compile(rb"\bFinder\b")


def may_use_legacy_api(source: bytes) -> bool:
    """Cheap test before parsing: files that fail it hold no use (scan skips most files)."""
    if not any(word in source for word in CONTEXT):
        return False
    if any(part in source for part in NAME_PARTS):
        return True
    return b"Finder" in source and FINDER_WORD.search(source) is not None


@dataclass(frozen=True)
class Name:
    """A removed name: how reports call it, when it went, and what replaces it."""

    label: str
    removed: str
    replacement: str
    fixable: bool = True


def _names(*names: Name) -> dict[str, Name]:
    return {name.label: name for name in names}


NAMES = _names(
    Name(
        "pkgutil.ImpImporter",
        "3.12",
        "importlib.machinery.FileFinder (what sys.path_importer_cache holds); fix guards a "
        "statement that only passes the class to a call (`register_finder(pkgutil.ImpImporter, "
        'f)`, as pkg_resources did) with `if hasattr(pkgutil, "ImpImporter"):` and an '
        "isinstance test with `hasattr(...) and`: nothing but the code itself made ImpImporters",
        fixable=False,
    ),
    Name(
        "pkgutil.ImpLoader",
        "3.12",
        "the loaders of importlib.machinery (SourceFileLoader, ...); fix guards a statement "
        'that only passes the class to a call with `if hasattr(pkgutil, "ImpLoader"):` and '
        "an isinstance test with `hasattr(...) and`: only ImpImporter made ImpLoaders",
        fixable=False,
    ),
    Name(
        "importlib.abc.Finder",
        "3.12",
        "importlib.abc.MetaPathFinder or PathEntryFinder, with a find_spec method; fix makes "
        "MetaPathFinder the base of a class that defines a meta path finder's "
        "find_module(fullname, path) (and gives it find_spec when it goes on sys.meta_path)",
        fixable=False,
    ),
    Name(
        "importlib.find_loader",
        "3.12",
        "_importlib_find_loader(name, path): the loader of sys.meta_path's first spec, "
        "as find_loader gave it (fix adds the helper)",
    ),
    Name(
        "importlib.util.module_for_loader",
        "3.12",
        "@_module_for_loader, the same decorator (fix adds it)",
    ),
    Name("importlib.util.set_loader", "3.12", "@_set_loader, the same decorator (fix adds it)"),
    Name("importlib.util.set_package", "3.12", "@_set_package, the same decorator (fix adds it)"),
    Name(
        "pkgutil.find_loader",
        "3.14",
        "_pkgutil_find_loader(name): importlib.util.find_spec(name).loader, failures as "
        "ImportError (fix adds the helper)",
    ),
    Name(
        "pkgutil.get_loader",
        "3.14",
        "_pkgutil_get_loader(module_or_name): importlib.util.find_spec(name).loader with "
        "get_loader's quirks (fix adds the helper)",
    ),
    Name(
        "<finder>.find_module()",
        "3.12",
        'getattr(finder.find_spec(name), "loader", None); for any finder of sys.meta_path '
        "or sys.path_importer_cache, _finder_find_module(finder, name) (fix adds it)",
    ),
    Name(
        "<path entry finder>.find_loader()",
        "3.12",
        "_finder_find_loader(finder, name): (loader, portions) from finder.find_spec(name) "
        "(fix adds the helper)",
    ),
    Name(
        "<loader>.load_module()",
        "3.15",
        "_loader_load_module(loader, name): the module loaded from its spec with "
        "load_module's semantics (fix adds the helper)",
    ),
    Name(
        "<loader>.module_repr()",
        "3.12",
        "'<module {!r} (built-in)>'.format(module.__name__) (or frozen) for BuiltinImporter "
        "and FrozenImporter",
    ),
)
"""Each removed name, by label (the label is also the name of its rule)."""

MODULE_NAMES = {
    "pkgutil.ImpImporter": "pkgutil.ImpImporter",
    "pkgutil.ImpLoader": "pkgutil.ImpLoader",
    "importlib.abc.Finder": "importlib.abc.Finder",
    "importlib.find_loader": "importlib.find_loader",
    "importlib.util.module_for_loader": "importlib.util.module_for_loader",
    "importlib.util.set_loader": "importlib.util.set_loader",
    "importlib.util.set_package": "importlib.util.set_package",
    "pkgutil.find_loader": "pkgutil.find_loader",
    "pkgutil.get_loader": "pkgutil.get_loader",
}
"""Qualified name -> label, for names that are module attributes."""

# Receiver types: what a method is called on.
PATH_FINDER, BUILTIN, FROZEN = "PathFinder", "BuiltinImporter", "FrozenImporter"
FILE_FINDER, ZIPIMPORTER = "FileFinder", "zipimporter"
META_FINDER, ENTRY_FINDER, IMPORTER = "meta path finder", "path entry finder", "finder"
LOADER, SPEC = "loader", "spec"
SUPER = "super() of "
"""Prefix of a receiver type: ``super().load_module(...)`` in a subclass: ``self``'s method."""
MODULE_LOADER = "module's __loader__"
"""A module's ``__loader__``: importlib's loader, or a loader of the code's own (not known)."""

CLASSES = {
    "importlib.machinery.PathFinder": PATH_FINDER,
    "importlib.machinery.BuiltinImporter": BUILTIN,
    "importlib.machinery.FrozenImporter": FROZEN,
}
"""Classes whose removed methods were class methods: called on the class itself."""

CONSTRUCTORS = {
    "importlib.machinery.FileFinder": FILE_FINDER,
    "zipimport.zipimporter": ZIPIMPORTER,
    "importlib.machinery.SourceFileLoader": LOADER,
    "importlib.machinery.SourcelessFileLoader": LOADER,
    "importlib.machinery.ExtensionFileLoader": LOADER,
}
"""Callables whose result is a finder or loader of the given type."""

PRODUCERS = {
    "pkgutil.get_importer": ENTRY_FINDER,
    "sys.path_importer_cache.get": ENTRY_FINDER,
    "pkgutil.get_loader": LOADER,
    "pkgutil.find_loader": LOADER,
    "importlib.find_loader": LOADER,
    "importlib.util.find_spec": SPEC,
    "importlib.util.spec_from_file_location": SPEC,
    "importlib.util.spec_from_loader": SPEC,
}
"""Functions whose result is a finder, loader or spec (None aside)."""

ITERABLES = {
    "sys.meta_path": META_FINDER,
    "sys.path_importer_cache.values": ENTRY_FINDER,
    "pkgutil.iter_importers": IMPORTER,
}
"""What a ``for`` loop over these (or over a call of them) binds."""

BASES = {
    "importlib.abc.MetaPathFinder": META_FINDER,
    "importlib.abc.PathEntryFinder": ENTRY_FINDER,
    "importlib.abc.Loader": LOADER,
    "importlib.abc.InspectLoader": LOADER,
    "importlib.abc.ExecutionLoader": LOADER,
    "importlib.abc.FileLoader": LOADER,
    "importlib.abc.SourceLoader": LOADER,
    "importlib.abc.ResourceLoader": LOADER,
    "importlib.machinery.SourceFileLoader": LOADER,
    "importlib.machinery.SourcelessFileLoader": LOADER,
    "importlib.machinery.ExtensionFileLoader": LOADER,
}
"""Base classes from which a class of the module inherits removed methods."""

METHODS: dict[str, frozenset[str]] = {
    "find_module": frozenset(
        {
            PATH_FINDER,
            BUILTIN,
            FROZEN,
            FILE_FINDER,
            ZIPIMPORTER,
            META_FINDER,
            ENTRY_FINDER,
            IMPORTER,
        }
    ),
    "find_loader": frozenset({FILE_FINDER, ZIPIMPORTER, ENTRY_FINDER, IMPORTER}),
    "load_module": frozenset({BUILTIN, FROZEN, ZIPIMPORTER, LOADER, MODULE_LOADER}),
    "module_repr": frozenset({BUILTIN, FROZEN, LOADER, MODULE_LOADER}),
}
"""Each removed method and the receiver types that had it."""

METHOD_LABELS = {
    "find_module": "<finder>.find_module()",
    "find_loader": "<path entry finder>.find_loader()",
    "load_module": "<loader>.load_module()",
    "module_repr": "<loader>.module_repr()",
}


def method_fixable(method: str, receiver: str) -> bool:
    """Whether fix can rewrite ``receiver.method(...)`` at all, whatever its arguments."""
    receiver = receiver.removeprefix(SUPER)
    if method == "module_repr":
        return receiver in (BUILTIN, FROZEN)  # other loaders' reprs depend on the module
    return receiver != MODULE_LOADER  # its own load_module may need no exec_module


@dataclass(frozen=True)
class CallArgument:
    """One argument of a call, as scan (``ast``) and fix (libcst) both describe it."""

    keyword: str | None
    star: bool
    """``*args`` or ``**kwargs``."""
    literal: bool
    """A name or a literal: not evaluating it skips no side effect."""


STAR_REASON = "called with *args or **kwargs"
ZIP_PATH_REASON = "the ignored path argument is an expression: decide whether to keep it"
MODULE_LOADER_REASON = (
    "may be importlib's load_module (gone in 3.15) or a loader's own: if "
    "importlib's, load from its spec (exec_module) as _loader_load_module does"
)
OTHER_REPR_REASON = "is no longer called by repr(module) and gone from importlib's loaders"
REPR_ARGUMENTS_REASON = "called with other arguments than one module"


def zip_path_kept(arguments: Sequence[CallArgument]) -> list[int]:
    """Which of zipimporter's find_module/find_loader arguments the rewrite keeps: fullname."""
    positional = [i for i, argument in enumerate(arguments) if argument.keyword is None][:1]
    return positional + [i for i, a in enumerate(arguments) if a.keyword == "fullname"]


def zip_path_refusal(arguments: Sequence[CallArgument]) -> str | None:
    """Why zipimporter's ignored ``path`` argument cannot simply be dropped, or None."""
    if any(argument.star for argument in arguments):
        return STAR_REASON
    kept = zip_path_kept(arguments)
    dropped = [a for i, a in enumerate(arguments) if i not in kept]
    return None if all(argument.literal for argument in dropped) else ZIP_PATH_REASON


def method_refusal(method: str, receiver: str, arguments: Sequence[CallArgument]) -> str | None:
    """Why fix leaves ``receiver.method(arguments)`` with a TODO; None when a rule rewrites it."""
    receiver = receiver.removeprefix(SUPER)
    if method == "module_repr":
        if receiver not in (BUILTIN, FROZEN):
            return OTHER_REPR_REASON
        if len(arguments) != 1 or arguments[0].star or arguments[0].keyword is not None:
            return REPR_ARGUMENTS_REASON
        return None
    if receiver == MODULE_LOADER:
        return MODULE_LOADER_REASON
    if receiver == ZIPIMPORTER and method in ("find_module", "find_loader"):
        return zip_path_refusal(arguments)
    return None


GUARD, ISINSTANCE, BASE = "guard", "isinstance", "base"
"""How a removed class is used where fix rewrites it (``rules.removed_class_guard``,
``rules.finder_base``): passed to a call by a statement of its own, tested with isinstance,
a base of a class whose find_module is a meta path finder's."""

SHAPE_REPLACEMENTS = {
    GUARD: "the statement under `if hasattr(<module>, <name>):`: only the code itself could "
    "make an instance, so a handler for the class is never used where it is gone",
    ISINSTANCE: "`hasattr(<module>, <name>) and isinstance(...)`: no instance exists where "
    "the class is gone",
    BASE: "importlib.abc.MetaPathFinder as the base: the class defines find_module, as "
    "Finder's subclasses had to",
}
REMOVED_CLASSES = ("pkgutil.ImpImporter", "pkgutil.ImpLoader")
"""The classes whose handler registrations and isinstance tests fix guards."""
FINDER = "importlib.abc.Finder"


def removed_name_reason(label: str) -> str:
    """The TODO of a removed name with no rewrite (a class): what to use instead."""
    return f"was removed in Python {NAMES[label].removed}; use {NAMES[label].replacement}"


HELPERS: dict[str, tuple[str, ...]] = {
    "importlib.find_loader": ("_importlib_find_loader",),
    "importlib.util.module_for_loader": ("_module_for_loader",),
    "importlib.util.set_loader": ("_set_loader",),
    "importlib.util.set_package": ("_set_package",),
    "pkgutil.find_loader": ("_pkgutil_find_loader",),
    "pkgutil.get_loader": ("_pkgutil_find_loader", "_pkgutil_get_loader"),
    "<finder>.find_module()": ("_finder_find_module",),
    "<path entry finder>.find_loader()": ("_finder_find_loader",),
    "<loader>.load_module()": ("_loader_load_module",),
}
"""The helper functions each rule adds to the module (a test holds this to the rules)."""

KNOWN_FINDERS = (PATH_FINDER, BUILTIN, FROZEN, FILE_FINDER, ZIPIMPORTER)
"""Finders whose find_module is rewritten inline (``find_spec``), with no helper."""


def helpers_needed(use: LegacyUse) -> tuple[str, ...]:
    """The helpers fix adds to rewrite ``use``."""
    if use.method == "find_module" and (use.receiver or "") in KNOWN_FINDERS:
        return ()
    return HELPERS.get(use.label, ())


def helper_refusal(use: LegacyUse, taken: frozenset[str] | set[str]) -> str | None:
    """Why the rewrite of ``use`` would clash with a name the module binds itself, or None."""
    for name in helpers_needed(use):
        if name in taken:
            return f"the module already defines {name}"
    return None


ImportForm = tuple[str, str | None, str | None]
"""An import as libcst's RemoveImportsVisitor names it: (module, name or None, asname or None)."""


@dataclass(frozen=True)
class LegacyUse:
    """One use of a removed name; positions are ``ast``'s (1-based lines, byte offsets)."""

    label: str
    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    method: str | None = None
    """For a method call: the method's name (``find_module``)..."""
    receiver: str | None = None
    """...and the receiver's type (``PathFinder``, ``loader``)."""
    imports: tuple[ImportForm, ...] = ()
    """For a module attribute: the imports that bound the name it starts with."""
    reason: str | None = None
    """Why fix leaves it with a TODO (the receiver, the arguments, a removed class), or None."""
    shape: str | None = None
    """For a removed class fix rewrites: how it is used (``GUARD``, ``ISINSTANCE``, ``BASE``)."""

    @property
    def fixable(self) -> bool:
        """Whether fix rewrites it (unless a helper's name is taken: ``helper_refusal``)."""
        return self.reason is None

    @property
    def replacement(self) -> str:
        name = NAMES[self.label]
        if self.shape is not None:
            return f"removed in Python {name.removed}: {SHAPE_REPLACEMENTS[self.shape]}"
        text = f"removed in Python {name.removed}: {name.replacement}"
        if self.receiver == MODULE_LOADER:
            text += "; no rewrite: __loader__ may be a loader of the code's own"
        elif (
            self.method is not None
            and self.receiver is not None
            and not method_fixable(self.method, self.receiver)
        ):
            text += f"; no rewrite for another {self.receiver}: its repr was its own"
        return text


def find_legacy_uses(tree: ast.AST) -> list[LegacyUse]:
    """Every use of a removed name in ``tree``; calls, then references, in source order."""
    return _Finder(tree).uses()


class _Finder:
    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self.imported: dict[str, str] = {}
        """Local name -> the qualified name an import binds it to."""
        self.import_forms: dict[str, list[ImportForm]] = {}
        """Local name -> the imports that bind it."""
        self.classes: dict[str, tuple[str, frozenset[str]]] = {}
        """Classes of the module with a qualifying base: name -> (type, methods they define)."""
        self.variables: dict[tuple[int | None, str], str | None] = {}
        """(function or None for the module, variable) -> its receiver type, None when the
        variable is bound to different things or to something else."""
        self.scope: int | None = None
        self.candidates: list[tuple[ast.AST, int | None]] = []
        """Names, attributes and calls: the nodes that may be uses."""
        self.guarded: set[tuple[int, str]] = set()
        """(node, label) for uses under ``if hasattr(pkgutil, "ImpImporter"):``: not uses."""
        self.argument_of: dict[int, ast.Expr] = {}
        """Arguments of the call an expression statement makes -> that statement."""
        self.isinstance_of: set[int] = set()
        """Second arguments of ``isinstance(x, cls)`` calls."""
        self.base_of: dict[int, ast.ClassDef] = {}
        """Base class expressions -> their class."""
        self.statement_lines: dict[int, int] = {}
        """Line -> how many statements start on it."""
        self.class_of: dict[int, str] = {}
        self.self_named: set[int] = set()
        """Those of them whose first parameter is ``self``."""
        """Functions defined in a class with a qualifying base -> that class's name."""
        self._collect()

    # -- bindings ---------------------------------------------------------------------

    def _collect(self) -> None:
        nodes = _scoped(self.tree)
        imports: list[ast.AST] = []
        classes: list[ast.AST] = []
        bindings: list[tuple[ast.AST, int | None]] = []
        guards: list[ast.AST] = []
        for node, function in nodes:  # one pass; kinds by exact type (cheaper than isinstance)
            kind = type(node)
            if kind is ast.Name or kind is ast.Call or kind is ast.Attribute:
                self.candidates.append((node, function))
                if kind is ast.Call and _is_isinstance(node):
                    assert isinstance(node, ast.Call)
                    self.isinstance_of.add(id(node.args[1]))
            elif kind is ast.Import or kind is ast.ImportFrom:
                imports.append(node)
            elif kind is ast.ClassDef:
                assert isinstance(node, ast.ClassDef)
                classes.append(node)
                self.base_of.update((id(base), node) for base in node.bases)
            elif kind is ast.If or kind is ast.BoolOp:
                guards.append(node)
            elif kind is ast.Expr:
                assert isinstance(node, ast.Expr)
                if isinstance(node.value, ast.Call):
                    for passed in _call_values(node.value):
                        self.argument_of[id(passed)] = node
            if isinstance(node, ast.stmt):
                self.statement_lines[node.lineno] = self.statement_lines.get(node.lineno, 0) + 1
            if kind in BINDING_TYPES:
                bindings.append((node, function))
        for node in imports:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.partition(".")[0]
                    self.imported[local] = alias.name if alias.asname else local
                    form: ImportForm = (alias.name, None, alias.asname)
                    self.import_forms.setdefault(local, []).append(form)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        local = alias.asname or alias.name
                        self.imported[local] = f"{node.module}.{alias.name}"
                        from_form: ImportForm = (node.module, alias.name, alias.asname)
                        self.import_forms.setdefault(local, []).append(from_form)
        for node in guards:
            if isinstance(node, ast.If):
                for label in self._guarded_labels(node.test):
                    for statement in node.body:
                        self.guarded.update((id(n), label) for n in ast.walk(statement))
            elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
                for index, tested in enumerate(node.values):  # hasattr(...) and isinstance(...)
                    found = self._guarded_label(tested)
                    if found is not None:
                        for later in node.values[index + 1 :]:
                            self.guarded.update((id(n), found) for n in ast.walk(later))
        for node in classes:
            assert isinstance(node, ast.ClassDef)
            kinds = {BASES.get(self.qualified(base) or "") for base in node.bases} - {None}
            if kinds:
                functions = [
                    item
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                ]
                methods = frozenset(item.name for item in functions)
                self.classes[node.name] = (min(kind for kind in kinds if kind), methods)
                self.class_of.update((id(item), node.name) for item in functions)
                self.self_named.update(
                    id(item)
                    for item in functions
                    if item.args.args and item.args.args[0].arg == "self"
                )
        for node, function in bindings:
            self.scope = function
            if isinstance(node, ast.Assign):
                value_kind = self.type_of(node.value, function)
                for target in node.targets:
                    self._bind(target, value_kind)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
                value = node.value
                value_kind = self.type_of(value, function) if value is not None else None
                self._bind(node.target, value_kind)
            elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                self._bind_loop(node.target, node.iter)
            elif isinstance(node, ast.With | ast.AsyncWith):
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind(item.optional_vars, None)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                self.scope = id(node) if not isinstance(node, ast.Lambda) else function
                arguments = node.args
                every = [
                    *arguments.posonlyargs,
                    *arguments.args,
                    *arguments.kwonlyargs,
                    arguments.vararg,
                    arguments.kwarg,
                ]
                for argument in every:
                    if argument is not None:
                        self._bind_name(argument.arg, None)

    def _guarded_labels(self, test: ast.expr) -> list[str]:
        """The removed names an ``if`` tests with hasattr (alone, or joined by ``and``)."""
        and_ = isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)
        tests = test.values if isinstance(test, ast.BoolOp) and and_ else [test]
        return [label for label in map(self._guarded_label, tests) if label is not None]

    def _guarded_label(self, test: ast.expr) -> str | None:
        """The removed name that ``hasattr(module, "name")`` tests, if it is one."""
        if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name)):
            return None
        if test.func.id != "hasattr" or len(test.args) != 2 or test.keywords:
            return None
        module, name = test.args
        base = self.qualified(module)
        if base is None or not isinstance(name, ast.Constant) or not isinstance(name.value, str):
            return None
        return MODULE_NAMES.get(f"{base}.{name.value}")

    def _bind(self, target: ast.AST, kind: str | None) -> None:
        if isinstance(target, ast.Name):
            self._bind_name(target.id, kind)
        else:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    self._bind_name(node.id, None)

    def _bind_name(self, name: str, kind: str | None) -> None:
        key = (self.scope, name)
        if key in self.variables and self.variables[key] != kind:
            kind = None  # bound to different things: not known
        self.variables[key] = kind

    def _bind_loop(self, target: ast.AST, iterable: ast.AST) -> None:
        source = iterable.func if isinstance(iterable, ast.Call) else iterable
        qualified = self.qualified(source)
        if qualified in ITERABLES:
            self._bind(target, ITERABLES[qualified])
        elif qualified == "sys.path_importer_cache.items" and isinstance(target, ast.Tuple):
            if len(target.elts) == 2:
                self._bind(target.elts[0], None)
                self._bind(target.elts[1], ENTRY_FINDER)
            else:
                self._bind(target, None)
        else:
            self._bind(target, None)

    # -- names and types --------------------------------------------------------------

    def qualified(self, node: ast.AST) -> str | None:
        """``importlib.util.find_spec`` for any spelling of it that the imports allow."""
        if isinstance(node, ast.Name):
            return self.imported.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualified(node.value)
            return None if base is None else f"{base}.{node.attr}"
        return None

    def type_of(self, node: ast.AST, function: int | None = None) -> str | None:
        """The receiver type of an expression, or None when it is not known to be one."""
        qualified = self.qualified(node)
        if qualified in CLASSES:
            return CLASSES[qualified]
        if isinstance(node, ast.Call):
            callee = self.qualified(node.func)
            if callee in CONSTRUCTORS:
                return CONSTRUCTORS[callee]
            if callee in PRODUCERS:
                return PRODUCERS[callee]
            if isinstance(node.func, ast.Name) and node.func.id in self.classes:
                return f"class {node.func.id}"
            if isinstance(node.func, ast.Attribute) and node.func.attr == "find_module":
                receiver = self.type_of(node.func.value, function)
                if receiver is not None and receiver in METHODS["find_module"]:
                    return LOADER
            return None
        if (
            isinstance(node, ast.Subscript)
            and self.qualified(node.value) == "sys.path_importer_cache"
        ):
            return ENTRY_FINDER
        if isinstance(node, ast.Attribute) and node.attr == "loader":
            return LOADER if self.type_of(node.value, function) == SPEC else None
        if isinstance(node, ast.Attribute) and node.attr == "__loader__":
            return MODULE_LOADER
        if isinstance(node, ast.Name) and node.id not in self.imported:
            if node.id == "self" and function is not None and function in self.class_of:
                return f"class {self.class_of[function]}"
            key = (function, node.id)
            return (
                self.variables[key]
                if key in self.variables
                else self.variables.get((None, node.id))
            )
        return None

    def receiver_type(self, method: str, node: ast.AST, function: int | None) -> str | None:
        """The type of ``node`` if calling ``node.method`` is a removed method, else None."""
        if _is_super_call(node) and function in self.self_named:
            base_kind = self.classes[self.class_of[function]][0]
            return SUPER + base_kind if base_kind in METHODS[method] else None
        kind = self.type_of(node, function)
        if kind is None:
            return None
        if kind.startswith("class "):
            base_kind, defined = self.classes[kind[len("class ") :]]
            if method in defined:
                return None  # the class's own method, not the removed one
            kind = base_kind
        return kind if kind in METHODS[method] else None

    # -- uses -------------------------------------------------------------------------

    def uses(self) -> list[LegacyUse]:
        found = [use for node, function in self.candidates for use in self._use(node, function)]
        found.sort(key=lambda use: (use.line, use.col, -use.end_line, -use.end_col))
        return found

    def _use(self, node: ast.AST, function: int | None) -> Iterator[LegacyUse]:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in METHODS:
                receiver = self.receiver_type(method, node.func.value, function)
                if receiver is not None:
                    code = f"{_short(node.func.value)}.{method}"
                    reason = method_refusal(method, receiver, _call_arguments(node))
                    label = METHOD_LABELS[method]
                    yield _located(label, node, code, method, receiver, reason=reason)
        if isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load):
            qualified = self.qualified(node)
            if (
                qualified in MODULE_NAMES
                and (id(node), MODULE_NAMES[qualified]) not in self.guarded
            ):
                code = ast.unparse(node)
                first: ast.expr = node
                while isinstance(first, ast.Attribute):
                    first = first.value
                forms = self.import_forms.get(first.id, []) if isinstance(first, ast.Name) else []
                label = MODULE_NAMES[qualified]
                shape = None if NAMES[label].fixable else self._class_shape(node, label)
                reason = None if NAMES[label].fixable or shape else removed_name_reason(label)
                yield _located(label, node, code, imports=tuple(forms), reason=reason, shape=shape)

    def _class_shape(self, node: ast.AST, label: str) -> str | None:
        """How fix rewrites this use of a removed class, or None when it leaves a TODO."""
        if label == FINDER:
            owner = self.base_of.get(id(node))
            return BASE if owner is not None and self._finder_base_ok(owner) else None
        if label not in REMOVED_CLASSES or not isinstance(node, ast.Attribute):
            return None  # ``from pkgutil import ImpImporter`` itself fails on 3.12
        if not isinstance(node.value, ast.Name):
            return None
        if id(node) in self.isinstance_of and "isinstance" not in self.imported:
            return ISINSTANCE
        statement = self.argument_of.get(id(node))
        if statement is None or not self._alone(statement):
            return None
        assert isinstance(statement.value, ast.Call)
        arguments = {id(value) for value in _call_values(statement.value)}
        classes = [
            n
            for n in ast.walk(statement)
            if isinstance(n, ast.Attribute | ast.Name)
            and MODULE_NAMES.get(self.qualified(n) or "") in (*REMOVED_CLASSES, FINDER)
        ]
        if any(id(n) not in arguments for n in classes):
            return None  # the class is also used otherwise in the statement
        if len({ast.unparse(n) for n in classes}) != 1:
            return None  # one guard per statement
        return GUARD

    def _alone(self, statement: ast.stmt) -> bool:
        """No other statement starts on its lines (``if x: f()``, ``a; f()``): it can be guarded."""
        last = statement.end_lineno or statement.lineno
        return self.statement_lines.get(statement.lineno) == 1 and not any(
            line in self.statement_lines for line in range(statement.lineno + 1, last + 1)
        )

    def _finder_base_ok(self, owner: ast.ClassDef) -> bool:
        """A class whose find_module takes (fullname, path), not calling Finder's own."""
        methods = [
            item
            for item in owner.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            and item.name == "find_module"
        ]
        if len(methods) != 1 or not isinstance(methods[0], ast.FunctionDef):
            return False
        arguments = methods[0].args
        if len(arguments.posonlyargs + arguments.args) < 3 and arguments.vararg is None:
            return False  # a path entry finder's find_module(fullname)
        if "importlib.abc.MetaPathFinder" in [self.qualified(base) for base in owner.bases]:
            return False
        return not any(
            isinstance(n, ast.Attribute) and n.attr == "find_module" and _is_super_call(n.value)
            for n in ast.walk(owner)
        )


BINDING_TYPES = frozenset(
    {
        ast.Assign,
        ast.AnnAssign,
        ast.AugAssign,
        ast.NamedExpr,
        ast.For,
        ast.AsyncFor,
        ast.comprehension,
        ast.With,
        ast.AsyncWith,
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.Lambda,
    }
)
"""Nodes that bind names: variables get the receiver type of what they are bound to."""


def _is_isinstance(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "isinstance"
        and len(node.args) == 2
        and not node.keywords
        and not any(isinstance(argument, ast.Starred) for argument in node.args)
    )


def _call_values(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(keyword.value for keyword in call.keywords)]


def _is_super_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _short(node: ast.expr) -> str:
    """The receiver as reports show it: ``SourceFileLoader(...)`` for a call."""
    if isinstance(node, ast.Call):
        return f"{_short(node.func)}(...)"
    text = ast.unparse(node)
    return text if len(text) <= 40 else "..."


def _scoped(tree: ast.AST) -> list[tuple[ast.AST, int | None]]:
    """Every node in source order, with the function whose body holds it (None: the module).

    One pass with an explicit stack (deep trees must not hit the recursion limit), reading
    the fields directly and skipping the ``ctx`` markers: ``ast.iter_child_nodes``, a
    generator, made this the bulk of scan's time on files that name a removed API.
    """
    found: list[tuple[ast.AST, int | None]] = []
    stack: list[tuple[ast.AST, int | None]] = [(tree, None)]
    while stack:
        node, function = stack.pop()
        found.append((node, function))
        if type(node) in FUNCTION_TYPES:
            function = id(node)
        children: list[tuple[ast.AST, int | None]] = []
        for name in node._fields:
            if name == "ctx":
                continue
            value = getattr(node, name, None)
            if isinstance(value, list):
                children.extend((item, function) for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                children.append((value, function))
        children.reverse()
        stack.extend(children)
    return found


FUNCTION_TYPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef})


def _located(
    label: str,
    node: ast.AST,
    code: str,
    method: str | None = None,
    receiver: str | None = None,
    imports: tuple[ImportForm, ...] = (),
    reason: str | None = None,
    shape: str | None = None,
) -> LegacyUse:
    return LegacyUse(
        label,
        node.lineno,  # type: ignore[attr-defined]
        node.col_offset,  # type: ignore[attr-defined]
        node.end_lineno or 0,  # type: ignore[attr-defined]
        node.end_col_offset or 0,  # type: ignore[attr-defined]
        code,
        method,
        receiver,
        imports,
        reason,
        shape,
    )


def _call_arguments(call: ast.Call) -> list[CallArgument]:
    """The arguments as ``CallArgument`` describes them (fix builds the same from libcst)."""
    arguments = [
        CallArgument(None, isinstance(value, ast.Starred), _literal(value)) for value in call.args
    ]
    arguments += [
        CallArgument(keyword.arg, keyword.arg is None, _literal(keyword.value))
        for keyword in call.keywords
    ]
    return arguments


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Name | ast.Constant)
