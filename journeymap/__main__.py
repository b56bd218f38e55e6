"""``python -m journeymap``."""

from journeymap.cli import main

raise SystemExit(main())
