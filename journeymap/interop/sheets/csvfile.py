"""CSV import and export of the touchpoint table.

Export writes UTF-8 with a byte order mark and ``\\r\\n`` line ends (what Excel opens
correctly), one row per touchpoint in stage, lane and slot order, and puts an apostrophe
before any cell that a spreadsheet would run as a formula. Import undoes that apostrophe,
guesses the delimiter and the encoding, and finds the header among the first rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from journeymap.core.collector import collector_paused
from journeymap.core.model import JourneyMap
from journeymap.core.storage import write_atomic
from journeymap.core.validation import quote
from journeymap.interop.common import ImportResult, InteropError, read_limited
from journeymap.interop.sheets.build import MapBuilder
from journeymap.interop.sheets.columns import find_header
from journeymap.interop.sheets.grid import detect, prefer_grid, read_grid, refusal
from journeymap.interop.sheets.mapping import NO_MAPPING, Mapping
from journeymap.interop.sheets.rows import touchpoint_rows
from journeymap.interop.sheets.values import Cell, guard, unguard

#: Largest CSV file read (the same bound as a map file).
MAX_BYTES = 50 * 1024 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_ROWS = 20


def write_csv(doc: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write one row per touchpoint; replaces ``path`` atomically."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in touchpoint_rows(doc, by_position=True):
        writer.writerow(["" if v is None else guard(v) if isinstance(v, str) else v for v in row])
    data = buffer.getvalue().encode("utf-8-sig", "replace")
    write_atomic(Path(path), data, backup=False)


def read_csv(path: str | os.PathLike[str], mapping: Mapping = NO_MAPPING) -> ImportResult:
    """Import a touchpoint table or a stage-across grid from CSV; bad rows reported by number."""
    return parse_csv(read_limited(path, MAX_BYTES), Path(path).stem, mapping)


def parse_csv(data: bytes, title: str, mapping: Mapping = NO_MAPPING) -> ImportResult:
    """Import from the bytes of a CSV file; ``title`` names the map and the messages."""
    with collector_paused():
        return _parse_csv(data, title, mapping)


def _parse_csv(data: bytes, title: str, mapping: Mapping) -> ImportResult:
    source = f'"{title}"'
    if len(data) > MAX_BYTES:
        raise InteropError(f"{source} is larger than {MAX_BYTES // 2**20} MB")
    if data.startswith(b"PK\x03\x04"):
        raise InteropError(f"{source} is an Excel workbook or another zip file, not CSV")
    warnings: list[str] = []
    text = _decode(data, warnings)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        warnings.append(f"line {line}: the file holds NUL characters; they were removed")
        text = text.replace("\x00", "")
    if not text or text.isspace():  # (not text.strip(): no copy of a large file)
        raise InteropError(f"{source} is empty")
    rows = _rows(text, _delimiter(text), warnings)
    del text  # up to 4 bytes a character: let it go before the map is built
    headers = mapping.table()
    table = find_header(rows, headers, "title")
    grid = detect(rows, mapping)
    if grid is not None and prefer_grid(grid, table):
        return read_grid(rows, title, mapping, grid, warnings).finish(source)
    if table is None:
        raise refusal(rows, headers=headers)
    builder = MapBuilder(table.title_above() or title, headers)
    builder.warnings.extend(warnings)
    builder.read_touchpoints(table)
    builder.read_link_column()
    return builder.finish(source)


def _decode(data: bytes, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 with a warning."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        warnings.append(
            f"line {line}: the file is not UTF-8; it was read as Windows-1252 "
            "(check accented letters)"
        )
        return data.decode("cp1252", "replace")


def _delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most, and most equal, fields."""
    sample = text[:65536]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts: list[int] = []
        with _field_limit():
            try:
                for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                    if any(cell.strip() for cell in row):
                        counts.append(len(row))
                    if len(counts) >= _SNIFF_ROWS:
                        break
            except csv.Error:
                continue
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@contextmanager
def _field_limit() -> Iterator[None]:
    """Allow fields as long as the whole file (the csv module stops at 128 KiB)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, MAX_BYTES))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _rows(text: str, delimiter: str, warnings: list[str]) -> list[tuple[int, Sequence[Cell]]]:
    """Non-empty rows with their spreadsheet row numbers; a broken rest is reported, not read.

    A quoted cell that is never closed reads the rest of the file into itself, and a quote
    left open that a later stray quote closes swallows the rows between them: both are
    reported (a cell holding a line split into as many fields as its row is taken for
    swallowed rows).
    """
    rows: list[tuple[int, Sequence[Cell]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    start = last = 0  # lines read before the current row, and before the one before it
    # One object per distinct cell text: rows repeat their stages, lanes, channels, owners.
    seen: dict[str, str] = {}
    share = seen.setdefault
    with _field_limit():
        try:
            for row in reader:
                number += 1
                if reader.line_num - start > 1:
                    _swallowed(row, number, start + 1, delimiter, warnings)
                joined = "".join(row)
                if joined.strip():  # not a row of blanks
                    cells = list(map(share, row, row))
                    # a cell can start with the apostrophe guard only if the row holds one
                    rows.append((number, [unguard(c) for c in cells] if "'" in joined else cells))
                last, start = start, reader.line_num
        except csv.Error as err:
            warnings.append(f"line {reader.line_num}: {err}; the rest of the file is not read")
            return rows
    if number:
        offset = sum(map(len, itertools.islice(io.StringIO(text, newline=""), last)))
        if _open_at_end(text[offset:], delimiter):
            if warnings and warnings[-1].startswith(f"row {number} (line "):
                warnings.pop()  # the same open quote, said better below
            warnings.append(
                f"row {number}: a quoted cell is never closed; the rest of the file "
                f"(lines {last + 1}–{reader.line_num}) was read into it"
            )
    return rows


def _swallowed(row: list[str], number: int, line: int, delimiter: str, warnings: list[str]) -> None:
    """Warn when a cell spanning lines holds a line that reads as a whole row of its own."""
    width = max(2, len(row))
    for cell in row:
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.splitlines()[1:]
        looks = [part for part in inner if len(part.split(delimiter)) >= width]
        if looks:
            shown = quote(looks[0], 40)
            warnings.append(
                f"row {number} (line {line}): a quoted cell runs over {len(inner) + 1} lines and "
                f"holds {shown}, which looks like a row of its own; a closing quote may be "
                "missing"
            )
            return


def _open_at_end(tail: str, delimiter: str) -> bool:
    """Whether the last record of the file ends inside a quoted cell."""
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as err:
        return "unexpected end of data" in str(err)
    return False
