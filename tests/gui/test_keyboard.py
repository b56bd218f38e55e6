"""The live-workshop keyboard flow, driven with real key events on the canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from journeymap.core import appearance
from journeymap.gui.keymap import CANVAS_KEYS, ShortcutsDialog
from journeymap.gui.mainwindow import MainWindow


def _key(
    qtbot: QtBot,
    win: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(win.view, key, modifier)


def _type(qtbot: QtBot, win: MainWindow, text: str) -> None:
    for ch in text:
        qtbot.keyClick(win.view, ch)


def test_n_types_a_new_card_in_the_cell_under_the_mouse(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    stage, lane = doc.stages[1].id, doc.lanes[2].id
    cell = window.scene.layout.cells[(stage, lane)]
    window.scene.last_mouse = QPointF(cell.x + 20, cell.y + 20)
    _key(qtbot, window, Qt.Key.Key_N)
    assert window.scene.editor is not None
    _type(qtbot, window, "Calls the shop")
    _key(qtbot, window, Qt.Key.Key_Return)
    titles = [tp.title for tp in doc.cell(stage, lane)]
    assert titles[0] == "Calls the shop"
    assert window.scene.editor is None
    assert window.session.stack.count() == 1
    new_id = doc.cell(stage, lane)[0].id
    assert window.scene.selected_cards() == [new_id]


def test_typing_n_inside_the_editor_types_a_letter(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    cell = window.scene.layout.cells[(doc.stages[0].id, doc.lanes[3].id)]
    window.scene.last_mouse = QPointF(cell.x + 20, cell.y + 20)
    _key(qtbot, window, Qt.Key.Key_N)
    _type(qtbot, window, "Nn 1+C")
    _key(qtbot, window, Qt.Key.Key_Enter)
    assert doc.cell(doc.stages[0].id, doc.lanes[3].id)[0].title == "Nn 1+C"
    assert window.session.stack.count() == 1


def test_tab_confirms_and_opens_the_next_card_and_esc_cancels(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    stage, lane = doc.stages[0].id, doc.lanes[3].id
    cell = window.scene.layout.cells[(stage, lane)]
    window.scene.last_mouse = QPointF(cell.x + 20, cell.y + 20)
    _key(qtbot, window, Qt.Key.Key_N)
    _type(qtbot, window, "One")
    _key(qtbot, window, Qt.Key.Key_Tab)
    _type(qtbot, window, "Two")
    _key(qtbot, window, Qt.Key.Key_Tab)
    _type(qtbot, window, "Three")
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert [tp.title for tp in doc.cell(stage, lane)] == ["One", "Two"]
    assert window.scene.editor is None


def test_n_after_the_selected_card(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    first = doc.cell(doc.stages[0].id, doc.lanes[0].id)[0]
    window.scene.select_only([first.id])
    _key(qtbot, window, Qt.Key.Key_N)
    _type(qtbot, window, "Right after")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert [tp.title for tp in doc.cell(first.stage, first.lane)][1] == "Right after"


def test_number_keys_set_emotion_and_c_cycles_colour(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    tp = doc.touchpoints()[0]
    window.scene.select_only([tp.id])
    for key, emotion in zip(
        (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5),
        range(-2, 3),
        strict=True,
    ):
        _key(qtbot, window, key)
        assert doc.touchpoint(tp.id).emotion == emotion
    before = doc.touchpoint(tp.id).colour
    _key(qtbot, window, Qt.Key.Key_C)
    assert doc.touchpoint(tp.id).colour == appearance.next_preset(before)
    window.session.stack.undo()
    assert doc.touchpoint(tp.id).colour == before


def test_votes_moment_of_truth_duplicate_and_delete(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    tp = doc.touchpoints()[0]
    votes = tp.votes
    window.scene.select_only([tp.id])
    _key(qtbot, window, Qt.Key.Key_Plus)
    _key(qtbot, window, Qt.Key.Key_Plus)
    _key(qtbot, window, Qt.Key.Key_Minus)
    assert doc.touchpoint(tp.id).votes == votes + 1
    flag = doc.touchpoint(tp.id).moment_of_truth
    _key(qtbot, window, Qt.Key.Key_M)
    assert doc.touchpoint(tp.id).moment_of_truth is not flag
    count = doc.touchpoint_count
    _key(qtbot, window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert doc.touchpoint_count == count + 1
    copy_id = window.scene.selected_cards()[0]
    assert copy_id != tp.id and doc.touchpoint(copy_id).title == tp.title
    links_before = doc.graph.number_of_edges()
    window.scene.select_only([tp.id])
    degree = doc.graph.degree(tp.id)
    _key(qtbot, window, Qt.Key.Key_Delete)
    assert not doc.has_touchpoint(tp.id)
    assert doc.graph.number_of_edges() == links_before - degree
    window.session.stack.undo()
    assert doc.has_touchpoint(tp.id) and doc.graph.degree(tp.id) == degree


def test_arrow_keys_move_the_selection_and_ctrl_arrows_move_the_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    doc = window.session.doc
    a, b = doc.cell(doc.stages[0].id, doc.lanes[0].id)[:2]
    window.scene.select_only([a.id])
    _key(qtbot, window, Qt.Key.Key_Right)
    assert window.scene.selected_cards() == [b.id]
    _key(qtbot, window, Qt.Key.Key_Left)
    assert window.scene.selected_cards() == [a.id]
    _key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert doc.touchpoint(a.id).stage == doc.stages[1].id
    _key(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert doc.touchpoint(a.id).lane == doc.lanes[1].id
    assert window.scene.selected_cards() == [a.id]
    window.session.stack.undo()
    window.session.stack.undo()
    assert (doc.touchpoint(a.id).stage, doc.touchpoint(a.id).lane, doc.touchpoint(a.id).slot) == (
        doc.stages[0].id,
        doc.lanes[0].id,
        0,
    )


def test_l_links_two_selected_cards_in_selection_order(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    a = doc.cell(doc.stages[0].id, doc.lanes[2].id) or doc.cell(doc.stages[0].id, doc.lanes[0].id)
    x, y = doc.touchpoints()[-1], a[0]
    assert not doc.has_link(x.id, y.id)
    window.scene.select_only([x.id])
    window.scene.cards[y.id].setSelected(True)
    _key(qtbot, window, Qt.Key.Key_L)
    assert doc.has_link(x.id, y.id)


def test_double_click_title_edit_and_escape(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    tp = doc.touchpoints()[0]
    old = tp.title
    window.scene.edit_title(tp.id)
    _type(qtbot, window, "Changed")
    _key(qtbot, window, Qt.Key.Key_Escape)
    assert doc.touchpoint(tp.id).title == old
    window.scene.edit_title(tp.id)
    _type(qtbot, window, "Changed")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert doc.touchpoint(tp.id).title == "Changed"
    assert window.session.stack.count() == 1


def test_filter_dims_cards_that_do_not_match(qtbot: QtBot, window: MainWindow) -> None:
    doc = window.session.doc
    window.filter_emotion.setCurrentIndex(window.filter_emotion.findData(-2))
    dimmed = {i for i, item in window.scene.cards.items() if item.dimmed}
    expected = {tp.id for tp in doc.touchpoints() if tp.emotion != -2}
    assert dimmed == expected and dimmed
    window.filter_emotion.setCurrentIndex(0)
    window.filter_text.setText("checkout")
    dimmed = {i for i, item in window.scene.cards.items() if item.dimmed}
    assert all(
        "checkout" not in (doc.touchpoint(i).title + doc.touchpoint(i).description).lower()
        for i in dimmed
    )
    assert len(dimmed) < doc.touchpoint_count
    window.filter_text.clear()
    assert not any(item.dimmed for item in window.scene.cards.values())


def test_presentation_mode_hides_docks(qtbot: QtBot, window: MainWindow) -> None:
    window.act_present.trigger()
    assert not window.inspector.isVisible() and not window.palette.isVisible()
    window.act_present.trigger()
    assert window.inspector.isVisible() and window.palette.isVisible()


def test_shortcuts_dialog_lists_every_canvas_key(qtbot: QtBot, window: MainWindow) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    listed = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    for key in CANVAS_KEYS:
        assert " / ".join(key.keys) in listed
