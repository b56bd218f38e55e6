"""A long table of text that splits across pages in linear time, its header repeated on
every part.

ReportLab's LongTable measures every remaining row again at each page break, so a list of
700 touchpoints costs hundreds of thousands of paragraph wraps. Here every cell is wrapped
once with the text kit (which also picks the fonts and escapes nothing, since no markup is
involved) and the parts of a split share those lines. It looks like the plan's other
tables: accent header, zebra rows, hairlines between rows.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, LongTable, Paragraph

from journeymap.core import appearance
from journeymap.export.document import colour
from journeymap.export.text import TextKit

#: A cell: its text (line breaks start new paragraphs; a paragraph starting with "• " gets
#: a hanging indent) and whether it is bold.
Cell = tuple[str, bool]

PAD_X, PAD_TOP, PAD_BOTTOM = 4.0, 3.2, 3.6
SIZE, LEADING = 7.6, 9.4  # the plan's table cells
ASCENT = 0.76 * SIZE
BULLET = "• "
ZEBRA = "#f7f9fa"
MAX_LINES = 40  # a row stays shorter than a page
CONTINUED = "continued"
CONTINUED_SIZE = 7.6


def _draw_continued(canvas: Any, kit: TextKit, caption: str, top: float) -> None:
    """"<caption>, continued" just above a table part that goes on from the page before
    (the part starts at the top of its frame, so the line sits in the page margin)."""
    canvas.saveState()
    canvas.setFillColor(colour(appearance.MUTED_INK))
    text = f"{caption}, {CONTINUED}" if caption else CONTINUED.capitalize()
    kit.draw(canvas, 0, top + 5, text, CONTINUED_SIZE, bold=True)
    canvas.restoreState()


class ContinuedTable(LongTable):
    """A LongTable whose parts after the first say "<caption>, continued" above them, so a
    row split over two pages never goes on unannounced."""

    jm_caption = ""
    jm_kit: TextKit | None = None
    jm_continued = False

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        for i, part in enumerate(parts):
            part.jm_caption, part.jm_kit = self.jm_caption, self.jm_kit
            part.jm_continued = self.jm_continued or i > 0
        return parts

    def draw(self) -> None:
        super().draw()
        if self.jm_continued and self.jm_kit is not None:
            _draw_continued(self.canv, self.jm_kit, self.jm_caption, self._height)


def continued_table(kit: TextKit, caption: str, rows: Sequence[Sequence[Any]],
                    widths: Sequence[float], **options: Any) -> ContinuedTable:
    """A :class:`ContinuedTable` of ``rows`` (the first holds the header) with columns at
    least as wide as their header's longest word."""
    table = ContinuedTable(rows, colWidths=header_row_widths(kit, rows, widths), **options)
    table.jm_caption, table.jm_kit = caption, kit
    return table


def header_widths(kit: TextKit, header: Sequence[str], widths: Sequence[float]) -> list[float]:
    """``widths`` widened where a column is narrower than the longest word of its header,
    the room taken from the columns with room to spare: headers wrap between words, never
    inside one. The total width stays the same."""
    need = [max((kit.width(word, SIZE, True) for word in name.split()), default=0.0)
            + 2 * PAD_X + 0.5 for name in header]
    out = [max(w, n) for w, n in zip(widths, need, strict=True)]
    deficit = sum(out) - sum(widths)
    if deficit <= 0:
        return out
    slack = [max(0.0, w - n) for w, n in zip(widths, need, strict=True)]
    room = sum(slack)
    if room <= 0:
        return list(widths)
    take = min(1.0, deficit / room)
    return [w - s * take if s > 0 else w for w, s in zip(out, slack, strict=True)]


def header_row_widths(kit: TextKit, rows: Sequence[Sequence[Any]],
                      widths: Sequence[float]) -> list[float]:
    """:func:`header_widths` for a ReportLab table whose first row holds the header
    paragraphs (the plan's ``head`` cells)."""
    names = [html.unescape(cell.text) if isinstance(cell, Paragraph) else ""
             for cell in rows[0]] if rows else []
    return header_widths(kit, names, widths) if len(names) == len(widths) else list(widths)


@dataclass(slots=True)
class _Row:
    cells: list[list[tuple[float, str]]]  # per cell: (indent, line) pairs
    height: float


