"""Painting of the map's backdrop: title block, phase bands, grid, emotion band, legend."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen

from journeymap.core import appearance, measured
from journeymap.core.layout import Layout, Rect
from journeymap.core.model import JourneyMap
from journeymap.gui.canvas.measured import paint_legend as paint_measured_legend
from journeymap.gui.canvas.painting import colour, font, paint_face


def qrect(r: Rect) -> QRectF:
    return QRectF(r.x, r.y, r.w, r.h)


def snapshot(doc: JourneyMap, layout: Layout) -> dict[str, Any]:
    """Everything the backdrop paints, copied out of the document and layout."""
    persona = doc.persona
    subtitle = ""
    if persona is not None and persona.name:
        subtitle = f"Persona: {persona.name}"
        if persona.description:
            subtitle += f" — {persona.description}"
    elif doc.description:
        subtitle = doc.description
    return {
        "bounds": qrect(layout.bounds),
        "title": doc.title,
        "subtitle": " ".join(subtitle.split()),
        "title_area": qrect(layout.title_area),
        "phases": [(phase, qrect(r)) for phase, r in layout.phase_bands],
        "lanes": [qrect(r) for r in layout.lane_rows.values()],
        "columns": [qrect(r) for r in layout.stage_columns.values()],
        "emotion_header": qrect(layout.emotion_header),
        "emotion_band": qrect(layout.emotion_band),
        "levels": {e: layout.emotion_y(e) for e in range(-2, 3)},
        "legend": qrect(layout.legend_area),
        "measured": measured.legend_entries(doc),
    }


def paint_backdrop(painter: QPainter, snap: dict[str, Any], exposed: QRectF, lod: float) -> None:
    if not snap:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    detail = lod >= 0.3
    if detail and snap["title_area"].intersects(exposed):
        _title(painter, snap)
    for phase, rect in snap["phases"]:
        if not rect.intersects(exposed):
            continue
        r = rect.adjusted(3, 2, -3, -3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(appearance.PHASE_COLOURS[phase]))
        painter.drawRoundedRect(r, 5, 5)
        if detail and phase is not None:
            painter.setPen(colour(appearance.PHASE_TEXT_COLOURS[phase]))
            painter.setFont(font(11, QFont.Weight.Bold))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, appearance.PHASE_NAMES[phase].upper())
    _grid(painter, snap, exposed)
    _emotion_band(painter, snap, exposed, detail)
    if detail and snap["legend"].intersects(exposed):
        _legend(painter, snap["legend"], snap["measured"])


def _title(painter: QPainter, snap: dict[str, Any]) -> None:
    area: QRectF = snap["title_area"]
    painter.setPen(colour(appearance.INK))
    big = font(26, QFont.Weight.Bold)
    painter.setFont(big)
    title = QFontMetricsF(big).elidedText(snap["title"], Qt.TextElideMode.ElideRight, area.width())
    painter.drawText(
        QRectF(area.left(), area.top(), area.width(), 36),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        title,
    )
    if snap["subtitle"]:
        small = font(13)
        painter.setFont(small)
        painter.setPen(colour(appearance.MUTED_INK))
        text = QFontMetricsF(small).elidedText(
            snap["subtitle"], Qt.TextElideMode.ElideRight, area.width()
        )
        painter.drawText(
            QRectF(area.left(), area.top() + 40, area.width(), 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )


def _grid(painter: QPainter, snap: dict[str, Any], exposed: QRectF) -> None:
    lanes: list[QRectF] = snap["lanes"]
    columns: list[QRectF] = snap["columns"]
    if not lanes or not columns:
        return
    painter.setPen(Qt.PenStyle.NoPen)
    for i, row in enumerate(lanes):
        if row.intersects(exposed):
            painter.setBrush(colour("#ffffff" if i % 2 == 0 else "#f7f9fa"))
            painter.drawRect(row)
    grid = QRectF(columns[0].topLeft(), columns[-1].bottomRight())
    pen = QPen(colour(appearance.GRID_LINE), 1)
    painter.setPen(pen)
    for col in columns[1:]:
        painter.drawLine(QPointF(col.left(), grid.top()), QPointF(col.left(), grid.bottom()))
    for row in lanes[1:]:
        painter.drawLine(QPointF(grid.left(), row.top()), QPointF(grid.right(), row.top()))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(grid)


def _emotion_band(painter: QPainter, snap: dict[str, Any], exposed: QRectF, detail: bool) -> None:
    band: QRectF = snap["emotion_band"]
    header: QRectF = snap["emotion_header"]
    levels: dict[int, float] = snap["levels"]
    if band.intersects(exposed):
        painter.setPen(QPen(colour(appearance.GRID_LINE), 1))
        painter.setBrush(colour("#ffffff"))
        painter.drawRect(band.adjusted(0, 8, 0, 0))
        for e, y in levels.items():
            pen = QPen(colour("#90a4ae" if e == 0 else "#eceff1"), 1.2 if e == 0 else 1)
            if e == 0:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(band.left(), y), QPointF(band.right(), y))
    if header.intersects(exposed):
        r = header.adjusted(3, 11, -3, -3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(appearance.LANE_HEADER))
        painter.drawRoundedRect(r, 6, 6)
        if detail:
            painter.setPen(colour(appearance.INK))
            painter.setFont(font(13, QFont.Weight.Bold))
            painter.drawText(
                r.adjusted(14, 0, -40, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "Emotion",
            )
            for e in range(-2, 3):
                paint_face(painter, QPointF(r.right() - 16, levels[e]), 7, e)


def _legend(painter: QPainter, area: QRectF, measured_entries: list[Any]) -> None:
    x = area.left() + 4
    y = area.top() + 30
    painter.setPen(colour(appearance.INK))
    painter.setFont(font(11, QFont.Weight.Bold))
    painter.drawText(QPointF(x, area.top() + 20), "Legend")
    small = font(11)
    metrics = QFontMetricsF(small)
    painter.setFont(small)
    for hex_code, _name, meaning in appearance.PRESETS:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(hex_code))
        painter.drawRoundedRect(QRectF(x, y, 14, 14), 3, 3)
        painter.setPen(colour(appearance.INK))
        painter.drawText(QPointF(x + 20, y + 11), meaning)
        x += 30 + metrics.horizontalAdvance(meaning)
    x += 20
    for e in range(-2, 3):
        paint_face(painter, QPointF(x + 7, y + 7), 7, e)
        painter.setPen(colour(appearance.INK))
        painter.drawText(QPointF(x + 20, y + 11), appearance.EMOTION_NAMES[e])
        x += 32 + metrics.horizontalAdvance(appearance.EMOTION_NAMES[e])
    x = area.left() + 4
    y += 28
    for kind, name in appearance.LINK_KIND_NAMES.items():
        pen = QPen(colour(appearance.LINK_COLOUR), 1.6)
        dashes = appearance.LINK_DASHES[kind]
        if dashes:
            pen.setDashPattern(list(dashes))
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y + 7), QPointF(x + 34, y + 7))
        painter.setPen(colour(appearance.INK))
        painter.drawText(QPointF(x + 42, y + 11), name)
        x += 60 + metrics.horizontalAdvance(name)
    star_x = x + 10
    from journeymap.gui.canvas.painting import star_polygon

    painter.setPen(QPen(colour("#e65100"), 0.8))
    painter.setBrush(colour(appearance.MOMENT_OF_TRUTH))
    painter.drawPolygon(star_polygon(QPointF(star_x + 7, y + 7), 8))
    painter.setPen(colour(appearance.INK))
    painter.drawText(QPointF(star_x + 20, y + 11), "Moment of truth")
    if measured_entries:
        x = star_x + 50 + metrics.horizontalAdvance("Moment of truth")
        paint_measured_legend(painter, measured_entries, x, y)
