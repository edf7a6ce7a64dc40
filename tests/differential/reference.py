"""The reference: Python 3.11's standard library ``imp``, never this project's ``imp`` shim.

``import imp`` is not enough: with ``src`` on ``PYTHONPATH`` (or the package installed ahead
of the standard library on ``sys.path``) it finds the project's top-level ``imp.py``, which
re-exports ``imp_compat``, and the test would compare ``imp_compat`` with itself.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
import warnings


def stdlib_imp() -> types.ModuleType:
    """The ``imp`` module of the standard library of the running 3.11."""
    path = os.path.join(os.path.dirname(os.__file__), "imp.py")  # the stdlib's folder
    loaded = sys.modules.get("imp")
    if loaded is not None and getattr(loaded, "__file__", None) == path:
        return loaded
    spec = importlib.util.spec_from_file_location("imp", path)
    if spec is None or spec.loader is None or not os.path.exists(path):
        raise ImportError(f"no standard library imp at {path}")
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.loader.exec_module(module)
    assert not hasattr(module, "imp_compat") and "_LoadSourceCompatibility" in vars(module)
    return module
