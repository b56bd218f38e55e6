"""The canvas mirrors the document; gestures become exactly one command each."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from journeymap.core.commands import (
    AddLane,
    AddLink,
    AddStage,
    AddTouchpoint,
    Edit,
    MoveLane,
    MoveStage,
    MoveTouchpoint,
    RemoveLane,
    RemoveLink,
    RemoveStage,
    RemoveTouchpoints,
)
from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.gui.canvas.items import CardItem
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.canvas.view import PALETTE_MIME, MapView
from journeymap.gui.session import Session


def assert_mirrors(scene: MapScene, doc: JourneyMap) -> None:
    """Every entity has exactly one item, at the layout's place, showing current data."""
    ids = {tp.id for tp in doc.touchpoints()}
    assert set(scene.cards) == ids
    assert set(scene.links) == {(link.source, link.target) for link in doc.links()}
    headers = {("stage", s.id) for s in doc.stages} | {("lane", lane.id) for lane in doc.lanes}
    assert set(scene.headers) == headers
    for tp in doc.touchpoints():
        item = scene.cards[tp.id]
        rect = scene.layout.cards[tp.id]
        assert (item.x(), item.y()) == (rect.x, rect.y), tp.id
        assert item.data_ is not None
        assert item.data_.title == (tp.title or "(untitled)")
        assert item.data_.emotion == tp.emotion
        assert item.data_.colour == tp.colour
    for (source, target), link_item in scene.links.items():
        link = doc.link(source, target)
        assert (link_item.kind, link_item.label) == (link.kind, link.label)
        start = scene.cards[source].scene_rect()
        assert link_item.route is not None
        g = link_item.route
        assert start.adjusted(-1, -1, 1, 1).contains(QPointF(g.start.x, g.start.y))
        assert g.same_path(scene.layout.routes[(source, target)])  # the core's route
    for stage in doc.stages:
        assert scene.headers[("stage", stage.id)].name == stage.name
    scene_items = {i for i in scene.items() if isinstance(i, CardItem)}
    assert len(scene_items) == len(ids)


def _scene(qtbot: QtBot, doc: JourneyMap) -> tuple[Session, MapScene, MapView]:
    session = Session(doc)
    scene = MapScene(session)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    return session, scene, view


def test_scene_mirrors_document_through_commands_undo_and_redo(
    qtbot: QtBot, example_doc: JourneyMap
) -> None:
    session, scene, _view = _scene(qtbot, example_doc)
    doc = example_doc
    assert_mirrors(scene, doc)
    tps = doc.touchpoints()
    s0, s1, l0, l1 = doc.stages[0].id, doc.stages[1].id, doc.lanes[0].id, doc.lanes[1].id
    commands = [
        AddTouchpoint(Touchpoint(id="new-card", title="New card", stage=s0, lane=l1, slot=0), 0),
        Edit("touchpoint", "new-card", {"emotion": -2, "colour": "#c62828", "title": "Renamed"}),
        MoveTouchpoint(tps[0].id, s1, l0, 0),
        AddLink(Link(source="new-card", target=tps[5].id, label="next", kind="alternative")),
        Edit("link", ("new-card", tps[5].id), {"kind": "return"}),
        RemoveLink("new-card", tps[5].id),
        RemoveTouchpoints([tps[3].id, tps[4].id]),
        AddStage(Stage(id="extra", name="Extra stage", phase="after"), 1),
        MoveStage("extra", 3),
        Edit("stage", "extra", {"name": "Renamed stage"}),
        AddLane(Lane(id="lane-x", name="Extra lane"), 0),
        MoveLane("lane-x", 2),
        RemoveStage(s0),
        RemoveLane(l1),
        Edit("map", None, {"title": "Another title"}),
    ]
    for command in commands:
        assert session.execute(command), command
        assert_mirrors(scene, doc)
    while session.stack.canUndo():
        session.stack.undo()
        assert_mirrors(scene, doc)
    while session.stack.canRedo():
        session.stack.redo()
        assert_mirrors(scene, doc)


def test_refused_command_changes_nothing_and_is_not_on_the_stack(
    qtbot: QtBot, example_doc: JourneyMap
) -> None:
    session, scene, _ = _scene(qtbot, example_doc)
    messages: list[str] = []
    session.refused.connect(messages.append)
    tp = example_doc.touchpoints()[0]
    assert not session.execute(
        AddTouchpoint(Touchpoint(id=tp.id, title="dup", stage=tp.stage, lane=tp.lane, slot=0))
    )
    assert session.stack.count() == 0
    assert messages and tp.id in messages[0]
    assert_mirrors(scene, example_doc)


