"""Load and save of map files against plain ``json`` of the same file.

    .venv/bin/python tests/benchmarks/bench_io.py [--sizes 200,2000,10000] [--repeat N]

Targets: ``fileformat.load`` ≤ 3× ``json.loads(open(path, 'rb').read())``;
``fileformat.save`` ≤ 2× ``json.dumps(data, indent=2, ensure_ascii=False)`` written and
fsynced to a file in the same folder.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import _harness as h

from journeymap.core import fileformat
from journeymap.core.model import JourneyMap

LOAD_TARGET = 3.0
SAVE_TARGET = 2.0


def build_map(size: int, folder: Path, rows: list[h.Row]) -> tuple[JourneyMap, Path]:
    """Build the synthetic map of ``size`` cards, save it, note how long building took."""
    make_map = h.synthetic().make_map
    t0 = time.perf_counter_ns()
    doc = make_map(size, seed=1)
    built = time.perf_counter_ns() - t0
    path = folder / f"bench-{size}.journeymap"
    fileformat.save(doc, path, backup=False)
    rows.append(h.Row("synthetic.make_map", size, "", [built], target="< 3 s at 10k",
                      ok=built < 3e9 if size >= 10_000 else None,
                      note=f"{path.stat().st_size / 1e6:.1f} MB file"))
    return doc, path


def bench_load(size: int, path: Path, repeat: int) -> h.Row:
    def subject() -> object:
        return fileformat.load(path)

    def baseline() -> object:
        with open(path, "rb") as handle:
            return json.loads(handle.read())

    a, b, ratio = h.paired(subject, baseline, repeat)
    return h.Row("load", size, "fileformat.load vs json.loads", a, b, ratio,
                 f"≤ {LOAD_TARGET:g}× json", ratio <= LOAD_TARGET)


def bench_save(size: int, doc: JourneyMap, path: Path, repeat: int) -> list[h.Row]:
    with open(path, "rb") as handle:
        data = json.loads(handle.read())
    target = path.with_name(f"save-{size}.journeymap")
    plain = path.with_name(f"plain-{size}.json")
    fileformat.save(doc, target)  # the first save has no previous file to keep as .bak

    def subject() -> None:
        fileformat.save(doc, target)

    def baseline() -> None:
        text = json.dumps(data, indent=2, ensure_ascii=False)
        with open(plain, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())

    a, b, ratio = h.paired(subject, baseline, repeat)
    rows = [h.Row("save", size, "fileformat.save vs json.dumps+write+fsync", a, b, ratio,
                  f"≤ {SAVE_TARGET:g}× json", ratio <= SAVE_TARGET)]

    # Where the time goes: the bytes alone, without touching the disk (information only).
    a, b, ratio = h.paired(lambda: fileformat.dumps(doc),
                           lambda: json.dumps(data, indent=2, ensure_ascii=False), repeat)
    rows.append(h.Row("save", size, "  dumps vs json.dumps (no disk)", a, b, ratio, "info"))
    a, b, ratio = h.paired(lambda: fileformat.loads(path.read_bytes()),
                           lambda: json.loads(path.read_bytes()), repeat)
    rows.append(h.Row("load", size, "  loads vs json.loads (bytes in memory)", a, b, ratio, "info"))
    return rows


def run(sizes: list[int], repeat: int | None, folder: Path) -> list[h.Row]:
    rows: list[h.Row] = []
    for size in sizes:
        doc, path = build_map(size, folder, rows)
        n = repeat or h.default_repeat(size, 40, 12)
        rows.append(bench_load(size, path, n))
        rows.extend(bench_save(size, doc, path, n))
        print(f"  io: {size:,} done", file=sys.stderr, flush=True)
    return rows


def main() -> int:
    args = h.parser(__doc__.splitlines()[0]).parse_args()
    started = time.perf_counter()
    with h.folder(args.dir) as folder:
        rows = run(h.sizes_of(args.sizes), args.repeat, folder)
    return h.finish("load / save", rows, args, started)

if __name__ == "__main__":
    raise SystemExit(main())
