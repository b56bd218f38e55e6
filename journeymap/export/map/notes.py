"""The annotation pages (every touchpoint's notes, by stage) and the legend page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from journeymap.core import appearance
from journeymap.core.appearance import PRIORITY_NAMES, STATUS_NAMES
from journeymap.core.entities import Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export.document import BOTTOM, MARGIN, Bookmark, Job, colour
from journeymap.export.figures import (
    emotion_label,
    format_number,
    reading_order,
    touchpoint_numbers,
)
from journeymap.export.insights import MapInsights, worst_path_label
from journeymap.export.map.compare import compare_rows
from journeymap.export.map.draw import MapPainter
from journeymap.export.map.layers import legend_rows
from journeymap.export.map.marks import MapMarks
from journeymap.export.text import clean, escape, has_rtl

PILL_H = 14.0


class NumberPill(Flowable):
    """A touchpoint's number badge, drawn into the first line of the title that follows,
    and the destination the map's cards link to. Takes no space of its own."""

    def __init__(self, job: Job, number: int) -> None:
        super().__init__()
        self.job, self.number = job, number
        self.keepWithNext = 1
        self.width = self.height = 0

    @staticmethod
    def room(job: Job, number: int) -> float:
        return max(18.0, job.kit.width(str(number), 8, bold=True) + 9) + 6

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        c, kit = self.canv, self.job.kit
        w = self.room(self.job, self.number) - 6
        c.bookmarkHorizontal(f"tp-{self.number}", 0, 6)
        name = f"jm-pill-{w:.2f}"
        if not c.hasForm(name):
            c.beginForm(name, 0, -PILL_H, w, 1)
            c.setFillColor(colour(self.job.accent))
            c.roundRect(0, -PILL_H + 0.5, w, PILL_H, PILL_H / 2, stroke=0, fill=1)
            c.endForm()
        c.doForm(name)
        c.setFillColor(colour("#ffffff"))
        kit.draw(c, w / 2, -PILL_H + 4.6, str(self.number), 8, bold=True, align="centre")


class Entry(Flowable):
    """Flowables kept together in one column when they fit in one (like KeepTogether), but
    wrapped once per width instead of twice: the notes of 2,000 touchpoints lay out fast.
    An entry taller than a whole column is split between its flowables."""

    def __init__(self, items: list[Flowable], column_height: float, keep_first: int = 0) -> None:
        super().__init__()
        self.items = items
        self.column_height = column_height
        self.keep_first = keep_first
        self._width = -1.0
        self._sizes: list[tuple[float, float, float]] = []  # before, height, after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width != self._width:
            self._sizes = []
            for item in self.items:
                _, h = item.wrap(avail_width, self.column_height)
                self._sizes.append((item.getSpaceBefore(), h, item.getSpaceAfter()))
            self._width = avail_width
        self.width = avail_width
        self.height = self._total(self._sizes)
        return self.width, self.height

    @staticmethod
    def _total(sizes: list[tuple[float, float, float]]) -> float:
        total = 0.0
        for i, (before, h, after) in enumerate(sizes):
            total += (before if i else 0.0) + h + (after if i < len(sizes) - 1 else 0.0)
        return total

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        fits_a_column = self.height <= self.column_height * 0.999
        short = self.height <= self.column_height * 0.45
        if fits_a_column and (short or avail_height < self.column_height * 0.25):
            return []  # whole in the next column
        used = 0.0
        for i, (item, (before, h, after)) in enumerate(zip(self.items, self._sizes, strict=True)):
            gap = before if i else 0.0
            if used + gap + h > avail_height:
                if i < self.keep_first and fits_a_column:
                    return []  # never leave a title without its first lines
                parts = item.split(avail_width, avail_height - used - gap) if i or h else []
                head = self.items[:i] + list(parts[:1])
                tail = list(parts[1:]) + self.items[i + 1 :] if parts else self.items[i:]
                if not head:
                    return []
                return [Entry(head, self.column_height), Entry(tail, self.column_height)]
            used += gap + h + after
        return [self]

    def draw(self) -> None:
        y = self.height
        for i, (item, (before, h, after)) in enumerate(zip(self.items, self._sizes, strict=True)):
            y -= (before if i else 0.0) + h
            item.drawOn(self.canv, 0, y)
            y -= after


