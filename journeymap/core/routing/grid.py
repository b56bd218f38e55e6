"""The card grid of a layout: card slots, the gutters between them, and one constant-time
query "does this block of slots hold a card?" (prefix sums of the occupied slots)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Protocol

from journeymap.core.geometry import Rect, Style


class GridSource(Protocol):
    """What the router reads of a layout (a :class:`~journeymap.core.layout.Layout`)."""

    @property
    def style(self) -> Style: ...

    @property
    def cards(self) -> Mapping[str, Rect]: ...

    @property
    def stage_columns(self) -> Mapping[str, Rect]: ...

    @property
    def per_row(self) -> Mapping[str, int]: ...

    @property
    def lane_rows(self) -> Mapping[str, Rect]: ...

    @property
    def cuts(self) -> tuple[tuple[float, ...], tuple[float, ...]]: ...

    @property
    def marks(self) -> Sequence[Rect]: ...

    def lanes_area(self) -> Rect: ...


class CardGrid:
    """Card columns ``xs`` and rows ``ys`` (left and top edges), the gutter before each
    column and row (centre lines ``gx``/``gy`` and half widths ``gxw``/``gyw``, one more
    than columns or rows), and each card's slot (column, row)."""

    def __init__(self, layout: GridSource) -> None:
        s = layout.style
        self.style = s
        self.cards = layout.cards
        self.cuts = layout.cuts
        self.marks = layout.marks
        xs: list[float] = []
        for stage, column in layout.stage_columns.items():
            for k in range(layout.per_row[stage]):
                xs.append(column.x + s.cell_pad + k * (s.card_w + s.card_gap))
        ys: list[float] = []
        step = s.card_h + s.card_gap
        for row in layout.lane_rows.values():
            n = max(1, round((row.h - 2 * s.cell_pad + s.card_gap) / step))
            ys += [row.y + s.cell_pad + r * step for r in range(n)]
        self.xs, self.ys = xs, ys
        grid = self.area = layout.lanes_area()
        self.gx, self.gxw = _gutters(xs, s.card_w, grid.x, grid.right)
        self.gy, self.gyw = _gutters(ys, s.card_h, grid.y, grid.bottom)
        self.slot: dict[str, tuple[int, int]] = {}
        occupied: set[tuple[int, int]] = set()
        n_x, n_y = len(xs), len(ys)
        for tp_id, r in layout.cards.items():
            i, j = bisect_left(xs, r.x - 0.5), bisect_left(ys, r.y - 0.5)
            if i < n_x and j < n_y and abs(xs[i] - r.x) < 1 and abs(ys[j] - r.y) < 1:
                self.slot[tp_id] = (i, j)
                occupied.add((i, j))
        # table[j][i]: the occupied slots in rows < j and columns < i
        table = [[0] * (n_x + 1) for _ in range(n_y + 1)]
        for j in range(n_y):
            run = 0
            above, here = table[j], table[j + 1]
            for i in range(n_x):
                run += (i, j) in occupied
                here[i + 1] = above[i + 1] + run
        self.table = table

    def empty(self, i0: int, i1: int, j0: int, j1: int) -> bool:
        """Whether no card sits in columns i0..i1 and rows j0..j1 (inclusive; empty ranges
        are empty)."""
        if i1 < i0 or j1 < j0:
            return True
        t = self.table
        return t[j1 + 1][i1 + 1] - t[j0][i1 + 1] - t[j1 + 1][i0] + t[j0][i0] == 0


def _gutters(
    starts: Sequence[float], size: float, lo: float, hi: float
) -> tuple[list[float], list[float]]:
    centres, halves = [], []
    prev = lo
    for x in [*starts, None]:
        nxt = hi if x is None else x
        centres.append((prev + nxt) / 2)
        halves.append(max(0.0, (nxt - prev) / 2))
        if x is not None:
            prev = x + size
    return centres, halves
