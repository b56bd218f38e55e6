"""Importing a workshop sheet (CSV and Excel) against reading the same file with the plain library.

    .venv/bin/python tests/benchmarks/bench_sheets.py [--sizes 2000,10000] [--repeat N]

Sizes are data rows (one touchpoint each). The CSV baseline is ``list(csv.reader(…))`` of the
decoded file; the Excel baseline is ``openpyxl.load_workbook(read_only=True)`` and every row's
values. Both imports build the whole map (stages, lanes, channels, emotions, pain points) and
check every cell, so the ratio says what the import adds over reading the cells. Targets:
CSV ≤ 60× the csv module (which is C: about a third of the import is the document checking
each new record, another third parsing the cells' emotions, channels and metrics), Excel ≤ 4×
openpyxl read-only (the import loads the workbook fully, for its merged cells).
"""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

import _harness as h

from journeymap.interop.sheets import read_csv, read_xlsx

CSV_TARGET = 60.0
XLSX_TARGET = 4.0
HEADER = ["Phase", "Swimlane", "Touchpoint", "Channel", "Feeling", "Pain points", "Owner",
          "KPIs"]
_STAGES = ["Discover", "Compare", "Buy", "Receive", "Use", "Get help", "Renew", "Leave"]
_LANES = ["Customer", "Front office", "Back office", "Systems", "Partners"]
_CHANNELS = ["Website", "App", "Phone", "Store", "E-mail", "Instagram"]
_FEELINGS = ["😀", "happy", "ok", "frustrated", "angry", "4", "2"]


def rows(size: int) -> list[list[object]]:
    out: list[list[object]] = [HEADER]
    for i in range(size):
        out.append([
            _STAGES[i * len(_STAGES) // size], _LANES[i % len(_LANES)], f"Step {i}: does thing",
            _CHANNELS[i % len(_CHANNELS)], _FEELINGS[i % len(_FEELINGS)],
            "Slow\nConfusing" if i % 3 == 0 else "", f"Team {i % 7}", f"csat={i % 5}.5",
        ])
    return out


def write_files(size: int, folder: Path) -> tuple[Path, Path]:
    import openpyxl

    table = rows(size)
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(table)
    csv_path = folder / f"sheet-{size}.csv"
    csv_path.write_bytes(text.getvalue().encode("utf-8"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Workshop"
    for row in table:
        sheet.append(row)
    xlsx_path = folder / f"sheet-{size}.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def bench(size: int, folder: Path, repeat: int) -> list[h.Row]:
    import openpyxl

    csv_path, xlsx_path = write_files(size, folder)
    expected = size

    def csv_import() -> None:
        assert read_csv(csv_path).doc.touchpoint_count == expected

    def csv_plain() -> None:
        with open(csv_path, newline="", encoding="utf-8") as handle:
            list(csv.reader(handle))

    def xlsx_import() -> None:
        assert read_xlsx(xlsx_path).doc.touchpoint_count == expected

    def xlsx_plain() -> None:
        book = openpyxl.load_workbook(xlsx_path, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                for _ in sheet.iter_rows(values_only=True):
                    pass
        finally:
            book.close()

    a, b, ratio = h.paired(csv_import, csv_plain, repeat, warmup=1)
    out = [h.Row("csv", size, "read_csv vs csv.reader", a, b, ratio, f"≤ {CSV_TARGET:g}× csv",
                 ratio <= CSV_TARGET, note=f"{csv_path.stat().st_size / 1e6:.1f} MB")]
    a, b, ratio = h.paired(xlsx_import, xlsx_plain, max(3, repeat // 2), warmup=1)
    out.append(h.Row("xlsx", size, "read_xlsx vs openpyxl read-only", a, b, ratio,
                     f"≤ {XLSX_TARGET:g}× openpyxl", ratio <= XLSX_TARGET,
                     note=f"{xlsx_path.stat().st_size / 1e6:.1f} MB"))
    return out


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.set_defaults(sizes="2000,10000")
    args = p.parse_args()
    started = time.perf_counter()
    results: list[h.Row] = []
    with h.folder(args.dir) as folder:
        for size in h.sizes_of(args.sizes):
            results.extend(bench(size, folder, args.repeat or h.default_repeat(size, 10, 5)))
            print(f"  sheets: {size:,} done", file=sys.stderr, flush=True)
    return h.finish("sheet import", results, args, started)


if __name__ == "__main__":
    raise SystemExit(main())
