"""The improvement plan PDF: cover, executive summary, action plan, roadmap, impact-vs-effort
matrix, critical touchpoints, findings of the journey analysis and the pain points no
improvement addresses yet."""

from __future__ import annotations

import os
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from journeymap.core import appearance
from journeymap.core.appearance import (
    PRIORITY_COLOURS,
    PRIORITY_LEGEND,
    PRIORITY_NAMES,
    STATUS_NAMES,
    priority_colour,
)
from journeymap.core.entities import Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export.deliver.charts import matrix_chart
from journeymap.export.deliver.cover import cover_story, cover_template, persona_panel
from journeymap.export.deliver.rowtable import continued_table
from journeymap.export.deliver.summary import Summary, bounded
from journeymap.export.document import (
    BOTTOM,
    MARGIN,
    Bookmark,
    ExportReport,
    Job,
    build,
    colour,
    draw_footer,
    fewer_collections,
    issue_warnings,
    writable_target,
)
from journeymap.export.figures import (
    emotion_label,
    improvement_order,
    quadrant,
    reading_order,
    touchpoint_numbers,
    unaddressed_pain_points,
    worst_rated,
)
from journeymap.export.fonts import FontSearch
from journeymap.export.insights import analysis_for
from journeymap.export.options import ExportOptions, Progress
from journeymap.export.plan.findings import Findings
from journeymap.export.plan.measured import measured_summary
from journeymap.export.text import clean, escape, short

GRID = colour(appearance.GRID_LINE)
ZEBRA = colour("#f7f9fa")
TABLE_LIMIT = 10  # rows of the critical touchpoint tables
#: Characters of a table cell before it is cut with "…" (the full texts are in the map's
#: annotations and the map file): rows stay a few lines, the plan a few dozen pages.
TITLE_CHARS, CELL_CHARS, PAIN_CHARS = 120, 200, 110
PAINS_EACH = 2  # pain points per critical touchpoint
OPEN_EACH = 12  # pain points without an improvement listed per stage …
OPEN_TOTAL = 30  # … and in all


def _table_style(job: Job, header_rows: int = 1) -> list[tuple[Any, ...]]:
    return [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colour(job.accent)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.4, GRID),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.6),
    ]


