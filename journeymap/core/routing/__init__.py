"""Link routes and label places, computed once from a layout's card grid.

The cards of a layout sit on one global grid: every stage has the same card columns in all
lanes and every lane the same card rows in all stages. The gaps between those columns and
rows (the *gutters*) are free of cards along their whole length, so a route that leaves a
card's side straight into the next gutter, runs along gutters and enters its target's side
straight from the gutter beside it never crosses a card. This is the orthogonal visibility
graph of Wybrow, Marriott & Stuckey ("Orthogonal connector routing", GD 2009) specialised to
a grid, where a shortest route with few bends is known in closed form, so there is no search:

* forward links (target in a later card column) leave on the right and enter on the left:
  a smooth curve where the box between the two ends holds no card, else right → gutter
  beside the source → the row gutter next to the target → gutter beside the target → left;
* backward ("return") links leave and enter on the bottom and run in the row gutter below
  their lane's row, never near a header band;
* links within a card column leave on the bottom (top) and enter on the top (bottom).

Parallel stretches sharing a gutter are spread apart (nudged) on tracks, several links on
one card side get their own ports, corners are rounded. Labels are then placed on their
routes where their box meets no card, header, other label or arrowhead, shortened with an
ellipsis where the full text finds no room. Everything is plain data, so the canvas, the
map PDF, PNG and SVG draw the same routes.

``routes`` holds the data (what a route is), ``grid`` the card grid and its gutters,
``router`` the routes on it, ``labels`` the label places, ``space`` where a label box
fits. Nothing here imports the layout: the router reads a layout through
:class:`~journeymap.core.routing.grid.GridSource`.
"""

from __future__ import annotations

from collections.abc import Iterable

from journeymap.core.collector import collector_paused
from journeymap.core.routing.grid import GridSource
from journeymap.core.routing.router import Router
from journeymap.core.routing.routes import (
    CARD_CLEAR,
    HEAD_LEN,
    HEAD_SPREAD,
    LABEL_H,
    LABEL_MAX_W,
    LABEL_MIN_TEXT,
    LABEL_PAD,
    LABEL_SIZE,
    Cubic,
    LinkSpec,
    Route,
    SegmentKind,
    arrow_head,
    pieces_of,
    polyline,
    provisional,
)

__all__ = [
    "CARD_CLEAR", "HEAD_LEN", "HEAD_SPREAD", "LABEL_H", "LABEL_MAX_W", "LABEL_MIN_TEXT",
    "LABEL_PAD", "LABEL_SIZE", "Cubic", "GridSource", "LinkSpec", "Route", "SegmentKind",
    "arrow_head", "pieces_of", "polyline", "provisional", "route_all",
]


def route_all(layout: GridSource, links: Iterable[LinkSpec]) -> dict[tuple[str, str], Route]:
    """The routes of ``links`` on ``layout`` (links whose cards are missing are left out).

    The cyclic garbage collector is paused meanwhile: routing makes some hundred thousand
    small objects and no cycles, and the collections that burst would set off walk every
    object of the process (the document, the scene), a fifth of the time on a big map."""
    with collector_paused(promote=False):
        return Router(layout).route(list(links))
