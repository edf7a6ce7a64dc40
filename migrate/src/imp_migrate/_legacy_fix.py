"""fix's side of the removed importlib/pkgutil names: the uses scan decided on, rewritten.

The transformer (``_transform.ImpTransformer``) asks this object about each call and each
name it leaves. A node is a use when it spans exactly what ``_finder.uses_in_tree`` reported
(kind ``legacy-api``), and fix does what that decision says: it rewrites the uses scan calls
fixable and puts a TODO above the others, with scan's reason. Rules come from
``rules.LEGACY_RULES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import libcst as cst
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import ParentNodeProvider, PositionProvider

from imp_migrate._legacy_api import BASE, GUARD, ISINSTANCE, SUPER
from imp_migrate.rules import LEGACY_RULES, MethodRule, finder_base, removed_class_guard

if TYPE_CHECKING:
    from imp_migrate._finder import Use
    from imp_migrate._transform import ImpTransformer

TODO_PREFIX = "# TODO(imp):"

Span = tuple[int, int, int, int]
"""Start line, start column, end line, end column: 1-based lines and columns, in characters."""


class LegacyApiFix:
    """The ``legacy-api`` uses of one file, by the span of their node."""

    def __init__(self, uses: Iterable[Use]) -> None:
        self.uses: dict[tuple[bool, Span], Use] = {}
        for use in uses:
            if use.kind == "legacy-api" and use.legacy is not None and use.end is not None:
                span = (use.line, use.col, *use.end)
                self.uses[(use.legacy.method is not None, span)] = use
        self.isinstance_tests: dict[int, cst.BaseExpression] = {}
        """isinstance calls (original node) -> the hasattr test that guards them."""

    def _find(self, transformer: ImpTransformer, node: cst.CSTNode, method: bool) -> Use | None:
        if not self.uses:
            return None
        position = transformer.get_metadata(PositionProvider, node, None)
        if position is None:
            return None
        start, end = position.start, position.end
        use = self.uses.get((method, (start.line, start.column + 1, end.line, end.column + 1)))
        if use is not None:
            transformer.matched(use)
        return use

    def leave_call(
        self, transformer: ImpTransformer, original: cst.Call, updated: cst.Call
    ) -> cst.BaseExpression | None:
        """The rewritten method call, or None when ``original`` is not one of the uses."""
        test = self.isinstance_tests.pop(id(original), None)
        if test is not None:  # isinstance(x, pkgutil.ImpImporter)
            return removed_class_guard.isinstance_guarded(updated, test)
        use = self._find(transformer, original, method=True)
        if use is None:
            return None
        legacy = use.legacy
        assert legacy is not None and legacy.receiver is not None
        if use.reason is not None:
            return _left(transformer, original.func, use, updated)
        rule = LEGACY_RULES[use.name]
        assert isinstance(rule, MethodRule)
        receiver, call = legacy.receiver, updated
        if receiver.startswith(SUPER):  # the base's method ran on self: so does the rewrite
            receiver = receiver.removeprefix(SUPER)
            assert isinstance(call.func, cst.Attribute)
            call = call.with_changes(func=call.func.with_changes(value=cst.Name("self")))
        result = rule.method_call(receiver, call, transformer.changes)
        return _apply(transformer, original.func, use, updated, result)

    def reference(
        self,
        transformer: ImpTransformer,
        original: cst.BaseExpression,
        updated: cst.BaseExpression,
    ) -> cst.BaseExpression | None:
        """The rewritten module attribute (``pkgutil.get_loader``), or None."""
        use = self._find(transformer, original, method=False)
        if use is None:
            return None
        if use.reason is not None:
            return _left(transformer, original, use, updated)
        assert use.legacy is not None
        shape = use.legacy.shape
        if shape in (GUARD, ISINSTANCE):  # the statement or the call around it changes
            assert isinstance(original, cst.Attribute)
            test = removed_class_guard.test_for(original)
            if shape == GUARD:
                transformer.guard(test)
            else:
                argument = transformer.get_metadata(ParentNodeProvider, original)
                call = transformer.get_metadata(ParentNodeProvider, argument)
                self.isinstance_tests[id(call)] = test
            transformer.rewrote(original, use.name, test)
            return updated
        if shape == BASE:
            result: cst.BaseExpression | str = finder_base.base(updated, transformer.changes)
        else:
            result = LEGACY_RULES[use.name].reference(use.name, transformer.changes)
        new = _apply(transformer, original, use, updated, result)
        if new is not updated:
            _forget_import(transformer, use)
        return new


def _left(
    transformer: ImpTransformer, where: cst.CSTNode, use: Use, updated: cst.BaseExpression
) -> cst.BaseExpression:
    """A use scan calls manual: the TODO, with scan's reason, as a comment above the statement."""
    assert use.reason is not None
    what = use.code if use.legacy and use.legacy.method else use.name  # self.module_repr
    transformer.todo(where, use.name, use.reason, f"{TODO_PREFIX} {what} {use.reason}")
    return updated


def _apply(
    transformer: ImpTransformer,
    where: cst.CSTNode,
    use: Use,
    updated: cst.BaseExpression,
    result: cst.BaseExpression | str,
) -> cst.BaseExpression:
    """Report the rewrite, or a TODO when the rule refuses what scan calls fixable."""
    if isinstance(result, str):  # scan and fix disagree: keep the code
        what = use.code if use.legacy and use.legacy.method else use.name
        transformer.todo(where, use.name, result, f"{TODO_PREFIX} {what} {result}")
        return updated
    transformer.rewrote(where, use.name, result)
    return result


def _forget_import(transformer: ImpTransformer, use: Use) -> None:
    """Let the imports that bound the rewritten name go once nothing else uses them."""
    assert use.legacy is not None
    for module, name, asname in use.legacy.imports:
        RemoveImportsVisitor.remove_unused_import(transformer.context, module, name, asname)
