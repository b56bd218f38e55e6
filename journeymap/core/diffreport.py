"""Words for a diff: one readable line per change, counts, a JSON form, and per-stage figures.

The command line, the editor's changes dock and the PDF's "What changes" section all say
the same thing, so the sentences are made here, once.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec

from journeymap.core.diff import COLLECTION, Change, Diff, Key, record_of
from journeymap.core.entities import MapFile
from journeymap.core.model import JourneyMap

MINUS = "\u2212"
_PLACEMENT = ("stage", "lane", "slot")


def signed(value: int | None) -> str:
    """An emotion as the map shows it: +1, 0, −2 (a real minus sign)."""
    if value is None:
        return "none"
    if value > 0:
        return f"+{value}"
    return f"{MINUS}{-value}" if value < 0 else "0"


def show(value: Any, name: str = "") -> str:
    if name == "emotion" and (value is None or isinstance(value, int)):
        return signed(value)
    if value is None:
        return "none"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return f'"{text}"'
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list) and not value:
        return "[]"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, msgspec.Struct | list | dict):
        return msgspec.json.encode(value).decode()
    return str(value)


class Names:
    """Titles and names of both versions, to speak of entities as the user sees them."""

    def __init__(self, old: MapFile, new: MapFile) -> None:
        self.old, self.new = old, new
        self.stages = {s.id: s.name for s in old.stages} | {s.id: s.name for s in new.stages}
        self.lanes = {x.id: x.name for x in old.lanes} | {x.id: x.name for x in new.lanes}
        self.cards = {t.id: t.title for t in old.touchpoints} | {
            t.id: t.title for t in new.touchpoints
        }

    def card(self, tp_id: str) -> str:
        return show(self.cards.get(tp_id, tp_id))

    def cell(self, stage: str, lane: str) -> str:
        return f"{self.stages.get(stage, stage)} / {self.lanes.get(lane, lane)}"

    def entity(self, change: Change) -> str:
        rec = change.new if change.new is not None else change.old
        if change.kind == "touchpoint":
            return show(rec.title)
        if change.kind == "link":
            return f"link {self.card(rec.source)} → {self.card(rec.target)}"
        label = getattr(rec, "name", None) or getattr(rec, "title", None) or str(change.key)
        return f"{change.kind} {show(label)}"


def lines(change: Change, names: Names) -> list[str]:
    """The report lines of one change: ``+`` added, ``-`` removed, ``~`` changed, ``>`` moved."""
    who = names.entity(change)
    if change.kind == "map":
        return [f"~ map {f.field} {show(f.old, f.field)} → {show(f.new, f.field)}"
                for f in change.fields]
    if change.op == "added":
        if change.kind == "touchpoint":
            return [f"+ {who} in {names.cell(change.new.stage, change.new.lane)}"]
        return [f"+ {who}"]
    if change.op == "removed":
        if change.kind == "touchpoint":
            return [f"- {who} from {names.cell(change.old.stage, change.old.lane)}"]
        return [f"- {who}"]
    out = []
    if change.kind == "touchpoint":
        who = show(change.old.title)
        old, new = change.old, change.new
        if (old.stage, old.lane) != (new.stage, new.lane):
            if old.lane == new.lane:
                where = f"{names.stages.get(old.stage)} → {names.stages.get(new.stage)}"
            elif old.stage == new.stage:
                where = f"{names.lanes.get(old.lane)} → {names.lanes.get(new.lane)}"
            else:
                where = f"{names.cell(old.stage, old.lane)} → {names.cell(new.stage, new.lane)}"
            out.append(f"> {who} moved {where}")
        elif old.slot != new.slot:
            out.append(f"> {who} reordered in {names.cell(new.stage, new.lane)}")
    for f in change.fields:
        if change.kind == "touchpoint" and f.field in _PLACEMENT:
            continue
        if f.field == "id":
            out.append(f"~ {who} matched under a new id {show(f.old)} → {show(f.new)}")
            continue
        if change.kind in ("stage", "lane") and f.field == "name":
            out.append(f"~ {change.kind} {show(f.old)} renamed {show(f.new)}")
            continue
        if f.field == "touchpoints" and change.kind == "improvement":
            out.append(
                f"~ {who} touchpoints {_cards(f.old, names)} → {_cards(f.new, names)}"
            )
            continue
        out.append(f"~ {who} {f.field} {show(f.old, f.field)} → {show(f.new, f.field)}")
    return out


def _cards(ids: list[str], names: Names) -> str:
    return "[" + ", ".join(names.card(i) for i in ids) + "]"


def report(diff: Diff, old: JourneyMap | MapFile, new: JourneyMap | MapFile) -> list[str]:
    """Every line of the readable report, map first, then by kind in file order."""
    names = Names(record_of(old), record_of(new))
    out: list[str] = []
    for change in diff.changes:
        out.extend(lines(change, names))
    for coll_name in diff.reordered:
        items = getattr(names.new, coll_name) or []
        label = ", ".join(show(getattr(r, "name", None) or getattr(r, "title", "")) for r in items)
        out.append(f"> {coll_name} reordered: {label}")
    return out


def stat(diff: Diff) -> list[str]:
    """Counts per kind: ``touchpoints: 2 added, 1 removed, 3 changed (1 moved)``."""
    out = []
    kinds = ["map", *(c.kind for c in COLLECTION.values())]
    for kind in kinds:
        mine = diff.of(kind)
        if not mine:
            continue
        parts = []
        for op in ("added", "removed", "changed"):
            n = sum(1 for c in mine if c.op == op)
            if n:
                parts.append(f"{n} {op}")
        if kind == "touchpoint":
            moved = sum(1 for c in mine if c.op == "changed" and moved_cell(c))
            if moved:
                parts.append(f"{moved} moved")
        label = "map fields" if kind == "map" else f"{kind}s"
        out.append(f"{label}: {', '.join(parts)}")
    out.extend(f"{name}: reordered" for name in diff.reordered)
    return out


def moved_cell(change: Change) -> bool:
    return change.kind == "touchpoint" and change.op == "changed" and (
        change.old.stage, change.old.lane) != (change.new.stage, change.new.lane)


def _key(key: Key) -> Any:
    return list(key) if isinstance(key, tuple) else key


def as_json(diff: Diff, old: JourneyMap | MapFile, new: JourneyMap | MapFile) -> dict[str, Any]:
    """The documented JSON shape (docs/versions.md)."""
    names = Names(record_of(old), record_of(new))
    return {
        "equal": not diff,
        "changes": [
            {
                "kind": c.kind,
                "op": c.op,
                "key": _key(c.key),
                "old_key": _key(c.old_key),
                "fields": [
                    {"field": f.field, "old": msgspec.to_builtins(f.old),
                     "new": msgspec.to_builtins(f.new)}
                    for f in c.fields
                ],
                "old": msgspec.to_builtins(c.old) if c.kind != "map" else None,
                "new": msgspec.to_builtins(c.new) if c.kind != "map" else None,
                "text": lines(c, names),
            }
            for c in diff.changes
        ],
        "orders": {k: [_key(x) for x in v] for k, v in diff.orders.items()},
        "reordered": sorted(diff.reordered),
        "stat": stat(diff),
    }


# ---------------------------------------------------------------------- as-is / to-be
@dataclass
class StageSummary:
    stage_id: str
    name: str
    added: list[str] = field(default_factory=list)  # titles
    removed: list[str] = field(default_factory=list)
    improved: list[tuple[str, int]] = field(default_factory=list)  # (title, emotion delta)
    worsened: list[tuple[str, int]] = field(default_factory=list)
    old_mean: float | None = None
    new_mean: float | None = None
    #: (title, what changed) of cards changed otherwise: moved in from another stage, or
    #: fields other than the emotion and the placement ("moved from Evaluate", "description")
    changed: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Summary:
    stages: list[StageSummary]
    old_mean: float | None
    new_mean: float | None
    delivered: list[str]  # titles of improvements the to-be delivers (status done in it)

    @property
    def delta(self) -> float | None:
        if self.old_mean is None or self.new_mean is None:
            return None
        return self.new_mean - self.old_mean


#: card fields the summary does not list as "changed" (emotion has its own columns)
_SUMMARY_QUIET: Final = frozenset(("emotion", "stage", "lane", "slot", "id"))


def _mean(values: list[int]) -> float | None:
    return statistics.fmean(values) if values else None


def summary(diff: Diff, old: JourneyMap | MapFile, new: JourneyMap | MapFile) -> Summary:
    """Per stage of the to-be map (then stages only the as-is had): what changes."""
    a, b = record_of(old), record_of(new)
    stages = {s.id: StageSummary(s.id, s.name) for s in b.stages}
    for s in a.stages:
        stages.setdefault(s.id, StageSummary(s.id, s.name))
    for change in diff.of("touchpoint"):
        if change.op == "added":
            stages[change.new.stage].added.append(change.new.title)
        elif change.op == "removed":
            stages[change.old.stage].removed.append(change.old.title)
        else:
            other = [f for f in change.field_names() if f not in _SUMMARY_QUIET]
            if change.old.stage != change.new.stage:
                other.insert(0, f"moved from {stages[change.old.stage].name}")
            if other:
                stages[change.new.stage].changed.append((change.new.title, ", ".join(other)))
            e_old, e_new = change.old.emotion, change.new.emotion
            if e_old is not None and e_new is not None and e_old != e_new:
                target = stages[change.new.stage]
                bucket = target.improved if e_new > e_old else target.worsened
                bucket.append((change.new.title, e_new - e_old))
    for rec, attr in ((a, "old_mean"), (b, "new_mean")):
        by_stage: dict[str, list[int]] = {}
        for tp in rec.touchpoints:
            if tp.emotion is not None:
                by_stage.setdefault(tp.stage, []).append(tp.emotion)
        for sid, values in by_stage.items():
            setattr(stages[sid], attr, _mean(values))
    old_all = [t.emotion for t in a.touchpoints if t.emotion is not None]
    new_all = [t.emotion for t in b.touchpoints if t.emotion is not None]
    old_done = {i.id for i in a.improvements if i.status == "done"}
    delivered = [i.title for i in b.improvements if i.status == "done" and i.id not in old_done]
    return Summary(list(stages.values()), _mean(old_all), _mean(new_all), delivered)


__all__ = ["as_json", "lines", "report", "signed", "stat", "summary"]
