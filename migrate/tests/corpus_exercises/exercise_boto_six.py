"""boto 2.49.0 ``boto/vendored/six.py``: ``six.moves.reload_module``.

six 1.9 takes ``reload`` from imp on Pythons before 3.4, so six is imported while the
version says 3.3; the lazy ``six.moves`` attribute is then resolved as boto would.
"""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import _harness as h

h.use_release("boto-2.49.0", "boto", "vendored")
with h.pretend_python(3, 3):
    import six

h.report({"PY34": six.PY34, "six": six.__version__, **h.six_reload(six)})
