"""Key bindings that Qt would otherwise get wrong, and toolbar twins of changing actions."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


def unique_keys(*keys: QKeySequence.StandardKey | str) -> list[QKeySequence]:
    """The key sequences of ``keys`` without repeats: binding one sequence twice makes Qt
    call the shortcut ambiguous and do nothing (``QKeySequence.Redo`` already is
    Ctrl+Shift+Z on X11)."""
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        sequences = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        for sequence in sequences:
            text = sequence.toString()
            if text and text not in seen:
                seen[text] = sequence
    return list(seen.values())


class FixedTextAction(QAction):
    """A toolbar twin of an action with a constant text; its tooltip says what it does."""

    def __init__(self, action: QAction, text: str, parent: QObject) -> None:
        super().__init__(text, parent)
        self._action = action
        self.follow()
        action.changed.connect(self.follow)
        self.triggered.connect(action.trigger)

    def follow(self) -> None:
        self.setEnabled(self._action.isEnabled())
        self.setToolTip(self._action.text().replace("&", ""))


def fixed_text_proxy(action: QAction, text: str, parent: QObject) -> QAction:
    """The toolbar's Undo / Redo: the menu's “Undo Set emotion” would make the buttons
    after it jump sideways at every edit."""
    return FixedTextAction(action, text, parent)
