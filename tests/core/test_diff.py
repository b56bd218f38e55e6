"""The semantic diff: what it finds, and applying it gives the new map byte for byte."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from versions_strategies import edit

from journeymap.core import diff, fileformat
from journeymap.core.entities import MapFile, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.resources import example

STARTS = ("ecommerce-first-order", "saas-trial-to-renewal", "service-business")
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def ecommerce() -> JourneyMap:
    return fileformat.load(example("ecommerce-first-order"))


@PROPERTY
@given(data=st.data(), start=st.sampled_from(STARTS), steps=st.integers(0, 25))
def test_applying_the_diff_gives_the_new_map_byte_for_byte(
    data: st.DataObject, start: str, steps: int
) -> None:
    a = fileformat.load(example(start))
    b = edit(data, a, steps, "b")
    d = diff.compute(a, b)
    assert bool(d) == (fileformat.dumps(a) != fileformat.dumps(b))
    assert fileformat.dumps(diff.apply(a, d)) == fileformat.dumps(b)
    assert not diff.compute(b, b)


@PROPERTY
@given(data=st.data(), steps=st.integers(1, 20))
def test_diff_between_two_edited_versions_applies(data: st.DataObject, steps: int) -> None:
    base = ecommerce()
    a = edit(data, base, steps, "a")
    b = edit(data, base, steps, "b")
    assert fileformat.dumps(diff.apply(a, diff.compute(a, b))) == fileformat.dumps(b)


def test_changes_are_reported_by_entity_and_field() -> None:
    a, b = ecommerce(), ecommerce()
    card = b.touchpoints()[3]
    b.update_touchpoint(card.id, emotion=2, owner="New team")
    stage = b.stages[1]
    b.place_touchpoints({b.touchpoints()[0].id: (stage.id, b.touchpoints()[0].lane, 9)})
    d = diff.compute(a, b)
    changed = {c.key: c for c in d.of("touchpoint", "changed")}
    assert changed[card.id].field_names() == ("emotion", "owner")
    assert changed[card.id].changed("owner").new == "New team"  # type: ignore[union-attr]
    moved = changed[a.touchpoints()[0].id].changed("stage")
    assert moved is not None and moved.new == stage.id
    assert not d.of("touchpoint", "added") and not d.of("touchpoint", "removed")


def readd(doc: JourneyMap, old_id: str, new_id: str, **fields: object) -> None:
    """Cut a card and paste it back under a new id, with its links and plan references."""
    old = doc.touchpoint(old_id)
    links = doc.links_of(old_id)
    named = [i for i in doc.improvements if old_id in i.touchpoints]
    for lk in links:
        doc.remove_link(lk.source, lk.target)
    for imp in named:
        doc.update_improvement(imp.id, touchpoints=[t for t in imp.touchpoints if t != old_id])
    doc.remove_touchpoint(old_id)
    doc.add_touchpoint(msgspec.structs.replace(old, id=new_id, **fields))
    swap = {old_id: new_id}
    for lk in links:
        doc.add_link(msgspec.structs.replace(
            lk, source=swap.get(lk.source, lk.source), target=swap.get(lk.target, lk.target)))
    for imp in named:
        doc.update_improvement(imp.id, touchpoints=[*imp.touchpoints, new_id])


def test_a_card_removed_and_readded_under_a_new_id_is_the_same_card() -> None:
    a, b = ecommerce(), ecommerce()
    old = b.links()[0].source
    readd(b, old, "fresh-id", emotion=-1)
    d = diff.compute(a, b)
    (change,) = d.of("touchpoint")
    assert change.op == "changed" and change.old_key == old and change.key == "fresh-id"
    assert change.field_names() == ("id", "emotion")
    assert not d.of("link"), "the card's links are the same links"
    assert fileformat.dumps(diff.apply(a, d)) == fileformat.dumps(b)


def test_readded_card_in_another_cell_is_a_new_card() -> None:
    a, b = ecommerce(), ecommerce()
    old = b.links()[0].source
    readd(b, old, "fresh-id", lane=b.lanes[-1].id, slot=30)
    d = diff.compute(a, b)
    assert [c.op for c in d.of("touchpoint")] == ["removed", "added"]
    assert fileformat.dumps(diff.apply(a, d)) == fileformat.dumps(b)


def test_every_declared_field_is_compared() -> None:
    """A field the diff ignored would not show here: each field of each record changes."""
    samples = {
        str: "zz", int: 1, bool: True, list: ["x"], dict: {"k": 1.5},
    }
    for coll in diff.COLLECTIONS:
        for info in msgspec.structs.fields(coll.record):
            if info.name in coll.key_fields:
                continue
            value = info.default if info.default is not msgspec.NODEFAULT else None
            other = next((v for t, v in samples.items() if isinstance(value, t)), "changed")
            a = _record_with(coll, {})
            b = _record_with(coll, {info.name: other})
            changes = diff.field_changes(a, b)
            assert [c.field for c in changes] == [info.name], (coll.name, info.name)
    declared = {f.name for f in msgspec.structs.fields(MapFile)}
    assert declared == set(diff.MAP_FIELDS) | set(diff.COLLECTION) | set(diff.SKIPPED)


def _record_with(coll: diff.Collection, values: dict[str, object]) -> msgspec.Struct:
    required = {f.name: _filler(f.name) for f in msgspec.structs.fields(coll.record)
                if f.required}
    return coll.record(**{**required, **values})


def _filler(name: str) -> object:
    return 0 if name == "slot" else ("digital" if name == "kind" else "x")


def test_a_changed_map_field_and_palette_apply() -> None:
    a, b = ecommerce(), ecommerce()
    b.update_map(title="To-be", description="Designed")
    d = diff.compute(a, b)
    assert [f.field for c in d.of("map") for f in c.fields] == ["title", "description"]
    assert diff.apply(a, d).title == "To-be"


def test_applying_to_another_map_is_refused_with_a_sentence() -> None:
    a, b = ecommerce(), ecommerce()
    b.update_touchpoint(b.touchpoints()[0].id, emotion=-2)
    d = diff.compute(a, b)
    other = fileformat.load(example("service-business"))
    with pytest.raises(diff.DiffError, match="touchpoints"):
        diff.apply(other, d)


def test_applied_map_shares_no_record_with_its_sources() -> None:
    a, b = ecommerce(), ecommerce()
    b.add_touchpoint(Touchpoint(id="new", title="New", stage=b.stages[0].id,
                                lane=b.lanes[0].id, slot=40))
    c = diff.apply(a, diff.compute(a, b))
    c.place_touchpoints({"new": (c.stages[1].id, c.lanes[0].id, 41)})
    assert b.touchpoint("new").stage == b.stages[0].id
    assert a.touchpoints()[0] is not c.touchpoints()[0]
