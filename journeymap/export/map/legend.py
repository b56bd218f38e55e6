"""The legend under the map: colours, faces, link kinds, marks and the channels in use, in
rows that wrap within the map's width (the legend page explains everything in full)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from journeymap.core import appearance
from journeymap.export.insights import worst_path_label
from journeymap.export.map.compare import compare_items
from journeymap.export.map.marks import MapMarks
from journeymap.export.map.measured import legend_items as measured_items
from journeymap.export.text import clean

if TYPE_CHECKING:
    from journeymap.export.map.draw import MapPainter

Item = Callable[[float, float], None]  # draws one legend entry with its top-left at (x, y)


def draw_legend(p: MapPainter) -> None:
    """The legend under the map, in rows that wrap within the map's width; what does
    not fit is left to the legend page."""
    area = p.layout.legend_area
    kit = p.kit
    p._fill(appearance.INK)
    p._text(area.x + 4, area.y + 20, "Legend", 11, bold=True)
    items: list[tuple[float, Item, float]] = []  # (width, draw(x, y), gap after)

    def label_w(text: str) -> float:
        return kit.width(text, 11)

    for hex_code, _name, meaning in appearance.PRESETS:
        items.append((20 + label_w(meaning), _swatch(p, hex_code, meaning), 10))
    items[-1] = (items[-1][0], items[-1][1], 30)
    for e in range(-2, 3):
        name = appearance.EMOTION_NAMES[e]
        items.append((20 + label_w(name), _face_item(p, e, name), 12))
    items[-1] = (items[-1][0], items[-1][1], 30)
    for kind, name in appearance.LINK_KIND_NAMES.items():
        items.append((42 + label_w(name), _link_item(p, kind, name), 18))
    items.append((30 + label_w("Moment of truth"), _star_item(p), 18))
    items += insight_items(p, label_w)
    items += compare_items(p, label_w)
    items += measured_items(p, p.doc, label_w)
    items.append((26 + label_w("Note number"), _number_item(p), 30))
    used: list[str] = []
    for tp in p.doc.touchpoints():
        if tp.channel is not None and tp.channel not in used:
            used.append(tp.channel)
    channels = [c for c in p.doc.palette if c.id in used]
    for ch in channels:
        badge = clean(appearance.channel_badge(ch.id, ch.name), single_line=True)
        name = clean(ch.name, single_line=True)
        fill = appearance.CHANNEL_KIND_COLOURS.get(ch.kind, "#90a4ae")
        width = kit.width(badge, 9, bold=True) + 16 + label_w(name)
        items.append((width, _channel_item(p, badge, fill, name), 14))
    right = area.right - 4
    placed: list[tuple[float, float, int, Item, float]] = []  # (x, y, row, draw, right end)
    x, y, row = area.x + 4, area.y + 30, 0
    max_rows = 3 if area.h >= 96 else 2
    rest = 0
    for n, (width, draw, gap) in enumerate(items):
        if x + width > right and x > area.x + 4:
            row += 1
            x, y = area.x + 4, y + 28
        if row >= max_rows or x + width > right:
            rest = len(items) - n
            break
        placed.append((x, y, row, draw, x + width))
        x += width + gap
    if rest:
        # the note takes the end of the last row: the entries it would cover go with it
        while True:
            note = f"+{rest} more on the legend page"
            last_y = placed[-1][1] if placed else area.y + 30
            if not placed or placed[-1][4] + 12 + label_w(note) <= right:
                break
            placed.pop()
            rest += 1
    for x, y, _row, draw, _end in placed:
        draw(x, y)
    if rest:
        p._fill(appearance.MUTED_INK)
        p._text(max(area.x + 4, right - label_w(note)), last_y + 11, note, 11)

def _swatch(p: MapPainter, hex_code: str, text: str) -> Item:
    def draw(x: float, y: float) -> None:
        p._fill(hex_code)
        p._round(x, y, 14, 14, 3)
        p._fill(appearance.INK)
        p._text(x + 20, y + 11, text, 11)
    return draw

def _face_item(p: MapPainter, emotion: int, text: str) -> Item:
    def draw(x: float, y: float) -> None:
        p._face(x + 7, y + 7, 7, emotion)
        p._fill(appearance.INK)
        p._text(x + 20, y + 11, text, 11)
    return draw

def _link_item(p: MapPainter, kind: str, text: str) -> Item:
    def draw(x: float, y: float) -> None:
        p._stroke(appearance.LINK_COLOUR, 1.6)
        dashes = appearance.LINK_DASHES[kind]
        if dashes:
            p.c.setDash([d * 1.6 for d in dashes], 0)
        p._line(x, y + 7, x + 34, y + 7)
        p.c.setDash()
        p._fill(appearance.INK)
        p._text(x + 42, y + 11, text, 11)
    return draw

def _star_item(p: MapPainter) -> Item:
    def draw(x: float, y: float) -> None:
        p._star(x + 8, y + 7, 8)
        p._fill(appearance.INK)
        p._text(x + 30, y + 11, "Moment of truth", 11)
    return draw

def _number_item(p: MapPainter) -> Item:
    def draw(x: float, y: float) -> None:
        p._number_badge(x, y - 0.5, "12")
        p._fill(appearance.INK)
        p._text(x + 26, y + 11, "Note number", 11)
    return draw

def insight_items(p: MapPainter, label_w: Callable[[str], float]) -> list[tuple[float, Item,
                                                                             float]]:
    """The legend entries of the worst path and the ranked moments, when they are drawn."""
    marks = getattr(p.marks, "inner", p.marks)  # under the comparison marks, if any
    if not isinstance(marks, MapMarks):
        return []
    out: list[tuple[float, Item, float]] = []
    path = marks.insights.worst_path
    if path is not None:
        path_text = worst_path_label(path)

        def draw_path(x: float, y: float) -> None:
            marks.sample(x + 1, y + 7, 36)
            p._fill(appearance.INK)
            p._text(x + 44, y + 11, path_text, 11)

        out.append((44 + label_w(path_text), draw_path, 18))
    if marks.insights.moments:
        pill_text = "Ranked moment of truth"

        def draw_pill(x: float, y: float) -> None:
            marks.pill(x, y - 0.5, 1)
            p._fill(appearance.INK)
            p._text(x + marks.pill_width(1) + 6, y + 11, pill_text, 11)

        out.append((marks.pill_width(1) + 6 + label_w(pill_text), draw_pill, 18))
    return out


def _channel_item(p: MapPainter, badge: str, fill: str, name: str) -> Item:
    def draw(x: float, y: float) -> None:
        w = p._badge(x, y - 1, badge, fill)
        p._fill(appearance.INK)
        p._text(x + w + 6, y + 11, name, 11)
    return draw
