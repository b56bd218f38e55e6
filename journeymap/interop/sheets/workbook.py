"""The workbook's other sheets: the map itself, channels, stages, lanes, links, improvements."""

from __future__ import annotations

import datetime
from typing import Any

from journeymap.core.entities import (
    LINK_KINDS,
    PHASES,
    PRIORITIES,
    STATUSES,
    Channel,
    Improvement,
    Persona,
)
from journeymap.core.errors import ModelError
from journeymap.core.ids import unique_id
from journeymap.core.validation import quote
from journeymap.interop.sheets.build import MapBuilder
from journeymap.interop.sheets.channels import ChannelMatcher
from journeymap.interop.sheets.columns import Table, header_key
from journeymap.interop.sheets.values import (
    Cell,
    cell_text,
    fold,
    is_blank,
    parse_count,
    split_lines,
    split_outside_quotes,
)

_PERSONA = {
    "persona name": "name",
    "persona description": "description",
    "persona goal": "goals",
    "persona pain": "pains",
}


def read_map(builder: MapBuilder, table: Table) -> None:
    """Title, description and persona from a two-column Field | Value sheet."""
    values: dict[str, Cell] = {}
    for _, cells in table.rows:
        key = header_key(cell_text(table.value(cells, "field")))
        values.setdefault(key, table.value(cells, "value"))
    fields: dict[str, Any] = {}
    place = table.place(table.header_row)
    title = builder.text(values.get("title"), place, "title")
    if title:
        fields["title"] = title
    if "description" in values:
        fields["description"] = builder.text(values["description"], place, "description", False)
    if any(key in values for key in _PERSONA):
        persona: dict[str, Any] = {}
        for key, name in _PERSONA.items():
            value = values.get(key)
            if name in ("goals", "pains"):
                persona[name] = split_lines(value)
            else:
                persona[name] = builder.text(value, place, f"persona {name}", strip=False)
        fields["persona"] = Persona(**persona)
    try:
        builder.doc.update_map(**fields)
    except ModelError as err:
        builder.warn(f"{place}: {err}; the map's details are skipped")


def read_channels(builder: MapBuilder, table: Table) -> None:
    """The map's own channel palette."""
    channels: list[Channel] = []
    ids: set[str] = set()
    for number, cells in table.rows:
        place = table.place(number)
        channel_id = builder.text(table.value(cells, "id"), place, "id")
        name = builder.text(table.value(cells, "name"), place, "name") or channel_id
        if not name:
            builder.warn(f"{place}: a channel needs an id or a name; skipped")
            continue
        if not channel_id or channel_id in ids or len(channel_id) > 64:
            channel_id = unique_id(name, ids.__contains__, prefix="channel")
        kind = fold(cell_text(table.value(cells, "kind")))
        if kind not in ("digital", "physical", "human"):
            builder.warn(f"{place}: channel kind {quote(kind)} is not digital, physical or human")
            kind = "digital"
        ids.add(channel_id)
        channels.append(Channel(id=channel_id, name=name, kind=kind))  # type: ignore[arg-type]
    if channels:
        builder.doc.update_map(channels=channels)
        builder.channels = ChannelMatcher(builder.doc.palette)


def read_axis(builder: MapBuilder, table: Table, kind: str) -> None:
    """Stages (with phase and description) or lanes, in the sheet's order."""
    taken = builder.ids[kind]
    builder.listed.add(kind)
    for number, cells in table.rows:
        place = table.place(number)
        axis_id = builder.text(table.value(cells, "id"), place, "id")
        name = builder.text(table.value(cells, "name"), place, "name")
        if not axis_id and not name:
            builder.warn(f"{place}: a {kind} needs an id or a name; skipped")
            continue
        if axis_id in taken:
            builder.warn(f"{place}: {kind} id {quote(axis_id)} is used twice; a new one is used")
        extra: dict[str, Any] = {
            "description": builder.text(
                table.value(cells, "description"), place, "description", strip=False
            )
        }
        if kind == "stage":
            extra["phase"] = _phase(builder, place, table.value(cells, "phase"))
        builder.add_axis(kind, axis_id, name or axis_id, **extra)


