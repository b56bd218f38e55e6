"""Canvas items. They paint and report gestures to their scene; they never hold the
document, push commands or decide rules."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Protocol, cast

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from journeymap.core import appearance
from journeymap.core.measured import Chip
from journeymap.gui.canvas.curves import PiecewiseCurve
from journeymap.gui.canvas.measured import CHIP_H, paint_card_measures
from journeymap.gui.canvas.painting import colour, font, paint_badge, paint_face, star_polygon


class Gestures(Protocol):
    """What items report to their scene: the scene turns gestures into commands."""

    linking: bool

    def card_pressed(self, card: CardItem) -> None: ...
    def card_moved(self, card: CardItem) -> None: ...
    def cards_dragged(self, card: CardItem) -> None: ...
    def cards_released(self, card: CardItem) -> None: ...
    def card_context_menu(self, card: CardItem, screen_pos: QPoint) -> None: ...
    def edit_title(self, tp_id: str) -> None: ...
    def begin_link(self, card: CardItem, pos: QPointF) -> None: ...
    def drag_link(self, pos: QPointF) -> None: ...
    def end_link(self, pos: QPointF) -> None: ...
    def edit_link_label(self, source: str, target: str) -> None: ...
    def rename_header(self, axis: str, item_id: str) -> None: ...
    def header_dragged(self, header: HeaderItem, pos: QPointF) -> None: ...
    def header_released(self, header: HeaderItem, pos: QPointF, moved: bool) -> None: ...
    def header_context_menu(self, axis: str, item_id: str, screen_pos: QPoint) -> None: ...


def gestures_of(item: QGraphicsItem) -> Gestures:
    """The scene of an item, seen as the receiver of its gestures."""
    return cast(Gestures, item.scene())


HANDLE_R = 6.0
DETAIL_LOD = 0.3  # below this zoom, cards and headers are drawn without text


def wrap_text(text: str, qfont: QFont, width: float, max_lines: int) -> list[str]:
    """Lines of ``text`` wrapped to ``width``; the last line elided when there is more."""
    text = " ".join(text.split())
    if not text:
        return []
    layout = QTextLayout(text, qfont)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
        if len(lines) > max_lines:
            break
    layout.endLayout()
    if len(lines) > max_lines:
        metrics = QFontMetricsF(qfont)
        rest = " ".join(lines[max_lines - 1 :])
        lines = lines[: max_lines - 1] + [
            metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        ]
    return lines


def _lod(option: QStyleOptionGraphicsItem, painter: QPainter) -> float:
    return option.levelOfDetailFromTransform(painter.worldTransform())


@dataclass(slots=True)
class CardData:
    """What a card shows (a snapshot of the touchpoint, made by the scene)."""

    title: str
    colour: str
    emotion: int | None
    badge: str
    badge_colour: str
    votes: int
    moment_of_truth: bool
    number: int = 0
    chips: tuple[Chip, ...] = ()
    drop: Chip | None = None
    evidence: str | None = None


def _shift_means_add(event: QGraphicsSceneMouseEvent) -> None:
    """Shift+click adds a card to the selection, like Ctrl+click."""
    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
        event.setModifiers(event.modifiers() | Qt.KeyboardModifier.ControlModifier)


class CardItem(QGraphicsObject):
    """A touchpoint card."""

    Type = QGraphicsItem.UserType + 1
    TITLE_PX = 12
    LINE_H = 15.0

    def __init__(self, touchpoint_id: str, w: float, h: float) -> None:
        super().__init__()
        self.touchpoint_id = touchpoint_id
        self.w, self.h = w, h
        self.data_: CardData | None = None
        self._lines: list[str] = []
        #: how much larger than normal the title is drawn (projector mode)
        self.text_scale = 1.0
        self._hover = False
        self.dimmed = False
        self.highlight: QColor | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsScenePositionChanges
        )
        self.setAcceptHoverEvents(True)
        self.setZValue(3)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def type(self) -> int:
        return self.Type

    def set_data(self, data: CardData) -> None:
        self.data_ = data
        width = self.w - 24 - (14 if data.moment_of_truth else 0)
        line_h = self.LINE_H * self.text_scale
        max_lines = max(1, min(4, int((self.h - 34) // line_h)))
        self._lines = wrap_text(data.title, self._title_font(), width, max_lines)
        self.setToolTip(data.title)
        self.update()

    def _title_font(self) -> QFont:
        return font(round(self.TITLE_PX * self.text_scale), QFont.Weight.DemiBold)

    def set_size(self, w: float, h: float) -> None:
        """Another card size (projector mode lays the cards out larger)."""
        if (w, h) != (self.w, self.h):
            self.prepareGeometryChange()
            self.w, self.h = w, h
            if self.data_ is not None:
                self.set_data(self.data_)

    def set_text_scale(self, scale: float) -> None:
        """Draw the title ``scale`` times larger (fewer lines fit; the last one is elided)."""
        if scale != self.text_scale:
            self.text_scale = scale
            if self.data_ is not None:
                self.set_data(self.data_)

    def set_dimmed(self, dimmed: bool) -> None:
        if dimmed != self.dimmed:
            self.dimmed = dimmed
            self.setOpacity(0.18 if dimmed else 1.0)

    def scene_rect(self) -> QRectF:
        return QRectF(self.pos(), self.rect().size())

    def rect(self) -> QRectF:
        return QRectF(0, 0, self.w, self.h)

    def boundingRect(self) -> QRectF:  # noqa: N802
        edge = CHIP_H / 2 + 1  # measured chips sit on the top and bottom edges
        return QRectF(-3, -edge, self.w + 6 + HANDLE_R, self.h + 2 * edge)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.rect(), 6, 6)
        path.addEllipse(self.handle_center(), HANDLE_R + 2, HANDLE_R + 2)
        return path

    def handle_center(self) -> QPointF:
        return QPointF(self.w, self.h / 2)

    def on_handle(self, pos: QPointF) -> bool:
        d = pos - self.handle_center()
        return (self._hover or self.isSelected()) and d.x() ** 2 + d.y() ** 2 <= (HANDLE_R + 3) ** 2

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        data = self.data_
        if data is None:
            return
        rect = self.rect()
        selected = self.isSelected()
        lod = _lod(option, painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.3)
        border = colour("#1565c0") if selected else colour("#b0bec5")
        if self.highlight is not None:
            border = self.highlight
        painter.setPen(QPen(border, 2.4 if selected or self.highlight is not None else 1.0))
        painter.setBrush(colour(appearance.PAPER))
        painter.drawRoundedRect(rect, 6, 6)
        strip = QPainterPath()
        strip.addRoundedRect(QRectF(0, 0, 12, self.h), 6, 6)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, 6, self.h))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(data.colour))
        painter.drawPath(strip.intersected(clip))
        if lod < DETAIL_LOD:
            return
        painter.setPen(colour(appearance.INK))
        painter.setFont(self._title_font())
        y = 8.0
        line_h = self.LINE_H * self.text_scale
        for line in self._lines:
            painter.drawText(QRectF(14, y, self.w - 22, line_h), Qt.AlignmentFlag.AlignLeft, line)
            y += line_h
        bottom = self.h - 24
        bw = 0.0
        if data.badge:
            metrics = QFontMetricsF(font(9, QFont.Weight.Bold))
            bw = metrics.horizontalAdvance(data.badge) + 10
            paint_badge(painter, QRectF(14, bottom + 2, bw, 16), data.badge, data.badge_colour)
        if data.votes:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour("#5c6bc0"))
            shown = min(data.votes, 6)
            x0 = self.w - 40 - shown * 9
            for i in range(shown):
                painter.drawEllipse(QPointF(x0 + i * 9, bottom + 10), 3.2, 3.2)
            if data.votes > shown:
                painter.setPen(colour("#5c6bc0"))
                painter.setFont(font(9, QFont.Weight.Bold))
                painter.drawText(
                    QRectF(x0 - 26, bottom + 3, 22, 14),
                    Qt.AlignmentFlag.AlignRight,
                    f"+{data.votes - shown}",
                )
        paint_face(painter, QPointF(self.w - 18, bottom + 10), 9, data.emotion)
        if data.moment_of_truth:
            painter.setPen(QPen(colour("#e65100"), 0.8))
            painter.setBrush(colour(appearance.MOMENT_OF_TRUTH))
            painter.drawPolygon(star_polygon(QPointF(self.w - 13, 13), 8))
        if data.chips or data.drop is not None or data.evidence is not None:
            paint_card_measures(painter, self.w, self.h, data.chips, data.drop, data.evidence,
                                bw, data.moment_of_truth)
        if self._hover or selected:
            painter.setPen(QPen(colour("#1565c0"), 1.5))
            painter.setBrush(colour("#ffffff"))
            painter.drawEllipse(self.handle_center(), HANDLE_R, HANDLE_R)
            painter.drawLine(
                self.handle_center() + QPointF(-3, 0), self.handle_center() + QPointF(3, 0)
            )
            painter.drawLine(
                self.handle_center() + QPointF(0, -3), self.handle_center() + QPointF(0, 3)
            )

    # gestures are reported to the scene
    def _scene(self) -> Gestures:
        return gestures_of(self)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        on = self.on_handle(event.pos())
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.on_handle(event.pos()):
            self._scene().begin_link(self, event.scenePos())
            event.accept()
            return
        _shift_means_add(event)
        super().mousePressEvent(event)
        self._scene().card_pressed(self)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._scene().linking:
            self._scene().drag_link(event.scenePos())
            return
        super().mouseMoveEvent(event)
        self._scene().cards_dragged(self)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._scene().linking:
            self._scene().end_link(event.scenePos())
            return
        _shift_means_add(event)
        super().mouseReleaseEvent(event)
        self._scene().cards_released(self)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self._scene().edit_title(self.touchpoint_id)
        event.accept()

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:  # noqa: N802
        self._scene().card_context_menu(self, event.screenPos())
        event.accept()

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene():
            self._scene().card_moved(self)
        return super().itemChange(change, value)


class HeaderItem(QGraphicsObject):
    """A stage (column) or lane (row) header: rename, context menu, drag to reorder."""

    Type = QGraphicsItem.UserType + 3

    def __init__(self, axis: str, item_id: str) -> None:
        super().__init__()
        self.axis = axis
        self.item_id = item_id
        self.name = ""
        self.subtitle = ""
        self.rect_ = QRectF()
        self._press: QPointF | None = None
        self.text_scale = 1.0
        self.setZValue(4)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def type(self) -> int:
        return self.Type

    def set_text(self, name: str, subtitle: str) -> None:
        self.name, self.subtitle = name, subtitle
        self.setToolTip(f"{name}\n{subtitle}".strip() + "\nDouble-click to rename, drag to reorder")
        self.update()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self.rect_:
            self.prepareGeometryChange()
            self.rect_ = rect
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect_.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = self.rect_.adjusted(3, 3, -3, -3)
        lod = _lod(option, painter)
        if self.axis == "stage":
            tip = min(14.0, r.height() / 3)
            path = QPainterPath(r.topLeft())
            path.lineTo(r.right() - tip, r.top())
            path.lineTo(r.right(), r.center().y())
            path.lineTo(r.right() - tip, r.bottom())
            path.lineTo(r.left(), r.bottom())
            path.lineTo(r.left() + tip, r.center().y())
            path.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour(appearance.STAGE_HEADER))
            painter.drawPath(path)
            if lod < DETAIL_LOD:
                return
            text_rect = r.adjusted(tip + 6, 4, -tip - 4, -4)
            painter.setPen(QColor("#ffffff"))
            size = round(15 * self.text_scale)
            big = font(size, QFont.Weight.Bold)
            wide = QFontMetricsF(big).horizontalAdvance(self.name)
            if size > 15 and wide > text_rect.width():  # enlarged: only as far as it fits
                big = font(max(15, int(size * text_rect.width() / wide)), QFont.Weight.Bold)
            painter.setFont(big)
            title = QFontMetricsF(big).elidedText(
                self.name, Qt.TextElideMode.ElideRight, text_rect.width()
            )
            flags = Qt.AlignmentFlag.AlignHCenter
            if self.subtitle and self.text_scale <= 1.0:
                painter.drawText(
                    text_rect.adjusted(0, 2, 0, -18), flags | Qt.AlignmentFlag.AlignVCenter, title
                )
                painter.setFont(font(10))
                painter.setPen(QColor("#cfd8dc"))
                sub = QFontMetricsF(font(10)).elidedText(
                    self.subtitle, Qt.TextElideMode.ElideRight, text_rect.width()
                )
                painter.drawText(
                    text_rect.adjusted(0, 24, 0, 0), flags | Qt.AlignmentFlag.AlignVCenter, sub
                )
            else:
                painter.drawText(text_rect, flags | Qt.AlignmentFlag.AlignVCenter, title)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour(appearance.LANE_HEADER))
            painter.drawRoundedRect(r, 6, 6)
            painter.setBrush(colour(appearance.STAGE_HEADER))
            painter.drawRoundedRect(QRectF(r.left(), r.top(), 5, r.height()), 2, 2)
            if lod < DETAIL_LOD:
                return
            inner = r.adjusted(14, 10, -8, -8)
            painter.setPen(colour(appearance.INK))
            big = font(round(13 * self.text_scale), QFont.Weight.Bold)
            painter.setFont(big)
            lines = wrap_text(self.name, big, inner.width(), 3)
            y = inner.top()
            line_h = 17 * self.text_scale
            for line in lines:
                painter.drawText(
                    QRectF(inner.left(), y, inner.width(), line_h), Qt.AlignmentFlag.AlignLeft, line
                )
                y += line_h
            if self.subtitle and self.text_scale <= 1.0 and y + 14 < inner.bottom():
                painter.setPen(colour(appearance.MUTED_INK))
                painter.setFont(font(10))
                room = int((inner.bottom() - y - 4) // 13)
                for line in wrap_text(self.subtitle, font(10), inner.width(), max(1, min(room, 6))):
                    painter.drawText(
                        QRectF(inner.left(), y + 4, inner.width(), 13),
                        Qt.AlignmentFlag.AlignLeft,
                        line,
                    )
                    y += 13

    def _scene(self) -> Gestures:
        return gestures_of(self)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.scenePos()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._press is not None:
            self._scene().header_dragged(self, event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._press is not None:
            moved = (event.scenePos() - self._press).manhattanLength() > 6
            self._press = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self._scene().header_released(self, event.scenePos(), moved)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self._scene().rename_header(self.axis, self.item_id)
        event.accept()

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:  # noqa: N802
        self._scene().header_context_menu(self.axis, self.item_id, event.screenPos())
        event.accept()


class BackdropItem(QGraphicsItem):
    """Title block, phase bands, grid, emotion band and legend: everything that is not
    an individual card, link or header. Painted from a snapshot made by the scene."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: dict[str, Any] = {}
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # real exposedRect
        self.setZValue(0)

    def set_snapshot(self, snapshot: dict[str, Any]) -> None:
        self.prepareGeometryChange()
        self.snapshot = snapshot
        self._bounds = snapshot["bounds"]
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        from journeymap.gui.canvas.backdrop import paint_backdrop

        paint_backdrop(painter, self.snapshot, option.exposedRect, _lod(option, painter))


