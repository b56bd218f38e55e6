"""The palette dock: drag a channel (or a blank card) onto a cell to create a touchpoint."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.core import appearance
from journeymap.core.entities import Channel
from journeymap.gui.canvas.painting import colour, font, paint_badge
from journeymap.gui.canvas.view import PALETTE_MIME

_ROLE = Qt.ItemDataRole.UserRole


def channel_icon(channel: Channel | None, size: int = 28) -> QIcon:
    pixmap = QPixmap(size * 2, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if channel is None:
        painter.setPen(colour("#90a4ae"))
        painter.setBrush(colour("#ffffff"))
        painter.drawRoundedRect(QRectF(4, 4, size * 2 - 8, size - 8), 4, 4)
        painter.setFont(font(14))
        painter.drawText(QRectF(0, 0, size * 2, size), Qt.AlignmentFlag.AlignCenter, "+")
    else:
        text = appearance.channel_badge(channel.id, channel.name)
        w = QFontMetricsF(font(9)).horizontalAdvance(text) + 14
        fill = appearance.CHANNEL_KIND_COLOURS.get(channel.kind, "#90a4ae")
        paint_badge(painter, QRectF((size * 2 - w) / 2, size / 2 - 9, w, 18), text, fill)
    painter.end()
    return QIcon(pixmap)


class PaletteList(QListWidget):
    """A list whose items drag out as palette payloads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.setIconSize(QSize(56, 28))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(1)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QListWidget.SelectionMode.SingleSelection)

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [PALETTE_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        channel = items[0].data(_ROLE) if items else ""
        mime.setData(PALETTE_MIME, (channel or "").encode("utf-8"))
        return mime


class PaletteDock(QDockWidget):
    """Channels of the map's palette, plus a blank card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Palette", parent)
        self.setObjectName("palette")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        hint = QLabel("Drag onto a cell to add a touchpoint. Press N on the canvas to type one.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #607d8b;")
        layout.addWidget(hint)
        self.list = PaletteList()
        layout.addWidget(self.list)
        self.setWidget(body)

    def set_channels(self, channels: Sequence[Channel]) -> None:
        self.list.clear()
        blank = QListWidgetItem(channel_icon(None), "Blank card")
        blank.setData(_ROLE, "")
        self.list.addItem(blank)
        for channel in channels:
            item = QListWidgetItem(channel_icon(channel), channel.name)
            item.setData(_ROLE, channel.id)
            item.setToolTip(f"{channel.name} ({channel.kind})")
            self.list.addItem(item)
