"""The router on a layout's card grid: sides and ports, gutter routes, nudging, labels.

See :mod:`journeymap.core.routing` for the rules; this module holds the machinery.
"""

from __future__ import annotations

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
            src, dst = cards[p.spec.source], cards[p.spec.target]
            for card, side, other, is_start in (
                (p.spec.source, p.sides[0], dst, True),
                (p.spec.target, p.sides[1], src, False),
            ):
                c = other.center
                key = c.y if side in ("left", "right") else c.x
                sides.setdefault((card, side), []).append((key, n, is_start))
        for (card, side), ends in sides.items():
            r = cards[card]
            ends.sort()
            k = len(ends)
            horizontal = side in ("top", "bottom")
            length = r.w if horizontal else r.h
            step = min(18.0 if horizontal else 12.0, (length - 36) / max(1, k - 1))
            for m, (_, n, is_start) in enumerate(ends):
                off = (m - (k - 1) / 2) * step
                base = r.mid(side)
                pt = Point(base.x + off, base.y) if horizontal else Point(base.x, base.y + off)
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

    def _span(self, p: _Plan, k: int) -> tuple[float, float]:
        """The extent of free segment ``k`` along its gutter (before nudging)."""
        before = p.coords[k - 1] if k >= 1 else None
        after = p.coords[k + 1] if k + 1 < len(p.coords) else None
        axis = p.free[k][0]
        if before is None:
            before = p.start.y if axis == "x" else p.start.x
        if after is None:
            after = p.end.y if axis == "x" else p.end.x
        return (min(before, after), max(before, after))

    def _nudge(self, plans: list[_Plan]) -> None:
        """Spread the stretches sharing a gutter onto tracks (interval colouring)."""
        lanes: dict[tuple[str, int], list[tuple[float, float, int, int]]] = {}
        for n, p in enumerate(plans):
            for k, key in enumerate(p.free):
                lo, hi = self._span(p, k)
                lanes.setdefault(key, []).append((lo, hi, n, k))
        for (axis, g), items in lanes.items():
            if len(items) < 2:
                continue
            items.sort()
            ends: list[float] = []
            track_of: list[int] = []
            for lo, hi, _, _ in items:
                for t, last in enumerate(ends):
                    if last < lo - 3:
                        ends[t] = hi
                        track_of.append(t)
                        break
                else:
                    ends.append(hi)
                    track_of.append(len(ends) - 1)
            count = len(ends)
            if count < 2:
                continue
            half = (self.grid.gxw if axis == "x" else self.grid.gyw)[g]
            spacing = min(TRACK, 2 * max(0.0, half - 3) / (count - 1))
            for (_, _, n, k), t in zip(items, track_of, strict=True):
                plans[n].coords[k] += (t - (count - 1) / 2) * spacing

    def _build(self, p: _Plan) -> Route:
        s, e = p.start, p.end
        spec = p.spec
        if p.curve:
            reach = max(12.0, (e.x - s.x) / 2)
            points: tuple[Point, ...] = (s, Point(s.x + reach, s.y), Point(e.x - reach, e.y), e)
            kinds: tuple[SegmentKind, ...] = ("curve",)
        else:
            pts = [s]
            x, y = s.x, s.y
            horizontal = p.first_axis == "h"
            for c in p.coords:
                if horizontal:
                    x = c
                else:
                    y = c
                pts.append(Point(x, y))
                horizontal = not horizontal
            pts.append(Point(e.x, y) if horizontal else Point(x, e.y))
            pts.append(e)
            points = tuple(_simplify(pts))
            kinds = tuple("line" for _ in points[1:])
        last = points[-2]
        room = abs(e.x - last.x) + abs(e.y - last.y) if not p.curve else HEAD_LEN
        head = arrow_head(e, p.sides[1], min(HEAD_LEN, max(6.0, room)))
        return Route(spec.source, spec.target, points, kinds, p.sides[0], p.sides[1], head,
                     spec.label, "", None)

def _simplify(pts: list[Point]) -> list[Point]:
    """Without repeated points and without corners that are not corners."""
    out: list[Point] = []
    for p in pts:
        if out and abs(out[-1].x - p.x) < 1e-9 and abs(out[-1].y - p.y) < 1e-9:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a.x - b.x) < 1e-9 and abs(b.x - p.x) < 1e-9) or (
                    abs(a.y - b.y) < 1e-9 and abs(b.y - p.y) < 1e-9):
                out[-1] = p
                continue
        out.append(p)
    return out
