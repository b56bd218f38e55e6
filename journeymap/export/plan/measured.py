"""The measured part of the plan's summary: where the numbers came from (sources, dates,
records), the traffic findings, and the measured touchpoints. Nothing for an unmeasured map."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    TableStyle,
)

from journeymap.core.analysis.traffic import traffic
from journeymap.core.entities import Number
from journeymap.core.model import JourneyMap
from journeymap.export.deliver.rowtable import continued_table
from journeymap.export.figures import reading_order
from journeymap.export.insights import analysis_for
from journeymap.export.text import clean, escape

SOURCE_KINDS = {"survey": "Survey", "events": "Event log", "contacts": "Contact counts",
                "manual": "Entered by hand"}
ROW_LIMIT = 40


def _num(metrics: dict[str, Number], name: str, pattern: str = "{:,.0f}") -> str:
    value = metrics.get(name)
    if value is None:
        return "–"
    text = pattern.format(value).replace("-", "−")
    if text in ("+0", "−0"):
        text = "0"
    count = metrics.get(f"{name}_n")
    return f"{text} (n={count:,})" if count else text


def measured_summary(plan: Any, doc: JourneyMap, style: list[Any]) -> list[Flowable]:
    """Sources, traffic findings and measured touchpoints, or nothing when nothing is measured."""
    measured_tps = [tp for tp in reading_order(doc)
                    if any(k in tp.metrics for k in ("cases", "nps_n", "csat_n", "ces_n"))]
    if not doc.sources and not measured_tps:
        return []
    s, w = plan.s, plan.width
    out: list[Flowable] = [CondPageBreak(160), Paragraph("Measured data", s["h2"])]
    out[-1].keepWithNext = 1
    if doc.sources:
        rows: list[list[Any]] = [[plan.head(h) for h in
                                  ("Source", "Kind", "Records", "Imported", "Covers")]]
        for src in doc.sources:
            rows.append([plan.cell(src.name, "cell_bold"),
                         plan.cell(SOURCE_KINDS.get(src.kind, src.kind)),
                         Paragraph(f"{src.records:,}", s["cell_centre"]),
                         Paragraph(src.imported.isoformat(), s["cell_centre"]),
                         plan.cell(src.note or "–")])
        table = continued_table(
            plan.kit, "Sources", rows, [w * 0.27, w * 0.14, w * 0.11, w * 0.13, w * 0.35],
                          repeatRows=1)
        table.setStyle(TableStyle(style))
        out.append(table)
    found = traffic(doc, (m.id for m in analysis_for(doc).moments_of_truth))
    lines: list[str] = []
    if found.most_travelled:
        steps = found.most_travelled
        total = found.total_emotion
        chain = " → ".join(f"{plan.numbers[st.touchpoint]}" for st in steps)
        total_text = f"+{total}" if total > 0 else str(total).replace("-", "−")
        lines.append(f"<b>Most-travelled path</b> ({len(steps)} cards, total emotion "
                     f"{total_text}): {escape(chain)}.")
        low = found.lowest
        if low is not None and (low.emotion or 0) < 0:
            lines.append(f"Its lowest point is card {plan.numbers[low.touchpoint]} "
                         f"{escape(clean(doc.touchpoint(low.touchpoint).title, single_line=True))}"
                         f" (emotion {str(low.emotion).replace('-', '−')}).")
    if found.lost:
        lost = "; ".join(
            f"card {plan.numbers[x.touchpoint]} "
            f"{escape(clean(doc.touchpoint(x.touchpoint).title, single_line=True))}: "
            f"{x.lost:,} of {x.cases:,} ({x.drop_off:.0%})" for x in found.lost)
        lines.append(f"<b>Where customers are lost:</b> {lost}.")
    if found.assumed_moments:
        names = ", ".join(str(plan.numbers[t]) for t in found.assumed_moments)
        lines.append(f"<b>Moments of truth on assumed evidence only:</b> cards {names}.")
    if lines:
        out.append(Spacer(1, 8))
    out += [Paragraph(line, s["body"]) for line in lines]
    if measured_tps:
        rows = [[plan.head(h) for h in ("No.", "Touchpoint", "Cases", "Drop-off", "NPS",
                                        "CSAT", "CES", "Evidence")]]
        for tp in measured_tps[:ROW_LIMIT]:
            m = tp.metrics
            rows.append([
                Paragraph(str(plan.numbers[tp.id]), s["cell_bold"]),
                plan.cell(tp.title, "cell_bold"),
                Paragraph(_num(m, "cases"), s["cell_centre"]),
                Paragraph(_num(m, "drop_off", "{:.0%}"), s["cell_centre"]),
                Paragraph(_num(m, "nps", "{:+.0f}"), s["cell_centre"]),
                Paragraph(_num(m, "csat", "{:.0f}%"), s["cell_centre"]),
                Paragraph(_num(m, "ces", "{:.1f}"), s["cell_centre"]),
                Paragraph(escape(tp.evidence or "–"), s["cell_centre"]),
            ])
        rest = w - 28
        table = continued_table(
            plan.kit, "Measured touchpoints", rows, [28, rest * 0.3, rest * 0.09, rest * 0.09,
                                                     rest * 0.14, rest * 0.14, rest * 0.12,
                                                     rest * 0.12],
                          repeatRows=1)
        table.setStyle(TableStyle(style))
        out.append(Paragraph("Measured touchpoints", s["h3"]))
        out[-1].keepWithNext = 1
        out.append(table)
        if len(measured_tps) > ROW_LIMIT:
            out.append(Paragraph(f"… and {len(measured_tps) - ROW_LIMIT} more measured "
                                 "touchpoints (see the map's annotations).", s["small"]))
    return out
