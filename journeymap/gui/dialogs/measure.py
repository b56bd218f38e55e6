"""Data ▸ Import measurements…: survey responses, event logs and contact counts onto the map,
with a preview of what will change; accepted, the import is one undoable step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.commands import Macro
from journeymap.core.model import JourneyMap
from journeymap.gui import filedialogs
from journeymap.measure import MeasureError, Measurement, command, describe, measure
from journeymap.measure.names import IGNORE

#: The first two choices of a name's touchpoint box (the rest are the map's touchpoints).
UNMATCHED, NOT_A_TOUCHPOINT = "(leave unmatched)", "(not a touchpoint: stop reporting it)"

DATA_FILTER = "Data files (*.csv *.tsv *.txt *.parquet);;All files (*)"


class MeasureDialog(QDialog):
    """The preview of one measurement of ``doc``; :meth:`step` is what OK will do."""

    _step: Macro  # what the preview shows, for the boxes as they are

    def __init__(self, doc: JourneyMap, result: Measurement, parent: QWidget | None = None,
                 files: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import measurements")
        self.doc, self.measurement = doc, result
        self.files = list(files or [])
        self.mapping: dict[str, str | None] = {}
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMinimumSize(720, 360)
        layout.addWidget(self.preview)
        self.deviations = QCheckBox(
            "Add the deviations taken by at least 5 % of their source's cases as links")
        self.deviations.setEnabled(bool(result.deviations))
        self.deviations.toggled.connect(self._refresh)
        layout.addWidget(self.deviations)
        self.emotions = QCheckBox(
            "Set each card's emotion from its measured NPS (or CSAT), from 10 answers")
        self.emotions.setEnabled(any(
            {"nps", "csat"} & metrics.keys() for metrics in result.touchpoints.values()))
        self.emotions.toggled.connect(self._refresh)
        layout.addWidget(self.emotions)
        self.names = QTableWidget(0, 3)
        self.names.setHorizontalHeaderLabels(["Name in the data", "Rows", "Touchpoint"])
        self.names.horizontalHeader().setStretchLastSection(True)
        self.names.verticalHeader().setVisible(False)
        self.apply_names = QPushButton("Measure again with these touchpoints")
        self.apply_names.clicked.connect(self.remeasure)
        self.names_label = QLabel("Names in the data that match no touchpoint: pick the "
                                  "touchpoint each one means.")
        for widget in (self.names_label, self.names, self.apply_names):
            layout.addWidget(widget)
        self._fill_names()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._refresh()

    def _refresh(self) -> None:
        """Build the step for the boxes as they are now, and show what it will change."""
        self._step = command(self.doc, self.measurement,
                             add_deviations=self.deviations.isChecked(),
                             set_emotion=self.emotions.isChecked())
        lines = describe(self.doc, self.measurement, self._step)
        extra = [""]
        if self.measurement.deviations:
            extra.append("Deviations (steps the map has no link for):")
            extra += [f"  {d.source} → {d.target}: {d.cases:,} cases ({d.share:.1%})"
                      for d in self.measurement.deviations[:30]]
        if self.measurement.unmatched:
            extra.append("Names in the data that match no touchpoint:")
            extra += [f"  {u.file}: {u.name} ({u.rows:,} rows)"
                      + (f", close to {', '.join(u.suggestions)}" if u.suggestions else "")
                      for u in self.measurement.unmatched[:30]]
        self.preview.setPlainText("\n".join(lines + extra + self.measurement.warnings))
        self.summary.setText(f"{len(lines)} change{'s' if len(lines) != 1 else ''} to the map "
                             "(one step: Edit ▸ Undo takes it back).")

    def _fill_names(self) -> None:
        unmatched = self.measurement.unmatched
        for widget in (self.names_label, self.names, self.apply_names):
            widget.setVisible(bool(unmatched) and bool(self.files))
        self.names.setRowCount(len(unmatched))
        tps = self.doc.touchpoints()
        for row, u in enumerate(unmatched):
            self.names.setItem(row, 0, QTableWidgetItem(u.name))
            self.names.setItem(row, 1, QTableWidgetItem(f"{u.rows:,}"))
            box = QComboBox()
            box.addItem(UNMATCHED, "")
            box.addItem(NOT_A_TOUCHPOINT, IGNORE)
            for tp in tps:
                close = " (close)" if tp.id in u.suggestions else ""
                box.addItem(f"{tp.title or tp.id}{close}", tp.id)
            self.names.setCellWidget(row, 2, box)
        self.names.resizeColumnsToContents()

    def chosen(self) -> dict[str, str | None]:
        """The names the user gave a meaning in the table: touchpoint id, or None to ignore."""
        out = dict(self.mapping)
        for row in range(self.names.rowCount()):
            box = self.names.cellWidget(row, 2)
            assert isinstance(box, QComboBox)
            value = box.currentData()
            if value:
                out[self.names.item(row, 0).text()] = None if value == IGNORE else value
        return out

    def remeasure(self) -> None:
        """Measure the same files again with the names mapped; the preview follows."""
        mapping = self.chosen()
        try:
            self.measurement = measure(self.doc, self.files, mapping=mapping)
        except MeasureError as err:
            QMessageBox.warning(self, "Import measurements", str(err))
            return
        self.mapping = mapping
        self.deviations.setEnabled(bool(self.measurement.deviations))
        self._fill_names()
        self._refresh()

    def step(self) -> Macro:
        """The step the preview shows (built once, when the preview last changed)."""
        return self._step


def import_measurements(parent: QWidget, doc: JourneyMap, start: str = "") -> Macro | None:
    """Ask for data files, measure them, preview; the step to do, or None when cancelled."""
    names = filedialogs.open_file_names(parent, "Import measurements", start, DATA_FILTER)
    if not names:
        return None
    try:
        result = measure(doc, [Path(n) for n in names])
    except MeasureError as err:
        QMessageBox.warning(parent, "Import measurements", f"{err} (the map was not changed)")
        return None
    dialog = MeasureDialog(doc, result, parent, [Path(n) for n in names])
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.step()
