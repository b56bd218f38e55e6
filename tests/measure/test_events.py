"""Event logs: traffic per touchpoint and link checked against a plain-Python computation on
generated logs; deviations, unmatched activities and bad rows reported exactly."""

from __future__ import annotations

import csv
import datetime
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.fileformat import loads
from journeymap.measure import MeasureError, measure
from journeymap.measure.names import touchpoint_names
from journeymap.resources import example

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from eventlogs import read_csv_rows, write_events_csv  # noqa: E402


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def doc(small_map: dict[str, Any]) -> Any:
    return loads(json.dumps(small_map))


def _reference(doc: Any, rows: list[dict[str, str]]) -> dict[str, Any]:
    """The same figures by plain Python, straight from the definitions."""
    names = touchpoint_names(doc)
    by_case: dict[str, list[tuple[datetime.datetime, str]]] = defaultdict(list)
    for row in rows:
        tp = names.table.get(row["activity"].strip().lower())
        if tp is not None:
            by_case[row["case_id"]].append((datetime.datetime.fromisoformat(row["timestamp"]), tp))
    reached: dict[str, set[str]] = defaultdict(set)
    events: dict[str, int] = defaultdict(int)
    lost: dict[str, int] = defaultdict(int)
    steps: dict[tuple[str, str], list[float]] = defaultdict(list)
    step_cases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for case, seq in by_case.items():
        seq.sort()
        for _, tp in seq:
            reached[tp].add(case)
            events[tp] += 1
        if not any(tp in names.exits for _, tp in seq):
            lost[seq[-1][1]] += 1
        for (t0, a), (t1, b) in zip(seq, seq[1:], strict=False):
            if a != b:
                steps[(a, b)].append((t1 - t0).total_seconds() / 3600)
                step_cases[(a, b)].add(case)
    return {"reached": reached, "events": events, "lost": lost, "steps": steps,
            "step_cases": step_cases}


def test_generated_log_matches_plain_python(tmp_path: Path) -> None:
    doc = loads(example("ecommerce-first-order").read_bytes())
    path = tmp_path / "events.csv"
    write_events_csv(path, doc, events_wanted=30_000, seed=7)
    ref = _reference(doc, read_csv_rows(path))
    m = measure(doc, [path])
    for tp in doc.touchpoints():
        cases = len(ref["reached"][tp.id])
        got = m.touchpoints[tp.id]
        assert got["cases"] == cases, tp.id
        if cases:
            assert got["contacts"] == ref["events"][tp.id]
            assert got["drop_off"] == pytest.approx(ref["lost"][tp.id] / cases, abs=5e-5)
            assert m.evidence[tp.id] == "observed"
    assert any(m.touchpoints[t]["drop_off"] > 0 for t in m.touchpoints if "drop_off" in
               m.touchpoints[t])
    for link in doc.links():
        pair = (link.source, link.target)
        got = m.links[pair]
        cases = len(ref["step_cases"][pair])
        assert got["cases"] == cases, pair
        if cases:
            share = cases / len(ref["reached"][link.source])
            assert got["share"] == pytest.approx(share, abs=5e-5)
            assert got["median_hours"] == pytest.approx(
                statistics.median(ref["steps"][pair]), abs=0.005)
    deviations = {(d.source, d.target): d for d in m.deviations}
    expected = {p for p in ref["steps"] if not doc.has_link(*p)}
    assert set(deviations) == expected and expected
    for pair, dev in deviations.items():
        assert (dev.cases, dev.transitions) == (len(ref["step_cases"][pair]),
                                                len(ref["steps"][pair]))


LOG = """case_id,activity,timestamp,channel
c1,door,2026-11-01 09:00:00,store
c1,Waits in the queue,2026-11-01 09:02:00,store
c1,pay,2026-11-01 09:10:00,store
c2,door,2026-11-01 10:00:00,store
c2,page_view,2026-11-01 10:01:00,website
c2,queue,2026-11-01 10:04:00,store
c3,door,2026-11-02 08:00:00,store
c3,pay,2026-11-02 08:30:00,phone
c3,Page_View,2026-11-02 08:31:00,website
c4,greet,2026-11-02 09:00:00,
c4,Grete,2026-11-02 09:30:00,
"""