class RowTable(Flowable):
    """Rows of text cells in fixed column widths; ``header`` repeats on every page part."""

    def __init__(self, kit: TextKit, accent: str, widths: Sequence[float],
                 header: Sequence[str], rows: Sequence[Sequence[Cell]],
                 caption: str = "") -> None:
        super().__init__()
        self.caption = caption
        self.continued = False  # this part goes on from the page before
        self.kit, self.accent = kit, accent
        self.widths = header_widths(kit, header, widths)
        self.header = list(header)
        self.head_lines = [kit.wrap(name, SIZE, w - 2 * PAD_X, bold=True)
                           for name, w in zip(self.header, self.widths, strict=True)]
        self.bold = [[bold for _, bold in row] for row in rows]
        self.laid = [self._lay(row) for row in rows]
        self.head_h = max(map(len, self.head_lines), default=1) * LEADING + PAD_TOP + PAD_BOTTOM
        self.first = 0  # this part's first row in the whole table (for the zebra)
        self.width = sum(self.widths)
        self.height = self.head_h + sum(r.height for r in self.laid)

    def _lay(self, row: Sequence[Cell]) -> _Row:
        kit, cells, tallest = self.kit, [], 1
        for (text, bold), w in zip(row, self.widths, strict=True):
            room = w - 2 * PAD_X
            lines: list[tuple[float, str]] = []
            for paragraph in text.split("\n"):
                indent = kit.width(BULLET, SIZE, bold) if paragraph.startswith(BULLET) else 0.0
                body = paragraph[len(BULLET):] if indent else paragraph
                for i, line in enumerate(kit.wrap(body, SIZE, room - indent, bold=bold)):
                    lines.append((indent, (BULLET if indent and i == 0 else "") + line))
            if len(lines) > MAX_LINES:
                lines = lines[: MAX_LINES - 1] + [(0.0, "…")]
            cells.append(lines)
            tallest = max(tallest, len(lines))
        return _Row(cells, tallest * LEADING + PAD_TOP + PAD_BOTTOM)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        used, count = self.head_h, 0
        for row in self.laid:
            if used + row.height > avail_height:
                break
            used += row.height
            count += 1
        if count == 0:
            return []  # not even one row fits: all of it on the next page
        if count == len(self.laid):
            return [self]
        return [self._part(0, count), self._part(count, len(self.laid))]

    def _part(self, start: int, end: int) -> RowTable:
        part = RowTable(self.kit, self.accent, self.widths, self.header, [], self.caption)
        part.bold, part.laid = self.bold[start:end], self.laid[start:end]
        part.first = self.first + start
        part.continued = self.continued or start > 0
        part.height = part.head_h + sum(r.height for r in part.laid)
        return part

    def draw(self) -> None:
        c, kit = self.canv, self.kit
        top = self.height
        c.saveState()
        c.setFillColor(colour(self.accent))
        c.rect(0, top - self.head_h, self.width, self.head_h, stroke=0, fill=1)
        c.setFillColor(colour("#ffffff"))
        x = 0.0
        for head, w in zip(self.head_lines, self.widths, strict=True):
            baseline = top - PAD_TOP - ASCENT - 1
            for name in head:
                kit.draw(c, x + PAD_X, baseline, name, SIZE, bold=True)
                baseline -= LEADING
            x += w
        y = top - self.head_h
        for i, row in enumerate(self.laid):
            if (self.first + i) % 2:
                c.setFillColor(colour(ZEBRA))
                c.rect(0, y - row.height, self.width, row.height, stroke=0, fill=1)
            y -= row.height
        c.setStrokeColor(colour(appearance.GRID_LINE))
        c.setLineWidth(0.4)
        y = top - self.head_h
        for row in self.laid:
            y -= row.height
            c.line(0, y, self.width, y)
        text = c.beginText()
        text.setFillColor(colour(appearance.INK))
        y = top - self.head_h
        for row, bolds in zip(self.laid, self.bold, strict=True):
            x = 0.0
            for lines, bold, w in zip(row.cells, bolds, self.widths, strict=True):
                baseline = y - PAD_TOP - ASCENT - 1
                for indent, line in lines:
                    shift = 0.0 if line.startswith(BULLET) else indent
                    kit.draw_into(text, x + PAD_X + shift, baseline, line, SIZE, bold=bold)
                    baseline -= LEADING
                x += w
            y -= row.height
        c.drawText(text)
        c.restoreState()
        if self.continued:
            _draw_continued(c, kit, self.caption, top)
