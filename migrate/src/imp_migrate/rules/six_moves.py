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

from imp_migrate._patterns import SAME_IN_IMPORTLIB, SIX_MOVED_ATTRIBUTE_PARAMETERS

PARAMETERS = SIX_MOVED_ATTRIBUTE_PARAMETERS


@dataclass(frozen=True)
class MovedAttribute:
    """A rewritable six ``MovedAttribute`` call: which argument changes, and to what."""

    argument: int
    replacement: cst.SimpleString
    imp_strings: tuple[cst.SimpleString, ...]
    """The ``'imp'`` strings the rewrite removes (reported as rewritten, not as TODOs)."""


def moved_attribute(call: cst.Call) -> MovedAttribute | None:
    """The rewrite for ``call`` when it is six's MovedAttribute of an importlib twin."""
    callee = cst.helpers.get_full_name_for_node(call.func)
    if callee not in ("MovedAttribute", "six.MovedAttribute"):
        return None
    values: dict[str, tuple[int, cst.BaseExpression]] = {}
    for index, argument in enumerate(call.args):
        if argument.star:
            return None
        if argument.keyword is None:
            if index >= len(PARAMETERS):
                return None
            values[PARAMETERS[index]] = (index, argument.value)
        else:
            values[argument.keyword.value] = (index, argument.value)
    given = [_string(values[key][1]) for key in ("new_attr", "old_attr", "name") if key in values]
    attribute = next((name for name in given if name), None)  # six's order of precedence
    if attribute not in SAME_IN_IMPORTLIB or "new_mod" not in values:
        return None
    index, module = values["new_mod"]
    if isinstance(module, cst.SimpleString) and module.evaluated_value == "imp":
        return MovedAttribute(index, _renamed(module), (module,))
    if isinstance(module, cst.IfExp):
        branches = (module.body, module.orelse)
        names = [_string(branch) for branch in branches]
        if sorted(map(str, names)) == ["imp", "importlib"]:
            imp_branch, other = branches if names[0] == "imp" else branches[::-1]
            assert isinstance(imp_branch, cst.SimpleString) and isinstance(other, cst.SimpleString)
            return MovedAttribute(index, other, (imp_branch,))
    return None


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
