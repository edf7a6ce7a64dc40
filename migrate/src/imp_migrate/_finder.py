"""Find the uses of ``imp`` in one file's source, with ``ast`` (and tokens when it cannot parse).

``ast`` is the fast path: a C parser, about 20 times faster here than building a libcst tree,
which ``fix`` needs and ``scan`` does not. Files that ``ast`` rejects (Python 2 syntax, bad
encoding) are still searched token by token, so their uses are reported, marked approximate.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import tokenize
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from imp_migrate._legacy_api import (
    LegacyUse,
    find_legacy_uses,
    helper_refusal,
    helpers_needed,
    may_use_legacy_api,
)
from imp_migrate._patterns import (
    ALSO_BOUND_REASON,
    CONSTANTS,
    DEAD_FALLBACK_ADVICE,
    DYNAMIC_IMPORT,
    DYNAMIC_IMPORT_REASON,
    HELPER_MARK,
    IMPORTLIB_OR_IMP,
    LEGACY_FINDER_LABEL,
    MENTION,
    MODULE_OBJECT_REASON,
    MODULE_STRING,
    STAR_IMPORT_REASON,
    STRING_REASON,
    Argument,
    binding_kind,
    feature_tested,
    is_dead_fallback,
    legacy_meta_path_finders,
    may_hold_legacy_finder,
    reference_refusal,
    six_reload_move,
    string_kind,
)
from imp_migrate._replacements import MODULE_REPLACEMENT, replacement_for

WORD_IMP = re.compile(rb"\bimp\b")
"""Every use of imp spells the word ``imp``: files without it need no parse..."""


def worth_parsing(source: bytes) -> bool:
    """...unless they put a legacy finder on ``sys.meta_path`` (see ``rules.legacy_finder``)."""
    return (
        WORD_IMP.search(source) is not None
        or may_hold_legacy_finder(source)
        or may_use_legacy_api(source)  # removed importlib/pkgutil names (_legacy_api)
    )


@dataclass(frozen=True)
class Use:
    """One use of ``imp``: where, which name, what the source says, and the replacement."""

    line: int
    col: int
    """1-based column in characters, as editors count."""
    name: str
    """The ``imp`` name used (``find_module``), or ``imp`` for the module itself."""
    kind: str
    """``import``, ``from-import``, ``attribute``, ``name``, ``module`` (the module object
    itself: ``vars(imp)``), ``feature-test`` (``hasattr(imp, "get_tag")``),
    ``dynamic-import``, ``string`` (a string naming the module: ``sys.modules['imp']``),
    ``mention`` (a string ``'imp'`` that names no module: not a use), ``text`` (a file that
    does not parse), ``legacy-finder`` (not a use of imp: a class that only imp-compat's
    adapters keep working on 3.12; ``name`` is then its label), or ``legacy-api`` (a removed
    importlib/pkgutil name, ``_legacy_api``; ``name`` is then its label)."""
    code: str
    replacement: str
    fixable: bool
    """True when fix rewrites it; the decision ``fix`` follows (see ``_patterns``)."""
    reason: str | None = None
    """Why fix leaves it, as the ``# TODO(imp):`` comment says; None when fix rewrites it, or
    leaves it without a comment of its own (a mention; an import kept for a use that has one)."""
    end: tuple[int, int] | None = None
    """For a ``legacy-api`` use: where its expression ends (line, 1-based character column)..."""
    legacy: LegacyUse | None = field(default=None, repr=False, compare=False)
    """...and what ``_legacy_api`` found (receiver type, imports), which fix's rule needs."""

    @property
    def is_use(self) -> bool:
        """False for a mention: reported as a note, never counted, never a TODO."""
        return self.kind != MENTION


@dataclass
class FileFindings:
    """What one file holds: its uses, or why it could not be parsed (uses then approximate)."""

    uses: list[Use] = field(default_factory=list)
    error: str | None = None


