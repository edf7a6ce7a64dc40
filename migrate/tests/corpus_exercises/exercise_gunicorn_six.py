"""gunicorn 19.9.0 ``gunicorn/six.py``: ``six.moves.reload_module`` (imp's reload, lazily)."""

# The corpus modules exist only in the tree given at run time.
# mypy: disable-error-code="import-not-found, import-untyped"

from __future__ import annotations

import _harness as h

h.use_release("gunicorn-19.9.0")
from gunicorn import six  # noqa: E402

h.report({"six": six.__version__, **h.six_reload(six)})
