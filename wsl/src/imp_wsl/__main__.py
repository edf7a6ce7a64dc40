"""``python -m imp_wsl`` runs the same command line as the ``imp`` console script."""

from imp_wsl.cli import main

raise SystemExit(main())