def find_uses(source: bytes) -> FileFindings:
    """Every use of ``imp`` in ``source``; never raises for bad source."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as error:
        return FileFindings(uses=_find_in_tokens(source), error=_describe(error))
    if not worth_parsing(source):
        return FileFindings()  # parsed only to report whether it parses (scan --parse-all)
    return FileFindings(uses=uses_in_tree(tree, source))


def uses_in_tree(tree: ast.Module, source: bytes) -> list[Use]:
    """The uses in a parsed module, each with fix's decision; ``fix`` follows the same list.

    The uses of imp need the word ``imp`` (a file without it is searched only for legacy
    finders and for the removed importlib/pkgutil names, which is cheaper).
    """
    lines = _lines(source)
    finder = None
    uses: list[Use] = []
    if WORD_IMP.search(source) is not None:
        finder = _AstFinder(lines, tree)
        finder.collect()
        uses = finder.uses
    if may_hold_legacy_finder(source):
        uses += _legacy_finders(tree, lines)
    if may_use_legacy_api(source):
        uses += _legacy_uses(tree, source, lines, finder)
    uses.sort(key=lambda use: (use.line, use.col))
    return uses


def _lines(source: bytes) -> list[str]:
    """The source's lines as ast numbers them, decoded as Python decodes the file."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        text = source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        text = source.decode("utf-8", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _legacy_finders(tree: ast.AST, lines: list[str]) -> list[Use]:
    """The classes that put a find_module-only finder on ``sys.meta_path`` (fix adds find_spec)."""
    uses = []
    for finder in legacy_meta_path_finders(tree):
        line, col = _column(lines, finder)
        code = f"class {finder.name}"
        uses.append(Use(line, col, LEGACY_FINDER_LABEL, "legacy-finder", code, LEGACY_ADVICE, True))
    return uses


def _legacy_uses(
    tree: ast.Module, source: bytes, lines: list[str], finder: _AstFinder | None
) -> list[Use]:
    """Uses of the removed importlib/pkgutil names (``_legacy_api``), decided as for imp.

    ``_legacy_api`` decides what depends on the use itself (its receiver, its arguments); a
    helper the rewrite would add is refused here when the module already binds its name, as
    for imp's helpers. A use inside a dead ImportError branch goes with the branch.
    """
    found = find_legacy_uses(tree)
    if not found:
        return []
    names = {name for use in found for name in helpers_needed(use)}
    taken: frozenset[str] = frozenset()
    if any(name.encode() in source for name in names):  # rare: only then resolve the bindings
        finder = finder if finder is not None else _AstFinder(lines, tree)
        taken = finder.taken_names()
    dead = [] if finder is None else [_span(handler) for t in finder.dead for handler in t.handlers]
    uses = []
    for legacy in found:
        line, col = _column(lines, legacy.line, legacy.col)
        end = _column(lines, legacy.end_line, legacy.end_col)
        reason = legacy.reason or helper_refusal(legacy, taken)
        replacement = legacy.replacement
        if any(start <= (legacy.line, legacy.col) < stop for start, stop in dead):
            replacement, reason = DEAD_FALLBACK_ADVICE, None
        use = Use(
            line, col, legacy.label, "legacy-api", legacy.code, replacement, reason is None, reason
        )
        uses.append(replace(use, end=end, legacy=legacy))
    return uses


