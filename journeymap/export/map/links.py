"""The links of the map PDF: their shapes (culled per tile through a piece index), strokes,
arrowheads and labels, from ``core.layout``'s geometry."""

from __future__ import annotations

from typing import Any

from journeymap.core import appearance, measured
from journeymap.core.layout import Layout, LinkGeometry, Rect
from journeymap.core.model import JourneyMap
from journeymap.export.map.linkindex import (
    LinkIndex,
    LinkShape,
    cubic_box,
    cut,
    hits,
    sub_cubic,
)
from journeymap.export.pen import Pen, arrow_points
from journeymap.export.text import TextKit, clean


class LinkPainter(Pen):
    """The link part of :class:`~journeymap.export.map.draw.MapPainter`."""

    doc: JourneyMap
    layout: Layout
    kit: TextKit
    c: Any
    _index: LinkIndex
    _links: list[LinkShape] | None

    def links(self) -> list[LinkShape]:
        if self._links is None:
            out: list[LinkShape] = []
            for link in self.doc.links():
                g = self.layout.link(link.source, link.target)
                xs = (g.start.x, g.c1.x, g.c2.x, g.end.x)
                ys = (g.start.y, g.c1.y, g.c2.y, g.end.y)
                box = [min(xs) - 10, min(ys) - 10, max(xs) + 10, max(ys) + 10]
                label = clean(link.label, single_line=True)
                label_w = 0.0
                if label:
                    label = self.kit.elide(label, 10, 160)
                    label_w = self.kit.width(label, 10) + 10
                    mid = g.point_at(0.5)
                    box = [min(box[0], mid.x - label_w / 2), min(box[1], mid.y - 9),
                           max(box[2], mid.x + label_w / 2), max(box[3], mid.y + 9)]
                pieces = cut(g)
                out.append(LinkShape((box[0], box[1], box[2], box[3]), g, link.kind, label, label_w,
                                 pieces, [cubic_box(p, 3) for p in pieces], len(out)))
            self._links = out
            self._index = LinkIndex(out)
        return self._links

    def _links_layer(self, region: Rect | None, detail: bool) -> None:
        c = self.c
        c.setLineCap(1)
        self._stroke(appearance.LINK_COLOUR, 1.6)
        self._fill(appearance.LINK_COLOUR)
        links = self.links()
        if region is None:
            visible = links
            shown: set[tuple[int, int]] | None = None
        else:
            shown = self._index.pieces_in(region)
            owners = sorted({k for k, _ in shown} | self._index.ends_in(region))
            visible = [links[k] for k in owners]
        records = self.doc.links()
        for link in visible:
            dashes = appearance.LINK_DASHES.get(link.kind, ())
            metrics = records[link.index].metrics
            width = measured.link_width(metrics, 1.6)
            ink = measured.link_colour(metrics, appearance.LINK_COLOUR)
            self._stroke(ink, width)
            self._fill(ink)
            path = c.beginPath()
            drawn = False
            n = len(link.pieces)
            runs: list[tuple[int, int]] = []
            if shown is None:
                runs = [(0, n)]
            else:
                start = -1
                for i in range(n + 1):
                    inside = i < n and (link.index, i) in shown
                    if inside and start < 0:
                        start = i
                    elif not inside and start >= 0:
                        runs.append((start, i))
                        start = -1
            for first, end in runs:
                x0, y0, x1, y1, x2, y2, x3, y3 = sub_cubic(link.geometry, first / n, end / n)
                path.moveTo(x0, -y0)
                path.curveTo(x1, -y1, x2, -y2, x3, -y3)
                drawn = True
            if drawn:
                if dashes:
                    c.setDash([d * width for d in dashes], 0)
                c.drawPath(path, stroke=1, fill=0)
                if dashes:
                    c.setDash()
            g = link.geometry
            if region is None or region.contains(g.end.x, g.end.y) or hits(
                    Rect(g.end.x - 10, g.end.y - 10, 20, 20), region):
                self._arrow(g)
        c.setLineCap(0)
        if not detail:
            return
        for link in visible:
            if not link.label:
                continue
            mid = link.geometry.point_at(0.5)
            x, y = mid.x - link.label_w / 2, mid.y - 9
            if not hits(Rect(x, y, link.label_w, 18), region):
                continue
            self._stroke("#cfd8dc", 0.8)
            self._fill("#ffffff")
            self._round(x, y, link.label_w, 18, 4, stroke=True)
            self._fill(appearance.MUTED_INK)
            self._text(mid.x, self._baseline(y, 18, 10), link.label, 10, align="centre")

    def _arrow(self, g: LinkGeometry) -> None:
        self._polygon(arrow_points(g, 9.0, 0.5))
