"""Measured numbers on the canvas: score chips on a card's top edge, the drop-off badge on its
bottom edge, the evidence mark beside the channel badge, and their legend entries."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from journeymap.core import appearance, measured
from journeymap.core.measured import Chip
from journeymap.gui.canvas.painting import colour, font

CHIP_H = 14.0
CHIP_PX = 9


def chip_width(text: str) -> float:
    return QFontMetricsF(font(CHIP_PX, QFont.Weight.Bold)).horizontalAdvance(text) + 10


def paint_chip(painter: QPainter, x: float, y: float, chip: Chip) -> float:
    """A chip with its top-left at (x, y); returns its width."""
    w = chip_width(chip.text)
    rect = QRectF(x, y, w, CHIP_H)
    painter.setPen(QPen(colour("#ffffff"), 1.2))
    painter.setBrush(colour(chip.fill))
    painter.drawRoundedRect(rect, CHIP_H / 2, CHIP_H / 2)
    painter.setPen(colour(chip.ink))
    painter.setFont(font(CHIP_PX, QFont.Weight.Bold))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, chip.text)
    return w


def paint_evidence(painter: QPainter, center: QPointF, radius: float, evidence: str) -> None:
    """● observed, ◐ reported, ○ assumed (reads in greyscale too)."""
    ink = colour(measured.EVIDENCE_INK)
    painter.setPen(QPen(ink, 1.2))
    painter.setBrush(colour("#ffffff"))
    painter.drawEllipse(center, radius, radius)
    if evidence == "assumed":
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    if evidence == "observed":
        painter.drawEllipse(center, radius, radius)
        return
    half = QPainterPath()
    half.moveTo(center)
    half.arcTo(QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius), 90, 180)
    half.closeSubpath()
    painter.drawPath(half)


def paint_card_measures(
    painter: QPainter,
    w: float,
    h: float,
    chips: tuple[Chip, ...],
    drop: Chip | None,
    evidence: str | None,
    badge_w: float,
    moment: bool,
) -> None:
    """The measured marks of one card of size ``w`` × ``h`` (card coordinates)."""
    right = w - (26 if moment else 8)
    for chip in reversed(chips):
        right -= chip_width(chip.text)
        paint_chip(painter, right, -CHIP_H / 2, chip)
        right -= 3
    if drop is not None:
        paint_chip(painter, w - 32 - chip_width(drop.text), h - CHIP_H / 2, drop)
    if evidence is not None:
        x = 14 + (badge_w + 8 if badge_w else 4)
        paint_evidence(painter, QPointF(x, h - 14), 4.2, evidence)


def paint_legend(
    painter: QPainter, entries: list[tuple[str, Chip | str]], x: float, y: float
) -> None:
    """The measured entries of the legend (:func:`measured.legend_entries`), left to right
    from (x, y)."""
    small = font(11)
    metrics = QFontMetricsF(small)
    for label, sample in entries:
        if isinstance(sample, Chip):
            x += paint_chip(painter, x, y, sample) + 6
        elif sample in measured.EVIDENCE_NAMES:
            paint_evidence(painter, QPointF(x + 6, y + 7), 5, str(sample))
            x += 18
        else:
            deviation = sample == "deviation"
            ink = measured.DEVIATION_COLOUR if deviation else appearance.LINK_COLOUR
            for i, width in enumerate((1.2, 3.5, 7.0) if not deviation else (2.4,)):
                pen = QPen(colour(ink), width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                if deviation:
                    pen.setDashPattern([3.0, 1.5])
                painter.setPen(pen)
                painter.drawLine(QPointF(x + i * 16, y + 7), QPointF(x + i * 16 + 12, y + 7))
            x += 52 if not deviation else 40
        painter.setPen(colour(appearance.INK))
        painter.setFont(small)
        painter.drawText(QPointF(x, y + 11), label)
        x += metrics.horizontalAdvance(label) + 22
