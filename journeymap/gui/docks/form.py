"""The base of every dock form: field bindings, quiet refreshes and the one edit commit.

Used by the inspector's forms and the improvement form alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.appearance import MUTED_INK
from journeymap.core.commands import Edit
from journeymap.core.events import Changed, Event
from journeymap.core.model import JourneyMap
from journeymap.gui.docks.widgets import (
    INVALID,
    lines_of,
    put_combo,
    put_lines,
    put_text,
    same,
    text_of,
)

__all__ = ["Form", "unsubscribe_all"]

Getter = Callable[[], Any]
Putter = Callable[[Any, bool], None]


class Form(QWidget):
    """Base of the forms: field bindings, quiet refreshes, and the edit commit."""

    kind = "map"
    caption = ""

    def __init__(self) -> None:
        super().__init__()
        self.session: Any = None
        self.key: Any = None
        self._shown = False
        self._quiet = 0
        self._bindings: dict[str, tuple[Getter, Putter]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 10)
        outer.setSpacing(6)
        self.caption_label = QLabel(self.caption.upper())
        font = self.caption_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        font.setLetterSpacing(font.SpacingType.PercentageSpacing, 108)
        self.caption_label.setFont(font)
        self.caption_label.setStyleSheet(f"color: {MUTED_INK};")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {MUTED_INK};")
        outer.addWidget(self.caption_label)
        outer.addWidget(self.subtitle)
        self.form = self._new_form()
        outer.addLayout(self.form)
        outer.addStretch(1)

    # layout helpers
    def _new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(5)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return form

    def section(self, title: str) -> None:
        label = QLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(label)

    def row(self, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)

    def stacked(self, label: str, widget: QWidget) -> None:
        """A label over a widget that spans the form's width."""
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption)
        self.form.addRow(widget)

    # bindings
    def bind(self, field: str, get: Getter, put: Putter, *signals: SignalInstance) -> None:
        self._bindings[field] = (get, put)
        for signal in signals:
            signal.connect(lambda *_args, f=field: self.commit(f))

    def bind_text(self, field: str, widget: QLineEdit | QPlainTextEdit) -> None:
        self.bind(
            field,
            lambda: text_of(widget),
            lambda v, fresh: put_text(widget, v, fresh),
            widget.textChanged,
        )

    def bind_lines(self, field: str, widget: QPlainTextEdit) -> None:
        self.bind(
            field,
            lambda: lines_of(widget),
            lambda v, fresh: put_lines(widget, v, fresh),
            widget.textChanged,
        )

    def bind_combo(self, field: str, box: QComboBox) -> None:
        self.bind(
            field, box.currentData, lambda v, _fresh: put_combo(box, v), box.currentIndexChanged
        )

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Widget changes made inside are refreshes, not user edits."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    # the document side
    @property
    def doc(self) -> JourneyMap:
        return self.session.doc  # type: ignore[no-any-return]

    def record(self) -> Any:
        """The live record shown (the document itself for the map form)."""
        return self.doc

    def show_entity(self, key: Any) -> None:
        """Fill every field from the entity ``key`` (a fresh start: cursors go home)."""
        self.key = key
        self._shown = True
        self.prepare()
        self.refresh(self._bindings, fresh=True)
        self.update_header()

    def clear_entity(self) -> None:
        """Show no entity: widget changes commit nothing until ``show_entity`` is called."""
        self.key = None
        self._shown = False

    def reload(self) -> None:
        """Bring every field up to date without disturbing the ones already right."""
        self.prepare()
        self.refresh(self._bindings)
        self.update_header()

    def refresh(self, fields: Any, fresh: bool = False) -> None:
        """Put the document's value of ``fields`` into their widgets, without committing."""
        record = self.record()
        with self.quietly():
            for field in fields:
                if field in self._bindings:
                    self._bindings[field][1](getattr(record, field), fresh)

    def commit(self, field: str) -> None:
        """Push an edit of ``field`` if its widget value differs from the document's."""
        if self._quiet or not self._shown:
            return
        value = self._bindings[field][0]()
        if value is INVALID or same(value, getattr(self.record(), field)):
            return
        text = edit_text(self.kind, field)
        if not self.session.execute(Edit(self.kind, self.key, {field: value}, text)):  # type: ignore[arg-type]
            self.refresh([field])

    def on_event(self, event: Event) -> None:
        """React to a document event while shown (removal is handled by the dock)."""
        if isinstance(event, Changed) and event.kind == self.kind and event.key == self.key:
            self.refresh(event.fields)
            self.update_header()

    def prepare(self) -> None:
        """Rebuild choice lists that depend on the document (before filling the fields)."""

    def update_header(self) -> None:
        self.subtitle.setVisible(bool(self.subtitle.text()))


_KIND_WORDS = {"touchpoint": "card", "map": "map"}
_FIELD_WORDS = {"kpi": "KPI", "due": "due date", "persona_name": "persona name"}


def edit_text(kind: str, field: str) -> str:
    """The undo text of an inspector edit in words: “Edit card moment of truth”."""
    word = _FIELD_WORDS.get(field, field.replace("_", " "))
    return f"Edit {_KIND_WORDS.get(kind, kind)} {word}"


def unsubscribe_all(unsubscribers: list[Callable[[], None]]) -> None:
    """Call and forget every unsubscriber in ``unsubscribers``, newest first."""
    while unsubscribers:
        unsubscribers.pop()()
