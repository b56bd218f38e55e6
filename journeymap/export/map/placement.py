"""Where the map goes on paper: one page at a readable scale, or tiles cut between stages.

Tiles respect the map: they break between stages (and between lanes, or between card rows
of a lane too tall for one page), never through a card; a tile after the first column
repeats the lane headers on its left, a tile after the first row repeats the phase and
stage headers on its top. The title block and the legend are not cut either: in tiles they
are printed whole on the first page and the legend page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from journeymap.core import layout as core_layout
from journeymap.core.layout import Layout, Rect
from journeymap.core.model import JourneyMap
from journeymap.export.map.layers import LayeredLayout
from journeymap.export.options import PAGE_SIZES, ExportError, page_points

#: The smallest text the map prints, in layout units (badges, legend, descriptions).
SMALLEST_TEXT: Final = 9.0
MIN_TEXT_PT: Final = 6.0
CARD_TITLE_PT: Final = 12.0
#: Below this the smallest text of the map would print under MIN_TEXT_PT (card titles: 8 pt).
MIN_SCALE: Final = MIN_TEXT_PT / SMALLEST_TEXT
#: The poster placement wants card titles of at least this size.
POSTER_TITLE_PT: Final = 8.0
MAX_SCALE: Final = 1.0


@dataclass(frozen=True, slots=True)
class Tile:
    number: int  # 1-based, row by row
    row: int
    col: int
    region: Rect  # the part of the map (layout units) this tile shows
    stages: tuple[str, ...] = ()  # ids of the stages it shows
    lanes: tuple[str, ...] = ()  # ids of the lanes it shows (the emotion row is "")
    lane_headers: bool = False  # repeat the lane headers on the left
    stage_headers: bool = False  # repeat the phase and stage headers on top


@dataclass(frozen=True, slots=True)
class Placement:
    mode: str  # "fit" or "tile"
    scale: float
    tiles: tuple[Tile, ...] = ()
    rows: int = 1
    cols: int = 1
    overlap: float = 0.0  # layout units shared by neighbouring tiles (0: tiles meet at breaks)

    @property
    def percent(self) -> int:
        return round(self.scale * 100)

    def neighbour(self, tile: Tile, d_row: int, d_col: int) -> Tile | None:
        row, col = tile.row + d_row, tile.col + d_col
        if 0 <= row < self.rows and 0 <= col < self.cols:
            return self.tiles[row * self.cols + col]
        return None


def print_layouts(doc: JourneyMap) -> list[Layout]:
    """The layouts a print may use: the canvas's (three cards a row), then narrower ones
    (two, one card a row, with a lower emotion row), which are taller but
    fit a landscape page far better."""
    style = core_layout.Style()
    out = [core_layout.compute(doc, style)]
    tight = replace(style, emotion_h=130)
    for per_row in (2, 1):
        lay = core_layout.compute(doc, replace(tight, max_per_row=per_row))
        if lay.bounds.w < out[-1].bounds.w:
            out.append(lay)
    return out


def content_of(lay: Layout) -> Rect:
    """What a fit page prints: the layout without its outer margin (the paper has its own)."""
    m, b = lay.style.margin, lay.bounds
    return Rect(b.x + m, b.y + m, b.w - 2 * m, b.h - 2 * m + 8)  # + the legend's last row


def fit_scale(lay: Layout, area: tuple[float, float]) -> float:
    c = content_of(lay)
    return min(area[0] / c.w, area[1] / c.h, MAX_SCALE)


def best_fit(layouts: Sequence[Layout], area: tuple[float, float]) -> tuple[Layout, float]:
    """The layout that prints largest on one page of ``area``, and its scale."""
    best = max(layouts, key=lambda lay: fit_scale(lay, area) + 1e-3 * lay.bounds.w / 1e4)
    return best, fit_scale(best, area)


def poster_size(
    layouts: Sequence[Layout],
    area_of: Callable[[tuple[float, float], str], tuple[float, float]],
    orientation: str,
) -> tuple[str, str]:
    """The smallest standard page (and its orientation, the asked one first) on which the
    whole map prints with card titles of at least POSTER_TITLE_PT; ExportError when even
    the largest is too small."""
    need = max(POSTER_TITLE_PT / CARD_TITLE_PT, MIN_SCALE)
    other = "portrait" if orientation == "landscape" else "landscape"
    best_name, best_scale = "", 0.0
    for name in PAGE_SIZES:
        for turn in (orientation, other):
            _, scale = best_fit(layouts, area_of(page_points(name), turn))
            if scale >= need:
                return name, turn
            if scale > best_scale:
                best_name, best_scale = name, scale
    raise ExportError(
        f"the map is too large for a one-page poster: even on {best_name} it would print at "
        f"{best_scale:.0%}, and card titles need {need:.0%} to reach "
        f"{POSTER_TITLE_PT:g} pt; print it as tiles"
    )


def _breaks(lay: Layout) -> tuple[list[tuple[float, float, str]], list[tuple[float, float, str]]]:
    """The pieces tiles are made of: stage columns across (split at card columns when one
    is very wide), and lanes down (split at card rows), then the emotion row and the
    layer rows of a layered map."""
    across = [(col.x, col.right, stage_id) for stage_id, col in lay.stage_columns.items()]
    down = [(row.y, row.bottom, lane_id) for lane_id, row in lay.lane_rows.items()]
    band = lay.emotion_band
    down.append((band.y, band.bottom, ""))
    if isinstance(lay, LayeredLayout):
        down += lay.layer_pieces()
    return across, down


def _split(pieces: list[tuple[float, float, str]], step: float, first: float,
           room: float) -> list[tuple[float, float, str]]:
    """Pieces longer than ``room`` cut into parts at multiples of ``step`` after ``first``."""
    out: list[tuple[float, float, str]] = []
    for a, b, key in pieces:
        while b - a > room:
            k = max(1, math.floor((room - first) / step))
            cut = a + first + k * step
            if cut >= b or cut <= a:
                cut = a + room
            out.append((a, cut, key))
            a = cut
        out.append((a, b, key))
    return out


def _pack(
    pieces: list[tuple[float, float, str]], lead: float, repeat: float, room: float
) -> list[list[tuple[float, float, str]]]:
    """Consecutive pieces grouped so that each group, with ``lead`` before the first group
    and ``repeat`` before the others, stays within ``room``."""
    groups: list[list[tuple[float, float, str]]] = []
    current: list[tuple[float, float, str]] = []
    used = lead
    for piece in pieces:
        length = piece[1] - piece[0]
        if current and used + length > room + 1e-6:
            groups.append(current)
            current, used = [], repeat
        current.append(piece)
        used += length
    if current:
        groups.append(current)
    return groups


def tile_grid(lay: Layout, area: tuple[float, float], scale: float) -> tuple[
    list[list[tuple[float, float, str]]], list[list[tuple[float, float, str]]]
]:
    s = lay.style
    room_w, room_h = area[0] / scale, area[1] / scale
    lead_w = s.lane_header_w
    head_h = s.phase_h + s.stage_header_h
    across, down = _breaks(lay)
    across = _split(across, s.card_w + s.card_gap, s.cell_pad + s.card_w + s.card_gap / 2,
                    max(room_w - lead_w, 1.0))
    down = _split(down, s.card_h + s.card_gap, s.cell_pad + s.card_h + s.card_gap / 2,
                  max(room_h - head_h, 1.0))
    return _pack(across, lead_w, lead_w, room_w), _pack(down, head_h, head_h, room_h)


def _count(lay: Layout, area: tuple[float, float], scale: float) -> int:
    cols, rows = tile_grid(lay, area, scale)
    return len(cols) * len(rows)


def _tiles(lay: Layout, area: tuple[float, float], scale: float) -> Placement:
    s = lay.style
    cols, rows = tile_grid(lay, area, scale)
    lead_x = s.margin
    head_y = s.margin + s.title_h
    tiles = []
    for r, group_down in enumerate(rows):
        y0 = head_y if r == 0 else group_down[0][0]
        y1 = group_down[-1][1]
        for c, group_across in enumerate(cols):
            x0 = lead_x if c == 0 else group_across[0][0]
            x1 = group_across[-1][1]
            tiles.append(Tile(
                r * len(cols) + c + 1, r, c, Rect(x0, y0, x1 - x0, y1 - y0),
                tuple(dict.fromkeys(k for _, _, k in group_across)),
                tuple(dict.fromkeys(k for _, _, k in group_down)),
                c > 0, r > 0,
            ))
    return Placement("tile", scale, tuple(tiles), len(rows), len(cols))


def place_tiles(layouts: Sequence[Layout], area: tuple[float, float]) -> tuple[Layout, Placement]:
    """Tiles: the layout and the fewest pages at which text stays readable, then the largest
    scale (up to 100 %) that needs no more pages than that."""
    def key(lay: Layout) -> tuple[int, float]:
        return _count(lay, area, MIN_SCALE), -lay.bounds.h

    lay = min(layouts, key=key)
    fewest = _count(lay, area, MIN_SCALE)
    lo, hi, best = MIN_SCALE, MAX_SCALE, MIN_SCALE
    if _count(lay, area, hi) <= fewest:
        best = hi
    else:
        for _ in range(24):
            mid = (lo + hi) / 2
            if _count(lay, area, mid) <= fewest:
                best, lo = mid, mid
            else:
                hi = mid
    return lay, _tiles(lay, area, math.floor(best * 1000) / 1000)


def place(
    layouts: Sequence[Layout],
    fit_area: tuple[float, float],
    tile_area: tuple[float, float],
    mode: str,
    page_name: str,
) -> tuple[Layout, Placement]:
    """Choose fit or tiles (``mode`` auto/fit/tile), the layout and the scale.

    Fit uses the layout and the largest scale up to 100 % that show the whole map on one
    page; refused (mode fit) when its smallest text would print under 6 pt.
    """
    lay, scale = best_fit(layouts, fit_area)
    if mode == "fit" and scale < MIN_SCALE:
        raise ExportError(
            f"the map does not fit on one {page_name} page at a readable size (it would print "
            f"at {scale:.0%}, and its text needs at least {MIN_SCALE:.0%}); choose tiles, "
            "or a poster (the smallest page it fits on)"
        )
    if mode == "fit" or (mode == "auto" and scale >= MIN_SCALE):
        return lay, Placement("fit", scale)
    tiled, placement = place_tiles(layouts, tile_area)
    if len(placement.tiles) == 1 and scale >= MIN_SCALE:  # one tile is one page: fit it
        return lay, Placement("fit", scale)
    return tiled, placement
