"""PDF export: the map and the improvement plan of large maps, against bare ReportLab.

    .venv/bin/python tests/benchmarks/bench_pdf.py [--sizes 200,2000] [--repeat N]

Measured: ``write_map_pdf`` + ``write_plan_pdf`` (A4 landscape, the automatic placement:
for these maps an overview and tiles), the pair timed together, each also shown alone.

Baseline ("floor"): a bare ReportLab script that puts the same ink on the same pages,
with everything that is not drawing done before the clock starts (fonts registered, title
lines wrapped, link curves and the tile grid computed). It draws, page by page, every card
as a rounded rectangle with its title strings, the grid lines, the pieces of every link's
route that cross the page (Bézier pieces: as the export, not the whole of a long link on
every page it touches), then the annotations as one LongTable of Paragraph cells
(title, stage, lane, channel, emotion, description, thoughts, pain points, opportunities,
metrics, owner),
and the plan as a LongTable of the improvements.

Targets: the pair ≤ 2× the floor, and ≤ 4 s for the pair at 2,000 touchpoints.

Poster: ``write_map_pdf`` of the e-commerce example with ``--poster`` (one A3 page, then the
annotations and the legend) against a bare ReportLab script drawing the same boxes on one
page of that size: grid lines, every card as a rounded rectangle with its title lines,
every link as one Bézier curve, then the annotations as one LongTable. Targets: ≤ 1 s and
≤ 1.5× the floor (medians; the ratio is the median of pair-by-pair ratios).
"""

from __future__ import annotations

import datetime
import io
import sys
import time
from pathlib import Path
from typing import Any

import _harness as h
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from journeymap.core.layout import Rect
from journeymap.core.model import JourneyMap
from journeymap.export import ExportOptions, write_map_pdf, write_plan_pdf
from journeymap.export import insights as export_insights
from journeymap.export.fonts import find_fonts
from journeymap.export.map.placement import place, print_layouts
from journeymap.export.map.sheet import HEADER_H
from journeymap.export.text import TextKit, escape

RATIO_TARGET = 2.0
POSTER_SECONDS, POSTER_RATIO = 1.0, 1.5
SECONDS_TARGET = 4.0
TARGET_SIZE = 2_000
OPTIONS = ExportOptions(date=datetime.date(2027, 1, 15), client="Bench client")


def ours(doc: JourneyMap, folder: Path) -> None:
    # the first export of a map analyses it: measure that, not the cached analysis of the
    # previous run
    export_insights._ENTRIES.pop(doc, None)
    write_map_pdf(doc, folder / "map.pdf", OPTIONS)
    write_plan_pdf(doc, folder / "plan.pdf", OPTIONS)


class _Floor:
    """Everything the bare script needs, prepared before timing."""

    def __init__(self, doc: JourneyMap) -> None:
        fonts = find_fonts()
        self.kit = TextKit(fonts)
        self.regular, self.bold = fonts.regular, fonts.bold
        self.doc = doc
        w, hgt = 842 - 44, 595 - 22 - 40
        # the layout and placement the export chooses (print layouts are narrower)
        lay, self.placement = place(print_layouts(doc), (w, hgt), (w, hgt - HEADER_H),
                                    "auto", "A4")
        self.layout = lay
        self.cards = [
            (lay.cards[tp.id], self.kit.wrap(tp.title, 12, 176 - 24, bold=True, max_lines=4))
            for tp in doc.touchpoints()
        ]
        # the routes as drawn: their boxes (for culling), their cubic pieces and the boxes
        # of those (a page draws the pieces that cross it, not the whole of a long link)
        self.links = [
            (r.box, r.pieces, [(min(p[0::2]), min(p[1::2]), max(p[0::2]), max(p[1::2]))
                               for p in r.pieces])
            for r in lay.routes.values()
        ]
        self.rows = [
            [
                tp.title, doc.stage(tp.stage).name, doc.lane(tp.lane).name,
                doc.channel(tp.channel).name if tp.channel else "", str(tp.emotion),
                tp.description, tp.thoughts, "\n".join(tp.pain_points),
                "\n".join(tp.opportunities),
                " ".join(f"{k} {v}" for k, v in tp.metrics.items()), tp.owner,
            ]
            for tp in doc.touchpoints()
        ]
        self.improvements = [
            [imp.title, ", ".join(imp.touchpoints), imp.problem, imp.action, imp.owner,
             imp.priority, str(imp.impact), str(imp.effort), imp.status,
             imp.due.isoformat() if imp.due else "", imp.kpi]
            for imp in doc.improvements
        ]