def _span(node: ast.AST) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where a node starts and ends, as ``ast`` counts (lines, byte offsets)."""
    return (
        (node.lineno, node.col_offset),  # type: ignore[attr-defined]
        (node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
    )


def _column(lines: list[str], node_or_line: ast.AST | int, offset: int = 0) -> tuple[int, int]:
    """(line, 1-based character column) of an ``ast`` position (ast counts UTF-8 bytes)."""
    if isinstance(node_or_line, ast.AST):
        line: int = node_or_line.lineno  # type: ignore[attr-defined]
        offset = node_or_line.col_offset  # type: ignore[attr-defined]
    else:
        line = node_or_line
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    # ast counts UTF-8 bytes of the decoded line; libcst and editors count characters
    return line, len(text.encode("utf-8")[:offset].decode("utf-8", "replace")) + 1


def _describe(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        where = f" (line {error.lineno})" if error.lineno else ""
        return f"cannot parse: {error.msg}{where}"
    return f"cannot parse: {type(error).__name__}: {error}"


IMPORT_ADVICE = "import importlib (fix removes `import imp` once no use of it is left)"
KEPT_IMPORT_ADVICE = "import importlib (fix keeps `import imp` while a use below needs a human)"
MENTION_ADVICE = "nothing: a string, not a reference to the module"
FEATURE_TEST_ADVICE = "True (3.11's imp, the one being replaced, has every public name)"
SIX_MOVE_ADVICE = "'importlib' (six's MovedAttribute: importlib has the same function)"
LEGACY_ADVICE = (
    "add find_spec(self, fullname, path, target=None) wrapping find_module's loader in "
    "importlib.util.spec_from_loader (Python 3.12 no longer calls find_module)"
)


def _use(
    line: int, col: int, name: str, kind: str, code: str, reason: str | None = None
) -> Use:
    """A use with the shared table's advice; ``reason`` (a TODO) makes it manual."""
    if kind == "import":
        return Use(line, col, name, kind, code, IMPORT_ADVICE, reason is None, reason)
    advice = MODULE_REPLACEMENT if name == "imp" else replacement_for(name)
    fixable = advice.fixable and reason is None and kind not in ("text", MENTION)
    return Use(line, col, name, kind, code, advice.replacement, fixable, reason)


