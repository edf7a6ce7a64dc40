"""``f, p, d = imp.find_module(...)`` followed by ``imp.load_module(n, f, p, d)``: a spec pair.

The common pair, where the file is at most closed under ``if f:`` and the description only travels
to ``load_module``, keeps its behaviour when the triple becomes ``(None, pathname, spec)`` and
``load_module`` loads that spec: the code reads like importlib, not like imp. ``pathname`` is
still imp's (a package's directory, None for a built-in module), so it may be used freely.
Both helpers are added to the module once. Other uses get imp's own triple (``find_module``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
from libcst.metadata import Assignment, ParentNodeProvider, PositionProvider, ScopeProvider

from imp_migrate.rules._base import FileChanges, Helper

FIND_SOURCE = '''
def _imp_find_spec(name, path=None):
    """Find a module as imp.find_module did, as (None, pathname, spec) (written by imp-migrate)."""
    if path is None:
        for finder in (importlib.machinery.BuiltinImporter, importlib.machinery.FrozenImporter):
            spec = finder.find_spec(name)
            if spec is not None:
                return None, None, spec
        path = sys.path
    spec = importlib.machinery.PathFinder.find_spec(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"No module named {name!r}", name=name)
    if spec.submodule_search_locations:  # imp named a package by its directory
        return None, os.path.dirname(spec.origin), spec
    return None, spec.origin, spec
'''

LOAD_SOURCE = '''
def _imp_load_spec(name, spec):
    """Load a found module as imp.load_module did (written by imp-migrate)."""
    if spec.name != name and spec.origin and spec.has_location:
        spec = importlib.util.spec_from_file_location(
            name, spec.origin, submodule_search_locations=spec.submodule_search_locations
        )
    module = sys.modules.get(name)
    if module is not None:  # imp re-executed an existing module in place
        module.__spec__, module.__loader__ = spec, spec.loader
        if spec.has_location:
            module.__file__, module.__cached__ = spec.origin, spec.cached
        if spec.submodule_search_locations is not None:
            module.__path__ = spec.submodule_search_locations
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

FIND_HELPER = Helper("_imp_find_spec", FIND_SOURCE, ("importlib.machinery", "os", "sys"))
LOAD_HELPER = Helper("_imp_load_spec", LOAD_SOURCE, ("importlib.util", "sys"))



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
    return changes.add_helper(FIND_HELPER) or changes.add_helper(LOAD_HELPER)


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
            if (
                isinstance(parent, cst.Arg)
                and isinstance(grandparent, cst.Call)
                and _is_pair_load(grandparent, names, imp_name)
            ):
                loads[id(grandparent)] = grandparent
                continue
            if position == 1:
                continue  # the pathname is imp's: any other use sees the same value
            if position == 0 and _inside_closing_guard(node, names[0].value, parents):
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


def _inside_closing_guard(node: cst.CSTNode, name: str, parents: Any) -> bool:
    """Whether ``node`` sits in ``if f: f.close()`` (or ``if f is not None:``), nothing more.

    Such a guard is a no-op once the pair makes ``f`` None, as for imp's packages. Any other
    use of the file (a bare ``f.close()``, ``if f is None: ...``, a read) would change.
    """
    guard = parents.get(node)
    while guard is not None and not isinstance(guard, cst.If):
        guard = parents.get(guard)
    if guard is None or guard.orelse is not None or not _tests_the_file(guard.test, name):
        return False
    return all(
        isinstance(line, cst.SimpleStatementLine)
        and all(_closes_the_file(small, name) for small in line.body)
        for line in guard.body.body
    )


def _tests_the_file(test: cst.BaseExpression, name: str) -> bool:
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        is_none = isinstance(target.comparator, cst.Name) and target.comparator.value == "None"
        if not (is_none and isinstance(target.operator, cst.IsNot)):
            return False
        test = test.left
    return isinstance(test, cst.Name) and test.value == name


def _closes_the_file(statement: cst.BaseSmallStatement, name: str) -> bool:
    if not isinstance(statement, cst.Expr) or not isinstance(statement.value, cst.Call):
        return False
    call = statement.value
    callee = call.func
    return (
        not call.args
        and isinstance(callee, cst.Attribute)
        and callee.attr.value == "close"
        and isinstance(callee.value, cst.Name)
        and callee.value.value == name
    )
