"""The entities of a journey map, declared once as typed records.

These declarations are the schema of the ``.journeymap`` format (version 2): the loader
decodes straight into them, the saver encodes from them, the published JSON Schema is
generated from them, and the document validates edits against the same field types.
Field order is the key order of the file format.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Final, Literal

import msgspec

FORMAT_NAME: Final = "journeymap"
FORMAT_VERSION: Final = 2
#: The oldest version a map can still be written as when it uses none of the newer keys.
BASE_VERSION: Final = 1
MAX_TEXT: Final = 20_000
MAX_ID: Final = 64

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_ID, description="non-empty id")]
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
Colour = Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-fA-F]{6}$", description="#rrggbb")]
Emotion = Annotated[int, msgspec.Meta(ge=-2, le=2)]
Rating = Annotated[int, msgspec.Meta(ge=1, le=5)]
#: The largest integer a number field holds: every integer up to it is exact as an IEEE double,
#: so spreadsheets, GraphML, JSON readers and the PDFs all show the value that was written.
MAX_EXACT_INT: Final = 2**53
#: The largest ``slot`` and ``votes``: what the editor's 32-bit spin boxes and sort keys hold.
MAX_COUNT: Final = 2**31 - 1
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]
#: A metric: an integer within ±2**53, or a finite double (NaN and Infinity are not JSON).
Number = Annotated[int, msgspec.Meta(ge=-MAX_EXACT_INT, le=MAX_EXACT_INT)] | float
Phase = Literal["before", "during", "after"]
ChannelKind = Literal["digital", "physical", "human"]
LinkKind = Literal["flow", "alternative", "return"]
Priority = Literal["low", "medium", "high", "critical"]
Status = Literal["idea", "planned", "in_progress", "done"]
Evidence = Literal["observed", "reported", "assumed"]
SourceKind = Literal["survey", "events", "contacts", "manual"]

PHASES: Final[tuple[str, ...]] = ("before", "during", "after")
LINK_KINDS: Final[tuple[str, ...]] = ("flow", "alternative", "return")
PRIORITIES: Final[tuple[str, ...]] = ("low", "medium", "high", "critical")
STATUSES: Final[tuple[str, ...]] = ("idea", "planned", "in_progress", "done")
EVIDENCE_LEVELS: Final[tuple[str, ...]] = ("observed", "reported", "assumed")
SOURCE_KINDS: Final[tuple[str, ...]] = ("survey", "events", "contacts", "manual")
DEFAULT_COLOUR: Final = "#9e9e9e"

#: Colour presets of the format, in the order the editor cycles through them.
COLOUR_PRESETS: Final[dict[str, tuple[str, str]]] = {
    "green": ("#2e7d32", "great moment"),
    "yellow": ("#f9a825", "decision point"),
    "red": ("#c62828", "pain point"),
    "blue": ("#1565c0", "information"),
    "purple": ("#6a1b9a", "idea"),
    "grey": (DEFAULT_COLOUR, "untagged"),
}


class _Record(msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True):
    """Base of every record: unknown keys are errors, defaults are left out when writing."""


class Channel(
    msgspec.Struct, kw_only=True, omit_defaults=True, forbid_unknown_fields=True, frozen=True
):
    """A way the customer and the business meet (website, phone, store …)."""

    id: Id
    name: Text
    kind: ChannelKind


class Stage(_Record):
    """A column of the map: one step of the journey, before/during/after the purchase."""

    id: Id
    name: Text
    phase: Phase | None = None
    description: Text = ""


class Lane(_Record):
    """A swimlane row of the map."""

    id: Id
    name: Text
    description: Text = ""


class Persona(_Record):
    """Who is travelling the journey."""

    name: Text = ""
    description: Text = ""
    goals: list[Text] = []
    pains: list[Text] = []


class Touchpoint(_Record):
    """A card: one contact between customer and business, placed in a (stage, lane) cell."""

    id: Id
    title: Text
    stage: Id
    lane: Id
    slot: Count
    channel: Id | None = None
    emotion: Emotion | None = None
    colour: Colour = DEFAULT_COLOUR
    description: Text = ""
    thoughts: Text = ""
    pain_points: list[Text] = []
    opportunities: list[Text] = []
    owner: Text = ""
    metrics: dict[Id, Number] = {}
    moment_of_truth: bool = False
    votes: Count = 0
    evidence: Evidence | None = None  # version 2


class Link(_Record):
    """A directed edge from one touchpoint to another."""

    source: Id
    target: Id
    label: Text = ""
    kind: LinkKind = "flow"
    metrics: dict[Id, Number] = {}  # version 2


class Improvement(_Record):
    """One action of the improvement plan, tied to the touchpoints it fixes."""

    id: Id
    title: Text
    touchpoints: list[Id] = []
    problem: Text = ""
    action: Text = ""
    owner: Text = ""
    priority: Priority = "medium"
    impact: Rating = 3
    effort: Rating = 3
    status: Status = "idea"
    due: datetime.date | None = None
    kpi: Text = ""


class Source(_Record):
    """One imported data set that measured numbers on the map came from (version 2)."""

    id: Id
    name: Text
    kind: SourceKind
    imported: datetime.date
    records: Count
    note: Text = ""


class MapFile(_Record, kw_only=True):
    """The whole file, version 2, exactly as FORMAT.md lays it out."""

    format: Literal["journeymap"]
    version: int
    title: Text
    description: Text = ""
    persona: Persona | None = None
    channels: list[Channel] | None = None
    stages: Annotated[list[Stage], msgspec.Meta(min_length=1)]
    lanes: Annotated[list[Lane], msgspec.Meta(min_length=1)]
    touchpoints: list[Touchpoint]
    links: list[Link] = []
    improvements: list[Improvement] = []
    sources: list[Source] = []  # version 2


BUILTIN_CHANNELS: Final[tuple[Channel, ...]] = tuple(
    Channel(id=cid, name=name, kind=kind)  # type: ignore[arg-type]
    for cid, name, kind in (
        ("website", "Website", "digital"),
        ("mobile_app", "Mobile app", "digital"),
        ("email", "Email", "digital"),
        ("social_media", "Social media", "digital"),
        ("online_ads", "Online ads", "digital"),
        ("search", "Search", "digital"),
        ("word_of_mouth", "Word of mouth", "human"),
        ("reviews", "Reviews", "digital"),
        ("phone", "Phone", "human"),
        ("live_chat", "Live chat", "human"),
        ("chatbot", "Chatbot", "digital"),
        ("sms", "SMS", "digital"),
        ("store", "Store", "physical"),
        ("sales_rep", "Sales rep", "human"),
        ("event", "Event", "physical"),
        ("delivery", "Delivery", "physical"),
        ("mail", "Mail", "physical"),
        ("support_portal", "Support portal", "digital"),
    )
)

#: Editable fields per entity kind (ids and placement change through their own operations).
EDITABLE_FIELDS: Final[dict[str, frozenset[str]]] = {
    "touchpoint": frozenset(
        f for f in Touchpoint.__struct_fields__ if f not in ("id", "stage", "lane", "slot")
    ),
    "link": frozenset(("label", "kind", "metrics")),
    "stage": frozenset(("name", "phase", "description")),
    "lane": frozenset(("name", "description")),
    "improvement": frozenset(f for f in Improvement.__struct_fields__ if f != "id"),
    "map": frozenset(("title", "description", "persona", "channels", "sources")),
}

RECORD_TYPES: Final[dict[str, type[msgspec.Struct]]] = {
    "touchpoint": Touchpoint,
    "link": Link,
    "stage": Stage,
    "lane": Lane,
    "improvement": Improvement,
    "source": Source,
    "map": MapFile,
}


_FIELD_TYPES: Final[dict[tuple[str, str], Any]] = {
    (kind, info.name): info.type
    for kind, record in RECORD_TYPES.items()
    for info in msgspec.structs.fields(record)
}


def first_version_2_key(record: MapFile) -> str | None:
    """Where ``record`` first uses a key of version 2 (``touchpoints[3].evidence``), or None."""
    for i, tp in enumerate(record.touchpoints):
        if tp.evidence is not None:
            return f"touchpoints[{i}].evidence"
    for i, link in enumerate(record.links):
        if link.metrics:
            return f"links[{i}].metrics"
    if record.sources:
        return "sources"
    return None


def field_type(kind: str, field: str) -> Any:
    """The declared (annotated) type of ``field`` on records of ``kind``."""
    try:
        return _FIELD_TYPES[(kind, field)]
    except KeyError:
        raise KeyError(field) from None
