"""The map PDF: the map (one page, or an overview and tiles), annotations, legend."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from reportlab.platypus import Frame, NextPageTemplate, PageBreak, PageTemplate

from journeymap.core.model import JourneyMap
from journeymap.export.deliver.cover import cover_story, cover_template, persona_panel
from journeymap.export.deliver.summary import Summary
from journeymap.export.document import (
    BOTTOM,
    MAP_MARGIN,
    MARGIN,
    TOC_PAGES,
    ExportReport,
    Job,
    build,
    draw_footer,
    fewer_collections,
    issue_warnings,
    writable_target,
)
from journeymap.export.fonts import FontSearch
from journeymap.export.insights import map_insights
from journeymap.export.map.draw import MapPainter, TitleBlock
from journeymap.export.map.layers import draw_layers, layered
from journeymap.export.map.legend import draw_legend
from journeymap.export.map.links import unshown_labels
from journeymap.export.map.marks import MapMarks, badge_rects
from journeymap.export.map.notes import legend_story, notes_story
from journeymap.export.map.placement import place, poster_size, print_layouts
from journeymap.export.map.sheet import HEADER_H, MapSheet
from journeymap.export.options import ExportOptions, Progress, checked, page_points
from journeymap.export.text import clean

COLUMN_GAP = 26.0


def map_area(job: Job, page: tuple[float, float] | None = None) -> tuple[float, float]:
    """The size of the frame map sheets fill (narrower page margins than the text pages),
    on the job's pages or on a ``page`` of their own (a poster)."""
    w, h = page or (job.page_w, job.page_h)
    return w - 2 * MAP_MARGIN, h - MAP_MARGIN - BOTTOM


def _frame_area(size: tuple[float, float], orientation: str) -> tuple[float, float]:
    """The map frame of a page of ``size`` (points, either way round) turned as asked."""
    short, long_ = sorted(size)
    w, h = (long_, short) if orientation == "landscape" else (short, long_)
    return w - 2 * MAP_MARGIN, h - MAP_MARGIN - BOTTOM


def page_templates(
    job: Job, centre: str, poster: tuple[float, float] | None = None
) -> list[PageTemplate]:
    """"map": one frame for map sheets (on a page of the ``poster`` size when given);
    "notes": two columns for annotations and legend; "body": one column the page's width
    (the What changes table); the cover."""
    w, h = job.page_w - 2 * MARGIN, job.page_h - MARGIN - BOTTOM

    def on_page(canvas: Any, doc: Any) -> None:
        draw_footer(canvas, job, centre)

    def on_map_page(canvas: Any, doc: Any) -> None:
        draw_footer(canvas, job, centre, MAP_MARGIN)

    mw, mh = map_area(job, poster)
    sheet = Frame(MAP_MARGIN, BOTTOM, mw, mh, 0, 0, 0, 0, id="sheet")
    columns = 2 if w > 480 else 1
    col_w = (w - COLUMN_GAP * (columns - 1)) / columns
    frames = [
        Frame(MARGIN + i * (col_w + COLUMN_GAP), BOTTOM, col_w, h, 0, 0, 0, 0, id=f"col{i}")
        for i in range(columns)
    ]
    return [
        PageTemplate("map", [sheet], onPage=on_map_page,
                     pagesize=poster or (job.page_w, job.page_h)),
        PageTemplate("notes", frames, onPage=on_page),
        PageTemplate("body", [Frame(MARGIN, BOTTOM, w, h, 0, 0, 0, 0, id="body")],
                     onPage=on_page),
        cover_template(job),
    ]


def front_story(job: Job, doc: JourneyMap, contents_page: bool) -> list[Any]:
    """The cover (with the persona panel), a blank page for the contents when asked (drawn
    when the document is saved) and the executive summary, ending on the page before the
    map."""
    width = job.page_w - 2 * MARGIN
    story: list[Any] = cover_story(job, doc, "CUSTOMER JOURNEY MAP", width)
    story += persona_panel(job, doc, min(width - 2 * MARGIN, 640))
    story += [NextPageTemplate("body"), PageBreak()]
    if contents_page:
        story.append(PageBreak())
    story += Summary(job, doc, width, []).story()
    return story


