"""Link routing and label placement (``core.routing``) on large maps.

    .venv/bin/python tests/benchmarks/bench_routing.py [--sizes 200,2000,10000] [--repeat N]

Targets (issue 12), at 2,000 touchpoints: routing every link with its label place
≤ 150 ms; the routes of one dragged card's links (what the canvas draws while a card
moves: ``routing.provisional``) ≤ 4 ms. Two yardsticks measured in the same run, A B A B:
a plain straight-line layout of every link (``provisional``: one curve between facing
sides, label at its middle, nothing avoided), and ``layout.compute`` of the same map.
"""

from __future__ import annotations

import statistics
import sys
import time

import _harness as h

from journeymap.core import layout
from journeymap.core.layout import Layout
from journeymap.core.model import JourneyMap
from journeymap.core.routing import Route, provisional, route_all

TARGET_ALL_MS = 150.0
TARGET_DRAG_MS = 4.0
TARGET_SIZE = 2_000


def straight(lay: Layout) -> dict[tuple[str, str], Route]:
    """The plain baseline: every link one free curve, nothing avoided."""
    cards = lay.cards
    return {(s.source, s.target): provisional(s.source, s.target, cards[s.source],
                                              cards[s.target], s.label)
            for s in lay.links if s.source in cards and s.target in cards}


def one_size(doc: JourneyMap, size: int, n: int) -> list[h.Row]:
    lay = layout.compute(doc)
    rows: list[h.Row] = []
    a, b, ratio = h.paired(lambda: route_all(lay, lay.links), lambda: straight(lay), n)
    routes = route_all(lay, lay.links)
    labelled = [r for r in routes.values() if r.label]
    placed = sum(1 for r in labelled if r.label_rect is not None)
    row = h.Row("route_all", size, "vs straight lines", a, b, ratio)
    row.note = (f"{len(routes):,} links, {placed:,}/{len(labelled):,} labels placed, "
                f"{sum(r.elided and r.label_rect is not None for r in labelled):,} shortened")
    if size == TARGET_SIZE:
        row.target = f"≤ {TARGET_ALL_MS:g} ms"
        row.ok = row.median <= TARGET_ALL_MS * 1e6
    rows.append(row)
    a2, b2, ratio2 = h.paired(lambda: route_all(lay, lay.links), lambda: layout.compute(doc), n)
    rows.append(h.Row("route_all", size, "vs layout.compute", a2, b2, ratio2))
    # one dragged card: its links' provisional routes (the busiest card of the map)
    degree: dict[str, int] = {}
    for s in lay.links:
        degree[s.source] = degree.get(s.source, 0) + 1
        degree[s.target] = degree.get(s.target, 0) + 1
    busiest = max(degree, key=lambda k: degree[k])
    mine = [s for s in lay.links if busiest in (s.source, s.target)]

    def drag() -> None:
        for s in mine:
            provisional(s.source, s.target, lay.cards[s.source], lay.cards[s.target], s.label)

    drag_row = h.Row("drag one card", size, f"{len(mine)} links re-routed",
                     h.repeated(drag, max(n, 50)))
    if size == TARGET_SIZE:
        drag_row.target = f"≤ {TARGET_DRAG_MS:g} ms"
        drag_row.ok = drag_row.median <= TARGET_DRAG_MS * 1e6
    rows.append(drag_row)
    print(f"  routing: {size:,} done (median {statistics.median(a) / 1e6:.1f} ms)",
          file=sys.stderr, flush=True)
    return rows


def run(sizes: list[int], repeat: int | None) -> list[h.Row]:
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    for size in sizes:
        rows += one_size(make_map(size, seed=1), size, repeat or h.default_repeat(size, 30, 7))
    return rows


def main() -> int:
    args = h.parser(__doc__.splitlines()[0]).parse_args()
    started = time.perf_counter()
    rows = run(h.sizes_of(args.sizes), args.repeat)
    return h.finish("routing", rows, args, started)


if __name__ == "__main__":
    raise SystemExit(main())
