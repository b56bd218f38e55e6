"""A transient message over the canvas: what a single-key command just changed and how to
undo it, big enough to see from across a workshop room."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

SHOWN_MS = 4500


class Toast(QLabel):
    """A rounded label at the bottom centre of a scroll area's viewport; hides itself."""

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self.setObjectName("canvas-toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "QLabel#canvas-toast { background: rgba(38, 50, 56, 230); color: white;"
            " border-radius: 8px; padding: 10px 18px; font-size: 15px; }"
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, msec: int = SHOWN_MS) -> None:
        self.setText(text)
        self.place()
        self.show()
        self.raise_()
        self._timer.start(msec)

    def place(self) -> None:
        """Bottom centre of the viewport, at most 80 % of its width."""
        area = self.parentWidget()
        if not isinstance(area, QAbstractScrollArea):
            return
        viewport = area.viewport().geometry()
        width = min(int(viewport.width() * 0.8), 720)
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        x = viewport.x() + (viewport.width() - self.width()) // 2
        y = viewport.y() + viewport.height() - self.height() - 24
        self.move(x, max(viewport.y(), y))


class Badge(QLabel):
    """A label pinned to the top right of a scroll area's viewport (an active filter)."""

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self.setObjectName("canvas-badge")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "QLabel#canvas-badge { background: #f57c00; color: white; border-radius: 8px;"
            " padding: 8px 16px; font-size: 18px; font-weight: bold; }"
        )
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.adjustSize()
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        area = self.parentWidget()
        if not isinstance(area, QAbstractScrollArea):
            return
        viewport = area.viewport().geometry()
        self.move(viewport.right() - self.width() - 16, viewport.y() + 16)
