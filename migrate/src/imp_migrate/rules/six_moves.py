"""six's ``MovedAttribute("reload_module", "__builtin__", "imp", "reload")`` -> ``"importlib"``.

six (and the copies vendored into many packages) names ``imp`` in a string: on Python 3 the
attribute ``reload`` is taken from the module named by ``new_mod``, imported lazily. importlib
has the same function under the same name, so only the string changes. Newer six wrote
``"importlib" if PY34 else "imp"``; that becomes plain ``"importlib"``. Other moved names
(``MovedModule(..., "imp")``) have no importlib twin and keep their TODO.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from imp_migrate._patterns import IMPORTLIB_OR_IMP, six_reload_move


@dataclass(frozen=True)
class MovedAttribute:
    """A rewritable six ``MovedAttribute`` call: which argument changes, and to what."""

    argument: int
    replacement: cst.SimpleString
    imp_strings: tuple[cst.SimpleString, ...]
    """The ``'imp'`` strings the rewrite removes (reported as rewritten, not as TODOs)."""


def moved_attribute(call: cst.Call) -> MovedAttribute | None:
    """The rewrite for ``call`` when it is six's MovedAttribute of an importlib twin."""
    if any(argument.star for argument in call.args):
        return None
    arguments = [
        (argument.keyword.value if argument.keyword else None, _move_value(argument.value))
        for argument in call.args
    ]
    callee = cst.helpers.get_full_name_for_node(call.func) or ""
    index = six_reload_move(callee, arguments)
    if index is None:
        return None
    module = call.args[index].value
    if isinstance(module, cst.SimpleString):
        return MovedAttribute(index, _renamed(module), (module,))
    assert isinstance(module, cst.IfExp)
    imp_branch, other = (module.body, module.orelse)[:: 1 if _string(module.body) == "imp" else -1]
    assert isinstance(imp_branch, cst.SimpleString) and isinstance(other, cst.SimpleString)
    return MovedAttribute(index, other, (imp_branch,))


def _move_value(node: cst.BaseExpression) -> str | None:
    """The value as ``six_reload_move`` takes it."""
    if isinstance(node, cst.IfExp):
        branches = sorted(str(_string(branch)) for branch in (node.body, node.orelse))
        return IMPORTLIB_OR_IMP if branches == ["imp", "importlib"] else None
    return _string(node)


def _string(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _renamed(node: cst.SimpleString) -> cst.SimpleString:
    """``'imp'`` -> ``'importlib'``, keeping the quotes and any prefix."""
    prefix_length = len(node.prefix)
    return node.with_changes(
        value=node.value[:prefix_length] + node.value[prefix_length:].replace("imp", "importlib", 1)
    )
