"""The impact-vs-effort matrix: one numbered dot per improvement on a 5 × 5 grid.

Effort runs left to right (low effort left), impact bottom to top (high impact top), in the
quadrants of the printed plan (impact 3 and effort 3 count as high). The widget only paints
and reports gestures: a press picks an improvement, a drag that ends in another cell asks
for new impact and effort, the arrow keys nudge the current dot. The Improvements dock turns
reports into undoable edits. The drawing itself is in ``quadrants``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from journeymap.core.appearance import PRIORITY_NAMES, quadrant_of
from journeymap.gui.docks.improvements.quadrants import (
    paint_axes,
    paint_dot,
    paint_grid,
    paint_target,
)
from journeymap.gui.docks.improvements.rows import plain_tip


@dataclass(frozen=True)
class Dot:
    """What the matrix shows of one improvement."""

    id: str
    number: int
    title: str
    priority: str
    impact: int
    effort: int


class ImpactEffortMatrix(QWidget):
    """Paints the dots and reports presses, drags and arrow-key nudges."""

    #: an improvement id was pressed (or chosen with the keyboard)
    picked = Signal(str)
    #: (improvement id, impact, effort): the user moved a dot to another cell
    moved = Signal(str, int, int)

    TOP = 20
    BOTTOM = 64
    LEFT = 40
    RIGHT = 10
    MAX_RADIUS = 11.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dots: list[Dot] = []
        self.current: str | None = None
        self._centres: dict[str, QPointF] = {}
        self._radius = self.MAX_RADIUS
        self._dragging: str | None = None
        self._drag_pos = QPointF()
        self._grab = QPointF()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(220, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Impact versus effort matrix")
        self.setWhatsThis(
            "Drag a dot to change the improvement's impact and effort; the arrow keys move "
            "the selected one."
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(340, 360)

    # ------------------------------------------------------------------ data
    def set_dots(self, dots: list[Dot]) -> None:
        self.dots = list(dots)
        if self._dragging is not None and not any(d.id == self._dragging for d in dots):
            self._dragging = None
        self._place()
        self.update()

    def set_current(self, improvement_id: str | None) -> None:
        if improvement_id != self.current:
            self.current = improvement_id
            self.update()

    def dot(self, improvement_id: str) -> Dot | None:
        return next((d for d in self.dots if d.id == improvement_id), None)

    # ------------------------------------------------------------------ geometry
    def plot_rect(self) -> QRectF:
        """The square 5 × 5 grid, centred in the space the labels leave."""
        width = self.width() - self.LEFT - self.RIGHT
        height = self.height() - self.TOP - self.BOTTOM
        side = max(50.0, float(min(width, height)))
        left = self.LEFT + max(0.0, (width - side) / 2)
        return QRectF(left, self.TOP, side, side)

    def cell_rect(self, impact: int, effort: int) -> QRectF:
        plot = self.plot_rect()
        cell = plot.width() / 5
        return QRectF(
            plot.left() + (effort - 1) * cell, plot.top() + (5 - impact) * cell, cell, cell
        )

    def cell_at(self, pos: QPointF) -> tuple[int, int]:
        """(impact, effort) of the cell nearest ``pos``, each clamped to 1…5."""
        plot = self.plot_rect()
        cell = plot.width() / 5
        effort = math.floor((pos.x() - plot.left()) / cell) + 1
        impact = 5 - math.floor((pos.y() - plot.top()) / cell)
        return max(1, min(5, impact)), max(1, min(5, effort))

    def centre_of(self, improvement_id: str) -> QPointF:
        """Where a dot sits at rest (for tests and accessibility tools)."""
        return QPointF(self._centres[improvement_id])

    def dot_at(self, pos: QPointF) -> str | None:
        """The dot under ``pos``; the current one wins when dots touch."""
        hits = [
            dot_id
            for dot_id, centre in self._centres.items()
            if math.hypot(centre.x() - pos.x(), centre.y() - pos.y()) <= self._radius + 2
        ]
        if self.current in hits:
            return self.current
        return hits[-1] if hits else None

    def _place(self) -> None:
        """Spread the dots sharing a cell on a small grid so none hides another."""
        cells: dict[tuple[int, int], list[Dot]] = {}
        for dot in self.dots:
            cells.setdefault((dot.impact, dot.effort), []).append(dot)
        cell = self.plot_rect().width() / 5
        crowd = max((len(v) for v in cells.values()), default=1)
        columns = math.ceil(math.sqrt(crowd))
        step = min(2 * self.MAX_RADIUS + 4, (cell - 6) / columns)
        self._radius = max(4.0, step / 2 - 1.5)
        self._centres = {}
        for (impact, effort), dots in cells.items():
            rect = self.cell_rect(impact, effort)
            per_row = math.ceil(math.sqrt(len(dots)))
            rows = math.ceil(len(dots) / per_row)
            for k, dot in enumerate(dots):
                row, col = divmod(k, per_row)
                in_row = min(per_row, len(dots) - row * per_row)
                x = rect.center().x() + (col - (in_row - 1) / 2) * step
                y = rect.center().y() + (row - (rows - 1) / 2) * step
                self._centres[dot.id] = QPointF(x, y)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self._place()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        plot = self.plot_rect()
        paint_grid(p, plot, self.TOP, self.font())
        paint_axes(p, plot, self.TOP, self.font(), self.width())
        for dot in self.dots:
            if dot.id != self._dragging:
                self._paint_dot(p, dot, self._centres.get(dot.id, QPointF()))
        if self._dragging is not None:
            dot = self.dot(self._dragging)
            if dot is not None:
                paint_target(p, self.cell_rect(*self.cell_at(self._drag_pos)))
                self._paint_dot(p, dot, self._drag_pos - self._grab, lifted=True)
        p.end()

    def _paint_dot(self, p: QPainter, dot: Dot, centre: QPointF, lifted: bool = False) -> None:
        paint_dot(
            p,
            centre,
            self._radius,
            dot.number,
            dot.priority,
            self.font(),
            current=dot.id == self.current,
            lifted=lifted,
        )

    # ------------------------------------------------------------------ gestures
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.press(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self._dragging is not None:
            self.drag(event.position())
        else:
            over = self.dot_at(event.position()) is not None
            self.setCursor(Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton and self._dragging is not None:
            self.release(event.position())

    def press(self, pos: QPointF) -> None:
        """Pick the dot under ``pos`` and start dragging it."""
        dot_id = self.dot_at(pos)
        if dot_id is None:
            return
        self._dragging = dot_id
        self._grab = pos - self._centres[dot_id]
        self._drag_pos = QPointF(pos)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.set_current(dot_id)
        self.picked.emit(dot_id)

    def drag(self, pos: QPointF) -> None:
        """Move the lifted dot with the mouse (nothing is committed yet)."""
        if self._dragging is None:
            return
        self._drag_pos = QPointF(pos)
        self.update()

    def release(self, pos: QPointF) -> None:
        """Drop the dot: report new impact and effort when its cell changed."""
        dot = self.dot(self._dragging) if self._dragging is not None else None
        self._dragging = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.update()
        if dot is None:
            return
        impact, effort = self.cell_at(pos - self._grab)
        if (impact, effort) != (dot.impact, dot.effort):
            self.moved.emit(dot.id, impact, effort)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        steps = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
        }
        dot = self.dot(self.current) if self.current is not None else None
        step = steps.get(Qt.Key(event.key()))
        if dot is None or step is None:
            super().keyPressEvent(event)
            return
        impact = max(1, min(5, dot.impact + step[0]))
        effort = max(1, min(5, dot.effort + step[1]))
        if (impact, effort) != (dot.impact, dot.effort):
            self.moved.emit(dot.id, impact, effort)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            dot = self.dot(self.dot_at(QPointF(event.pos())) or "")
            if dot is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(
                event.globalPos(),
                plain_tip(
                    f"{dot.number}. {dot.title}",
                    f"{PRIORITY_NAMES.get(dot.priority, dot.priority)} priority · impact "
                    f"{dot.impact} · effort {dot.effort} · {quadrant_of(dot.impact, dot.effort)}",
                ),
                self,
            )
            return True
        return super().event(event)
