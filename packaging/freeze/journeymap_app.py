"""Entry point of the frozen application: the ``journeymap`` command line, which opens the
editor when given no command (or just a map file)."""

from __future__ import annotations

import sys

from journeymap.cli import main

if __name__ == "__main__":
    sys.exit(main())