def test_palette_drop_creates_one_touchpoint_in_the_cell(
    qtbot: QtBot, example_doc: JourneyMap
) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    doc = example_doc
    stage, lane = doc.stages[2].id, doc.lanes[3].id
    before = len(doc.cell(stage, lane))
    cell = scene.layout.cells[(stage, lane)]
    target = QPointF(cell.right - 20, cell.bottom - 20)
    view.centerOn(target)
    mime = QMimeData()
    mime.setData(PALETTE_MIME, QByteArray(b"email"))
    pos = view.mapFromScene(target)
    event = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)
    assert scene.editor is not None  # its title is open for typing
    assert session.stack.count() == 0  # the card is made when its title is confirmed
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert session.stack.count() == 1
    cards = doc.cell(stage, lane)
    assert len(cards) == before + 1
    new = [tp for tp in cards if tp.channel == "email" and tp.title == "Email"]
    assert len(new) == 1
    assert scene.editor is None
    assert_mirrors(scene, doc)


def _send_mouse(
    view: MapView,
    kind: QMouseEvent.Type,
    scene_pos: QPointF,
    buttons: Qt.MouseButton,
    button: Qt.MouseButton = Qt.MouseButton.NoButton,
) -> None:
    local = view.mapFromScene(scene_pos)
    global_pos = view.viewport().mapToGlobal(local)
    event = QMouseEvent(
        kind, QPointF(local), QPointF(global_pos), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view.viewport(), event)


def _drag(view: MapView, start: QPointF, end: QPointF, steps: int = 6) -> None:
    left = Qt.MouseButton.LeftButton
    _send_mouse(view, QMouseEvent.Type.MouseButtonPress, start, left, left)
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        _send_mouse(view, QMouseEvent.Type.MouseMove, p, left)
    _send_mouse(view, QMouseEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton, left)


def test_card_drag_across_cells_is_one_command(qtbot: QtBot, example_doc: JourneyMap) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    doc = example_doc
    tp = doc.cell(doc.stages[0].id, doc.lanes[0].id)[0]
    target_cell = (doc.stages[1].id, doc.lanes[2].id)
    assert doc.cell(*target_cell) == []
    view.set_zoom(0.5)
    start = scene.cards[tp.id].scene_rect().center() + QPointF(-30, 0)
    cell = scene.layout.cells[target_cell]
    end = QPointF(cell.x + 60, cell.y + 50)
    view.centerOn((start + end) / 2)
    _drag(view, start, end)
    assert session.stack.count() == 1
    moved = doc.touchpoint(tp.id)
    assert (moved.stage, moved.lane, moved.slot) == (*target_cell, 0)
    assert_mirrors(scene, doc)
    session.stack.undo()
    back = doc.touchpoint(tp.id)
    assert (back.stage, back.lane, back.slot) == (doc.stages[0].id, doc.lanes[0].id, 0)
    assert_mirrors(scene, doc)


def test_dragging_a_selection_moves_it_together_in_one_step(
    qtbot: QtBot, example_doc: JourneyMap
) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    doc = example_doc
    a, b = doc.cell(doc.stages[0].id, doc.lanes[0].id)[:2]
    scene.select_only([a.id, b.id])
    view.set_zoom(0.5)
    target_cell = (doc.stages[1].id, doc.lanes[2].id)
    cell = scene.layout.cells[target_cell]
    start = scene.cards[a.id].scene_rect().center()
    end = QPointF(cell.x + 90, cell.y + 50)
    view.centerOn((start + end) / 2)
    _drag(view, start, end)
    assert session.stack.count() == 1
    assert {doc.touchpoint(a.id).stage, doc.touchpoint(b.id).stage} == {target_cell[0]}
    assert_mirrors(scene, doc)


def test_dropping_a_card_outside_the_grid_snaps_it_back(
    qtbot: QtBot, example_doc: JourneyMap
) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    tp = example_doc.touchpoints()[0]
    view.set_zoom(0.5)
    start = scene.cards[tp.id].scene_rect().center()
    end = QPointF(start.x(), scene.layout.title_area.y + 10)
    view.centerOn((start + end) / 2)
    _drag(view, start, end)
    assert session.stack.count() == 0
    assert_mirrors(scene, example_doc)


def test_link_drawing_from_the_handle(qtbot: QtBot, example_doc: JourneyMap) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    doc = example_doc
    source = doc.cell(doc.stages[0].id, doc.lanes[1].id)[0]
    target = doc.cell(doc.stages[2].id, doc.lanes[3].id)[0]
    assert not doc.has_link(source.id, target.id)
    scene.select_only([source.id])
    view.set_zoom(0.5)
    card = scene.cards[source.id]
    start = card.mapToScene(card.handle_center())
    end = scene.cards[target.id].scene_rect().center()
    view.centerOn((start + end) / 2)
    _drag(view, start, end)
    assert doc.has_link(source.id, target.id)
    assert session.stack.count() == 1
    assert doc.touchpoint(source.id).stage == doc.stages[0].id  # the card did not move
    assert_mirrors(scene, doc)


