"""A plain undo history for scripts and tests; the editor uses QUndoStack the same way."""

from __future__ import annotations

from journeymap.core.commands import Command
from journeymap.core.model import JourneyMap


class History:
    """Do, undo and redo commands on one document, merging consecutive edits."""

    def __init__(self, doc: JourneyMap) -> None:
        self.doc = doc
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean: int | None = 0

    def push(self, command: Command, *, merge: bool = True) -> None:
        """Do ``command`` and record it (merged into the previous step when allowed)."""
        command.do(self.doc)
        self._undone.clear()
        top = self._done[-1] if self._done else None
        key = command.merge_key()
        if (
            merge
            and top is not None
            and key is not None
            and top.merge_key() == key
            and self._clean != len(self._done)
            and top.merge(command)
        ):
            if top.is_noop():
                self._done.pop()
            return
        if self._clean is not None and self._clean > len(self._done):
            self._clean = None
        self._done.append(command)

    def undo(self) -> bool:
        if not self._done:
            return False
        command = self._done.pop()
        command.undo(self.doc)
        self._undone.append(command)
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        command = self._undone.pop()
        command.do(self.doc)
        self._done.append(command)
        return True

    @property
    def index(self) -> int:
        """How many steps are done (the position in the history, as in QUndoStack)."""
        return len(self._done)

    @property
    def count(self) -> int:
        """How many steps the history holds, done and undone."""
        return len(self._done) + len(self._undone)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def set_clean(self) -> None:
        self._clean = len(self._done)

    @property
    def is_clean(self) -> bool:
        return self._clean == len(self._done)
