"""Offering the maps a crash left unsaved: Restore, Discard or Later for each recovery copy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.errors import FileAccessError, FileFormatError
from journeymap.core.model import JourneyMap
from journeymap.gui.autosave import (
    RecoveryCopy,
    RecoveryInstance,
    claim_orphans,
    default_recovery_dir,
)


class Action(StrEnum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"


_LABELS = {Action.RESTORE: "&Restore", Action.DISCARD: "&Discard", Action.LATER: "&Later"}


class RestoredMap(tuple[JourneyMap, Path | None]):
    """A restored map. Unpacks as ``(doc, original_path)``; ``copy`` goes to Autosaver.adopt."""

    copy: RecoveryCopy

    def __new__(
        cls, doc: JourneyMap, original_path: Path | None, copy: RecoveryCopy
    ) -> RestoredMap:
        restored = super().__new__(cls, (doc, original_path))
        restored.copy = copy
        return restored

    @property
    def doc(self) -> JourneyMap:
        return self[0]

    @property
    def original_path(self) -> Path | None:
        return self[1]


class RecoveryDialog(QDialog):
    """One row per orphaned copy with a Restore / Discard / Later choice.

    Closing or cancelling the dialog means Later for every copy: nothing is lost.
    """

    def __init__(self, copies: Sequence[RecoveryCopy], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved maps")
        self.copies = list(copies)
        self._groups: list[QButtonGroup] = []
        self._buttons: list[dict[Action, QRadioButton]] = []
        self.problems = [copy.problem() for copy in self.copies]

        many = len(self.copies) > 1
        intro = QLabel(
            "JourneyMap did not close normally last time. "
            + ("These maps have" if many else "This map has")
            + " changes that were never saved. Choose what to do with "
            + ("each one." if many else "it.")
            + " Later keeps a copy until the next start."
        )
        intro.setWordWrap(True)

        rows = QWidget()
        grid = QGridLayout(rows)
        grid.setColumnStretch(0, 1)
        for row, copy in enumerate(self.copies):
            self._add_row(grid, row, copy, self.problems[row])
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Decide Later")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, min(160 + 72 * len(self.copies), 520))

    def _add_row(
        self, grid: QGridLayout, row: int, copy: RecoveryCopy, problem: str | None
    ) -> None:
        title = QLabel(f"<b>{_escape(copy.title)}</b>")
        where = str(copy.original_path) if copy.original_path is not None else "Never saved"
        details = f"{where}\nAutosaved {_when(copy)}"
        if problem is not None:
            details += f"\nCannot be restored: {problem}"
        info = QLabel(details)
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        info.setToolTip(where)
        text = QWidget()
        column = QVBoxLayout(text)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(info)
        grid.addWidget(text, row, 0)

        group = QButtonGroup(self)
        buttons: dict[Action, QRadioButton] = {}
        for col, action in enumerate(Action, start=1):
            button = QRadioButton(_LABELS[action])
            button.setAccessibleName(f"{action.value.capitalize()} {copy.title}")
            group.addButton(button)
            buttons[action] = button
            grid.addWidget(button, row, col)
        if problem is None:
            buttons[Action.RESTORE].setChecked(True)
        else:
            buttons[Action.RESTORE].setEnabled(False)
            buttons[Action.LATER].setChecked(True)
        self._groups.append(group)
        self._buttons.append(buttons)

    def choose(self, row: int, action: Action) -> None:
        """Pick ``action`` for the copy in ``row`` (as a click would)."""
        button = self._buttons[row][Action(action)]
        if not button.isEnabled():
            raise ValueError(f"row {row}: {action} is not possible for this copy")
        button.setChecked(True)

    def action(self, row: int) -> Action:
        return next(a for a, button in self._buttons[row].items() if button.isChecked())

    def choices(self) -> list[tuple[RecoveryCopy, Action]]:
        """The choice per copy; everything is Later unless the dialog was accepted."""
        accepted = self.result() == QDialog.DialogCode.Accepted
        return [
            (copy, self.action(row) if accepted else Action.LATER)
            for row, copy in enumerate(self.copies)
        ]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(copy: RecoveryCopy) -> str:
    """ "today at 14:05", "yesterday at 09:12" or a short date and time, in the user's locale."""
    moment = QDateTime.fromSecsSinceEpoch(int(copy.saved_at.timestamp()))
    locale = QLocale.system()
    time = locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    days = moment.date().daysTo(QDate.currentDate())
    if days == 0:
        return f"today at {time}"
    if days == 1:
        return f"yesterday at {time}"
    return f"{locale.toString(moment.date(), QLocale.FormatType.ShortFormat)} at {time}"


def offer_recovery(
    parent: QWidget | None,
    recovery_dir: Path | None = None,
    *,
    run: Callable[[RecoveryDialog], bool] | None = None,
    report: Callable[[str], None] | None = None,
) -> list[RestoredMap]:
    """At start: offer the orphaned copies, discard what the user discards, return the restored.

    Shows nothing when there are no orphans. ``run`` shows the dialog and returns True when
    accepted (default: ``exec()``); ``report`` tells the user about copies that could not be
    restored or removed (default: a warning box). Restored copies now belong to this editor;
    hand each ``restored.copy`` to the new session's ``Autosaver.adopt``.
    """
    directory = default_recovery_dir() if recovery_dir is None else Path(recovery_dir)
    problems: list[str] = []
    restored: list[RestoredMap] = []
    with claim_orphans(directory) as copies:
        if not copies:
            return []
        dialog = RecoveryDialog(copies, parent)
        try:
            if run is None:
                dialog.exec()
            elif run(dialog):
                dialog.setResult(QDialog.DialogCode.Accepted)
            else:
                dialog.setResult(QDialog.DialogCode.Rejected)
            choices = dialog.choices()
        finally:
            dialog.deleteLater()
        for copy, action in choices:
            try:
                if action is Action.DISCARD:
                    copy.discard()
                elif action is Action.RESTORE:
                    doc, original_path = copy.restore()
                    restored.append(RestoredMap(doc, original_path, copy))
                    copy.take_over(RecoveryInstance.shared(directory))
            except (FileFormatError, FileAccessError, OSError) as err:
                problems.append(f'"{copy.title}": {err}')
    if problems:
        text = "These recovery copies could not be handled and were kept:\n\n"
        text += "\n".join(problems)
        if report is not None:
            report(text)
        else:
            QMessageBox.warning(parent, "Recover unsaved maps", text)
    return restored
