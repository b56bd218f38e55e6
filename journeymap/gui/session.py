"""One open map in the editor: the document, its QUndoStack, its file path.

Every edit is a core command pushed through :meth:`Session.execute`; the thin
:class:`UndoCommand` adapter is the only place core commands meet QUndoStack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from journeymap.core.commands import Command
from journeymap.core.errors import ModelError
from journeymap.core.model import JourneyMap

_merge_ids: dict[object, int] = {}


def _merge_id(command: Command) -> int:
    """A stable small int per merge key (QUndoCommand.id must be an int, -1 = never merge)."""
    key = command.merge_key()
    if key is None:
        return -1
    if key not in _merge_ids:
        _merge_ids[key] = len(_merge_ids) + 1
    return _merge_ids[key]


class UndoCommand(QUndoCommand):
    """Adapts one core command to QUndoStack. Pushed already done (first redo is skipped)."""

    def __init__(self, session: Session, command: Command) -> None:
        super().__init__(command.text)
        self.session = session
        self.command = command
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self.session.batched(lambda: self.command.do(self.session.doc))

    def undo(self) -> None:
        self.session.batched(lambda: self.command.undo(self.session.doc))

    def id(self) -> int:
        return _merge_id(self.command)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(other, UndoCommand) or not self.command.merge(other.command):
            return False
        self.setText(self.command.text)
        if self.command.is_noop():
            self.setObsolete(True)
        return True


class Session(QObject):
    """The open document with its undo stack and file."""

    batchStarted = Signal()
    batchFinished = Signal()
    pathChanged = Signal()
    refused = Signal(str)
    modifiedChanged = Signal(bool)

    def __init__(
        self, doc: JourneyMap, path: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.path = path
        self.stack = QUndoStack(self)
        self._depth = 0
        self._restored = False
        self.stack.cleanChanged.connect(self._clean_changed)

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.pathChanged.emit()

    def batched(self, work: Callable[[], None]) -> None:
        """Run ``work`` so that views repaint once at the end, not per event."""
        self._depth += 1
        if self._depth == 1:
            self.batchStarted.emit()
        try:
            work()
        finally:
            self._depth -= 1
            if self._depth == 0:
                self.batchFinished.emit()

    def execute(self, command: Command) -> bool:
        """Do ``command`` and push it; a refused edit changes nothing and says why."""
        try:
            self.batched(lambda: command.do(self.doc))
        except ModelError as err:
            self.refused.emit(str(err))
            return False
        self.stack.push(UndoCommand(self, command))
        return True

    def _clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(self._restored or not clean)

    @property
    def modified(self) -> bool:
        """True while the map differs from its file (the stack's clean state)."""
        return self._restored or not self.stack.isClean()

    def mark_modified(self) -> None:
        """Mark a map restored from a recovery copy as modified, though nothing is undoable."""
        self._restored = True
        self.modifiedChanged.emit(True)

    def mark_saved(self) -> None:
        """The map now equals its file."""
        self._restored = False
        self.stack.setClean()
        self.modifiedChanged.emit(False)

    @property
    def display_name(self) -> str:
        return self.path.name if self.path is not None else "Untitled"
