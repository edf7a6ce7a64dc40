"""Patterns beyond plain uses of imp that scan and fix both act on, each decided once here.

Kept free of libcst on purpose: ``scan`` never imports libcst, which costs about 0.1 s per
process, more than scanning a thousand files. Legacy finders are found with ``ast`` (``fix``
parses with ``ast`` too and matches the classes to its libcst tree by line); six's moves are
decided on a plain description of the call that each tool builds from its own tree.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

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
