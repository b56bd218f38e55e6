"""Numbers and orderings the PDFs print, computed from the document alone (no ReportLab).

Touchpoints are numbered in reading order: stage by stage left to right, lane by lane top
to bottom, slot by slot within a cell, the order of the map's emotion curve. The map's
number badges, the notes and the improvement plan all use these numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from journeymap.core.entities import Improvement, Touchpoint
from journeymap.core.model import JourneyMap

PRIORITY_RANK: Final[dict[str, int]] = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def reading_order(doc: JourneyMap) -> list[Touchpoint]:
    """All touchpoints, stage by stage, lane by lane, left to right within a cell."""
    cells = doc.cells()
    return [
        tp
        for stage in doc.stages
        for lane in doc.lanes
        for tp in cells.get((stage.id, lane.id), ())
    ]


def touchpoint_numbers(doc: JourneyMap) -> dict[str, int]:
    """Touchpoint id → its number (1, 2, …) in reading order."""
    return {tp.id: n for n, tp in enumerate(reading_order(doc), start=1)}


@dataclass(frozen=True, slots=True)
class StageFigures:
    stage_id: str
    name: str
    phase: str | None
    touchpoints: int
    pain_points: int
    moments_of_truth: int
    mean_emotion: float | None


def stage_figures(doc: JourneyMap) -> list[StageFigures]:
    """Per stage: touchpoints, pain points, moments of truth and the mean emotion."""
    by_stage: dict[str, list[Touchpoint]] = {s.id: [] for s in doc.stages}
    for tp in doc.touchpoints():
        by_stage[tp.stage].append(tp)
    out = []
    for stage in doc.stages:
        tps = by_stage[stage.id]
        emotions = [tp.emotion for tp in tps if tp.emotion is not None]
        out.append(
            StageFigures(
                stage.id,
                stage.name,
                stage.phase,
                len(tps),
                sum(len(tp.pain_points) for tp in tps),
                sum(1 for tp in tps if tp.moment_of_truth),
                sum(emotions) / len(emotions) if emotions else None,
            )
        )
    return out


def _csat(tp: Touchpoint) -> float | None:
    for key, value in tp.metrics.items():
        if key.lower() == "csat":
            return float(value)
    return None


def worst_rated(doc: JourneyMap, limit: int = 8) -> list[Touchpoint]:
    """Touchpoints rated negative, worst first: emotion, then CSAT, then most pain points."""
    numbers = touchpoint_numbers(doc)
    rated = [tp for tp in doc.touchpoints() if tp.emotion is not None and tp.emotion < 0]

    def key(tp: Touchpoint) -> tuple[float, float, int, int]:
        csat = _csat(tp)
        return (tp.emotion or 0, csat if csat is not None else 99.0, -len(tp.pain_points),
                numbers[tp.id])

    return sorted(rated, key=key)[:limit]


def improvement_order(doc: JourneyMap) -> list[Improvement]:
    """The action plan's order: priority, then impact ÷ effort (highest first), then impact,
    then the order of the file."""
    index = {imp.id: i for i, imp in enumerate(doc.improvements)}
    return sorted(
        doc.improvements,
        key=lambda imp: (
            PRIORITY_RANK.get(imp.priority, 9),
            -imp.impact / imp.effort,
            -imp.impact,
            index[imp.id],
        ),
    )


def quadrant(imp: Improvement) -> str:
    """Where an improvement falls on the impact-vs-effort matrix (3 is the middle line:
    an impact of 3 counts as high, an effort of 3 as high)."""
    high_impact = imp.impact >= 3
    low_effort = imp.effort < 3
    if high_impact:
        return "Quick win" if low_effort else "Big bet"
    return "Fill-in" if low_effort else "Money pit"


def unaddressed_pain_points(doc: JourneyMap) -> dict[str, list[tuple[Touchpoint, str]]]:
    """Stage id → (touchpoint, pain point) pairs of touchpoints no improvement names."""
    named = {tp_id for imp in doc.improvements for tp_id in imp.touchpoints}
    out: dict[str, list[tuple[Touchpoint, str]]] = {s.id: [] for s in doc.stages}
    for tp in reading_order(doc):
        if tp.id in named:
            continue
        for pain in tp.pain_points:
            if pain.strip():
                out[tp.stage].append((tp, pain))
    return out


def emotion_label(emotion: int | None) -> str:
    from journeymap.core.appearance import EMOTION_NAMES

    if emotion is None:
        return "not rated"
    sign = "+" if emotion > 0 else ("−" if emotion < 0 else "±")
    return f"{EMOTION_NAMES[emotion]} ({sign}{abs(emotion)})"


def format_number(value: float) -> str:
    """A metric value as people write it: 4.2, 31, 0.034, 12,500."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


