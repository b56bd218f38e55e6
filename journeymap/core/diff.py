"""The semantic diff of two maps: what changed, entity by entity, and how to apply it.

The diff works on the file record (:class:`~journeymap.core.entities.MapFile`), field by
field, by iterating the declared struct fields: a field added to a record is compared,
reported and applied without a change here. Every list of records in the file is a
*collection* keyed by its records' ``id`` (or, for records without one such as links, by
their required fields: ``(source, target)``). Cards removed and re-added under a new id with
the same title in the same cell are matched as one card whose id changed (see
docs/versions.md).
"""

from __future__ import annotations

import operator
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import msgspec

from journeymap.core.entities import MapFile
from journeymap.core.errors import JourneyMapError
from journeymap.core.model import JourneyMap

Key = Any  # a str id, or a tuple of the key fields (links: (source, target))
Op = Literal["added", "removed", "changed"]

#: top-level fields that are bookkeeping, not content
SKIPPED: Final = frozenset(("format", "version"))
#: collections whose order in the file means nothing to the reader (placement is in the cards)
QUIET_ORDER: Final = frozenset(("touchpoints", "links"))
#: fields that hold touchpoint ids, renamed when a card is matched under a new id
TOUCHPOINT_REFERENCES: Final[tuple[tuple[str, str], ...]] = (
    ("links", "source"),
    ("links", "target"),
    ("improvements", "touchpoints"),
)


class DiffError(JourneyMapError):
    """A diff that does not fit the map it is applied to."""


@dataclass(frozen=True)
class Collection:
    """A list-of-records field of the file record."""

    name: str  # the file key: "touchpoints"
    kind: str  # one record: "touchpoint"
    record: type[msgspec.Struct]
    key_fields: tuple[str, ...]
    optional: bool  # may be null (channels: null is the built-in palette)
    key: Any = field(init=False, repr=False, compare=False)  # record -> its key

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", operator.attrgetter(*self.key_fields))


def _collections() -> tuple[Collection, ...]:
    found = []
    hints = typing.get_type_hints(MapFile, include_extras=True)
    for info in msgspec.structs.fields(MapFile):
        hint = hints[info.name]
        while typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        optional = False
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            optional = len(args) < len(typing.get_args(hint))
            if len(args) != 1:
                continue
            hint = args[0]
        while typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        if typing.get_origin(hint) is not list:
            continue
        (item,) = typing.get_args(hint)
        if not (isinstance(item, type) and issubclass(item, msgspec.Struct)):
            continue
        names = [f.name for f in msgspec.structs.fields(item)]
        if "id" in names:
            keys: tuple[str, ...] = ("id",)
        else:
            keys = tuple(f.name for f in msgspec.structs.fields(item) if f.required)
        kind = info.name[:-1] if info.name.endswith("s") else info.name
        found.append(Collection(info.name, kind, item, keys, optional))
    return tuple(found)


COLLECTIONS: Final[tuple[Collection, ...]] = _collections()
COLLECTION: Final[dict[str, Collection]] = {c.name: c for c in COLLECTIONS}
BY_KIND: Final[dict[str, Collection]] = {c.kind: c for c in COLLECTIONS}


def record_fields(record_type: type[msgspec.Struct]) -> tuple[str, ...]:
    """The declared fields of a record type, in file order."""
    return record_type.__struct_fields__


