"""The plan's charts as ReportLab graphics drawings: mean emotion per stage, and the
impact-vs-effort matrix. Text goes through the text kit, one ``String`` per font run."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Rect, String

from journeymap.core import appearance
from journeymap.core.entities import Improvement
from journeymap.export.document import colour, shade, tint
from journeymap.export.figures import StageFigures
from journeymap.export.text import TextKit, clean, visual


def text(
    kit: TextKit, x: float, y: float, line: str, size: float, hex_code: str, *,
    bold: bool = False, anchor: str = "start",
) -> Group:
    """A line of user text as Strings, one per font run, anchored like ``String``."""
    group = Group()
    runs = kit.runs(visual(line), bold)
    widths = [kit.width(piece, size, bold) for _, piece in runs]
    total = sum(widths)
    if anchor == "middle":
        x -= total / 2
    elif anchor == "end":
        x -= total
    for (font, piece), w in zip(runs, widths, strict=True):
        group.add(String(x, y, piece, fontName=font, fontSize=size, fillColor=colour(hex_code)))
        x += w
    return group


def face(cx: float, cy: float, r: float, emotion: int | None) -> Group:
    """The emotion face of the map, as a drawing (y up)."""
    fill = appearance.EMOTION_COLOURS.get(emotion, "#b0bec5") if emotion is not None else "#b0bec5"
    g = Group()
    g.add(Circle(cx, cy, r, fillColor=colour(fill), strokeColor=colour(shade(fill, 0.8)),
                 strokeWidth=max(0.8, r / 9)))
    for dx in (-0.35, 0.35):
        g.add(Circle(cx + dx * r, cy + 0.25 * r, r * 0.13, fillColor=colour("#ffffff"),
                     strokeColor=None))
    mouth = Path(strokeColor=colour("#ffffff"), strokeWidth=max(0.9, r * 0.14), fillColor=None,
                 strokeLineCap=1)
    my, half = cy - 0.32 * r, 0.45 * r
    if emotion is None:
        mouth.moveTo(cx - half / 2, my)
        mouth.lineTo(cx + half / 2, my)
    else:
        bend = emotion * r * 0.17
        y0 = my + bend * 0.5
        qy = my - bend * 1.5
        mouth.moveTo(cx - half, y0)
        mouth.curveTo(cx - half + 2 / 3 * half, y0 + 2 / 3 * (qy - y0),
                      cx + half - 2 / 3 * half, y0 + 2 / 3 * (qy - y0), cx + half, y0)
    g.add(mouth)
    return g


def emotion_chart(kit: TextKit, stages: Sequence[StageFigures], width: float,
                  height: float) -> Drawing:
    """Bars from the neutral line to each stage's mean emotion, coloured by its face."""
    d = Drawing(width, height)
    left, right, bottom, top = 40.0, 8.0, 34.0, 12.0
    plot_w, plot_h = width - left - right, height - bottom - top

    def y_of(value: float) -> float:
        return bottom + (value + 2) / 4 * plot_h

    for level in range(-2, 3):
        y = y_of(level)
        d.add(Line(left, y, left + plot_w, y,
                   strokeColor=colour("#90a4ae" if level == 0 else "#eceff1"),
                   strokeWidth=0.9 if level == 0 else 0.6,
                   strokeDashArray=[3, 2] if level == 0 else None))
        d.add(face(left - 14, y, 6, level))
    n = max(1, len(stages))
    slot = plot_w / n
    bar_w = min(34.0, slot * 0.62)
    label_size = 7.0 if slot >= 44 else 6.0
    for i, st in enumerate(stages):
        cx = left + slot * (i + 0.5)
        if st.mean_emotion is None:
            d.add(text(kit, cx, y_of(0) + 4, "no rating", 6.5, appearance.MUTED_INK,
                       anchor="middle"))
        else:
            value = st.mean_emotion
            level = max(-2, min(2, round(value)))
            fill = appearance.EMOTION_COLOURS[level]
            y0, y1 = y_of(0), y_of(value)
            d.add(Rect(cx - bar_w / 2, min(y0, y1), bar_w, max(abs(y1 - y0), 0.8),
                       fillColor=colour(fill), strokeColor=None))
            label = f"{value:+.1f}".replace("-", "−") if abs(value) >= 0.05 else "0.0"
            ly = y1 + 3 if value >= 0 else y1 - 9
            d.add(text(kit, cx, ly, label, 7, appearance.INK, bold=True, anchor="middle"))
        name = clean(st.name, single_line=True)
        lines = kit.wrap(name, label_size, slot - 4, max_lines=2)
        for k, line in enumerate(lines):
            d.add(text(kit, cx, bottom - 11 - k * (label_size + 1.5), line, label_size,
                       appearance.INK, anchor="middle"))
    return d


