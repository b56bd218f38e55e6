"""The ``%% journeymap <kind> <json>`` comment lines that carry what Mermaid cannot show.

One line per record, in the file format's own JSON for that record (see docs/mermaid.md).
Mermaid skips them as comments; the importer reads them back to restore the map exactly.
"""

from __future__ import annotations

from typing import Any

import msgspec

from journeymap.core import validation
from journeymap.core.entities import (
    MAX_ID,
    Channel,
    Id,
    Improvement,
    Lane,
    Link,
    Persona,
    Stage,
    Text,
    Touchpoint,
)
from journeymap.core.ids import slug

META_VERSION = 1


class MapMeta(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The map-level fields; unknown keys are allowed so newer writers stay readable."""

    version: int = META_VERSION
    title: Text
    description: Text = ""
    persona: Persona | None = None
    channels: list[Channel] | None = None


#: The record type behind each kind of metadata line.
META_TYPES: dict[str, Any] = {
    "map": MapMeta,
    "lane": Lane,
    "stage": Stage,
    "touchpoint": Touchpoint,
    "link": Link,
    "improvement": Improvement,
    "order": list[Id],
}


def meta_line(kind: str, record: Any) -> str:
    """``%% journeymap kind {json}`` on one line.

    ``%`` is written ``\\u0025`` so that no text can look like a ``%%{…}%%`` directive, which
    Mermaid looks for everywhere, comments included.
    """
    try:
        data = msgspec.json.encode(record)
    except UnicodeEncodeError:  # half of a surrogate pair: saved as U+FFFD, as map files do
        data = msgspec.json.encode(validation.scrub(msgspec.to_builtins(record)))
    return f"%% journeymap {kind} " + data.decode("utf-8").replace("%", "\\u0025")


def read_meta(kind: str, payload: str) -> tuple[Any, str]:
    """(record, "") or (None, why it cannot be used)."""
    record_type = META_TYPES.get(kind)
    if record_type is None:
        return None, f'unknown kind of JourneyMap metadata "{kind[:20]}"'
    try:
        return msgspec.json.decode(payload, type=record_type), ""
    except msgspec.ValidationError as err:
        return None, f"JourneyMap {kind} metadata is not valid ({err}); ignored"
    except (msgspec.DecodeError, RecursionError, ValueError):
        return None, f"JourneyMap {kind} metadata is not readable JSON; ignored"


class IdPool:
    """Free ids of one kind: the scheme of :func:`journeymap.core.ids.unique_id` ("make-tea",
    "make-tea-2" …), remembering each counter so that a thousand equal names stay fast."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}

    def claim(self, wanted: str) -> bool:
        if wanted in self.used:
            return False
        self.used.add(wanted)
        return True

    def new(self, text: str, prefix: str) -> str:
        base = (slug(text) or prefix)[: MAX_ID - 6]
        if self.claim(base):
            return base
        n = self._next.get(base, 2)
        while f"{base}-{n}" in self.used:
            n += 1
        self._next[base] = n + 1
        self.used.add(f"{base}-{n}")
        return f"{base}-{n}"
