"""The plan's one-page executive summary and its roadmap page.

The summary: the journey in numbers, the stages (table and emotion chart), the three worst
moments with their pain points and the improvements that give most for their effort. The
roadmap: the open improvements now / next / later (or by quarter of their due dates), each
with its owner. Improvements are named by their number in the action plan, touchpoints by
their number on the map.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Final

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from journeymap.core import appearance
from journeymap.core.appearance import STATUS_NAMES
from journeymap.core.entities import Improvement
from journeymap.core.model import JourneyMap
from journeymap.export.deliver.charts import emotion_chart
from journeymap.export.deliver.rowtable import Cell, RowTable
from journeymap.export.document import Bookmark, Job
from journeymap.export.figures import (
    best_value,
    emotion_label,
    improvement_order,
    journey_counts,
    roadmap,
    stage_figures,
    touchpoint_numbers,
    worst_rated,
)
from journeymap.export.text import clean, escape, short

WORST: Final = 3
BEST: Final = 5
PAINS_EACH: Final = 2
PER_COLUMN: Final = 12  # improvements listed per roadmap column
STAGE_ROWS: Final = 8  # stages in the table and the chart: the summary stays one page


def bounded(items: Sequence[str], limit: int, where: str) -> list[str]:
    """The first ``limit`` items, then "… and N more" saying where the rest are."""
    out = list(items[:limit])
    if len(items) > limit:
        out.append(f"… and {len(items) - limit} more {where}")
    return out


class Summary:
    """Builds the executive summary and the roadmap of one plan."""

    def __init__(self, job: Job, doc: JourneyMap, width: float,
                 table_style: list[tuple[Any, ...]]) -> None:
        self.job, self.doc, self.width = job, doc, width
        self.kit, self.s = job.kit, job.styles
        self.table_style = table_style
        self.numbers = touchpoint_numbers(doc)
        self.plan_numbers = {imp.id: n for n, imp in
                             enumerate(improvement_order(doc), start=1)}

    def refs(self, imp: Improvement) -> str:
        numbers = sorted(self.numbers[t] for t in imp.touchpoints)
        return ", ".join(f"#{n}" for n in numbers) or "–"

    def _pair(self, left: list[Flowable], right: list[Flowable]) -> list[Flowable]:
        """Two blocks side by side on landscape pages, one above the other on portrait."""
        if self.width < 640:
            return [*left, Spacer(1, 6), *right]
        half = (self.width - 24) / 2
        pair = Table([[left, right]], colWidths=[half + 24, half])
        pair.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 24),
        ]))
        return [pair]

    @property
    def half(self) -> float:
        return self.width if self.width < 640 else (self.width - 24) / 2

    # ------------------------------------------------------------------ summary
    def story(self) -> list[Flowable]:
        doc, s = self.doc, self.s
        counts = journey_counts(doc)
        statuses: dict[str, int] = {}
        for imp in doc.improvements:
            statuses[imp.status] = statuses.get(imp.status, 0) + 1
        status_text = ", ".join(f"{n} {STATUS_NAMES[k].lower()}" for k, n in statuses.items())
        lead = counts.lead() + (f" ({status_text})." if status_text else ".")
        out: list[Flowable] = [
            Bookmark("summary", "Summary", 0),
            Paragraph("Executive summary", s["h1"]),
            Paragraph(escape(lead), s["lead"]),
        ]
        out += self._pair(self.stages(), self.chart())
        out.append(Spacer(1, 8))
        out += self._pair(self.worst(), self.best())
        return out

    def stages(self) -> list[Flowable]:
        rows: list[Sequence[Cell]] = []
        figures = stage_figures(self.doc)
        for f in figures[:STAGE_ROWS]:
            mean = "–" if f.mean_emotion is None else f"{f.mean_emotion:+.2f}".replace("-", "−")
            rows.append([(clean(f.name, single_line=True), True),
                         (appearance.PHASE_NAMES.get(f.phase, ""), False),
                         (f"{f.touchpoints:,}", False), (f"{f.pain_points:,}", False),
                         (mean, False)])
        h = self.half
        out: list[Flowable] = [
            Paragraph("Touchpoints by stage", self.s["h3"]),
            RowTable(self.kit, self.job.accent, [h * 0.31, h * 0.21, h * 0.17, h * 0.14,
                                                 h * 0.17],
                     ("Stage", "Phase", "Touchpoints", "Pain points", "Mean emotion"), rows),
        ]
        if len(figures) > STAGE_ROWS:
            out.append(Paragraph(escape(f"… and {len(figures) - STAGE_ROWS} more stages, in the "
                                        "findings and on the map"), self.s["small"]))
        return out

    def chart(self) -> list[Flowable]:
        figures = stage_figures(self.doc)[:STAGE_ROWS]
        return [Paragraph("Mean emotion per stage", self.s["h3"]),
                emotion_chart(self.kit, figures, self.half, 150.0)]

    def worst(self) -> list[Flowable]:
        s, doc = self.s, self.doc
        out: list[Flowable] = [Paragraph("The three worst moments", s["h3"])]
        tps = worst_rated(doc, WORST)
        if not tps:
            out.append(Paragraph("No touchpoint has a negative emotion.", s["body"]))
            return out
        rows: list[Sequence[Cell]] = []
        for tp in tps:
            where = (f"{clean(doc.stage(tp.stage).name, single_line=True)} · "
                     f"{emotion_label(tp.emotion)}")
            pains = bounded([f"• {short(clean(p, single_line=True), 90)}"
                             for p in tp.pain_points if p.strip()], PAINS_EACH,
                            "in the map's annotations")
            rows.append([(str(self.numbers[tp.id]), True),
                         (short(clean(tp.title, single_line=True), 70) + "\n" + where, True),
                         ("\n".join(pains) or "–", False)])
        h = self.half
        out.append(RowTable(self.kit, self.job.accent, [28, (h - 28) * 0.42, (h - 28) * 0.58],
                            ("No.", "Touchpoint", "Pain points"), rows))
        return out

    def best(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [Paragraph("Top improvements by impact ÷ effort", s["h3"])]
        best = best_value(self.doc, BEST)
        if not best:
            out.append(Paragraph("No open improvement yet.", s["body"]))
            return out
        rows: list[Sequence[Cell]] = []
        for imp in best:
            due = imp.due.isoformat() if imp.due else "no date"
            rows.append([(str(self.plan_numbers[imp.id]), True),
                         (short(clean(imp.title, single_line=True), 70), True),
                         (self.refs(imp), False),
                         (f"{imp.impact} ÷ {imp.effort}", False),
                         (f"{short(clean(imp.owner, single_line=True), 40) or '–'}\n{due}",
                          False)])
        h = self.half
        rest = h - 28 - 44
        out.append(RowTable(self.kit, self.job.accent,
                            [28, rest * 0.45, rest * 0.22, 44, rest * 0.33],
                            ("No.", "Improvement", "Touchpoints", "Impact ÷ effort",
                             "Owner, due"), rows))
        out.append(Paragraph(escape("Numbers as in the action plan (improvements) and on the "
                                    "map (touchpoints)."), s["small"]))
        return out

    # ------------------------------------------------------------------ roadmap
    def roadmap(self, today: datetime.date) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [
            Bookmark("roadmap", "Roadmap", 0),
            Paragraph("Roadmap", s["h1"]),
        ]
        columns = roadmap(self.doc, today)
        done = sum(1 for imp in self.doc.improvements if imp.status == "done")
        if not any(items for _, _, items in columns):
            out.append(Paragraph("No open improvement to plan.", s["body"]))
            return out
        by_date = columns[0][1] == "by due date"
        note = ("The open improvements by the quarter they are due in"
                if by_date else "The open improvements now, next and later: "
                + "; ".join(f"{head.lower()}: {rule}" for head, rule, _ in columns))
        if done == 1:
            note += ". The done improvement is in the action plan."
        elif done:
            note += f". The {done} done improvements are in the action plan."
        else:
            note += "."
        out.append(Paragraph(escape(note), s["small"]))
        out.append(Spacer(1, 6))
        n = len(columns)
        w = self.width / n
        header = [f"{head} ({len(items)})" for head, _, items in columns]
        cells: list[Cell] = []
        for _, _, items in columns:
            lines = [
                f"• {self.plan_numbers[imp.id]}. {short(clean(imp.title, single_line=True), 80)}"
                f" — {short(clean(imp.owner, single_line=True), 40) or 'no owner'}"
                + (f", {imp.due.isoformat()}" if imp.due else "")
                for imp in items
            ]
            cells.append(("\n".join(bounded(lines, PER_COLUMN, "in the action plan")) or "–",
                          False))
        out.append(RowTable(self.kit, self.job.accent, [w] * n, header, [cells]))
        return out
