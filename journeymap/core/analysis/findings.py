"""Journey insights: what the links and emotions of a map say, computed on its graph.

:func:`analyze` returns an :class:`Analysis` of plain dataclasses; each finding is defined by
one sentence in :data:`DEFINITIONS` (the same text as ``docs/insights.md``). Touchpoint lists
are in left-to-right map order: stage index, then lane index, then slot. Every finding is
exact and computed in time linear in the links (loops are the map's strongly connected groups,
not an enumeration of its circles), so a dense or tangled map never hangs the editor and no
answer is cut short.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from journeymap.core.analysis.cycles import loop_groups
from journeymap.core.analysis.paths import Mode, PathGraph, extreme_paths, journeys_through
from journeymap.core.analysis.scores import MomentOfTruth, moments_of_truth
from journeymap.core.entities import Touchpoint
from journeymap.core.model import JourneyMap

__all__ = [
    "DEFINITIONS", "FINDINGS", "Analysis", "ChannelSwitch", "EmotionSummary", "JourneyPath",
    "Loop", "MomentOfTruth", "UnaddressedPainPoint", "analyze",
]

FINDINGS: tuple[str, ...] = (
    "entries", "exits", "unreachable", "dead_ends", "loops", "worst_path", "best_path",
    "moments_of_truth", "channel_switches", "emotion_by_stage", "emotion_by_channel",
    "emotion_by_owner", "empty_stages", "empty_lanes", "unaddressed_pain_points",
)

DEFINITIONS: dict[str, str] = {
    "entries": "Entries are the touchpoints of the first stage that has any which no link leads "
    "into, or all of that stage's touchpoints when every one of them has an incoming link.",
    "exits": "Exits are the touchpoints of the last stage that has any which have no outgoing "
    "link.",
    "unreachable": "Unreachable touchpoints are those that no entry leads to by following links.",
    "dead_ends": "Dead ends are touchpoints with no outgoing link outside the last stage that "
    "has touchpoints.",
    "loops": "A loop is a group of two or more touchpoints in which links lead from each one to "
    "every other and back, listed once with all its touchpoints and the links that close it, "
    "which are its links that go back in map order.",
    "worst_path": "The worst path is the stretch of at least three touchpoints (fewer when "
    "no longer one exists) along forward links, which are the links that are not return "
    "links, do not go to an earlier stage and do not close a loop, whose emotions have the "
    "lowest mean.",
    "best_path": "The best path is the stretch of at least three touchpoints (fewer when "
    "no longer one exists) along forward links, which are the links that are not return "
    "links, do not go to an earlier stage and do not close a loop, whose emotions have the "
    "highest mean.",
    "moments_of_truth": "Moments of truth are the touchpoints, at most ten, with the highest "
    "positive score for lying on many journeys, negative emotion, pain points and being marked "
    "as a moment of truth.",
    "channel_switches": "Channel switches are links between two touchpoints that both have a "
    "channel and whose channels differ.",
    "emotion_by_stage": "Emotion by stage gives the mean and lowest emotion, and how many "
    "touchpoints have one, for every stage.",
    "emotion_by_channel": "Emotion by channel gives the mean and lowest emotion, and how many "
    "touchpoints have one, for every channel in use.",
    "emotion_by_owner": "Emotion by owner gives the mean and lowest emotion, and how many "
    "touchpoints have one, for every owner named on a touchpoint.",
    "empty_stages": "Empty stages are stages that hold no touchpoint.",
    "empty_lanes": "Empty lanes are lanes that hold no touchpoint.",
    "unaddressed_pain_points": "Unaddressed pain points are touchpoints with pain points that "
    "no improvement names.",
}


@dataclass(frozen=True)
class JourneyPath:
    """A chain of touchpoints from an entry to an exit and its total emotion (null counts 0)."""

    touchpoints: tuple[str, ...]
    total_emotion: int

    @property
    def mean_emotion(self) -> float:
        """The mean emotion per touchpoint (what the worst and best path are chosen by)."""
        return self.total_emotion / len(self.touchpoints) if self.touchpoints else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"touchpoints": list(self.touchpoints), "total_emotion": self.total_emotion,
                "mean_emotion": round(self.mean_emotion, 3)}


@dataclass(frozen=True)
class Loop:
    """A loop: a strongly connected group of touchpoints and the links that close it.

    ``touchpoints`` run in circle order from the left-most card when the loop is one circle
    (``circle``), else in map order. ``closing_links`` are the links inside the loop that go
    back in map order: every circle in it uses one, and without them none is left.
    """

    touchpoints: tuple[str, ...]
    closing_links: tuple[tuple[str, str], ...]
    links: int

    @property
    def circle(self) -> bool:
        return self.links == len(self.touchpoints)

    def to_dict(self) -> dict[str, Any]:
        return {"touchpoints": list(self.touchpoints), "circle": self.circle,
                "links": self.links,
                "closing_links": [{"source": a, "target": b} for a, b in self.closing_links]}


@dataclass(frozen=True)
class ChannelSwitch:
    """A link whose two ends use different channels."""

    source: str
    target: str
    from_channel: str
    to_channel: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "from": self.from_channel,
                "to": self.to_channel}


@dataclass(frozen=True)
class EmotionSummary:
    """Emotion figures of one group of touchpoints (a stage, a channel or an owner)."""

    key: str
    name: str
    mean: float | None
    min: int | None
    count: int
    touchpoints: int

    def to_dict(self) -> dict[str, Any]:
        mean = None if self.mean is None else round(self.mean, 2)
        return {"name": self.name, "mean": mean, "min": self.min, "count": self.count,
                "touchpoints": self.touchpoints}


@dataclass(frozen=True)
class UnaddressedPainPoint:
    """A touchpoint with pain points that no improvement names."""

    id: str
    title: str
    pain_points: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "pain_points": list(self.pain_points)}


@dataclass
class Analysis:
    """Every finding about one map; ``to_dict()`` has exactly the keys of :data:`FINDINGS`."""

    entries: list[str] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    loop_groups: list[Loop] = field(default_factory=list)
    worst_path: JourneyPath | None = None
    best_path: JourneyPath | None = None
    moments_of_truth: list[MomentOfTruth] = field(default_factory=list)
    channel_switches: list[ChannelSwitch] = field(default_factory=list)
    channel_switch_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    emotion_by_stage: list[EmotionSummary] = field(default_factory=list)
    emotion_by_channel: list[EmotionSummary] = field(default_factory=list)
    emotion_by_owner: list[EmotionSummary] = field(default_factory=list)
    empty_stages: list[str] = field(default_factory=list)
    empty_lanes: list[str] = field(default_factory=list)
    unaddressed_pain_points: list[UnaddressedPainPoint] = field(default_factory=list)
    #: always false: the loops are listed exactly (kept for callers that still ask)
    loops_truncated: bool = False
    paths_truncated: bool = False
    #: Where paths may end: the exits, or every touchpoint of the last stage when it has none
    #: (a journey whose last cards all loop back still has a worst and a best path).
    path_ends: list[str] = field(default_factory=list)

    @property
    def loops(self) -> list[list[str]]:
        """The touchpoints of each loop (see :class:`Loop` for their order)."""
        return [list(loop.touchpoints) for loop in self.loop_groups]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, keyed by finding name in :data:`FINDINGS` order."""

        def path(p: JourneyPath | None) -> dict[str, Any] | None:
            return None if p is None else p.to_dict()

        def summaries(groups: list[EmotionSummary]) -> dict[str, Any]:
            return {s.key: s.to_dict() for s in groups}

        counts = [
            {"from": a, "to": b, "count": n} for (a, b), n in self.channel_switch_counts.items()
        ]
        return {
            "entries": list(self.entries),
            "exits": list(self.exits),
            "unreachable": list(self.unreachable),
            "dead_ends": list(self.dead_ends),
            "loops": [loop.to_dict() for loop in self.loop_groups],
            "worst_path": path(self.worst_path),
            "best_path": path(self.best_path),
            "moments_of_truth": [m.to_dict() for m in self.moments_of_truth],
            "channel_switches": {
                "links": [s.to_dict() for s in self.channel_switches], "counts": counts,
            },
            "emotion_by_stage": summaries(self.emotion_by_stage),
            "emotion_by_channel": summaries(self.emotion_by_channel),
            "emotion_by_owner": summaries(self.emotion_by_owner),
            "empty_stages": list(self.empty_stages),
            "empty_lanes": list(self.empty_lanes),
            "unaddressed_pain_points": [u.to_dict() for u in self.unaddressed_pain_points],
        }

    def touchpoint_ids(self, finding: str) -> list[str]:
        """Every touchpoint id a finding names, each once, in the order the finding gives them.

        The emotion summaries and the empty stages and lanes name groups, not touchpoints:
        their list is empty.
        """
        named: Iterable[str]
        if finding in ("entries", "exits", "unreachable", "dead_ends"):
            named = getattr(self, finding)
        elif finding == "loops":
            named = itertools.chain.from_iterable(loop.touchpoints for loop in self.loop_groups)
        elif finding in ("worst_path", "best_path"):
            p = getattr(self, finding)
            named = () if p is None else p.touchpoints
        elif finding == "moments_of_truth":
            named = (m.id for m in self.moments_of_truth)
        elif finding == "channel_switches":
            named = itertools.chain.from_iterable((s.source, s.target) for s in
                                                  self.channel_switches)
        elif finding == "unaddressed_pain_points":
            named = (u.id for u in self.unaddressed_pain_points)
        elif finding in FINDINGS:
            named = ()
        else:
            raise ValueError(f'unknown finding "{finding}"; the findings are: '
                             + ", ".join(FINDINGS))
        return list(dict.fromkeys(named))


