"""The as-is / to-be marks on the map PDF: the editor's comparison marks, in print.

Wraps the map's other marks (the journey insights) so both are drawn: the as-is emotion
curve (dashed grey) and coloured outlines around the changed cards under the cards (their
number badges stay readable), ghosts of removed cards and a note pill on each changed card
over them. Geometry and texts come from
:mod:`journeymap.core.comparison`; colours match the canvas, and each mark also differs in
pattern (solid, dashed) so it reads in greyscale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from journeymap.core import appearance
from journeymap.core.comparison import COLOURS, LEGEND, Comparison
from journeymap.core.layout import Rect
from journeymap.export.map.linkindex import hits

if TYPE_CHECKING:
    from journeymap.export.map.draw import MapPainter, Overlay

RING: Final = 4.0
PILL_H: Final = 14.0
PILL_TEXT: Final = 8.5
PILL_INSET: Final = 8.0
OLD_CURVE: Final = "#757575"
GHOST_FILL: Final = "#fbe9e9"  # the removed colour, washed out (no transparency needed)
DASH: Final = (6.0, 3.0)
Item = Callable[[float, float], None]


class CompareMarks:
    """An overlay drawing a comparison's marks, then (in their places) the inner overlay's."""

    def __init__(self, painter: MapPainter, comparison: Comparison,
                 inner: Overlay | None = None) -> None:
        self.p, self.comparison, self.inner = painter, comparison, inner

    def under_links(self, region: Rect | None) -> None:
        if self.inner is not None:
            self.inner.under_links(region)

    def over_links(self, region: Rect | None) -> None:
        if self.inner is not None:
            self.inner.over_links(region)

    def under_cards(self, region: Rect | None) -> None:
        if self.inner is not None:
            self.inner.under_cards(region)
        self._old_curve(region)
        cards = self.p.layout.cards
        for tp_id, mark in self.comparison.cards.items():  # rings outside the cards, under
            rect = cards.get(tp_id)  # their number badges and moment pills
            if rect is not None and hits(rect, region, 12):
                self.outline(rect, mark.status)

    def over_cards(self, region: Rect | None, detail: bool) -> None:
        for ghost in self.comparison.ghosts:
            if ghost.rect is not None and hits(ghost.rect, region, 10):
                self.ghost(ghost.rect, ghost.title, detail)
        cards = self.p.layout.cards
        for tp_id, mark in self.comparison.cards.items():
            rect = cards.get(tp_id)
            if rect is None or not hits(rect, region, 12):
                continue
            if detail and mark.note:
                self.pill(rect, mark.note, COLOURS[mark.status])
        if self.inner is not None:
            self.inner.over_cards(region, detail)

    # ------------------------------------------------------------------ pieces
    def outline(self, rect: Rect, status: str) -> None:
        c, p = self.p.c, self.p
        c.saveState()
        p._stroke(COLOURS[status], 2.6)
        if status == "moved":
            c.setDash(list(DASH), 0)
        g = RING
        p._round(rect.x - g, rect.y - g, rect.w + 2 * g, rect.h + 2 * g, 6 + g,
                 fill=False, stroke=True)
        c.restoreState()

    def ghost(self, rect: Rect, title: str, detail: bool = True) -> None:
        c, p = self.p.c, self.p
        c.saveState()
        p._fill(GHOST_FILL)
        p._round(rect.x, rect.y, rect.w, rect.h, 6)
        p._stroke(COLOURS["removed"], 1.8)
        c.setDash(list(DASH), 0)
        p._round(rect.x, rect.y, rect.w, rect.h, 6, fill=False, stroke=True)
        c.setDash()
        c.restoreState()
        if not detail:
            return
        lines = p.kit.wrap(title or "(untitled)", 11, rect.w - 20, bold=True, max_lines=3)
        p._fill("#8e2424")
        for n, line in enumerate(lines):
            p._text(rect.x + 10, rect.y + 18 + n * 14, line, 11, bold=True)
        self.pill(rect, "removed", COLOURS["removed"])

    def pill(self, card: Rect, text: str, fill: str) -> None:
        """A note on the card's bottom edge, from the left, shortened to the card's width."""
        p = self.p
        shown = p.kit.elide(text, PILL_TEXT, card.w - 2 * PILL_INSET - 12, bold=True)
        w = p.kit.width(shown, PILL_TEXT, bold=True) + 12
        # left on the edge: labels of links leaving the card's bottom sit at its centre
        x, y = card.x + PILL_INSET, card.bottom - PILL_H / 2 + 2
        p._stroke("#ffffff", 1.0)
        p._fill(fill)
        p._round(x, y, w, PILL_H, PILL_H / 2, stroke=True)
        p._fill("#ffffff")
        p._text(x + 6, p._baseline(y, PILL_H, PILL_TEXT), shown, PILL_TEXT, bold=True)

    def _old_curve(self, region: Rect | None) -> None:
        points = self.comparison.old_curve
        band = self.p.layout.emotion_band
        if len(points) < 2 or not hits(band, region):
            return
        c, p = self.p.c, self.p
        c.saveState()
        p._stroke(OLD_CURVE, 1.8)
        p._polyline(((pt.x, pt.y) for pt in points), list(DASH))
        p._fill("#ffffff")
        for pt in points:
            p._circle(pt.x, pt.y, 3.0, stroke=True)
        c.restoreState()


def compare_items(p: MapPainter, label_w: Callable[[str], float]) -> list[tuple[float, Item,
                                                                             float]]:
    """The legend entries of the comparison marks, when the map is compared."""
    marks = p.marks
    if not isinstance(marks, CompareMarks):
        return []
    out: list[tuple[float, Item, float]] = []
    for status, _meaning in LEGEND:
        text = {"added": "Added", "removed": "Removed (ghost)", "changed": "Changed",
                "moved": "Moved"}[status]

        def draw(x: float, y: float, status: str = status, text: str = text) -> None:
            c = p.c
            c.saveState()
            p._stroke(COLOURS[status], 2.2)
            if status in ("moved", "removed"):
                c.setDash([4.0, 2.0], 0)
            p._round(x + 1, y + 1, 22, 12, 3, fill=False, stroke=True)
            c.restoreState()
            p._fill(appearance.INK)
            p._text(x + 30, y + 11, text, 11)

        out.append((30 + label_w(text), draw, 14))

    def draw_curve(x: float, y: float) -> None:
        c = p.c
        c.saveState()
        p._stroke(OLD_CURVE, 1.8)
        c.setDash(list(DASH), 0)
        p._line(x, y + 7, x + 30, y + 7)
        c.restoreState()
        p._fill(appearance.INK)
        p._text(x + 38, y + 11, "As-is emotion", 11)

    out.append((38 + label_w("As-is emotion"), draw_curve, 24))
    return out


def compare_rows(painter: MapPainter, row: Callable[[Callable[[MapPainter], None], str, str],
                                                    Flowable], heading: ParagraphStyle
                 ) -> list[Flowable]:
    """The legend page's rows for the comparison marks, when the map is compared."""
    marks = painter.marks
    if not isinstance(marks, CompareMarks):
        return []
    c = marks.comparison
    out: list[Flowable] = [Paragraph("Compared with the as-is map", heading)]
    for status, meaning in LEGEND:
        text = {"added": "Added", "removed": "Removed", "changed": "Changed",
                "moved": "Moved"}[status]
        detail = {
            "added": "a card the as-is map does not have; outlined",
            "removed": "a card only the as-is map has, drawn as a dashed ghost in its old cell",
            "changed": "outlined; the note names the changed fields, ▲/▼ the emotion change",
            "moved": "outlined with dashes; the note names the stage (or cell) it came from",
        }[status]
        del meaning
        out.append(row(_legend_icon(status), f"{text} ({c.count(status)})", detail))
    out.append(row(_curve_icon, "As-is emotion",
                   "the as-is map's emotions, dashed, at the cards' places on this map"))
    return out


def _legend_icon(status: str) -> Callable[[MapPainter], None]:
    def draw(p: MapPainter) -> None:
        c = p.c
        c.saveState()
        if status == "removed":
            p._fill(GHOST_FILL)
            p._round(2, 2, 30, 16, 4)
        p._stroke(COLOURS[status], 2.2)
        if status in ("moved", "removed"):
            c.setDash([4.0, 2.0], 0)
        p._round(2, 2, 30, 16, 4, fill=False, stroke=True)
        c.restoreState()
    return draw


def _curve_icon(p: MapPainter) -> None:
    c = p.c
    c.saveState()
    p._stroke(OLD_CURVE, 1.8)
    c.setDash(list(DASH), 0)
    p._line(2, 10, 34, 10)
    c.restoreState()


__all__ = ["CompareMarks", "compare_items", "compare_rows"]
