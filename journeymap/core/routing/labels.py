"""Link label places: on the route, beside it, or a little away with a leader line.

A label's box (its backing) may meet no card, no header, no band outside the lanes, no
other label, no arrowhead and no badge; the shortest routes choose first, each the place
nearest its route's middle (where the free room is: :mod:`journeymap.core.routing.space`).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from operator import itemgetter
from typing import Final

from journeymap.core.geometry import Point, Rect
from journeymap.core.routing.grid import CardGrid
from journeymap.core.routing.routes import (
    LABEL_H,
    LABEL_MAX_W,
    LABEL_MIN_TEXT,
    LABEL_PAD,
    LABEL_SIZE,
    Route,
    polyline,
)
from journeymap.core.routing.space import AWAY_DX, AWAY_DY, REACH, Box, Space
from journeymap.core.textwidth import elide, text_width

_PER_STRETCH: Final = 5  # places tried along one straight stretch
_SPOTS: Final = 28  # places tried on a route, nearest its middle
_SIZES: Final = 2  # the full text, then one shortened form
_WINDOW: Final = 360.0  # how far from the route's middle a label slides along a stretch
_BESIDE: Final = 4  # points of a route a label may hang from, nearest its middle first
_LABEL_GAP: Final = 2.0  # the least room between two labels


def place_labels(grid: CardGrid, routes: list[Route]) -> None:
    """Give the labelled routes (in place) their label text and box, where one fits."""
    space = Space(grid)
    g = grid.area
    cut_xs, cut_ys = grid.cuts
    for x in cut_xs:  # page edges of a tiled print: a label stays on one page
        space.taken.add((x - 1.5, g.y, x + 1.5, g.bottom))
    for y in cut_ys:
        space.taken.add((g.x, y - 1.5, g.right, y + 1.5))
    for m in grid.marks:  # badges drawn over the map: a label covers none
        space.taken.add((m.x - 1, m.y - 1, m.right + 1, m.bottom + 1))
    add = space.taken.add
    for r in routes:
        h0, h1, h2 = r.head
        x0, x1, x2, y0, y1, y2 = h0.x, h1.x, h2.x, h0.y, h1.y, h2.y
        add((min(x0, x1, x2) - 1, min(y0, y1, y2) - 1, max(x0, x1, x2) + 1,
             max(y0, y1, y2) + 1))
    # short routes first: they have the fewest places to choose from
    ways = {n: _stretches(r) for n, r in enumerate(routes) if r.label}
    order = sorted(ways, key=lambda n: _length(routes[n], ways[n][1]))
    for n in order:
        found = _place(routes[n], ways[n], space)
        if found is not None:
            text, box, leader = found
            space.labels.add(box)
            space.taken.add((box[0] - _LABEL_GAP, box[1] - _LABEL_GAP, box[2] + _LABEL_GAP,
                             box[3] + _LABEL_GAP))
            rect = Rect(box[0], box[1], box[2] - box[0], box[3] - box[1])
            r = routes[n]
            r.label_text, r.label_rect, r.leader = text, rect, leader


def _length(r: Route, walked: float) -> float:
    """The length a route is ranked by: its path's when it is made of lines (``walked``),
    else the straight way between its ends."""
    if r.kinds[0] == "line":
        return walked
    a, b = r.points[0], r.points[-1]
    return math.hypot(b.x - a.x, b.y - a.y)


Stretch = tuple[float, float, float, float, float, float]  # at, length, ax, ay, bx, by


def _stretches(r: Route) -> tuple[list[Stretch], float, Box]:
    """The route's straight stretches, its length and its extent (left, top, right, bottom)."""
    out: list[Stretch] = []
    walked = 0.0
    if r.kinds[0] == "line":
        xs, ys = [p.x for p in r.points], [p.y for p in r.points]
    else:
        sampled = polyline(r, 8)
        xs, ys = [p[0] for p in sampled], [p[1] for p in sampled]
    ax, ay = xs[0], ys[0]
    for bx, by in zip(xs[1:], ys[1:], strict=True):
        d = math.hypot(bx - ax, by - ay)
        if d > 0:
            out.append((walked, d, ax, ay, bx, by))
        walked += d
        ax, ay = bx, by
    return out, walked, (min(xs), min(ys), max(xs), max(ys))


