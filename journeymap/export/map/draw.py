"""Drawing the map on a ReportLab canvas from ``core.layout``: the canvas's picture, in print.

Coordinates: the caller sets the canvas transform so that map point (x, y) (y down, as in
the layout) lands at user space (x, −y); text is then drawn upright. Every element is
culled against a region of the map, so a tile page carries only what it shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from journeymap.core import appearance
from journeymap.core.layout import Layout, Rect
from journeymap.core.model import JourneyMap
from journeymap.export.branding import Logo
from journeymap.export.deliver.cover import logo_box
from journeymap.export.figures import touchpoint_numbers
from journeymap.export.map.linkindex import (
    Box,
    LinkIndex,
    LinkShape,
    cells,
    hits,
)
from journeymap.export.map.links import LinkPainter
from journeymap.export.map.measured import draw_card_measures
from journeymap.export.text import TextKit, clean, rtl_base

KAPPA: Final = 0.5523
CARD_TITLE: Final = 12.0  # the canvas's card title size; the PDF never prints it below 6 pt
CARD_LINE: Final = 15.0
VOTE: Final = "#5c6bc0"


class Overlay(Protocol):
    """Marks drawn between the map's layers (the journey insights: worst path, moments)."""

    def under_links(self, region: Rect | None) -> None: ...

    def over_links(self, region: Rect | None) -> None: ...

    def under_cards(self, region: Rect | None) -> None: ...

    def over_cards(self, region: Rect | None, detail: bool) -> None: ...


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The PDF-only parts of the title block."""

    client: str
    author: str
    date: str
    logo: Logo | None


@dataclass(slots=True)
class _Card:
    id: str
    rect: Rect
    title: list[str]
    colour: str
    emotion: int | None
    badge: str
    badge_colour: str
    votes: int
    moment: bool
    number: int


class MapPainter(LinkPainter):
    """Draws (parts of) one map; made once per export, used for every map page."""

    def __init__(
        self,
        kit: TextKit,
        doc: JourneyMap,
        layout: Layout,
        accent: str,
        title_block: TitleBlock,
    ) -> None:
        self.kit, self.doc, self.layout, self.accent = kit, doc, layout, accent
        self.title_block = title_block
        self.numbers = touchpoint_numbers(doc)
        fonts = kit.fonts
        self.regular, self.bold = fonts.regular, fonts.bold
        asc, desc = getAscentDescent(self.regular, 1000)
        self.asc, self.desc = float(asc) / 1000, -float(desc) / 1000
        m = layout.style.margin
        b = layout.bounds
        #: What is printed: the layout without its outer margin (the paper has its own).
        self.content = Rect(b.x + m, b.y + m, b.w - 2 * m, b.h - 2 * m + 8)  # + legend row 3
        self._cards: list[_Card] | None = None
        #: per culling pad: grid square → indices of the cards (grown by the pad) in it
        self._card_grids: dict[float, dict[tuple[int, int], list[int]]] = {}
        self._emotions: dict[str, int | None] | None = None
        self._forms: dict[str, str] = {}
        self._scale_hint = 1.0
        self._index = LinkIndex([])
        self._links: list[LinkShape] | None = None
        self.marks: Overlay | None = None  # journey insights, set by the map PDF
        #: draws the legend row under the map (set by the map PDF, which knows the legend)
        self.legend: Callable[[MapPainter], None] | None = None
        #: draws the layer rows under the emotion band (the layered map), when set
        self.layers: Callable[[MapPainter, Rect | None, bool], None] | None = None
        self.c: Any = None

    # ------------------------------------------------------------------ prepared items
    def cards(self) -> list[_Card]:
        if self._cards is None:
            kit, doc = self.kit, self.doc
            out = []
            for tp in doc.touchpoints():
                rect = self.layout.cards[tp.id]
                badge, badge_colour = "", "#90a4ae"
                if tp.channel is not None:
                    channel = doc.channel(tp.channel)
                    badge = clean(appearance.channel_badge(channel.id, channel.name),
                                  single_line=True)
                    badge_colour = appearance.CHANNEL_KIND_COLOURS.get(channel.kind, badge_colour)
                width = rect.w - 24 - (14 if tp.moment_of_truth else 0)
                title = clean(tp.title, single_line=True) or "(untitled)"
                lines = kit.wrap(title, CARD_TITLE, width, bold=True, max_lines=4)
                out.append(
                    _Card(tp.id, rect, lines, tp.colour, tp.emotion, badge, badge_colour,
                          tp.votes, tp.moment_of_truth, self.numbers[tp.id])
                )
            self._cards = out
        return self._cards

    def _cards_in(self, region: Rect | None, pad: float) -> list[_Card]:
        """The cards that meet ``region`` grown by ``pad``, in drawing order: found through a
        grid of the cards, so a tile of a big map does not test every card."""
        cards = self.cards()
        if region is None:
            return cards
        grid = self._card_grids.get(pad)
        if grid is None:
            grid = self._card_grids[pad] = {}
            for i, card in enumerate(cards):
                r = card.rect
                for key in cells((r.x - pad, r.y - pad, r.right + pad, r.bottom + pad)):
                    grid.setdefault(key, []).append(i)
        near: set[int] = set()
        for key in cells((region.x, region.y, region.right, region.bottom)):
            near.update(grid.get(key, ()))
        return [cards[i] for i in sorted(near) if hits(cards[i].rect, region, pad)]

    # ------------------------------------------------------------------ the whole map
    def draw(
        self, canvas: Any, region: Rect | None = None, *, detail: bool = True, scale: float = 1.0
    ) -> None:
        """Draw everything that meets ``region`` (all of it when None); ``scale`` is how big
        it will print (at a tiny scale without text the links are left out too)."""
        self._scale_hint = scale
        self.c = canvas
        lay = self.layout
        canvas.saveState()
        canvas.setLineJoin(1)
        if detail and hits(lay.title_area, region):
            self._title_block()
        for phase, rect in lay.phase_bands:
            if hits(rect, region):
                if region is not None:  # a band cut by a tile: its name centred in the part
                    x0, x1 = max(rect.x, region.x), min(rect.right, region.right)
                    rect = Rect(x0, rect.y, x1 - x0, rect.h)
                self._phase(phase, rect, detail)
        self._grid(region)
        self._emotion_band(region, detail)
        if self.layers is not None:
            self.layers(self, region, detail)
        if detail and self.legend is not None and hits(lay.legend_area, region):
            self.legend(self)
        sketch = not detail and self._scale_hint < 0.15  # a postage stamp: cards only
        marks = self.marks
        if not sketch:
            self._emotion_curve(region)
            if marks is not None:
                marks.under_links(region)
            self._links_layer(region, detail)
            if marks is not None:
                marks.over_links(region)
        if marks is not None:
            marks.under_cards(region)
        for card in self._cards_in(region, 10):
            self._card(card, detail)
        if marks is not None:
            marks.over_cards(region, detail)
        if not sketch:
            self._link_labels(region, detail)  # over everything a label could touch
        for stage in self.doc.stages:
            rect = lay.stage_headers[stage.id]
            if hits(rect, region):
                self._stage_header(rect, stage.name, stage.description, detail)
        for lane in self.doc.lanes:
            rect = lay.lane_headers[lane.id]
            if hits(rect, region):
                self._lane_header(rect, lane.name, lane.description, detail)
        canvas.restoreState()

    # ------------------------------------------------------------------ backdrop
    def draw_title_block(self, canvas: Any, area: Rect) -> None:
        """The title block alone, in ``area`` (map units; the caller sets the transform)."""
        self.c = canvas
        self._title_block(area)

    def _title_block(self, area: Rect | None = None) -> None:
        area = area or self.layout.title_area
        kit, tb = self.kit, self.title_block
        right_w = 0.0
        info: list[tuple[str, float, bool, str]] = []
        if tb.client:
            info.append((f"Prepared for {clean(tb.client, single_line=True)}", 13, True,
                         appearance.INK))
        byline = " · ".join(p for p in (clean(tb.author, single_line=True), tb.date) if p)
        if byline:
            info.append((byline, 11, False, appearance.MUTED_INK))
        max_info = max(area.w * 0.35, 120)
        info = [(kit.elide(t, s, max_info, bold=b), s, b, c) for t, s, b, c in info]
        text_w = max((kit.width(t, s, b) for t, s, b, _ in info), default=0.0)
        logo_w = logo_h = 0.0
        if tb.logo is not None:
            # the cover's logo box (area kept, so a wide logo stays tall enough to read),
            # shrunk to the title block
            logo_w, logo_h = logo_box(tb.logo.width, tb.logo.height)
            fit = min(1.0, min(320.0, area.w * 0.3) / logo_w, (area.h - 12) / logo_h)
            logo_w, logo_h = logo_w * fit, logo_h * fit
        right_w = text_w + logo_w + (16 if text_w and logo_w else 0)
        right = area.right
        if logo_w:
            self.c.drawImage(
                tb.logo.image if tb.logo else None, right - logo_w, -(area.y + 2 + logo_h),
                logo_w, logo_h, mask="auto",
            )
            right -= logo_w + 16
        if info:
            y = area.y + 8 if len(info) > 1 else area.y + 18
            for text, size, bold, hex_code in info:
                self._fill(hex_code)
                y += size + 4
                self._text(right, y, text, size, bold=bold, align="right")
        room = max(80.0, area.w - right_w - (28 if right_w else 0))
        doc = self.doc
        title = clean(doc.title, single_line=True) or "Untitled journey"
        subtitle = self._subtitle()
        size = 26.0
        while size > 18 and kit.width(title, size, bold=True) > room:
            size -= 1
        self._fill(appearance.INK)
        if kit.width(title, size, bold=True) > room and not subtitle:
            for i, line in enumerate(kit.wrap(title, 20, room, bold=True, max_lines=2)):
                self._text(area.x, area.y + 21 + i * 25, line, 20, bold=True)
        else:
            self._text(area.x, self._baseline(area.y, 36, size),
                       kit.elide(title, size, room, bold=True), size, bold=True)
        if subtitle:
            self._fill(appearance.MUTED_INK)
            self._text(area.x, self._baseline(area.y + 40, 22, 13), kit.elide(subtitle, 13, room),
                       13)
        self._fill(self.accent)
        self._rect(area.x, area.y + 68, min(area.w, 96), 3)

    def _subtitle(self) -> str:
        doc = self.doc
        subtitle = ""
        persona = doc.persona
        if persona is not None and persona.name:
            subtitle = f"Persona: {persona.name}"
            if persona.description:
                subtitle += f" — {persona.description}"
        elif doc.description:
            subtitle = doc.description
        return clean(subtitle, single_line=True)

    def _phase(self, phase: str | None, rect: Rect, detail: bool) -> None:
        self._fill(appearance.PHASE_COLOURS[phase])
        x, y, w, h = rect.x + 3, rect.y + 2, rect.w - 6, rect.h - 5
        self._round(x, y, w, h, 5)
        if detail and phase is not None:
            self._fill(appearance.PHASE_TEXT_COLOURS[phase])
            name = appearance.PHASE_NAMES[phase].upper()
            self._text(x + w / 2, self._baseline(y, h, 11), name, 11, bold=True, align="centre")

    def _grid(self, region: Rect | None) -> None:
        lay = self.layout
        rows = list(lay.lane_rows.values())
        columns = list(lay.stage_columns.values())
        if not rows or not columns:
            return
        for i, row in enumerate(rows):
            if hits(row, region):
                self._fill("#ffffff" if i % 2 == 0 else "#f7f9fa")
                self._rect(row.x, row.y, row.w, row.h)
        top, bottom = columns[0].y, columns[0].bottom
        left, right = columns[0].x, columns[-1].right
        self._stroke(appearance.GRID_LINE, 1)
        for col in columns[1:]:
            self._line(col.x, top, col.x, bottom)
        for row in rows[1:]:
            self._line(left, row.y, right, row.y)
        self._rect(left, top, right - left, bottom - top, fill=False, stroke=True)

    def _emotion_band(self, region: Rect | None, detail: bool) -> None:
        lay = self.layout
        band, header = lay.emotion_band, lay.emotion_header
        if hits(band, region):
            self._stroke(appearance.GRID_LINE, 1)
            self._fill("#ffffff")
            self._rect(band.x, band.y + 8, band.w, band.h - 8, stroke=True)
            for e in range(-2, 3):
                y = lay.emotion_y(e)
                if e == 0:
                    self._stroke("#90a4ae", 1.2)
                    self.c.setDash(4.8, 2.4)
                else:
                    self._stroke("#eceff1", 1)
                self._line(band.x, y, band.right, y)
                self.c.setDash()
        if hits(header, region):
            x, y, w, h = header.x + 3, header.y + 11, header.w - 6, header.h - 14
            self._fill(appearance.LANE_HEADER)
            self._round(x, y, w, h, 6)
            if detail:
                self._fill(appearance.INK)
                self._text(x + 14, self._baseline(y, h, 13), "Emotion", 13, bold=True)
                for e in range(-2, 3):
                    self._face(x + w - 16, lay.emotion_y(e), 7, e)

    # ------------------------------------------------------------------ headers
    def _stage_header(self, rect: Rect, name: str, description: str, detail: bool) -> None:
        x, y, w, h = rect.x + 3, rect.y + 3, rect.w - 6, rect.h - 6
        tip = min(14.0, h / 3)
        self._fill(appearance.STAGE_HEADER)
        self._polygon([(x, y), (x + w - tip, y), (x + w, y + h / 2), (x + w - tip, y + h),
                       (x, y + h), (x + tip, y + h / 2)])
        if not detail:
            return
        kit = self.kit
        tx, ty, tw, th = x + tip + 6, y + 4, w - 2 * tip - 10, h - 8
        name = kit.elide(clean(name, single_line=True), 15, tw, bold=True)
        sub = clean(description, single_line=True)
        self._fill("#ffffff")
        if sub:
            self._text(tx + tw / 2, self._baseline(ty + 2, th - 20, 15), name, 15, bold=True,
                       align="centre")
            self._fill("#cfd8dc")
            # one line at 10 pt, else two at 9 pt (an ellipsis only past two lines)
            lines, size = kit.wrap(sub, 10, tw), 10.0
            if len(lines) > 1:
                lines, size = kit.wrap(sub, 9, tw, max_lines=2), 9.0
            room = th - 22
            top = ty + 22 + (room - len(lines) * size * 1.12) / 2
            for i, line in enumerate(lines):
                self._text(tx + tw / 2, self._baseline(top + i * size * 1.12, size * 1.12, size),
                           line, size, align="centre")
        else:
            self._text(tx + tw / 2, self._baseline(ty, th, 15), name, 15, bold=True,
                       align="centre")

    def _row_plate(self, rect: Rect, stripe: str) -> tuple[float, float, float, float]:
        """A row header's rounded plate with its coloured stripe on the left; the plate's box."""
        x, y, w, h = rect.x + 3, rect.y + 3, rect.w - 6, rect.h - 6
        self._fill(appearance.LANE_HEADER)
        self._round(x, y, w, h, 6)
        self._fill(stripe)
        self._round(x, y, 5, h, 2)
        return x, y, w, h

    def _lane_header(self, rect: Rect, name: str, description: str, detail: bool) -> None:
        x, y, w, h = self._row_plate(rect, appearance.STAGE_HEADER)
        if not detail:
            return
        kit = self.kit
        ix, iy, iw, bottom = x + 14, y + 10, w - 22, y + h - 8
        self._fill(appearance.INK)
        ty = iy
        for line in kit.wrap(clean(name, single_line=True), 13, iw, bold=True, max_lines=3):
            self._text(ix, ty + self.asc * 13, line, 13, bold=True)
            ty += 17
        sub = clean(description, single_line=True)
        if sub and ty + 14 < bottom:
            self._fill(appearance.MUTED_INK)
            room = int((bottom - ty - 4) // 13)
            for line in kit.wrap(sub, 10, iw, max_lines=max(1, min(room, 6))):
                self._text(ix, ty + 4 + self.asc * 10, line, 10)
                ty += 13

    # ------------------------------------------------------------------ cards
    def new_document(self) -> None:
        """Forget the shared pictures: they live in the PDF they were first drawn into."""
        self._forms.clear()

    def _use(self, key: str, box: Box, draw: Any, x: float, y: float) -> None:
        """Draw a picture that many cards share (card body, face, badge …) once as a PDF
        form, then place it at (x, y): far less to write than drawing it each time."""
        c = self.c
        name = self._forms.get(key)
        if name is None:
            name = f"jm{len(self._forms)}"
            c.beginForm(name, box[0], -box[3], box[2], -box[1])
            clip, self.clip = self.clip, None  # a form has its own coordinates
            try:
                draw()
            finally:
                self.clip = clip
            c.endForm()
            self._forms[key] = name
        code, used = getattr(c, "_code", None), getattr(c, "_formsinuse", None)
        if code is None or used is None:  # not a plain ReportLab canvas: the public way
            c.saveState()
            c.translate(x, -y)
            c.doForm(name)
            c.restoreState()
            return
        # the same operators as saveState/translate/doForm/restoreState, without the
        # bookkeeping of a graphics state nobody reads: thousands of faces and cards
        code.append(f"q 1 0 0 1 {fp_str(x)} {fp_str(-y)} cm /{c._doc.getXObjectName(name)} Do Q")
        used.append(name)

    def _card(self, card: _Card, detail: bool) -> None:
        r = card.rect
        x, y, w, h = r.x, r.y, r.w, r.h

        def body() -> None:
            self._stroke("#b0bec5", 1)
            self._fill(appearance.PAPER)
            self._round(0, 0, w, h, 6, stroke=True)
            self._fill(card.colour)
            self._strip(0, 0, h)

        self._use(f"card {card.colour} {w} {h}", (-1, -1, w + 1, h + 1), body, x, y)
        if detail:
            self._fill(appearance.INK)
            ty = y + 8
            text_right = x + w - 10 - (14 if card.moment else 0)
            for line in card.title:
                if rtl_base(line):
                    self._text(text_right, ty + self.asc * CARD_TITLE, line, CARD_TITLE,
                               bold=True, align="right")
                else:
                    self._text(x + 14, ty + self.asc * CARD_TITLE, line, CARD_TITLE, bold=True)
                ty += CARD_LINE
        bottom = y + h - 24
        if card.badge and detail:
            badge, fill = card.badge, card.badge_colour
            bw = self.kit.width(badge, 9, bold=True) + 10
            clip, bx, by = self.clip, x + 14, bottom + 2
            if clip is not None and not (clip.x <= bx and bx + bw <= clip.right
                                         and clip.y <= by and by + 16 <= clip.bottom):
                # cut by the page: its text would stay in the text layer, unseen
                self._fill(fill)
                self._round(bx, by, bw, 16, 3)
            else:
                self._use(f"badge {badge} {fill}", (0, 0, bw, 16),
                          lambda: self._badge(0, 0, badge, fill), bx, by)
        if card.votes:
            shown = min(card.votes, 6)
            x0 = x + w - 40 - shown * 9

            def dots() -> None:
                self._fill(VOTE)
                for i in range(shown):
                    self._circle(i * 9, 0, 3.2)

            self._use(f"votes {shown}", (-4, -4, shown * 9, 4), dots, x0, bottom + 10)
            if card.votes > shown and detail:
                self._fill(VOTE)
                self._text(x0 - 4, self._baseline(bottom + 3, 14, 9), f"+{card.votes - shown}", 9,
                           bold=True, align="right")
        emotion = card.emotion
        self._use(f"face {emotion} 9", (-11, -11, 11, 11), lambda: self._face(0, 0, 9, emotion),
                  x + w - 18, bottom + 10)
        if card.moment:
            self._use("star 8", (-9, -9, 9, 9), lambda: self._star(0, 0, 8), x + w - 13, y + 13)
        if detail:
            draw_card_measures(self, self.doc, card.id, r, card.badge, card.moment)
            self._number_badge(x - 5, y - 7, str(card.number))
            self.c.linkRect("", f"tp-{card.number}", (x, -y - h, x + w, -y), relative=1)

    def _strip(self, x: float, y: float, h: float) -> None:
        """The colour strip: the left 6 units of a card with rounded corners of radius 6."""
        r, k = 6.0, 6.0 * KAPPA
        p = self.c.beginPath()
        p.moveTo(x + r, -y)
        p.lineTo(x + r, -(y + h))
        p.curveTo(x + r - k, -(y + h), x, -(y + h - r + k), x, -(y + h - r))
        p.lineTo(x, -(y + r))
        p.curveTo(x, -(y + r - k), x + r - k, -y, x + r, -y)
        p.close()
        self.c.drawPath(p, stroke=0, fill=1)

    def _badge(self, x: float, y: float, text: str, fill: str) -> float:
        w = self.kit.width(text, 9, bold=True) + 10
        self._fill(fill)
        self._round(x, y, w, 16, 3)
        self._fill("#ffffff")
        self._text(x + w / 2, self._baseline(y, 16, 9), text, 9, bold=True, align="centre")
        return w

    def _number_badge(self, x: float, y: float, text: str) -> None:
        w = max(16.0, self.kit.width(text, 9, bold=True) + 9)

        def pill() -> None:
            self._stroke("#ffffff", 1.2)
            self._fill(self.accent)
            self._round(0, 0, w, 15, 7.5, stroke=True)

        self._use(f"pill {w:.2f}", (-1, -1, w + 1, 16), pill, x, y)
        self._fill("#ffffff")
        self._text(x + w / 2, self._baseline(y, 15, 9), text, 9, bold=True, align="centre")

    # ------------------------------------------------------------------ curve
    def _emotion_curve(self, region: Rect | None) -> None:
        points = self.layout.emotion_points
        if not points or not hits(self.layout.emotion_band, region):
            return
        c = self.c
        self._stroke("#455a64", 2.4)
        c.setLineCap(1)
        left = region.x - 20 if region is not None else -math.inf
        right = region.right + 20 if region is not None else math.inf
        path = c.beginPath()
        open_ = False
        for (_, a), (_, b) in zip(points, points[1:], strict=False):
            if b.x < left or a.x > right:
                open_ = False
                continue
            if not open_:
                path.moveTo(a.x, -a.y)
                open_ = True
            dx = (b.x - a.x) / 2
            path.curveTo(a.x + dx, -a.y, b.x - dx, -b.y, b.x, -b.y)
        c.drawPath(path, stroke=1, fill=0)
        c.setLineCap(0)
        if self._emotions is None:
            self._emotions = {tp.id: tp.emotion for tp in self.doc.touchpoints()}
        by_id = self._emotions
        for tp_id, p in points:
            if left - 10 <= p.x <= right + 10:
                emotion = by_id[tp_id]
                self._use(f"face {emotion} 9", (-11, -11, 11, 11),
                          lambda e=emotion: self._face(0, 0, 9, e), p.x, p.y)
