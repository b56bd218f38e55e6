"""Random sequences of commands keep the document valid, and undo/redo replay it exactly."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from journeymap.core import fileformat, layout
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
    COLOUR_PRESETS,
    LINK_KINDS,
    Channel,
    Improvement,
    Lane,
    Link,
    Persona,
    Stage,
    Touchpoint,
)
from journeymap.core.errors import ModelError
from journeymap.core.history import History
from journeymap.core.model import JourneyMap
from journeymap.resources import example

STARTS = ("ecommerce-first-order", "saas-trial-to-renewal", "service-business", "small")

texts = st.text(max_size=12)
ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=10)
indexes = st.none() | st.integers(min_value=-2, max_value=8)
emotions = st.none() | st.integers(min_value=-2, max_value=2)
colours = st.sampled_from([c for c, _ in COLOUR_PRESETS.values()]) | st.from_regex(
    r"\A#[0-9a-fA-F]{6}\Z"
)
numbers = st.integers(-1000, 1000) | st.floats(allow_nan=False, allow_infinity=False, width=32)
dates = st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))

TOUCHPOINT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "title": texts,
    "emotion": emotions,
    "colour": colours,
    "description": texts,
    "thoughts": texts,
    "pain_points": st.lists(texts, max_size=3),
    "opportunities": st.lists(texts, max_size=3),
    "owner": texts,
    "metrics": st.dictionaries(ids, numbers, max_size=3),
    "moment_of_truth": st.booleans(),
    "votes": st.integers(0, 50),
}
IMPROVEMENT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "title": texts,
    "problem": texts,
    "action": texts,
    "owner": texts,
    "priority": st.sampled_from(["low", "medium", "high", "critical"]),
    "impact": st.integers(1, 5),
    "effort": st.integers(1, 5),
    "status": st.sampled_from(["idea", "planned", "in_progress", "done"]),
    "due": dates,
    "kpi": texts,
}
STAGE_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "name": texts,
    "phase": st.sampled_from([None, "before", "during", "after"]),
    "description": texts,
}
LANE_FIELDS: dict[str, st.SearchStrategy[Any]] = {"name": texts, "description": texts}
KIOSK = Channel(id="kiosk", name="Kiosk", kind="physical")
MAP_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "title": texts,
    "description": texts,
    "persona": st.none()
    | st.builds(Persona, name=texts, goals=st.lists(texts, max_size=2), pains=st.lists(texts)),
    "channels": st.sampled_from([None, [*BUILTIN_CHANNELS, KIOSK], [*BUILTIN_CHANNELS[:4], KIOSK]]),
}


def small_map() -> JourneyMap:
    doc = JourneyMap("Small")
    doc.add_stage(Stage(id="s1", name="One", phase="before"))
    doc.add_stage(Stage(id="s2", name="Two"))
    doc.add_lane(Lane(id="l1", name="Customer"))
    doc.add_lane(Lane(id="l2", name="Staff"))
    doc.add_touchpoint(Touchpoint(id="a", title="A", stage="s1", lane="l1", slot=0, emotion=1))
    doc.add_touchpoint(Touchpoint(id="b", title="B", stage="s1", lane="l1", slot=3))
    doc.add_touchpoint(Touchpoint(id="c", title="C", stage="s2", lane="l2", slot=1))
    doc.add_link(Link(source="a", target="c"))
    doc.add_improvement(Improvement(id="i1", title="I", touchpoints=["b"]))
    return doc


def fields_edit(data: st.DataObject, table: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    names = data.draw(st.lists(st.sampled_from(sorted(table)), min_size=1, max_size=3, unique=True))
    return {name: data.draw(table[name]) for name in names}


class CommandMachine(RuleBasedStateMachine):
    """Apply random commands through a History; check the document after every step."""

    doc: JourneyMap
    history: History

    @initialize(start=st.sampled_from(STARTS))
    def load(self, start: str) -> None:
        self.doc = small_map() if start == "small" else fileformat.load(example(start))
        self.history = History(self.doc)
        self.start = fileformat.dumps(self.doc)
        self.states = [self.start]  # states[i]: the bytes after i done steps
        self.fresh = 0
        self.refused: Counter[str] = Counter()

    # ------------------------------------------------------------------ helpers
    def new_id(self, prefix: str) -> str:
        self.fresh += 1
        return f"{prefix}-new-{self.fresh}"

    def pick(self, data: st.DataObject, choices: list[str], wrong: str = "nope") -> str:
        """An existing id, now and then one that does not exist."""
        if not choices or data.draw(st.integers(0, 7)) == 7:
            return wrong
        return data.draw(st.sampled_from(choices))

    def new_or_taken(self, data: st.DataObject, prefix: str, taken: list[str]) -> str:
        """Mostly a fresh id, now and then one already in use."""
        if taken and data.draw(st.integers(0, 7)) == 7:
            return data.draw(st.sampled_from(taken))
        return self.new_id(prefix)

    def tp_ids(self) -> list[str]:
        return [t.id for t in self.doc.touchpoints()]

    def push(self, command: Command) -> None:
        before = fileformat.dumps(self.doc)
        try:
            self.history.push(command)
        except ModelError:
            self.refused[type(command).__name__] += 1
            assert fileformat.dumps(self.doc) == before, f"refused {command!r} changed the map"
            return
        index = self.history.index
        self.states = [*self.states[:index], fileformat.dumps(self.doc)]

    def touchpoint(self, data: st.DataObject) -> Touchpoint:
        stage = self.pick(data, [s.id for s in self.doc.stages])
        lane = self.pick(data, [lane.id for lane in self.doc.lanes])
        channel = data.draw(st.none() | st.sampled_from([c.id for c in self.doc.palette]))
        tp_id = self.new_or_taken(data, "tp", self.tp_ids())
        return Touchpoint(
            id=tp_id,
            title=data.draw(texts),
            stage=stage,
            lane=lane,
            slot=data.draw(st.integers(0, 5)),
            channel=channel,
            emotion=data.draw(emotions),
            colour=data.draw(colours),
        )

    # ------------------------------------------------------------------ touchpoints
    @rule(data=st.data())
    def add_touchpoint(self, data: st.DataObject) -> None:
        self.push(AddTouchpoint(self.touchpoint(data), data.draw(indexes)))

    @rule(data=st.data())
    def remove_touchpoints(self, data: st.DataObject) -> None:
        pool = [*self.tp_ids(), "nope"]
        chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        self.push(RemoveTouchpoints(chosen))

    @rule(data=st.data())
    def move_touchpoint(self, data: st.DataObject) -> None:
        tp_id = self.pick(data, self.tp_ids())
        stage = self.pick(data, [s.id for s in self.doc.stages])
        lane = self.pick(data, [lane.id for lane in self.doc.lanes])
        self.push(MoveTouchpoint(tp_id, stage, lane, data.draw(indexes)))

    @precondition(lambda self: self.doc.touchpoint_count > 0)
    @rule(data=st.data())
    def edit_touchpoint(self, data: st.DataObject) -> None:
        fields = fields_edit(data, TOUCHPOINT_FIELDS)
        if data.draw(st.booleans()):
            fields["channel"] = self.pick(data, [c.id for c in self.doc.palette], "fax")
        self.push(Edit("touchpoint", self.pick(data, self.tp_ids()), fields))

    # ------------------------------------------------------------------ links
    @rule(data=st.data())
    def add_link(self, data: st.DataObject) -> None:
        source = self.pick(data, self.tp_ids())
        target = self.pick(data, self.tp_ids())
        kind: Any = data.draw(st.sampled_from(LINK_KINDS))
        self.push(AddLink(Link(source=source, target=target, label=data.draw(texts), kind=kind)))

    @precondition(lambda self: self.doc.graph.number_of_edges() > 0)
    @rule(data=st.data())
    def remove_link(self, data: st.DataObject) -> None:
        link = data.draw(st.sampled_from(self.doc.links()))
        self.push(RemoveLink(link.source, link.target))

    @precondition(lambda self: self.doc.graph.number_of_edges() > 0)
    @rule(data=st.data())
    def edit_link(self, data: st.DataObject) -> None:
        link = data.draw(st.sampled_from(self.doc.links()))
        fields = {"label": data.draw(texts)} if data.draw(st.booleans()) else {"kind": "return"}
        self.push(Edit("link", (link.source, link.target), fields))

    # ------------------------------------------------------------------ stages and lanes
    @rule(data=st.data(), is_stage=st.booleans())
    def add_axis(self, data: st.DataObject, is_stage: bool) -> None:
        existing = [s.id for s in (self.doc.stages if is_stage else self.doc.lanes)]
        item_id = self.new_or_taken(data, "axis", existing)
        if is_stage:
            phase = data.draw(STAGE_FIELDS["phase"])
            self.push(
                AddStage(Stage(id=item_id, name=data.draw(texts), phase=phase), data.draw(indexes))
            )
        else:
            self.push(AddLane(Lane(id=item_id, name=data.draw(texts)), data.draw(indexes)))

    @rule(data=st.data(), is_stage=st.booleans())
    def remove_axis(self, data: st.DataObject, is_stage: bool) -> None:
        existing = [s.id for s in (self.doc.stages if is_stage else self.doc.lanes)]
        item_id = self.pick(data, existing)
        self.push(RemoveStage(item_id) if is_stage else RemoveLane(item_id))

    @rule(data=st.data(), is_stage=st.booleans())
    def move_axis(self, data: st.DataObject, is_stage: bool) -> None:
        existing = [s.id for s in (self.doc.stages if is_stage else self.doc.lanes)]
        item_id = self.pick(data, existing)
        index = data.draw(st.integers(-1, len(existing)))
        self.push(MoveStage(item_id, index) if is_stage else MoveLane(item_id, index))

    @rule(data=st.data(), is_stage=st.booleans())
    def edit_axis(self, data: st.DataObject, is_stage: bool) -> None:
        existing = [s.id for s in (self.doc.stages if is_stage else self.doc.lanes)]
        fields = fields_edit(data, STAGE_FIELDS if is_stage else LANE_FIELDS)
        self.push(Edit("stage" if is_stage else "lane", self.pick(data, existing), fields))

    # ------------------------------------------------------------------ improvements
    @rule(data=st.data())
    def add_improvement(self, data: st.DataObject) -> None:
        existing = [i.id for i in self.doc.improvements]
        imp_id = self.new_or_taken(data, "imp", existing)
        names = data.draw(st.lists(st.sampled_from([*self.tp_ids(), "nope"]), max_size=3))
        imp = Improvement(id=imp_id, title=data.draw(texts), touchpoints=names)
        self.push(AddImprovement(imp, data.draw(st.none() | st.integers(-1, 8))))

    @rule(data=st.data())
    def remove_improvement(self, data: st.DataObject) -> None:
        self.push(RemoveImprovement(self.pick(data, [i.id for i in self.doc.improvements])))

    @rule(data=st.data())
    def move_improvement(self, data: st.DataObject) -> None:
        existing = [i.id for i in self.doc.improvements]
        index = data.draw(st.integers(-1, len(existing)))
        self.push(MoveImprovement(self.pick(data, existing), index))

    @rule(data=st.data())
    def edit_improvement(self, data: st.DataObject) -> None:
        fields = fields_edit(data, IMPROVEMENT_FIELDS)
        if data.draw(st.booleans()):
            pool = self.tp_ids() or ["nope"]
            fields["touchpoints"] = data.draw(st.lists(st.sampled_from(pool), max_size=3))
        imp_id = self.pick(data, [i.id for i in self.doc.improvements])
        self.push(Edit("improvement", imp_id, fields))

    @rule(data=st.data())
    def edit_map(self, data: st.DataObject) -> None:
        self.push(Edit("map", None, fields_edit(data, MAP_FIELDS)))

    # ------------------------------------------------------------------ macros
    @rule(data=st.data())
    def macro_new_stage_with_card(self, data: st.DataObject) -> None:
        """A new stage, a card in it, and a link from it (to a card that may not exist)."""
        stage_id = self.new_id("stage")
        lane = self.pick(data, [lane.id for lane in self.doc.lanes])
        card = Touchpoint(
            id=self.new_id("tp"), title="In a new stage", stage=stage_id, lane=lane, slot=0
        )
        target = self.pick(data, self.tp_ids())
        self.push(
            Macro(
                "New stage with a card",
                [
                    AddStage(Stage(id=stage_id, name="New"), data.draw(indexes)),
                    AddTouchpoint(card),
                    AddLink(Link(source=card.id, target=target)),
                ],
            )
        )

    @rule(data=st.data())
    def macro_moves(self, data: st.DataObject) -> None:
        """Several moves and edits as one step (some parts may be refused)."""
        parts: list[Command] = []
        for _ in range(data.draw(st.integers(1, 3))):
            stage = self.pick(data, [s.id for s in self.doc.stages])
            lane = self.pick(data, [lane.id for lane in self.doc.lanes])
            parts.append(
                MoveTouchpoint(self.pick(data, self.tp_ids()), stage, lane, data.draw(indexes))
            )
            if self.doc.touchpoint_count:
                fields = {"emotion": data.draw(emotions)}
                parts.append(Edit("touchpoint", self.pick(data, self.tp_ids()), fields))
        self.push(Macro("Rearrange", parts))

    # ------------------------------------------------------------------ undo and redo
    @rule()
    def undo(self) -> None:
        if self.history.undo():
            assert fileformat.dumps(self.doc) == self.states[self.history.index]

    @rule()
    def redo(self) -> None:
        if self.history.redo():
            assert fileformat.dumps(self.doc) == self.states[self.history.index]

    # ------------------------------------------------------------------ invariants
    @invariant()
    def slots_unique_per_cell(self) -> None:
        places = [(t.stage, t.lane, t.slot) for t in self.doc.touchpoints()]
        assert len(places) == len(set(places))
        for (stage, lane), cards in self.doc.cells().items():
            assert all(t.stage == stage and t.lane == lane for t in cards)
            assert [t.slot for t in cards] == sorted(t.slot for t in cards)

    @invariant()
    def every_reference_resolves(self) -> None:
        doc = self.doc
        stages = {s.id for s in doc.stages}
        lanes = {lane.id for lane in doc.lanes}
        palette = {c.id for c in doc.palette}
        assert stages and lanes
        cards = doc.touchpoints()
        assert {t.id for t in cards} == set(doc.graph.nodes)
        for t in cards:
            assert t.stage in stages and t.lane in lanes
            assert t.channel is None or t.channel in palette
        for source, target, data in doc.graph.edges(data=True):
            assert source != target
            assert (data["link"].source, data["link"].target) == (source, target)
        for imp in doc.improvements:
            assert len(set(imp.touchpoints)) == len(imp.touchpoints)
            assert all(doc.has_touchpoint(t) for t in imp.touchpoints)
        assert len({i.id for i in doc.improvements}) == len(doc.improvements)

    @invariant()
    def file_round_trips(self) -> None:
        data = fileformat.dumps(self.doc)
        again = fileformat.loads(data)
        assert fileformat.dumps(again) == data
        assert layout.compute(again) == layout.compute(self.doc)

    def teardown(self) -> None:
        if not hasattr(self, "history"):
            return
        while self.history.redo():
            pass
        end = fileformat.dumps(self.doc)
        assert end == self.states[-1]
        steps = 0
        while self.history.undo():
            steps += 1
            assert fileformat.dumps(self.doc) == self.states[self.history.index]
        assert fileformat.dumps(self.doc) == self.start
        assert steps == len(self.states) - 1
        while self.history.redo():
            pass
        assert fileformat.dumps(self.doc) == end


CommandMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_random_commands_keep_the_map_valid_and_undoable = CommandMachine.TestCase
