"""The map pages: the whole map on one page, or an overview and its tiles with overlap marks."""

from __future__ import annotations

import math

from reportlab.platypus import Flowable

from journeymap.core import appearance
from journeymap.export.document import Job, colour
from journeymap.export.map.draw import MapPainter
from journeymap.export.map.placement import OVERLAP_PT, Placement, Tile
from journeymap.export.text import clean

HEADER_H = 22.0


def _share(a0: float, a1: float, b0: float, b1: float) -> float:
    """How much of the span a0…a1 lies inside b0…b1 (0 to 1)."""
    if a1 <= a0:
        return 0.0
    return max(0.0, min(a1, b1) - max(a0, b0)) / (a1 - a0)
MARK = 9.0
OVERVIEW_DETAIL = 0.3  # like the canvas: below this scale cards are drawn without text


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
            if len(self.placement.tiles) == 1:
                self._bookmark("map", "Map", 0)
            else:
                self._bookmark(
                    f"tile-{tile.number}",
                    f"Tile {tile.number} (row {tile.row + 1}, column {tile.col + 1})",
                    1,
                )
            self._tile(tile)

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
        job, kit, c = self.job, self.job.kit, self.canv
        pl = self.placement
        content = self.painter.content
        top = self.height
        c.setFillColor(colour(appearance.INK))
        kit.draw(c, 0, top - 14, "Overview", 14, bold=True)
        last = self.first_page + len(pl.tiles)
        note = (
            f"The map is printed on {len(pl.tiles)} pages ({self.first_page + 1}–{last}) at "
            f"{pl.percent} %, {pl.cols} across and {pl.rows} down; each numbered box is one "
            "page. Neighbouring pages overlap: line them up on the marks."
        )
        c.setFillColor(colour(appearance.MUTED_INK))
        kit.draw(c, 0, top - 30, kit.elide(note, 9, self.width), 9)
        listing = self._tile_contents() if len(pl.tiles) <= 16 else []
        rows = math.ceil(len(listing) / 2)
        list_h = (rows * 13 + 22) if listing else 0
        area_h = self.height - 44 - list_h
        scale = min(self.width / content.w, area_h / content.h)
        map_h = content.h * scale
        ox, otop = self._whole(0, self.height - 44 - map_h, self.width, map_h, scale,
                               scale >= OVERVIEW_DETAIL)
        for tile in pl.tiles:
            r = tile.region
            x0 = ox + max(r.x, content.x) * scale
            x1 = ox + min(r.right, content.right) * scale
            y0 = otop - max(r.y, content.y) * scale
            y1 = otop - min(r.bottom, content.bottom) * scale
            c.saveState()
            c.setStrokeColor(colour(job.accent))
            c.setLineWidth(1.4 if x1 - x0 > 60 else 0.8)
            c.setDash(5, 3)
            c.setFillColor(colour(job.accent))
            c.setFillAlpha(0.05)
            inset = 1.5 * (tile.col % 2) + 1.5 * (tile.row % 2)
            c.rect(x0 + inset, y1 + inset, x1 - x0 - 2 * inset, y0 - y1 - 2 * inset, stroke=1,
                   fill=1)
            c.restoreState()
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            radius = min(15.0, (x1 - x0) / 4, (y0 - y1) / 4)
            big = radius >= 12
            label = str(tile.number)
            c.setFillColor(colour(job.accent))
            c.setStrokeColor(colour("#ffffff"))
            c.setLineWidth(2 if big else 0.8)
            c.circle(cx, cy + (6 if big else 0), radius, stroke=1, fill=1)
            c.setFillColor(colour("#ffffff"))
            size = radius if big else radius * 1.1
            kit.draw(c, cx, cy + (6 if big else 0) - size * 0.36, label, size, bold=True,
                     align="centre")
            if big:
                page = f"page {self.first_page + tile.number}"
                w = kit.width(page, 8.5, bold=True) + 10
                c.setFillColor(colour("#ffffff"))
                c.roundRect(cx - w / 2, cy - 26, w, 13, 3, stroke=0, fill=1)
                c.setFillColor(colour(job.accent))
                kit.draw(c, cx, cy - 22.5, page, 8.5, bold=True, align="centre")
        if listing:
            y = self.height - 44 - map_h - 26
            c.setFillColor(colour(appearance.INK))
            kit.draw(c, 0, y, "What each page shows", 9.5, bold=True)
            col_w = self.width / 2
            for i, (head, text) in enumerate(listing):
                x = (i // rows) * col_w
                ly = y - 15 - (i % rows) * 13
                c.setFillColor(colour(job.accent))
                used = kit.draw(c, x, ly, head, 8.5, bold=True)
                c.setFillColor(colour(appearance.INK))
                kit.draw(c, x + used + 6, ly, kit.elide(text, 8.5, col_w - used - 24), 8.5)
            y = y - 15 - rows * 13
        else:
            y = self.height - 44 - map_h - 12
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

    def _tile_contents(self) -> list[tuple[str, str]]:
        """Per tile: "Page N" and the stages (and lanes, when tiles are stacked) it shows."""
        lay, doc, pl = self.painter.layout, self.painter.doc, self.placement
        out = []
        for tile in pl.tiles:
            r = tile.region
            stages = [
                clean(s.name, single_line=True) for s in doc.stages
                if _share(lay.stage_columns[s.id].x, lay.stage_columns[s.id].right, r.x, r.right)
                > 0.2
            ]
            text = ", ".join(stages) or "the title and legend"
            if pl.rows > 1:
                lanes = [
                    clean(lane.name, single_line=True) for lane in doc.lanes
                    if _share(lay.lane_rows[lane.id].y, lay.lane_rows[lane.id].bottom, r.y,
                              r.bottom) > 0.2
                ]
                if lanes:
                    text += " — " + ", ".join(lanes)
            out.append((f"Page {self.first_page + tile.number} (tile {tile.number})", text))
        return out

    # ------------------------------------------------------------------ one tile
    def _tile(self, tile: Tile) -> None:
        kit, c = self.job.kit, self.canv
        pl = self.placement
        area_h = self.height - HEADER_H
        scale = pl.scale
        title = kit.elide(clean(self.painter.doc.title, single_line=True), 9, self.width * 0.4,
                          bold=True)
        c.setFillColor(colour(appearance.INK))
        used = kit.draw(c, 0, self.height - 11, title, 9, bold=True)
        c.setFillColor(colour(appearance.MUTED_INK))
        used += 8 + kit.draw(
            c, used + 8, self.height - 11,
            f"Tile {tile.number} of {len(pl.tiles)} · row {tile.row + 1}, column {tile.col + 1}"
            f" · {pl.percent} %",
            8.5,
        )
        locator = self._locator(tile)
        self._up_x = max(used + 30, (used + locator) / 2)
        region = tile.region
        c.saveState()
        p = c.beginPath()
        p.rect(0, 0, self.width, area_h)
        c.clipPath(p, stroke=0, fill=0)
        c.translate(-region.x * scale, area_h + region.y * scale)
        c.scale(scale, scale)
        self.painter.draw(c, region, scale=scale)
        c.restoreState()
        self._overlap_marks(tile, area_h)

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

    def _overlap_marks(self, tile: Tile, area_h: float) -> None:
        """Where the neighbouring tiles start: dashed lines across the overlap, ticks and
        the neighbour's number in the margin."""
        pl, c, kit = self.placement, self.canv, self.job.kit
        w = self.width
        ov = OVERLAP_PT
        neighbours = {
            "left": tile.number - 1 if tile.col > 0 else None,
            "right": tile.number + 1 if tile.col < pl.cols - 1 else None,
            "up": tile.number - pl.cols if tile.row > 0 else None,
            "down": tile.number + pl.cols if tile.row < pl.rows - 1 else None,
        }
        ink = colour("#78909c")
        c.saveState()
        c.setStrokeColor(ink)
        c.setFillColor(ink)
        for side, other in neighbours.items():
            if other is None:
                continue
            c.setLineWidth(0.5)
            c.setDash(2, 3)
            if side in ("left", "right"):
                x = ov if side == "left" else w - ov
                c.line(x, 0, x, area_h)
                c.setDash()
                c.setLineWidth(0.8)
                c.line(x, area_h + 1, x, area_h + 1 + MARK * 0.6)
                c.line(x, -1, x, -1 - MARK)
                edge = -4 if side == "left" else w + 4
                sign = -1 if side == "left" else 1
                cy = area_h / 2
                c.setDash()
                path = c.beginPath()
                path.moveTo(edge + sign * 9, cy)
                path.lineTo(edge, cy + 5)
                path.lineTo(edge, cy - 5)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
                kit.draw(c, edge + sign * 6, cy - 18, str(other), 9, bold=True, align="centre")
            else:
                y = area_h - ov if side == "up" else ov
                c.line(0, y, w, y)
                c.setDash()
                c.setLineWidth(0.8)
                c.line(-1, y, -1 - MARK, y)
                c.line(w + 1, y, w + 1 + MARK, y)
                cx = w / 2 if side == "down" else self._up_x
                if side == "down":
                    path = c.beginPath()
                    path.moveTo(cx, -9)
                    path.lineTo(cx - 5, -2)
                    path.lineTo(cx + 5, -2)
                    path.close()
                    c.drawPath(path, stroke=0, fill=1)
                    kit.draw(c, cx + 9, -9, str(other), 8, bold=True)
                else:
                    path = c.beginPath()
                    path.moveTo(cx, area_h + 12)
                    path.lineTo(cx - 5, area_h + 5)
                    path.lineTo(cx + 5, area_h + 5)
                    path.close()
                    c.drawPath(path, stroke=0, fill=1)
                    kit.draw(c, cx + 9, area_h + 5, str(other), 8, bold=True)
        c.restoreState()

