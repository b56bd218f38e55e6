"""Undoable edits, built only on the document API.

A command is created with what the user asked for, and captures what it needs to undo
when it is first done. ``do`` then ``undo`` returns the document to exactly the state it
had (including slots and the order of records in the file); ``do`` again redoes it.
Cascades (removing a card removes its links; removing a stage removes its cards) are one
command, so one undo restores everything.

Consecutive edits of the same fields of the same entity can merge (``merge_key`` /
``merge``), which the editor's undo stack uses for typing.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import msgspec

from journeymap.core.entities import EDITABLE_FIELDS, Improvement, Lane, Link, Stage, Touchpoint
from journeymap.core.errors import DuplicateId, StillReferenced
from journeymap.core.events import EntityKind
from journeymap.core.model import JourneyMap, Placement


class Command:
    """Base class: one user-visible, undoable step."""

    text: str = ""

    def do(self, doc: JourneyMap) -> None:
        raise NotImplementedError

    def undo(self, doc: JourneyMap) -> None:
        raise NotImplementedError

    def merge_key(self) -> Hashable | None:
        """Commands with equal non-None keys, done one after the other, may merge."""
        return None

    def merge(self, other: Command) -> bool:
        """Absorb ``other`` (already done) into this one; False when they do not merge."""
        return False

    def is_noop(self) -> bool:
        """True when the command (after merging) changes nothing."""
        return False


class Macro(Command):
    """Several commands as one step; undone in reverse order."""

    def __init__(self, text: str, commands: Iterable[Command]) -> None:
        self.text = text
        self.commands = list(commands)

    def do(self, doc: JourneyMap) -> None:
        done: list[Command] = []
        try:
            for command in self.commands:
                command.do(doc)
                done.append(command)
        except Exception:
            for command in reversed(done):
                command.undo(doc)
            raise

    def undo(self, doc: JourneyMap) -> None:
        for command in reversed(self.commands):
            command.undo(doc)


# ---------------------------------------------------------------------- field edits
def _record(doc: JourneyMap, kind: EntityKind, key: Any) -> Any:
    if kind == "touchpoint":
        return doc.touchpoint(key)
    if kind == "link":
        return doc.link(*key)
    if kind == "stage":
        return doc.stage(key)
    if kind == "lane":
        return doc.lane(key)
    if kind == "improvement":
        return doc.improvement(key)
    return doc


def _update(doc: JourneyMap, kind: EntityKind, key: Any, fields: Mapping[str, Any]) -> None:
    if kind == "touchpoint":
        doc.update_touchpoint(key, **fields)
    elif kind == "link":
        doc.update_link(*key, **fields)
    elif kind == "stage":
        doc.update_stage(key, **fields)
    elif kind == "lane":
        doc.update_lane(key, **fields)
    elif kind == "improvement":
        doc.update_improvement(key, **fields)
    else:
        doc.update_map(**fields)


class Edit(Command):
    """Set fields of a touchpoint, link, stage, lane, improvement or the map itself."""

    def __init__(
        self, kind: EntityKind, key: Any, fields: Mapping[str, Any], text: str = ""
    ) -> None:
        self.kind = kind
        self.key = tuple(key) if kind == "link" else key
        self.fields = copy.deepcopy(dict(fields))
        self.old: dict[str, Any] | None = None
        names = ", ".join(sorted(self.fields))
        self.text = text or f"Edit {kind if kind != 'map' else 'map'} {names}"

    def do(self, doc: JourneyMap) -> None:
        record = _record(doc, self.kind, self.key)
        editable = EDITABLE_FIELDS[self.kind]
        old = {f: copy.deepcopy(getattr(record, f)) for f in self.fields if f in editable}
        _update(doc, self.kind, self.key, self.fields)
        if self.old is None:
            self.old = old

    def undo(self, doc: JourneyMap) -> None:
        assert self.old is not None, "undo before do"
        _update(doc, self.kind, self.key, self.old)

    def merge_key(self) -> Hashable:
        return ("edit", self.kind, self.key, frozenset(self.fields))

    def merge(self, other: Command) -> bool:
        if not isinstance(other, Edit) or other.merge_key() != self.merge_key():
            return False
        self.fields = dict(other.fields)
        return True

    def is_noop(self) -> bool:
        return self.old is not None and all(_same(self.old[f], self.fields[f]) for f in self.fields)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(msgspec.to_builtins(a) == msgspec.to_builtins(b))
    except TypeError:
        return bool(a == b)


# ---------------------------------------------------------------------- placement helpers
def _cell_ids(doc: JourneyMap, stage: str, lane: str) -> list[str]:
    return [tp.id for tp in doc.cell(stage, lane)]


def _placements(doc: JourneyMap, ids: Iterable[str]) -> dict[str, Placement]:
    out: dict[str, Placement] = {}
    for tp_id in ids:
        tp = doc.touchpoint(tp_id)
        out[tp_id] = (tp.stage, tp.lane, tp.slot)
    return out


def _renumber(stage: str, lane: str, ids: list[str]) -> dict[str, Placement]:
    return {tp_id: (stage, lane, i) for i, tp_id in enumerate(ids)}


# ---------------------------------------------------------------------- touchpoints
class AddTouchpoint(Command):
    """Add a card to its cell at position ``index`` (default: last); later cards make room."""

    def __init__(self, touchpoint: Touchpoint, index: int | None = None) -> None:
        self.touchpoint = copy.deepcopy(touchpoint)
        self.index = index
        self.order: int | None = None
        self.before: dict[str, Placement] = {}
        self.text = f"Add “{_short(touchpoint.title)}”"

    def do(self, doc: JourneyMap) -> None:
        tp = copy.deepcopy(self.touchpoint)
        doc.stage(tp.stage)
        doc.lane(tp.lane)
        if doc.has_touchpoint(tp.id):
            raise DuplicateId(f'touchpoint id "{tp.id}" is already used')
        if tp.channel is not None:
            doc.channel(tp.channel)
        ids = _cell_ids(doc, tp.stage, tp.lane)
        index = len(ids) if self.index is None else max(0, min(self.index, len(ids)))
        self.before = _placements(doc, ids)
        ids.insert(index, tp.id)
        new = _renumber(tp.stage, tp.lane, ids)
        tp.slot = new.pop(tp.id)[2]
        doc.place_touchpoints(_changed(new, self.before))
        try:
            doc.add_touchpoint(tp, order=self.order)
        except Exception:
            doc.place_touchpoints(self.before)
            raise
        self.order = doc.touchpoint_order(tp.id)

    def undo(self, doc: JourneyMap) -> None:
        doc.remove_touchpoint(self.touchpoint.id)
        doc.place_touchpoints(self.before)


def _changed(new: dict[str, Placement], before: dict[str, Placement]) -> dict[str, Placement]:
    """Only the cards whose place changes."""
    return {k: v for k, v in new.items() if before.get(k) != v}


class RemoveTouchpoints(Command):
    """Remove cards with their links and their mentions in improvements; cells close up."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = list(dict.fromkeys(ids))
        self.removed: list[tuple[Touchpoint, int]] = []
        self.links: list[tuple[Link, int]] = []
        self.mentions: dict[str, list[str]] = {}
        self.before: dict[str, Placement] = {}
        count = len(self.ids)
        self.text = "Remove touchpoint" if count == 1 else f"Remove {count} touchpoints"

    def do(self, doc: JourneyMap) -> None:
        gone = set(self.ids)
        tps = [doc.touchpoint(i) for i in self.ids]
        cells = {(tp.stage, tp.lane) for tp in tps}
        links: dict[tuple[str, str], tuple[Link, int]] = {}
        for tp_id in self.ids:
            for link in doc.links_of(tp_id):
                pair = (link.source, link.target)
                links[pair] = (link, doc.link_order(*pair))
        self.links = sorted(links.values(), key=lambda item: item[1])
        # The records are kept as they are: once removed, the document no longer touches
        # them, and adding them back (undo) stores a copy.
        self.removed = [(tp, doc.touchpoint_order(tp.id)) for tp in tps]
        self.mentions = {
            imp.id: list(imp.touchpoints)
            for imp in doc.improvements
            if any(t in gone for t in imp.touchpoints)
        }
        remaining: dict[tuple[str, str], list[str]] = {
            cell: [i for i in _cell_ids(doc, *cell) if i not in gone] for cell in cells
        }
        before = _placements(doc, [i for ids in remaining.values() for i in ids])
        for imp_id, names in self.mentions.items():
            doc.update_improvement(imp_id, touchpoints=[t for t in names if t not in gone])
        for link, _ in self.links:
            doc.remove_link(link.source, link.target)
        for tp_id in self.ids:
            doc.remove_touchpoint(tp_id)
        after: dict[str, Placement] = {}
        for (stage, lane), ids in remaining.items():
            after.update(_renumber(stage, lane, ids))
        after = _changed(after, before)
        self.before = {k: before[k] for k in after}
        doc.place_touchpoints(after)

    def undo(self, doc: JourneyMap) -> None:
        doc.place_touchpoints(self.before)
        for tp, order in self.removed:
            doc.add_touchpoint(tp, order=order)
        for link, order in self.links:
            doc.add_link(link, order=order)
        for imp_id, names in self.mentions.items():
            doc.update_improvement(imp_id, touchpoints=names)


