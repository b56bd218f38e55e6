"""Link routes for print: their pieces indexed on a grid, so that each tile of a big map
draws only the parts of the links that cross it (as exact pieces of the route)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

from journeymap.core.layout import Rect
from journeymap.core.routing import Cubic, Route

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class LinkShape:
    """A link as the PDF draws it: its route, label text and the pieces used to cull it."""

    box: Box
    route: Route
    kind: str
    label: str  # as drawn (the route's text, cleaned for the PDF's fonts); "" when none
    pieces: list[Cubic]
    piece_boxes: list[Box]
    index: int = 0
    #: the pen, decided once per export: stroke colour, width and dash pattern (units)
    ink: str = ""
    width: float = 1.0
    dashes: tuple[float, ...] = ()
    #: the arrowhead's box, and the label's backing with its leader line when the label
    #: is drawn (set by :func:`shape_of`)
    head_box: Box = (0.0, 0.0, 0.0, 0.0)
    label_box: Box | None = None
    #: per piece, the operator that moves to its start and the one that draws it, as PDF
    #: path code (filled on first use)
    ops: list[str] = field(default_factory=list)
    #: the operators of the whole route (filled on first use)
    whole: list[str] = field(default_factory=list)


def _label_box(route: Route, label: str) -> Box | None:
    """The label's backing with its leader line, if the label is drawn."""
    r = route.label_rect
    if r is None or not label:
        return None
    xs, ys = [r.x, r.right], [r.y, r.bottom]
    for p in route.leader or ():
        xs.append(p.x)
        ys.append(p.y)
    return (min(xs), min(ys), max(xs), max(ys))


def shape_of(route: Route, kind: str, label: str, index: int) -> LinkShape:
    pieces = list(route.pieces)
    boxes = [cubic_box(p, 3) for p in pieces]
    xs = [b[0] for b in boxes] + [b[2] for b in boxes] + [p.x for p in route.head]
    ys = [b[1] for b in boxes] + [b[3] for b in boxes] + [p.y for p in route.head]
    shape = LinkShape((0, 0, 0, 0), route, kind, label, pieces, boxes, index)
    shape.head_box = head_box(route)
    extra = shape.label_box = _label_box(route, label)
    if extra is not None:
        xs += [extra[0], extra[2]]
        ys += [extra[1], extra[3]]
    shape.box = (min(xs) - 2, min(ys) - 2, max(xs) + 2, max(ys) + 2)
    return shape


GRID: Final = 600.0


def cells(box: Box) -> list[tuple[int, int]]:
    """The grid squares a box touches."""
    x0, y0 = math.floor(box[0] / GRID), math.floor(box[1] / GRID)
    x1, y1 = math.floor(box[2] / GRID), math.floor(box[3] / GRID)
    if x0 == x1 and y0 == y1:  # most route pieces and cards lie in one square
        return [(x0, y0)]
    return [(gx, gy) for gx in range(x0, x1 + 1) for gy in range(y0, y1 + 1)]


def cubic_box(c: Cubic, pad: float) -> Box:
    xs, ys = c[0::2], c[1::2]
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def head_box(route: Route, pad: float = 2.0) -> Box:
    xs, ys = [p.x for p in route.head], [p.y for p in route.head]
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def hits(r: Rect, region: Rect | None, pad: float = 0.0) -> bool:
    """Whether ``r`` (grown by ``pad``) meets ``region`` (everything meets None)."""
    if region is None:
        return True
    return (
        r.x - pad < region.right
        and region.x < r.right + pad
        and r.y - pad < region.bottom
        and region.y < r.bottom + pad
    )


def box_hits(box: tuple[float, float, float, float], region: Rect | None) -> bool:
    if region is None:
        return True
    return (
        box[0] < region.right and region.x < box[2] and box[1] < region.bottom
        and region.y < box[3]
    )


class LinkIndex:
    """A grid of GRID-unit squares → the link pieces, arrowheads and labels in each, so a
    tile finds what crosses it without testing every piece of every link."""

    def __init__(self, links: list[LinkShape]) -> None:
        pieces: dict[tuple[int, int], list[tuple[int, int, Box]]] = {}
        ends: dict[tuple[int, int], list[tuple[int, Box]]] = {}
        for link in links:
            for i, box in enumerate(link.piece_boxes):
                for key in cells(box):
                    pieces.setdefault(key, []).append((link.index, i, box))
            extra = [link.head_box]
            label = link.label_box
            if label is not None:
                extra.append(label)
            for box in extra:
                for key in cells(box):
                    ends.setdefault(key, []).append((link.index, box))
        self._pieces, self._ends = pieces, ends

    def pieces_in(self, region: Rect) -> dict[int, set[int]]:
        """Link index → the indices of its pieces that meet ``region``."""
        found: dict[int, set[int]] = {}
        x0, y0, x1, y1 = region.x, region.y, region.right, region.bottom
        for key in cells((x0, y0, x1, y1)):
            for k, i, box in self._pieces.get(key, ()):
                if box[0] < x1 and x0 < box[2] and box[1] < y1 and y0 < box[3]:
                    shown = found.get(k)
                    if shown is None:
                        found[k] = {i}
                    else:
                        shown.add(i)
        return found

    def ends_in(self, region: Rect) -> set[int]:
        """Links whose arrow head or label meets ``region``."""
        found: set[int] = set()
        for key in cells((region.x, region.y, region.right, region.bottom)):
            for k, box in self._ends.get(key, ()):
                if box_hits(box, region):
                    found.add(k)
        return found
