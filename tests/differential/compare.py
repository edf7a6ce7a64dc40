"""Run the reference and the candidate on the same scenario and explain any difference."""

from __future__ import annotations

import atexit
import itertools
import os
import pprint
import shutil
import tempfile
import types
from typing import Any

from .calls import Step, render
from .runner import run
from .trees import Tree

_COUNTER = itertools.count()
_BASE: list[str] = []  # created on first use, removed at exit


def fresh_root(label: str) -> str:
    """A path that does not exist yet, unique in this process: two runs never share files
    (nor dlopen() handles, which the C library caches by path). Its last component is always
    ``tree``: messages that name just the file (SyntaxError's) then agree too; ``label``
    must have the same length for all runs compared (``reference``, ``candidate``). No
    hyphens: the extension loader reports a module name with them turned into underscores."""
    if not _BASE:
        _BASE.append(tempfile.mkdtemp(prefix="imp_differential_"))
        atexit.register(shutil.rmtree, _BASE[0], True)
    return os.path.join(_BASE[0], f"{next(_COUNTER):06d}_{label}", "tree")


def compare(reference: types.ModuleType, candidate: types.ModuleType, tree: Tree,
            steps: list[Step]) -> str | None:
    """``None`` when both give the same record, else a readable report of the first
    difference, the two full records and a reproducer."""
    expected = run(reference, tree, steps, fresh_root("reference"))
    actual = run(candidate, tree, steps, fresh_root("candidate"))
    if expected == actual:
        return None
    return explain(tree, steps, expected, actual)


def _label(index: int, steps: list[Step]) -> str:
    if index < len(steps):
        return f"step {index}: {steps[index].render()}"
    return "final state"


def _is_mapping(value: Any) -> bool:
    """A sorted list of (str key, value) pairs, as the normaliser writes attributes."""
    return isinstance(value, list) and bool(value) and all(
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) for item in value
    )


def first_difference(want: Any, got: Any, path: tuple[str, ...] = ()
                     ) -> tuple[tuple[str, ...], Any, Any]:
    """The path to the first place two records differ, and the two values there."""
    if type(want) is not type(got):
        return path, want, got
    if _is_mapping(want) and _is_mapping(got) and want != got:
        left_keys, right_keys = [k for k, _ in want], [k for k, _ in got]
        if left_keys != right_keys:
            missing = [k for k in left_keys if k not in right_keys]
            extra = [k for k in right_keys if k not in left_keys]
            return (*path, "keys"), f"missing {missing}", f"extra {extra}"
        for (key, left), (_, right) in zip(want, got, strict=True):
            if left != right:
                return first_difference(left, right, (*path, key))
    if isinstance(want, list | tuple):
        if len(want) == 2 and isinstance(want[0], str) and isinstance(got[0], str) and (
            want[0] != got[0]
        ):
            return path, want, got
        for index, (left, right) in enumerate(itertools.zip_longest(want, got)):
            if left != right:
                key = str(index)
                if isinstance(left, tuple) and left and isinstance(left[0], str):
                    key = left[0]  # a (label, value) pair: name the step by its label
                return first_difference(left, right, (*path, key))
    return path, want, got


def explain(tree: Tree, steps: list[Step], expected: list[Any], actual: list[Any]) -> str:
    lines = ["imp_compat differs from Python 3.11's imp.", "", render(tree, steps), ""]
    for index, (want, got) in enumerate(itertools.zip_longest(expected, actual)):
        if want != got:
            where, left, right = first_difference(want, got)
            lines.append(f"first difference at {_label(index, steps)}")
            lines.append(f"  at {'/'.join(where)}: 3.11 has {left!r}")
            lines.append(f"  {' ' * len('/'.join(where))}  imp_compat has {right!r}")
            lines.append("3.11 imp:   " + pprint.pformat(want, width=96).replace("\n", "\n    "))
            lines.append("imp_compat: " + pprint.pformat(got, width=96).replace("\n", "\n    "))
            break
    return "\n".join(lines)


def signature(steps: list[Step], expected: list[Any], actual: list[Any]) -> str:
    """A short key for the kind of difference: which call, and where in its record."""
    for index, (want, got) in enumerate(itertools.zip_longest(expected, actual)):
        if want != got:
            where, _, _ = first_difference(want, got)
            call = steps[index] if index < len(steps) else None
            func = getattr(call, "func", type(call).__name__) if call else str(want[0])
            return f"{func}: {'/'.join(part for part in where if not part.isdigit())}"
    return "no difference"