def analyze(
    doc: JourneyMap, *, max_loops: int = 50, max_loop_length: int = 10,
    path_mode: Mode = "stretch",
) -> Analysis:
    """Compute every finding of :data:`FINDINGS` for ``doc``, exactly.

    ``max_loops`` and ``max_loop_length`` have no effect any more (loops are no longer found by
    a bounded search) and are accepted for older callers. The worst and best paths are exact
    (linear in the links); ``path_mode="total"`` ranks them by total instead of mean emotion.
    """
    graph = doc.graph
    stage_at = {s.id: i for i, s in enumerate(doc.stages)}
    lane_at = {lane.id: i for i, lane in enumerate(doc.lanes)}
    nodes = graph.nodes
    tps: list[Touchpoint] = sorted(
        (data["touchpoint"] for _, data in nodes(data=True)),
        key=lambda tp: (stage_at[tp.stage], lane_at[tp.lane], tp.slot),
    )
    rank = {tp.id: i for i, tp in enumerate(tps)}
    result = Analysis()
    if not tps:
        result.emotion_by_stage = _emotions(tps, [(s.id, s.name) for s in doc.stages],
                                            lambda tp: tp.stage)
        result.empty_stages = [s.id for s in doc.stages]
        result.empty_lanes = [lane.id for lane in doc.lanes]
        return result
    in_deg, out_deg = graph.in_degree, graph.out_degree
    first = min(stage_at[tp.stage] for tp in tps)
    last = max(stage_at[tp.stage] for tp in tps)
    first_stage = [tp.id for tp in tps if stage_at[tp.stage] == first]
    result.entries = [t for t in first_stage if in_deg(t) == 0] or first_stage
    last_stage = [tp.id for tp in tps if stage_at[tp.stage] == last]
    result.exits = [t for t in last_stage if out_deg(t) == 0]
    result.path_ends = result.exits or last_stage
    reached = set(result.entries)
    frontier = list(result.entries)
    while frontier:
        for t in graph.successors(frontier.pop()):
            if t not in reached:
                reached.add(t)
                frontier.append(t)
    result.unreachable = [tp.id for tp in tps if tp.id not in reached]
    result.dead_ends = [tp.id for tp in tps
                        if out_deg(tp.id) == 0 and stage_at[tp.stage] != last]
    successors = [sorted(rank[t] for t in graph.successors(tp.id)) for tp in tps]
    result.loop_groups = _loops([tp.id for tp in tps], successors)
    g = _path_graph(result, doc, tps, rank, successors, stage_at)
    _paths(result, tps, g, path_mode)
    through, journeys = journeys_through(g)
    result.moments_of_truth = moments_of_truth(tps, through, journeys)
    _channel_switches(result, doc, rank)
    palette = [(c.id, c.name) for c in doc.palette]
    used = {tp.channel for tp in tps}
    result.emotion_by_stage = _emotions(tps, [(s.id, s.name) for s in doc.stages],
                                        lambda tp: tp.stage)
    result.emotion_by_channel = _emotions(tps, [(k, n) for k, n in palette if k in used],
                                          lambda tp: tp.channel)
    owners = sorted({tp.owner.strip() for tp in tps} - {""}, key=lambda o: (o.casefold(), o))
    result.emotion_by_owner = _emotions(tps, [(o, o) for o in owners],
                                        lambda tp: tp.owner.strip())
    stages_used = {tp.stage for tp in tps}
    lanes_used = {tp.lane for tp in tps}
    result.empty_stages = [s.id for s in doc.stages if s.id not in stages_used]
    result.empty_lanes = [lane.id for lane in doc.lanes if lane.id not in lanes_used]
    named = {t for imp in doc.improvements for t in imp.touchpoints}
    result.unaddressed_pain_points = [
        UnaddressedPainPoint(tp.id, tp.title, tuple(p for p in tp.pain_points if p.strip()))
        for tp in tps
        if tp.id not in named and any(p.strip() for p in tp.pain_points)
    ]
    return result


