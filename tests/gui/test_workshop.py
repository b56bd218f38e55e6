"""What a facilitator types in a live workshop is never lost or misapplied (issue 13),
driven with real key, mouse and drop events on the window's widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from journeymap.gui import filedialogs
from journeymap.gui.canvas.view import PALETTE_MIME
from journeymap.gui.mainwindow import MainWindow
from journeymap.resources import example

NO = Qt.KeyboardModifier.NoModifier




def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_into_focus(qtbot: QtBot, text: str) -> None:
    for ch in text:
        qtbot.keyClick(focused(), ch)


def click_card(
    qtbot: QtBot, win: MainWindow, tp_id: str, modifier: Qt.KeyboardModifier = NO
) -> None:
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
    monkeypatch.setattr(filedialogs, "open_file_name", lambda *a, **k: str(other))
    qtbot.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session.path == other
    assert not copy.exists()
    window.close()
    assert not copy.exists()
    assert list(copy.parent.glob("*.journeymap")) == []


# ---------------------------------------------------------------------- 3. stray typing
def test_stray_typing_over_a_selection_changes_one_thing_and_says_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    before = {tp.id: (tp.moment_of_truth, tp.emotion) for tp in doc.touchpoints()}
    links = len(list(doc.links()))
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.scene.selected_cards()) == doc.touchpoint_count
    for ch in "Mail l4":
        qtbot.keyClick(focused(), ch)
    # M ran (on every card), and the canvas and the status bar say so with the undo key
    toast = window.view.toast
    assert toast.isVisible()
    assert "27 cards" in toast.text() and "moment of truth" in toast.text().lower()
    assert "Ctrl+Z" in toast.text()
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    # the rest went into a new card's title instead of running L and 4 on all cards
    assert window.scene.editor is not None
    assert window.scene.editor.text() == "ail l4"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert len(list(doc.links())) == links
    assert {tp.id: tp.emotion for tp in doc.touchpoints()} == {k: v[1] for k, v in before.items()}
    assert all(tp.moment_of_truth for tp in doc.touchpoints())
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {tp.id: tp.moment_of_truth for tp in doc.touchpoints()} == {
        k: v[0] for k, v in before.items()
    }


def test_a_letter_on_an_empty_selection_starts_a_card_under_the_mouse(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    stage, lane = doc.stages[5].id, doc.lanes[3].id
    cell = window.scene.layout.cells[(stage, lane)]
    window.view.centerOn(QPointF(cell.x + 30, cell.y + 30))
    pos = window.view.mapFromScene(QPointF(cell.x + 30, cell.y + 30))
    qtbot.mouseMove(window.view.viewport(), pos)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, NO, pos)
    assert window.scene.selected_cards() == []
    for ch in "Writes a review":
        qtbot.keyClick(focused(), ch)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert "Writes a review" in [tp.title for tp in doc.cell(stage, lane)]


# ---------------------------------------------------------------------- 8. aim
def test_n_goes_after_the_clicked_card_wherever_the_mouse_is(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    first = doc.cell(doc.stages[0].id, doc.lanes[0].id)[0]
    click_card(qtbot, window, first.id)
    far = window.scene.layout.cells[(doc.stages[4].id, doc.lanes[2].id)]
    window.view.centerOn(QPointF(far.x + 20, far.y + 20))
    qtbot.mouseMove(
        window.view.viewport(), window.view.mapFromScene(QPointF(far.x + 20, far.y + 20))
    )
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    type_into_focus(qtbot, "Compares prices")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    titles = [tp.title for tp in doc.cell(first.stage, first.lane)]
    assert titles.index("Compares prices") == titles.index(first.title) + 1


def test_ctrl_arrows_move_every_selected_card(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    a, b = doc.cell(doc.stages[0].id, doc.lanes[0].id)[:2]
    click_card(qtbot, window, a.id)
    click_card(qtbot, window, b.id, Qt.KeyboardModifier.ShiftModifier)
    assert window.scene.selected_cards() == [a.id, b.id]
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert {doc.touchpoint(a.id).stage, doc.touchpoint(b.id).stage} == {doc.stages[1].id}
    assert window.session.stack.count() == 1
    assert "2 cards" in window.view.toast.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert window.session.stack.count() == 1  # already in the top lane: refused, and said
    assert "top lane" in window.statusBar().currentMessage()


# ---------------------------------------------------------------------- 10. smaller ones
def test_esc_clears_the_filter_from_the_canvas_and_the_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.filter_text.setFocus()
    qtbot.keyClicks(window.filter_text, "parcel")
    assert window.scene.filter_active
    qtbot.keyClick(window.filter_text, Qt.Key.Key_Escape)
    assert not window.scene.filter_active and window.filter_text.text() == ""
    assert window.view.hasFocus()
    window.filter_emotion.setCurrentIndex(1)
    assert window.scene.filter_active
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.scene.filter_active and window.filter_emotion.currentIndex() == 0


def test_undo_texts_speak_plainly_and_toolbar_buttons_keep_their_width(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    tp = doc.touchpoints()[0]
    button = window.toolbar.widgetForAction(window.tool_undo)
    width = button.sizeHint().width()
    click_card(qtbot, window, tp.id)
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert window.act_undo.text().replace("&", "") in (
        "Undo Marked as moment of truth",
        "Undo Moment of truth mark removed",
    )
    assert "moment_of_truth" not in window.act_undo.text()
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert window.act_undo.text().replace("&", "") == "Undo Emotion positive"
    assert button.sizeHint().width() == width
    assert window.tool_undo.text() == "Undo"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert doc.touchpoint(tp.id).emotion == tp.emotion


def test_save_as_proposes_the_title_in_a_folder_of_the_user(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.resources import resources_dir

    window.session.set_path(example("ecommerce-first-order"))
    proposed: list[str] = []
    monkeypatch.setattr(
        filedialogs,
        "save_file_name",
        lambda parent, caption, start, *a: proposed.append(start) or "",
    )
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(proposed) == 1
    start = Path(proposed[0])
    assert start.name == f"{window.session.doc.title}.journeymap"
    assert resources_dir().resolve() not in start.resolve().parents


# ---------------------------------------------------------------------- 6, 7. projector, fit
def test_fit_map_fits_both_axes_without_scrollbars(qtbot: QtBot, window: MainWindow) -> None:
    window.view.set_zoom(1.0)
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(10)
    assert window.view.is_fitted()
    assert not window.view.horizontalScrollBar().isVisible()


def test_projector_mode_fits_enlarges_text_and_keeps_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    qtbot.keyClicks(window.filter_text, "parcel")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=2000)
    qtbot.wait(50)
    assert not window.toolbar.isVisible() and not window.inspector.isVisible()
    assert not window.menuBar().isVisible()
    assert window.view.is_fitted()
    assert window.scene.text_scale > 1.0  # the cards' text, not only the scene, is larger
    card = next(iter(window.scene.cards.values()))
    assert card.text_scale == window.scene.text_scale
    assert window.view.badge.isVisible() and "parcel" in window.view.badge.text()
    # the keyboard flow works inside it: select, set an emotion, undo with the menus hidden
    tp = doc.touchpoints()[0]
    click_card(qtbot, window, tp.id)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert doc.touchpoint(tp.id).emotion == -2
    assert window.view.toast.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.touchpoint(tp.id).emotion == tp.emotion
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)  # leaves projector mode
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=2000)
    assert window.toolbar.isVisible() and window.menuBar().isVisible()
    assert window.scene.text_scale == 1.0 and not window.view.badge.isVisible()
    assert window.scene.filter_active  # Esc again clears the filter
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.scene.filter_active