class _FloorPage(Flowable):
    def __init__(self, floor: _Floor, region: Rect | None, scale: float,
                 titles: bool = False) -> None:
        super().__init__()
        self.floor, self.region, self.scale = floor, region, scale
        self.titles = titles or region is not None

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, ah - 1

    def draw(self) -> None:
        f, c, r = self.floor, self.canv, self.region
        c.saveState()
        if r is not None:
            c.translate(-r.x * self.scale, 500 + r.y * self.scale)
        elif self.titles:
            c.translate(0, self.height)
        c.scale(self.scale, self.scale)
        lay = f.layout
        for col in lay.stage_columns.values():
            c.line(col.x, -col.y, col.x, -col.bottom)
        for row in lay.lane_rows.values():
            c.line(row.x, -row.y, row.right, -row.y)
        for box, pieces, boxes in f.links:
            if r is not None and (box[2] < r.x or box[0] > r.right or box[3] < r.y
                                  or box[1] > r.bottom):
                continue
            for (x0, y0, x1, y1, x2, y2, x3, y3), b in zip(pieces, boxes, strict=True):
                if r is not None and (b[2] < r.x or b[0] > r.right or b[3] < r.y
                                      or b[1] > r.bottom):
                    continue
                c.bezier(x0, -y0, x1, -y1, x2, -y2, x3, -y3)
        for rect, lines in f.cards:
            if r is not None and not rect.intersects(r):
                continue
            c.roundRect(rect.x, -rect.bottom, rect.w, rect.h, 6, stroke=1, fill=0)
            if self.titles:
                c.setFont(f.bold, 12)
                for i, line in enumerate(lines):
                    c.drawString(rect.x + 14, -rect.y - 19 - 15 * i, line)
        c.restoreState()


def floor(prepared: _Floor) -> tuple[int, int]:
    """The bare script for the pair; returns its page counts (map, plan)."""
    f = prepared
    stream = io.BytesIO()
    doc = BaseDocTemplate(stream, pagesize=(842, 595), invariant=1, pageCompression=1)
    frame = Frame(22, 40, 798, 533, 0, 0, 0, 0)
    doc.addPageTemplates([PageTemplate("p", [frame])])
    style = ParagraphStyle("c", fontName=f.regular, fontSize=7.6, leading=9.4)
    pl = f.placement
    story: list[Any] = [_FloorPage(f, None, 0.08)]
    for tile in pl.tiles:
        story += [PageBreak(), _FloorPage(f, tile.region, pl.scale)]
    story.append(PageBreak())
    rows = [[Paragraph(escape(cell).replace("\n", "<br/>"), style) for cell in row]
            for row in f.rows]
    story.append(LongTable(rows, colWidths=[72.5] * 11, repeatRows=1))
    doc.build(story)
    map_pages = doc.page
    plan = io.BytesIO()
    doc = BaseDocTemplate(plan, pagesize=(842, 595), invariant=1, pageCompression=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(32, 40, 778, 523)])])
    rows = [[Paragraph(escape(cell), style) for cell in row] for row in f.improvements]
    doc.build([NextPageTemplate("p"), LongTable(rows, colWidths=[70.0] * 11, repeatRows=1)])
    return map_pages, doc.page


def poster_floor(prepared: _Floor, size: tuple[float, float], scale: float) -> int:
    """The bare script for the poster: the map's boxes and titles on one page, then the
    annotations as one LongTable on pages of the same size."""
    f = prepared
    w, hgt = size
    doc = BaseDocTemplate(io.BytesIO(), pagesize=size, invariant=1, pageCompression=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(22, 40, w - 44, hgt - 62, 0, 0, 0, 0)])])
    style = ParagraphStyle("c", fontName=f.regular, fontSize=7.6, leading=9.4)
    rows = [[Paragraph(escape(cell).replace("\n", "<br/>"), style) for cell in row]
            for row in f.rows]
    doc.build([_FloorPage(f, None, scale, titles=True), PageBreak(),
               LongTable(rows, colWidths=[(w - 44) / 11] * 11, repeatRows=1)])
    return int(doc.page)