MAP_FIELDS: Final[tuple[str, ...]] = tuple(
    f for f in record_fields(MapFile) if f not in SKIPPED and f not in COLLECTION
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One entity added, removed or changed. ``key`` is its key in the new map (the old one
    for a removal); ``old_key`` differs from it only for a card matched under a new id."""

    kind: str  # "touchpoint", "link", "stage", …, or "map" for the map's own fields
    op: Op
    key: Key
    old_key: Key = None
    old: Any = None  # the old record (None when added)
    new: Any = None  # the new record (None when removed)
    fields: tuple[FieldChange, ...] = ()

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.fields)

    def changed(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)


@dataclass
class Diff:
    """The changes that turn one map into another, in the order they are reported."""

    changes: list[Change] = field(default_factory=list)
    #: per collection, the new order of keys when it is not "old order, additions at the end"
    orders: dict[str, list[Key]] = field(default_factory=dict)
    #: per ordered collection, True when the kept records changed their relative order
    reordered: dict[str, bool] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changes or self.orders)

    def of(self, kind: str, op: Op | None = None) -> list[Change]:
        return [c for c in self.changes if c.kind == kind and (op is None or c.op == op)]

    def change_for(self, kind: str, key: Key) -> Change | None:
        return next((c for c in self.changes if c.kind == kind and c.key == key), None)


# ---------------------------------------------------------------------- computing
def record_of(doc: JourneyMap | MapFile) -> MapFile:
    if isinstance(doc, MapFile):
        return doc
    from journeymap.core.fileformat import to_record

    return to_record(doc)


def field_changes(old: msgspec.Struct, new: msgspec.Struct) -> tuple[FieldChange, ...]:
    """Every declared field whose value differs, in declaration order."""
    if old is new or _ENCODE.encode(old) == _ENCODE.encode(new):
        return ()
    out = []
    for name in record_fields(type(old)):
        a, b = getattr(old, name), getattr(new, name)
        if not same_value(a, b):
            out.append(FieldChange(name, a, b))
    return tuple(out)


_ENCODE = msgspec.json.Encoder()


def same_value(a: Any, b: Any) -> bool:
    """Equal and written alike: ``1`` and ``1.0`` (or ``True``) are equal in Python but
    not the same bytes in the file."""
    if a != b or type(a) is not type(b):
        return False
    if isinstance(a, dict | list | tuple | msgspec.Struct) and a:
        return _ENCODE.encode(a) == _ENCODE.encode(b)
    return True


def compute(old: JourneyMap | MapFile, new: JourneyMap | MapFile) -> Diff:
    """The changes from ``old`` to ``new``."""
    a, b = record_of(old), record_of(new)
    diff = Diff()
    for name in MAP_FIELDS:
        va, vb = getattr(a, name), getattr(b, name)
        if not same_value(va, vb):
            diff.changes.append(Change("map", "changed", None, None, va, vb, (
                FieldChange(name, va, vb),)))
    renames = match_cards(a, b)
    for coll in COLLECTIONS:
        ra, rb = getattr(a, coll.name), getattr(b, coll.name)
        if coll.optional and (ra is None or rb is None):
            if not same_value(ra, rb):
                diff.changes.append(
                    Change("map", "changed", None, None, ra, rb, (FieldChange(coll.name, ra, rb),))
                )
            continue
        old_items = {coll.key(r): r for r in _renamed(coll, ra, renames)}
        new_items = {coll.key(r): r for r in rb}
        back = {v: k for k, v in renames.items()} if coll.name == "touchpoints" else {}
        for key, rec in old_items.items():
            if key not in new_items:
                diff.changes.append(Change(coll.kind, "removed", key, key, rec, None))
        for key, rec in new_items.items():
            before = old_items.get(key)
            if before is None:
                diff.changes.append(Change(coll.kind, "added", key, None, None, rec))
                continue
            old_key = back.get(key, key)
            original = _original(coll, ra, old_key) if old_key != key else before
            fields = field_changes(original, rec)
            if fields:
                diff.changes.append(Change(coll.kind, "changed", key, old_key, original, rec,
                                           fields))
        natural = [k for k in old_items if k in new_items]
        natural += [k for k in new_items if k not in old_items]
        actual = list(new_items)
        if actual != natural:
            diff.orders[coll.name] = actual
        kept_new = [k for k in actual if k in old_items]
        kept_old = [k for k in old_items if k in new_items]
        if kept_new != kept_old and coll.name not in QUIET_ORDER:
            diff.reordered[coll.name] = True
    return diff


def _original(coll: Collection, records: Sequence[msgspec.Struct], key: Key) -> msgspec.Struct:
    return next(r for r in records if coll.key(r) == key)


def match_cards(old: MapFile, new: MapFile) -> dict[str, str]:
    """Old id → new id of cards removed and re-added: same title, same cell, ids unused
    on the other side. Several candidates pair up in file order."""
    old_ids = {t.id for t in old.touchpoints}
    new_ids = {t.id for t in new.touchpoints}
    waiting: dict[tuple[str, str, str], list[str]] = {}
    for t in new.touchpoints:
        if t.id not in old_ids:
            waiting.setdefault((t.title, t.stage, t.lane), []).append(t.id)
    renames: dict[str, str] = {}
    for t in old.touchpoints:
        if t.id in new_ids:
            continue
        candidates = waiting.get((t.title, t.stage, t.lane))
        if candidates:
            renames[t.id] = candidates.pop(0)
    return renames


def _renamed(
    coll: Collection, records: Iterable[msgspec.Struct], renames: dict[str, str]
) -> list[msgspec.Struct]:
    """``records`` with the touchpoint ids of ``renames`` replaced (ids and references)."""
    records = list(records)
    if not renames:
        return records
    fields = [f for c, f in TOUCHPOINT_REFERENCES if c == coll.name]
    if coll.name == "touchpoints":
        fields.append("id")
    if not fields:
        return records
    out = []
    for rec in records:
        changes: dict[str, Any] = {}
        for name in fields:
            value = getattr(rec, name)
            if isinstance(value, list):
                if any(v in renames for v in value):
                    changes[name] = [renames.get(v, v) for v in value]
            elif value in renames:
                changes[name] = renames[value]
        out.append(msgspec.structs.replace(rec, **changes) if changes else rec)
    return out


def rename_cards(record: MapFile, renames: dict[str, str]) -> MapFile:
    """The file record with touchpoint ids renamed everywhere they are used."""
    if not renames:
        return record
    changes = {
        c.name: _renamed(c, getattr(record, c.name), renames)
        for c in COLLECTIONS
        if getattr(record, c.name) is not None
    }
    return msgspec.structs.replace(record, **changes)


def renames_of(diff: Diff) -> dict[str, str]:
    return {
        c.old_key: c.key
        for c in diff.of("touchpoint", "changed")
        if c.old_key is not None and c.old_key != c.key
    }


# ---------------------------------------------------------------------- applying
def weave(skeleton: Sequence[Key], other: Sequence[Key]) -> list[Key]:
    """``skeleton``, with the keys of ``other`` it lacks inserted after their nearest
    predecessor in ``other`` that the result already holds (at the front when none)."""
    result = list(skeleton)
    present = set(result)
    missing = [k for k in other if k not in present]
    if not missing:
        return result
    after: dict[Key, list[Key]] = {}
    previous: Key = _START
    for k in other:
        if k in present:
            previous = k
        else:
            after.setdefault(previous, []).append(k)
            present.add(k)
    out = list(after.get(_START, []))
    for k in result:
        out.append(k)
        out.extend(after.get(k, []))
    return out


_START: Final = object()


def apply(old: JourneyMap | MapFile, diff: Diff) -> JourneyMap:
    """The map ``diff`` turns ``old`` into. Raises DiffError when they do not fit."""
    from journeymap.core.errors import FileFormatError
    from journeymap.core.fileformat import build

    record = detached(apply_record(record_of(old), diff))
    try:
        return build(record)
    except FileFormatError as err:
        raise DiffError(f"the changes do not fit this map: {err}") from None


def detached(record: MapFile) -> MapFile:
    """A copy whose records no other document holds (documents change records in place)."""
    copies = {
        c.name: [msgspec.structs.replace(r) for r in getattr(record, c.name)]
        for c in COLLECTIONS
        if getattr(record, c.name) is not None
    }
    return msgspec.structs.replace(record, **copies)


def apply_record(record: MapFile, diff: Diff) -> MapFile:
    """The file record ``diff`` turns ``record`` into (references are not checked here)."""
    record = rename_cards(record, renames_of(diff))
    top: dict[str, Any] = {}
    for change in diff.of("map"):
        for fc in change.fields:
            if getattr(record, fc.field) != fc.old:
                raise DiffError(f"{fc.field}: the map does not hold the value the change expects")
            top[fc.field] = fc.new
    record = msgspec.structs.replace(record, **top) if top else record
    for coll in COLLECTIONS:
        current = getattr(record, coll.name)
        mine = [c for c in diff.changes if c.kind == coll.kind]
        if current is None or (not mine and coll.name not in diff.orders):
            continue
        items = {coll.key(r): r for r in current}
        for change in mine:
            place = f"{coll.name} {_show_key(change.key)}"
            if change.op == "removed":
                if items.pop(change.key, None) is None:
                    raise DiffError(f"{place}: not in the map, cannot be removed")
            elif change.op == "added":
                if change.key in items:
                    raise DiffError(f"{place}: already in the map, cannot be added")
                items[change.key] = change.new
            else:
                rec = items.get(change.key)
                if rec is None:
                    raise DiffError(f"{place}: not in the map, cannot be changed")
                values = {}
                for fc in change.fields:
                    if fc.field != "id" and getattr(rec, fc.field) != fc.old:
                        raise DiffError(f"{place}.{fc.field}: the map holds another value")
                    values[fc.field] = fc.new
                items[change.key] = msgspec.structs.replace(rec, **values)
        order = diff.orders.get(coll.name)
        keys = list(items) if order is None else weave(
            [k for k in order if k in items], list(items)
        )
        record = msgspec.structs.replace(record, **{coll.name: [items[k] for k in keys]})
    return record


def _show_key(key: Key) -> str:
    if isinstance(key, tuple):
        return " → ".join(f'"{k}"' for k in key)
    return f'"{key}"'


__all__ = [
    "COLLECTIONS",
    "Change",
    "Collection",
    "Diff",
    "DiffError",
    "FieldChange",
    "apply",
    "compute",
    "match_cards",
    "weave",
]
