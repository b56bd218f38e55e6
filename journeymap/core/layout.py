"""All geometry of a map, computed from the document alone.

The canvas and the PDF both draw from a :class:`Layout`, so what is printed is what is on
screen. Units are abstract points (1 unit = 1 pixel at 100 % zoom = 1 pt in the PDF before
scaling). The picture, top to bottom: title block, phase band, stage headers, one row per
lane (lane headers on the left), the emotion band, the legend. Cells grow to fit their
cards: a stage column is as wide as its fullest cell needs (up to ``max_per_row`` cards
side by side) and a lane row as tall as its fullest cell needs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from journeymap.core import routing
from journeymap.core.entities import Lane, Stage, Touchpoint
from journeymap.core.geometry import Point, Rect, Side, Style
from journeymap.core.model import JourneyMap
from journeymap.core.routing import LinkSpec, Route

__all__ = ["Layout", "Point", "Rect", "Side", "Style", "compute"]

@dataclass(slots=True)
class Layout:
    """The geometry of one document state."""

    style: Style
    bounds: Rect
    title_area: Rect
    phase_bands: list[tuple[str | None, Rect]]
    stage_headers: dict[str, Rect]
    stage_columns: dict[str, Rect]
    lane_headers: dict[str, Rect]
    lane_rows: dict[str, Rect]
    cells: dict[tuple[str, str], Rect]
    cards: dict[str, Rect]
    per_row: dict[str, int]
    emotion_header: Rect
    emotion_band: Rect
    legend_area: Rect
    emotion_points: list[tuple[str, Point]] = field(default_factory=list)
    #: the document's links as the router needs them (routes are made on first use)
    links: list[LinkSpec] = field(default_factory=list)
    #: lines (x across, y down) a printed page ends at: no link label is put across them
    cuts: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())
    #: marks an output draws over the map outside the cards (the map PDF's ranked-moment
    #: badges on the cards' top edges): no link label is put on them
    marks: tuple[Rect, ...] = ()
    _routes: dict[tuple[str, str], Route] | None = field(default=None, compare=False, repr=False)

    # ------------------------------------------------------------------ queries
    def emotion_y(self, emotion: float) -> float:
        """The y of an emotion value (−2 … 2) in the emotion band."""
        band = self.emotion_band
        half = band.h / 2 - self.style.emotion_pad
        return band.y + band.h / 2 - emotion / 2 * half

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (stage, lane) cell under a point, or None."""
        stage = next((s for s, r in self.stage_columns.items() if r.x <= x < r.right), None)
        lane = next((k for k, r in self.lane_rows.items() if r.y <= y < r.bottom), None)
        return (stage, lane) if stage is not None and lane is not None else None

    def insertion_index(self, stage: str, lane: str, x: float, y: float, count: int) -> int:
        """Where a card dropped at (x, y) goes among ``count`` cards of a cell.

        Within a row, the position is the number of card centres left of ``x``: the left
        half of a card puts the new card before it, the right half after it.
        """
        cell = self.cells[(stage, lane)]
        s = self.style
        cols = self.per_row[stage]
        first_centre = cell.x + s.cell_pad + s.card_w / 2
        col = math.floor((x - first_centre) / (s.card_w + s.card_gap)) + 1
        col = max(0, min(cols, col))
        row = max(0, math.floor((y - cell.y - s.cell_pad) / (s.card_h + s.card_gap)))
        return max(0, min(count, row * cols + col))

    def card_rect(self, stage: str, lane: str, position: int) -> Rect:
        """The rectangle of the card at ``position`` (0-based, left to right) of a cell."""
        return _card_rect(self.style, self.cells[(stage, lane)], self.per_row[stage], position)

    def lanes_area(self) -> Rect:
        """The lanes' part of the grid: where cards, link routes and link labels live."""
        top = min((r.y for r in self.lane_rows.values()), default=self.emotion_band.y)
        return Rect(self.emotion_band.x, top, self.emotion_band.w, self.emotion_band.y - top)

    def set_links(self, doc: JourneyMap) -> None:
        """Take the document's links again (the cards stay); routes are made anew on use."""
        self.links = [
            LinkSpec(link.source, link.target, " ".join(link.label.split()))
            for link in doc.links()
        ]
        self._routes = None

    def keep_routes_of(self, old: Layout) -> bool:
        """Take ``old``'s routes when they hold here (the same cards, cells, links and page
        cuts: only colours, marks or emotions changed); True when they were taken."""
        same = (
            old._routes is not None
            and old.style == self.style
            and old.cuts == self.cuts
            and old.marks == self.marks
            and old.links == self.links
            and old.cards == self.cards
            and old.cells == self.cells
            and old.stage_columns == self.stage_columns
            and old.lane_rows == self.lane_rows
        )
        if same:
            self._routes = old._routes
        return same

    def set_emotions(self, doc: JourneyMap) -> None:
        """Take the cards' emotions again (nothing else moves: emotions place no card)."""
        self.emotion_points = _emotion_points(self, doc.stages, doc.lanes, doc.cells())

    def set_cuts(self, xs: Iterable[float], ys: Iterable[float]) -> None:
        """Page edges of a tiled print (see :attr:`cuts`); routes are made anew on use."""
        self.cuts = (tuple(sorted(set(xs))), tuple(sorted(set(ys))))
        self._routes = None

    def set_marks(self, rects: Iterable[Rect]) -> None:
        """Marks no label may cover (see :attr:`marks`); routes are made anew on use."""
        self.marks = tuple(rects)
        self._routes = None

    @property
    def routes(self) -> dict[tuple[str, str], Route]:
        """Every link's route, arrowhead and label place (computed once, on first use)."""
        if self._routes is None:
            self._routes = routing.route_all(self, self.links)
        return self._routes

    def link(self, source: str, target: str) -> Route:
        """The route of the link between two cards."""
        return self.routes[(source, target)]


