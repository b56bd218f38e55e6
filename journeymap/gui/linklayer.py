"""One cached picture of the map's links.

On a big map hundreds of long links cross the view, and stroking them is most of the cost
of a repaint. The layer paints every link that is not moving into one device-coordinate
cache (Qt keeps only the part in the view, and scrolls it), so a repaint is a copy of that
picture; a change repaints only the area of the links it touched. The links stay ordinary
items for selection, hit tests and tool tips; while a card is dragged its links are *live*
and paint themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from journeymap.gui.items import LinkItem


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
        for item in links.values():
            if item.live or not item.boundingRect().intersects(exposed) or not item.isVisible():
                continue
            wanted = item.opacity()
            if wanted != current:
                painter.setOpacity(opacity * wanted)
                current = wanted
            item.draw(painter, exposed, lod)
        painter.setOpacity(opacity)