_first = itemgetter(0)
#: the steps out from a stretch's centre: 0, +1, -1, +2, -2, …
_STEPS: Final = tuple((k + 1) // 2 * (1 if k % 2 else -1) for k in range(2 * _PER_STRETCH - 1))


def _spots(
    stretches: list[Stretch], walked: float, space: Space
) -> list[tuple[float, float, float]]:
    """(rank, x, y) label centres to try on the route's stretches that are not horizontal
    (those slide, see :meth:`Space.slide`), nearest the middle first: where a vertical
    stretch crosses a lane gutter wide enough for a label, and along the stretch; the ends
    near the cards are left out."""
    half = walked / 2
    out: list[tuple[float, float, float]] = []
    gy, wide = space.gy, space.wide_rows
    for at, d, ax, ay, bx, by in stretches:
        if ay == by:
            continue
        lo, hi = max(at, 10.0), min(at + d, walked - 10.0)
        if hi < lo:
            continue
        mine: list[tuple[float, float, float]] = []
        if ax == bx:  # vertical: where it crosses a wide row gutter, nearest the middle
            y0, y1 = (ay, by) if ay < by else (by, ay)
            j0, j1 = bisect_right(gy, y0), bisect_left(gy, y1)
            w0 = bisect_left(wide, j0)
            if w0 < len(wide) and wide[w0] < j1:  # a wide gutter crosses the stretch
                aim = ay + (min(max(half, lo), hi) - at) * (1 if by > ay else -1)
                k = min(max(bisect_left(gy, aim, j0, j1), j0), j1)
                lo_j, hi_j = max(j0, k - _PER_STRETCH), min(j1, k + _PER_STRETCH + 1)
                near = wide[bisect_left(wide, lo_j):bisect_left(wide, hi_j)]
                if len(near) > 1:
                    near.sort(key=lambda j: abs(gy[j] - aim))
                mid_x = space.gutter_x(ax) if near else None
                for j in near:
                    t = at + abs(gy[j] - ay)
                    if lo <= t <= hi:
                        mine.append((abs(t - half), ax, gy[j]))
                        if mid_x is not None and abs(mid_x - ax) > 0.5:
                            mine.append((abs(t - half) + 0.1, mid_x, gy[j]))
        centre = lo if lo > half else half
        if centre > hi:
            centre = hi
        step = (hi - lo) / (2 * _PER_STRETCH)
        if step < 16.0:
            step = 16.0
        # out from the centre, so their ranks grow: past the few kept (and one more, for a
        # tie rounded either way) none can be kept
        room = len(mine) + _PER_STRETCH + 2
        dx, dy = bx - ax, by - ay
        for m in _STEPS:
            t = centre + m * step
            if lo <= t <= hi:
                u = (t - at) / d
                mine.append((abs(t - half) + 0.2, ax + dx * u, ay + dy * u))
                if len(mine) >= room:
                    break
        mine.sort(key=_first)
        out += mine[:_PER_STRETCH + 1]
    out.sort(key=_first)
    return out[:_SPOTS]


def _place(
    r: Route, way: tuple[list[Stretch], float, Box], space: Space
) -> tuple[str, tuple[float, float, float, float], tuple[Point, ...] | None] | None:
    """The label's text and box: on the route nearest its middle, else a little away with a
    leader to the route; shortened when the full text finds no room. None: not even a
    short form fits."""
    stretches, walked, (x_lo, y_lo, x_hi, y_hi) = way
    spots: list[list[tuple[float, float, float]]] = []  # made when first needed
    # no spot (they lie on the stretches that are not horizontal) ranks better than this
    half = walked / 2
    bound = math.inf
    for at, d, _, ay, _, by in stretches:
        if ay != by:
            lo, hi = max(at, 10.0), min(at + d, walked - 10.0)
            if lo <= hi:
                bound = min(bound, lo - half if half < lo else (half - hi if half > hi else 0.0))

    def spots_of() -> list[tuple[float, float, float]]:
        if not spots:
            spots.append(_spots(stretches, walked, space))
        return spots[0]

    # the route's extent: every place tried on the route lies within a gutter's reach of
    # it, every place beside it within REACH (Space.walled: places among cards alone)
    near_x, near_y = space.gx_reach, space.gy_reach
    far_x, far_y = max(REACH, near_x, AWAY_DX), max(REACH, near_y, AWAY_DY)
    hh = LABEL_H / 2
    full = text_width(r.label, LABEL_SIZE)
    want = min(full, LABEL_MAX_W - 2 * LABEL_PAD)
    for size in range(_SIZES):
        text = r.label if want >= full else elide(r.label, LABEL_SIZE, want)
        if text:
            hw = (text_width(text, LABEL_SIZE) + 2 * LABEL_PAD) / 2
            found: tuple[Box, tuple[Point, ...] | None] | None = None
            if stretches and not space.walled(x_lo - near_x - hw, y_lo - near_y - hh,
                                              x_hi + near_x + hw, y_hi + near_y + hh, hw):
                found = _on_route(hw, stretches, walked, spots_of, bound, space)
            if found is None and size == 0 and stretches and not space.walled(
                    x_lo - far_x - hw, y_lo - far_y - hh, x_hi + far_x + hw, y_hi + far_y + hh,
                    hw):  # a shortened form is only tried on the route
                found = _beside(hw, stretches, walked, space, _BESIDE)
            if found is not None:
                return (text, *found)
        # shortening a label already near the shortest saves too little room to try
        if want <= LABEL_MIN_TEXT * 1.6:
            return None
        want = max(LABEL_MIN_TEXT, want * 0.45)
    return None


def _on_route(
    hw: float, stretches: list[Stretch], walked: float,
    spots_of: Callable[[], list[tuple[float, float, float]]], spot_bound: float,
    space: Space,
) -> tuple[Box, None] | None:
    """The best place on the route: slid along its horizontal stretches, else at one of its
    spots; the best ranks nearest the route's middle (the first such, in route order)."""
    hh = LABEL_H / 2
    half = walked / 2
    # horizontal stretches, by the best rank they could give: stop where none can beat the best
    order: list[tuple[float, int, float, float, float, float, float, float]] = []
    for n, (at, d, ax, ay, bx, by) in enumerate(stretches):
        if ay != by:
            continue
        lo, hi = max(at, 10.0), min(at + d, walked - 10.0)
        if hi < lo:
            continue
        bound = lo - half if half < lo else (half - hi if half > hi else 0.0)
        order.append((bound, n, at, ax, bx, ay, lo, hi))
    order.sort()
    best: tuple[float, int, int, Box] | None = None  # rank, stretch, height tried, box
    for bound, n, at, ax, bx, ay, lo, hi in order:
        if best is not None and (bound - 1e-9 > best[0] or (bound > best[0] and n > best[1])):
            break
        sign = 1.0 if bx >= ax else -1.0
        xa, xb = ax + sign * (lo - at), ax + sign * (hi - at)
        want = ax + sign * (min(max(half, lo), hi) - at)
        mid = space.gutter_y(ay)
        for sub, (y, extra) in enumerate(((ay, 0.0), (mid, 0.3))):
            if y is None or (extra and abs(y - ay) <= 0.5):
                continue
            # a window around the middle: a far place ranks worse than a place beside
            x = space.slide(y, max(min(xa, xb), want - _WINDOW), min(max(xa, xb), want + _WINDOW),
                            hw, want)
            if x is not None:
                rank = abs(at + abs(x - ax) - half) + extra
                if best is None or (rank, n, sub) < best[:3]:
                    best = (rank, n, sub, (x - hw, y - hh, x + hw, y + hh))
    if best is not None and best[0] <= spot_bound:
        return (best[3], None)  # no spot ranks better
    # the test of Space.free, with the card rows of a spot's columns looked up once per x
    g0, g1, g2, g3 = space.bounds
    hits = space.taken.hits
    column = space.column
    last_x = math.nan
    bottoms: list[float] = []
    tops: list[float] = []
    limit = math.inf if best is None else best[0]
    for rank, x, y in spots_of():
        if rank >= limit:
            break
        x0, y0, x1, y1 = x - hw, y - hh, x + hw, y + hh
        if x0 < g0 or x1 > g2 or y0 < g1 or y1 > g3:
            continue
        if x != last_x:
            bottoms, tops = column(x0, x1)
            last_x = x
        k = bisect_right(bottoms, y0)
        if k < len(bottoms) and tops[k] < y1:
            continue  # a card
        box = (x0, y0, x1, y1)
        if not hits(box):
            return (box, None)
    return None if best is None else (best[3], None)


def _beside(
    hw: float, stretches: list[Stretch], walked: float, space: Space, count: int
) -> tuple[Box, tuple[Point, ...]] | None:
    """A box a little away from the route's middle, with a leader line to it."""
    half = walked / 2
    points = []
    for at, d, ax, ay, bx, by in stretches:
        for t in (half, at + d / 2):
            if at <= t <= at + d:
                u = (t - at) / d
                points.append((abs(t - half), ax + (bx - ax) * u, ay + (by - ay) * u))
    points.sort()
    for _, x, y in points[:count]:
        found = space.away(x, y, hw)
        if found is not None:
            return found
    return None
