"""``try: <what every Python 3 has>`` / ``except ImportError: <imp>`` -> the try body alone.

The except branch is Python 2's path: it cannot run where importlib exists, so fix keeps the
body and drops the branch with its imp, as pyupgrade drops ``except ImportError`` fallbacks of
imports that always succeed. The code runs the same before and after.
"""

from __future__ import annotations

import textwrap

import pytest
from behaviour import CheckRewrite

from imp_migrate._finder import find_uses
from imp_migrate._fix import fix_source

RELOAD = """\
import sys
from pathlib import Path
try:
    from importlib import reload
except ImportError:
    from imp import reload
sys.path.insert(0, ".")
Path("target.py").write_text("VALUE = 1\\n")
import target
Path("target.py").write_text("VALUE = 2  # changed\\n")
print(reload(target) is target, target.VALUE)
"""

UNDERSCORE_IMP = """\
try:
    import _imp
except ImportError:
    import imp as _imp
print(_imp.is_builtin("sys"), _imp.is_frozen("os"))
"""

SUFFIXES = """\
import importlib.machinery
try:
    from importlib.machinery import EXTENSION_SUFFIXES
except ImportError:
    import imp
    EXTENSION_SUFFIXES = [s for s, _, t in imp.get_suffixes() if t == imp.C_EXTENSION]
    del imp
print(EXTENSION_SUFFIXES == importlib.machinery.EXTENSION_SUFFIXES, len(EXTENSION_SUFFIXES) > 0)
"""


@pytest.mark.parametrize(
    ("before", "after_head"),
    [
        (RELOAD, "import sys\nfrom pathlib import Path\nfrom importlib import reload\nsys.path"),
        (UNDERSCORE_IMP, "import _imp\nprint("),
        (SUFFIXES, "import importlib.machinery\nfrom importlib.machinery import EXTENSION_SUF"),
    ],
    ids=["reload", "_imp", "EXTENSION_SUFFIXES"],
)
def test_a_dead_fallback_collapses_to_the_try_body(
    check_rewrite: CheckRewrite, before: str, after_head: str
) -> None:
    after = check_rewrite(before)
    assert after.startswith(after_head), after
    assert "try:" not in after and "_imp_get_suffixes" not in after and "TODO" not in after


def test_scan_calls_every_use_in_the_dead_branch_fixable() -> None:
    uses = find_uses(SUFFIXES.encode()).uses
    assert [(u.line, u.name, u.fixable) for u in uses] == [
        (5, "imp", True),
        (6, "get_suffixes", True),
        (6, "C_EXTENSION", True),
        (7, "imp", True),
    ]
    assert {u.replacement for u in uses} == {
        "nothing: the `except ImportError` branch cannot run on Python 3 "
        "(fix keeps only the try body)"
    }
    report = fix_source(SUFFIXES.encode()).changes
    assert [(c.line, c.rewritten) for c in report] == [(5, True), (6, True), (6, True), (7, True)]


def test_comments_indentation_and_one_line_bodies_are_kept() -> None:
    before = textwrap.dedent(
        """\
        def load():
            # prefer the fast path
            try: import _imp
            except ImportError: import imp as _imp
            return _imp
        """
    )
    assert fix_source(before.encode()).fixed.decode() == textwrap.dedent(
        """\
        def load():
            # prefer the fast path
            import _imp
            return _imp
        """
    )


@pytest.mark.parametrize(
    "before",
    [
        # the try body may fail on Python 3: the except branch is live
        "try:\n    import __builtin__\nexcept ImportError:\n    import imp\nimp.reload(m)\n",
        # an else or finally clause, or a second handler, is more than a fallback
        "try:\n    import _imp\nexcept ImportError:\n    import imp as _imp\nelse:\n    pass\n",
        "try:\n    import _imp\nexcept ImportError:\n    import imp as _imp\n"
        "except Exception:\n    pass\n",
        # a name importlib did not have on every Python 3
        "try:\n    from importlib.util import LazyLoader2\nexcept ImportError:\n    import imp\n",
    ],
    ids=["live-branch", "else", "two-handlers", "unknown-name"],
)
def test_other_try_statements_are_not_collapsed(before: str) -> None:
    fixed = fix_source(before.encode()).fixed.decode()
    assert fixed.startswith("try:") or "\ntry:" in fixed, fixed


def test_every_name_a_dead_try_body_may_import_exists_on_every_python_here() -> None:
    """The branch is dead only if the body cannot fail: check the table on each CPython 3."""
    import json
    import subprocess

    from behaviour import _python

    from imp_migrate._patterns import ALWAYS_IMPORTABLE

    code = (
        "import importlib, importlib.util, json, sys\n"
        "table = json.loads(sys.argv[1])\n"
        "print([f'{m}.{n}' for m, names in table.items() for n in names\n"
        "       if not hasattr(importlib.import_module(m), n)\n"
        "       and importlib.util.find_spec(f'{m}.{n}') is None])\n"
    )
    table = json.dumps({module: sorted(names) for module, names in ALWAYS_IMPORTABLE.items()})
    checked = []
    for version in ("3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"):
        python = _python(version)
        if python is None:
            continue
        ran = subprocess.run([python, "-c", code, table], capture_output=True, text=True)
        assert (ran.returncode, ran.stdout) == (0, "[]\n"), (version, ran.stdout, ran.stderr)
        checked.append(version)
    assert {"3.11", "3.12"} <= set(checked)  # the versions the rule tests need anyway


def test_a_from_import_of_a_name_some_python_3_lacks_keeps_its_fallback() -> None:
    before = (
        "try:\n    from importlib.util import module_from_spec\n"  # Python 3.5+
        "except ImportError:\n    import imp\n"
    )
    assert fix_source(before.encode()).fixed.decode().startswith("try:\n")