class MoveTouchpoint(Command):
    """Move a card to position ``index`` of a cell; both cells close up or make room."""

    def __init__(self, touchpoint_id: str, stage: str, lane: str, index: int | None = None) -> None:
        self.id = touchpoint_id
        self.stage = stage
        self.lane = lane
        self.index = index
        self.before: dict[str, Placement] = {}
        self.text = "Move touchpoint"

    def do(self, doc: JourneyMap) -> None:
        tp = doc.touchpoint(self.id)
        doc.stage(self.stage)
        doc.lane(self.lane)
        source = (tp.stage, tp.lane)
        target = (self.stage, self.lane)
        src_ids = [i for i in _cell_ids(doc, *source) if i != self.id]
        dst_ids = src_ids if source == target else _cell_ids(doc, *target)
        before = _placements(doc, set(src_ids) | set(dst_ids) | {self.id})
        index = len(dst_ids) if self.index is None else max(0, min(self.index, len(dst_ids)))
        dst_ids = dst_ids[:index] + [self.id] + dst_ids[index:]
        after = _renumber(self.stage, self.lane, dst_ids)
        if source != target:
            after.update(_renumber(*source, src_ids))
        after = _changed(after, before)
        self.before = {k: before[k] for k in after}
        doc.place_touchpoints(after)

    def undo(self, doc: JourneyMap) -> None:
        doc.place_touchpoints(self.before)


