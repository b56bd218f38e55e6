"""The Insights dock: findings listed and clickable, debounced live refresh, path highlight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from journeymap.core.analysis import findings as core_analysis
from journeymap.core.analysis.findings import DEFINITIONS, analyze
from journeymap.core.commands import AddLink, Edit
from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.gui.docks.insights import runner as analysis_runner
from journeymap.gui.docks.insights.dock import DEBOUNCE_MS, InsightsDock
from journeymap.gui.docks.insights.rows import groups, signed
from journeymap.gui.mainwindow import MainWindow


def small_map() -> JourneyMap:
    """a → b → c is the worst path (−2), a → f → c the best (+2); d is a dead end, e unreachable."""
    doc = JourneyMap("Small journey")
    for sid in ("s1", "s2", "s3"):
        doc.add_stage(Stage(id=sid, name=f"Stage {sid[1]}", phase="during"))
    doc.add_stage(Stage(id="s4", name="Stage 4 (empty)", phase="after"))
    doc.add_lane(Lane(id="l1", name="Customer"))
    cards = [
        ("a", "Arrive", "s1", -1),
        ("b", "Bad form", "s2", -2),
        ("d", "Dead end", "s2", None),
        ("e", "Lonely", "s2", 0),
        ("f", "Friendly chat", "s2", 2),
        ("c", "Complete", "s3", 1),
    ]
    slots: dict[str, int] = {}
    for tp_id, title, stage, emotion in cards:
        slot = slots.get(stage, 0)
        slots[stage] = slot + 1
        doc.add_touchpoint(
            Touchpoint(id=tp_id, title=title, stage=stage, lane="l1", slot=slot, emotion=emotion)
        )
    for source, target in (("a", "b"), ("b", "c"), ("a", "d"), ("a", "f"), ("f", "c"), ("e", "c")):
        doc.add_link(Link(source=source, target=target))
    return doc


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the analyses the dock runs."""
    made: list[int] = []

    def counting(doc: JourneyMap) -> core_analysis.Analysis:
        made.append(1)
        return analyze(doc)

    monkeypatch.setattr(analysis_runner, "analyze", counting)
    return made


