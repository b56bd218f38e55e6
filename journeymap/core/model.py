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

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from journeymap.core import validation
from journeymap.core.entities import (
    BUILTIN_CHANNELS,
    Channel,
    Improvement,
    Link,
    Persona,
    Source,
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
from journeymap.core.events import Added, Changed, Listener, Moved, Removed
from journeymap.core.improvements import Improvements
from journeymap.core.stages import Axis as _Axis
from journeymap.core.stages import StagesAndLanes

Cell = tuple[str, str]
Placement = tuple[str, str, int]
class JourneyMap(StagesAndLanes, Improvements):
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
        self._sources: list[Source] = []
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
    def sources(self) -> list[Source]:
        """Where the map's measured numbers came from (imported data sets), in file order."""
        return list(self._sources)

    def source(self, source_id: str) -> Source:
        for src in self._sources:
            if src.id == source_id:
                return src
        raise UnknownReference(f'unknown source "{source_id}"')

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
        """Change the title, description, persona, channel palette or the list of sources."""
        values = self._checked_fields("map", None, fields)
        if "channels" in values:
            self._check_channels(values["channels"])
        if "sources" in values:
            ids = [src.id for src in values["sources"]]
            twice = next((i for i in ids if ids.count(i) > 1), None)
            if twice is not None:
                raise DuplicateId(f'source id "{twice}" is used twice')
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

    def add_touchpoint_data(self, data: dict[str, Any]) -> Touchpoint:
        """Add a card given as plain field values (an import's row); return it as stored.

        The same rules as :meth:`add_touchpoint`, checked while the record is built rather
        than on a record built first only to be taken apart again.
        """
        tp = validation.checked_data("touchpoint", Touchpoint, data)
        self._add_touchpoint(tp, None, check=False)
        return tp

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
        if self._listeners:  # an import adds many cards before anyone listens
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

    def __repr__(self) -> str:
        return (
            f"<JourneyMap {self._title!r}: {len(self._stages.items)} stages, "
            f"{len(self._lanes.items)} lanes, {self.touchpoint_count} touchpoints, "
            f"{self.graph.number_of_edges()} links>"
        )


__all__ = ["JourneyMap", "ModelError"]
