"""The journey-map document: the one source of truth, and its only mutation API.

Stages and lanes are ordered lists; touchpoints are the nodes and links the edges of one
``networkx.DiGraph`` (node attribute ``touchpoint`` holds the record, edge attribute
``link``); improvements are an ordered list. Every mutating method checks first and raises
a typed :class:`~journeymap.core.errors.ModelError` without changing anything, then
changes the document and emits one event per changed entity.

Records handed out are the live ones: read them, never assign to them; change them
through this API (or, for undo, through :mod:`journeymap.core.commands`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import msgspec
import networkx as nx

from journeymap.core import validation
from journeymap.core.entities import (
    BUILTIN_CHANNELS,
    EDITABLE_FIELDS,
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
from journeymap.core.events import Added, Changed, Event, Listener, Moved, Removed

Cell = tuple[str, str]
Placement = tuple[str, str, int]
R = TypeVar("R", bound=msgspec.Struct)


class _Axis:
    """An ordered list of stages or of lanes with an id → position index."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.items: list[Any] = []
        self.index: dict[str, int] = {}

    def reindex(self) -> None:
        self.index = {item.id: i for i, item in enumerate(self.items)}

    def get(self, item_id: str) -> Any:
        try:
            return self.items[self.index[item_id]]
        except KeyError:
            raise UnknownReference(f'unknown {self.kind} "{item_id}"') from None


