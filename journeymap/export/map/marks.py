"""Journey insights drawn on the map: the worst path and the ranked moments of truth.

The worst path is a wide translucent red band under its links, the links themselves drawn
over it in a thick dark red, and a dashed red ring around each of its cards: colour, width
and pattern together, so the path still reads when printed in greyscale. A ranked moment of
truth gets an orange pill with a star and its rank on the card's top edge (the rank of the
plan's findings and of the annotations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from journeymap.core.layout import Rect
from journeymap.core.routing import Route
from journeymap.export.insights import MapInsights
from journeymap.export.map.linkindex import hits
from journeymap.export.pen import arrow_points, star_points

if TYPE_CHECKING:
    from journeymap.export.map.draw import MapPainter

PATH_BAND: Final = "#e53935"
PATH_INK: Final = "#b71c1c"
BAND_WIDTH: Final = 12.0
BAND_ALPHA: Final = 0.3
LINE_WIDTH: Final = 3.0
RING_GAP: Final = 4.5
RING_WIDTH: Final = 2.6
RING_DASH: Final = (7.0, 3.5)
MOMENT_FILL: Final = "#e65100"
MOMENT_STAR: Final = "#ffd54f"
PILL_H: Final = 15.0


def badge_rects(painter: MapPainter, insights: MapInsights) -> list[Rect]:
    """Where the ranked moments' pills go (over the cards' top edges, sticking out above
    them): the router keeps link labels off them (``Layout.set_marks``)."""
    cards = painter.layout.cards
    out = []
    for tp_id, rank in insights.ranks.items():
        rect = cards.get(tp_id)
        if rect is not None:
            w = 24.0 + painter.kit.width(str(rank), 9, bold=True)
            out.append(Rect(rect.right + 5 - w, rect.y - 9, w, PILL_H))
    return out


class MapMarks:
    """Draws the insights of one export on the map pages, culled to each page's region."""

    def __init__(self, painter: MapPainter, insights: MapInsights) -> None:
        self.p, self.insights = painter, insights
        layout = painter.layout
        self._paths: list[tuple[Route, tuple[float, float, float, float]]] = []
        for source, target in sorted(insights.path_links):
            route = layout.routes.get((source, target))
            if route is None:
                continue
            xs = [v for p in route.pieces for v in p[0::2]]
            ys = [v for p in route.pieces for v in p[1::2]]
            pad = BAND_WIDTH
            box = (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)
            self._paths.append((route, box))

    def _visible(self, region: Rect | None) -> list[Route]:
        return [g for g, (x0, y0, x1, y1) in self._paths
                if hits(Rect(x0, y0, x1 - x0, y1 - y0), region)]

    def _curve(self, route: Route) -> None:
        """The link's route, as the links layer draws it."""
        c = self.p.c
        path = c.beginPath()
        self.p._trace(path, list(route.pieces))
        c.drawPath(path, stroke=1, fill=0)

    def under_links(self, region: Rect | None) -> None:
        """The translucent band the ordinary links are drawn over."""
        visible = self._visible(region)
        if not visible:
            return
        c, p = self.p.c, self.p
        c.saveState()
        c.setLineCap(1)
        c.setStrokeAlpha(BAND_ALPHA)
        p._stroke(PATH_BAND, BAND_WIDTH)
        for g in visible:
            self._curve(g)
        c.restoreState()

    def over_links(self, region: Rect | None) -> None:
        """The path's links again, thick and dark, with their arrowheads."""
        visible = self._visible(region)
        if not visible:
            return
        c, p = self.p.c, self.p
        c.saveState()
        c.setLineCap(1)
        p._stroke(PATH_INK, LINE_WIDTH)
        p._fill(PATH_INK)
        for g in visible:
            self._curve(g)
            self._arrow(g)
        c.restoreState()

    def _arrow(self, g: Route) -> None:
        self.p._polygon(arrow_points(g, 11.0, 0.55))

    def under_cards(self, region: Rect | None) -> None:
        """Rings around the path's cards (under the cards' own badges)."""
        cards = self.p.layout.cards
        for tp_id in self.insights.steps:
            rect = cards[tp_id]
            if hits(rect, region, 10):
                self.ring(rect.x, rect.y, rect.w, rect.h)

    def over_cards(self, region: Rect | None, detail: bool) -> None:
        """The moment-of-truth pills on the cards' top edges."""
        p, insights = self.p, self.insights
        cards = p.layout.cards
        for tp_id, rank in insights.ranks.items():
            rect = cards[tp_id]
            if hits(rect, region, 12):
                w = self.pill_width(rank)
                self.pill(rect.right + 5 - w, rect.y - 9, rank, detail)

    def sample(self, x: float, y: float, length: float) -> None:
        """A short piece of the path as the legends show it, from (x, y) to the right."""
        c, p = self.p.c, self.p
        c.saveState()
        c.setLineCap(1)
        c.setStrokeAlpha(BAND_ALPHA)
        p._stroke(PATH_BAND, 10)
        p._line(x + 4, y, x + length - 4, y)
        c.restoreState()
        p._stroke(PATH_INK, LINE_WIDTH * 0.85)
        p._line(x + 4, y, x + length - 4, y)

    def ring(self, x: float, y: float, w: float, h: float) -> None:
        c, p = self.p.c, self.p
        c.saveState()
        p._stroke(PATH_INK, RING_WIDTH)
        c.setDash(list(RING_DASH), 0)
        g = RING_GAP
        p._round(x - g, y - g, w + 2 * g, h + 2 * g, 6 + g, fill=False, stroke=True)
        c.restoreState()

    def pill_width(self, rank: int) -> float:
        return 24.0 + self.p.kit.width(str(rank), 9, bold=True)  # as in badge_rects

    def pill(self, x: float, y: float, rank: int, detail: bool = True) -> None:
        """The ranked moment's pill with its top-left at (x, y)."""
        p = self.p
        w = self.pill_width(rank)
        p._stroke("#ffffff", 1.2)
        p._fill(MOMENT_FILL)
        p._round(x, y, w, PILL_H, PILL_H / 2, stroke=True)
        star(p, x + 9.5, y + PILL_H / 2 + 0.6, 5.6)
        if detail:
            p._fill("#ffffff")
            p._text(x + 17, p._baseline(y, PILL_H, 9), str(rank), 9, bold=True)


def star(p: MapPainter, cx: float, cy: float, outer: float) -> None:
    """A five-pointed star filled with the pill's star colour."""
    p._fill(MOMENT_STAR)
    p._polygon(star_points(cx, cy, outer))
