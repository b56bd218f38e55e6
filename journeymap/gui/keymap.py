"""The keyboard flow: one table makes the actions and the Help ▸ Keyboard shortcuts list.

The canvas keys are actions made here; the Improvements dock makes its own actions from the
key tuples defined here, so the list shows only keys that really work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.gui import actions
from journeymap.gui.canvas.scene import MapScene


@dataclass(frozen=True)
class Key:
    keys: tuple[str, ...]
    text: str
    run: Callable[[MapScene], object] | None = None
    #: an edit: the canvas says what it changed and how to undo it (selection keys do not)
    edits: bool = True


CANVAS_KEYS: list[Key] = [
    Key(
        ("N",),
        "New card in the cell under the mouse (or after the selected card)",
        actions.new_card,
    ),
    Key(("Enter",), "Confirm the title being typed", None),
    Key(("Esc",), "Cancel the title being typed", None),
    Key(("Tab",), "Confirm and start the next card in the same cell", None),
    Key(
        ("F2",),
        "Edit the selected card's title",
        lambda s: s.selected_cards() and s.edit_title(s.selected_cards()[-1]),
        edits=False,
    ),
    Key(
        ("Left",),
        "Select the card to the left",
        lambda s: actions.select_neighbour(s, -1, 0),
        edits=False,
    ),
    Key(
        ("Right",),
        "Select the card to the right",
        lambda s: actions.select_neighbour(s, 1, 0),
        edits=False,
    ),
    Key(
        ("Up",), "Select the card above", lambda s: actions.select_neighbour(s, 0, -1), edits=False
    ),
    Key(
        ("Down",), "Select the card below", lambda s: actions.select_neighbour(s, 0, 1), edits=False
    ),
    Key(
        ("Ctrl+Left",),
        "Move the card to the previous stage",
        lambda s: actions.move_across(s, -1, 0),
    ),
    Key(("Ctrl+Right",), "Move the card to the next stage", lambda s: actions.move_across(s, 1, 0)),
    Key(("Ctrl+Up",), "Move the card to the lane above", lambda s: actions.move_across(s, 0, -1)),
    Key(("Ctrl+Down",), "Move the card to the lane below", lambda s: actions.move_across(s, 0, 1)),
    Key(("1",), "Emotion: very negative", lambda s: actions.set_emotion(s, -2)),
    Key(("2",), "Emotion: negative", lambda s: actions.set_emotion(s, -1)),
    Key(("3",), "Emotion: neutral", lambda s: actions.set_emotion(s, 0)),
    Key(("4",), "Emotion: positive", lambda s: actions.set_emotion(s, 1)),
    Key(("5",), "Emotion: very positive", lambda s: actions.set_emotion(s, 2)),
    Key(("0",), "Clear the emotion", lambda s: actions.set_emotion(s, None)),
    Key(("C",), "Next colour preset", actions.cycle_colour),
    Key(("M",), "Toggle moment of truth", actions.toggle_moment_of_truth),
    Key(("+", "="), "Add a dot vote", lambda s: actions.vote(s, 1)),
    Key(("-",), "Remove a dot vote", lambda s: actions.vote(s, -1)),
    Key(("L",), "Link the selected cards (in the order selected)", actions.link_selection),
    Key(("Ctrl+D",), "Duplicate the selected cards", actions.duplicate),
    Key(("Delete", "Backspace"), "Remove the selection (with its links)", actions.delete_selection),
    # the structure: the current stage / lane is the selected card's, or the one last touched
    Key(("Shift+F2",), "Rename the current stage (Tab: the next one)",
        lambda s: s.key_rename("stage"), edits=False),
    Key(("Ctrl+F2",), "Rename the current lane (Tab: the next one)",
        lambda s: s.key_rename("lane"), edits=False),
    Key(("Alt+Right",), "New stage after the current one", lambda s: s.key_insert("stage", 1),
        edits=False),
    Key(("Alt+Left",), "New stage before the current one", lambda s: s.key_insert("stage", 0),
        edits=False),
    Key(("Alt+Down",), "New lane below the current one", lambda s: s.key_insert("lane", 1),
        edits=False),
    Key(("Alt+Up",), "New lane above the current one", lambda s: s.key_insert("lane", 0),
        edits=False),
    Key(("Ctrl+Shift+Right",), "Move the current stage to the right",
        lambda s: s.key_move("stage", 1), edits=False),
    Key(("Ctrl+Shift+Left",), "Move the current stage to the left",
        lambda s: s.key_move("stage", -1), edits=False),
    Key(("Ctrl+Shift+Down",), "Move the current lane down", lambda s: s.key_move("lane", 1),
        edits=False),
    Key(("Ctrl+Shift+Up",), "Move the current lane up", lambda s: s.key_move("lane", -1),
        edits=False),
    Key(("Ctrl+Shift+Delete",), "Remove the current stage (with its cards)",
        lambda s: s.key_remove("stage"), edits=False),
    Key(("Alt+Shift+Delete",), "Remove the current lane (with its cards)",
        lambda s: s.key_remove("lane"), edits=False),
]

#: The Card menu starts a new group (a separator) before these keys' actions.
CARD_MENU_GROUPS: frozenset[str] = frozenset(
    {"Left", "Ctrl+Left", "1", "C", "Ctrl+D", "Shift+F2", "Alt+Right", "Ctrl+Shift+Right"}
)

#: The Improvements dock's keys: the dock makes its actions from these tuples.
IMPROVEMENT_NEW_KEYS: tuple[str, ...] = ("Ins", "Ctrl+Shift+I")
IMPROVEMENT_DELETE_KEYS: tuple[str, ...] = ("Del",)

IMPROVEMENT_KEYS: list[tuple[str, str]] = [
    (
        " / ".join(IMPROVEMENT_NEW_KEYS),
        "New improvement (while the Improvements dock has focus)",
    ),
    (
        " / ".join(IMPROVEMENT_DELETE_KEYS),
        "Delete the current improvement (in the plan list or the matrix)",
    ),
    (
        "Arrow keys in the matrix",
        "Move the current improvement: Left / Right for effort, Up / Down for impact",
    ),
]

OTHER_KEYS: list[tuple[str, str]] = [
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+N / Ctrl+O / Ctrl+S", "New / open / save"),
    ("Ctrl+Shift+S", "Save as"),
    ("Ctrl+F", "Filter cards"),
    ("Ctrl+A", "Select all cards"),
    ("Ctrl+wheel, Ctrl+= / Ctrl+-", "Zoom in / out"),
    ("Ctrl+0", "Fit the whole map"),
    ("Space+drag, middle button", "Pan"),
    ("Shift/Ctrl+click, drag on empty canvas", "Add to the selection / rubber band"),
    ("Drag a card's + handle onto another card", "Link them"),
    ("Double-click a card / header / link", "Edit its title / name / label"),
    ("F11", "Presentation mode"),
]


Notify = Callable[[str], object]


def install_canvas_keys(
    widget: QWidget, scene_of: Callable[[], MapScene], notify: Notify | None = None
) -> list[QAction]:
    """Add the canvas actions to ``widget`` (active only while the canvas has focus).

    ``notify(text)`` is told, after every edit a key makes, what changed on how many cards
    and how to undo it: a stray key over a large selection must never go unnoticed.
    """
    made: list[QAction] = []
    for key in CANVAS_KEYS:
        if key.run is None:
            continue
        action = QAction(key.text, widget)
        action.setShortcuts([QKeySequence(k) for k in key.keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _=False, key=key: _run(scene_of(), key, notify))
        widget.addAction(action)
        made.append(action)
    return made


def _run(scene: MapScene, key: Key, notify: Notify | None) -> None:
    if scene.editor is not None or key.run is None:
        return
    stack = scene.session.stack
    before = (stack.index(), stack.count())
    key.run(scene)
    if notify is None or not key.edits or (stack.index(), stack.count()) == before:
        return
    notify(change_notice(scene, key.keys[0], stack.undoText()))


def change_notice(scene: MapScene, key: str, what: str) -> str:
    """“M · Moment of truth on 18 cards — Ctrl+Z undoes it”."""
    ids = scene.selected_cards()
    if len(ids) == 1:
        title = scene.doc.touchpoint(ids[0]).title or "(untitled)"
        title = title if len(title) <= 40 else title[:39] + "…"
        where = f"on “{title}”"
    elif ids:
        where = f"on {len(ids)} cards"
    else:
        where = ""
    return f"{key} · {what} {where} — Ctrl+Z undoes it".replace("  ", " ")


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [(" / ".join(k.keys), k.text) for k in CANVAS_KEYS] + IMPROVEMENT_KEYS + OTHER_KEYS
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels(["Keys", "Does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, text) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(640, 640)