_SCOPES = (
    ast.Module,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


@dataclass(frozen=True)
class _Binding:
    """One binding of a name in a scope: what it binds (``imp``, ``same``, ``other``...)."""

    kind: str
    """``imp`` (an import from imp), ``dynamic`` (``import_module('imp')``), ``same`` (the
    same function from elsewhere: importlib, Python 2's builtins), ``constant`` (a constant
    or helper an earlier run of fix defined), ``other``."""
    imp_name: str | None
    """For ``imp`` bindings: the imp attribute bound, None for the module."""
    node: ast.AST


class _AstFinder(ast.NodeVisitor):
    """Finds the uses, resolving names by scope as Python does, then decides each one."""

    def __init__(self, lines: list[str], tree: ast.Module) -> None:
        self.lines = lines
        self.tree = tree
        self.uses: list[Use] = []
        self.parents: dict[int, ast.AST] = {}
        self.dead: list[ast.Try] = []
        self.dead_handlers: set[int] = set()
        self.imports: list[ast.Import | ast.ImportFrom] = []
        """Outside dead ImportError branches."""
        self.global_statements: list[ast.Global] = []
        self.candidates: set[str] = set()
        """Names some import of imp binds somewhere: only these are worth resolving."""
        stack: list[tuple[ast.AST, bool]] = [(tree, False)]
        while stack:  # one pass over the tree: the parse tree of a big module is big
            node, dead = stack.pop()
            dead = dead or id(node) in self.dead_handlers
            if isinstance(node, ast.Try) and not dead and is_dead_fallback(node):
                self.dead.append(node)
                self.dead_handlers.update(id(handler) for handler in node.handlers)
            elif isinstance(node, ast.Import | ast.ImportFrom) and not dead:
                self.imports.append(node)
                self._candidates_of(node)
            elif isinstance(node, ast.Assign) and _imports_imp_by_name(node.value):
                self.candidates.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.Global):
                self.global_statements.append(node)
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
                stack.append((child, dead))
        self._scopes: dict[int, dict[str, list[_Binding]]] = {}
        self._global_names: defaultdict[ast.AST, set[str]] | None = None
        self.uses_of: defaultdict[tuple[int, str], list[Use]] = defaultdict(list)
        """Uses by the binding they resolve to: (scope, local name)."""
        self.six_moves: set[int] = set()
        """``'imp'`` strings in six's MovedAttribute of a function importlib has (fixable)."""
        self.handled: set[int] = set()

    def _candidates_of(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            self.candidates.update(a.asname or "imp" for a in node.names if a.name == "imp")
        elif node.module == "imp" and not node.level:
            self.candidates.update(alias.asname or alias.name for alias in node.names)

    def _col(self, node: ast.AST) -> tuple[int, int]:
        return _column(self.lines, node)

    # -- scopes ----------------------------------------------------------------------------

    def _scope_of(self, node: ast.AST) -> ast.AST:
        parent = self.parents.get(id(node))
        while parent is not None and not isinstance(parent, _SCOPES):
            parent = self.parents.get(id(parent))
        return parent if parent is not None else self.tree

    def _scope_chain(self, node: ast.AST) -> list[ast.AST]:
        chain = [self._scope_of(node)]
        while not isinstance(chain[-1], ast.Module):
            chain.append(self._scope_of(chain[-1]))
        # a function's names skip the class bodies around it, as Python's do
        return [
            scope
            for index, scope in enumerate(chain)
            if index == 0 or not isinstance(scope, ast.ClassDef)
        ]

    def bindings(self, scope: ast.AST) -> dict[str, list[_Binding]]:
        """Every name the scope binds, and how; dead ImportError branches bind nothing."""
        found = self._scopes.get(id(scope))
        if found is not None:
            return found
        found = defaultdict(list)
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = scope.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
            for argument in every:
                found[argument.arg].append(_Binding("other", None, argument))
        if isinstance(scope, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            children: list[ast.AST] = [generator.target for generator in scope.generators]
        elif isinstance(scope, ast.Lambda):
            children = [scope.body]
        else:
            children = list(scope.body)  # type: ignore[attr-defined]
        declared = self._globals(scope)
        for name, binding in self._walk_bindings(children):
            if name not in declared:
                found[name].append(binding)
        if isinstance(scope, ast.Module):  # ``global imp`` then ``imp = ...`` in a function
            for function, names in self._declarations().items():
                for name, binding in self._walk_bindings(list(function.body)):  # type: ignore[attr-defined]
                    if name in names:
                        found[name].append(binding)
        self._scopes[id(scope)] = found
        return found

    def _walk_bindings(self, children: list[ast.AST]) -> Iterator[tuple[str, _Binding]]:
        stack = children[::-1]
        while stack:
            node = stack.pop()
            if id(node) in self.dead_handlers:
                continue
            yield from self._binds(node)
            if isinstance(node, _SCOPES):
                continue  # its own scope (its name was bound above)
            stack.extend(reversed(list(ast.iter_child_nodes(node))))

    def _declarations(self) -> dict[ast.AST, set[str]]:
        """Names each function declares ``global``."""
        if self._global_names is None:
            self._global_names = defaultdict(set)
            for node in self.global_statements:
                self._global_names[self._scope_of(node)].update(node.names)
        return self._global_names

    def _globals(self, scope: ast.AST) -> set[str]:
        return set() if isinstance(scope, ast.Module) else self._declarations().get(scope, set())

    def _binds(self, node: ast.AST) -> list[tuple[str, _Binding]]:
        if isinstance(node, ast.Import):
            pairs = []
            for alias in node.names:
                local = alias.asname or alias.name.partition(".")[0]
                origin = alias.name if alias.asname else local
                kind = binding_kind(None, origin)
                pairs.append((local, _Binding(kind, None, alias)))
            return pairs
        if isinstance(node, ast.ImportFrom):
            pairs = []
            for alias in node.names:
                if alias.name == "*":
                    continue
                origin = "" if node.level else f"{node.module}.{alias.name}"
                if node.module == "imp" and not node.level:
                    binding = _Binding("imp", alias.name, alias)
                else:
                    binding = _Binding(binding_kind(alias.name, origin), None, alias)
                pairs.append((alias.asname or alias.name, binding))
            return pairs
        if isinstance(node, ast.FunctionDef) and HELPER_MARK in (ast.get_docstring(node) or ""):
            return [(node.name, _Binding("constant", None, node))]  # fix's own helper
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return [(node.name, _Binding("other", None, node))]
        if isinstance(node, ast.ExceptHandler) and node.name:
            return [(node.name, _Binding("other", None, node))]
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            return [(node.id, self._assigned(node))]
        return []

    def _assigned(self, target: ast.Name) -> _Binding:
        statement = self.parents.get(id(target))
        value = getattr(statement, "value", None)
        single = (
            isinstance(statement, ast.Assign) and statement.targets == [target]
        ) or isinstance(statement, ast.AnnAssign)
        if not single or value is None:
            return _Binding("other", None, target)
        if _imports_imp_by_name(value):
            return _Binding("dynamic", None, target)  # imp = importlib.import_module('imp')
        line = self.lines[target.lineno - 1] if target.lineno <= len(self.lines) else ""
        if isinstance(self._scope_of(target), ast.Module) and line.rstrip().endswith(
            f"{CONSTANT_MARK}{target.id}"
        ):
            return _Binding("constant", None, target)  # PY_SOURCE = 1  # the value of imp...
        origin = _dotted_name(value) if isinstance(value, ast.Attribute | ast.Name) else ""
        kind = binding_kind(target.id, origin) if origin else "other"
        return _Binding("same" if kind == "same" else "other", None, target)  # rl = imp.reload

    def resolve(self, name: str, node: ast.AST) -> tuple[ast.AST, list[_Binding]] | None:
        """The scope that binds ``name`` where ``node`` reads it, and its bindings there."""
        for scope in self._scope_chain(node):
            bindings = self.bindings(scope).get(name)
            if bindings:
                return scope, bindings
        return None

    # -- collecting ------------------------------------------------------------------------

    def taken_names(self) -> frozenset[str]:
        """Names the module binds itself at top level: a helper or constant must not shadow them."""
        return frozenset(
            name
            for name, bindings in self.bindings(self.tree).items()
            if any(binding.kind not in ("imp", "constant") for binding in bindings)
        )

    def collect(self) -> None:
        self.taken = self.taken_names()
        for node in self.dead:
            self._collect_dead(node)
        self.visit(self.tree)
        for statement in self.imports:
            for alias in statement.names:
                self._decide_import(statement, alias)

    def _collect_dead(self, node: ast.Try) -> None:
        """Every use in a dead ImportError branch goes with it: fixable, whatever it is."""
        handler = node.handlers[0]
        branch = ast.Module(body=handler.body, type_ignores=[])
        inner = _AstFinder(self.lines, branch)
        inner.collect()
        for use in inner.uses:
            self.uses.append(
                replace(use, replacement=DEAD_FALLBACK_ADVICE, fixable=True, reason=None)
            )

    def _decide_import(self, statement: ast.AST, alias: ast.alias) -> None:
        if isinstance(statement, ast.Import):
            if alias.name != "imp":
                return
            local, code, name = alias.asname or "imp", f"import {_import_text(alias)}", "imp"
            kind = "import"
        else:
            assert isinstance(statement, ast.ImportFrom)
            if statement.module != "imp" or statement.level:
                return
            code, kind = f"from imp import {_import_text(alias)}", "from-import"
            if alias.name == "*":
                self.uses.append(_use(*self._col(alias), "imp", kind, code, STAR_IMPORT_REASON))
                return
            local, name = alias.asname or alias.name, alias.name
        scope = self._scope_of(statement)
        bindings = self.bindings(scope).get(local, [])
        position = self._col(alias)
        if any(binding.kind == "other" for binding in bindings):
            self.uses.append(_use(*position, name, kind, code, ALSO_BOUND_REASON))
            return
        if kind == "from-import" and name in CONSTANTS and alias.asname is None:
            # fix defines the constant at module level instead
            refused = reference_refusal(name, None, taken=self.taken)
            self.uses.append(_use(*position, name, kind, code, refused))
            return
        uses = self.uses_of[(id(scope), local)]
        if all(use.fixable for use in uses):
            self.uses.append(_use(*position, name, kind, code))
            return
        use = _use(*position, name, kind, code)  # kept for the uses that need a human
        advice = KEPT_IMPORT_ADVICE if kind == "import" else use.replacement
        self.uses.append(replace(use, replacement=advice, fixable=False))

    def _resolved(self, name: str, node: ast.AST) -> tuple[tuple[int, str], _Binding, bool] | None:
        """The imp binding ``name`` reads at ``node``: (its key, binding, also bound otherwise)."""
        found = self.resolve(name, node) if name in self.candidates else None
        if found is None:
            return None
        scope, bindings = found
        ours = [binding for binding in bindings if binding.kind in ("imp", "dynamic")]
        if not ours:
            return None
        ambiguous = any(binding.kind == "other" for binding in bindings)
        return (id(scope), name), ours[0], ambiguous

    def _record(self, key: tuple[int, str] | None, use: Use) -> None:
        self.uses.append(use)
        if key is not None:
            self.uses_of[key].append(use)

    # -- visiting --------------------------------------------------------------------------

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if id(node) not in self.dead_handlers:
            self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        """An f-string's text is no module name; the expressions in it are code."""
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name):
            resolved = self._resolved(node.value.id, node.value)
            if resolved is not None and resolved[1].imp_name is None:
                key, binding, ambiguous = resolved
                code = f"{node.value.id}.{node.attr}"
                if ambiguous or binding.kind == "dynamic":
                    use = _use(*self._col(node), node.attr, "attribute", code)
                    use = replace(use, fixable=False)  # the import above carries the TODO
                else:
                    reason = reference_refusal(
                        node.attr,
                        self._call_arguments(node),
                        assigned=not isinstance(node.ctx, ast.Load),
                        taken=self.taken,
                    )
                    use = _use(*self._col(node), node.attr, "attribute", code, reason)
                self._record(key, use)
                return
        self.generic_visit(node)

    def _call_arguments(self, callee: ast.expr) -> list[Argument] | None:
        """The arguments when ``callee`` is called, else None."""
        call = self.parents.get(id(callee))
        if not isinstance(call, ast.Call) or call.func is not callee:
            return None
        return _arguments(call)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store) or id(node) in self.handled:
            return  # a binding, not a use (``reload = __builtin__.reload``)
        resolved = self._resolved(node.id, node)
        if resolved is None:
            return
        key, binding, ambiguous = resolved
        position = self._col(node)
        if binding.imp_name is None:  # the module object itself
            reason = None if ambiguous or binding.kind == "dynamic" else MODULE_OBJECT_REASON
            use = replace(_use(*position, "imp", "module", node.id, reason), fixable=False)
            self._record(key, use)
            return
        name = binding.imp_name
        if ambiguous:
            use = replace(_use(*position, name, "name", node.id), fixable=False)
        else:
            reason = reference_refusal(
                name,
                self._call_arguments(node),
                assigned=isinstance(node.ctx, ast.Del),
                taken=self.taken,
            )
            use = _use(*position, name, "name", node.id, reason)
        self._record(key, use)

    def visit_Call(self, node: ast.Call) -> None:
        tested = _feature_test(node)
        if tested is not None and isinstance(node.args[0], ast.Name):
            subject = node.args[0]
            resolved = self._resolved(subject.id, subject)
            if resolved is not None and resolved[1].imp_name is None and not resolved[2]:
                self.handled.add(id(subject))
                code = f"hasattr({subject.id}, {tested!r})"
                position = self._col(subject)
                use = Use(*position, "imp", "feature-test", code, FEATURE_TEST_ADVICE, True)
                self._record(resolved[0], use)
        module = _six_moved_attribute_module(node)
        if module is not None:
            self.six_moves.update(id(sub) for sub in ast.walk(module))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        """A string ``'imp'`` names the module only in some places (``_patterns.string_kind``)."""
        if node.value != "imp":
            return
        position = self._col(node)
        if id(node) in self.six_moves:
            use = Use(*position, "imp", MODULE_STRING, "'imp'", SIX_MOVE_ADVICE, True)
            self.uses.append(use)
            return
        kind = self._string_kind(node)
        if kind == DYNAMIC_IMPORT:
            call = self.parents[id(node)]
            assert isinstance(call, ast.Call)
            code = f"{_callee_name(call)}('imp')"
            self.uses.append(_use(*position, "imp", kind, code, DYNAMIC_IMPORT_REASON))
        elif kind == MODULE_STRING:
            self.uses.append(_use(*position, "imp", kind, "'imp'", STRING_REASON))
        else:
            self.uses.append(Use(*position, "imp", MENTION, "'imp'", MENTION_ADVICE, False))

    def _string_kind(self, node: ast.expr) -> str:
        child: ast.AST = node
        parent = self.parents.get(id(node))
        while isinstance(parent, ast.IfExp) and child is not parent.test:
            child, parent = parent, self.parents.get(id(parent))  # "importlib" if PY34 else "imp"
        if isinstance(parent, ast.keyword):
            call = self.parents.get(id(parent))
            if isinstance(call, ast.Call):
                return string_kind(_dotted_name(call.func), False, None)
        if isinstance(parent, ast.Call) and child in parent.args:
            return string_kind(_dotted_name(parent.func), parent.args[0] is child, None)
        if isinstance(parent, ast.Subscript) and parent.slice is child:
            return string_kind(None, False, _dotted_name(parent.value))
        if (
            isinstance(parent, ast.Compare)
            and parent.left is child
            and len(parent.ops) == 1
            and isinstance(parent.ops[0], ast.In | ast.NotIn)
        ):
            return string_kind(None, False, _dotted_name(parent.comparators[0]))
        return MENTION


