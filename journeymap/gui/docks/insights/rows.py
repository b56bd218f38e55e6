"""The findings of an analysis as readable groups of rows, for the Insights dock.

Pure presentation: card titles, stage names, "Title → Title" chains with their mean emotion,
emotion means with one decimal. Every row names what it points at on the canvas (a
:class:`Target`) by a key that stays the same across refreshes, so the dock can keep the
selected row. Long groups stop at ``limit`` rows; the group keeps its full count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from journeymap.core.analysis.findings import (
    DEFINITIONS,
    Analysis,
    EmotionSummary,
    JourneyPath,
    Loop,
)
from journeymap.core.analysis.traffic import DEFINITIONS as TRAFFIC_DEFINITIONS
from journeymap.core.model import JourneyMap

#: the order of the groups: what needs attention first, the inventory last
ORDER: tuple[str, ...] = (
    "worst_path",
    "best_path",
    "moments_of_truth",
    "unaddressed_pain_points",
    "dead_ends",
    "unreachable",
    "loops",
    "channel_switches",
    "emotion_by_stage",
    "emotion_by_channel",
    "emotion_by_owner",
    "entries",
    "exits",
    "empty_stages",
    "empty_lanes",
)

LABELS: dict[str, str] = {
    "worst_path": "Worst path",
    "best_path": "Best path",
    "moments_of_truth": "Moments of truth",
    "unaddressed_pain_points": "Unaddressed pain points",
    "dead_ends": "Dead ends",
    "unreachable": "Unreachable",
    "loops": "Loops",
    "channel_switches": "Channel switches",
    "emotion_by_stage": "Emotion by stage",
    "emotion_by_channel": "Emotion by channel",
    "emotion_by_owner": "Emotion by owner",
    "entries": "Entries",
    "exits": "Exits",
    "empty_stages": "Empty stages",
    "empty_lanes": "Empty lanes",
}

#: the friendly line shown in a group that found nothing
NOTHING: dict[str, str] = {
    "worst_path": "No path from an entry to an exit yet: link the cards.",
    "best_path": "No path from an entry to an exit yet: link the cards.",
    "moments_of_truth": "None stands out yet.",
    "unaddressed_pain_points": "None: every pain point has an improvement.",
    "dead_ends": "None: every card leads on.",
    "unreachable": "None: every card can be reached from an entry.",
    "loops": "None: the journey never goes round in circles.",
    "channel_switches": "None: no link changes channel.",
    "emotion_by_stage": "No stages yet.",
    "emotion_by_channel": "No card has a channel yet.",
    "emotion_by_owner": "No card names an owner yet.",
    "entries": "None.",
    "exits": "None: every card of the last stage links on.",
    "empty_stages": "None: every stage has cards.",
    "empty_lanes": "None: every lane has cards.",
}

TRAFFIC_LABELS: dict[str, str] = {
    "most_travelled_path": "Most-travelled path",
    "where_customers_are_lost": "Where customers are lost",
    "assumed_moments": "Moments of truth on assumed evidence",
}
NOTHING.update({
    "most_travelled_path": "No link has measured cases yet: import an event log.",
    "where_customers_are_lost": "None: every measured journey reached an exit.",
    "assumed_moments": "None: every moment of truth is backed by data.",
})

T = TypeVar("T")

EMPTY_MAP = "Add touchpoints to the map to see its insights."


@dataclass(frozen=True)
class Target:
    """What a row points at: touchpoints to select, and a stage or lane to reveal."""

    key: str
    touchpoints: tuple[str, ...] = ()
    axis: str | None = None  # "stage" or "lane"
    axis_id: str = ""


@dataclass(frozen=True)
class Row:
    """One line of a group: its text, a figure for the second column, and a tool tip."""

    text: str
    target: Target
    tip: str = ""
    value: str = ""
    children: tuple[Row, ...] = ()
    more: int = 0  # children left out by the cap


@dataclass
class Group:
    """One finding: its label with the full count, its (capped) rows and a note."""

    finding: str
    count: int
    rows: list[Row] = field(default_factory=list)
    more: int = 0  # rows left out by the cap
    note: str = ""

    @property
    def title(self) -> str:
        label = LABELS.get(self.finding) or TRAFFIC_LABELS.get(self.finding, self.finding)
        return f"{label} ({self.count})"

    @property
    def definition(self) -> str:
        return DEFINITIONS.get(self.finding) or TRAFFIC_DEFINITIONS.get(self.finding, "")


def signed(value: float, decimals: int = 0) -> str:
    """+1, 0, −2 (a true minus sign) or +0.5 with ``decimals``."""
    text = f"{value:+.{decimals}f}"
    if text.lstrip("+-").strip("0.") == "":
        text = text.lstrip("+-")
    return text.replace("-", "−")


class Names:
    """Titles and names from the document, tolerant of ids that have just gone."""

    def __init__(self, doc: JourneyMap) -> None:
        self.doc = doc
        self.stages = {s.id: s.name for s in doc.stages}
        self.lanes = {lane.id: lane.name for lane in doc.lanes}
        self.channels = {c.id: c.name for c in doc.palette}

    def title(self, tp_id: str) -> str:
        if not self.doc.has_touchpoint(tp_id):
            return "(removed)"
        return self.doc.touchpoint(tp_id).title or "(untitled)"

    def where(self, tp_id: str) -> str:
        if not self.doc.has_touchpoint(tp_id):
            return ""
        tp = self.doc.touchpoint(tp_id)
        return f"{self.stages.get(tp.stage, tp.stage)} · {self.lanes.get(tp.lane, tp.lane)}"

    def chain(self, ids: Iterable[str]) -> str:
        return " → ".join(self.title(t) for t in ids)


def capped(group: Group, items: Sequence[T], limit: int, make: Callable[[T], Row]) -> Group:
    group.rows = [make(item) for item in items[:limit]]
    group.more = max(0, len(items) - limit)
    return group


def groups(analysis: Analysis, doc: JourneyMap, limit: int = 200) -> list[Group]:
    """Every finding of ``analysis`` as a group of at most ``limit`` rows, in :data:`ORDER`."""
    names = Names(doc)
    out: list[Group] = []
    for finding in ORDER:
        out.append(_group(finding, analysis, names, limit))
    return out


def _cards(finding: str, ids: list[str], names: Names, limit: int) -> Group:
    return capped(
        Group(finding, len(ids)),
        ids,
        limit,
        lambda t: Row(names.title(t), Target(f"{finding}:{t}", (t,)), names.where(t)),
    )


def _path(
    finding: str, path: JourneyPath | None, truncated: bool, names: Names, limit: int
) -> Group:
    if path is None:
        return Group(finding, 0)
    ids = path.touchpoints

    def step(item: tuple[int, str]) -> Row:
        n, t = item
        emotion = names.doc.touchpoint(t).emotion if names.doc.has_touchpoint(t) else None
        return Row(
            f"{n}. {names.title(t)}",
            Target(f"{finding}:{n}:{t}", (t,)),
            names.where(t),
            "" if emotion is None else signed(emotion),
        )

    steps = tuple(step(item) for item in enumerate(ids[:limit], 1))
    chain = names.chain(ids)
    whole = Row(
        chain,
        Target(f"{finding}:whole", ids),
        f"{len(ids)} touchpoints, mean emotion {signed(path.mean_emotion, 1)} "
        f"(total {signed(path.total_emotion)})",
        signed(path.mean_emotion, 1),
        steps,
        max(0, len(ids) - limit),
    )
    group = Group(finding, len(ids), [whole])
    if truncated:
        extreme = "lowest" if finding == "worst_path" else "highest"
        group.note = f"Search cut short: the {extreme} total found so far."
    return group


def _emotion_row(finding: str, s: EmotionSummary, members: dict[str, list[str]]) -> Row:
    axis = "stage" if finding == "emotion_by_stage" else None
    if s.mean is None:
        tip, value = f"No emotion rated on its {s.touchpoints} cards.", "–"
    else:
        low = "" if s.min is None else f", lowest {signed(s.min)}"
        tip = f"Mean {signed(s.mean, 1)}{low}; {s.count} of {s.touchpoints} cards rated."
        value = signed(s.mean, 1)
    ids = tuple(members.get(s.key, ()))
    return Row(s.name, Target(f"{finding}:{s.key}", ids, axis, s.key if axis else ""), tip, value)


def _members(doc: JourneyMap, finding: str) -> dict[str, list[str]]:
    """Touchpoint ids per stage, channel or owner (for the emotion groups)."""
    out: dict[str, list[str]] = defaultdict(list)
    for tp in doc.touchpoints():
        if finding == "emotion_by_stage":
            out[tp.stage].append(tp.id)
        elif finding == "emotion_by_channel" and tp.channel is not None:
            out[tp.channel].append(tp.id)
        elif finding == "emotion_by_owner" and tp.owner.strip():
            out[tp.owner.strip()].append(tp.id)
    return out


def _group(finding: str, a: Analysis, names: Names, limit: int) -> Group:
    if finding in ("entries", "exits", "unreachable", "dead_ends"):
        return _cards(finding, getattr(a, finding), names, limit)
    if finding in ("worst_path", "best_path"):
        return _path(finding, getattr(a, finding), a.paths_truncated, names, limit)
    if finding == "loops":
        return capped(Group(finding, len(a.loop_groups)), a.loop_groups, limit,
                      lambda loop: _loop_row(loop, names, limit))
    if finding == "moments_of_truth":

        def moment(m) -> Row:  # type: ignore[no-untyped-def]
            star = "★ " if m.flagged else ""
            feel = "no emotion" if m.emotion is None else f"emotion {signed(m.emotion)}"
            tip = (
                f"{names.where(m.id)}\nScore {m.score:.2f}: on many journeys "
                f"{m.betweenness:.2f}, {feel}, {m.pain_points} pain point(s)"
                + (", marked as a moment of truth" if m.flagged else "")
            )
            return Row(
                f"{star}{m.title or '(untitled)'}",
                Target(f"moments_of_truth:{m.id}", (m.id,)),
                tip,
                f"{m.score:.2f}",
            )

        return capped(Group(finding, len(a.moments_of_truth)), a.moments_of_truth, limit, moment)
    if finding == "channel_switches":
        by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
        for s in a.channel_switches:
            by_pair[(s.from_channel, s.to_channel)] += [s.source, s.target]
        pairs = list(a.channel_switch_counts.items())

        def switch(item: tuple[tuple[str, str], int]) -> Row:
            (x, y), n = item
            label = f"{names.channels.get(x, x)} → {names.channels.get(y, y)}"
            ids = tuple(dict.fromkeys(by_pair[(x, y)]))
            return Row(
                label,
                Target(f"channel_switches:{x}>{y}", ids),
                f"{n} link{'s' if n != 1 else ''} from {label}",
                str(n),
            )

        group = capped(Group(finding, len(a.channel_switches)), pairs, limit, switch)
        return group
    if finding in ("emotion_by_stage", "emotion_by_channel", "emotion_by_owner"):
        summaries: list[EmotionSummary] = getattr(a, finding)
        members = _members(names.doc, finding)
        return capped(
            Group(finding, len(summaries)),
            summaries,
            limit,
            lambda s: _emotion_row(finding, s, members),
        )
    if finding in ("empty_stages", "empty_lanes"):
        axis = "stage" if finding == "empty_stages" else "lane"
        table = names.stages if axis == "stage" else names.lanes
        ids = getattr(a, finding)
        return capped(
            Group(finding, len(ids)),
            ids,
            limit,
            lambda k: Row(table.get(k, k), Target(f"{finding}:{k}", (), axis, k)),
        )
    if finding == "unaddressed_pain_points":
        return capped(
            Group(finding, len(a.unaddressed_pain_points)),
            a.unaddressed_pain_points,
            limit,
            lambda u: Row(
                f"{u.title or '(untitled)'}: {'; '.join(u.pain_points)}",
                Target(f"unaddressed_pain_points:{u.id}", (u.id,)),
                "\n".join(f"• {p}" for p in u.pain_points),
                str(len(u.pain_points)),
            ),
        )
    return _cards(finding, a.touchpoint_ids(finding), names, limit)


def _loop_row(loop: Loop, names: Names, limit: int) -> Row:
    """A circle as "A → B → C → A"; a tangle as its size and its closing links as children."""
    ids = loop.touchpoints
    key = Target("loops:" + "|".join(ids[:3]) + f"|{len(ids)}", ids)
    mean = _total(names, ids) / len(ids)
    if loop.circle:
        return Row(names.chain([*ids, ids[0]]), key,
                   f"{len(ids)} cards, total emotion {signed(_total(names, ids))}",
                   signed(_total(names, ids)))
    closing = loop.closing_links
    shown = ", ".join(names.title(t) for t in ids[:3]) + (" …" if len(ids) > 3 else "")
    children = tuple(
        Row(names.chain((s, t)), Target(f"loops:{s}>{t}", (s, t)), "Closes the loop: goes back "
            "in map order")
        for s, t in closing[:limit]
    )
    return Row(
        f"{len(ids)} cards tied together: {shown}",
        key,
        f"{len(ids)} cards, {loop.links} links between them, mean emotion {signed(mean, 1)}; "
        f"{len(closing)} links go back and close it (listed below).",
        signed(mean, 1),
        children,
        max(0, len(closing) - limit),
    )


def _total(names: Names, ids: Iterable[str]) -> int:
    doc = names.doc
    return sum((doc.touchpoint(t).emotion or 0) for t in ids if doc.has_touchpoint(t))


__all__ = ["EMPTY_MAP", "LABELS", "NOTHING", "ORDER", "Group", "Names", "Row", "Target", "capped",
           "groups", "signed"]
