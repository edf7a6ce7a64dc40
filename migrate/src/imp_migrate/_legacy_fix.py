"""fix's side of the removed importlib/pkgutil names: the uses ``_legacy_api`` found, rewritten.

The transformer (``_transform.ImpTransformer``) asks this object about each call and each
name it leaves; a node is a use when its position is one that ``_legacy_api`` reported, so
fix rewrites exactly what scan lists. Rules come from ``rules.LEGACY_RULES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import libcst as cst
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.metadata import PositionProvider

from imp_migrate._legacy_api import SUPER, LegacyUse
from imp_migrate.rules import LEGACY_RULES, MethodRule

if TYPE_CHECKING:
    from imp_migrate._transform import ImpTransformer

TODO_PREFIX = "# TODO(imp):"

Span = tuple[int, int, int, int]
"""Start line, start column, end line, end column: 1-based lines, 0-based character columns."""


class LegacyApiFix:
    """The uses in one file, by the span of their node."""

    def __init__(self, uses: Iterable[LegacyUse], lines: list[bytes]) -> None:
        self.uses: dict[tuple[bool, Span], LegacyUse] = {}
        for use in uses:
            span = (
                use.line,
                _characters(lines, use.line, use.col),
                use.end_line,
                _characters(lines, use.end_line, use.end_col),
            )
            self.uses[(use.method is not None, span)] = use

    def _find(
        self, transformer: ImpTransformer, node: cst.CSTNode, method: bool
    ) -> LegacyUse | None:
        if not self.uses:
            return None
        position = transformer.get_metadata(PositionProvider, node, None)
        if position is None:
            return None
        span = (position.start.line, position.start.column, position.end.line, position.end.column)
        return self.uses.get((method, span))

    def leave_call(
        self, transformer: ImpTransformer, original: cst.Call, updated: cst.Call
    ) -> cst.BaseExpression | None:
        """The rewritten method call, or None when ``original`` is not one of the uses."""
        use = self._find(transformer, original, method=True)
        if use is None or use.receiver is None:
            return None
        rule = LEGACY_RULES[use.label]
        assert isinstance(rule, MethodRule)
        receiver, call = use.receiver, updated
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
        result = LEGACY_RULES[use.label].reference(use.label, transformer.changes)
        new = _apply(transformer, original, use, updated, result)
        if new is not updated:
            _forget_import(transformer, use)
        return new


def _apply(
    transformer: ImpTransformer,
    where: cst.CSTNode,
    use: LegacyUse,
    updated: cst.BaseExpression,
    result: cst.BaseExpression | str,
) -> cst.BaseExpression:
    """Report the rewrite, or the TODO (as a comment above the statement) when refused."""
    if isinstance(result, str):
        what = use.code if use.method else use.label  # self.module_repr; importlib.abc.Finder
        transformer.todo(where, use.label, result, f"{TODO_PREFIX} {what} {result}")
        return updated
    transformer.rewrote(where, use.label, result)
    return result


def _forget_import(transformer: ImpTransformer, use: LegacyUse) -> None:
    """Let the imports that bound the rewritten name go once nothing else uses them."""
    for module, name, asname in use.imports:
        RemoveImportsVisitor.remove_unused_import(transformer.context, module, name, asname)


def _characters(lines: list[bytes], line: int, offset: int) -> int:
    """``ast``'s byte offset on ``line`` as a character column, as libcst counts."""
    text = lines[line - 1] if 0 < line <= len(lines) else b""
    return len(text[:offset].decode("utf-8", "replace"))
