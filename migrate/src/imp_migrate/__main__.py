"""``python -m imp_migrate``: the same as the ``imp-migrate`` command."""

from __future__ import annotations

import sys

from imp_migrate._cli import main

if __name__ == "__main__":
    sys.exit(main())
