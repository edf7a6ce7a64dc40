"""A real ``pyximport.install()`` flow (Cython 0.29, which installs PEP 302 hooks and imports
``imp``), run in a fresh interpreter by ``tests/test_legacy_hooks_pyximport.py``.

    python pyximport_flow.py WORKDIR MODE

WORKDIR holds ``lh_fib.pyx``; MODE is ``automatic`` (nothing but what ``import imp`` does) or
``explicit`` (``imp_compat._legacy_hooks.install()`` first). Prints what a user sees, as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import warnings

workdir, mode = sys.argv[1], sys.argv[2]
sys.path.insert(0, workdir)
if mode == "explicit":
    from imp_compat import _legacy_hooks

    _legacy_hooks.install()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import pyximport

    py_importer, pyx_importer = pyximport.install(
        build_dir=os.path.join(workdir, "build"), language_level=3
    )
    import lh_fib  # a plain import of a .pyx file, compiled on the fly

result = {
    "fib": lh_fib.fib(30),
    "file_in_build_dir": lh_fib.__file__.startswith(os.path.join(workdir, "build")),
    "loader": type(lh_fib.__loader__).__name__,
    "spec_name": lh_fib.__spec__.name,
    "in_sys_modules": sys.modules["lh_fib"] is lh_fib,
    "importer_in_meta_path": pyx_importer in sys.meta_path,
    "import_warnings": sorted({str(w.message) for w in caught if w.category is ImportWarning}),
}
pyximport.uninstall(py_importer, pyx_importer)
result["importer_removed"] = pyx_importer not in sys.meta_path
print(json.dumps(result, sort_keys=True))
