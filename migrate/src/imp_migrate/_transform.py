"""The libcst transformer behind ``fix``: applies the rules, marks what it cannot rewrite.

libcst keeps every comment and every blank line, so a rewritten file differs from the original
only where a use of imp was. Names are resolved with libcst's qualified-name analysis, so
``import imp as i; i.reload(m)`` and ``from imp import reload; reload(m)`` are both found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from imp_compat._replacements import MODULE_REPLACEMENT, replacement_for
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import (
    Assignment,
    ExpressionContext,
    ExpressionContextProvider,
    GlobalScope,
    ParentNodeProvider,
    PositionProvider,
    QualifiedName,
    QualifiedNameProvider,
    QualifiedNameSource,
    ScopeProvider,
)

from imp_migrate._legacy_fix import LegacyApiFix
from imp_migrate._patterns import LEGACY_FINDER_LABEL
from imp_migrate.rules import RULES, FileChanges, feature_test, legacy_finder
from imp_migrate.rules.find_load_pair import (
    FIND_HELPER,
    LOAD_HELPER,
    Pairs,
    add_helpers,
    find_pairs,
)
from imp_migrate.rules.six_moves import MovedAttribute, moved_attribute

TODO_PREFIX = "# TODO(imp):"
ALSO_BOUND_REASON = (
    "is imported where the name is also defined another way (a fallback for other Pythons?); "
    "fix leaves both: delete this import once the branch that needs imp is gone"
)
HELPER_MARK = "(written by imp-migrate)"
CONSTANT_MARK = "# the value of imp."


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
    if name == "imp" or name == LEGACY_FINDER_LABEL or name.startswith("hasattr("):
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
    """Rewrite each use of imp that a rule handles; put a TODO above every other one."""

    METADATA_DEPENDENCIES = (
        QualifiedNameProvider,
        PositionProvider,
        ExpressionContextProvider,
        ScopeProvider,
        ParentNodeProvider,
    )

    def __init__(
        self,
        context: CodemodContext,
        legacy_finder_lines: frozenset[int] | set[int] = frozenset(),
        legacy_api: LegacyApiFix | None = None,
    ) -> None:
        """``legacy_finder_lines``: where the classes that need ``find_spec`` are defined;
        ``legacy_api``: the uses of removed importlib/pkgutil names."""
        super().__init__(context)
        self._legacy_api = legacy_api
        self._legacy_finder_lines = legacy_finder_lines
        self.changes = FileChanges()
        self.report: list[Change] = []
        self._statement_todos: list[list[str]] = []
        self._handled: set[int] = set()
        self._module_values: set[int] = set()
        self._from_imported: set[tuple[str, str | None]] = set()
        self._module_aliases: set[str | None] = set()
        self._pairs = Pairs()
        self._six_moves: dict[int, MovedAttribute] = {}
        self._feature_tests: dict[int, str] = {}

    # -- resolving names ---------------------------------------------------------------

    def _imp_name(self, node: cst.CSTNode) -> str | None:
        """``"find_module"`` for ``imp.find_module``, ``""`` for imp itself, else None.

        A name that may also be bound to something else (``from imp import load_source`` on
        Python 2, a ``def load_source`` otherwise) is not imp's: rewriting its uses would
        replace the other definition too. Only a fallback import from importlib itself
        (``from importlib import reload`` / ``from imp import reload``) is the same thing.
        """
        names = self.get_metadata(QualifiedNameProvider, node, set())
        if any(_is_other_binding(qualified) for qualified in names) and any(
            _is_from_imp(qualified) for qualified in names
        ):
            return None
        for qualified in names:
            if qualified.source is not QualifiedNameSource.IMPORT:
                continue  # a local variable that happens to be called imp
            if qualified.name == "imp":
                return ""
            prefix, _, rest = qualified.name.partition(".")
            if prefix == "imp" and rest and "." not in rest:
                return rest
        return None

    def _position(self, node: cst.CSTNode) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        return start.line, start.column + 1

    def _rewrote(self, node: cst.CSTNode, name: str, new: cst.BaseExpression) -> None:
        code = cst.Module(body=[]).code_for_node(new)
        self.report.append(Change(*self._position(node), name, code, True))

    def rewrote(self, node: cst.CSTNode, name: str, new: cst.BaseExpression) -> None:
        self._rewrote(node, name, new)

    def todo(self, node: cst.CSTNode, name: str, reason: str, comment: str) -> None:
        """Report ``name`` as left alone and put ``comment`` above its statement."""
        self.report.append(Change(*self._position(node), name, reason, False))
        if self._statement_todos:
            self._statement_todos[-1].append(comment)

    def _todo(self, node: cst.CSTNode, name: str, reason: str) -> None:
        self.report.append(Change(*self._position(node), name, reason, False))
        if self._statement_todos:
            self._statement_todos[-1].append(todo_text(name, reason))

    # -- statements carry the TODO comments ------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            self._statement_todos.append([])
        return super().on_visit(node)

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result = super().on_leave(original_node, updated_node)
        if isinstance(original_node, cst.SimpleStatementLine | cst.BaseCompoundStatement):
            todos = self._statement_todos.pop()
            if todos and isinstance(result, cst.SimpleStatementLine | cst.BaseCompoundStatement):
                result = _with_comments(result, todos)
        return result

    # -- module ------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
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
            if cst.helpers.get_full_name_for_node(alias.name) == "imp":
                asname = alias.asname.name if alias.asname else None
                local = asname.value if isinstance(asname, cst.Name) else None
                self._module_aliases.add(local)
                if self._bound_otherwise(node, local or "imp"):
                    self._todo(alias, "imp", ALSO_BOUND_REASON)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if not _is_imp_import(original_node):
            return updated_node
        if isinstance(original_node.names, cst.ImportStar):
            self._todo(original_node, "imp", "star-import hides which names are used")
            return updated_node
        kept = []
        for alias in original_node.names:
            name = cst.helpers.get_full_name_for_node(alias.name) or ""
            asname = cst.helpers.get_full_name_for_node(alias.asname.name) if alias.asname else None
            rule = RULES.get(name)
            if rule is not None and name.isupper() and asname is None:
                result = rule.reference(name, self.changes)
                if not isinstance(result, str):
                    self._rewrote(alias, name, result)
                    continue  # the module-level constant replaces the imported one
            if self._bound_otherwise(original_node, asname or name):
                self._todo(alias, name, ALSO_BOUND_REASON)
            self._from_imported.add((name, asname))
            kept.append(alias)
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=kept)

    def _bound_otherwise(self, node: cst.Import | cst.ImportFrom, local_name: str) -> bool:
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return False
        for binding in scope.assignments[local_name]:
            if isinstance(binding, Assignment) and binding.node is node:
                continue
            names = binding.get_qualified_names_for(local_name)
            if any(_is_other_binding(qualified) for qualified in names):
                return True
        return False

    # -- uses --------------------------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._handled.add(id(node.attr))
        if isinstance(node.value, cst.Name):
            self._module_values.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        if self._imp_name(node.func):
            self._handled.add(id(node.func))
        if _imports_imp_by_name(node):
            self._handled.add(id(node.args[0].value))  # reported once, as a dynamic import
        tested = feature_test.tested_name(node)
        if tested is not None and self._imp_name(node.args[0].value) == "":
            self._feature_tests[id(node)] = tested
            self._handled.add(id(node.args[0].value))
        move = moved_attribute(node)
        if move is not None:
            self._six_moves[id(node)] = move
            self._handled.update(id(string) for string in move.imp_strings)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if self._legacy_api is not None:  # removed importlib/pkgutil methods
            legacy = self._legacy_api.leave_call(self, original_node, updated_node)
            if legacy is not None:
                return legacy
        if _imports_imp_by_name(original_node):
            self._todo(original_node, "imp", "is imported by name at run time")
            return updated_node
        tested = self._feature_tests.get(id(original_node))
        if tested is not None:
            answer = cst.Name("True")
            self._rewrote(original_node, feature_test.label(tested), answer)
            return answer
        move = self._six_moves.get(id(original_node))
        if move is not None:
            self._rewrote(move.imp_strings[0], "imp", move.replacement)
            arguments = list(updated_node.args)
            arguments[move.argument] = arguments[move.argument].with_changes(
                value=move.replacement
            )
            return updated_node.with_changes(args=arguments)
        name = self._imp_name(original_node.func)
        if not name:
            return updated_node
        paired = self._rewrite_pair(original_node, updated_node)
        if paired is not None:
            self._rewrote(original_node.func, name, paired)
            return paired
        rule = RULES.get(name)
        if rule is None:
            self._todo(original_node.func, name, _manual_reason(name))
            return updated_node
        result = rule.call(name, updated_node, self.changes)
        if isinstance(result, str):
            self._todo(original_node.func, name, result)
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
        """``'imp'`` names the module (``six.MovedAttribute(..., 'imp', ...)``): a human decides."""
        if id(original_node) not in self._handled and original_node.evaluated_value == "imp":
            self._todo(original_node, "imp", "is named in a string (a lazy or dynamic import?)")
        return updated_node

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self._handled:
            return updated_node
        name = self._imp_name(original_node)
        if name == "" and id(original_node) not in self._module_values:
            self._todo(original_node, "imp", "is used as a module object")
            return updated_node
        return self._reference(original_node, updated_node)

    def _reference(
        self, original_node: cst.BaseExpression, updated_node: cst.BaseExpression
    ) -> cst.BaseExpression:
        if self._legacy_api is not None:  # removed importlib/pkgutil names
            legacy = self._legacy_api.reference(self, original_node, updated_node)
            if legacy is not None:
                return legacy
        if id(original_node) in self._handled:
            return updated_node
        name = self._imp_name(original_node)
        if not name:
            return updated_node
        context = self.get_metadata(ExpressionContextProvider, original_node, None)
        if context in (ExpressionContext.STORE, ExpressionContext.DEL):
            self._todo(original_node, name, "is assigned or deleted (monkeypatched)")
            return updated_node
        rule = RULES.get(name)
        result = rule.reference(name, self.changes) if rule else _manual_reason(name)
        if isinstance(result, str):
            self._todo(original_node, name, result)
            return updated_node
        self._rewrote(original_node, name, result)
        return result


def _is_from_imp(qualified: QualifiedName) -> bool:
    return qualified.source is QualifiedNameSource.IMPORT and (
        qualified.name == "imp" or qualified.name.startswith("imp.")
    )


def _is_other_binding(qualified: QualifiedName) -> bool:
    """A binding of the same name that is neither imp nor an import from importlib."""
    if _is_from_imp(qualified):
        return False
    importlib_import = qualified.source is QualifiedNameSource.IMPORT and (
        qualified.name == "importlib" or qualified.name.startswith("importlib.")
    )
    return not importlib_import


def _imports_imp_by_name(call: cst.Call) -> bool:
    """``__import__('imp')``, ``importlib.import_module('imp')`` and the like, as in scan."""
    callee = cst.helpers.get_full_name_for_node(call.func) or ""
    first = call.args[0].value if call.args else None
    return (
        "import" in callee.rpartition(".")[2]
        and isinstance(first, cst.SimpleString)
        and first.evaluated_value == "imp"
    )


def _manual_reason(name: str) -> str:
    advice = replacement_for(name)
    return (
        f"has no automatic rewrite ({advice.note})" if advice.note else "has no automatic rewrite"
    )


def _with_comments(
    statement: cst.SimpleStatementLine | cst.BaseCompoundStatement, todos: list[str]
) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    present = {line.comment.value for line in statement.leading_lines if line.comment}
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