def run_poster(repeat: int | None, folder: Path, clock: h.Clock) -> h.Row:
    """The e-commerce example as a poster, against :func:`poster_floor`."""
    from journeymap import load
    from journeymap.resources import resources_dir

    doc = load(resources_dir() / "examples" / "ecommerce-first-order.journeymap")
    options = ExportOptions(date=OPTIONS.date, placement="poster")
    report = write_map_pdf(doc, folder / "poster.pdf", options)
    reader = __import__("pypdf").PdfReader(str(folder / "poster.pdf"))
    box = reader.pages[0].mediabox
    prepared = _Floor(doc)

    def subject() -> None:
        export_insights._ENTRIES.pop(doc, None)
        write_map_pdf(doc, folder / "poster.pdf", options)

    size = (float(box.width), float(box.height))
    floor_pages = poster_floor(prepared, size, report.scale)
    a, b, ratio = h.paired(subject, lambda: poster_floor(prepared, size, report.scale),
                           repeat or 9, warmup=1, clock=clock)
    row = h.Row("pdf: poster (e-commerce)", doc.touchpoint_count, "vs bare ReportLab", a, b,
                ratio)
    row.target = f"≤ {POSTER_SECONDS:g} s, ≤ {POSTER_RATIO:g}× floor"
    row.ok = ratio <= POSTER_RATIO and sorted(a)[len(a) // 2] <= POSTER_SECONDS * 1e9
    row.note = f"{report.page_size}, {report.pages} pages; floor {floor_pages}"
    return row


def run(sizes: list[int], repeat: int | None, folder: Path, clock: h.Clock) -> list[h.Row]:
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    for size in sizes:
        doc = make_map(size, seed=1)
        prepared = _Floor(doc)
        n = repeat or h.default_repeat(size, 7, 3)
        floor_pages = floor(prepared)
        a, b, ratio = h.paired(lambda doc=doc: ours(doc, folder),
                               lambda prepared=prepared: floor(prepared), n, warmup=0,
                               clock=clock)  # the line above was the floor's warm-up
        row = h.Row("pdf: map + plan", size, "vs bare ReportLab", a, b, ratio)
        row.target = f"≤ {RATIO_TARGET:g}× floor" + (
            f", ≤ {SECONDS_TARGET:g} s" if size == TARGET_SIZE else "")
        row.ok = ratio <= RATIO_TARGET and (
            size != TARGET_SIZE or row.median <= SECONDS_TARGET * 1e9)
        pypdf = __import__("pypdf")
        pages = len(pypdf.PdfReader(str(folder / "map.pdf")).pages)
        plan_pages = len(pypdf.PdfReader(str(folder / "plan.pdf")).pages)
        row.note = (f"{pages} + {plan_pages} pages; floor {floor_pages[0]} + "
                    f"{floor_pages[1]}")
        rows.append(row)
        alone = h.repeated(lambda doc=doc: write_map_pdf(doc, folder / "m.pdf", OPTIONS), n, 1,
                           clock)
        rows.append(h.Row("pdf: map alone", size, "info", alone))
        alone = h.repeated(lambda doc=doc: write_plan_pdf(doc, folder / "p.pdf", OPTIONS), n, 1,
                           clock)
        rows.append(h.Row("pdf: plan alone", size, "info", alone))
        print(f"  pdf: {size:,} done", file=sys.stderr, flush=True)
    return rows


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.set_defaults(sizes="200,2000")
    p.add_argument("--cpu", action="store_true",
                   help="time CPU seconds of this process instead of wall time (steadier on a "
                        "busy machine; leaves out waiting for the disk)")
    args = p.parse_args()
    clock = time.process_time_ns if args.cpu else time.perf_counter_ns
    started = time.perf_counter()
    with h.folder(args.dir) as folder:
        rows = [run_poster(args.repeat, folder, clock)]
        rows += run(h.sizes_of(args.sizes), args.repeat, folder, clock)
    return h.finish("PDF export", rows, args, started)

if __name__ == "__main__":
    raise SystemExit(main())
