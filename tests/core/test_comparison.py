"""As-is / to-be marks computed from the diff and the to-be layout."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from versions_strategies import edit

from journeymap.core import fileformat
from journeymap.core.comparison import compare
from journeymap.core.layout import compute
from tests.versions_fixture import as_is, to_be


def _marks():
    old, new = as_is(), to_be()
    return compare(old, new, compute(new))


def test_cards_are_marked_by_what_happened_to_them() -> None:
    c = _marks()
    assert c.cards["klarna"].status == "added"
    assert c.cards["read-reviews"].status == "moved"
    assert c.cards["read-reviews"].moved_from == "Evaluate"
    shipping = c.cards["checkout-shipping"]
    assert shipping.status == "changed"
    assert shipping.emotion_delta == 3
    assert set(shipping.fields) == {"emotion", "description"}
    assert shipping.note == "▲ +3 · description"
    assert c.cards["carrier-tracking"].emotion_delta < 0
    assert c.cards["carrier-tracking"].note.startswith("▼ ")


def test_a_removed_card_is_a_ghost_in_its_old_cell_clear_of_the_cards() -> None:
    new = to_be()
    layout = compute(new)
    c = compare(as_is(), new, layout)
    (ghost,) = c.ghosts
    assert ghost.tp_id == "guest-checkout"
    assert ghost.rect is not None
    assert layout.cells[(ghost.stage, ghost.lane)].contains(ghost.rect.x, ghost.rect.y)
    assert not any(ghost.rect.intersects(r) for r in layout.cards.values())
    assert c.count("removed") == 1 and c.count("added") == 1


def test_rows_name_the_card_they_are_about_and_the_curves_differ() -> None:
    c = _marks()
    texts = [r.text for r in c.rows]
    assert any(t.startswith("+ \"Pay with Klarna\"") for t in texts)
    ghost_rows = [r for r in c.rows if r.ghost == "guest-checkout"]
    assert ghost_rows and ghost_rows[0].status == "removed"
    moved = next(r for r in c.rows if r.card == "read-reviews")
    assert moved.status == "moved"
    assert len(c.old_curve) >= 5


def test_a_map_compared_with_itself_has_no_marks() -> None:
    doc = as_is()
    c = compare(as_is(), doc, compute(doc))
    assert c.equal and not c.cards and not c.ghosts and not c.rows


PROPERTY = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(data=st.data(), steps=st.integers(0, 20))
def test_marks_of_random_edits_are_placed_and_accounted_for(
    data: st.DataObject, steps: int
) -> None:
    old = as_is()
    new = edit(data, old, steps, "b")
    layout = compute(new)
    c = compare(old, new, layout)
    current = {t.id for t in new.touchpoints()}
    before = {t.id for t in old.touchpoints()}
    assert set(c.cards) <= current
    assert {m.tp_id for m in c.cards.values() if m.status == "added"} <= current
    removed = {ch.key for ch in c.diff.of("touchpoint", "removed")}
    assert {g.tp_id for g in c.ghosts} == removed <= before
    placed = [g.rect for g in c.ghosts if g.rect is not None]
    for ghost in c.ghosts:
        if ghost.rect is None:
            continue
        cell = layout.cells[(ghost.stage, ghost.lane)]
        assert cell.x <= ghost.rect.x and ghost.rect.right <= cell.right + 0.5
        assert cell.y <= ghost.rect.y and ghost.rect.bottom <= cell.bottom + 0.5
        assert not any(ghost.rect.intersects(r) for r in layout.cards.values())
        assert sum(1 for r in placed if r == ghost.rect) == 1
    band = layout.emotion_band
    assert all(band.y <= p.y <= band.bottom for p in c.old_curve)
    assert [p.x for p in c.old_curve] == sorted(p.x for p in c.old_curve)
    assert c.equal == (fileformat.dumps(old) == fileformat.dumps(new))
    assert len(c.rows) >= sum(1 for ch in c.diff.changes if ch.kind == "touchpoint"
                              and ch.op != "changed")


def test_the_summary_names_cards_changed_otherwise_per_stage() -> None:
    from journeymap.core.diff import compute as diff_of
    from journeymap.core.diffreport import summary

    old, new = as_is(), to_be()
    stages = {s.stage_id: s for s in summary(diff_of(old, new), old, new).stages}
    assert stages["discover"].changed == [("Reads customer reviews", "moved from Evaluate")]
    buy = dict(stages["buy"].changed)
    assert buy[new.touchpoint("checkout-shipping").title] == "description"
    assert stages["wait"].changed == []  # only re-rated there: the emotion columns say it
