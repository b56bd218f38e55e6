"""Dragging a group of cards with the mouse: they land in the order they show and the
screen keeps no trace of the drag (issue 13, defect 4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.mainwindow import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _click(qtbot: QtBot, win: MainWindow, tp_id: str, modifier: Qt.KeyboardModifier) -> None:
    centre = win.scene.cards[tp_id].scene_rect().center() - QPointF(20, 0)
    qtbot.mouseClick(win.view.viewport(), LEFT, modifier, win.view.mapFromScene(centre))


def _drag(qtbot: QtBot, win: MainWindow, tp_id: str, by: QPointF) -> None:
    """Press on a card, move the mouse in steps, release: the real gesture."""
    port = win.view.viewport()
    start = win.scene.cards[tp_id].scene_rect().center() - QPointF(20, 0)
    qtbot.mousePress(port, LEFT, NO, win.view.mapFromScene(start))
    for i in range(1, 9):
        qtbot.mouseMove(port, win.view.mapFromScene(start + by * (i / 8)))
        qtbot.wait(10)
    qtbot.mouseRelease(port, LEFT, NO, win.view.mapFromScene(start + by))
    qtbot.wait(50)


def _on_screen(win: MainWindow) -> QImage:
    """The canvas's pixels as the window system holds them (stale ones included)."""
    port = win.view.viewport()
    top = port.mapTo(win, QPoint(0, 0))
    shot = win.screen().grabWindow(win.winId(), top.x(), top.y(), port.width(), port.height())
    return shot.toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _repainted(win: MainWindow) -> QImage:
    """The canvas painted afresh from the scene."""
    return win.view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _differing(a: QImage, b: QImage) -> int:
    """How many pixels (every second row and column) of two pictures differ clearly."""
    assert a.size() == b.size()
    count = 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            if abs(pa.red() - pb.red()) + abs(pa.green() - pb.green()) \
                    + abs(pa.blue() - pb.blue()) > 60:
                count += 1
    return count


def test_a_group_dragged_across_a_stage_keeps_its_order_and_leaves_no_debris(
    qtbot: QtBot, window: MainWindow
) -> None:
    win, doc = window, window.session.doc
    win.resize(1400, 900)
    qtbot.wait(50)
    here, there, lane = doc.stages[1].id, doc.stages[2].id, doc.lanes[0].id
    a, b = (tp.id for tp in doc.cell(here, lane)[-2:])
    _click(qtbot, win, a, NO)
    _click(qtbot, win, b, SHIFT)
    assert win.scene.selected_cards() == [a, b]
    column = win.scene.layout.stage_columns[there]

    # the second card's centre crosses into the next stage, the first one's does not
    centre = win.scene.cards[b].scene_rect().center()
    _drag(qtbot, win, b, QPointF(column.x + 30 - centre.x(), 10))
    assert (doc.touchpoint(a).stage, doc.touchpoint(b).stage) == (here, there)
    assert not win.scene.indicator.isVisible()
    assert not any(link.live for link in win.scene.links.values())
    assert _differing(_on_screen(win), _repainted(win)) == 0

    # again: now both land in the next stage, side by side, still a before b
    centre = win.scene.cards[b].scene_rect().center()
    _drag(qtbot, win, b, QPointF(column.x + 30 - centre.x(), 10))
    ids = [tp.id for tp in doc.cell(there, lane)]
    assert doc.touchpoint(a).stage == there
    assert ids.index(b) == ids.index(a) + 1
    assert win.session.stack.count() == 2
    assert not win.scene.indicator.isVisible()
    assert _differing(_on_screen(win), _repainted(win)) == 0

    win.session.stack.undo()
    qtbot.wait(50)
    assert doc.touchpoint(a).stage == here
    assert _differing(_on_screen(win), _repainted(win)) == 0


def _debris(win: MainWindow) -> list[str]:
    """What a finished drag must not leave: a shown placeholder, a link preview, a moving
    link, or a link drawn outside the map."""
    from PySide6.QtWidgets import QGraphicsPathItem

    from journeymap.gui.canvas.items import DropIndicatorItem
    from journeymap.gui.canvas.linklayer import LinkItem

    scene = win.scene
    found = []
    inside = QRectF(scene.sceneRect())
    bounds = qrect(scene.layout.bounds)
    for item in scene.items():
        if isinstance(item, DropIndicatorItem) and item.isVisible():
            found.append("drop placeholder")
        elif isinstance(item, QGraphicsPathItem) and item.isVisible():
            found.append("link preview")
        elif isinstance(item, LinkItem):
            if item.live:
                found.append(f"live link {item.source}→{item.target}")
            path = item.mapToScene(item.shape()).boundingRect()
            if not inside.contains(path) or not bounds.adjusted(-1, -1, 1, 1).contains(
                    item.route_path_rect()):
                found.append(f"link {item.source}→{item.target} outside the map")
    return found


@pytest.mark.parametrize("grab", ["second", "first"])
@pytest.mark.parametrize("stage", [0, 1, 3])
def test_after_a_group_drag_no_placeholder_stays_and_every_link_is_on_the_map(
    qtbot: QtBot, window: MainWindow, grab: str, stage: int
) -> None:
    win, doc = window, window.session.doc
    win.resize(1400, 900)
    qtbot.wait(50)
    here, there, lane = doc.stages[stage].id, doc.stages[stage + 1].id, doc.lanes[0].id
    a, b = (tp.id for tp in doc.cell(here, lane)[-2:])
    _click(qtbot, win, a, NO)
    _click(qtbot, win, b, SHIFT)
    assert win.scene.selected_cards() == [a, b]
    column = win.scene.layout.stage_columns[there]
    held = b if grab == "second" else a
    # the second card's centre ends just inside the next stage, the first one's does not
    centre = win.scene.cards[b].scene_rect().center()
    by = QPointF(column.x + 30 - centre.x(), 12)
    port = win.view.viewport()
    start = win.scene.cards[held].scene_rect().center() - QPointF(20, 0)
    qtbot.mousePress(port, LEFT, NO, win.view.mapFromScene(start))
    for i in range(1, 9):
        qtbot.mouseMove(port, win.view.mapFromScene(start + by * (i / 8)))
        qtbot.wait(10)
    during = _debris(win)  # the check sees what a drag shows while the button is down
    assert "drop placeholder" in during and any(d.startswith("live link") for d in during)
    qtbot.mouseRelease(port, LEFT, NO, win.view.mapFromScene(start + by))
    qtbot.wait(50)
    assert doc.touchpoint(b).stage == there
    assert doc.touchpoint(a).stage == here
    assert _debris(win) == []
    for keys in ((Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier),
                 (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),
                 (Qt.Key.Key_F11, NO), (Qt.Key.Key_Escape, NO)):
        qtbot.keyClick(win.view, *keys)
        qtbot.wait(30)
        assert _debris(win) == [], keys
    assert doc.touchpoint(b).stage == here  # the undo above
