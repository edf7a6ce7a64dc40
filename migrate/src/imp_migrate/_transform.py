"""The libcst transformer behind ``fix``: applies the rules, marks what it cannot rewrite.

libcst keeps every comment and every blank line, so a rewritten file differs from the original
only where a use of imp was. Names are resolved with libcst's qualified-name analysis, so
``import imp as i; i.reload(m)`` and ``from imp import reload; reload(m)`` are both found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import (
    Assignment,
    GlobalScope,
    ParentNodeProvider,
    PositionProvider,
    ScopeProvider,
)

from imp_migrate._finder import CONSTANT_MARK, Use
from imp_migrate._legacy_fix import LegacyApiFix
from imp_migrate._patterns import (
    ALSO_BOUND_REASON,
    DEAD_FALLBACK_ADVICE,
    DEAD_FALLBACK_LABEL,
    HELPER_MARK,
    LEGACY_FINDER_LABEL,
    MENTION,
    MODULE_STRING,
)
from imp_migrate._replacements import MODULE_REPLACEMENT, replacement_for
from imp_migrate.rules import (
    RULES,
    FileChanges,
    feature_test,
    legacy_finder,
    removed_class_guard,
)
from imp_migrate.rules.find_load_pair import (
    FIND_HELPER,
    LOAD_HELPER,
    Pairs,
    add_helpers,
    find_pairs,
)
from imp_migrate.rules.six_moves import moved_attribute

TODO_PREFIX = "# TODO(imp):"
DEAD_FALLBACK_REPORT = "removed with the except ImportError branch (it cannot run on Python 3)"
__all__ = ["ALSO_BOUND_REASON", "CONSTANT_MARK", "ImpTransformer", "todo_text"]


@dataclass(frozen=True)
class Change:
    """One use of imp that ``fix`` rewrote, or left with a TODO (``reason`` then says why)."""

    line: int
    col: int
    name: str
    result: str
    """The replacement code, or the reason the use was left alone."""
    rewritten: bool

    @property
    def label(self) -> str:
        """How reports name the use: ``imp``, ``imp.find_module``, ``meta path finder``."""
        return label(self.name)


def label(name: str) -> str:
    if name in ("imp", LEGACY_FINDER_LABEL, DEAD_FALLBACK_LABEL) or name.startswith("hasattr("):
        return name
    if not name.isidentifier():
        return name  # a removed importlib/pkgutil name (``_legacy_api``): its own label
    return f"imp.{name}"


def todo_text(name: str, reason: str) -> str:
    """The comment put above a statement whose use of imp needs a human."""
    advice = MODULE_REPLACEMENT if name == "imp" else replacement_for(name)
    return f"{TODO_PREFIX} {label(name)} {reason}; use {advice.replacement}"


def _is_imp_import(node: cst.CSTNode) -> bool:
    if isinstance(node, cst.Import):
        return any(cst.helpers.get_full_name_for_node(a.name) == "imp" for a in node.names)
    if isinstance(node, cst.ImportFrom):
        module = node.module
        return not node.relative and module is not None and module.value == "imp"
    return False


class ImpTransformer(VisitorBasedCodemodCommand):
    """Rewrite each use of imp that scan calls fixable; put a TODO above those it gives a reason.

    What to do with each use is not decided here: ``_finder.uses_in_tree`` decides, for scan
    and fix alike, and the transformer finds each use by its position and follows the decision.
    """

    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, ParentNodeProvider)

    def __init__(
        self,
        context: CodemodContext,
        legacy_finder_lines: Collection[int] = frozenset(),
        uses: Sequence[Use] = (),
        dead_fallback_lines: Collection[int] = frozenset(),
    ) -> None:
        """``uses``: the finder's decisions; ``*_lines``: where the classes that need
        ``find_spec`` and the ``try`` statements whose ImportError branch is dead start."""
        super().__init__(context)
        self._legacy_api = LegacyApiFix(uses)  # the removed importlib/pkgutil names
        self._legacy_finder_lines = legacy_finder_lines
        self._dead_fallback_lines = dead_fallback_lines
        self._uses: defaultdict[tuple[int, int], list[Use]] = defaultdict(list)
        for use in uses:
            self._uses[(use.line, use.col)].append(use)
        self._all_uses = list(uses)
        self._matched: set[int] = set()
        self.changes = FileChanges()
        self.report: list[Change] = []
        self._statement_todos: list[list[str]] = []
        self._statement_guards: list[list[cst.BaseExpression]] = []
        self._handled: set[int] = set()
        self._from_imported: set[tuple[str, str | None]] = set()
        self._module_aliases: set[str | None] = set()
        self._pairs = Pairs()
        self._dead_handlers: set[int] = set()
        self._first_statement: cst.CSTNode | None = None
        self._header_comments: frozenset[str] = frozenset()

    # -- the finder's decisions --------------------------------------------------------

    def _use_at(self, node: cst.CSTNode, *kinds: str) -> Use | None:
        """The use scan found where ``node`` starts, of one of ``kinds``."""
        position = self.get_metadata(PositionProvider, node, None)
        if position is None:
            return None
        for use in self._uses.get((position.start.line, position.start.column + 1), ()):
            if use.kind in kinds and _shaped_like(node, use):
                self._matched.add(id(use))
                return use
        return None

    def unmatched(self) -> list[Use]:
        """Uses scan decided on that the transform never found (a position that differs)."""
        return [
            use
            for use in self._all_uses
            if (use.fixable or use.reason is not None)
            and id(use) not in self._matched
            and use.kind not in ("legacy-finder", "mention")
            and use.replacement != DEAD_FALLBACK_ADVICE
        ]

    def _imp_name(self, node: cst.CSTNode) -> str | None:
        """``"find_module"`` for a use of ``imp.find_module`` that fix rewrites, else None."""
        use = self._use_at(node, "attribute", "name")
        return use.name if use is not None and use.fixable else None

    def _position(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column + 1

    def _rewrote(self, node: cst.CSTNode, name: str, new: cst.BaseExpression) -> None:
        code = cst.Module(body=[]).code_for_node(new)
        self.report.append(Change(*self._position(node), name, code, True))

    def matched(self, use: Use) -> None:
        """``use`` was found where scan saw it (``_legacy_fix`` finds its own)."""
        self._matched.add(id(use))

    def rewrote(self, node: cst.CSTNode, name: str, new: cst.BaseExpression) -> None:
        self._rewrote(node, name, new)

    def todo(self, node: cst.CSTNode, name: str, reason: str, comment: str) -> None:
        """Report ``name`` as left alone and put ``comment`` above its statement."""
        self.report.append(Change(*self._position(node), name, reason, False))
        if self._statement_todos:
            self._statement_todos[-1].append(comment)

    def guard(self, test: cst.BaseExpression) -> None:
        """Put the current statement under ``if <test>:`` (``rules.removed_class_guard``)."""
        if self._statement_guards:
            self._statement_guards[-1].append(test)

    def _todo(self, node: cst.CSTNode, name: str, reason: str) -> None:
        self.report.append(Change(*self._position(node), name, reason, False))
        if self._statement_todos:
            self._statement_todos[-1].append(todo_text(name, reason))

    def _left(self, node: cst.CSTNode, use: Use) -> None:
        """A use fix does not rewrite: a TODO when the decision gives a reason."""
        if use.reason is not None:
            self._todo(node, use.name, use.reason)

    # -- statements carry the TODO comments ------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            self._statement_todos.append([])
            self._statement_guards.append([])
        return super().on_visit(node)

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result = super().on_leave(original_node, updated_node)
        if isinstance(original_node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            todos = self._statement_todos.pop()
            guards = self._statement_guards.pop()
            if guards and isinstance(result, cst.SimpleStatementLine):
                result = removed_class_guard.guarded(result, guards[0])
            if todos and isinstance(result, cst.SimpleStatementLine | cst.BaseCompoundStatement):
                # libcst keeps the comments above a module's first statement in its header
                above = self._header_comments if original_node is self._first_statement else ()
                result = _with_comments(result, todos, above)
        return result

    # -- module ------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        self._first_statement = node.body[0] if node.body else None
        self._header_comments = frozenset(
            line.comment.value for line in node.header if line.comment
        )
        scope = self.get_metadata(ScopeProvider, node)
        taken: set[str] = set()
        if isinstance(scope, GlobalScope):
            for assignment in scope.assignments:
                if isinstance(assignment, Assignment) and _is_imp_import(assignment.node):
                    continue
                taken.add(assignment.name)
        self.changes.taken_names = frozenset(taken)
        self.changes.existing_constants = frozenset(_constants_defined_by_fix(node))
        self.changes.existing_helpers = frozenset(
            statement.name.value
            for statement in node.body
            if isinstance(statement, cst.FunctionDef)
            and HELPER_MARK in (statement.get_docstring() or "")
        )
        self._pairs = find_pairs(node, self._imp_name, self.metadata)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        for module, name in sorted(self.changes.imports, key=lambda pair: (pair[0], pair[1] or "")):
            AddImportsVisitor.add_needed_import(self.context, module, name)
        for asname in sorted(self._module_aliases, key=lambda name: name or ""):
            RemoveImportsVisitor.remove_unused_import(self.context, "imp", asname=asname)
        for name, asname in sorted(self._from_imported, key=lambda pair: (pair[0], pair[1] or "")):
            RemoveImportsVisitor.remove_unused_import(self.context, "imp", name, asname)
        additions: list[cst.BaseStatement] = []
        for constant, value in sorted(self.changes.constants.items()):
            statement = cst.parse_statement(
                f"{constant} = {value}  # the value of imp.{constant}\n"
            )
            if not additions:
                statement = statement.with_changes(leading_lines=[cst.EmptyLine()])
            additions.append(statement)
        for source in self.changes.helpers.values():
            helper = cst.parse_statement(source.lstrip("\n"))
            helper = helper.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            additions.append(helper)
        if not additions:
            return updated_node
        body = list(updated_node.body)
        position = _after_leading_imports(body)
        if position < len(body):
            following = body[position]
            comments = [line for line in following.leading_lines if line.comment]
            body[position] = following.with_changes(
                leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *comments]
            )
        return updated_node.with_changes(body=[*body[:position], *additions, *body[position:]])

    # -- dead ImportError fallbacks ----------------------------------------------------

    def visit_Try(self, node: cst.Try) -> None:
        if self._position(node)[0] in self._dead_fallback_lines:
            self._dead_handlers.update(id(handler) for handler in node.handlers)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> bool:
        return id(node) not in self._dead_handlers  # removed whole: nothing in it to rewrite

    def leave_Try(
        self, original_node: cst.Try, updated_node: cst.Try
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        """``try: <imports every Python 3 has>`` / ``except ImportError: <imp>`` -> the body."""
        first_line = self._position(original_node)[0]
        if first_line not in self._dead_fallback_lines:
            return updated_node
        last_line = self.get_metadata(PositionProvider, original_node).end.line
        for use in self._all_uses:
            if first_line < use.line <= last_line:
                self.report.append(Change(use.line, use.col, use.name, DEAD_FALLBACK_REPORT, True))
        body = updated_node.body
        statements: list[cst.SimpleStatementLine | cst.BaseCompoundStatement] = []
        if isinstance(body, cst.SimpleStatementSuite):  # try: import x
            statements.append(cst.SimpleStatementLine(body=body.body))
        else:
            for statement in body.body:
                assert isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement)
                statements.append(statement)
        statements[0] = statements[0].with_changes(
            leading_lines=[*updated_node.leading_lines, *statements[0].leading_lines]
        )
        return cst.FlattenSentinel(statements)

    # -- legacy finders ----------------------------------------------------------------

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        line, col = self._position(original_node.name)
        if line not in self._legacy_finder_lines:
            return updated_node
        self.changes.add_import("importlib.util")
        self.report.append(Change(line, col, LEGACY_FINDER_LABEL, legacy_finder.REPORT, True))
        return legacy_finder.with_find_spec(updated_node)

    # -- imports -----------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            use = self._use_at(alias, "import")
            if use is None:
                continue
            if not use.fixable:
                self._left(alias, use)
                continue
            asname = alias.asname.name if alias.asname else None
            self._module_aliases.add(asname.value if isinstance(asname, cst.Name) else None)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if not _is_imp_import(original_node):
            return updated_node
        if isinstance(original_node.names, cst.ImportStar):
            use = self._use_at(original_node.names, "from-import")
            if use is not None:
                self._left(original_node, use)
            return updated_node
        kept = []
        for alias in original_node.names:
            kept.append(alias)
            use = self._use_at(alias, "from-import")
            if use is None:
                continue
            if not use.fixable:
                self._left(alias, use)
                continue
            name = cst.helpers.get_full_name_for_node(alias.name) or ""
            asname = cst.helpers.get_full_name_for_node(alias.asname.name) if alias.asname else None
            rule = RULES.get(name)
            if rule is not None and name.isupper() and asname is None:
                result = rule.reference(name, self.changes)
                if not isinstance(result, str):
                    self._rewrote(alias, name, result)
                    kept.pop()  # the module-level constant replaces the imported one
                    continue
                self._todo(alias, name, result)  # scan and fix disagree: keep the code
                continue
            self._from_imported.add((name, asname))
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=kept)

    # -- uses --------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if self._use_at(node.func, "attribute", "name") is not None:
            self._handled.add(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        legacy = self._legacy_api.leave_call(self, original_node, updated_node)
        if legacy is not None:  # a removed importlib/pkgutil method
            return legacy
        tested = feature_test.tested_name(original_node)
        if tested is not None:
            use = self._use_at(original_node.args[0].value, "feature-test")
            if use is not None and use.fixable:
                answer = cst.Name("True")
                self._rewrote(original_node, feature_test.label(tested), answer)
                return answer
        move = moved_attribute(original_node)
        if move is not None:
            use = self._use_at(move.imp_strings[0], MODULE_STRING)
            if use is not None and use.fixable:
                self._handled.update(id(string) for string in move.imp_strings)
                self._rewrote(move.imp_strings[0], "imp", move.replacement)
                arguments = list(updated_node.args)
                arguments[move.argument] = arguments[move.argument].with_changes(
                    value=move.replacement
                )
                return updated_node.with_changes(args=arguments)
        use = self._use_at(original_node.func, "attribute", "name")
        if use is None:
            return updated_node
        if not use.fixable:
            self._left(original_node.func, use)
            return updated_node
        name = use.name
        paired = self._rewrite_pair(original_node, updated_node)
        if paired is not None:
            self._rewrote(original_node.func, name, paired)
            return paired
        rule = RULES[name]
        result = rule.call(name, updated_node, self.changes)
        if isinstance(result, str):
            self._todo(original_node.func, name, result)  # scan and fix disagree: keep the code
            return updated_node
        self._rewrote(original_node.func, name, result)
        return result

    def _rewrite_pair(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call | None:
        """The helper call for one half of a recognised find_module/load_module pair."""
        if id(original_node) in self._pairs.finds:
            if add_helpers(self.changes) is None:
                return updated_node.with_changes(func=cst.Name(FIND_HELPER.name))
        elif id(original_node) in self._pairs.loads and add_helpers(self.changes) is None:
            _, spec_variable = self._pairs.loads[id(original_node)]
            return cst.Call(
                func=cst.Name(LOAD_HELPER.name),
                args=[cst.Arg(updated_node.args[0].value), cst.Arg(cst.Name(spec_variable.value))],
            )
        return None

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        """``'imp'`` naming the module (``sys.modules['imp']``): a human decides; mentions stay."""
        if id(original_node) not in self._handled:
            use = self._use_at(original_node, "dynamic-import", MODULE_STRING, MENTION)
            if use is not None:
                self._left(original_node, use)
        return updated_node

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._reference(original_node, updated_node, "attribute")

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self._handled:
            return updated_node
        module = self._use_at(original_node, "module")
        if module is not None:
            self._left(original_node, module)
            return updated_node
        return self._reference(original_node, updated_node, "name")

    def _reference(
        self, original_node: cst.BaseExpression, updated_node: cst.BaseExpression, kind: str
    ) -> cst.BaseExpression:
        legacy = self._legacy_api.reference(self, original_node, updated_node)
        if legacy is not None:  # a removed importlib/pkgutil name
            return legacy
        if id(original_node) in self._handled:
            return updated_node
        use = self._use_at(original_node, kind)
        if use is None:
            return updated_node
        if not use.fixable:
            self._left(original_node, use)
            return updated_node
        result = RULES[use.name].reference(use.name, self.changes)
        if isinstance(result, str):
            self._todo(original_node, use.name, result)  # scan and fix disagree: keep the code
            return updated_node
        self._rewrote(original_node, use.name, result)
        return result


def _shaped_like(node: cst.CSTNode, use: Use) -> bool:
    """``node`` is what scan found there, not a larger expression starting at the same place."""
    if use.kind == "attribute":
        return (
            isinstance(node, cst.Attribute)
            and isinstance(node.value, cst.Name)
            and node.attr.value == use.name
        )
    if use.kind in ("name", "module", "feature-test"):
        return isinstance(node, cst.Name)
    if use.kind in ("import", "from-import"):
        return isinstance(node, cst.ImportAlias | cst.ImportStar)
    return isinstance(node, cst.SimpleString)


def _with_comments(
    statement: cst.SimpleStatementLine | cst.BaseCompoundStatement,
    todos: list[str],
    above: Collection[str] = (),
) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    present = {line.comment.value for line in statement.leading_lines if line.comment}
    present.update(above)
    new_lines = [
        cst.EmptyLine(comment=cst.Comment(text))
        for text in dict.fromkeys(todos)
        if text not in present
    ]
    if not new_lines:
        return statement
    return statement.with_changes(leading_lines=[*statement.leading_lines, *new_lines])


def _constants_defined_by_fix(module: cst.Module) -> list[str]:
    names = []
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        assign = statement.body[0]
        comment = statement.trailing_whitespace.comment
        if (
            isinstance(assign, cst.Assign)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name)
            and comment is not None
            and comment.value == CONSTANT_MARK + assign.targets[0].target.value
        ):
            names.append(assign.targets[0].target.value)
    return names


def _after_leading_imports(body: Sequence[cst.BaseStatement]) -> int:
    """Index after the module's docstring and its first block of imports."""
    position = 0
    for index, statement in enumerate(body):
        if not isinstance(statement, cst.SimpleStatementLine):
            break
        small = statement.body
        is_import = all(isinstance(s, cst.Import | cst.ImportFrom) for s in small)
        is_docstring = (
            index == 0
            and len(small) == 1
            and isinstance(small[0], cst.Expr)
            and isinstance(small[0].value, cst.SimpleString | cst.ConcatenatedString)
        )
        if not (is_import or is_docstring):
            break
        position = index + 1
    return position
