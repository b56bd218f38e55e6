"""As-is / to-be marks computed from the diff and the to-be layout."""

from __future__ import annotations

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