class IconRow(Flowable):
    """A legend row: a small picture drawn by ``icon`` and a label beside it."""

    ICON_W = 44.0

    def __init__(self, icon: Callable[[MapPainter], None], label: Flowable,
                 painter: MapPainter) -> None:
        super().__init__()
        self.icon, self.label, self.painter = icon, label, painter
        self._h = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, h = self.label.wrap(avail_width - self.ICON_W, avail_height)
        self._h = max(h, 18.0)
        self.width, self.height = avail_width, self._h + 4
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        self.label.drawOn(c, self.ICON_W, self.height - 2 - self.label.height
                          - max(0.0, (18 - self.label.height) / 2))
        c.saveState()
        c.translate(0, self.height - 2)
        self.painter.c = c
        self.icon(self.painter)
        c.restoreState()


def _field(job: Job, label: str, text: str) -> list[Flowable]:
    """"Label  text" as one paragraph (label in the accent colour)."""
    if not clean(text):
        return []
    if has_rtl(text):
        return [job.kit.paragraph([(label, True, job.accent)], job.styles["field"]),
                job.kit.para(text, job.styles["body"])]
    return [job.kit.paragraph(
        [(label, True, job.accent), ("\u00a0\u00a0", False, None), (text, False, None)],
        job.styles["field"],
    )]


def _list(job: Job, label: str, items: list[str]) -> list[Flowable]:
    items = [clean(i) for i in items if clean(i)]
    if not items:
        return []
    out: list[Flowable] = [job.kit.paragraph([(label, True, job.accent)], job.styles["field"])]
    for item in items:
        if has_rtl(item):
            out.append(job.kit.para(item, job.styles["bullet"]))
        else:
            out.append(job.kit.paragraph([(item, False, None)], job.styles["bullet"], bullet="•"))
    return out


def touchpoint_entry(job: Job, doc: JourneyMap, tp: Touchpoint, number: int,
                     insights: MapInsights | None = None,
                     link_labels: Sequence[str] = ()) -> list[Flowable]:
    styles, kit = job.styles, job.kit
    room = NumberPill.room(job, number)
    title = clean(tp.title, single_line=True) or "(untitled)"
    rtl = has_rtl(title)
    name = f"entry-{room:.1f}" + ("-rtl" if rtl else "")
    style = styles.get(name)  # one style per pill width, not one per touchpoint
    if style is None:
        indent = {"leftIndent": room} if rtl else {"firstLineIndent": room}
        style = styles[name] = styles["entry"].clone(name, **indent)
    head = kit.para(title, style, single_line=True)
    head.keepWithNext = 1
    stage, lane = doc.stage(tp.stage), doc.lane(tp.lane)
    meta = [f"{clean(stage.name, single_line=True)} › {clean(lane.name, single_line=True)}"]
    if tp.channel is not None:
        ch = doc.channel(tp.channel)
        meta.append(f"Channel: {clean(ch.name, single_line=True)}")
    meta.append(f"Emotion: {emotion_label(tp.emotion)}")
    if tp.votes:
        meta.append(f"{tp.votes} vote" + ("s" if tp.votes != 1 else ""))
    marks = insights.notes(tp.id) if insights is not None else []
    if tp.moment_of_truth and not (insights and tp.id in insights.ranks):
        meta.append("★ Moment of truth")
    meta += marks
    out: list[Flowable] = [NumberPill(job, number), head,
                           kit.para(" · ".join(meta), styles["meta"], single_line=True)]
    out[-1].keepWithNext = 1
    out += _field(job, "Description", tp.description)
    out += _field(job, "Thinks", tp.thoughts)
    out += _list(job, "Pain points", list(tp.pain_points))
    out += _list(job, "Opportunities", list(tp.opportunities))
    if tp.metrics:
        metrics = " · ".join(
            f"{k.replace('_', ' ')} {format_number(v)}" for k, v in tp.metrics.items()
        )
        out += _field(job, "Metrics", metrics)
    out += _field(job, "Owner", tp.owner)
    out += _list(job, "Links (labels shortened on the map)", list(link_labels))
    improvements = doc.improvements_for(tp.id)
    if improvements:
        out += _list(job, "Improvements", [
            f"{imp.title} ({PRIORITY_NAMES[imp.priority].lower()} priority, "
            f"{STATUS_NAMES[imp.status].lower()})"
            for imp in improvements
        ])
    out.append(Spacer(1, 5))
    out.append(HRFlowable(width="100%", thickness=0.5, color=colour(appearance.GRID_LINE),
                          spaceBefore=0, spaceAfter=9))
    return out