CONSTANT_MARK = "# the value of imp."
"""The comment after each constant fix defines: ``PY_SOURCE = 1  # the value of imp.PY_SOURCE``."""


def _arguments(call: ast.Call) -> list[Argument]:
    arguments = [
        Argument(None, isinstance(value, ast.Starred), isinstance(value, ast.Name))
        for value in call.args
    ]
    arguments += [
        Argument(keyword.arg, keyword.arg is None, isinstance(keyword.value, ast.Name))
        for keyword in call.keywords
    ]
    return arguments


def _feature_test(node: ast.Call) -> str | None:
    tested = node.args[1] if len(node.args) == 2 else None
    value = tested.value if isinstance(tested, ast.Constant) else None
    return feature_tested(
        _dotted_name(node.func), _arguments(node), value if isinstance(value, str) else None
    )


def _six_moved_attribute_module(node: ast.Call) -> ast.expr | None:
    """The ``new_mod`` argument of six's ``MovedAttribute`` when fix rewrites it."""
    if any(isinstance(argument, ast.Starred) for argument in node.args):
        return None
    values: list[tuple[str | None, ast.expr]] = [(None, argument) for argument in node.args]
    values += [(keyword.arg, keyword.value) for keyword in node.keywords]
    if any(name is None for name, _ in values[len(node.args) :]):
        return None  # **kwargs
    arguments = [(name, _move_value(value)) for name, value in values]
    index = six_reload_move(_dotted_name(node.func), arguments)
    return None if index is None else values[index][1]


