"""Where a group of dropped cards goes: the moves that keep the order they show."""

from __future__ import annotations

from journeymap.core.commands import Command, MoveTouchpoint
from journeymap.core.layout import Layout
from journeymap.core.model import JourneyMap


def group_moves(
    doc: JourneyMap, layout: Layout, centres: dict[str, tuple[float, float]]
) -> list[Command]:
    """The moves that put dropped cards (their centres, scene coordinates) where they show.

    The cards landing in one cell go there together, in the order they show (row, then left
    to right), at the place the first of them points at among the cards that stay. Each
    move's index is worked out on a copy of the cells, as the moves before it leave them.
    """
    moving = set(centres)
    groups: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    for tp_id, (x, y) in centres.items():
        cell = layout.cell_at(x, y)
        if cell is not None:
            groups.setdefault(cell, []).append((y, x, tp_id))
    cells: dict[tuple[str, str], list[str]] = {}

    def ids_of(cell: tuple[str, str]) -> list[str]:
        return cells.setdefault(cell, [tp.id for tp in doc.cell(*cell)])

    where = {tp_id: (doc.touchpoint(tp_id).stage, doc.touchpoint(tp_id).lane)
             for tp_id in centres}
    stage_pos = {s.id: i for i, s in enumerate(doc.stages)}
    lane_pos = {lane.id: i for i, lane in enumerate(doc.lanes)}
    commands: list[Command] = []
    for cell in sorted(groups, key=lambda c: (stage_pos[c[0]], lane_pos[c[1]])):
        shown = sorted(groups[cell])
        current = ids_of(cell)
        slot = layout.insertion_index(*cell, shown[0][1], shown[0][0], len(current))
        staying = [i for i in current if i not in moving]
        before = sum(1 for i in current[:slot] if i not in moving)
        group = [t[2] for t in shown]
        final = staying[:before] + group + staying[before:]
        placed = set(staying)
        for tp_id in group:
            ids_of(where[tp_id]).remove(tp_id)
            target = ids_of(cell)
            prior = set(final[:final.index(tp_id)]) & placed
            index = 1 + max((i for i, x in enumerate(target) if x in prior), default=-1)
            target.insert(index, tp_id)
            placed.add(tp_id)
            where[tp_id] = cell
            commands.append(MoveTouchpoint(tp_id, cell[0], cell[1], index))
    return commands
