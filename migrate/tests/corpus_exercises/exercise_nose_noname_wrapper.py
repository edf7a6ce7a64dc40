"""nose 1.3.7 ``unit_tests/support/doctest/noname_wrapper.py``: imp.load_source into itself.

Importing the wrapper runs ``noname_wrapped.not_py`` (a file without a .py name, as
setuptools' wrappers for extension modules do) as the wrapper module's own code; nose then
finds the doctest in it.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import doctest
import sys

import _harness as h

h.use_release("nose-1.3.7", "unit_tests", "support", "doctest")
import noname_wrapper  # noqa: E402

func = noname_wrapper.func
tests = doctest.DocTestFinder().find(noname_wrapper)
results = doctest.testmod(noname_wrapper)
h.report(
    {
        "module": h.module_facts(noname_wrapper),
        "same module in sys.modules": sys.modules["noname_wrapper"] is noname_wrapper,
        "func": [func.__module__, func.__qualname__, func.__code__.co_filename, func.__doc__],
        # nose's doctest plugin skips docstrings without examples; so do we (fix may add
        # a helper function with a docstring to the module).
        "doctests found": sorted(
            (test.name, len(test.examples)) for test in tests if test.examples
        ),
        "doctests run": [results.failed, results.attempted],
    }
)