class _Plan:
    """Builds the story of one plan."""

    def __init__(self, job: Job, doc: JourneyMap) -> None:
        self.job, self.doc = job, doc
        self.kit, self.s = job.kit, job.styles
        self.numbers = touchpoint_numbers(doc)
        self.width = job.page_w - 2 * MARGIN
        self.ordered = improvement_order(doc)

    def p(self, text: str, style: str = "body", *, single_line: bool = False) -> Flowable:
        return self.kit.para(text, self.s[style], single_line=single_line)

    def cell(self, text: str, style: str = "cell") -> Flowable:
        return self.kit.para(text, self.s[style])

    def head(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.s["cell_head"])

    # ------------------------------------------------------------------ cover
    def cover(self) -> list[Flowable]:
        return [*cover_story(self.job, self.doc, "IMPROVEMENT PLAN", self.width),
                *persona_panel(self.job, self.doc, min(self.width - 2 * MARGIN, 640))]

    # ------------------------------------------------------------------ summary
    def critical(self) -> list[Flowable]:
        """The marked moments of truth and the worst-rated touchpoints, ten at most each."""
        doc, s = self.doc, self.s
        moments = [tp for tp in reading_order(doc) if tp.moment_of_truth]
        out: list[Flowable] = [
            Bookmark("critical", "Critical touchpoints", 0),
            Paragraph("Critical touchpoints", s["h1"]),
        ]
        out += self.touchpoint_table(
            "Moments of truth", moments,
            "No touchpoint is marked as a moment of truth.",
            note="The touchpoints marked as moments of truth, in map order.",
        )
        out += self.touchpoint_table(
            "Worst-rated touchpoints", worst_rated(doc, TABLE_LIMIT),
            "No touchpoint has a negative emotion.",
            note="Lowest emotion first, then lowest CSAT where it was measured.",
        )
        out += measured_summary(self, doc, _table_style(self.job))
        return out

    def touchpoint_table(self, title: str, tps: list[Touchpoint], empty: str,
                         note: str = "") -> list[Flowable]:
        s, doc = self.s, self.doc
        out: list[Flowable] = [CondPageBreak(120), Paragraph(escape(title), s["h2"])]
        out[-1].keepWithNext = 1
        if note:
            out.append(Paragraph(escape(note), s["small"]))
            out[-1].keepWithNext = 1
        if not tps:
            out.append(Paragraph(escape(empty), s["body"]))
            return out
        w = self.width
        rows: list[list[Any]] = [[self.head(h) for h in
                                  ("No.", "Touchpoint", "Stage › lane", "Emotion",
                                   "Pain points")]]
        for tp in tps[:TABLE_LIMIT]:
            where = (f"{clean(doc.stage(tp.stage).name, single_line=True)} › "
                     f"{clean(doc.lane(tp.lane).name, single_line=True)}")
            rows.append([
                Paragraph(str(self.numbers[tp.id]), s["cell_bold"]),
                self.cell(short(tp.title, 80), "cell_bold"),
                self.cell(where),
                Paragraph(escape(emotion_label(tp.emotion)), s["cell"]),
                self.cell("\n".join(bounded(
                    [f"• {short(clean(p, single_line=True), PAIN_CHARS)}"
                     for p in tp.pain_points], PAINS_EACH, "in the map's annotations"))
                          if tp.pain_points else "–"),
            ])
        rest = w - 28
        table = continued_table(
            self.kit, title, rows, [28, rest * 0.31, rest * 0.23, rest * 0.15, rest * 0.31],
                          repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(_table_style(self.job)))
        out.append(table)
        if len(tps) > TABLE_LIMIT:
            out.append(Paragraph(escape(
                f"… and {len(tps) - TABLE_LIMIT:,} more, in the map's annotations (the first "
                f"{TABLE_LIMIT} in map order are listed here)."), s["small"]))
        return out

    # ------------------------------------------------------------------ action plan
    def action_plan(self) -> list[Flowable]:
        s, job = self.s, self.job
        out: list[Flowable] = [
            Bookmark("actions", "Action plan", 0),
            Paragraph("Action plan", s["h1"]),
            Paragraph(
                "Sorted by priority, then by impact ÷ effort (highest first). Touchpoints are "
                "named by their number on the map and in its annotations.", s["small"]),
            Spacer(1, 6),
        ]
        if not self.ordered:
            out.append(Paragraph("The map has no improvements yet.", s["body"]))
            return out
        compact = self.width < 640  # portrait pages: fewer, stacked columns
        # (heading, fixed width in points or 0, share of the rest)
        columns: list[tuple[str, float, float]] = [
            ("No.", 25, 0), ("Improvement", 0, 13), ("Touchpoints", 0, 7.5),
            ("Problem", 0, 13), ("Action", 0, 14.5), ("Owner", 0, 8),
            ("Priority", 46, 0), ("Impact", 40, 0), ("Effort", 38, 0), ("Status", 50, 0),
            ("Due", 58, 0), ("KPI", 0, 10),
        ]
        if compact:
            columns = [
                ("No.", 25, 0), ("Improvement and touchpoints", 0, 17), ("Problem", 0, 13),
                ("Action", 0, 14.5), ("Owner", 0, 8.5), ("Priority, status, due", 62, 0),
                ("Impact / effort", 44, 0), ("KPI", 0, 10),
            ]
        fixed = sum(f for _, f, _ in columns)
        shares = sum(w for _, _, w in columns)
        widths = [f or (self.width - fixed) * w / shares for _, f, w in columns]
        rows: list[list[Any]] = [[self.head(name) for name, _, _ in columns]]
        style = _table_style(job)
        centre = s["cell_centre"]
        for number, imp in enumerate(self.ordered, start=1):
            numbers = sorted(self.numbers[tp_id] for tp_id in imp.touchpoints)
            tps = [", ".join(f"#{n}" for n in numbers)] if numbers else []
            pcolour = priority_colour(imp.priority)
            priority = (f'<font color="{pcolour}" name="{job.fonts.bold}">'
                        f"{escape(PRIORITY_NAMES[imp.priority])}</font>")
            due = imp.due.isoformat() if imp.due else "–"
            if compact:
                rows.append([
                    Paragraph(str(number), s["cell_bold"]),
                    [self.cell(short(imp.title, TITLE_CHARS), "cell_bold"),
                     self.cell("\n".join(tps) if tps else "–", "small_cell")],
                    self.cell(short(imp.problem, CELL_CHARS) or "–"),
                    self.cell(short(imp.action, CELL_CHARS) or "–"),
                    self.cell(imp.owner or "–"),
                    Paragraph(f"{priority}<br/>{escape(STATUS_NAMES[imp.status])}<br/>{due}",
                              s["cell"]),
                    Paragraph(f"{imp.impact} / {imp.effort}", centre),
                    self.cell(short(imp.kpi, CELL_CHARS) or "–"),
                ])
                continue
            rows.append([
                Paragraph(str(number), s["cell_bold"]),
                self.cell(short(imp.title, TITLE_CHARS), "cell_bold"),
                self.cell("\n".join(tps) if tps else "–"),
                self.cell(short(imp.problem, CELL_CHARS) or "–"),
                self.cell(short(imp.action, CELL_CHARS) or "–"),
                self.cell(imp.owner or "–"),
                Paragraph(priority, s["cell"]),
                Paragraph(f"{imp.impact}", centre),
                Paragraph(f"{imp.effort}", centre),
                Paragraph(escape(STATUS_NAMES[imp.status]), s["cell"]),
                Paragraph(due, s["cell"]),
                self.cell(short(imp.kpi, CELL_CHARS) or "–"),
            ])
        table = continued_table(self.kit, "Action plan", rows, widths, repeatRows=1,
                                splitInRow=1)
        table.setStyle(TableStyle(style))
        out.append(table)
        return out

    # ------------------------------------------------------------------ matrix
    def matrix(self) -> list[Flowable]:
        s, job = self.s, self.job
        out: list[Flowable] = [
            Bookmark("matrix", "Impact vs effort", 0),
            Paragraph("Impact vs effort", s["h1"]),
        ]
        if not self.ordered:
            out.append(Paragraph("The map has no improvements yet.", s["body"]))
            return out
        avail_h = job.page_h - MARGIN - BOTTOM - 60
        narrow = self.width < 640
        size = max(240.0, min(avail_h * (0.62 if narrow else 1.0),
                              self.width * (0.85 if narrow else 0.55), 460.0))
        chart = matrix_chart(self.kit, self.ordered, size)
        key = self.matrix_key(self.width - size - 28)
        legend = Paragraph(
            "  ".join(
                f'<font color="{PRIORITY_COLOURS[p]}">●</font> {PRIORITY_NAMES[p]}'
                for p in PRIORITY_LEGEND
            ) + "  — dots are numbered as in the action plan; impact 3 and effort 3 count "
            "as high.",
            s["small"],
        )
        if len(self.ordered) <= 22 and self.width - size > 200 and not narrow:
            pair = Table([[[chart, Spacer(1, 4), legend], key]],
                         colWidths=[size + 28, self.width - size - 28])
            pair.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]))
            out.append(pair)
        else:
            chart.hAlign = "CENTER"
            out += [chart, Spacer(1, 4), legend, Spacer(1, 10), self.matrix_key(self.width)]
        return out

    def matrix_key(self, width: float) -> Flowable:
        s = self.s
        rows: list[list[Any]] = [[self.head(h) for h in ("No.", "Improvement", "Where")]]
        style = _table_style(self.job)
        for number, imp in enumerate(self.ordered, start=1):
            fill = priority_colour(imp.priority)
            rows.append([
                Paragraph(f'<font color="#ffffff">{number}</font>', s["cell_bold"]),
                self.cell(short(imp.title, 80), "cell_bold"),
                Paragraph(escape(f"{quadrant(imp)} · impact {imp.impact}, effort {imp.effort}"),
                          s["cell"]),
            ])
            style.append(("BACKGROUND", (0, number), (0, number), colour(fill)))
        table = continued_table(
            self.kit, "Impact vs effort", rows, [26, (width - 26) * 0.62, (width - 26) * 0.38],
                          repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(style))
        return table

    # ------------------------------------------------------------------ open pain points
    def open_pains(self) -> list[Flowable]:
        s, doc, kit = self.s, self.doc, self.kit
        out: list[Flowable] = [
            Bookmark("open", "Pain points without an improvement", 0),
            Paragraph("Pain points without an improvement", s["h1"]),
            Paragraph("Pain points of touchpoints that no improvement names yet, stage by stage.",
                      s["small"]),
        ]
        open_ = unaddressed_pain_points(doc)
        if not any(open_.values()):
            out.append(Paragraph(
                "Every pain point on the map belongs to a touchpoint that an improvement "
                "addresses.", s["body"]))
            return out
        bullet = s["bullet"]
        budget = OPEN_TOTAL
        for index, stage in enumerate(doc.stages):
            items = open_.get(stage.id, [])
            if budget <= 0:  # the rest in one line
                later = doc.stages[index:]
                left = sum(len(open_.get(st.id, [])) for st in later)
                out.append(Paragraph(escape(
                    f"… and {left:,} more pain points in {len(later)} more stages, in the "
                    "map's annotations."), s["small"]))
                break
            each = max(0, min(OPEN_EACH, budget))
            budget -= min(each, len(items))
            name = clean(stage.name, single_line=True) or stage.id
            block: list[Flowable] = [
                Bookmark(f"open-{index}", name, 1),
                kit.para(f"{name} ({len(items)})", s["h3"], single_line=True),
            ]
            if not items:
                block.append(Paragraph("All addressed.", s["small"]))
                out.append(KeepTogether(block))
                continue
            for tp, pain in items[:each]:
                title = short(clean(tp.title, single_line=True), 90)
                markup = (f'<font name="{self.job.fonts.bold}">#{self.numbers[tp.id]} '
                          f"{kit.markup(title, bold=True, single_line=True)}</font>"
                          f" — {kit.markup(short(clean(pain), PAIN_CHARS))}")
                block.append(Paragraph(markup, bullet, bulletText="•"))
            if len(items) > each:
                block.append(Paragraph(escape(
                    f"… and {len(items) - each} more in {name}, in the map's annotations"),
                    s["small"]))
            out.append(KeepTogether(block[:3]))
            out += block[3:]
        return out


