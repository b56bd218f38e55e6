"""Bounds on what a workbook may cost, checked before and while it is read.

An .xlsx file is a zip of XML parts: a 1.5 KB file can declare a sheet of 16,384 × 1,048,576
cells, a merged range over all of them, or a part that unpacks to gigabytes. So:

- the zip's central directory is checked before anything is unpacked: each part's declared
  size (:data:`MAX_PART_BYTES`), all parts together (:data:`MAX_TOTAL_BYTES`), the compression
  ratio of a part (:data:`MAX_RATIO`) and the number of parts (:data:`MAX_PARTS`); Python's
  zip reader never unpacks more than a part declares (it fails the CRC instead);
- the sheet's declared dimension is not trusted: sheets are streamed row by row (openpyxl's
  read-only parser) and a row is as wide as its last cell holding a value;
- merged ranges are clamped to the rows that hold data, and a merged value is copied only
  into those rows;
- at most :data:`MAX_CELLS` cells (the width of each row read, plus every merged copy) are
  read from one workbook.

Each refusal is one sentence naming the file and the limit.
"""

from __future__ import annotations

import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from journeymap.interop.common import InteropError
from journeymap.interop.sheets.values import Cell, is_blank

#: Largest declared uncompressed size of one part of the zip (a sheet's XML, shared strings).
MAX_PART_BYTES = 256 * 2**20
#: Largest declared uncompressed size of all parts together.
MAX_TOTAL_BYTES = 512 * 2**20
#: Highest compression ratio of a part larger than :data:`_RATIO_FLOOR` (real sheets: 5–30).
MAX_RATIO = 200
_RATIO_FLOOR = 2**20
#: Most parts (files) in one workbook's zip.
MAX_PARTS = 10_000
#: Most cells read from one workbook (200,000 rows of 10 columns).
MAX_CELLS = 2_000_000

Rows = list[tuple[int, Sequence[Cell]]]
_Rows = list[tuple[int, list[Cell]]]


def check_archive(path: Path, source: str) -> None:
    """Refuse a zip whose central directory promises more than a workbook may unpack."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # openpyxl's own loading reports the broken file
    if len(parts) > MAX_PARTS:
        raise InteropError(
            f"{source} holds {len(parts):,} parts, more than the {MAX_PARTS:,} a workbook may hold"
        )
    total = 0
    for part in parts:
        size = part.file_size
        total += size
        if size > MAX_PART_BYTES:
            raise InteropError(
                f"{source}: {part.filename} unpacks to {_mb(size)}, more than the "
                f"{_mb(MAX_PART_BYTES)} one part of a workbook may hold"
            )
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(part.compress_size, 1):
            ratio = size // max(part.compress_size, 1)
            raise InteropError(
                f"{source}: {part.filename} is compressed {ratio:,} to 1, more than the "
                f"{MAX_RATIO} to 1 a workbook part may be"
            )
    if total > MAX_TOTAL_BYTES:
        raise InteropError(
            f"{source} unpacks to {_mb(total)}, more than the {_mb(MAX_TOTAL_BYTES)} "
            "a workbook may hold"
        )


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


class CellBudget:
    """The cells still allowed for one workbook; :meth:`spend` refuses past the cap."""

    def __init__(self, source: str, cap: int | None = None) -> None:
        self.source = source
        self.cap = MAX_CELLS if cap is None else cap
        self.left = self.cap

    def spend(self, cells: int, sheet: str) -> None:
        self.left -= cells
        if self.left < 0:
            raise InteropError(
                f"{self.source}: sheet {sheet} takes the workbook past {self.cap:,} cells, "
                "the most an import reads"
            )


def parsed_rows(sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """The rows of a read-only sheet as openpyxl's parser gives them, cells as dicts.

    Unlike ``iter_rows`` this never pads a row to the declared dimension nor yields the
    rows missing between two rows. The parser's merged ranges are in ``sheet`` afterwards
    as :func:`merged_ranges` reads them.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    with sheet._get_source() as src:
        parser = WorkSheetParser(
            src,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()
        sheet._journeymap_merged = parser.merged_cells


def merged_ranges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range seen by :func:`parsed_rows`."""
    from openpyxl.utils.cell import range_boundaries

    found = getattr(sheet, "_journeymap_merged", None)
    ranges: list[tuple[int, int, int, int]] = []
    for merged in getattr(found, "mergeCell", None) or ():
        try:
            bounds = range_boundaries(merged.ref)
        except (TypeError, ValueError):
            continue
        if None not in bounds:
            ranges.append(bounds)
    return ranges


def read_sheet(sheet: Any, budget: CellBudget) -> Rows:
    """Non-empty rows with their numbers; a cell merged over rows counts for each of them."""
    name = sheet.title
    rows: _Rows = []
    for number, parsed in parsed_rows(sheet):
        width = 0
        for cell in parsed:
            if cell["value"] is not None and cell["column"] > width:
                width = cell["column"]
        if not width:
            continue
        budget.spend(width, name)
        values: list[Cell] = [None] * width
        for cell in parsed:
            column = cell["column"]
            if column <= width:
                values[column - 1] = cell["value"]
        if not all(is_blank(v) for v in values):
            rows.append((number, values))
    rows.sort(key=lambda row: row[0])
    _fill_merged(rows, merged_ranges(sheet), budget, name)
    return cast(Rows, rows)


def _fill_merged(
    rows: _Rows, ranges: list[tuple[int, int, int, int]], budget: CellBudget, name: str
) -> None:
    """Copy each merged range's value down into the data rows it spans, and nowhere else."""
    if not rows or not ranges:
        return
    numbers = [number for number, _ in rows]
    for min_col, min_row, _max_col, max_row in ranges:
        top = bisect_left(numbers, min_row)
        if top == len(numbers) or numbers[top] != min_row:
            continue  # the top-left cell is in no data row: nothing to copy
        first = rows[top][1]
        value = first[min_col - 1] if min_col - 1 < len(first) else None
        if is_blank(value):
            continue
        end = bisect_right(numbers, max_row)  # clamped to the last data row
        if end - top > 1:
            budget.spend(end - top - 1, name)
        for index in range(top + 1, end):
            cells = rows[index][1]
            if min_col - 1 >= len(cells):
                budget.spend(min_col - len(cells), name)
                cells.extend([None] * (min_col - len(cells)))
            cells[min_col - 1] = value
