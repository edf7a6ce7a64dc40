"""imp-migrate: find every use of the removed ``imp`` module and rewrite it to importlib.

``imp-migrate scan PATH...`` lists the uses, ``imp-migrate fix PATH...`` rewrites them. The
knowledge of each imp name is in ``_replacements``; imp-compat's runtime report prints the same
advice, but this package never imports imp-compat (installing it must not bring ``imp`` back).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
