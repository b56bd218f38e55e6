"""Curves kept as chains of short cubic pieces, so a repaint strokes only what it exposes.

Stroking an antialiased curve costs in proportion to its whole length, however little of it
lies inside the clip; on a big map hundreds of links between distant cards cross the view.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

Pt = tuple[float, float]
Cubic = tuple[Pt, Pt, Pt, Pt]
Box = tuple[float, float, float, float]  # left, top, right, bottom

PIECE_LENGTH = 250.0  # device pixels of control polygon per piece when a curve is split
MAX_PIECES = 48
CHUNK = 32  # pieces per culling group


def pieces_for(c: Cubic, scale: float) -> int:
    """How many pieces to cut ``c`` into when it is drawn at ``scale`` (device pixels per
    unit). The same curve at the same scale always gets the same pieces, so parts of it
    painted at different times meet exactly."""
    reach = math.dist(c[0], c[1]) + math.dist(c[1], c[2]) + math.dist(c[2], c[3])
    return max(1, min(MAX_PIECES, math.ceil(reach * scale / PIECE_LENGTH)))


def _box(c: Cubic) -> Box:
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = c
    return (min(ax, bx, cx, dx), min(ay, by, cy, dy), max(ax, bx, cx, dx), max(ay, by, cy, dy))


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class PiecewiseCurve:
    """A chain of cubic pieces (each starting where the previous one ends). The box of a
    piece's control points holds the piece; ``bounds`` holds them all."""

    __slots__ = ("pieces", "bounds", "_boxes", "_chunks", "_whole")

    def __init__(self, pieces: list[Cubic], bounds: Box | None = None) -> None:
        self.pieces = pieces
        self._boxes: list[Box] = []
        self._chunks: list[tuple[Box, int, int]] = []
        if bounds is None:
            self._boxes = [_box(c) for c in pieces]
            bounds = _union(self._boxes) if pieces else (0.0, 0.0, 0.0, 0.0)
        self.bounds = bounds
        self._whole: QPainterPath | None = None

    @classmethod
    def cubic(cls, c: Cubic, n: int) -> PiecewiseCurve:
        """One cubic in ``n`` pieces, each the exact part of the curve between two parameters
        (same points, same tangents)."""
        if n <= 1:
            return cls([c])
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = c
        h = 1 / (3 * n)  # a third of each piece's parameter span
        ends = []
        for i in range(n + 1):
            t = i / n
            u = 1 - t
            a, b, cc, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            e, f, g = 3 * u * u * h, 6 * u * t * h, 3 * t * t * h  # a third of the tangent
            ends.append(
                (
                    a * x0 + b * x1 + cc * x2 + d * x3,
                    a * y0 + b * y1 + cc * y2 + d * y3,
                    e * (x1 - x0) + f * (x2 - x1) + g * (x3 - x2),
                    e * (y1 - y0) + f * (y2 - y1) + g * (y3 - y2),
                )
            )
        ends[0] = (x0, y0, *ends[0][2:])
        ends[-1] = (x3, y3, *ends[-1][2:])
        pieces: list[Cubic] = [
            ((ax, ay), (ax + adx, ay + ady), (bx - bdx, by - bdy), (bx, by))
            for (ax, ay, adx, ady), (bx, by, bdx, bdy) in zip(ends, ends[1:], strict=False)
        ]
        return cls(pieces, _box(c))  # the pieces lie in the hull of the curve's control points

    @classmethod
    def smooth(cls, points: Sequence[Pt]) -> PiecewiseCurve:
        """A smooth curve through the points with horizontal tangents (see ``smooth_path``)."""
        pieces: list[Cubic] = []
        for a, b in zip(points, points[1:], strict=False):
            dx = (b[0] - a[0]) / 2
            pieces.append((a, (a[0] + dx, a[1]), (b[0] - dx, b[1]), b))
        return cls(pieces)

    def path(
        self, exposed: QRectF, margin: float, *, from_start: bool = False
    ) -> QPainterPath | None:
        """The pieces that come within ``margin`` of ``exposed``, consecutive ones joined, or
        None when there are none. ``from_start`` keeps every piece before the last of them
        too, so that a dash pattern, which starts at the first point, stays in phase."""
        if not self.pieces:
            return None
        left, top = exposed.left() - margin, exposed.top() - margin
        right, bottom = exposed.right() + margin, exposed.bottom() + margin
        b = self.bounds
        if b[0] > right or b[2] < left or b[1] > bottom or b[3] < top:
            return None
        if b[0] >= left and b[2] <= right and b[1] >= top and b[3] <= bottom:
            return self.whole()
        if not self._chunks:  # made when first needed: most curves are drawn whole
            if not self._boxes:
                self._boxes = [_box(c) for c in self.pieces]
            self._chunks = [
                (_union(self._boxes[i : i + CHUNK]), i, min(i + CHUNK, len(self.pieces)))
                for i in range(0, len(self.pieces), CHUNK)
            ]
        boxes = self._boxes
        shown: list[int] = []
        for (c0, c1, c2, c3), start, end in self._chunks:
            if c0 > right or c2 < left or c1 > bottom or c3 < top:
                continue
            for i in range(start, end):
                x0, y0, x1, y1 = boxes[i]
                if x0 <= right and x1 >= left and y0 <= bottom and y1 >= top:
                    shown.append(i)
        if not shown:
            return None
        if from_start:
            shown = list(range(shown[-1] + 1))
        if len(shown) == len(self.pieces):
            return self.whole()
        return self._join(shown)

    def whole(self) -> QPainterPath:
        """All the pieces as one path (made once)."""
        if self._whole is None:
            self._whole = self._join(range(len(self.pieces)))
        return self._whole

    def _join(self, shown: Sequence[int]) -> QPainterPath:
        pieces = self.pieces
        path = QPainterPath()
        previous = -2
        for i in shown:
            p0, p1, p2, p3 = pieces[i]
            if i != previous + 1:
                path.moveTo(p0[0], p0[1])
            path.cubicTo(p1[0], p1[1], p2[0], p2[1], p3[0], p3[1])
            previous = i
        return path