def matrix_chart(kit: TextKit, ordered: Sequence[Improvement], size: float) -> Drawing:
    """Impact (up) against effort (right), 1–5 each; every improvement is a numbered dot in
    its cell, numbers as in the action plan. Impact 3 counts as high, effort 3 as high."""
    band, axis = 18.0, 30.0
    d = Drawing(size, size)
    plot = size - axis - 2 * band
    x0, y0 = axis, axis + band
    cell = plot / 5

    def cell_x(effort: int) -> float:
        return x0 + (effort - 1) * cell

    def cell_y(impact: int) -> float:
        return y0 + (impact - 1) * cell

    for name, hex_code, high_impact, high_effort in appearance.QUADRANTS:
        ex = (3, 5) if high_effort else (1, 2)
        iy = (3, 5) if high_impact else (1, 2)
        qx, qy = cell_x(ex[0]), cell_y(iy[0])
        qw, qh = (ex[1] - ex[0] + 1) * cell, (iy[1] - iy[0] + 1) * cell
        d.add(Rect(qx, qy, qw, qh, fillColor=colour(tint(hex_code, 0.9)), strokeColor=None))
        label_y = y0 + plot + 5 if high_impact else y0 - band + 5
        d.add(text(kit, qx + qw / 2, label_y, name.upper(), 8.5, hex_code, bold=True,
                   anchor="middle"))
    for k in range(6):
        d.add(Line(x0 + k * cell, y0, x0 + k * cell, y0 + plot, strokeColor=colour("#ffffff"),
                   strokeWidth=1.2))
        d.add(Line(x0, y0 + k * cell, x0 + plot, y0 + k * cell, strokeColor=colour("#ffffff"),
                   strokeWidth=1.2))
    d.add(Line(x0 + 2 * cell, y0, x0 + 2 * cell, y0 + plot, strokeColor=colour("#90a4ae"),
               strokeWidth=1))
    d.add(Line(x0, y0 + 2 * cell, x0 + plot, y0 + 2 * cell, strokeColor=colour("#90a4ae"),
               strokeWidth=1))
    for v in range(1, 6):
        d.add(text(kit, cell_x(v) + cell / 2, y0 - band - 9, str(v), 7.5, appearance.MUTED_INK,
                   anchor="middle"))
        d.add(text(kit, x0 - 6, cell_y(v) + cell / 2 - 2.5, str(v), 7.5, appearance.MUTED_INK,
                   anchor="end"))
    d.add(text(kit, x0 + plot / 2, 2, "Effort  →", 8.5, appearance.INK, bold=True,
               anchor="middle"))
    label = text(kit, 0, 0, "Impact  →", 8.5, appearance.INK, bold=True, anchor="middle")
    label.transform = (0, 1, -1, 0, 10, y0 + plot / 2)
    d.add(label)
    by_cell: dict[tuple[int, int], list[int]] = {}
    for number, imp in enumerate(ordered, start=1):
        by_cell.setdefault((imp.effort, imp.impact), []).append(number)
    radius = 8.0
    step = 2 * radius + 3
    per_row = max(1, int((cell - 4) // step))
    rows = max(1, int((cell - 4) // step))
    capacity = per_row * rows
    for (effort, impact), numbers in sorted(by_cell.items()):
        shown = numbers if len(numbers) <= capacity else numbers[: capacity - 1]
        count = len(shown) + (1 if len(numbers) > capacity else 0)
        used_rows = math.ceil(count / per_row)
        cols = min(count, per_row)
        ox = cell_x(effort) + (cell - (cols - 1) * step) / 2
        oy = cell_y(impact) + cell / 2 + (used_rows - 1) * step / 2
        for k in range(count):
            cx = ox + (k % per_row) * step
            cy = oy - (k // per_row) * step
            if k < len(shown):
                imp = ordered[shown[k] - 1]
                fill = appearance.priority_colour(imp.priority)
                d.add(Circle(cx, cy, radius, fillColor=colour(fill),
                             strokeColor=colour("#ffffff"), strokeWidth=1))
                label_text = str(shown[k])
                size = 7.5 if len(label_text) < 3 else 6.2
                d.add(text(kit, cx, cy - size * 0.36, label_text, size, "#ffffff", bold=True,
                           anchor="middle"))
            else:
                more = f"+{len(numbers) - len(shown)}"
                d.add(Circle(cx, cy, radius, fillColor=colour("#ffffff"),
                             strokeColor=colour("#78909c"), strokeWidth=1))
                d.add(text(kit, cx, cy - 2.3, more, 6.2, appearance.INK, bold=True,
                           anchor="middle"))
    return d
