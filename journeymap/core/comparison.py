"""As-is / to-be marks: what the canvas and the map PDF draw on the current map in a comparison.

The current map is the *to-be* (its layout gives every position); the other map is the
*as-is*. Each card of the current map that differs gets a :class:`CardMark` (added, moved to
another cell, or changed in place); each card only the as-is had becomes a :class:`Ghost`,
placed in its old cell after the cards there when that cell still exists and has room. The
as-is emotion curve is drawn through the same x positions at the old emotions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

from journeymap.core.diff import Diff, compute, record_of
from journeymap.core.diffreport import Names, lines, signed
from journeymap.core.layout import Layout, Point, Rect
from journeymap.core.model import JourneyMap

Status = Literal["added", "changed", "moved"]
#: fields of a card that are placement, not content (not listed as "changed")
PLACEMENT: Final = frozenset(("stage", "lane", "slot", "id"))
#: what each mark means, in the order a legend lists them
LEGEND: Final[tuple[tuple[str, str], ...]] = (
    ("added", "added in this map"),
    ("removed", "only in the other map (ghost)"),
    ("changed", "changed fields (▲/▼ emotion delta)"),
    ("moved", "moved to another stage or lane"),
)
#: one colour per mark, shared by the canvas and the PDF (distinct in greyscale too: the
#: outlines also differ in pattern)
COLOURS: Final[dict[str, str]] = {
    "added": "#2e7d32",
    "removed": "#c62828",
    "changed": "#ef6c00",
    "moved": "#1565c0",
}


@dataclass(frozen=True)
class CardMark:
    """How one card of the current map differs from the other map."""

    tp_id: str
    status: Status
    fields: tuple[str, ...] = ()  # content fields that changed
    emotion_delta: int | None = None
    moved_from: str = ""  # "Evaluate" or "Evaluate / Customer actions"

    @property
    def note(self) -> str:
        """The short text printed on the card: ``▲ +3 · from Evaluate · title, channel``."""
        parts: list[str] = []
        if self.status == "added":
            parts.append("new")
        if self.emotion_delta:
            arrow = "▲" if self.emotion_delta > 0 else "▼"
            parts.append(f"{arrow} {signed(self.emotion_delta)}")
        if self.moved_from:
            parts.append(f"from {self.moved_from}")
        others = [f for f in self.fields if f != "emotion"]
        if others:
            parts.append(", ".join(others))
        return " · ".join(parts)


@dataclass(frozen=True)
class Ghost:
    """A card only the other map has: where it was and, when it fits, where to draw it."""

    tp_id: str
    title: str
    stage: str
    lane: str
    rect: Rect | None  # None when its cell is gone or full


@dataclass(frozen=True)
class ChangeRow:
    """One line of the list of changes, and the card it is about (if it is on the canvas)."""

    text: str
    kind: str  # "touchpoint", "link", "stage", … or "map"
    status: str  # "added", "removed", "changed", "moved"
    card: str | None = None  # a card id of the current map
    ghost: str | None = None  # a ghost's id


@dataclass
class Comparison:
    """The diff of other → current, and everything drawn from it."""

    diff: Diff
    cards: dict[str, CardMark] = field(default_factory=dict)
    ghosts: list[Ghost] = field(default_factory=list)
    rows: list[ChangeRow] = field(default_factory=list)
    old_curve: list[Point] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.diff

    def count(self, status: str) -> int:
        if status == "removed":
            return len(self.ghosts)
        return sum(1 for m in self.cards.values() if m.status == status)


def compare(other: JourneyMap, current: JourneyMap, layout: Layout) -> Comparison:
    """Marks for ``current`` (laid out as ``layout``) against ``other``."""
    old, new = record_of(other), record_of(current)
    diff = compute(old, new)
    names = Names(old, new)
    out = Comparison(diff)
    for change in diff.of("touchpoint"):
        if change.op == "added":
            out.cards[change.key] = CardMark(change.key, "added")
        elif change.op == "changed":
            a, b = change.old, change.new
            content = tuple(f for f in change.field_names() if f not in PLACEMENT)
            delta = None
            if a.emotion is not None and b.emotion is not None and a.emotion != b.emotion:
                delta = b.emotion - a.emotion
            moved = (a.stage, a.lane) != (b.stage, b.lane)
            if not moved and not content:
                continue  # only reordered in its cell
            where = ""
            if moved:
                where = (names.stages.get(a.stage, a.stage) if a.lane == b.lane
                         else names.cell(a.stage, a.lane))
            out.cards[change.key] = CardMark(
                change.key, "moved" if moved else "changed", content, delta, where
            )
    out.ghosts = _ghosts(diff, layout, new)
    for change in diff.changes:
        card = ghost = None
        status: str = change.op
        if change.kind == "touchpoint":
            if change.op == "removed":
                ghost = change.key
            else:
                card = change.key
                mark = out.cards.get(change.key)
                if mark is not None:
                    status = mark.status
        elif change.kind == "link" and change.new is not None:
            card = change.new.source
        for text in lines(change, names):
            out.rows.append(ChangeRow(text, change.kind, status, card, ghost))
    out.old_curve = _old_curve(old, layout, out)
    return out


def _ghosts(diff: Diff, layout: Layout, new: object) -> list[Ghost]:
    counts: dict[tuple[str, str], int] = {}
    for tp in getattr(new, "touchpoints", ()):
        counts[(tp.stage, tp.lane)] = counts.get((tp.stage, tp.lane), 0) + 1
    ghosts = []
    for change in diff.of("touchpoint", "removed"):
        tp = change.old
        cell = (tp.stage, tp.lane)
        rect = None
        if cell in layout.cells:
            position = counts.get(cell, 0)
            counts[cell] = position + 1
            candidate = layout.card_rect(tp.stage, tp.lane, position)
            box = layout.cells[cell]
            if candidate.right <= box.right + 0.5 and candidate.bottom <= box.bottom + 0.5:
                rect = candidate
        ghosts.append(Ghost(change.key, tp.title, tp.stage, tp.lane, rect))
    return ghosts


def _old_curve(old: object, layout: Layout, comparison: Comparison) -> list[Point]:
    """The as-is emotions at the x of the cards (or ghosts) that show them, left to right."""
    renamed = {c.old_key: c.key for c in comparison.diff.of("touchpoint", "changed")}
    ghost_rects = {g.tp_id: g.rect for g in comparison.ghosts}
    points = []
    for tp in getattr(old, "touchpoints", ()):
        if tp.emotion is None:
            continue
        rect = layout.cards.get(renamed.get(tp.id, tp.id)) or ghost_rects.get(tp.id)
        if rect is None:
            continue
        points.append(Point(rect.x + rect.w / 2, layout.emotion_y(tp.emotion)))
    points.sort(key=lambda p: p.x)
    return points


__all__ = ["COLOURS", "LEGEND", "CardMark", "ChangeRow", "Comparison", "Ghost", "compare"]
