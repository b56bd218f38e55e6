"""Link routes and label places on random maps: never behind a card or a header, labels
never on a card, a header, an arrowhead or each other, routes end on their cards' borders."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.fileformat import load
from journeymap.core.layout import Layout, Rect, compute
from journeymap.core.model import JourneyMap
from journeymap.core.routing import LinkSpec, Route, polyline, provisional
from journeymap.core.textwidth import elide, text_width

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"
WORDS = ("checks", "the rating", "abandons the cart", "wants a second opinion", "taps",
         "comes back with WELCOME10", "x", "needs a quote and invoice", "Überweisung läuft")


def random_map(seed: int, cards: int, stages: int, lanes: int, links: int) -> JourneyMap:
    rng = random.Random(seed)
    doc = JourneyMap("Random")
    for s in range(stages):
        doc.add_stage(Stage(id=f"s{s}", name=f"Stage {s}"))
    for k in range(lanes):
        doc.add_lane(Lane(id=f"l{k}", name=f"Lane {k}"))
    slots: dict[tuple[str, str], int] = {}
    ids = []
    for n in range(cards):
        cell = (f"s{rng.randrange(stages)}", f"l{rng.randrange(lanes)}")
        slot = slots.get(cell, 0)
        slots[cell] = slot + 1
        doc.add_touchpoint(Touchpoint(id=f"t{n}", title=f"Card {n}", stage=cell[0],
                                      lane=cell[1], slot=slot))
        ids.append(f"t{n}")
    for _ in range(links if len(ids) > 1 else 0):
        a, b = rng.sample(ids, 2)
        if rng.random() < 0.3:  # neighbours: the short links of a cell
            b = ids[min(len(ids) - 1, ids.index(a) + 1)]
        if a != b and not doc.has_link(a, b):
            label = rng.choice(WORDS) if rng.random() < 0.6 else ""
            doc.add_link(Link(source=a, target=b, label=label))
    return doc


def _inside(x: float, y: float, r: Rect, eps: float = 0.01) -> bool:
    return r.x + eps < x < r.right - eps and r.y + eps < y < r.bottom - eps


def _segment_enters(a: tuple[float, float], b: tuple[float, float], r: Rect) -> bool:
    """Whether the segment a–b passes through the open interior of ``r`` (Liang–Barsky)."""
    x0, y0 = a
    dx, dy = b[0] - x0, b[1] - y0
    lo, hi = 0.0, 1.0
    eps = 0.01
    for p, q in ((-dx, x0 - (r.x + eps)), (dx, (r.right - eps) - x0),
                 (-dy, y0 - (r.y + eps)), (dy, (r.bottom - eps) - y0)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
    return lo < hi


def _on_border(x: float, y: float, r: Rect) -> bool:
    near = 0.01
    on_x = abs(x - r.x) < near or abs(x - r.right) < near
    on_y = abs(y - r.y) < near or abs(y - r.bottom) < near
    return (on_x and r.y - near <= y <= r.bottom + near) or (
        on_y and r.x - near <= x <= r.right + near)


def check_routes(lay: Layout) -> None:
    routes = lay.routes
    area = lay.lanes_area()
    cards = lay.cards
    assert set(routes) == {(spec.source, spec.target) for spec in lay.links}
    labels: list[tuple[Rect, Route]] = []
    heads = []
    for (source, target), route in routes.items():
        pts = polyline(route, 12)
        near = [r for r in cards.values()
                if r.x <= max(p[0] for p in pts) and min(p[0] for p in pts) <= r.right
                and r.y <= max(p[1] for p in pts) and min(p[1] for p in pts) <= r.bottom]
        for a, b in zip(pts, pts[1:], strict=False):
            assert area.x <= a[0] <= area.right and area.y <= a[1] <= area.bottom, (
                f"{source}->{target} leaves the lanes (header band, title, emotion strip, "
                f"legend or outside the map) at {a}")
            for r in near:
                assert not _segment_enters(a, b, r), f"{source}->{target} crosses a card {r}"
        assert _on_border(route.start.x, route.start.y, cards[source])
        assert _on_border(route.end.x, route.end.y, cards[target])
        assert route.head[0] == route.end
        for p in route.head:
            assert not _inside(p.x, p.y, cards[target]), "arrowhead inside its card"
        xs, ys = [p.x for p in route.head], [p.y for p in route.head]
        heads.append(Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
        if route.label_rect is not None:
            labels.append((route.label_rect, route))
            assert route.label_text, "a label box without text"
            assert route.label_text == route.label or route.label_text.endswith("…")
            assert text_width(route.label_text, 10) <= route.label_rect.w
        elif route.label:
            assert route.label_text == ""
    for n, (box, route) in enumerate(labels):
        assert area.x <= box.x and box.right <= area.right
        assert area.y <= box.y and box.bottom <= area.bottom
        for r in cards.values():
            assert not box.intersects(r), f"label {route.label!r} on a card"
        for other, _ in labels[n + 1:]:
            assert not box.intersects(other), f"labels overlap: {route.label!r}"
        for head in heads:
            assert not box.intersects(head), f"label {route.label!r} on an arrowhead"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    cards=st.integers(0, 300),
    stages=st.integers(1, 12),
    lanes=st.integers(1, 7),
    link_factor=st.floats(0.0, 2.0),
)
def test_random_maps_route_clear_of_cards_headers_and_each_others_labels(
    seed: int, cards: int, stages: int, lanes: int, link_factor: float
) -> None:
    doc = random_map(seed, cards, stages, lanes, round(cards * link_factor))
    check_routes(compute(doc))


def test_bundled_examples_route_clear() -> None:
    """Every label of the examples is drawn, at most one per map shortened or left to its
    tooltip and the PDF's notes (its gutter is full)."""
    paths = sorted(EXAMPLES.glob("*.journeymap"))
    assert len(paths) == 3
    for path in paths:
        lay = compute(load(path))
        check_routes(lay)
        labelled = [r for r in lay.routes.values() if r.label]
        assert len(labelled) >= 10
        short = [r.label for r in labelled if r.label_rect is None or r.elided]
        assert len(short) <= 1, (path.name, short)


