"""A meta path finder with ``find_module`` but no ``find_spec`` gets a ``find_spec`` method.

Python 3.12 stopped calling ``find_module``, so such finders (six 1.8's ``_SixMetaPathImporter``,
plugin systems of the same era) silently stop finding anything. ``import imp`` kept them alive
(imp-compat adapts legacy hooks), so leaving imp must not break them. The added method asks
``find_module`` and wraps its loader in a spec, as Python 3.4 to 3.11 did themselves; loading
then still goes through the loader's ``load_module``, which Pythons up to 3.14 call.

Which classes qualify is decided with ``ast`` in ``_patterns.legacy_meta_path_finders`` (scan
lists the same ones): the module puts them, or instances of them, on ``sys.meta_path``, and
their ``find_module`` takes the meta path signature ``(fullname, path)``.
"""

from __future__ import annotations

import libcst as cst

METHOD = '''
def find_spec(self, fullname, path, target=None):
    """Python 3.12 asks finders for a spec, no longer find_module (added by imp-migrate)."""
    loader = self.find_module(fullname, path)
    return None if loader is None else importlib.util.spec_from_loader(fullname, loader)
'''
REPORT = "find_spec added (Python 3.12 no longer calls find_module)"


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
