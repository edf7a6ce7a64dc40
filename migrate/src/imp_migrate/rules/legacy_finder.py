"""A meta path finder with ``find_module`` but no ``find_spec`` gets a ``find_spec`` method.

Python 3.12 stopped calling ``find_module``, so such finders (six 1.8's ``_SixMetaPathImporter``,
plugin systems of the same era) silently stop finding anything. ``import imp`` kept them alive
(imp-compat adapts legacy hooks), so leaving imp must not break them. The added method asks
``find_module`` and wraps its loader in a spec, as Python 3.4 to 3.11 did themselves; loading
then still goes through the loader's ``load_module``, which Pythons up to 3.14 call.

Only classes in a module that touches ``sys.meta_path`` are changed, and only when their
``find_module`` takes the meta path signature ``(fullname, path)``.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._patterns import LEGACY_FINDER_LABEL

METHOD = '''
def find_spec(self, fullname, path, target=None):
    """Python 3.12 asks finders for a spec, no longer find_module (added by imp-migrate)."""
    loader = self.find_module(fullname, path)
    return None if loader is None else importlib.util.spec_from_loader(fullname, loader)
'''
LABEL = LEGACY_FINDER_LABEL
REPORT = "find_spec added (Python 3.12 no longer calls find_module)"


def finders_to_upgrade(module: cst.Module) -> set[int]:
    """The ``ClassDef`` nodes (by identity) that need ``find_spec``."""
    candidates: set[int] = set()
    touches_meta_path = False

    class Collector(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            nonlocal touches_meta_path
            touches_meta_path = touches_meta_path or node.attr.value == "meta_path"

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            methods = {
                statement.name.value: statement
                for statement in node.body.body
                if isinstance(statement, cst.FunctionDef)
            }
            find_module = methods.get("find_module")
            if find_module is None or "find_spec" in methods:
                return
            parameters = find_module.params
            if len(parameters.params) >= 3 or isinstance(parameters.star_arg, cst.Param):
                candidates.add(id(node))

    module.visit(Collector())
    return candidates if touches_meta_path else set()


def with_find_spec(node: cst.ClassDef) -> cst.ClassDef:
    """``node`` with the method added right after its ``find_module``."""
    method = cst.parse_statement(METHOD.lstrip("\n"))
    method = method.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
    body = list(node.body.body)
    position = next(
        index + 1
        for index, statement in enumerate(body)
        if isinstance(statement, cst.FunctionDef) and statement.name.value == "find_module"
    )
    body.insert(position, method)
    return node.with_changes(body=node.body.with_changes(body=body))