def test_small_log_exactly(doc: Any, tmp_path: Path) -> None:
    m = measure(doc, [_write(tmp_path / "log.csv", LOG)])
    # Exits of the map: pay and greet (no outgoing links). c1 and c3 reach pay; c4 ends at
    # greet (an exit); c2 ends at queue without reaching an exit: queue loses 1 of its 2.
    assert m.touchpoints["door"] == {"cases": 3, "drop_off": 0, "contacts": 3}
    assert m.touchpoints["queue"] == {"cases": 2, "drop_off": 0.5, "contacts": 2}
    assert m.touchpoints["pay"] == {"cases": 2, "drop_off": 0, "contacts": 2}
    assert m.touchpoints["greet"] == {"cases": 1, "drop_off": 0, "contacts": 1}
    # door → queue: c1 (2 min) and c2 (4 min, the page view between is no touchpoint).
    assert m.links[("door", "queue")] == {"cases": 2, "share": 0.6667, "median_hours": 0.05}
    assert m.links[("queue", "pay")] == {"cases": 1, "share": 0.5, "median_hours": 0.13}
    (dev,) = m.deviations
    assert (dev.source, dev.target, dev.cases, dev.transitions, dev.share) == (
        "door", "pay", 1, 1, 0.3333)
    assert dev.median_hours == 0.5
    assert [(u.name, u.rows) for u in m.unmatched] == [
        ("Grete", 1), ("Page_View", 1), ("page_view", 1)]
    assert m.unmatched[0].suggestions[0] == "greet"
    assert m.channels == [("store", 6, 3), ("website", 2, 2), ("phone", 1, 1)]
    assert m.sources[0].note == "4 cases from 2026-11-01 to 2026-11-02"


def test_mapping_file_fixes_names(doc: Any, tmp_path: Path) -> None:
    mapping = _write(tmp_path / "map.csv", "activity,touchpoint\nGrete,Greets\npage_view,-\n")
    m = measure(doc, [_write(tmp_path / "log.csv", LOG)], mapping=mapping)
    assert m.unmatched == []
    assert m.touchpoints["greet"]["cases"] == 1 and m.touchpoints["greet"]["contacts"] == 2
    bad = _write(tmp_path / "bad.csv", "activity,touchpoint\nGrete,Nobody\n")
    with pytest.raises(MeasureError, match=r'bad.csv: row 2, column "touchpoint": no touchpoint'):
        measure(doc, [tmp_path / "log.csv"], mapping=bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("case_id,activity,timestamp\nc1,door,2026-11-01 09:00\nc1,pay,yesterday\n",
         'log.csv: row 3, column "timestamp": "yesterday" is not a date and time'),
        ("case,event,time\nc1,door,2026-11-01 09:00\nc1,pay,\n",
         'log.csv: row 3, column "time": empty'),
        ("case_id,activity,timestamp\nc1,door,2026-11-01 09:00\nc1,pay,2026-11-01 10:00\n"
         "c2,door,2026-11-01 11:00\n",
         'log.csv: row 4, column "case_id": case "c2" has only one event'),
        ("customer_id,step,date\nc1,,2026-11-01\n", 'log.csv: row 2, column "step": empty'),
    ],
)
def test_bad_rows_name_row_and_column(doc: Any, tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(MeasureError) as info:
        measure(doc, [_write(tmp_path / "log.csv", text)])
    assert str(info.value).startswith(message), str(info.value)


def test_single_event_cases_can_be_kept(doc: Any, tmp_path: Path) -> None:
    text = "case_id,activity,timestamp\nc1,door,2026-11-01 09:00\nc2,queue,2026-11-01 10:00\n"
    m = measure(doc, [_write(tmp_path / "log.csv", text)], keep_single_events=True)
    assert m.touchpoints["door"]["drop_off"] == 1 and m.touchpoints["queue"]["cases"] == 1


def test_parquet_gives_the_same_figures(doc: Any, tmp_path: Path) -> None:
    import duckdb

    csv_path = _write(tmp_path / "log.csv", LOG)
    pq = tmp_path / "log.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{pq}' (FORMAT parquet)")
    con.close()
    a, b = measure(doc, [csv_path]), measure(doc, [pq])
    assert a.touchpoints == b.touchpoints and a.links == b.links
    assert a.deviations == b.deviations


def test_aggregated_results_give_the_same_figures(doc: Any, tmp_path: Path) -> None:
    """The warehouse path: run each query, export its result, import the results."""
    import duckdb

    from journeymap.measure import aggregate, names, reading

    log = _write(tmp_path / "log.csv", LOG)
    direct = measure(doc, [log])
    con = reading.connect()
    names.register(con, names.touchpoint_names(doc))
    reading.load(con, log)
    files = []
    for query in ("touchpoint_traffic", "transitions"):
        rel = con.execute(aggregate.query(query))
        out = tmp_path / f"{query}.csv"
        with out.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([d[0] for d in rel.description])
            writer.writerows(rel.fetchall())
        files.append(out)
    con.close()
    del duckdb
    via = measure(doc, aggregated=files)
    assert via.touchpoints == direct.touchpoints
    assert via.links == direct.links and via.deviations == direct.deviations
    with pytest.raises(MeasureError, match="transitions result needs the touchpoint_traffic"):
        measure(doc, aggregated=files[1:])