def notes_story(job: Job, doc: JourneyMap, insights: MapInsights | None = None,
                link_labels: Mapping[str, Sequence[str]] | None = None) -> list[Flowable]:
    """The annotation section: about the map, then each stage's touchpoints in reading order
    (with the full labels of their links that the map shows shortened, ``link_labels``)."""
    styles, kit = job.styles, job.kit
    numbers = touchpoint_numbers(doc)
    column_height = job.page_h - MARGIN - BOTTOM
    out: list[Flowable] = [
        Bookmark("notes", "Annotations", 0),
        Paragraph("Annotations", styles["h1"]),
    ]
    intro = []
    if doc.description.strip():
        intro.append(kit.para(doc.description, styles["lead"]))
    persona = doc.persona
    if persona is not None and (persona.name or persona.description):
        name = clean(persona.name, single_line=True)
        persona_title = f"Persona: {name}" if name else "Persona"
        intro.append(Paragraph(kit.markup(persona_title, bold=True), styles["h3"]))
        if persona.description.strip():
            intro.append(kit.para(persona.description, styles["body"]))
        intro += _list(job, "Goals", list(persona.goals))
        intro += _list(job, "Pains", list(persona.pains))
    if intro:
        out += intro
        out.append(Spacer(1, 8))
    order = reading_order(doc)
    if not order:
        out.append(Paragraph("This map has no touchpoints yet.", styles["body"]))
        return out
    by_stage: dict[str, list[Touchpoint]] = {}
    for tp in order:
        by_stage.setdefault(tp.stage, []).append(tp)
    for index, stage in enumerate(doc.stages):
        tps = by_stage.get(stage.id)
        if not tps:
            continue
        name = clean(stage.name, single_line=True) or stage.id
        out.append(CondPageBreak(90))
        heading: list[Flowable] = [Bookmark(f"stage-{index}", name, 1),
                                   kit.para(name, styles["h2"], single_line=True)]
        sub = [appearance.PHASE_NAMES.get(stage.phase, ""),
               f"{len(tps)} touchpoint" + ("s" if len(tps) != 1 else "")]
        heading.append(Paragraph(escape(" · ".join(s for s in sub if s)), styles["meta"]))
        if stage.description.strip():
            heading.append(kit.para(stage.description, styles["small"]))
        heading.append(Spacer(1, 6))
        for i, tp in enumerate(tps):
            entry = touchpoint_entry(job, doc, tp, numbers[tp.id], insights,
                                     (link_labels or {}).get(tp.id, ()))
            items = heading + entry if i == 0 else entry
            out.append(Entry(items, column_height, len(items) - len(entry) + 4))
        job.progress(0.3, "Writing the notes")
    return out


