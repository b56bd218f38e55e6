"""Small drawing helpers shared by canvas items, docks and image export."""

from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPainterPath, QPen, QPolygonF

from journeymap.core import appearance
from journeymap.resources import resources_dir

FONT_FAMILY = "DejaVu Sans"
#: the font the core measures text with (core.textwidth), shipped in resources/fonts
BUNDLED_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


@lru_cache(maxsize=1)
def bundled_fonts() -> tuple[int, ...]:
    """Register the bundled DejaVu Sans with Qt, once: without it a machine lacking the
    font substitutes another whose words are wider than the boxes the core measured for
    them (link labels then spill over each other). The ids Qt gave (−1: refused)."""
    folder = resources_dir() / "fonts"
    return tuple(QFontDatabase.addApplicationFont(str(folder / name)) for name in BUNDLED_FONTS)


@lru_cache(maxsize=64)
def font(
    pixel_size: int, weight: QFont.Weight = QFont.Weight.Normal, italic: bool = False
) -> QFont:
    """A cached font of a pixel size (the scene's units are pixels at 100 %)."""
    bundled_fonts()
    f = QFont(FONT_FAMILY)
    f.setPixelSize(pixel_size)
    f.setWeight(weight)
    f.setItalic(italic)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    return f


@lru_cache(maxsize=64)
def colour(hex_code: str) -> QColor:
    return QColor(hex_code)


def paint_face(painter: QPainter, center: QPointF, radius: float, emotion: int | None) -> None:
    """An emotion face: coloured disc, two eyes, a mouth curved by the emotion."""
    fill = colour(
        appearance.EMOTION_COLOURS.get(emotion, "#b0bec5") if emotion is not None else "#b0bec5"
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(fill.darker(125), max(1.0, radius / 9)))
    painter.setBrush(fill)
    painter.drawEllipse(center, radius, radius)
    ink = QColor("#ffffff")
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ink)
    eye = radius * 0.13
    painter.drawEllipse(QPointF(center.x() - radius * 0.35, center.y() - radius * 0.25), eye, eye)
    painter.drawEllipse(QPointF(center.x() + radius * 0.35, center.y() - radius * 0.25), eye, eye)
    pen = QPen(ink, max(1.2, radius * 0.14))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mouth_y = center.y() + radius * 0.32
    half = radius * 0.45
    if emotion is None:
        painter.drawLine(
            QPointF(center.x() - half * 0.5, mouth_y), QPointF(center.x() + half * 0.5, mouth_y)
        )
    else:
        bend = emotion * radius * 0.17
        path = QPainterPath(QPointF(center.x() - half, mouth_y - bend * 0.5))
        path.quadTo(
            QPointF(center.x(), mouth_y + bend * 1.5),
            QPointF(center.x() + half, mouth_y - bend * 0.5),
        )
        painter.drawPath(path)
    painter.restore()


def paint_badge(painter: QPainter, rect: QRectF, text: str, fill_hex: str) -> None:
    """A rounded channel badge with short white text."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour(fill_hex))
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(font(9, QFont.Weight.Bold))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def star_polygon(center: QPointF, outer: float, inner: float | None = None) -> QPolygonF:
    """A five-pointed star (the moment-of-truth mark)."""
    inner = outer * 0.45 if inner is None else inner
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(center.x() + r * math.cos(a), center.y() + r * math.sin(a)))
    return QPolygonF(points)


def arrow_head(tip: QPointF, direction: QPointF, size: float) -> QPolygonF:
    """A filled triangular arrow head at ``tip`` pointing along ``direction``."""
    length = math.hypot(direction.x(), direction.y()) or 1.0
    ux, uy = direction.x() / length, direction.y() / length
    base = QPointF(tip.x() - ux * size, tip.y() - uy * size)
    px, py = -uy * size * 0.5, ux * size * 0.5
    return QPolygonF(
        [tip, QPointF(base.x() + px, base.y() + py), QPointF(base.x() - px, base.y() - py)]
    )