def open_window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, doc: JourneyMap) -> MainWindow:
    """A shown editor on ``doc`` that closes without asking about unsaved changes."""
    win = MainWindow(doc)
    monkeypatch.setattr(win, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(win)
    win.show()
    win.insights.raise_()
    return win


@pytest.fixture
def window(qtbot: QtBot, calls: list[int], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    win = open_window(qtbot, monkeypatch, small_map())
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.insights.analysis is not None, timeout=3000)
    return win


def opened(dock: InsightsDock, finding: str) -> QTreeWidgetItem:
    """A group's header, opened (a closed group makes its rows when first opened)."""
    head = dock.group_item(finding)
    assert head is not None
    head.setExpanded(True)
    return head


def texts(dock: InsightsDock, finding: str) -> list[str]:
    head = opened(dock, finding)
    return [head.child(i).text(0) for i in range(head.childCount())]


def title(dock: InsightsDock, finding: str) -> str:
    head = dock.group_item(finding)
    assert head is not None
    return head.text(0)


def row(dock: InsightsDock, finding: str, text: str) -> QTreeWidgetItem:
    head = opened(dock, finding)
    for i in range(head.childCount()):
        if head.child(i).text(0) == text:
            return head.child(i)
    raise AssertionError(f"no row {text!r} in {finding}")


def click(qtbot: QtBot, dock: InsightsDock, item: QTreeWidgetItem) -> None:
    dock.tree.scrollToItem(item)
    rect = dock.tree.visualItemRect(item)
    qtbot.mouseClick(dock.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_dock_lists_findings_with_counts_and_definitions(window: MainWindow) -> None:
    dock = window.insights
    assert dock.objectName() == "insights-dock" and dock.windowTitle() == "Insights"
    assert title(dock, "dead_ends") == "Dead ends (1)"
    assert texts(dock, "dead_ends") == ["Dead end"]
    assert texts(dock, "unreachable") == ["Lonely"]
    assert texts(dock, "empty_stages") == ["Stage 4 (empty)"]
    loops = dock.group_item("loops")
    assert loops is not None and not loops.isExpanded() and loops.childCount() == 0  # made later
    assert texts(dock, "loops") == ["None: the journey never goes round in circles."]
    worst = dock.group_item("worst_path")
    assert worst is not None and worst.toolTip(0) == DEFINITIONS["worst_path"]
    whole = worst.child(0)
    assert whole.text(0) == "Arrive → Bad form → Complete" and whole.text(1) == "−0.7"
    assert dock.group_item("best_path").child(0).text(1) == "+0.7"  # type: ignore[union-attr]
    stage_2 = row(dock, "emotion_by_stage", "Stage 2")
    assert stage_2.text(1) == "0.0"  # (−2 + 0 + 2) / 3, one decimal
    assert "3 of 4 cards rated" in stage_2.toolTip(0)


def test_clicking_a_row_selects_and_reveals_its_cards(qtbot: QtBot, window: MainWindow) -> None:
    dock, scene, view = window.insights, window.scene, window.view
    view.centerOn(-3000, -3000)  # look away first
    click(qtbot, dock, row(dock, "dead_ends", "Dead end"))
    assert scene.selected_cards() == ["d"]
    assert view.visible_scene_rect().contains(scene.cards["d"].scene_rect())
    worst = dock.group_item("worst_path")
    assert worst is not None
    dock.tree.setCurrentItem(worst.child(0))
    dock.tree.setFocus()
    qtbot.keyClick(dock.tree, Qt.Key.Key_Return)
    assert sorted(scene.selected_cards()) == ["a", "b", "c"]
    view.centerOn(-3000, -3000)
    click(qtbot, dock, row(dock, "empty_stages", "Stage 4 (empty)"))
    assert scene.selected_cards() == []
    column = scene.layout.stage_columns["s4"]
    assert view.visible_scene_rect().contains(column.x + 1, column.y + 1)


def test_an_edit_shows_after_the_debounce(
    qtbot: QtBot, window: MainWindow, calls: list[int]
) -> None:
    dock = window.insights
    before = len(calls)
    window.session.execute(AddLink(Link(source="d", target="c")))
    window.session.execute(Edit("touchpoint", "e", {"title": "Renamed"}))
    assert title(dock, "dead_ends") == "Dead ends (1)"  # not yet: the timer is running
    qtbot.waitUntil(lambda: title(dock, "dead_ends") == "Dead ends (0)", timeout=3000)
    assert texts(dock, "unreachable") == ["Renamed"]
    assert len(calls) == before + 1  # two edits, one analysis


def test_no_analysis_while_a_mouse_button_is_down_on_the_canvas(
    qtbot: QtBot, window: MainWindow, calls: list[int]
) -> None:
    dock, view = window.insights, window.view
    before = len(calls)
    centre = view.mapFromScene(window.scene.cards["d"].scene_rect().center())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert dock.busy()
    window.session.execute(AddLink(Link(source="d", target="c")))
    qtbot.wait(DEBOUNCE_MS * 2 + 200)
    assert len(calls) == before and title(dock, "dead_ends") == "Dead ends (1)"
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: title(dock, "dead_ends") == "Dead ends (0)", timeout=3000)
    assert len(calls) == before + 1


def test_selection_and_open_groups_survive_a_refresh(qtbot: QtBot, window: MainWindow) -> None:
    dock = window.insights
    loops = dock.group_item("emotion_by_owner")
    assert loops is not None and not loops.isExpanded()
    loops.setExpanded(True)
    dead = dock.group_item("dead_ends")
    assert dead is not None and dead.isExpanded()
    dead.setExpanded(False)
    click(qtbot, dock, row(dock, "unreachable", "Lonely"))
    window.session.execute(Edit("touchpoint", "c", {"title": "Done"}))
    qtbot.waitUntil(lambda: "Done" in dock.group_item("worst_path").child(0).text(0), timeout=3000)  # type: ignore[union-attr]
    assert dock.group_item("emotion_by_owner").isExpanded()  # type: ignore[union-attr]
    assert not dock.group_item("dead_ends").isExpanded()  # type: ignore[union-attr]
    current = dock.tree.currentItem()
    assert current is not None and current.text(0) == "Lonely"


def test_worst_and_best_path_highlight(qtbot: QtBot, window: MainWindow) -> None:
    dock, scene = window.insights, window.scene
    assert dock.highlight is None
    dock.act_worst.setChecked(True)
    overlay = dock.highlight
    assert overlay is not None and overlay.scene() is scene
    assert overlay.highlighted("worst") == ("a", "b", "c")
    for tp_id in ("a", "b", "c"):
        assert overlay.boundingRect().contains(scene.cards[tp_id].scene_rect())
    assert overlay.zValue() > scene.links[("a", "b")].zValue()
    assert overlay.zValue() < scene.cards["a"].zValue()
    dock.act_best.setChecked(True)
    assert overlay.highlighted("best") == ("a", "f", "c")
    assert overlay.highlighted("worst") == ("a", "b", "c")
    dock.act_worst.setChecked(False)
    dock.act_best.setChecked(False)
    assert overlay.highlighted("worst") == () and overlay.boundingRect().isEmpty()
    assert window.session.stack.count() == 0 and not window.session.modified


def test_highlight_follows_a_relayout(qtbot: QtBot, window: MainWindow) -> None:
    dock, scene = window.insights, window.scene
    dock.act_worst.setChecked(True)
    overlay = dock.highlight
    assert overlay is not None
    old = overlay.boundingRect()
    window.session.execute(Edit("stage", "s1", {"name": "A much longer first stage"}))
    window.session.execute(Edit("touchpoint", "b", {"emotion": -1}))  # layout runs again
    assert overlay.boundingRect().contains(scene.cards["c"].scene_rect())
    assert old.isValid()


def test_no_path_shows_a_status_message(
    qtbot: QtBot, calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = JourneyMap("Empty journey")
    doc.add_stage(Stage(id="s1", name="Only stage", phase="before"))
    doc.add_lane(Lane(id="l1", name="Customer"))
    win = open_window(qtbot, monkeypatch, doc)
    qtbot.waitUntil(lambda: win.insights.analysis is not None, timeout=3000)
    tree = win.insights.tree
    assert tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(0).startswith("Add touchpoints")  # type: ignore[union-attr]
    win.insights.act_worst.setChecked(True)
    assert "No worst path" in win.statusBar().currentMessage()


def test_switching_maps_retargets_the_dock(
    qtbot: QtBot, window: MainWindow, calls: list[int]
) -> None:
    old_session = window.session
    other = small_map()
    other.add_touchpoint(
        Touchpoint(id="z", title="Zero links", stage="s2", lane="l1", slot=4, emotion=None)
    )
    window.insights.act_worst.setChecked(True)
    window.set_session(other, None)
    dock = window.insights
    assert dock.session is window.session
    qtbot.waitUntil(lambda: title(dock, "dead_ends") == "Dead ends (2)", timeout=3000)
    assert dock.highlight is not None and dock.highlight.scene() is window.scene
    count = len(calls)
    old_session.doc.remove_link("e", "c")  # the old map no longer concerns the dock
    qtbot.wait(DEBOUNCE_MS + 200)
    assert len(calls) == count


def test_hidden_dock_does_not_analyse(qtbot: QtBot, window: MainWindow, calls: list[int]) -> None:
    dock = window.insights
    window.inspector.raise_()  # the Insights tab goes behind
    qtbot.waitUntil(lambda: not dock.on_screen, timeout=2000)
    before = len(calls)
    window.session.execute(AddLink(Link(source="d", target="c")))
    qtbot.wait(DEBOUNCE_MS + 300)
    assert len(calls) == before
    dock.raise_()
    qtbot.waitUntil(lambda: title(dock, "dead_ends") == "Dead ends (0)", timeout=3000)
    assert len(calls) == before + 1


def test_long_groups_are_capped_and_numbers_read_well() -> None:
    doc = small_map()
    for i in range(5):
        doc.add_touchpoint(
            Touchpoint(id=f"x{i}", title=f"Extra {i}", stage="s2", lane="l1", slot=5 + i)
        )
    capped = {g.finding: g for g in groups(analyze(doc), doc, limit=2)}
    dead = capped["dead_ends"]
    assert dead.count == 6 and len(dead.rows) == 2 and dead.more == 4
    assert dead.title == "Dead ends (6)"
    assert [signed(v) for v in (-2, 0, 3)] == ["−2", "0", "+3"]
    assert signed(-0.04, 1) == "0.0" and signed(-1.5, 1) == "−1.5" and signed(1.25, 1)[0] == "+"


def test_groups_come_in_the_order_of_attention(window: MainWindow) -> None:
    tree = window.insights.tree
    heads = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert len(heads) == len(core_analysis.FINDINGS)
    assert heads[0].startswith("Worst path") and heads[1].startswith("Best path")
    assert heads[-1].startswith("Empty lanes")


def measured_map() -> JourneyMap:
    """small_map() with the traffic an event log import writes: 100 cases start at Arrive,
    70 go to Bad form (half of them stop there), 20 to Friendly chat, 10 to the dead end."""
    doc = small_map()
    cases = {"a": 100, "b": 70, "f": 20, "d": 10, "c": 55}
    drop = {"a": 0.0, "b": 0.5, "f": 0.0, "d": 1.0, "c": 0.0}
    for tp_id, n in cases.items():
        doc.touchpoint(tp_id).metrics.update({"cases": n, "drop_off": drop[tp_id]})
    for (source, target), n in {("a", "b"): 70, ("a", "f"): 20, ("a", "d"): 10,
                                ("b", "c"): 35, ("f", "c"): 20}.items():
        doc.link(source, target).metrics.update({"cases": n, "share": n / cases[source]})
    return doc


def test_measured_map_lists_traffic_findings_first(
    qtbot: QtBot, calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.core.analysis.traffic import DEFINITIONS as TRAFFIC

    win = open_window(qtbot, monkeypatch, measured_map())
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.insights.analysis is not None, timeout=3000)
    dock, scene = win.insights, win.scene
    heads = [dock.tree.topLevelItem(i).text(0) for i in range(3)]
    assert heads == ["Most-travelled path (3)", "Where customers are lost (2)",
                     heads[2]] and heads[2].startswith("Moments of truth on assumed evidence")
    travelled = dock.group_item("most_travelled_path")
    assert travelled is not None and travelled.toolTip(0) == TRAFFIC["most_travelled_path"]
    assert travelled.child(0).text(0) == "Arrive → Bad form → Complete"
    lost = texts(dock, "where_customers_are_lost")
    assert lost == ["Bad form", "Dead end"]
    bad = row(dock, "where_customers_are_lost", "Bad form")
    assert bad.text(1) == "35 lost" and "35 of 70 cases (50%)" in bad.toolTip(0)
    click(qtbot, dock, bad)
    assert scene.selected_cards() == ["b"]


def test_unmeasured_map_has_no_traffic_groups(window: MainWindow) -> None:
    for finding in ("most_travelled_path", "where_customers_are_lost", "assumed_moments"):
        assert window.insights.group_item(finding) is None


def test_loops_are_listed_whole_a_tangle_with_its_closing_links(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = small_map()
    doc.add_link(Link(source="c", target="a", kind="return"))  # a → b → c → a and a → f → c → a
    for slot, (tp_id, name) in enumerate((("g", "Goes home"), ("h", "Has second thoughts"))):
        doc.add_touchpoint(Touchpoint(id=tp_id, title=name, stage="s4", lane="l1", slot=slot))
    doc.add_link(Link(source="g", target="h"))
    doc.add_link(Link(source="h", target="g"))  # g ↔ h, a circle of its own
    win = open_window(qtbot, monkeypatch, doc)
    qtbot.waitUntil(lambda: win.insights.analysis is not None, timeout=3000)
    dock = win.insights
    assert title(dock, "loops") == "Loops (2)"
    tangle, circle = texts(dock, "loops")
    assert tangle == "4 cards tied together: Arrive, Bad form, Friendly chat …"
    assert circle == "Goes home → Has second thoughts → Goes home"
    assert dock.group_item("loops").toolTip(0) == DEFINITIONS["loops"]  # type: ignore[union-attr]
    head = row(dock, "loops", tangle)
    head.setExpanded(True)
    assert [head.child(i).text(0) for i in range(head.childCount())] == ["Complete → Arrive"]
    click(qtbot, dock, head.child(0))
    assert sorted(win.scene.selected_cards()) == ["a", "c"]
    click(qtbot, dock, head)
    assert sorted(win.scene.selected_cards()) == ["a", "b", "c", "f"]
    assert "truncat" not in " ".join(texts(dock, "loops")).lower()
