"""imp-migrate: find every use of the removed ``imp`` module and rewrite it to importlib.

``imp-migrate scan PATH...`` lists the uses, ``imp-migrate fix PATH...`` rewrites them. The
knowledge of each imp name comes from ``imp_compat._replacements``, shared with imp-compat's
runtime report.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
