"""Three-way merge of maps by entity id: what two people changed from a common base.

Every record is merged field by field (a touchpoint's stage, lane and slot count as one
field, its placement): a field changed on one side only takes that side's value, changed
alike on both it is kept, changed two ways it is a :class:`Conflict` and keeps *ours*. A
record removed on one side and edited on the other is a conflict that keeps the edited
record (nothing anyone wrote is lost). After merging, references are repaired (a stage or
channel still used is kept, links and improvement references to removed cards are dropped,
each as a conflict) and slots are renumbered where two cards landed in one, so the result
is always a valid map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec

from journeymap.core import diff as _diff
from journeymap.core.diff import COLLECTION, COLLECTIONS, MAP_FIELDS, Collection, Key
from journeymap.core.entities import MapFile
from journeymap.core.errors import FileFormatError
from journeymap.core.model import JourneyMap

#: fields merged as one value
FIELD_GROUPS: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    "touchpoint": (("stage", "lane", "slot"),),
}


@dataclass(frozen=True)
class Conflict:
    """Something both sides changed incompatibly, and what the merge kept."""

    kind: str  # "touchpoint", "stage", …, "map"
    key: Key
    field: str | None  # None: the record as a whole
    message: str
    ours: Any = None
    theirs: Any = None

    def as_json(self) -> dict[str, Any]:
        key = list(self.key) if isinstance(self.key, tuple) else self.key
        return {
            "kind": self.kind,
            "key": key,
            "field": self.field,
            "message": self.message,
            "ours": msgspec.to_builtins(self.ours),
            "theirs": msgspec.to_builtins(self.theirs),
        }


@dataclass
class MergeResult:
    map: JourneyMap
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(
    base: JourneyMap | MapFile, ours: JourneyMap | MapFile, theirs: JourneyMap | MapFile
) -> MergeResult:
    """Merge the changes of ``ours`` and ``theirs`` since ``base``; always a valid map."""
    b, o, t = (_diff.record_of(m) for m in (base, ours, theirs))
    b, o, t = _align_renames(b, o, t)
    merger = _Merger(b, o, t)
    record = merger.run()
    try:
        return MergeResult(_build(record), merger.conflicts)
    except FileFormatError as err:  # a case the repairs do not know: keep ours, say so
        conflict = Conflict("map", None, None, f"the two versions cannot be combined ({err}); "
                            "kept ours unchanged")
        return MergeResult(_build(o), [*merger.conflicts, conflict])


def _build(record: MapFile) -> JourneyMap:
    from journeymap.core.fileformat import build

    return build(_diff.detached(record))


def _align_renames(b: MapFile, o: MapFile, t: MapFile) -> tuple[MapFile, MapFile, MapFile]:
    """Cards one side removed and re-added under a new id get that id in all three."""
    ours = _diff.match_cards(b, o)
    theirs = _diff.match_cards(b, t)
    t_ids = {tp.id for tp in t.touchpoints}
    o_ids = {tp.id for tp in o.touchpoints}
    to_base: dict[str, str] = {}
    to_theirs: dict[str, str] = {}
    to_ours: dict[str, str] = {}
    for old, new in ours.items():
        to_base[old] = new
        if old in t_ids and new not in t_ids:
            to_theirs[old] = new
    for old, new in theirs.items():
        if old in to_base:
            continue
        to_base[old] = new
        if old in o_ids and new not in o_ids:
            to_ours[old] = new
    return (
        _diff.rename_cards(b, to_base),
        _diff.rename_cards(o, to_ours),
        _diff.rename_cards(t, to_theirs),
    )


class _Merger:
    def __init__(self, base: MapFile, ours: MapFile, theirs: MapFile) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.conflicts: list[Conflict] = []

    def conflict(self, kind: str, key: Key, name: str | None, message: str,
                 ours: Any = None, theirs: Any = None) -> None:
        self.conflicts.append(Conflict(kind, key, name, message, ours, theirs))

    def run(self) -> MapFile:
        values: dict[str, Any] = {}
        for name in MAP_FIELDS:
            values[name] = self.value(
                "map", None, name, *(getattr(r, name) for r in (self.base, self.ours, self.theirs))
            )
        for coll in COLLECTIONS:
            lists = [getattr(r, coll.name) for r in (self.base, self.ours, self.theirs)]
            if coll.optional and any(v is None for v in lists):
                values[coll.name] = self.value("map", None, coll.name, *lists)
            else:
                values[coll.name] = self.collection(coll, *lists)
        record = msgspec.structs.replace(self.ours, **values)
        return _Repair(self, record).run()

    # -------------------------------------------------------------- one value
    def value(self, kind: str, key: Key, name: str, b: Any, o: Any, t: Any) -> Any:
        if _diff.same_value(o, t):
            return o
        if _diff.same_value(o, b):
            return t
        if _diff.same_value(t, b):
            return o
        if (
            isinstance(b, msgspec.Struct)
            and type(o) is type(b)
            and type(t) is type(b)
        ):
            return self.record(kind if kind != "map" else name, key, b, o, t)
        self.conflict(kind, key, name, f"{name} changed two ways; kept ours", o, t)
        return o

    def record(self, kind: str, key: Key, b: Any, o: Any, t: Any) -> Any:
        """Field by field; ``b`` may be None (added on both sides)."""
        names = _diff.record_fields(type(o))
        groups = [g for g in FIELD_GROUPS.get(kind, ()) if all(n in names for n in g)]
        grouped = {n for g in groups for n in g}
        units: list[tuple[str, ...]] = [(n,) for n in names if n not in grouped] + groups
        values: dict[str, Any] = {}
        for unit in units:
            vb = None if b is None else tuple(getattr(b, n) for n in unit)
            vo = tuple(getattr(o, n) for n in unit)
            vt = tuple(getattr(t, n) for n in unit)
            label = unit[0] if len(unit) == 1 else "placement"
            if _diff.same_value(vo, vt):
                merged = vo
            elif b is not None and _diff.same_value(vo, vb):
                merged = vt
            elif b is not None and _diff.same_value(vt, vb):
                merged = vo
            else:
                shown = (vo[0], vt[0]) if len(unit) == 1 else (vo, vt)
                self.conflict(kind, key, label, f"{label} changed two ways; kept ours", *shown)
                merged = vo
            values.update(zip(unit, merged, strict=True))
        return msgspec.structs.replace(o, **values)

    # -------------------------------------------------------------- collections
    def collection(
        self, coll: Collection, base: list[Any], ours: list[Any], theirs: list[Any]
    ) -> list[Any]:
        kb = {coll.key(r): r for r in base}
        ko = {coll.key(r): r for r in ours}
        kt = {coll.key(r): r for r in theirs}
        merged: dict[Key, Any] = {}
        for key in [*ko, *(k for k in kt if k not in ko), *(k for k in kb if k not in ko
                                                             and k not in kt)]:
            b, o, t = kb.get(key), ko.get(key), kt.get(key)
            if o is not None and t is not None:
                merged[key] = o if _diff.same_value(o, t) else self.record(coll.kind, key, b, o, t)
            elif b is None:
                merged[key] = o if o is not None else t
            elif o is None and t is None:
                continue
            else:
                kept, side = (t, "theirs") if o is None else (o, "ours")
                if _diff.same_value(kept, b):
                    continue  # removed on one side, untouched on the other
                gone = "ours" if side == "theirs" else "theirs"
                self.conflict(coll.kind, key, None,
                              f"removed in {gone} but edited in {side}; kept the edited one",
                              o, t)
                merged[key] = kept
        order = _merge_order(list(kb), list(ko), list(kt))
        return [merged[k] for k in order if k in merged]


def _merge_order(base: Sequence[Key], ours: Sequence[Key], theirs: Sequence[Key]) -> list[Key]:
    """Ours' order, unless only theirs reordered; the other side's additions woven in."""

    def moved(side: Sequence[Key]) -> bool:
        common = set(base) & set(side)
        return [k for k in side if k in common] != [k for k in base if k in common]

    if moved(theirs) and not moved(ours):
        return _diff.weave(theirs, ours)
    return _diff.weave(ours, theirs)


class _Repair:
    """Make the merged record valid: references resolve and slots are unique per cell."""

    def __init__(self, merger: _Merger, record: MapFile) -> None:
        self.m = merger
        self.record = record
        self.sides = (merger.ours, merger.theirs, merger.base)

    def run(self) -> MapFile:
        self.keep_used("stages", "stage")
        self.keep_used("lanes", "lane")
        self.keep_channels()
        self.drop_dangling()
        self.renumber_slots()
        return self.record

    def restore(self, coll_name: str, key: Key) -> bool:
        coll = COLLECTION[coll_name]
        for side in self.sides:
            items = getattr(side, coll_name) or []
            for rec in items:
                if coll.key(rec) == key:
                    current = getattr(self.record, coll_name)
                    keys = [coll.key(r) for r in current]
                    order = _diff.weave(keys, [coll.key(r) for r in items])
                    by_key = {coll.key(r): r for r in current} | {key: rec}
                    self.set(coll_name, [by_key[k] for k in order if k in by_key])
                    return True
        return False

    def set(self, name: str, value: Any) -> None:
        self.record = msgspec.structs.replace(self.record, **{name: value})

    def keep_used(self, coll_name: str, field_name: str) -> None:
        present = {r.id for r in getattr(self.record, coll_name)}
        for tp in self.record.touchpoints:
            ref = getattr(tp, field_name)
            if ref not in present and self.restore(coll_name, ref):
                present.add(ref)
                self.m.conflict(field_name, ref, None,
                                f"{field_name} removed on one side but still holds cards on the "
                                "other; kept it")
        if not getattr(self.record, coll_name):  # both sides removed different last ones
            self.set(coll_name, list(getattr(self.m.ours, coll_name)) or
                     list(getattr(self.m.base, coll_name)))
            self.m.conflict(field_name, None, None, f"every {field_name} was removed; kept ours")

    def keep_channels(self) -> None:
        from journeymap.core.entities import BUILTIN_CHANNELS

        channels = self.record.channels
        palette = {c.id for c in (BUILTIN_CHANNELS if channels is None else channels)}
        cards = []
        for tp in self.record.touchpoints:
            if tp.channel is not None and tp.channel not in palette:
                if channels is not None and self.restore("channels", tp.channel):
                    palette.add(tp.channel)
                    channels = self.record.channels
                    self.m.conflict("channel", tp.channel, None,
                                    "channel removed on one side but still used; kept it")
                else:
                    self.m.conflict("touchpoint", tp.id, "channel",
                                    f'channel "{tp.channel}" is not in the merged palette; '
                                    "cleared", tp.channel, None)
                    tp = msgspec.structs.replace(tp, channel=None)
            cards.append(tp)
        self.set("touchpoints", cards)

    def drop_dangling(self) -> None:
        ids = {tp.id for tp in self.record.touchpoints}
        links = []
        for link in self.record.links:
            if link.source in ids and link.target in ids:
                links.append(link)
            else:
                self.m.conflict("link", (link.source, link.target), None,
                                "a card it joins was removed on the other side; dropped")
        self.set("links", links)
        improvements = []
        for imp in self.record.improvements:
            named = list(dict.fromkeys(t for t in imp.touchpoints if t in ids))
            if len(named) != len(imp.touchpoints):
                missing = [t for t in imp.touchpoints if t not in ids]
                if missing:
                    self.m.conflict("improvement", imp.id, "touchpoints",
                                    "names cards removed on the other side; dropped "
                                    + ", ".join(f'"{t}"' for t in missing))
                imp = msgspec.structs.replace(imp, touchpoints=named)
            improvements.append(imp)
        self.set("improvements", improvements)

    def renumber_slots(self) -> None:
        cells: dict[tuple[str, str], list[Any]] = {}
        for tp in self.record.touchpoints:
            cells.setdefault((tp.stage, tp.lane), []).append(tp)
        ours = {tp.id for tp in self.m.ours.touchpoints}
        moved: dict[str, int] = {}
        for cards in cells.values():
            if len({tp.slot for tp in cards}) == len(cards):
                continue
            previous = -1
            for tp in sorted(cards, key=lambda c: (c.slot, c.id not in ours, c.id)):
                slot = max(tp.slot, previous + 1)
                if slot != tp.slot:
                    moved[tp.id] = slot
                previous = slot
        if moved:
            self.set("touchpoints", [
                msgspec.structs.replace(tp, slot=moved[tp.id]) if tp.id in moved else tp
                for tp in self.record.touchpoints
            ])


__all__ = ["Conflict", "MergeResult", "merge"]
