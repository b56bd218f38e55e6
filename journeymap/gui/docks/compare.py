"""The Changes dock of an as-is / to-be comparison: a legend and every change, one per row.

Clicking a row (or Enter) asks for its card to be selected and centred; the dock itself
knows nothing of the canvas. **Close comparison** leaves the comparison.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.comparison import COLOURS, LEGEND, ChangeRow, Comparison

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def legend_html(comparison: Comparison | None = None) -> str:
    """The legend as rich text: a coloured square, the meaning, and the count when known."""
    parts = []
    for status, meaning in LEGEND:
        count = f" ({comparison.count(status)})" if comparison is not None else ""
        parts.append(
            f'<span style="color:{COLOURS[status]}; font-size:14px">■</span>&nbsp;'
            f"<b>{status}</b>{count} {escape(meaning)}"
        )
    return "<br>".join(parts)


class CompareDock(QDockWidget):
    """Lists the changes of a comparison; emits :attr:`rowChosen` for a clicked row."""

    rowChosen = Signal(object)  # ChangeRow
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Changes", parent)
        self.setObjectName("changes-dock")
        body = QWidget(self)
        box = QVBoxLayout(body)
        self.heading = QLabel(body)
        self.heading.setWordWrap(True)
        self.legend = QLabel(body)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.list = QListWidget(body)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.close_button = QPushButton("Close comparison", body)
        self.close_button.clicked.connect(self.closeRequested)
        for widget in (self.heading, self.legend, self.list, self.close_button):
            box.addWidget(widget)
        self.setWidget(body)

    def show_comparison(self, comparison: Comparison, other_name: str) -> None:
        """Fill the dock for ``comparison`` against the map called ``other_name``."""
        n = len(comparison.rows)
        if comparison.equal:
            head = f"This map is the same as “{other_name}”."
        else:
            head = f"Compared with “{other_name}”: {n} change{'s' if n != 1 else ''}."
        self.heading.setText(f"<b>{escape(head)}</b>")
        self.legend.setText(legend_html(comparison))
        self.list.clear()
        for row in comparison.rows:
            item = QListWidgetItem(row.text)
            item.setData(ROW_ROLE, row)
            if row.status in COLOURS:
                item.setForeground(QColor(COLOURS[row.status]).darker(125))
            if row.card is None and row.ghost is None:
                item.setToolTip("Not a card: nothing to show on the canvas.")
            self.list.addItem(item)

    def rows(self) -> list[ChangeRow]:
        return [self.list.item(i).data(ROW_ROLE) for i in range(self.list.count())]

    def _chosen(self, item: QListWidgetItem) -> None:
        row = item.data(ROW_ROLE)
        if isinstance(row, ChangeRow):
            self.rowChosen.emit(row)


__all__ = ["CompareDock", "legend_html"]
