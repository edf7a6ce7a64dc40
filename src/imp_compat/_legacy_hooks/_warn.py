"""The ImportWarnings of importlib 3.11, pointing at the code that imports, not at us."""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn_import(message: str) -> None:
    """Warn like importlib 3.11 did: same category and text, shown at the import statement.

    Our frames are skipped by path and importlib's own frames are skipped by ``warnings``
    itself, whatever the depth at which an adapter is called.
    """
    import warnings

    if sys.version_info >= (3, 12):
        warnings.warn(message, ImportWarning, skip_file_prefixes=(_HERE,))
    else:  # Adapters are never installed there; kept for completeness.
        warnings.warn(message, ImportWarning, stacklevel=2)
