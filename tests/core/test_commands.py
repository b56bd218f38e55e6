"""Undoable commands: do → expected state, undo → the exact bytes before, redo → the bytes after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from journeymap.core import fileformat
from journeymap.core.commands import (
    AddImprovement,
    AddLane,
    AddLink,
    AddStage,
    AddTouchpoint,
    Command,
    Edit,
    Macro,
    MoveImprovement,
    MoveLane,
    MoveStage,
    MoveTouchpoint,
    RemoveImprovement,
    RemoveLane,
    RemoveLink,
    RemoveStage,
    RemoveTouchpoints,
)
from journeymap.core.entities import (
    BUILTIN_CHANNELS,
    Channel,
    Improvement,
    Lane,
    Link,
    Persona,
    Stage,
    Touchpoint,
)
from journeymap.core.errors import (
    DuplicateId,
    DuplicateLink,
    InvalidValue,
    ModelError,
    SelfLink,
    StillReferenced,
    UnknownReference,
)
from journeymap.core.events import Event, Removed
from journeymap.core.model import JourneyMap
from journeymap.resources import example

EXAMPLES = ("ecommerce-first-order", "saas-trial-to-renewal", "service-business")


def tp(tp_id: str, stage: str = "s1", lane: str = "l1", slot: int = 0, **fields: Any) -> Touchpoint:
    fields.setdefault("title", f"Card {tp_id}")
    return Touchpoint(id=tp_id, stage=stage, lane=lane, slot=slot, **fields)


def make_doc() -> JourneyMap:
    """Stages s1 s2 s3, lanes l1 l2. (s1,l1): a b f; (s2,l1): c; (s2,l2): d; (s3,l2): e.

    Links a→c, c→d, b→a; i1 names c and a, i2 names e, i3 names nothing.
    """
    doc = JourneyMap("Commands")
    for sid, phase in (("s1", "before"), ("s2", "during"), ("s3", "after")):
        doc.add_stage(Stage(id=sid, name=sid.upper(), phase=phase))  # type: ignore[arg-type]
    doc.add_lane(Lane(id="l1", name="Customer"))
    doc.add_lane(Lane(id="l2", name="Staff"))
    doc.add_touchpoint(tp("a", emotion=1))
    doc.add_touchpoint(tp("b", slot=1))
    doc.add_touchpoint(tp("c", stage="s2"))
    doc.add_touchpoint(tp("d", stage="s2", lane="l2"))
    doc.add_touchpoint(tp("e", stage="s3", lane="l2"))
    doc.add_touchpoint(tp("f", slot=2, channel="email"))
    doc.add_link(Link(source="a", target="c"))
    doc.add_link(Link(source="c", target="d", label="then"))
    doc.add_link(Link(source="b", target="a", kind="return"))
    doc.add_improvement(Improvement(id="i1", title="Fix c", touchpoints=["c", "a"]))
    doc.add_improvement(Improvement(id="i2", title="Fix e", touchpoints=["e"]))
    doc.add_improvement(Improvement(id="i3", title="General"))
    return doc


@pytest.fixture
def doc() -> JourneyMap:
    return make_doc()


def dumps(doc: JourneyMap) -> bytes:
    return fileformat.dumps(doc)


def ids(doc: JourneyMap, stage: str, lane: str) -> list[str]:
    return [t.id for t in doc.cell(stage, lane)]


def slots(doc: JourneyMap, stage: str, lane: str) -> list[int]:
    return [t.slot for t in doc.cell(stage, lane)]


def run(doc: JourneyMap, command: Command, check: Callable[[JourneyMap], None]) -> None:
    """do → ``check``; undo → bytes before; redo → bytes after, twice over."""
    before = dumps(doc)
    command.do(doc)
    after = dumps(doc)
    assert after != before, "the command changed nothing"
    check(doc)
    assert dumps(fileformat.loads(after)) == after
    for _ in range(2):
        command.undo(doc)
        assert dumps(doc) == before
        command.do(doc)
        assert dumps(doc) == after


def refused(doc: JourneyMap, command: Command, error: type[ModelError]) -> None:
    before = dumps(doc)
    with pytest.raises(error):
        command.do(doc)
    assert dumps(doc) == before


# ---------------------------------------------------------------------- AddTouchpoint
def test_add_touchpoint_at_index_makes_room(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s1", "l1") == ["a", "x", "b", "f"]
        assert slots(d, "s1", "l1") == [0, 1, 2, 3]
        assert d.touchpoints()[-1].id == "x"

    run(doc, AddTouchpoint(tp("x", slot=99), index=1), check)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (None, ["a", "b", "f", "x"]),
        (0, ["x", "a", "b", "f"]),
        (3, ["a", "b", "f", "x"]),
        (99, ["a", "b", "f", "x"]),
        (-4, ["x", "a", "b", "f"]),
    ],
)
def test_add_touchpoint_index_is_clamped(
    doc: JourneyMap, index: int | None, expected: list[str]
) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s1", "l1") == expected
        assert slots(d, "s1", "l1") == [0, 1, 2, 3]

    run(doc, AddTouchpoint(tp("x"), index=index), check)


def test_add_touchpoint_into_an_empty_cell(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s3", "l1") == ["x"]
        assert d.touchpoint("x").slot == 0

    run(doc, AddTouchpoint(tp("x", stage="s3", slot=7), index=4), check)


def test_add_touchpoint_closes_gaps_and_undo_restores_them(doc: JourneyMap) -> None:
    doc.place_touchpoints({"a": ("s1", "l1", 3), "b": ("s1", "l1", 7), "f": ("s1", "l1", 12)})

    def check(d: JourneyMap) -> None:
        assert ids(d, "s1", "l1") == ["a", "x", "b", "f"]
        assert slots(d, "s1", "l1") == [0, 1, 2, 3]

    run(doc, AddTouchpoint(tp("x"), index=1), check)


def test_add_touchpoint_does_not_keep_the_callers_record(doc: JourneyMap) -> None:
    card = tp("x", stage="s3")
    command = AddTouchpoint(card)
    card.title = "changed later"
    command.do(doc)
    assert doc.touchpoint("x").title == "Card x"
    doc.update_touchpoint("x", title="edited in the document")
    command.undo(doc)
    command.do(doc)
    assert doc.touchpoint("x").title == "Card x"


@pytest.mark.parametrize(
    ("card", "error"),
    [
        (tp("x", stage="zz"), UnknownReference),
        (tp("x", lane="zz"), UnknownReference),
        (tp("x", channel="fax"), UnknownReference),
        (tp("a"), DuplicateId),
        (tp("c"), DuplicateId),
        (tp("x", emotion=3), InvalidValue),
        (tp("x", colour="red"), InvalidValue),
    ],
)
def test_failing_add_touchpoint_leaves_the_document_unchanged(
    doc: JourneyMap, card: Touchpoint, error: type[ModelError]
) -> None:
    refused(doc, AddTouchpoint(card, index=0), error)


def test_duplicate_add_touchpoint_emits_nothing(doc: JourneyMap) -> None:
    received: list[Event] = []
    doc.subscribe(received.append)
    with pytest.raises(DuplicateId):
        AddTouchpoint(tp("b"), index=0).do(doc)
    assert received == []


# ---------------------------------------------------------------------- RemoveTouchpoints
def test_remove_touchpoint_takes_its_links_and_mentions(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert not d.has_touchpoint("a")
        assert [(lk.source, lk.target) for lk in d.links()] == [("c", "d")]
        assert d.improvement("i1").touchpoints == ["c"]
        assert ids(d, "s1", "l1") == ["b", "f"]
        assert slots(d, "s1", "l1") == [0, 1]

    run(doc, RemoveTouchpoints(["a"]), check)


def test_remove_several_touchpoints_across_cells(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [t.id for t in d.touchpoints()] == ["b", "d", "e", "f"]
        assert [(lk.source, lk.target) for lk in d.links()] == []
        assert d.improvement("i1").touchpoints == []
        assert d.improvement("i2").touchpoints == ["e"]
        assert ids(d, "s1", "l1") == ["b", "f"]
        assert slots(d, "s1", "l1") == [0, 1]
        assert d.cell("s2", "l1") == []

    run(doc, RemoveTouchpoints(["c", "a", "c"]), check)


def test_remove_touchpoint_in_the_middle_closes_the_cell(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s1", "l1") == ["a", "f"]
        assert d.touchpoint("f").slot == 1

    run(doc, RemoveTouchpoints(["b"]), check)


def test_remove_touchpoints_emits_links_before_the_card(doc: JourneyMap) -> None:
    received: list[Event] = []
    doc.subscribe(received.append)
    RemoveTouchpoints(["c"]).do(doc)
    removed = [(e.kind, e.key) for e in received if isinstance(e, Removed)]
    assert removed == [("link", ("a", "c")), ("link", ("c", "d")), ("touchpoint", "c")]


def test_remove_unknown_touchpoint_changes_nothing(doc: JourneyMap) -> None:
    refused(doc, RemoveTouchpoints(["a", "zz"]), UnknownReference)


# ---------------------------------------------------------------------- MoveTouchpoint
@pytest.mark.parametrize(
    ("card", "index", "expected"),
    [
        ("a", 2, ["b", "f", "a"]),
        ("a", 1, ["b", "a", "f"]),
        ("f", 0, ["f", "a", "b"]),
        ("b", None, ["a", "f", "b"]),
        ("a", 99, ["b", "f", "a"]),
        ("f", -5, ["f", "a", "b"]),
    ],
)
def test_move_touchpoint_within_a_cell(
    doc: JourneyMap, card: str, index: int | None, expected: list[str]
) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s1", "l1") == expected
        assert slots(d, "s1", "l1") == [0, 1, 2]

    run(doc, MoveTouchpoint(card, "s1", "l1", index), check)


@pytest.mark.parametrize(
    ("index", "expected"),
    [(0, ["b", "c"]), (1, ["c", "b"]), (None, ["c", "b"]), (9, ["c", "b"]), (-1, ["b", "c"])],
)
def test_move_touchpoint_across_cells(
    doc: JourneyMap, index: int | None, expected: list[str]
) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s1", "l1") == ["a", "f"]
        assert slots(d, "s1", "l1") == [0, 1]
        assert ids(d, "s2", "l1") == expected
        assert slots(d, "s2", "l1") == [0, 1]
        card = d.touchpoint("b")
        assert (card.stage, card.lane) == ("s2", "l1")
        assert d.has_link("b", "a")  # links travel with the card

    run(doc, MoveTouchpoint("b", "s2", "l1", index), check)


def test_move_touchpoint_to_an_empty_cell(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert ids(d, "s3", "l1") == ["a"]
        assert d.touchpoint("a").slot == 0
        assert ids(d, "s1", "l1") == ["b", "f"]

    run(doc, MoveTouchpoint("a", "s3", "l1", 3), check)


def test_move_touchpoint_to_where_it_is_changes_nothing(doc: JourneyMap) -> None:
    before = dumps(doc)
    command = MoveTouchpoint("b", "s1", "l1", 1)
    command.do(doc)
    assert dumps(doc) == before
    command.undo(doc)
    assert dumps(doc) == before


@pytest.mark.parametrize(
    "command",
    [
        MoveTouchpoint("zz", "s1", "l1", 0),
        MoveTouchpoint("a", "zz", "l1", 0),
        MoveTouchpoint("a", "s1", "zz", 0),
    ],
)
def test_failing_move_leaves_the_document_unchanged(doc: JourneyMap, command: Command) -> None:
    refused(doc, command, UnknownReference)


# ---------------------------------------------------------------------- Edit
EDITS: list[tuple[str, Any, dict[str, Any], Callable[[JourneyMap], Any]]] = [
    (
        "touchpoint",
        "a",
        {"title": "New", "emotion": -2, "pain_points": ["slow"]},
        lambda d: (
            d.touchpoint("a").title,
            d.touchpoint("a").emotion,
            d.touchpoint("a").pain_points,
        ),
    ),
    (
        "touchpoint",
        "f",
        {"channel": None, "metrics": {"csat": 4.5}, "votes": 3},
        lambda d: (d.touchpoint("f").channel, d.touchpoint("f").metrics, d.touchpoint("f").votes),
    ),
    (
        "link",
        ("c", "d"),
        {"label": "next", "kind": "alternative"},
        lambda d: (d.link("c", "d").label, d.link("c", "d").kind),
    ),
    ("link", ["a", "c"], {"label": "list key"}, lambda d: d.link("a", "c").label),
    (
        "stage",
        "s2",
        {"name": "Pay", "phase": None, "description": "Paying"},
        lambda d: (d.stage("s2").name, d.stage("s2").phase, d.stage("s2").description),
    ),
    ("lane", "l2", {"name": "Backstage"}, lambda d: d.lane("l2").name),
    (
        "improvement",
        "i2",
        {"status": "done", "due": "2027-01-31", "touchpoints": ["e", "a"]},
        lambda d: (
            d.improvement("i2").status,
            str(d.improvement("i2").due),
            d.improvement("i2").touchpoints,
        ),
    ),
    (
        "map",
        None,
        {"title": "Renamed", "persona": Persona(name="Ada", pains=["queues"])},
        lambda d: (d.title, d.persona),
    ),
    (
        "map",
        None,
        {"channels": [*BUILTIN_CHANNELS, Channel(id="kiosk", name="K", kind="physical")]},
        lambda d: [c.id for c in d.palette][-1],
    ),
]
EXPECTED = [
    ("New", -2, ["slow"]),
    (None, {"csat": 4.5}, 3),
    ("next", "alternative"),
    "list key",
    ("Pay", None, "Paying"),
    "Backstage",
    ("done", "2027-01-31", ["e", "a"]),
    ("Renamed", Persona(name="Ada", pains=["queues"])),
    "kiosk",
]


@pytest.mark.parametrize(
    ("kind", "key", "fields", "read", "expected"),
    [(*edit, exp) for edit, exp in zip(EDITS, EXPECTED, strict=True)],
    ids=[f"{e[0]}-{'-'.join(e[2])}" for e in EDITS],
)
def test_edit_every_entity_kind(
    doc: JourneyMap,
    kind: Any,
    key: Any,
    fields: dict[str, Any],
    read: Callable[[JourneyMap], Any],
    expected: Any,
) -> None:
    def check(d: JourneyMap) -> None:
        assert read(d) == expected

    run(doc, Edit(kind, key, fields), check)


def test_edit_does_not_keep_the_callers_list(doc: JourneyMap) -> None:
    pains = ["slow"]
    command = Edit("touchpoint", "a", {"pain_points": pains})
    pains.append("added after the edit was made")
    command.do(doc)
    command.undo(doc)
    command.do(doc)
    assert doc.touchpoint("a").pain_points == ["slow"]


def test_consecutive_edits_of_the_same_field_merge(doc: JourneyMap) -> None:
    before = dumps(doc)
    first = Edit("touchpoint", "a", {"title": "N"})
    first.do(doc)
    second = Edit("touchpoint", "a", {"title": "Ne"})
    second.do(doc)
    assert first.merge_key() == second.merge_key()
    assert first.merge(second)
    after = dumps(doc)
    assert doc.touchpoint("a").title == "Ne"
    first.undo(doc)
    assert dumps(doc) == before
    first.do(doc)
    assert dumps(doc) == after


@pytest.mark.parametrize(
    "other",
    [
        Edit("touchpoint", "a", {"description": "other field"}),
        Edit("touchpoint", "a", {"title": "x", "description": "more fields"}),
        Edit("touchpoint", "b", {"title": "other card"}),
        Edit("stage", "a", {"name": "other kind"}),
        MoveTouchpoint("a", "s1", "l1", 2),
    ],
)
def test_edits_of_other_fields_or_entities_do_not_merge(doc: JourneyMap, other: Command) -> None:
    first = Edit("touchpoint", "a", {"title": "N"})
    first.do(doc)
    assert first.merge_key() != other.merge_key()
    assert not first.merge(other)
    assert first.fields == {"title": "N"}


def test_merging_back_to_the_start_is_a_noop(doc: JourneyMap) -> None:
    first = Edit("touchpoint", "a", {"title": "Card a!"})
    first.do(doc)
    assert not first.is_noop()
    back = Edit("touchpoint", "a", {"title": "Card a"})
    back.do(doc)
    assert first.merge(back)
    assert first.is_noop()


def test_edit_link_key_is_a_tuple_and_merges_with_a_list_key(doc: JourneyMap) -> None:
    first = Edit("link", ["c", "d"], {"label": "x"})
    assert first.key == ("c", "d")
    assert first.merge_key() == Edit("link", ("c", "d"), {"label": "y"}).merge_key()


def test_edit_without_a_real_change_is_a_noop(doc: JourneyMap) -> None:
    before = dumps(doc)
    command = Edit("stage", "s1", {"name": "S1"})
    command.do(doc)
    assert command.is_noop()
    command.undo(doc)
    assert dumps(doc) == before


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (Edit("touchpoint", "a", {"emotion": 3}), InvalidValue),
        (Edit("touchpoint", "a", {"title": "ok", "colour": "red"}), InvalidValue),
        (Edit("touchpoint", "a", {"mood": "happy"}), InvalidValue),
        (Edit("touchpoint", "a", {"stage": "s2"}), InvalidValue),
        (Edit("link", ("a", "c"), {"source": "b"}), InvalidValue),
        (Edit("map", None, {"graph": None}), InvalidValue),
        (Edit("improvement", "i1", {"touchpoints": ["zz"]}), UnknownReference),
        (Edit("touchpoint", "zz", {"title": "x"}), UnknownReference),
        (Edit("link", ("a", "b"), {"label": "x"}), UnknownReference),
        (Edit("map", None, {"channels": [BUILTIN_CHANNELS[0]]}), StillReferenced),
    ],
)
def test_failing_edit_leaves_the_document_unchanged(
    doc: JourneyMap, command: Command, error: type[ModelError]
) -> None:
    refused(doc, command, error)


# ---------------------------------------------------------------------- links
def test_add_link(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert d.link("d", "e").kind == "return"
        assert d.links()[-1].target == "e"

    run(doc, AddLink(Link(source="d", target="e", kind="return")), check)


def test_remove_link_keeps_file_order_on_undo(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [(lk.source, lk.target) for lk in d.links()] == [("a", "c"), ("b", "a")]

    run(doc, RemoveLink("c", "d"), check)


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (AddLink(Link(source="a", target="c")), DuplicateLink),
        (AddLink(Link(source="a", target="a")), SelfLink),
        (AddLink(Link(source="a", target="zz")), UnknownReference),
        (RemoveLink("d", "c"), UnknownReference),
    ],
)
def test_failing_link_commands(doc: JourneyMap, command: Command, error: type[ModelError]) -> None:
    refused(doc, command, error)


# ---------------------------------------------------------------------- stages and lanes
def test_add_stage_at_index(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [s.id for s in d.stages] == ["s1", "new", "s2", "s3"]

    run(doc, AddStage(Stage(id="new", name="New"), 1), check)


def test_add_lane_at_end(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [lane.id for lane in d.lanes] == ["l1", "l2", "new"]

    run(doc, AddLane(Lane(id="new", name="New")), check)


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (AddStage(Stage(id="s1", name="again")), DuplicateId),
        (AddStage(Stage(id="x", name="x"), 9), InvalidValue),
        (AddLane(Lane(id="l2", name="again"), 0), DuplicateId),
        (RemoveStage("zz"), UnknownReference),
        (RemoveLane("zz"), UnknownReference),
        (MoveStage("s1", 3), InvalidValue),
        (MoveStage("zz", 0), UnknownReference),
        (MoveLane("l1", -1), InvalidValue),
    ],
)
def test_failing_axis_commands(doc: JourneyMap, command: Command, error: type[ModelError]) -> None:
    refused(doc, command, error)


def test_remove_stage_cascades_and_one_undo_restores_everything(doc: JourneyMap) -> None:
    doc.place_touchpoints({"b": ("s1", "l1", 5), "f": ("s1", "l1", 9)})  # gaps survive undo

    def check(d: JourneyMap) -> None:
        assert [s.id for s in d.stages] == ["s2", "s3"]
        assert [t.id for t in d.touchpoints()] == ["c", "d", "e"]
        assert [(lk.source, lk.target) for lk in d.links()] == [("c", "d")]
        assert d.improvement("i1").touchpoints == ["c"]

    command = RemoveStage("s1")
    run(doc, command, check)
    command.undo(doc)
    assert [(t.id, t.slot) for t in doc.cell("s1", "l1")] == [("a", 0), ("b", 5), ("f", 9)]


def test_remove_lane_cascades(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [lane.id for lane in d.lanes] == ["l1"]
        assert [t.id for t in d.touchpoints()] == ["a", "b", "c", "f"]
        assert [(lk.source, lk.target) for lk in d.links()] == [("a", "c"), ("b", "a")]
        assert d.improvement("i2").touchpoints == []

    run(doc, RemoveLane("l2"), check)


def test_remove_empty_stage(doc: JourneyMap) -> None:
    doc.add_stage(Stage(id="empty", name="Empty"), 1)

    def check(d: JourneyMap) -> None:
        assert [s.id for s in d.stages] == ["s1", "s2", "s3"]

    run(doc, RemoveStage("empty"), check)


def test_the_last_stage_or_lane_cannot_be_removed() -> None:
    doc = JourneyMap("One cell")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    doc.add_touchpoint(tp("x", stage="s", lane="l"))
    refused(doc, RemoveStage("s"), StillReferenced)
    refused(doc, RemoveLane("l"), StillReferenced)


@pytest.mark.parametrize("name", EXAMPLES)
def test_remove_each_stage_of_an_example_and_undo(name: str) -> None:
    doc = fileformat.load(example(name))
    original = dumps(doc)
    for stage in doc.stages:
        command = RemoveStage(stage.id)
        command.do(doc)
        assert all(t.stage != stage.id for t in doc.touchpoints())
        assert dumps(fileformat.loads(dumps(doc))) == dumps(doc)
        command.undo(doc)
        assert dumps(doc) == original
    for lane in doc.lanes:
        remove_lane = RemoveLane(lane.id)
        remove_lane.do(doc)
        assert all(t.lane != lane.id for t in doc.touchpoints())
        remove_lane.undo(doc)
        assert dumps(doc) == original


def test_move_stage_and_lane(doc: JourneyMap) -> None:
    def check_stage(d: JourneyMap) -> None:
        assert [s.id for s in d.stages] == ["s2", "s3", "s1"]

    run(doc, MoveStage("s1", 2), check_stage)

    def check_lane(d: JourneyMap) -> None:
        assert [lane.id for lane in d.lanes] == ["l2", "l1"]

    run(doc, MoveLane("l2", 0), check_lane)


# ---------------------------------------------------------------------- improvements
def test_add_improvement_at_index(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [i.id for i in d.improvements] == ["i1", "new", "i2", "i3"]
        assert d.improvement("new").touchpoints == ["b"]

    run(doc, AddImprovement(Improvement(id="new", title="New", touchpoints=["b"]), 1), check)


def test_remove_improvement_comes_back_in_place(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [i.id for i in d.improvements] == ["i1", "i3"]

    run(doc, RemoveImprovement("i2"), check)


def test_move_improvement(doc: JourneyMap) -> None:
    def check(d: JourneyMap) -> None:
        assert [i.id for i in d.improvements] == ["i3", "i1", "i2"]

    run(doc, MoveImprovement("i3", 0), check)


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (AddImprovement(Improvement(id="i1", title="again")), DuplicateId),
        (AddImprovement(Improvement(id="x", title="x", touchpoints=["zz"])), UnknownReference),
        (AddImprovement(Improvement(id="x", title="x", impact=6)), InvalidValue),
        (RemoveImprovement("zz"), UnknownReference),
        (MoveImprovement("i1", 5), InvalidValue),
    ],
)
def test_failing_improvement_commands(
    doc: JourneyMap, command: Command, error: type[ModelError]
) -> None:
    refused(doc, command, error)


# ---------------------------------------------------------------------- Macro
def test_macro_does_all_and_undoes_in_reverse(doc: JourneyMap) -> None:
    macro = Macro(
        "New stage with a card",
        [
            AddStage(Stage(id="new", name="New"), 0),
            AddTouchpoint(tp("x", stage="new")),
            AddLink(Link(source="x", target="a")),
            Edit("improvement", "i3", {"touchpoints": ["x"]}),
        ],
    )

    def check(d: JourneyMap) -> None:
        assert d.stages[0].id == "new"
        assert ids(d, "new", "l1") == ["x"]
        assert d.has_link("x", "a")
        assert d.improvement("i3").touchpoints == ["x"]

    run(doc, macro, check)  # undo in order would fail: the stage still holds x
    assert macro.text == "New stage with a card"


def test_macro_rolls_back_the_parts_already_done(doc: JourneyMap) -> None:
    macro = Macro(
        "Broken",
        [
            AddStage(Stage(id="new", name="New"), 0),
            AddTouchpoint(tp("x", stage="new")),
            MoveTouchpoint("a", "new", "l1", 0),
            AddLink(Link(source="x", target="zz")),
        ],
    )
    refused(doc, macro, UnknownReference)
    assert not doc.has_touchpoint("x")
    assert [s.id for s in doc.stages] == ["s1", "s2", "s3"]


def test_empty_macro_changes_nothing(doc: JourneyMap) -> None:
    before = dumps(doc)
    macro = Macro("Nothing", [])
    macro.do(doc)
    macro.undo(doc)
    assert dumps(doc) == before


def test_commands_have_a_text() -> None:
    long_title = "A very long card title that goes on and on and on and on"
    assert "…" in AddTouchpoint(tp("x", title=long_title)).text
    assert RemoveTouchpoints(["a", "b"]).text == "Remove 2 touchpoints"
    assert RemoveTouchpoints(["a"]).text == "Remove touchpoint"
    assert Edit("touchpoint", "a", {"title": "x"}).text
    assert AddStage(Stage(id="s", name="Pay")).text == "Add stage “Pay”"
    assert RemoveLane("l").text == "Remove lane"
