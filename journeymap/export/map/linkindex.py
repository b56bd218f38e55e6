"""Link curves for print: cut into pieces and indexed on a grid, so that each tile of a big
map draws only the parts of the links that cross it (as exact sub-curves)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from journeymap.core.layout import LinkGeometry, Rect

Box = tuple[float, float, float, float]
Cubic = tuple[float, float, float, float, float, float, float, float]
PIECE_LENGTH: Final = 600.0


@dataclass(slots=True)
class LinkShape:
    """A link as the PDF draws it: its curve, label and the pieces used to cull it."""

    box: Box
    geometry: LinkGeometry
    kind: str
    label: str
    label_w: float
    pieces: list[Cubic]
    piece_boxes: list[Box]
    index: int = 0


def cut(g: LinkGeometry) -> list[Cubic]:
    """The link's cubic cut into exact pieces of about PIECE_LENGTH, so that a tile draws
    only the part of a long link that crosses it."""
    x0, y0, x1, y1 = g.start.x, g.start.y, g.c1.x, g.c1.y
    x2, y2, x3, y3 = g.c2.x, g.c2.y, g.end.x, g.end.y
    reach = math.dist((x0, y0), (x1, y1)) + math.dist((x1, y1), (x2, y2)) + math.dist(
        (x2, y2), (x3, y3))
    n = max(1, min(32, math.ceil(reach / PIECE_LENGTH)))
    if n == 1:
        return [(x0, y0, x1, y1, x2, y2, x3, y3)]
    h = 1 / (3 * n)
    ends = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        e, f, k = 3 * u * u, 6 * u * t, 3 * t * t
        ends.append((
            a * x0 + b * x1 + c * x2 + d * x3,
            a * y0 + b * y1 + c * y2 + d * y3,
            e * (x1 - x0) + f * (x2 - x1) + k * (x3 - x2),
            e * (y1 - y0) + f * (y2 - y1) + k * (y3 - y2),
        ))
    return [
        (ax, ay, ax + h * adx, ay + h * ady, bx - h * bdx, by - h * bdy, bx, by)
        for (ax, ay, adx, ady), (bx, by, bdx, bdy) in zip(ends, ends[1:], strict=False)
    ]


def sub_cubic(g: LinkGeometry, t0: float, t1: float) -> Cubic:
    """The exact part of the link's curve between two parameters, as one cubic."""
    if t0 <= 0 and t1 >= 1:
        return (g.start.x, g.start.y, g.c1.x, g.c1.y, g.c2.x, g.c2.y, g.end.x, g.end.y)
    xs = (g.start.x, g.c1.x, g.c2.x, g.end.x)
    ys = (g.start.y, g.c1.y, g.c2.y, g.end.y)

    def at(t: float) -> tuple[float, float, float, float]:
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        e, f, k = 3 * u * u, 6 * u * t, 3 * t * t
        return (
            a * xs[0] + b * xs[1] + c * xs[2] + d * xs[3],
            a * ys[0] + b * ys[1] + c * ys[2] + d * ys[3],
            e * (xs[1] - xs[0]) + f * (xs[2] - xs[1]) + k * (xs[3] - xs[2]),
            e * (ys[1] - ys[0]) + f * (ys[2] - ys[1]) + k * (ys[3] - ys[2]),
        )

    ax, ay, adx, ady = at(t0)
    bx, by, bdx, bdy = at(t1)
    h = (t1 - t0) / 3
    return (ax, ay, ax + h * adx, ay + h * ady, bx - h * bdx, by - h * bdy, bx, by)


GRID: Final = 600.0


def cells(box: Box) -> list[tuple[int, int]]:
    """The grid squares a box touches."""
    x0, y0 = math.floor(box[0] / GRID), math.floor(box[1] / GRID)
    x1, y1 = math.floor(box[2] / GRID), math.floor(box[3] / GRID)
    return [(gx, gy) for gx in range(x0, x1 + 1) for gy in range(y0, y1 + 1)]


def cubic_box(c: Cubic, pad: float) -> Box:
    xs, ys = c[0::2], c[1::2]
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def hits(r: Rect, region: Rect | None, pad: float = 0.0) -> bool:
    """Whether ``r`` (grown by ``pad``) meets ``region`` (everything meets None)."""
    if region is None:
        return True
    return (
        r.x - pad < region.right
        and region.x < r.right + pad
        and r.y - pad < region.bottom
        and region.y < r.bottom + pad
    )


def box_hits(box: tuple[float, float, float, float], region: Rect | None) -> bool:
    if region is None:
        return True
    return (
        box[0] < region.right and region.x < box[2] and box[1] < region.bottom
        and region.y < box[3]
    )


class LinkIndex:
    """A grid of GRID-unit squares → the link pieces, link ends and labels in each, so a
    tile finds what crosses it without testing every piece of every link."""

    def __init__(self, links: list[LinkShape]) -> None:
        pieces: dict[tuple[int, int], list[tuple[int, int, Box]]] = {}
        ends: dict[tuple[int, int], list[tuple[int, Box]]] = {}
        for link in links:
            for i, box in enumerate(link.piece_boxes):
                for key in cells(box):
                    pieces.setdefault(key, []).append((link.index, i, box))
            g = link.geometry
            extra = [(g.end.x - 10, g.end.y - 10, g.end.x + 10, g.end.y + 10)]
            if link.label:
                mid = g.point_at(0.5)
                extra.append((mid.x - link.label_w / 2, mid.y - 9, mid.x + link.label_w / 2,
                              mid.y + 9))
            for box in extra:
                for key in cells(box):
                    ends.setdefault(key, []).append((link.index, box))
        self._pieces, self._ends = pieces, ends

    def pieces_in(self, region: Rect) -> set[tuple[int, int]]:
        """(link index, piece index) of the pieces that meet ``region``."""
        found: set[tuple[int, int]] = set()
        for key in cells((region.x, region.y, region.right, region.bottom)):
            for k, i, box in self._pieces.get(key, ()):
                if box_hits(box, region):
                    found.add((k, i))
        return found

    def ends_in(self, region: Rect) -> set[int]:
        """Links whose arrow head or label meets ``region``."""
        found: set[int] = set()
        for key in cells((region.x, region.y, region.right, region.bottom)):
            for k, box in self._ends.get(key, ()):
                if box_hits(box, region):
                    found.add(k)
        return found
