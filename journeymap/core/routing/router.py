"""The router on a layout's card grid: sides and ports, gutter routes, nudging, labels.

See :mod:`journeymap.core.routing` for the rules; this module holds the machinery.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from journeymap.core.geometry import Point, Side
from journeymap.core.routing.grid import CardGrid, GridSource
from journeymap.core.routing.labels import place_labels
from journeymap.core.routing.routes import (
    HEAD_LEN,
    TRACK,
    LinkSpec,
    Route,
    SegmentKind,
    arrow_head,
    provisional,
)


@dataclass(slots=True)
class _Plan:
    """One link's route before nudging: its ends and its free coordinates on gutters.

    The path alternates axes: from ``start`` it first runs along ``first_axis`` ("h": the
    first segment is horizontal), and each entry of ``free`` is the coordinate of the next
    segment (an x for a vertical one, a y for a horizontal one) on gutter (axis, index)."""

    spec: LinkSpec
    sides: tuple[Side, Side]
    first_axis: str
    start: Point = Point(0, 0)
    end: Point = Point(0, 0)
    free: list[tuple[str, int]] = field(default_factory=list)
    coords: list[float] = field(default_factory=list)
    curve: bool = False


class Router:
    """Routes links on one layout. Build once per layout; :meth:`route` the links."""

    def __init__(self, layout: GridSource) -> None:
        self.grid = grid = CardGrid(layout)
        self.cards = layout.cards
        self.slot, self.gx, self.gy = grid.slot, grid.gx, grid.gy
        self.empty = grid.empty

    # ------------------------------------------------------------------ routing
    def route(self, specs: list[LinkSpec]) -> dict[tuple[str, str], Route]:
        plans: list[_Plan] = []
        routes: dict[tuple[str, str], Route] = {}
        cards = self.cards
        for spec in specs:
            a, b = self.slot.get(spec.source), self.slot.get(spec.target)
            if a is None or b is None or a == b:
                if spec.source in cards and spec.target in cards and spec.source != spec.target:
                    routes[(spec.source, spec.target)] = provisional(
                        spec.source, spec.target, cards[spec.source], cards[spec.target],
                        spec.label)
                continue
            plans.append(self._plan(spec, a, b))
        self._ports(plans)
        for plan in plans:
            self._fill(plan)
        self._nudge(plans)
        built = [self._build(plan) for plan in plans]
        place_labels(self.grid, built)
        for r in built:
            routes[(r.source, r.target)] = r
        return routes

    def _plan(self, spec: LinkSpec, a: tuple[int, int], b: tuple[int, int]) -> _Plan:
        (i_s, j_s), (i_t, j_t) = a, b
        if i_t > i_s:
            plan = _Plan(spec, ("right", "left"), "h")
        elif i_t < i_s:
            plan = _Plan(spec, ("bottom", "bottom"), "v")
        elif j_t > j_s:
            plan = _Plan(spec, ("bottom", "top"), "v")
        else:
            plan = _Plan(spec, ("top", "bottom"), "v")
        return plan

    def _ports(self, plans: list[_Plan]) -> None:
        """Where each link meets its cards: several links on one side are spread along it,
        ordered by where their other ends lie (fewer crossings)."""
        cards = self.cards
        sides: dict[tuple[str, Side], list[tuple[float, int, bool]]] = {}
        for n, p in enumerate(plans):
            source, target = p.spec.source, p.spec.target
            src, dst = cards[source], cards[target]
            side = p.sides[0]
            key = dst.y + dst.h / 2 if side == "left" or side == "right" else dst.x + dst.w / 2
            sides.setdefault((source, side), []).append((key, n, True))
            side = p.sides[1]
            key = src.y + src.h / 2 if side == "left" or side == "right" else src.x + src.w / 2
            sides.setdefault((target, side), []).append((key, n, False))
        for (card, side), ends in sides.items():
            r = cards[card]
            if len(ends) > 1:
                ends.sort()
            k = len(ends)
            horizontal = side == "top" or side == "bottom"
            if horizontal:
                step = min(18.0, (r.w - 36) / max(1, k - 1))
                bx, by = r.x + r.w / 2, (r.y if side == "top" else r.y + r.h)
            else:
                step = min(12.0, (r.h - 36) / max(1, k - 1))
                bx, by = (r.x if side == "left" else r.x + r.w), r.y + r.h / 2
            for m, (_, n, is_start) in enumerate(ends):
                off = (m - (k - 1) / 2) * step
                pt = Point(bx + off, by) if horizontal else Point(bx, by + off)
                if is_start:
                    plans[n].start = pt
                else:
                    plans[n].end = pt

    def _fill(self, p: _Plan) -> None:
        """Choose the gutters of one link's route."""
        (i_s, j_s), (i_t, j_t) = self.slot[p.spec.source], self.slot[p.spec.target]
        s, e = p.start, p.end
        if p.sides == ("right", "left"):
            lo, hi = min(j_s, j_t), max(j_s, j_t)
            dx, dy = e.x - s.x, abs(e.y - s.y)
            if self.empty(i_s + 1, i_t - 1, lo, hi) and dy <= 2.2 * dx:
                p.curve = True
                return
            if j_s == j_t and self.empty(i_s + 1, i_t - 1, j_s, j_s):
                p.free = [("x", i_t)]  # straight along the row, jog just before the target
            elif i_t == i_s + 1:
                p.free = [("x", i_t)]
            else:
                h = j_t if j_t > j_s else j_t + 1
                p.free = [("x", i_s + 1), ("y", h), ("x", i_t)]
        elif p.sides == ("bottom", "bottom"):
            if j_s == j_t:
                p.free = [("y", j_s + 1)]
            else:
                p.free = [("y", j_s + 1), ("x", i_t + 1), ("y", j_t + 1)]
        elif p.sides == ("bottom", "top"):
            p.free = [("y", j_s + 1)] if j_t == j_s + 1 else [
                ("y", j_s + 1), ("x", i_s + 1), ("y", j_t)]
        else:
            p.free = [("y", j_s)] if j_t == j_s - 1 else [
                ("y", j_s), ("x", i_s + 1), ("y", j_t + 1)]
        p.coords = [self.gx[k] if axis == "x" else self.gy[k] for axis, k in p.free]

    def _nudge(self, plans: list[_Plan]) -> None:
        """Spread the stretches sharing a gutter onto tracks (interval colouring: each
        stretch, in order of where it starts, takes the lowest track free by then)."""
        lanes: dict[tuple[str, int], list[tuple[float, float, int, int]]] = {}
        for n, p in enumerate(plans):
            coords = p.coords
            last = len(coords) - 1
            for k, key in enumerate(p.free):
                if key[0] == "x":
                    before = coords[k - 1] if k else p.start.y
                    after = coords[k + 1] if k < last else p.end.y
                else:
                    before = coords[k - 1] if k else p.start.x
                    after = coords[k + 1] if k < last else p.end.x
                item = (before, after, n, k) if before <= after else (after, before, n, k)
                lanes.setdefault(key, []).append(item)
        gxw, gyw = self.grid.gxw, self.grid.gyw
        push, pop = heapq.heappush, heapq.heappop
        for (axis, g), items in lanes.items():
            if len(items) < 2:
                continue
            items.sort()
            busy: list[tuple[float, int]] = []  # (end, track) of the tracks in use
            free: list[int] = []  # tracks free again, lowest first
            track_of: list[int] = []
            count = 0
            for lo, hi, _, _ in items:
                while busy and busy[0][0] < lo - 3:
                    push(free, pop(busy)[1])
                if free:
                    t = pop(free)
                else:
                    t = count
                    count += 1
                push(busy, (hi, t))
                track_of.append(t)
            if count < 2:
                continue
            half = (gxw if axis == "x" else gyw)[g]
            spacing = min(TRACK, 2 * max(0.0, half - 3) / (count - 1))
            middle = (count - 1) / 2
            for (_, _, n, k), t in zip(items, track_of, strict=True):
                if t != middle:
                    plans[n].coords[k] += (t - middle) * spacing

    def _build(self, p: _Plan) -> Route:
        s, e = p.start, p.end
        spec = p.spec
        if p.curve:
            reach = max(12.0, (e.x - s.x) / 2)
            points: tuple[Point, ...] = (s, Point(s.x + reach, s.y), Point(e.x - reach, e.y), e)
            kinds: tuple[SegmentKind, ...] = ("curve",)
            room = HEAD_LEN
        else:
            x, y = s.x, s.y
            horizontal = p.first_axis == "h"
            xs, ys = [x], [y]
            for c in p.coords:
                if horizontal:
                    x = c
                else:
                    y = c
                xs.append(x)
                ys.append(y)
                horizontal = not horizontal
            if horizontal:
                xs.append(e.x)
                ys.append(y)
            else:
                xs.append(x)
                ys.append(e.y)
            xs.append(e.x)
            ys.append(e.y)
            points = _simplify(xs, ys, s, e)
            kinds = _LINES[len(points) - 1] if len(points) <= len(_LINES) else tuple(
                "line" for _ in points[1:])
            last = points[-2]
            room = abs(e.x - last.x) + abs(e.y - last.y)
        head = arrow_head(e, p.sides[1], min(HEAD_LEN, max(6.0, room)))
        return Route(spec.source, spec.target, points, kinds, p.sides[0], p.sides[1], head,
                     spec.label, "", None)


