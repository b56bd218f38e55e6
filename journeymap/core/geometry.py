"""Plain geometry shared by the layout, the router and every output: points, rectangles,
card sides and the sizes of a map's parts (no document, no drawing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["left", "right", "top", "bottom"]


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> Point:
        return Point(self.x + self.w / 2, self.y + self.h / 2)

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def intersects(self, other: Rect) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def mid(self, side: Side) -> Point:
        if side == "left":
            return Point(self.x, self.y + self.h / 2)
        if side == "right":
            return Point(self.right, self.y + self.h / 2)
        if side == "top":
            return Point(self.x + self.w / 2, self.y)
        return Point(self.x + self.w / 2, self.bottom)


@dataclass(frozen=True, slots=True)
class Style:
    """Sizes of the parts of a map. One style is shared by canvas and PDF."""

    margin: float = 24
    title_h: float = 76
    phase_h: float = 26
    stage_header_h: float = 58
    lane_header_w: float = 168
    card_w: float = 176
    card_h: float = 104
    card_gap: float = 14
    cell_pad: float = 14
    max_per_row: int = 3
    emotion_h: float = 168
    emotion_pad: float = 22
    legend_h: float = 96
