"""``f, p, d = imp.find_module(...)`` followed by ``imp.load_module(n, f, p, d)``: a spec pair.

``find_module`` alone cannot be rewritten: it returns an open file that callers read. But the
common pair, where the three values only travel to ``load_module`` (and the file is at most
tested and closed), keeps its behaviour when the triple becomes ``(None, origin, spec)`` and
``load_module`` loads that spec. Both helpers are added to the module once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, ScopeProvider

from imp_migrate.rules._base import FileChanges

FIND_HELPER_NAME = "_imp_find_spec"
LOAD_HELPER_NAME = "_imp_load_spec"
HELPER_IMPORTS = ("importlib.machinery", "importlib.util", "sys")

FIND_HELPER = '''
def _imp_find_spec(name, path=None):
    """Find a module as imp.find_module did, as (None, origin, spec) (written by imp-migrate)."""
    if path is None:
        for finder in (importlib.machinery.BuiltinImporter, importlib.machinery.FrozenImporter):
            spec = finder.find_spec(name)
            if spec is not None:
                return None, spec.origin, spec
        path = sys.path
    spec = importlib.machinery.PathFinder.find_spec(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"No module named {name!r}", name=name)
    return None, spec.origin, spec
'''

LOAD_HELPER = '''
def _imp_load_spec(name, spec):
    """Load a found module as imp.load_module did (written by imp-migrate)."""
    if spec.name != name and spec.origin and spec.has_location:
        spec = importlib.util.spec_from_file_location(
            name, spec.origin, submodule_search_locations=spec.submodule_search_locations
        )
    module = sys.modules.get(name)
    if module is not None:  # imp re-executed an existing module in place
        module.__spec__, module.__loader__ = spec, spec.loader
        spec.loader.exec_module(module)
        return sys.modules[name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return sys.modules[name]
'''


@dataclass
class Pairs:
    """The calls that form recognisable pairs, by node identity."""

    finds: set[int] = field(default_factory=set)
    loads: dict[int, tuple[cst.BaseExpression, cst.Name]] = field(default_factory=dict)
    """Each load_module call: the module name expression and the spec variable."""


def find_pairs(
    module: cst.Module, imp_name: Callable[[cst.CSTNode], str | None], metadata: Any
) -> Pairs:
    """Every find_module assignment whose three results only feed load_module calls."""
    pairs = Pairs()
    for assign in _assignments(module):
        call = assign.value
        if not (isinstance(call, cst.Call) and imp_name(call.func) == "find_module"):
            continue
        names = _three_names(assign)
        if names is None:
            continue
        loads = _loads_fed_only_by(names, assign, imp_name, metadata)
        if loads:
            pairs.finds.add(id(call))
            for load in loads:
                pairs.loads[id(load)] = (load.args[0].value, names[2])
    return pairs


def add_helpers(changes: FileChanges) -> str | None:
    """Ask for both helpers; a reason when the module already uses one of their names."""
    for name, source in ((FIND_HELPER_NAME, FIND_HELPER), (LOAD_HELPER_NAME, LOAD_HELPER)):
        refused = changes.add_helper(name, source, imports=HELPER_IMPORTS)
        if refused:
            return refused
    return None


def _assignments(module: cst.Module) -> Iterable[cst.Assign]:
    found: list[cst.Assign] = []

    class Collector(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            found.append(node)

    module.visit(Collector())
    return found


def _three_names(assign: cst.Assign) -> tuple[cst.Name, cst.Name, cst.Name] | None:
    if len(assign.targets) != 1:
        return None
    target = assign.targets[0].target
    if not isinstance(target, cst.Tuple | cst.List) or len(target.elements) != 3:
        return None
    names = [element.value for element in target.elements]
    if not all(
        isinstance(name, cst.Name) and not isinstance(e, cst.StarredElement)
        for name, e in zip(names, target.elements, strict=True)
    ):
        return None
    first, second, third = names
    assert isinstance(first, cst.Name) and isinstance(second, cst.Name)
    assert isinstance(third, cst.Name)
    return first, second, third


def _loads_fed_only_by(
    names: tuple[cst.Name, cst.Name, cst.Name],
    assign: cst.Assign,
    imp_name: Callable[[cst.CSTNode], str | None],
    metadata: Any,
) -> list[cst.Call]:
    scope = metadata[ScopeProvider].get(assign)
    parents = metadata[ParentNodeProvider]
    positions = metadata[PositionProvider]
    if scope is None:
        return []
    start = positions[assign].start
    in_loop = _inside_loop(assign, parents)
    loads: dict[int, cst.Call] = {}
    for position, name in enumerate(names):
        ours = [
            binding
            for binding in scope.assignments[name.value]
            if isinstance(binding, Assignment) and binding.node is name
        ]
        if len(ours) != 1:
            return []
        for access in ours[0].references:
            node = access.node
            where = positions[node].start
            if not in_loop and (where.line, where.column) < (start.line, start.column):
                continue  # read before the assignment: an earlier value (no loop around it)
            parent = parents.get(node)
            grandparent = parents.get(parent) if parent is not None else None
            if isinstance(parent, cst.Arg) and isinstance(grandparent, cst.Call):
                if _is_pair_load(grandparent, names, imp_name):
                    loads[id(grandparent)] = grandparent
                    continue
                return []
            if position == 0 and _is_file_test_or_close(node, parent, parents):
                continue
            return []
    return list(loads.values())


def _inside_loop(node: cst.CSTNode, parents: Any) -> bool:
    """Whether ``node`` sits in a loop of its own function (a read above it may follow it)."""
    current = parents.get(node)
    while current is not None and not isinstance(current, cst.FunctionDef | cst.Module):
        if isinstance(current, cst.For | cst.While):
            return True
        current = parents.get(current)
    return False


def _is_pair_load(
    call: cst.Call,
    names: tuple[cst.Name, cst.Name, cst.Name],
    imp_name: Callable[[cst.CSTNode], str | None],
) -> bool:
    if imp_name(call.func) != "load_module" or len(call.args) != 4:
        return False
    if any(arg.keyword is not None or arg.star for arg in call.args):
        return False
    values = [arg.value for arg in call.args[1:]]
    return all(
        isinstance(value, cst.Name) and value.value == name.value
        for value, name in zip(values, names, strict=True)
    )


def _is_file_test_or_close(node: cst.CSTNode, parent: object, parents: Any) -> bool:
    """``if f:``, ``f is None`` / ``f is not None``, or ``f.close()``: fine when f is None."""
    if isinstance(parent, cst.If | cst.While) and parent.test is node:
        return True
    if isinstance(parent, cst.Comparison) and len(parent.comparisons) == 1:
        target = parent.comparisons[0]
        is_none = isinstance(target.comparator, cst.Name) and target.comparator.value == "None"
        return is_none and isinstance(target.operator, cst.Is | cst.IsNot)
    if isinstance(parent, cst.Attribute) and parent.attr.value == "close":
        call = parents.get(parent)
        return isinstance(call, cst.Call) and not call.args
    return False
