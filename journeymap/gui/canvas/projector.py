"""Projector mode's geometry: card sizes that read from the back of a room on this screen.

A journey map is much wider than a screen is, so fitted on a projector its card titles come
out a few pixels high. Drawing the titles larger alone leaves room for a word or two per card;
laying the cards out again first, fewer side by side in a cell and larger, makes the map less
wide and lets it fill the screen's height, so the zoom is higher and the enlarged titles keep
more of their words. :func:`room_style` tries a few such layouts (with wider gaps, the room
the enlarged link labels need) and keeps the one that shows the most title text at the wanted
size. The router places labels for their usual size; :func:`fit_labels` then grows each one as
far as it can without covering a card, a header or another label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

from journeymap.core.layout import Style, compute
from journeymap.core.model import JourneyMap
from journeymap.gui.canvas.items import CardItem, HeaderItem
from journeymap.gui.canvas.linklayer import LinkItem

#: card titles at least this many pixels high on the projector (a title drawn at 12 px)
ROOM_TITLE_PX = 15.0
#: link labels at least this high (drawn at 10 px, so at most this many times larger)
ROOM_LABEL_PX = 11.5
#: the most a title or label is enlarged (beyond it too little text fits a card)
MAX_TEXT_SCALE = 3.2
TITLE_PX = float(CardItem.TITLE_PX)
LINE_H = CardItem.LINE_H  # per unit of text scale
TITLE_TOP = 34.0  # card height not available to the title (padding and the badge row)
TITLE_SIDE = 38.0  # card width not available to the title
CHAR_W = 0.56  # a DemiBold character's mean advance, per pixel of font size
#: above this many cards only the number of cards side by side is tried (layouts cost time)
MANY_CARDS = 300
#: above this many labels none is enlarged (each step asks the scene about every label)
MANY_LABELS = 400
#: how much a label grows per round while the room allows
SCALE_STEP = 0.1
#: gaps between cards and around a cell's cards in the projector layouts
ROOM_GAP = 50
ROOM_PAD = 28
#: room around the map on screen (the view's SCROLL_MARGIN_PX, both sides)
PAD_PX = 32.0


@dataclass(frozen=True, slots=True)
class Fit:
    """How a style reads on a screen: its zoom, the title scale, what of a title shows."""

    style: Style
    zoom: float
    scale: float
    lines: int
    chars_per_line: float

    @property
    def readable(self) -> float:
        """Title characters a card shows at the wanted size (the measure of a style)."""
        return self.lines * self.chars_per_line


def text_scale(zoom: float, wanted_px: float = ROOM_TITLE_PX, drawn_px: float = TITLE_PX) -> float:
    """How much larger text drawn at ``drawn_px`` must be for ``wanted_px`` on screen."""
    return max(1.0, min(MAX_TEXT_SCALE, wanted_px / (drawn_px * max(zoom, 1e-3))))


def fit_of(doc: JourneyMap, style: Style, width: float, height: float) -> Fit:
    bounds = compute(doc, style).bounds
    zoom = min((width - PAD_PX) / max(1.0, bounds.w), (height - PAD_PX) / max(1.0, bounds.h))
    scale = text_scale(zoom)
    lines = max(0, min(4, math.floor((style.card_h - TITLE_TOP) / (LINE_H * scale))))
    chars = (style.card_w - TITLE_SIDE) / (CHAR_W * TITLE_PX * scale)
    return Fit(style, zoom, scale, lines, chars)


def candidates(doc: JourneyMap, base: Style) -> list[Style]:
    """The layouts tried: the usual one first, then fewer cards side by side and larger ones."""
    per_row = sorted({base.max_per_row, *range(1, base.max_per_row)}, reverse=True)
    if doc.touchpoint_count > MANY_CARDS:
        return [replace(base, max_per_row=n) for n in per_row]
    out = [base]
    # wider gutters: the link labels drawn larger need the room
    roomy = replace(base, card_gap=max(base.card_gap, ROOM_GAP),
                    cell_pad=max(base.cell_pad, ROOM_PAD))
    for n in per_row:
        for w in (base.card_w * f for f in (1.0, 1.25, 1.5, 1.75, 2.0, 2.25)):
            for h in (base.card_h, base.card_h * 1.25, base.card_h * 1.5):
                style = replace(roomy, max_per_row=n, card_w=round(w), card_h=round(h))
                if style != base:
                    out.append(style)
    return out


def room_style(doc: JourneyMap, width: float, height: float, base: Style | None = None) -> Fit:
    """The layout that shows the most title text at ROOM_TITLE_PX on a ``width`` × ``height``
    screen. The usual layout is kept when its titles are large enough already."""
    base = base or Style()
    usual = fit_of(doc, base, width, height)
    if usual.scale <= 1.0 or doc.touchpoint_count == 0:
        return usual
    best = usual
    for style in candidates(doc, base)[1:]:
        fit = fit_of(doc, style, width, height)
        if (fit.readable, fit.zoom) > (best.readable, best.zoom):
            best = fit
    return best


def fit_labels(scene: QGraphicsScene, links: list[LinkItem], scale: float) -> None:
    """Draw the labels of ``links`` as large as ``scale`` allows without covering a card, a
    header or another label: all grow together in small steps from where the router put them,
    each stopping where the next step would cover something (a fair share of the room)."""
    growing = [link for link in links if not link.label_box().isNull()]
    for link in growing:
        link.show_label(link.label_box(), 1.0)
    if len(growing) > MANY_LABELS:
        return  # a map that large reads as a picture on a projector, not as text
    step = 1.0
    while growing and step < scale:
        step = min(scale, step + SCALE_STEP)
        still = []
        for link in growing:
            for box in _grown(link.label_box(), link.drawn_label(), step):
                if _free(scene, link, box):
                    link.show_label(box, step)
                    still.append(link)
                    break
        growing = still


def fit_label(scene: QGraphicsScene, link: LinkItem, scale: float) -> None:
    """One label (its link has just been routed again) as large as the room allows."""
    fit_labels(scene, [link], scale)


def _grown(base: QRectF, now: QRectF, scale: float) -> list[QRectF]:
    """``base`` ``scale`` times larger: about the centre of where it is drawn now, else pushed
    to one side (two labels side by side grow apart)."""
    w, h = base.width() * scale, base.height() * scale
    c = now.center()
    out = []
    for x in (c.x() - w / 2, now.left(), now.right() - w):
        for y in (c.y() - h / 2, now.top(), now.bottom() - h):
            out.append(QRectF(x, y, w, h))
    return out


def _free(scene: QGraphicsScene, link: LinkItem, box: QRectF) -> bool:
    for item in scene.items(box.adjusted(-2, -2, 2, 2)):
        if isinstance(item, CardItem | HeaderItem) and item.isVisible():
            return False
        if isinstance(item, LinkItem) and item is not link and not item.drawn_label().isNull() \
                and item.drawn_label().adjusted(-2, -2, 2, 2).intersects(box):
            return False
    return True
