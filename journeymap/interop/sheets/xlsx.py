"""Excel (.xlsx) import and export with openpyxl, which is imported only when used.

Export writes the sheets Touchpoints, Stages, Lanes, Links, Improvements and Map (and
Channels for a map with its own palette); importing that workbook rebuilds the same map.
Import of a workshop workbook takes the Touchpoints sheet, or else the first sheet with a
recognisable header; merged cells count for every row they span, formulas give their saved
values, and empty rows are skipped.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journeymap.core.collector import collector_paused
from journeymap.core.model import JourneyMap
from journeymap.core.outputs import InputRefused, check_input
from journeymap.core.storage import write_atomic
from journeymap.interop.common import ImportResult, InteropError
from journeymap.interop.sheets.build import MapBuilder
from journeymap.interop.sheets.columns import (
    CHANNEL_COLUMNS,
    HEADER_SCAN,
    IMPROVEMENT_COLUMNS,
    LANE_COLUMNS,
    LINK_COLUMNS,
    MAP_COLUMNS,
    STAGE_COLUMNS,
    Table,
    find_header,
    header_key,
    synonyms,
)
from journeymap.interop.sheets.grid import (
    SCAN_ROWS,
    Grid,
    column_letter,
    detect,
    prefer_grid,
    read_grid,
    refusal,
)
from journeymap.interop.sheets.mapping import NO_MAPPING, HeaderTable, Mapping
from journeymap.interop.sheets.values import Cell, is_blank
from journeymap.interop.sheets.workbook import (
    read_axis,
    read_channels,
    read_improvements,
    read_links,
    read_map,
)
from journeymap.interop.sheets.xlsxlimits import (
    CellBudget,
    check_archive,
    parsed_rows,
    read_sheet,
)
from journeymap.interop.sheets.xlsxwrite import workbook_bytes

#: Largest workbook read; a zip file this size can hold far more than any journey map.
MAX_BYTES = 50 * 1024 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
#: The workbook's own sheets besides Touchpoints, as :func:`header_key` folds their names.
_SHEETS = {
    "map": (MAP_COLUMNS, "field"),
    "channel": (CHANNEL_COLUMNS, "name"),
    "stage": (STAGE_COLUMNS, "name"),
    "lane": (LANE_COLUMNS, "name"),
    "link": (LINK_COLUMNS, "source"),
    "improvement": (IMPROVEMENT_COLUMNS, "title"),
}


def write_xlsx(doc: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write the map as a workbook; replaces ``path`` atomically."""
    write_atomic(Path(path), workbook_bytes(doc), backup=False)


def read_xlsx(path: str | os.PathLike[str], mapping: Mapping = NO_MAPPING) -> ImportResult:
    """Import a workbook: our own export exactly, a workshop sheet or grid as well as it can."""
    with collector_paused():
        return _read_xlsx(path, mapping)


def _read_xlsx(path: str | os.PathLike[str], mapping: Mapping) -> ImportResult:
    p = Path(path)
    source = f'"{p.name}"'
    _check_signature(p, source)
    check_archive(p, source)
    workbook = _load(p, source, data_only=True, read_only=True)
    workbook._journeymap_rows = _SheetRows(source)
    try:
        sheets = {}
        for sheet in reversed(workbook.worksheets):
            sheets[header_key(sheet.title)] = sheet
        headers = mapping.table()
        grid = _grid_sheet(_candidates(workbook, sheets), mapping, headers)
        if grid is not None:
            name, rows, layout = grid
            return read_grid(rows, p.stem, mapping, layout, [], name).finish(source)
        table, sheet = _touchpoint_table(workbook, sheets, headers)
        builder = MapBuilder(table.title_above() or p.stem, headers)
        builder.warnings.extend(_formulas_without_value(p, sheet.title, table))
        extra = {
            key: found
            for key, (columns, required) in _SHEETS.items()
            if key in sheets and sheets[key] is not sheet
            if (found := _table(sheets[key], synonyms(columns), required)) is not None
        }
        if "map" in extra:
            read_map(builder, extra["map"])
        if "channel" in extra:
            read_channels(builder, extra["channel"])
        for kind in ("stage", "lane"):
            if kind in extra:
                read_axis(builder, extra[kind], kind)
        builder.read_touchpoints(table)
        if "link" in extra:
            builder.discard_link_column()
            read_links(builder, extra["link"])
        else:
            builder.read_link_column()
        if "improvement" in extra:
            read_improvements(builder, extra["improvement"])
        return builder.finish(source)
    finally:
        workbook.close()