# ---------------------------------------------------------------------- links
class AddLink(Command):
    def __init__(self, link: Link) -> None:
        self.link = copy.deepcopy(link)
        self.order: int | None = None
        self.text = "Link touchpoints"

    def do(self, doc: JourneyMap) -> None:
        doc.add_link(copy.deepcopy(self.link), order=self.order)
        self.order = doc.link_order(self.link.source, self.link.target)

    def undo(self, doc: JourneyMap) -> None:
        doc.remove_link(self.link.source, self.link.target)


class RemoveLink(Command):
    def __init__(self, source: str, target: str) -> None:
        self.pair = (source, target)
        self.link: Link | None = None
        self.order = 0
        self.text = "Remove link"

    def do(self, doc: JourneyMap) -> None:
        self.link = copy.deepcopy(doc.link(*self.pair))
        self.order = doc.link_order(*self.pair)
        doc.remove_link(*self.pair)

    def undo(self, doc: JourneyMap) -> None:
        assert self.link is not None, "undo before do"
        doc.add_link(copy.deepcopy(self.link), order=self.order)


# ---------------------------------------------------------------------- stages and lanes
class _AddAxis(Command):
    axis = "stage"

    def __init__(self, item: Stage | Lane, index: int | None = None) -> None:
        self.item = copy.deepcopy(item)
        self.index = index
        self.text = f"Add {self.axis} “{_short(item.name)}”"

    def do(self, doc: JourneyMap) -> None:
        add = doc.add_stage if self.axis == "stage" else doc.add_lane
        add(copy.deepcopy(self.item), self.index)  # type: ignore[arg-type]

    def undo(self, doc: JourneyMap) -> None:
        (doc.remove_stage if self.axis == "stage" else doc.remove_lane)(self.item.id)