def _move_value(node: ast.expr) -> str | None:
    """The value as ``six_reload_move`` takes it."""
    if isinstance(node, ast.IfExp):
        branches = sorted(str(_string(branch)) for branch in (node.body, node.orelse))
        return IMPORTLIB_OR_IMP if branches == ["imp", "importlib"] else None
    return _string(node)


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _dotted_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _callee_name(node: ast.Call) -> str:
    callee = node.func
    return callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")


def _imports_imp_by_name(node: ast.expr) -> bool:
    """``__import__('imp')``, ``import_module('imp')``, ``import_fresh_module('imp')``..."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    first = node.args[0]
    is_imp = isinstance(first, ast.Constant) and first.value == "imp"
    return is_imp and string_kind(_dotted_name(node.func), True, None) == DYNAMIC_IMPORT


def _import_text(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def _find_in_tokens(source: bytes) -> list[Use]:
    """Approximate uses in source that does not parse: ``imp`` name tokens and ``'imp'`` strings."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        text = source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        text = source.decode("latin-1")
    tokens: list[tokenize.TokenInfo] = []
    # On a tokenize error, keep the tokens read before it; the lines after it are searched as text.
    with contextlib.suppress(tokenize.TokenError, SyntaxError):
        tokens.extend(tokenize.generate_tokens(io.StringIO(text).readline))
    uses = _uses_from_tokens(tokens)
    last_line = tokens[-1].end[0] if tokens else 0
    for number, line in enumerate(text.splitlines(), start=1):
        if number > last_line:
            for match in re.finditer(r"\bimp\b", line):
                uses.append(_use(number, match.start() + 1, "imp", "text", line.strip()))
    return uses


