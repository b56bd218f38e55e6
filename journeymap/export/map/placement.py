"""Where the map goes on paper: one page at a readable scale, or tiles with overlaps."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from journeymap.core.layout import Rect
from journeymap.export.options import ExportError

MIN_TEXT_PT: Final = 6.0
CARD_TITLE_PT: Final = 12.0
#: Below this the card titles would print smaller than MIN_TEXT_PT.
MIN_SCALE: Final = MIN_TEXT_PT / CARD_TITLE_PT
MAX_SCALE: Final = 1.0
OVERLAP_PT: Final = 20.0


@dataclass(frozen=True, slots=True)
class Tile:
    number: int  # 1-based, row by row
    row: int
    col: int
    region: Rect  # the part of the map (layout units) this tile shows


@dataclass(frozen=True, slots=True)
class Placement:
    mode: str  # "fit" or "tile"
    scale: float
    tiles: tuple[Tile, ...] = ()
    rows: int = 1
    cols: int = 1
    overlap: float = 0.0  # layout units shared by neighbouring tiles

    @property
    def percent(self) -> int:
        return round(self.scale * 100)


def _count(length: float, avail: float, overlap: float) -> int:
    if length <= avail:
        return 1
    return math.ceil((length - overlap) / (avail - overlap))


def _tiles_at(scale: float, w: float, h: float, avail_w: float, avail_h: float) -> tuple[int, int]:
    ov = OVERLAP_PT
    return _count(w * scale, avail_w, ov), _count(h * scale, avail_h, ov)


def place(
    content: Rect,
    fit_area: tuple[float, float],
    tile_area: tuple[float, float],
    mode: str,
    page_name: str,
) -> Placement:
    """Choose fit or tiles (``mode`` auto/fit/tile) and the scale.

    Fit uses the largest scale up to 100 % that shows the whole map on one page. Tiles use
    the fewest pages at which text stays readable, then the largest scale that needs no
    more pages than that. ``content`` is the part of the layout to print.
    """
    map_w, map_h = content.w, content.h
    fit_scale = min(fit_area[0] / map_w, fit_area[1] / map_h, MAX_SCALE)
    if mode == "fit" and fit_scale < MIN_SCALE:
        raise ExportError(
            f"the map does not fit on one {page_name} page at a readable size (it would print "
            f"at {fit_scale:.0%}, and cards need at least {MIN_SCALE:.0%}); choose tiles, "
            "or a larger page such as A3 or Tabloid"
        )
    if mode == "fit" or (mode == "auto" and fit_scale >= MIN_SCALE):
        return Placement("fit", fit_scale)
    aw, ah = tile_area
    cols, rows = _tiles_at(MIN_SCALE, map_w, map_h, aw, ah)
    fewest = cols * rows
    lo, hi = MIN_SCALE, MAX_SCALE
    best = MIN_SCALE
    c, r = _tiles_at(hi, map_w, map_h, aw, ah)
    if c * r <= fewest:
        best = hi
    else:
        for _ in range(30):
            mid = (lo + hi) / 2
            c, r = _tiles_at(mid, map_w, map_h, aw, ah)
            if c * r <= fewest:
                best, lo = mid, mid
            else:
                hi = mid
    scale = math.floor(best * 1000) / 1000
    cols, rows = _tiles_at(scale, map_w, map_h, aw, ah)
    ov = OVERLAP_PT / scale
    tw, th = aw / scale, ah / scale
    span_w = cols * (tw - ov) + ov if cols > 1 else tw
    span_h = rows * (th - ov) + ov if rows > 1 else th
    x0 = content.x + (map_w - span_w) / 2
    y0 = content.y + min(0.0, (map_h - span_h) / 2)
    tiles = tuple(
        Tile(
            r * cols + c + 1, r, c,
            Rect(x0 + c * (tw - ov), y0 + r * (th - ov), tw, th),
        )
        for r in range(rows)
        for c in range(cols)
    )
    return Placement("tile", scale, tiles, rows, cols, ov)
