"""Painting the impact-vs-effort matrix: quadrants, grid, axes, legend and numbered dots.

Plain functions of a painter and the geometry the matrix widget computed, so the widget
keeps only its data, geometry and gestures. Colours come from ``core.appearance``, the
same as the printed plan's.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from journeymap.core.appearance import (
    INK,
    MUTED_INK,
    PRIORITY_COLOURS,
    PRIORITY_LEGEND,
    PRIORITY_NAMES,
    QUADRANTS,
    priority_colour,
)


def tint(hex_code: str, amount: float) -> QColor:
    """``hex_code`` mixed with white (``amount`` 1 = white)."""
    c = QColor(hex_code)
    mix = [round(v + (255 - v) * amount) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix)


def paint_grid(p: QPainter, plot: QRectF, band: float, font: QFont) -> None:
    """The tinted quadrants with their names in ``band``-high strips, and the cell lines."""
    cell = plot.width() / 5
    small = QFont(font)
    small.setPointSizeF(max(6.5, small.pointSizeF() * 0.8))
    small.setBold(True)
    small.setCapitalization(QFont.Capitalization.AllUppercase)
    p.setFont(small)
    for name, colour, high_impact, high_effort in QUADRANTS:
        left = plot.left() + (2 if high_effort else 0) * cell
        top = plot.top() + (0 if high_impact else 3) * cell
        width = (3 if high_effort else 2) * cell
        height = (3 if high_impact else 2) * cell
        p.fillRect(QRectF(left, top, width, height), tint(colour, 0.88))
        strip = QRectF(left, plot.top() - band, width, band)
        if not high_impact:
            strip = QRectF(left, plot.bottom(), width, band - 2)
        p.setPen(QColor(colour))
        p.drawText(strip, Qt.AlignmentFlag.AlignCenter, name)
    p.setPen(QPen(QColor("#ffffff"), 1.2))
    for k in range(6):
        p.drawLine(
            QPointF(plot.left() + k * cell, plot.top()),
            QPointF(plot.left() + k * cell, plot.bottom()),
        )
        p.drawLine(
            QPointF(plot.left(), plot.top() + k * cell),
            QPointF(plot.right(), plot.top() + k * cell),
        )
    p.setPen(QPen(QColor("#90a4ae"), 1))
    p.drawLine(
        QPointF(plot.left() + 2 * cell, plot.top()),
        QPointF(plot.left() + 2 * cell, plot.bottom()),
    )
    p.drawLine(
        QPointF(plot.left(), plot.top() + 3 * cell),
        QPointF(plot.right(), plot.top() + 3 * cell),
    )


def paint_axes(p: QPainter, plot: QRectF, band: float, font: QFont, width: float) -> None:
    """Cell numbers and axis titles, then the priority legend across ``width``."""
    cell = plot.width() / 5
    font = QFont(font)
    font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
    p.setFont(font)
    p.setPen(QColor(MUTED_INK))
    numbers_top = plot.bottom() + band - 2
    for v in range(1, 6):
        x = plot.left() + (v - 1) * cell
        p.drawText(QRectF(x, numbers_top, cell, 14), Qt.AlignmentFlag.AlignCenter, str(v))
        y = plot.top() + (5 - v) * cell
        p.drawText(
            QRectF(plot.left() - 16, y, 12, cell),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(v),
        )
    bold = QFont(font)
    bold.setBold(True)
    p.setFont(bold)
    p.setPen(QColor(INK))
    p.drawText(
        QRectF(plot.left(), numbers_top + 14, plot.width(), 16),
        Qt.AlignmentFlag.AlignCenter,
        "Effort →",
    )
    p.save()
    p.translate(plot.left() - 30, plot.center().y())
    p.rotate(-90)
    p.drawText(
        QRectF(-plot.height() / 2, -8, plot.height(), 16),
        Qt.AlignmentFlag.AlignCenter,
        "Impact →",
    )
    p.restore()
    paint_legend(p, QRectF(0, numbers_top + 32, width, 16), font)


def paint_legend(p: QPainter, band: QRectF, font: QFont) -> None:
    """Priority colours, centred in one line under the axis."""
    p.setFont(font)
    metrics = p.fontMetrics()
    entries = [(PRIORITY_NAMES[k], PRIORITY_COLOURS[k]) for k in PRIORITY_LEGEND]
    widths = [12 + metrics.horizontalAdvance(name) + 10 for name, _ in entries]
    x = band.center().x() - (sum(widths) - 10) / 2
    for (name, colour), width in zip(entries, widths, strict=True):
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        p.drawEllipse(QPointF(x + 4, band.center().y()), 4, 4)
        p.setPen(QColor(MUTED_INK))
        p.drawText(
            QRectF(x + 11, band.top(), width, band.height()),
            Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        x += width


def paint_target(p: QPainter, cell: QRectF) -> None:
    """The dashed outline of the cell a dragged dot would land in."""
    p.setPen(QPen(QColor(INK), 1.6, Qt.PenStyle.DashLine))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(cell.adjusted(1.5, 1.5, -1.5, -1.5))


def paint_dot(
    p: QPainter,
    centre: QPointF,
    radius: float,
    number: int,
    priority: str,
    font: QFont,
    *,
    current: bool = False,
    lifted: bool = False,
) -> None:
    """A numbered dot in its priority's colour, ringed when current, larger when lifted."""
    r = radius * (1.15 if lifted else 1.0)
    fill = QColor(priority_colour(priority))
    if current:
        p.setPen(QPen(QColor(INK), 2.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(centre, r + 2.5, r + 2.5)
    p.setPen(QPen(QColor("#ffffff"), 1.2))
    p.setBrush(fill)
    p.drawEllipse(centre, r, r)
    label = str(number)
    font = QFont(font)
    font.setBold(True)
    font.setPixelSize(
        max(7, round(r * (1.05 if len(label) < 2 else 0.85 if len(label) < 3 else 0.7)))
    )
    p.setFont(font)
    p.setPen(QColor("#ffffff"))
    p.drawText(
        QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r),
        Qt.AlignmentFlag.AlignCenter,
        label,
    )
