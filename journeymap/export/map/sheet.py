"""The map pages: the whole map on one page, or an overview and its tiles with overlap marks."""

from __future__ import annotations

import math

from reportlab.platypus import Flowable

from journeymap.core import appearance
from journeymap.core.layout import Rect
from journeymap.export.document import Job, colour
from journeymap.export.map.draw import MapPainter
from journeymap.export.map.layers import ROW_NAMES
from journeymap.export.map.placement import MIN_SCALE, Placement, Tile
from journeymap.export.text import clean

HEADER_H = 22.0


MARK = 9.0
TITLE_H = 80.0  # the title block on the first page of tiles
MAX_COLUMNS_LISTED = 24  # the overview lists at most this many columns of tiles


class MapSheet(Flowable):
    """One map page filling its frame: ``fit``, ``overview`` or one ``tile``."""

    def __init__(
        self,
        job: Job,
        painter: MapPainter,
        placement: Placement,
        kind: str,
        tile: Tile | None = None,
        first_page: int = 1,
    ) -> None:
        super().__init__()
        self.job, self.painter, self.placement = job, painter, placement
        self.kind, self.tile, self.first_page = kind, tile, first_page
        self._up_x = 0.0
        self.width = self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 0.01
        return self.width, self.height

    def draw(self) -> None:
        # the map's pages follow each other wherever they start (after a cover and summary)
        page = self.canv.getPageNumber()
        self.first_page = page - (self.tile.number if self.tile is not None else 0)
        if self.kind == "fit":
            self._bookmark("map", "Map", 0)
            self._whole(0.0, 0.0, self.width, self.height, self.placement.scale, True)
        elif self.kind == "overview":
            self._bookmark("map", "Map", 0)
            self._bookmark("overview", "Overview", 1)
            self._overview()
        else:
            assert self.tile is not None
            tile = self.tile
            self._bookmark(
                f"tile-{tile.number}",
                f"Page {self.page_of(tile)}: {self._stage_span(tile)}",
                1,
            )
            self._tile(tile)

    def page_of(self, tile: Tile) -> int:
        return self.first_page + tile.number

    def _names(self, tile: Tile) -> tuple[list[str], list[str]]:
        doc = self.painter.doc
        stages = {s.id: clean(s.name, single_line=True) for s in doc.stages}
        lanes = {lane.id: clean(lane.name, single_line=True) for lane in doc.lanes}
        lanes[""] = "Emotion"
        lanes.update(ROW_NAMES)
        return [stages[k] for k in tile.stages], [lanes[k] for k in tile.lanes]

    def _stage_span(self, tile: Tile) -> str:
        stages, _ = self._names(tile)
        if not stages:
            return ""
        return stages[0] if len(stages) == 1 else f"{stages[0]} – {stages[-1]}"

    def _bookmark(self, key: str, title: str, level: int) -> None:
        self.canv.bookmarkHorizontal(key, 0, self.height)
        self.canv.addOutlineEntry(title, key, level)

    # ------------------------------------------------------------------ whole map
    def _whole(
        self, x: float, y: float, w: float, h: float, scale: float, detail: bool
    ) -> tuple[float, float]:
        """Draw the whole map centred in the box; returns where layout (0, 0) is on paper."""
        content = self.painter.content
        ox = x + (w - content.w * scale) / 2 - content.x * scale
        top = y + h - (h - content.h * scale) / 2 + content.y * scale
        c = self.canv
        c.saveState()
        c.translate(ox, top)
        c.scale(scale, scale)
        self.painter.draw(c, None, detail=detail, scale=scale)
        c.restoreState()
        return ox, top

    # ------------------------------------------------------------------ overview
    def _overview(self) -> None:
        """The first page of tiles: the title block, where each page goes, key figures."""
        job, kit, c = self.job, self.job.kit, self.canv
        pl = self.placement
        content = self.painter.content
        c.saveState()
        c.translate(0, self.height)
        self.painter.draw_title_block(c, Rect(0, 0, self.width, 76))
        c.restoreState()
        top = self.height - TITLE_H
        c.setFillColor(colour(appearance.INK))
        kit.draw(c, 0, top - 14, "How the map is printed", 12, bold=True)
        last = self.first_page + len(pl.tiles)
        note = (
            f"The map is printed on {len(pl.tiles)} pages ({self.first_page + 1}–{last}) at "
            f"{pl.percent} %, {pl.cols} across and {pl.rows} down, cut between stages"
            + (" and lanes" if pl.rows > 1 else "") + "; each numbered box is one page, and "
            "every page repeats the stage and lane headers. The legend is on the last page."
        )
        c.setFillColor(colour(appearance.MUTED_INK))
        lines = kit.wrap(note, 9, self.width, max_lines=2)
        for i, line in enumerate(lines):
            kit.draw(c, 0, top - 30 - i * 11.5, line, 9)
        head = 44 + 11.5 * (len(lines) - 1)
        by_column = len(pl.tiles) > 16  # too many pages to list: a line per column of them
        listing = self._column_contents() if by_column else self._tile_contents()
        halves = 2 if len(listing) > 6 else 1
        rows = math.ceil(len(listing) / halves)
        list_h = (rows * 13 + 22) if listing else 0
        area_h = top - head - list_h - 48
        scale = min(self.width / content.w, area_h / content.h)
        map_h = content.h * scale
        ox, otop = self._whole(0, top - head - map_h, self.width, map_h, scale,
                               scale >= MIN_SCALE)
        for tile in pl.tiles:
            r = tile.region
            x0 = ox + r.x * scale
            x1 = ox + r.right * scale
            y0 = otop - r.y * scale
            y1 = otop - r.bottom * scale
            c.saveState()
            c.setStrokeColor(colour(job.accent))
            c.setLineWidth(1.4 if x1 - x0 > 60 else 0.8)
            c.setDash(5, 3)
            c.setFillColor(colour(job.accent))
            c.setFillAlpha(0.05)
            c.rect(x0 + 1, y1 + 1, x1 - x0 - 2, y0 - y1 - 2, stroke=1, fill=1)
            c.restoreState()
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            radius = min(15.0, (x1 - x0) / 4, (y0 - y1) / 4)
            big = radius >= 12
            label = str(self.page_of(tile))
            c.setFillColor(colour(job.accent))
            c.setStrokeColor(colour("#ffffff"))
            c.setLineWidth(2 if big else 0.8)
            c.circle(cx, cy + (6 if big else 0), radius, stroke=1, fill=1)
            c.setFillColor(colour("#ffffff"))
            size = max(6.0, radius if big else radius * 1.1)
            kit.draw(c, cx, cy + (6 if big else 0) - size * 0.36, label, size, bold=True,
                     align="centre")
            if big:
                page = f"page {label}"
                w = kit.width(page, 8.5, bold=True) + 10
                c.setFillColor(colour("#ffffff"))
                c.roundRect(cx - w / 2, cy - 26, w, 13, 3, stroke=0, fill=1)
                c.setFillColor(colour(job.accent))
                kit.draw(c, cx, cy - 22.5, page, 8.5, bold=True, align="centre")
        if listing:
            y = top - head - map_h - 26
            c.setFillColor(colour(appearance.INK))
            kit.draw(c, 0, y, "What each column of pages shows (top to bottom)" if by_column
                     else "What each page shows", 9.5, bold=True)
            col_w = self.width / halves
            for i, (head_text, text) in enumerate(listing):
                x = (i // rows) * col_w
                ly = y - 15 - (i % rows) * 13
                c.setFillColor(colour(job.accent))
                used = kit.draw(c, x, ly, head_text, 8.5, bold=True)
                c.setFillColor(colour(appearance.INK))
                kit.draw(c, x + used + 6, ly, kit.elide(text, 8.5, col_w - used - 24), 8.5)
            y = y - 15 - rows * 13
        else:
            y = top - head - map_h - 12
        self._figures(y - 40)

    def _figures(self, y: float) -> None:
        """Key figures of the map in a row: what the pages add up to."""
        doc, kit, c = self.painter.doc, self.job.kit, self.canv
        if y < 10:
            return
        tps = doc.touchpoints()
        figures = [
            (len(tps), "touchpoints"),
            (len(doc.stages), "stages"),
            (len(doc.lanes), "lanes"),
            (sum(len(tp.pain_points) for tp in tps), "pain points"),
            (sum(1 for tp in tps if tp.moment_of_truth), "moments of truth"),
            (len(doc.improvements), "improvements"),
        ]
        w = min(110.0, self.width / len(figures))
        for i, (value, label) in enumerate(figures):
            x = i * w
            if i:
                c.setStrokeColor(colour(appearance.GRID_LINE))
                c.setLineWidth(0.6)
                c.line(x - 8, y - 4, x - 8, y + 24)
            c.setFillColor(colour(self.job.accent))
            kit.draw(c, x, y + 8, f"{value:,}", 18, bold=True)
            c.setFillColor(colour(appearance.MUTED_INK))
            kit.draw(c, x, y - 3, label, 8)

    def _column_contents(self) -> list[tuple[str, str]]:
        """Per column of tiles (at most 24): its pages and the stages it shows."""
        pl = self.placement
        out = []
        for col in range(min(pl.cols, MAX_COLUMNS_LISTED)):
            tiles = [t for t in pl.tiles if t.col == col]
            pages = [self.page_of(t) for t in tiles]
            if len(pages) == 1:
                head = f"Page {pages[0]}"
            elif len(pages) <= 3:
                head = f"Pages {', '.join(map(str, pages))}"
            else:
                head = f"Pages {pages[0]}, {pages[1]} … {pages[-1]}"
            out.append((head, self._stage_span(tiles[0])))
        if pl.cols > MAX_COLUMNS_LISTED:
            rest = pl.cols - MAX_COLUMNS_LISTED
            out[-1] = (f"… and {rest + 1} more columns", "each page names its stages and lanes")
        return out

    def _tile_contents(self) -> list[tuple[str, str]]:
        """Per tile: "Page N" and the stages (and lanes, when tiles are stacked) it shows."""
        out = []
        for tile in self.placement.tiles:
            stages, lanes = self._names(tile)
            text = ", ".join(stages)
            if self.placement.rows > 1:
                text += " — " + ", ".join(lanes)
            out.append((f"Page {self.page_of(tile)}", text))
        return out

    # ------------------------------------------------------------------ one tile
    def _tile(self, tile: Tile) -> None:
        kit, c = self.job.kit, self.canv
        pl, style = self.placement, self.painter.layout.style
        area_h = self.height - HEADER_H
        scale = pl.scale
        stages, lanes = self._names(tile)
        title = kit.elide(clean(self.painter.doc.title, single_line=True), 9, self.width * 0.3,
                          bold=True)
        locator = self._locator(tile)
        c.setFillColor(colour(appearance.INK))
        used = kit.draw(c, 0, self.height - 11, title, 9, bold=True)
        c.setFillColor(colour(appearance.MUTED_INK))
        shows = f"Page {self.page_of(tile)} · {', '.join(stages)}"
        if pl.rows > 1:
            shows += " · " + ", ".join(lanes)
        kit.draw(c, used + 8, self.height - 11,
                 kit.elide(shows, 8.5, locator - used - 20), 8.5)
        lead = style.lane_header_w * scale if tile.lane_headers else 0.0
        head = (style.phase_h + style.stage_header_h) * scale if tile.stage_headers else 0.0
        r = tile.region
        self._part(r, lead, head, area_h, scale)
        if tile.lane_headers:
            self._part(Rect(style.margin, r.y, style.lane_header_w, r.h), 0.0, head, area_h,
                       scale)
        if tile.stage_headers:
            self._part(Rect(r.x, style.margin + style.title_h, r.w,
                            style.phase_h + style.stage_header_h), lead, 0.0, area_h, scale)
        self._continuation(tile, lead + r.w * scale, head + r.h * scale, area_h)

    def _part(self, region: Rect, x: float, down: float, area_h: float, scale: float) -> None:
        """Draw ``region`` of the map with its top-left at (x, ``down`` below the top)."""
        c, painter = self.canv, self.painter
        c.saveState()
        p = c.beginPath()
        p.rect(x, area_h - down - region.h * scale, region.w * scale, region.h * scale)
        c.clipPath(p, stroke=0, fill=0)
        c.translate(x - region.x * scale, area_h - down + region.y * scale)
        c.scale(scale, scale)
        painter.clip = region
        try:
            painter.draw(c, region, scale=scale)
        finally:
            painter.clip = None
        c.restoreState()

    def _locator(self, tile: Tile) -> float:
        """A small grid of all tiles at the top right, this one filled; returns its left x."""
        pl, c = self.placement, self.canv
        gap = 1.5 if pl.cols <= 12 and pl.rows <= 3 else 0.0
        cell = min(9.0, (64 - gap * (pl.cols - 1)) / pl.cols, (18 - gap * (pl.rows - 1)) / pl.rows)
        cell_w, cell_h = cell, cell * 0.7 if pl.rows <= 3 else cell
        total_w = pl.cols * (cell_w + gap) - gap
        total_h = pl.rows * (cell_h + gap) - gap
        x0 = self.width - total_w
        y_top = self.height - 2
        if not gap:
            c.setFillColor(colour(appearance.GRID_LINE))
            c.rect(x0, y_top - total_h, total_w, total_h, stroke=0, fill=1)
        for t in pl.tiles:
            current = t.number == tile.number
            if not gap and not current:
                continue
            x = x0 + t.col * (cell_w + gap)
            y = y_top - (t.row + 1) * (cell_h + gap) + gap
            c.setFillColor(colour(self.job.accent if current else appearance.GRID_LINE))
            c.rect(x, y, cell_w, cell_h, stroke=0, fill=1)
        return x0

    def _continuation(self, tile: Tile, w: float, h: float, area_h: float) -> None:
        """Arrows at the edges the map goes on from, with the page it goes on to."""
        pl, c, kit = self.placement, self.canv, self.job.kit
        ink = colour("#78909c")
        c.saveState()
        c.setFillColor(ink)
        bottom = area_h - h
        for d_row, d_col in ((0, -1), (0, 1), (-1, 0), (1, 0)):
            other = pl.neighbour(tile, d_row, d_col)
            if other is None:
                continue
            label = str(self.page_of(other))
            path = c.beginPath()
            if d_col:
                edge = -3.0 if d_col < 0 else w + 3
                sign = float(d_col)
                cy = bottom + h / 2
                path.moveTo(edge + sign * 9, cy)
                path.lineTo(edge, cy + 5)
                path.lineTo(edge, cy - 5)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
                kit.draw(c, edge + sign * 5, cy - 17, label, 8, bold=True, align="centre")
            elif d_row > 0:
                cx = w / 2
                path.moveTo(cx, bottom - 9)
                path.lineTo(cx - 5, bottom - 2)
                path.lineTo(cx + 5, bottom - 2)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
                kit.draw(c, cx + 9, bottom - 9, f"page {label}", 8, bold=True)
        c.restoreState()
