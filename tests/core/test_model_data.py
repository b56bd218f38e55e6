"""Adding a card from plain field values (an import's row) keeps every rule of add_touchpoint."""

from __future__ import annotations

import math
from typing import Any

import msgspec
import pytest

from journeymap.core import fileformat
from journeymap.core.entities import MAX_COUNT, MAX_EXACT_INT, MAX_TEXT, Lane, Stage, Touchpoint
from journeymap.core.errors import (
    DuplicateId,
    InvalidValue,
    ModelError,
    OccupiedSlot,
    UnknownReference,
)
from journeymap.core.model import JourneyMap


def _doc() -> JourneyMap:
    doc = JourneyMap("Rows")
    doc.add_stage(Stage(id="s1", name="One"))
    doc.add_lane(Lane(id="l1", name="Customer"))
    doc.add_touchpoint(Touchpoint(id="taken", title="Taken", stage="s1", lane="l1", slot=0))
    return doc


def _card(**fields: Any) -> dict[str, Any]:
    return {"id": "new", "title": "New card", "stage": "s1", "lane": "l1", "slot": 1, **fields}


BAD = [
    pytest.param(_card(emotion=3), id="emotion out of range"),
    pytest.param(_card(emotion="happy"), id="emotion a text"),
    pytest.param(_card(colour="red"), id="colour not #rrggbb"),
    pytest.param(_card(votes=MAX_COUNT + 1), id="votes over the editor's range"),
    pytest.param(_card(slot=-1), id="negative slot"),
    pytest.param(_card(slot=True), id="slot a boolean"),
    pytest.param(_card(title="T" * (MAX_TEXT + 1)), id="title too long"),
    pytest.param(_card(id=""), id="empty id"),
    pytest.param(_card(id="x" * 65), id="id too long"),
    pytest.param(_card(metrics={"csat": math.nan}), id="NaN metric"),
    pytest.param(_card(metrics={"csat": -math.inf}), id="infinite metric"),
    pytest.param(_card(metrics={"big": MAX_EXACT_INT + 1}), id="integer metric over 2**53"),
    pytest.param(_card(metrics={"k" * 65: 1}), id="metric name too long"),
    pytest.param(_card(pain_points=["ok", 5]), id="a pain point that is a number"),
    pytest.param(_card(description="half \ud800 a pair"), id="lone surrogate"),
    pytest.param(_card(owner=None), id="owner null"),
    pytest.param(_card(evidence="rumoured"), id="unknown evidence"),
    pytest.param(_card(stage="nowhere"), id="unknown stage"),
    pytest.param(_card(lane="nowhere"), id="unknown lane"),
    pytest.param(_card(channel="pigeon"), id="unknown channel"),
    pytest.param(_card(id="taken"), id="id in use"),
    pytest.param(_card(slot=0), id="slot taken"),
]


@pytest.mark.parametrize("fields", BAD)
def test_a_bad_card_is_refused_with_the_same_sentence_and_nothing_changes(
    fields: dict[str, Any],
) -> None:
    via_record, via_data = _doc(), _doc()
    with pytest.raises(ModelError) as expected:
        via_record.add_touchpoint(Touchpoint(**fields))
    before = fileformat.dumps(via_data)
    with pytest.raises(ModelError) as refused:
        via_data.add_touchpoint_data(dict(fields))
    assert type(refused.value) is type(expected.value)
    assert str(refused.value) == str(expected.value)
    assert fileformat.dumps(via_data) == before


def test_the_refusals_are_of_every_kind() -> None:
    kinds = set()
    for param in BAD:
        try:
            _doc().add_touchpoint_data(dict(param.values[0]))
        except ModelError as err:
            kinds.add(type(err))
    assert kinds == {InvalidValue, UnknownReference, DuplicateId, OccupiedSlot}


def test_a_sound_card_is_stored_as_add_touchpoint_stores_it() -> None:
    fields = _card(channel="website", emotion=-2, colour="#c62828", pain_points=["Slow"],
                   metrics={"csat": 4.5, "nps": -31}, votes=3, moment_of_truth=True,
                   owner="", evidence="observed")
    via_record, via_data = _doc(), _doc()
    via_record.add_touchpoint(Touchpoint(**fields))
    stored = via_data.add_touchpoint_data(fields)
    assert stored == via_record.touchpoint("new") == via_data.touchpoint("new")
    assert fileformat.dumps(via_data) == fileformat.dumps(via_record)
    # a checked copy: changing what was handed in changes nothing in the map
    fields["pain_points"].append("Later")
    fields["metrics"]["csat"] = 1.0
    assert via_data.touchpoint("new").pain_points == ["Slow"]
    assert via_data.touchpoint("new").metrics == {"csat": 4.5, "nps": -31}
    assert msgspec.structs.asdict(stored)["slot"] == 1


def test_an_unknown_field_is_named() -> None:
    doc = _doc()
    with pytest.raises(InvalidValue, match='touchpoint "new": unknown key "colour_name"'):
        doc.add_touchpoint_data(_card(colour_name="red"))
    assert not doc.has_touchpoint("new")
