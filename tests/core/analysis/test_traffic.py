"""Traffic-weighted findings on a hand-measured map: most-travelled path, where customers are
lost, moments of truth resting on assumed evidence."""

from __future__ import annotations

import json
from typing import Any

from journeymap.core.analysis.traffic import DEFINITIONS, TRAFFIC_FINDINGS, format_traffic, traffic
from journeymap.core.fileformat import loads


def _measured(small_map: dict[str, Any]) -> Any:
    d = small_map
    d["version"] = 2
    tps = {tp["id"]: tp for tp in d["touchpoints"]}
    tps["door"]["metrics"] = {"cases": 100, "drop_off": 0.1}
    tps["queue"]["metrics"] = {"cases": 80, "drop_off": 0.25}
    tps["pay"]["metrics"] = {"cases": 60, "drop_off": 0}
    tps["pay"]["evidence"] = "observed"
    tps["greet"]["moment_of_truth"] = True
    tps["greet"]["evidence"] = "assumed"
    tps["queue"]["moment_of_truth"] = True
    d["links"][0]["metrics"] = {"cases": 80, "share": 0.8}
    d["links"][1]["metrics"] = {"cases": 60, "share": 0.75}
    d["links"].append({"source": "door", "target": "greet", "metrics": {"cases": 5,
                                                                       "share": 0.05}})
    return loads(json.dumps(d))


def test_findings_worked_out_by_hand(small_map: dict[str, Any]) -> None:
    doc = _measured(small_map)
    found = traffic(doc)
    assert found.measured
    # From the entry door (100 cases) the busiest link goes to queue (80), then pay (60).
    assert [s.touchpoint for s in found.most_travelled] == ["door", "queue", "pay"]
    assert [s.cases for s in found.most_travelled] == [100, 80, 60]
    assert found.total_emotion == -1 and found.lowest is not None
    assert found.lowest.touchpoint == "queue"
    # Lost: queue 80 × 0.25 = 20, door 100 × 0.1 = 10; pay loses nobody.
    assert [(x.touchpoint, x.lost) for x in found.lost] == [("queue", 20), ("door", 10)]
    # greet is marked, assumed and unmeasured; queue is marked but measured.
    assert found.assumed_moments == ["greet"]
    data = found.to_dict()
    assert list(data) == list(TRAFFIC_FINDINGS) and set(DEFINITIONS) == set(TRAFFIC_FINDINGS)
    assert data["most_travelled_path"]["touchpoints"] == ["door", "queue", "pay"]
    text = format_traffic(doc, found)
    assert "Most-travelled path (3 touchpoints, total emotion −1)" in text
    assert "20 of 80 (25%)  queue  Waits in the queue" in text


def test_unmeasured_map_has_no_traffic(small_map: dict[str, Any]) -> None:
    doc = loads(json.dumps(small_map))
    found = traffic(doc)
    assert not found.measured and found.most_travelled == [] and found.lost == []
    assert format_traffic(doc, found) == ""


def test_ranked_moments_are_checked_too(small_map: dict[str, Any]) -> None:
    doc = loads(json.dumps(small_map))
    assert traffic(doc, ["door", "pay"]).assumed_moments == ["door", "pay"]
    doc.update_touchpoint("pay", metrics={"nps": 10, "nps_n": 3})
    assert traffic(doc, ["door", "pay"]).assumed_moments == ["door"]
