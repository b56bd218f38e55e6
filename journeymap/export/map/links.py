"""The links of the map PDF: their routes (culled per tile through a piece index), strokes,
arrowheads and labels, all from ``core.routing`` (the canvas draws the same)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str

from journeymap.core import appearance, measured
from journeymap.core.layout import Layout, Rect
from journeymap.core.model import JourneyMap
from journeymap.core.routing import LABEL_SIZE, Route
from journeymap.export.map.linkindex import LinkIndex, LinkShape, box_hits, shape_of
from journeymap.export.pen import Pen
from journeymap.export.text import TextKit, clean

LABEL_EDGE = "#b0bec5"  # the border of a label's backing and its leader line


class LinkPainter(Pen):
    """The link part of :class:`~journeymap.export.map.draw.MapPainter`."""

    doc: JourneyMap
    layout: Layout
    kit: TextKit
    c: Any
    _index: LinkIndex
    _links: list[LinkShape] | None
    #: the last region asked of :meth:`_visible`, with its answer
    _seen: tuple[tuple[float, float, float, float], dict[int, set[int]],
                 list[LinkShape]] | None = None

    def links(self) -> list[LinkShape]:
        """Every link as drawn, with its pen: made once per export, shared by every page."""
        if self._links is None:
            out: list[LinkShape] = []
            for link in self.doc.links():
                route = self.layout.link(link.source, link.target)
                label = clean(route.label_text, single_line=True)
                shape = shape_of(route, link.kind, label, len(out))
                shape.width = measured.link_width(link.metrics, 1.6)
                shape.ink = measured.link_colour(link.metrics, appearance.LINK_COLOUR)
                shape.dashes = tuple(appearance.LINK_DASHES.get(link.kind, ()))
                out.append(shape)
            self._links = out
            self._index = LinkIndex(out)
            self._seen = None
        return self._links

    def _links_layer(self, region: Rect | None, detail: bool) -> None:
        """The routes and their arrowheads (labels come later, over the cards' marks)."""
        c = self.c
        c.setLineCap(1)
        pen = (appearance.LINK_COLOUR, 1.6)
        self._stroke(*pen)
        self._fill(pen[0])
        shown, visible = self._visible(region)
        code = getattr(c, "_code", None)  # a plain ReportLab canvas: its page's operators
        for link in visible:
            width, dashes = link.width, link.dashes
            if (link.ink, width) != pen:  # most links share one pen: set it on a change only
                pen = (link.ink, width)
                self._stroke(*pen)
                self._fill(pen[0])
            n = len(link.pieces)
            runs: list[tuple[int, int]] = []
            if shown is None:
                runs = [(0, n)]
            else:  # the pieces on this page, in runs of neighbours
                start = end = -2
                for i in sorted(shown.get(link.index, ())):
                    if i != end:
                        if start >= 0:
                            runs.append((start, end))
                        start = i
                    end = i + 1
                if start >= 0:
                    runs.append((start, end))
            if runs:
                if dashes:
                    c.setDash([d * width for d in dashes], 0)
                if isinstance(code, list):
                    code.append(" ".join(["n", *_route_code(link, runs)]))
                    code.append("S")
                else:
                    path = c.beginPath()
                    for first, end in runs:
                        self._trace(path, link.pieces[first:end])
                    c.drawPath(path, stroke=1, fill=0)
                if dashes:
                    c.setDash()
            if box_hits(link.head_box, region):
                self._arrow(link.route)
        c.setLineCap(0)

    def _link_labels(self, region: Rect | None, detail: bool) -> None:
        """The labels on their backings (and leader lines), where the router put them."""
        if not detail:
            return
        _, visible = self._visible(region)
        for link in visible:
            r = link.route.label_rect
            box = link.label_box
            if r is None or box is None or not box_hits(box, region):
                continue
            leader = link.route.leader
            if leader:
                self._stroke(LABEL_EDGE, 0.9)
                self._polyline(((q.x, q.y) for q in leader), [1.2, 1.8])
            self._stroke(LABEL_EDGE, 0.8)
            self._fill("#ffffff")
            self._round(r.x, r.y, r.w, r.h, 4, stroke=True)
            self._fill(appearance.MUTED_INK)
            self._text(r.x + r.w / 2, self._baseline(r.y, r.h, LABEL_SIZE), link.label,
                       LABEL_SIZE, align="centre")

    def _visible(
        self, region: Rect | None
    ) -> tuple[dict[int, set[int]] | None, list[LinkShape]]:
        """The pieces of links that meet ``region`` (None: all) and those links in file
        order; the links layer and the labels of one page ask for the same region."""
        links = self.links()
        if region is None:
            return None, links
        key = (region.x, region.y, region.w, region.h)
        if self._seen is not None and self._seen[0] == key:
            return self._seen[1], self._seen[2]
        shown = self._index.pieces_in(region)
        owners = sorted(shown.keys() | self._index.ends_in(region))
        visible = [links[k] for k in owners]
        self._seen = (key, shown, visible)
        return shown, visible

    @staticmethod
    def _trace(path: Any, pieces: Sequence[tuple[float, ...]]) -> None:
        """Add a chain of cubic pieces to a ReportLab path (y flipped)."""
        path.moveTo(pieces[0][0], -pieces[0][1])
        for p in pieces:
            if _straight(p):
                path.lineTo(p[6], -p[7])
            else:
                path.curveTo(p[2], -p[3], p[4], -p[5], p[6], -p[7])

    def _arrow(self, route: Route) -> None:
        self._polygon([(p.x, p.y) for p in route.head])


def _route_code(link: LinkShape, runs: list[tuple[int, int]]) -> list[str]:
    """The path operators of the given runs of a link's pieces, as ReportLab's path object
    writes them (y flipped); each piece's operator is formatted once per export."""
    ops = link.ops
    if not ops:
        for p in link.pieces:
            ops.append(f"{fp_str(p[0], -p[1])} m")
            if _straight(p):
                ops.append(f"{fp_str(p[6], -p[7])} l")
            else:
                ops.append(f"{fp_str(p[2], -p[3], p[4], -p[5], p[6], -p[7])} c")
    if runs == [(0, len(link.pieces))]:  # the whole route: most links on most pages
        if not link.whole:
            link.whole = [ops[0], *ops[1::2]]
        return link.whole
    out: list[str] = []
    for first, end in runs:
        out.append(ops[2 * first])
        out += ops[2 * first + 1 : 2 * end : 2]
    return out


def _straight(p: tuple[float, ...]) -> bool:
    """Whether a cubic piece is a straight line (its control points on the chord)."""
    x0, y0, x1, y1, x2, y2, x3, y3 = p
    dx, dy = x3 - x0, y3 - y0
    return abs(dx * (y1 - y0) - dy * (x1 - x0)) < 1e-6 and (
        abs(dx * (y2 - y0) - dy * (x2 - x0)) < 1e-6)


def unshown_labels(doc: JourneyMap, layout: Layout) -> dict[str, list[str]]:
    """Per source card, "target title: label" of the links whose label the map shows
    shortened or not at all (no free spot): the annotations print them in full."""
    out: dict[str, list[str]] = {}
    for link in doc.links():
        route = layout.routes.get((link.source, link.target))
        if route is None or not route.label or (route.label_rect is not None
                                                and not route.elided):
            continue
        target = clean(doc.touchpoint(link.target).title, single_line=True) or "(untitled)"
        out.setdefault(link.source, []).append(f"to {target}: {route.label}")
    return out
