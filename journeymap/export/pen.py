"""Drawing primitives on a ReportLab canvas in map coordinates (y down), shared by the map pages.

A subclass sets ``c`` (the canvas), ``kit`` (text), ``asc`` and ``desc`` (the regular font's
ascent and descent per point of size).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Final

from journeymap.core import appearance
from journeymap.core.layout import Rect
from journeymap.core.routing import Route, arrow_head
from journeymap.export.document import colour, shade
from journeymap.export.text import TextKit

NO_EMOTION: Final = "#b0bec5"


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star centred on (cx, cy), first point up."""
    inner = outer * 0.45
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return points


def arrow_points(route: Route, size: float, spread: float) -> list[tuple[float, float]]:
    """The arrowhead at a link's end: ``size`` long, ``spread`` × size wide on each side."""
    return [(p.x, p.y) for p in arrow_head(route.end, route.end_side, size, spread)]


class Pen:
    """Shapes, text, emotion faces and the moment-of-truth star, in map coordinates."""

    c: Any
    kit: TextKit
    asc: float
    desc: float
    #: The part of the map a clipped page shows (map units): text not wholly inside it is
    #: left out, so that a page's text layer holds only what the page shows.
    clip: Rect | None = None

    def _fill(self, hex_code: str) -> None:
        self.c.setFillColor(colour(hex_code))

    def _stroke(self, hex_code: str, width: float) -> None:
        self.c.setStrokeColor(colour(hex_code))
        self.c.setLineWidth(width)

    def _rect(
        self, x: float, y: float, w: float, h: float, *, fill: bool = True, stroke: bool = False
    ) -> None:
        self.c.rect(x, -y - h, w, h, stroke=int(stroke), fill=int(fill))

    def _round(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        r: float,
        *,
        fill: bool = True,
        stroke: bool = False,
    ) -> None:
        self.c.roundRect(x, -y - h, w, h, r, stroke=int(stroke), fill=int(fill))

    def _circle(
        self, x: float, y: float, r: float, *, fill: bool = True, stroke: bool = False
    ) -> None:
        self.c.circle(x, -y, r, stroke=int(stroke), fill=int(fill))

    def _polygon(self, points: Iterable[tuple[float, float]], *, stroke: bool = False) -> None:
        path = self.c.beginPath()
        first = True
        for x, y in points:
            if first:
                path.moveTo(x, -y)
                first = False
            else:
                path.lineTo(x, -y)
        path.close()
        self.c.drawPath(path, stroke=int(stroke), fill=1)

    def _polyline(self, points: Iterable[tuple[float, float]],
                  dash: list[float] | None = None) -> None:
        """An open line through ``points`` in the current stroke, dashed with ``dash``."""
        path = self.c.beginPath()
        for i, (x, y) in enumerate(points):
            if i:
                path.lineTo(x, -y)
            else:
                path.moveTo(x, -y)
        if dash:
            self.c.setDash(dash, 0)
        self.c.drawPath(path, stroke=1, fill=0)
        if dash:
            self.c.setDash()

    def _line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.c.line(x1, -y1, x2, -y2)

    def _baseline(self, top: float, height: float, size: float) -> float:
        """The baseline that centres a line of ``size`` in a box (like Qt's AlignVCenter)."""
        return top + (height - (self.asc + self.desc) * size) / 2 + self.asc * size

    def _text(
        self,
        x: float,
        baseline: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
    ) -> float:
        clip = self.clip
        if clip is not None:
            w = self.kit.width(text, size, bold)
            left = x - w / 2 if align == "centre" else x - w if align == "right" else x
            if (left < clip.x - 0.5 or left + w > clip.right + 0.5
                    or baseline - self.asc * size < clip.y - 0.5
                    or baseline + self.desc * size > clip.bottom + 0.5):
                return w
        return self.kit.draw(self.c, x, -baseline, text, size, bold=bold, align=align)

    # ------------------------------------------------------------------ marks
    def _face(self, cx: float, cy: float, r: float, emotion: int | None) -> None:
        colours = appearance.EMOTION_COLOURS
        fill = NO_EMOTION if emotion is None else colours.get(emotion, NO_EMOTION)
        c = self.c
        self._stroke(shade(fill, 0.8), max(1.0, r / 9))
        self._fill(fill)
        self._circle(cx, cy, r, stroke=True)
        self._fill("#ffffff")
        eye = r * 0.13
        self._circle(cx - r * 0.35, cy - r * 0.25, eye)
        self._circle(cx + r * 0.35, cy - r * 0.25, eye)
        self._stroke("#ffffff", max(1.2, r * 0.14))
        c.setLineCap(1)
        mouth_y = cy + r * 0.32
        half = r * 0.45
        if emotion is None:
            self._line(cx - half * 0.5, mouth_y, cx + half * 0.5, mouth_y)
        else:
            bend = emotion * r * 0.17
            x0, y0 = cx - half, mouth_y - bend * 0.5
            x3, y3 = cx + half, mouth_y - bend * 0.5
            qx, qy = cx, mouth_y + bend * 1.5
            c.bezier(
                x0,
                -y0,
                x0 + 2 / 3 * (qx - x0),
                -(y0 + 2 / 3 * (qy - y0)),
                x3 + 2 / 3 * (qx - x3),
                -(y3 + 2 / 3 * (qy - y3)),
                x3,
                -y3,
            )
        c.setLineCap(0)

    def _star(self, cx: float, cy: float, outer: float) -> None:
        points = star_points(cx, cy, outer)
        self._stroke("#e65100", 0.8)
        self._fill(appearance.MOMENT_OF_TRUTH)
        self._polygon(points, stroke=True)
