"""Run the command line with ``python -m cdskit``."""

from cdskit.cli import main

raise SystemExit(main())
