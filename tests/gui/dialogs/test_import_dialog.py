"""The mapping preview of File ▸ Import for tables, driven with the keyboard and the mouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from journeymap.gui import filedialogs
from journeymap.gui.dialogs.importing import ImportPreviewDialog
from journeymap.gui.mainwindow import MainWindow
from journeymap.interop.sheets import read_csv
from journeymap.interop.sheets.mapping import NO_MAPPING, Mapping

GRID = Path(__file__).parents[2] / "interop" / "fixtures" / "grid-pm.csv"


def _dialog(qtbot: QtBot, path: Path) -> ImportPreviewDialog:
    def read(mapping: Mapping) -> object:
        return read_csv(path, mapping)

    dialog = ImportPreviewDialog(path.name, read, read_csv(path, NO_MAPPING))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _choose(qtbot: QtBot, combo: QComboBox, typed: str) -> None:
    combo.setFocus()
    qtbot.keyClicks(combo, typed)


def _column(dialog: ImportPreviewDialog, index: int) -> list[str]:
    table = dialog.preview
    return [table.item(r, index).text() for r in range(table.rowCount())]


def test_preview_lists_row_labels_fields_rows_and_warnings(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, GRID)
    assert "a grid with the stages across the top" in dialog.summary.text()
    labels = [dialog.columns.item(r, 0).text() for r in range(dialog.columns.rowCount())]
    assert labels[:4] == ["Stage", "Customer actions", "Touchpoints", "Experience"]
    assert dialog.combo("Touchpoints").currentData() == "channel"
    assert _column(dialog, 1) == ["Sees an ad", "Reads reviews", "Fills in the form",
                                  "Pays the first bill"]
    assert _column(dialog, 2)[:2] == ["Social media", "Reviews"]
    assert "1–5 scores" in dialog.warnings.toPlainText()

    _choose(qtbot, dialog.combo("Touchpoints"), "(")  # "(ignore)"
    qtbot.waitUntil(lambda: _column(dialog, 2) == ["", "", "", ""])
    assert dialog.combo("Touchpoints").currentData() == "ignore"
    _choose(qtbot, dialog.combo("Experience"), "Th")  # "Thoughts"
    qtbot.waitUntil(lambda: _column(dialog, 3) == ["", "", "", ""])
    assert "1–5 scores" not in dialog.warnings.toPlainText()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == ImportPreviewDialog.DialogCode.Accepted
    assert dialog.imported is not None
    cards = dialog.imported.doc.touchpoints()
    assert [tp.channel for tp in cards] == [None] * 4
    assert [tp.emotion for tp in cards] == [None] * 4
    assert cards[0].thoughts.splitlines() == ["😀", "Looks easy"]


def test_a_mapping_that_cannot_import_disables_import(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Stage,Title,Mood\nA,Hello,happy\n", "utf-8")
    dialog = _dialog(qtbot, path)
    assert dialog.import_button.isEnabled()
    _choose(qtbot, dialog.combo("Title"), "(")
    qtbot.waitUntil(lambda: not dialog.import_button.isEnabled())
    assert "Not importable with these choices" in dialog.summary.text()
    assert "header naming a title column" in dialog.summary.text()
    assert dialog.combo("Title").currentData() == "ignore"  # the choice stays visible
    _choose(qtbot, dialog.combo("Title"), "Ti")
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert _column(dialog, 1) == ["Hello"]


def test_file_import_of_a_table_goes_through_the_preview(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(filedialogs, "open_file_name", lambda *args: str(GRID))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    seen: list[int] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportPreviewDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(window.session.doc.touchpoint_count)  # nothing made yet
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    assert window.exchange.import_dialog()
    assert seen == [0]
    doc = window.session.doc
    assert [s.name for s in doc.stages] == ["Discover", "Sign up", "Use"]
    assert doc.touchpoint_count == 4


def test_cells_pasted_from_a_spreadsheet_import_through_the_preview(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    QApplication.clipboard().setText("")
    assert not window.exchange.import_clipboard()
    assert errors and "clipboard holds no text" in errors[0]
    # what a spreadsheet puts on the clipboard: tabs between cells, quoted multi-line cells
    QApplication.clipboard().setText(
        "Stage\tAwareness\tPurchase\n"
        'Doing\t"Sees an ad\nAsks a friend"\tPays online\n'
        "Feelings\t🙂\tfrustrated\n"
        "Pains\t\tCard declined\n"
    )
    labels: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportPreviewDialog):
            QTimer.singleShot(50, answer)
            return
        labels.extend(dialog.columns.item(r, 0).text() for r in range(dialog.columns.rowCount()))
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if a.text() == "Import from c&lipboard…")
    action.trigger()
    assert labels == ["Stage", "Doing", "Feelings", "Pains"]
    doc = window.session.doc
    assert [s.name for s in doc.stages] == ["Awareness", "Purchase"]
    assert [(tp.title, tp.emotion) for tp in doc.touchpoints()] == [
        ("Sees an ad", 1), ("Asks a friend", 1), ("Pays online", -1)]
    assert doc.touchpoints()[2].pain_points == ["Card declined"]


def test_a_table_in_neither_layout_can_be_mapped_in_the_preview(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "reise.csv"
    source.write_text("Phase;Wortlaut;Kanal\nAnkommen;Klingelt;Telefon\n", "utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(filedialogs, "open_file_name", lambda *args: str(source))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportPreviewDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.summary.text())
        seen.append(str(dialog.import_button.isEnabled()))
        assert dialog.combo("Kanal").currentData() == "channel"  # what is known is shown
        _choose(qtbot, dialog.combo("Wortlaut"), "Ti")
        qtbot.waitUntil(dialog.import_button.isEnabled)
        seen.append(dialog.preview.item(0, 1).text())
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    assert window.exchange.import_dialog()
    assert "Not importable" in seen[0] and '"Wortlaut"' in seen[0]
    assert seen[1:] == ["False", "Klingelt"]
    card = window.session.doc.touchpoints()[0]
    assert (card.title, card.channel) == ("Klingelt", "phone")