def _uses_from_tokens(tokens: list[tokenize.TokenInfo]) -> list[Use]:
    """Imports of imp, attribute uses of the names they bind, and ``'imp'`` strings.

    As with ``ast``, ``x.attr`` counts only when an ``import imp [as x]`` binds ``x``: a local
    variable called ``imp`` (``imp = Importer()``) is not the module.
    """
    significant = [t for t in tokens if t.type not in (tokenize.COMMENT, tokenize.NL)]
    uses: list[Use] = []
    aliases: set[str] = set()
    in_import = False
    for index, token in enumerate(significant):
        line, col = token.start[0], token.start[1] + 1
        before = significant[index - 1].string if index else ""
        after = significant[index + 1 : index + 3]
        following = after[0].string if after else ""
        if token.type == tokenize.NEWLINE or token.string == ";":
            in_import = False
        if token.string == "import" and before != "from":
            in_import = True
        if token.type == tokenize.STRING and token.string.strip("'\"bru") == "imp":
            kind = _token_string_kind(significant, index)
            if kind == MENTION:
                uses.append(Use(line, col, "imp", MENTION, token.string, MENTION_ADVICE, False))
            else:
                uses.append(_use(line, col, "imp", kind, token.string))
        if token.type != tokenize.NAME or token.string != "imp":
            continue
        if in_import and before in ("import", ",") and following != ".":
            alias = after[1].string if following == "as" and len(after) == 2 else "imp"
            aliases.add(alias)
            uses.append(_use(line, col, "imp", "import", "import imp"))
        elif before == "from" and following == "import":
            uses.append(_use(line, col, "imp", "from-import", "from imp import ..."))
    for index, token in enumerate(significant):
        if token.type != tokenize.NAME or token.string not in aliases:
            continue
        before = significant[index - 1].string if index else ""
        after = significant[index + 1 : index + 3]
        if before in (".", "import", "as") or len(after) < 2 or after[0].string != ".":
            continue
        name = after[1].string
        line, col = token.start[0], token.start[1] + 1
        uses.append(_use(line, col, name, "attribute", f"{token.string}.{name}"))
    uses.sort(key=lambda use: (use.line, use.col))
    return uses


