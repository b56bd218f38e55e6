"""Stages (columns) and lanes (rows) of the document: ordered, indexed, checked changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeymap.core.entities import Lane, Stage
from journeymap.core.errors import DuplicateId, StillReferenced, UnknownReference
from journeymap.core.events import Added, Moved, Removed
from journeymap.core.mutation import DocumentCore, check_position


class Axis:
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


class StagesAndLanes(DocumentCore):
    """The stage and lane part of the document API."""

    _stages: Axis
    _lanes: Axis
    _cells: dict[tuple[str, str], dict[int, str]]

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
        self, axis: Axis, item: Stage | Lane, index: int | None, check: bool = True
    ) -> None:
        if check:
            item = self._check_record(axis.kind, item)
        if item.id in axis.index:
            raise DuplicateId(f'{axis.kind} id "{item.id}" is already used')
        count = len(axis.items)
        if index is None:
            index = count
        check_position(axis.kind, index, count)
        axis.items.insert(index, item)
        axis.reindex()
        self._emit(Added(axis.kind, item.id, index))  # type: ignore[arg-type]

    def _axis_remove(self, axis: Axis, item_id: str) -> None:
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

    def _axis_move(self, axis: Axis, item_id: str, index: int) -> None:
        item = axis.get(item_id)
        check_position(axis.kind, index, len(axis.items) - 1)
        old = axis.index[item_id]
        if old == index:
            return
        del axis.items[old]
        axis.items.insert(index, item)
        axis.reindex()
        self._emit(Moved(axis.kind, item_id, old, index))  # type: ignore[arg-type]

    def _axis_update(self, axis: Axis, item_id: str, fields: Mapping[str, Any]) -> None:
        item = axis.get(item_id)
        values = self._checked_fields(axis.kind, item_id, fields)
        self._apply(axis.kind, item_id, item, values)
