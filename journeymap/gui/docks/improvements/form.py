"""The improvement form: every field of one improvement, and the touchpoints it is linked to.

It edits with the inspector's field bindings, so every change is one undoable ``Edit`` and
typing merges into one step per field. The due date is committed while it is a valid
date; why it is not is shown once the user leaves the field.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QWidget,
)

from journeymap.core.appearance import MUTED_INK, PRIORITY_NAMES, STATUS_NAMES, quadrant_of
from journeymap.core.entities import PRIORITIES, STATUSES
from journeymap.core.events import Changed, Event
from journeymap.gui.docks.form import Form
from journeymap.gui.docks.improvements.rows import one_line, plain_tip
from journeymap.gui.docks.widgets import (
    ERROR_INK,
    INVALID,
    Counter,
    TitleEdit,
    combo,
    put_text,
    text_box,
)

__all__ = ["ImprovementForm", "parse_due"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_due(text: str) -> tuple[Any, str]:
    """The due date typed in ``text`` (None when empty) and "", or INVALID and why."""
    text = text.strip()
    if not text:
        return None, ""
    shown = text if len(text) <= 30 else text[:29] + "…"
    if not _DATE.match(text):
        return INVALID, f"“{shown}” is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31."
    try:
        return datetime.date.fromisoformat(text), ""
    except ValueError:
        return INVALID, f"“{shown}” is not a real date: check the month and the day."


class ImprovementForm(Form):
    """Every field of one improvement, and the touchpoints it is linked to."""

    kind = "improvement"
    caption = "Improvement"

    def __init__(self) -> None:
        super().__init__()
        self.title = TitleEdit()
        self.title.setPlaceholderText("What will change, in a few words")
        self.problem = text_box(3, "The pain it removes")
        self.action = text_box(3, "What will be done")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("Team or person responsible")
        self.priority = combo([(PRIORITY_NAMES[p], p) for p in PRIORITIES])
        self.status = combo([(STATUS_NAMES[s], s) for s in STATUSES])
        self.impact, self.effort = Counter(), Counter()
        for rating, tip in (
            (self.impact, "Impact, 1 (low) to 5 (high)"),
            (self.effort, "Effort, 1 (low) to 5 (high)"),
        ):
            rating.setRange(1, 5)
            rating.setToolTip(tip)
        self.due = QLineEdit()
        self.due.setPlaceholderText("YYYY-MM-DD, or empty for no date")
        self.due_message = QLabel()
        self.due_message.setWordWrap(True)
        self.due_message.setStyleSheet(f"color: {ERROR_INK};")
        self.due_message.hide()
        self.kpi = QLineEdit()
        self.kpi.setPlaceholderText("How success is measured")
        self.touchpoints = QListWidget()
        self.touchpoints.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.touchpoints.setToolTip("Double-click a touchpoint to show it on the map")
        self.touchpoints.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.touchpoints.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.touchpoints.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.link_button = QToolButton()
        self.link_button.setText("Link selected cards")
        self.link_button.setToolTip("Link the cards selected on the map to this improvement")
        self.unlink_button = QToolButton()
        self.unlink_button.setText("Unlink")
        self.unlink_button.setToolTip("Unlink the touchpoints selected in this list")
        self.link_message = QLabel()
        self.link_message.setWordWrap(True)
        self.link_message.setStyleSheet(f"color: {MUTED_INK};")
        self.link_message.hide()

        self.stacked("Title", self.title)
        self.stacked("Problem", self.problem)
        self.stacked("Action", self.action)
        self.row("Owner", self.owner)
        self.form.addRow("Priority", _pair(self.priority, "Status", self.status))
        self.form.addRow("Impact", _pair(self.impact, "Effort", self.effort))
        self.row("Due", self.due)
        self.form.addRow(self.due_message)
        self.row("KPI", self.kpi)
        self.section("Touchpoints")
        self.form.addRow(self.touchpoints)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch(1)
        self.form.addRow(buttons)
        self.form.addRow(self.link_message)

        for field in ("title", "problem", "action", "owner", "kpi"):
            self.bind_text(field, getattr(self, field))
        self.bind_combo("priority", self.priority)
        self.bind_combo("status", self.status)
        for field in ("impact", "effort"):
            box: Counter = getattr(self, field)
            self.bind(field, box.value, lambda v, _f, b=box: b.setValue(v), box.valueChanged)
        self.bind("due", self._due, self._put_due, self.due.textChanged)
        self.due.editingFinished.connect(self._explain_due)
        self.bind("touchpoints", self._linked, self._put_touchpoints)

    def record(self) -> Any:
        return self.doc.improvement(self.key)

    # due date: committed while valid; the reason is shown once the user leaves the field
    def _due(self) -> Any:
        value = parse_due(self.due.text())[0]
        if value is not INVALID:
            self.due_message.hide()
        return value

    def _put_due(self, due: datetime.date | None, fresh: bool) -> None:
        put_text(self.due, due.isoformat() if due else "", fresh)
        if fresh or parse_due(self.due.text())[0] is not INVALID:
            self.due_message.hide()

    def _explain_due(self) -> None:
        value, why = parse_due(self.due.text())
        self.due_message.setText(why)
        self.due_message.setVisible(value is INVALID)

    # linked touchpoints
    def _linked(self) -> list[str]:
        items = [self.touchpoints.item(i) for i in range(self.touchpoints.count())]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if item.flags()]

    def _put_touchpoints(self, ids: list[str], _fresh: bool) -> None:
        self.touchpoints.clear()
        for tp_id in ids:
            title = self.doc.touchpoint(tp_id).title if self.doc.has_touchpoint(tp_id) else tp_id
            item = QListWidgetItem(one_line(title) or "(untitled)")
            item.setData(Qt.ItemDataRole.UserRole, tp_id)
            item.setToolTip(plain_tip(title))
            self.touchpoints.addItem(item)
        self.unlink_button.setEnabled(bool(ids))
        if not ids:
            placeholder = QListWidgetItem("No touchpoints linked yet")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            placeholder.setForeground(QColor(MUTED_INK))
            self.touchpoints.addItem(placeholder)

    def unlink_selection(self) -> list[str]:
        """The linked ids left when the ones selected in the list are removed."""
        chosen = {item.data(Qt.ItemDataRole.UserRole) for item in self.touchpoints.selectedItems()}
        return [tp_id for tp_id in self.record().touchpoints if tp_id not in chosen]

    def say(self, text: str) -> None:
        self.link_message.setText(text)
        self.link_message.setVisible(bool(text))

    def show_entity(self, key: Any) -> None:
        self.say("")
        super().show_entity(key)

    def update_header(self) -> None:
        imp = self.record()
        position = self.doc.improvement_index(self.key) + 1
        total = len(self.doc.improvements)
        quadrant = quadrant_of(imp.impact, imp.effort)
        self.subtitle.setText(f"Number {position} of {total} in the plan · {quadrant}")
        super().update_header()

    def on_event(self, event: Event) -> None:
        super().on_event(event)
        if event.kind == "improvement" and not isinstance(event, Changed):
            self.update_header()
        elif (
            isinstance(event, Changed)
            and event.kind == "touchpoint"
            and "title" in event.fields
            and event.key in self.record().touchpoints
        ):
            self.refresh(["touchpoints"])


def _pair(first: QWidget, label: str, second: QWidget) -> QHBoxLayout:
    """Two fields on one form row, the second with its own label."""
    for widget in (first, second):
        if isinstance(widget, QComboBox):  # may shrink below its longest entry in a narrow dock
            policy = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            widget.setSizeAdjustPolicy(policy)
            widget.setMinimumContentsLength(4)
    row = QHBoxLayout()
    row.setSpacing(8)
    row.addWidget(first, 1)
    caption = QLabel(label)
    caption.setBuddy(second)
    row.addWidget(caption)
    row.addWidget(second, 1)
    return row
