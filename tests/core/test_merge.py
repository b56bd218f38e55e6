"""Three-way merge by entity id: clean merges, conflicts, and always a valid map."""

from __future__ import annotations

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from versions_strategies import edit

from journeymap.core import diff, fileformat
from journeymap.core.entities import BUILTIN_CHANNELS, Link, Stage, Touchpoint
from journeymap.core.merge import merge
from journeymap.core.model import JourneyMap
from journeymap.resources import example

PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
STARTS = ("ecommerce-first-order", "saas-trial-to-renewal", "service-business")


def ecommerce() -> JourneyMap:
    return fileformat.load(example("ecommerce-first-order"))


def with_lone_card() -> tuple[JourneyMap, JourneyMap, JourneyMap, Touchpoint]:
    """Three copies of the example holding one more card, linked to nothing."""
    doc = ecommerce()
    stage, lane = doc.stages[0].id, doc.lanes[-1].id
    slot = max((t.slot for t in doc.cell(stage, lane)), default=-1) + 1
    lone = Touchpoint(id="lone", title="Lone card", stage=stage, lane=lane, slot=slot)
    doc.add_touchpoint(lone)
    data = fileformat.dumps(doc)
    base, a, b = (fileformat.loads(data) for _ in range(3))
    return base, a, b, lone


def dumps(doc: JourneyMap) -> bytes:
    return fileformat.dumps(doc)


@PROPERTY
@given(data=st.data(), start=st.sampled_from(STARTS), steps=st.integers(0, 20))
def test_merge_with_an_unchanged_side_is_the_other_side(
    data: st.DataObject, start: str, steps: int
) -> None:
    base = fileformat.load(example(start))
    a = edit(data, base, steps, "a")
    ours = merge(base, a, base)
    assert ours.clean and dumps(ours.map) == dumps(a)
    theirs = merge(base, base, a)
    assert theirs.clean and dumps(theirs.map) == dumps(a)


Defs = set[tuple[object, ...]]


def touched(d: diff.Diff) -> tuple[Defs, Defs]:
    """What a change set changes ((kind, key, field), "*" for a whole record, and the cell
    slots its cards take or leave) and what it relies on ((kind, key): the stages, lanes,
    channels and cards its records refer to)."""
    defs: Defs = set()
    uses: Defs = set()
    for c in d.changes:
        for name in c.field_names() if c.op == "changed" else ("*",):
            defs.add((c.kind, c.key, name))
            defs.add((c.kind, c.old_key, name))
        for rec in (c.old, c.new):
            if isinstance(rec, Touchpoint):
                defs.add(("slot", rec.stage, rec.lane, rec.slot))
                uses.update({("stage", rec.stage), ("lane", rec.lane), ("channel", rec.channel)})
            if isinstance(rec, Link):
                uses.update({("touchpoint", rec.source), ("touchpoint", rec.target)})
            if c.kind == "improvement" and rec is not None:
                uses.update(("touchpoint", t) for t in rec.touchpoints)
        for f in c.fields:
            if f.field == "channels":
                for palette in (f.old, f.new):
                    defs.update(("channel", ch.id, "*") for ch in palette or BUILTIN_CHANNELS)
    for name in d.orders:
        if name not in diff.QUIET_ORDER:
            defs.add(("order", name))
    return defs, uses


def overlap(a: diff.Diff, b: diff.Diff) -> bool:
    (defs_a, uses_a), (defs_b, uses_b) = touched(a), touched(b)
    if defs_a & defs_b:
        return True
    ents_a = {x[:2] for x in defs_a if len(x) == 3}
    ents_b = {x[:2] for x in defs_b if len(x) == 3}
    whole_a = {x[:2] for x in defs_a if len(x) == 3 and x[2] in ("*", "id")}
    whole_b = {x[:2] for x in defs_b if len(x) == 3 and x[2] in ("*", "id")}
    return bool(whole_a & (uses_b | ents_b) or whole_b & (uses_a | ents_a))


@PROPERTY
@given(data=st.data(), start=st.sampled_from(STARTS), steps=st.integers(1, 12))
def test_merge_of_changes_to_different_things_is_applying_both(
    data: st.DataObject, start: str, steps: int
) -> None:
    base = fileformat.load(example(start))
    a = edit(data, base, steps, "a")
    b = edit(data, base, steps, "b")
    da, db = diff.compute(base, a), diff.compute(base, b)
    result = merge(base, a, b)
    assert fileformat.loads(dumps(result.map)) is not None
    if overlap(da, db):
        return
    assert result.clean, result.conflicts
    both = diff.apply(diff.apply(base, da), db)
    assert dumps(result.map) == dumps(both)


