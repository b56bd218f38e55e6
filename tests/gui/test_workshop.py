"""What a facilitator types in a live workshop is never lost or misapplied (issue 13),
driven with real key, mouse and drop events on the window's widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from journeymap.core.model import JourneyMap
from journeymap.gui.canvas.view import PALETTE_MIME
from journeymap.gui.mainwindow import MainWindow
from journeymap.resources import example

NO = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(qtbot: QtBot, example_doc: JourneyMap, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    win = MainWindow(example_doc)
    monkeypatch.setattr(win, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: win.view.hasFocus(), timeout=2000)
    return win


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_into_focus(qtbot: QtBot, text: str) -> None:
    for ch in text:
        qtbot.keyClick(focused(), ch)


def click_card(qtbot: QtBot, win: MainWindow, tp_id: str, modifier: Qt.KeyboardModifier = NO) -> None:
    win.view.ensureVisible(win.scene.cards[tp_id], 20, 20)
    centre = win.scene.cards[tp_id].scene_rect().center() - QPointF(20, 0)
    pos = win.view.mapFromScene(centre)
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def drop_from_palette(win: MainWindow, channel: str, scene_pos: QPointF) -> None:
    """What Qt delivers to the canvas when a palette item is dropped on it."""
    mime = QMimeData()
    mime.setData(PALETTE_MIME, QByteArray(channel.encode()))
    win.view.centerOn(scene_pos)
    local = QPointF(win.view.mapFromScene(scene_pos))
    viewport = win.view.viewport()
    copy, left = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    QApplication.sendEvent(viewport, QDragEnterEvent(local.toPoint(), copy, mime, left, NO))
    QApplication.sendEvent(viewport, QDragMoveEvent(local.toPoint(), copy, mime, left, NO))
    QApplication.sendEvent(viewport, QDropEvent(local, copy, mime, left, NO))


# ---------------------------------------------------------------------- 1. palette drop
def test_title_typed_after_a_palette_drop_goes_to_the_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    palette = window.palette.list
    row = next(i for i in range(palette.count()) if palette.item(i).text() == "Mobile app")
    rect = palette.visualItemRect(palette.item(row))
    qtbot.mouseClick(palette.viewport(), Qt.MouseButton.LeftButton, NO, rect.center())
    assert palette.hasFocus()
    stage, lane = doc.stages[3].id, doc.lanes[0].id
    cell = window.scene.layout.cells[(stage, lane)]
    before = len(doc.cell(stage, lane))
    drop_from_palette(window, "mobile_app", QPointF(cell.right - 10, cell.bottom - 10))
    assert window.scene.editor is not None
    type_into_focus(qtbot, "Report issue in app")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    cards = doc.cell(stage, lane)
    assert len(cards) == before + 1
    new = [tp for tp in cards if tp.channel == "mobile_app"]
    assert [tp.title for tp in new] == ["Report issue in app"]
    assert new[0].id == "report-issue-in-app"  # the id comes from the title typed
    assert window.session.stack.count() == 1
    assert palette.currentItem().text() == "Mobile app"  # the palette saw none of the keys


# ---------------------------------------------------------------------- 2. redo keys
@pytest.mark.parametrize("keys", ["Ctrl+Shift+Z", "Ctrl+Y"])
def test_redo_works_from_the_keyboard(qtbot: QtBot, window: MainWindow, keys: str) -> None:
    doc = window.session.doc
    tp = doc.touchpoints()[0]
    click_card(qtbot, window, tp.id)
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    assert doc.touchpoint(tp.id).emotion == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.touchpoint(tp.id).emotion == tp.emotion
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    if keys == "Ctrl+Y":
        qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.keyClick(window.view, Qt.Key.Key_Z, shift)
    assert doc.touchpoint(tp.id).emotion == 2


# ---------------------------------------------------------------------- 5. discarded map
def test_a_discarded_map_leaves_no_recovery_copy(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.new_map()
    window.view.setFocus()
    doc = window.session.doc
    cell = window.scene.layout.cells[(doc.stages[0].id, doc.lanes[0].id)]
    window.scene.last_mouse = QPointF(cell.x + 20, cell.y + 20)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    type_into_focus(qtbot, "Sees an ad")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert window.session.modified
    saver = window.autosaver
    copy = saver.copy_path
    qtbot.waitUntil(copy.exists, timeout=5000)
    other = tmp_path / "other.journeymap"
    other.write_bytes(example("service-business").read_bytes())
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), ""))
    )
    qtbot.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session.path == other
    assert not copy.exists()
    window.close()
    assert not copy.exists()
    assert list(copy.parent.glob("*.journeymap")) == []
