"""File ▸ Import of a table: the mapping preview shown before anything is created.

The dialog lists the columns (or a grid's row labels) the reader found, a choice per column of
the field it becomes (or "ignore"), the first touchpoints as they will import and the
warnings. Every change of a choice reads the file again with the new
:class:`~journeymap.interop.sheets.mapping.Mapping`; the map is made only on Import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.errors import JourneyMapError
from journeymap.core.model import JourneyMap
from journeymap.interop.common import ImportResult
from journeymap.interop.sheets.columns import header_key
from journeymap.interop.sheets.grid import LayoutError
from journeymap.interop.sheets.mapping import (
    FIELD_LABELS,
    NO_MAPPING,
    PREVIEW_HEADERS,
    Mapping,
    preview_rows,
)

Reader = Callable[[Mapping], ImportResult]
PREVIEW_ROWS: Final = 8
_UNKNOWN = ""


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class ImportPreviewDialog(QDialog):
    """Columns and their fields, the first touchpoints and the warnings; Import or Cancel."""

    def __init__(
        self,
        name: str,
        read: Reader,
        first: ImportResult,
        parent: QWidget | None = None,
        error: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import “{name}”")
        self.setMinimumSize(780, 660)
        self._read = read
        self.mapping = NO_MAPPING
        self.imported: ImportResult | None = None if error else first
        self._shown = first
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels(["Found in the file", "Becomes"])
        self.columns.verticalHeader().hide()
        self.columns.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.columns.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview = QTableWidget(0, len(PREVIEW_HEADERS))
        self.preview.setHorizontalHeaderLabels(list(PREVIEW_HEADERS))
        self.preview.verticalHeader().hide()
        self.preview.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(120)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.columns, 4)
        self.preview_label = QLabel("The first touchpoints as they will import:")
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 3)
        layout.addWidget(QLabel("Warnings:"))
        layout.addWidget(self.warnings, 1)
        layout.addWidget(self.buttons)
        self._show(first, error)

    # ------------------------------------------------------------------ state
    def combo(self, label: str) -> QComboBox:
        """The choice for the column (or row label) ``label``."""
        for row in range(self.columns.rowCount()):
            item = self.columns.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == label:
                widget = self.columns.cellWidget(row, 1)
                assert isinstance(widget, QComboBox)
                return widget
        raise KeyError(label)

    def _choose(self, label: str, combo: QComboBox) -> None:
        name = combo.currentData()
        if not name:
            return
        self.mapping = self.mapping.with_choice(label, str(name))
        QTimer.singleShot(0, self._reread)  # not while the combo box is still signalling

    def _reread(self) -> None:
        try:
            result = self._read(self.mapping)
        except JourneyMapError as err:
            self.imported = None
            self._show(self._shown, _sentence(str(err)))
            return
        self.imported = result
        self._shown = result
        self._show(result, "")

    # ------------------------------------------------------------------ painting
    def _show(self, result: ImportResult, error: str) -> None:
        doc = result.doc
        layout = ("one touchpoint per row" if result.layout == "rows"
                  else "a grid with the stages across the top")
        cards, stages = doc.touchpoint_count, len(doc.stages)
        if error:
            self.summary.setText(f"<b>Not importable with these choices:</b> {error}")
        else:
            self.summary.setText(
                f"Read as {layout}: {cards} touchpoint{'s' * (cards != 1)} in {stages} "
                f"stage{'s' * (stages != 1)}. Choose what each "
                f"{'column' if result.layout == 'rows' else 'row label'} becomes."
            )
        self.import_button.setEnabled(not error and self.imported is not None)
        self._fill_columns(result)
        rows = preview_rows(doc, PREVIEW_ROWS)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()
        count = len(result.warnings)
        self.warnings.setPlainText("\n".join(result.warnings) if count else "None.")

    def _fill_columns(self, result: ImportResult) -> None:
        self.columns.setRowCount(len(result.columns))
        for row, (label, name) in enumerate(result.columns):
            item = QTableWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, label)
            self.columns.setItem(row, 0, item)
            combo = QComboBox()
            if name == _UNKNOWN:
                combo.addItem("(not recognised: ignored)", None)
            for field, text in FIELD_LABELS.items():
                combo.addItem(text, field)
            name = self.mapping.choices.get(header_key(label), name)
            index = combo.findData(name) if name else 0
            combo.setCurrentIndex(max(0, index))
            combo.currentIndexChanged.connect(
                lambda _=0, lab=label, box=combo: self._choose(lab, box)
            )
            self.columns.setCellWidget(row, 1, combo)
        self.columns.resizeColumnToContents(1)


def ask_mapping(name: str, read: Reader, parent: QWidget | None = None) -> ImportResult | None:
    """Read with the default mapping, let the user change it; the result, or None on Cancel.

    A table in neither layout opens with its top row's cells to choose from; a file that
    cannot be read at all raises, as a plain import would.
    """
    error = ""
    try:
        first = read(NO_MAPPING)
    except LayoutError as err:  # neither layout: the user may still say which column is what
        first = ImportResult(JourneyMap(name), [], "rows", err.columns)
        error = _sentence(str(err))
    dialog = ImportPreviewDialog(name, read, first, parent, error)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.imported
    finally:
        dialog.deleteLater()


__all__ = ["ImportPreviewDialog", "ask_mapping"]
