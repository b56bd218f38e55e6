"""The Improvements dock and its impact-vs-effort matrix: every change is one undoable edit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from journeymap import resources
from journeymap.core.appearance import STATUS_NAMES
from journeymap.core.commands import Edit, RemoveTouchpoints
from journeymap.core.fileformat import load
from journeymap.gui import actions
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.docks.improvements.dock import ImprovementsDock
from journeymap.gui.docks.improvements.form import parse_due
from journeymap.gui.docks.improvements.rows import plain_tip
from journeymap.gui.docks.widgets import INVALID
from journeymap.gui.session import Session

IMP = "one-click-exchange"  # the 4th of 5: medium priority, impact 4, effort 4, no due date


@pytest.fixture
def session() -> Session:
    return Session(load(resources.example("ecommerce-first-order")))


@pytest.fixture
def scene(session: Session) -> MapScene:
    return MapScene(session)


@pytest.fixture
def dock(qtbot: Any, session: Session, scene: MapScene) -> ImprovementsDock:
    widget = ImprovementsDock(session, lambda: scene)
    qtbot.addWidget(widget)
    widget.resize(380, 900)
    widget.show()
    return widget


def row_texts(dock: ImprovementsDock) -> list[str]:
    return [dock.list.item(i).text() for i in range(dock.list.count())]


def test_dock_identity_and_plan_order(dock: ImprovementsDock, session: Session) -> None:
    assert dock.objectName() == "improvements-dock"
    assert dock.windowTitle() == "Improvements"
    assert row_texts(dock)[0].startswith("1. Show total cost")
    assert row_texts(dock)[3] == "4. One-click exchange for another size"
    assert [d.number for d in dock.matrix.dots] == [1, 2, 3, 4, 5]
    assert dock.current() is None and dock.pages.currentWidget() is dock.empty
    assert not dock.act_delete.isEnabled()
    assert session.stack.count() == 0


def test_selecting_fills_every_field(dock: ImprovementsDock, session: Session) -> None:
    dock.select("show-shipping-early")
    form = dock.form
    imp = session.doc.improvement("show-shipping-early")
    assert form.title.toPlainText() == imp.title
    assert form.problem.toPlainText() == imp.problem
    assert form.owner.text() == imp.owner
    assert form.priority.currentData() == "critical"
    assert (form.impact.value(), form.effort.value()) == (5, 2)
    assert form.status.currentText() == STATUS_NAMES["planned"]
    assert form.due.text() == "2027-03-31"
    assert form._linked() == ["product-page", "add-to-cart", "checkout-shipping"]
    assert "Quick wins" in form.subtitle.text()
    assert dock.matrix.current == "show-shipping-early"
    assert session.stack.count() == 0


def test_new_delete_and_their_undo(dock: ImprovementsDock, session: Session) -> None:
    dock.select("show-shipping-early")
    new_id = dock.new_improvement()
    assert new_id is not None
    assert [i.id for i in session.doc.improvements][1] == new_id  # right after the current one
    assert dock.current() == new_id and dock.form.title.hasFocus()
    assert row_texts(dock)[1] == "2. New improvement"
    assert len(dock.matrix.dots) == 6
    session.stack.undo()
    assert new_id not in [i.id for i in session.doc.improvements]
    assert dock.list.count() == 5
    assert dock.current() == "product-fit-advice"  # the row that took its place
    session.stack.redo()
    assert row_texts(dock)[1] == "2. New improvement"
    dock.select(IMP)
    assert dock.delete_current()
    assert IMP not in [i.id for i in session.doc.improvements]
    assert dock.list.count() == 5 and len(dock.matrix.dots) == 5
    assert dock.current() == "review-timing"
    session.stack.undo()
    assert row_texts(dock)[4] == "5. One-click exchange for another size"


def test_keyboard_new_and_delete(qtbot: Any, dock: ImprovementsDock, session: Session) -> None:
    dock.list.setFocus()
    QTest.keyClick(dock.list, Qt.Key.Key_Insert)
    assert len(session.doc.improvements) == 6
    dock.list.setFocus()
    QTest.keyClick(dock.list, Qt.Key.Key_Delete)
    assert len(session.doc.improvements) == 5
    dock.list.setFocus()
    QTest.keyClick(
        dock.list,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(session.doc.improvements) == 6


def test_typing_a_title_is_one_undo_step(
    qtbot: Any, dock: ImprovementsDock, session: Session
) -> None:
    dock.select(IMP)
    before = session.doc.improvement(IMP).title
    dock.form.title.selectAll()
    qtbot.keyClicks(dock.form.title, "Swap sizes in one click")
    assert session.doc.improvement(IMP).title == "Swap sizes in one click"
    assert session.stack.count() == 1
    assert row_texts(dock)[3] == "4. Swap sizes in one click"
    session.stack.undo()
    assert dock.form.title.toPlainText() == before
    assert row_texts(dock)[3] == f"4. {before}"


@pytest.mark.parametrize(
    ("field", "change", "expected"),
    [
        ("problem", lambda f: f.problem.setPlainText("Refund and reorder"), "Refund and reorder"),
        ("action", lambda f: f.action.setPlainText("One button"), "One button"),
        ("owner", lambda f: f.owner.setText("Returns team"), "Returns team"),
        ("kpi", lambda f: f.kpi.setText("Exchange share > 40 %"), "Exchange share > 40 %"),
        (
            "priority",
            lambda f: f.priority.setCurrentIndex(f.priority.findData("critical")),
            "critical",
        ),
        ("status", lambda f: f.status.setCurrentIndex(f.status.findData("done")), "done"),
        ("impact", lambda f: f.impact.setValue(2), 2),
        ("effort", lambda f: f.effort.setValue(1), 1),
        ("due", lambda f: f.due.setText("2027-02-28"), datetime.date(2027, 2, 28)),
    ],
)
def test_each_field_is_an_undoable_edit(
    dock: ImprovementsDock, session: Session, field: str, change: Any, expected: Any
) -> None:
    dock.select(IMP)
    before = getattr(session.doc.improvement(IMP), field)
    change(dock.form)
    assert getattr(session.doc.improvement(IMP), field) == expected
    assert session.stack.count() == 1
    session.stack.undo()
    assert getattr(session.doc.improvement(IMP), field) == before
    assert dock.form._bindings[field][0]() == before  # the widget shows the undone value
    session.stack.redo()
    assert dock.form._bindings[field][0]() == expected


def test_priority_and_status_show_in_the_list(dock: ImprovementsDock) -> None:
    dock.select(IMP)
    dock.form.status.setCurrentIndex(dock.form.status.findData("in_progress"))
    dock.form.due.setText("2027-06-01")
    detail = dock.list.item(3).data(Qt.ItemDataRole.UserRole + 1)
    assert "In progress" in detail and "due 2027-06-01" in detail


@pytest.mark.parametrize("text", ["tomorrow", "31/12/2027", "2027-02-30", "20270331"])
def test_a_bad_due_date_is_explained_and_stores_nothing(
    dock: ImprovementsDock, session: Session, text: str
) -> None:
    dock.select("show-shipping-early")
    dock.form.due.setText(text)
    dock.form.due.editingFinished.emit()
    assert session.doc.improvement("show-shipping-early").due == datetime.date(2027, 3, 31)
    assert session.stack.count() == 0
    assert not dock.form.due_message.isHidden()
    assert (
        "YYYY-MM-DD" in dock.form.due_message.text() or "real date" in dock.form.due_message.text()
    )
    assert dock.form.due.text() == text  # what was typed stays to be corrected
    dock.form.due.setText("2027-04-01")
    assert session.doc.improvement("show-shipping-early").due == datetime.date(2027, 4, 1)
    assert dock.form.due_message.isHidden()


def test_clearing_the_due_date_means_no_date(dock: ImprovementsDock, session: Session) -> None:
    dock.select("show-shipping-early")
    dock.form.due.setText("")
    assert session.doc.improvement("show-shipping-early").due is None
    assert parse_due("  ") == (None, "")
    assert parse_due("2027-13-01")[0] is INVALID


def test_linking_the_selected_cards(
    dock: ImprovementsDock, session: Session, scene: MapScene
) -> None:
    dock.select(IMP)
    before = list(session.doc.improvement(IMP).touchpoints)
    scene.select_only(["ig-ad", "return-portal", "payment"])
    assert dock.link_selected_cards()
    assert session.doc.improvement(IMP).touchpoints == before + ["ig-ad", "payment"]
    assert dock.form._linked() == before + ["ig-ad", "payment"]
    assert session.stack.count() == 1
    assert not dock.link_selected_cards()  # all linked already: nothing to do, and it says so
    assert "already linked" in dock.form.link_message.text()
    session.stack.undo()
    assert dock.form._linked() == before


def test_linking_with_nothing_selected_says_what_to_do(
    dock: ImprovementsDock, session: Session, scene: MapScene
) -> None:
    dock.select(IMP)
    scene.clearSelection()
    assert not dock.link_selected_cards()
    assert "Select one or more cards" in dock.form.link_message.text()
    assert session.stack.count() == 0


def test_unlinking_and_revealing_a_touchpoint(
    dock: ImprovementsDock, session: Session, scene: MapScene
) -> None:
    dock.select(IMP)
    form = dock.form
    form.touchpoints.item(1).setSelected(True)
    assert dock.unlink()
    assert session.doc.improvement(IMP).touchpoints == ["return-exchange", "returns-processing"]
    session.stack.undo()
    assert session.doc.improvement(IMP).touchpoints == [
        "return-exchange",
        "return-portal",
        "returns-processing",
    ]
    form._put_touchpoints(session.doc.improvement(IMP).touchpoints, True)
    form.touchpoints.itemDoubleClicked.emit(form.touchpoints.item(2))
    assert scene.selected_cards() == ["returns-processing"]


def test_list_follows_touchpoint_titles_and_removal(
    dock: ImprovementsDock, session: Session
) -> None:
    dock.select(IMP)
    session.execute(Edit("touchpoint", "return-portal", {"title": "Returns portal v2"}))
    assert dock.form.touchpoints.item(1).text() == "Returns portal v2"
    session.execute(RemoveTouchpoints(["return-portal"]))
    assert dock.form._linked() == ["return-exchange", "returns-processing"]
    session.stack.undo()
    assert dock.form._linked() == ["return-exchange", "return-portal", "returns-processing"]


def test_moving_in_the_plan(dock: ImprovementsDock, session: Session) -> None:
    dock.select(IMP)
    assert dock.move_current(-1)
    assert [i.id for i in session.doc.improvements].index(IMP) == 2
    assert row_texts(dock)[2] == "3. One-click exchange for another size"
    assert dock.current() == IMP and dock.list.currentRow() == 2
    assert dock.matrix.dot(IMP).number == 3
    session.stack.undo()
    assert row_texts(dock)[3].startswith("4. One-click")
    dock.select("review-timing")
    assert not dock.move_current(1)  # already last


# ---------------------------------------------------------------------- the matrix
def drag(dock: ImprovementsDock, imp_id: str, impact: int, effort: int) -> None:
    matrix = dock.matrix
    dock.tabs.setCurrentWidget(matrix)
    start = matrix.centre_of(imp_id).toPoint()
    end = matrix.cell_rect(impact, effort).center().toPoint()
    QTest.mousePress(matrix, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(matrix, (start + end) / 2)
    QTest.mouseMove(matrix, end)
    QTest.mouseRelease(matrix, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_dragging_a_dot_sets_impact_and_effort_in_one_step(
    dock: ImprovementsDock, session: Session
) -> None:
    drag(dock, IMP, 5, 1)
    imp = session.doc.improvement(IMP)
    assert (imp.impact, imp.effort) == (5, 1)
    assert session.stack.count() == 1
    assert dock.current() == IMP  # the press picked it
    assert (dock.form.impact.value(), dock.form.effort.value()) == (5, 1)
    drag(dock, IMP, 2, 2)
    assert session.stack.count() == 2  # a second drag is a step of its own
    session.stack.undo()
    session.stack.undo()
    imp = session.doc.improvement(IMP)
    assert (imp.impact, imp.effort) == (4, 4)
    assert dock.matrix.dot(IMP).impact == 4


def test_a_drag_back_to_the_start_changes_nothing(dock: ImprovementsDock, session: Session) -> None:
    matrix = dock.matrix
    dock.tabs.setCurrentWidget(matrix)
    start = matrix.centre_of(IMP).toPoint()
    away = matrix.cell_rect(1, 5).center().toPoint()
    QTest.mousePress(matrix, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(matrix, away)
    QTest.mouseMove(matrix, start + QPoint(3, -2))
    QTest.mouseRelease(matrix, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert session.stack.count() == 0
    assert dock.current() == IMP


def test_dots_sharing_a_cell_do_not_hide_each_other(
    dock: ImprovementsDock, session: Session
) -> None:
    for imp in session.doc.improvements:
        session.execute(Edit("improvement", imp.id, {"impact": 3, "effort": 3}))
    matrix = dock.matrix
    centres = [matrix.centre_of(imp.id) for imp in session.doc.improvements]
    cell = matrix.cell_rect(3, 3)
    for i, a in enumerate(centres):
        assert cell.contains(a)
        for b in centres[i + 1 :]:
            assert (a - b).manhattanLength() >= 2 * matrix._radius
    for imp in session.doc.improvements:
        assert matrix.dot_at(matrix.centre_of(imp.id)) == imp.id


def test_clicking_a_dot_selects_and_arrows_nudge_it(
    dock: ImprovementsDock, session: Session
) -> None:
    matrix = dock.matrix
    dock.tabs.setCurrentWidget(matrix)
    centre = matrix.centre_of("review-timing").toPoint()
    QTest.mouseClick(matrix, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert dock.current() == "review-timing"
    assert dock.list.currentItem().data(Qt.ItemDataRole.UserRole) == "review-timing"
    assert session.stack.count() == 0
    QTest.keyClick(matrix, Qt.Key.Key_Up)
    assert session.doc.improvement("review-timing").impact == 3
    QTest.keyClick(matrix, Qt.Key.Key_Left)  # effort is already 1: nothing
    assert session.stack.count() == 1


# ---------------------------------------------------------------------- the card's menu
def test_new_improvement_from_a_pain_point(dock: ImprovementsDock, session: Session) -> None:
    pain = session.doc.touchpoint("payment").pain_points[0]
    new_id = dock.new_from_pain_point("payment", pain)
    imp = session.doc.improvement(new_id)
    assert (imp.title, imp.problem, imp.touchpoints) == (pain, pain, ["payment"])
    assert session.stack.count() == 1
    assert dock.current() == new_id and dock.form.title.hasFocus()
    assert dock.form.title.textCursor().selectedText() == pain
    session.stack.undo()
    assert new_id not in [i.id for i in session.doc.improvements]


def test_the_card_menu_offers_each_pain_point(dock: ImprovementsDock, session: Session) -> None:
    asked: list[tuple[str, str]] = []
    menu = QMenu()
    actions.add_improvement_entries(menu, "payment", ["Hidden & late"], lambda *a: asked.append(a))
    (entry,) = menu.actions()
    assert entry.text() == "New improvement from this pain point"
    entry.trigger()
    assert asked == [("payment", "Hidden & late")]
    menu = QMenu()
    pains = session.doc.touchpoint("size-guide").pain_points
    actions.add_improvement_entries(menu, "size-guide", pains, dock.new_from_pain_point)
    submenu = menu.actions()[0].menu()
    assert [a.text() for a in submenu.actions()] == pains
    submenu.actions()[1].trigger()
    assert session.doc.improvements[-1].title == pains[1]
    assert session.doc.improvements[-1].touchpoints == ["size-guide"]
    menu = QMenu()
    actions.add_improvement_entries(menu, "unboxing", [], dock.new_from_pain_point)
    assert menu.actions() == []


# ---------------------------------------------------------------------- hostile text, sessions
def test_hostile_text_shows_as_plain_text(dock: ImprovementsDock, session: Session) -> None:
    hostile = "<b>bold</b> &amp; " + "שלום עולם " + "x" * 5000
    dock.select(IMP)
    dock.form.title.setPlainText(hostile)
    assert session.doc.improvement(IMP).title == hostile
    row = dock.list.item(3)
    assert row.text() == f"4. {' '.join(hostile.split())}"
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp;" in row.toolTip()
    assert len(row.toolTip()) < 1000
    assert "<b>" not in plain_tip(hostile)
    dock.list.viewport().repaint()
    dock.tabs.setCurrentWidget(dock.matrix)
    dock.matrix.repaint()


def test_switching_sessions(qtbot: Any, dock: ImprovementsDock, session: Session) -> None:
    dock.select(IMP)
    other = Session(load(resources.example("saas-trial-to-renewal")))
    dock.set_session(other)
    assert dock.current() is None
    assert row_texts(dock)[0].startswith("1. ‘Send to your admin’")
    dock.select("invoice-checkout")
    dock.form.owner.setText("Finance")
    assert other.doc.improvement("invoice-checkout").owner == "Finance"
    assert session.stack.count() == 0
    session.execute(Edit("improvement", IMP, {"title": "Old map"}))
    assert all("Old map" not in text for text in row_texts(dock))  # no longer listening


def test_the_main_window_has_the_dock(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.gui.mainwindow import MainWindow

    win = MainWindow(load(resources.example("ecommerce-first-order")))
    qtbot.addWidget(win)

    class ChoosingMenu(QMenu):
        """Picks the pain-point entry instead of waiting for the user."""

        def exec(self, *_args: Any) -> None:  # type: ignore[override]
            (entry,) = [a for a in self.actions() if a.text().startswith("New improvement from")]
            entry.trigger()

    monkeypatch.setattr(actions, "QMenu", ChoosingMenu)
    win.scene.cardMenuRequested.emit("payment", QPoint(10, 10))
    pain = win.session.doc.touchpoint("payment").pain_points[0]
    made = win.session.doc.improvements[-1]
    assert (made.title, made.touchpoints) == (pain, ["payment"])
    assert win.improvements.current() == made.id
    assert win.improvements.objectName() == "improvements-dock"
    (view_menu,) = [a.menu() for a in win.menuBar().actions() if a.text() == "&View"]
    assert win.improvements.toggleViewAction() in view_menu.actions()
    win.scene.select_only(["payment"])
    new_id = win.improvements.new_from_pain_point("payment", "Options shown late")
    win.improvements.select(new_id)
    win.set_session(load(resources.example("service-business")), None)
    assert win.improvements.session is win.session
    assert win.improvements.list.count() == len(win.session.doc.improvements)
    assert win.improvements.canvas() is win.scene
