"""The geometry of a map, computed from the document alone (canvas and PDF share it)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from journeymap.core import fileformat, layout
from journeymap.core.commands import AddTouchpoint, MoveTouchpoint, RemoveTouchpoints
from journeymap.core.entities import Lane, Stage, Touchpoint
from journeymap.core.layout import Rect, Style
from journeymap.core.model import JourneyMap
from journeymap.resources import example

EXAMPLES = ("ecommerce-first-order", "saas-trial-to-renewal", "service-business")
S = Style()
CARD_STEP_X = S.card_w + S.card_gap
CARD_STEP_Y = S.card_h + S.card_gap


def one_card_w(cols: int) -> float:
    return 2 * S.cell_pad + cols * S.card_w + (cols - 1) * S.card_gap


def one_card_h(rows: int) -> float:
    return 2 * S.cell_pad + rows * S.card_h + (rows - 1) * S.card_gap


def grid(
    stages: list[tuple[str, str | None]], lanes: list[str], cards: dict[tuple[str, str], int]
) -> JourneyMap:
    """A map with ``cards[(stage, lane)]`` cards in each listed cell, ids ``stage-lane-i``."""
    doc = JourneyMap("Layout")
    for sid, phase in stages:
        doc.add_stage(Stage(id=sid, name=sid, phase=phase))  # type: ignore[arg-type]
    for lid in lanes:
        doc.add_lane(Lane(id=lid, name=lid))
    for (sid, lid), count in cards.items():
        for i in range(count):
            doc.add_touchpoint(
                Touchpoint(
                    id=f"{sid}-{lid}-{i}",
                    title="t",
                    stage=sid,
                    lane=lid,
                    slot=i,
                    emotion=(i % 5) - 2,
                )
            )
    return doc


def inside(inner: Rect, outer: Rect) -> bool:
    return (
        outer.x <= inner.x
        and outer.y <= inner.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


@pytest.fixture(params=[*EXAMPLES, "grid"])
def any_doc(request: pytest.FixtureRequest) -> JourneyMap:
    """Each bundled example, and a grid with a crowded cell and a phase-less stage."""
    name: str = request.param
    if name == "grid":
        return grid(
            [("s1", None), ("s2", "before")],
            ["l1", "l2"],
            {("s1", "l1"): 7, ("s2", "l2"): 2, ("s2", "l1"): 1},
        )
    return fileformat.load(example(name))


# ---------------------------------------------------------------------- cells grow to fit
def test_empty_map_has_one_card_per_cell() -> None:
    lay = layout.compute(grid([("s1", None), ("s2", None)], ["l1"], {}))
    assert lay.per_row == {"s1": 1, "s2": 1}
    assert lay.stage_columns["s1"].w == one_card_w(1)
    assert lay.lane_rows["l1"].h == one_card_h(1)
    assert lay.cards == {}


@pytest.mark.parametrize(
    ("count", "cols", "rows"),
    [(0, 1, 1), (1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 3, 2), (6, 3, 2), (7, 3, 3)],
)
def test_column_widens_up_to_max_per_row_then_the_lane_grows(
    count: int, cols: int, rows: int
) -> None:
    doc = grid([("s1", None), ("s2", None)], ["l1", "l2"], {("s1", "l1"): count})
    lay = layout.compute(doc)
    assert lay.per_row["s1"] == cols
    assert lay.stage_columns["s1"].w == one_card_w(cols)
    assert lay.lane_rows["l1"].h == one_card_h(rows)
    # the other stage and the other lane keep the size of one card
    assert lay.stage_columns["s2"].w == one_card_w(1)
    assert lay.lane_rows["l2"].h == one_card_h(1)
    # every cell of the column and of the row takes the grown size
    assert lay.cells[("s1", "l2")].w == one_card_w(cols)
    assert lay.cells[("s2", "l1")].h == one_card_h(rows)


def test_fullest_cell_decides_across_stages_and_lanes() -> None:
    doc = grid([("s1", None), ("s2", None)], ["l1", "l2"], {("s1", "l1"): 2, ("s2", "l1"): 7})
    lay = layout.compute(doc)
    assert lay.per_row == {"s1": 2, "s2": 3}
    assert lay.lane_rows["l1"].h == one_card_h(3)  # 7 cards in 3 per row need 3 rows


def test_style_max_per_row_is_honoured() -> None:
    doc = grid([("s1", None)], ["l1"], {("s1", "l1"): 5})
    lay = layout.compute(doc, Style(max_per_row=2))
    assert lay.per_row["s1"] == 2
    assert lay.lane_rows["l1"].h == one_card_h(3)


def test_cards_fill_rows_left_to_right_then_top_to_bottom() -> None:
    doc = grid([("s1", None)], ["l1"], {("s1", "l1"): 5})
    lay = layout.compute(doc)
    cell = lay.cells[("s1", "l1")]
    for i in range(5):
        row, col = divmod(i, 3)
        rect = lay.cards[f"s1-l1-{i}"]
        assert rect.x == cell.x + S.cell_pad + col * CARD_STEP_X
        assert rect.y == cell.y + S.cell_pad + row * CARD_STEP_Y
        assert (rect.w, rect.h) == (S.card_w, S.card_h)
        assert lay.card_rect("s1", "l1", i) == rect


def test_card_position_follows_slot_order_not_slot_value() -> None:
    doc = grid([("s1", None)], ["l1"], {})
    for tp_id, slot in (("late", 40), ("early", 7)):
        doc.add_touchpoint(Touchpoint(id=tp_id, title="t", stage="s1", lane="l1", slot=slot))
    lay = layout.compute(doc)
    assert lay.cards["early"] == lay.card_rect("s1", "l1", 0)
    assert lay.cards["late"] == lay.card_rect("s1", "l1", 1)


# ---------------------------------------------------------------------- the grid
def test_cards_do_not_overlap_and_lie_inside_their_cell(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    assert set(lay.cards) == {t.id for t in any_doc.touchpoints()}
    for t in any_doc.touchpoints():
        assert inside(lay.cards[t.id], lay.cells[(t.stage, t.lane)])
    for (a, ra), (b, rb) in itertools.combinations(lay.cards.items(), 2):
        assert not ra.intersects(rb), f"{a} overlaps {b}"


def test_columns_and_rows_are_contiguous_in_order(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    columns = [lay.stage_columns[s.id] for s in any_doc.stages]
    assert list(lay.stage_columns) == [s.id for s in any_doc.stages]
    for left, right in itertools.pairwise(columns):
        assert left.right == right.x
        assert (left.y, left.h) == (right.y, right.h)
    rows = [lay.lane_rows[lane.id] for lane in any_doc.lanes]
    for upper, lower in itertools.pairwise(rows):
        assert upper.bottom == lower.y
        assert (upper.x, upper.w) == (lower.x, lower.w)
    # the grid: columns span all rows, rows span all columns
    assert columns[0].x == rows[0].x and columns[-1].right == rows[0].right
    assert rows[0].y == columns[0].y and rows[-1].bottom == columns[0].bottom
    for stage, lane in itertools.product(any_doc.stages, any_doc.lanes):
        col, row = lay.stage_columns[stage.id], lay.lane_rows[lane.id]
        assert lay.cells[(stage.id, lane.id)] == Rect(col.x, row.y, col.w, row.h)


def test_headers_line_up_with_their_column_or_row(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    for stage in any_doc.stages:
        head, col = lay.stage_headers[stage.id], lay.stage_columns[stage.id]
        assert (head.x, head.w) == (col.x, col.w)
        assert head.bottom == col.y
    for lane in any_doc.lanes:
        head, row = lay.lane_headers[lane.id], lay.lane_rows[lane.id]
        assert (head.y, head.h) == (row.y, row.h)
        assert head.right == row.x
    assert lay.emotion_band.y == lay.lane_rows[any_doc.lanes[-1].id].bottom
    assert lay.legend_area.y == lay.emotion_band.bottom


def test_bounds_contain_every_rect(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    rects: list[Rect] = [
        lay.title_area,
        lay.emotion_header,
        lay.emotion_band,
        lay.legend_area,
        *lay.stage_headers.values(),
        *lay.stage_columns.values(),
        *lay.lane_headers.values(),
        *lay.lane_rows.values(),
        *lay.cells.values(),
        *lay.cards.values(),
        *(r for _, r in lay.phase_bands),
    ]
    for rect in rects:
        assert inside(rect, lay.bounds), rect
    assert lay.bounds.right == lay.stage_columns[any_doc.stages[-1].id].right + S.margin


# ---------------------------------------------------------------------- phases
@pytest.mark.parametrize(
    ("phases", "bands"),
    [
        (
            ["before", "before", "during", None, None, "after"],
            [("before", [0, 1]), ("during", [2]), (None, [3, 4]), ("after", [5])],
        ),
        (["before", "during", "before"], [("before", [0]), ("during", [1]), ("before", [2])]),
        ([None], [(None, [0])]),
        (["after", "after", "after"], [("after", [0, 1, 2])]),
    ],
)
def test_phase_bands_merge_consecutive_stages_of_one_phase(
    phases: list[str | None], bands: list[tuple[str | None, list[int]]]
) -> None:
    stages = [(f"s{i}", phase) for i, phase in enumerate(phases)]
    doc = grid(stages, ["l1"], {("s1", "l1"): 2} if len(phases) > 1 else {})
    lay = layout.compute(doc)
    assert [phase for phase, _ in lay.phase_bands] == [phase for phase, _ in bands]
    for (_, rect), (_, members) in zip(lay.phase_bands, bands, strict=True):
        first = lay.stage_headers[f"s{members[0]}"]
        last = lay.stage_headers[f"s{members[-1]}"]
        assert (rect.x, rect.right) == (first.x, last.right)
        assert rect.bottom == first.y
    for left, right in itertools.pairwise(r for _, r in lay.phase_bands):
        assert left.right == right.x


# ---------------------------------------------------------------------- emotion curve
def test_emotion_points_sorted_inside_the_band(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    with_emotion = {t.id for t in any_doc.touchpoints() if t.emotion is not None}
    assert {tp_id for tp_id, _ in lay.emotion_points} == with_emotion
    xs = [p.x for _, p in lay.emotion_points]
    assert xs == sorted(xs)
    for tp_id, point in lay.emotion_points:
        assert lay.emotion_band.contains(point.x, point.y)
        assert point.x == lay.cards[tp_id].center.x


def test_higher_emotion_is_higher_up() -> None:
    doc = grid([("s1", None)], ["l1"], {("s1", "l1"): 5})  # emotions -2 … 2
    lay = layout.compute(doc)
    ys = {doc.touchpoint(tp_id).emotion: p.y for tp_id, p in lay.emotion_points}
    assert ys[2] < ys[1] < ys[0] < ys[-1] < ys[-2]
    assert ys[0] == lay.emotion_band.center.y
    assert ys[2] == lay.emotion_band.y + S.emotion_pad
    assert ys[-2] == lay.emotion_band.bottom - S.emotion_pad


def test_emotion_points_follow_stages_when_stages_move() -> None:
    doc = grid([("s1", None), ("s2", None)], ["l1"], {("s1", "l1"): 1, ("s2", "l1"): 1})
    doc.move_stage("s2", 0)
    lay = layout.compute(doc)
    assert [tp_id for tp_id, _ in lay.emotion_points] == ["s2-l1-0", "s1-l1-0"]


# ---------------------------------------------------------------------- hit testing
def test_cell_at_finds_the_cell_of_every_card(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    for t in any_doc.touchpoints():
        rect = lay.cards[t.id]
        for x, y in (
            (rect.x, rect.y),
            (rect.center.x, rect.center.y),
            (rect.right - 0.5, rect.bottom - 0.5),
        ):
            assert lay.cell_at(x, y) == (t.stage, t.lane)
    for (stage, lane), cell in lay.cells.items():
        assert lay.cell_at(cell.x, cell.y) == (stage, lane)
        assert lay.cell_at(cell.right - 0.01, cell.bottom - 0.01) == (stage, lane)


def test_cell_at_outside_the_grid_is_none(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    lane_head = next(iter(lay.lane_headers.values()))
    stage_head = next(iter(lay.stage_headers.values()))
    assert lay.cell_at(lane_head.center.x, lane_head.center.y) is None
    assert lay.cell_at(stage_head.center.x, stage_head.center.y) is None
    assert lay.cell_at(lay.emotion_band.center.x, lay.emotion_band.center.y) is None
    assert lay.cell_at(-5, -5) is None
    assert lay.cell_at(lay.bounds.right + 10, lay.lane_rows[any_doc.lanes[0].id].y) is None


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7])
def test_insertion_index_left_half_before_right_half_after(count: int) -> None:
    doc = grid([("s1", None)], ["l1"], {("s1", "l1"): count})
    lay = layout.compute(doc)
    for position, tp in enumerate(doc.cell("s1", "l1")):
        rect = lay.cards[tp.id]
        y = rect.center.y
        assert lay.insertion_index("s1", "l1", rect.x + 1, y, count) == position
        assert lay.insertion_index("s1", "l1", rect.center.x - 1, y, count) == position
        assert lay.insertion_index("s1", "l1", rect.center.x + 1, y, count) == position + 1
        assert lay.insertion_index("s1", "l1", rect.right - 1, y, count) == position + 1
        assert lay.insertion_index("s1", "l1", rect.x + 1, rect.y + 1, count) == position


def test_insertion_index_at_the_edges_of_a_cell() -> None:
    doc = grid([("s1", None), ("s2", None)], ["l1"], {("s1", "l1"): 4, ("s2", "l1"): 1})
    lay = layout.compute(doc)
    cell = lay.cells[("s1", "l1")]
    assert lay.insertion_index("s1", "l1", cell.x, cell.y, 4) == 0
    assert lay.insertion_index("s1", "l1", cell.right - 1, cell.y + S.cell_pad + 1, 4) == 3
    assert lay.insertion_index("s1", "l1", cell.right - 1, cell.bottom - 1, 4) == 4
    assert lay.insertion_index("s1", "l1", cell.x + 1, cell.bottom - 1, 4) == 3
    assert lay.insertion_index("s1", "l1", cell.x - 50, cell.y - 50, 4) == 0
    empty = lay.cells[("s2", "l1")]
    assert lay.insertion_index("s2", "l1", empty.center.x, empty.center.y, 0) == 0


def test_dropping_on_a_cards_right_half_moves_after_it() -> None:
    """The way the editor uses it: index among the other cards, then MoveTouchpoint."""
    doc = grid([("s1", None), ("s2", None)], ["l1"], {("s1", "l1"): 3, ("s2", "l1"): 1})
    lay = layout.compute(doc)
    target = lay.cards["s1-l1-1"]
    cell = lay.cell_at(target.right - 2, target.center.y)
    assert cell == ("s1", "l1")
    index = lay.insertion_index(*cell, target.right - 2, target.center.y, 3)
    MoveTouchpoint("s2-l1-0", *cell, index).do(doc)
    assert [t.id for t in doc.cell("s1", "l1")] == ["s1-l1-0", "s1-l1-1", "s2-l1-0", "s1-l1-2"]


# ---------------------------------------------------------------------- links
# (how routes run is tested in tests/core/test_routing.py)
def test_layout_link_routes_start_and_end_on_the_card_rects(any_doc: JourneyMap) -> None:
    lay = layout.compute(any_doc)
    assert len(lay.routes) == len(any_doc.links())
    for link in any_doc.links():
        route = lay.link(link.source, link.target)
        src, dst = lay.cards[link.source], lay.cards[link.target]
        start, end = src.mid(route.start_side), dst.mid(route.end_side)
        if route.start_side in ("left", "right"):
            assert route.start.x == start.x and src.y < route.start.y < src.bottom
        else:
            assert route.start.y == start.y and src.x < route.start.x < src.right
        if route.end_side in ("left", "right"):
            assert route.end.x == end.x and dst.y < route.end.y < dst.bottom
        else:
            assert route.end.y == end.y and dst.x < route.end.x < dst.right
        if dst.x >= src.right:
            assert (route.start_side, route.end_side) == ("right", "left")
        elif dst.right <= src.x:
            assert (route.start_side, route.end_side) == ("bottom", "bottom")


# ---------------------------------------------------------------------- determinism
def test_layout_depends_only_on_the_document(any_doc: JourneyMap) -> None:
    first = layout.compute(any_doc)
    assert layout.compute(any_doc) == first
    reloaded = fileformat.loads(fileformat.dumps(any_doc))
    assert layout.compute(reloaded) == first


def test_layout_after_do_and_undo_equals_the_layout_before(any_doc: JourneyMap) -> None:
    before = layout.compute(any_doc)
    first = any_doc.touchpoints()[0]
    commands: list[Any] = [
        RemoveTouchpoints([first.id]),
        AddTouchpoint(
            Touchpoint(id="zz-new", title="t", stage=first.stage, lane=first.lane, slot=0), 0
        ),
        MoveTouchpoint(first.id, any_doc.stages[-1].id, any_doc.lanes[-1].id, 0),
    ]
    for command in commands:
        command.do(any_doc)
        assert layout.compute(any_doc) != before
        command.undo(any_doc)
        assert layout.compute(any_doc) == before


def test_moving_a_card_moves_its_rect_to_the_new_cell() -> None:
    doc = grid([("s1", None), ("s2", None)], ["l1", "l2"], {("s1", "l1"): 2, ("s2", "l2"): 1})
    before = layout.compute(doc)
    command = MoveTouchpoint("s1-l1-0", "s2", "l2", 0)
    command.do(doc)
    after = layout.compute(doc)
    moved = after.cards["s1-l1-0"]
    assert inside(moved, after.cells[("s2", "l2")])
    assert moved == after.card_rect("s2", "l2", 0)
    assert after.cards["s2-l2-0"] == after.card_rect("s2", "l2", 1)
    assert after.cards["s1-l1-1"] == after.card_rect("s1", "l1", 0)  # the cell closed up
    assert after.per_row["s2"] == 2 and after.per_row["s1"] == 1
    command.undo(doc)
    assert layout.compute(doc) == before