class EmotionCurveItem(QGraphicsItem):
    """The emotion curve through the cards, with faces on it."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[tuple[QPointF, int]] = []
        self._bounds = QRectF()
        self._curve = PiecewiseCurve([])  # the same curve as smooth_path(), in pieces
        self._xs: list[float] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # real exposedRect
        self.setZValue(1)

    def set_points(self, points: list[tuple[QPointF, int]], band: QRectF) -> None:
        self.prepareGeometryChange()
        self.points = points
        self._curve = PiecewiseCurve.smooth([(p.x(), p.y()) for p, _ in points])
        self._xs = [p.x() for p, _ in points]
        self._bounds = band
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if not self.points:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(colour("#455a64"), 2.4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        lod = _lod(option, painter)
        path = self._curve.path(option.exposedRect, 2.4 + 2.0 / max(lod, 0.01))
        if path is not None:
            painter.drawPath(path)
        if lod < 0.2:
            return
        exposed = option.exposedRect.adjusted(-12, -12, 12, 12)
        first = bisect_left(self._xs, exposed.left())  # the points go left to right
        for point, emotion in self.points[first : bisect_right(self._xs, exposed.right())]:
            if exposed.contains(point):
                paint_face(painter, point, 9, emotion)


def smooth_path(points: list[QPointF]) -> QPainterPath:
    """A smooth curve through the points (monotone in x: horizontal tangents)."""
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(points[0])
    for a, b in zip(points, points[1:], strict=False):
        dx = (b.x() - a.x()) / 2
        path.cubicTo(QPointF(a.x() + dx, a.y()), QPointF(b.x() - dx, b.y()), b)
    return path


class DropIndicatorItem(QGraphicsItem):
    """Where a dragged card or a new card will land."""

    def __init__(self) -> None:
        super().__init__()
        self.rect_ = QRectF()
        self.setZValue(9)
        self.hide()

    def show_at(self, rect: QRectF) -> None:
        if rect == self.rect_ and self.isVisible():
            return  # a drag reports the same place on most mouse moves
        self.prepareGeometryChange()
        self.rect_ = rect
        self.show()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect_.adjusted(-3, -3, 3, 3)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(colour("#1565c0"), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(21, 101, 192, 28)))
        painter.drawRoundedRect(self.rect_, 6, 6)