class AddStage(_AddAxis):
    axis = "stage"


class AddLane(_AddAxis):
    axis = "lane"


class _RemoveAxis(Command):
    axis = "stage"

    def __init__(self, item_id: str) -> None:
        self.id = item_id
        self.item: Stage | Lane | None = None
        self.index = 0
        self.cascade: RemoveTouchpoints | None = None
        self.text = f"Remove {self.axis}"

    def do(self, doc: JourneyMap) -> None:
        is_stage = self.axis == "stage"
        self.item = copy.deepcopy(doc.stage(self.id) if is_stage else doc.lane(self.id))
        self.index = doc.stage_index(self.id) if is_stage else doc.lane_index(self.id)
        if len(doc.stages if is_stage else doc.lanes) == 1:
            raise StillReferenced(
                f'{self.axis} "{self.id}" is the last one; a map needs at least one'
            )
        pos = 0 if is_stage else 1
        held = [tp.id for cell, tps in doc.cells().items() if cell[pos] == self.id for tp in tps]
        held.sort(key=doc.touchpoint_order)
        self.cascade = RemoveTouchpoints(held)
        self.cascade.do(doc)
        (doc.remove_stage if is_stage else doc.remove_lane)(self.id)

    def undo(self, doc: JourneyMap) -> None:
        assert self.item is not None and self.cascade is not None, "undo before do"
        add = doc.add_stage if self.axis == "stage" else doc.add_lane
        add(copy.deepcopy(self.item), self.index)  # type: ignore[arg-type]
        self.cascade.undo(doc)


class RemoveStage(_RemoveAxis):
    axis = "stage"


class RemoveLane(_RemoveAxis):
    axis = "lane"


class _MoveAxis(Command):
    axis = "stage"

    def __init__(self, item_id: str, index: int) -> None:
        self.id = item_id
        self.index = index
        self.old = 0
        self.text = f"Reorder {self.axis}s"

    def do(self, doc: JourneyMap) -> None:
        is_stage = self.axis == "stage"
        self.old = doc.stage_index(self.id) if is_stage else doc.lane_index(self.id)
        (doc.move_stage if is_stage else doc.move_lane)(self.id, self.index)

    def undo(self, doc: JourneyMap) -> None:
        (doc.move_stage if self.axis == "stage" else doc.move_lane)(self.id, self.old)


class MoveStage(_MoveAxis):
    axis = "stage"


class MoveLane(_MoveAxis):
    axis = "lane"


# ---------------------------------------------------------------------- improvements
class AddImprovement(Command):
    def __init__(self, improvement: Improvement, index: int | None = None) -> None:
        self.improvement = copy.deepcopy(improvement)
        self.index = index
        self.text = f"Add improvement “{_short(improvement.title)}”"

    def do(self, doc: JourneyMap) -> None:
        doc.add_improvement(copy.deepcopy(self.improvement), self.index)

    def undo(self, doc: JourneyMap) -> None:
        doc.remove_improvement(self.improvement.id)


class RemoveImprovement(Command):
    def __init__(self, improvement_id: str) -> None:
        self.id = improvement_id
        self.improvement: Improvement | None = None
        self.index = 0
        self.text = "Remove improvement"

    def do(self, doc: JourneyMap) -> None:
        self.improvement = copy.deepcopy(doc.improvement(self.id))
        self.index = doc.improvement_index(self.id)
        doc.remove_improvement(self.id)

    def undo(self, doc: JourneyMap) -> None:
        assert self.improvement is not None, "undo before do"
        doc.add_improvement(copy.deepcopy(self.improvement), self.index)


class MoveImprovement(Command):
    def __init__(self, improvement_id: str, index: int) -> None:
        self.id = improvement_id
        self.index = index
        self.old = 0
        self.text = "Reorder improvements"

    def do(self, doc: JourneyMap) -> None:
        self.old = doc.improvement_index(self.id)
        doc.move_improvement(self.id, self.index)

    def undo(self, doc: JourneyMap) -> None:
        doc.move_improvement(self.id, self.old)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