def _loops(ids: list[str], succ: list[list[int]]) -> list[Loop]:
    """Every loop of the map, by its left-most touchpoint (see :mod:`.cycles`)."""
    return [
        Loop(tuple(ids[v] for v in g.nodes), tuple((ids[a], ids[b]) for a, b in g.closing),
             g.links)
        for g in loop_groups(succ)
    ]


def _path_graph(
    result: Analysis, doc: JourneyMap, tps: list[Touchpoint], rank: dict[str, int],
    succ: list[list[int]], stage_at: dict[str, int],
) -> PathGraph:
    """The links over touchpoint numbers, with what the path programmes need."""
    returns = frozenset(
        (rank[a], rank[b]) for a, b, kind in doc.graph.edges(data="link")
        if kind is not None and kind.kind == "return"
    )
    return PathGraph(
        successors=succ,
        emotion=[tp.emotion or 0 for tp in tps],
        stage=[stage_at[tp.stage] for tp in tps],
        returns=returns,
        entries=[rank[t] for t in result.entries],
        exits=[rank[t] for t in result.path_ends],
    )


def _paths(result: Analysis, tps: list[Touchpoint], g: PathGraph, mode: Mode) -> None:
    """Fill in the worst and best paths (exact: ``paths_truncated`` stays false)."""
    found = extreme_paths(g, mode)
    ids = [tp.id for tp in tps]
    if found.worst is not None:
        result.worst_path = JourneyPath(tuple(ids[i] for i in found.worst[0]), found.worst[1])
    if found.best is not None:
        result.best_path = JourneyPath(tuple(ids[i] for i in found.best[0]), found.best[1])
    result.paths_truncated = found.truncated


