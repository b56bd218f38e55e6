"""A map as rows of cells, one table per kind of entity; what CSV and Excel export write."""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.core.entities import Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.interop.sheets.columns import (
    CHANNEL_COLUMNS,
    IMPROVEMENT_COLUMNS,
    LANE_COLUMNS,
    LINK_COLUMNS,
    STAGE_COLUMNS,
    TOUCHPOINT_COLUMNS,
    Column,
)
from journeymap.interop.sheets.values import Cell, format_link, format_metrics

Row = list[Cell]

def headers(columns: Sequence[Column]) -> Row:
    return [column.header for column in columns]


def channel_label(doc: JourneyMap, channel_id: str) -> str:
    """The channel's name when it leads back to the same channel, its id otherwise."""
    name = doc.channel(channel_id).name
    clashes = any(
        c.id != channel_id and (c.name == name or c.id == name) for c in doc.palette
    )
    return channel_id if clashes or not name.strip() else name


def touchpoint_rows(doc: JourneyMap, by_position: bool = False) -> list[Row]:
    """Header and one row per touchpoint (file order, or stage, lane and slot order)."""
    outgoing: dict[str, list[str]] = {}
    for link in doc.links():
        outgoing.setdefault(link.source, []).append(
            format_link(link.target, link.kind, link.label)
        )
    labels = {c.id: channel_label(doc, c.id) for c in doc.palette}
    cards = doc.touchpoints()
    if by_position:
        stages = {s.id: i for i, s in enumerate(doc.stages)}
        lanes = {lane.id: i for i, lane in enumerate(doc.lanes)}
        cards.sort(key=lambda tp: (stages[tp.stage], lanes[tp.lane], tp.slot))
    rows = [headers(TOUCHPOINT_COLUMNS)]
    for tp in cards:
        rows.append(_touchpoint_row(doc, tp, labels, outgoing.get(tp.id, [])))
    return rows


def _touchpoint_row(
    doc: JourneyMap, tp: Touchpoint, labels: dict[str, str], links: list[str]
) -> Row:
    values: dict[str, Cell] = {
        "stage": doc.stage(tp.stage).name,
        "lane": doc.lane(tp.lane).name,
        "slot": tp.slot,
        "title": tp.title,
        "channel": None if tp.channel is None else labels[tp.channel],
        "emotion": tp.emotion,
        "colour": tp.colour,
        "description": tp.description,
        "thoughts": tp.thoughts,
        "pain_points": "\n".join(tp.pain_points),
        "opportunities": "\n".join(tp.opportunities),
        "owner": tp.owner,
        "metrics": format_metrics(tp.metrics),
        "moment_of_truth": "yes" if tp.moment_of_truth else "",
        "votes": tp.votes,
        "links": "; ".join(links),
        "id": tp.id,
        "stage_id": tp.stage,
        "lane_id": tp.lane,
    }
    return [values[column.field] for column in TOUCHPOINT_COLUMNS]


def stage_rows(doc: JourneyMap) -> list[Row]:
    return [headers(STAGE_COLUMNS)] + [
        [s.id, s.name, s.phase, s.description] for s in doc.stages
    ]


def lane_rows(doc: JourneyMap) -> list[Row]:
    return [headers(LANE_COLUMNS)] + [
        [lane.id, lane.name, lane.description] for lane in doc.lanes
    ]


def link_rows(doc: JourneyMap) -> list[Row]:
    return [headers(LINK_COLUMNS)] + [
        [link.source, link.target, link.kind, link.label] for link in doc.links()
    ]


def improvement_rows(doc: JourneyMap) -> list[Row]:
    rows = [headers(IMPROVEMENT_COLUMNS)]
    for imp in doc.improvements:
        rows.append(
            [
                imp.id,
                imp.title,
                "; ".join(imp.touchpoints),
                imp.problem,
                imp.action,
                imp.owner,
                imp.priority,
                imp.impact,
                imp.effort,
                imp.status,
                imp.due,
                imp.kpi,
            ]
        )
    return rows


def channel_rows(doc: JourneyMap) -> list[Row] | None:
    """The map's own channel palette, or None when it uses the built-in one."""
    channels = doc.channels
    if channels is None:
        return None
    return [headers(CHANNEL_COLUMNS)] + [[c.id, c.name, c.kind] for c in channels]


def map_rows(doc: JourneyMap) -> list[Row]:
    """Title and description; the persona's rows only when the map has a persona."""
    rows: list[Row] = [["Field", "Value"], ["Title", doc.title], ["Description", doc.description]]
    persona = doc.persona
    if persona is not None:
        rows += [
            ["Persona name", persona.name],
            ["Persona description", persona.description],
            ["Persona goals", "\n".join(persona.goals)],
            ["Persona pains", "\n".join(persona.pains)],
        ]
    return rows
