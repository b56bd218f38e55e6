"""What a route is: the data every output draws (path, arrowhead, label box), its sizes,
and the helpers that turn it into cubics or points; the cheap curve of a dragged card."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from journeymap.core.geometry import Point, Rect, Side
from journeymap.core.textwidth import elide, text_width

SegmentKind = Literal["line", "curve"]
Cubic = tuple[float, float, float, float, float, float, float, float]

LABEL_SIZE: Final = 10.0  # font size of a link label
LABEL_H: Final = 18.0
LABEL_PAD: Final = 5.0  # text to backing, each side
LABEL_MAX_W: Final = 170.0
LABEL_MIN_TEXT: Final = 34.0  # narrower than this, a shortened label says nothing
HEAD_LEN: Final = 9.0
HEAD_SPREAD: Final = 0.5
CORNER: Final = 6.0
TRACK: Final = 4.0  # distance of nudged parallels
PIECE_MAX: Final = 600.0  # long straight stretches are cut for culling per page and view
CARD_CLEAR: Final = (3.0, 3.0, 3.0, 3.0)  # label clearance of a card: left, top, right, bottom
_K: Final = 0.5523  # cubic control distance of a quarter circle


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """What the router needs of a link."""

    source: str
    target: str
    label: str = ""


@dataclass(eq=False, slots=True)
class Route:
    """A link's path, arrowhead and label, as every output draws them.

    ``points`` with ``kinds``: a "line" segment runs to the next point, a "curve" segment is a
    cubic through the next three (two control points and its end). The first point lies on
    the source card's border, the last (the arrow's tip) on the target's. ``pieces`` is the
    same path as a chain of cubics (corners rounded), ready to stroke or cull.
    """

    source: str
    target: str
    points: tuple[Point, ...]
    kinds: tuple[SegmentKind, ...]
    start_side: Side
    end_side: Side
    head: tuple[Point, Point, Point]
    label: str = ""  # the full text
    label_text: str = ""  # as drawn: the full text or shortened with an ellipsis
    label_rect: Rect | None = None
    #: a line from a point of the route to the label's box, when the label sits away from it
    leader: tuple[Point, ...] | None = None
    _pieces: tuple[Cubic, ...] | None = None

    @property
    def pieces(self) -> tuple[Cubic, ...]:
        """The path as a chain of cubics (lines, rounded corners, curves), made on first use."""
        if self._pieces is None:
            self._pieces = pieces_of(self.points, self.kinds)
        return self._pieces

    def same_path(self, other: Route | None) -> bool:
        """Whether ``other`` draws exactly like this route."""
        return other is not None and (
            self.points, self.kinds, self.head, self.label_text, self.label_rect, self.leader
        ) == (other.points, other.kinds, other.head, other.label_text, other.label_rect,
              other.leader)

    @property
    def start(self) -> Point:
        return self.points[0]

    @property
    def end(self) -> Point:
        return self.points[-1]

    @property
    def elided(self) -> bool:
        return bool(self.label) and self.label_text != self.label

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom of everything drawn (path, head and label)."""
        xs = [p.x for p in self.points] + [p.x for p in self.head]
        ys = [p.y for p in self.points] + [p.y for p in self.head]
        r = self.label_rect
        if r is not None:
            xs += [r.x, r.right]
            ys += [r.y, r.bottom]
        return (min(xs), min(ys), max(xs), max(ys))

    def midpoint(self) -> Point:
        """The middle of the path by length (where a label editor opens)."""
        r = self.label_rect
        if r is not None:
            return r.center
        pts = polyline(self)
        half = sum(math.dist(a, b) for a, b in zip(pts, pts[1:], strict=False)) / 2
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            d = math.dist((ax, ay), (bx, by))
            if d >= half and d > 0:
                t = half / d
                return Point(ax + (bx - ax) * t, ay + (by - ay) * t)
            half -= d
        return self.end


# ---------------------------------------------------------------------------- drawing data
def polyline(route: Route, steps: int = 8) -> list[tuple[float, float]]:
    """The path as points (each cubic piece sampled ``steps`` times)."""
    out: list[tuple[float, float]] = []
    for x0, y0, x1, y1, x2, y2, x3, y3 in route.pieces:
        if not out:
            out.append((x0, y0))
        straight = _collinear(x0, y0, x1, y1, x3, y3) and _collinear(x0, y0, x2, y2, x3, y3)
        n = 1 if straight else steps
        for i in range(1, n + 1):
            t = i / n
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _collinear(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> bool:
    return abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) < 1e-6


