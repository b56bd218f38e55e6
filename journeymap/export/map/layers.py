"""The layered map (``--layers``): under the emotion band, per stage column, the rows
consultants read a journey by: Doing, Thinking, Feeling, Pain points, Opportunities.

Doing lists the cards' titles, Thinking their ``thoughts``, Feeling the mean emotion of
each stage as a face on a curve across the stages, Pain points and Opportunities the
cards' lists; each item once per stage (with the numbers of the cards it comes from),
at most :data:`MAX_ITEMS` a cell and two lines an item, then "… and N more": the full
texts are in the annotations, which the numbers link to.

The rows are part of the map's geometry (:class:`LayeredLayout`): fit and poster scale
them with the map, tiles cut between them and each tile shows the rows of its stages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Final

from journeymap.core import appearance
from journeymap.core.entities import Touchpoint
from journeymap.core.layout import Layout, Rect
from journeymap.core.model import JourneyMap
from journeymap.export.figures import reading_order, stage_figures, touchpoint_numbers
from journeymap.export.map.linkindex import hits
from journeymap.export.text import TextKit, clean, rtl_base

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from journeymap.export.document import Job
    from journeymap.export.map.draw import MapPainter

#: Row keys as tiles name them (a tile's ``lanes``), and the row headers.
ROWS: Final[tuple[tuple[str, str, str], ...]] = (
    ("layer:doing", "Doing", "what the customer does"),
    ("layer:thinking", "Thinking", "what they think and ask"),
    ("layer:feeling", "Feeling", "mean emotion of the stage"),
    ("layer:pains", "Pain points", "what gets in the way"),
    ("layer:opportunities", "Opportunities", "what could be better"),
)
ROW_NAMES: Final[dict[str, str]] = {key: name for key, name, _ in ROWS}
#: What each row holds, for the legend page.
ROW_SOURCES: Final[dict[str, str]] = {
    "layer:doing": "the titles of the stage's cards",
    "layer:thinking": "what the customer thinks and asks at the stage's cards (their "
                      "thoughts), in quotes",
    "layer:feeling": "the mean emotion of the stage's rated cards, as a face on a curve "
                     "across the stages, with its value",
    "layer:pains": "the pain points of the stage's cards",
    "layer:opportunities": "the opportunities of the stage's cards",
}

TEXT: Final = 10.0  # layout units: at the smallest print scale still 6.7 pt
LINE: Final = 12.5
PAD: Final = 9.0
GAP: Final = 14.0  # between the emotion band and the first row
MAX_ITEMS: Final = 5  # items a cell shows; past that, "… and N more"
ITEM_LINES: Final = 2
MIN_ROW: Final = 64.0  # a row is at least as tall as its header needs
FEELING_H: Final = 132.0
FACE: Final = 10.0
QUOTES: Final = "\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb\u300c"


@dataclass(frozen=True, slots=True)
class Item:
    numbers: tuple[int, ...]  # the cards it comes from, in reading order
    lines: tuple[str, ...]  # wrapped (and cut with "…" past ITEM_LINES)


@dataclass(frozen=True, slots=True)
class Cell:
    items: tuple[Item, ...] = ()
    more: int = 0  # items left out

    @property
    def lines(self) -> int:
        return sum(len(i.lines) for i in self.items) + (1 if self.more else 0)


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    name: str
    note: str
    y: float
    h: float
    cells: dict[str, Cell] = field(default_factory=dict)  # stage id → cell (not Feeling)


@dataclass(slots=True)
class LayeredLayout(Layout):
    """A map layout with the layer rows between the emotion band and the legend."""

    layer_rows: tuple[Row, ...] = ()
    feeling: dict[str, float | None] = field(default_factory=dict)  # stage → mean emotion

    def layer_pieces(self) -> list[tuple[float, float, str]]:
        """(top, bottom, key) of each row, the gap above the first row included: the
        pieces a tiled print cuts between."""
        out = []
        for i, row in enumerate(self.layer_rows):
            top = row.y - GAP if i == 0 else row.y
            out.append((top, row.y + row.h, row.key))
        return out


def _key(text: str) -> str:
    """What makes two items the same: their words, case folded."""
    return " ".join(text.split()).casefold()


def _cell(kit: TextKit, entries: Sequence[tuple[int, str]], width: float) -> Cell:
    """The items of one cell from (card number, text) in reading order, each text once."""
    merged: dict[str, tuple[list[int], str]] = {}
    for number, text in entries:
        text = clean(text, single_line=True)
        if not text:
            continue
        found = merged.setdefault(_key(text), ([], text))
        if number not in found[0]:
            found[0].append(number)
    groups = list(merged.values())
    shown = groups if len(groups) <= MAX_ITEMS else groups[: MAX_ITEMS - 1]
    items = []
    for numbers, text in shown:
        room = width - _numbers_w(kit, tuple(numbers))
        lines = kit.wrap(text, TEXT, max(room, 20.0), max_lines=ITEM_LINES)
        items.append(Item(tuple(numbers), tuple(lines)))
    return Cell(tuple(items), len(groups) - len(shown))


def numbers_text(numbers: tuple[int, ...]) -> str:
    """The card numbers an item starts with: up to three, then "…"."""
    shown = ", ".join(str(n) for n in numbers[:3])
    return shown + ("…" if len(numbers) > 3 else "")


def _numbers_w(kit: TextKit, numbers: tuple[int, ...]) -> float:
    return kit.width(numbers_text(numbers), TEXT, bold=True) + 6


def layered(lay: Layout, doc: JourneyMap, kit: TextKit) -> LayeredLayout:
    """``lay`` with the layer rows of ``doc`` under its emotion band (the legend moves
    down below them)."""
    numbers = touchpoint_numbers(doc)
    per_stage: dict[str, list[tuple[int, Touchpoint]]] = {s.id: [] for s in doc.stages}
    for tp in reading_order(doc):
        per_stage[tp.stage].append((numbers[tp.id], tp))
    top = lay.emotion_band.bottom + GAP
    rows: list[Row] = []
    for key, name, note in ROWS:
        if key == "layer:feeling":
            rows.append(Row(key, name, note, top, FEELING_H))
            top += FEELING_H
            continue
        cells: dict[str, Cell] = {}
        for stage in doc.stages:
            width = lay.stage_columns[stage.id].w - 2 * PAD
            entries: list[tuple[int, str]] = []
            for number, tp in per_stage[stage.id]:
                entries += [(number, t) for t in _texts(key, tp)]
            cells[stage.id] = _cell(kit, entries, width)
        lines = max((c.lines for c in cells.values()), default=0)
        gaps = max((len(c.items) - 1 for c in cells.values() if c.items), default=0)
        h = max(MIN_ROW, 2 * PAD + lines * LINE + gaps * 3 + 2)
        rows.append(Row(key, name, note, top, h, cells))
        top += h
    extra = top - lay.emotion_band.bottom
    values = {f.name: getattr(lay, f.name) for f in fields(lay)}
    legend = lay.legend_area
    values["legend_area"] = Rect(legend.x, legend.y + extra, legend.w, legend.h)
    b = lay.bounds
    values["bounds"] = Rect(b.x, b.y, b.w, b.h + extra)
    means = {f.stage_id: f.mean_emotion for f in stage_figures(doc)}
    return LayeredLayout(**values, layer_rows=tuple(rows), feeling=means)


def _texts(key: str, tp: Touchpoint) -> list[str]:
    """What a card gives to the row ``key``."""
    if key == "layer:doing":
        return [tp.title]
    if key == "layer:thinking":
        thoughts = clean(tp.thoughts, single_line=True)
        if not thoughts:
            return []
        quoted = rtl_base(thoughts) or thoughts[0] in QUOTES
        return [thoughts if quoted else f"\u201c{thoughts}\u201d"]
    if key == "layer:pains":
        return list(tp.pain_points)
    return list(tp.opportunities)


# ---------------------------------------------------------------------- drawing
def draw_layers(p: MapPainter, region: Rect | None, detail: bool) -> None:
    """The layer rows (those that meet ``region``) with their headers on the left."""
    lay = p.layout
    if not isinstance(lay, LayeredLayout) or not lay.layer_rows:
        return
    s = lay.style
    left = lay.emotion_band.x
    right = lay.emotion_band.right
    columns = [lay.stage_columns[st.id] for st in p.doc.stages]
    for i, row in enumerate(lay.layer_rows):
        band = Rect(left, row.y, right - left, row.h)
        if hits(band, region):
            p._fill("#ffffff" if i % 2 == 0 else "#f7f9fa")
            p._rect(band.x, band.y, band.w, band.h)
            p._stroke(appearance.GRID_LINE, 1)
            for col in columns[1:]:
                if region is None or region.x - 2 <= col.x <= region.right + 2:
                    p._line(col.x, row.y, col.x, row.y + row.h)
            p._rect(band.x, band.y, band.w, band.h, fill=False, stroke=True)
            if row.key == "layer:feeling":
                _feeling(p, lay, row, region, detail)
            elif detail:
                for stage in p.doc.stages:
                    col = lay.stage_columns[stage.id]
                    if hits(Rect(col.x, row.y, col.w, row.h), region):
                        _draw_cell(p, row.cells[stage.id], col.x + PAD, row.y + PAD,
                                   col.w - 2 * PAD)
        header = Rect(s.margin, row.y, s.lane_header_w, row.h)
        if hits(header, region):
            _header(p, header, row, detail)


def _header(p: MapPainter, rect: Rect, row: Row, detail: bool) -> None:
    x, y, w, h = p._row_plate(rect, p.accent)
    if not detail:
        return
    p._fill(appearance.INK)
    name = p.kit.elide(row.name, 13, w - 22, bold=True)
    p._text(x + 14, y + 10 + p.asc * 13, name, 13, bold=True)
    if h >= 48:
        p._fill(appearance.MUTED_INK)
        p._text(x + 14, y + 29 + p.asc * TEXT, p.kit.elide(row.note, TEXT, w - 22), TEXT)


def _draw_cell(p: MapPainter, cell: Cell, x: float, y: float, w: float) -> None:
    kit = p.kit
    for item in cell.items:
        label = numbers_text(item.numbers)
        nw = _numbers_w(kit, item.numbers)
        p._fill(p.accent)
        p._text(x, y + p.asc * TEXT, label, TEXT, bold=True)
        if p.clip is None or p.clip.contains(x, y):
            p.c.linkRect("", f"tp-{item.numbers[0]}", (x, -y - LINE, x + nw, -y), relative=1)
        p._fill(appearance.INK)
        for line in item.lines:
            if rtl_base(line):
                p._text(x + w, y + p.asc * TEXT, line, TEXT, align="right")
            else:
                p._text(x + nw, y + p.asc * TEXT, line, TEXT)
            y += LINE
        y += 3
    if cell.more:
        p._fill(appearance.MUTED_INK)
        p._text(x, y + p.asc * TEXT, f"… and {cell.more} more in the annotations", TEXT)


def feeling_y(row: Row, mean: float) -> float:
    """The y of a mean emotion (−2 … 2) in the Feeling row."""
    half = row.h / 2 - 30  # room for a face and its value above the highest
    return row.y + row.h / 2 - mean / 2 * half


def _feeling(p: MapPainter, lay: LayeredLayout, row: Row, region: Rect | None,
             detail: bool) -> None:
    """The stages' mean emotions: a neutral line, a curve through them, a face and the
    value at each."""
    left, right = lay.emotion_band.x, lay.emotion_band.right
    zero = feeling_y(row, 0)
    p._stroke("#90a4ae", 1)
    p.c.setDash(4.8, 2.4)
    p._line(left, zero, right, zero)
    p.c.setDash()
    # one point per stage; None where no card of the stage is rated: the curve breaks
    # there rather than pass under the note that says so
    slots: list[tuple[float, float, float] | None] = []
    for stage in p.doc.stages:
        mean = lay.feeling.get(stage.id)
        col = lay.stage_columns[stage.id]
        slots.append(None if mean is None else (col.x + col.w / 2, feeling_y(row, mean), mean))
    points = [s for s in slots if s is not None]
    lo = region.x - 20 if region is not None else -math.inf
    hi = region.right + 20 if region is not None else math.inf
    if len(points) > 1:
        p._stroke("#455a64", 2.4)
        p.c.setLineCap(1)
        path = p.c.beginPath()
        open_ = False
        for a, b in zip(slots, slots[1:], strict=False):
            if a is None or b is None or b[0] < lo or a[0] > hi:
                open_ = False
                continue
            (ax, ay, _), (bx, by, _) = a, b
            if not open_:
                path.moveTo(ax, -ay)
                open_ = True
            dx = (bx - ax) / 2
            path.curveTo(ax + dx, -ay, bx - dx, -by, bx, -by)
        p.c.drawPath(path, stroke=1, fill=0)
        p.c.setLineCap(0)
    for x, y, mean in points:
        if not lo - 10 <= x <= hi + 10:
            continue
        rounded = max(-2, min(2, round(mean)))
        p._face(x, y, FACE, rounded)
        if not detail:
            continue
        value = f"{mean:+.1f}".replace("-", "\u2212") if abs(mean) >= 0.05 else "0.0"
        text = f"{value} {appearance.EMOTION_NAMES[rounded]}"
        p._fill(appearance.MUTED_INK)
        # the value on the side away from the neutral line, which it would cross
        baseline = y - FACE - 4 - p.desc * TEXT if mean >= 0 else y + FACE + 4 + p.asc * TEXT
        p._text(x, baseline, text, TEXT, align="centre")
    if detail:
        for stage in p.doc.stages:
            if lay.feeling.get(stage.id) is None:
                col = lay.stage_columns[stage.id]
                p._fill(appearance.MUTED_INK)
                p._text(col.x + col.w / 2, zero - 6, "no emotion recorded", TEXT, align="centre")


def legend_rows(job: Job, painter: MapPainter) -> list[Flowable]:
    """The legend page's section on the layer rows (none when the map has no layers)."""
    if not isinstance(painter.layout, LayeredLayout):
        return []
    from reportlab.platypus import Paragraph

    styles, kit = job.styles, job.kit
    out: list[Flowable] = [Paragraph("Layers under the map", styles["h3"])]
    for key, name, _ in ROWS:
        out.append(Paragraph(
            f"<b>{kit.markup(name, bold=True)}</b>"
            f'<font color="{appearance.MUTED_INK}"> — {kit.markup(ROW_SOURCES[key])}</font>',
            styles["field"]))
    out.append(Paragraph(kit.markup(
        f"Each item is printed once per stage, after the numbers of the cards it comes from; "
        f"a cell shows at most {MAX_ITEMS} items of {ITEM_LINES} lines, and the Annotations "
        "hold every text in full."), styles["small"]))
    return out