def _phase(builder: MapBuilder, place: str, value: Cell) -> str | None:
    text = fold(cell_text(value))
    if not text or text in ("none", "-"):
        return None
    for phase in PHASES:
        if text == phase or text.startswith(phase + " "):
            return phase
    builder.warn(f"{place}: phase {quote(text)} is not before, during or after; left empty")
    return None


def read_links(builder: MapBuilder, table: Table) -> None:
    """One link per row: From, To, Kind, Label; ends by touchpoint id or title."""
    titles = builder.resolver()
    for number, cells in table.rows:
        place = table.place(number)
        ends: list[str] = []
        for end in ("source", "target"):
            ref = cell_text(table.value(cells, end)).strip()
            found = builder.resolve(ref, titles) if ref else None
            if found is None:
                what = f"{quote(ref)} is not a touchpoint id or title" if ref else "is empty"
                builder.warn(f"{place}: the link's {end} {what}; the link is skipped")
                break
            ends.append(found)
        else:
            kind = fold(cell_text(table.value(cells, "kind"))) or "flow"
            if kind not in LINK_KINDS:
                builder.warn(f"{place}: link kind {quote(kind)} is unknown; read as flow")
                kind = "flow"
            label = builder.text(table.value(cells, "label"), place, "label", strip=False)
            builder.add_link(place, ends[0], ends[1], kind, label)


def read_improvements(builder: MapBuilder, table: Table) -> None:
    """The improvement plan; touchpoints named by id or title."""
    titles = builder.resolver()
    doc = builder.doc
    ids = {imp.id for imp in doc.improvements}
    for number, cells in table.rows:
        place = table.place(number)
        title = builder.text(table.value(cells, "title"), place, "title")
        if not title:
            builder.warn(f"{place}: an improvement needs a title; the row is skipped")
            continue
        imp_id = builder.text(table.value(cells, "id"), place, "id")
        if not imp_id or imp_id in ids or len(imp_id) > 64:
            imp_id = unique_id(title, ids.__contains__, prefix="improvement")
        named: list[str] = []
        for ref in split_outside_quotes(cell_text(table.value(cells, "touchpoints"))):
            found = builder.resolve(ref, titles)
            if found is None:
                builder.warn(f"{place}: touchpoint {quote(ref)} is unknown; left out")
            elif found not in named:
                named.append(found)
        fields: dict[str, Any] = {"touchpoints": named}
        for name in ("problem", "action", "kpi"):
            fields[name] = builder.text(table.value(cells, name), place, name, strip=False)
        fields["owner"] = builder.text(table.value(cells, "owner"), place, "owner")
        _choice(builder, place, table, cells, fields, "priority", PRIORITIES)
        _choice(builder, place, table, cells, fields, "status", STATUSES)
        for name in ("impact", "effort"):
            value = table.value(cells, name)
            if is_blank(value):
                continue
            try:
                rating = parse_count(value)
            except ValueError:
                rating = 0
            if 1 <= rating <= 5:
                fields[name] = rating
            else:
                builder.warn(f"{place}: {name} {quote(cell_text(value))} is not 1…5; read as 3")
        due = table.value(cells, "due")
        if not is_blank(due):
            fields["due"] = _date(builder, place, due)
        try:
            doc.add_improvement(Improvement(id=imp_id, title=title, **fields))
            ids.add(imp_id)
        except ModelError as err:
            builder.warn(f"{place}: {err}; the improvement is skipped")


def _choice(
    builder: MapBuilder,
    place: str,
    table: Table,
    cells: Any,
    fields: dict[str, Any],
    name: str,
    allowed: tuple[str, ...],
) -> None:
    value = table.value(cells, name)
    if is_blank(value):
        return
    text = "_".join(fold(cell_text(value)).replace("-", " ").split())
    if text in allowed:
        fields[name] = text
    else:
        choices = ", ".join(allowed)
        builder.warn(f"{place}: {name} {quote(cell_text(value))} is not one of {choices}")


def _date(builder: MapBuilder, place: str, value: Cell) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(cell_text(value).strip()[:10])
    except ValueError:
        builder.warn(f"{place}: due date {quote(cell_text(value))} is not YYYY-MM-DD; left empty")
        return None
