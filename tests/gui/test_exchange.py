"""File ▸ Import… and File ▸ Export in the editor: dialogs stood in for, files read back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from journeymap.core.commands import Edit
from journeymap.gui import exchange, filedialogs
from journeymap.gui.exchange import ImageSizeDialog, WarningsDialog
from journeymap.gui.mainwindow import MainWindow
from journeymap.interop.formats import EXPORTS, import_format, importer

MERMAID = """journey
    title Morning coffee
    section Arrive
      Opens the door: 4: Customer
      Waits in the queue: 2: Customer
    section Order
      Pays by card: 5: Customer
"""


class Dialogs:
    """Stands in for the file dialogs and message boxes, recording what was asked."""

    def __init__(self) -> None:
        self.save_as: Path | None = None
        self.open: Path | None = None
        self.offered: list[str] = []
        self.errors: list[str] = []
        self.save_changes = QMessageBox.StandardButton.Discard


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    seen = Dialogs()

    def save_name(parent: object, caption: str, start: str, filters: str) -> str:
        seen.offered.append(start)
        return str(seen.save_as) if seen.save_as else ""

    def open_name(parent: object, caption: str, start: str, filters: str) -> str:
        seen.offered.append(filters)
        return str(seen.open) if seen.open else ""

    monkeypatch.setattr(filedialogs, "save_file_name", save_name)
    monkeypatch.setattr(filedialogs, "open_file_name", open_name)
    monkeypatch.setattr(exchange, "ask_image_size", lambda window: (None, 640))
    return seen


@pytest.fixture
def window(
    qtbot: QtBot, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch, example_path: Path
) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    monkeypatch.setattr(win, "show_error", lambda title, text: dialogs.errors.append(text))
    monkeypatch.setattr(win, "ask_save_changes", lambda: dialogs.save_changes)
    assert win.open_path(example_path)
    return win


def test_file_menu_offers_import_and_every_export(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Import…" in texts
    export = next(a.menu() for a in file_menu.actions() if a.text() == "&Export")
    labels = [a.text() for a in export.actions() if not a.isSeparator()]
    assert labels[:2] == ["&Map PDF…", "Improvement &plan PDF…"]
    assert labels[2:] == [f"{f.label}…" for f in EXPORTS if f.kind != "pdf"]
    assert "Image (PNG)…" in labels and "Node-link JSON…" in labels


def _touchpoints_in(path: Path) -> int:
    suffix = path.suffix
    if suffix == ".png":
        image = QImage(str(path))
        assert image.width() == 640
        return -1
    if suffix == ".svg":
        assert ET.parse(path).getroot().tag.endswith("svg")
        return -1
    if suffix == ".graphml":
        return int(nx.read_graphml(path).number_of_nodes())
    if suffix == ".json":
        data = json.loads(path.read_text("utf-8"))
        return int(nx.node_link_graph(data, edges="links").number_of_nodes())
    fmt = import_format(path)
    assert fmt is not None
    return importer(fmt)(path).doc.touchpoint_count


@pytest.mark.parametrize("suffix", [f.suffix for f in EXPORTS if f.kind != "pdf"])
def test_export_each_format(
    suffix: str, window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    dialogs.save_as = tmp_path / "out" / "exported"  # no extension: it is added
    dialogs.save_as.parent.mkdir()
    written = window.exchange.export_dialog(suffix)
    target = tmp_path / "out" / f"exported{suffix}"
    assert written == target and target.exists(), dialogs.errors
    assert dialogs.errors == []
    assert dialogs.offered[0] == str(
        window.session.path.parent / f"{window.session.doc.title}{suffix}"  # type: ignore[union-attr]
    )
    count = _touchpoints_in(target)
    assert count in (-1, window.session.doc.touchpoint_count)
    assert target.name in window.statusBar().currentMessage()


def test_cancelled_export_writes_nothing(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    assert window.exchange.export_dialog(".graphml") is None
    assert list(tmp_path.glob("*.graphml")) == []


def test_export_error_is_shown(window: MainWindow, dialogs: Dialogs, tmp_path: Path) -> None:
    dialogs.save_as = tmp_path / "missing" / "map.json"
    assert window.exchange.export_dialog(".json") is None
    assert len(dialogs.errors) == 1 and "does not exist" in dialogs.errors[0]
    assert dialogs.errors[0][0].isupper() and dialogs.errors[0].endswith(".")


def test_import_mermaid_opens_a_new_unsaved_map(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    source = tmp_path / "coffee.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    dialogs.open = source
    assert window.exchange.import_dialog()
    doc = window.session.doc
    assert doc.title == "Morning coffee" and doc.touchpoint_count == 3
    assert window.session.path is None and window.session.modified
    assert set(window.scene.cards) == {tp.id for tp in doc.touchpoints()}
    assert "coffee.mmd" in window.statusBar().currentMessage()
    assert "*.mmd" in dialogs.offered[0] and "*.xlsx" in dialogs.offered[0]


def test_import_csv_through_the_menu(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    original = [tp.title for tp in window.session.doc.touchpoints()]
    table = tmp_path / "cards.csv"
    dialogs.save_as = table
    assert window.exchange.export_dialog(".csv") == table
    assert window.exchange.import_path(table)
    assert [tp.title for tp in window.session.doc.touchpoints()] == original
    assert window.session.path is None


def test_import_warnings_are_listed_in_one_dialog(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    source = tmp_path / "odd.mmd"
    odd = "".join(f"      Step {n}: lots: Customer\n" for n in range(12))
    source.write_text(MERMAID + odd, encoding="utf-8")
    assert window.exchange.import_path(source)
    shown = window.findChildren(WarningsDialog)
    assert len(shown) == 1
    lines = shown[0].text.toPlainText().splitlines()
    assert len(lines) >= 12 and all(line.startswith("line ") for line in lines)
    shown[0].accept()


def test_bad_import_keeps_the_open_map(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    before = window.session.doc
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")
    assert not window.exchange.import_path(broken)
    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello")
    assert not window.exchange.import_path(unknown)
    assert window.session.doc is before
    assert len(dialogs.errors) == 2
    assert "broken.xlsx" in dialogs.errors[0] and "notes.txt" in dialogs.errors[1]


def test_import_asks_to_save_changes_first(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    window.session.execute(Edit("map", None, {"title": "Edited"}))
    dialogs.save_changes = QMessageBox.StandardButton.Cancel
    source = tmp_path / "coffee.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    assert not window.exchange.import_path(source)
    assert window.session.doc.title == "Edited"


def test_image_size_dialog(qtbot: QtBot) -> None:
    dialog = ImageSizeDialog(1000, 500)
    qtbot.addWidget(dialog)
    dialog.by_dpi.setChecked(True)
    dialog.dpi_box.setValue(96)
    assert dialog.choice() == (96, None)
    assert dialog.size_label.text() == "1,000 × 500 pixels"
    dialog.by_width.setChecked(True)
    dialog.width_box.setValue(3000)
    assert dialog.choice() == (None, 3000)
    assert dialog.size_label.text() == "3,000 × 1,500 pixels"
    assert not dialog.dpi_box.isEnabled()


def _answer_replace(qtbot: QtBot, button: QMessageBox.StandardButton, asked: list[str]) -> None:
    """Press ``button`` on the replace question once it is shown (it is modal)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        asked.append(box.text())
        QTest.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_export_over_a_file_the_dialog_did_not_ask_about_asks_first(
    qtbot: QtBot, window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    existing = tmp_path / "exported.csv"
    existing.write_text("keep me")
    dialogs.save_as = tmp_path / "exported"  # the dialog asked about "exported", not ".csv"
    asked: list[str] = []
    _answer_replace(qtbot, QMessageBox.StandardButton.No, asked)
    assert window.exchange.export_dialog(".csv") is None
    assert asked == [f"“exported.csv” already exists in “{tmp_path}”. Replace it?"]
    assert existing.read_text() == "keep me"
    _answer_replace(qtbot, QMessageBox.StandardButton.Yes, asked)
    assert window.exchange.export_dialog(".csv") == existing
    assert len(asked) == 2 and existing.read_text() != "keep me"


def test_export_never_writes_onto_the_map_or_a_fifo(
    window: MainWindow, dialogs: Dialogs, tmp_path: Path
) -> None:
    import os

    own = window.session.path
    assert own is not None
    before = own.read_bytes()
    link = tmp_path / "map.json"
    link.symlink_to(own)
    dialogs.save_as = link
    assert window.exchange.export_dialog(".json") is None
    assert dialogs.errors[-1] == (f'Will not write "{link}": it is the input "{own}"; '
                                  "name another output file.")
    assert own.read_bytes() == before and link.is_symlink()
    fifo = tmp_path / "pipe.svg"
    os.mkfifo(fifo)
    dialogs.save_as = fifo
    assert window.exchange.export_dialog(".svg") is None
    assert dialogs.errors[-1] == f'Cannot write "{fifo}": it is a named pipe (FIFO).'
