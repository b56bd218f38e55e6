"""The Card menus show the keys of their actions (issue 13), opened with real clicks."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from journeymap.gui.mainwindow import MainWindow

NO = Qt.KeyboardModifier.NoModifier


def hints(menu: QMenu) -> dict[str, str]:
    """Each action's text and the key hint the menu shows beside it."""
    return {
        a.text(): a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        for a in menu.actions()
        if not a.isSeparator() and a.menu() is None
    }


def test_the_card_menu_shows_every_key(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.menuBar()
    spot = bar.actionGeometry(window.card_menu.menuAction()).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, NO, spot)
    qtbot.waitUntil(window.card_menu.isVisible, timeout=3000)
    shown = hints(window.card_menu)
    window.card_menu.close()
    assert shown["Toggle moment of truth"] == "M"
    assert shown["Next colour preset"] == "C"
    assert shown["Emotion: very positive"] == "5"
    assert shown["Duplicate the selected cards"] == "Ctrl+D"
    assert shown["Link the selected cards (in the order selected)"] == "L"
    assert all(shown.values()), [t for t, k in shown.items() if not k]
    groups = sum(a.isSeparator() for a in window.card_menu.actions())
    assert groups >= 5  # the long list is split into groups


def test_the_card_context_menu_shows_the_canvas_keys(qtbot: QtBot, window: MainWindow) -> None:
    tp = window.session.doc.touchpoints()[0]
    window.view.ensureVisible(window.scene.cards[tp.id], 20, 20)
    pos = window.view.mapFromScene(window.scene.cards[tp.id].scene_rect().center() - QPointF(20, 0))
    seen: dict[str, dict[str, str]] = {}

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, read_and_close)
            return
        seen["menu"] = hints(menu)
        for action in menu.actions():
            if action.menu() is not None:
                seen[action.text()] = hints(action.menu())
            assert action.isShortcutVisibleInContextMenu() or action.shortcut().isEmpty()
        menu.close()

    QTimer.singleShot(20, read_and_close)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, NO, pos)
    viewport = window.view.viewport()
    # what Qt delivers on a right-click (QTest's mouse events make no context-menu event)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: "menu" in seen, timeout=3000)
    menu = seen["menu"]
    assert menu["Edit title"] == "F2"
    assert menu["Duplicate"] == "Ctrl+D"
    assert menu["Toggle moment of truth"] == "M"
    assert menu["Remove"] == "Del"
    assert seen["Emotion"]["Very positive"] == "5"
    assert seen["Emotion"]["Very negative"] == "1"
    assert seen["Colour"]["Next preset"] == "C"
    # the window still takes the canvas keys afterwards
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)
    # the offscreen platform gives no window back its activation after a popup (a desktop
    # does): activate it again, as the fixture does, before the key
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert window.scene.selected_cards() == [tp.id]  # the right-click selected the card
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    assert window.session.doc.touchpoint(tp.id).emotion == 2