def _check_signature(path: Path, source: str) -> None:
    """One sentence for a file that is not an .xlsx workbook at all."""
    try:
        check_input(path)
    except InputRefused as err:
        raise InteropError(str(err)) from None
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise InteropError(f'cannot read "{path}": {err.strerror or err}') from None
    if size > MAX_BYTES:
        raise InteropError(f"{source} is larger than {MAX_BYTES // 2**20} MB")
    if head.startswith(_OLE):
        raise InteropError(
            f"{source} is password-protected or an old .xls workbook; "
            "save it in Excel as an .xlsx workbook without a password"
        )
    if not head.startswith(b"PK"):
        raise InteropError(f"{source} is not an Excel .xlsx workbook")


def _load(path: Path, source: str, data_only: bool, read_only: bool = False) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing styles …
            return load_workbook(
                path, read_only=read_only, data_only=data_only, keep_links=False
            )
    except Exception as err:  # openpyxl raises many kinds for a broken or foreign zip
        reason = str(err).strip().rstrip(".") or type(err).__name__
        raise InteropError(f"{source} is not a readable Excel workbook ({reason})") from None


def _candidates(workbook: Any, sheets: dict[str, Any]) -> list[Any]:
    """The Touchpoints sheet first, then every sheet that is not one of the workbook's own."""
    preferred = sheets.get("touchpoint")
    candidates = [preferred] if preferred is not None else []
    return candidates + [
        s for s in workbook.worksheets if s is not preferred and header_key(s.title) not in _SHEETS
    ]


def _grid_sheet(
    candidates: list[Any], mapping: Mapping, headers: HeaderTable
) -> tuple[str, list[tuple[int, Sequence[Cell]]], Grid] | None:
    """The first sheet laid out as a stage-across grid, its rows and layout."""
    for sheet in candidates:
        head = _rows(sheet, SCAN_ROWS)
        grid = detect(head, mapping)
        if grid is not None and prefer_grid(grid, find_header(head, headers, "title")):
            return f"sheet {sheet.title}", _rows(sheet), grid
    return None


def _touchpoint_table(
    workbook: Any, sheets: dict[str, Any], headers: HeaderTable
) -> tuple[Table, Any]:
    """The Touchpoints sheet, or else the first other sheet with a recognisable header."""
    candidates = _candidates(workbook, sheets)
    for sheet in candidates:
        if find_header(_rows(sheet, HEADER_SCAN), headers, "title") is None:
            continue
        table = _table(sheet, headers, "title")
        if table is not None:
            return table, sheet
    first = candidates[0] if candidates else workbook.worksheets[0]
    raise refusal(_rows(first, HEADER_SCAN), first.title, headers)


def _table(sheet: Any, headers: dict[str, str], required: str) -> Table | None:
    return find_header(_rows(sheet), headers, required, name=f"sheet {sheet.title}")


class _SheetRows:
    """Each sheet's rows, read once (streamed, within the workbook's cell budget)."""

    def __init__(self, source: str) -> None:
        self.budget = CellBudget(source)
        self.read: dict[str, list[tuple[int, Sequence[Cell]]]] = {}

    def of(self, sheet: Any) -> list[tuple[int, Sequence[Cell]]]:
        if sheet.title not in self.read:
            try:
                self.read[sheet.title] = read_sheet(sheet, self.budget)
            except InteropError:
                raise
            except Exception as err:  # a broken part found while streaming it
                reason = str(err).strip().rstrip(".") or type(err).__name__
                raise InteropError(
                    f"{self.budget.source}: sheet {sheet.title} is not readable ({reason})"
                ) from None
        return self.read[sheet.title]


def _rows(sheet: Any, limit: int | None = None) -> list[tuple[int, Sequence[Cell]]]:
    """Non-empty rows with their numbers (up to row ``limit``); merged cells fill each row."""
    reader: _SheetRows = sheet.parent._journeymap_rows
    rows = reader.of(sheet)
    if limit is None:
        return rows
    return rows[: bisect_right([number for number, _ in rows], limit)]


def _formulas_without_value(path: Path, title: str, table: Table) -> list[str]:
    """Warnings for formula cells of the table that have no saved value (read as empty)."""
    if not _has_formulas(path):
        return []
    values = dict(table.rows)
    used = {i for indexes in table.columns.values() for i in indexes}
    found: list[str] = []
    workbook = _load(path, f'"{path.name}"', data_only=False, read_only=True)
    try:
        for number, parsed in parsed_rows(workbook[title]):
            if number <= table.header_row:
                continue
            for cell in parsed:
                index = cell["column"] - 1
                if cell["data_type"] != "f" or index not in used:
                    continue
                cells = values.get(number, ())
                if index >= len(cells) or is_blank(cells[index]):
                    found.append(
                        f"{table.place(number)}: cell {column_letter(index)}{number} holds a "
                        "formula without a saved value (save the file in Excel first); read as "
                        "empty"
                    )
    finally:
        workbook.close()
    return found


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the zip holds a formula; cheap next to loading it again."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(
                _FORMULA.search(archive.read(name))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
