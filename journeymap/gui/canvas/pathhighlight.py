"""The worst/best path highlight: a glow around a path's cards and a broad stroke on its links.

One overlay item per scene paints every highlighted path. It sits above the links and below
the cards, so the glow rings the cards without covering their text. Its geometry comes from
the card items' current positions; :class:`PathHighlighter` recomputes it whenever the scene
lays the map out again and whenever the analysis names new paths. The document never changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymap.core.layout import Rect
from journeymap.core.routing import Route, provisional
from journeymap.gui.canvas.items import CardItem

if TYPE_CHECKING:
    from journeymap.gui.canvas.scene import MapScene

#: colours of the two highlights (worst: red-ish, best: green)
WORST_COLOUR = "#d32f2f"
BEST_COLOUR = "#2e7d32"

_LINK_WIDTH = 11.0
_GLOW_WIDTH = 7.0
_RING_WIDTH = 2.5


@dataclass(frozen=True)
class HighlightedPath:
    """One path to highlight: its touchpoints in order and its colour."""

    name: str
    touchpoints: tuple[str, ...]
    colour: str


class _Stroke:
    """The painter paths of one highlighted path, in scene coordinates."""

    def __init__(self, colour: QColor, links: QPainterPath, cards: list[QRectF]) -> None:
        self.colour = colour
        self.links = links
        self.cards = cards


class PathHighlightItem(QGraphicsItem):
    """Paints highlighted paths over the links and under the cards; takes no mouse input."""

    Z = 2.5  # links are at 2, cards at 3

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(self.Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.paths: dict[str, HighlightedPath] = {}
        self._strokes: list[_Stroke] = []
        self._bounds = QRectF()

    def set_paths(
        self,
        paths: Iterable[HighlightedPath],
        rects: Mapping[str, QRectF],
        routes: Mapping[tuple[str, str], Route] | None = None,
    ) -> None:
        """Highlight ``paths`` (replacing what was shown) at the cards' scene rectangles,
        along the links' routes."""
        self.paths = {path.name: path for path in paths}
        self.refresh(rects, routes)

    def highlighted(self, name: str) -> tuple[str, ...]:
        """The touchpoints highlighted under ``name`` (empty when none)."""
        path = self.paths.get(name)
        return () if path is None else path.touchpoints

    def refresh(
        self, rects: Mapping[str, QRectF], routes: Mapping[tuple[str, str], Route] | None = None
    ) -> None:
        """Recompute the picture from the cards' scene rectangles (ids without one are skipped)
        and the links' routes (a pair that is no link gets a plain curve)."""
        strokes: list[_Stroke] = []
        bounds = QRectF()
        for index, path in enumerate(self.paths.values()):
            ring = 3.5 + 4.5 * index  # a second path rings shared cards further out
            cards = [
                rects[t].adjusted(-ring, -ring, ring, ring) for t in path.touchpoints if t in rects
            ]
            links = QPainterPath()
            for a, b in zip(path.touchpoints, path.touchpoints[1:], strict=False):
                if a in rects and b in rects:
                    _add_link(links, a, b, rects, routes or {})
            strokes.append(_Stroke(QColor(path.colour), links, cards))
            for card in cards:
                bounds |= card
            if not links.isEmpty():
                bounds |= links.boundingRect()
        margin = _LINK_WIDTH + _GLOW_WIDTH
        bounds = bounds.adjusted(-margin, -margin, margin, margin) if bounds.isValid() else QRectF()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self._strokes = strokes
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for stroke in self._strokes:
            wash = QColor(stroke.colour)
            wash.setAlpha(90)
            link_pen = QPen(wash, _LINK_WIDTH)
            link_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(link_pen)
            painter.drawPath(stroke.links)
            glow = QColor(stroke.colour)
            glow.setAlpha(70)
            painter.setPen(QPen(glow, _GLOW_WIDTH))
            for card in stroke.cards:
                painter.drawRoundedRect(card, 9, 9)
            painter.setPen(QPen(stroke.colour, _RING_WIDTH))
            for card in stroke.cards:
                painter.drawRoundedRect(card, 9, 9)


def _add_link(
    path: QPainterPath, a: str, b: str, rects: Mapping[str, QRectF],
    routes: Mapping[tuple[str, str], Route],
) -> None:
    """The route the link item draws between two cards (see ``core.routing``)."""
    route = routes.get((a, b)) or provisional(a, b, _rect(rects[a]), _rect(rects[b]))
    first = route.pieces[0]
    path.moveTo(QPointF(first[0], first[1]))
    for p in route.pieces:
        path.cubicTo(QPointF(p[2], p[3]), QPointF(p[4], p[5]), QPointF(p[6], p[7]))


def _rect(r: QRectF) -> Rect:
    return Rect(r.x(), r.y(), r.width(), r.height())


class PathHighlighter:
    """Keeps one highlight item on the current canvas and follows that canvas's layout."""

    def __init__(self) -> None:
        self._item: PathHighlightItem | None = None
        self._scene: MapScene | None = None

    def item_on(self, scene: MapScene) -> PathHighlightItem | None:
        """The highlight item on ``scene``, if one was made there."""
        return self._item if self._scene is scene else None

    def show(self, scene: MapScene, paths: list[HighlightedPath]) -> None:
        """Highlight ``paths`` on ``scene`` (an empty list clears the highlight)."""
        item = self.item_on(scene)
        if item is None:
            if not paths:
                return
            item = self._item = PathHighlightItem()
            self._scene = scene
            scene.addItem(item)
            scene.relaidOut.connect(self._follow_layout)
        item.set_paths(paths, card_rects(scene.cards, [t for p in paths for t in p.touchpoints]),
                       link_routes(scene))

    def forget(self) -> None:
        """The canvas is being replaced; its item goes with it."""
        self._item = self._scene = None

    def _follow_layout(self) -> None:
        if self._item is not None and self._scene is not None:
            ids = [t for p in self._item.paths.values() for t in p.touchpoints]
            self._item.refresh(card_rects(self._scene.cards, ids), link_routes(self._scene))


def highlight_icon(hex_code: str) -> QIcon:
    """A small outlined card in a highlight's colour, for its action."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(hex_code)
    painter.setPen(QPen(fill, 3))
    painter.setBrush(QColor(fill.red(), fill.green(), fill.blue(), 60))
    painter.drawRoundedRect(QRectF(5, 9, 22, 14), 4, 4)
    painter.end()
    return QIcon(pixmap)


def link_routes(scene: MapScene) -> dict[tuple[str, str], Route]:
    """The routes the scene's links draw."""
    return {key: item.route for key, item in scene.links.items() if item.route is not None}


def card_rects(cards: Mapping[str, CardItem], ids: Iterable[str]) -> dict[str, QRectF]:
    """Scene rectangles of the named cards that are on the canvas."""
    out: dict[str, QRectF] = {}
    for tp_id in ids:
        item = cards.get(tp_id)
        if item is not None:
            out[tp_id] = item.scene_rect()
    return out


__all__ = [
    "BEST_COLOUR",
    "WORST_COLOUR",
    "HighlightedPath",
    "PathHighlightItem",
    "PathHighlighter",
    "card_rects",
    "highlight_icon",
]
