"""The "What changes" section of the plan and the compared map PDF: to-be against as-is.

Built from :func:`journeymap.core.diffreport.summary`: per stage the cards added, removed,
changed otherwise (moved in, other fields), improved and worsened (by emotion), the
stage's mean emotion before → after; then the whole journey's mean emotion and the
improvements the to-be map delivers (done in it, not before).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from reportlab.platypus import Flowable, Paragraph, Spacer

from journeymap.core.diff import compute
from journeymap.core.diffreport import summary
from journeymap.core.model import JourneyMap
from journeymap.export.deliver.rowtable import Cell, RowTable
from journeymap.export.document import Bookmark, Job
from journeymap.export.text import clean, escape

NAMED: Final = 3  # card titles named per cell before "+ N more"


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}".replace("-", "−")


def _before_after(old: float | None, new: float | None) -> str:
    text = f"{_mean(old)} → {_mean(new)}"
    if old is not None and new is not None and abs(new - old) > 1e-9:
        text += f" ({_mean(new - old)})"
    return text


def _titles(titles: Sequence[str]) -> str:
    shown = [clean(t, single_line=True) for t in titles[:NAMED]]
    if len(titles) > NAMED:
        shown.append(f"+ {len(titles) - NAMED} more")
    return f"{len(titles)}: " + "; ".join(shown) if titles else "–"


def what_changes(job: Job, as_is: JourneyMap, to_be: JourneyMap, width: float) -> list[Flowable]:
    """The section's flowables (heading, the journey's emotion, the per-stage table)."""
    s = job.styles
    result = summary(compute(as_is, to_be), as_is, to_be)
    title = clean(as_is.title, single_line=True) or "the as-is map"
    out: list[Flowable] = [
        Bookmark("changes", "What changes", 0),
        Paragraph("What changes", s["h1"]),
        Paragraph(escape(f"This map (to-be) against “{title}” (as-is), stage by stage: cards "
                         "added, removed, changed, re-rated better or worse, and the "
                         "mean emotion before → after."), s["small"]),
        Spacer(1, 4),
        Paragraph(escape("Mean emotion of the whole journey: "
                         + _before_after(result.old_mean, result.new_mean)), s["body"]),
    ]
    if result.delivered:
        out.append(Paragraph(escape("Improvements this map delivers: "
                                    + "; ".join(clean(t, single_line=True)
                                                for t in result.delivered)), s["body"]))
    out.append(Spacer(1, 6))
    rows: list[Sequence[Cell]] = []
    for stage in result.stages:
        improved = [f"{t} ({d:+d})".replace("-", "−") for t, d in stage.improved]
        worsened = [f"{t} ({d:+d})".replace("-", "−") for t, d in stage.worsened]
        rows.append([
            (clean(stage.name, single_line=True) or stage.stage_id, True),
            (_titles(stage.added), False),
            (_titles(stage.removed), False),
            (_titles([f"{t} ({what})" for t, what in stage.changed]), False),
            (_titles(improved), False),
            (_titles(worsened), False),
            (_before_after(stage.old_mean, stage.new_mean), False),
        ])
    w = width
    out.append(RowTable(job.kit, job.accent,
                        [w * 0.11, w * 0.13, w * 0.15, w * 0.16, w * 0.15, w * 0.14,
                         w * 0.16],
                        ("Stage", "Added", "Removed", "Changed", "Improved", "Worsened",
                         "Mean emotion"), rows))
    return out


__all__ = ["what_changes"]
