"""Survey responses: NPS, CSAT and CES by their standard definitions on hand-made answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.fileformat import dumps, loads
from journeymap.measure import MeasureError, command, measure


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def doc(small_map: dict[str, Any]) -> Any:
    return loads(json.dumps(small_map))


SURVEY = """touchpoint,nps,csat,ces,date
door,10,5,1,2026-11-01
door,9,4,2,2026-11-02
door,8,3,3,2026-11-03
door,7,2,,2026-11-04
Opens the door,6,1,,2026-11-05
 DOOR ,0,,,2026-11-06
queue,10,5,7,2026-11-07
queue,10,,6,2026-11-08
Waits in the queue,9,,,2026-11-09
queue,5,,,2026-11-30
"""


def test_scores_worked_out_by_hand(doc: Any, tmp_path: Path) -> None:
    m = measure(doc, [_write(tmp_path / "survey.csv", SURVEY)])
    # door: NPS answers 10 9 8 7 6 0: promoters 2, detractors 2 of 6 → 0.
    #       CSAT 5 4 3 2 1: two of five are 4–5 → 40 %.  CES 1 2 3 → mean 2.
    assert m.touchpoints["door"] == {"nps": 0, "nps_n": 6, "csat": 40, "csat_n": 5,
                                     "ces": 2, "ces_n": 3}
    # queue: NPS 10 10 9 5: 3 promoters, 1 detractor of 4 → 75 − 25 = 50.
    #        CSAT 5 → 100 %.  CES 7 6 → 6.5.
    assert m.touchpoints["queue"] == {"nps": 50, "nps_n": 4, "csat": 100, "csat_n": 1,
                                      "ces": 6.5, "ces_n": 2}
    assert m.evidence == {"door": "reported", "queue": "reported"}
    (src,) = m.sources
    assert (src.name, src.kind, src.records) == ("survey.csv", "survey", 10)
    assert src.note == "NPS and CSAT and CES responses from 2026-11-01 to 2026-11-30"


def test_nps_of_one_third(doc: Any, tmp_path: Path) -> None:
    # 1 promoter, 0 detractors, 2 passives of 3 → 33.3 (one decimal).
    m = measure(doc, [_write(tmp_path / "s.csv", "touchpoint,nps\npay,9\npay,7\npay,8\n")])
    assert m.touchpoints["pay"] == {"nps": 33.3, "nps_n": 3}


def test_import_is_one_undoable_step_and_keeps_other_metrics(doc: Any, tmp_path: Path) -> None:
    before = dumps(doc)
    m = measure(doc, [_write(tmp_path / "s.csv", "touchpoint,nps\npay,10\npay,0\n")])
    step = command(doc, m)
    step.do(doc)
    assert doc.touchpoint("pay").metrics == {"csat": 4.2, "nps": 0, "nps_n": 2}
    assert doc.touchpoint("pay").evidence == "reported"
    assert [s.name for s in doc.sources] == ["s.csv"]
    assert json.loads(dumps(doc))["version"] == 2
    step.undo(doc)
    assert dumps(doc) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("touchpoint,nps\ndoor,9\ndoor,11\n",
         's.csv: row 3, column "nps": expected a whole number from 0 to 10 (NPS), got \'11\''),
        ("touchpoint,csat\ndoor,4\ndoor,4.5\n",
         's.csv: row 3, column "csat": expected a whole number from 1 to 5 (CSAT), got \'4.5\''),
        ("touchpoint,CES\ndoor,0\n",
         's.csv: row 2, column "CES": expected a whole number from 1 to 7 (CES), got \'0\''),
        ("touchpoint,nps\ndoor,nine\n",
         's.csv: row 2, column "nps": expected a whole number from 0 to 10 (NPS), got \'nine\''),
        ("touchpoint,nps\n,9\n", 's.csv: row 2, column "touchpoint": empty;'),
        ("where,score\ndoor,9\n", "s.csv: cannot tell what this data is from its columns"),
    ],
)
def test_bad_answers_name_row_and_column(doc: Any, tmp_path: Path, text: str, message: str
                                         ) -> None:
    with pytest.raises(MeasureError) as info:
        measure(doc, [_write(tmp_path / "s.csv", text)])
    assert str(info.value).startswith(message), str(info.value)


def test_unmatched_touchpoints_with_suggestions(doc: Any, tmp_path: Path) -> None:
    text = "touchpoint,nps\nWaits in queue,9\nWaits in queue,3\nxyzzy,5\npay,9\n"
    m = measure(doc, [_write(tmp_path / "s.csv", text)])
    assert [(u.name, u.rows, u.suggestions[:1]) for u in m.unmatched] == [
        ("Waits in queue", 2, ("queue",)), ("xyzzy", 1, ())]
    assert set(m.touchpoints) == {"pay"}
