"""A map as plain text, one line per entity, in reading order (git's textconv).

Line diffs of this text are diffs of the journey: a card edited is one line changed, a
card moved is a line leaving one stage and arriving in another.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec

from journeymap.core.diff import record_fields
from journeymap.core.fileformat import to_record
from journeymap.core.model import JourneyMap


@functools.cache
def _defaults(kind: type[msgspec.Struct]) -> dict[str, Any]:
    return {f.name: f.default for f in msgspec.structs.fields(kind)}


def _fields(record: msgspec.Struct, skip: tuple[str, ...]) -> str:
    """The fields that differ from their defaults, as ``name=json``."""
    parts = []
    defaults = _defaults(type(record))
    for name in record_fields(type(record)):
        if name in skip:
            continue
        value: Any = getattr(record, name)
        if value == defaults[name] or (value == [] or value == {}):
            continue
        parts.append(f"{name}={msgspec.json.encode(value).decode()}")
    return " ".join(parts)


def outline(doc: JourneyMap) -> list[str]:
    record = to_record(doc)
    out = [f"map {msgspec.json.encode(record.title).decode()}"]
    top = _fields(record, ("format", "version", "title", "stages", "lanes", "touchpoints",
                           "links", "improvements", "channels"))
    if top:
        out.append(f"  {top}")
    if record.channels is not None:
        out.extend(f"channel {c.id} {_fields(c, ('id',))}" for c in record.channels)
    titles = {t.id: t.title for t in record.touchpoints}
    lanes = record.lanes
    for lane in lanes:
        out.append(f"lane {lane.id} {_fields(lane, ('id',))}")
    for stage in record.stages:
        out.append(f"stage {stage.id} {_fields(stage, ('id',))}")
        for lane in lanes:
            for tp in doc.cell(stage.id, lane.id):
                rest = _fields(tp, ("id", "stage", "lane", "slot"))
                out.append(f"  [{lane.id} #{tp.slot}] {tp.id} {rest}")
    for link in record.links:
        rest = _fields(link, ("source", "target"))
        out.append(f"link {link.source} -> {link.target} "
                   f"({titles[link.source]} -> {titles[link.target]}) {rest}".rstrip())
    for imp in record.improvements:
        out.append(f"improvement {imp.id} {_fields(imp, ('id',))}")
    return out