def test_kinds_of_route() -> None:
    """Forward neighbours: a straight arrow; a back link: under the row, never up; a link
    past a card in between: around it, not through it."""
    doc = JourneyMap("Kinds")
    for s in range(3):
        doc.add_stage(Stage(id=f"s{s}", name=f"S{s}"))
    doc.add_lane(Lane(id="l", name="L"))
    for s in range(3):
        doc.add_touchpoint(Touchpoint(id=f"t{s}", title="x", stage=f"s{s}", lane="l", slot=0))
    doc.add_link(Link(source="t0", target="t1"))
    doc.add_link(Link(source="t2", target="t0", label="back"))
    doc.add_link(Link(source="t0", target="t2", label="long"))
    lay = compute(doc)
    fwd = lay.link("t0", "t1")
    assert fwd.start_side == "right" and fwd.end_side == "left"
    gap = (lay.cards["t0"].right, lay.cards["t1"].x)
    assert all(gap[0] <= p.x <= gap[1] for p in fwd.points)  # straight across the gap
    assert abs(fwd.start.y - fwd.end.y) <= 12
    head = fwd.head
    assert max(p.x for p in head) == lay.cards["t1"].x  # tip on the border, head outside
    assert min(p.x for p in head) >= lay.cards["t0"].right  # a whole head between the cards
    back = lay.link("t2", "t0")
    assert back.start_side == "bottom" and back.end_side == "bottom"
    card_bottom = lay.cards["t0"].bottom
    assert all(p.y >= card_bottom - 0.01 for p in back.points)  # below the row, not above
    long = lay.link("t0", "t2")
    middle = lay.cards["t1"]
    pts = polyline(long)
    assert not any(_segment_enters(a, b, middle) for a, b in zip(pts, pts[1:], strict=False))
    check_routes(lay)


def test_parallel_links_in_one_gutter_are_nudged_apart() -> None:
    doc = JourneyMap("Parallel")
    for s in range(4):
        doc.add_stage(Stage(id=f"s{s}", name=f"S{s}"))
    doc.add_lane(Lane(id="a", name="A"))
    doc.add_lane(Lane(id="b", name="B"))
    for s in range(4):
        for lane in "ab":
            doc.add_touchpoint(Touchpoint(id=f"{lane}{s}", title="x", stage=f"s{s}", lane=lane,
                                          slot=0))
    doc.add_link(Link(source="a3", target="a0"))
    doc.add_link(Link(source="a2", target="a0"))
    doc.add_link(Link(source="a3", target="a1"))
    lay = compute(doc)
    ys = {round(p.y, 3) for key in (("a3", "a0"), ("a2", "a0"), ("a3", "a1"))
          for p in lay.link(*key).points[1:-1]}
    assert len(ys) == 3  # three return links under lane A, each on its own track
    check_routes(lay)


def test_a_label_without_room_is_shortened_or_left_to_the_tooltip() -> None:
    long = "a very long label that says far more than any gutter between two cards can hold"
    doc = JourneyMap("Tight")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    for n in range(3):
        doc.add_touchpoint(Touchpoint(id=f"t{n}", title="x", stage="s", lane="l", slot=n))
    doc.add_link(Link(source="t0", target="t1", label=long))
    doc.add_link(Link(source="t1", target="t2", label=long))
    lay = compute(doc)
    check_routes(lay)
    for route in lay.routes.values():
        assert route.label == long  # the full text stays with the route (tooltip, notes)
        if route.label_rect is not None:
            assert route.elided and route.label_text.endswith("…")


def test_provisional_route_for_a_drag_meets_the_cards() -> None:
    a, b = Rect(0, 0, 100, 50), Rect(300, 200, 100, 50)
    r = provisional("a", "b", a, b, "hello")
    assert r.start == a.mid("right") and r.end == b.mid("left")
    assert r.label_rect is not None and r.label_text == "hello"
    assert _on_border(r.end.x, r.end.y, b)


def test_text_width_and_elide_agree() -> None:
    assert text_width("", 10) == 0
    assert text_width("WWW", 10) > text_width("iii", 10)
    short = elide("abandons the cart", 10, 40)
    assert short.endswith("…") and text_width(short, 10) <= 40
    assert elide("ok", 10, 40) == "ok"
    assert LinkSpec("a", "b").label == ""


def test_labels_keep_off_the_marks_drawn_over_the_map() -> None:
    """A badge sticking out above a card (the map PDF's ranked moments) is an obstacle: the
    label that sat there moves, and the routes are made again for it."""
    doc = random_map(7, 40, 5, 3, 60)
    lay = compute(doc)
    placed = [r for r in lay.routes.values() if r.label_rect is not None]
    assert len(placed) >= 10
    marks = [r.label_rect for r in placed[::2] if r.label_rect is not None]
    lay.set_marks(marks)
    check_routes(lay)
    for route in lay.routes.values():
        if route.label_rect is not None:
            for mark in marks:
                assert not route.label_rect.intersects(mark), route.label
    # the same marks again keep the routes; other marks do not
    again = compute(doc)
    again.set_marks(marks)
    assert again.keep_routes_of(lay)
    again.set_marks(marks[1:])
    assert not again.keep_routes_of(lay)