@dataclass(frozen=True, slots=True)
class JourneyCounts:
    """The journey in numbers: one definition of each, printed alike on the map's first
    page, the plan's cover, its summary and its findings."""

    touchpoints: int
    stages: int
    lanes: int
    pain_points: int  # every non-empty pain point of every touchpoint
    moments_of_truth: int  # touchpoints marked as a moment of truth
    improvements: int
    open_pain_points: int  # pain points of touchpoints that no improvement names
    open_touchpoints: int  # the touchpoints those belong to
    mean_emotion: float | None

    def lead(self) -> str:
        """The numbers as one sentence."""
        return (
            f"{self.touchpoints:,} touchpoints in {self.stages} stages and {self.lanes} lanes; "
            f"{self.pain_points:,} pain points, {self.open_pain_points:,} of them without an "
            f"improvement; {self.moments_of_truth:,} marked moments of truth; "
            f"{self.improvements:,} improvements"
        )


def journey_counts(doc: JourneyMap) -> JourneyCounts:
    tps = doc.touchpoints()
    emotions = [tp.emotion for tp in tps if tp.emotion is not None]
    open_ = [pair for pairs in unaddressed_pain_points(doc).values() for pair in pairs]
    return JourneyCounts(
        touchpoints=len(tps),
        stages=len(doc.stages),
        lanes=len(doc.lanes),
        pain_points=sum(1 for tp in tps for p in tp.pain_points if p.strip()),
        moments_of_truth=sum(1 for tp in tps if tp.moment_of_truth),
        improvements=len(doc.improvements),
        open_pain_points=len(open_),
        open_touchpoints=len({tp.id for tp, _ in open_}),
        mean_emotion=sum(emotions) / len(emotions) if emotions else None,
    )


def best_value(doc: JourneyMap, limit: int = 5) -> list[Improvement]:
    """Open improvements (not done) by impact ÷ effort, then impact, then plan order."""
    order = {imp.id: i for i, imp in enumerate(improvement_order(doc))}
    open_ = [imp for imp in doc.improvements if imp.status != "done"]
    return sorted(open_, key=lambda imp: (-imp.impact / imp.effort, -imp.impact,
                                          order[imp.id]))[:limit]


def _quarter(day: datetime.date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def roadmap(doc: JourneyMap, today: datetime.date) -> list[tuple[str, str, list[Improvement]]]:
    """The open improvements in columns, each (heading, rule, improvements in plan order).

    By quarter of ``due`` when every open improvement has one (past dues fall in the first
    column, "Overdue"); otherwise now / next / later: in progress or due within 90 days is
    now, planned or due within 270 days is next, the rest later.
    """
    plan = [imp for imp in improvement_order(doc) if imp.status != "done"]
    if plan and all(imp.due is not None for imp in plan):
        columns: dict[str, list[Improvement]] = {}
        overdue = [imp for imp in plan if imp.due is not None and imp.due < today]
        if overdue:
            columns["Overdue"] = overdue
        for imp in sorted((i for i in plan if i.due is not None and i.due >= today),
                          key=lambda i: i.due or today):
            assert imp.due is not None
            columns.setdefault(_quarter(imp.due), []).append(imp)
        if len(columns) > 5:  # the first four quarters, then everything later
            keys = list(columns)
            later = [imp for k in keys[4:] for imp in columns.pop(k)]
            columns[f"{keys[4]} and later"] = later
        return [(k, "by due date", v) for k, v in columns.items()]
    now, next_, later = [], [], []
    for imp in plan:
        days = (imp.due - today).days if imp.due is not None else None
        if imp.status == "in_progress" or (days is not None and days <= 90):
            now.append(imp)
        elif imp.status == "planned" or (days is not None and days <= 270):
            next_.append(imp)
        else:
            later.append(imp)
    return [
        ("Now", "in progress, or due within 90 days", now),
        ("Next", "planned, or due within 270 days", next_),
        ("Later", "ideas without a near due date", later),
    ]


def places_of(doc: JourneyMap, chars: set[str], limit: int = 3) -> dict[str, list[str]]:
    """For each character of ``chars``, up to ``limit`` places of the map that contain it,
    in words: "the title", "stage “Buy”", "touchpoint 4", "improvement “…”"."""
    numbers = touchpoint_numbers(doc)
    texts: list[tuple[str, str]] = [("the title", doc.title), ("the description",
                                                                 doc.description)]
    if doc.persona is not None:
        p = doc.persona
        texts.append(("the persona", " ".join([p.name, p.description, *p.goals, *p.pains])))
    texts += [(f"stage {s.name!r}", f"{s.name} {s.description}") for s in doc.stages]
    texts += [(f"lane {lane.name!r}", f"{lane.name} {lane.description}")
              for lane in doc.lanes]
    for tp in reading_order(doc):
        texts.append((f"touchpoint {numbers[tp.id]}", " ".join(
            [tp.title, tp.description, tp.thoughts, tp.owner, *tp.pain_points,
             *tp.opportunities])))
    texts += [(f"improvement {imp.title[:40]!r}", " ".join(
        [imp.title, imp.problem, imp.action, imp.owner, imp.kpi]))
        for imp in doc.improvements]
    found: dict[str, list[str]] = {c: [] for c in chars}
    for where, text in texts:
        for c in chars & set(text):
            if len(found[c]) < limit:
                found[c].append(where)
    return found

