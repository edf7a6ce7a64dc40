"""Non-imp patterns that scan and fix both act on, recognised once, with ``ast``.

Kept free of libcst on purpose: ``scan`` never imports libcst, which costs about 0.1 s per
process, more than scanning a thousand files. ``fix`` parses with ``ast`` too and matches
what it finds here to its libcst tree by line.
"""

from __future__ import annotations

import ast

SIX_MOVED_ATTRIBUTE_PARAMETERS = ("name", "old_mod", "new_mod", "old_attr", "new_attr")
"""six's ``MovedAttribute`` signature."""

SAME_IN_IMPORTLIB = frozenset({"reload"})
"""Attributes of imp that importlib has under the same name and with the same behaviour."""

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