def _templates(job: Job, centre: str) -> list[PageTemplate]:
    w, h = job.page_w - 2 * MARGIN, job.page_h - MARGIN - BOTTOM

    def on_page(canvas: Any, doc: Any) -> None:
        draw_footer(canvas, job, centre)

    return [
        cover_template(job),
        PageTemplate("body", [Frame(MARGIN, BOTTOM, w, h, 0, 0, 0, 0)], onPage=on_page),
    ]


@fewer_collections()
def write_plan_pdf(
    doc: JourneyMap,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    fonts: FontSearch | None = None,
    as_is: JourneyMap | None = None,
) -> ExportReport:
    """Write the improvement plan of ``doc`` to ``path``; ExportError (one sentence) when it
    cannot. Same options, progress and warnings as :func:`write_map_pdf`. With ``as_is``,
    a "What changes" section after the summary compares ``doc`` (the to-be) with it."""
    target = writable_target(path)
    job = Job(options, progress, fonts)
    job.progress(0.0, "Summing up the map")
    plan = _Plan(job, doc)
    title = clean(doc.title, single_line=True) or "Untitled journey"
    job.contents = f"{title} — improvement plan"
    story: list[Any] = [NextPageTemplate("cover")]
    story += plan.cover()
    story += [NextPageTemplate("body"), PageBreak()]
    summary = Summary(job, doc, plan.width, _table_style(job))
    story += summary.story()
    story += [PageBreak()]
    if as_is is not None:
        from journeymap.export.changes import what_changes

        story += what_changes(job, as_is, doc, plan.width)
        story += [PageBreak()]
    story += plan.action_plan()
    # the roadmap follows the action plan on its page when it fits there whole (it is
    # bounded), rather than leaving most of a page blank
    story += [Spacer(1, 22), KeepTogether(summary.roadmap(job.date))]
    story += [PageBreak()]
    story += plan.matrix()
    story += [PageBreak()]
    story += plan.critical()
    story += [PageBreak()]
    if job.options.findings:
        story += Findings(job, doc, analysis_for(doc), plan.width, _table_style(job)).story()
        story += [PageBreak()]
    story += plan.open_pains()
    keywords = ["improvement plan", "customer journey"]
    if job.options.client:
        keywords.insert(0, clean(job.options.client, single_line=True))
    pages = build(
        job, target, story, _templates(job, f"{title} — improvement plan"),
        title=f"{title} — improvement plan", subject="Improvement plan for a customer journey",
        keywords=keywords, progress_from=0.1,
    )
    warnings = job.warnings(doc)
    issue_warnings(warnings)
    return ExportReport(target, pages, warnings, "plan")

