"""``layout.compute`` on large maps.

    .venv/bin/python tests/benchmarks/bench_layout.py [--sizes 200,2000,10000] [--repeat N]

Target: ≤ 50 ms at 2,000 touchpoints (the canvas relayouts after every edit). The other
sizes are shown against the time per card at 2,000, to see that it scales linearly. The
yardstick column is one pass over the document's cells (``doc.cells()``), the least any
layout must do.
"""

from __future__ import annotations

import sys
import time

import _harness as h

from journeymap.core import layout

TARGET_MS = 50.0
TARGET_SIZE = 2_000


def run(sizes: list[int], repeat: int | None) -> list[h.Row]:
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    for size in sizes:
        doc = make_map(size, seed=1)
        n = repeat or h.default_repeat(size, 60, 15)
        a, b, ratio = h.paired(lambda doc=doc: layout.compute(doc), doc.cells, n)
        row = h.Row("layout.compute", size, "vs doc.cells()", a, b, ratio)
        if size == TARGET_SIZE:
            row.target = f"≤ {TARGET_MS:g} ms"
            row.ok = row.median <= TARGET_MS * 1e6
        else:
            row.target = f"≤ {TARGET_MS:g} ms × {size:,}/{TARGET_SIZE:,}"
            row.ok = row.median <= TARGET_MS * 1e6 * max(1.0, size / TARGET_SIZE)
        row.note = f"{row.median / size / 1e3:.2f} µs/card"
        rows.append(row)
        print(f"  layout: {size:,} done", file=sys.stderr, flush=True)
    return rows


def main() -> int:
    args = h.parser(__doc__.splitlines()[0]).parse_args()
    started = time.perf_counter()
    rows = run(h.sizes_of(args.sizes), args.repeat)
    return h.finish("layout", rows, args, started)

if __name__ == "__main__":
    raise SystemExit(main())
