"""``finder.find_module()`` and ``finder.find_loader()`` (removed in 3.12) -> ``find_spec``.

On importlib's own finders both were thin wrappers of ``find_spec``: ``find_module`` gave the
spec's loader (None for no spec or a namespace package) and ``find_loader`` gave ``(loader,
portions)``. Where the finder is known (``PathFinder``, ``BuiltinImporter``,
``FrozenImporter``, a ``FileFinder`` or ``zipimporter`` made here) the rewrite is inline,
``getattr(X.find_spec(name), "loader", None)``; where it is any finder of ``sys.meta_path``,
``sys.path_importer_cache`` or ``pkgutil.iter_importers()``, a helper asks ``find_spec`` and
falls back on the finder's own method when it has no ``find_spec`` (a PEP 302 finder of its
own, which Python 3.11 asked the same way). ``zipimporter``'s ignored ``path`` argument is
dropped when dropping it cannot skip a side effect.
"""

from __future__ import annotations

import libcst as cst

from imp_migrate._legacy_api import (
    KNOWN_FINDERS,
    ZIPIMPORTER,
    CallArgument,
    zip_path_kept,
    zip_path_refusal,
)
from imp_migrate.rules._base import FileChanges, Helper, Result, Rule

FIND_MODULE_SOURCE = '''
def _finder_find_module(finder, fullname, *path):
    """finder.find_module, removed from importlib's finders in 3.12 (written by imp-migrate).

    ``path``: what the call passed (a meta path finder's path), passed on as it was.
    """
    find_spec = getattr(finder, "find_spec", None)
    if find_spec is None:  # a finder of the PEP 302 kind, with only its own find_module
        return finder.find_module(fullname, *path)
    spec = find_spec(fullname, *path)
    return None if spec is None else spec.loader
'''

FIND_LOADER_SOURCE = '''
def _finder_find_loader(finder, fullname):
    """finder.find_loader, removed from path entry finders in Python 3.12 (written by imp-migrate).

    Returns (loader, portions): zipimporter named no portions for a package, others its
    directory.
    """
    find_spec = getattr(finder, "find_spec", None)
    if find_spec is None:  # a finder of the PEP 302 kind, with only its own find_loader
        return finder.find_loader(fullname)
    spec = find_spec(fullname)
    if spec is None:
        return None, []
    if spec.loader is not None and isinstance(finder, zipimport.zipimporter):
        return spec.loader, []
    return spec.loader, spec.submodule_search_locations or []
'''

FIND_MODULE = Helper("_finder_find_module", FIND_MODULE_SOURCE)
FIND_LOADER = Helper("_finder_find_loader", FIND_LOADER_SOURCE, ("zipimport",))

KNOWN = KNOWN_FINDERS


class MethodRule(Rule):
    """Rewrites ``receiver.method(...)`` knowing the receiver's type (``_legacy_api``)."""

    def method_call(self, receiver: str, call: cst.Call, changes: FileChanges) -> Result:
        raise NotImplementedError


def helper_call(helper: Helper, call: cst.Call, changes: FileChanges) -> Result:
    """``x.method(args)`` -> ``helper(x, args)``."""
    refused = changes.add_helper(helper)
    if refused:
        return refused
    assert isinstance(call.func, cst.Attribute)
    receiver = cst.Arg(call.func.value.with_changes(lpar=[], rpar=[]))
    arguments = [argument.with_changes(comma=cst.MaybeSentinel.DEFAULT) for argument in call.args]
    return cst.Call(func=cst.Name(helper.name), args=[receiver, *arguments])


def without_zip_path(call: cst.Call) -> list[cst.Arg] | str:
    """zipimporter's find_module/find_loader arguments without the ``path`` it ignored."""
    arguments = call_arguments(call)
    refused = zip_path_refusal(arguments)  # scan asks the same (``_legacy_api``)
    if refused is not None:
        return refused
    kept = [call.args[index] for index in zip_path_kept(arguments)]
    return [argument.with_changes(comma=cst.MaybeSentinel.DEFAULT) for argument in kept]


def call_arguments(call: cst.Call) -> list[CallArgument]:
    """The call's arguments as ``_legacy_api`` describes them (scan builds the same from ast)."""
    return [
        CallArgument(
            argument.keyword.value if argument.keyword else None,
            bool(argument.star),
            _literal(argument.value),
        )
        for argument in call.args
    ]


def _literal(node: cst.BaseExpression) -> bool:
    """What ``ast`` parses as a Name or a Constant: evaluating it has no side effect."""
    if isinstance(node, cst.ConcatenatedString):
        return _literal(node.left) and _literal(node.right)
    return isinstance(
        node, cst.Name | cst.SimpleString | cst.Integer | cst.Float | cst.Imaginary | cst.Ellipsis
    )


class FinderFindModule(MethodRule):
    names = ("<finder>.find_module()",)

    def method_call(self, receiver: str, call: cst.Call, changes: FileChanges) -> Result:
        if receiver not in KNOWN:
            return helper_call(FIND_MODULE, call, changes)
        assert isinstance(call.func, cst.Attribute)
        arguments: list[cst.Arg] | str = list(call.args)
        if receiver == ZIPIMPORTER:
            arguments = without_zip_path(call)
            if isinstance(arguments, str):
                return arguments
        find_spec = call.with_changes(
            func=call.func.with_changes(attr=cst.Name("find_spec")), args=arguments
        )
        return cst.Call(
            func=cst.Name("getattr"),
            args=[
                cst.Arg(find_spec),
                cst.Arg(cst.SimpleString('"loader"')),
                cst.Arg(cst.Name("None")),
            ],
        )


class FinderFindLoader(MethodRule):
    names = ("<path entry finder>.find_loader()",)

    def method_call(self, receiver: str, call: cst.Call, changes: FileChanges) -> Result:
        if receiver == ZIPIMPORTER:
            arguments = without_zip_path(call)
            if isinstance(arguments, str):
                return arguments
            call = call.with_changes(args=arguments)
        return helper_call(FIND_LOADER, call, changes)