def _token_string_kind(tokens: list[tokenize.TokenInfo], index: int) -> str:
    """``_patterns.string_kind`` from the tokens around a string (files that do not parse)."""
    depth, position = 0, index - 1
    while position >= 0:  # back to the bracket the string sits in
        text = tokens[position].string
        if text in (")", "]", "}"):
            depth += 1
        elif text in ("(", "[", "{"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and tokens[position].type in (tokenize.NEWLINE, tokenize.INDENT):
            position = -1
        position -= 1
    following = [token.string for token in tokens[index + 1 : index + 6]]
    if following[:1] == ["in"] or following[:2] == ["not", "in"]:
        start = 1 if following[0] == "in" else 2
        return string_kind(None, False, "".join(following[start : start + 3]))
    if position < 0 or tokens[position].string == "{":
        return MENTION
    owner = _dotted_before(tokens, position)
    if tokens[position].string == "[":
        return string_kind(None, False, owner)
    return string_kind(owner, position == index - 1, None)


def _dotted_before(tokens: list[tokenize.TokenInfo], position: int) -> str:
    parts: list[str] = []
    position -= 1
    while position >= 0 and tokens[position].type == tokenize.NAME:
        parts.insert(0, tokens[position].string)
        if position == 0 or tokens[position - 1].string != ".":
            break
        parts.insert(0, ".")
        position -= 2
    return "".join(parts)
