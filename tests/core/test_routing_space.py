"""The shortcuts of the label search are exact: a region ``Space.walled`` gives up holds no
box clear of the cards, and ``Space.column`` says the same as the full card test."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.core.layout import compute
from journeymap.core.routing.grid import CardGrid
from journeymap.core.routing.routes import LABEL_H
from journeymap.core.routing.space import Space
from tests.core.test_routing import random_map

_MAPS = st.builds(random_map, st.integers(0, 10**6), st.integers(1, 120), st.integers(1, 6),
                  st.integers(1, 4), st.just(0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_MAPS, fx=st.floats(0, 1), fy=st.floats(0, 1), w=st.floats(0, 500),
       h=st.floats(0, 400), hw=st.floats(5, 90))
def test_a_walled_region_holds_no_box_clear_of_the_cards(
    doc: object, fx: float, fy: float, w: float, h: float, hw: float
) -> None:
    space = Space(CardGrid(compute(doc)))  # type: ignore[arg-type]
    g0, g1, g2, g3 = space.bounds
    x0, y0 = g0 + fx * (g2 - g0), g1 + fy * (g3 - g1)
    x1, y1 = x0 + w + 2 * hw, y0 + h + LABEL_H
    walled = space.walled(x0, y0, x1, y1, hw)
    # a clear box slides left and up until it touches a card's (grown) edge or the region's:
    # trying those places alone tries every clear box there is
    left, top = max(x0, g0), max(y0, g1)
    right, bottom = min(x1, g2), min(y1, g3)
    xs = [left, *(r for r in space.rights if left < r)]
    ys = [top, *(b for b in space.bottoms if top < b)]
    clear = [(x, y) for x in xs for y in ys
             if x + 2 * hw <= right and y + LABEL_H <= bottom
             and not space.on_card((x, y, x + 2 * hw, y + LABEL_H))]
    assert not (walled and clear), f"walled, yet a box at {clear[0]} is clear of the cards"


def test_walled_finds_the_packed_middle_of_a_full_lane() -> None:
    """A lane packed with cards walls in a short label near its middle, not one that may go
    anywhere on the map (its last row has empty slots): the test above alone would also pass
    for a walled() that never says yes."""
    from tests.synthetic import make_map

    space = Space(CardGrid(compute(make_map(400, seed=1, stages=2, lanes=1))))
    mid_col = len(space.lefts) // 2
    mid_row = len(space.tops) // 2
    x = (space.lefts[mid_col] + space.rights[mid_col]) / 2
    y = (space.tops[mid_row] + space.bottoms[mid_row]) / 2
    assert space.walled(x - 40, y - 20, x + 40, y + 20, 30)
    assert not space.walled(*space.bounds, 30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_MAPS, fx=st.floats(0, 1), fy=st.floats(0, 1), hw=st.floats(15, 90))
def test_the_column_test_agrees_with_the_card_test(
    doc: object, fx: float, fy: float, hw: float
) -> None:
    space = Space(CardGrid(compute(doc)))  # type: ignore[arg-type]
    g0, g1, g2, g3 = space.bounds
    x, y = g0 + fx * (g2 - g0), g1 + fy * (g3 - g1)
    box = (x - hw, y - LABEL_H / 2, x + hw, y + LABEL_H / 2)
    bottoms, tops = space.column(box[0], box[2])
    k = bisect_right(bottoms, box[1])
    assert (k < len(bottoms) and tops[k] < box[3]) == space.on_card(box)


def test_a_lane_gutter_between_full_rows_is_not_walled() -> None:
    from journeymap.core.entities import Lane, Stage, Touchpoint
    from journeymap.core.model import JourneyMap

    doc = JourneyMap("Two full lanes")
    doc.add_stage(Stage(id="s", name="Stage"))
    for lane in ("a", "b"):
        doc.add_lane(Lane(id=lane, name=f"Lane {lane}"))
        for slot in range(12):
            doc.add_touchpoint(Touchpoint(id=f"{lane}{slot}", title="Card", stage="s",
                                          lane=lane, slot=slot))
    space = Space(CardGrid(compute(doc)))
    assert len(space.tops) == 8 and len(space.lefts) == 3  # four full rows in each lane
    x = (space.lefts[1] + space.rights[1]) / 2
    mid = [(t + b) / 2 for t, b in zip(space.tops, space.bottoms, strict=True)]
    # rows 1 and 2 of lane a and the gaps beside them: 8 points, no label fits
    assert space.walled(x - 60, mid[1], x + 60, mid[2], 40)
    # across the lane gutter (rows 3 and 4): a label fits in it
    assert not space.walled(x - 60, mid[3], x + 60, mid[4], 40)
    box = (x - 40, space.bottoms[3], x + 40, space.bottoms[3] + 18)
    assert box[3] <= space.tops[4] and not space.on_card(box)
