"""The document model: every mutation checks first, changes atomically and emits exact events."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest

from journeymap.core import fileformat
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
    OccupiedSlot,
    SelfLink,
    StillReferenced,
    UnknownReference,
)
from journeymap.core.events import Added, Changed, Event, Moved, Removed
from journeymap.core.model import JourneyMap


def tp(tp_id: str, stage: str = "s1", lane: str = "l1", slot: int = 0, **fields: Any) -> Touchpoint:
    return Touchpoint(id=tp_id, title=f"Card {tp_id}", stage=stage, lane=lane, slot=slot, **fields)


def make_doc() -> JourneyMap:
    """Three stages, two lanes; a b in (s1, l1); c in (s2, l1); d in (s2, l2); e in (s3, l2).

    Links a→c and c→d; improvement i1 names c, i2 names e, i3 names nothing. b is free.
    """
    doc = JourneyMap("Test map", description="for the tests")
    doc.add_stage(Stage(id="s1", name="One", phase="before"))
    doc.add_stage(Stage(id="s2", name="Two", phase="during"))
    doc.add_stage(Stage(id="s3", name="Three", phase="after"))
    doc.add_lane(Lane(id="l1", name="Customer"))
    doc.add_lane(Lane(id="l2", name="Staff"))
    doc.add_touchpoint(tp("a", channel="website", emotion=1))
    doc.add_touchpoint(tp("b", slot=1))
    doc.add_touchpoint(tp("c", stage="s2"))
    doc.add_touchpoint(tp("d", stage="s2", lane="l2"))
    doc.add_touchpoint(tp("e", stage="s3", lane="l2"))
    doc.add_link(Link(source="a", target="c"))
    doc.add_link(Link(source="c", target="d", label="then"))
    doc.add_improvement(Improvement(id="i1", title="Fix c", touchpoints=["c"]))
    doc.add_improvement(Improvement(id="i2", title="Fix e", touchpoints=["e"]))
    doc.add_improvement(Improvement(id="i3", title="General"))
    return doc


@pytest.fixture
def doc() -> JourneyMap:
    return make_doc()


@pytest.fixture
def events(doc: JourneyMap) -> list[Event]:
    received: list[Event] = []
    doc.subscribe(received.append)
    return received


def cell_ids(doc: JourneyMap, stage: str, lane: str) -> list[str]:
    return [t.id for t in doc.cell(stage, lane)]


# ---------------------------------------------------------------------- refusals
Mutation = Callable[[JourneyMap], Any]

REFUSALS: list[tuple[str, type[ModelError], Mutation]] = [
    # unknown references
    ("tp into unknown stage", UnknownReference, lambda d: d.add_touchpoint(tp("x", stage="zz"))),
    ("tp into unknown lane", UnknownReference, lambda d: d.add_touchpoint(tp("x", lane="zz"))),
    (
        "tp with unknown channel",
        UnknownReference,
        lambda d: d.add_touchpoint(tp("x", slot=7, channel="fax")),
    ),
    ("update unknown tp", UnknownReference, lambda d: d.update_touchpoint("zz", title="t")),
    ("tp channel unknown", UnknownReference, lambda d: d.update_touchpoint("a", channel="fax")),
    ("remove unknown tp", UnknownReference, lambda d: d.remove_touchpoint("zz")),
    ("place unknown tp", UnknownReference, lambda d: d.place_touchpoints({"zz": ("s1", "l1", 5)})),
    (
        "place into unknown stage",
        UnknownReference,
        lambda d: d.place_touchpoints({"b": ("zz", "l1", 5)}),
    ),
    (
        "place into unknown lane",
        UnknownReference,
        lambda d: d.place_touchpoints({"b": ("s1", "zz", 5)}),
    ),
    ("link from unknown", UnknownReference, lambda d: d.add_link(Link(source="zz", target="a"))),
    ("link to unknown", UnknownReference, lambda d: d.add_link(Link(source="a", target="zz"))),
    ("remove missing link", UnknownReference, lambda d: d.remove_link("c", "a")),
    ("update missing link", UnknownReference, lambda d: d.update_link("a", "d", label="x")),
    ("remove unknown stage", UnknownReference, lambda d: d.remove_stage("zz")),
    ("remove unknown lane", UnknownReference, lambda d: d.remove_lane("zz")),
    ("move unknown stage", UnknownReference, lambda d: d.move_stage("zz", 0)),
    ("move unknown lane", UnknownReference, lambda d: d.move_lane("zz", 0)),
    ("update unknown stage", UnknownReference, lambda d: d.update_stage("zz", name="x")),
    ("update unknown lane", UnknownReference, lambda d: d.update_lane("zz", name="x")),
    (
        "improvement names unknown tp",
        UnknownReference,
        lambda d: d.add_improvement(Improvement(id="i9", title="x", touchpoints=["a", "zz"])),
    ),
    (
        "improvement renamed to unknown tp",
        UnknownReference,
        lambda d: d.update_improvement("i1", touchpoints=["c", "zz"]),
    ),
    (
        "update unknown improvement",
        UnknownReference,
        lambda d: d.update_improvement("zz", title="x"),
    ),
    ("remove unknown improvement", UnknownReference, lambda d: d.remove_improvement("zz")),
    ("move unknown improvement", UnknownReference, lambda d: d.move_improvement("zz", 0)),
    # duplicate ids and links
    ("duplicate tp id", DuplicateId, lambda d: d.add_touchpoint(tp("a", stage="s3", slot=4))),
    ("duplicate stage id", DuplicateId, lambda d: d.add_stage(Stage(id="s2", name="again"))),
    ("duplicate lane id", DuplicateId, lambda d: d.add_lane(Lane(id="l1", name="again"))),
    (
        "duplicate improvement id",
        DuplicateId,
        lambda d: d.add_improvement(Improvement(id="i2", title="again")),
    ),
    (
        "improvement names a tp twice",
        DuplicateId,
        lambda d: d.update_improvement("i3", touchpoints=["a", "a"]),
    ),
    (
        "duplicate channel ids",
        DuplicateId,
        lambda d: d.update_map(channels=[*BUILTIN_CHANNELS, BUILTIN_CHANNELS[2]]),
    ),
    (
        "duplicate link",
        DuplicateLink,
        lambda d: d.add_link(Link(source="a", target="c", label="again")),
    ),
    ("self link", SelfLink, lambda d: d.add_link(Link(source="b", target="b"))),
    # slots
    ("tp into taken slot", OccupiedSlot, lambda d: d.add_touchpoint(tp("x", slot=1))),
    (
        "place onto a staying card",
        OccupiedSlot,
        lambda d: d.place_touchpoints({"b": ("s2", "l1", 0)}),
    ),
    (
        "place two cards in one slot",
        OccupiedSlot,
        lambda d: d.place_touchpoints({"a": ("s3", "l1", 0), "b": ("s3", "l1", 0)}),
    ),
    # still referenced
    ("remove linked tp", StillReferenced, lambda d: d.remove_touchpoint("a")),
    ("remove tp named by improvement", StillReferenced, lambda d: d.remove_touchpoint("e")),
    ("remove non-empty stage", StillReferenced, lambda d: d.remove_stage("s1")),
    ("remove non-empty lane", StillReferenced, lambda d: d.remove_lane("l2")),
    (
        "palette without a used channel",
        StillReferenced,
        lambda d: d.update_map(channels=[Channel(id="phone", name="Phone", kind="human")]),
    ),
    # invalid values
    ("emotion 3", InvalidValue, lambda d: d.update_touchpoint("a", emotion=3)),
    ("emotion -3", InvalidValue, lambda d: d.update_touchpoint("a", emotion=-3)),
    ("emotion true", InvalidValue, lambda d: d.update_touchpoint("a", emotion=True)),
    ("emotion 1.5", InvalidValue, lambda d: d.update_touchpoint("a", emotion=1.5)),
    ("emotion as text", InvalidValue, lambda d: d.update_touchpoint("a", emotion="1")),
    ("colour red", InvalidValue, lambda d: d.update_touchpoint("a", colour="red")),
    ("colour short", InvalidValue, lambda d: d.update_touchpoint("a", colour="#12345")),
    ("colour not hex", InvalidValue, lambda d: d.update_touchpoint("a", colour="#gggggg")),
    ("votes -1", InvalidValue, lambda d: d.update_touchpoint("a", votes=-1)),
    ("title not text", InvalidValue, lambda d: d.update_touchpoint("a", title=12)),
    ("title too long", InvalidValue, lambda d: d.update_touchpoint("a", title="x" * 20_001)),
    ("pain points not a list", InvalidValue, lambda d: d.update_touchpoint("a", pain_points="x")),
    ("pain point not text", InvalidValue, lambda d: d.update_touchpoint("a", pain_points=[1])),
    ("metric not a number", InvalidValue, lambda d: d.update_touchpoint("a", metrics={"k": "hi"})),
    ("metric NaN", InvalidValue, lambda d: d.update_touchpoint("a", metrics={"k": math.nan})),
    ("metric infinite", InvalidValue, lambda d: d.update_touchpoint("a", metrics={"k": math.inf})),
    ("moment of truth 1", InvalidValue, lambda d: d.update_touchpoint("a", moment_of_truth=1)),
    ("unknown tp field", InvalidValue, lambda d: d.update_touchpoint("a", mood=1)),
    ("edit tp id", InvalidValue, lambda d: d.update_touchpoint("b", id="bb")),
    ("edit tp stage", InvalidValue, lambda d: d.update_touchpoint("b", stage="s3")),
    ("edit tp lane", InvalidValue, lambda d: d.update_touchpoint("b", lane="l2")),
    ("edit tp slot", InvalidValue, lambda d: d.update_touchpoint("b", slot=5)),
    (
        "valid then invalid field",
        InvalidValue,
        lambda d: d.update_touchpoint("a", title="fine", emotion=9),
    ),
    ("impact 6", InvalidValue, lambda d: d.update_improvement("i1", impact=6)),
    ("effort 0", InvalidValue, lambda d: d.update_improvement("i1", effort=0)),
    ("priority urgent", InvalidValue, lambda d: d.update_improvement("i1", priority="urgent")),
    ("status todo", InvalidValue, lambda d: d.update_improvement("i1", status="todo")),
    ("due not a date", InvalidValue, lambda d: d.update_improvement("i1", due="2027-02-30")),
    ("edit improvement id", InvalidValue, lambda d: d.update_improvement("i1", id="i7")),
    ("link kind", InvalidValue, lambda d: d.update_link("a", "c", kind="jump")),
    ("edit link source", InvalidValue, lambda d: d.update_link("a", "c", source="b", target="d")),
    ("stage phase", InvalidValue, lambda d: d.update_stage("s1", phase="middle")),
    ("edit stage id", InvalidValue, lambda d: d.update_stage("s1", id="s9")),
    ("lane phase", InvalidValue, lambda d: d.update_lane("l1", phase="before")),
    ("map title none", InvalidValue, lambda d: d.update_map(title=None)),
    ("map unknown field", InvalidValue, lambda d: d.update_map(stages=[])),
    ("persona with bad goal", InvalidValue, lambda d: d.update_map(persona=Persona(goals=[1]))),  # type: ignore[list-item]
    (
        "channel with bad kind",
        InvalidValue,
        lambda d: d.update_map(channels=[Channel(id="website", name="W", kind="psychic")]),
    ),  # type: ignore[arg-type]
    (
        "channel with empty id",
        InvalidValue,
        lambda d: d.update_map(channels=[Channel(id="", name="W", kind="digital")]),
    ),
    ("new tp with emotion 3", InvalidValue, lambda d: d.add_touchpoint(tp("x", slot=5, emotion=3))),
    ("new tp with slot -1", InvalidValue, lambda d: d.add_touchpoint(tp("x", slot=-1))),
    ("new tp with empty id", InvalidValue, lambda d: d.add_touchpoint(tp("", slot=5))),
    (
        "new tp with NaN metric",
        InvalidValue,
        lambda d: d.add_touchpoint(tp("x", slot=5, metrics={"k": math.nan})),
    ),
    (
        "new link with bad kind",
        InvalidValue,
        lambda d: d.add_link(Link(source="b", target="c", kind="jump")),
    ),  # type: ignore[arg-type]
    (
        "new improvement impact 6",
        InvalidValue,
        lambda d: d.add_improvement(Improvement(id="i9", title="x", impact=6)),
    ),
    (
        "new stage with bad phase",
        InvalidValue,
        lambda d: d.add_stage(Stage(id="s9", name="x", phase="soon")),
    ),  # type: ignore[arg-type]
    (
        "stage position past the end",
        InvalidValue,
        lambda d: d.add_stage(Stage(id="s9", name="x"), 4),
    ),
    ("stage position negative", InvalidValue, lambda d: d.add_stage(Stage(id="s9", name="x"), -1)),
    ("stage position true", InvalidValue, lambda d: d.add_stage(Stage(id="s9", name="x"), True)),
    ("lane position past the end", InvalidValue, lambda d: d.add_lane(Lane(id="l9", name="x"), 3)),
    ("move stage past the end", InvalidValue, lambda d: d.move_stage("s1", 3)),
    ("move lane negative", InvalidValue, lambda d: d.move_lane("l1", -1)),
    (
        "improvement position",
        InvalidValue,
        lambda d: d.add_improvement(Improvement(id="i9", title="x"), 4),
    ),
    ("move improvement past the end", InvalidValue, lambda d: d.move_improvement("i1", 3)),
    ("place at slot -1", InvalidValue, lambda d: d.place_touchpoints({"b": ("s3", "l1", -1)})),
    ("place at slot true", InvalidValue, lambda d: d.place_touchpoints({"b": ("s3", "l1", True)})),
    (
        "one bad placement spoils all",
        InvalidValue,
        lambda d: d.place_touchpoints({"a": ("s3", "l1", 0), "b": ("s3", "l1", -2)}),
    ),
]


@pytest.mark.parametrize(
    ("error", "mutation"), [(e, m) for _, e, m in REFUSALS], ids=[n for n, _, _ in REFUSALS]
)
def test_refused_change_raises_typed_error_and_changes_nothing(
    doc: JourneyMap, events: list[Event], error: type[ModelError], mutation: Mutation
) -> None:
    before = fileformat.dumps(doc)
    with pytest.raises(error) as info:
        mutation(doc)
    assert str(info.value), "the error carries a sentence for the user"
    assert fileformat.dumps(doc) == before
    assert events == []


def test_last_stage_and_last_lane_cannot_go() -> None:
    doc = JourneyMap("One cell")
    doc.add_stage(Stage(id="only", name="Only"))
    doc.add_lane(Lane(id="row", name="Row"))
    received: list[Event] = []
    doc.subscribe(received.append)
    before = fileformat.dumps(doc)
    with pytest.raises(StillReferenced, match="last"):
        doc.remove_stage("only")
    with pytest.raises(StillReferenced, match="last"):
        doc.remove_lane("row")
    assert fileformat.dumps(doc) == before
    assert received == []


def test_back_to_builtin_palette_refused_while_a_custom_channel_is_used(
    doc: JourneyMap,
) -> None:
    kiosk = Channel(id="kiosk", name="Kiosk", kind="physical")
    doc.update_map(channels=[*BUILTIN_CHANNELS, kiosk])
    doc.update_touchpoint("b", channel="kiosk")
    before = fileformat.dumps(doc)
    with pytest.raises(StillReferenced, match="kiosk"):
        doc.update_map(channels=None)
    assert fileformat.dumps(doc) == before
    assert fileformat.dumps(fileformat.loads(before)) == before


def test_error_messages_name_the_place(doc: JourneyMap) -> None:
    with pytest.raises(InvalidValue, match=r'touchpoint "a"\.emotion'):
        doc.update_touchpoint("a", emotion=3)
    with pytest.raises(InvalidValue, match=r'improvement "i1"\.impact'):
        doc.update_improvement("i1", impact=6)
    with pytest.raises(UnknownReference, match='"zz"'):
        doc.touchpoint("zz")


@pytest.mark.parametrize(
    "lookup",
    [
        lambda d: d.touchpoint("zz"),
        lambda d: d.stage("zz"),
        lambda d: d.lane("zz"),
        lambda d: d.channel("fax"),
        lambda d: d.improvement("zz"),
        lambda d: d.link("a", "d"),
        lambda d: d.stage_index("zz"),
        lambda d: d.lane_index("zz"),
        lambda d: d.improvement_index("zz"),
        lambda d: d.touchpoint_order("zz"),
        lambda d: d.link_order("d", "c"),
        lambda d: d.links_of("zz"),
    ],
)
def test_lookups_of_unknown_entities_raise_unknown_reference(
    doc: JourneyMap, lookup: Mutation
) -> None:
    with pytest.raises(UnknownReference):
        lookup(doc)


# ---------------------------------------------------------------------- events of real changes
def test_add_and_remove_touchpoint_events(doc: JourneyMap, events: list[Event]) -> None:
    doc.add_touchpoint(tp("x", stage="s3", lane="l1", slot=3))
    assert events == [Added("touchpoint", "x")]
    assert doc.touchpoint("x").slot == 3
    assert cell_ids(doc, "s3", "l1") == ["x"]
    events.clear()
    doc.remove_touchpoint("b")
    assert events == [Removed("touchpoint", "b")]
    assert not doc.has_touchpoint("b")
    assert cell_ids(doc, "s1", "l1") == ["a"]
    assert doc.touchpoint_count == 5


def test_update_touchpoint_emits_only_changed_fields(doc: JourneyMap, events: list[Event]) -> None:
    doc.update_touchpoint("a", title="New title", emotion=1, colour="#c62828")
    assert events == [Changed("touchpoint", "a", frozenset({"title", "colour"}))]
    card = doc.touchpoint("a")
    assert (card.title, card.emotion, card.colour) == ("New title", 1, "#c62828")


@pytest.mark.parametrize(
    "setter",
    [
        lambda d: d.update_touchpoint("a", title="Card a", emotion=1, channel="website"),
        lambda d: d.update_touchpoint("b"),
        lambda d: d.update_link("c", "d", label="then", kind="flow"),
        lambda d: d.update_stage("s1", name="One", phase="before"),
        lambda d: d.update_lane("l2", name="Staff", description=""),
        lambda d: d.update_improvement("i1", touchpoints=["c"], impact=3, due=None),
        lambda d: d.update_map(title="Test map", description="for the tests", persona=None),
        lambda d: d.update_map(channels=None),
        lambda d: d.move_stage("s2", 1),
        lambda d: d.move_lane("l1", 0),
        lambda d: d.move_improvement("i3", 2),
        lambda d: d.place_touchpoints({"a": ("s1", "l1", 0), "b": ["s1", "l1", 1]}),
        lambda d: d.place_touchpoints({}),
    ],
)
def test_setters_emit_nothing_without_a_real_change(
    doc: JourneyMap, events: list[Event], setter: Mutation
) -> None:
    before = fileformat.dumps(doc)
    setter(doc)
    assert events == []
    assert fileformat.dumps(doc) == before


def test_link_events(doc: JourneyMap, events: list[Event]) -> None:
    doc.add_link(Link(source="b", target="c", kind="alternative"))
    doc.update_link("b", "c", label="maybe")
    doc.remove_link("a", "c")
    assert events == [
        Added("link", ("b", "c")),
        Changed("link", ("b", "c"), frozenset({"label"})),
        Removed("link", ("a", "c")),
    ]
    assert doc.link("b", "c").label == "maybe"
    assert not doc.has_link("a", "c")
    assert doc.has_link("c", "d")


def test_reverse_link_is_a_different_pair(doc: JourneyMap) -> None:
    doc.add_link(Link(source="c", target="a", kind="return"))
    assert doc.has_link("a", "c") and doc.has_link("c", "a")
    assert [(lk.source, lk.target) for lk in doc.links_of("a")] == [("a", "c"), ("c", "a")]


def test_stage_events(doc: JourneyMap, events: list[Event]) -> None:
    doc.add_stage(Stage(id="s0", name="Zero"), 0)
    doc.update_stage("s0", phase="before", description="first")
    doc.move_stage("s0", 3)
    doc.remove_stage("s0")
    assert events == [
        Added("stage", "s0", 0),
        Changed("stage", "s0", frozenset({"phase", "description"})),
        Moved("stage", "s0", 0, 3),
        Removed("stage", "s0", 3),
    ]
    assert [s.id for s in doc.stages] == ["s1", "s2", "s3"]


def test_stage_positions(doc: JourneyMap) -> None:
    doc.add_stage(Stage(id="s9", name="Nine"), 1)
    assert [s.id for s in doc.stages] == ["s1", "s9", "s2", "s3"]
    assert doc.stage_index("s9") == 1 and doc.stage_index("s3") == 3
    doc.move_stage("s1", 3)
    assert [s.id for s in doc.stages] == ["s9", "s2", "s3", "s1"]
    assert doc.stage_index("s1") == 3
    doc.add_stage(Stage(id="s10", name="Ten"))
    assert doc.stages[-1].id == "s10"


def test_lane_events(doc: JourneyMap, events: list[Event]) -> None:
    doc.add_lane(Lane(id="l0", name="Zero"), 1)
    doc.update_lane("l0", name="Backstage")
    doc.move_lane("l0", 0)
    doc.remove_lane("l0")
    assert events == [
        Added("lane", "l0", 1),
        Changed("lane", "l0", frozenset({"name"})),
        Moved("lane", "l0", 1, 0),
        Removed("lane", "l0", 0),
    ]
    assert [lane.id for lane in doc.lanes] == ["l1", "l2"]


def test_empty_stage_and_lane_can_go_once_their_cards_are_gone(doc: JourneyMap) -> None:
    doc.remove_link("c", "d")
    doc.update_improvement("i2", touchpoints=[])
    doc.remove_touchpoint("d")
    doc.remove_touchpoint("e")
    doc.remove_lane("l2")
    assert [lane.id for lane in doc.lanes] == ["l1"]
    doc.remove_stage("s3")
    assert [s.id for s in doc.stages] == ["s1", "s2"]


def test_improvement_events(doc: JourneyMap, events: list[Event]) -> None:
    doc.add_improvement(Improvement(id="i0", title="First", touchpoints=["a", "b"]), 0)
    doc.update_improvement("i0", status="planned", due="2027-03-31")
    doc.move_improvement("i0", 2)
    doc.remove_improvement("i0")
    assert events == [
        Added("improvement", "i0", 0),
        Changed("improvement", "i0", frozenset({"status", "due"})),
        Moved("improvement", "i0", 0, 2),
        Removed("improvement", "i0", 2),
    ]
    assert [i.id for i in doc.improvements] == ["i1", "i2", "i3"]


def test_improvement_due_is_stored_as_a_date(doc: JourneyMap) -> None:
    doc.update_improvement("i1", due="2027-03-31")
    assert doc.improvement("i1").due == datetime.date(2027, 3, 31)
    doc.update_improvement("i1", due=datetime.date(2027, 3, 31))
    assert b'"due": "2027-03-31"' in fileformat.dumps(doc)


def test_improvements_for_a_touchpoint(doc: JourneyMap) -> None:
    doc.update_improvement("i3", touchpoints=["e", "c"])
    assert [i.id for i in doc.improvements_for("c")] == ["i1", "i3"]
    assert doc.improvements_for("b") == []


def test_map_events_and_palette(doc: JourneyMap, events: list[Event]) -> None:
    doc.update_map(title="Renamed", persona=Persona(name="Ada", goals=["speed"]))
    kiosk = Channel(id="kiosk", name="Kiosk", kind="physical")
    doc.update_map(channels=[Channel(id="website", name="Web", kind="digital"), kiosk])
    assert events == [
        Changed("map", None, frozenset({"title", "persona"})),
        Changed("map", None, frozenset({"channels"})),
    ]
    assert doc.title == "Renamed"
    assert doc.persona == Persona(name="Ada", goals=["speed"])
    assert [c.id for c in doc.palette] == ["website", "kiosk"]
    assert doc.channel("kiosk").kind == "physical"
    with pytest.raises(UnknownReference):
        doc.channel("email")
    events.clear()
    doc.update_map(channels=None)
    assert events == [Changed("map", None, frozenset({"channels"}))]
    assert doc.channels is None
    assert [c.id for c in doc.palette] == [c.id for c in BUILTIN_CHANNELS]


def test_unsubscribe_stops_events(doc: JourneyMap) -> None:
    received: list[Event] = []
    unsubscribe = doc.subscribe(received.append)
    doc.update_touchpoint("a", title="one")
    unsubscribe()
    unsubscribe()  # twice is harmless
    doc.update_touchpoint("a", title="two")
    assert received == [Changed("touchpoint", "a", frozenset({"title"}))]


def test_constructor_checks_its_values() -> None:
    with pytest.raises(InvalidValue):
        JourneyMap("x" * 20_001)
    with pytest.raises(InvalidValue):
        JourneyMap("ok", persona=Persona(goals=[3]))  # type: ignore[list-item]
    with pytest.raises(DuplicateId):
        JourneyMap("ok", channels=[BUILTIN_CHANNELS[0], BUILTIN_CHANNELS[0]])
    doc = JourneyMap("ok", channels=BUILTIN_CHANNELS[:2])
    assert [c.id for c in doc.palette] == ["website", "mobile_app"]


# ---------------------------------------------------------------------- the graph
def test_graph_holds_touchpoints_as_nodes_and_links_as_edges(doc: JourneyMap) -> None:
    graph = doc.graph
    assert isinstance(graph, nx.DiGraph)
    assert set(graph.nodes) == {"a", "b", "c", "d", "e"}
    for tp_id in graph.nodes:
        assert graph.nodes[tp_id]["touchpoint"] is doc.touchpoint(tp_id)
    assert set(graph.edges) == {("a", "c"), ("c", "d")}
    assert graph.edges["c", "d"]["link"] is doc.link("c", "d")
    assert graph.edges["c", "d"]["link"].label == "then"
    assert list(graph.successors("c")) == ["d"]
    assert list(graph.predecessors("c")) == ["a"]
    doc.remove_link("a", "c")
    doc.remove_touchpoint("a")
    assert "a" not in graph
    assert set(graph.edges) == {("c", "d")}


def test_place_touchpoints_swaps_two_cards_atomically(doc: JourneyMap, events: list[Event]) -> None:
    doc.place_touchpoints({"a": ("s1", "l1", 1), "b": ("s1", "l1", 0)})
    assert cell_ids(doc, "s1", "l1") == ["b", "a"]
    assert (doc.touchpoint("a").slot, doc.touchpoint("b").slot) == (1, 0)
    assert events == [
        Moved("touchpoint", "a", ("s1", "l1", 0), ("s1", "l1", 1)),
        Moved("touchpoint", "b", ("s1", "l1", 1), ("s1", "l1", 0)),
    ]


def test_place_touchpoints_across_cells(doc: JourneyMap, events: list[Event]) -> None:
    doc.place_touchpoints({"b": ("s2", "l1", 0), "c": ("s1", "l1", 1)})
    assert cell_ids(doc, "s1", "l1") == ["a", "c"]
    assert cell_ids(doc, "s2", "l1") == ["b"]
    assert doc.touchpoint("b").stage == "s2"
    assert len(events) == 2 and all(isinstance(e, Moved) for e in events)
    # links and improvement mentions travel with the card
    assert doc.has_link("a", "c") and doc.improvement("i1").touchpoints == ["c"]


def test_cell_is_ordered_by_slot_not_by_insertion(doc: JourneyMap) -> None:
    for tp_id, slot in (("x", 5), ("y", 2), ("z", 9)):
        doc.add_touchpoint(tp(tp_id, stage="s3", lane="l1", slot=slot))
    assert cell_ids(doc, "s3", "l1") == ["y", "x", "z"]
    assert doc.cell("s3", "zz") == []
    cells = doc.cells()
    assert [t.id for t in cells[("s3", "l1")]] == ["y", "x", "z"]
    assert ("s1", "l2") not in cells  # only non-empty cells


def test_touchpoints_and_links_are_in_file_order(doc: JourneyMap) -> None:
    assert [t.id for t in doc.touchpoints()] == ["a", "b", "c", "d", "e"]
    assert [(lk.source, lk.target) for lk in doc.links()] == [("a", "c"), ("c", "d")]


def test_file_order_survives_remove_and_re_add_with_the_same_order(doc: JourneyMap) -> None:
    before = fileformat.dumps(doc)
    link = doc.link("a", "c")
    link_order = doc.link_order("a", "c")
    doc.remove_link("a", "c")
    doc.add_link(link, order=link_order)
    assert [(lk.source, lk.target) for lk in doc.links()] == [("a", "c"), ("c", "d")]
    card = doc.touchpoint("b")
    order = doc.touchpoint_order("b")
    doc.remove_touchpoint("b")
    doc.add_touchpoint(card, order=order)
    assert [t.id for t in doc.touchpoints()] == ["a", "b", "c", "d", "e"]
    assert fileformat.dumps(doc) == before


def test_re_add_without_order_goes_last(doc: JourneyMap) -> None:
    card = doc.touchpoint("b")
    doc.remove_touchpoint("b")
    doc.add_touchpoint(card)
    assert [t.id for t in doc.touchpoints()] == ["a", "c", "d", "e", "b"]
    doc.remove_link("a", "c")
    doc.add_link(Link(source="a", target="c"))
    assert [(lk.source, lk.target) for lk in doc.links()] == [("c", "d"), ("a", "c")]


def test_loaded_file_keeps_its_order(doc: JourneyMap) -> None:
    data = fileformat.dumps(doc)
    loaded = fileformat.loads(data)
    assert [t.id for t in loaded.touchpoints()] == ["a", "b", "c", "d", "e"]
    loaded.add_touchpoint(tp("new", stage="s3", slot=0))
    loaded.add_link(Link(source="new", target="a"))
    assert loaded.touchpoints()[-1].id == "new"
    assert loaded.links()[-1].source == "new"


# ---------------------------------------------------------------------- no aliasing
def test_lists_given_to_update_are_not_aliased(doc: JourneyMap) -> None:
    pains = ["slow"]
    metrics: dict[str, float] = {"csat": 4.0}
    doc.update_touchpoint("a", pain_points=pains, metrics=metrics)
    names = ["c"]
    doc.update_improvement("i3", touchpoints=names)
    goals = ["cheap"]
    persona = Persona(name="Ada", goals=goals)
    doc.update_map(persona=persona)
    palette = [Channel(id=c.id, name=c.name, kind=c.kind) for c in BUILTIN_CHANNELS]
    doc.update_map(channels=palette)
    before = fileformat.dumps(doc)

    pains.append("rude")
    metrics["nps"] = 10
    names.append("zz")
    goals.append("fast")
    persona.name = "Bob"
    palette.pop()
    palette[0] = Channel(id=palette[0].id, name="Changed behind the document's back", kind="human")

    assert fileformat.dumps(doc) == before
    assert doc.touchpoint("a").pain_points == ["slow"]
    assert doc.persona is not None and doc.persona.goals == ["cheap"]
    assert doc.channels is not None and len(doc.channels) == len(BUILTIN_CHANNELS)
    assert doc.channel("website").name == "Website"


def test_records_given_to_add_are_not_aliased(doc: JourneyMap) -> None:
    card = tp("x", stage="s3", pain_points=["p"])
    doc.add_touchpoint(card)
    imp = Improvement(id="i9", title="x", touchpoints=["x"])
    doc.add_improvement(imp)
    stage = Stage(id="s9", name="Nine")
    doc.add_stage(stage)
    before = fileformat.dumps(doc)
    card.title = "changed"
    card.pain_points.append("q")
    imp.touchpoints.append("zz")
    stage.name = "changed"
    assert fileformat.dumps(doc) == before


def test_views_of_ordered_collections_are_copies(doc: JourneyMap) -> None:
    doc.update_map(channels=[*BUILTIN_CHANNELS])
    channels = doc.channels
    assert channels is not None
    channels.clear()
    touchpoints = doc.touchpoints()
    touchpoints.clear()
    assert doc.channels is not None and len(doc.channels) == len(BUILTIN_CHANNELS)
    assert len(doc.touchpoints()) == 5
    assert isinstance(doc.stages, tuple) and isinstance(doc.improvements, tuple)


def test_repr_counts_the_parts(doc: JourneyMap) -> None:
    assert repr(doc) == "<JourneyMap 'Test map': 3 stages, 2 lanes, 5 touchpoints, 2 links>"


def test_channels_are_immutable_records() -> None:
    """The built-in palette is shared by every document: nobody can change it in place."""
    with pytest.raises(AttributeError):
        BUILTIN_CHANNELS[0].name = "x"  # type: ignore[misc]


def test_records_with_broken_characters_are_refused(doc: JourneyMap) -> None:
    before = fileformat.dumps(doc)
    with pytest.raises(InvalidValue, match="surrogate"):
        doc.add_touchpoint(tp("bad", stage="s3", description="a\ud800"))
    assert fileformat.dumps(doc) == before


@pytest.mark.parametrize(
    ("kind", "field", "value", "message"),
    [
        ("touchpoint", "pain_points", ["x", 2], "pain_points[1]: expected a text"),
        ("touchpoint", "metrics", {"nps": "x"}, "metrics.nps: expected a number"),
        ("touchpoint", "metrics", {"": 1}, "metrics: every key must be a non-empty id"),
        ("map", "persona", {"goals": [1]}, "map.persona.goals[0]: expected a text"),
    ],
)
def test_nested_bad_values_name_the_inner_place(
    kind: str, field: str, value: object, message: str
) -> None:
    from journeymap.core.validation import check_field

    with pytest.raises(InvalidValue) as caught:
        check_field(kind, "a", field, value)
    assert message in str(caught.value)