def _line(ax: float, ay: float, bx: float, by: float) -> list[Cubic]:
    n = max(1, math.ceil(math.dist((ax, ay), (bx, by)) / PIECE_MAX))
    out: list[Cubic] = []
    for i in range(n):
        t0, t1 = i / n, (i + 1) / n
        x0, y0 = ax + (bx - ax) * t0, ay + (by - ay) * t0
        x3, y3 = ax + (bx - ax) * t1, ay + (by - ay) * t1
        dx, dy = (x3 - x0) / 3, (y3 - y0) / 3
        out.append((x0, y0, x0 + dx, y0 + dy, x3 - dx, y3 - dy, x3, y3))
    return out


def pieces_of(points: Sequence[Point], kinds: Sequence[SegmentKind]) -> tuple[Cubic, ...]:
    """The chain of cubics of a path: lines, rounded corners between lines, curves."""
    if kinds and kinds[0] == "curve" and len(kinds) == 1:
        a, b, c, d = points[:4]
        return ((a.x, a.y, b.x, b.y, c.x, c.y, d.x, d.y),)
    pts = [(p.x, p.y) for p in points]
    out: list[Cubic] = []
    cx, cy = pts[0]
    for i in range(1, len(pts)):
        bx, by = pts[i]
        if i == len(pts) - 1:
            out += _line(cx, cy, bx, by)
            break
        nx, ny = pts[i + 1]
        d_in, d_out = math.dist((cx, cy), (bx, by)), math.dist((bx, by), (nx, ny))
        r = min(CORNER, d_in / 2, d_out / 2)
        if r < 0.5 or d_in == 0 or d_out == 0:
            out += _line(cx, cy, bx, by)
            cx, cy = bx, by
            continue
        ux, uy = (bx - cx) / d_in, (by - cy) / d_in
        vx, vy = (nx - bx) / d_out, (ny - by) / d_out
        px, py = bx - ux * r, by - uy * r
        qx, qy = bx + vx * r, by + vy * r
        out += _line(cx, cy, px, py)
        k = r * _K
        out.append((px, py, px + ux * k, py + uy * k, qx - vx * k, qy - vy * k, qx, qy))
        cx, cy = qx, qy
    return tuple(out)


_INWARD: Final[dict[str, tuple[float, float]]] = {
    "left": (1, 0),
    "right": (-1, 0),
    "top": (0, 1),
    "bottom": (0, -1),
}


def arrow_head(
    tip: Point, side: Side, size: float = HEAD_LEN, spread: float = HEAD_SPREAD
) -> tuple[Point, Point, Point]:
    """The arrowhead entering a card's ``side`` with its point at ``tip`` (on the border),
    ``size`` long and ``spread`` × size wide on each side."""
    ux, uy = _INWARD[side]
    bx, by = tip.x - ux * size, tip.y - uy * size
    px, py = -uy * size * spread, ux * size * spread
    return (tip, Point(bx + px, by + py), Point(bx - px, by - py))


def provisional(source: str, target: str, a: Rect, b: Rect, label: str = "") -> Route:
    """A cheap route for a card being dragged: one curve between facing sides, label at the
    middle, no obstacle avoidance (the final route follows on release)."""
    if b.x >= a.right:
        sides: tuple[Side, Side] = ("right", "left")
    elif b.right <= a.x:
        sides = ("bottom", "bottom")
    elif b.y >= a.bottom:
        sides = ("bottom", "top")
    elif b.bottom <= a.y:
        sides = ("top", "bottom")
    else:
        sides = ("right", "right")
    s, e = a.mid(sides[0]), b.mid(sides[1])
    reach = max(36.0, math.hypot(e.x - s.x, e.y - s.y) / 3)
    (ax, ay), (bx, by) = _INWARD[sides[0]], _INWARD[sides[1]]
    c1 = Point(s.x - ax * reach, s.y - ay * reach)
    c2 = Point(e.x - bx * reach, e.y - by * reach)
    points = (s, c1, c2, e)
    kinds: tuple[SegmentKind, ...] = ("curve",)
    text, rect = "", None
    if label:
        text = elide(label, LABEL_SIZE, LABEL_MAX_W - 2 * LABEL_PAD)
        w = text_width(text, LABEL_SIZE) + 2 * LABEL_PAD
        u = 0.125  # the curve's middle: (s + 3 c1 + 3 c2 + e) / 8
        mx = u * (s.x + 3 * c1.x + 3 * c2.x + e.x)
        my = u * (s.y + 3 * c1.y + 3 * c2.y + e.y)
        rect = Rect(mx - w / 2, my - LABEL_H / 2, w, LABEL_H)
    return Route(source, target, points, kinds, sides[0], sides[1], arrow_head(e, sides[1]),
                 label, text, rect)

