"""The canvas view: zoom, pan, fit, rubber-band selection, palette drops."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.canvas.toast import Badge, Toast

#: MIME type of palette drags; the payload is a channel id, or empty for a blank card.
PALETTE_MIME = "application/x-journeymap-palette"

MIN_ZOOM, MAX_ZOOM = 0.05, 4.0
#: Qt's pixmap cache (KiB) must hold the picture of the links (the size of the view, see
#: linklayer.py) and the cards in view; Qt's default of 10 MiB is less than one 4K view.
PIXMAP_CACHE_KB = 64 * 1024
READABLE_ZOOM = 0.55  # below this, card titles are too small to read comfortably
SCROLL_MARGIN_PX = 16  # room around the map, on screen


class MapView(QGraphicsView):
    """Shows a MapScene."""

    filesDropped = Signal(list)
    zoomChanged = Signal(float)
    #: printable text typed on the canvas that is no command (and no editor is open)
    typedText = Signal(str)
    #: Esc with no editor open (leave projector mode, clear the filter)
    escapePressed = Signal()

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene_ref = scene  # QGraphicsView does not own its scene
        self.setScene(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._space = False
        self._pan_from: QPointF | None = None
        self.toast = Toast(self)
        self.badge = Badge(self)
        #: refit whenever the view changes size (projector mode)
        self.keep_fitted = False
        #: the largest zoom Fit may choose (projector mode lets a small map grow)
        self.fit_max_zoom = 1.0
        scene.relaidOut.connect(self._update_scroll_rect)
        self._update_scroll_rect()

    def set_map_scene(self, scene: MapScene) -> None:
        self._scene_ref.relaidOut.disconnect(self._update_scroll_rect)
        self._scene_ref = scene
        self.setScene(scene)
        scene.relaidOut.connect(self._update_scroll_rect)
        self._update_scroll_rect()

    def _update_scroll_rect(self) -> None:
        """Scroll over the map plus a margin of SCROLL_MARGIN_PX on screen: a fitted map
        then leaves no scrollbars (which would take room and cut it off)."""
        margin = SCROLL_MARGIN_PX / max(self.zoom(), MIN_ZOOM)
        bounds = qrect(self._scene_ref.layout.bounds)
        self.setSceneRect(bounds.adjusted(-margin, -margin, margin, margin))
        self.stick_headers()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        self.stick_headers()

    def stick_headers(self) -> None:
        """Stage headers stay at the top of the view and lane headers at its left while the
        map scrolls (also after a zoom or a new layout)."""
        self._scene_ref.stick_headers(self.visible_scene_rect())

    @property
    def map_scene(self) -> MapScene:
        return self._scene_ref

    # ------------------------------------------------------------------ zoom
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        current = self.zoom()
        if current > 0 and abs(current - factor) > 1e-6:
            self.scale(factor / current, factor / current)
            self._update_scroll_rect()
            self.zoomChanged.emit(factor)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom() * step)

    def fit_zoom(self) -> float:
        """The zoom at which the whole map fits the view on both axes, scrollbars gone."""
        bounds = qrect(self._scene_ref.layout.bounds)
        room = self.maximumViewportSize()
        pad = 2 * SCROLL_MARGIN_PX
        by_width = (room.width() - pad) / max(1.0, bounds.width())
        by_height = (room.height() - pad) / max(1.0, bounds.height())
        return max(MIN_ZOOM, min(self.fit_max_zoom, by_width, by_height))

    def fit(self) -> None:
        """Fit the whole map, both axes (Ctrl+0)."""
        self.set_zoom(self.fit_zoom())
        self._update_scroll_rect()
        self.centerOn(qrect(self._scene_ref.layout.bounds).center())
        self.zoomChanged.emit(self.zoom())

    def is_fitted(self) -> bool:
        """True when the whole map is inside the viewport and no scrollbar shows."""
        bounds = qrect(self._scene_ref.layout.bounds)
        shown = self.visible_scene_rect().adjusted(-0.5, -0.5, 0.5, 0.5)
        bars = self.horizontalScrollBar().isVisible() or self.verticalScrollBar().isVisible()
        return shown.contains(bounds) and not bars

    def first_view(self) -> None:
        """The view a map opens with: the whole map when it is readable that way, otherwise
        the map's full height from its left edge (text stays legible; Ctrl+0 fits it all)."""
        self.fit()
        if self.zoom() >= READABLE_ZOOM:
            return
        bounds = qrect(self._scene_ref.layout.bounds)
        viewport = self.viewport().rect()
        by_height = viewport.height() / max(1.0, bounds.height())
        self.set_zoom(max(self.zoom(), min(1.0, max(READABLE_ZOOM, by_height))))
        zoom = self.zoom()
        half_w, half_h = viewport.width() / (2 * zoom), viewport.height() / (2 * zoom)
        y = bounds.center().y() if bounds.height() <= 2 * half_h else bounds.top() + half_h
        self.centerOn(QPointF(bounds.left() + half_w, y))
        self.zoomChanged.emit(zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.zoom_by(1.15**steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        """While a title is being typed, Tab belongs to the editor (next card), not to focus."""
        if self._scene_ref.editor is not None:
            return False
        return super().focusNextPrevChild(next)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.stick_headers()
        if self.keep_fitted:
            self.fit()
        if self.toast.isVisible():
            self.toast.place()
        if self.badge.isVisible():
            self.badge.place()

    # ------------------------------------------------------------------ keys and panning
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._scene_ref.editor is None:
            if event.key() == Qt.Key.Key_Escape:
                self.escapePressed.emit()
                event.accept()
                return
            if is_stray_text(event):
                self.typedText.emit(event.text())
                event.accept()
                return
        if (
            event.key() == Qt.Key.Key_Space
            and not event.isAutoRepeat()
            and self._scene_ref.editor is None
        ):
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space:
            self._space = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._scene_ref.last_mouse = self.mapToScene(event.position().toPoint())
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ------------------------------------------------------------------ drops
    def _accepts(self, mime: QMimeData) -> bool:
        return mime.hasFormat(PALETTE_MIME) or mime.hasUrls()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        if mime.hasFormat(PALETTE_MIME):
            pos = self.mapToScene(event.position().toPoint())
            scene = self._scene_ref
            cell = scene.layout.cell_at(pos.x(), pos.y())
            if cell is None:
                scene.indicator.hide()
                event.ignore()
                return
            count = len(scene.doc.cell(*cell))
            index = scene.layout.insertion_index(*cell, pos.x(), pos.y(), count)
            scene.indicator.show_at(qrect(scene.layout.card_rect(*cell, index)))
            event.acceptProposedAction()
        elif mime.hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self._scene_ref.indicator.hide()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        self._scene_ref.indicator.hide()
        if mime.hasFormat(PALETTE_MIME):
            channel = bytes(mime.data(PALETTE_MIME).data()).decode("utf-8") or None
            pos = self.mapToScene(event.position().toPoint())
            if drop_card(self._scene_ref, channel, pos):
                # the keys typed next go to the card's title, not to the palette they came from
                self.activateWindow()
                self.setFocus(Qt.FocusReason.OtherFocusReason)
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        if mime.hasUrls():
            self.filesDropped.emit([u.toLocalFile() for u in mime.urls()])
            event.acceptProposedAction()
            return
        event.ignore()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


def is_stray_text(event: QKeyEvent) -> bool:
    """A printable character typed without Ctrl, Alt or Meta (commands are shortcuts and
    never get here), which starts a new card instead of being lost."""
    text = event.text()
    held = event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )
    return len(text) == 1 and text.isprintable() and not text.isspace() and not held


def drop_card(scene: MapScene, channel: str | None, pos: QPointF) -> bool:
    """Open a new card's title for typing where a palette item was dropped at ``pos``.

    The title starts as the channel's name, selected, so typing replaces it; Enter (or a
    click elsewhere) creates the card with an id made from the title it ends up with.
    """
    cell = scene.layout.cell_at(pos.x(), pos.y())
    if cell is None:
        scene.status.emit("Drop the card on a cell of the grid.")
        return False
    doc = scene.doc
    count = len(doc.cell(*cell))
    index = scene.layout.insertion_index(*cell, pos.x(), pos.y(), count)
    name = doc.channel(channel).name if channel else "New touchpoint"
    scene.clearSelection()
    scene.new_card_in(cell[0], cell[1], index, name, channel)
    return True
