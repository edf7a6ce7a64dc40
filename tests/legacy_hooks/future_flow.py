"""A real ``past.translation.install_hooks()`` flow (python-future 0.18, which puts a PEP 302
finder/loader first in ``sys.meta_path`` and imports ``imp``), run in a fresh interpreter by
``tests/test_legacy_hooks_future.py``.

    python future_flow.py WORKDIR MODE

WORKDIR holds ``lh_py2mod.py``, written in Python 2; MODE is ``automatic`` (nothing but what
``import imp`` does) or ``explicit`` (``imp_compat._legacy_hooks.install()`` first). Prints
what a user sees, as JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import warnings

workdir, mode = sys.argv[1], sys.argv[2]
sys.path.insert(0, workdir)
if mode == "explicit":
    from imp_compat import _legacy_hooks

    _legacy_hooks.install()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from past.translation import detect_hooks, install_hooks, remove_hooks

    install_hooks(include_paths=["lh_py2mod"])
    import lh_py2mod  # Python 2 source, translated on import

printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    greeting = lh_py2mod.greet()
result = {
    "halves": lh_py2mod.halves(7),  # Python 2 division, kept by the translation
    "greet": greeting,
    "printed": printed.getvalue(),
    "detect": detect_hooks(),
    "loader": type(lh_py2mod.__loader__).__name__,
    "import_warnings": sorted({str(w.message) for w in caught if w.category is ImportWarning}),
}
remove_hooks()
result["after_remove"] = detect_hooks()
print(json.dumps(result, sort_keys=True))
