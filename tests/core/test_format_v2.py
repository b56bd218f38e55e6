"""File format version 2: link metrics, touchpoint evidence, sources; written as version 1 when
none of them is used; version-1 files load unchanged; edits are undoable."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from journeymap.core import commands
from journeymap.core.entities import Source
from journeymap.core.errors import DuplicateId, FileFormatError, InvalidValue
from journeymap.core.fileformat import dumps, loads


def _v2(small_map: dict[str, Any]) -> dict[str, Any]:
    small_map["version"] = 2
    small_map["touchpoints"][1]["evidence"] = "observed"
    small_map["links"][0]["metrics"] = {"cases": 812, "share": 0.34, "median_hours": 20.5}
    small_map["sources"] = [
        {"id": "s1", "name": "events-2026-11.csv", "kind": "events", "imported": "2026-11-30",
         "records": 1000000},
        {"id": "s2", "name": "Exit survey", "kind": "survey", "imported": "2026-12-01",
         "records": 240, "note": "Q4 wave"},
    ]
    return small_map


def _canonical(data: dict[str, Any]) -> bytes:
    return dumps(loads(json.dumps(data)))


def test_version_1_file_loads_and_stays_version_1(small_map: dict[str, Any]) -> None:
    doc = loads(json.dumps(small_map))
    assert doc.sources == [] and doc.touchpoint("queue").evidence is None
    assert doc.link("door", "queue").metrics == {}
    out = dumps(doc)
    assert json.loads(out)["version"] == 1
    assert b"evidence" not in out and b"sources" not in out


def test_version_2_round_trips_byte_exact(small_map: dict[str, Any]) -> None:
    first = _canonical(_v2(small_map))
    assert json.loads(first)["version"] == 2
    doc = loads(first)
    assert dumps(doc) == first
    assert doc.touchpoint("queue").evidence == "observed"
    assert doc.link("door", "queue").metrics["cases"] == 812
    assert doc.source("s1").imported == datetime.date(2026, 11, 30)
    assert doc.source("s2").note == "Q4 wave"


@pytest.mark.parametrize(
    ("where", "place"),
    [("evidence", "touchpoints[1].evidence"), ("metrics", "links[0].metrics"),
     ("sources", "sources")],
)
def test_each_version_2_key_alone_makes_version_2(
    small_map: dict[str, Any], where: str, place: str
) -> None:
    data = _v2(small_map)
    if where != "evidence":
        del data["touchpoints"][1]["evidence"]
    if where != "metrics":
        del data["links"][0]["metrics"]
    if where != "sources":
        del data["sources"]
    assert json.loads(_canonical(data))["version"] == 2
    data["version"] = 1
    with pytest.raises(FileFormatError) as info:
        loads(json.dumps(data))
    assert str(info.value).startswith(f"{place}: ")
    assert 'write "version": 2' in str(info.value)


def test_removing_the_last_version_2_key_writes_version_1_again(
    small_map: dict[str, Any],
) -> None:
    doc = loads(json.dumps(_v2(small_map)))
    doc.update_touchpoint("queue", evidence=None)
    doc.update_link("door", "queue", metrics={})
    assert json.loads(dumps(doc))["version"] == 2
    doc.update_map(sources=[])
    assert json.loads(dumps(doc))["version"] == 1
    assert dumps(doc) == _canonical(small_map_without_v2(small_map))


def small_map_without_v2(data: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    data["version"] = 1
    data["touchpoints"][1].pop("evidence", None)
    data["links"][0].pop("metrics", None)
    data.pop("sources", None)
    return data


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["touchpoints"][1].update(evidence="seen"),
         'touchpoints[1].evidence: expected one of "assumed", "observed", "reported" or null'),
        (lambda d: d["sources"][0].update(kind="crm"), "sources[0].kind: expected one of"),
        (lambda d: d["sources"][0].update(records=-1),
         "sources[0].records: expected an integer from 0 to 2,147,483,647"),
        (lambda d: d["sources"][0].update(imported="30.11.2026"), "sources[0].imported: "),
        (lambda d: d["sources"][1].update(id="s1"),
         'sources[1].id: duplicate id "s1" (also sources[0])'),
        (lambda d: d["links"][0]["metrics"].update(share="a third"),
         "links[0].metrics.share: expected a number"),
    ],
)
def test_bad_version_2_values_name_their_place(
    small_map: dict[str, Any], mutate: Any, message: str
) -> None:
    data = _v2(small_map)
    mutate(data)
    with pytest.raises(FileFormatError) as info:
        loads(json.dumps(data))
    assert str(info.value).startswith(message), str(info.value)


def test_new_fields_are_undoable_edits(small_map: dict[str, Any]) -> None:
    doc = loads(json.dumps(small_map))
    before = dumps(doc)
    source = Source(id="s1", name="log.csv", kind="events",
                    imported=datetime.date(2026, 12, 1), records=10)
    step = commands.Macro("Import measurements", [
        commands.Edit("touchpoint", "queue", {"evidence": "observed"}),
        commands.Edit("link", ("door", "queue"), {"metrics": {"cases": 10, "share": 1.0}}),
        commands.Edit("map", None, {"sources": [*doc.sources, source]}),
    ])
    step.do(doc)
    assert doc.touchpoint("queue").evidence == "observed"
    assert doc.link("door", "queue").metrics == {"cases": 10, "share": 1.0}
    assert [s.name for s in doc.sources] == ["log.csv"]
    assert json.loads(dumps(doc))["version"] == 2
    step.undo(doc)
    assert dumps(doc) == before
    step.do(doc)
    assert doc.sources[0].records == 10


def test_document_refuses_bad_sources_and_link_metrics(small_map: dict[str, Any]) -> None:
    doc = loads(json.dumps(small_map))
    src = Source(id="s", name="a", kind="survey", imported=datetime.date(2026, 1, 1), records=1)
    with pytest.raises(DuplicateId):
        doc.update_map(sources=[src, src])
    with pytest.raises(InvalidValue, match="finite"):
        doc.update_link("door", "queue", metrics={"share": float("nan")})
    with pytest.raises(InvalidValue):
        doc.update_touchpoint("queue", evidence="maybe")
    assert doc.sources == [] and doc.link("door", "queue").metrics == {}
