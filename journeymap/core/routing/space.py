"""Where a link label may go on one layout: the card grid's gaps, the boxes already
taken (labels, arrowheads, page edges, badges) in a coarse hash grid, and the searches that
slide a box along a line or hang it a little away from a route.

Cards sit on slots of one grid, so "does this box meet a card?" is one query on prefix sums
of the occupied slots: constant time however big the map.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from typing import Final

from journeymap.core.geometry import Point
from journeymap.core.routing.grid import CardGrid
from journeymap.core.routing.routes import CARD_CLEAR, LABEL_H

_BUCKET: Final = 160.0
REACH: Final = 200.0  # how far a label may hang from its route
#: offsets of a label away from its route (it then gets a leader line to the route)
_AWAY: Final = tuple(
    (dx, dy) for d in (34.0, 52.0, 70.0) for dx, dy in ((0, d), (0, -d), (d * 1.8, 0),
                                                       (-d * 1.8, 0))
)
AWAY_DX: Final = max(abs(dx) for dx, _ in _AWAY)
AWAY_DY: Final = max(abs(dy) for _, dy in _AWAY)

Box = tuple[float, float, float, float]  # left, top, right, bottom


class Buckets:
    """Boxes in a coarse hash grid, for overlap queries."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    def add(self, b: Box) -> None:
        cells = self._cells
        for x in range(int(b[0] // _BUCKET), int(b[2] // _BUCKET) + 1):
            for y in range(int(b[1] // _BUCKET), int(b[3] // _BUCKET) + 1):
                cells.setdefault((x, y), []).append(b)

    def query(self, x0: float, y0: float, x1: float, y1: float) -> list[Box]:
        cells = self._cells
        out = []
        for x in range(int(x0 // _BUCKET), int(x1 // _BUCKET) + 1):
            for y in range(int(y0 // _BUCKET), int(y1 // _BUCKET) + 1):
                for o in cells.get((x, y), ()):
                    if x0 < o[2] and o[0] < x1 and y0 < o[3] and o[1] < y1:
                        out.append(o)
        return out

    def hits(self, b: Box, pad: float = 0.0) -> bool:
        x0, y0, x1, y1 = b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad
        cells = self._cells
        for x in range(int(x0 // _BUCKET), int(x1 // _BUCKET) + 1):
            for y in range(int(y0 // _BUCKET), int(y1 // _BUCKET) + 1):
                for o in cells.get((x, y), ()):
                    if x0 < o[2] and o[0] < x1 and y0 < o[3] and o[1] < y1:
                        return True
        return False


class Space:
    """Where a label box may go on one layout."""

    def __init__(self, grid: CardGrid) -> None:
        s = grid.style
        left, top, right, bottom = CARD_CLEAR
        xs, ys = grid.xs, grid.ys
        self.empty = grid.empty
        self.table = grid.table  # prefix sums of the occupied card slots
        g = grid.area
        self.bounds = (g.x + 1, g.y + 1, g.right - 1, g.bottom - 1)
        self.gx, self.gxw, self.gy, self.gyw = grid.gx, grid.gxw, grid.gy, grid.gyw
        self.wide = [w >= LABEL_H / 2 + 3 for w in grid.gyw]  # row gutters a label fits in
        self.wide_rows = [j for j, w in enumerate(self.wide) if w]
        # a box meets card column i when box.left < rights[i] and box.right > lefts[i]
        self.lefts = [x - left for x in xs]
        self.rights = [x + s.card_w + right for x in xs]
        self.tops = [y - top for y in ys]
        self.bottoms = [y + s.card_h + bottom for y in ys]
        # the gaps between the cards' clearances: a box can meet no card while overlapping
        # card columns and rows only where a slot is empty, else it lies in such a gap
        b = self.bounds
        col_edges = [b[0], *(v for pair in zip(self.lefts, self.rights, strict=True)
                             for v in pair), b[2]]
        self.col_gap = max((col_edges[k + 1] - col_edges[k] for k in range(0, len(col_edges), 2)),
                           default=0.0)
        row_gaps = [t - u for u, t in zip([b[1], *self.bottoms], [*self.tops, b[3]],
                                          strict=True)]
        self.row_fits = [0]  # prefix counts of the row gaps (before row j) a label fits in
        self._row_fits_loose = [0]  # the same, a hair generous (for a test that must be sure)
        for gap in row_gaps:
            self.row_fits.append(self.row_fits[-1] + (gap >= LABEL_H))
            self._row_fits_loose.append(self._row_fits_loose[-1] + (gap >= LABEL_H - 0.01))
        self.gx_reach = max(grid.gxw, default=0.0)  # how far a gutter's centre lies from x
        self.gy_reach = max(grid.gyw, default=0.0)
        # what a label box may not meet besides the cards, in one index: arrowheads, page
        # edges of a tiled print, and the labels placed so far (grown by _LABEL_GAP)
        self.taken = Buckets()
        self.labels = Buckets()  # the labels alone: what a leader line may not cross
        self._bands: dict[tuple[int, int], tuple[list[float], list[float]]] = {}
        self._columns: dict[tuple[int, int], tuple[list[float], list[float]]] = {}

    def gutter_x(self, x: float) -> float | None:
        """The centre of the vertical gutter holding ``x``, if it lies in one."""
        i = bisect_left(self.gx, x)
        for k in (i - 1, i):
            if 0 <= k < len(self.gx) and abs(self.gx[k] - x) <= self.gxw[k]:
                return self.gx[k]
        return None

    def gutter_y(self, y: float) -> float | None:
        i = bisect_left(self.gy, y)
        for k in (i - 1, i):
            if 0 <= k < len(self.gy) and abs(self.gy[k] - y) <= self.gyw[k]:
                return self.gy[k]
        return None

    def away(self, x: float, y: float, hw: float) -> tuple[Box, tuple[Point, ...]] | None:
        """A box a little away from the route point (x, y) with its leader line: slid along
        the nearest wide row gutters above and below, else at a few plain offsets."""
        hh = LABEL_H / 2
        gy, wide = self.gy, self.wide
        i = bisect_left(gy, y)
        near = [j for j in range(max(0, i - 2), min(len(gy), i + 2)) if wide[j]]
        if len(near) > 1:
            near.sort(key=lambda j: abs(gy[j] - y))
        for j in near:
            g = gy[j]
            if not 0 < abs(g - y) < REACH:
                continue
            cx = self.slide(g, x - REACH, x + REACH, hw, x)
            if cx is None:
                continue
            box = (cx - hw, g - hh, cx + hw, g + hh)
            edge = box[1] if g > y else box[3]
            if box[0] <= x <= box[2]:
                leader: tuple[Point, ...] = (Point(x, y), Point(x, edge))
            else:
                leader = (Point(x, y), Point(x, g), Point(box[0] if box[0] > x else box[2], g))
            if all(self.thin_free(a, b) for a, b in zip(leader, leader[1:], strict=False)):
                return box, leader
        # the plain offsets, with the card test of free() sharing its column and row ranges
        g0, g1, g2, g3 = self.bounds
        lefts, rights, tops, bottoms = self.lefts, self.rights, self.tops, self.bottoms
        t = self.table
        # none of them is free when every slot around is taken and no gap holds a box
        i_a, i_b = bisect_right(rights, x - AWAY_DX - hw), bisect_left(lefts, x + AWAY_DX + hw)
        j_a, j_b = bisect_right(bottoms, y - AWAY_DY - hh), bisect_left(tops, y + AWAY_DY + hh)
        if (i_a < i_b and j_a < j_b and 2 * hw > self.col_gap
                and self.row_fits[j_b + 1] == self.row_fits[j_a]
                and t[j_b][i_b] - t[j_a][i_b] - t[j_b][i_a] + t[j_a][i_a]
                == (i_b - i_a) * (j_b - j_a)):
            return None
        cols: dict[float, tuple[int, int]] = {}
        rows: dict[float, tuple[int, int]] = {}
        hits = self.taken.hits
        for dx, dy in _AWAY:
            cx, cy = x + dx, y + dy
            x0, y0, x1, y1 = cx - hw, cy - hh, cx + hw, cy + hh
            if x0 < g0 or x1 > g2 or y0 < g1 or y1 > g3:
                continue
            ci = cols.get(dx)
            if ci is None:
                ci = cols[dx] = (bisect_right(rights, x0), bisect_left(lefts, x1) - 1)
            cj = rows.get(dy)
            if cj is None:
                cj = rows[dy] = (bisect_right(bottoms, y0), bisect_left(tops, y1) - 1)
            (i0, i1), (j0, j1) = ci, cj
            if i0 <= i1 and j0 <= j1 and (
                    t[j1 + 1][i1 + 1] - t[j0][i1 + 1] - t[j1 + 1][i0] + t[j0][i0]):
                continue
            box = (x0, y0, x1, y1)
            if hits(box):
                continue
            if x0 <= x <= x1:
                leader = (Point(x, y), Point(x, y0 if y0 > y else y1))
            else:
                leader = (Point(x, y), Point(x0 if x0 > x else x1, cy))
            if self.thin_free(*leader):
                return box, leader
        return None

    def slide(self, y: float, x0: float, x1: float, hw: float, want: float) -> float | None:
        """The centre x in [x0, x1] nearest ``want`` where a label of half width ``hw``
        centred at height ``y`` is free, or None."""
        hh = LABEL_H / 2
        b = self.bounds
        if y - hh < b[1] or y + hh > b[3]:
            return None
        j0, j1 = bisect_right(self.bottoms, y - hh), bisect_left(self.tops, y + hh) - 1
        # the cards alone leave no room: the other obstacles cannot make some
        los, his = self._band(j0, j1)
        k, n = bisect_left(his, x0 + hw), len(los)
        while k < n:
            c_lo = los[k] + hw + 0.01
            if c_lo > x1:
                return None
            if max(x0, c_lo) <= min(x1, his[k] - hw - 0.01):
                break
            k += 1
        else:
            return None
        blocked: list[tuple[float, float]] = [(-math.inf, b[0])]
        if j0 <= j1:
            lefts, rights = self.lefts, self.rights
            low, high = self.table[j0], self.table[j1 + 1]  # a column's cards in rows j0..j1
            for i in range(bisect_right(rights, x0 - hw), bisect_left(lefts, x1 + hw)):
                if high[i + 1] - low[i + 1] != high[i] - low[i]:
                    blocked.append((lefts[i], rights[i]))
        blocked.append((b[2], math.inf))
        taken = self.taken.query(x0 - hw, y - hh, x1 + hw, y + hh)
        if taken:
            blocked += [(o[0], o[2]) for o in taken]
            blocked.sort()
        return _nearest(blocked, x0, x1, hw, want)

    def _band(self, j0: int, j1: int) -> tuple[list[float], list[float]]:
        """The gaps (starts, ends) between the cards of rows j0..j1 across the lanes: where
        a box as tall as those rows meets no card (made on first use)."""
        got = self._bands.get((j0, j1))
        if got is None:
            b = self.bounds
            los: list[float] = []
            his: list[float] = []
            reach = b[0]
            if j0 <= j1:
                low, high = self.table[j0], self.table[j1 + 1]
                for i, (left, right) in enumerate(zip(self.lefts, self.rights, strict=True)):
                    if high[i + 1] - low[i + 1] != high[i] - low[i]:
                        if left > reach:
                            los.append(reach)
                            his.append(left)
                        reach = max(reach, right)
            if b[2] > reach:
                los.append(reach)
                his.append(b[2])
            got = self._bands[(j0, j1)] = (los, his)
        return got

    def column(self, x0: float, x1: float) -> tuple[list[float], list[float]]:
        """The bottoms and tops (grown by the clearance, both ascending) of the card rows
        holding a card in the columns a box from ``x0`` to ``x1`` meets: such a box spanning
        y0..y1 meets no card iff the first row whose bottom lies below y0 starts at or below
        y1 (made on first use per column range)."""
        i0, i1 = bisect_right(self.rights, x0), bisect_left(self.lefts, x1) - 1
        got = self._columns.get((i0, i1))
        if got is None:
            bottoms: list[float] = []
            tops: list[float] = []
            if i0 <= i1:
                t = self.table
                for j in range(len(t) - 1):
                    low, high = t[j], t[j + 1]
                    if high[i1 + 1] - low[i1 + 1] != high[i0] - low[i0]:
                        bottoms.append(self.bottoms[j])
                        tops.append(self.tops[j])
            got = self._columns[(i0, i1)] = (bottoms, tops)
        return got

    def walled(self, x0: float, y0: float, x1: float, y1: float, hw: float) -> bool:
        """Whether no label box of half width ``hw`` inside x0..x1, y0..y1 can miss every
        card: every card slot the region meets is taken and no gap between their columns
        or rows is wide enough for the box. (A box meeting no card lies in such a gap.)"""
        b = self.bounds
        x0, y0 = max(x0, b[0]), max(y0, b[1])
        x1, y1 = min(x1, b[2]), min(y1, b[3])
        if 2 * hw <= self.col_gap + 0.01:
            return False
        i_a, i_b = bisect_right(self.rights, x0), bisect_left(self.lefts, x1)
        j_a, j_b = bisect_right(self.bottoms, y0), bisect_left(self.tops, y1)
        if i_a >= i_b or j_a >= j_b or self._row_fits_loose[j_b + 1] != self._row_fits_loose[j_a]:
            return False
        t = self.table
        return t[j_b][i_b] - t[j_a][i_b] - t[j_b][i_a] + t[j_a][i_a] == (i_b - i_a) * (j_b - j_a)

    def on_card(self, b: Box) -> bool:
        x0, y0, x1, y1 = b
        empty = self.empty
        return not empty(bisect_right(self.rights, x0), bisect_left(self.lefts, x1) - 1,
                         bisect_right(self.bottoms, y0), bisect_left(self.tops, y1) - 1)

    def free(self, b: Box) -> bool:
        """Whether the box is inside the lanes and meets no card, label or arrowhead (the
        hottest test of the search: the card test is inlined)."""
        x0, y0, x1, y1 = b
        g = self.bounds
        if x0 < g[0] or x1 > g[2] or y0 < g[1] or y1 > g[3]:
            return False
        i0, i1 = bisect_right(self.rights, x0), bisect_left(self.lefts, x1) - 1
        if i0 <= i1:
            j0, j1 = bisect_right(self.bottoms, y0), bisect_left(self.tops, y1) - 1
            if j0 <= j1:
                t = self.table
                if t[j1 + 1][i1 + 1] - t[j0][i1 + 1] - t[j1 + 1][i0] + t[j0][i0]:
                    return False
        return not self.taken.hits(b)

    def thin_free(self, a: Point, b: Point) -> bool:
        """Whether a leader line from ``a`` to ``b`` meets no card and no other label."""
        left, top, right, bottom = CARD_CLEAR  # the bare cards: undo the clearance
        x0, y0 = min(a.x, b.x) - 0.5, min(a.y, b.y) - 0.5
        x1, y1 = max(a.x, b.x) + 0.5, max(a.y, b.y) + 0.5
        empty = self.empty
        return empty(bisect_right(self.rights, x0 + right), bisect_left(self.lefts, x1 - left) - 1,
                     bisect_right(self.bottoms, y0 + bottom),
                     bisect_left(self.tops, y1 - top) - 1) and not self.labels.hits(
                         (x0, y0, x1, y1))


def _nearest(
    blocked: list[tuple[float, float]], x0: float, x1: float, hw: float, want: float
) -> float | None:
    """The centre in [x0, x1] nearest ``want`` of a box of half width ``hw`` between the
    ``blocked`` intervals (sorted by their starts), or None."""
    best: float | None = None
    reach = -math.inf
    for lo, hi in blocked:
        if lo > reach:  # a free gap from reach to lo
            c_lo = reach + hw + 0.01
            if c_lo > x1:
                break  # every later gap starts further right
            c_lo, c_hi = max(x0, c_lo), min(x1, lo - hw - 0.01)
            if c_lo <= c_hi:
                c = min(max(want, c_lo), c_hi)
                if best is None or abs(c - want) < abs(best - want):
                    best = c
        if hi > reach:
            reach = hi
    return best
