"""The journey analysis as the PDFs use it: computed once per map state, shared by the map
PDF (worst path, ranked moments of truth) and the plan's findings.

A map and its plan are usually exported one after the other from the same document; the
analysis of the last document is kept until the document reports a change.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Final

from journeymap.core.analysis.findings import Analysis, JourneyPath, MomentOfTruth, analyze
from journeymap.core.events import Event
from journeymap.core.model import JourneyMap
from journeymap.export.options import ExportOptions


class _Entry:
    """One document's analysis, dropped by the document's next change event."""

    def __init__(self) -> None:
        self.analysis: Analysis | None = None

    def forget(self, event: Event) -> None:
        self.analysis = None


MAX_LOOPS: Final = 50
MAX_LOOP_LENGTH: Final = 10
_ENTRIES: weakref.WeakKeyDictionary[JourneyMap, _Entry] = weakref.WeakKeyDictionary()


def analysis_for(doc: JourneyMap) -> Analysis:
    """The analysis of ``doc`` as it is now; computed again only after a change."""
    entry = _ENTRIES.get(doc)
    if entry is None:
        entry = _ENTRIES[doc] = _Entry()
        doc.subscribe(entry.forget)
    if entry.analysis is None:
        entry.analysis = analyze(doc, max_loops=MAX_LOOPS, max_loop_length=MAX_LOOP_LENGTH)
    return entry.analysis


@dataclass(frozen=True, slots=True)
class MapInsights:
    """What the map PDF marks: the worst path (when asked for) and the ranked moments."""

    worst_path: JourneyPath | None = None
    paths_truncated: bool = False
    moments: tuple[MomentOfTruth, ...] = ()
    path_links: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    steps: dict[str, int] = field(default_factory=dict)  # touchpoint id → step on the path
    ranks: dict[str, int] = field(default_factory=dict)  # touchpoint id → rank, from 1

    @property
    def empty(self) -> bool:
        return self.worst_path is None and not self.moments

    def moment(self, tp_id: str) -> MomentOfTruth | None:
        rank = self.ranks.get(tp_id)
        return None if rank is None else self.moments[rank - 1]

    def notes(self, tp_id: str) -> list[str]:
        """What the marks say about one touchpoint, for its annotation."""
        out = []
        moment = self.moment(tp_id)
        if moment is not None:
            out.append(f"★ Moment of truth, ranked {self.ranks[tp_id]} of "
                       f"{len(self.moments)} (score {moment.score:.2f})")
        step = self.steps.get(tp_id)
        if step is not None:
            out.append(f"On the worst path (step {step} of {len(self.steps)})")
        return out


def map_insights(doc: JourneyMap, options: ExportOptions) -> MapInsights:
    """The marks ``options`` ask for; no analysis at all when they ask for none."""
    if not (options.highlight_worst_path or options.mark_moments_of_truth):
        return MapInsights()
    found = analysis_for(doc)
    path = found.worst_path if options.highlight_worst_path else None
    if path is not None and len(path.touchpoints) < 2:
        path = None  # a path of one card is no path to draw
    moments = tuple(found.moments_of_truth) if options.mark_moments_of_truth else ()
    tps = path.touchpoints if path is not None else ()
    return MapInsights(
        worst_path=path,
        paths_truncated=found.paths_truncated and path is not None,
        moments=moments,
        path_links=frozenset(zip(tps, tps[1:], strict=False)),
        steps={tp_id: i for i, tp_id in enumerate(tps, start=1)},
        ranks={m.id: i for i, m in enumerate(moments, start=1)},
    )


def signed(value: int) -> str:
    """An emotion total as printed: +3, 0, −5 (a true minus sign)."""
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def worst_path_label(path: JourneyPath) -> str:
    """The legend's words for the worst path."""
    mean = f"{path.mean_emotion:+.1f}".replace("-", "−")
    return f"Worst path (mean emotion {'0.0' if mean in ('+0.0', '−0.0') else mean})"
