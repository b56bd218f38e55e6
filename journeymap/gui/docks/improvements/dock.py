"""The Improvements dock: the map's improvement plan as a list, a matrix and a form.

The list shows the improvements in plan order (the numbers the printed plan uses); the
impact-vs-effort matrix shows the same numbers as dots to drag. The form below edits the
current improvement with the inspector's field bindings, so every change is one undoable
``Edit`` and typing merges into one step per field. Document events update only the row,
dot and fields they name, so undo, redo and edits made elsewhere show up at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.appearance import MUTED_INK
from journeymap.core.commands import AddImprovement, Edit, MoveImprovement, RemoveImprovement
from journeymap.core.entities import Improvement
from journeymap.core.events import Added, Changed, Event, Moved, Removed
from journeymap.core.ids import unique_id
from journeymap.gui.docks.form import unsubscribe_all
from journeymap.gui.docks.improvements.form import ImprovementForm
from journeymap.gui.docks.improvements.matrix import Dot, ImpactEffortMatrix
from journeymap.gui.docks.improvements.rows import PlanRowDelegate, fill_plan_row, one_line
from journeymap.gui.keymap import IMPROVEMENT_DELETE_KEYS, IMPROVEMENT_NEW_KEYS
from journeymap.gui.session import Session

if TYPE_CHECKING:
    from journeymap.gui.canvas.scene import MapScene

__all__ = ["ImprovementsDock"]


class ImprovementsDock(QDockWidget):
    """The improvement plan of the open map: list, matrix and the current one's form."""

    def __init__(
        self,
        session: Session,
        canvas: Callable[[], MapScene | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Improvements", parent)
        self.setObjectName("improvements-dock")
        self.session = session
        self.canvas = canvas or (lambda: None)
        self.list = QListWidget()
        self.list.setItemDelegate(PlanRowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("Improvements in plan order")
        self.matrix = ImpactEffortMatrix()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.list, "Plan")
        self.tabs.addTab(self.matrix, "Impact × effort")
        self.form = ImprovementForm()
        self.empty = QLabel(
            "No improvement selected.\n\nNew (Ins) adds one; right-click a card with pain "
            "points to start one from a pain point."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setContentsMargins(12, 12, 12, 12)
        self.empty.setStyleSheet(f"color: {MUTED_INK};")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.pages)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 520])
        splitter.setChildrenCollapsible(False)
        self._make_actions()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addLayout(self._toolbar())
        layout.addWidget(splitter, 1)
        body.setMinimumWidth(320)
        self.setWidget(body)
        self._rows: dict[str, QListWidgetItem] = {}
        self.list.currentItemChanged.connect(self._current_changed)
        self.matrix.picked.connect(self.select)
        self.matrix.moved.connect(self.place)
        self.form.link_button.clicked.connect(self.link_selected_cards)
        self.form.unlink_button.clicked.connect(self.unlink)
        self.form.touchpoints.itemDoubleClicked.connect(self._reveal)
        # Held outside self so the dock's destruction can still unsubscribe.
        self._unsubscribe: list[Callable[[], None]] = []
        holder = self._unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe_all(holder))
        self.set_session(session)

    # ------------------------------------------------------------------ building
    def _make_actions(self) -> None:
        def action(text: str, slot: Callable[[], object], keys: list[str], tip: str) -> QAction:
            act = QAction(text, self)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setToolTip(f"{tip} ({' / '.join(keys)})" if keys else tip)
            act.triggered.connect(lambda _=False: slot())
            return act

        self.act_new = action(
            "New", self.new_improvement, list(IMPROVEMENT_NEW_KEYS), "New improvement"
        )
        self.act_new.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.act_new)
        self.act_delete = action(
            "Delete", self.delete_current, list(IMPROVEMENT_DELETE_KEYS), "Delete the improvement"
        )
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.addAction(self.act_delete)
        self.matrix.addAction(self.act_delete)
        self.act_up = action("Up", lambda: self.move_current(-1), [], "Earlier in the plan")
        self.act_down = action("Down", lambda: self.move_current(1), [], "Later in the plan")

    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        for act in (self.act_new, self.act_delete, self.act_up, self.act_down):
            button = QToolButton()
            button.setDefaultAction(act)
            button.setAutoRaise(True)
            row.addWidget(button)
        row.addStretch(1)
        return row

    # ------------------------------------------------------------------ public API
    @property
    def doc(self) -> Any:
        return self.session.doc

    def set_session(self, session: Session) -> None:
        """Show the improvements of another open map (nothing selected)."""
        unsubscribe_all(self._unsubscribe)
        self.session = session
        self.form.session = session
        self._unsubscribe.append(session.doc.subscribe(self._on_event))
        self.list.blockSignals(True)
        self.list.clear()
        self._rows = {}
        for imp in session.doc.improvements:
            self._add_row(imp.id)
        self.list.setCurrentItem(None)
        self.list.blockSignals(False)
        self._show(None)
        self._refresh_matrix()

    def current(self) -> str | None:
        """The id of the improvement being edited."""
        return self.form.key if self.pages.currentWidget() is self.form else None

    def select(self, improvement_id: str | None) -> None:
        """Make ``improvement_id`` current in the list, the matrix and the form."""
        row = self._rows.get(improvement_id or "")
        if row is None:
            self.list.setCurrentItem(None)
            self._show(None)
        else:
            self.list.setCurrentItem(row)
            self.list.scrollToItem(row)

    def new_improvement(
        self,
        title: str = "New improvement",
        problem: str = "",
        touchpoints: list[str] | None = None,
    ) -> str | None:
        """Add an improvement after the current one, select it and put the cursor in its title."""
        doc = self.doc
        imp = Improvement(
            id=unique_id(title, lambda i: any(x.id == i for x in doc.improvements), "improvement"),
            title=title,
            problem=problem,
            touchpoints=list(touchpoints or []),
        )
        current = self.current()
        index = doc.improvement_index(current) + 1 if current else None
        if not self.session.execute(AddImprovement(imp, index)):
            return None
        self.show()
        self.raise_()
        self.tabs.setCurrentWidget(self.list)
        self.select(imp.id)
        self.form.title.setFocus()
        self.form.title.selectAll()
        return imp.id

    def new_from_pain_point(self, touchpoint_id: str, pain_point: str) -> str | None:
        """A new improvement named after a card's pain point, linked to that card."""
        text = one_line(pain_point) or "New improvement"
        return self.new_improvement(text, pain_point, [touchpoint_id])

    def delete_current(self) -> bool:
        current = self.current()
        return current is not None and self.session.execute(RemoveImprovement(current))

    def move_current(self, step: int) -> bool:
        current = self.current()
        if current is None:
            return False
        index = self.doc.improvement_index(current) + step
        if not 0 <= index < len(self.doc.improvements):
            return False
        return self.session.execute(MoveImprovement(current, index))

    def place(self, improvement_id: str, impact: int, effort: int) -> bool:
        """Impact and effort from the matrix, as one undo step of its own."""
        self.select(improvement_id)
        return self.session.execute(
            _Placement(
                "improvement",
                improvement_id,
                {"impact": impact, "effort": effort},
                text="Move improvement on the matrix",
            )
        )

    def link_selected_cards(self) -> bool:
        """Add the cards selected on the map to the current improvement's touchpoints."""
        current = self.current()
        scene = self.canvas()
        chosen = scene.selected_cards() if scene is not None else []
        if current is None:
            return False
        if not chosen:
            self.form.say("Select one or more cards on the map first, then link them.")
            return False
        linked = list(self.doc.improvement(current).touchpoints)
        new = [tp_id for tp_id in chosen if tp_id not in linked]
        if not new:
            self.form.say("The selected cards are already linked.")
            return False
        self.form.say("")
        return self.session.execute(
            Edit(
                "improvement",
                current,
                {"touchpoints": linked + new},
                text="Link cards to improvement",
            )
        )

    def unlink(self) -> bool:
        """Remove the touchpoints selected in the form's list from the current improvement."""
        current = self.current()
        if current is None:
            return False
        left = self.form.unlink_selection()
        if left == self.doc.improvement(current).touchpoints:
            self.form.say("Select the touchpoints to unlink in the list first.")
            return False
        self.form.say("")
        return self.session.execute(
            Edit(
                "improvement", current, {"touchpoints": left}, text="Unlink cards from improvement"
            )
        )

    # ------------------------------------------------------------------ internals
    def _show(self, improvement_id: str | None) -> None:
        if improvement_id is None:
            self.form.clear_entity()
            self.pages.setCurrentWidget(self.empty)
        else:
            self.form.show_entity(improvement_id)
            self.pages.setCurrentWidget(self.form)
        self.matrix.set_current(improvement_id)
        for act in (self.act_delete, self.act_up, self.act_down):
            act.setEnabled(improvement_id is not None)

    def _current_changed(self, item: QListWidgetItem | None, _previous: object) -> None:
        improvement_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if improvement_id != self.current():
            self._show(improvement_id)

    def _reveal(self, item: QListWidgetItem) -> None:
        tp_id = item.data(Qt.ItemDataRole.UserRole)
        scene = self.canvas()
        if scene is not None and tp_id:
            scene.select_only([tp_id])

    def _add_row(self, improvement_id: str) -> None:
        row = QListWidgetItem()
        row.setData(Qt.ItemDataRole.UserRole, improvement_id)
        self._rows[improvement_id] = row
        self.list.insertItem(self.doc.improvement_index(improvement_id), row)
        self._renumber()

    def _renumber(self) -> None:
        for improvement_id, row in self._rows.items():
            self._fill_row(row, self.doc.improvement(improvement_id))

    def _fill_row(self, row: QListWidgetItem, imp: Improvement) -> None:
        fill_plan_row(row, self.doc.improvement_index(imp.id) + 1, imp)

    def _refresh_matrix(self) -> None:
        self.matrix.set_dots(
            [
                Dot(imp.id, n, imp.title, imp.priority, imp.impact, imp.effort)
                for n, imp in enumerate(self.doc.improvements, start=1)
            ]
        )

    def _on_event(self, event: Event) -> None:
        if event.kind == "improvement":
            key = str(event.key)
            if isinstance(event, Added):
                self._add_row(key)
            elif isinstance(event, Removed):
                row = self._rows.pop(key, None)
                if row is not None:
                    self.list.takeItem(self.list.row(row))
                self._renumber()
                if self.form.key == key:
                    self.select(None)
            elif isinstance(event, Moved):
                row = self._rows[key]
                self.list.blockSignals(True)
                self.list.takeItem(self.list.row(row))
                self.list.insertItem(self.doc.improvement_index(key), row)
                self.list.blockSignals(False)
                if self.form.key == key:
                    self.list.setCurrentItem(row)
                self._renumber()
            elif isinstance(event, Changed) and key in self._rows:
                self._fill_row(self._rows[key], self.doc.improvement(key))
            if not isinstance(event, Changed) or event.fields & {
                "title",
                "priority",
                "impact",
                "effort",
            }:
                self._refresh_matrix()
        if self.current() is not None:
            self.form.on_event(event)


class _Placement(Edit):
    """Impact and effort from one matrix gesture: its own undo step, never merged."""

    def merge_key(self) -> None:
        return None