def _channel_switches(result: Analysis, doc: JourneyMap, rank: dict[str, int]) -> None:
    """Links whose two ends both have a channel and the channels differ, with counts per pair."""
    nodes = doc.graph.nodes
    switches = []
    for a, b in doc.graph.edges:
        ca, cb = nodes[a]["touchpoint"].channel, nodes[b]["touchpoint"].channel
        if ca is not None and cb is not None and ca != cb:
            switches.append(ChannelSwitch(a, b, ca, cb))
    switches.sort(key=lambda s: (rank[s.source], rank[s.target]))
    palette = {c.id: i for i, c in enumerate(doc.palette)}
    counts: dict[tuple[str, str], int] = {}
    for s in switches:
        pair = (s.from_channel, s.to_channel)
        counts[pair] = counts.get(pair, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], palette[kv[0][0]], palette[kv[0][1]]))
    result.channel_switches = switches
    result.channel_switch_counts = dict(ordered)


def _emotions(
    tps: list[Touchpoint], groups: list[tuple[str, str]],
    key_of: Callable[[Touchpoint], str | None],
) -> list[EmotionSummary]:
    """Mean, lowest and count of emotions per group, over the touchpoints that have one."""
    members: dict[str, list[Touchpoint]] = {k: [] for k, _ in groups}
    for tp in tps:
        k = key_of(tp)
        if k is not None and k in members:
            members[k].append(tp)
    out = []
    for k, name in groups:
        values = [tp.emotion for tp in members[k] if tp.emotion is not None]
        mean = sum(values) / len(values) if values else None
        out.append(EmotionSummary(k, name, mean, min(values) if values else None, len(values),
                                  len(members[k])))
    return out
