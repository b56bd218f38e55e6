"""The map as an Excel workbook: bold frozen headers, filters, sensible widths, wrapped text."""

from __future__ import annotations

import io
from typing import Any, Final

from journeymap.core.model import JourneyMap
from journeymap.interop.common import InteropError
from journeymap.interop.sheets.rows import (
    Row,
    channel_rows,
    improvement_rows,
    lane_rows,
    link_rows,
    map_rows,
    stage_rows,
    touchpoint_rows,
)
from journeymap.interop.sheets.values import Cell

#: Excel refuses longer cells.
MAX_CELL: Final = 32_767
#: Column widths (in characters) by header; others get 16.
WIDTHS: Final[dict[str, float]] = {
    "Stage": 20, "Lane": 20, "Slot": 6, "Title": 36, "Channel": 14, "Emotion": 9,
    "Colour": 10, "Description": 48, "Thoughts": 36, "Pain points": 36, "Opportunities": 36,
    "Owner": 18, "Metrics": 26, "Moment of truth": 10, "Votes": 7, "Links to": 30, "Id": 22,
    "Stage id": 14, "Lane id": 14, "Name": 24, "Phase": 10, "From": 22, "To": 22, "Kind": 12,
    "Label": 30, "Touchpoints": 30, "Problem": 40, "Action": 40, "Priority": 10, "Impact": 8,
    "Effort": 8, "Status": 12, "Due": 12, "KPI": 30, "Field": 20, "Value": 80,
}


def workbook_bytes(doc: JourneyMap) -> bytes:
    """The whole workbook, ready to be written to a file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    writer = _SheetWriter()
    sheets: list[tuple[str, list[Row] | None]] = [
        ("Touchpoints", touchpoint_rows(doc)),
        ("Stages", stage_rows(doc)),
        ("Lanes", lane_rows(doc)),
        ("Links", link_rows(doc)),
        ("Improvements", improvement_rows(doc)),
        ("Map", map_rows(doc)),
        ("Channels", channel_rows(doc)),
    ]
    for title, rows in sheets:
        if rows is not None:
            writer.write(workbook.create_sheet(title), title, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _SheetWriter:
    """Writes rows to write-only sheets, styling only the cells that need it."""

    def __init__(self) -> None:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Font

        self._illegal = ILLEGAL_CHARACTERS_RE
        self._bold = Font(bold=True)
        self._wrap = Alignment(wrap_text=True, vertical="top")

    def write(self, sheet: Any, title: str, rows: list[Row]) -> None:
        from openpyxl.utils import get_column_letter

        header = [str(h) for h in rows[0]]
        widths = [WIDTHS.get(h, 16) for h in header]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(header))
        sheet.auto_filter.ref = f"A1:{last}{max(len(rows), 2)}"
        sheet.append([self._cell(sheet, h, None, bold=True) for h in header])
        for number, row in enumerate(rows[1:], start=2):
            sheet.append(
                [self._cell(sheet, v, widths[i], place=(title, number, header[i]))
                 for i, v in enumerate(row)]
            )

    def _cell(
        self,
        sheet: Any,
        value: Cell,
        width: float | None,
        bold: bool = False,
        place: tuple[str, int, str] | None = None,
    ) -> Any:
        """A plain value, or a styled cell for headers, long text and text like a formula."""
        from openpyxl.cell import WriteOnlyCell

        if not isinstance(value, str):
            return value
        text: str = self._illegal.sub("", value)
        if len(text) > MAX_CELL and place is not None:
            sheet_title, number, column = place
            raise InteropError(
                f"sheet {sheet_title}, row {number}: the {column.lower()} text is longer than "
                f"the {MAX_CELL:,} characters an Excel cell holds"
            )
        long = width is not None and ("\n" in text or len(text) > width)
        if not (bold or long or text.startswith("=")):
            return text
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # text, even when it starts with "="
        if bold:
            cell.font = self._bold
        if long:
            cell.alignment = self._wrap
        return cell