class JourneyMap:
    """A customer journey map document."""

    def __init__(
        self,
        title: str = "Untitled journey",
        *,
        description: str = "",
        persona: Persona | None = None,
        channels: Iterable[Channel] | None = None,
    ) -> None:
        self._title = validation.checked_value("map", None, "title", title)
        self._description = validation.checked_value("map", None, "description", description)
        self._persona: Persona | None = validation.checked_value("map", None, "persona", persona)
        self._channels: list[Channel] | None = None
        self._palette: dict[str, Channel] = {c.id: c for c in BUILTIN_CHANNELS}
        self._stages = _Axis("stage")
        self._lanes = _Axis("lane")
        self.graph: Any = nx.DiGraph()
        self._cells: dict[Cell, dict[int, str]] = {}  # derived from the graph: slot → id
        self._improvements: list[Improvement] = []
        self._improvement_index: dict[str, int] = {}
        self._next_order = 0
        self._listeners: list[Listener] = []
        if channels is not None:
            palette = validation.checked_value("map", None, "channels", list(channels))
            self._check_channels(palette)
            self._set_channels(palette)

    # ------------------------------------------------------------------ events
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for listener in tuple(self._listeners):
            listener(event)

    # ------------------------------------------------------------------ the map
    @property
    def title(self) -> str:
        return self._title  # type: ignore[no-any-return]

    @property
    def description(self) -> str:
        return self._description  # type: ignore[no-any-return]

    @property
    def persona(self) -> Persona | None:
        return self._persona

    @property
    def channels(self) -> list[Channel] | None:
        """The map's own channel palette, or None for the built-in one."""
        return None if self._channels is None else list(self._channels)

    @property
    def palette(self) -> tuple[Channel, ...]:
        """The channels touchpoints may use."""
        return tuple(self._palette.values())

    def channel(self, channel_id: str) -> Channel:
        try:
            return self._palette[channel_id]
        except KeyError:
            raise UnknownReference(f'unknown channel "{channel_id}"') from None

    def update_map(self, **fields: Any) -> None:
        """Change the title, description, persona or channel palette."""
        values = self._checked_fields("map", None, fields)
        if "channels" in values:
            self._check_channels(values["channels"])
        changed = frozenset(f for f, v in values.items() if getattr(self, f"_{f}") != v)
        if not changed:
            return
        for f in changed:
            if f == "channels":
                self._set_channels(values[f])
            else:
                setattr(self, f"_{f}", values[f])
        self._emit(Changed("map", None, changed))

    def _check_channels(self, channels: list[Channel] | None) -> None:
        """A palette (None: the built-in one) must have unique ids and keep every used channel."""
        seen: set[str] = set()
        for c in BUILTIN_CHANNELS if channels is None else channels:
            if c.id in seen:
                raise DuplicateId(f'channel id "{c.id}" is used twice')
            seen.add(c.id)
        for tp in self.touchpoints():
            if tp.channel is not None and tp.channel not in seen:
                raise StillReferenced(
                    f'touchpoint "{tp.id}" uses channel "{tp.channel}", which the new palette lacks'
                )

    def _set_channels(self, channels: list[Channel] | None) -> None:
        self._channels = None if channels is None else list(channels)
        source = BUILTIN_CHANNELS if channels is None else channels
        self._palette = {c.id: c for c in source}

    # ------------------------------------------------------------------ stages and lanes
    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(self._stages.items)

    @property
    def lanes(self) -> tuple[Lane, ...]:
        return tuple(self._lanes.items)

    def stage(self, stage_id: str) -> Stage:
        return self._stages.get(stage_id)  # type: ignore[no-any-return]

    def lane(self, lane_id: str) -> Lane:
        return self._lanes.get(lane_id)  # type: ignore[no-any-return]

    def stage_index(self, stage_id: str) -> int:
        self._stages.get(stage_id)
        return self._stages.index[stage_id]

    def lane_index(self, lane_id: str) -> int:
        self._lanes.get(lane_id)
        return self._lanes.index[lane_id]

    def add_stage(self, stage: Stage, index: int | None = None) -> None:
        self._axis_add(self._stages, stage, index)

    def add_lane(self, lane: Lane, index: int | None = None) -> None:
        self._axis_add(self._lanes, lane, index)

    def remove_stage(self, stage_id: str) -> None:
        """Remove an empty stage (remove its touchpoints first)."""
        self._axis_remove(self._stages, stage_id)

    def remove_lane(self, lane_id: str) -> None:
        """Remove an empty lane (remove its touchpoints first)."""
        self._axis_remove(self._lanes, lane_id)

    def move_stage(self, stage_id: str, index: int) -> None:
        self._axis_move(self._stages, stage_id, index)

    def move_lane(self, lane_id: str, index: int) -> None:
        self._axis_move(self._lanes, lane_id, index)

    def update_stage(self, stage_id: str, /, **fields: Any) -> None:
        self._axis_update(self._stages, stage_id, fields)

    def update_lane(self, lane_id: str, /, **fields: Any) -> None:
        self._axis_update(self._lanes, lane_id, fields)

    def _axis_add(
        self, axis: _Axis, item: Stage | Lane, index: int | None, check: bool = True
    ) -> None:
        if check:
            item = self._check_record(axis.kind, item)
        if item.id in axis.index:
            raise DuplicateId(f'{axis.kind} id "{item.id}" is already used')
        count = len(axis.items)
        if index is None:
            index = count
        _check_position(axis.kind, index, count)
        axis.items.insert(index, item)
        axis.reindex()
        self._emit(Added(axis.kind, item.id, index))  # type: ignore[arg-type]

    def _axis_remove(self, axis: _Axis, item_id: str) -> None:
        axis.get(item_id)
        if len(axis.items) == 1:
            raise StillReferenced(
                f'{axis.kind} "{item_id}" is the last one; a map needs at least one'
            )
        held = self._cards_on(axis.kind, item_id)
        if held:
            raise StillReferenced(
                f'{axis.kind} "{item_id}" still holds {held} touchpoint' + ("s" if held > 1 else "")
            )
        index = axis.index[item_id]
        del axis.items[index]
        axis.reindex()
        self._emit(Removed(axis.kind, item_id, index))  # type: ignore[arg-type]

    def _cards_on(self, kind: str, item_id: str) -> int:
        pos = 0 if kind == "stage" else 1
        return sum(len(slots) for cell, slots in self._cells.items() if cell[pos] == item_id)

    def _axis_move(self, axis: _Axis, item_id: str, index: int) -> None:
        item = axis.get(item_id)
        _check_position(axis.kind, index, len(axis.items) - 1)
        old = axis.index[item_id]
        if old == index:
            return
        del axis.items[old]
        axis.items.insert(index, item)
        axis.reindex()
        self._emit(Moved(axis.kind, item_id, old, index))  # type: ignore[arg-type]

    def _axis_update(self, axis: _Axis, item_id: str, fields: Mapping[str, Any]) -> None:
        item = axis.get(item_id)
        values = self._checked_fields(axis.kind, item_id, fields)
        self._apply(axis.kind, item_id, item, values)

    # ------------------------------------------------------------------ touchpoints
    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        try:
            return self.graph.nodes[touchpoint_id]["touchpoint"]  # type: ignore[no-any-return]
        except KeyError:
            raise UnknownReference(f'unknown touchpoint "{touchpoint_id}"') from None

    def has_touchpoint(self, touchpoint_id: str) -> bool:
        return touchpoint_id in self.graph

    def touchpoint_order(self, touchpoint_id: str) -> int:
        """Position key of a touchpoint in the file (kept across remove and undo)."""
        self.touchpoint(touchpoint_id)
        return self.graph.nodes[touchpoint_id]["order"]  # type: ignore[no-any-return]

    def touchpoints(self) -> list[Touchpoint]:
        """All touchpoints in file order."""
        nodes = sorted(self.graph.nodes(data=True), key=lambda n: n[1]["order"])
        return [data["touchpoint"] for _, data in nodes]

    @property
    def touchpoint_count(self) -> int:
        return self.graph.number_of_nodes()  # type: ignore[no-any-return]

    def cell(self, stage_id: str, lane_id: str) -> list[Touchpoint]:
        """The touchpoints of one cell, left to right."""
        slots = self._cells.get((stage_id, lane_id), {})
        nodes = self.graph.nodes
        return [nodes[slots[s]]["touchpoint"] for s in sorted(slots)]

    def cells(self) -> dict[Cell, list[Touchpoint]]:
        """Every non-empty cell with its touchpoints left to right."""
        nodes = self.graph.nodes
        return {
            cell: [nodes[slots[s]]["touchpoint"] for s in sorted(slots)]
            for cell, slots in self._cells.items()
            if slots
        }

    def add_touchpoint(self, touchpoint: Touchpoint, *, order: int | None = None) -> None:
        """Add (a checked copy of) a card at its stage, lane and slot (the slot must be free)."""
        self._add_touchpoint(touchpoint, order, check=True)

    def _add_touchpoint(self, tp: Touchpoint, order: int | None, check: bool) -> None:
        if check:
            tp = self._check_record("touchpoint", tp)
        if tp.id in self.graph:
            raise DuplicateId(f'touchpoint id "{tp.id}" is already used')
        self._stages.get(tp.stage)
        self._lanes.get(tp.lane)
        if tp.channel is not None:
            self.channel(tp.channel)
        slots = self._cells.setdefault((tp.stage, tp.lane), {})
        if tp.slot in slots:
            raise OccupiedSlot(
                f'slot {tp.slot} of cell (stage "{tp.stage}", lane "{tp.lane}") is already '
                f'taken by touchpoint "{slots[tp.slot]}"'
            )
        if order is None:
            order = self._next_order
        self._next_order = max(self._next_order, order + 1)
        slots[tp.slot] = tp.id
        self.graph.add_node(tp.id, touchpoint=tp, order=order)
        self._emit(Added("touchpoint", tp.id))

    def _load_checked(
        self, touchpoints: list[Touchpoint], links: list[Link], improvements: list[Improvement]
    ) -> None:
        """Fill an empty document at once from records the loader has fully checked.

        No events: nobody can be listening to a document that is still being built.
        """
        graph = self.graph
        graph.add_nodes_from(
            (tp.id, {"touchpoint": tp, "order": i}) for i, tp in enumerate(touchpoints)
        )
        cells = self._cells
        for tp in touchpoints:
            slots = cells.get((tp.stage, tp.lane))
            if slots is None:
                slots = cells[(tp.stage, tp.lane)] = {}
            slots[tp.slot] = tp.id
        offset = len(touchpoints)
        graph.add_edges_from(
            (link.source, link.target, {"link": link, "order": offset + i})
            for i, link in enumerate(links)
        )
        self._next_order = offset + len(links)
        self._improvements = list(improvements)
        self._reindex_improvements()

    def remove_touchpoint(self, touchpoint_id: str) -> None:
        """Remove a card that no link and no improvement refers to any more."""
        tp = self.touchpoint(touchpoint_id)
        degree = self.graph.degree(touchpoint_id)
        if degree:
            raise StillReferenced(
                f'touchpoint "{touchpoint_id}" still has {degree} link'
                + ("s" if degree > 1 else "")
            )
        for imp in self._improvements:
            if touchpoint_id in imp.touchpoints:
                raise StillReferenced(
                    f'touchpoint "{touchpoint_id}" is still named by improvement "{imp.id}"'
                )
        del self._cells[(tp.stage, tp.lane)][tp.slot]
        self.graph.remove_node(touchpoint_id)
        self._emit(Removed("touchpoint", touchpoint_id))

    def update_touchpoint(self, touchpoint_id: str, /, **fields: Any) -> None:
        """Change any field but id and placement (see :meth:`place_touchpoints`)."""
        tp = self.touchpoint(touchpoint_id)
        values = self._checked_fields("touchpoint", touchpoint_id, fields)
        if values.get("channel") is not None:
            self.channel(values["channel"])
        self._apply("touchpoint", touchpoint_id, tp, values)

    def place_touchpoints(self, placements: Mapping[str, Placement]) -> None:
        """Move cards to new (stage, lane, slot) places at once; no two may end in one slot."""
        old: dict[str, Placement] = {}
        new: dict[str, Placement] = {}
        for tp_id, (stage_id, lane_id, slot) in placements.items():
            tp = self.touchpoint(tp_id)
            self._stages.get(stage_id)
            self._lanes.get(lane_id)
            if not isinstance(slot, int) or isinstance(slot, bool) or slot < 0:
                raise InvalidValue(f'touchpoint "{tp_id}".slot: expected an integer of 0 or more')
            old[tp_id] = (tp.stage, tp.lane, tp.slot)
            new[tp_id] = (stage_id, lane_id, slot)
        moving = {k for k in new if new[k] != old[k]}
        if not moving:
            return
        cells = {old[k][:2] for k in moving} | {new[k][:2] for k in moving}
        new_cells: dict[Cell, dict[int, str]] = {}
        for cell in cells:
            slots = {s: i for s, i in self._cells.get(cell, {}).items() if i not in moving}
            new_cells[cell] = slots
        for tp_id in moving:
            stage_id, lane_id, slot = new[tp_id]
            slots = new_cells[(stage_id, lane_id)]
            if slot in slots:
                raise OccupiedSlot(
                    f'slot {slot} of cell (stage "{stage_id}", lane "{lane_id}") would hold both '
                    f'"{slots[slot]}" and "{tp_id}"'
                )
            slots[slot] = tp_id
        for cell, slots in new_cells.items():
            self._cells[cell] = slots
        nodes = self.graph.nodes
        for tp_id in moving:
            tp = nodes[tp_id]["touchpoint"]
            tp.stage, tp.lane, tp.slot = new[tp_id]
        for tp_id in sorted(moving, key=lambda k: nodes[k]["order"]):
            self._emit(Moved("touchpoint", tp_id, old[tp_id], new[tp_id]))

    # ------------------------------------------------------------------ links
    def link(self, source: str, target: str) -> Link:
        try:
            return self.graph.edges[source, target]["link"]  # type: ignore[no-any-return]
        except KeyError:
            raise UnknownReference(f'no link from "{source}" to "{target}"') from None

    def has_link(self, source: str, target: str) -> bool:
        return self.graph.has_edge(source, target)  # type: ignore[no-any-return]

    def link_order(self, source: str, target: str) -> int:
        self.link(source, target)
        return self.graph.edges[source, target]["order"]  # type: ignore[no-any-return]

    def links(self) -> list[Link]:
        """All links in file order."""
        edges = sorted(self.graph.edges(data=True), key=lambda e: e[2]["order"])
        return [data["link"] for _, _, data in edges]

    def links_of(self, touchpoint_id: str) -> list[Link]:
        """The links into and out of one touchpoint, in file order."""
        self.touchpoint(touchpoint_id)
        g = self.graph
        edges = [*g.in_edges(touchpoint_id, data=True), *g.out_edges(touchpoint_id, data=True)]
        return [d["link"] for _, _, d in sorted(edges, key=lambda e: e[2]["order"])]

    def add_link(self, link: Link, *, order: int | None = None) -> None:
        self._add_link(link, order, check=True)

    def _add_link(self, link: Link, order: int | None, check: bool) -> None:
        if check:
            link = self._check_record("link", link)
        for end in (link.source, link.target):
            if end not in self.graph:
                raise UnknownReference(f'link end "{end}" is not a touchpoint')
        if link.source == link.target:
            raise SelfLink(f'touchpoint "{link.source}" cannot link to itself')
        if self.graph.has_edge(link.source, link.target):
            raise DuplicateLink(f'"{link.source}" already links to "{link.target}"')
        if order is None:
            order = self._next_order
        self._next_order = max(self._next_order, order + 1)
        self.graph.add_edge(link.source, link.target, link=link, order=order)
        self._emit(Added("link", (link.source, link.target)))

    def remove_link(self, source: str, target: str) -> None:
        self.link(source, target)
        self.graph.remove_edge(source, target)
        self._emit(Removed("link", (source, target)))

    def update_link(self, source: str, target: str, /, **fields: Any) -> None:
        link = self.link(source, target)
        values = self._checked_fields("link", (source, target), fields)
        self._apply("link", (source, target), link, values)

    # ------------------------------------------------------------------ improvements
    @property
    def improvements(self) -> tuple[Improvement, ...]:
        return tuple(self._improvements)

    def improvement(self, improvement_id: str) -> Improvement:
        try:
            return self._improvements[self._improvement_index[improvement_id]]
        except KeyError:
            raise UnknownReference(f'unknown improvement "{improvement_id}"') from None

    def improvement_index(self, improvement_id: str) -> int:
        self.improvement(improvement_id)
        return self._improvement_index[improvement_id]

    def improvements_for(self, touchpoint_id: str) -> list[Improvement]:
        """The improvements that name a touchpoint."""
        return [imp for imp in self._improvements if touchpoint_id in imp.touchpoints]

    def add_improvement(self, improvement: Improvement, index: int | None = None) -> None:
        self._add_improvement(improvement, index, check=True)

    def _add_improvement(self, imp: Improvement, index: int | None, check: bool) -> None:
        if check:
            imp = self._check_record("improvement", imp)
        if imp.id in self._improvement_index:
            raise DuplicateId(f'improvement id "{imp.id}" is already used')
        self._check_improvement_touchpoints(imp.id, imp.touchpoints)
        count = len(self._improvements)
        if index is None:
            index = count
        _check_position("improvement", index, count)
        self._improvements.insert(index, imp)
        self._reindex_improvements()
        self._emit(Added("improvement", imp.id, index))

    def _check_improvement_touchpoints(self, imp_id: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for tp_id in ids:
            if tp_id not in self.graph:
                raise UnknownReference(f'improvement "{imp_id}" names unknown touchpoint "{tp_id}"')
            if tp_id in seen:
                raise DuplicateId(f'improvement "{imp_id}" names touchpoint "{tp_id}" twice')
            seen.add(tp_id)

    def remove_improvement(self, improvement_id: str) -> None:
        index = self.improvement_index(improvement_id)
        del self._improvements[index]
        self._reindex_improvements()
        self._emit(Removed("improvement", improvement_id, index))

    def move_improvement(self, improvement_id: str, index: int) -> None:
        old = self.improvement_index(improvement_id)
        _check_position("improvement", index, len(self._improvements) - 1)
        if old == index:
            return
        imp = self._improvements.pop(old)
        self._improvements.insert(index, imp)
        self._reindex_improvements()
        self._emit(Moved("improvement", improvement_id, old, index))

    def update_improvement(self, improvement_id: str, /, **fields: Any) -> None:
        imp = self.improvement(improvement_id)
        values = self._checked_fields("improvement", improvement_id, fields)
        if "touchpoints" in values:
            self._check_improvement_touchpoints(improvement_id, values["touchpoints"])
        self._apply("improvement", improvement_id, imp, values)

    def _reindex_improvements(self) -> None:
        self._improvement_index = {imp.id: i for i, imp in enumerate(self._improvements)}

    # ------------------------------------------------------------------ shared helpers
    def _checked_fields(self, kind: str, key: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
        allowed = EDITABLE_FIELDS[kind]
        label = validation.entity_label(kind, key)
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name not in allowed:
                raise InvalidValue(f'{label}: field "{name}" cannot be edited this way')
            values[name] = validation.checked_value(kind, key, name, value)
        return values

    def _apply(
        self, kind: str, key: Any, record: msgspec.Struct, values: Mapping[str, Any]
    ) -> None:
        changed = frozenset(f for f, v in values.items() if getattr(record, f) != v)
        if not changed:
            return
        for f in changed:
            setattr(record, f, values[f])
        self._emit(Changed(kind, key, changed))  # type: ignore[arg-type]

    def _check_record(self, kind: str, record: R) -> R:
        """Check a record built in code against the declared types; return a fresh copy."""
        return validation.checked_record(kind, record)

    def __repr__(self) -> str:
        return (
            f"<JourneyMap {self._title!r}: {len(self._stages.items)} stages, "
            f"{len(self._lanes.items)} lanes, {self.touchpoint_count} touchpoints, "
            f"{self.graph.number_of_edges()} links>"
        )


def _check_position(kind: str, index: Any, last: int) -> None:
    """``index`` must be an integer from 0 to ``last``."""
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= last:
        raise InvalidValue(f"{kind} position {index!r} is outside 0…{last}")


__all__ = ["JourneyMap", "ModelError"]
