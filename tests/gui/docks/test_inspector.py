"""The inspector dock: forms fill from the document, edits become undoable commands."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from journeymap import resources
from journeymap.core.commands import Edit, RemoveTouchpoints
from journeymap.core.entities import Channel, Persona
from journeymap.core.fileformat import load
from journeymap.gui.docks.inspector import InspectorDock
from journeymap.gui.docks.widgets import INVALID
from journeymap.gui.session import Session

TP = "checkout-shipping"


@pytest.fixture
def session() -> Session:
    return Session(load(resources.example("ecommerce-first-order")))


@pytest.fixture
def dock(qtbot: Any, session: Session) -> InspectorDock:
    widget = InspectorDock(session)
    qtbot.addWidget(widget)
    widget.resize(360, 900)
    widget.show()
    return widget


def shown_touchpoint(dock: InspectorDock, tp_id: str = TP) -> Any:
    dock.show_item("touchpoint", tp_id)
    return dock.current_form()


def test_dock_identity(dock: InspectorDock) -> None:
    assert dock.windowTitle() == "Inspector"
    assert dock.objectName() == "inspector"
    assert dock.shown == ("map", None)


def test_showing_a_touchpoint_fills_every_field(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    tp = session.doc.touchpoint(TP)
    assert dock.shown == ("touchpoint", TP)
    assert dock.stack.currentWidget() is form
    assert form.title.toPlainText() == tp.title
    assert form.description.toPlainText() == tp.description
    assert form.thoughts.toPlainText() == tp.thoughts
    assert form.channel.currentData() == "website"
    assert form.channel.currentText() == "Website"
    assert form.channel.itemText(0) == "(none)"
    assert form.channel.count() == len(session.doc.palette) + 1
    assert form.emotion.value() == -2
    assert form.emotion.buttons[-2].isChecked()
    assert form.emotion.buttons[-2].toolTip() == "very negative"
    assert form.colour.value() == "#c62828"
    assert form.colour.presets["#c62828"].isChecked()
    assert "pain point" in form.colour.presets["#c62828"].toolTip()
    assert form.pain_points.toPlainText().splitlines() == tp.pain_points
    assert form.opportunities.toPlainText().splitlines() == tp.opportunities
    assert form.owner.text() == "E-commerce team"
    assert form.metrics.value() == {"abandonment_rate": 0.68, "csat": 2.4}
    assert form.metrics.table.item(1, 0).text() == "csat"
    assert form.metrics.table.item(1, 1).text() == "2.4"
    assert form.moment_of_truth.isChecked()
    assert form.votes.value() == 7
    assert form.subtitle.text() == "Buy · Customer actions"
    assert session.stack.count() == 0  # filling pushes nothing


def test_touchpoint_without_channel_or_emotion(dock: InspectorDock) -> None:
    form = shown_touchpoint(dock, "fraud-check")
    assert form.channel.currentIndex() == 0
    assert form.emotion.value() is None
    assert form.emotion.buttons[None].isChecked()
    assert not form.moment_of_truth.isChecked()


def test_typing_a_title_is_one_undo_step(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Surprise shipping fee")
    assert session.doc.touchpoint(TP).title == "Surprise shipping fee"
    assert session.stack.count() == 1
    assert form.title.textCursor().position() == len("Surprise shipping fee")


def test_undo_restores_the_document_and_the_widget(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    before = form.title.toPlainText()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "New")
    session.stack.undo()
    assert session.doc.touchpoint(TP).title == before
    assert form.title.toPlainText() == before
    assert session.stack.count() == 1 and session.stack.canRedo()  # the refresh pushed nothing
    session.stack.redo()
    assert form.title.toPlainText() == "New"


def test_return_in_the_title_does_not_break_the_line(qtbot: Any, dock: InspectorDock) -> None:
    form = shown_touchpoint(dock)
    form.title.selectAll()
    qtbot.keyClicks(form.title, "A")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert form.title.toPlainText() == "A"


def test_clicking_an_emotion_face_sets_emotion(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    qtbot.mouseClick(form.emotion.buttons[-2], Qt.MouseButton.LeftButton)
    assert session.stack.count() == 0  # the face already shown: no edit
    qtbot.mouseClick(form.emotion.buttons[1], Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).emotion == 1
    assert form.emotion.buttons[1].isChecked()
    qtbot.mouseClick(form.emotion.buttons[None], Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).emotion is None
    assert form.emotion.buttons[None].isChecked()
    assert session.stack.count() == 1  # edits of one field merge, like typing
    session.stack.undo()
    assert session.doc.touchpoint(TP).emotion == -2
    assert form.emotion.buttons[-2].isChecked()


def test_preset_colour_sets_colour(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    qtbot.mouseClick(form.colour.presets["#2e7d32"], Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).colour == "#2e7d32"
    assert session.stack.count() == 1
    session.stack.undo()
    assert form.colour.presets["#c62828"].isChecked()


def test_custom_colour(qtbot: Any, dock: InspectorDock, session: Session, monkeypatch: Any) -> None:
    form = shown_touchpoint(dock)
    monkeypatch.setattr(form.colour, "ask_colour", lambda _initial: QColor("#123abc"))
    qtbot.mouseClick(form.colour.custom, Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).colour == "#123abc"
    assert form.colour.custom.isChecked()
    monkeypatch.setattr(form.colour, "ask_colour", lambda _initial: QColor())  # cancelled
    qtbot.mouseClick(form.colour.custom, Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).colour == "#123abc"
    assert session.stack.count() == 1


def test_channel_choice(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    form.channel.setCurrentIndex(form.channel.findData("email"))
    assert session.doc.touchpoint(TP).channel == "email"
    form.channel.setCurrentIndex(0)
    assert session.doc.touchpoint(TP).channel is None


def test_pain_point_lines_become_a_list(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    form.pain_points.setPlainText("Late costs\n\n   \n  Hidden code field  \n")
    assert session.doc.touchpoint(TP).pain_points == ["Late costs", "Hidden code field"]
    form.opportunities.selectAll()
    qtbot.keyClicks(form.opportunities, "Free shipping")
    assert session.doc.touchpoint(TP).opportunities == ["Free shipping"]


def test_metric_number_is_stored(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    form.metrics.table.item(1, 1).setText("3.1")
    assert session.doc.touchpoint(TP).metrics == {"abandonment_rate": 0.68, "csat": 3.1}
    form.metrics.add_row()
    assert session.stack.count() == 1  # an empty row is not an edit
    row = form.metrics.table.rowCount() - 1
    form.metrics.table.item(row, 0).setText("nps")
    assert "needs a value" in form.metrics.note(row)
    form.metrics.table.item(row, 1).setText("31")
    assert session.doc.touchpoint(TP).metrics["nps"] == 31
    assert isinstance(session.doc.touchpoint(TP).metrics["nps"], int)
    assert form.metrics.note(row) == ""


def test_metric_non_number_is_refused_on_the_row(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    form.metrics.table.item(0, 1).setText("lots")
    assert session.doc.touchpoint(TP).metrics == {"abandonment_rate": 0.68, "csat": 2.4}
    assert session.stack.count() == 0
    assert form.metrics.value() is INVALID
    assert "not a number" in form.metrics.note(0)
    assert not form.metrics.message.isHidden()
    assert "Row 1" in form.metrics.message.text()
    form.metrics.table.item(0, 1).setText("nan")
    assert session.stack.count() == 0
    form.metrics.table.item(0, 1).setText("0.5")
    assert session.doc.touchpoint(TP).metrics["abandonment_rate"] == 0.5
    assert form.metrics.message.isHidden()


def test_metric_removed_with_the_remove_button(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    form.metrics.table.setCurrentCell(0, 0)
    qtbot.mouseClick(form.metrics.remove_button, Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).metrics == {"csat": 2.4}


def test_moment_of_truth_and_votes(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    form.moment_of_truth.setChecked(False)
    assert session.doc.touchpoint(TP).moment_of_truth is False
    form.votes.setValue(12)
    assert session.doc.touchpoint(TP).votes == 12
    assert form.votes.maximum() == 999
    assert session.stack.count() == 2


def test_link_label_and_kind(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    dock.show_item("link", ["ig-ad", "product-page"])
    form = dock.current_form()
    assert dock.shown == ("link", ("ig-ad", "product-page"))
    assert form.source.text() == session.doc.touchpoint("ig-ad").title
    assert form.target.text() == session.doc.touchpoint("product-page").title
    assert form.label.text() == "taps the saved post"
    form.label.selectAll()
    qtbot.keyClicks(form.label, "taps")
    form.link_kind.setCurrentIndex(form.link_kind.findData("return"))
    link = session.doc.link("ig-ad", "product-page")
    assert (link.label, link.kind) == ("taps", "return")
    assert session.stack.count() == 2


def test_link_ends_follow_title_changes(dock: InspectorDock, session: Session) -> None:
    dock.show_item("link", ("ig-ad", "product-page"))
    session.execute(Edit("touchpoint", "ig-ad", {"title": "Sees a Reel"}))
    assert dock.current_form().source.text() == "Sees a Reel"


def test_stage_phase(dock: InspectorDock, session: Session) -> None:
    dock.show_item("stage", "buy")
    form = dock.current_form()
    assert form.phase.currentData() == "during"
    assert form.name.text() == "Buy"
    form.phase.setCurrentIndex(form.phase.findData("after"))
    assert session.doc.stage("buy").phase == "after"
    form.phase.setCurrentIndex(form.phase.findText("No phase"))
    assert session.doc.stage("buy").phase is None


def test_lane_name(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    dock.show_item("lane", "customer")
    form = dock.current_form()
    assert form.description.toPlainText() == session.doc.lane("customer").description
    form.name.selectAll()
    qtbot.keyClicks(form.name, "Shopper")
    assert session.doc.lane("customer").name == "Shopper"
    assert session.stack.count() == 1


def test_map_title_and_persona_goals(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    dock.show_item(None, None)
    form = dock.current_form()
    assert form.persona_name.text() == "Zoë Martín"
    form.title.selectAll()
    qtbot.keyClicks(form.title, "First order")
    assert session.doc.title == "First order"
    form.goals.setPlainText("Fair price\n\nFast delivery")
    persona = session.doc.persona
    assert persona is not None
    assert persona.goals == ["Fair price", "Fast delivery"]
    assert persona.name == "Zoë Martín"
    assert len(persona.pains) == 3
    assert session.stack.count() == 2


def test_clearing_the_persona_removes_it(dock: InspectorDock, session: Session) -> None:
    session.execute(Edit("map", None, {"persona": Persona(name="Ana")}))
    form = dock.current_form()
    assert form.persona_name.text() == "Ana"
    form.persona_name.clear()
    assert session.doc.persona is None


def test_undoing_a_persona_change_pushes_nothing(dock: InspectorDock, session: Session) -> None:
    form = dock.current_form()
    assert session.execute(Edit("map", None, {"persona": Persona(name="Ana", goals=["Speed"])}))
    assert (form.persona_name.text(), form.goals.toPlainText()) == ("Ana", "Speed")
    session.stack.undo()
    assert form.persona_name.text() == "Zoë Martín"
    assert len(form.goals.toPlainText().splitlines()) == 3
    assert session.stack.count() == 1 and session.stack.canRedo()


def test_undo_from_outside_refreshes_the_form(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    session.execute(Edit("touchpoint", TP, {"owner": "Growth", "votes": 2, "emotion": 1}))
    assert (form.owner.text(), form.votes.value(), form.emotion.value()) == ("Growth", 2, 1)
    session.stack.undo()
    assert (form.owner.text(), form.votes.value(), form.emotion.value()) == (
        "E-commerce team",
        7,
        -2,
    )
    assert session.stack.count() == 1 and session.stack.canRedo()


def test_refresh_keeps_the_cursor_of_the_field_being_typed(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    cursor = form.description.textCursor()
    cursor.setPosition(5)
    form.description.setTextCursor(cursor)
    qtbot.keyClicks(form.description, "X")
    assert form.description.textCursor().position() == 6
    session.execute(Edit("touchpoint", TP, {"owner": "Growth"}))
    assert form.description.textCursor().position() == 6
    assert session.doc.touchpoint(TP).description[5] == "X"


def test_showing_the_same_touchpoint_again_keeps_the_cursor(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Late fee")
    cursor = form.title.textCursor()
    cursor.setPosition(4)
    form.title.setTextCursor(cursor)
    dock.show_item("touchpoint", TP)  # e.g. the canvas re-announcing its selection
    assert form.title.textCursor().position() == 4
    assert form.title.toPlainText() == "Late fee"
    dock.show_item("touchpoint", "payment")
    assert form.title.toPlainText() == session.doc.touchpoint("payment").title
    assert form.title.textCursor().position() == 0
    assert session.stack.count() == 1


def test_removing_the_shown_touchpoint_shows_the_map(dock: InspectorDock, session: Session) -> None:
    shown_touchpoint(dock)
    assert session.execute(RemoveTouchpoints([TP]))
    assert dock.shown == ("map", None)
    assert dock.current_form() is dock.forms["map"]
    assert dock.stack.currentWidget() is dock.forms["map"]
    assert "26 touchpoints" in dock.forms["map"].subtitle.text()


def test_showing_a_missing_entity_shows_the_map(dock: InspectorDock) -> None:
    dock.show_item("touchpoint", "no-such-card")
    assert dock.shown == ("map", None)
    dock.show_item("link", ("ig-ad", "payment"))
    assert dock.shown == ("map", None)


def test_refused_edit_restores_the_widget(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    with qtbot.waitSignal(session.refused, timeout=1000) as refused:
        form.owner.setText("x" * 20_001)
    assert "owner" in refused.args[0]
    assert form.owner.text() == "E-commerce team"
    assert session.doc.touchpoint(TP).owner == "E-commerce team"
    assert session.stack.count() == 0


def test_channel_list_follows_the_palette(dock: InspectorDock, session: Session) -> None:
    form = shown_touchpoint(dock)
    palette = [*session.doc.palette, Channel(id="kiosk", name="Kiosk", kind="physical")]
    assert session.execute(Edit("map", None, {"channels": palette}))
    assert form.channel.findData("kiosk") > 0
    assert form.channel.currentData() == "website"
    assert session.stack.count() == 1


def test_set_session_switches_documents(qtbot: Any, dock: InspectorDock, session: Session) -> None:
    other = Session(load(resources.example("service-business")))
    dock.set_session(other)
    form = dock.current_form()
    assert form.title.text() == other.doc.title
    session.execute(Edit("map", None, {"title": "Old document"}))
    assert form.title.text() == other.doc.title  # no longer listening to the old document
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Salon")
    assert other.doc.title == "Salon"
    assert session.doc.title == "Old document"


def test_a_deleted_dock_stops_listening(qtbot: Any, session: Session) -> None:
    dock = InspectorDock(session)
    dock.show_item("touchpoint", TP)
    shiboken6.delete(dock)
    # A dock still subscribed would touch deleted widgets here and raise.
    assert session.execute(Edit("touchpoint", TP, {"owner": "Growth"}))
    assert session.doc.touchpoint(TP).owner == "Growth"


def _wheel(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_choice_changes_nothing(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    _wheel(form.channel)
    _wheel(form.votes)
    assert form.channel.currentData() == "website"
    assert form.votes.value() == 7
    assert session.stack.count() == 0
    dock.activateWindow()
    form.votes.setFocus()
    qtbot.waitUntil(form.votes.hasFocus, timeout=2000)
    _wheel(form.votes)
    assert session.doc.touchpoint(TP).votes == 6


def test_the_largest_vote_count_a_file_may_hold_is_shown(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    """Issue 11, item 3: votes = 2**31 crashed the editor; the format now stops at 2**31 - 1,
    and that largest count shows and edits in the spin box."""
    from journeymap.core.entities import MAX_COUNT
    from journeymap.core.errors import ModelError

    assert MAX_COUNT == 2**31 - 1
    with pytest.raises(ModelError, match="2,147,483,647"):
        session.doc.update_touchpoint(TP, votes=2**31)
    assert session.execute(Edit("touchpoint", TP, {"votes": MAX_COUNT}))
    form = shown_touchpoint(dock)
    assert form.votes.value() == MAX_COUNT
    form.votes.setFocus()
    qtbot.keyClick(form.votes, Qt.Key.Key_Down)
    assert session.doc.touchpoint(TP).votes == MAX_COUNT - 1


def test_undo_text_of_an_inspector_edit_is_in_words(
    qtbot: Any, dock: InspectorDock, session: Session
) -> None:
    form = shown_touchpoint(dock)
    qtbot.mouseClick(form.moment_of_truth, Qt.MouseButton.LeftButton)
    assert session.doc.touchpoint(TP).moment_of_truth is False
    assert session.stack.undoText() == "Edit card moment of truth"
