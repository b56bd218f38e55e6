"""The as-is / to-be marks on the canvas: outlined cards, notes, ghosts and the as-is curve.

One item paints every mark of a :class:`~journeymap.core.comparison.Comparison`. Outlines
ring the cards from outside (the card's text stays readable); a note pill on the card's
bottom edge says what changed (``▲ +3 · from Evaluate · description``). Cards only the
other map has are dashed ghosts in their old cell; the as-is emotion curve is a dashed grey
line beside the current one. The item takes no mouse input and never touches the document.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from journeymap.core.comparison import COLOURS, Comparison
from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.painting import font

_RING = 4.0
_PILL_H = 17.0
_PILL_INSET = 8.0
OLD_CURVE_COLOUR = "#757575"


class CompareOverlayItem(QGraphicsItem):
    """Paints a comparison's marks above the cards; ghosts and the old curve included."""

    Z = 3.6  # cards are at 3, their editors above 4

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(self.Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.comparison: Comparison | None = None
        self._rects: dict[str, QRectF] = {}
        self._bounds = QRectF()

    def show_comparison(self, comparison: Comparison | None, rects: Mapping[str, QRectF]) -> None:
        """Draw ``comparison`` with the cards at ``rects`` (scene rectangles by card id)."""
        self.comparison = comparison
        self._rects = {k: rects[k] for k in (comparison.cards if comparison else ()) if k in rects}
        bounds = QRectF()
        if comparison is not None:
            for r in self._rects.values():
                bounds |= r
            for ghost in comparison.ghosts:
                if ghost.rect is not None:
                    bounds |= qrect(ghost.rect)
            for p in comparison.old_curve:
                bounds |= QRectF(p.x - 1, p.y - 1, 2, 2)
        m = _RING + _PILL_H
        bounds = bounds.adjusted(-m, -m, m, m) if bounds.isValid() else QRectF()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self.comparison
        if c is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_old_curve(painter, c)
        self._paint_ghosts(painter, c)
        small = font(9, QFont.Weight.Bold)
        for tp_id, rect in self._rects.items():
            mark = c.cards[tp_id]
            hue = QColor(COLOURS[mark.status])
            pen = QPen(hue, 3.0)
            if mark.status == "moved":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-_RING, -_RING, _RING, _RING), 9, 9)
            note = mark.note
            if note:
                _pill(painter, rect, note, hue, small)

    def _paint_ghosts(self, painter: QPainter, c: Comparison) -> None:
        hue = QColor(COLOURS["removed"])
        wash = QColor(hue)
        wash.setAlpha(28)
        title = font(10, QFont.Weight.DemiBold)
        for ghost in c.ghosts:
            if ghost.rect is None:
                continue
            rect = qrect(ghost.rect)
            pen = QPen(hue, 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(wash)
            painter.drawRoundedRect(rect, 8, 8)
            painter.setFont(title)
            painter.setPen(QColor("#8e2424"))
            inner = rect.adjusted(10, 8, -10, -8)
            text = QFontMetricsF(title).elidedText(
                ghost.title, Qt.TextElideMode.ElideRight, inner.width() * 2.6
            )
            painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                             text)
            _pill(painter, rect, "removed", hue, font(9, QFont.Weight.Bold))

    def _paint_old_curve(self, painter: QPainter, c: Comparison) -> None:
        if len(c.old_curve) < 1:
            return
        pen = QPen(QColor(OLD_CURVE_COLOUR), 2.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(c.old_curve[0].x, c.old_curve[0].y))
        for p in c.old_curve[1:]:
            path.lineTo(QPointF(p.x, p.y))
        painter.drawPath(path)
        painter.setBrush(QColor("#ffffff"))
        for p in c.old_curve:
            painter.drawEllipse(QPointF(p.x, p.y), 3.5, 3.5)


def _pill(painter: QPainter, card: QRectF, text: str, hue: QColor, qfont: QFont) -> None:
    """A coloured note on the card's bottom edge, from the left, elided to the card's width."""
    metrics = QFontMetricsF(qfont)
    shown = metrics.elidedText(
        text, Qt.TextElideMode.ElideRight, card.width() - 2 * _PILL_INSET - 12
    )
    w = metrics.horizontalAdvance(shown) + 12
    # left on the edge: labels of links leaving the card's bottom sit at its centre
    pill = QRectF(card.left() + _PILL_INSET, card.bottom() - _PILL_H / 2 + 2, w, _PILL_H)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(hue)
    painter.drawRoundedRect(pill, _PILL_H / 2, _PILL_H / 2)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(qfont)
    painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), shown)


__all__ = ["OLD_CURVE_COLOUR", "CompareOverlayItem"]
