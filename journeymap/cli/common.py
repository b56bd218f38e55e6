"""What every command shares: the one-sentence failure and the plain text table."""

from __future__ import annotations

import sys


def fail(message: str) -> int:
    """Print ``journeymap: MESSAGE`` on stderr; exit code 1."""
    print(f"journeymap: {message}", file=sys.stderr)
    return 1


def table(header: list[str], rows: list[list[object]]) -> None:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print()
    for n, row in enumerate(cells):
        line = "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        print(line.rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