def legend_story(job: Job, doc: JourneyMap, painter: MapPainter) -> list[Flowable]:
    """A page explaining every mark on the map."""
    styles, kit = job.styles, job.kit
    out: list[Flowable] = [
        Bookmark("legend", "Legend", 0),
        Paragraph("Legend", styles["h1"]),
    ]

    def label(text: str, detail: str = "") -> Paragraph:
        markup = kit.markup(text, bold=True)
        if detail:
            markup += f'<font color="{appearance.MUTED_INK}"> — {kit.markup(detail)}</font>'
        return Paragraph(markup, styles["body"])

    def row(icon: Callable[[MapPainter], None], text: str, detail: str = "") -> IconRow:
        return IconRow(icon, label(text, detail), painter)

    out.append(Paragraph("Colour tags", styles["h3"]))
    for hex_code, name, meaning in appearance.PRESETS:
        out.append(row(_swatch(hex_code), meaning.capitalize(), f"{name} strip"))
    presets = {p[0] for p in appearance.PRESETS}
    custom = sorted({tp.colour.lower() for tp in doc.touchpoints()} - presets)
    for hex_code in custom[:12]:
        out.append(row(_swatch(hex_code), "Custom tag", hex_code))
    from journeymap.core.measured import legend_entries

    measures = legend_entries(doc)
    if measures:
        out.append(Paragraph("Measured data", styles["h3"]))
        out += [label(text) for text, _sample in measures]
    out.append(Paragraph("Emotion", styles["h3"]))
    for e in range(2, -3, -1):
        detail = f"emotion {e:+d}" if e else "emotion 0"
        out.append(row(_face(e), appearance.EMOTION_NAMES[e].capitalize(), detail))
    out.append(row(_face(None), "Not rated"))
    out.append(Paragraph(
        "The emotion band under the lanes follows the rated cards from left to right.",
        styles["small"]))
    used: list[str] = []
    for tp in doc.touchpoints():
        if tp.channel is not None and tp.channel not in used:
            used.append(tp.channel)
    if used:
        out.append(Paragraph("Channels", styles["h3"]))
        for channel in doc.palette:
            if channel.id not in used:
                continue
            badge = clean(appearance.channel_badge(channel.id, channel.name), single_line=True)
            fill = appearance.CHANNEL_KIND_COLOURS.get(channel.kind, "#90a4ae")
            out.append(row(_badge(badge, fill), clean(channel.name, single_line=True),
                           f"{channel.kind} channel"))
    out.append(Paragraph("Links", styles["h3"]))
    for kind, name in appearance.LINK_KIND_NAMES.items():
        detail = {"flow": "the customer goes on to", "alternative": "another way to go on",
                  "return": "the customer comes back"}[kind]
        out.append(row(_link(kind), name, detail))
    out.append(Paragraph("Marks on a card", styles["h3"]))
    out.append(row(_star, "Moment of truth", "a decisive moment for the customer"))
    out += _insight_rows(painter, row)
    out.append(row(_votes, "Dot votes", "from the workshop; more than six show as +N"))
    out.append(row(_number(job), "Note number", "the touchpoint's notes in the Annotations"))
    out += legend_rows(job, painter)
    out += compare_rows(painter, row, styles["h3"])
    return out


def _insight_rows(painter: MapPainter,
                  row: Callable[[Callable[[MapPainter], None], str, str], IconRow]
                  ) -> list[Flowable]:
    """Legend rows for the worst path and the ranked moments, when the map shows them."""
    marks = getattr(painter.marks, "inner", painter.marks)  # under the comparison marks
    if not isinstance(marks, MapMarks):
        return []
    out: list[Flowable] = []
    insights = marks.insights
    if insights.moments:
        out.append(row(lambda p: marks.pill(2, 1.5, 1), "Ranked moment of truth",
                       f"the {len(insights.moments)} touchpoints with the highest moment-of-"
                       "truth score, numbered by rank as in the improvement plan's findings"))
    path = insights.worst_path
    if path is not None:
        detail = ("the stretch of at least three touchpoints along forward links with the "
                  "lowest mean emotion; its cards are ringed")
        if insights.paths_truncated:
            detail += " (the search stopped at its limit: the worst path it found)"

        def icon(p: MapPainter) -> None:
            marks.sample(2, 9, 36)

        out.append(row(icon, worst_path_label(path), detail))
    return out


def _swatch(hex_code: str) -> Callable[[MapPainter], None]:
    def draw(p: MapPainter) -> None:
        p._stroke("#b0bec5", 0.8)
        p._fill(appearance.PAPER)
        p._round(2, 1, 34, 16, 3, stroke=True)
        p._fill(hex_code)
        p._strip(2, 1, 16)
    return draw


def _face(emotion: int | None) -> Callable[[MapPainter], None]:
    def draw(p: MapPainter) -> None:
        p._face(12, 9, 8, emotion)
    return draw


def _badge(text: str, fill: str) -> Callable[[MapPainter], None]:
    def draw(p: MapPainter) -> None:
        p._badge(2, 1, text, fill)
    return draw


def _link(kind: str) -> Callable[[MapPainter], None]:
    def draw(p: MapPainter) -> None:
        p._stroke(appearance.LINK_COLOUR, 1.6)
        dashes = appearance.LINK_DASHES[kind]
        if dashes:
            p.c.setDash([d * 1.6 for d in dashes], 0)
        p._line(2, 9, 30, 9)
        p.c.setDash()
        p._fill(appearance.LINK_COLOUR)
        p._polygon([(38, 9), (30, 5), (30, 13)])
    return draw


def _star(p: MapPainter) -> None:
    p._star(12, 9, 8)


def _votes(p: MapPainter) -> None:
    p._fill("#5c6bc0")
    for i in range(3):
        p._circle(6 + i * 9, 9, 3.2)


def _number(job: Job) -> Callable[[MapPainter], None]:
    def draw(p: MapPainter) -> None:
        p._number_badge(2, 1.5, "12")
    return draw

