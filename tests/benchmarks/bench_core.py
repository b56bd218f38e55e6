"""All core benchmarks in one run: load/save, layout, commands.

    .venv/bin/python tests/benchmarks/bench_core.py [--sizes 200,2000,10000] [--repeat N]
        [--only io,layout,commands] [--per-cell K] [--json OUT] [--dir DIR]

Prints one table per part (median, min, max, the plain baseline, the ratio, the target and
PASS/FAIL) and exits 1 when a target is missed. See README.md beside this file.
"""

from __future__ import annotations

import platform
import sys
import time

import _harness as h
import bench_commands
import bench_io
import bench_layout

PARTS = ("io", "layout", "commands")


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.add_argument("--only", default=",".join(PARTS),
                   help="comma-separated parts to run: io, layout, commands (default: all)")
    bench_commands.add_per_cell(p)
    args = p.parse_args()
    parts = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        choices = ", ".join(PARTS)
        raise SystemExit(f"--only: unknown part {', '.join(unknown)}; choose from {choices}")
    sizes = h.sizes_of(args.sizes)
    started = time.perf_counter()
    print(f"Python {sys.version.split()[0]} on {platform.platform()}; sizes {sizes}; "
          f"repeat {args.repeat or 'auto'}")
    rows: list[h.Row] = []
    if "io" in parts:
        with h.folder(args.dir) as folder:
            io_rows = bench_io.run(sizes, args.repeat, folder)
        h.print_table("load / save", io_rows)
        rows += io_rows
    if "layout" in parts:
        layout_rows = bench_layout.run(sizes, args.repeat)
        h.print_table("layout", layout_rows)
        rows += layout_rows
    if "commands" in parts:
        command_rows = bench_commands.run(sizes, args.repeat, args.per_cell)
        h.print_table("commands (do / undo)", command_rows)
        rows += command_rows
    print(f"\nwhole run: {time.perf_counter() - started:.1f} s")
    if args.json:
        h.write_json(args.json, rows, args, started)
    return h.summary(rows)


if __name__ == "__main__":
    raise SystemExit(main())
