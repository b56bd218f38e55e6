"""The cover page of a client document (title, persona, client, author, date, logo, key
figures) and the persona panel (name, description, goals, pains)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from journeymap.core import appearance
from journeymap.core.model import JourneyMap
from journeymap.export.document import BOTTOM, MARGIN, Bookmark, Job, colour, tint
from journeymap.export.figures import journey_counts
from journeymap.export.text import clean, escape, short

GRID = colour(appearance.GRID_LINE)
FOOTER_COVER_Y = 24.0
#: The logo's box on the cover: as much area as a 180 × 60 pt box, never wider than 320 pt
#: nor taller than 90 pt, so a very wide or very tall logo keeps a readable size.
LOGO_AREA, LOGO_MAX_W, LOGO_MAX_H = 180.0 * 60.0, 320.0, 90.0


def logo_box(width: int, height: int) -> tuple[float, float]:
    """The printed size of a ``width`` × ``height`` logo: its aspect ratio kept, its area
    that of the cover's logo box, clamped to the box's largest width and height."""
    ratio = width / height
    w, h = (LOGO_AREA * ratio) ** 0.5, (LOGO_AREA / ratio) ** 0.5
    scale = min(1.0, LOGO_MAX_W / w, LOGO_MAX_H / h)
    return w * scale, h * scale


def cover_story(job: Job, doc: JourneyMap, kicker_text: str, width: float) -> list[Flowable]:
    """Kicker, title, persona line, client, author and date, and the key figures."""
    kit, s = job.kit, job.styles
    title_style = s["h1"].clone("cover-title", fontSize=30, leading=36,
                                textColor=colour(appearance.INK), spaceAfter=10)
    kicker = s["h3"].clone("kicker", textColor=colour(job.accent), fontSize=11,
                           spaceBefore=0, spaceAfter=8)
    out: list[Flowable] = [
        Bookmark("cover", "Cover", 0),
        Spacer(1, job.page_h * 0.16),
        Paragraph(escape(kicker_text), kicker),
        kit.para(clean(doc.title, single_line=True) or "Untitled journey", title_style),
    ]
    out.append(Spacer(1, 18))
    if job.options.client.strip():
        out.append(kit.para(f"Prepared for {job.options.client}",
                            s["h2"].clone("client", spaceBefore=0), single_line=True))
    byline = " · ".join(p for p in (clean(job.options.author, single_line=True),
                                   job.date_text) if p)
    out.append(Paragraph(kit.markup(byline), s["lead"]))
    out.append(Spacer(1, 26))
    out.append(key_figures(job, doc, width))
    return out


def key_figures(job: Job, doc: JourneyMap, width: float) -> Table:
    c = journey_counts(doc)
    mean = c.mean_emotion
    figures = [
        (f"{c.touchpoints:,}", "touchpoints"),
        (f"{c.pain_points:,}", "pain points"),
        (f"{c.moments_of_truth:,}", "marked moments of truth"),
        (f"{c.improvements:,}", "improvements"),
        ("–" if mean is None else f"{mean:+.1f}".replace("-", "−"), "mean emotion"),
    ]
    big = job.styles["h1"].clone("figure", fontSize=24, leading=28, spaceAfter=0)
    small = job.styles["small"]
    cells = [[Paragraph(escape(v), big) for v, _ in figures],
             [Paragraph(escape(k), small) for _, k in figures]]
    w = min(width, 620) / len(figures)
    table = Table(cells, colWidths=[w] * len(figures), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBEFORE", (1, 0), (-1, -1), 0.6, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]))
    return table


def persona_panel(job: Job, doc: JourneyMap, width: float) -> list[Flowable]:
    """The persona as a tinted panel: name and description, then goals and pains side by
    side; nothing when the map has no persona."""
    persona = doc.persona
    if persona is None or not (persona.name or persona.description or persona.goals
                               or persona.pains):
        return []
    kit, s = job.kit, job.styles
    head = s["h3"].clone("persona-head", spaceBefore=0)
    label = s["h3"].clone("persona-label", fontSize=9, spaceBefore=2,
                          textColor=colour(job.accent))

    def items(title: str, texts: list[str]) -> list[Flowable]:
        out: list[Flowable] = [Paragraph(escape(title), label)]
        shown = [t for t in texts if t.strip()][:8]
        out += [kit.para("• " + short(clean(t, single_line=True), 200), s["body"])
                for t in shown]
        if len(texts) > len(shown):
            out.append(Paragraph(escape(f"… and {len(texts) - len(shown)} more, in the map "
                                        "file"), s["small"]))
        return out if shown else [*out, Paragraph("–", s["body"])]

    top: list[Flowable] = [Paragraph(escape("Persona: " + (clean(persona.name, single_line=True)
                                                         or "unnamed")), head)]
    if persona.description.strip():
        top.append(kit.para(short(clean(persona.description), 600), s["body"]))
    inner = width - 24
    body = Table([[items("Goals", list(persona.goals)), items("Pains", list(persona.pains))]],
                 colWidths=[inner / 2, inner / 2])
    body.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (0, 0), 12)]))
    panel = Table([[top], [body]], colWidths=[width], hAlign="LEFT")
    panel.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colour(tint(job.accent, 0.92))),
        ("LINEBEFORE", (0, 0), (0, -1), 3, colour(job.accent)),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (0, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return [Spacer(1, 10), panel]


def cover_template(job: Job) -> PageTemplate:
    """The "cover" page: an accent band at the top, a tinted edge, the logo top right, the
    footer (wrapped to two lines) at the bottom and no page number."""
    w, h = job.page_w - 2 * MARGIN, job.page_h - MARGIN - BOTTOM

    def on_cover(canvas: Any, doc: Any) -> None:
        canvas.jm_footer = False
        canvas.saveState()
        canvas.setFillColor(colour(job.accent))
        canvas.rect(0, job.page_h - 14, job.page_w, 14, stroke=0, fill=1)
        canvas.setFillColor(colour(tint(job.accent, 0.88)))
        canvas.rect(0, 0, job.page_w * 0.012, job.page_h - 14, stroke=0, fill=1)
        if job.logo is not None:
            lw, lh = logo_box(job.logo.width, job.logo.height)
            canvas.drawImage(job.logo.image, job.page_w - MARGIN - lw,
                             job.page_h - 14 - MARGIN - lh, lw, lh, mask="auto")
        footer = job.footer_left()
        if footer:
            canvas.setFillColor(colour(appearance.MUTED_INK))
            lines = job.kit.wrap(footer, 8.5, job.page_w - 2 * MARGIN, max_lines=2)
            for i, line in enumerate(lines):
                job.kit.draw(canvas, MARGIN, FOOTER_COVER_Y + (len(lines) - 1 - i) * 10.5,
                             line, 8.5)
        canvas.restoreState()

    return PageTemplate("cover", [Frame(MARGIN * 2, BOTTOM, w - 2 * MARGIN, h, 0, 0, 0, 0)],
                        onPage=on_cover)