def _card_rect(style: Style, cell: Rect, cols: int, position: int) -> Rect:
    row, col = divmod(position, cols)
    return Rect(
        cell.x + style.cell_pad + col * (style.card_w + style.card_gap),
        cell.y + style.cell_pad + row * (style.card_h + style.card_gap),
        style.card_w,
        style.card_h,
    )


def compute(doc: JourneyMap, style: Style | None = None) -> Layout:
    """The full geometry of ``doc``."""
    s = style or Style()
    cells = doc.cells()
    stages = doc.stages
    lanes = doc.lanes
    counts: dict[tuple[str, str], int] = {cell: len(tps) for cell, tps in cells.items()}

    per_row: dict[str, int] = {}
    col_w: dict[str, float] = {}
    for stage in stages:
        fullest = max((counts.get((stage.id, lane.id), 0) for lane in lanes), default=0)
        cols = max(1, min(s.max_per_row, fullest))
        per_row[stage.id] = cols
        col_w[stage.id] = 2 * s.cell_pad + cols * s.card_w + (cols - 1) * s.card_gap
    row_h: dict[str, float] = {}
    for lane in lanes:
        rows = max(
            (math.ceil(counts.get((st.id, lane.id), 0) / per_row[st.id]) for st in stages),
            default=0,
        )
        rows = max(1, rows)
        row_h[lane.id] = 2 * s.cell_pad + rows * s.card_h + (rows - 1) * s.card_gap

    left = s.margin + s.lane_header_w
    grid_w = sum(col_w.values())
    top_phase = s.margin + s.title_h
    top_stage = top_phase + s.phase_h
    top_lanes = top_stage + s.stage_header_h
    lanes_h = sum(row_h.values())
    full_w = s.lane_header_w + grid_w

    stage_headers: dict[str, Rect] = {}
    stage_columns: dict[str, Rect] = {}
    x = left
    for stage in stages:
        w = col_w[stage.id]
        stage_headers[stage.id] = Rect(x, top_stage, w, s.stage_header_h)
        stage_columns[stage.id] = Rect(x, top_lanes, w, lanes_h)
        x += w

    phase_bands: list[tuple[str | None, Rect]] = []
    for stage in stages:
        head = stage_headers[stage.id]
        if phase_bands and phase_bands[-1][0] == stage.phase:
            phase, r = phase_bands[-1]
            phase_bands[-1] = (phase, Rect(r.x, r.y, head.right - r.x, r.h))
        else:
            phase_bands.append((stage.phase, Rect(head.x, top_phase, head.w, s.phase_h)))

    lane_headers: dict[str, Rect] = {}
    lane_rows: dict[str, Rect] = {}
    y = top_lanes
    for lane in lanes:
        h = row_h[lane.id]
        lane_headers[lane.id] = Rect(s.margin, y, s.lane_header_w, h)
        lane_rows[lane.id] = Rect(left, y, grid_w, h)
        y += h

    cell_rects: dict[tuple[str, str], Rect] = {}
    for stage in stages:
        column = stage_columns[stage.id]
        for lane in lanes:
            row = lane_rows[lane.id]
            cell_rects[(stage.id, lane.id)] = Rect(column.x, row.y, column.w, row.h)

    cards: dict[str, Rect] = {}
    for cell, tps in cells.items():
        rect = cell_rects[cell]
        cols = per_row[cell[0]]
        for position, tp in enumerate(tps):
            cards[tp.id] = _card_rect(s, rect, cols, position)

    emotion_top = top_lanes + lanes_h
    layout = Layout(
        style=s,
        bounds=Rect(0, 0, full_w + 2 * s.margin, emotion_top + s.emotion_h + s.legend_h + s.margin),
        title_area=Rect(s.margin, s.margin, full_w, s.title_h),
        phase_bands=phase_bands,
        stage_headers=stage_headers,
        stage_columns=stage_columns,
        lane_headers=lane_headers,
        lane_rows=lane_rows,
        cells=cell_rects,
        cards=cards,
        per_row=per_row,
        emotion_header=Rect(s.margin, emotion_top, s.lane_header_w, s.emotion_h),
        emotion_band=Rect(left, emotion_top, grid_w, s.emotion_h),
        legend_area=Rect(s.margin, emotion_top + s.emotion_h, full_w, s.legend_h),
    )
    layout.emotion_points = _emotion_points(layout, stages, lanes, cells)
    layout.set_links(doc)
    return layout


def _emotion_points(
    layout: Layout,
    stages: tuple[Stage, ...],
    lanes: tuple[Lane, ...],
    cells: dict[tuple[str, str], list[Touchpoint]],
) -> list[tuple[str, Point]]:
    """One point per card with an emotion, left to right (stage, then lane, then slot)."""
    points: list[tuple[str, Point]] = []
    for stage in stages:
        for lane in lanes:
            for tp in cells.get((stage.id, lane.id), ()):
                if tp.emotion is None:
                    continue
                card = layout.cards[tp.id]
                points.append((tp.id, Point(card.x + card.w / 2, layout.emotion_y(tp.emotion))))
    points.sort(key=lambda item: item[1].x)
    return points
