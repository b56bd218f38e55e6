"""How an improvement reads in the plan list: its two-line row and plain-text tooltips.

User text is shown literally everywhere: on one line in rows, and escaped in tooltips so
that markup such as ``<b>`` in a title is displayed, not obeyed.
"""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from journeymap.core.appearance import MUTED_INK, PRIORITY_NAMES, STATUS_NAMES, priority_colour
from journeymap.core.entities import Improvement

TIP_LIMIT: Final = 300
DETAIL_ROLE: Final = Qt.ItemDataRole.UserRole + 1
PRIORITY_ROLE: Final = Qt.ItemDataRole.UserRole + 2


def one_line(text: str) -> str:
    """Text on one line, runs of white space as single spaces."""
    return " ".join(text.split())


def plain_tip(*lines: str) -> str:
    """A tooltip that shows user text literally (markup such as ``<b>`` is not obeyed)."""
    shown = []
    for line in lines:
        line = one_line(line)
        if len(line) > TIP_LIMIT:
            line = line[: TIP_LIMIT - 1] + "…"
        shown.append(html.escape(line))
    return "<p style='white-space:pre-wrap'>" + "<br>".join(shown) + "</p>"


def fill_plan_row(row: QListWidgetItem, number: int, imp: Improvement) -> None:
    """Put improvement number ``number`` into its list row, as ``PlanRowDelegate`` draws it."""
    title = one_line(imp.title) or "(untitled)"
    details = [PRIORITY_NAMES[imp.priority], STATUS_NAMES[imp.status]]
    if imp.owner.strip():
        details.append(one_line(imp.owner))
    if imp.due is not None:
        details.append(f"due {imp.due.isoformat()}")
    row.setData(Qt.ItemDataRole.DisplayRole, f"{number}. {title}")
    row.setData(DETAIL_ROLE, " · ".join(details))
    row.setData(PRIORITY_ROLE, imp.priority)
    row.setToolTip(plain_tip(f"{number}. {imp.title}", " · ".join(details)))


class PlanRowDelegate(QStyledItemDelegate):
    """A plan row on two lines: number and title, then priority, status, owner and due.

    The list item holds the title line as its text, the second line in ``DETAIL_ROLE`` and
    the priority in ``PRIORITY_ROLE``; both lines are drawn as plain text, elided.
    """

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:  # noqa: N802
        line = option.fontMetrics.lineSpacing()
        return QSize(200, 2 * line + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        style = option.widget.style() if option.widget is not None else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(8, 5, -8, -5)
        line = option.fontMetrics.lineSpacing()
        priority = index.data(PRIORITY_ROLE) or "medium"
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(priority_colour(priority)))
        painter.drawRoundedRect(QRect(rect.left(), rect.top() + 2, 4, 2 * line - 4), 2, 2)
        text_rect = rect.adjusted(12, 0, 0, 0)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        ink = option.palette.highlightedText() if selected else option.palette.text()
        painter.setPen(ink.color())
        title = painter.fontMetrics().elidedText(
            index.data(Qt.ItemDataRole.DisplayRole) or "",
            Qt.TextElideMode.ElideRight,
            text_rect.width(),
        )
        painter.drawText(
            QRect(text_rect.left(), text_rect.top(), text_rect.width(), line),
            Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        painter.setFont(option.font)
        painter.setPen(ink.color() if selected else QColor(MUTED_INK))
        detail = option.fontMetrics.elidedText(
            index.data(DETAIL_ROLE) or "", Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            QRect(text_rect.left(), text_rect.top() + line, text_rect.width(), line),
            Qt.AlignmentFlag.AlignVCenter,
            detail,
        )
        painter.restore()
