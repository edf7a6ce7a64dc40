"""What a rewrite rule is, and what it may ask of the file being rewritten."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from imp_migrate._patterns import CALL_SIGNATURES, Argument, arguments_refusal


@dataclass(frozen=True)
class Helper:
    """A module-level function that fix adds once to each module whose rewrite calls it."""

    name: str
    source: str
    imports: tuple[str, ...] = ()
    """Modules the function uses (``import importlib.util`` is added for ``importlib.util``)."""
    requires: tuple[Helper, ...] = ()
    """Helpers the function calls: added with it, before it."""


@dataclass
class FileChanges:
    """What rules need besides replacing an expression: imports, helper code, constants.

    Imports are ``(module, name)`` pairs as libcst's ``AddImportsVisitor`` takes them
    (``("importlib.util", None)`` means ``import importlib.util``). Helpers are module-level
    definitions keyed by the name they define, so each is added once.
    """

    imports: set[tuple[str, str | None]] = field(default_factory=set)
    helpers: dict[str, str] = field(default_factory=dict)
    constants: dict[str, int] = field(default_factory=dict)
    taken_names: frozenset[str] = frozenset()
    """Names the module already binds at top level: a helper or constant must not shadow them."""
    existing_constants: frozenset[str] = frozenset()
    """Constants an earlier run of fix already defined (``X = 1  # the value of imp.X``)."""
    existing_helpers: frozenset[str] = frozenset()
    """Helpers an earlier run of fix already added (their docstring says so): reused."""

    def add_import(self, module: str, name: str | None = None) -> None:
        self.imports.add((module, name))

    def add_helper(self, helper: Helper) -> str | None:
        """Ask for ``helper`` and those it requires; a reason when a name is already taken."""
        for required in helper.requires:
            refused = self.add_helper(required)
            if refused:
                return refused
        if helper.name in self.existing_helpers:
            return None
        if helper.name in self.taken_names and helper.name not in self.helpers:
            return f"the module already defines {helper.name}"
        self.helpers[helper.name] = helper.source
        for module in helper.imports:
            self.add_import(module)
        return None


Result = cst.BaseExpression | str
"""A rule returns the replacement expression, or a reason why it left the code alone."""


class Rule:
    """Rewrites the uses of some ``imp`` names; subclasses override what they can do."""

    names: tuple[str, ...] = ()

    def call(self, name: str, call: cst.Call, changes: FileChanges) -> Result:
        """Replace a whole call ``imp.<name>(...)``; by default, rewrite the callee only."""
        callee = self.reference(name, changes)
        if isinstance(callee, str):
            return callee
        return call.with_changes(func=callee)

    def reference(self, name: str, changes: FileChanges) -> Result:
        """Replace ``imp.<name>`` used without a call (passed around, compared, stored)."""
        return "used without calling it; no equivalent expression"


class HelperRule(Rule):
    """A rule that replaces the imp function by a helper taking the same arguments."""

    helper: Helper

    def reference(self, name: str, changes: FileChanges) -> Result:
        refused = changes.add_helper(self.helper)
        return refused if refused else cst.Name(self.helper.name)


def expression(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


def positional_args(
    call: cst.Call, low: int, high: int, keywords: Sequence[str] = ()
) -> list[cst.BaseExpression] | str:
    """The call's arguments in positional order, or why they are too unusual to rewrite.

    Keyword arguments named in ``keywords`` (the imp signature's parameter names, in order)
    are put back in their positions; ``*args``/``**kwargs`` are refused. The refusal is
    ``_patterns.arguments_refusal``, which scan asks too.
    """
    parameters = tuple(keywords) or tuple(f"#{index}" for index in range(high))
    refused = arguments_refusal(parameters[:high], low, call_arguments(call))
    if refused is not None:
        return refused
    values: list[cst.BaseExpression | None] = [None] * high
    count = 0
    for argument in call.args:
        if argument.keyword is None:
            values[count] = argument.value
            count += 1
        else:
            values[parameters.index(argument.keyword.value)] = argument.value
    return [value for value in values if value is not None]


def signature_args(call: cst.Call, name: str) -> list[cst.BaseExpression] | str:
    """``positional_args`` for imp's ``name``, whose signature ``_patterns`` holds for scan too."""
    parameters, required = CALL_SIGNATURES[name]
    return positional_args(call, required, len(parameters), keywords=parameters)


def call_arguments(call: cst.Call) -> list[Argument]:
    """The call's arguments as ``_patterns`` describes them (scan builds the same from ast)."""
    return [
        Argument(
            argument.keyword.value if argument.keyword else None,
            bool(argument.star),
            isinstance(argument.value, cst.Name),
        )
        for argument in call.args
    ]