@fewer_collections()
def write_map_pdf(
    doc: JourneyMap,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
    fonts: FontSearch | None = None,
    as_is: JourneyMap | None = None,
) -> ExportReport:
    """Write the map PDF of ``doc`` to ``path``; ExportError (one sentence) when it cannot.
    With ``as_is`` the map carries the comparison marks (``doc`` is the to-be) and a
    "What changes" section follows the notes.

    ``progress(fraction, what)`` is called as the work goes on; ``fonts`` narrows the
    font search (tests); warnings are returned in the report and issued as ExportWarning.
    """
    target = writable_target(path)
    options = checked(options or ExportOptions())
    job = Job(options, progress, fonts)
    job.progress(0.0, "Measuring the map")
    layouts = print_layouts(doc)
    if options.layers:
        layouts = [layered(lay, doc, job.kit) for lay in layouts]
    poster: tuple[float, float] | None = None  # the map page's own size
    page_name = job.options.page_size
    if options.placement == "poster":
        # the map alone on the poster; cover, summary and notes stay on the asked page size
        size, turn = poster_size(layouts, _frame_area, options.orientation)
        short, long_ = sorted(page_points(size))
        poster = (long_, short) if turn == "landscape" else (short, long_)
        page_name = size if turn == "landscape" else f"{size} portrait"
        job.options = replace(job.options, placement="fit")
    elif job.options.orientation != "landscape":
        page_name += " portrait"
    fit_area = map_area(job, poster)
    tile_area = (fit_area[0], fit_area[1] - HEADER_H)
    lay, placement = place(
        layouts, fit_area, tile_area, job.options.placement, job.options.page_size,
    )
    if placement.mode == "tile":  # each link label whole on one page
        lay.set_cuts((t.region.x for t in placement.tiles if t.col > 0),
                     (t.region.y for t in placement.tiles if t.row > 0))
    painter = MapPainter(
        job.kit, doc, lay, job.accent,
        TitleBlock(job.options.client, job.options.author, job.date_text, job.logo),
    )
    painter.legend = draw_legend
    if options.layers:
        painter.layers = draw_layers
    insights = map_insights(doc, job.options)
    if insights.ranks:  # link labels stay off the ranked moments' pills
        lay.set_marks(badge_rects(painter, insights))
    if not insights.empty:
        painter.marks = MapMarks(painter, insights)
    if as_is is not None:
        from journeymap.core.comparison import compare
        from journeymap.export.map.compare import CompareMarks

        painter.marks = CompareMarks(painter, compare(as_is, doc, lay), painter.marks)
    title = clean(doc.title, single_line=True) or "Untitled journey"
    job.progress(0.05, "Preparing the cards")
    painter.cards()
    painter.links()

    def make_story(contents_page: bool) -> list[Any]:
        story: list[Any] = [NextPageTemplate("map")]
        if job.options.cover:
            story = [*front_story(job, doc, contents_page), NextPageTemplate("map"),
                     PageBreak()]
        if placement.mode == "fit":
            story.append(MapSheet(job, painter, placement, "fit"))
        else:
            story.append(MapSheet(job, painter, placement, "overview"))
            for tile in placement.tiles:
                story += [PageBreak(), MapSheet(job, painter, placement, "tile", tile)]
        job.progress(0.15, "Writing the notes")
        story += [NextPageTemplate("notes"), PageBreak()]
        story += notes_story(job, doc, insights, unshown_labels(doc, lay))
        if as_is is not None:
            from journeymap.export.changes import what_changes

            story += [NextPageTemplate("body"), PageBreak()]
            story += what_changes(job, as_is, doc, job.page_w - 2 * MARGIN)
        story += [NextPageTemplate("notes"), PageBreak()]
        story += legend_story(job, doc, painter)
        return story

    keywords = ["customer journey map", *(clean(s.name, single_line=True) for s in doc.stages)]
    if job.options.client:
        keywords.insert(0, clean(job.options.client, single_line=True))
    subject = "Customer journey map"
    if doc.persona is not None and doc.persona.name:
        subject += f" of {clean(doc.persona.name, single_line=True)}"
    templates = page_templates(job, title, poster)
    if job.options.cover:  # the first page takes the first template
        templates.insert(0, templates.pop())
    pages = build(job, target, make_story(False), templates, title=title, subject=subject,
                  keywords=keywords, progress_from=0.2)
    if job.options.cover and pages + 1 > TOC_PAGES:
        # the map prints its own page numbers: lay it out again with page 2 kept free for
        # the contents, rather than inserting a page that would move them all
        job.contents, job.contents_reserved = title, True
        painter.new_document()
        pages = build(job, target, make_story(True), templates, title=title,
                      subject=subject, keywords=keywords, progress_from=0.2)
    warnings = job.warnings(doc)
    issue_warnings(warnings)
    return ExportReport(
        target, pages, warnings, placement.mode, placement.scale, len(placement.tiles),
        page_name,
    )
