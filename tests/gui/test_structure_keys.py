"""Stages and lanes from the keyboard, and headers that stay in sight while the map scrolls
(issue 13, item 5): real key and wheel events on the window's canvas."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journeymap.gui.mainwindow import MainWindow

NO = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    for ch in text:
        qtbot.keyClick(focused(), ch)


def click_card(qtbot: QtBot, win: MainWindow, tp_id: str) -> None:
    win.view.ensureVisible(win.scene.cards[tp_id], 20, 20)
    centre = win.scene.cards[tp_id].scene_rect().center() - QPointF(20, 0)
    qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, NO,
                     win.view.mapFromScene(centre))


def stage_names(win: MainWindow) -> list[str]:
    return [s.name for s in win.session.doc.stages]


def test_add_rename_and_tab_to_the_next_stage_from_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    card = doc.cell(doc.stages[1].id, doc.lanes[0].id)[0]
    click_card(qtbot, window, card.id)
    before = stage_names(window)
    assert doc.stages[2].description  # the example's stages have descriptions
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)
    assert window.scene.editor is not None
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Pay later")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # confirms, then renames the next stage
    assert window.scene.editor is not None
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Wrap up")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert stage_names(window) == [*before[:2], "Pay later", "Wrap up", *before[3:]]
    assert doc.stages[3].description == ""  # the old description went with the old name
    assert "cleared its old description" in window.statusBar().currentMessage()


def test_move_and_remove_stages_and_lanes_from_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    stages = [s.id for s in doc.stages]
    lanes = [ln.id for ln in doc.lanes]
    card = doc.cell(stages[1], lanes[0])[0]
    click_card(qtbot, window, card.id)
    window.view.setFocus()

    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert [s.id for s in doc.stages][:3] == [stages[0], stages[2], stages[1]]
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert doc.stage_index(stages[1]) == 3
    qtbot.keyClick(window.view, Qt.Key.Key_Down, CTRL_SHIFT)
    assert doc.lane_index(lanes[0]) == 1
    qtbot.keyClick(window.view, Qt.Key.Key_Up, CTRL_SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_Up, CTRL_SHIFT)  # already the top lane
    assert doc.lane_index(lanes[0]) == 0
    assert "already the first" in window.statusBar().currentMessage()

    qtbot.keyClick(window.view, Qt.Key.Key_Down, ALT)  # a new lane below, named at once
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Partners")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert doc.lanes[1].name == "Partners"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete, ALT_SHIFT)  # removes the current (new) lane
    assert [ln.id for ln in doc.lanes] == lanes

    held = len([tp for tp in doc.touchpoints() if tp.stage == stages[1]])
    qtbot.keyClick(window.view, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert stages[1] not in [s.id for s in doc.stages]
    assert f"with {held} touchpoint" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.stage_index(stages[1]) == 3 and doc.has_touchpoint(card.id)


def _wheel(win: MainWindow, dx: int, dy: int) -> None:
    port = win.view.viewport()
    centre = QPointF(port.width() / 2, port.height() / 2)
    event = QWheelEvent(centre, QPointF(port.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(dx, dy), Qt.MouseButton.NoButton, NO,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(port, event)


def test_headers_stay_in_sight_while_the_map_scrolls(qtbot: QtBot, window: MainWindow) -> None:
    win, doc = window, window.session.doc
    win.view.set_zoom(1.0)
    win.view.horizontalScrollBar().setValue(win.view.horizontalScrollBar().minimum())
    win.view.verticalScrollBar().setValue(win.view.verticalScrollBar().minimum())
    stage = win.scene.headers[("stage", doc.stages[1].id)]
    lane = win.scene.headers[("lane", doc.lanes[1].id)]
    top = stage.sceneBoundingRect().top()
    for _ in range(6):
        _wheel(win, 0, -240)  # scroll down
    shown = win.view.visible_scene_rect()
    assert shown.top() > top + 50
    assert abs(stage.sceneBoundingRect().top() + 1 - shown.top()) < 2
    assert win.view.items(win.view.mapFromScene(stage.sceneBoundingRect().center()))[0] is stage
    left = lane.sceneBoundingRect().left()
    for _ in range(6):
        _wheel(win, -240, 0)  # scroll right
    shown = win.view.visible_scene_rect()
    assert shown.left() > left + 50
    assert abs(lane.sceneBoundingRect().left() + 1 - shown.left()) < 2
    # back at the top-left, every header sits where the layout puts it
    win.view.horizontalScrollBar().setValue(win.view.horizontalScrollBar().minimum())
    win.view.verticalScrollBar().setValue(win.view.verticalScrollBar().minimum())
    assert stage.pos() == QPointF(0, 0) and lane.pos() == QPointF(0, 0)
