"""``pkgutil.ImpImporter``/``ImpLoader`` registered or tested (removed in 3.12) -> guarded.

pkg_resources (setuptools before 66) registered handlers for the class at import time,
``register_finder(pkgutil.ImpImporter, find_on_path)``, and died on 3.12 with
``AttributeError``. setuptools fixed it by guarding the statement with
``if hasattr(pkgutil, "ImpImporter"):``, and so does this rule, for an expression statement
alone on its lines that only passes the class to a call. ``isinstance(x, pkgutil.ImpImporter)``
becomes ``(hasattr(pkgutil, "ImpImporter") and isinstance(x, pkgutil.ImpImporter))``.

Faithful: where the class exists the same code runs; where it is gone nothing can be an
instance of it (only the code itself made ImpImporters, and only ImpImporter made ImpLoaders),
so a handler for it could never be looked up and the isinstance test could only be False.
What differs is a registry's contents, for code that lists them. Constructing or subclassing
the class keeps its TODO (``removed_classes``). Which uses qualify is decided in
``_legacy_api`` (scan shows the same).
"""

from __future__ import annotations

import libcst as cst


def test_for(reference: cst.Attribute) -> cst.Call:
    """``hasattr(pkgutil, "ImpImporter")`` for ``pkgutil.ImpImporter``, in its spelling."""
    return cst.Call(
        func=cst.Name("hasattr"),
        args=[
            cst.Arg(reference.value),
            cst.Arg(cst.SimpleString(f'"{reference.attr.value}"')),
        ],
    )


def guarded(statement: cst.SimpleStatementLine, test: cst.BaseExpression) -> cst.If:
    """``if <test>:`` with ``statement`` as its body; comments above stay above the ``if``."""
    inner = statement.with_changes(leading_lines=[])
    return cst.If(
        test=test,
        body=cst.IndentedBlock(body=[inner]),
        leading_lines=statement.leading_lines,
    )


def isinstance_guarded(call: cst.Call, test: cst.BaseExpression) -> cst.BooleanOperation:
    """``(hasattr(...) and isinstance(...))``: parenthesised, so it fits any context."""
    return cst.BooleanOperation(
        left=test,
        operator=cst.And(),
        right=call.with_changes(lpar=[], rpar=[]),
        lpar=[cst.LeftParen()],
        rpar=[cst.RightParen()],
    )