def test_link_drawn_onto_empty_canvas_creates_nothing(
    qtbot: QtBot, example_doc: JourneyMap
) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    source = example_doc.touchpoints()[0]
    scene.select_only([source.id])
    card = scene.cards[source.id]
    start = card.mapToScene(card.handle_center())
    view.centerOn(start)
    _drag(view, start, start + QPointF(0, -140))
    assert session.stack.count() == 0
    assert scene._link_preview is None


def test_header_drag_reorders_stages(qtbot: QtBot, example_doc: JourneyMap) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    doc = example_doc
    first = doc.stages[0].id
    view.set_zoom(0.4)
    start = scene.headers[("stage", first)].rect_.center()
    third = scene.layout.stage_headers[doc.stages[2].id]
    end = QPointF(third.x + third.w * 0.75, start.y())
    view.centerOn((start + end) / 2)
    _drag(view, start, end)
    assert [s.id for s in doc.stages].index(first) == 2
    assert session.stack.count() == 1
    assert_mirrors(scene, doc)


def test_zoom_fit_and_level_of_detail(qtbot: QtBot, example_doc: JourneyMap) -> None:
    _, scene, view = _scene(qtbot, example_doc)
    view.set_zoom(1.0)
    view.zoom_by(1.25)
    assert abs(view.zoom() - 1.25) < 1e-6
    view.fit()
    visible = view.visible_scene_rect()
    b = scene.layout.bounds
    assert visible.width() >= b.w - 1 or visible.height() >= b.h - 1
    view.set_zoom(100)
    assert view.zoom() == 4.0


def test_view_renders_without_errors(qtbot: QtBot, example_doc: JourneyMap) -> None:
    _, scene, view = _scene(qtbot, example_doc)
    view.fit()
    image = view.grab().toImage()
    assert not image.isNull()
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)
    }
    assert len(colours) > 5  # something was painted, not a blank surface
    assert isinstance(view.mapFromScene(QPointF(0, 0)), QPoint)


def test_header_rename_insert_and_remove(qtbot: QtBot, example_doc: JourneyMap) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    doc = example_doc
    first = doc.stages[0].id
    scene.rename_header("stage", first)
    assert scene.editor is not None
    view.setFocus()
    for ch in "Notice":
        qtbot.keyClick(view, ch)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert doc.stage(first).name == "Notice"
    count = len(doc.stages)
    scene.insert_header("stage", first, 1)
    assert len(doc.stages) == count + 1 and doc.stages[1].name == "New stage"
    assert scene.editor is not None  # the new stage's name is open for typing
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    lanes = len(doc.lanes)
    scene.insert_header("lane", doc.lanes[0].id, 0)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert len(doc.lanes) == lanes + 1 and doc.lanes[0].name == "New lane"
    held = len([tp for tp in doc.touchpoints() if tp.stage == first])
    messages: list[str] = []
    scene.status.connect(messages.append)
    scene.remove_header("stage", first)
    assert first not in [s.id for s in doc.stages]
    assert messages and f"{held} touchpoints" in messages[0]
    session.stack.undo()
    assert (
        doc.stages[0].id == first
        and len([tp for tp in doc.touchpoints() if tp.stage == first]) == held
    )
    assert_mirrors(scene, doc)


def test_link_label_edits_in_place(qtbot: QtBot, example_doc: JourneyMap) -> None:
    session, scene, view = _scene(qtbot, example_doc)
    link = example_doc.links()[0]
    scene.edit_link_label(link.source, link.target)
    assert scene.editor is not None
    view.setFocus()
    qtbot.keyClicks(view, "via email")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert example_doc.link(link.source, link.target).label == "via email"
    assert scene.links[(link.source, link.target)].label == "via email"
    assert session.stack.count() == 1


def test_shift_and_ctrl_click_add_to_the_selection(qtbot: QtBot, example_doc: JourneyMap) -> None:
    _, scene, view = _scene(qtbot, example_doc)
    a, b, c = example_doc.cell(example_doc.stages[0].id, example_doc.lanes[0].id)[:2] + [
        example_doc.touchpoints()[-1]
    ]
    for tp in (a, b, c):
        view.centerOn(scene.cards[tp.id])
    view.set_zoom(0.4)
    view.centerOn(scene.cards[a.id])

    def click(tp_id: str, modifier: Qt.KeyboardModifier) -> None:
        card = scene.cards[tp_id]
        view.centerOn(card)
        point = view.mapFromScene(card.scene_rect().center() + QPointF(-20, -10))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)

    click(a.id, Qt.KeyboardModifier.NoModifier)
    click(b.id, Qt.KeyboardModifier.ShiftModifier)
    click(c.id, Qt.KeyboardModifier.ControlModifier)
    assert scene.selected_cards() == [a.id, b.id, c.id]
    click(a.id, Qt.KeyboardModifier.NoModifier)
    assert scene.selected_cards() == [a.id]