@PROPERTY
@given(data=st.data(), steps=st.integers(1, 15))
def test_edits_to_different_cards_always_merge_cleanly(data: st.DataObject, steps: int) -> None:
    base = ecommerce()
    ids = [t.id for t in base.touchpoints()]
    a, b = ecommerce(), ecommerce()
    for doc, mine in ((a, ids[0::2]), (b, ids[1::2])):
        for _ in range(steps):
            card = data.draw(st.sampled_from(mine))
            doc.update_touchpoint(card, emotion=data.draw(st.none() | st.integers(-2, 2)),
                                  owner=data.draw(st.text(max_size=5)))
    result = merge(base, a, b)
    assert result.clean
    for card in ids:
        source = a if ids.index(card) % 2 == 0 else b
        assert result.map.touchpoint(card) == source.touchpoint(card)


@PROPERTY
@given(data=st.data(), start=st.sampled_from(STARTS), steps=st.integers(1, 25))
def test_any_merge_saves_a_map_that_loads(data: st.DataObject, start: str, steps: int) -> None:
    base = fileformat.load(example(start))
    a = edit(data, base, steps, "a")
    b = edit(data, base, steps, "b")
    result = merge(base, a, b)
    again = fileformat.loads(dumps(result.map))
    assert dumps(again) == dumps(result.map)
    for conflict in result.conflicts:
        assert conflict.message


def test_different_fields_of_one_card_merge_cleanly() -> None:
    base, a, b = ecommerce(), ecommerce(), ecommerce()
    card = base.touchpoints()[2].id
    a.update_touchpoint(card, emotion=-2)
    b.update_touchpoint(card, owner="Checkout team", votes=4)
    result = merge(base, a, b)
    assert result.clean
    merged = result.map.touchpoint(card)
    assert (merged.emotion, merged.owner, merged.votes) == (-2, "Checkout team", 4)


def test_the_same_field_changed_two_ways_is_a_conflict_keeping_ours() -> None:
    base, a, b = ecommerce(), ecommerce(), ecommerce()
    card = base.touchpoints()[2].id
    a.update_touchpoint(card, emotion=-2, owner="A")
    b.update_touchpoint(card, emotion=2, title="Theirs")
    result = merge(base, a, b)
    (conflict,) = result.conflicts
    assert (conflict.kind, conflict.key, conflict.field) == ("touchpoint", card, "emotion")
    assert (conflict.ours, conflict.theirs) == (-2, 2)
    merged = result.map.touchpoint(card)
    assert (merged.emotion, merged.owner, merged.title) == (-2, "A", "Theirs")


def test_removed_on_one_side_and_edited_on_the_other_keeps_the_edit() -> None:
    base, a, b, lone = with_lone_card()
    card = lone.id
    a.remove_touchpoint(card)
    b.update_touchpoint(card, emotion=2)
    result = merge(base, a, b)
    (conflict,) = result.conflicts
    assert conflict.key == card and "removed in ours" in conflict.message
    assert result.map.touchpoint(card).emotion == 2


def test_cards_added_to_one_slot_on_both_sides_are_renumbered() -> None:
    base, a, b = ecommerce(), ecommerce(), ecommerce()
    stage, lane = base.stages[0].id, base.lanes[0].id
    slot = max((t.slot for t in base.cell(stage, lane)), default=-1) + 1
    a.add_touchpoint(Touchpoint(id="ours-card", title="O", stage=stage, lane=lane, slot=slot))
    b.add_touchpoint(Touchpoint(id="their-card", title="T", stage=stage, lane=lane, slot=slot))
    result = merge(base, a, b)
    assert result.clean
    cell = [t.id for t in result.map.cell(stage, lane)]
    assert cell[-2:] == ["ours-card", "their-card"]


def test_a_link_to_a_card_removed_on_the_other_side_is_dropped_as_a_conflict() -> None:
    base, a, b, card = with_lone_card()
    lone = card.id
    other = next(t.id for t in base.touchpoints() if t.id != lone)
    a.remove_touchpoint(lone)
    b.add_link(Link(source=other, target=lone, label="new"))
    result = merge(base, a, b)
    assert [c.kind for c in result.conflicts] == ["link"]
    assert not result.map.has_touchpoint(lone)


def test_a_removed_stage_still_holding_the_other_sides_card_is_kept() -> None:
    base, a, b = ecommerce(), ecommerce(), ecommerce()
    a.add_stage(Stage(id="extra", name="Extra"))
    base.add_stage(Stage(id="extra", name="Extra"))
    b.add_stage(Stage(id="extra", name="Extra"))
    a.remove_stage("extra")
    b.add_touchpoint(Touchpoint(id="in-extra", title="X", stage="extra",
                                lane=base.lanes[0].id, slot=0))
    result = merge(base, a, b)
    assert [c.kind for c in result.conflicts] == ["stage"]
    assert result.map.touchpoint("in-extra").stage == "extra"


def test_a_card_readded_under_a_new_id_merges_with_an_edit_of_the_old_one() -> None:
    base, a, b, lone = with_lone_card()
    a.remove_touchpoint(lone.id)
    a.add_touchpoint(msgspec.structs.replace(lone, id="pasted"))
    b.update_touchpoint(lone.id, emotion=-2)
    result = merge(base, a, b)
    assert result.clean
    assert result.map.touchpoint("pasted").emotion == -2
    assert not result.map.has_touchpoint(lone.id)