_LINES: tuple[tuple[SegmentKind, ...], ...] = tuple(
    tuple("line" for _ in range(n)) for n in range(12))


def _simplify(xs: list[float], ys: list[float], start: Point, end: Point) -> tuple[Point, ...]:
    """The points (x, y) without repeats and without corners that are not corners; the
    first and last are ``start`` and ``end``."""
    pairs = zip(xs, ys, strict=True)
    px, py = next(pairs)
    for x, y in pairs:
        if -1e-9 < x - px < 1e-9 and -1e-9 < y - py < 1e-9:
            break
        px, py = x, y
    else:
        # no stretch of length 0: the stretches alternate across and down, every point stays
        return (start, *map(Point, xs[1:-1], ys[1:-1]), end)
    ox: list[float] = []
    oy: list[float] = []
    for x, y in zip(xs, ys, strict=True):
        if ox:
            px, py = ox[-1], oy[-1]
            if abs(px - x) < 1e-9 and abs(py - y) < 1e-9:
                continue
            if len(ox) >= 2:
                qx, qy = ox[-2], oy[-2]
                if (abs(qx - px) < 1e-9 and abs(px - x) < 1e-9) or (
                        abs(qy - py) < 1e-9 and abs(py - y) < 1e-9):
                    ox[-1], oy[-1] = x, y
                    continue
        ox.append(x)
        oy.append(y)
    n = len(ox)
    return (start, *(Point(ox[k], oy[k]) for k in range(1, n - 1)), end) if n > 1 else (start,)
