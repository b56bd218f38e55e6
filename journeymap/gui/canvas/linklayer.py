"""One cached picture of the map's links.

On a big map hundreds of long links cross the view, and stroking them is most of the cost
of a repaint. The layer paints every link that is not moving into one device-coordinate
cache (Qt keeps only the part in the view, and scrolls it), so a repaint is a copy of that
picture; a change repaints only the area of the links it touched. The links stay ordinary
items for selection, hit tests and tool tips; while a card is dragged its links are *live*
and paint themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from journeymap.core import appearance, measured
from journeymap.core.routing import LABEL_PAD, LABEL_SIZE, Route
from journeymap.gui.canvas.curves import PiecewiseCurve
from journeymap.gui.canvas.items import DETAIL_LOD, _lod, gestures_of
from journeymap.gui.canvas.painting import colour, font

LABEL_EDGE = "#b0bec5"  # the border of a label's backing and its leader line

BASE_WIDTH = 1.6


@lru_cache(maxsize=64)
def _link_pen(rgba: int, width: float, dashes: tuple[float, ...]) -> QPen:
    pen = QPen(QColor.fromRgba(rgba), width)
    if dashes:
        pen.setDashPattern(list(dashes))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class LinkItem(QGraphicsObject):
    """An arrow between two cards along its route (``core.routing``); line style shows the
    kind, the label sits where the router put it (full text in the tool tip).

    In a scene with a ``link_layer`` (see :mod:`journeymap.gui.canvas.linklayer`) the layer paints
    the link from its cache; a *live* link (a card at one end is being dragged) paints itself.
    Such a scene calls :meth:`placed` after adding the link, :meth:`leaving` before removing
    it, and :meth:`refresh` when its selection changes.
    """

    Type = QGraphicsItem.UserType + 2

    def __init__(self, source: str, target: str) -> None:
        super().__init__()
        self.source, self.target = source, target
        self.kind = "flow"
        self.label = ""
        self.stroke_width = BASE_WIDTH  # by traffic share when measured (core.measured)
        self.stroke_ink = appearance.LINK_COLOUR
        self.route: Route | None = None
        self.live = False
        self._path_made: QPainterPath | None = QPainterPath()
        self._curve_made: PiecewiseCurve | None = PiecewiseCurve([])  # culled per repaint
        self._path_box = QRectF()
        self._head = QPolygonF()
        self._leader: QPainterPath | None = None
        self._label_text = ""
        self._label_box = QRectF()  # where the router put the label
        self._label_drawn = QRectF()  # where it is drawn: larger in projector mode
        self.label_scale = 1.0
        self._squeeze: float | None = None
        self._bounds = QRectF()
        self._highlight: QColor | None = None
        self.dimmed = False
        # paint() gets the exposed part in option.exposedRect and strokes only that part
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption
        )
        self.setZValue(2)

    def type(self) -> int:
        return self.Type

    @property
    def highlight(self) -> QColor | None:
        return self._highlight

    @highlight.setter
    def highlight(self, value: QColor | None) -> None:
        self._highlight = value
        self.refresh()

    def _layer(self) -> Any:
        """The scene's link layer while it paints this link, else None."""
        scene = self.scene()
        return None if scene is None or self.live else getattr(scene, "link_layer", None)

    def refresh(self) -> None:
        """Paint the link again, in the layer's picture or as an item of its own."""
        layer = self._layer()
        if layer is not None:
            layer.invalidate(self._bounds)
        else:
            self.update()

    def placed(self) -> None:
        """The scene has added the link: its layer, if it has one, paints it from now on."""
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, self._layer() is not None)
        self.refresh()

    def leaving(self) -> None:
        """The scene is about to remove the link: out of the layer's picture."""
        layer = self._layer()
        if layer is not None:
            layer.invalidate(self._bounds)

    def set_live(self, live: bool) -> None:
        """Paint the link as an item of its own (True: it is moving) or from the layer."""
        if live == self.live:
            return
        self.refresh()  # out of the layer's picture, or where it painted itself
        self.live = live
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, self._layer() is not None)
        if not live:
            self._rebound()  # its exact bounding rect again
        self.refresh()

    def set_dimmed(self, dimmed: bool) -> None:
        """Faded out by a filter."""
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self.setOpacity(0.15 if dimmed else 1.0)
            self.refresh()

    def set_link(self, kind: str, label: str) -> None:
        """The link's kind and full label (the drawn text comes with the route)."""
        self.kind, self.label = kind, label
        self.setToolTip(label or appearance.LINK_KIND_NAMES.get(kind, kind))
        self.refresh()

    def set_metrics(self, metrics: Mapping[str, float]) -> None:
        """Width by traffic share, and the deviation colour for a link found in the data."""
        self.stroke_width = measured.link_width(metrics, BASE_WIDTH)
        self.stroke_ink = measured.link_colour(metrics, appearance.LINK_COLOUR)
        self.refresh()

    def set_route(self, route: Route) -> None:
        """Draw along ``route`` from now on (nothing happens when it draws the same)."""
        if route.same_path(self.route):
            self.route = route
            return
        self.route = route
        # the pieces and the path are made when first painted or hit: at open most links
        # lie outside the view; the points' box holds the path (corners and control points)
        self._curve_made = None
        self._path_made = None
        xs = [p.x for p in route.points]
        ys = [p.y for p in route.points]
        self._path_box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        self._head = QPolygonF([QPointF(p.x, p.y) for p in route.head])
        r = route.label_rect
        self._label_box = QRectF() if r is None else QRectF(r.x, r.y, r.w, r.h)
        self._label_text = route.label_text if r is not None else ""
        self._label_drawn, self.label_scale = QRectF(self._label_box), 1.0
        self._squeeze = None
        self._leader = None
        if route.leader is not None:
            leader = QPainterPath(QPointF(route.leader[0].x, route.leader[0].y))
            for p in route.leader[1:]:
                leader.lineTo(QPointF(p.x, p.y))
            self._leader = leader
        self._rebound()

    @property
    def _curve(self) -> PiecewiseCurve:
        """The route's pieces, culled per repaint (made on first use)."""
        if self._curve_made is None:
            assert self.route is not None
            self._curve_made = PiecewiseCurve(
                [((p[0], p[1]), (p[2], p[3]), (p[4], p[5]), (p[6], p[7]))
                 for p in self.route.pieces])
        return self._curve_made

    @property
    def _path(self) -> QPainterPath:
        """The whole route as one path (made on first use)."""
        if self._path_made is None:
            self._path_made = self._curve.whole()
        return self._path_made

    def _label_rect(self) -> QRectF:
        return self._label_drawn

    def route_path_rect(self) -> QRectF:
        """The scene rectangle the route and its arrowhead take (null without a route)."""
        return self._path.boundingRect() | self._head.boundingRect()

    def label_box(self) -> QRectF:
        """Where the router put the label (null when the link has none)."""
        return QRectF(self._label_box)

    def drawn_label(self) -> QRectF:
        """Where the label is drawn (null when the link has none)."""
        return QRectF(self._label_drawn)

    def show_label(self, box: QRectF, scale: float) -> None:
        """Draw the label in ``box`` at ``scale`` times its size (projector mode)."""
        if box != self._label_drawn or scale != self.label_scale:
            self.refresh()  # where it was
            self._label_drawn, self.label_scale = QRectF(box), scale
            self._squeeze = None
            self._rebound()

    def _rebound(self) -> None:
        bounds = self._path_box.adjusted(-8, -8, 8, 8) | self._label_drawn
        bounds |= self._head.boundingRect().adjusted(-2, -2, 2, 2)
        if self.live and self._bounds.contains(bounds):
            # A moving link keeps its (grown) bounding rect while the new one fits inside:
            # no re-indexing per mouse move; the update covers where it was and where it is.
            self.update()
            return
        layer = self._layer()
        if layer is not None:
            layer.invalidate(self._bounds)  # where it was
        self.prepareGeometryChange()
        self._bounds = (self._bounds | bounds).adjusted(-48, -48, 48, 48) if self.live else bounds
        self.refresh()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        shape = stroker.createStroke(self._path)
        label = self._label_rect()
        if not label.isNull():
            shape.addRect(label)
        return shape

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._layer() is None:
            self.draw(painter, option.exposedRect, _lod(option, painter))

    def draw(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        """Paint the part of the link near ``exposed`` (item coordinates), at detail ``lod``."""
        self.draw_line(painter, exposed, lod)
        self.draw_label(painter, exposed, lod)

    def draw_line(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        """The route and its arrowhead."""
        if self.route is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        selected = self.isSelected()
        ink = self._highlight or colour("#1565c0" if selected else self.stroke_ink)
        base = self.stroke_width
        width = max(3.0, base) if self._highlight is not None else (
            max(2.2, base) if selected else base)
        dashes = appearance.LINK_DASHES.get(self.kind, ())
        # only the pieces near the exposed part: the stroke, its caps and antialiasing
        path = self._curve.path(exposed, width + 2.0 / max(lod, 0.01), from_start=bool(dashes))
        if path is not None:
            painter.setPen(_link_pen(ink.rgba(), width, dashes))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawPolygon(self._head)

    def _label_squeeze(self) -> float:
        """How much narrower than the font sets it the label's text is drawn (1: not at
        all), so that it stays inside the box the core measured for it, whatever font the
        machine substitutes (measured once per route)."""
        if self._squeeze is None:
            room = self._label_drawn.width() - 2 * LABEL_PAD * self.label_scale
            size = round(LABEL_SIZE * self.label_scale)
            wide = QFontMetricsF(font(size)).horizontalAdvance(self._label_text)
            self._squeeze = 1.0 if wide <= room or wide <= 0 else room / wide
        return self._squeeze

    def label_drawn_rect(self) -> QRectF:
        """Everything the label paints (backing, its pen and the text), in scene
        coordinates; a null rect when the label has no place."""
        box = self._label_drawn
        if box.isNull():
            return QRectF()
        metrics = QFontMetricsF(font(round(LABEL_SIZE * self.label_scale)))
        text = metrics.boundingRect(box, Qt.AlignmentFlag.AlignCenter, self._label_text)
        squeeze = self._label_squeeze()
        c = box.center().x()
        text = QRectF(c + (text.left() - c) * squeeze, text.top(), text.width() * squeeze,
                      text.height())
        return self.mapRectToScene(box.adjusted(-0.4, -0.4, 0.4, 0.4) | text)

    def draw_label(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        """The label on its backing (and its leader line), where the router put it."""
        label = self._label_drawn
        if not label.isNull() and lod >= DETAIL_LOD and label.intersects(exposed):
            if self._leader is not None:
                painter.setPen(QPen(colour(LABEL_EDGE), 0.9, Qt.PenStyle.DotLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(self._leader)
            painter.setPen(QPen(colour(LABEL_EDGE), 0.8))
            painter.setBrush(colour("#ffffff"))
            painter.drawRoundedRect(label, 4, 4)
            painter.setPen(colour(appearance.MUTED_INK))
            painter.setFont(font(round(LABEL_SIZE * self.label_scale)))
            squeeze = self._label_squeeze()
            if squeeze < 1.0:  # a wider font than the core's: narrowed into the box
                painter.save()
                c = label.center().x()
                painter.translate(c, 0)
                painter.scale(squeeze, 1.0)
                painter.translate(-c, 0)
                painter.drawText(QRectF(c - label.width() / 2 / squeeze, label.top(),
                                        label.width() / squeeze, label.height()),
                                 Qt.AlignmentFlag.AlignCenter, self._label_text)
                painter.restore()
            else:
                painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self._label_text)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        gestures_of(self).edit_link_label(self.source, self.target)
        event.accept()


class LinkLayer(QGraphicsItem):
    """Paints the links (``scene.links``) that are not live, at their stacking level, from a
    cache."""

    def __init__(self) -> None:
        super().__init__()
        self._bounds = QRectF()
        self.setZValue(2)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_bounds(self, rect: QRectF) -> None:
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)
            self.update()

    def invalidate(self, rect: QRectF) -> None:
        """Paint this part of the picture again (scene coordinates)."""
        scene = self.scene()
        views = scene.views() if scene is not None else []
        if not views:
            self.update()  # nothing shows it: the next picture is made whole anyway
        elif not rect.isEmpty():
            rect = rect & self._cached_area(views)
            if not rect.isEmpty():
                self.update(rect)

    def _cached_area(self, views: list[QGraphicsView]) -> QRectF:
        """Where the caches of the views hold a picture. Qt renders the bounding rectangle of
        all invalidated areas into one scratch pixmap, even the part outside the cache, and a
        link between distant cards is thousands of pixels tall: keep to what is cached."""
        area = QRectF()
        for view in views:
            port = view.viewport().rect()
            seen = view.mapFromScene(self._bounds).boundingRect()
            # the whole layer is cached when it is not much larger than the view (Qt: 1.2×)
            if seen.width() <= port.width() * 1.25 and seen.height() <= port.height() * 1.25:
                return QRectF(self._bounds)
            area |= view.mapToScene(port.adjusted(-4, -4, 4, 4)).boundingRect()
        return area

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never under the mouse: clicks and hit tests go to the links

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.scene()
        if scene is None:
            return
        exposed = option.exposedRect
        device = painter.device()
        if device is not None:  # the cache holds the part in the view only
            inverse, ok = painter.worldTransform().inverted()
            if ok:
                exposed = exposed & inverse.mapRect(QRectF(0, 0, device.width(), device.height()))
        if exposed.isEmpty():
            return
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        opacity = painter.opacity()
        current = 1.0
        links: dict[object, LinkItem] = getattr(scene, "links", {})
        # All links stand at one z, so Qt stacks them in the order they were added: the
        # scene's dict keeps that order (a link removed and added again goes last in both).
        # Every line first, then every label: no line runs over another link's label.
        shown = [item for item in links.values() if not item.live and item.isVisible()
                 and item.boundingRect().intersects(exposed)]
        for step in (LinkItem.draw_line, LinkItem.draw_label):
            for item in shown:
                wanted = item.opacity()
                if wanted != current:
                    painter.setOpacity(opacity * wanted)
                    current = wanted
                step(item, painter, exposed, lod)
        painter.setOpacity(opacity)
