"""The filter fields of the toolbar: text, channel, emotion and colour; Esc clears them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QToolBar

from journeymap.core import appearance
from journeymap.core.entities import Channel, Touchpoint

Matcher = Callable[[Touchpoint], bool]


class FilterBar(QObject):
    """The toolbar's filter widgets and what they select."""

    changed = Signal()
    #: Esc was pressed in the text field
    escaped = Signal()

    def __init__(self, tools: QToolBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter: text, owner, pain point…")
        self.text.setClearButtonEnabled(True)
        self.text.setMaximumWidth(260)
        self.channel = QComboBox()
        self.channel.addItem("Any channel", None)
        self.emotion = QComboBox()
        self.emotion.addItem("Any emotion", None)
        for e in range(-2, 3):
            self.emotion.addItem(appearance.EMOTION_NAMES[e].capitalize(), e)
        self.colour = QComboBox()
        self.colour.addItem("Any colour", None)
        for hex_code, _name, meaning in appearance.PRESETS:
            self.colour.addItem(meaning.capitalize(), hex_code)
        tools.addWidget(self.text)
        for combo in self.combos:
            tools.addWidget(combo)
            combo.currentIndexChanged.connect(self.changed)
        self.text.textChanged.connect(self.changed)
        self.text.installEventFilter(self)

    @property
    def combos(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return (self.channel, self.emotion, self.colour)

    def set_channels(self, channels: Sequence[Channel]) -> None:
        self.channel.blockSignals(True)
        current = self.channel.currentData()
        self.channel.clear()
        self.channel.addItem("Any channel", None)
        for channel in channels:
            self.channel.addItem(channel.name, channel.id)
        self.channel.setCurrentIndex(max(0, self.channel.findData(current)))
        self.channel.blockSignals(False)

    def active(self) -> bool:
        return bool(self.text.text().strip()) or any(c.currentIndex() > 0 for c in self.combos)

    def describe(self) -> str:
        """“parcel · Negative”: what the filter keeps, for the projector's badge."""
        parts = [f"“{self.text.text().strip()}”"] if self.text.text().strip() else []
        parts += [c.currentText() for c in self.combos if c.currentIndex() > 0]
        return " · ".join(parts)

    def clear(self) -> None:
        for widget in (self.text, *self.combos):
            widget.blockSignals(True)
        self.text.clear()
        for combo in self.combos:
            combo.setCurrentIndex(0)
        for widget in (self.text, *self.combos):
            widget.blockSignals(False)
        self.changed.emit()

    def matcher(self) -> Matcher | None:
        """What the cards must match, or None when nothing is filtered."""
        text = self.text.text().strip().lower()
        channel = self.channel.currentData()
        emotion = self.emotion.currentData()
        colour = self.colour.currentData()
        if not text and channel is None and emotion is None and colour is None:
            return None

        def matches(tp: Touchpoint) -> bool:
            if channel is not None and tp.channel != channel:
                return False
            if emotion is not None and tp.emotion != emotion:
                return False
            if colour is not None and tp.colour.lower() != colour:
                return False
            if text:
                words = [tp.title, tp.description, tp.thoughts, tp.owner]
                haystack = " ".join([*words, *tp.pain_points, *tp.opportunities]).lower()
                return text in haystack
            return True

        return matches

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Esc in the text field clears the filter."""
        if (
            watched is self.text
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.clear()
            self.escaped.emit()
            return True
        return super().eventFilter(watched, event)
