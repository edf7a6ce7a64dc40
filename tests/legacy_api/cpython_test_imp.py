"""Run CPython 3.11's own ``test_imp.py`` with this interpreter and its ``imp`` (imp_compat).

Usage: ``python cpython_test_imp.py PATH/TO/3.11/test/test_imp.py RESULTS.json [FOLDER]``

The file is loaded from where it lies, so that its data files (``tokenizedata/``, next to it)
are found. It runs on the running Python's ``test.support``; ``test.imp_dummy``, a data module
that only 3.11's ``test`` package has, comes from 3.11's folder, searched after the running
Python's own. FOLDER, if given, goes first on ``sys.path``: it holds a ``_testmultiphase``
extension with the ``PyInit_imp_dummy`` entry point that only 3.11's had
(``tests/data/imp_dummy_311.c``). Each test's outcome is written to RESULTS.json as
``{test id: outcome}``, the outcome being ``passed``, ``failed: ...``, ``error: ...``,
``skipped: reason`` or ``expected failure``. Exit status 0 when the run completed (whatever the
outcomes), 2 when it could not start.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import traceback
import unittest
from typing import Any


class _Recorder(unittest.TextTestResult):
    """A verbose text result that also keeps every test's outcome."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes: dict[str, str] = {}

    def addSuccess(self, test: unittest.TestCase) -> None:
        super().addSuccess(test)
        self.outcomes[test.id()] = "passed"

    def addFailure(self, test: unittest.TestCase, err: Any) -> None:
        super().addFailure(test, err)
        self.outcomes[test.id()] = "failed: " + "".join(traceback.format_exception(*err))

    def addError(self, test: unittest.TestCase, err: Any) -> None:
        super().addError(test, err)
        self.outcomes[test.id()] = "error: " + "".join(traceback.format_exception(*err))

    def addSkip(self, test: unittest.TestCase, reason: str) -> None:
        super().addSkip(test, reason)
        self.outcomes[test.id()] = "skipped: " + reason

    def addExpectedFailure(self, test: unittest.TestCase, err: Any) -> None:
        super().addExpectedFailure(test, err)
        self.outcomes[test.id()] = "expected failure"

    def addUnexpectedSuccess(self, test: unittest.TestCase) -> None:
        super().addUnexpectedSuccess(test)
        self.outcomes[test.id()] = "failed: unexpected success"


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    test_file, results = argv[:2]
    if len(argv) == 3:
        sys.path.insert(0, argv[2])
    import test  # the running Python's test package, with its test.support

    test.__path__.append(os.path.dirname(test_file))
    import imp  # type: ignore[import-not-found,unused-ignore]

    if "imp_compat" not in sys.modules:
        print(f"imp is not imp_compat's here: {imp.__file__}", file=sys.stderr)
        return 2
    spec = importlib.util.spec_from_file_location("test_imp", test_file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["test_imp"] = module
    spec.loader.exec_module(module)
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    runner = unittest.TextTestRunner(resultclass=_Recorder, verbosity=2)
    result = runner.run(suite)
    assert isinstance(result, _Recorder)
    with open(results, "w", encoding="utf-8") as out:
        json.dump(result.outcomes, out, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
