"""The plan's Findings section: what the journey analysis found, each finding with its
definition, touchpoints named by their map number and title."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph, Table, TableStyle

from journeymap.core import appearance
from journeymap.core.analysis.findings import (
    DEFINITIONS,
    Analysis,
    JourneyPath,
    Loop,
    MomentOfTruth,
)
from journeymap.core.analysis.report import tangle_text
from journeymap.core.model import JourneyMap
from journeymap.export.deliver.rowtable import Cell, RowTable, continued_table
from journeymap.export.document import Bookmark, Job, colour
from journeymap.export.figures import emotion_label, journey_counts, touchpoint_numbers
from journeymap.export.insights import signed
from journeymap.export.text import clean, escape, short

Piece = tuple[str, bool, str | None]  # text, bold, colour: a piece of TextKit.paragraph
LIST_LIMIT = 100  # rows of a touchpoint list; a longer one ends with how many more it has
PAIN_ROWS = 20  # touchpoints listed under "Unaddressed pain points"
GRID = colour(appearance.GRID_LINE)
MUTED = appearance.MUTED_INK


class Findings:
    """Builds the Findings section of one plan from one analysis."""

    def __init__(self, job: Job, doc: JourneyMap, analysis: Analysis, width: float,
                 table_style: Sequence[tuple[Any, ...]]) -> None:
        self.job, self.doc, self.a = job, doc, analysis
        self.kit, self.s = job.kit, job.styles
        self.width = width
        self.table_style = list(table_style)
        self.numbers = touchpoint_numbers(doc)
        self.bold = job.fonts.bold

    # ------------------------------------------------------------------ pieces
    def ref(self, tp_id: str) -> list[Piece]:
        """"#12 Title" (number in bold): the map's number and the card's title."""
        title = clean(self.doc.touchpoint(tp_id).title, single_line=True) or "(untitled)"
        return [(f"#{self.numbers[tp_id]}", True, None), (" ", False, None),
                (short(title, 80), False, None)]

    def chain(self, ids: Sequence[str], style: ParagraphStyle) -> Flowable:
        """"#1 Title → #2 Title → …" as one paragraph that wraps between the steps."""
        pieces: list[Piece] = []
        for i, tp_id in enumerate(ids):
            if i:
                pieces += [(" ", False, None), ("→", False, MUTED), (" ", False, None)]
            pieces += self.ref(tp_id)
        return self.kit.paragraph(pieces, style)

    def ref_text(self, tp_id: str) -> str:
        title = clean(self.doc.touchpoint(tp_id).title, single_line=True) or "(untitled)"
        return f"#{self.numbers[tp_id]} {short(title, 80)}"

    def where(self, tp_id: str) -> str:
        tp = self.doc.touchpoint(tp_id)
        return (f"{clean(self.doc.stage(tp.stage).name, single_line=True)} › "
                f"{clean(self.doc.lane(tp.lane).name, single_line=True)}")

    def head(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.s["cell_head"])

    def cell(self, text: str, style: str = "cell") -> Flowable:
        return self.kit.para(text, self.s[style])

    def definition(self, finding: str) -> Paragraph:
        """The finding's definition under its heading (the heading's CondPageBreak keeps
        them and the first rows together; a long table starts on the same page)."""
        return Paragraph(escape(DEFINITIONS[finding]), self.s["small"])

    def heading(self, key: str, title: str, count: int | None = None,
                room: float = 110) -> list[Flowable]:
        """The finding's heading, on a new page when less than ``room`` is left."""
        text = title if count is None else f"{title} ({count})"
        return [CondPageBreak(room), Bookmark(f"finding-{key}", title, 1),
                Paragraph(escape(text), self.s["h2"])]

    def none_found(self, finding: str, title: str, why: str = "") -> list[Flowable]:
        """One short line for an empty finding: its name, "none found", its definition."""
        text = (f'<font name="{self.bold}">{escape(title)}</font>: none found{escape(why)}. '
                f'<font color="{MUTED}">{escape(DEFINITIONS[finding])}</font>')
        return [Bookmark(f"finding-{finding}", title, 1),
                Paragraph(text, self.s["body"].clone(f"none-{finding}", spaceBefore=7))]

    def table(self, rows: list[list[Any]], widths: list[float],
              caption: str = "") -> LongTable:
        table = continued_table(self.kit, caption, rows, widths, repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(self.table_style))
        return table

    # ------------------------------------------------------------------ the section
    def story(self) -> list[Flowable]:
        s, a = self.s, self.a
        out: list[Flowable] = [
            Bookmark("findings", "Findings", 0),
            Paragraph("Findings", s["h1"]),
            Paragraph(
                "What the map's links, emotions and improvements show. Touchpoints are named "
                "by their number on the map and in its annotations.", s["small"]),
            self.figures(),
        ]
        out += self.path("worst_path", "Worst path", a.worst_path)
        out += self.path("best_path", "Best path", a.best_path)
        out += self.moments()
        out += self.touchpoints("dead_ends", "Dead ends", a.dead_ends)
        out += self.touchpoints("unreachable", "Unreachable touchpoints", a.unreachable)
        out += self.loops()
        return out

    def figures(self) -> Table:
        a = self.a
        figures = [
            (len(a.dead_ends), "dead ends"),
            (len(a.unreachable), "unreachable"),
            (len(a.loops), "loops"),
            (len(a.moments_of_truth), "ranked moments of truth"),
            (journey_counts(self.doc).open_touchpoints,
             "touchpoints with pain points and no improvement"),
        ]
        big = self.s["h1"].clone("finding-figure", fontSize=20, leading=24, spaceAfter=0)
        shown = [f"{v:,}" for v, _ in figures]
        cells = [[Paragraph(v, big) for v in shown],
                 [Paragraph(escape(k), self.s["small"]) for _, k in figures]]
        w = min(self.width, 600) / len(figures)
        table = Table(cells, colWidths=[w] * len(figures), hAlign="LEFT", spaceBefore=8,
                      spaceAfter=4)
        table.setStyle(TableStyle([
            ("LINEBEFORE", (1, 0), (-1, -1), 0.6, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, 1), "TOP"),
        ]))
        return table

    def path(self, finding: str, title: str, path: JourneyPath | None) -> list[Flowable]:
        if path is None:
            return self.none_found(finding, title, " (no chain of links leads from an entry "
                                   "to an exit)")
        out = self.heading(finding, title)
        out.append(self.definition(finding))
        n = len(path.touchpoints)
        mean = f"{path.mean_emotion:+.2f}".replace("-", "−")
        lead = (f"{n} touchpoint{'s' if n != 1 else ''}, mean emotion {mean} (total "
                f"{signed(path.total_emotion)})")
        if self.a.paths_truncated:
            lead += ("; the search stopped at its limit on this tangled map, so this is the "
                     "most extreme path it found, not necessarily the most extreme one")
        out.append(Paragraph(escape(lead + ":"), self.s["body"].clone(f"{finding}-lead",
                                                                      spaceBefore=3)))
        out.append(self.chain(path.touchpoints, self.s["body"].clone(
            f"{finding}-steps", leftIndent=10, spaceBefore=2, leading=13.5)))
        return out

    def moments(self) -> list[Flowable]:
        found = self.a.moments_of_truth
        finding, title = "moments_of_truth", "Ranked moments of truth"
        if not found:
            return self.none_found(finding, title)
        out = self.heading(finding, title, len(found), room=90 + 25 * len(found))
        out.append(self.definition(finding))
        out.append(Paragraph(escape(
            "The score runs from 0 to 1: centrality (how many journeys pass through) counts "
            "35 %, negative emotion 25 %, pain points 20 % and the mark 20 %. The map shows "
            "the rank on an orange star badge."), self.s["small"]))
        s = self.s
        rows: list[list[Any]] = [[self.head(h) for h in
                                  ("Rank", "Touchpoint", "Stage › lane", "Score", "Why")]]
        for rank, m in enumerate(found, start=1):
            rows.append([
                Paragraph(str(rank), s["cell_bold"]),
                self.kit.paragraph(self.ref(m.id), s["cell"]),
                self.cell(self.where(m.id)),
                Paragraph(f"{m.score:.2f}", s["cell_centre"]),
                Paragraph(escape(why(m)), s["cell"]),
            ])
        rest = self.width - 30 - 40
        out.append(self.table(rows, [30, rest * 0.34, rest * 0.24, 40, rest * 0.42],
                              "Ranked moments of truth"))
        return out

    @staticmethod
    def title_cell(title: str) -> Cell:
        return (short(clean(title, single_line=True), 80) or "(untitled)", True)

    def touchpoints(self, finding: str, title: str, ids: list[str]) -> list[Flowable]:
        if not ids:
            return self.none_found(finding, title)
        out = self.heading(finding, title, len(ids))
        out.append(self.definition(finding))
        rows: list[list[Cell]] = []
        for tp_id in ids[:LIST_LIMIT]:
            tp = self.doc.touchpoint(tp_id)
            rows.append([(str(self.numbers[tp_id]), True), self.title_cell(tp.title),
                         (self.where(tp_id), False), (emotion_label(tp.emotion), False)])
        rest = self.width - 30
        out.append(RowTable(self.kit, self.job.accent, [30, rest * 0.45, rest * 0.35, rest * 0.2],
                            ("No.", "Touchpoint", "Stage › lane", "Emotion"), rows))
        out += self.rest(len(ids), "")
        return out

    def loops(self) -> list[Flowable]:
        groups = self.a.loop_groups
        finding, title = "loops", "Loops"
        if not groups:
            return self.none_found(finding, title)
        out = self.heading(finding, title, len(groups))
        out.append(self.definition(finding))
        rows: list[list[Cell]] = []
        for n, loop in enumerate(groups[:LIST_LIMIT], start=1):
            rows.append([(str(n), True), (self.loop_text(loop), False)])
        out.append(RowTable(self.kit, self.job.accent, [30, self.width - 30],
                            ("No.", "Touchpoints of the loop"), rows))
        out += self.rest(len(groups), "")
        return out

    def loop_text(self, loop: Loop) -> str:
        """A single circle as its steps back to the first; a tangle as its cards and closers."""
        if loop.circle:
            steps = [self.ref_text(t) for t in loop.touchpoints]
            return " → ".join([*steps, f"#{self.numbers[loop.touchpoints[0]]}"])
        return tangle_text(loop, lambda t: f"#{self.numbers[t]}")

    def pains(self) -> list[Flowable]:
        found = self.a.unaddressed_pain_points
        finding, title = "unaddressed_pain_points", "Unaddressed pain points"
        if not found:
            return self.none_found(finding, title)
        out = self.heading(finding, title, len(found))
        out.append(self.definition(finding))
        # the pain points themselves are listed once, under "Pain points without an
        # improvement": here each touchpoint with how many it has
        rows: list[list[Cell]] = []
        for u in found[:PAIN_ROWS]:
            n = len(u.pain_points)
            rows.append([(str(self.numbers[u.id]), True), self.title_cell(u.title),
                         (self.where(u.id), False),
                         (f"{n} pain point{'s' * (n != 1)}", False)])
        rest = self.width - 30
        out.append(RowTable(self.kit, self.job.accent, [30, rest * 0.4, rest * 0.4, rest * 0.2],
                            ("No.", "Touchpoint", "Stage › lane", "Pain points"), rows))
        where = 'every pain point is listed under "Pain points without an improvement"'
        more = len(found) - PAIN_ROWS
        text = (f"… and {more:,} more touchpoints; {where}." if more > 0
                else f"{where[0].upper()}{where[1:]}.")
        out.append(Paragraph(escape(text), self.s["small"].clone("rest", spaceBefore=3)))
        return out

    def rest(self, count: int, where: str) -> list[Flowable]:
        """A line saying how many more a list has than it shows (lists stop at LIST_LIMIT)."""
        if count <= LIST_LIMIT:
            return []
        text = (f"… and {count - LIST_LIMIT:,} more, not listed here{where}. The list shows "
                f"the first {LIST_LIMIT} in map order.")
        return [Paragraph(escape(text), self.s["small"].clone("rest", spaceBefore=3))]


def why(m: MomentOfTruth) -> str:
    """The reasons behind a moment-of-truth score, in words."""
    parts = []
    if m.betweenness > 0:
        parts.append(f"centrality {m.betweenness:.2f}")
    if m.emotion is not None and m.emotion < 0:
        parts.append(f"emotion {emotion_label(m.emotion)}")
    if m.pain_points:
        parts.append(f"{m.pain_points} pain point" + ("s" if m.pain_points != 1 else ""))
    if m.flagged:
        parts.append("marked as a moment of truth")
    return "; ".join(parts) or "–"
